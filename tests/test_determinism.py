"""Deterministic output: two builds of the same input give byte-identical sites.

The input is the seeds plus the hostile corpus without its two slowest files (the 10 MB
line and the 20,000-deep nesting take minutes to convert and are built by
test_hostile.py); each build runs in its own process (its own hash seed) with its own
work folder, so neither reuses the other's cache.
"""

from __future__ import annotations

import difflib
import gzip
import os
import shutil
import struct

import pytest

from conftest import ROOT, build_site
from hostile_corpus import write_corpus

SLOW_CASES = ("huge", "html/nested-20000-deep.html")


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    base = tmp_path_factory.mktemp("determinism")
    write_corpus(base / "corpus")
    sources = base / "corpus" / "sources"
    for slow in SLOW_CASES:
        path = sources / slow
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    shutil.copytree(ROOT / "seeds", sources / "seeds")
    builds = []
    site_url = os.environ.get("SITE_URL")
    os.environ["SITE_URL"] = "https://example.org/zhiku/"  # so sitemap.xml lists the pages
    try:
        for name in ("first", "second"):
            (base / name).mkdir()
            builds.append(build_site(base / name, sources))
    finally:
        os.environ.pop("SITE_URL") if site_url is None else os.environ.update(SITE_URL=site_url)
    return builds


def files_of(site_dir) -> dict[str, bytes]:
    return {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in sorted(site_dir.rglob("*")) if p.is_file()}


def first_difference(a: bytes, b: bytes) -> str:
    try:
        lines = difflib.unified_diff(a.decode().splitlines(), b.decode().splitlines(), lineterm="", n=1)
        return "\n".join(list(lines)[:12])
    except UnicodeDecodeError:
        at = next(i for i, (x, y) in enumerate(zip(a, b)) if x != y) if len(a) == len(b) else min(len(a), len(b))
        return f"binary files differ at byte {at}"


def test_two_builds_are_byte_identical(two_builds):
    first, second = (files_of(b.site_dir) for b in two_builds)
    assert len(first) > 50
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    detail = "\n".join(f"{n}:\n{first_difference(first[n], second[n])}" for n in differing[:3])
    assert not differing, f"{len(differing)} files differ, e.g.\n{detail}"


def test_two_reports_and_generated_pages_are_byte_identical(two_builds):
    one, two = (b.work_dir.parent / "report.json" for b in two_builds)
    assert one.read_bytes() == two.read_bytes()
    first, second = (files_of(b.work_dir / "docs") for b in two_builds)
    assert len(first) > 40 and first == second


def test_the_files_mkdocs_stamps_with_the_build_time_are_neutralised(two_builds):
    site_dir = two_builds[0].site_dir
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>" in sitemap and "<lastmod>" not in sitemap
    packed = (site_dir / "sitemap.xml.gz").read_bytes()
    assert struct.unpack("<I", packed[4:8])[0] == 0, "gzip header carries a build time"
    assert gzip.decompress(packed).decode("utf-8") == sitemap
