"""Snapshot Zhiku's output on a synthetic corpus, to prove a speed change changes nothing.

    .venv/bin/python -m bench.snapshot /tmp/before [--n 300] [--site]
    .venv/bin/python -m bench.snapshot /tmp/after  [--n 300] [--site]
    diff -r /tmp/before/out /tmp/after/out

Writes the corpus (bench.corpus, deterministic) to DIR/source, converts it into DIR/out
(`zhiku convert`, cache off via a fresh work dir), and with --site also builds the site
into DIR/out/site. Prints one digest over every output file, so two snapshots can be
compared at a glance before running `diff -r`.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent


def digest_tree(folder: Path) -> str:
    """One sha256 over the relative paths and bytes of every file under `folder`."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def zhiku(log: Path, *args: str) -> None:
    """Run the CLI; its messages go to `log` (the synthetic corpus warns on purpose)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with log.open("a", encoding="utf-8") as sink:
        subprocess.run([str(Path(sys.executable).parent / "zhiku"), *args], cwd=ROOT, env=env,
                       check=True, stdout=sink, stderr=sink)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.snapshot")
    parser.add_argument("dir", type=Path)
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--site", action="store_true", help="also build the site")
    args = parser.parse_args(argv)
    shutil.rmtree(args.dir, ignore_errors=True)
    source, out = args.dir / "source", args.dir / "out"
    write_corpus(source, args.n)
    log = args.dir / "log.txt"
    zhiku(log, "convert", str(source), "--out", str(out / "pages"), "--work-dir", str(args.dir / "work"))
    if args.site:
        zhiku(log, "build", "--source", str(source), "--site-dir", str(out / "site"),
              "--work-dir", str(args.dir / "work-site"))
    print(f"{args.dir}: {digest_tree(out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
