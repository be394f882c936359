"""The search-traffic measurement (bench/search_traffic.py) counts what it should.

A stand-in search in Material's markup (tests/fixtures/search_traffic/search.html) behaves
well or badly on purpose: fetching its index as the page loads must show as
idle_search_bytes and fail issue 19's check, fetching it on focus must not; a top 3 that
changes order, or "no results" before the results, must be counted. Then the measurement
on the seeds' real site: it finds the expected page and reads a query without hits. No
time is asserted here (that is the bench's job).
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from bench.gzip_server import serve_gzipped
from bench.search_traffic import check, measure_site

pytestmark = pytest.mark.browser
STAND_IN = ROOT / "tests" / "fixtures" / "search_traffic" / "search.html"


@pytest.fixture(scope="module")
def stand_in(tmp_path_factory) -> tuple[Path, int]:
    """The stand-in site and its index's gzip size (the index is ~60 KB of JSON)."""
    site = tmp_path_factory.mktemp("traffic-site")
    shutil.copy(STAND_IN, site / "search.html")
    docs = [{"url": f"/articles/{i}/", "title": f"第{i}篇", "text": f"双十一 第{i}篇 " + "天猫服务市场的商家" * 40}
            for i in range(20)]
    data = json.dumps(docs, ensure_ascii=False).encode("utf-8")
    (site / "search").mkdir()
    (site / "search" / "index.json").write_bytes(data)
    return site, len(gzip.compress(data, 6, mtime=0))


def test_the_server_gzips_text_and_logs_bytes_on_the_wire(stand_in):
    from urllib.request import Request, urlopen
    site, index_gz = stand_in
    server, url, log = serve_gzipped(site)
    try:
        with urlopen(Request(url + "search/index.json", headers={"Accept-Encoding": "gzip"})) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            body = response.read()
    finally:
        server.shutdown()
    raw = (site / "search" / "index.json").read_bytes()
    assert gzip.decompress(body) == raw
    [hit] = log.hits
    assert hit.path == "/search/index.json" and hit.status == 200
    assert len(body) == index_gz < hit.wire_bytes < index_gz + 400   # the body and its headers


def test_an_index_fetched_on_focus_costs_nothing_idle_and_passes(browser, stand_in):
    site, index_gz = stand_in
    figures = measure_site(site, ["第7篇", "双十一", "量子纠缠"], page="search.html?mode=lazy", browser=browser)
    assert figures["idle_search_bytes"] == 0
    assert figures["cold_query_requests_max"] == 1      # the index, once per new context
    assert index_gz < figures["cold_query_bytes_median"] < index_gz + 400
    runs = {r["query"]: r for r in figures["runs"]}
    assert runs["第7篇"]["top3"] == ["/articles/7/"]
    assert runs["双十一"]["top3"] == ["/articles/0/", "/articles/1/", "/articles/2/"]
    assert runs["量子纠缠"]["top3"] == [] and runs["量子纠缠"]["final_ms"] is not None
    assert figures["cold_reorders"] == 0 and figures["cold_empty_flashes"] == 0
    assert not [f for f in check(figures) if not f.startswith("cold_final_ms")]


def test_an_index_fetched_on_page_load_shows_as_idle_bytes_and_fails(browser, stand_in):
    site, index_gz = stand_in
    figures = measure_site(site, ["第7篇"], page="search.html?mode=eager", browser=browser, at_load=True)
    assert index_gz < figures["idle_search_bytes"] < index_gz + 400
    assert figures["cold_query_bytes_max"] == 0 and figures["runs"][0]["top3"] == ["/articles/7/"]
    # typed while the page loads: the index counts for the query
    assert index_gz < figures["at_load_query_bytes_max"] < index_gz + 400
    assert figures["at_load_runs"][0]["top3"] == ["/articles/7/"]
    assert any(f.startswith("idle_search_bytes") for f in check(figures))


def test_a_top3_that_changes_order_or_says_no_results_first_is_counted(browser, stand_in):
    site, _ = stand_in
    reordered = measure_site(site, ["双十一", "第7篇"], page="search.html?mode=reorder", browser=browser)
    assert [r["reorders"] for r in reordered["runs"]] == [1, 0]     # one result cannot reorder
    assert reordered["runs"][0]["top3"] == ["/articles/0/", "/articles/1/", "/articles/2/"]
    assert any(f.startswith("cold_reorders") for f in check(reordered))
    flashed = measure_site(site, ["第7篇", "量子纠缠"], page="search.html?mode=flash", browser=browser)
    assert [r["empty_flashes"] for r in flashed["runs"]] == [1, 0]  # "no results" that stays is the answer
    assert flashed["cold_reorders"] == 0
    assert any(f.startswith("cold_empty_flashes") for f in check(flashed))


def test_the_seeds_site_search_is_measured_through_its_result_list(browser, seed_site):
    figures = measure_site(seed_site.site_dir, ["冰墩墩", "量子纠缠火锅店"], browser=browser)
    first, none = figures["runs"]
    expected = "/" + seed_site.doc("000_fe844d033abd5169.txt")["url"]
    assert first["top3"] and first["top3"][0] == expected
    assert none["top3"] == [] and none["final_ms"] is not None
    site_gz = sum(len(gzip.compress(p.read_bytes(), 6, mtime=0))
                  for p in seed_site.site_dir.rglob("*") if p.is_file())
    # the search downloaded something, at the page view or for the query, and not more
    # than the whole site
    assert 0 < figures["idle_search_bytes"] + first["bytes"] < site_gz
    assert figures["page_view_bytes"] >= figures["idle_search_bytes"]
