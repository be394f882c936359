"""Titles: where a document's title comes from, and its repairs.

Order of trust: sidecar > front matter > the headline line at the top of the body > the
term that an encyclopedia-style entry defines ("阿里巴巴官方活动，特指由…") > the file name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from pathlib import PurePosixPath

from .config import Config
from .dates import find_dates
from .document import HEADING, IMAGE, PARAGRAPH, Block, Document, Removal
from .plaintext import block_plain
from .sanitize import visible_name
from .script_convert import to_site_script
from .textops import fold_script

HEADLINE_MAX_CHARS = 60
REPEAT_WINDOW = 3  # a repeated title sits in the first few blocks
SUFFIX_MAX = 12    # characters of a site name a repeated title may carry
_HAN = r"\u3400-\u9fff"
# `幕后_功臣_为何`: machine conversion turned the quotes around a short Han run into
# underscores. Only pairs inside Han text qualify, so snake_case and URLs are untouched.
_MANGLED_QUOTES = re.compile(
    rf"(?<=[{_HAN}，。！？、：；])_([{_HAN}]{{1,10}})_(?=[{_HAN}，。！？、：；])")
_DEFINITION = re.compile(
    r"^(?P<term>[^，,。：:；;！？!?\s“”\"（）()、]{2,24})"
    r"(?:[（(][^）)]{1,40}[）)])?\s*"
    r"(?:[，,]\s*(?:是指|特指|泛指|专指|是|指|即)|(?:是指|特指|泛指|专指))")
_SENTENCE_END = "。；;，,：:"
_REPOST_MARK = re.compile(r"^\s*(?:[【\[(（]\s*(?:转载|转帖|转|原创|图文|组图|视频)\s*[】\])）]|转载\s*[:：])\s*"
                          r"|\s*[(（](?:组图|图|图文|多图|视频)[)）]\s*$")
HEADLINE_WINDOW = 4  # leading images and breadcrumbs skipped, the headline is near the top
# "1 整体发展概况", "一、…", "（一）…", "第一章 …": a numbered section, not the document's title
_SECTION_NUMBER = re.compile(
    r"^(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]"
    r"|\d{1,2}(?:\.\d{1,2})*(?:[、.．)）]|\s)|第[一二三四五六七八九十\d]{1,4}[章节篇部])")
# "您所在的位置：首页 > 网络营销", "首页 | 新闻 | 关于我们"
_BREADCRUMB = re.compile(r"^(?:您的?)?(?:当前|所在的?)?位置\s*[:：]|(?:[>»›]|&gt;).*(?:[>»›]|&gt;)|[|｜].*[|｜]")


def title_in_site_script(text: str, config: Config) -> str:
    """A sidecar or front-matter title in the site's script (the script stage converts
    front matter, but a sidecar is written by hand in either script)."""
    return to_site_script(text, config)


def restore_quotes(title: str) -> str:
    return _MANGLED_QUOTES.sub(r"“\1”", title)


def tidy_title(title: str) -> str:
    """Quotes restored and the reposting marks a mirror adds ("【转载】…", "…（组图）") gone."""
    title = restore_quotes(" ".join(title.split()))
    tidy = _REPOST_MARK.sub("", title).strip()
    return tidy or title


def resolve_title(doc: Document, config: Config, page_title: str = "") -> Document:
    """`page_title`: the title a saved web page declares in its <head> (its front matter)."""
    given = [("sidecar", doc.sidecar.get("title")), ("front-matter", doc.meta.get("title")),
             ("front-matter", page_title)]
    for source, value in given:
        if isinstance(value, (list, tuple)):  # `title: [a, b]` in hand-written YAML
            value = " ".join(str(v) for v in value if v is not None)
        title = " ".join(str(value or "").split())
        if title:
            title = tidy_title(title_in_site_script(title, config))
            doc = replace(doc, title=title, title_source=source)
            return extend_cut_title(doc) if source == "front-matter" else drop_repeated_title(doc)
    index = headline_index(doc.blocks)
    if index is not None:
        title = tidy_title(block_plain(doc.blocks[index]))
        blocks = doc.blocks[:index] + doc.blocks[index + 1:]
        return replace(doc, title=title, title_source="headline", blocks=blocks)
    term = defined_term(doc.blocks)
    if term:
        return replace(doc, title=restore_quotes(term), title_source="definition")
    stem = visible_name(PurePosixPath(doc.source).stem)   # no terminal or bidi control in a title
    return replace(doc, title=restore_quotes(stem), title_source="file-name")


def headline_index(blocks: tuple[Block, ...]) -> int | None:
    """The index of the first text block when it reads as a headline: a heading, or a
    short line that is not a sentence, a date or a URL. Leading images are skipped."""
    for index, block in enumerate(blocks[:HEADLINE_WINDOW]):
        if block.kind == IMAGE:
            continue
        if block.kind not in (HEADING, PARAGRAPH):
            return None
        text = block_plain(block).strip()
        if _BREADCRUMB.search(fold_script(text)):  # navigation the clean stage left: look past it
            continue
        limit = HEADLINE_MAX_CHARS + (20 if block.kind == HEADING else 0)
        if not 2 <= len(text) <= limit or "。" in text or text[-1] in _SENTENCE_END:
            return None
        if re.match(r"https?://", text) or _is_mostly_date(text) or _SECTION_NUMBER.match(text):
            return None
        return index
    return None


def _is_mostly_date(text: str) -> bool:
    """A date line ("2014年10月22日 星期三 10:33") is not a headline."""
    for mention in reversed(find_dates(text, "byline")):
        text = text[:mention.start] + text[mention.end:]
    return len(re.sub(r"[\W\d_]|星期.|周.", "", text)) < 4


def defined_term(blocks: tuple[Block, ...]) -> str:
    """The term an encyclopedia-style first paragraph defines ("X，是指…")."""
    first = next((b for b in blocks if b.kind == PARAGRAPH), None)
    if first is None:
        return ""
    text = block_plain(first).strip()
    m = _DEFINITION.match(fold_script(text))  # "是指" or "是指"; the term as written
    return text[m.start("term"):m.end("term")] if m else ""


def _comparable(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in text if ch.isalnum())


def extend_cut_title(doc: Document) -> Document:
    """A front-matter title cut at a space ("大家有用google" for a thread headed "大家有用google
    reader 订阅新闻和blog的习惯吗？"; exporters do that) takes the heading it cuts, without a
    leading category label ("[图书] "); the heading goes, as a repeated title does."""
    for index, block in enumerate(doc.blocks[:REPEAT_WINDOW]):
        if block.kind != HEADING:
            continue
        heading = _LEADING_LABEL.sub("", tidy_title(block_plain(block)))
        rest = heading[len(doc.title):]
        if heading.startswith(doc.title) and rest[:1].isspace() and rest.strip()[:1] not in _TITLE_SEPARATORS:
            blocks = doc.blocks[:index] + doc.blocks[index + 1:]
            return replace(doc, title=heading, blocks=blocks).with_removals(
                Removal("title-repeat", block_plain(block)))
    return drop_repeated_title(doc)


_LEADING_LABEL = re.compile(r"^[\[【][^\]】]{1,6}[\]】]\s*")
_TITLE_SEPARATORS = set("-_|｜–—·:：")


def drop_repeated_title(doc: Document) -> Document:
    """Remove a heading or short line near the top that only repeats the title."""
    wanted = _comparable(doc.title)
    if not wanted:
        return doc
    for index, block in enumerate(doc.blocks[:REPEAT_WINDOW]):
        if block.kind not in (HEADING, PARAGRAPH):
            continue
        seen = _comparable(tidy_title(block_plain(block)))
        # the title itself, or the title with a site name after it ("… - ZAKER")
        if seen == wanted or (seen.startswith(wanted) and len(seen) - len(wanted) <= SUFFIX_MAX):
            blocks = doc.blocks[:index] + doc.blocks[index + 1:]
            removal = Removal("title-repeat", block_plain(block))
            return replace(doc, blocks=blocks).with_removals(removal)
    return doc
