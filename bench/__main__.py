"""`python -m bench [--sizes 100,1000,10000]`: measure Zhiku on synthetic corpora.

Prints a table and JSON, and writes bench/results.json. Everything is measured in the
same run on this machine: conversion throughput (one core and all cores), the full build,
a plain `mkdocs build` of the same Markdown with Material's defaults (the baseline), the
rebuild after one document changes, peak memory (also of a cold build with one 200 MB
source among the documents), site and index sizes, and in Chromium the time until search
is ready and until the first result shows, and what search costs on the wire
(bench/search_traffic.py: a page view without searching, cold queries). Peak memory is the largest resident set of any
one process of the build (the parent or one of its workers), as wait4() reports it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import time
from pathlib import Path

from .corpus import write_corpus
from .measure import (
    browser_search_times, build_once, build_with_large_source, convert_throughput, duplicates_time,
    mkdocs_baseline, search_traffic, site_sizes,
)

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
DEFAULTS_MAX = 1000  # largest n for the baseline with Material's defaults (see run_size)


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
    }


def run_size(n: int, browser: bool) -> dict:
    folder = WORK / f"n{n}"
    shutil.rmtree(folder, ignore_errors=True)
    source = folder / "source"
    source_bytes = write_corpus(source, n)
    row: dict = {"n": n, "source_mb": round(source_bytes / 2**20, 2),
                 "load_avg_start": round(os.getloadavg()[0], 2)}
    row.update(convert_throughput(source, folder, source_bytes, n))
    # what detection adds: the same cold build without it just before (duplicates_build.py)
    plain = build_once(source, folder / "site-plain", folder / "work-plain", "--no-duplicates")
    build = build_once(source, folder / "site", folder / "work")
    row.update({"build_s": build["seconds"], "build_cpu_s": build["cpu_s"], "peak_rss_mb": build["peak_rss_mb"]})
    row.update({"build_no_duplicates_s": plain["seconds"], "build_no_duplicates_cpu_s": plain["cpu_s"],
                "duplicates_added_share": round(build["seconds"] / plain["seconds"] - 1, 3),
                "duplicates_added_cpu_share": round(build["cpu_s"] / plain["cpu_s"] - 1, 3)})
    for name in ("site-plain", "work-plain"):
        shutil.rmtree(folder / name, ignore_errors=True)
    row.update(duplicates_time(source, folder / "work"))
    row["duplicates_share"] = round(row["duplicates_s"] / build["seconds"], 3)
    # CPU time, like build_cpu_s: not inflated by whatever else the machine runs
    row["duplicates_cpu_share"] = round(row["duplicates_cpu_s"] / build["cpu_s"], 3)
    touched = sorted(source.iterdir())[n // 2]
    touched.write_text(touched.read_text(encoding="utf-8") + "\n补充一段新的内容。\n", encoding="utf-8")
    rebuild = build_once(source, folder / "site", folder / "work")
    row.update({"rebuild_one_s": rebuild["seconds"], "rebuild_one_cpu_s": rebuild["cpu_s"]})
    # Material's defaults inline the whole navigation into every page: quadratic, hours at
    # 10,000 (138 s at 1,000 here). Above DEFAULTS_MAX only the pruned baseline is built.
    row["mkdocs_only_s"], row["mkdocs_only_cpu_s"] = (
        mkdocs_baseline(folder / "work" / "docs", folder / "baseline") if n <= DEFAULTS_MAX else (None, None))
    row["mkdocs_pruned_s"], row["mkdocs_pruned_cpu_s"] = mkdocs_baseline(
        folder / "work" / "docs", folder / "baseline", pruned=True)
    row.update(site_sizes(folder / "site", n))
    if browser and n <= 10_000:
        row.update(browser_search_times(folder, source))
        row.update(search_traffic(folder / "site", n))
    row.update(build_with_large_source(source, folder))
    row["build_ms_per_page"] = round(1000 * row["build_s"] / n, 2)
    for name, base in (("mkdocs_only", row["mkdocs_only_s"]), ("mkdocs_pruned", row["mkdocs_pruned_s"])):
        row[f"rebuild_vs_{name}"] = round(row["rebuild_one_s"] / base, 2) if base else None
        row[f"build_vs_{name}"] = round(row["build_s"] / base, 2) if base else None
    # The machine is shared: the 1-minute load average says how busy it was meanwhile.
    row["load_avg_end"] = round(os.getloadavg()[0], 2)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--sizes", default="100,1000,10000", help="comma-separated document counts")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium timings")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    results = {"machine": machine(), "runs": []}
    for n in sizes:
        started = time.perf_counter()
        row = run_size(n, browser=not args.no_browser)
        row["bench_wall_s"] = round(time.perf_counter() - started, 1)
        results["runs"].append(row)
        print_row(row)
        (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    return 0


def print_row(row: dict) -> None:
    width = max(map(len, row))
    print(f"--- n = {row['n']}")
    for key, value in row.items():
        print(f"  {key:<{width}}  {value}")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
