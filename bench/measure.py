"""The measurements behind `python -m bench`; each returns plain numbers."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from .corpus import write_large_source

ROOT = Path(__file__).resolve().parent.parent
ZHIKU = Path(sys.executable).with_name("zhiku")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def _timed(cmd: list[str], cwd: Path = ROOT) -> tuple[float, float, float]:
    """Run a command; return (wall seconds, peak RSS in MB of it and its children, CPU
    seconds of it and its children: unlike wall time, not inflated by a busy machine)."""
    # Messages go to a file, not a pipe: a pipe nobody reads while waiting fills up (64 KB)
    # and the build blocks on its next warning; 10,000 synthetic documents warn ~2,000 times.
    with tempfile.TemporaryFile() as messages:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=messages)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            messages.seek(0)
            raise RuntimeError(f"{' '.join(cmd)} failed: {messages.read().decode(errors='replace')[-2000:]}")
    return round(seconds, 2), round(usage.ru_maxrss / 1024, 1), round(usage.ru_utime + usage.ru_stime, 2)


_CONVERT = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from generator.config import Config
    from generator.convert import convert_folder
    started, cpu = time.perf_counter(), time.process_time()
    convert_folder(Config(source=Path(sys.argv[1]), work_dir=Path(sys.argv[2]), jobs=int(sys.argv[3])))
    print(time.perf_counter() - started, time.process_time() - cpu)
""")


def convert_throughput(source: Path, folder: Path, source_bytes: int, n: int) -> dict:
    """Conversion only (no MkDocs), cold cache, on one core and on all cores."""
    out = {}
    for label, jobs in (("per_core", 1), ("all_cores", 0)):
        work = folder / f"convert-{label}"
        shutil.rmtree(work, ignore_errors=True)
        proc = subprocess.run([sys.executable, "-c", _CONVERT, str(source), str(work), str(jobs)],
                              cwd=ROOT, env=ENV, capture_output=True, text=True, check=True)
        seconds, cpu = map(float, proc.stdout.strip().splitlines()[-1].split())
        if label == "per_core":
            out["convert_docs_per_s_per_core"] = round(n / seconds, 1)
            out["convert_mb_per_s_per_core"] = round(source_bytes / 2**20 / seconds, 2)
            # one process: its CPU time is all the work, whatever else the machine runs
            out["convert_docs_per_cpu_s"] = round(n / cpu, 1)
            out["convert_mb_per_cpu_s"] = round(source_bytes / 2**20 / cpu, 2)
        else:
            out["convert_docs_per_s_all_cores"] = round(n / seconds, 1)
        shutil.rmtree(work, ignore_errors=True)
    return out


def build_once(source: Path, site: Path, work: Path, *flags: str) -> dict:
    seconds, rss, cpu = _timed([str(ZHIKU), "build", "--source", str(source), "--site-dir", str(site),
                           "--work-dir", str(work), *flags])
    return {"seconds": seconds, "peak_rss_mb": rss, "cpu_s": cpu}


LARGE_SOURCE_MB = 200   # one oversized file among the documents (over max_source_bytes)


def build_with_large_source(source: Path, folder: Path) -> dict:
    """A cold build of the corpus with one 200 MB text file added: its peak memory says
    whether a single large source still costs its size several times over."""
    large = source / "zz_large_source.txt"
    write_large_source(large, LARGE_SOURCE_MB * 2**20)
    try:
        build = build_once(source, folder / "site-large", folder / "work-large")
    finally:
        large.unlink()
        for name in ("site-large", "work-large"):
            shutil.rmtree(folder / name, ignore_errors=True)
    return {"build_with_200mb_source_s": build["seconds"],
            "peak_rss_mb_with_200mb_source": build["peak_rss_mb"]}


def duplicates_time(source: Path, work: Path) -> dict:
    """Seconds of duplicate detection alone (bench/duplicates_time.py), over the documents
    a build into `work` converted (read back from its cache)."""
    proc = subprocess.run([sys.executable, "-m", "bench.duplicates_time", str(source), str(work)],
                          cwd=ROOT, env=ENV, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def mkdocs_baseline(pages: Path, folder: Path, pruned: bool = False) -> tuple[float, float]:
    """A plain `mkdocs build` of the same article Markdown with Material's defaults, or
    with only `navigation.prune` added (the published ~6 ms/page anchor's setting; the
    defaults write the whole navigation into every page, which grows with n²)."""
    shutil.rmtree(folder, ignore_errors=True)
    docs = folder / "docs"
    shutil.copytree(pages / "articles", docs / "articles")
    (docs / "index.md").write_text("# Baseline\n", encoding="utf-8")
    features = "  features:\n    - navigation.prune\n" if pruned else ""
    (folder / "mkdocs.yml").write_text(f"site_name: Baseline\ntheme:\n  name: material\n{features}",
                                       encoding="utf-8")
    seconds, _, cpu = _timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(folder / "mkdocs.yml")])
    shutil.rmtree(folder / "site", ignore_errors=True)
    return seconds, cpu


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def site_sizes(site: Path, n: int) -> dict:
    files = [p for p in site.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    article_pages = [p for p in (site / "articles").rglob("index.html")]
    html_bytes = sum(p.stat().st_size for p in article_pages)
    text = b"".join(_visible_text(p) for p in article_pages)
    index_files = [p for p in files if _is_search_index(p, site)]
    index_gz = sum(_gz(p.read_bytes()) for p in index_files)
    return {
        "site_mb": round(total / 2**20, 1),
        "html_kb_per_page": round(html_bytes / 1024 / max(1, len(article_pages)), 1),
        "text_gz_bytes": _gz(text),
        "index_gz_bytes": index_gz,
        "index_gz_bytes_per_doc": round(index_gz / n),
        "index_vs_text_gz": round(index_gz / max(1, _gz(text)), 2),
        "max_download_gz_bytes": max(_gz(p.read_bytes()) for p in files if p.suffix in {".html", ".js", ".json", ".css"}),
    }


def _is_search_index(path: Path, site: Path) -> bool:
    rel = path.relative_to(site).as_posix()
    return rel.startswith("search/") and path.suffix in {".json", ".js"}


def _visible_text(path: Path) -> bytes:
    html = path.read_text(encoding="utf-8")
    match = re.search(r"<article[^>]*>(.*?)</article>", html, re.S)
    text = re.sub(r"<[^>]+>", " ", match.group(1) if match else html)
    return re.sub(r"\s+", " ", text).encode("utf-8")


def browser_search_times(folder: Path, source: Path) -> dict:
    """In Chromium: ms from page load until search answers, then ms per query (warm),
    online (served on 127.0.0.1) and from the offline bundle (file://)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import CHROMIUM, CHROMIUM_ARGS, serve_dir  # the tests' own launch settings
    from playwright.sync_api import sync_playwright

    server, url = serve_dir(folder / "site")
    out: dict = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            out.update(_search_timings(browser, url))
            bundle = _offline_bundle(source, folder)
            if bundle is not None:
                try:
                    offline = _search_timings(browser, bundle.as_uri())
                except Exception as exc:  # noqa: BLE001 - the online figures still count
                    print(f"bench: offline search not measured: {exc}", file=sys.stderr)
                    offline = {"index_ready_ms": None, "first_result_ms": None}
                out["offline_index_ready_ms"] = offline["index_ready_ms"]
                out["offline_first_result_ms"] = offline["first_result_ms"]
            browser.close()
    finally:
        server.shutdown()
    return out


def _search_timings(browser, url: str) -> dict:
    """Timed in the page (performance.now()), so Playwright's round trips and Material's
    opening animation are not counted: ready = from navigation start until the engine
    can answer (Material's "initialising" notice gone); a result = from the query landing
    in the box until the first result item is in the list (median of warm queries)."""
    page = browser.new_page()
    page.add_init_script(_READY_STAMP)
    page.goto(url)
    # Opened at once, as a reader would: the offline variant starts its search on focus.
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.wait_for_function("window.__zhikuReady !== undefined", timeout=120_000)
    ready_ms = page.evaluate("window.__zhikuReady")
    first_ms = _query(page, "双十一")
    times = [_query(page, query) for query in ("冰墩墩", "服务市场", "天猫", "直播")]
    page.close()
    return {"index_ready_ms": round(ready_ms), "first_query_ms": round(first_ms),
            "first_result_ms": round(sorted(times)[len(times) // 2])}


# Stamps window.__zhikuReady (ms since navigation start) when Material's result meta stops
# saying it is initialising: the worker has answered SETUP, the first chunk is in.
_READY_STAMP = """
document.addEventListener("DOMContentLoaded", () => {
  const meta = document.querySelector(".md-search-result__meta")
  if (!meta) return
  const check = () => {
    if (window.__zhikuReady === undefined && meta.textContent && !meta.textContent.includes("初始化"))
      window.__zhikuReady = performance.now()
  }
  new MutationObserver(check).observe(meta, { childList: true, characterData: true, subtree: true })
  check()
})
"""

# Empties the box, waits for the list to empty, then puts the query in (an `input` event,
# as a paste or an IME commit does: search-input.js passes it on to Material) and resolves
# with the ms until the first result item is in the list.
_TIMED_QUERY = """async (query) => {
  const box = document.querySelector("input.md-search__input")
  const list = document.querySelector(".md-search-result__list")
  const items = () => list.querySelector(".md-search-result__item")
  const until = (test) => new Promise((resolve, reject) => {
    if (test()) return resolve()
    const seen = new MutationObserver(() => { if (test()) { seen.disconnect(); resolve() } })
    seen.observe(list, { childList: true, subtree: true })
    setTimeout(() => reject(new Error("no search result for " + query)), 120000)
  })
  box.value = ""
  box.dispatchEvent(new Event("input", { bubbles: true }))
  await until(() => !items())
  const started = performance.now()
  box.value = query
  box.dispatchEvent(new Event("input", { bubbles: true }))
  await until(() => !!items())
  return performance.now() - started
}"""


def _query(page, text: str) -> float:
    return page.evaluate(_TIMED_QUERY, text)


def search_traffic(site: Path, n: int) -> dict:
    """Bytes, requests and time of search on the wire (bench/search_traffic.py): a page
    view without searching, and cold queries of different rarity, each in a new context,
    after the page view and as it loads; and the index's size beside the text it indexes."""
    from .search_traffic import index_size, measure_site, queries_for

    figures = measure_site(site, queries_for(n), at_load=True)
    figures.pop("runs")
    figures.pop("at_load_runs")
    return {**index_size(site), **figures}


def _offline_bundle(source: Path, folder: Path) -> Path | None:
    """Build and unzip the offline bundle; None when this Zhiku has no `bundle` command."""
    import zipfile

    out = folder / "bundle.zip"
    # The build's cache (converts nothing); `--images link`: the synthetic pages' image host
    # does not exist, and mirroring would only time its connection failures.
    proc = subprocess.run([str(ZHIKU), "bundle", "--source", str(source), "--out", str(out),
                           "--work-dir", str(folder / "work"), "--images", "link"],
                          cwd=ROOT, env=ENV, capture_output=True, text=True)
    if proc.returncode != 0 or not out.exists():
        print(f"bench: offline bundle not measured: {proc.stderr[-500:]}", file=sys.stderr)
        return None
    dest = folder / "bundle"
    shutil.rmtree(dest, ignore_errors=True)
    with zipfile.ZipFile(out) as zf:
        zf.extractall(dest)
    index = next(dest.rglob("index.html"), None)
    return index
