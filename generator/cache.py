"""A folder of pickled results keyed by content hashes (conversion and page rendering).

Entries are written atomically (a temporary file renamed into place), so parallel
builds never read half a file; an entry that cannot be read counts as missing.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any


def _path(cache_dir: Path, key: str) -> Path:
    return cache_dir / key[:2] / f"{key}.pickle"


def load(cache_dir: Path | None, key: str) -> Any | None:
    if cache_dir is None:
        return None
    try:
        return pickle.loads(_path(cache_dir, key).read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        return None


def store(cache_dir: Path | None, key: str, value: Any) -> None:
    if cache_dir is None:
        return
    path = _path(cache_dir, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(pickle.dumps(value, protocol=5))
    tmp.replace(path)


def prune(cache_dir: Path | None, keep: set[str]) -> None:
    """Drop entries this run did not use, so the cache tracks the current sources."""
    if cache_dir is None or not cache_dir.is_dir():
        return
    for path in cache_dir.glob("*/*.pickle"):
        if path.stem not in keep:
            path.unlink(missing_ok=True)
