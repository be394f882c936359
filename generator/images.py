"""Remote images mirrored into the site (`images: mirror`), so the offline bundle shows them.

Downloading is I/O, so this is not a pipeline stage: `convert_folder` calls `mirror_images`
on the converted documents. Each remote image is downloaded once into a content-addressed
cache under the work dir (`<work_dir>/image-cache-public/<sha256>.<ext>`, plus an index from URL to
file), then copied into the generated pages as `images/<sha256>.<ext>`. Only http and https,
with a timeout, a size limit, an image Content-Type AND the magic bytes of a known image
format. A failed download never stops the build: the image becomes its caption with a link
to the original, and the document gets an `image-download` problem naming the URL and reason.
Hosts that are, or resolve to, internal addresses are refused (generator/image_hosts.py).
"""

from __future__ import annotations

import hashlib
import http.client
import json
import posixpath
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

from .document import CAPTION, IMAGE, Block, Document
from .image_hosts import checked_opener, is_remote
from .write import IMAGES_FOLDER, escape_inline

TIMEOUT_SECONDS = 10.0      # per image, connection and whole download
MAX_BYTES = 10 * 1024 * 1024
DOWNLOAD_THREADS = 8
USER_AGENT = "zhiku-image-mirror/1"
LINK_TEXT = {"hans": "原图", "hant": "原圖"}

# Magic bytes -> file extension. SVG is text, recognised separately.
MAGIC = ((b"\xff\xd8\xff", ".jpg"), (b"\x89PNG\r\n\x1a\n", ".png"), (b"GIF87a", ".gif"),
         (b"GIF89a", ".gif"), (b"BM", ".bmp"), (b"\x00\x00\x01\x00", ".ico"))


@dataclass(frozen=True)
class Mirrored:
    url: str
    name: str = ""     # "<sha256>.<ext>" in the cache when the download succeeded
    error: str = ""    # why it failed


def sniff_image(data: bytes) -> str:
    """The extension of the image format `data` starts with, or "" if it is not an image."""
    for magic, ext in MAGIC:
        if data.startswith(magic):
            return ext
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    if data[4:8] == b"ftyp" and data[8:12] in (b"avif", b"avis"):
        return ".avif"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if (head.startswith(b"<?xml") or head.startswith(b"<svg")) and b"<svg" in head:
        return ".svg"
    return ""


def download_image(url: str, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_BYTES,
                   allow_private: bool = False) -> tuple[bytes, str]:
    """(the image's bytes, its extension); raises ValueError/OSError saying why not
    (RefusedAddress for a host that is not global, unless `allow_private`), or
    http.client.HTTPException for a server that does not speak HTTP."""
    if not is_remote(url):
        raise ValueError("not an http(s) URL")
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with checked_opener(allow_private).open(request, timeout=timeout) as resp:
        ctype = resp.headers.get_content_type()
        if not ctype.startswith("image/"):
            raise ValueError(f"not an image (Content-Type {ctype})")
        declared = resp.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise ValueError(f"too large ({int(declared)} bytes, limit {max_bytes})")
        chunks, size = [], 0
        while chunk := resp.read1(64 * 1024):   # one receive at a time: trickles hit the deadline
            size += len(chunk)
            if size > max_bytes:
                raise ValueError(f"too large (over {max_bytes} bytes)")
            if time.monotonic() > deadline:
                raise TimeoutError(f"download took longer than {timeout:g} s")
            chunks.append(chunk)
    data = b"".join(chunks)
    ext = sniff_image(data)
    if not ext:
        raise ValueError(f"Content-Type {ctype} but the bytes are not a known image format")
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
        return name if name and (self.folder / name).is_file() else ""

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
              max_bytes: int = MAX_BYTES, allow_private: bool = False) -> dict[str, Mirrored]:
    """Each URL once: from the cache, else downloaded (in threads: the work is waiting)."""

    def one(url: str) -> Mirrored:
        cached = cache.lookup(url)
        if cached:
            return Mirrored(url, name=cached)
        try:
            data, ext = download_image(url, timeout, max_bytes, allow_private)
        except (OSError, ValueError, urllib.error.URLError, http.client.HTTPException) as exc:
            return Mirrored(url, error=_reason(exc))
        return Mirrored(url, name=cache.store(url, data, ext))

    todo = sorted(set(urls))
    with ThreadPoolExecutor(max_workers=DOWNLOAD_THREADS) as pool:
        results = dict(zip(todo, pool.map(one, todo)))
    cache.save_index()
    return results


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code}"
    if isinstance(exc, urllib.error.URLError):
        return f"cannot connect: {exc.reason}"
    if isinstance(exc, http.client.HTTPException):
        return f"not a valid HTTP response ({type(exc).__name__}: {exc})"[:300]
    if isinstance(exc, TimeoutError):
        return str(exc) if str(exc) and "timed out" not in str(exc) else "timed out"
    return str(exc) or type(exc).__name__


def mirror_images(docs: list[Document], cache_dir: Path, page_paths: dict[str, str],
                  script: str = "hans", timeout: float = TIMEOUT_SECONDS,
                  max_bytes: int = MAX_BYTES, allow_private: bool = False
                  ) -> tuple[list[Document], dict[str, Path]]:
    """Documents with remote image sources pointing at mirrored copies, and the files to
    put under the pages (`images/<name>` -> cached file).

    `page_paths` maps a document's source to its page (`articles/2022/x.md`): image paths
    are written relative to the page's Markdown file, and MkDocs turns them into the right
    URL for either `use_directory_urls` setting. Documents without a page are left alone.
    `allow_private` (`mirror_private_addresses`) lets images come from non-global hosts."""
    cache = ImageCache(cache_dir)
    urls = [b.src for d in docs if d.source in page_paths
            for b in d.blocks if b.kind == IMAGE and is_remote(b.src)]
    if not urls:
        return list(docs), {}
    results = fetch_all(urls, cache, timeout, max_bytes, allow_private)
    files = {f"{IMAGES_FOLDER}/{m.name}": cache.folder / m.name for m in results.values() if m.name}
    return [_localize(d, page_paths.get(d.source), results, script) for d in docs], files


def _localize(doc: Document, page: str | None, results: dict[str, Mirrored],
              script: str) -> Document:
    if page is None:
        return doc
    blocks: list[Block] = []
    for block in doc.blocks:
        found = results.get(block.src) if block.kind == IMAGE else None
        if found is None:
            blocks.append(block)
        elif found.name:
            src = posixpath.relpath(f"{IMAGES_FOLDER}/{found.name}", posixpath.dirname(page))
            blocks.append(replace(block, src=src))
        else:
            blocks.append(failed_image_block(block, script))
            doc = doc.with_problem("image-download", f"{block.src}: {found.error}")
    return replace(doc, blocks=tuple(blocks))


def failed_image_block(image: Block, script: str = "hans") -> Block:
    """The caption of an image that could not be mirrored, with a link to the original
    (one block for one block, so the anchors of the blocks after it do not move)."""
    link = f"[{LINK_TEXT.get(script, LINK_TEXT['hans'])}](<{quote(image.src, safe=_URL_SAFE)}>)"
    caption = escape_inline(image.alt) if image.alt else ""
    return Block(kind=CAPTION, text=f"{caption} {link}".strip())


_URL_SAFE = "/:?#[]@!$&'()*+,;=%~-._"
