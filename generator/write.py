"""Documents -> Markdown pages + the report JSON (the converter's output contract)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from .collection import Collection, format_date, tag_slug
from .config import Config
from .document import (
    ADMONITION, CAPTION, CODE, FOOTNOTE, HEADING, IMAGE, LIST, PARAGRAPH, QUOTE, RULE, TABLE,
    Block, Document, block_anchor,
)
from .sanitize import inert_meta_text, safe_url
from .taxonomy import tag_names
from .structure.inline import escape_markdown


def render_page(doc: Document, collection: Collection, config: Config | None = None) -> str:
    """One document as a Markdown page with YAML front matter. With `config`, tag names
    come from the user's taxonomy (config.taxonomy / taxonomy_extra) in the site's script."""
    names = tag_names(config)
    # Material prints page.meta strings into the page unescaped: source-derived values
    # go through inert_meta_text / safe_url (generator/sanitize.py) first.
    front: dict[str, Any] = {"title": inert_meta_text(doc.title)}
    if doc.date:
        front["date"] = inert_meta_text(doc.date)
    if doc.tags:
        front["tags"] = [inert_meta_text(names.get(t, t)) for t in doc.tags]
    front["zhiku"] = {
        "source": inert_meta_text(doc.source),
        "date_precision": doc.date_precision,
        "date_source": doc.date_source,
        "author": inert_meta_text(doc.author) or None,
        "site": inert_meta_text(doc.site) or None,
        "url": safe_url(doc.url) or None,
        "tag_ids": list(doc.tags),
        "raw": f"raw/{collection.slugs[doc.source]}.txt",
        "chars": sum(len(b.text) + sum(map(len, b.items)) for b in doc.blocks),
        # For the article header (site_theme/main.html): the date at its precision,
        # whether it was inferred rather than stated, tags with their pages, and a
        # reading time counted in characters, as Chinese is read.
        "date_label": format_date(doc.date, doc.date_precision) or None,
        "date_inferred": bool(doc.date) and doc.date_source not in STATED_DATE_SOURCES,
        "tag_links": [{"id": t, "name": inert_meta_text(names.get(t, t)), "page": f"tags/{tag_slug(t)}/"}
                      for t in doc.tags],
        "reading_chars": (chars := reading_chars(doc)),
        "reading_minutes": reading_minutes(chars),
    }
    head = yaml.dump(front, Dumper=_YAML_DUMPER, allow_unicode=True, sort_keys=False, width=10_000)
    referenced = referenced_notes(doc.blocks)
    blocks = [b if b.kind != FOOTNOTE or b.label in referenced
              else replace(b, kind=PARAGRAPH, text=f"\\[{b.label}\\] {b.text}") for b in doc.blocks]
    body = "\n\n".join(render_block(b, block_anchor(i)) for i, b in enumerate(blocks))
    return f"---\n{head}---\n\n# {escape_inline(doc.title)}\n\n{body}\n"


def referenced_notes(blocks) -> set[str]:
    """Footnote labels the text refers to (`[^2]`). A note nobody refers to would get a
    back-link (↩) to a missing anchor, so the page shows it as a plain "[2] ..." paragraph."""
    texts = [t for b in blocks if b.kind != FOOTNOTE
             for t in (b.text, b.title, *b.items, *(c for row in b.rows for c in row))]
    return set(re.findall(r"\[\^([^\[\]\s]+)\]", " ".join(texts)))   # linear: stops at the next `[`


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
    return escape_markdown(text, at_block_start=False)


def render_block(block: Block, anchor: str) -> str:
    kind = block.kind
    if kind == HEADING:
        level = min(max(block.level, 2), 6)
        return f"{'#' * level} {block.text} {{ #{anchor} }}"
    if kind == PARAGRAPH:
        return f"{block.text}\n{{: #{anchor} }}"
    if kind == IMAGE:
        alt = escape_markdown(block.alt, at_block_start=False)  # alt is plain text
        caption = f"\n\n{escape_markdown(block.alt)}\n{{: .zk-caption }}" if block.alt else ""
        return f'![{alt}]({block.src}){{: #{anchor} loading=lazy referrerpolicy=no-referrer }}{caption}'
    if kind == LIST:
        lines = []
        for n, item in enumerate(block.items, 1):
            if block.label.isalpha():  # lettered list (a. b. c.): Markdown has none, keep the letters
                marker = f"- {chr(ord(block.label[0]) + (n - 1) % 26)}."
            else:
                marker = f"{n}." if block.ordered else "-"
            lines.append(f"{marker} {item}")
        return "\n".join(lines) + f"\n{{: #{anchor} }}"
    if kind == CAPTION:
        return f"{block.text}\n{{: #{anchor} .zk-caption }}"
    if kind == QUOTE:
        return f"> {block.text}\n{{: #{anchor} }}"
    if kind == FOOTNOTE:
        return f"[^{block.label}]: {block.text}"
    if kind == ADMONITION:
        title = block.title.replace('"', "'")
        paragraphs = list(block.items or (block.text,))
        # the anchor goes on the first inner paragraph: events in a case study link to it
        if paragraphs[0].strip():
            paragraphs[0] += f"\n{{: #{anchor} }}"
        inner = "\n\n".join("    " + p.replace("\n", "\n    ") for p in paragraphs)
        return f'!!! {block.label or "note"} "{title}"\n\n{inner}'
    if kind == TABLE:
        rows = [list(r) for r in block.rows]
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        cell = lambda c: re.sub(r"(?<!\\)\|", r"\\|", c)  # noqa: E731  (cells are inline Markdown)
        lines = ["| " + " | ".join(map(cell, rows[0])) + " |", "|" + " --- |" * width]
        lines += ["| " + " | ".join(map(cell, r)) + " |" for r in rows[1:]]
        return "\n".join(lines)
    if kind == CODE:
        fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", block.text)), default=0))
        return f"{fence}{block.label}\n{block.text}\n{fence}"
    if kind == RULE:
        return "---"
    raise ValueError(f"unknown block kind {kind!r}")


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
             "tags": list(e.tags)}
            for e in doc.events
        ],
        "removed": [{"reason": r.reason, "text": r.text} for r in doc.removed],
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
