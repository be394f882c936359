"""`python -m bench.duplicates_build [--sizes 1000,3000,10000] [--rounds 1]`: what duplicate
detection (generator/collection/duplicates.py) adds to a build, as the difference of two
cold builds of one synthetic corpus (bench/corpus.py) on this machine in one run:
`zhiku build --no-duplicates` and `zhiku build`, interleaved (the order alternates from
round to round, so a change in the machine's load falls on both), each into fresh work
and site folders. The build with detection includes its per-document part, made in the
conversion workers, which a build without it skips.

Per n, one JSON line: the median wall and CPU seconds of each build, what detection adds
(`added_s`, `added_cpu_s`) and its share of the build without it, detection alone in
the main process (bench/duplicates_time.py, over the documents the build converted), the
load average at the start and end. Then the growth exponents over the sizes (least squares
of log seconds on log n) of the added wall and CPU seconds and of the main process's part.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
from pathlib import Path

from .corpus import write_corpus
from .measure import build_once, duplicates_time

WORK = Path(__file__).resolve().parent / "work" / "duplicates-build"


def measure(n: int, rounds: int) -> dict:
    folder = WORK / f"n{n}"
    shutil.rmtree(folder, ignore_errors=True)
    source = folder / "source"
    write_corpus(source, n)
    row: dict = {"n": n, "load_start": round(os.getloadavg()[0], 2)}
    runs: dict[str, list[dict]] = {"without": [], "with": []}
    for round_ in range(rounds):
        order = ("without", "with") if round_ % 2 == 0 else ("with", "without")
        for kind in order:
            site, work = folder / f"site-{kind}", folder / f"work-{kind}"
            for path in (site, work):
                shutil.rmtree(path, ignore_errors=True)
            flags = ("--no-duplicates",) if kind == "without" else ()
            runs[kind].append(build_once(source, site, work, *flags))
    for kind, builds in runs.items():
        row[f"build_{kind}_s"] = statistics.median(b["seconds"] for b in builds)
        row[f"build_{kind}_cpu_s"] = statistics.median(b["cpu_s"] for b in builds)
        row[f"builds_{kind}_s"] = [b["seconds"] for b in builds]
        row[f"builds_{kind}_cpu_s"] = [b["cpu_s"] for b in builds]
    row["added_s"] = round(row["build_with_s"] - row["build_without_s"], 2)
    row["added_cpu_s"] = round(row["build_with_cpu_s"] - row["build_without_cpu_s"], 2)
    row["share"] = round(row["added_s"] / row["build_without_s"], 4)
    row["cpu_share"] = round(row["added_cpu_s"] / row["build_without_cpu_s"], 4)
    row.update(duplicates_time(source, folder / "work-with"))
    row["load_end"] = round(os.getloadavg()[0], 2)
    shutil.rmtree(folder, ignore_errors=True)
    return row


def exponent(sizes: list[int], seconds: list[float]) -> float | None:
    """The slope of log(seconds) on log(n), least squares (None: a value not above 0)."""
    if len(sizes) < 2 or min(seconds) <= 0:
        return None
    xs, ys = [math.log(n) for n in sizes], [math.log(s) for s in seconds]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return round(sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs), 3)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,3000,10000")
    parser.add_argument("--rounds", type=int, default=1, help="builds of each kind per size")
    args = parser.parse_args(argv)
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        rows.append(measure(n, max(1, args.rounds)))
        print(json.dumps(rows[-1]), flush=True)
    sizes = [r["n"] for r in rows]
    print(json.dumps({"exponent_added_s": exponent(sizes, [r["added_s"] for r in rows]),
                      "exponent_added_cpu_s": exponent(sizes, [r["added_cpu_s"] for r in rows]),
                      "exponent_main_process_cpu_s": exponent(sizes, [r["duplicates_cpu_s"] for r in rows])}),
          flush=True)


if __name__ == "__main__":
    main()
