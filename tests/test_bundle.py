"""The offline bundle (`zhiku bundle`): one deterministic zip that, unzipped anywhere and
opened from file://, works without any network: navigation, Chinese search, tags, the
timeline and its filters, mirrored images. A real Chromium walks it with every non-file
request blocked and counted."""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ROOT, run_zhiku, screenshot, serve
from generator.site.linkcheck import check_site, external_resources
from test_images import GOOD_PNG, ImageHost, private_hosts_config

BUNDLE_NAME = "zhi-ku-a-li-ba-ba-zi-liao-ku-offline"   # pinyin of mkdocs.yml's site_name


@dataclass(frozen=True)
class Bundle:
    zip_path: Path
    root: Path           # the unzipped site (the zip's single top folder)
    report: dict
    image_url: str       # a remote image that was mirrored
    missing_url: str     # a remote image that failed (404)


def _image_document(folder: Path, good: str, missing: str) -> None:
    (folder / "zz-tu-pian.html").write_text(
        "<html><head><title>离线图片测试</title></head><body><h1>离线图片测试</h1>"
        "<p>2023年5月1日，这篇文章带有两张远程图片，用来检查离线包里的图片。</p>"
        f'<p><img src="{good}" alt="能下载的配图"></p><p><img src="{missing}" alt="下载失败的配图"></p>'
        "<p>文章的最后一段。</p></body></html>", encoding="utf-8")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Bundle:
    """The seeds plus one page with remote images, bundled while a local image host runs."""
    import json

    tmp = tmp_path_factory.mktemp("bundle")
    server, port = serve(ImageHost)
    host = f"http://127.0.0.1:{port}"
    good, missing = f"{host}/good.png?bundle", f"{host}/missing.png?bundle"
    source = tmp / "src"
    shutil.copytree(ROOT / "seeds", source)
    _image_document(source, good, missing)
    try:
        run_zhiku("bundle", "--source", str(source), "--out", str(tmp / "site.zip"),
                  "--work-dir", str(tmp / "work"), "--report", str(tmp / "report.json"),
                  *private_hosts_config(tmp))     # the stand-in image host is on 127.0.0.1
    finally:
        server.shutdown()               # from here on, the image host is gone
    with zipfile.ZipFile(tmp / "site.zip") as zf:
        zf.extractall(tmp / "unzipped")
    (root,) = (tmp / "unzipped").iterdir()
    report = json.loads((tmp / "report.json").read_text(encoding="utf-8"))
    return Bundle(tmp / "site.zip", root, report, good, missing)


def test_bundle_is_one_folder_with_the_site_and_the_shim_licence(bundle):
    with zipfile.ZipFile(bundle.zip_path) as zf:
        names = zf.namelist()
        infos = zf.infolist()
    assert names == sorted(names)
    assert {n.split("/")[0] for n in names} == {bundle.root.name}
    assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in infos)
    for rel in ("index.html", "assets/vendor/iframe-worker/shim.js",
                "assets/vendor/iframe-worker/LICENSE"):
        assert (bundle.root / rel).is_file(), rel
    assert not (bundle.root / "sitemap.xml").exists() and not (bundle.root / "404.html").exists()
    assert not [n for n in names if n.endswith(".map")]
    licence = (bundle.root / "assets/vendor/iframe-worker/LICENSE").read_text(encoding="utf-8")
    assert "Martin Donath" in licence and "Permission is hereby granted" in licence


def test_bundle_references_no_other_host(bundle):
    assert external_resources(bundle.root) == []
    index = (bundle.root / "index.html").read_text(encoding="utf-8")
    assert 'src="assets/vendor/iframe-worker/shim.js"' in index      # not unpkg.com
    assert "unpkg.com" not in index and "fonts.googleapis" not in index


def test_bundle_links_all_resolve_on_file_urls(bundle):
    assert check_site(bundle.root, mode="file") == []


def test_bundle_mirrors_images_and_reports_the_failed_one(bundle):
    images = list((bundle.root / "images").iterdir())
    assert [p.read_bytes() for p in images] == [GOOD_PNG]
    doc = next(d for d in bundle.report["documents"] if d["source"] == "zz-tu-pian.html")
    assert [w for w in doc["warnings"] if w.startswith("image-download:")] == \
        [f"image-download: {bundle.missing_url}: HTTP 404"]


def test_default_bundle_path_and_byte_identical_rebuilds(tmp_path):
    """Built twice from the same seeds (separate work dirs, so no cache is shared):
    the same bytes, at dist/<site-name-slug>-offline.zip under the current folder."""
    zips = []
    for n in (1, 2):
        cwd = tmp_path / f"run{n}"
        cwd.mkdir()
        run_zhiku("bundle", "--mkdocs-config", str(ROOT / "mkdocs.yml"), "--source",
                  str(ROOT / "seeds"), "--work-dir", str(cwd / "work"), cwd=cwd)
        zips.append(cwd / "dist" / f"{BUNDLE_NAME}.zip")
    assert zips[0].is_file()
    assert zips[0].read_bytes() == zips[1].read_bytes()


def _block_the_network(page) -> list[str]:
    """Abort and record every request that is not for a local file."""
    blocked: list[str] = []

    def handle(route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    page.context.route("**/*", handle)
    page.on("request", lambda r: None if r.url.startswith(("file:", "data:", "blob:", "about:"))
            else blocked.append(r.url))
    return blocked


def _search(page, query: str) -> list[str]:
    """Type like a reader; Material ignores what was typed before its index was ready,
    so type again (up to ~15 s) until results appear."""
    box = page.locator("input.md-search__input")
    results = page.locator(".md-search-result__item")
    for _ in range(10):
        box.click()
        box.fill("")
        page.keyboard.type(query, delay=30)
        try:
            results.first.wait_for(timeout=1_500)
            return results.all_inner_texts()
        except Exception:   # playwright TimeoutError: not ready yet
            continue
    return []


@pytest.mark.browser
def test_bundle_from_file_urls_searches_and_walks_home_tag_article_timeline(bundle, page):
    blocked = _block_the_network(page)
    page.goto((bundle.root / "index.html").as_uri())
    assert "知库" in page.title()
    for query in ("冰墩墩", "双十一"):
        _search_and_open_a_result(page, bundle, query)
    _walk_home_tag_article_timeline(page)
    _see_mirrored_and_failed_images(page, bundle)
    assert blocked == [], f"requests to other hosts from file:// pages: {blocked}"


@pytest.mark.browser
def test_network_blocking_counts_what_a_file_page_fetches(page, tmp_path):
    """The harness above can fail: a file:// page that fetches from a host is caught."""
    html = tmp_path / "leaky.html"
    html.write_text('<img src="http://127.0.0.1:9/x.png"><script src="https://unpkg.com/a.js">'
                    '</script><p>本地</p>', encoding="utf-8")
    blocked = _block_the_network(page)
    page.goto(html.as_uri())
    page.wait_for_timeout(300)
    assert {"http://127.0.0.1:9/x.png", "https://unpkg.com/a.js"} <= set(blocked)


def _search_and_open_a_result(page, bundle: Bundle, query: str) -> None:
    texts = _search(page, query)
    # the search index separates words with zero-width spaces: ignore them
    assert any(query in t.replace("\u200b", "") for t in texts), (query, texts)
    screenshot(page, f"bundle-search-file-url-{len(query)}-{ord(query[0]):x}")
    page.locator(".md-search-result__item a").first.click()
    opened = Path(unquote(urlsplit(page.url).path))
    assert opened.suffix == ".html" and opened.is_file() and bundle.root in opened.parents
    assert query in page.locator(".md-content").inner_text().replace("\u200b", "")
    page.goto((bundle.root / "index.html").as_uri())


def _walk_home_tag_article_timeline(page) -> None:
    page.locator(".md-content a[href^='tags/']:not([href^='tags/index'])").first.click()
    assert page.url.startswith("file://") and "/tags/" in page.url and page.url.endswith(".html")
    assert page.locator(".md-content h1").first.inner_text()
    tag_page = page.url
    # the tag's events: its timeline link (raw HTML, relinked for file://) opens filtered
    to_timeline = page.locator(".md-content a[href*='timeline.html?tag=']").first
    tag_id = to_timeline.get_attribute("href").split("?tag=")[1]
    to_timeline.click()
    page.wait_for_selector(f"button.zk-filter[data-tag='{tag_id}'][aria-pressed='true']")
    assert page.locator("button.zk-filter[aria-pressed='true']").count() == 1
    page.goto(tag_page)
    page.locator(".md-content a[href*='articles/']").first.click()
    assert "/articles/" in page.url and page.url.endswith(".html")
    assert page.locator(".md-content h1").first.inner_text()
    screenshot(page, "bundle-article-file-url")

    page.locator("a.md-nav__link[href$='timeline.html']").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/timeline.html")
    page.wait_for_selector("li.zk-event", state="attached")  # the click may return before the DOM
    total = page.locator("li.zk-event").count()
    assert total > 0
    chip = page.locator("button.zk-filter[data-tag]:not([data-tag=''])").first
    wanted = int(chip.locator(".zk-count").inner_text())
    chip.click()
    assert page.locator("li.zk-event:visible").count() == wanted < total


def _see_mirrored_and_failed_images(page, bundle: Bundle) -> None:
    doc = next(d for d in bundle.report["documents"] if d["source"] == "zz-tu-pian.html")
    page.goto((bundle.root / doc["page"].replace(".md", ".html")).as_uri())
    img = page.locator(".md-content img[src*='images/']").first
    img.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
    assert img.evaluate("img => img.naturalWidth") == 8
    link = page.locator(f".md-content a[href='{bundle.missing_url}']")
    assert link.inner_text() == "原图"
    assert "下载失败的配图" in page.locator(".md-content").inner_text()
    screenshot(page, "bundle-images-file-url")


def test_folder_style_links_in_raw_html_are_pointed_at_files(tmp_path):
    """What MkDocs leaves alone (raw HTML written for folder URLs) is fixed for file://;
    links that already work, anchors and external links are not touched."""
    from generator.site.bundle import relink_for_files

    pages = {
        "index.html": '<h1 id="top">知库</h1><a href="tags/">标签</a> <a href="timeline/#y2022">时间线</a> '
                      '<a href="timeline.html">已可用</a> <a href="#top">锚点</a> '
                      '<a href="https://example.org/x/">外链</a> <a href="nowhere/">无此页</a>',
        "tags/index.html": '<a href="../tags/tmall/">天猫</a>',
        "tags/tmall.html": '<a href="../../timeline/?tag=tmall">天猫事件</a> <img src="../pic.png">',
        "timeline.html": '<h2 id="y2022">2022</h2>',
        "pic.png": "png",
    }
    for rel, text in pages.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    assert relink_for_files(tmp_path) == 4
    read = lambda rel: (tmp_path / rel).read_text(encoding="utf-8")  # noqa: E731
    assert read("index.html") == (
        '<h1 id="top">知库</h1><a href="tags/index.html">标签</a> <a href="timeline.html#y2022">时间线</a> '
        '<a href="timeline.html">已可用</a> <a href="#top">锚点</a> '
        '<a href="https://example.org/x/">外链</a> <a href="nowhere/">无此页</a>')
    assert read("tags/index.html") == '<a href="tmall.html">天猫</a>'
    assert read("tags/tmall.html") == '<a href="../timeline.html?tag=tmall">天猫事件</a> <img src="../pic.png">'
    assert _broken_besides(tmp_path, "nowhere/") == []


def _broken_besides(site: Path, known: str) -> list:
    return [b for b in check_site(site, mode="file") if b.target != known]


def test_offline_settings_on_the_loaded_config():
    """enable_offline on mkdocs.yml as loaded: offline plugin on, local shim, no site_url,
    file URLs, and no instant navigation (it fetches pages with XHR, refused on file://)."""
    from generator.site.build import OFFLINE_SHIM, enable_offline, load_mkdocs_config

    cfg = load_mkdocs_config(ROOT / "mkdocs.yml")
    cfg["theme"]["features"] = [*cfg["theme"]["features"], "navigation.instant",
                                "navigation.instant.progress"]
    cfg["extra"]["polyfills"] = ["https://unpkg.com/iframe-worker/shim"]
    cfg["site_url"] = "https://user.github.io/repo/"
    enable_offline(cfg)
    plugin = cfg["plugins"].get("material/offline") or cfg["plugins"]["offline"]
    assert plugin.config.enabled is True
    assert cfg["extra"]["polyfills"] == [OFFLINE_SHIM]
    assert (ROOT / "generator" / "theme" / OFFLINE_SHIM).is_file()
    assert cfg["site_url"] is None and cfg["use_directory_urls"] is False
    assert not [f for f in cfg["theme"]["features"] if f.startswith("navigation.instant")]
