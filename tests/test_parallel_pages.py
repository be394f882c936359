"""Article pages written by worker processes (generator/site/speedups/write.py) make the same
site, byte for byte and search index included, as MkDocs' one-process loop."""

from __future__ import annotations

from pathlib import Path

from bench.corpus import write_corpus

from conftest import ROOT, build_site, run_zhiku


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
    assert "Page skipped" not in two.output   # the written pages, passed over by MkDocs

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


FAILING_HOOK = '''
def on_post_page(output, page, **_):
    if page.file.src_uri.endswith("/" + "{slug}.md"):
        raise RuntimeError("injected failure in a worker")
    return output
'''


def test_a_page_failing_in_a_worker_stops_the_build_and_keeps_the_previous_site(tmp_path):
    source = tmp_path / "source"
    write_corpus(source, 20)
    zhiku_yml = tmp_path / "zhiku.yml"
    zhiku_yml.write_text("jobs: 2\nimages: link\n", encoding="utf-8")
    first = build_site(tmp_path, source, "--config", str(zhiku_yml))
    before = {p: p.read_bytes() for p in first.site_dir.rglob("*") if p.is_file()}
    slug = Path(first.report["documents"][7]["page"]).stem
    hook = tmp_path / "failing_hook.py"
    hook.write_text(FAILING_HOOK.replace("{slug}", slug), encoding="utf-8")
    config = tmp_path / "mkdocs-failing.yml"
    config.write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {ROOT / 'docs_src'}\n"
                      f"hooks:\n  - {hook}\n", encoding="utf-8")
    proc = run_zhiku("build", "--mkdocs-config", str(config), "--config", str(zhiku_yml),
                     "--source", str(source), "--site-dir", str(first.site_dir),
                     "--work-dir", str(tmp_path / "work"), check=False)
    assert proc.returncode == 1
    output = proc.stdout + proc.stderr
    assert "Error building page 'articles/" in output and f"{slug}.md'" in output
    assert "injected failure in a worker" in output
    assert {p: p.read_bytes() for p in first.site_dir.rglob("*") if p.is_file()} == before
