"""A search without hits offers what to try instead (issue 17, item 5), in Chromium at
1280 px and 390 px on built sites (generator/assets/search/suggest.js,
generator/theme/assets/javascripts/search-suggest.js).

Each suggestion is a search that finds something: a word one edit away (冰墩敦 -> 冰墩墩), the
longest part of the query some page holds (冬奥会火锅店 -> 冬奥会), a close tag (-> 北京冬奥会),
the site's own script form where folding cannot join the two (随着 on a Traditional site
that writes 隨著). A query in no page with nothing near gets the plain notice. Suggesting
loads only the chunks that can hold a candidate, never the index.
"""

from __future__ import annotations

import shutil
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, VIEWPORTS, build_site, serve_dir
from test_search import open_search, search
from test_search_lazy import small_chunks
from test_site_script import simplified_only

NONE = "没有找到"
# Every answer the page's loader passes on, kept for the test to read.
RECORD_ANSWERS = """() => {
  window.__answers = []
  document.addEventListener('zhiku:search-answer', ev => window.__answers.push(ev.detail.answer))
}"""


def suggestions(page) -> list[str]:
    """The suggestions shown for the query just answered (waits for them)."""
    block = page.locator(".zk-search-suggest")
    block.wait_for(timeout=10_000)
    buttons = block.locator(".zk-search-suggest__item")
    return [buttons.nth(i).inner_text().strip() for i in range(buttons.count())]


def ask(page, query: str) -> dict:
    """Put `query` in the box (as search() does, in any of the site's languages) and wait
    for the engine's answer to it."""
    box = page.locator("input.md-search__input")
    box.fill("")
    page.evaluate("() => { window.__answers = [] }")
    box.fill(query)
    return answer_for(page, query)


def answer_for(page, query: str) -> dict:
    """The engine's answer to `query`, as the page received it."""
    page.wait_for_function("q => window.__answers.some(a => a.query === q)", arg=query, timeout=10_000)
    return page.evaluate("q => window.__answers.filter(a => a.query === q).pop()", query)


@pytest.mark.browser
def test_a_query_without_hits_offers_searches_that_find_something(seed_url, view):
    requested = []
    view.on("request", lambda request: requested.append(request.url))
    view.goto(seed_url)
    view.wait_for_load_state("networkidle")
    assert not [url for url in requested if "search-suggest" in url]   # a page view loads nothing for it
    open_search(view)
    expected = {   # query -> what must be offered, first
        "冬奥会火锅店": ["冬奥会", "北京冬奥会"],    # its longest part, then the close tag
        "冰墩敦": ["冰墩墩"],                    # one character off
        "双千一": ["双十一"],                    # ... the middle one: no pair of it left
        "服务生太": ["服务生态"],
        "taobaoo": ["taobao"],                  # a Latin word one letter off
        "隨著": ["随着"],                        # Traditional on a Simplified site: the fold keeps 著
    }
    offered = {}
    for query, first in expected.items():
        assert search(view, query) == []
        assert NONE in view.locator(".md-search-result__meta").inner_text()
        shown = suggestions(view)
        assert shown[:len(first)] == first, (query, shown)
        assert 1 <= len(shown) <= 5 and len(set(shown)) == len(shown)
        assert view.locator(".zk-search-suggest__label").inner_text().strip() == "试试："
        assert view.locator(".zk-search-suggest__item").first.is_visible()
        offered[query] = shown
    for query, shown in offered.items():      # each one finds something
        for text in shown:
            assert search(view, text), (query, text)
    # a click puts the suggestion in the box and searches it
    search(view, "冬奥会火锅店")
    suggestions(view)
    view.locator(".zk-search-suggest__item", has_text="北京冬奥会").click()
    view.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    assert view.locator("input.md-search__input").input_value() == "北京冬奥会"
    assert NONE not in view.locator(".md-search-result__meta").inner_text()
    assert view.locator(".zk-search-suggest").count() == 0
    # the box's clear button takes them away with the query
    search(view, "冰墩敦")
    suggestions(view)
    view.locator("button.md-search__icon[type=reset]").click()
    assert view.locator("input.md-search__input").input_value() == ""
    assert view.locator(".zk-search-suggest").count() == 0


@pytest.mark.browser
def test_a_query_in_no_page_with_nothing_near_gets_the_plain_notice(seed_url, view):
    view.goto(seed_url)
    open_search(view)
    view.evaluate(RECORD_ANSWERS)
    for query in ("zzqxjvw", "宇航员钢琴", "龘靐齉"):
        assert search(view, query) == []
        answer = answer_for(view, query)
        assert answer["items"] == [] and answer["suggestions"] == [], answer   # looked, found none
        view.wait_for_timeout(200)
        assert NONE in view.locator(".md-search-result__meta").inner_text()
        assert view.locator(".zk-search-suggest").count() == 0


@pytest.fixture(scope="module")
def hant_seed_url(tmp_path_factory):
    site = build_site(tmp_path_factory.mktemp("suggest-hant"), ROOT / "seeds", "--script", "hant")
    server, url = serve_dir(site.site_dir)
    yield url
    server.shutdown()


@pytest.mark.browser
def test_a_traditional_site_suggests_its_own_forms_with_traditional_labels(hant_seed_url, browser):
    """The fold maps 著 to itself, so a Simplified 随着 finds nothing on a site that writes
    隨著: the site's form is offered. Parts are shown as the site writes them."""
    for viewport in VIEWPORTS.values():
        context = browser.new_context(viewport=viewport, locale="zh-TW")
        page = context.new_page()
        try:
            page.goto(hant_seed_url)
            open_search(page)
            page.evaluate(RECORD_ANSWERS)
            assert ask(page, "随着")["items"] == []
            assert suggestions(page)[0] == "隨著"
            block = page.locator(".zk-search-suggest")
            texts = [block.inner_text(), block.get_attribute("aria-label"),
                     *page.eval_on_selector_all(".zk-search-suggest__item", "bs => bs.map(b => b.title)")]
            assert page.locator(".zk-search-suggest__label").inner_text().strip() == "試試："
            assert all(texts) and not simplified_only(texts), texts
            page.locator(".zk-search-suggest__item", has_text="隨著").click()
            page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
            assert page.locator("input.md-search__input").input_value() == "隨著"
            assert ask(page, "冬奥会火锅店")["items"] == []
            assert suggestions(page)[:2] == ["冬奧會", "北京冬奧會"]
        finally:
            context.close()


@pytest.fixture
def many_chunks(seed_site, tmp_path, monkeypatch):
    """The seed site's index cut into many small chunks and map pieces, as a large
    collection's is; returns (URL, chunk paths, the entries of each chunk)."""
    site = tmp_path / "site"
    shutil.copytree(seed_site.site_dir, site)
    chunks, maps, contents = small_chunks(site, monkeypatch)
    assert len(chunks) >= 5 and len(maps) >= 3
    server, url = serve_dir(site)
    yield url, chunks, contents
    server.shutdown()


def holds_pairs(entries: list[dict], word: str) -> bool:
    """Each character pair of `word` is somewhere in these entries (what the map says)."""
    text = "\n".join(e["title"] + "\n" + e["text"] for e in entries).lower()
    return all(word[k:k + 2] in text for k in range(len(word) - 1))


@pytest.mark.browser
def test_suggesting_loads_only_chunks_that_can_hold_a_suggestion(many_chunks, page):
    url, chunks, contents = many_chunks
    requested = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path.lstrip("/")))
    page.goto(url)
    open_search(page)
    assert search(page, "taobaoo") == []           # its pairs are in many chunks, the word in none
    assert suggestions(page) == ["taobao"]
    loaded = {path for path in requested if path.startswith("search/chunk-")}
    can_hold = {chunks[n] for n, entries in enumerate(contents) if holds_pairs(entries, "taobao")}
    assert loaded and loaded <= can_hold and len(loaded) <= 2 < len(chunks), (loaded, can_hold)


def test_the_script_table_joins_what_the_fold_leaves_apart():
    """The fold keeps 著 and 衞 (they are characters of either script): the other form is
    listed both ways; a pair the fold already joins (后/後) is not."""
    from generator.site.search_suggest import script_alternates

    table = script_alternates()
    assert "著" in table["着"] and "着" in table["著"]
    assert "衞" in table["卫"] and "卫" in table["衞"]
    assert "后" not in table and "後" not in table
    assert 50 <= len(table) <= 300


def test_the_tag_list_counts_pages_once_and_keeps_the_most_used():
    from generator.site.search_suggest import MAX_TAGS, search_tags

    docs = [{"location": "a/", "tags": ["双十一", "淘宝", "双十一"]}, {"location": "a/#x", "tags": ["双十一"]},
            {"location": "b/", "tags": ["双十一", {"bad": 1}, "x" * 41]}]
    assert search_tags(docs) == [["双十一", 2], ["淘宝", 1]]
    many = [{"location": f"p{n}/", "tags": [f"t{n:05d}", "common"]} for n in range(MAX_TAGS + 5)]
    kept = search_tags(many)
    assert len(kept) == MAX_TAGS and ["common", MAX_TAGS + 5] in kept
    assert [tag for tag, _ in kept] == sorted(tag for tag, _ in kept)
