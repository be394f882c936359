"""Documents -> Markdown pages + the report JSON (the converter's output contract), and the
mirrored images placed beside them (`link_or_copy`)."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
from dataclasses import replace
from pathlib import Path
from string import ascii_letters, ascii_lowercase
from typing import Any

import yaml

from ..collection.assemble import Collection, format_date, tag_slug
from ..config import Config
from ..document import (
    ADMONITION, CAPTION, CODE, FOOTNOTE, HEADING, IMAGE, LIST, PARAGRAPH, QUOTE, RULE, TABLE,
    Block, Document, block_anchor, block_pieces, piece_anchor,
)
from .safe_markdown import CODE_LANGUAGE, NOTE_LABEL, plain_inline, safe_inline, safe_link_url
from .sanitize import inert_meta_text, readable_url, safe_url, visible_name
from ..conversion.structure.inline import code_fence
from ..site_script import site_script
from ..conversion.taxonomy import tag_names


def render_page(doc: Document, collection: Collection, config: Config | None = None) -> str:
    """One document as a Markdown page with YAML front matter. With `config`, tag names
    come from the user's taxonomy (config.taxonomy / taxonomy_extra) in the site's script."""
    names = tag_names(config)
    # Material prints page.meta strings into the page unescaped: source-derived values
    # go through inert_meta_text / safe_url (generator/pages/sanitize.py) first.
    front: dict[str, Any] = {"title": inert_meta_text(doc.title)}
    if doc.summary:   # Material's <meta name="description">; the previews' og:description
        front["description"] = meta_attribute_text(doc.summary)
    if doc.date:
        front["date"] = inert_meta_text(doc.date)
    if doc.tags:
        front["tags"] = [inert_meta_text(names.get(t, t)) for t in doc.tags]
    front["zhiku"] = {
        "source": inert_meta_text(visible_name(doc.source)),   # shown on the page
        "date_precision": doc.date_precision,
        "date_source": doc.date_source,
        "author": inert_meta_text(doc.author) or None,
        "site": inert_meta_text(doc.site) or None,
        "url": safe_url(doc.url) or None,
        # the original link's text when no site name is known: escapes decoded
        "url_label": inert_meta_text(readable_url(safe_url(doc.url))) or None,
        "tag_ids": list(doc.tags),
        "raw": f"raw/{collection.slugs[doc.source]}.txt",
        "chars": sum(len(b.text) + sum(map(len, b.items)) for b in doc.blocks),
        # For the article header (generator/theme/main.html): the date at its precision,
        # whether it was inferred rather than stated, tags with their pages, and a
        # reading time counted in characters, as Chinese is read.
        "date_label": format_date(doc.date, doc.date_precision) or None,
        "date_inferred": bool(doc.date) and doc.date_source not in STATED_DATE_SOURCES,
        "tag_links": [{"id": t, "name": inert_meta_text(names.get(t, t)), "page": f"tags/{tag_slug(t)}/"}
                      for t in doc.tags],
        "reading_chars": (chars := reading_chars(doc)),
        "reading_minutes": reading_minutes(chars),
    }
    if copies := other_copies(doc, collection):
        front["zhiku"]["copies"] = copies
        if (more := collection.copy_count(doc) - len(copies)) > 0:
            front["zhiku"]["copies_more"] = more
    front["zhiku"].update(reading_front(doc, collection))
    head = yaml.dump(front, Dumper=_YAML_DUMPER, allow_unicode=True, sort_keys=False, width=10_000)
    blocks = dropped_image_notes(notes_as_written(doc.blocks), site_script(config).script if config else "hans")
    rendered = (render_block(b, block_anchor(i)) for i, b in enumerate(blocks))
    body = "\n\n".join(filter(None, rendered))
    title = escape_inline(doc.title)
    # a fixed id: the one toc would make from the title is the source's choice (`__config`)
    heading = f"# {title} {{ #{TITLE_ANCHOR} }}" if title else "#"
    return f"---\n{head}---\n\n{heading}\n\n{body}\n"


def other_copies(doc: Document, collection: Collection) -> list[dict[str, Any]]:
    """The other copies of the document's story (duplicates.py), for the article's footer
    (site_theme/partials/zhiku-article-source.html): their page, title, date and site."""
    out = []
    for dup in collection.duplicates.get(doc.source, ()):
        other = collection.by_source.get(dup.source)
        if other is not None:
            out.append({"page": collection.url(other), "title": inert_meta_text(other.title),
                        "date_label": format_date(other.date, other.date_precision) or None,
                        "site": inert_meta_text(other.site) or None, "kind": dup.kind})
    return out


def reading_front(doc: Document, collection: Collection) -> dict[str, Any]:
    """For the article's footer (partials/zhiku-article-reading.html) and its link preview
    (partials/zhiku-share-meta.html): the first image, related documents, the previous and
    next document of the year."""
    out: dict[str, Any] = {}
    if image := first_image(doc):
        out["image"] = image
    reading = collection.reading.get(doc.source)
    if reading is None:
        return out
    if reading.related:
        out["related"] = [page_link(collection, collection.by_source[s]) for s in reading.related]
    if reading.previous:
        out["previous"] = page_link(collection, collection.by_source[reading.previous])
    if reading.next:
        out["next"] = page_link(collection, collection.by_source[reading.next])
    return out


def page_link(collection: Collection, other: Document) -> dict[str, Any]:
    return {"page": collection.url(other), "title": inert_meta_text(other.title),
            "date_label": format_date(other.date, other.date_precision) or None}


def first_image(doc: Document) -> str:
    """The first image the page shows: an http(s) URL, or a mirrored copy as a path from
    the site's root (`images/<name>`), which a preview needs made absolute with site_url."""
    for b in doc.blocks:
        if b.kind != IMAGE:
            continue
        if url := safe_link_url(b.src):
            return url
        if MIRRORED_IMAGE.fullmatch(b.src):
            return b.src[b.src.index(f"{IMAGES_FOLDER}/"):]
    return ""


def meta_attribute_text(text: str) -> str:
    """Text for a template that prints it unescaped inside an attribute (Material's
    `<meta name="description" content="...">`): inert_meta_text, and `"` full-width."""
    return inert_meta_text(text).replace('"', "\uff02")


DROPPED_NOTE = {   # a run of images the converter could not keep (structure/image_blocks.py)
    "hans": "此处原有 {n} 张图片未能收录：图片地址不是网络地址（{first}{more}），转换报告逐一列出。",
    "hant": "此處原有 {n} 張圖片未能收錄：圖片位址不是網路位址（{first}{more}），轉換報告逐一列出。",
}


def dropped_image_notes(blocks: list[Block], script: str = "hans") -> list[Block]:
    """Each run of images without an address the site can show (src "", the source's
    address in `label`) as one note saying how many there were, in the first one's
    place; the others become empty paragraphs, so no later block's anchor moves."""
    out = list(blocks)
    i = 0
    while i < len(out):
        if not (out[i].kind == IMAGE and not out[i].src and out[i].label):
            i += 1
            continue
        end = i
        while end < len(out) and out[end].kind == IMAGE and not out[end].src and out[end].label:
            end += 1
        first = escape_inline(out[i].label)
        note = DROPPED_NOTE.get(script, DROPPED_NOTE["hans"]).format(
            n=end - i, first=first, more=" 等" if end - i > 1 else "")
        out[i] = Block(CAPTION, text=note, label="images-dropped")
        out[i + 1:end] = [Block(PARAGRAPH, text="")] * (end - i - 1)
        i = end
    return out


def notes_as_written(blocks: tuple[Block, ...]) -> list[Block]:
    """Footnotes as the page can show them: a note nobody refers to would get a back-link
    (↩) to a missing anchor, and a second note with the same label would replace the
    first, so each of those is a plain "[2] ..." paragraph."""
    referenced, defined = referenced_notes(blocks), set()
    out = []
    for b in blocks:
        if b.kind == FOOTNOTE and (b.label not in referenced or b.label in defined):
            b = replace(b, kind=PARAGRAPH, text=f"\\[{escape_inline(b.label)}\\] {b.text}")
        elif b.kind == FOOTNOTE:
            defined.add(b.label)
        out.append(b)
    return out


def referenced_notes(blocks) -> set[str]:
    """Footnote labels the text refers to (`[^2]`)."""
    texts = [t for b in blocks if b.kind != FOOTNOTE
             for t in (b.text, b.title, *b.items, *(c for row in b.rows for c in row))]
    return set(re.findall(r"\[\^([^\[\]\s]+)\]", " ".join(texts)))   # linear: stops at the next `[`


TITLE_ANCHOR = "zk-title"   # the id of the page's <h1>
IMAGES_FOLDER = "images"    # mirrored images, under the generated pages (beside articles/)
_WHITESPACE = re.compile(r"\s+")
# libyaml's emitter when present (the same YAML, several times faster than pure Python).
_YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
STATED_DATE_SOURCES = {"front-matter", "sidecar"}  # any other source means inferred
CHARS_PER_MINUTE = 400  # a usual reading speed for Chinese text
# A link's text is read, its URL not. Linear: no repeat runs past the next bracket or parenthesis.
MARKDOWN_LINK = re.compile(r"(?<!\\)\[([^\[\]]*)\]\([^()]*(?:\([^()]*\)[^()]*)*\)")


def reading_chars(doc: Document) -> int:
    """Characters a reader reads: the visible text of every block, without spaces or
    Markdown escapes (a word count means nothing for Chinese)."""
    parts = [doc.title]
    for b in doc.blocks:
        parts += [b.text, b.title, b.alt, *b.items, *(c for row in b.rows for c in row)]
    text = "".join(MARKDOWN_LINK.split("".join(parts))).replace("\\", "")   # sub(r"\1"), no template
    return len(text) - sum(len(m) for m in _WHITESPACE.findall(text))


def reading_minutes(chars: int) -> int:
    return max(1, -(-chars // CHARS_PER_MINUTE))


def escape_inline(text: str) -> str:
    """Plain text made safe as inline Markdown (no emphasis, links or HTML from it) that
    still reads as written: `<` becomes an entity, since `\\<` would show its backslash."""
    return plain_inline(text, block_start=False)


# Admonition kinds Material styles; any other label is written as "note".
ADMONITION_KINDS = frozenset({"note", "abstract", "info", "tip", "success", "question", "warning",
                              "failure", "danger", "bug", "example", "quote"})
# Mirrored images (generator/site/images.py) are the one source of relative image paths.
MIRRORED_IMAGE = re.compile(rf"(?:\.\./)*{IMAGES_FOLDER}/[0-9A-Za-z_-][0-9A-Za-z._-]*")


# Justified text (zhiku.css `.zk-cjk`) only for Chinese prose: Chromium's justification
# spreads the letters of Latin words and code on a line that holds Han characters
# (`$ p r i v a t e :`), so a paragraph with a code span, or with a tenth or more of its
# letters Latin, is left ragged.
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def justified(text: str) -> bool:
    """Whether the paragraph `text` (inline Markdown) is Chinese prose to justify."""
    if "`" in text:
        return False
    visible = _LINK_TARGET.sub("]", text)
    han = len(_HAN.findall(visible))
    return han > 0 and len(_LATIN.findall(visible)) * 9 < han


def render_block(block: Block, anchor: str) -> str:
    """One block as Markdown ("" when nothing of it is left to show). Every field from a
    source goes through safe_inline (plain-text fields through plain_inline), code
    through code_fence, labels through allow-lists (safe_markdown.py): the Markdown
    renders as the block it was written for, whatever the field held."""
    kind = block.kind
    if kind == HEADING:
        text = safe_inline(block.text, block_start=False).strip()
        return f"{'#' * min(max(block.level, 2), 6)} {text} {{ #{anchor} }}" if text else ""
    if kind == FOOTNOTE and NOTE_LABEL.fullmatch(block.label):
        return f"[^{block.label}]: {safe_inline(block.text)}"
    if kind in (PARAGRAPH, CAPTION, QUOTE, FOOTNOTE):
        text = safe_inline(block.text if kind != FOOTNOTE else f"\\[{escape_inline(block.label)}\\] {block.text}")
        attributes = f"#{anchor} .zk-caption" if kind == CAPTION else f"#{anchor}"
        if kind != CAPTION and justified(text):
            attributes += " .zk-cjk"
        if kind == CAPTION and block.label == "images-dropped":
            attributes += " .zk-images-dropped"
        return f"{'> ' if kind == QUOTE else ''}{text}\n{{: {attributes} }}" if text else ""
    if kind == IMAGE:
        return _image(block, anchor)
    if kind == LIST:
        return _list(block, anchor)
    if kind == ADMONITION:
        return _admonition(block, anchor)
    if kind == TABLE:
        return _table(block)
    if kind == CODE:
        fence = code_fence(block.text)
        language = block.label if CODE_LANGUAGE.fullmatch(block.label) else ""
        return f"{fence}{language}\n{block.text}\n{fence}"
    if kind == RULE:
        return "---"
    raise ValueError(f"unknown block kind {kind!r}")


def _image(block: Block, anchor: str) -> str:
    """The image with its anchor, then its alt text as the caption. A source that is
    neither http(s) nor a mirrored copy leaves the caption alone, carrying the anchor."""
    src = safe_link_url(block.src) or (block.src if MIRRORED_IMAGE.fullmatch(block.src) else "")
    caption = plain_inline(block.alt)
    if not src:
        return f"{caption}\n{{: #{anchor} .zk-caption }}" if caption else ""
    alt = plain_inline(block.alt, block_start=False)
    image = f"![{alt}]({src}){{: #{anchor} loading=lazy referrerpolicy=no-referrer }}"
    return f"{image}\n\n{caption}\n{{: .zk-caption }}" if caption else image


def _list(block: Block, anchor: str) -> str:
    lettered = block.label[:1] != "" and block.label[0] in ascii_letters   # a. b. c.: Markdown has none
    lines = []
    for n, item in enumerate(block.items, 1):
        if lettered:
            letter = ascii_lowercase[(ord(block.label[0].lower()) - ord("a") + n - 1) % 26]
            marker = f"- {letter.upper() if block.label[0].isupper() else letter}."
        else:
            marker = f"{n}." if block.ordered else "-"
        # each item its own id (piece_anchor): an event links to the item that states it
        lines.append(f"{marker} {safe_inline(item)}\n{{: #{piece_anchor(anchor, n - 1)} }}")
    return "\n".join(lines)


def _admonition(block: Block, anchor: str) -> str:
    kind = block.label if block.label in ADMONITION_KINDS else "note"
    # the title is inline Markdown between quotes: a quote in it is an entity
    title = safe_inline(block.title, block_start=False).strip().replace('"', "&quot;")
    # each paragraph its own id (piece_anchor, numbered as block_pieces counts them)
    paragraphs = [f"{text}\n{{: #{piece_anchor(anchor, k)}{' .zk-cjk' if justified(text) else ''} }}"
                  for k, text in enumerate(safe_inline(p) for p in block_pieces(block)) if text]
    inner = "\n\n".join("    " + p.replace("\n", "\n    ") for p in paragraphs)
    return f'!!! {kind} "{title}"' + (f"\n\n{inner}" if inner else "")


def _table(block: Block) -> str:
    rows = [[safe_inline(cell, block_start=False).strip() for cell in row] for row in block.rows]
    width = max((len(r) for r in rows), default=0)
    if not width:
        return ""
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


def report_entry(doc: Document, collection: Collection | None) -> dict[str, Any]:
    built = collection is not None and doc.source in collection.slugs
    return {
        "source": doc.source,
        "page": collection.page_path(doc) if built else None,
        "url": collection.url(doc) if built else None,
        "title": doc.title,
        "date": doc.date,
        "date_precision": doc.date_precision,
        "date_source": doc.date_source,
        "author": doc.author or None,
        "site": doc.site or None,
        "original_url": doc.url or None,
        "tags": list(doc.tags),
        "script": doc.script,
        "encoding": doc.encoding,
        "events": [
            {"date": e.date, "precision": e.precision, "text": e.text, "anchor": e.anchor,
             "tags": list(e.tags), **({"planned": True} if e.planned else {})}
            for e in doc.events
        ],
        "removed": [{"reason": r.reason, "text": r.text} for r in doc.removed],
        "duplicates": [
            {"source": d.source, "url": collection.url(collection.by_source[d.source]),
             "similarity": d.similarity, "kind": d.kind}
            for d in (collection.duplicates.get(doc.source, ()) if built else ())
        ],
        # how many copies there are: more than `duplicates` lists (duplicates.MAX_LISTED)
        "duplicates_total": collection.copy_count(doc) if built else 0,
        "warnings": [f"{p.code}: {p.detail}" for p in doc.problems if p.severity == "warning"],
    }


def build_report(docs: list[Document], collection: Collection) -> dict[str, Any]:
    built = [d for d in docs if not d.skipped]
    skipped = [d for d in docs if d.skipped]
    return {
        "documents": [report_entry(d, collection) for d in sorted(built, key=lambda d: d.source)],
        "skipped": [
            {"source": d.source,
             "reason": "; ".join(f"{p.code}: {p.detail}" for p in d.problems if p.severity == "error")}
            for d in sorted(skipped, key=lambda d: d.source)
        ],
    }


def write_text_if_changed(path: Path, text: str) -> bool:
    """Write only when the content differs (keeps mtimes stable for incremental rebuilds)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    path.write_bytes(data)
    return True


def write_json(path: Path, data: Any) -> None:
    write_text_if_changed(path, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n")


def link_or_copy(stored: Path, dest: Path) -> None:
    """`dest` becomes the same file as `stored`, a hard link: a mirrored image is kept once
    on disk, not once each in the cache, the pages and the site. Where the file system
    cannot link (another device, no hard links) it is a copy. Nothing may write into
    `dest` in place afterwards: that would change the cached file too."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    if dest.exists() and os.path.samefile(stored, dest):
        return
    mode = _new_file_mode()   # the cache's files are private (tempfile); the site's are not
    if stat.S_IMODE(stored.stat().st_mode) != mode:
        os.chmod(stored, mode)
    partial = dest.with_name(f".{dest.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)   # never copy into a leftover that may be a link
    try:
        os.link(stored, partial)
    except OSError:
        shutil.copyfile(stored, partial)
    os.replace(partial, dest)


def _new_file_mode() -> int:
    """The mode a new file gets here (0o666 less the umask), read without setting the umask
    (os.umask would change it for every thread for a moment)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o644
