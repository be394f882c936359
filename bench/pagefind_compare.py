"""Zhiku's search beside Pagefind's on the same built sites: `python -m bench.pagefind_compare`.

Pagefind (PyPI `pagefind[extended]`, the build with Chinese segmentation; a benchmark-only
dependency, the `bench` extra) indexes the site Zhiku built, reading each page's
`<article>` (Material's content; without the root selector it would index every page's
navigation too), without the headings' "¶" permalinks. Its bundle is served beside the site from the same gzipping server, and
searched with its default UI (`PagefindUI`, as shipped, with its 300 ms input debounce) on
a page of the bench's own (`/__bench/pagefind.html`). Both are measured the same way
(bench/search_traffic.py): idle_search_bytes, cold query bytes and requests, cold time to
the final top 3, reorders. Pagefind's UI script and style count as the page, as Material's
bundle does for Zhiku.

Hits in the top 3: the hand-checked query set over the seeds (tests/data/queries.yaml, the
one tests/test_search.py scores), each query typed into each search on the seeds' site;
a query counts as a hit when the pages it expects are among the first three results (all
of them, or three), as recall@3 in the test. Writes bench/pagefind.json and prints tables.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from .gzip_server import serve_gzipped
from .search_traffic import (
    MATERIAL, PAGEFIND, SETTLE_MS, launched, measure_site, queries_for, type_query, wait_quiet,
)

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
QUERIES = ROOT / "tests" / "data" / "queries.yaml"
BENCH_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Pagefind</title>
<link href="/pagefind/pagefind-ui.css" rel="stylesheet">
<script src="/pagefind/pagefind-ui.js"></script></head>
<body><div id="search"></div>
<script>window.addEventListener("DOMContentLoaded", () => new PagefindUI({ element: "#search" }))</script>
</body></html>
"""
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")


def run_pagefind(site: Path, out: Path) -> dict:
    """Index `site` into `out`; seconds taken and the index's bytes (Pagefind writes its
    index and fragments gzipped already: their size is what goes on the wire)."""
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(out),
                    "--root-selector", "article", "--exclude-selectors", ".headerlink", "--quiet"], check=True, capture_output=True)
    seconds = time.perf_counter() - started
    data = [p for p in out.rglob("*") if p.is_file() and p.parent.name in ("index", "fragment")
            or p.suffix == ".pf_meta"]
    return {"index_s": round(seconds, 1), "index_bytes": sum(p.stat().st_size for p in data),
            "files": sum(1 for p in out.rglob("*") if p.is_file())}


def pagefind_mounts(out: Path) -> dict[str, Path]:
    page = out / "__bench"
    page.mkdir(exist_ok=True)
    (page / "pagefind.html").write_text(BENCH_PAGE, encoding="utf-8")
    return {"/pagefind/": out, "/__bench/": page}


def zhiku_index_bytes(site: Path) -> int:
    return sum(len(gzip.compress(p.read_bytes(), 6, mtime=0)) for p in (site / "search").iterdir() if p.is_file())


def hits_in_top3(browser, site: Path, report: dict, ui, page_path: str = "",
                 mounts: dict[str, Path] | None = None) -> dict:
    """Every query of the set typed into one page (a warm search), its final top 3 judged
    against the pages the query set expects."""
    queries = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    by_path = {"/" + d["url"].lstrip("/"): d["source"] for d in report["documents"]}
    server, url, log = serve_gzipped(site, mounts)
    context = browser.new_context(locale="zh-CN")
    hits, by_kind, misses = 0.0, {}, []
    try:
        page = context.new_page()
        page.goto(url + page_path, wait_until="load")
        wait_quiet(log)
        for q in queries:
            type_query(page, q["query"], ui)
            wait_quiet(log, page, SETTLE_MS)
            top = [by_path.get(p, p) for p in page.evaluate(
                "window.__traffic.states.length ? window.__traffic.states.at(-1).top : []")]
            wanted = set(q["expect"])
            score = len(wanted & set(top[:3])) / min(3, len(wanted))
            hits += score
            by_kind.setdefault(q["kind"], []).append(score)
            if score < 1:
                misses.append({"query": q["query"], "expect": sorted(wanted), "top3": top[:3]})
    finally:
        context.close()
        server.shutdown()
    return {"queries": len(queries), "hits_top3": round(hits, 2),
            "by_kind": {k: f"{round(sum(v), 1):g}/{len(v)}" for k, v in by_kind.items()}, "misses": misses}


def built_site(name: str, source: Path | None, n: int | None) -> tuple[Path, dict]:
    """bench/work/NAME/site, built from `source` (or the synthetic corpus of n documents)
    unless already there; returns the site and the build's report."""
    folder = WORK / name
    site, report = folder / "site", folder / "report.json"
    if not report.exists():
        from .corpus import write_corpus
        if source is None:
            source = folder / "source"
            write_corpus(source, n)
        zhiku = Path(sys.executable).with_name("zhiku")
        cmd = [str(zhiku)] if zhiku.exists() else [sys.executable, "-m", "generator.cli"]
        subprocess.run([*cmd, "build", "--source", str(source), "--site-dir", str(site),
                        "--work-dir", str(folder / "work"), "--report", str(report)],
                       cwd=ROOT, check=True, capture_output=True)
    return site, json.loads(report.read_text(encoding="utf-8"))


def compare(sizes: list[int]) -> dict:
    out: dict = {"traffic": [], "hits": {}}
    with launched() as browser:
        site, report = built_site("traffic-seeds", ROOT / "seeds", None)
        pf = WORK / "traffic-seeds" / "pagefind"
        run_pagefind(site, pf)
        out["hits"]["zhiku"] = hits_in_top3(browser, site, report, MATERIAL)
        out["hits"]["pagefind"] = hits_in_top3(browser, site, report, PAGEFIND, "__bench/pagefind.html",
                                               pagefind_mounts(pf))
        for n in sizes:
            site, _ = built_site(f"traffic-n{n}", None, n)
            pf = WORK / f"traffic-n{n}" / "pagefind"
            indexed = run_pagefind(site, pf)
            row = {"n": n}
            for name, ui, page, mounts in (("zhiku", MATERIAL, "", None),
                                           ("pagefind", PAGEFIND, "__bench/pagefind.html", pagefind_mounts(pf))):
                figures = measure_site(site, queries_for(n), ui, page, mounts, browser)
                figures.pop("runs")
                row[name] = figures
            row["zhiku"]["index_gz_bytes"] = zhiku_index_bytes(site)
            row["pagefind"]["index_gz_bytes"] = indexed["index_bytes"]
            row["pagefind"]["index_s"] = indexed["index_s"]
            out["traffic"].append(row)
            print(json.dumps(row, ensure_ascii=False), file=sys.stderr, flush=True)
    return out


FIGURES = ("index_gz_bytes", "idle_search_bytes", "cold_query_bytes_median", "cold_query_bytes_max",
           "cold_query_requests_median", "cold_query_requests_max", "cold_final_ms_median",
           "cold_final_ms_max", "cold_reorders", "cold_queries_reordered", "cold_empty_flashes",
           "cold_unsettled")


def tables(result: dict) -> str:
    hits = result["hits"]
    lines = ["| | Zhiku | Pagefind |", "|---|---|---|",
             f"| hits in the top 3, {hits['zhiku']['queries']} queries over the seeds | "
             f"{hits['zhiku']['hits_top3']:g} | {hits['pagefind']['hits_top3']:g} |"]
    for kind in hits["zhiku"]["by_kind"]:
        lines.append(f"| … {kind} | {hits['zhiku']['by_kind'][kind]} | {hits['pagefind']['by_kind'].get(kind, '—')} |")
    for row in result["traffic"]:
        for key in FIGURES:
            cells = [row[name].get(key) for name in ("zhiku", "pagefind")]
            lines.append(f"| n = {row['n']:,}: {key} | " + " | ".join(
                "—" if c is None else f"{c:,}" for c in cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pagefind_compare")
    parser.add_argument("--sizes", default="100,1000", help="synthetic corpus sizes for the traffic figures")
    args = parser.parse_args(argv)
    result = compare([int(s) for s in args.sizes.split(",") if s.strip()])
    (ROOT / "bench" / "pagefind.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n",
                                                  encoding="utf-8")
    print(tables(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
