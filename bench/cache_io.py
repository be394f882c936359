"""What the caches cost: writing and reading every entry of an N-document corpus (default
200), for the conversion cache (Documents) and the render cache (pages), in CPU time,
best of 7. `python -m bench.cache_io [N]`.

A build of the corpus fills both caches first; the entries are then written to and read
from a fresh folder, as a cold and a warm rebuild do.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import write_corpus
from bench.measure import ENV, ROOT, ZHIKU
from generator.conversion import cache
from generator.document import Document
from generator.site.speedups.render import Rendered

ROUNDS = 7


def timings(values: list, tp, folder: Path) -> dict:
    keys = [f"{i:064x}" for i in range(len(values))]
    best_write = best_read = float("inf")
    for _ in range(ROUNDS):
        shutil.rmtree(folder, ignore_errors=True)
        started = time.process_time()
        for key, value in zip(keys, values):
            cache.store(folder, key, value, tp)
        best_write = min(best_write, time.process_time() - started)
        started = time.process_time()
        back = [cache.load(folder, key, tp) for key in keys]
        best_read = min(best_read, time.process_time() - started)
        assert back == values, "an entry did not come back equal"
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return {"entries": len(values), "write_ms": round(best_write * 1000, 1),
            "read_ms": round(best_read * 1000, 1), "mb": round(size / 2**20, 2)}


def main(n: int = 200) -> dict:
    with tempfile.TemporaryDirectory(prefix="zhiku-cache-io-") as tmp:
        tmp = Path(tmp)
        write_corpus(tmp / "sources", n)
        exe = [str(ZHIKU)] if ZHIKU.exists() else [sys.executable, "-c", "import sys; from generator.cli import main; sys.exit(main())"]
        subprocess.run([*exe, "build", "--source", str(tmp / "sources"), "--site-dir", str(tmp / "site"),
                        "--work-dir", str(tmp / "work")], cwd=ROOT, env=ENV, check=True, capture_output=True)
        results = {}
        for name, folder, tp in (("documents", "cache", Document), ("pages", "render-cache", Rendered)):
            entries = sorted((tmp / "work" / folder).rglob(f"*{cache.SUFFIX}"))
            values = [cache.load(e.parent.parent, e.stem, tp) for e in entries]
            assert values and None not in values, f"{folder}: unreadable entries"
            results[name] = timings(values, tp, tmp / "copy")
    return results


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200), indent=2))
