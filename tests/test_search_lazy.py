"""What search downloads, and when it answers (issue 19), in Chromium on built sites.

A page view that does not search downloads nothing for search (no engine, no map, no
chunk); turning to the search box starts the engine; a query loads the map pieces of its
character pairs and then only the chunks that can hold it, and is answered once, when they
are all in: never "no results" while a chunk that could match is loading, never a top 3
that changes; a query of several common words is answered from a few chunks, says so, and
searches the rest on request below what it showed. The plain build searches from file://
too (Material's iframe shim).
"""

from __future__ import annotations

import json
import random
import re
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import serve_dir
from test_search import open_search, search
from test_search_chunkmap import without_reaches
import generator.site.search
import generator.site.search_filter
from generator.conversion.fold import search_folds

pytestmark = pytest.mark.browser

SEARCH_FILES = re.compile(r"/search/|/workers/search\.|iframe-worker")
NONE = "没有找到"


@pytest.mark.parametrize("width", [1280, 390])
def test_a_page_view_downloads_nothing_for_search(seed_site, seed_url, page, width):
    page.set_viewport_size({"width": width, "height": 900 if width > 600 else 844})
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    article = seed_site.doc("000_fe844d033abd5169.txt")["url"]
    for path in ("", article):
        page.goto(seed_url + path)
        page.wait_for_load_state("networkidle")
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(300)
    assert [url for url in requested if SEARCH_FILES.search(url)] == []
    open_search(page)                          # the header's button on a phone, the box on a desktop
    assert search(page, "冰墩墩")
    assert any("/workers/search." in url for url in requested)
    assert any("/search/chunk-" in url for url in requested)


def test_the_search_key_starts_the_engine(seed_url, page):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(seed_url)
    page.wait_for_load_state("networkidle")
    assert not any(SEARCH_FILES.search(url) for url in requested)
    page.keyboard.press("/")
    page.wait_for_function("!document.querySelector('.md-search-result__meta')"
                           ".textContent.includes('初始化')", timeout=10_000)
    assert any("/workers/search." in url for url in requested)


def small_chunks(site: Path, monkeypatch) -> tuple[list[str], list[str], list[list[dict]]]:
    """Cut a built site's index into many chunks and map pieces, as a large collection's
    is, and name them in the engine's script as the build does."""
    index = site / "search/search_index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    docs = []
    for chunk in data["config"]["chunks"]:
        docs += read_chunk(site / chunk)
    monkeypatch.setattr(generator.site.search, "CHUNK_BYTES", 3_000)
    monkeypatch.setattr(generator.site.search, "MAP_MIN_CHUNKS", 2)
    monkeypatch.setattr(generator.site.search_filter, "PIECE_BYTES", 1_500, raising=False)
    chunks, maps, boosts = generator.site.search.write_chunks(site, docs)
    files = {"chunks": chunks, "maps": maps, "entries": len(docs), "boosts": boosts}
    data["config"].update(files)
    index.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    generator.site.search.install_engine(site, files)
    return chunks, maps, [read_chunk(site / chunk) for chunk in chunks]


def read_chunk(path: Path) -> list[dict]:
    return generator.site.search.read_chunk(path.read_text(encoding="utf-8"))


def holds(entries: list[dict], key: str) -> bool:
    tags = "\n".join("\n".join(e.get("tags") or ()) for e in entries).translate(search_folds())
    return any(key in e["title"] or key in e["text"] for e in entries) or key in tags


@pytest.fixture
def chunked_site(seed_site, tmp_path, monkeypatch):
    site = tmp_path / "site"
    shutil.copytree(seed_site.site_dir, site)
    chunks, maps, contents = small_chunks(site, monkeypatch)
    assert len(chunks) >= 5
    server, url = serve_dir(site)
    yield url, chunks, maps, contents
    server.shutdown()


def test_a_query_loads_its_map_pieces_and_only_the_chunks_that_can_hold_it(chunked_site, page):
    url, chunks, maps, contents = chunked_site
    assert len(maps) >= 3
    requested = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path.lstrip("/")))
    page.goto(url)
    open_search(page)
    assert not [path for path in requested if path.startswith("search/")]
    assert search(page, "冰墩墩")
    pairs = ("冰墩", "墩墩")
    wanted_pieces = {maps[generator.site.search_filter.key_piece(pair, len(maps))] for pair in pairs}
    loaded_maps = {path for path in requested if path.startswith("search/map-")}
    assert loaded_maps == wanted_pieces
    loaded = {path for path in requested if path.startswith("search/chunk-")}
    whole = {chunks[n] for n, entries in enumerate(contents) if holds(entries, "冰墩墩")}
    pieces = {chunks[n] for n, entries in enumerate(contents) if any(holds(entries, p) for p in pairs)}
    assert whole and whole <= loaded <= pieces, (whole, loaded, pieces)
    assert len(loaded) < len(chunks) / 2
    before = set(requested)
    assert search(page, "qzxvw") == []                     # pairs in no chunk: no chunk loaded
    assert NONE in page.locator(".md-search-result__meta").inner_text()
    assert not [path for path in set(requested) - before if path.startswith("search/chunk-")]


OBSERVE = """() => {
  window.__shown = []
  const list = document.querySelector('.md-search-result__list')
  const meta = document.querySelector('.md-search-result__meta')
  const record = () => window.__shown.push([meta.textContent.trim(),
    [...list.querySelectorAll('.md-search-result__item')].slice(0, 3)
      .map(item => item.querySelector('a').getAttribute('href'))])
  new MutationObserver(record).observe(list, { childList: true })
  new MutationObserver(record).observe(meta, { childList: true, characterData: true, subtree: true })
}"""


@pytest.mark.parametrize("query", ["probe", "双十一 直播"])
def test_results_are_shown_once_every_chunk_that_can_match_is_in(chunked_site, page, query):
    """Chunks arrive slowly; what is shown for the query is never "no results" and its top 3
    never changes. `probe`: a title found only in the last chunk."""
    url, chunks, maps, contents = chunked_site
    if query == "probe":
        query = next(key for entry in contents[-1] for at in range(len(entry["text"]))
                     if re.fullmatch("[\u4e00-\u9fff]{4}", key := entry["text"][at:at + 4])
                     and not any(holds(entries, key) for entries in contents[:-1]))

    def slow(route):
        time.sleep(0.15)
        route.continue_()

    page.route("**/search/chunk-*", slow)
    page.goto(url)
    open_search(page)
    page.evaluate(OBSERVE)
    box = page.locator("input.md-search__input")
    box.fill(query)
    page.wait_for_function("!document.querySelector('.md-search-result__meta').textContent"
                           ".includes('键入')", timeout=30_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(800)
    shown = page.evaluate("window.__shown")
    assert shown and not any(NONE in meta for meta, top in shown), shown
    tops = [top for meta, top in shown if top]
    assert tops and all(top == tops[-1] for top in tops), tops


def top_and_chunks(page, url: str, query: str) -> tuple[list[str], set[str]]:
    """The top 3 shown for `query` on a fresh visit to `url` (their paths), and the chunks
    loaded for it."""
    requested = []

    def record(request):
        requested.append(urlsplit(request.url).path.lstrip("/"))

    page.on("request", record)
    page.goto(url)
    open_search(page)
    items = search(page, query)
    page.remove_listener("request", record)
    top = [urlsplit(item.locator("a").first.get_attribute("href")).path for item in items[:3]]
    return top, {path for path in requested if path.startswith("search/chunk-")}


def synthetic_entries(pages: int) -> list[dict]:
    """An index of `pages` articles in which 天猫 is everywhere, as often as the page's
    number says, in some titles and tags, some pages with sections: a common word whose
    best pages are spread over the collection."""
    entries = []
    for n in range(pages):
        rng = random.Random(n)
        location = f"articles/p{n:03d}/"
        tags = ["天猫"] if n % 7 == 0 else ["电商"]
        entries.append({"location": location, "title": f"第{n}篇" + ("天猫观察" if n % 5 == 0 else "报道"),
                        "text": "，".join(rng.choice(["天猫", "直播", "淘宝", "服务市场", "双十一"])
                                         for _ in range(rng.randint(5, 60))), "tags": tags})
        for section in range(n % 3):
            entries.append({"location": f"{location}#s{section}", "title": f"第{section}节",
                            "text": "天猫" * rng.randint(0, 3) + "其他内容。" * 10, "tags": tags})
    return entries


def index_site(seed_site, tmp_path: Path, monkeypatch, docs: list[dict]) -> tuple[Path, list[str], list[str]]:
    """The seed site with `docs` as its index, in chunks of about 1.5 KB of text and map
    pieces of 1.5 KB; returns it, its chunks and its map pieces."""
    site = tmp_path / "site"
    shutil.copytree(seed_site.site_dir, site)
    monkeypatch.setattr(generator.site.search, "CHUNK_BYTES", 1_500)
    monkeypatch.setattr(generator.site.search, "MAP_MIN_CHUNKS", 2)
    monkeypatch.setattr(generator.site.search_filter, "PIECE_BYTES", 1_500)
    chunks, maps, boosts = generator.site.search.write_chunks(site, docs)
    generator.site.search.install_engine(site, {"chunks": chunks, "maps": maps, "entries": len(docs), "boosts": boosts})
    return site, chunks, maps


def sites_with_reference(seed_site, tmp_path: Path, monkeypatch, docs: list[dict]):
    """index_site's site and its reference, the same map without reaches (every chunk that
    can hold a query loads), served: yields their URLs and the chunks."""
    site, chunks, maps = index_site(seed_site, tmp_path, monkeypatch, docs)
    reference = tmp_path / "reference"
    shutil.copytree(site, reference)
    for path, copy in zip(maps, without_reaches(reference, maps)):
        (reference / copy).replace(reference / path)
    servers = [serve_dir(site), serve_dir(reference)]
    yield servers[0][1], servers[1][1], chunks
    for server, _ in servers:
        server.shutdown()


@pytest.fixture
def synthetic_sites(seed_site, tmp_path, monkeypatch):
    """The seed site with a synthetic index (synthetic_entries) in small chunks, and its
    reference (sites_with_reference)."""
    yield from sites_with_reference(seed_site, tmp_path, monkeypatch, synthetic_entries(240))


@pytest.mark.parametrize("query", ["天猫", "服务市场", "天猫观察"])
def test_a_common_word_loads_only_the_chunks_that_can_rank_in_its_top_3(synthetic_sites, page, query):
    """Issue 19: a word in most chunks loads them best reach first and stops once no chunk
    left can rank above its third page; the top 3 is that of loading every chunk that can
    hold it (the same map without its reaches)."""
    url, reference_url, chunks = synthetic_sites
    whole_top, whole_loaded = top_and_chunks(page, reference_url, query)
    top, loaded = top_and_chunks(page, url, query)
    assert len(chunks) >= 40 and len(whole_loaded) >= 20 and len(whole_top) == 3
    assert top == whole_top
    assert len(loaded) <= 6, (len(loaded), len(whole_loaded))


def test_plain_build_searches_from_file_url(seed_site, page):
    """`zhiku build`'s site opened from the disk: the engine runs in Material's iframe shim
    and results link to the pages' index.html (a folder would show the disk's listing)."""
    blocked = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
               else (blocked.append(route.request.url), route.abort()))
    page.goto((seed_site.site_dir / "index.html").as_uri())
    open_search(page)
    items = search(page, "冰墩墩")
    assert items and items[0].locator("mark").count() > 0
    href = items[0].locator("a").first.get_attribute("href")
    assert href.startswith("file:") and urlsplit(href).path.endswith("/index.html"), href
    assert Path(urlsplit(href).path).is_file()
    assert blocked == []


def numeral_entries(pages: int) -> list[dict]:
    """An index of `pages` articles in which 双十一 and 双11 are both everywhere, in text,
    some titles and tags, the pages with few sections: a word whose numbers written
    otherwise are as common, so that its weight is well below each of its keys' own."""
    entries = []
    for n in range(pages):
        rng = random.Random(n)
        location = f"articles/p{n:03d}/"
        tags = ["双十一"] if n % 4 == 0 else ["电商"]
        entries.append({"location": location, "title": f"第{n}篇" + ("双十一观察" if n % 3 == 0 else "报道"),
                        "text": "，".join(rng.choice(["双十一", "双11", "天猫", "直播", "淘宝", "服务市场"])
                                         for _ in range(rng.randint(5, 60))), "tags": tags})
        for section in range(n % 3):
            entries.append({"location": f"{location}#s{section}", "title": f"第{section}节",
                            "text": rng.choice(["双十一", "双11"]) * rng.randint(0, 3) + "其他内容。" * 10,
                            "tags": tags})
    return entries


@pytest.fixture
def numeral_sites(seed_site, tmp_path, monkeypatch):
    """synthetic_sites with numeral_entries."""
    yield from sites_with_reference(seed_site, tmp_path, monkeypatch, numeral_entries(240))


@pytest.mark.parametrize("query", ["双十一", "双11"])
def test_a_word_whose_other_numbers_are_as_common_loads_a_few_chunks(numeral_sites, page, query):
    """Issue 19: 双十一 counts 双11 too, so it weighs less than 双十 or 十一 alone, and a
    page with several sections gets more of its 0.1 for them at that weight than at the
    key's: the bound of the chunks a key's list leaves out must still fall below the third
    page (the capped tail), or every chunk loads. The top 3 stays that of every chunk."""
    url, reference_url, chunks = numeral_sites
    whole_top, whole_loaded = top_and_chunks(page, reference_url, query)
    top, loaded = top_and_chunks(page, url, query)
    assert len(chunks) >= 40 and len(whole_loaded) >= 40 and len(whole_top) == 3
    assert top == whole_top
    assert len(loaded) <= 8, (len(loaded), len(whole_loaded))


PARTIAL = ".zk-search-partial"


def shown_hrefs(page, count: int = 10) -> list[str]:
    return page.evaluate("n => [...document.querySelectorAll('.md-search-result__item')].slice(0, n)"
                         ".map(item => item.querySelector('a').getAttribute('href'))", count)


def test_several_common_words_search_part_of_the_index_say_so_and_search_the_rest_below(synthetic_sites, page):
    """Issue 19: a query of several words that every chunk can hold at their best loads a
    few chunks (the engine's SEARCH_BUDGET, best bound first), is answered once from them,
    and the list says how much it searched; the button searches the rest and adds the pages
    found below the ones shown, which keep their order. Never "no results". A word or a
    phrase is not cut short: it loads what its exact top 3 needs and says nothing."""
    url, reference_url, chunks = synthetic_sites
    for query in ("天猫", '"天猫 直播"'):
        whole_top, _ = top_and_chunks(page, reference_url, query)
        top, _ = top_and_chunks(page, url, query)
        assert top == whole_top and len(top) == 3
        assert page.locator(PARTIAL).count() == 0
    query = "天猫 直播"
    requested = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path.lstrip("/")))
    page.goto(url)
    open_search(page)
    page.evaluate(OBSERVE)
    items = search(page, query)
    page.wait_for_load_state("networkidle")
    page.locator(PARTIAL).wait_for()
    first = {path for path in requested if path.startswith("search/chunk-")}
    assert 3 <= len(first) <= 7, len(first)
    note = page.locator(PARTIAL).inner_text()
    searched, total = map(int, re.search(r"(\d+) 个索引分块中最有希望的 (\d+) 个", note).group(2, 1))
    assert searched == len(first) and total >= 40, note      # every chunk holds both words
    assert len(items) >= 3
    before, count_before = shown_hrefs(page), page.locator(".md-search-result__meta").inner_text()
    page.locator(PARTIAL + " button").click()
    page.wait_for_function("!document.querySelector('.zk-search-partial button')", timeout=30_000)
    page.wait_for_load_state("networkidle")
    loaded = {path for path in requested if path.startswith("search/chunk-")}
    assert len(loaded) > len(first)
    assert shown_hrefs(page, len(before)) == before
    assert "已搜索全部" in page.locator(PARTIAL).inner_text()
    assert page.locator(".md-search-result__meta").inner_text() != count_before
    shown = page.evaluate("window.__shown")
    assert not any(NONE in meta for meta, top in shown), shown
    tops = [top for meta, top in shown if top]
    assert tops and all(top == tops[0] for top in tops), tops


FILLER = "其他内容。" * 50          # ~750 bytes: two pages to a chunk of 1.5 KB


def story_entries() -> list[dict]:
    """Nine chunks of two pages that can each hold a page with 天猫 and 直播 at their best
    (one page has 天猫 at its best, the other 直播), so that a query of both loads them in
    index order and stops after SEARCH_BUDGET (7). One story has two copies: a good one in
    the first chunk, shown first, and a better one in the last, found only with the rest."""
    def page(n: int, title: str, text: str, tags: list[str], **more) -> dict:
        return {"location": f"articles/p{n:03d}/", "title": title, "text": text + FILLER, "tags": tags, **more}

    story = {"story": "articles/p000/", "sources": "另有 1 个来源"}
    tmall, live = "天猫，" * 20, "直播，" * 20
    entries = []
    for chunk in range(9):
        n = 2 * chunk
        if chunk == 0:
            entries.append(page(n, "天猫与直播", tmall + "直播，" * 3, ["天猫"], **story))
        elif chunk == 8:
            entries.append(page(n, "天猫与直播", tmall + live, ["天猫"], **story))
        else:
            entries.append(page(n, "天猫观察", tmall + "直播", ["天猫"]))
        entries.append(page(n + 1, "直播观察", live, ["电商"]))
    return entries


@pytest.fixture
def story_site(seed_site, tmp_path, monkeypatch):
    site, chunks, maps = index_site(seed_site, tmp_path, monkeypatch, story_entries())
    server, url = serve_dir(site)
    yield url, chunks
    server.shutdown()


def test_searching_the_rest_shows_a_story_once(story_site, page):
    """A story saved from several sources is one result. When the rest of the index is
    searched and a better copy of a story shown is found there, the copy shown stays and
    the other is not added; the note counts only the pages added."""
    url, chunks = story_site
    requested = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path.lstrip("/")))
    page.goto(url)
    open_search(page)
    search(page, "天猫 直播")
    page.wait_for_load_state("networkidle")
    page.locator(PARTIAL).wait_for()
    assert chunks[-1] not in requested                       # the better copy is not searched yet
    assert "9 个索引分块中最有希望的 7 个" in page.locator(PARTIAL).inner_text()
    before = [urlsplit(href).path for href in shown_hrefs(page, 20)]
    assert before[0].endswith("/articles/p000/") and not any(p.endswith("/articles/p016/") for p in before)
    page.locator(PARTIAL + " button").click()
    page.wait_for_function("!document.querySelector('.zk-search-partial button')", timeout=30_000)
    page.wait_for_load_state("networkidle")
    assert chunks[-1] in requested
    after = [urlsplit(href).path for href in shown_hrefs(page, 20)]
    assert after[:len(before)] == before
    assert not any(p.endswith("/articles/p016/") for p in after), after   # the story once
    added = int(re.search(r"另外找到的 (\d+) 个", page.locator(PARTIAL).inner_text()).group(1))
    assert added == len(after) - len(before) == 1, (added, after)        # p014 only
