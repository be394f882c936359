"""The copies of one story on a built site, in Chromium: the article's "同一报道的其他来源"
and the documents list grouping a story under its earliest copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import build_site, serve_dir

DOCS = Path(__file__).parent / "fixtures" / "duplicates" / "docs"
FILES = ("xwlb-20200124-xiaoyu2er.md", "xwlb-20200124-felix-jung.md", "xwlb-20200125-xiaoyu2er.md",
         "mcpfe-cache-management-zh-cn.md", "mcpfe-cache-management-zh-tw.md")


@pytest.fixture(scope="module")
def dup_site(tmp_path_factory):
    source = tmp_path_factory.mktemp("dup-source")
    for name in FILES:
        shutil.copyfile(DOCS / name, source / name)
    built = build_site(tmp_path_factory.mktemp("dup-site"), source)
    server, url = serve_dir(built.site_dir)
    yield built, url
    server.shutdown()


@pytest.mark.browser
def test_article_links_to_the_other_copies_of_its_story(dup_site, page):
    built, url = dup_site
    tw, cn = built.doc("mcpfe-cache-management-zh-tw.md"), built.doc("mcpfe-cache-management-zh-cn.md")
    assert [d["source"] for d in tw["duplicates"]] == [cn["source"]]
    page.goto(url + tw["url"])
    section = page.locator(".zk-copies")
    assert section.locator(".zk-copies__title").inner_text() == "同一报道的其他来源"
    links = section.locator("a.zk-copies__link")
    assert links.count() == 1
    links.first.click()
    page.wait_for_load_state()
    assert page.url == url + cn["url"]
    back = page.locator(".zk-copies a.zk-copies__link")
    assert back.count() == 1 and back.first.get_attribute("href")
    lone = built.doc("xwlb-20200125-xiaoyu2er.md")
    page.goto(url + lone["url"])
    assert page.locator(".zk-copies").count() == 0


@pytest.mark.browser
def test_documents_list_shows_a_story_once_under_its_first_copy(dup_site, page):
    built, url = dup_site
    page.goto(url + "documents/")
    items = page.locator(".zk-doc-list > ul > li")
    assert items.count() == 3          # 5 documents, 3 stories
    nested = page.locator(".zk-doc-list .zk-copies a")
    assert nested.count() == 2
    hrefs = {page.evaluate("(a) => a.href", h) for h in nested.element_handles()}
    copies = {url + built.doc(s)["url"] for s in FILES[:2] + FILES[3:]}
    assert hrefs < copies


@pytest.mark.browser
def test_search_returns_a_story_once_with_its_other_sources(dup_site, page):
    from test_search import open_search, search

    built, url = dup_site
    page.goto(url)
    open_search(page)
    copies = {"/" + built.doc(s)["url"] for s in FILES[:2]}
    items = search(page, "辞旧岁 迎新春 共祝中国年")     # in both copies of 新闻联播 2020-01-24
    hrefs = [page.evaluate("(a) => new URL(a.href).pathname", i.locator("a").first.element_handle())
             for i in items]
    assert len([h for h in hrefs if h in copies]) == 1
    story = items[[n for n, h in enumerate(hrefs) if h in copies][0]]
    assert story.locator(".zk-search-sources").inner_text() == "另有 1 个来源"
    # a page that is no copy carries no such note
    lone = "/" + built.doc("xwlb-20200125-xiaoyu2er.md")["url"]
    items = search(page, "研究新型冠状病毒感染的肺炎疫情防控工作")
    hrefs = [page.evaluate("(a) => new URL(a.href).pathname", i.locator("a").first.element_handle())
             for i in items]
    assert lone in hrefs
    assert items[hrefs.index(lone)].locator(".zk-search-sources").count() == 0


@pytest.mark.browser
def test_home_latest_documents_show_a_story_once_under_its_first_copy(dup_site, browser):
    built, url = dup_site
    for viewport in ({"width": 1280, "height": 900}, {"width": 390, "height": 844}):
        context = browser.new_context(viewport=viewport, locale="zh-CN")
        page = context.new_page()
        page.goto(url)
        latest = page.locator("#latest + .zk-doc-list")
        items = latest.locator(":scope > ul > li")
        assert items.count() == 3          # 5 documents, 3 stories
        heads = {page.evaluate("(li) => li.querySelector('a').href", i.element_handle())
                 for i in items.all()}
        nested = {page.evaluate("(a) => a.href", a) for a in latest.locator(".zk-copies a").element_handles()}
        assert len(nested) == 2 and not nested & heads
        stories = (FILES[:2], FILES[3:])   # each listed under its earliest copy
        firsts = {min(pair, key=lambda s: (built.doc(s)["date"] is None, built.doc(s)["date"] or "", s))
                  for pair in stories}
        assert heads & {url + built.doc(s)["url"] for s in FILES[:2] + FILES[3:]} == \
            {url + built.doc(s)["url"] for s in firsts}
        assert nested == {url + built.doc(s)["url"] for s in FILES[:2] + FILES[3:] if s not in firsts}
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        context.close()
