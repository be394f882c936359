"""The link checker (generator/site/linkcheck.py) on a small hand-made site whose every broken
link is known: each kind of breakage must be found, in the http and the file:// variants,
statically and by crawling a server that serves the site under a sub-path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import serve_dir
from generator.site.linkcheck import BrokenLink, check_site, crawl, external_resources

PAGES = {
    "index.html": """<!doctype html><html><head>
        <link rel="stylesheet" href="assets/site.css">
        <link rel="canonical" href="https://user.github.io/repo/">
        <style>body { background: url("https://cdn.example.org/bg.png") }</style>
        </head><body><h1 id="top">首页</h1>
        <a href="#top">本页</a> <a href="#nowhere">本页缺失</a>
        <a href="guide/">指南目录</a> <a href="guide/index.html#安装">指南安装</a>
        <a href="b.html#missing">缺锚点</a> <a href="c.html">缺页面</a>
        <a href="/repo/b.html">绝对路径</a> <a href="../outside.html">站外</a>
        <a href="https://example.org/">外链</a> <a href="mailto:a@example.org">邮件</a>
        <img src="https://img.example.org/x.png" alt="远程图">
        <img srcset="pics/a.png 1x, pics/missing.png 2x" alt="本地图">
        </body></html>""",
    "guide/index.html": """<html><body><h2 id="安装">安装</h2><a href="../index.html#top">回首页</a>
        <a name="legacy"></a><a href="#legacy">旧锚点</a></body></html>""",
    "b.html": "<html><body><p id='present'>b</p></body></html>",
    "pics/a.png": "png",
    "assets/site.css": "h1 { background: url(../pics/a.png) } h2 { background: url('../pics/gone.png') }",
}


@pytest.fixture
def tiny_site(tmp_path) -> Path:
    for rel, text in PAGES.items():
        (tmp_path / "site" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "site" / rel).write_text(text, encoding="utf-8")
    return tmp_path / "site"


def _targets(broken: list[BrokenLink]) -> set[tuple[str, str]]:
    return {(b.page, b.target) for b in broken}


COMMON = {("index.html", "#nowhere"), ("index.html", "b.html#missing"), ("index.html", "c.html"),
          ("index.html", "../outside.html"), ("index.html", "pics/missing.png"),
          ("assets/site.css", "../pics/gone.png")}


def test_http_variant_finds_missing_pages_anchors_and_files(tiny_site):
    broken = check_site(tiny_site, mode="http", base_path="/repo/")
    assert _targets(broken) == COMMON
    reasons = {b.target: b.reason for b in broken}
    assert reasons["b.html#missing"] == "no element with id 'missing' on b.html"
    assert reasons["../outside.html"] == "points outside the site"


def test_http_variant_at_the_root_rejects_links_into_a_sub_path(tiny_site):
    broken = _targets(check_site(tiny_site, mode="http"))
    assert broken == COMMON | {("index.html", "/repo/b.html")}


def test_file_variant_also_rejects_folder_links_and_absolute_paths(tiny_site):
    broken = check_site(tiny_site, mode="file")
    assert _targets(broken) == COMMON | {("index.html", "guide/"), ("index.html", "/repo/b.html")}
    reasons = {b.target: b.reason for b in broken}
    assert "directory listing" in reasons["guide/"]
    assert "disk's root" in reasons["/repo/b.html"]


def test_external_resources_are_fetches_not_links(tiny_site):
    found = {(b.page, b.target) for b in external_resources(tiny_site)}
    assert found == {("index.html", "https://cdn.example.org/bg.png"),
                     ("index.html", "https://img.example.org/x.png")}


def test_crawl_under_a_sub_path(tiny_site, tmp_path):
    shutil.copytree(tiny_site, tmp_path / "www" / "repo")
    (tmp_path / "www" / "elsewhere.html").write_text("<p>not part of the site</p>", encoding="utf-8")
    server, url = serve_dir(tmp_path / "www")
    try:
        broken, visited = crawl(url + "repo/")
    finally:
        server.shutdown()
    found = {(b.page, b.target): b.reason for b in broken}
    assert found == {
        ("/", "#nowhere"): "no element with id 'nowhere'",
        ("/", "b.html#missing"): "no element with id 'missing'",
        ("/", "c.html"): "HTTP 404",
        ("/", "../outside.html"): "leaves the site's base path /repo/",
        ("/", "pics/missing.png"): "HTTP 404",
        ("/assets/site.css", "../pics/gone.png"): "HTTP 404",
    }
    assert url + "repo/guide/" in visited and url + "repo/b.html" in visited


def test_zhiku_check_command(tiny_site):
    from conftest import run_zhiku

    proc = run_zhiku("check", str(tiny_site), "--base-path", "/repo/", check=False)
    assert proc.returncode == 1
    assert "index.html: c.html: no such file" in proc.stdout.splitlines()
    assert "6 broken links" in proc.stderr
    (tiny_site / "index.html").write_text('<h1 id="top">首页</h1><a href="b.html#present">好</a>',
                                        encoding="utf-8")
    (tiny_site / "assets" / "site.css").write_text("h1 { color: red }", encoding="utf-8")
    proc = run_zhiku("check", str(tiny_site), "--file", check=False)
    assert proc.returncode == 0, proc.stdout
    assert "0 broken links" in proc.stderr
