"""The site `zhiku build` makes against an export built by MkDocs, ProperDocs and Zensical.

    python -m bench.builders OUT [--source DIR] [--synthetic N] [--script hans|hant]

Builds the project of the current folder (`zhiku.yml`: the seeds here) with the plugin
into OUT/plugin, exports it (`zhiku export OUT/export`), builds the export with each
builder found on the path beside this Python (`mkdocs`, `properdocs`, `zensical`), runs
`zhiku index` on each output and compares every HTML page with the plugin's. Two lines
are normalised, as they must differ: the generator `<meta>` (each builder names itself)
and `<link rel="prev|next">` (see README, Builders). Zensical's theme differs from
Material's, so for it the pages are compared by what a reader sees: the text of the
`<article>` element and the links in it. Prints one JSON object; with --synthetic N,
N documents of bench/corpus.py are the source instead.
"""

from __future__ import annotations

import argparse
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml import html as lxml_html

BIN = Path(sys.executable).parent
BUILDERS = ("mkdocs", "properdocs", "zensical")
_NORMALISE = re.compile(r'^<link rel="(?:prev|next)" href="[^"]*">\n|^<meta name="generator" content="[^"]*">\n',
                        re.MULTILINE)


def run(*cmd: str, cwd: Path | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return round(time.perf_counter() - start, 2)


def zhiku(*args: str, cwd: Path | None = None) -> float:
    return run(sys.executable, "-m", "generator.cli", *args, cwd=cwd)


def broken_links(site: Path) -> int:
    """`zhiku check`: internal links and #anchors that lead nowhere."""
    proc = subprocess.run([sys.executable, "-m", "generator.cli", "check", str(site)],
                          capture_output=True, text=True)
    return len(proc.stdout.splitlines())


def pages(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*.html"))}


def resolved(page: str, href: str | None) -> str | None:
    """`href` as the address it leads to from `page` (`./`, `././` and `.` alike), the site
    served under /base/ as on GitHub Pages (a link climbing above the site leaves it)."""
    if href is None:
        return None
    parts = urlsplit(urljoin(f"http://site/base/{page}", href))
    path = posixpath.normpath(parts.path)
    if parts.path.endswith(("/", "/.", "/..")) and path != "/":
        path += "/"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, parts.fragment))


def reader_view(path: Path, page: str) -> tuple:
    """The article element's text (white space folded), its links' targets, and the
    primary navigation's entries (their text and targets), addresses resolved."""
    tree = lxml_html.fromstring(path.read_bytes())
    article = tree.find(".//article")
    navs = [n for n in tree.iter("nav") if "md-nav--primary" in (n.get("class") or "")]
    nav = tuple((" ".join(a.text_content().split()), resolved(page, a.get("href")))
                for n in navs[:1] for a in n.iter("a") if a.text_content().strip())
    if article is None:
        return "", (), nav
    text = " ".join(article.text_content().split())
    text = text.replace("¶", "")   # permalink signs: Zensical writes them apart
    return text, tuple(resolved(page, a.get("href")) for a in article.iter("a")   # an <a> without href leads nowhere
                       if a.get("href") is not None and "headerlink" not in (a.get("class") or "")), nav


def compare(plugin: Path, other: Path, exact: bool) -> dict:
    mine, theirs = pages(plugin), pages(other)
    same, differ, parts = [], [], {"text": 0, "links": 0, "nav": 0}
    for rel in sorted(set(mine) & set(theirs)):
        if exact:
            a = _NORMALISE.sub("", mine[rel].read_text(encoding="utf-8"))
            b = _NORMALISE.sub("", theirs[rel].read_text(encoding="utf-8"))
        else:
            a, b = reader_view(mine[rel], rel), reader_view(theirs[rel], rel)
            for name, x, y in zip(parts, a, b):
                parts[name] += x != y
        (same if a == b else differ).append(rel)
    other_files = {p.relative_to(other).as_posix() for p in other.rglob("*") if p.is_file()}
    plugin_files = {p.relative_to(plugin).as_posix() for p in plugin.rglob("*") if p.is_file()}
    return {"pages": len(theirs), "plugin_pages": len(mine), "missing": sorted(set(mine) - set(theirs)),
            "extra": sorted(set(theirs) - set(mine)), "same": len(same), "differ": differ,
            **({} if exact else {f"differ_{name}": n for name, n in parts.items()}),
            "search_chunks": len(list((other / "search").glob("chunk-*.js"))), "broken_links": broken_links(other),
            "files_missing": len(plugin_files - other_files), "files_extra": len(other_files - plugin_files)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--source", type=Path)
    parser.add_argument("--synthetic", type=int, default=0)
    parser.add_argument("--script", choices=("hans", "hant"))
    args = parser.parse_args(argv)
    out = args.out.resolve()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    source = args.source.resolve() if args.source else None
    if args.synthetic:
        from bench.corpus import write_corpus

        source = out / "sources"
        write_corpus(source, args.synthetic)
    common = [*(["--source", str(source)] if source else []), *(["--script", args.script] if args.script else []),
              "--work-dir", str(out / "work"), "--quiet"]
    result = {"plugin_build_s": zhiku("build", "--site-dir", str(out / "plugin"), *common),
              "export_s": zhiku("export", str(out / "export"), *common)}
    result["plugin_broken_links"] = broken_links(out / "plugin")
    for builder in BUILDERS:
        exe = BIN / builder
        if not exe.exists():
            result[builder] = "not installed"
            continue
        site = out / f"site-{builder}"
        flag = [] if builder == "zensical" else ["-q"]
        seconds = run(str(exe), "build", *flag, cwd=out / "export")
        shutil.move(out / "export" / "site", site)
        index_s = zhiku("index", str(site))
        result[builder] = {"build_s": seconds, "index_s": index_s,
                           **compare(out / "plugin", site, exact=builder != "zensical")}
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
