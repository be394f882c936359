"""The raw text of each source ("查看收集到的原始文本"), kept on disk instead of in memory.

A source's decoded text is needed once more after reading: for the `raw/<slug>.txt` copy
beside its page. Held in every Document, it would stay in memory for the whole build
(the MkDocs hook keeps the documents), so peak memory would grow with the collection.
Instead the worker that read the source writes it to a store named by its sha256, once,
and the Document keeps only that digest (`raw_digest`); write_output copies the file.
"""

from __future__ import annotations

import filecmp
import hashlib
import os
import shutil
from dataclasses import replace
from pathlib import Path

from .document import Document
from .write import write_text_if_changed


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
    """Write the raw text of `doc` to `target`, only when it differs (mtimes stay stable
    for incremental rebuilds). Copied and compared in pieces, never read whole."""
    if not doc.raw_digest:   # converted without a store (no cache folder): still in memory
        write_text_if_changed(target, doc.raw)
        return
    stored = store_path(folder, doc.raw_digest)
    if target.is_file() and filecmp.cmp(stored, target, shallow=False):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.copyfile(stored, tmp)
    tmp.replace(target)


def prune(folder: Path | None, keep: set[str]) -> None:
    """Drop stored texts no document of this run refers to."""
    if folder is None or not folder.is_dir():
        return
    for path in folder.glob("*/*.txt"):
        if path.stem not in keep:
            path.unlink(missing_ok=True)
