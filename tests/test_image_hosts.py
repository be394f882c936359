"""Mirroring does not fetch from internal hosts (server-side request forgery): a collected
document must not make the build request loopback, private, link-local (cloud metadata) or
other non-global addresses, by literal, by name, through a redirect or by DNS rebinding,
unless `mirror_private_addresses: true`.

The only host a test can run is on 127.0.0.1, so refusals are shown against it, each with
the opt-in fetching the same URL (the refusal is what stops it). A public host is simulated
by `fake_net`: a table of names for `socket.getaddrinfo` and, at `connect`, a route from a
public-looking address to the stand-in; the code under test runs unchanged. Nothing here
needs a network: any other connection to a non-loopback address is refused by the fake.
"""

from __future__ import annotations

import http.server
import ipaddress
import json
import shutil
import socket
import ssl
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import serve
from generator.config import ConfigError, load_config
from generator.document import CAPTION
from generator.site.image_hosts import address_kind
from generator.site.images import download_image, mirror_images
from test_images import GOOD_PNG, ImageHost, _doc, _image_source

PUBLIC = "93.184.216.34"      # a global address; never really connected to (see fake_net)
OPT_IN = "(set mirror_private_addresses: true to allow)"


class RedirectingHost(ImageHost):
    """The stand-in image host, plus `/to?<url>`: a 302 to <url>."""

    def do_GET(self) -> None:
        if self.path.startswith("/to?"):
            ImageHost.hits[self.path] += 1
            self.send_response(302)
            self.send_header("Location", unquote(self.path[4:]))
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            super().do_GET()


@pytest.fixture(scope="module")
def port():
    server, port = serve(RedirectingHost)
    yield port
    server.shutdown()


class FakeNet:
    def __init__(self) -> None:
        self.names: dict[str, list[list[str]]] = {}   # name -> successive answers
        self.routes: dict[str, str] = {}              # address -> where connect really goes
        self.lookups: list[str] = []
        self.connects: list[tuple[str, int]] = []

    def getaddrinfo(self, real, host, port, *args, **kwargs):
        if host not in self.names:
            return real(host, port, *args, **kwargs)   # literals, localhost: no network
        self.lookups.append(host)
        answers = self.names[host]
        addresses = answers.pop(0) if len(answers) > 1 else answers[0]
        if not addresses:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (a, port)) for a in addresses]

    def connect(self, real, sock, address):
        self.connects.append(tuple(address[:2]))
        if address[0] in self.routes:
            address = (self.routes[address[0]], address[1])
        elif not ipaddress.ip_address(address[0]).is_loopback:
            raise ConnectionRefusedError(111, "refused by the test (no network here)")
        return real(sock, address)


@pytest.fixture
def fake_net(monkeypatch) -> FakeNet:
    net = FakeNet()
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect
    monkeypatch.setattr(socket, "getaddrinfo",
                        lambda *a, **k: net.getaddrinfo(real_getaddrinfo, *a, **k))
    monkeypatch.setattr(socket.socket, "connect", lambda s, a: net.connect(real_connect, s, a))
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    return net


@pytest.mark.parametrize("address, kind", [
    ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"),
    ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("192.168.1.1", "private"),
    ("fc00::1", "private"), ("fd12:3456::1", "private"),
    ("169.254.169.254", "link-local"), ("fe80::1", "link-local"),
    ("0.0.0.0", "unspecified"), ("::", "unspecified"),
    ("224.0.0.1", "multicast"), ("ff02::1", "multicast"),   # is_global says True for these
    ("240.0.0.1", "reserved"), ("fec0::1", "site-local"), ("100.64.0.1", "non-global"),
    ("::ffff:127.0.0.1", "loopback"), ("::ffff:169.254.169.254", "link-local"),
    ("::ffff:10.0.0.1", "private"), ("2002:7f00:1::", "loopback"),   # IPv4 inside IPv6
    (PUBLIC, ""), ("2606:4700::1111", ""), (f"::ffff:{PUBLIC}", ""), ("2002:5db8:d822::1", ""),
    ("64:ff9b::5db8:d822", ""), ("64:ff9b::7f00:1", "loopback"),   # DNS64: the IPv4 inside
    ("192.0.0.192", "internal"), ("168.63.129.16", "internal"),    # global to some Pythons
])
def test_address_kinds(address, kind):
    assert address_kind(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize("url, reason", [
    ("http://127.0.0.1:{port}/good.png?literal", r"127\.0\.0\.1 is a loopback address"),
    ("http://localhost:{port}/good.png?name", r"localhost resolves to (127\.0\.0\.1|::1), a loop"),
    ("http://[::ffff:127.0.0.1]:{port}/good.png?mapped", r"::ffff:127\.0\.0\.1 is a loopback"),
    ("http://127.1:{port}/good.png?short", r"127\.1 resolves to 127\.0\.0\.1, a loopback"),
    ("http://0x7f.1:{port}/good.png?hex", r"0x7f\.1 resolves to 127\.0\.0\.1, a loopback"),
    ("http://2130706433:{port}/good.png?int", r"2130706433 resolves to 127\.0\.0\.1, a loopback"),
    ("https://127.0.0.1:{port}/good.png?tls", r"127\.0\.0\.1 is a loopback address"),
])
def test_loopback_in_any_spelling_is_refused_and_the_opt_in_fetches_it(port, url, reason):
    url = url.format(port=port)
    path = url.split(str(port), 1)[1]
    with pytest.raises(ValueError, match=f"^refused: {reason}") as info:
        download_image(url, timeout=5)
    assert str(info.value).endswith(OPT_IN)
    assert ImageHost.hits[path] == 0                     # the stand-in saw no request
    if url.startswith("http:"):
        assert download_image(url, timeout=5, allow_private=True) == (GOOD_PNG, ".png")
        assert ImageHost.hits[path] == 1


@pytest.mark.parametrize("answer, reason", [
    (["10.0.0.5"], "intranet.example resolves to 10.0.0.5, a private address"),
    (["169.254.169.254"], "intranet.example resolves to 169.254.169.254, a link-local address"),
    ([PUBLIC, "10.0.0.5"], "intranet.example resolves to 10.0.0.5, a private address"),   # any
    (["::ffff:192.168.0.1"], "intranet.example resolves to ::ffff:192.168.0.1, a private address"),
])
def test_a_name_resolving_to_an_internal_address_is_refused_before_connecting(fake_net, answer,
                                                                              reason):
    fake_net.names["intranet.example"] = [answer]
    with pytest.raises(ValueError, match=reason):
        download_image("http://intranet.example/logo.png", timeout=5)
    assert fake_net.connects == []


def test_a_redirect_from_a_public_host_to_loopback_is_refused(fake_net, port):
    fake_net.names["cdn.example"] = [[PUBLIC]]
    fake_net.routes[PUBLIC] = "127.0.0.1"          # cdn.example "is" the stand-in
    hop = f"http://cdn.example:{port}/good.png?hop"
    assert download_image(f"http://cdn.example:{port}/to?{hop}", timeout=5) == (GOOD_PNG, ".png")

    inside = f"http://127.0.0.1:{port}/good.png?redirected"
    with pytest.raises(ValueError, match=r"^refused: 127\.0\.0\.1 is a loopback address"):
        download_image(f"http://cdn.example:{port}/to?{inside}", timeout=5)
    assert ImageHost.hits[f"/to?{inside}"] == 1           # the public hop was fetched ...
    assert ImageHost.hits["/good.png?redirected"] == 0    # ... the loopback one was not


def test_a_redirect_to_a_name_resolving_inside_is_refused(fake_net, port):
    fake_net.names.update({"cdn.example": [[PUBLIC]], "intranet.example": [["10.0.0.5"]]})
    fake_net.routes[PUBLIC] = "127.0.0.1"
    with pytest.raises(ValueError, match="intranet.example resolves to 10.0.0.5, a private"):
        download_image(f"http://cdn.example:{port}/to?http://intranet.example/a.png", timeout=5)
    assert fake_net.connects == [(PUBLIC, port)]          # never to 10.0.0.5


def test_the_connection_goes_to_the_checked_address_not_a_second_lookup(fake_net, port):
    """DNS rebinding: the first answer passes the check, a second lookup would say loopback."""
    fake_net.names["rebind.example"] = [[PUBLIC], ["127.0.0.1"]]
    with pytest.raises(OSError, match="refused by the test"):
        download_image(f"http://rebind.example:{port}/good.png?rebind", timeout=5)
    assert fake_net.lookups == ["rebind.example"]
    assert fake_net.connects == [(PUBLIC, port)]
    assert ImageHost.hits["/good.png?rebind"] == 0


def test_refused_image_becomes_caption_and_link_with_a_problem_naming_url_and_reason(port,
                                                                                     tmp_path):
    url = f"http://127.0.0.1:{port}/good.png?document"
    (doc,), files = mirror_images([_doc("a.html", url)], tmp_path / "cache",
                                  {"a.html": "articles/a.md"})
    assert files == {} and ImageHost.hits["/good.png?document"] == 0
    assert doc.blocks[1].kind == CAPTION and f"[原图](<{url}>)" in doc.blocks[1].text
    assert [(p.code, p.detail) for p in doc.problems] == [
        ("image-download", f"{url}: refused: 127.0.0.1 is a loopback address {OPT_IN}")]


def test_build_refuses_by_default_and_goes_on(port, tmp_path):
    from conftest import build_site

    refused = f"http://127.0.0.1:{port}/good.png?build-default"
    _image_source(tmp_path / "src", refused)
    built = build_site(tmp_path, tmp_path / "src", "--images", "mirror")
    assert ImageHost.hits["/good.png?build-default"] == 0
    (doc,) = built.report["documents"]
    assert f"image-download: {refused}: refused: 127.0.0.1 is a loopback address {OPT_IN}" \
        in doc["warnings"]
    assert next((built.site_dir / "articles").rglob("*.html")).is_file()


def test_an_image_fetched_with_the_opt_in_is_not_reused_without_it(port, tmp_path):
    """The opt-in's downloads are cached apart: the same work dir built again without the
    setting refuses the image instead of publishing the copy fetched from 127.0.0.1."""
    from conftest import build_site
    from test_images import private_hosts_config

    url = f"http://127.0.0.1:{port}/good.png?opt-in-cache"
    _image_source(tmp_path / "src", url)
    allowed = build_site(tmp_path, tmp_path / "src", "--images", "mirror", *private_hosts_config(tmp_path))
    assert ImageHost.hits["/good.png?opt-in-cache"] == 1
    assert len(list((allowed.site_dir / "images").iterdir())) == 1
    refused = build_site(tmp_path, tmp_path / "src", "--images", "mirror")
    assert ImageHost.hits["/good.png?opt-in-cache"] == 1                 # no new request either
    assert not (refused.site_dir / "images").exists()
    (doc,) = refused.report["documents"]
    assert f"image-download: {url}: refused: 127.0.0.1 is a loopback address {OPT_IN}" in doc["warnings"]


def test_a_cache_from_before_the_check_is_not_reused(port, tmp_path):
    """`image-cache`, filled when no host was refused, may hold an image from an internal
    host: a build does not publish it from there, it refuses the URL."""
    from conftest import build_site

    url = f"http://127.0.0.1:{port}/good.png?old-cache"
    old = tmp_path / "work" / "image-cache"
    old.mkdir(parents=True)
    (old / ("0" * 64 + ".png")).write_bytes(GOOD_PNG)
    (old / "index.json").write_text(json.dumps({url: "0" * 64 + ".png"}), encoding="utf-8")
    _image_source(tmp_path / "src", url)
    built = build_site(tmp_path, tmp_path / "src", "--images", "mirror")
    assert not (built.site_dir / "images").exists()
    assert ImageHost.hits["/good.png?old-cache"] == 0
    (doc,) = built.report["documents"]
    assert f"image-download: {url}: refused: 127.0.0.1 is a loopback address {OPT_IN}" in doc["warnings"]


def test_mirror_private_addresses_setting(tmp_path):
    assert load_config(None, base=tmp_path).mirror_private_addresses is False
    (tmp_path / "zhiku.yml").write_text("mirror_private_addresses: true\n", encoding="utf-8")
    assert load_config(tmp_path / "zhiku.yml").mirror_private_addresses is True
    (tmp_path / "zhiku.yml").write_text("mirror_private_addresses: intranet\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="mirror_private_addresses: expected true or false"):
        load_config(tmp_path / "zhiku.yml")


class Proxy(http.server.BaseHTTPRequestHandler):
    """A forward proxy that answers every image itself and records what it was asked for."""
    asked: list[str] = []

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        Proxy.asked.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(GOOD_PNG)))
        self.end_headers()
        self.wfile.write(GOOD_PNG)


def test_through_a_proxy_the_target_is_checked_and_an_unresolvable_one_left_to_the_proxy(
        fake_net, monkeypatch, port):
    server, proxy_port = serve(Proxy)
    fake_net.names.update({"intranet.example": [["10.0.0.5"]], "only-the-proxy-knows": [[]]})
    try:
        unknown = "http://only-the-proxy-knows/a.png"
        with pytest.raises(OSError, match="Name or service not known"):   # no proxy: as before
            download_image(unknown, timeout=5)
        monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{proxy_port}")  # the proxy is on
        monkeypatch.delenv("no_proxy", raising=False)          # loopback: it is not refused
        monkeypatch.delenv("NO_PROXY", raising=False)
        assert download_image(unknown, timeout=5) == (GOOD_PNG, ".png")
        for url, reason in ((f"http://127.0.0.1:{port}/good.png?proxied", "127.0.0.1 is a loop"),
                            ("http://intranet.example/a.png", "to 10.0.0.5, a private"),
                            # percent-encoded: urllib asks the proxy for the decoded host
                            ("http://169.254.169.%32%35%34/latest/a.png", "169.254.169.254 is a link"),
                            ("http://%6c%6f%63%61%6c%68%6f%73%74/a.png", "localhost resolves to"),
                            ("http://only-the-proxy-%6bnows/a.png",
                             "percent-encoded host only-the-proxy-knows does not resolve")):
            with pytest.raises(ValueError, match=reason):
                download_image(url, timeout=5)
    finally:
        server.shutdown()
    assert Proxy.asked == [unknown]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> Path:
    """A self-signed certificate and key (one PEM file) for the name images.example."""
    if not shutil.which("openssl"):
        pytest.fail("openssl is needed to make a test certificate (apt-get install openssl)")
    pem = tmp_path_factory.mktemp("tls") / "images.example.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=images.example", "-addext", "subjectAltName=DNS:images.example",
                    "-keyout", str(pem), "-out", str(pem)], check=True, capture_output=True)
    return pem


def test_https_checks_the_certificate_and_sends_sni_for_the_name_not_the_address(
        fake_net, monkeypatch, certificate):
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(certificate)
    sni: list[str] = []
    tls.sni_callback = lambda sock, name, ctx: sni.append(name)
    server, tls_port = serve(ImageHost, tls)
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate))      # trust the test certificate
    fake_net.names["images.example"] = [["127.0.0.1"]]
    try:
        url = f"https://images.example:{tls_port}/good.png?tls"
        assert download_image(url, timeout=5, allow_private=True) == (GOOD_PNG, ".png")
        with pytest.raises(OSError, match="CERTIFICATE_VERIFY_FAILED"):   # verification is on
            download_image(f"https://127.0.0.1:{tls_port}/good.png?ip", timeout=5,
                           allow_private=True)
    finally:
        server.shutdown()
    assert sni[0] == "images.example"            # (the second, to an address, sends none)
    assert fake_net.lookups == ["images.example"]
