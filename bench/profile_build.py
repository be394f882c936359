"""Where a build's time goes, in CPU seconds of one process (no profiler overhead).

    .venv/bin/python -m bench.profile_build SOURCE WORK [--site SITE] [--runs 2]

Builds SOURCE with `jobs: 1` (everything in this process, so CPU time covers it all),
timing the build's parts by wrapping their functions here, not in production code: the
conversion (cached after the first run), writing the Markdown pages, MkDocs' Markdown
rendering, the page templates (navigation included), Material's search plugin reading the
pages, Zhiku's search index, and the rest. The first run fills the caches; later runs
are what a rebuild with nothing changed costs. CPU time, unlike wall time, is not
inflated when other programs share the machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

PARTS = [  # (label, module, attribute)
    ("conversion (cache or pipeline)", "generator.convert", "convert_folder"),
    ("Markdown pages written", "generator.convert", "write_output"),
    ("Markdown rendered ahead", "generator.site.speedups.render", "prerender"),
    ("article pages written ahead", "generator.site.speedups.write", "PageWriter.write_ahead"),
    ("page templates, written", "mkdocs.commands.build", "_build_page"),
    ("  navigation in Python", "generator.site.nav_html", "nav_items_html"),
    ("  Material search reads pages", "material.plugins.search.plugin", "SearchIndex.add_entry_from_context"),
    ("Zhiku search index", "generator.site.search", "finish_search"),
]


@contextmanager
def timed_parts(totals: dict[str, float]):
    import importlib

    undo = []
    for label, module_name, attr in PARTS:
        module = importlib.import_module(module_name)
        owner, name = (getattr(module, attr.split(".")[0]), attr.split(".")[1]) if "." in attr else (module, attr)
        original = getattr(owner, name)

        def wrapper(*args, __original=original, __label=label, **kwargs):
            started = time.process_time()
            try:
                return __original(*args, **kwargs)
            finally:
                totals[__label] += time.process_time() - started

        setattr(owner, name, wrapper)
        undo.append((owner, name, original))
    try:
        yield
    finally:
        for owner, name, original in undo:
            setattr(owner, name, original)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_build")
    parser.add_argument("source", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--site", type=Path)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from generator.cli import main as zhiku

    config = Path(tempfile.mkdtemp()) / "zhiku.yml"
    config.write_text("jobs: 1\nimages: link\n", encoding="utf-8")
    site = args.site or args.work / "site"
    totals: dict[str, float] = defaultdict(float)
    # Patched once for all runs: MkDocs keeps the hook module (and what it imported) loaded.
    with timed_parts(totals):
        for run in range(args.runs):
            totals.clear()
            started, wall = time.process_time(), time.perf_counter()
            zhiku(["build", "--source", str(args.source), "--site-dir", str(site),
                   "--work-dir", str(args.work), "--config", str(config)])
            report(run, time.process_time() - started, time.perf_counter() - wall, totals)
    return 0


def report(run: int, total: float, wall: float, totals: dict[str, float]) -> None:
    print(f"run {run + 1}: {total:.1f} CPU s ({wall:.1f} s wall)", file=sys.stderr)
    for label, _, _ in PARTS:
        print(f"  {label:<34} {totals[label]:7.2f}", file=sys.stderr)
    inner = sum(v for k, v in totals.items() if not k.startswith("  "))
    print(f"  {'the rest (config, nav, files, ...)':<34} {total - inner:7.2f}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
