"""Done-when test of issue 20, as a new user does it: the wheel installed into a fresh
virtual environment outside the repository, `zhiku new`, three documents of their own (a
GBK text, a Markdown post with a tag outside the taxonomy, a saved web page), `zhiku build`
and `zhiku bundle`; then Chromium sees the site's own name, the article, its free tag page,
the timeline and search, and the bundle opened from file:// asks no other host for anything."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, screenshot, serve_dir
from test_bundle import _block_the_network, _search

SITE_NAME = "城市记忆资料库"
GBK_TEXT = ("老街的茶馆\n\n2019年3月12日，老街的茶馆重新开张，街坊们一早就排起了长队。"
            "茶馆的老板说，这里的盖碗茶已经卖了四十年。\n")
POST = """---
title: 整理旧照片的方法
date: 2021-06-05
tags: [知识管理]
---

2021年6月5日，我们开始把旧照片扫描成电子档案，并按街道和年份编号。

每张照片都记下拍摄地点和人物，方便以后检索。
"""
WEB_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>河边的早市 - 本地新闻</title>
<meta property="article:published_time" content="2020-09-01T08:00:00+08:00"></head>
<body><nav><a href="/">首页</a> | <a href="/news">新闻</a></nav>
<article><h1>河边的早市</h1><p>2020年9月1日，河边的早市搬进了新建的市场大棚，摊贩们说再也不怕下雨了。</p>
<p>早市每天清晨五点开门，卖菜的、卖早点的都有，周末人最多。</p></article>
<footer>版权所有</footer></body></html>
"""


def _run(*cmd, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    proc = subprocess.run([str(c) for c in cmd], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env={**env, "NO_MKDOCS_2_WARNING": "1"})
    assert proc.returncode == 0, f"{cmd} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="module")
def own_kb(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("own-kb")
    assert ROOT not in tmp.parents
    _run(sys.executable, "-m", "pip", "wheel", ROOT, "--no-deps", "--quiet", "-w", tmp / "wheels", cwd=tmp)
    wheel = next((tmp / "wheels").glob("zhiku-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "generator/theme/main.html" in names and "generator/defaults/project/zhiku.yml" in names
    _run(sys.executable, "-m", "venv", tmp / "venv", cwd=tmp)
    bin_dir = tmp / "venv" / "bin"
    _run(bin_dir / "python", "-m", "pip", "install", "--quiet", wheel, cwd=tmp, timeout=900)
    zhiku = bin_dir / "zhiku"
    _run(zhiku, "new", "kb", "--name", SITE_NAME, "--description", "老街、茶馆和早市的记录", cwd=tmp)
    kb = tmp / "kb"
    sources = kb / "sources"
    (sources / "茶馆.txt").write_bytes(GBK_TEXT.encode("gbk"))
    (sources / "photos.md").write_text(POST, encoding="utf-8")
    (sources / "market.html").write_text(WEB_PAGE, encoding="utf-8")
    build = _run(zhiku, "build", cwd=kb)
    assert "Traceback" not in build.stderr
    _run(zhiku, "bundle", cwd=kb)
    return kb


@pytest.mark.browser
def test_a_wheel_installed_outside_the_repository_builds_the_users_own_site(own_kb, page):
    site = own_kb / "site"
    server, url = serve_dir(site)
    try:
        page.goto(url)
        assert SITE_NAME in page.title()
        assert SITE_NAME in page.locator(".md-header__topic").first.inner_text()
        assert "阿里巴巴" not in page.content()
        # the article, and its free tag's page listing it
        page.goto(url + "tags/")
        page.get_by_role("link", name="知识管理").first.click()
        assert page.locator(".md-content h1").first.inner_text() == "知识管理"
        tag_page = page.url
        page.locator(".md-content a[href*='timeline/?tag=']").first.click()   # its events
        page.wait_for_selector("button.zk-filter[data-tag='知识管理'][aria-pressed='true']")
        page.goto(tag_page)
        page.get_by_role("link", name="整理旧照片的方法").first.click()
        assert "/articles/2021/" in page.url
        assert "扫描成电子档案" in page.locator(".md-content").inner_text()
        screenshot(page, "own-kb-article")
        # the timeline holds the events of all three documents
        page.goto(url + "timeline/")
        timeline = page.locator(".md-content").inner_text()
        for event in ("茶馆重新开张", "早市搬进", "扫描成电子档案"):
            assert event in timeline, event
        # search finds a word of the GBK text
        page.goto(url)
        assert any("盖碗茶" in t.replace("\u200b", "") for t in _search(page, "盖碗茶"))
    finally:
        server.shutdown()


@pytest.mark.browser
def test_its_offline_bundle_asks_no_other_host(own_kb, page, tmp_path):
    zips = list((own_kb / "dist").glob("*-offline.zip"))
    assert len(zips) == 1
    with zipfile.ZipFile(zips[0]) as zf:
        zf.extractall(tmp_path)
    index = next(tmp_path.glob("*/index.html"))
    blocked = _block_the_network(page)
    page.goto(index.as_uri())
    assert SITE_NAME in page.title()
    assert any("早市" in t.replace("\u200b", "") for t in _search(page, "早市"))
    page.locator(".md-search-result__item a").first.click()
    assert "早市" in page.locator(".md-content").inner_text()
    assert blocked == [], f"requests to other hosts from the bundle: {blocked}"


@pytest.mark.browser
def test_the_plugin_in_a_mkdocs_yml_made_by_mkdocs_new(own_kb, page):
    """`mkdocs new`, then `plugins: [search, zhiku]`: a clear error until the theme is
    Material, then plain `mkdocs build` makes the same kind of site, every link resolving."""
    bin_dir = own_kb.parent / "venv" / "bin"
    _run(bin_dir / "mkdocs", "new", "mk", cwd=own_kb.parent)
    mk = own_kb.parent / "mk"
    config = mk / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "plugins:\n  - search\n  - zhiku\n", encoding="utf-8")
    (mk / "zhiku.yml").write_text(f"source: {own_kb / 'sources'}\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    refused = subprocess.run([str(bin_dir / "mkdocs"), "build"], cwd=mk, capture_output=True, text=True,
                             env={**env, "NO_MKDOCS_2_WARNING": "1"}, timeout=600)
    assert refused.returncode != 0 and "needs the Material theme" in refused.stderr
    assert "Traceback" not in refused.stderr
    config.write_text(config.read_text(encoding="utf-8") + "theme:\n  name: material\n", encoding="utf-8")
    _run(bin_dir / "mkdocs", "build", cwd=mk)
    _run(bin_dir / "zhiku", "check", "site", cwd=mk)    # exit 1 on any broken link or #anchor
    article = next((mk / "site" / "articles" / "2021").glob("*/index.html")).read_text(encoding="utf-8")
    assert "{: #p" not in article and "zk-meta" in article
    server, url = serve_dir(mk / "site")
    try:
        page.goto(url)
        assert "My Docs" in page.title()
        page.goto(url + "tags/")
        page.get_by_role("link", name="知识管理").first.click()
        page.get_by_role("link", name="整理旧照片的方法").first.click()
        assert "扫描成电子档案" in page.locator(".md-content").inner_text()
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        page.reload()
        assert not [u for u in requested if not u.startswith(url)], requested   # no Google Fonts
    finally:
        server.shutdown()
