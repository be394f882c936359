"""`zhiku index SITE_DIR`: what the plugin does while and after MkDocs writes the pages, done
on a site that a builder made from an export (generator/site/export.py) without the plugin.

The plugin sanitises each article's HTML (on_page_content), compacts every page
(on_post_page, on_post_template) and after the build normalises the sitemap, writes
Zhiku's search index and engine and removes scripted SVGs (on_post_build). Here the same
functions run over the files: the article content is found by the marks main.html writes
when `extra.zhiku_export` is set. Running it twice changes nothing the second time.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .compact_html import compact_html
from ..pages.sanitize import sanitize_html, unsafe_markup
from .build import normalise_sitemap, remove_scripted_svgs

_GENERATOR = re.compile(rb'<meta\s+name="generator"\s+content="(?:mkdocs|properdocs|zensical)', re.IGNORECASE)


@dataclass(frozen=True)
class Finished:
    pages: int          # HTML pages compacted
    unsafe: list        # (page, constructs the sanitiser removed)
    indexed: bool       # the search index was rewritten for Zhiku's engine
    svgs_removed: list  # (path, reasons)
    note: str = ""      # why the index was not rewritten


def finish_site(site_dir: Path) -> Finished:
    """What the plugin does after the pages are written, for a site a builder made from an
    export: every page without the templates' indentation (on_post_page), the sitemap
    without build stamps, Zhiku's search engine and index, scripted SVGs removed
    (on_post_build). Running it twice changes nothing more."""
    from .search import INDEX, finish_search

    site_dir = Path(site_dir)
    pages, unsafe = 0, []
    for page in sorted(site_dir.rglob("*.html")):
        data = page.read_bytes()
        if _GENERATOR.search(data[:8192]) or page.relative_to(site_dir).as_posix() == "404.html":
            text = data.decode("utf-8")
            clean, found = sanitised_article(text)
            if found:
                unsafe.append((page.relative_to(site_dir).as_posix(), found))
            compact = compact_html(clean)
            if compact != text:
                page.write_text(compact, encoding="utf-8")
            pages += 1
    normalise_sitemap(site_dir)
    index = site_dir / INDEX
    note = ""
    if not index.is_file():
        note = f"no {INDEX.as_posix()} (Material's search plugin did not run): no search index"
    else:
        data = json.loads(index.read_text(encoding="utf-8"))
        if "chunks" in (data.get("config") or {}):
            note = "the search index is Zhiku's already"
        else:
            index.write_text(json.dumps(_unsegmented(data), ensure_ascii=False), encoding="utf-8")
            finish_search(site_dir)
    removed = remove_scripted_svgs(site_dir)
    return Finished(pages, unsafe, not note, removed, note)


_MARKS = ("<!--zhiku:content-->", "</h1><!--zhiku:meta-->", "<!--/zhiku:meta-->", "<!--/zhiku:content-->")


def sanitised_article(page: str) -> tuple[str, list[str]]:
    """An article page whose content main.html marked (an export's build) with that content
    through the sanitiser, as plugin.on_page_content puts it, and the marks removed; the
    unsafe constructs found. The content is Markdown the writer made, which holds no HTML
    comment of a source's choosing (generator/pages/safe_markdown.py), so the marks are the
    template's. Any other page comes back as it is."""
    start = page.find(_MARKS[0])
    end = page.rfind(_MARKS[3])
    if start < 0 or end < start:
        return page, []
    inner = page[start + len(_MARKS[0]):end]
    head, meta, tail = inner, None, ""
    split = inner.find(_MARKS[1])
    resume = inner.find(_MARKS[2], split + 1) if split >= 0 else -1
    if split >= 0 and resume >= 0:
        head, meta, tail = inner[:split], inner[split + len(_MARKS[1]):resume], inner[resume + len(_MARKS[2]):]
    content = head + "</h1>" + tail if meta is not None else head
    found = unsafe_markup(content)
    clean = sanitize_html(content)
    if meta is not None:
        parts = clean.split("</h1>", 1)
        clean = parts[0] + "</h1>" + meta + parts[1] if len(parts) == 2 else clean + meta
    return page[:start] + clean + page[end + len(_MARKS[3]):], found


def _unsegmented(data: dict) -> dict:
    """Material's index as the plugin has it: the plugin turns off Material's jieba cut
    (search.disable_build_segmentation), a plain build does not, and the cut's U+200B
    between words would become spaces in the text the engine matches."""
    for doc in data.get("docs") or []:
        for field in ("title", "text"):
            if isinstance(doc.get(field), str):
                doc[field] = doc[field].replace("\u200b", "")
    return data
