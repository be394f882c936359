"""Where the search's time goes, in Chromium: `python -m bench.search_probe SITE [--runs 5]`.

For a built site (served on 127.0.0.1), each run opens the home page in a fresh browser
context (cold cache) and reports, in ms since navigation start (Performance API and a
wrapper around Material's `Worker`): the HTML in, DOMContentLoaded, the worker created,
SETUP posted (Material's index fetched), the first chunk fetched by the worker, READY
received, and Material's "initialising" notice gone (the bench's *ready*). Then queries
as the bench times them (an `input` event until the first result item), split into the
worker's answer arriving and the list showing it. Last, the engine alone in a worker of
its own with the whole index loaded: ms per query, and the number of result pages.
Medians over the runs. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

from generator.site.search import read_chunk

ROOT = Path(__file__).resolve().parent.parent
COMMON = ["天猫", "服务市场", "直播", "双十一"]
OTHER = ["冬奥会特许商品", "双十一 直播", "量子纠缠火锅店", "阿里巴巴商业服务生态的演进与未来展望报告"]

_INSTRUMENT = """
(() => {
  const t = window.__probe = { results: [] }
  const Native = window.Worker
  window.Worker = function (url, options) {
    const worker = new Native(url, options)
    t.workerCreated = performance.now()
    const post = worker.postMessage.bind(worker)
    worker.postMessage = (message, ...rest) => {
      if (message && message.type === 0 && t.setupPosted === undefined) t.setupPosted = performance.now()
      return post(message, ...rest)
    }
    worker.addEventListener("message", ev => {
      if (ev.data.type === 1 && t.readyReceived === undefined) t.readyReceived = performance.now()
      if (ev.data.type === 3) t.results.push([performance.now(), ev.data.data.items.length])
    })
    return worker
  }
  window.Worker.prototype = Native.prototype
  document.addEventListener("DOMContentLoaded", () => {
    const meta = document.querySelector(".md-search-result__meta")
    if (!meta) return
    const check = () => {
      if (t.shown === undefined && meta.textContent && !meta.textContent.includes("初始化"))
        t.shown = performance.now()
    }
    new MutationObserver(check).observe(meta, { childList: true, characterData: true, subtree: true })
    check()
  })
})()
"""

_TIMED_QUERY = """async (query) => {
  const box = document.querySelector("input.md-search__input")
  const list = document.querySelector(".md-search-result__list")
  const items = () => list.querySelector(".md-search-result__item")
  const until = (test) => new Promise((resolve, reject) => {
    if (test()) return resolve()
    const seen = new MutationObserver(() => { if (test()) { seen.disconnect(); resolve() } })
    seen.observe(list, { childList: true, subtree: true })
    const poll = setInterval(() => { if (test()) { clearInterval(poll); resolve() } }, 5)
    setTimeout(() => reject(new Error("no search result for " + query)), 60000)
  })
  box.value = ""
  box.dispatchEvent(new Event("input", { bubbles: true }))
  await until(() => !items())
  const before = window.__probe.results.length
  const started = performance.now()
  box.value = query
  box.dispatchEvent(new Event("input", { bubbles: true }))
  const answered = () => window.__probe.results.length > before
  await until(() => !!items() || (answered() && window.__probe.results[before][1] === 0))
  const shown = performance.now() - started
  const answer = window.__probe.results[before]
  return { shown, answered: answer ? answer[0] - started : null, pages: answer ? answer[1] : null }
}"""

# The engine alone: a worker of its own, the whole index loaded (a probe query re-asked
# until the last chunk's first page is found), then each query timed from post to answer.
_ENGINE_ONLY = """async ({worker, config, probe, queries, repeat}) => {
  const w = new Worker(worker)
  let answer = null
  w.onmessage = ev => { if (ev.data.type === 3) answer = ev.data.data }
  w.postMessage({ type: 0, data: { config, docs: [], options: {} } })
  const ask = async (query) => {
    answer = null
    const start = performance.now()
    w.postMessage({ type: 2, data: query })
    while (answer === null) await new Promise(r => setTimeout(r, 1))
    return { ms: performance.now() - start, pages: answer.items.length,
             top: answer.items.length ? answer.items[0][0].location : null }
  }
  for (let i = 0; i < 3000; i++) {
    if ((await ask(probe.title)).top === probe.location) break
    await new Promise(r => setTimeout(r, 500))
  }
  await new Promise(r => setTimeout(r, 2000))   /* answers re-sent as the last chunks came */
  answer = null
  const out = {}
  for (const q of queries) {
    const runs = []
    for (let k = 0; k < repeat; k++) runs.push(await ask(q))
    runs.sort((a, b) => a.ms - b.ms)
    out[q] = { ms: Math.round(runs[runs.length >> 1].ms), pages: runs[0].pages }
  }
  w.terminate()
  return out
}"""


def page_load(browser, url: str) -> dict:
    """One cold load: the milestones in ms since navigation start, then query timings."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(_INSTRUMENT)
    page.goto(url)
    page.locator(".md-search__input").first.click()
    page.wait_for_function("window.__probe.shown !== undefined", timeout=300_000)
    out = page.evaluate("""() => {
      const nav = performance.getEntriesByType("navigation")[0], t = window.__probe
      const res = name => performance.getEntriesByType("resource").find(e => e.name.includes(name))
      const bundle = res("bundle."), index = res("search_index.json")
      return { html: nav.responseEnd, dom_content_loaded: nav.domContentLoadedEventEnd,
               load: nav.loadEventEnd, bundle_fetched: bundle ? bundle.responseEnd : null,
               index_fetched: index ? index.responseEnd : null, worker_created: t.workerCreated,
               setup_posted: t.setupPosted, ready_received: t.readyReceived, ready_shown: t.shown }
    }""")
    out.update(worker_fetches(page))
    for query in ["双十一", *COMMON, *OTHER]:
        timed = page.evaluate(_TIMED_QUERY, query)
        out[f"query {query}"] = round(timed["shown"])
        out[f"answer {query}"] = round(timed["answered"]) if timed["answered"] else None
    context.close()
    return out


def worker_fetches(page) -> dict:
    """When the worker's own downloads (engine script, first chunk, chunk map) finished, in
    the page's clock (the worker's clock starts later: shifted by the two time origins)."""
    origin = page.evaluate("performance.timeOrigin")
    found = {}
    for worker in page.workers:
        entries = worker.evaluate("""() => ({ origin: performance.timeOrigin,
          entries: performance.getEntriesByType("resource").map(e => [e.name, e.responseEnd]) })""")
        shift = entries["origin"] - origin
        found["worker_started"] = round(shift)
        for name, end in entries["entries"]:
            label = name.rsplit("/", 1)[-1]
            if label in ("chunk-000.js", "pairs.js"):
                found[f"{label} fetched"] = round(end + shift)
    return found


def engine_only(browser, url: str, site: Path, repeat: int, worker: str | None = None) -> dict:
    config = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["config"]
    last = (site / config["chunks"][-1]).read_text(encoding="utf-8")
    first = read_chunk(last)[0]
    probe = {"title": first["title"], "location": first["location"]}
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    worker = url + worker if worker else page.evaluate(
        "JSON.parse(document.getElementById('__config').textContent).search")
    out = page.evaluate(_ENGINE_ONLY, {"worker": worker, "config": config, "probe": probe,
                                       "queries": [*COMMON, *OTHER, rare_term(site, config)],
                                       "repeat": repeat})
    context.close()
    return out


def rare_term(site: Path, config: dict) -> str:
    """A three-character Han run from a title in the middle chunk found in at most three
    entries (the first twenty candidates are tried)."""
    texts = []
    for chunk in config["chunks"]:
        text = (site / chunk).read_text(encoding="utf-8")
        texts.append(text)
    whole = "\n".join(texts)
    middle = texts[len(texts) // 2]
    titles = [d["title"] for d in read_chunk(middle)]
    candidates = [t[at:at + 3] for t in titles for at in range(len(t) - 2)
                  if all("\u4e00" <= c <= "\u9fff" for c in t[at:at + 3])]
    for term in candidates[:20]:
        if whole.count(term) <= 3:
            return term
    return "量子纠缠"


def medians(runs: list[dict]) -> dict:
    keys = runs[0].keys()
    return {key: (round(statistics.median(v)) if (v := [r[key] for r in runs if r.get(key) is not None]) else None)
            for key in keys}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search_probe")
    parser.add_argument("site", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3, help="engine-only repeats per query")
    parser.add_argument("--no-engine", action="store_true", help="skip the engine-only timings")
    parser.add_argument("--engine-only", action="store_true", help="only the engine-only timings")
    parser.add_argument("--worker", help="another engine script for the engine-only timings (path in the site)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import CHROMIUM, CHROMIUM_ARGS, serve_dir  # the tests' own launch settings
    from playwright.sync_api import sync_playwright

    server, url = serve_dir(args.site)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            runs = [] if args.engine_only else [page_load(browser, url) for _ in range(args.runs)]
            result = {"page_load_medians": medians(runs) if runs else None}
            print(json.dumps(result, ensure_ascii=False), file=sys.stderr, flush=True)
            if not args.no_engine:
                result["engine_only"] = engine_only(browser, url, args.site, args.repeat, args.worker)
            browser.close()
    finally:
        server.shutdown()
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
