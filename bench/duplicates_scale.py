"""`python -m bench.duplicates_scale [--sizes 1000,10000]`: how duplicate detection
(generator/collection/duplicates.py) grows with the collection, on the synthetic corpus's texts
(bench/corpus.py) without converting them: CPU seconds of `find_duplicates` alone
(`duplicates_cpu_s`: sketches made too; `collection_cpu_s`: given the sketches, as a
build's workers make them), per stage, as JSON lines. A build's share is measured by
`make bench` (bench/duplicates_time.py).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import replace

from generator.collection import duplicates
from generator.document import Block, Document

from .corpus import STYLES, TOPICS, paragraphs, sentence_pool, target_size


def synthetic_documents(n: int, seed: int = 20261121) -> list[Document]:
    """The corpus's n documents as the converter leaves them: paragraphs, in Simplified
    (the same random draws as corpus.make_document, so the same texts)."""
    docs = []
    for i in range(n):
        rng = random.Random(seed * 1_000_003 + i)
        rng.choice(TOPICS)
        year, month, day = rng.randint(2009, 2024), rng.randint(1, 12), rng.randint(1, 28)
        rng.choice(sentence_pool())
        paras = paragraphs(rng, target_size(rng))
        docs.append(Document(source=f"{i:05d}_{STYLES[i % len(STYLES)]}.txt", title=f"文档{i}",
                             date=f"{year}-{month:02d}-{day:02d}", date_precision="day",
                             blocks=tuple(Block("paragraph", text=p) for p in paras)))
    return docs


def stages(docs: list[Document]) -> dict:
    """CPU seconds of each stage, as find_duplicates runs them."""
    times = {}
    cpu = time.process_time()

    def lap(name: str) -> None:
        nonlocal cpu
        now = time.process_time()
        times[name] = round(now - cpu, 3)
        cpu = now

    sketches = {d.source: duplicates.sketch(d) for d in docs}   # in a build: the workers'
    lap("sketch_s")
    by_source = {d.source: d for d in docs}
    sketches = {s: k for s, k in sketches.items() if k.length - duplicates.SHINGLE + 1 >= duplicates.MIN_SHINGLES}
    pairs = duplicates.candidate_pairs(sketches)
    lap("candidates_s")
    found = list(duplicates.compare(sketches, pairs, lambda s: duplicates.comparable_text(by_source[s])))
    lap("compare_s")
    times["candidates"] = len(pairs)
    times["copies"] = len(found)
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,2000,5000,10000")
    parser.add_argument("--stages", action="store_true", help="also time each stage")
    args = parser.parse_args(argv)
    for n in (int(s) for s in args.sizes.split(",")):
        docs = synthetic_documents(n)
        duplicates._last[:] = [None, None]
        cpu = time.process_time()
        found = duplicates.find_duplicates(docs)
        row = {"n": n, "duplicates_cpu_s": round(time.process_time() - cpu, 3),
               "copies": sum(len(v) for v in found.values()) // 2}
        # as in a build: the sketches made where the documents were converted
        sketched = [replace(d, sketch=duplicates.sketch(d)) for d in docs]
        duplicates._last[:] = [None, None]
        cpu = time.process_time()
        found = duplicates.find_duplicates(sketched)
        row["collection_cpu_s"] = round(time.process_time() - cpu, 3)
        row["cpu_ms_per_doc"] = round(1000 * row["duplicates_cpu_s"] / n, 3)
        if args.stages:
            row.update(stages(docs))
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
