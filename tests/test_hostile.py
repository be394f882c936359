"""Hostile input: a real `zhiku build` of tests/hostile_corpus.py survives everything in
it, builds every good document, and reports every bad or altered one by name and reason.
Also: --strict fails on warnings, and a failed build leaves the previous site intact."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import lxml.html
import pytest

from conftest import ROOT, build_site, run_zhiku
from hostile_corpus import DATES, SECRET, Case, write_corpus


def cases(hostile_build, *expect: str) -> list[Case]:
    return [c for c in hostile_build.cases if c.expect in expect]


def entries(hostile_build) -> dict[str, dict]:
    return {d["source"]: d for d in hostile_build.site.report["documents"]}


def skipped(hostile_build) -> dict[str, str]:
    return {s["source"]: s["reason"] for s in hostile_build.site.report["skipped"]}


def page_text(site_dir: Path, entry: dict) -> str:
    """What a reader sees in the article of a built page (Material's <article>)."""
    page = site_dir / entry["url"] / "index.html"
    tree = lxml.html.fromstring(page.read_bytes())
    article = tree.find(".//article") if tree.find(".//article") is not None else tree
    return article.text_content()


def test_every_good_document_is_built_with_its_text(hostile_build):
    built = entries(hostile_build)
    missing = [c.name for c in cases(hostile_build, "built", "altered") if c.name not in built]
    assert not missing, f"good documents without a page: {missing}\nskipped: {skipped(hostile_build)}"
    for case in cases(hostile_build, "built", "altered"):
        text = page_text(hostile_build.site.site_dir, built[case.name])
        assert case.phrase in text, f"{case.name} ({case.why}): {case.phrase!r} not on its page"


def test_altered_documents_carry_a_warning(hostile_build):
    built = entries(hostile_build)
    for case in cases(hostile_build, "altered"):
        assert built[case.name]["warnings"], f"{case.name} ({case.why}) was altered without a warning"


def test_bad_documents_are_skipped_with_their_name_and_reason(hostile_build):
    reasons = skipped(hostile_build)
    for case in cases(hostile_build, "skipped"):
        assert case.name in reasons, f"{case.name} ({case.why}) not in the report's skipped list"
        assert len(reasons[case.name]) > 5, f"{case.name}: no reason given"
        assert case.name in hostile_build.site.output, f"{case.name}: not named on the console"


def test_no_source_is_lost(hostile_build):
    """Every source is either a page or a skipped entry; nothing else is a page."""
    accounted = set(entries(hostile_build)) | set(skipped(hostile_build))
    sources = {c.name for c in cases(hostile_build, "built", "altered", "skipped", "handled")}
    assert sources == accounted
    for case in cases(hostile_build, "handled"):
        entry = entries(hostile_build).get(case.name)
        if entry is None:
            assert skipped(hostile_build)[case.name].strip(), case.name


def test_hidden_files_and_links_leaving_the_folder_are_not_sources(hostile_build):
    report = hostile_build.site.report
    ignored = {c.name for c in cases(hostile_build, "ignored")}
    assert not ignored & (set(entries(hostile_build)) | set(skipped(hostile_build)))
    links = {c.name for c in cases(hostile_build, "ignored") if c.name.startswith("link-")}
    reported = {p["source"] for p in report.get("problems", []) if p["code"].startswith("symlink-")}
    assert links == reported
    for link in links:
        assert link in hostile_build.site.output, f"{link} not named on the console"
    hidden = {c.name.split("/")[0] for c in cases(hostile_build, "ignored") if c.name.startswith(".")}
    assert hidden == {i["source"] for i in report["ignored"]}


def test_file_names_that_are_not_utf8_are_reported_readably(hostile_build):
    problems = {p["source"]: p for p in hostile_build.site.report.get("problems", [])}
    for case in cases(hostile_build, "badname"):
        assert problems[case.name]["code"] == "file-name", case.name
        assert case.name in hostile_build.site.output


def test_nothing_from_outside_the_source_folder_is_published(hostile_build):
    hostname = Path("/etc/hostname").read_bytes().strip() if Path("/etc/hostname").exists() else b""
    for path in hostile_build.tmp.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            assert SECRET.encode() not in data, f"{path} carries a file from outside the sources"
            if hostname and path.suffix == ".txt":
                assert data.strip() != hostname, f"{path} is a copy of /etc/hostname"


def test_two_sources_with_the_same_title_get_two_pages(hostile_build):
    built = entries(hostile_build)
    a, b = built["same-title-a.md"], built["same-title-b.md"]
    assert a["title"] == b["title"] == "同名文章"
    assert a["url"] != b["url"] and a["page"] != b["page"]


def test_no_source_chooses_a_path_outside_the_output(hostile_build):
    site_dir = hostile_build.site.site_dir.resolve()
    pages_dir = (hostile_build.site.work_dir / "docs").resolve()
    for entry in entries(hostile_build).values():
        page = (pages_dir / entry["page"]).resolve()
        assert page.is_relative_to(pages_dir / "articles") and page.is_file(), entry["page"]
        assert ".." not in entry["url"] and not entry["url"].startswith("/"), entry["url"]
        assert re.fullmatch(r"[a-z0-9/._-]+", entry["url"]), f"not an ASCII slug: {entry['url']}"
        assert (site_dir / entry["url"] / "index.html").resolve().is_relative_to(site_dir)
    # the front matter slugs ../../etc/zk-escaped and /tmp/zk-escaped-absolute went nowhere
    assert not Path("/tmp/zk-escaped-absolute").exists()
    escaped = [p for p in hostile_build.tmp.parent.rglob("*zk-escaped*") if not p.is_relative_to(site_dir)
               and not p.is_relative_to(pages_dir) and not p.is_relative_to(hostile_build.corpus)]
    assert not escaped, escaped
    assert sorted(p.name for p in hostile_build.tmp.iterdir()) == ["report.json", "site", "work"]


@pytest.mark.parametrize("stem, written, expected", DATES)
def test_dates_in_every_form(hostile_build, stem, written, expected):
    entry = entries(hostile_build)[f"dates/{stem}.md"]
    assert entry["date"] == expected, f"date {written} read as {entry['date']}"
    if expected is None:
        assert any("date" in w for w in entry["warnings"]), f"{written}: ignored without a warning"


def test_markup_in_a_plain_text_report_is_shown_as_text(hostile_build):
    entry = entries(hostile_build)["xss/plain-text.txt"]
    assert "<script>alert('ZKXSS')</script>" in page_text(hostile_build.site.site_dir, entry)


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    """Three good seeds and one empty file: a build that warns."""
    src = tmp_path_factory.mktemp("small") / "sources"
    src.mkdir()
    for seed in sorted((ROOT / "seeds").iterdir())[:3]:
        shutil.copy(seed, src / seed.name)
    return src


def test_strict_fails_on_a_warning_and_leaves_the_previous_site(tmp_path, small_corpus):
    site = tmp_path / "site"
    first = build_site(tmp_path, small_corpus)              # a good site to protect
    assert len(first.report["documents"]) == 3
    before = tree_digest(site)
    (small_corpus / "empty.txt").write_bytes(b"")
    try:
        strict = run_zhiku("build", "--source", str(small_corpus), "--site-dir", str(site),
                           "--work-dir", str(tmp_path / "work"), "--strict", check=False)
        assert strict.returncode == 1, strict.stdout + strict.stderr
        assert "empty.txt" in strict.stdout + strict.stderr
        assert tree_digest(site) == before, "a failed build changed the previous site"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json", "site", "work"]
        normal = build_site(tmp_path, small_corpus)          # the same input without --strict
        assert [s["source"] for s in normal.report["skipped"]] == ["empty.txt"]
        assert len(normal.report["documents"]) == 3
    finally:
        (small_corpus / "empty.txt").unlink()


FAILING_HOOK = '''
def on_post_page(output, page, **_):
    if page.file.src_uri.startswith("articles/"):
        raise RuntimeError("injected failure in the middle of the build")
    return output
'''


def test_a_build_that_crashes_midway_leaves_the_previous_site(tmp_path, small_corpus):
    site = tmp_path / "site"
    build_site(tmp_path, small_corpus)
    before = tree_digest(site)
    hook = tmp_path / "failing_hook.py"
    hook.write_text(FAILING_HOOK, encoding="utf-8")
    config = tmp_path / "mkdocs-failing.yml"
    custom_dir = re.search(r"^\s+custom_dir:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    theme = f"theme:\n  custom_dir: {ROOT / custom_dir.group(1)}\n" if custom_dir else ""
    config.write_text(  # paths made absolute: MkDocs reads them relative to this file
        f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: {ROOT / 'docs_src'}\n{theme}"
        f"hooks:\n  - {ROOT / 'generator' / 'site' / 'mkdocs_hook.py'}\n  - {hook}\n", encoding="utf-8")
    proc = run_zhiku("build", "--mkdocs-config", str(config), "--source", str(small_corpus),
                     "--site-dir", str(site), "--work-dir", str(tmp_path / "work"), check=False)
    assert proc.returncode != 0
    assert "injected failure" in proc.stdout + proc.stderr
    assert tree_digest(site) == before
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")]
    assert not leftovers, f"staging folders left behind: {leftovers}"


def test_corpus_generator_is_reproducible(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert write_corpus(first) == write_corpus(second)
    assert tree_digest(first / "sources") == tree_digest(second / "sources")


def test_an_unwritable_site_folder_fails_cleanly_with_exit_1(tmp_path, small_corpus):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the site's parent folder should be", encoding="utf-8")
    proc = run_zhiku("build", "--source", str(small_corpus), "--site-dir", str(blocker / "site"),
                     "--work-dir", str(tmp_path / "work"), check=False)
    assert proc.returncode == 1
    assert "zhiku: build failed" in proc.stderr and "Traceback" not in proc.stderr


def test_a_missing_source_folder_is_bad_usage(tmp_path):
    proc = run_zhiku("build", "--source", str(tmp_path / "missing"), "--site-dir", str(tmp_path / "site"),
                     "--work-dir", str(tmp_path / "work"), check=False)
    assert proc.returncode == 2 and "missing" in proc.stderr
    assert not (tmp_path / "site").exists()


def test_convert_strict_exits_1_on_a_warning_and_0_without_strict(tmp_path, small_corpus):
    (small_corpus / "empty.txt").write_bytes(b"")
    try:
        args = ("convert", str(small_corpus), "--out", str(tmp_path / "out"), "--work-dir", str(tmp_path / "w"))
        assert run_zhiku(*args, check=False).returncode == 0
        strict = run_zhiku(*args, "--strict", check=False)
        assert strict.returncode == 1 and "empty.txt" in strict.stderr
    finally:
        (small_corpus / "empty.txt").unlink()
