"""What a reader meets around the text (issue 17, items 3, 4 and 8), in Chromium at 1280 px
and 390 px on built sites: summaries and link-preview tags, related reading and the
year's previous/next, the Chinese 404 page from a GitHub Pages project path, pictures in a
list, images whose address is a page, images that cannot load.

`tests/fixtures/reader/` is built with SITE_URL set to a project path
(https://zhiku.example/repo/) and served under /repo/ by a stand-in for GitHub Pages that
answers a missing address with the site's 404.html; the seeds are built as `make site`.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import ROOT, VIEWPORTS, BuiltSite, build_site, serve

FIXTURES = ROOT / "tests" / "fixtures" / "reader"
SITE_URL = "https://zhiku.example/repo/"
BROKEN = "http://127.0.0.1:9/photos/"   # the discard port: refused at once, no network

ARTICLES = {   # fixture -> its page under the site
    "essay": "articles/2021/xi-hu-shi-yi-jing/",
    "local": "articles/2021/ling-yin-si-yi-ri/",
    "pages": "articles/2021/xiang-mu-jie-tu-de-liang-ge-di-zhi/",
    "broken": "articles/2021/duan-qiao-can-xue/",
    "declared": "articles/2021/su-di-chun-xiao/",
    "excerpt": "articles/2020/lei-feng-xi-zhao/",
}


@pytest.fixture(scope="module")
def reader_site(tmp_path_factory) -> Path:
    """The fixtures built as GitHub Pages' workflow builds a project site (SITE_URL set)."""
    tmp = tmp_path_factory.mktemp("reader-site")
    exe = Path(sys.executable).with_name("zhiku")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "generator.cli"]
    subprocess.run([*cmd, "build", "--source", str(FIXTURES), "--site-dir", str(tmp / "site"),
                    "--work-dir", str(tmp / "work"), "--report", str(tmp / "report.json")],
                   cwd=ROOT, check=True, capture_output=True, text=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL})
    return tmp / "site"


class _ProjectPages(http.server.SimpleHTTPRequestHandler):
    """The site under /repo/, a missing address answered with 404.html and status 404."""

    def log_message(self, *args) -> None:
        pass

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        if not path.startswith("/repo/") and path != "/repo":
            return str(Path(self.directory) / "\0missing")
        return super().translate_path(path[len("/repo"):] or "/")

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def reader_url(reader_site):
    server, port = serve(functools.partial(_ProjectPages, directory=str(reader_site)))
    yield f"http://127.0.0.1:{port}/repo/"
    server.shutdown()


def meta(page, key: str) -> str | None:
    """The content of <meta name=key> or <meta property=key> (None when there is none)."""
    return page.evaluate("""key => {
        const m = document.querySelector(`meta[name="${key}"], meta[property="${key}"]`)
        return m ? m.getAttribute("content") : null }""", key)


# --- summaries and link previews -----------------------------------------------------------


@pytest.mark.browser
def test_each_article_carries_its_own_summary_and_preview_tags(reader_url, view):
    expected = {   # page -> (description, first image or None)
        "declared": ("苏堤春晓是西湖十景之首：六桥烟柳，一堤贯通南北。", BROKEN + "sudi.jpg"),
        "excerpt": ("雷峰塔在夕阳里的样子，是西湖十景之一。", None),
        "broken": ("断桥残雪是西湖十景之一，雪后初晴时，桥的阳面冰雪消融，阴面仍是白雪一片。"
                   "从白堤走向断桥，湖面上还飘着薄雾，远处的保俶塔只露出一个塔尖。", BROKEN + "duanqiao.jpg"),
        "essay": ("春天的西湖，我们从断桥走到苏堤，一整天拍下这十一张照片，按走过的顺序排在下面。",
                  BROKEN + "xihu-01.jpg"),
        "pages": ("这篇笔记记下两个仓库地址，它们常被误当成图片贴进文章里，浏览器只会显示一个空框。", None),
    }
    for name, (description, image) in expected.items():
        view.goto(reader_url + ARTICLES[name])
        title = view.locator("article h1").inner_text().strip()
        assert meta(view, "description") == description, name
        assert meta(view, "og:description") == description, name
        assert meta(view, "twitter:description") == description, name
        assert meta(view, "og:title") == title and meta(view, "twitter:title") == title, name
        assert meta(view, "og:type") == "article", name
        assert meta(view, "og:url") == SITE_URL + ARTICLES[name], name
        assert meta(view, "og:image") == image, name
        assert meta(view, "twitter:card") == ("summary_large_image" if image else "summary"), name


@pytest.mark.browser
def test_the_seed_articles_are_described_by_their_own_opening_not_the_site(seed_site, seed_url, view):
    site_description = "阿里巴巴双十一、北京冬奥会特许商品与商业服务生态的资料汇编"
    described = set()
    for doc in seed_site.report["documents"]:
        view.goto(seed_url + doc["url"])
        description = meta(view, "description")
        assert description and description != site_description, doc["source"]
        assert len(description) <= 120, doc["source"]
        # the summary is the article's own first sentences, not its title, not chrome
        text = "".join(view.locator("article").inner_text().split())
        assert "".join(description.split())[:20] in text, doc["source"]
        assert description != doc["title"]
        assert meta(view, "og:description") == description
        described.add(description)
    assert len(described) == len(seed_site.report["documents"])
    view.goto(seed_url)   # a page that is no article: the site's description, type website
    assert meta(view, "og:type") == "website" and meta(view, "og:description") == site_description
    view.goto(seed_url + "tags/tmall/")   # a tag page: the taxonomy's description of the tag
    assert meta(view, "description") == meta(view, "og:description") == "天猫平台（原淘宝商城）及天猫国际、天猫超市等业务。"


@pytest.mark.browser
def test_list_pages_show_each_documents_summary_under_its_title(reader_url, view):
    view.goto(reader_url + "documents/")
    items = view.locator(".zk-doc-list li")
    assert items.count() == 6
    for k in range(items.count()):
        item = items.nth(k)
        title_box = item.locator("a").first.bounding_box()
        summary = item.locator(".zk-doc-summary")
        assert summary.count() == 1 and len(summary.inner_text().strip()) >= 10
        assert summary.bounding_box()["y"] >= title_box["y"] + title_box["height"] - 1   # under it
    assert "苏堤春晓是西湖十景之首" in view.locator("article").inner_text()
    view.goto(reader_url + "tags/")
    view.locator(".zk-tag-cards a", has_text="西湖").first.click()
    view.wait_for_url("**/tags/*/")   # count on the tag's page, not on the one being left
    assert view.locator(".zk-doc-list .zk-doc-summary").count() == 4


# --- related reading, previous and next ----------------------------------------------------


@pytest.mark.browser
def test_related_documents_and_the_years_previous_and_next_lead_to_real_pages(reader_url, view):
    view.goto(reader_url + ARTICLES["essay"])
    reading = view.locator("nav.zk-reading")
    assert reading.is_visible()
    related = [a.get_attribute("href") for a in reading.locator(".zk-related__link").all()]
    assert 1 <= len(related) <= 5
    previous = reading.locator("a[rel=prev]")
    following = reading.locator("a[rel=next]")
    assert "苏堤春晓" in previous.inner_text() and "灵隐寺一日" in following.inner_text()
    # every link reaches a page that exists, and lands on the document it names
    for link in [*reading.locator(".zk-related__link").all(), previous, following]:
        name = link.locator(".zk-year-nav__title").inner_text() if link.get_attribute("rel") else link.inner_text()
        href = link.get_attribute("href")
        response = view.request.get(urljoin(view.url, href))
        assert response.status == 200, href
        assert f"<h1 id=\"zk-title\">{name.strip()}" in response.text(), href
    following.click()
    assert view.locator("article h1").inner_text().strip() == "灵隐寺一日"
    # the first of its year has no previous, the last no next; a year of one has neither
    view.goto(reader_url + ARTICLES["declared"])
    assert view.locator("a[rel=prev]").count() == 0 and view.locator("a[rel=next]").count() == 1
    view.goto(reader_url + ARTICLES["broken"])
    assert view.locator("a[rel=next]").count() == 0 and view.locator("a[rel=prev]").count() == 1
    view.goto(reader_url + ARTICLES["excerpt"])
    assert view.locator(".zk-year-nav").count() == 0
    assert view.locator(".zk-related__link").count() >= 1   # shares 西湖 with four others


@pytest.mark.browser
def test_seed_articles_offer_related_reading(seed_site, seed_url, view):
    pages = {d["url"] for d in seed_site.report["documents"]}
    for doc in seed_site.report["documents"]:
        view.goto(seed_url + doc["url"])
        links = view.locator("nav.zk-reading .zk-related__link")
        assert links.count() >= 1, doc["source"]
        for k in range(links.count()):
            target = view.evaluate("a => a.href", links.nth(k).element_handle())
            assert target[len(seed_url):] in pages and target[len(seed_url):] != doc["url"]


# --- the 404 page ---------------------------------------------------------------------------


@pytest.mark.browser
def test_missing_address_gets_a_chinese_404_with_ways_forward_from_a_project_path(reader_url, view):
    response = view.goto(reader_url + "no/such/page/")
    assert response.status == 404
    body = view.locator("article").inner_text()
    assert "找不到这个页面" in body and "Not found" not in body
    assert view.locator("article h1").inner_text().strip() == "找不到这个页面"
    ways = {a.inner_text().strip(): a.get_attribute("href")
            for a in view.locator(".zk-not-found__ways a").all()}
    assert ways["首页"] == "/repo/" and ways["标签"] == "/repo/tags/"
    recent = [a.get_attribute("href") for a in view.locator(".zk-not-found__recent a").all()]
    assert len(recent) == 6
    for href in [*ways.values(), *recent]:
        assert view.request.get(f"{reader_url[:-len('/repo/')]}{href}").status == 200, href
    view.locator(".zk-not-found__ways a", has_text="标签").click()
    assert view.locator("article h1").inner_text().strip() == "标签"
    # the search box is Material's own, opened from the page
    view.goto(reader_url + "another/missing")
    view.locator("label.zk-not-found__search").click()
    assert view.locator("input[data-md-component=search-query]").is_visible()


# --- images ---------------------------------------------------------------------------------


@pytest.mark.browser
def test_a_photo_essay_written_as_a_list_keeps_all_eleven_pictures(reader_url, view):
    view.goto(reader_url + ARTICLES["essay"])
    content = view.locator("article")
    assert "![" not in content.inner_text()
    # each picture is an image, or (its host refuses) the box that stands for it, in order
    pictures = view.locator("article img, article .zk-image-missing")
    ids = [pictures.nth(k).get_attribute("id") for k in range(pictures.count())]
    assert ids == [f"p{n}" for n in range(2, 13)]
    sources = view.evaluate("""() => [...document.querySelectorAll('article img, article .zk-image-missing a')]
        .map(e => e.getAttribute('src') || e.getAttribute('href'))""")
    assert sources == [f"{BROKEN}xihu-{n:02d}.jpg" for n in range(1, 12)]


@pytest.mark.browser
def test_pictures_that_could_not_be_kept_are_said_to_be_missing(reader_url, view):
    view.goto(reader_url + ARTICLES["local"])
    note = view.locator(".zk-images-dropped")
    assert note.count() == 1 and note.is_visible()
    assert "3 张图片未能收录" in note.inner_text() and "lingyin-01.jpg" in note.inner_text()


@pytest.mark.browser
def test_an_image_address_that_is_a_web_page_is_a_link(reader_url, view):
    view.goto(reader_url + ARTICLES["pages"])
    assert view.locator("article img").count() == 0
    for words, url in (("仓库文档目录", "https://github.com/owner/repo/tree/main/docs"),
                       ("截图文件页面", "https://github.com/owner/repo/blob/main/shot.png")):
        assert view.locator("article a", has_text=words).get_attribute("href") == url


@pytest.mark.browser
def test_an_image_that_cannot_load_shows_its_caption_and_link(reader_url, view):
    view.goto(reader_url + ARTICLES["broken"])
    box = view.locator("article .zk-image-missing")
    box.wait_for()
    assert box.get_attribute("id") == "p2"   # the anchor stays where it was
    assert "断桥雪后的清晨" in box.inner_text() and "图片无法加载" in box.inner_text()
    assert box.locator("a").get_attribute("href") == BROKEN + "duanqiao.jpg"
    size = box.bounding_box()
    assert size["height"] >= 20 and size["width"] >= 100
    assert view.evaluate("() => [...document.querySelectorAll('article img')]"
                         ".filter(i => i.complete && !i.naturalWidth).length") == 0
    # no inline script came with it: the page's own scripts are Material's and files
    scripts = view.evaluate("() => [...document.scripts].filter(s => !s.src).map(s => s.textContent)")
    assert not any("zk-image-missing" in s for s in scripts)


@pytest.mark.browser
def test_a_traditional_site_says_all_of_it_in_traditional(tmp_path_factory, browser):
    tmp = tmp_path_factory.mktemp("reader-hant")
    site: BuiltSite = build_site(tmp, FIXTURES, "--script", "hant")
    server, port = serve(functools.partial(_ProjectPages, directory=str(site.site_dir)))
    try:
        base = f"http://127.0.0.1:{port}/repo/"
        for viewport in VIEWPORTS.values():
            context = browser.new_context(viewport=viewport, locale="zh-TW")
            page = context.new_page()
            page.goto(base + "missing/")
            assert page.locator("article h1").inner_text().strip() == "找不到這個頁面"
            assert "最新文件" in page.locator("article").inner_text()
            page.goto(base + ARTICLES["broken"])
            box = page.locator("article .zk-image-missing")
            box.wait_for()
            assert "圖片無法載入" in box.inner_text() and "打開原圖" in box.inner_text()
            assert meta(page, "og:locale") == "zh_TW"
            reading = page.locator("nav.zk-reading").inner_text()
            assert "相關文件" in reading and "同年上一篇" in reading
            page.goto(base + ARTICLES["local"])
            assert "3 張圖片未能收錄" in page.locator(".zk-images-dropped").inner_text()
            context.close()
    finally:
        server.shutdown()
