"""Run the pipeline over many documents: cached by content, in parallel over processes.

A document is converted again only when its content, the converter's code and data, or
the settings that shape conversion change. Where workers are forked (Linux), OpenCC and
jieba are loaded once, before the fork, and shared; elsewhere each worker loads them once.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from functools import lru_cache, partial
from itertools import repeat
from pathlib import Path

from . import cache, typed_json
from ..pages import raw_text
from ..config import Config
from ..document import Document
from ..readers import content_digest, source_fingerprint
from .textops import place_words, word_segmenter

PARALLEL_MIN = 8      # below this many documents, process start-up costs more than it saves
CHUNK = 4


@lru_cache(maxsize=1)
def converter_version() -> str:
    """A hash of the converter's own code and data files: a change invalidates the cache."""
    pkg = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(pkg.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".yml", ".yaml", ".txt", ".json"}:
            digest.update(path.relative_to(pkg).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(doc: Document, config: Config) -> str | None:
    """Key of a read document (None: a value in it has no exact JSON form, so it is not
    cached; YAML's safe loader makes none such)."""
    try:
        digest = hashlib.sha256(typed_json.dumps(doc, Document))
    except (TypeError, ValueError):
        return None
    digest.update(converter_version().encode())
    digest.update(config.fingerprint().encode())
    return digest.hexdigest()


def file_key(fingerprint: bytes, config: Config) -> str:
    """Cache key of a source file from what reading it depends on (see source_fingerprint)."""
    digest = hashlib.sha256(b"file\0" + fingerprint)
    digest.update(converter_version().encode())
    digest.update(config.fingerprint().encode())
    return digest.hexdigest()


def convert_documents(docs: list[Document], config: Config, cache_dir: Path | None,
                      raw_dir: Path | None = None) -> list[Document]:
    """Run the pipeline on every read document (order kept), reusing cached results."""
    return _convert_cached([cache_key(d, config) for d in docs], [partial(_same, d) for d in docs],
                           config, cache_dir, raw_dir)


def convert_files(paths: list[Path], root: Path, config: Config, cache_dir: Path | None,
                  read: Callable[[Path, Path, int], Document],
                  raw_dir: Path | None = None) -> list[Document]:
    """Read (with `read(path, root, config.max_source_bytes)`) and convert source files,
    order kept. Keyed by the file's name, bytes and sidecar, so an unchanged source is not
    even read again: decoding and YAML front matter cost more than loading the cached
    result. Only paths are held here: each file is hashed in pieces and read whole by the
    worker that converts it, so no more than a few sources are in memory at once. A file
    over the size limit is not hashed (its reader skips it, see read_source). With
    `raw_dir`, raw texts are kept there instead of in the documents (see raw_text.py)."""
    keys: list[str | None] = []
    for path in paths:
        try:
            fits = path.stat().st_size <= config.max_source_bytes
            digest = content_digest(path) if fits else None
        except OSError:
            digest = None   # `read` reports it
        keys.append(file_key(source_fingerprint(path, root, digest), config) if digest else None)
    readers = [partial(read, path, root, config.max_source_bytes) for path in paths]
    return _convert_cached(keys, readers, config, cache_dir, raw_dir)


def _same(doc: Document) -> Document:
    return doc


def _convert_cached(keys: list[str | None], readers: list[Callable[[], Document]], config: Config,
                    cache_dir: Path | None, raw_dir: Path | None) -> list[Document]:
    """Cached results where the key is known, the rest read and converted (order kept)."""
    results: list[Document | None] = [_cached(cache_dir, k, raw_dir) if k else None for k in keys]
    todo = [i for i, r in enumerate(results) if r is None]
    for i, converted in zip(todo, _run_many([readers[i] for i in todo], config, raw_dir), strict=True):
        results[i] = converted
        if keys[i]:
            cache.store(cache_dir, keys[i], converted, Document)
    cache.prune(cache_dir, {k for k in keys if k})
    done = [r for r in results if r is not None]
    raw_text.prune(raw_dir, {d.raw_digest for d in done})
    return done


def _cached(cache_dir: Path | None, key: str, raw_dir: Path | None) -> Document | None:
    doc = cache.load(cache_dir, key, Document)
    return doc if doc is not None and raw_text.is_available(doc, raw_dir) else None


def _run_many(readers: list[Callable[[], Document]], config: Config,
              raw_dir: Path | None) -> list[Document]:
    """Read and convert each source; in worker processes when there are enough. Workers
    read too (the parent would otherwise decode every file alone while they wait), and
    only bytes travel to them, not documents."""
    from .progress import progress

    docs = []
    with progress(len(readers), "converting") as advance:
        for doc in _run_each(readers, config, raw_dir):
            docs.append(doc)
            advance(1)
    return docs


def _run_each(readers: list[Callable[[], Document]], config: Config,
              raw_dir: Path | None) -> Iterator[Document]:
    """The converted documents in order, each as soon as it (and those before it) is done."""
    jobs = config.jobs or os.cpu_count() or 1
    if jobs <= 1 or len(readers) < PARALLEL_MIN:
        yield from (_read_and_run(r, config, raw_dir) for r in readers)
        return
    context = multiprocessing.get_context()   # the default one, as the pool would take it
    forks = context.get_start_method() == "fork"
    if forks:   # loaded once here, inherited by every worker instead of loaded by each
        _warm_up(config)
        gc.freeze()   # workers' collections then skip (and never copy) the inherited objects
    try:
        with ProcessPoolExecutor(max_workers=min(jobs, len(readers)), mp_context=context,
                                 initializer=_warm_up, initargs=(config,)) as pool:
            yield from pool.map(_read_and_run, readers, repeat(config), repeat(raw_dir), chunksize=CHUNK)
    finally:
        if forks:
            gc.unfreeze()


def _read_and_run(reader: Callable[[], Document], config: Config, raw_dir: Path | None) -> Document:
    """One source read and converted; its raw text goes to `raw_dir` and its body, which
    only the stages read, is dropped (see Document). Its duplicates sketch is made here,
    in the worker, and cached with it (duplicates.py), unless detection is off."""
    # Imported here: the stages take ~1 s to import, and a rebuild from the cache needs none.
    from ..collection.duplicates import sketch
    from .pipeline import run
    doc = reader()
    if raw_dir is not None:
        doc = raw_text.keep_on_disk(doc, raw_dir)
    doc = run(doc, config)
    return replace(doc, body="", sketch=None if doc.skipped or not config.duplicates else sketch(doc))


def _warm_up(config: Config) -> None:
    """Load the heavy resources (dictionaries, converters) once per worker."""
    from .pipeline import run
    word_segmenter()
    place_words()  # read by the spam cutter on the first page with spam in it
    run(Document(source="warm-up.txt", raw="预热 預熱", body="预热 預熱"), config)
