"""Article pages written by worker processes (generator/parallel_pages.py) make the same
site, byte for byte and search index included, as MkDocs' one-process loop."""

from __future__ import annotations

from pathlib import Path

from bench.corpus import write_corpus

from conftest import build_site


def test_site_written_by_workers_is_byte_identical_to_one_process(tmp_path):
    source = tmp_path / "source"
    write_corpus(source, 20)
    configs = {}
    for jobs in (1, 2):
        configs[jobs] = tmp_path / f"jobs{jobs}.yml"
        configs[jobs].write_text(f"jobs: {jobs}\nimages: link\n", encoding="utf-8")
    one = build_site(tmp_path / "one", source, "--config", str(configs[1]))
    two = build_site(tmp_path / "two", source, "--config", str(configs[2]))
    assert "written by 2 worker processes" in two.output
    assert "worker processes" not in one.output

    def tree(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}

    left, right = tree(one.site_dir), tree(two.site_dir)
    assert sorted(left) == sorted(right)
    assert sum(1 for name in left if name.startswith("articles/")) >= 16
    assert [name for name in left if left[name] != right[name]] == []
    assert any(name.startswith("search/chunk-") for name in left)
    # The same warnings in both builds.
    assert sorted(l for l in one.output.splitlines() if "WARNING" in l) == \
        sorted(l for l in two.output.splitlines() if "WARNING" in l)
