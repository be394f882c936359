"""Remote images mirrored into the site (`images: mirror`), so the offline bundle shows them.

Downloading is I/O, so this is not a pipeline stage: `convert_folder` calls `mirror_images`
on the converted documents. Each remote image is downloaded once into a content-addressed
cache under the work dir (`<work_dir>/image-cache-public/<sha256>.<ext>`, plus an index from URL to
file), then hard-linked (else copied) into the generated pages as `images/<sha256>.<ext>`.
Only http and https, with an overall deadline per download, a size limit, an image
Content-Type AND the magic bytes of a known image format; an SVG is published only as rebuilt
from its allow-listed parts (svg_safety.py). A failed download never stops the
build: the image becomes its caption with a link to the original, and the document gets an
`image-download` problem naming the URL and reason. Hosts that are, or resolve to, internal
addresses are refused (generator/site/image_hosts.py).

A document names its images, so their number and size are bounded too: at most
`max_images` per document and `max_total` bytes per build, the first images (in document
order) first; the others become caption and link with an `image-limit` problem naming the
setting. The whole batch of downloads takes at most about (batches x timeout): a download
still running then is abandoned as timed out.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import math
import posixpath
import queue
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

from ..document import CAPTION, IMAGE, Block, Document
from .image_hosts import Deadline, checked_opener, is_remote
from ..site_script import in_site_script
from .svg_safety import is_clean, is_svg, svg_for_mirror
from ..pages.write import IMAGES_FOLDER, escape_inline

TIMEOUT_SECONDS = 10.0      # per image: everything from connecting to the last byte
MAX_BYTES = 10 * 1024 * 1024
MAX_IMAGES_PER_DOCUMENT = 100              # mirror_max_images_per_document
MAX_TOTAL_BYTES = 1024 * 1024 * 1024       # mirror_max_total_bytes (per build)
DOWNLOAD_THREADS = 8
GRACE_SECONDS = 2.0         # on top of (batches x timeout) before the batch is abandoned
USER_AGENT = "zhiku-image-mirror/1"
LINK_TEXT = "原图"         # the link to an image that could not be mirrored (in the site's script)

# Magic bytes -> file extension. SVG is text, recognised separately.
MAGIC = ((b"\xff\xd8\xff", ".jpg"), (b"\x89PNG\r\n\x1a\n", ".png"), (b"GIF87a", ".gif"),
         (b"GIF89a", ".gif"), (b"BM", ".bmp"), (b"\x00\x00\x01\x00", ".ico"))


@dataclass(frozen=True)
class Mirrored:
    url: str
    name: str = ""     # "<sha256>.<ext>" in the cache when the download succeeded
    error: str = ""    # why it failed
    size: int = 0      # bytes of the stored file
    code: str = "image-download"   # the problem a failure is reported as ("image-limit")


def sniff_image(data: bytes) -> str:
    """The extension of the image format `data` starts with, or "" if it is not an image."""
    for magic, ext in MAGIC:
        if data.startswith(magic):
            return ext
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    if data[4:8] == b"ftyp" and data[8:12] in (b"avif", b"avis"):
        return ".avif"
    # SVG is text: XML (parsed, not pattern-matched) whose root is an <svg> in the SVG namespace
    if data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<" and is_svg(data):
        return ".svg"
    return ""


def download_image(url: str, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_BYTES,
                   allow_private: bool = False) -> tuple[bytes, str]:
    """(the image's bytes, its extension); raises ValueError/OSError saying why not
    (RefusedAddress for a host that is not global, unless `allow_private`), or
    http.client.HTTPException for a server that does not speak HTTP."""
    if not is_remote(url):
        raise ValueError("not an http(s) URL")
    deadline = Deadline(timeout)   # for the whole download: no trickle can stretch it
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with checked_opener(allow_private, deadline).open(request, timeout=timeout) as resp:
        ctype = resp.headers.get_content_type()
        if not ctype.startswith("image/"):
            raise ValueError(f"not an image (Content-Type {ctype})")
        declared = resp.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise ValueError(f"too large ({int(declared)} bytes, limit {max_bytes})")
        chunks, size = [], 0
        while chunk := resp.read1(64 * 1024):
            size += len(chunk)
            if size > max_bytes:
                raise ValueError(f"too large (over {max_bytes} bytes)")
            deadline.left()
            chunks.append(chunk)
    data = b"".join(chunks)
    ext = sniff_image(data)
    if not ext:
        raise ValueError(f"Content-Type {ctype} but the bytes are not a known image format")
    if ext == ".svg":   # published as rebuilt from its allow-listed parts (svg_safety.py)
        data = svg_for_mirror(data)
    return data, ext


class ImageCache:
    """Content-addressed image files plus an index URL -> file, under one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.index_path = self.folder / "index.json"
        try:
            self.index: dict[str, str] = json.loads(self.index_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.index = {}

    def lookup(self, url: str) -> str:
        name = self.index.get(url, "")
        if not name or not (self.folder / name).is_file():
            return ""
        # an SVG stored as it came, before svg_safety, is downloaded (and cleaned) again
        return "" if name.endswith(".svg") and not is_clean((self.folder / name).read_bytes()) else name

    def store(self, url: str, data: bytes, ext: str) -> str:
        name = hashlib.sha256(data).hexdigest() + ext
        path = self.folder / name
        if not path.is_file():
            self.folder.mkdir(parents=True, exist_ok=True)
            # a name of its own: two downloads with the same bytes may be stored at once
            with tempfile.NamedTemporaryFile(dir=self.folder, suffix=".partial", delete=False) as partial:
                partial.write(data)
            Path(partial.name).replace(path)
        self.index[url] = name
        return name

    def save_index(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(dict(sorted(self.index.items())), indent=1, ensure_ascii=False)
        self.index_path.write_text(text + "\n", encoding="utf-8")


def fetch_all(urls: list[str], cache: ImageCache, timeout: float = TIMEOUT_SECONDS,
              max_bytes: int = MAX_BYTES, allow_private: bool = False,
              max_total: int = MAX_TOTAL_BYTES) -> dict[str, Mirrored]:
    """Each URL once: from the cache, else downloaded (in threads: the work is waiting).

    `urls` come first-wanted first: the longest run of them whose images fit in `max_total`
    bytes is kept, the rest fail as `image-limit` (whether fetched or not, so the cut does
    not depend on which download finished first); no download past that point is started
    once it is known, so at most a few more downloads' worth is fetched. The call returns
    within about (batches x timeout): downloads still running then are abandoned (their
    threads end on their own deadline) and fail as timed out."""
    todo = list(dict.fromkeys(urls))
    cached = {url: cache.lookup(url) for url in todo}
    known = {url: Mirrored(url, name=name, size=(cache.folder / name).stat().st_size)
             for url, name in cached.items() if name}
    batch = _InOrder(todo, known, max_total)

    def store(url: str, outcome: tuple[bytes, str] | str) -> None:
        if isinstance(outcome, str):
            batch.finished(Mirrored(url, error=outcome))
        else:
            batch.finished(Mirrored(url, name=cache.store(url, *outcome), size=len(outcome[0])))

    missing = len(todo) - len(known)
    budget = math.ceil(missing / DOWNLOAD_THREADS) * timeout + GRACE_SECONDS
    _download_all(batch, lambda url: _download(url, timeout, max_bytes, allow_private), store,
                  min(DOWNLOAD_THREADS, missing), budget)
    cache.save_index()
    results, kept = {}, _Bytes()
    for url in todo:
        found = known.get(url) or Mirrored(
            url, error=f"timed out (image downloads stopped after {budget:g} s)")
        if kept.add(found) > max_total:
            found = Mirrored(url, error=f"over mirror_max_total_bytes ({max_total} bytes per "
                             "build)", code="image-limit")
        results[url] = found
    return results


class _Bytes:
    """The disk space of images added up: the same bytes from two URLs are one file."""

    def __init__(self) -> None:
        self.total, self.names = 0, set()

    def add(self, found: Mirrored) -> int:
        if found.name and found.name not in self.names:
            self.names.add(found.name)
            self.total += found.size
        return self.total


class _InOrder:
    """The URLs to download, handed out in order while the images before the next one
    (cached, or downloaded by now) take at most `max_total` bytes: past that the cut is
    known to come earlier, and no later image is needed. Outcomes go into `known`."""

    def __init__(self, todo: list[str], known: dict[str, Mirrored], max_total: int) -> None:
        self.todo, self.known, self.max_total = todo, known, max_total
        self.lock, self.position, self.before, self.stopped = threading.Lock(), 0, _Bytes(), False

    def take(self) -> str | None:
        with self.lock:
            while not self.stopped and self.position < len(self.todo):
                url = self.todo[self.position]
                self.position += 1
                if url in self.known:          # cached: counted once passed
                    self.before.add(self.known[url])
                elif self.before.total <= self.max_total:
                    return url
                else:
                    break
            self.stopped = True
            return None

    def finished(self, found: Mirrored) -> None:
        with self.lock:   # its place is before `position`: counted at once
            self.known[found.url] = found
            self.before.add(found)

    def stop(self) -> None:
        with self.lock:
            self.stopped = True


def _download(url: str, timeout: float, max_bytes: int, allow_private: bool
              ) -> tuple[bytes, str] | str:
    """(bytes, extension), or the reason the download failed."""
    try:
        return download_image(url, timeout, max_bytes, allow_private)
    except (OSError, ValueError, urllib.error.URLError, http.client.HTTPException) as exc:
        return _reason(exc)


def _download_all(batch: _InOrder, download, store, threads: int, budget: float) -> None:
    """`download` what `batch` hands out in `threads` daemon threads and `store` each outcome
    in this thread. Returns after `budget` seconds at most: a thread still downloading is
    left behind (nothing waits for it, not even the interpreter's exit) and its URL gets no
    outcome."""
    done: queue.SimpleQueue = queue.SimpleQueue()

    def work() -> None:
        try:
            while (url := batch.take()) is not None:
                done.put((url, download(url)))
        finally:
            done.put(None)

    for _ in range(threads):
        threading.Thread(target=work, name="zhiku-image", daemon=True).start()
    ends, running = time.monotonic() + budget, threads
    while running:
        try:
            item = done.get(timeout=max(0.0, ends - time.monotonic()))
        except queue.Empty:
            break
        if item is None:
            running -= 1
        else:
            store(*item)
    batch.stop()
    while not done.empty():   # outcomes that arrived while the last ones were stored
        if (item := done.get()) is not None:
            store(*item)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code}"
    if isinstance(exc, urllib.error.URLError):
        return f"cannot connect: {exc.reason}"
    if isinstance(exc, http.client.HTTPException):
        return f"not a valid HTTP response ({type(exc).__name__}: {exc})"[:300]
    if isinstance(exc, TimeoutError):   # "The read operation timed out" says no more
        return str(exc) if str(exc).startswith("timed out:") else "timed out"
    return str(exc) or type(exc).__name__


def mirror_images(docs: list[Document], cache_dir: Path, page_paths: dict[str, str],
                  script: str = "hans", timeout: float = TIMEOUT_SECONDS,
                  max_bytes: int = MAX_BYTES, allow_private: bool = False,
                  max_images: int = MAX_IMAGES_PER_DOCUMENT, max_total: int = MAX_TOTAL_BYTES
                  ) -> tuple[list[Document], dict[str, Path]]:
    """Documents with remote image sources pointing at mirrored copies, and the files to
    put under the pages (`images/<name>` -> cached file).

    `page_paths` maps a document's source to its page (`articles/2022/x.md`): image paths
    are written relative to the page's Markdown file, and MkDocs turns them into the right
    URL for either `use_directory_urls` setting. Documents without a page are left alone.
    `allow_private` (`mirror_private_addresses`) lets images come from non-global hosts.
    A document's first `max_images` distinct images are mirrored, the images of the whole
    build up to `max_total` bytes (see fetch_all); the others stay caption and link."""
    cache = ImageCache(cache_dir)
    wanted: list[str] = []   # in document order: the first named are the first mirrored
    over_count: dict[str, dict[str, Mirrored]] = {}
    for doc in docs:
        if doc.source not in page_paths:
            continue
        srcs = list(dict.fromkeys(b.src for b in doc.blocks if b.kind == IMAGE and is_remote(b.src)))
        wanted += srcs[:max_images]
        reason = f"over mirror_max_images_per_document ({max_images} per document)"
        over_count[doc.source] = {url: Mirrored(url, error=reason, code="image-limit")
                                  for url in srcs[max_images:]}
    if not wanted:
        return list(docs), {}
    results = fetch_all(wanted, cache, timeout, max_bytes, allow_private, max_total)
    files = {f"{IMAGES_FOLDER}/{m.name}": cache.folder / m.name for m in results.values() if m.name}
    return [_localize(d, page_paths.get(d.source), results, over_count.get(d.source, {}), script)
            for d in docs], files


def _localize(doc: Document, page: str | None, results: dict[str, Mirrored],
              over_count: dict[str, Mirrored], script: str) -> Document:
    if page is None:
        return doc
    blocks: list[Block] = []
    limited: dict[str, list[str]] = {}   # reason -> the URLs a limit left as links
    for block in doc.blocks:
        found = (over_count.get(block.src) or results.get(block.src)) if block.kind == IMAGE else None
        if found is None:
            blocks.append(block)
        elif found.name:
            src = posixpath.relpath(f"{IMAGES_FOLDER}/{found.name}", posixpath.dirname(page))
            blocks.append(replace(block, src=src))
        else:
            blocks.append(failed_image_block(block, script))
            if found.code == "image-limit":   # one problem per limit, not one per image
                limited.setdefault(found.error, []).append(block.src)
            else:
                doc = doc.with_problem(found.code, f"{block.src}: {found.error}")
    for reason, srcs in limited.items():
        srcs = list(dict.fromkeys(srcs))
        doc = doc.with_problem("image-limit", f"{len(srcs)} image(s) not mirrored, {reason}; "
                                              f"left as links, the first: {srcs[0]}")
    return replace(doc, blocks=tuple(blocks))


def failed_image_block(image: Block, script: str = "hans") -> Block:
    """The caption of an image that could not be mirrored, with a link to the original
    (one block for one block, so the anchors of the blocks after it do not move)."""
    link = f"[{in_site_script(LINK_TEXT, script)}](<{quote(image.src, safe=_URL_SAFE)}>)"
    caption = escape_inline(image.alt) if image.alt else ""
    return Block(kind=CAPTION, text=f"{caption} {link}".strip())


_URL_SAFE = "/:?#[]@!$&'()*+,;=%~-._"

