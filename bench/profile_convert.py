"""Profile the converter: docs/s and MB/s on one core, and where the time goes per stage.

    .venv/bin/python -m bench.profile_convert --n 200 [--cprofile 25]

The corpus is generated in a tmp dir; the one-time loading of OpenCC and jieba is measured
separately (a warm-up conversion), then the corpus is converted with jobs=1 and a cold cache.
Stages are timed (CPU time) by wrapping the pipeline's stage functions here, not in production code.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench.corpus import write_corpus
from generator.conversion import pipeline
from generator.config import Config
from generator.convert import convert_folder
from generator.document import Document
from generator.conversion.runner import _warm_up


def timed_stages(totals: dict[str, float]) -> tuple:
    """The pipeline's stages, each adding its CPU time to `totals[name]` (wall time counts
    other programs' share of a busy machine)."""
    def wrap(stage):
        def timed(doc, config):
            started = time.process_time()
            try:
                return stage(doc, config)
            finally:
                totals[stage.__module__.rsplit(".", 1)[-1]] += time.process_time() - started
        timed.__name__ = stage.__name__
        return timed
    return tuple(wrap(s) for s in pipeline.STAGES)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--sort", default="cumulative", help="cProfile sort key: cumulative or tottime")
    parser.add_argument("--cprofile", type=int, default=0, help="print the top N functions (cumulative)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zhiku-prof-") as tmp:
        src = Path(tmp) / "src"
        write_corpus(src, args.n)
        size = sum(p.stat().st_size for p in src.rglob("*") if p.is_file())
        config = Config(source=src, work_dir=Path(tmp) / "work", jobs=1)
        started = time.perf_counter()
        _warm_up(config)
        load_s = time.perf_counter() - started
        totals: dict[str, float] = defaultdict(float)
        pipeline.STAGES = timed_stages(totals)
        profiler = cProfile.Profile() if args.cprofile else None
        started, cpu_started = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        convert_folder(config)
        if profiler:
            profiler.disable()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(f"{args.n} documents, {size / 2**20:.2f} MB; one-time load (OpenCC, jieba): {load_s:.2f} s")
    print(f"convert: {seconds:.2f} s = {args.n / seconds:.1f} docs/s, {size / 2**20 / seconds:.2f} MB/s")
    print(f"CPU time: {cpu:.2f} s = {args.n / cpu:.1f} docs per CPU-second, {size / 2**20 / cpu:.2f} MB per CPU-second "
          "(the wall time counts other programs' share of a busy machine)")
    print(f"{'stage':<12}{'CPU s':>9}{'share':>8}")
    for name, s in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"{name:<12}{s:>9.2f}{s / cpu:>8.0%}")
    rest = cpu - sum(totals.values())
    print(f"{'(outside)':<12}{rest:>9.2f}{rest / cpu:>8.0%}  read, cache, collection, report")
    if profiler:
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.cprofile)


if __name__ == "__main__":
    main()
