"""Readers: one per kind of source, all returning a Document (raw text, front matter, body).

`read_source` picks the reader. Decoding and front matter live here; nothing after this
point touches bytes.
"""

from __future__ import annotations

from pathlib import Path

from ..document import Document
from .decode import decode_bytes
from .frontmatter import split_front_matter

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown"}


def read_source(path: Path, root: Path) -> Document:
    """Read one source file under `root` into a Document (never raises for bad input)."""
    rel = path.relative_to(root).as_posix()
    data = path.read_bytes()
    return read_bytes(rel, data)


def read_bytes(source: str, data: bytes) -> Document:
    doc = Document(source=source)
    text, encoding, problem = decode_bytes(data)
    if problem:
        doc = doc.with_problem(*problem)
    meta, body, fm_problem = split_front_matter(text)
    if fm_problem:
        doc = doc.with_problem("front-matter", fm_problem)
    kind = _guess_kind(source, body)
    return Document(
        source=source, raw=text, encoding=encoding, kind=kind, meta=meta, body=body,
        problems=doc.problems,
    )


def _guess_kind(source: str, body: str) -> str:
    suffix = Path(source).suffix.lower()
    head = body[:2000].lower()
    if suffix in HTML_SUFFIXES or "<html" in head or "<!doctype html" in head:
        return "webpage"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if any(tag in head for tag in ("<p", "<div", "<br", "<img", "<span", "<h1", "<h2", "<table")):
        return "html"
    return "text"
