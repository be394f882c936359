"""A folder of results keyed by content hashes (conversion and page rendering).

The work dir may lie inside a source folder (`--source .` in a project, or a repository
of documents that ships its own `.zhiku/`), and cache keys can be computed by anyone who
has the sources: so an entry is nothing but data, and only data this user wrote is used.
Each entry is JSON (generator/conversion/typed_json.py: reading it cannot run code, unlike pickle)
signed with an HMAC whose secret key lives outside every project, in the user's cache
folder (`$XDG_CACHE_HOME/zhiku/cache-key`, else `~/.cache/zhiku/cache-key`, mode 0600).
An entry whose signature fails (planted, copied from another machine, truncated) counts
as missing and is written anew; so does one that does not fit the type asked for.

Entries are written atomically (a temporary file renamed into place), so parallel
builds never read half a file.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import stat
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import typed_json

SUFFIX = ".json"
LEGACY_SUFFIXES = (".pickle",)   # earlier versions' entries: never read, removed by prune
MAC_LENGTH = 64                  # hex digits of an HMAC-SHA256, the entry's first line
log = logging.getLogger("mkdocs.plugins.zhiku")


def _path(cache_dir: Path, key: str) -> Path:
    return cache_dir / key[:2] / f"{key}{SUFFIX}"


def load(cache_dir: Path | None, key: str, tp: Any) -> Any | None:
    """The value of type `tp` stored under `key`, or None (missing, not signed by this
    user's key, or not of that type)."""
    if cache_dir is None:
        return None
    try:
        entry = _path(cache_dir, key).read_bytes()
    except OSError:
        return None
    mac, data = entry[:MAC_LENGTH], entry[MAC_LENGTH + 1:]
    if not hmac.compare_digest(mac, _mac(key, data)) or entry[MAC_LENGTH:MAC_LENGTH + 1] != b"\n":
        return None
    try:
        return typed_json.loads(data, tp)
    except (ValueError, TypeError, KeyError, IndexError):
        return None


def store(cache_dir: Path | None, key: str, value: Any, tp: Any) -> None:
    if cache_dir is None:
        return
    try:
        data = typed_json.dumps(value, tp)
    except (TypeError, ValueError):   # a value with no exact JSON form is not cached
        return
    path = _path(cache_dir, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)   # left by a killed build, or planted: never written through
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "wb") as out:
        out.write(_mac(key, data) + b"\n" + data)
    tmp.replace(path)


def prune(cache_dir: Path | None, keep: set[str]) -> None:
    """Drop entries this run did not use, so the cache tracks the current sources."""
    if cache_dir is None or not cache_dir.is_dir():
        return
    for path in cache_dir.glob("*/*"):
        if path.suffix in LEGACY_SUFFIXES or (path.suffix == SUFFIX and path.stem not in keep):
            path.unlink(missing_ok=True)


def _mac(key: str, data: bytes) -> bytes:
    """The entry's signature: over its key too, so an entry cannot stand in for another."""
    return hmac.new(secret_key(), key.encode() + b"\0" + data, hashlib.sha256).hexdigest().encode()


@lru_cache(maxsize=1)
def secret_key() -> bytes:
    """This user's cache key (made on first use). Where it cannot be kept, a key for this
    process only: the caches then work within one build and are not reused by the next."""
    path = key_path()
    try:
        if not path.exists():
            _create_key(path)
        return _read_key(path)
    except (OSError, ValueError) as exc:
        log.info("caches are not reused between builds: no usable key at %s (%s)", path, exc)
        return secrets.token_bytes(32)


def key_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or ""
    folder = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return folder / "zhiku" / "cache-key"


def _create_key(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        os.write(fd, secrets.token_hex(32).encode())
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)   # never replaces a key another build made meanwhile
    except FileExistsError:
        pass
    finally:
        tmp.unlink()


def _read_key(path: Path) -> bytes:
    """The key, if the file is this user's own, private and well-formed."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    try:
        info = os.fstat(fd)
        data = os.read(fd, 129)
    finally:
        os.close(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
        raise ValueError("not a file of this user's")
    if info.st_mode & 0o077:
        raise ValueError("readable by others: make it mode 0600")
    key = bytes.fromhex(data.decode("ascii").strip())   # ValueError if it is not hex
    if len(key) < 16:
        raise ValueError("too short")
    return key
