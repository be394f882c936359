"""What search downloads, and when it answers (issue 19), in Chromium on built sites.

A page view that does not search downloads nothing for search (no engine, no map, no
chunk); turning to the search box starts the engine; a query loads the map pieces of its
character pairs and then only the chunks that can hold it, and is answered once, when they
are all in: never "no results" while a chunk that could match is loading, never a top 3
that changes. The plain build searches from file:// too (Material's iframe shim).
"""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import serve_dir
from test_search import open_search, search
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
    monkeypatch.setattr(generator.site.search, "CHUNK_BYTES", 6_000)
    monkeypatch.setattr(generator.site.search_filter, "PIECE_BYTES", 1_500, raising=False)
    written = generator.site.search.write_chunks(site, docs)
    chunks, maps = written if isinstance(written, tuple) else (written, [])   # before issue 19: no map pieces
    files = {"chunks": chunks, "maps": maps, "entries": len(docs)}
    data["config"].update(files)
    index.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    if "files" in generator.site.search.install_engine.__code__.co_varnames:
        generator.site.search.install_engine(site, files)
    return chunks, maps, [read_chunk(site / chunk) for chunk in chunks]


def read_chunk(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1:text.rindex(")")])


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
    wanted_pieces = {maps[generator.site.search_filter.piece_of(tuple(map(ord, pair)), len(maps))] for pair in pairs}
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
