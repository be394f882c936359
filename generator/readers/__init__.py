"""Readers: every source file becomes a Document (raw text, encoding, kind, front matter,
sidecar, body). Decoding and front matter live here; nothing after this point touches bytes.

Kinds (what the structure stage does with the body):
  html      a body of HTML fragments, usually under blog front matter (Hexo, Jekyll), or a
            .txt file whose body is HTML (front matter over Markdown syntax is markdown)
  webpage   a whole saved page (.html/.htm, or any text that carries <html>/<body>):
            the main content has to be found among navigation, footers and scripts
  markdown  .md/.markdown files
  text      plain text, one paragraph per line

Sidecars: `NAME.meta.yml` next to a source overrides any field of that source. Both
`report.txt.meta.yml` (full file name) and `report.meta.yml` (stem) are found; the full
name wins when both exist.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..document import Document
from .decode import decode_bytes
from .frontmatter import parse_mapping, split_front_matter
from .webpage import page_metadata

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
SIDECAR_SUFFIX = ".meta.yml"
MAX_SIDECAR_BYTES = 64 * 1024

# A whole page: a doctype or an <html>/<body> element near the start.
_WHOLE_PAGE = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]", re.I)
# Block-level tags that mark a body as HTML rather than text that mentions a tag.
_HTML_BLOCK_TAG = re.compile(
    r"<(?:p|div|br|img|span|h[1-6]|table|ul|ol|li|section|article|strong|b|a|blockquote|figure)"
    r"(?:\s[^<>]*)?/?>", re.I)

# Markdown syntax in a blog body: ATX headings, list items, fences, quotes, bold, links.
_MARKDOWN_SIGNAL = re.compile(
    r"^#{1,6}[ \t]+\S|^[ ]{0,3}(?:[-*+]|\d{1,3}\.)[ \t]+\S|^(?:```|~~~)|^>[ \t]"
    r"|\*\*[^*\n]+\*\*|!?\[[^\[\]\n]+\]\([^()\s]+\)", re.M)   # linear: no run past the next bracket


def read_source(path: Path, root: Path, max_bytes: int | None = None) -> Document:
    """Read one source file under `root` into a Document (never raises for bad input;
    OSError from the file system is left to the caller). A file over `max_bytes` is
    skipped with a `too-large` problem, and never read whole (at most max_bytes + 1)."""
    rel = path.relative_to(root).as_posix()
    with path.open("rb") as stream:
        size = os.fstat(stream.fileno()).st_size
        if max_bytes is not None and size > max_bytes:
            return too_large(rel, size, max_bytes)
        data = stream.read() if max_bytes is None else stream.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:   # it grew since it was listed
        return too_large(rel, len(data), max_bytes)
    doc = read_bytes(rel, data)
    sidecar, problems = load_sidecar(path, root)
    for detail in problems:
        doc = doc.with_problem("sidecar", detail)
    return _with(doc, sidecar=sidecar) if sidecar else doc


def read_bytes(source: str, data: bytes) -> Document:
    """A Document from the bytes of a source named `source` (relative path)."""
    decoded = decode_bytes(data)
    doc = Document(source=source, raw=decoded.text, encoding=decoded.encoding)
    for code, detail, severity in decoded.problems:
        doc = doc.with_problem(code, detail, severity)
    if decoded.skipped:
        return doc
    front = split_front_matter(decoded.text)
    for detail in front.problems:
        doc = doc.with_problem("front-matter", detail)
    kind = guess_kind(source, front.body, bool(front.meta))
    meta = front.meta
    if kind == "webpage":   # the page's own <head> fills what front matter does not say
        meta = {**page_metadata(front.body), **front.meta}
    return _with(doc, kind=kind, meta=meta, body=front.body)


def guess_kind(source: str, body: str, has_front_matter: bool = False) -> str:
    """html | webpage | markdown | text, from the file suffix and the body itself."""
    suffix = Path(source).suffix.lower()
    head = body[:4000]
    if suffix in HTML_SUFFIXES:
        return "html" if has_front_matter and not _WHOLE_PAGE.search(head) else "webpage"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if _WHOLE_PAGE.search(head):
        return "webpage"
    sample = body[:20000]
    html_tags = len(_HTML_BLOCK_TAG.findall(sample))
    if has_front_matter and len(_MARKDOWN_SIGNAL.findall(sample)) >= max(2, html_tags):
        return "markdown"   # a blog post written in Markdown (with some HTML, as Hexo allows)
    if html_tags >= 2 or (has_front_matter and html_tags):
        return "html"
    return "text"


def sidecar_paths(path: Path) -> tuple[Path, Path]:
    """`foo.txt.meta.yml` (preferred) and `foo.meta.yml` for the source `foo.txt`."""
    return path.with_name(path.name + SIDECAR_SUFFIX), path.with_name(path.stem + SIDECAR_SUFFIX)


def load_sidecar(path: Path, root: Path | None = None) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The overrides for `path` from its sidecar, and warnings. Never raises. A sidecar
    that is a link leaving `root` (the source folder) is not read."""
    for candidate in sidecar_paths(path):
        if candidate == path or not candidate.is_file():
            continue
        if root is not None and not candidate.resolve().is_relative_to(Path(root).resolve()):
            return {}, (f"{candidate.name}: a link leaving the source folder, not followed",)
        try:
            data = candidate.read_bytes()
        except OSError as exc:
            return {}, (f"{candidate.name}: cannot read ({exc.strerror or exc})",)
        if len(data) > MAX_SIDECAR_BYTES:
            return {}, (f"{candidate.name}: {len(data)} bytes, larger than {MAX_SIDECAR_BYTES}: ignored",)
        decoded = decode_bytes(data)
        if decoded.skipped:
            return {}, tuple(f"{candidate.name}: {detail}" for _, detail, _ in decoded.problems)
        meta, problems = parse_mapping(decoded.text, candidate.name)
        return meta, problems
    return {}, ()


def too_large(source: str, size: int, max_bytes: int) -> Document:
    """The skipped Document of a file over the `max_source_bytes` setting."""
    return Document(source=source).with_problem(
        "too-large", f"{_megabytes(size)} ({size} bytes), larger than max_source_bytes "
                     f"({_megabytes(max_bytes)}): not read (raise max_source_bytes in zhiku.yml "
                     "to convert it)", "error")


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


def content_digest(path: Path) -> bytes:
    """sha256 of a file's bytes, read in pieces (a large file is never held whole)."""
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").digest()


def source_fingerprint(path: Path, root: Path, data_digest: bytes) -> bytes:
    """A digest of everything read_source(path, root) depends on besides the code: the
    relative name, the bytes (`data_digest`: their content_digest), and the sidecar it
    would read (its name, whether it is a link leaving `root`, its bytes)."""
    digest = hashlib.sha256(path.relative_to(root).as_posix().encode("utf-8", "surrogateescape"))
    digest.update(b"\0" + data_digest)
    for candidate in sidecar_paths(path):
        if candidate == path or not candidate.is_file():
            continue
        digest.update(b"\0" + candidate.name.encode("utf-8", "surrogateescape") + b"\0")
        if not candidate.resolve().is_relative_to(Path(root).resolve()):
            digest.update(b"outside")
        else:
            try:
                digest.update(hashlib.sha256(candidate.read_bytes()).digest())
            except OSError as exc:
                digest.update(f"unreadable {exc}".encode("utf-8", "surrogateescape"))
        break
    return digest.digest()


def _with(doc: Document, **changes: Any) -> Document:
    return replace(doc, **changes)
