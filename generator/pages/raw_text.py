"""The raw text of each source ("查看收集到的原始文本"), kept on disk instead of in memory.

A source's decoded text is needed once more after reading: for the `raw/<slug>.txt` copy
beside its page. Held in every Document, it would stay in memory for the whole build
(the MkDocs hook keeps the documents), so peak memory would grow with the collection.
Instead the worker that read the source writes it to a store named by its sha256, once,
and the Document keeps only that digest (`raw_digest`); write_output copies the file.

The published copy starts with a UTF-8 byte order mark: servers send `.txt` as `text/plain`
without a charset (python -m http.server, nginx's default), and a browser then reads it as
windows-1252 (`ä¸œäº¬` for 东京); a BOM decides the encoding before any other signal.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path

from ..document import Document
from .write import write_text_if_changed

BOM = "\ufeff"
CHUNK = 1 << 20


def store_path(folder: Path, digest: str) -> Path:
    return folder / digest[:2] / f"{digest}.txt"


def keep_on_disk(doc: Document, folder: Path) -> Document:
    """`doc` with its raw text written to `folder` (unless already there) and dropped
    from memory. Written atomically, so parallel workers and builds never see half a file."""
    if not doc.raw:
        return doc
    data = doc.raw.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    path = store_path(folder, digest)
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    return replace(doc, raw="", raw_digest=digest)


def is_available(doc: Document, folder: Path | None) -> bool:
    """False when `doc` refers to a stored raw text that is gone (a cached result whose
    store was deleted): it must be read again."""
    return not doc.raw_digest or (folder is not None and store_path(folder, doc.raw_digest).is_file())


def write_raw(target: Path, doc: Document, folder: Path | None) -> None:
    """Write the raw text of `doc` to `target` after a BOM, only when it differs (mtimes
    stay stable for incremental rebuilds). Copied and compared in pieces, never read whole."""
    if not doc.raw_digest:   # converted without a store (no cache folder): still in memory
        write_text_if_changed(target, BOM + doc.raw)
        return
    stored = store_path(folder, doc.raw_digest)
    if target.is_file() and _is_copy(stored, target):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(stored, "rb") as src, open(tmp, "wb") as dst:
        dst.write(BOM.encode("utf-8"))
        while chunk := src.read(CHUNK):
            dst.write(chunk)
    tmp.replace(target)


def _is_copy(stored: Path, target: Path) -> bool:
    """`target` holds the BOM and then exactly the bytes of `stored`."""
    bom = BOM.encode("utf-8")
    if target.stat().st_size != stored.stat().st_size + len(bom):
        return False
    with open(stored, "rb") as a, open(target, "rb") as b:
        if b.read(len(bom)) != bom:
            return False
        while True:
            left, right = a.read(CHUNK), b.read(CHUNK)
            if left != right:
                return False
            if not left:
                return True


def prune(folder: Path | None, keep: set[str]) -> None:
    """Drop stored texts no document of this run refers to."""
    if folder is None or not folder.is_dir():
        return
    for path in folder.glob("*/*.txt"):
        if path.stem not in keep:
            path.unlink(missing_ok=True)
