"""Mirroring is bounded in time and space, whatever the servers and the documents do.

Time: stand-in servers on 127.0.0.1 that never finish an answer (a header trickled a byte at
a time, `100 Continue` for ever, a chunked body's trailer for ever) must fail their image,
not hang the build; a download that hangs where no socket timeout reaches (simulated) is
abandoned. Each call runs under a watchdog (`returns_within`) that turns a hang into a test
failure; the assertion is that the call returned and said why, not how fast it was.
Space: a document's image count and a build's image bytes are limited, and a mirrored image
is one file on disk however many places show it.
"""

from __future__ import annotations

import http.server
import os
import socketserver
import ssl
import threading
from pathlib import Path

import pytest

from conftest import build_site, serve
from generator.config import ConfigError, load_config
from generator.document import CAPTION, IMAGE
from generator.site.images import DOWNLOAD_THREADS, ImageCache, fetch_all, mirror_images
from test_image_hosts import certificate, fake_net  # noqa: F401 (fixtures)
from test_images import GOOD_PNG, _doc, _image_source, make_png, private_hosts_config

WATCHDOG = 30.0   # seconds: far beyond any bound under test, only there to end a hang


def returns_within(seconds: float, call):
    """`call()`'s result, or a test failure if it has not returned after `seconds`."""
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(call()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert outcome, f"still running after {seconds:g} s: a hang"
    return outcome[0]


def _endless_server(first: bytes, again: bytes, every: float, stop: threading.Event):
    """A TCP server that answers any request with `first`, then `again` every `every`
    seconds (0: as fast as the client reads) until `stop` is set."""

    class Endless(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            self.request.recv(65536)
            try:
                self.request.sendall(first)
                while not stop.is_set():
                    self.request.sendall(again)
                    if every:
                        stop.wait(every)
            except OSError:   # the client gave up: as intended
                pass

    server, port = serve(Endless)
    return server, f"http://127.0.0.1:{port}/x.png"


CHUNKED = (b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nTransfer-Encoding: chunked\r\n\r\n"
           + f"{len(GOOD_PNG):x}\r\n".encode() + GOOD_PNG + b"\r\n0\r\n")


@pytest.mark.parametrize("first, again, every, reason", [
    # one header byte every 0.3 s: each receive is quick, the download never ends
    (b"HTTP/1.1 200 OK\r\nX-Slow: ", b"a", 0.3, "timed out: the download took longer than 1 s"),
    (b"", b"HTTP/1.1 100 Continue\r\n\r\n", 0, "more than 10 interim (1xx) responses"),
    (b"", b"HTTP/1.1 100 Continue\r\n\r\n", 0.3, "timed out: the download took longer than 1 s"),
    (CHUNKED, b"X-Trailer: 1\r\n", 0, "more than 100 trailer lines"),
    (CHUNKED, b"X-Trailer: 1\r\n", 0.3, "timed out: the download took longer than 1 s"),
], ids=["header-trickle", "endless-100-continue", "slow-100-continue", "endless-trailer",
        "slow-trailer"])
def test_a_server_that_never_finishes_fails_the_image(tmp_path, first, again, every, reason):
    """Before, the timeout was per receive and the deadline was checked between body
    chunks only: each of these kept its download, and the build, waiting for ever."""
    stop = threading.Event()
    server, url = _endless_server(first, again, every, stop)
    try:
        results = returns_within(WATCHDOG, lambda: fetch_all([url], ImageCache(tmp_path),
                                                             timeout=1.0, allow_private=True))
    finally:
        stop.set()          # (lets a hung client of the old code go too)
        server.shutdown()
    assert not results[url].name and reason in results[url].error


@pytest.mark.parametrize("answer", [
    b"HTTP/1.1 100 Continue\r\n\r\n" * 3 + CHUNKED + b"\r\n",
    CHUNKED + b"X-Checksum: 1\r\nX-Other: 2\r\n\r\n",
], ids=["three-100-continue", "two-trailer-lines"])
def test_the_bounds_leave_an_ordinary_answer_alone(tmp_path, answer):
    from test_images import _raw_server

    server, base = _raw_server(answer)
    try:
        (result,) = fetch_all([f"{base}/x.png"], ImageCache(tmp_path), timeout=5,
                              allow_private=True).values()
    finally:
        server.shutdown()
    assert result.name.endswith(".png") and not result.error


def test_a_download_stuck_where_no_timeout_reaches_is_abandoned(tmp_path, monkeypatch):
    """A download can hang outside any socket timeout (a DNS lookup does): the batch does
    not wait for it past (batches x timeout), and its image fails as timed out. Before,
    the build waited for it for ever."""
    import generator.site.images as images

    released = threading.Event()

    def stuck(url, *args):
        released.wait()
        raise TimeoutError("released by the test")

    monkeypatch.setattr(images, "download_image", stuck)
    urls = [f"https://stuck.example/{n}.png" for n in range(DOWNLOAD_THREADS + 1)]   # 2 batches
    try:
        results = returns_within(WATCHDOG, lambda: fetch_all(urls, ImageCache(tmp_path),
                                                             timeout=0.5))
    finally:
        released.set()
    for url in urls:
        assert not results[url].name
        assert results[url].error == "timed out (image downloads stopped after 3 s)"


class NumberedImages(http.server.BaseHTTPRequestHandler):
    """`/n/<k>.png`: a different small PNG for each k, all of about the same size."""

    served: list[str] = []

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        NumberedImages.served.append(self.path)
        k = int(self.path.rsplit("/", 1)[1].split(".")[0])
        body = make_png(8, 8, (k % 256, k // 256, 7))
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def numbered():
    server, port = serve(NumberedImages)
    yield lambda k: f"http://127.0.0.1:{port}/n/{k}.png"
    server.shutdown()


def _limited(doc) -> list[str]:
    return [p.detail for p in doc.problems if p.code == "image-limit"]


def test_a_document_past_its_image_count_keeps_the_rest_as_caption_and_link(numbered, tmp_path):
    urls = [numbered(k) for k in range(1, 6)]
    doc = _doc("a.html", *urls, urls[4])       # the fifth named twice: one image
    NumberedImages.served.clear()
    (out,), files = mirror_images([doc], tmp_path / "cache", {"a.html": "articles/a.md"},
                                  allow_private=True, max_images=2)
    kinds = [b.kind for b in out.blocks[1:-1]]
    assert kinds == [IMAGE, IMAGE, CAPTION, CAPTION, CAPTION, CAPTION] and len(files) == 2
    assert f"[原图](<{urls[2]}>)" in out.blocks[3].text
    assert _limited(out) == [f"3 image(s) not mirrored, over mirror_max_images_per_document "
                             f"(2 per document); left as links, the first: {urls[2]}"]
    assert [p.code for p in out.problems] == ["image-limit"]
    assert sorted(NumberedImages.served) == ["/n/1.png", "/n/2.png"]   # the rest not fetched


def test_the_build_past_its_bytes_keeps_the_later_images_as_links(numbered, tmp_path):
    """The first images in document order are kept, whatever finishes first; the same
    outcome from the cache; and the downloads stop soon after the limit is reached."""
    size = len(make_png(8, 8, (1, 0, 7)))
    first = [_doc("a.html", numbered(101), numbered(102)), _doc("b.html", numbered(103))]
    many = _doc("c.html", *(numbered(k) for k in range(104, 104 + 40)))
    pages = {"a.html": "articles/a.md", "b.html": "articles/b.md", "c.html": "articles/c.md"}
    NumberedImages.served.clear()
    outcomes = []
    for _ in range(2):   # the second build from the cache
        out, files = mirror_images([*first, many], tmp_path / "cache", pages, allow_private=True,
                                   max_total=int(3.5 * size))
        outcomes.append((out, files))
        a, b, c = out
        assert not a.problems and not b.problems and len(files) == 3
        assert all(block.kind == CAPTION for block in c.blocks[1:-1])
        assert _limited(c) == [f"40 image(s) not mirrored, over mirror_max_total_bytes "
                               f"({int(3.5 * size)} bytes per build); left as links, the first: "
                               f"{numbered(104)}"]
    assert outcomes[0] == outcomes[1]
    assert len(NumberedImages.served) <= 3 + 2 * DOWNLOAD_THREADS   # not all 43


@pytest.mark.parametrize("key", ["mirror_max_images_per_document", "mirror_max_total_bytes"])
def test_limit_settings_are_checked(tmp_path, key):
    for bad in (0, -5, "many", True, 1.5):
        (tmp_path / "zhiku.yml").write_text(f"{key}: {bad!r}\n".replace("'", ""), encoding="utf-8")
        with pytest.raises(ConfigError, match=key):
            load_config(tmp_path / "zhiku.yml")
    (tmp_path / "zhiku.yml").write_text(f"{key}: 7\n", encoding="utf-8")
    assert getattr(load_config(tmp_path / "zhiku.yml"), key) == 7


def test_a_build_stores_each_mirrored_image_once(tmp_path):
    """The cache, the generated pages and the site hold one file (hard links), readable
    by a web server like any other file of the site. Before: three copies."""
    server, port = serve(NumberedImages)
    try:
        _image_source(tmp_path / "src", f"http://127.0.0.1:{port}/n/201.png")
        built = build_site(tmp_path, tmp_path / "src", "--images", "mirror",
                           *private_hosts_config(tmp_path))
    finally:
        server.shutdown()
    (site_image,) = (built.site_dir / "images").iterdir()
    page_image = built.work_dir / "docs" / "images" / site_image.name
    cached = built.work_dir / "image-cache-private" / site_image.name
    assert os.path.samefile(site_image, cached) and os.path.samefile(page_image, cached)
    assert site_image.stat().st_nlink == 3
    assert site_image.stat().st_mode & 0o044 == 0o044   # not the cache's private 0600


def test_a_build_past_the_image_count_warns_naming_the_setting(tmp_path):
    server, port = serve(NumberedImages)
    config = tmp_path / "zhiku-limits.yml"
    config.write_text("mirror_private_addresses: true\nmirror_max_images_per_document: 1\n",
                      encoding="utf-8")
    try:
        urls = [f"http://127.0.0.1:{port}/n/{k}.png" for k in (301, 302)]
        _image_source(tmp_path / "src", *urls)
        built = build_site(tmp_path, tmp_path / "src", "--images", "mirror", "--config", str(config))
    finally:
        server.shutdown()
    (doc,) = built.report["documents"]
    assert any(w.startswith("image-limit:") and "mirror_max_images_per_document (1" in w
               and urls[1] in w for w in doc["warnings"])
    assert len(list((built.site_dir / "images").iterdir())) == 1
    html = next((built.site_dir / "articles").rglob("*.html")).read_text(encoding="utf-8")
    assert f'href="{urls[1]}"' in html


def test_link_or_copy_copies_where_the_file_system_cannot_link(tmp_path, monkeypatch):
    from generator.pages.write import link_or_copy

    stored = tmp_path / "cache" / "a.png"
    stored.parent.mkdir()
    stored.write_bytes(GOOD_PNG)

    def no_link(*args):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_link)
    link_or_copy(stored, tmp_path / "site" / "images" / "a.png")
    copy = tmp_path / "site" / "images" / "a.png"
    assert copy.read_bytes() == GOOD_PNG and not os.path.samefile(copy, stored)
    assert [p.name for p in copy.parent.iterdir()] == ["a.png"]   # no partial file left


def test_over_https_a_trickled_header_fails_the_image_too(tmp_path, monkeypatch, fake_net,
                                                           certificate):
    """The deadline holds on TLS sockets as well (their reads are the ssl module's own)."""
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(certificate)
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate))      # trust the test certificate
    fake_net.names["images.example"] = [["127.0.0.1"]]
    stop = threading.Event()

    class Trickle(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            self.request.recv(65536)
            try:
                self.request.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
                while not stop.wait(0.3):
                    self.request.sendall(b"a")
            except OSError:
                pass

    server, port = serve(Trickle, tls)
    url = f"https://images.example:{port}/x.png"
    try:
        results = returns_within(WATCHDOG, lambda: fetch_all([url], ImageCache(tmp_path),
                                                             timeout=1.0, allow_private=True))
    finally:
        stop.set()
        server.shutdown()
    assert results[url].error == "timed out: the download took longer than 1 s"
