"""Remote images mirrored into the site (`images: mirror`), against a local stand-in image host.

The host on 127.0.0.1 serves a good PNG, a slow one, a 404, an HTML page, an HTML page that
claims to be a PNG, and oversized images (with and without Content-Length). Loopback is not
fetched from by default, so these tests opt in (`allow_private=True`, or
`mirror_private_addresses: true` for a build); test_image_hosts.py tests the refusal.
"""

from __future__ import annotations

import http.server
import os
import struct
import threading
import time
import zlib
from collections import Counter
from pathlib import Path

import pytest

from conftest import serve
from generator.document import CAPTION, IMAGE, PARAGRAPH, Block, Document
from generator.site.images import download_image, mirror_images, sniff_image


def make_png(width: int = 8, height: int = 8, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A real PNG (browsers display it), built by hand so the test needs no image library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


GOOD_PNG = make_png()
BIG_PNG = make_png(200, 200, (1, 2, 3)) + b"\x00" * 50_000   # valid start, > the test limit
SLOW_SECONDS = 3.0
TEST_LIMIT = 20_000


class ImageHost(http.server.BaseHTTPRequestHandler):
    hits: Counter = Counter()

    def log_message(self, *args) -> None:
        pass

    def _send(self, status: int, ctype: str, body: bytes, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):   # the client gave up: as intended
            pass

    def do_GET(self) -> None:
        ImageHost.hits[self.path] += 1
        if self.path.startswith("/good"):
            self._send(200, "image/png", GOOD_PNG)
        elif self.path == "/slow.png":
            time.sleep(SLOW_SECONDS)
            self._send(200, "image/png", GOOD_PNG)
        elif self.path == "/trickle.png":   # answers at once, then a byte at a time
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            try:
                for byte in GOOD_PNG:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.2)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif self.path == "/page.png":
            self._send(200, "text/html; charset=utf-8", "<html><body>不是图片</body></html>".encode())
        elif self.path == "/liar.png":
            self._send(200, "image/png", b"<html><body>pretending</body></html>")
        elif self.path == "/huge.png":
            self._send(200, "image/png", BIG_PNG)
        elif self.path == "/huge-unannounced.png":
            self.close_connection = True
            self._send(200, "image/png", BIG_PNG, length=False)
        elif self.path.startswith("/redirect-to-"):
            self.send_response(302)
            target = "file:///etc/passwd" if self.path.endswith("file") else "ftp://127.0.0.1/a.png"
            self.send_header("Location", target)
            self.end_headers()
        else:
            self._send(404, "text/plain", b"not found")


def private_hosts_config(folder: Path) -> list[str]:
    """`--config` for a zhiku.yml that lets builds mirror from the stand-in on 127.0.0.1."""
    config = folder / "zhiku-private-hosts.yml"
    config.write_text("mirror_private_addresses: true\n", encoding="utf-8")
    return ["--config", str(config)]


@pytest.fixture(scope="module")
def image_host():
    server, port = serve(ImageHost)
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


def test_sniff_recognises_image_formats_and_rejects_others():
    assert sniff_image(GOOD_PNG) == ".png"
    assert sniff_image(b"\xff\xd8\xff\xe0\x00\x10JFIF") == ".jpg"
    assert sniff_image(b"GIF89a\x01\x00") == ".gif"
    assert sniff_image(b"RIFF\x10\x00\x00\x00WEBPVP8 ") == ".webp"
    assert sniff_image(b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>') == ".svg"
    assert sniff_image(b"<html><body>hi</body></html>") == ""
    assert sniff_image(b"") == ""


def test_good_image_downloads(image_host):
    data, ext = download_image(f"{image_host}/good.png", timeout=5, allow_private=True)
    assert (data, ext) == (GOOD_PNG, ".png")


@pytest.mark.parametrize("path, timeout, limit, reason", [
    ("/slow.png", 1.0, 10**6, "timed out"),
    ("/trickle.png", 1.0, 10**6, "download took longer than 1 s"),
    ("/missing.png", 5.0, 10**6, "HTTP Error 404"),
    ("/page.png", 5.0, 10**6, "not an image (Content-Type text/html)"),
    ("/liar.png", 5.0, 10**6, "not a known image format"),
    ("/huge.png", 5.0, TEST_LIMIT, "too large"),
    ("/huge-unannounced.png", 5.0, TEST_LIMIT, "too large (over 20000 bytes)"),
    ("/redirect-to-file", 5.0, 10**6, "Redirection to url 'file:///etc/passwd' is not allowed"),
    ("/redirect-to-ftp", 5.0, 10**6, "redirect to a non-http URL"),
])
def test_bad_images_are_refused_with_a_reason(image_host, path, timeout, limit, reason):
    started = time.monotonic()
    with pytest.raises((OSError, ValueError)) as info:
        download_image(image_host + path, timeout=timeout, max_bytes=limit, allow_private=True)
    assert reason in str(info.value)
    assert time.monotonic() - started < SLOW_SECONDS   # the timeout really cut the wait short


def test_only_http_and_https_are_fetched():
    for url in ("file:///etc/passwd", "ftp://example.org/a.png", "data:image/png;base64,AAAA"):
        with pytest.raises(ValueError, match="not an http"):
            download_image(url)


def _doc(source: str, *srcs: str) -> Document:
    blocks = [Block(PARAGRAPH, text="正文第一段。")]
    blocks += [Block(IMAGE, src=s, alt=f"图{i}：说明*文字*") for i, s in enumerate(srcs)]
    blocks.append(Block(PARAGRAPH, text="正文最后一段。"))
    return Document(source=source, blocks=tuple(blocks))


def test_mirror_rewrites_good_images_and_keeps_failed_ones_as_caption_and_link(image_host, tmp_path):
    good, missing, slow = (f"{image_host}/good.png?a", f"{image_host}/missing.png",
                           f"{image_host}/slow.png")
    docs = [_doc("a.html", good, missing), _doc("b.html", good, slow), _doc("c.html")]
    pages = {"a.html": "articles/a.md", "b.html": "articles/2022/b.md", "c.html": "articles/c.md"}
    out, files = mirror_images(docs, tmp_path / "cache", pages, timeout=1.0, allow_private=True)

    name = next(iter(files)).split("/", 1)[1]
    assert list(files) == [f"images/{name}"] and name.endswith(".png")
    assert files[f"images/{name}"].read_bytes() == GOOD_PNG
    a, b, c = out
    assert a.blocks[1] == Block(IMAGE, src=f"../images/{name}", alt="图0：说明*文字*")
    assert len(a.blocks) == len(docs[0].blocks)            # anchors after it keep their numbers
    failed = a.blocks[2]
    assert failed.kind == CAPTION
    assert failed.text == f"图1：说明\\*文字\\* [原图](<{missing}>)"
    assert [p.code for p in a.problems] == ["image-download"]
    assert missing in a.problems[0].detail and "404" in a.problems[0].detail
    assert b.blocks[1].src == f"../../images/{name}"       # relative to a deeper page
    assert b.blocks[2].kind == CAPTION and "timed out" in b.problems[0].detail
    assert c == docs[2]
    assert ImageHost.hits["/good.png?a"] == 1               # two pages, one download


def test_mirror_downloads_each_image_once_across_builds(image_host, tmp_path):
    url = f"{image_host}/good.png?once"
    pages = {"a.html": "articles/a.md"}
    first, _ = mirror_images([_doc("a.html", url)], tmp_path / "cache", pages, allow_private=True)
    second, files = mirror_images([_doc("a.html", url)], tmp_path / "cache", pages,
                                  allow_private=True)
    assert ImageHost.hits["/good.png?once"] == 1
    assert first == second and len(files) == 1


def test_mirror_leaves_local_and_data_sources_alone(tmp_path):
    docs = [_doc("a.html", "pics/local.png", "data:image/png;base64,AAAA")]
    out, files = mirror_images(docs, tmp_path / "cache", {"a.html": "articles/a.md"})
    assert out == docs and files == {}


def test_mirror_leaves_documents_without_a_page_alone(image_host, tmp_path):
    docs = [_doc("skipped.html", f"{image_host}/good.png?skipped")]
    out, files = mirror_images(docs, tmp_path / "cache", {}, allow_private=True)
    assert out == docs and files == {} and ImageHost.hits["/good.png?skipped"] == 0


def _image_source(folder: Path, *urls: str) -> None:
    imgs = "".join(f'<p><img src="{u}" alt="配图{i}"></p>' for i, u in enumerate(urls))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tu-pian.html").write_text(
        "<html><head><title>图片测试页</title></head><body><h1>图片测试页</h1>"
        f"<p>2023年5月1日，这是一篇带图片的文章，用来测试图片镜像。</p>{imgs}"
        "<p>文章的最后一段文字。</p></body></html>", encoding="utf-8")


def test_build_with_mirror_puts_images_in_the_site_and_reports_failures(image_host, tmp_path):
    from conftest import build_site

    good, missing = f"{image_host}/good.png?build", f"{image_host}/missing.png?build"
    _image_source(tmp_path / "src", good, missing)
    built = build_site(tmp_path, tmp_path / "src", "--images", "mirror",
                       *private_hosts_config(tmp_path))
    doc = built.report["documents"][0]
    assert any(w.startswith("image-download:") and missing in w for w in doc["warnings"])
    mirrored = list((built.site_dir / "images").glob("*.png"))
    assert [p.read_bytes() for p in mirrored] == [GOOD_PNG]
    page = next((built.site_dir / "articles").rglob("*.html"))
    html = page.read_text(encoding="utf-8")
    assert f'src="{os.path.relpath(mirrored[0], page.parent)}"' in html   # resolves from the page
    assert image_host not in html.replace(f'href="{missing}"', "")   # only the link remains


def test_build_with_link_downloads_nothing(image_host, tmp_path):
    from conftest import build_site

    url = f"{image_host}/good.png?linked"
    _image_source(tmp_path / "src", url)
    built = build_site(tmp_path, tmp_path / "src")
    assert ImageHost.hits["/good.png?linked"] == 0
    assert not (built.site_dir / "images").exists()
    html = next((built.site_dir / "articles").rglob("*.html")).read_text(encoding="utf-8")
    assert f'src="{url}"' in html


def test_images_mirror_set_in_zhiku_yml(image_host, tmp_path):
    from conftest import build_site

    url = f"{image_host}/good.png?config"
    _image_source(tmp_path / "src", url)
    config = tmp_path / "zhiku.yml"
    config.write_text("images: mirror\nmirror_private_addresses: true\n", encoding="utf-8")
    built = build_site(tmp_path, tmp_path / "src", "--config", str(config))
    assert ImageHost.hits["/good.png?config"] == 1
    assert [p.read_bytes() for p in (built.site_dir / "images").iterdir()] == [GOOD_PNG]


def _raw_server(answer: bytes):
    """A TCP server on 127.0.0.1 that answers every connection with `answer`, as bytes,
    whatever was asked (a server that does not speak HTTP properly)."""
    import socketserver

    class Raw(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            self.request.recv(65536)
            self.request.sendall(answer)

    server, port = serve(Raw)
    return server, f"http://127.0.0.1:{port}"


@pytest.mark.parametrize("answer, reason", [
    (b"HELLO WORLD\r\n", "BadStatusLine"),
    (b"HTTP/1.1 200 OK\r\n" + b"X-A: b\r\n" * 101 + b"\r\n", "more than 100 headers"),
    (b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "IncompleteRead"),
])
def test_a_server_that_does_not_speak_http_fails_the_image_not_the_build(tmp_path, answer, reason):
    """http.client's own errors (not OSError, ValueError or URLError) are a failed image
    with the reason, like any other failure: before, they escaped and stopped the build."""
    from generator.site.images import ImageCache, fetch_all

    server, base = _raw_server(answer)
    try:
        url = f"{base}/x.png"
        (result,) = fetch_all([url], ImageCache(tmp_path), timeout=5, allow_private=True).values()
    finally:
        server.shutdown()
    assert not result.name and result.error.startswith("not a valid HTTP response") and reason in result.error


def test_the_same_image_stored_by_several_downloads_at_once(tmp_path):
    """Two URLs can serve the same bytes; their downloads may store them at the same time.
    Each writes its own temporary file: none fails, the stored file is whole, none is left over."""
    from concurrent.futures import ThreadPoolExecutor

    from generator.site.images import ImageCache

    data = GOOD_PNG + os.urandom(4 * 1024 * 1024)
    for trial in range(5):
        cache = ImageCache(tmp_path / str(trial))
        start = threading.Barrier(8)

        def store(n: int) -> str:
            start.wait()
            return cache.store(f"https://host{n}.example/a.png", data, ".png")

        with ThreadPoolExecutor(8) as pool:
            names = set(pool.map(store, range(8)))
        assert len(names) == 1
        assert sorted(p.name for p in cache.folder.iterdir()) == [names.pop()]
        assert next(cache.folder.iterdir()).read_bytes() == data
