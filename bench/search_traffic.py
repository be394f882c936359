"""What search costs a visitor on the wire: `python -m bench.search_traffic SITE [--n N]`.

Measured only from outside, as a visitor meets it: a gzipping local server logs every
response's bytes (bench/gzip_server.py), and the page's result list is watched with a
MutationObserver. Nothing of the search's internals is read, so the same measurement runs
on any search that shows its results in Material's list (or, with another `SearchUI`, in
Pagefind's). Every measurement uses a new browser context (empty cache):

- idle_search_bytes: bytes of search files (`SEARCH_PATH`: the index, chunk map, chunks,
  the worker and engine scripts; not Material's page bundle, which shows the page) that a
  page view downloads before anything is typed, once the network has been quiet
  `QUIET_S`.
- per query, after such a page view: the box is focused and the query put in at once (an
  `input` event, as a paste or an IME commit); then everything the browser downloads until
  the final top 3 is settled counts for the query: cold_query_bytes and
  cold_query_requests (median and max over the queries).
- final top 3: the first three result links (their paths) once the network has been quiet
  `QUIET_S`, something is shown and the list has not changed for `SETTLE_MS`; for a query without hits, the
  search's "no results" notice. cold_final_ms: from the `input` event until that state
  first showed (its last change), in the page's clock.
- cold_reorders: how often a result shown in the top 3 left its place (to another result
  or to none; appending below, or filling a placeholder, is no reorder), counted over all
  queries, and the queries that had any; cold_empty_flashes: "no results" shown before results came.
- index_ratio (Zhiku's index only): its search/ files gzipped one by one, as served, over
  the gzip of the visible text of the pages it holds (index_size); `--check` fails over
  INDEX_RATIO.
- with `--at-load` (make bench does it), the same queries typed as soon as the page's DOM
  is there, while a search that loads at once is still downloading (the at_load_ figures:
  its search files' bytes and requests from navigation on, time, reorders, flashes).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .gzip_server import serve_gzipped

ROOT = Path(__file__).resolve().parent.parent
# A search file by its path: Zhiku's index and chunks (search/), Material's search worker
# and lunr (assets/javascripts/workers/, lunr/), Pagefind's bundle except its UI script and
# style (which, like Material's bundle, is what shows the page and its search box).
SEARCH_PATH = re.compile(r"^/(search/|assets/javascripts/(workers|lunr)/|pagefind/(?!pagefind-ui\.))")
QUIET_S = 1.0
# Issue 19's targets ("done when"), checked by `--check`: (figure, most allowed).
LIMITS = (("idle_search_bytes", 0), ("cold_query_bytes_median", 250_000), ("cold_query_bytes_max", 600_000),
          ("cold_final_ms_median", 400), ("cold_reorders", 0), ("cold_empty_flashes", 0),
          ("cold_unsettled", 0))
# Issue 19: Zhiku's index (its search/ files, gzipped one by one as served) at most this
# times the gzip of the text it indexes (index_size).
INDEX_RATIO = 1.1
SETTLE_MS = 1000
TIMEOUT_S = 180


@dataclass(frozen=True)
class SearchUI:
    """Where a search UI takes its query and shows its results (CSS selectors)."""
    input: str
    item: str
    link: str
    message: str
    no_results: tuple[str, ...]


MATERIAL = SearchUI("input.md-search__input", ".md-search-result__item", "a",
                    ".md-search-result__meta", ("没有找到", "No matching"))
PAGEFIND = SearchUI(".pagefind-ui__search-input", ".pagefind-ui__result", "a.pagefind-ui__result-link",
                    ".pagefind-ui__message", ("未找到", "无结果", "No results"))


def queries_for(n: int) -> list[str]:
    """Queries of different rarity over the synthetic corpus (bench/corpus.py): its topics
    and tag words (in many pages), phrases and names from the seed sentences, two titles'
    numbers (one page each), two-word queries, and a query in no page."""
    return ["双十一", "天猫", "淘宝直播", "阿里云", "服务市场", "冬奥会特许商品", "英国皇家邮政",
            f"观察之{n // 3}", f"观察之{2 * n // 3 + 1}", "59.71秒",
            "张勇 超卖", "千牛 摄影市场", "冬奥 天猫", "量子纠缠火锅店"]


# Watches the page for the top 3 (paths of the first three results' links) or the "no
# results" notice, stamping each change; then focuses the box and puts the query in.
_TYPE_AND_WATCH = """(cfg) => {
  const rec = window.__traffic = { states: [], t0: null }
  const snap = () => {
    const top = [...document.querySelectorAll(cfg.item)].slice(0, 3).map(item => {
      const a = item.matches(cfg.link) ? item : item.querySelector(cfg.link)
      return a ? new URL(a.href, location.href).pathname : ""
    })
    const message = (document.querySelector(cfg.message) || {}).textContent || ""
    const empty = top.length === 0 && cfg.no_results.some(s => message.includes(s))
    return { top, empty, key: empty ? "(none)" : top.join(" ") }
  }
  let last = null
  const check = () => {
    const s = snap()
    if (s.key !== last) { last = s.key; rec.states.push({ t: performance.now(), top: s.top, empty: s.empty }) }
  }
  new MutationObserver(check).observe(document.body, { childList: true, subtree: true, characterData: true })
  const box = document.querySelector(cfg.input)
  box.focus()
  rec.t0 = performance.now()
  box.value = cfg.query
  box.dispatchEvent(new Event("input", { bubbles: true }))
  check()
  return rec.t0
}"""


def wait_quiet(log, page=None, settle_ms: float = 0) -> bool:
    """Until the network has been quiet QUIET_S (and, with a page, a result or the "no
    results" notice shows and the watched state has not changed for settle_ms); False
    after TIMEOUT_S."""
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        time.sleep(0.1)
        if log.quiet_for() < QUIET_S:
            continue
        if page is None:
            return True
        # nothing shown yet (no result, no "no results"): the search may still be computing
        age = page.evaluate("() => { const s = window.__traffic.states;"
                            " if (!s.some(x => x.empty || x.top.some(p => p))) return -1;"
                            " return performance.now() - s[s.length - 1].t }")
        if age >= settle_ms:
            return True
    return False


def page_view(context, url: str, log) -> tuple[object, dict]:
    """Open `url` in the context and wait for a quiet network: bytes of the page view, and
    of its search files."""
    mark = log.mark()
    page = context.new_page()
    page.goto(url, wait_until="load")
    wait_quiet(log)
    hits = log.since(mark)
    search = [h for h in hits if SEARCH_PATH.match(h.path)]
    return page, {"page_view_bytes": sum(h.wire_bytes for h in hits),
                  "idle_search_bytes": sum(h.wire_bytes for h in search),
                  "idle_search_files": sorted({h.path for h in search})}


def type_query(page, query: str, ui: SearchUI) -> None:
    page.evaluate(_TYPE_AND_WATCH, {"query": query, "input": ui.input, "item": ui.item, "link": ui.link,
                                    "message": ui.message, "no_results": list(ui.no_results)})


def cold_query(browser, url: str, log, query: str, ui: SearchUI = MATERIAL) -> dict:
    """A page view in a new context, then one query typed: what it downloaded, when its
    final top 3 showed, how often the shown top 3 changed on the way."""
    context = browser.new_context(locale="zh-CN")
    try:
        page, view = page_view(context, url, log)
        mark = log.mark()
        type_query(page, query, ui)
        settled = wait_quiet(log, page, SETTLE_MS)
        record = page.evaluate("window.__traffic")
    finally:
        context.close()
    hits = log.since(mark)
    return {"query": query, **view, **judge(record, settled),
            "bytes": sum(h.wire_bytes for h in hits), "requests": len(hits),
            "files": [h.path for h in hits]}


def query_at_load(browser, url: str, log, query: str, ui: SearchUI = MATERIAL) -> dict:
    """The query typed in a new context as soon as the page's DOM is there, while the page
    (and a search that loads eagerly) still downloads: the search files' bytes and requests
    from navigation until the final top 3, and the same time and reorder figures."""
    context = browser.new_context(locale="zh-CN")
    try:
        mark = log.mark()
        page = context.new_page()
        page.goto(url, wait_until="domcontentloaded")
        type_query(page, query, ui)
        settled = wait_quiet(log, page, SETTLE_MS)
        record = page.evaluate("window.__traffic")
    finally:
        context.close()
    hits = [h for h in log.since(mark) if SEARCH_PATH.match(h.path)]
    return {"query": query, **judge(record, settled), "bytes": sum(h.wire_bytes for h in hits),
            "requests": len(hits), "files": [h.path for h in hits]}


def judge(record: dict, settled: bool) -> dict:
    """The final top 3, when it first showed, and the reorders and "no results" flashes
    before it, from the watched states."""
    states, t0 = record["states"], record["t0"]
    shown = [s for s in states if any(s["top"]) or s["empty"]]
    final = shown[-1] if shown and settled else None
    reorders, flashes, previous = 0, 0, None
    for state in shown:
        if previous and _replaced(previous["top"], state["top"]):
            reorders += 1
        previous = state
    if final and any(final["top"]):
        flashes = sum(1 for s in shown if s["empty"])
    return {"top3": final["top"] if final else None,
            "final_ms": round(final["t"] - t0) if final else None,
            "reorders": reorders, "empty_flashes": flashes}


def _replaced(before: list[str], after: list[str]) -> bool:
    """Whether a shown result's place now holds another one or none. A place without a
    link yet ("", Pagefind's placeholder while its fragment loads) can be filled freely."""
    return any(path and (at >= len(after) or after[at] != path) for at, path in enumerate(before))


def summarize(runs: list[dict]) -> dict:
    """The figures for results.json (sizes in bytes, times in ms)."""
    return {
        "idle_search_bytes": max(r["idle_search_bytes"] for r in runs),
        "page_view_bytes": round(statistics.median(r["page_view_bytes"] for r in runs)),
        **query_figures(runs),
    }


def query_figures(runs: list[dict], prefix: str = "cold_") -> dict:
    finals = [r["final_ms"] for r in runs if r["final_ms"] is not None]
    bytes_, requests = [r["bytes"] for r in runs], [r["requests"] for r in runs]
    figures = {
        "cold_queries": len(runs),
        "cold_query_bytes_median": round(statistics.median(bytes_)),
        "cold_query_bytes_max": max(bytes_),
        "cold_query_requests_median": statistics.median(requests),
        "cold_query_requests_max": max(requests),
        "cold_final_ms_median": round(statistics.median(finals)) if finals else None,
        "cold_final_ms_max": max(finals) if finals else None,
        "cold_unsettled": len(runs) - len(finals),
        "cold_reorders": sum(r["reorders"] for r in runs),
        "cold_queries_reordered": sum(1 for r in runs if r["reorders"]),
        "cold_empty_flashes": sum(r["empty_flashes"] for r in runs),
    }
    return {prefix + key.removeprefix("cold_"): value for key, value in figures.items()}


def check(figures: dict, limits=LIMITS) -> list[str]:
    """The figures over their limit, as "name value > limit" (empty when all are within)."""
    return [f"{name} {figures[name]} > {most}" for name, most in limits
            if figures.get(name) is None or figures[name] > most]


def index_size(site: Path) -> dict:
    """Zhiku's index on the wire beside the text it indexes: the search/ files gzipped
    (level 6) one by one, as served, and the visible text of the pages the index holds
    (their <article>, tags dropped, spaces collapsed, joined, gzipped once); {} for a site
    without Zhiku's index."""
    index = site / "search" / "search_index.json"
    if not index.is_file():
        return {}
    sys.path.insert(0, str(ROOT))
    from generator.site.search import read_chunk
    config = json.loads(index.read_text(encoding="utf-8")).get("config", {})
    pages = []
    for chunk in config.get("chunks", []):
        for entry in read_chunk((site / chunk).read_text(encoding="utf-8")):
            if "#" not in entry["location"]:
                path = site / entry["location"]
                pages.append(path / "index.html" if path.is_dir() else path)
    gz = lambda data: len(gzip.compress(data, 6, mtime=0))
    served = sum(gz(path.read_bytes()) for path in sorted((site / "search").iterdir()) if path.is_file())
    text = gz(b"".join(_article_text(path) for path in pages if path.is_file()))
    return {"index_gzip_bytes": served, "indexed_text_gzip_bytes": text,
            "index_ratio": round(served / text, 4) if text else None}


def _article_text(page: Path) -> bytes:
    html = page.read_text(encoding="utf-8")
    match = re.search(r"<article[^>]*>(.*?)</article>", html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1) if match else "")).encode()


def measure_site(site: Path, queries: list[str], ui: SearchUI = MATERIAL, page: str = "",
                 mounts: dict[str, Path] | None = None, browser=None, at_load: bool = False) -> dict:
    """Serve `site` gzipped and run one cold query per new context; returns the figures
    (summarize) and the runs; with `at_load`, also each query typed at load (the
    `at_load_` figures and runs)."""
    server, url, log = serve_gzipped(site, mounts)
    try:
        with launched(browser) as chromium:
            runs = [cold_query(chromium, url + page, log, q, ui) for q in queries]
            loading = [query_at_load(chromium, url + page, log, q, ui) for q in queries] if at_load else []
    finally:
        server.shutdown()
    extra = {**query_figures(loading, "at_load_"), "at_load_runs": loading} if loading else {}
    return {**summarize(runs), **extra, "runs": runs}


class launched:
    """Debian's Chromium with the tests' own launch settings, as a context manager (or
    the browser given, left open)."""

    def __init__(self, browser=None) -> None:
        self._given = browser

    def __enter__(self):
        if self._given is not None:
            return self._given
        sys.path.insert(0, str(ROOT / "tests"))
        from conftest import CHROMIUM, CHROMIUM_ARGS
        from playwright.sync_api import sync_playwright
        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        return self._browser

    def __exit__(self, *exc) -> None:
        if self._given is not None:
            return
        self._browser.close()
        self._pw.stop()


def add_to_results(path: Path, n: int, result: dict) -> None:
    """Put the figures (not the runs) into the run of n documents in a results.json."""
    results = json.loads(path.read_text(encoding="utf-8"))
    row = next(r for r in results["runs"] if r["n"] == n)
    row.update({k: v for k, v in result.items() if not k.endswith("runs")})
    row["search_traffic_load_avg"] = round(os.getloadavg()[0], 2)
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search_traffic")
    parser.add_argument("site", type=Path, help="a built site (zhiku build --site-dir)")
    parser.add_argument("--n", type=int, default=1000, help="documents in the synthetic corpus (picks the queries)")
    parser.add_argument("--query", action="append", help="a query (repeatable; default: queries_for(n))")
    parser.add_argument("--verbose", action="store_true", help="print every run")
    parser.add_argument("--at-load", action="store_true", help="also type each query as the page loads")
    parser.add_argument("--results", type=Path, help="add the figures to this results.json's run of --n documents")
    parser.add_argument("--check", action="store_true", help="exit 1 when a figure is over issue 19's limit")
    args = parser.parse_args(argv)
    result = {**index_size(args.site), **measure_site(args.site, args.query or queries_for(args.n), at_load=args.at_load)}
    failures = check(result) if args.check else []
    if args.check and result.get("index_ratio") is not None and result["index_ratio"] > INDEX_RATIO:
        failures.append(f"index_ratio {result['index_ratio']} > {INDEX_RATIO}")
    if args.results:
        add_to_results(args.results, args.n, result)
    if not args.verbose:
        for key in ("runs", "at_load_runs"):
            result[key] = [{k: r[k] for k in ("query", "bytes", "requests", "final_ms", "reorders", "empty_flashes", "top3")}
                           for r in result.get(key, [])]
    print(json.dumps(result, ensure_ascii=False, indent=1))
    for failure in failures:
        print(f"search_traffic: over the limit: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
