"""The source folder and the project around it (issue 18, finding 6; issue 20): a build
never reads its own site, work dir, report or configuration as documents, refuses a source
folder that the build would overwrite, and says what an empty or wrong source is."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_zhiku
from generator.config import ConfigError
from generator.convert import ProjectPath, discover_sources, project_exclusions


def two_seeds(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for seed in sorted((ROOT / "seeds").iterdir())[:2]:
        shutil.copy(seed, folder / seed.name)
    return folder


def project(tmp_path: Path) -> Path:
    """A project as a user lays it out: mkdocs.yml (with the zhiku plugin), zhiku.yml,
    docs_src/, a theme custom_dir and the documents side by side."""
    proj = two_seeds(tmp_path / "project")
    shutil.copytree(ROOT / "docs_src", proj / "docs_src")
    shutil.copytree(ROOT / "generator" / "theme" / "partials", proj / "site_theme" / "partials")
    shutil.copy(ROOT / "zhiku.yml", proj / "zhiku.yml")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - zhiku\n" in config and "  name: material\n" in config
    (proj / "mkdocs.yml").write_text(config.replace("  name: material\n", "  name: material\n  custom_dir: site_theme\n"),
                                     encoding="utf-8")
    return proj


def test_source_dot_in_a_project_reads_neither_its_site_nor_its_configuration(tmp_path):
    proj = project(tmp_path)
    for _ in range(2):   # the second build finds the first one's site/, .zhiku/ and report
        proc = run_zhiku("build", "--source", ".", "--report", "report.json", cwd=proj)
    report = json.loads((proj / "report.json").read_text(encoding="utf-8"))
    assert sorted(d["source"] for d in report["documents"]) == sorted(p.name for p in (ROOT / "seeds").iterdir())[:2]
    assert report["skipped"] == []
    ignored = {entry["source"]: entry["reason"] for entry in report["ignored"]}
    for own in ("site", ".zhiku", "report.json", "mkdocs.yml", "zhiku.yml", "docs_src", "site_theme"):
        assert "project's own" in ignored.get(own, ""), own
    assert not any(name.startswith(".site.") for name in ignored)
    assert len(list((proj / "site" / "articles").rglob("index.html"))) == 2
    assert "not read as documents" in proc.stderr and "site_theme" in proc.stderr


def test_a_work_dir_inside_the_source_folder_is_not_read_on_a_rebuild(tmp_path):
    src = two_seeds(tmp_path / "src")
    args = ("build", "--source", str(src), "--site-dir", str(tmp_path / "site"),
            "--work-dir", str(src / "work"), "--report", str(tmp_path / "report.json"))
    run_zhiku(*args)
    run_zhiku(*args)
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert len(report["documents"]) == 2
    assert len(list((tmp_path / "site" / "articles").rglob("index.html"))) == 2
    assert [e["source"] for e in report["ignored"]] == ["work"]


@pytest.mark.parametrize("inside", ["site", "site/documents", "work", "work/docs"])
def test_a_source_folder_that_a_build_rewrites_is_refused(tmp_path, inside):
    site, work = tmp_path / "site", tmp_path / "work"
    src = two_seeds(tmp_path / inside)
    before = sorted(p.name for p in src.iterdir())
    proc = run_zhiku("build", "--source", str(src), "--site-dir", str(site), "--work-dir", str(work), check=False)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    folder = "site" if inside.startswith("site") else "work"
    assert f"the {folder} folder {tmp_path / folder}" in proc.stderr and "Traceback" not in proc.stderr
    assert sorted(p.name for p in src.iterdir()) == before   # nothing deleted


def test_convert_refuses_a_source_inside_its_output_folder(tmp_path):
    src = two_seeds(tmp_path / "out" / "sources")
    proc = run_zhiku("convert", str(src), "--out", str(tmp_path / "out"), "--work-dir", str(tmp_path / "w"), check=False)
    assert proc.returncode == 2 and "the output folder" in proc.stderr


def test_an_empty_source_folder_is_a_warning_and_fails_under_strict(tmp_path):
    (tmp_path / "empty").mkdir()
    args = ("build", "--source", str(tmp_path / "empty"), "--site-dir", str(tmp_path / "site"),
            "--work-dir", str(tmp_path / "work"))
    proc = run_zhiku(*args, check=False)
    assert proc.returncode == 0 and "empty-source" in proc.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    strict = run_zhiku(*args, "--strict", check=False)
    assert strict.returncode == 1 and "empty-source" in strict.stderr


def test_a_file_given_as_source_is_bad_usage_naming_it(tmp_path):
    source = tmp_path / "notes.txt"
    source.write_text("正文。", encoding="utf-8")
    proc = run_zhiku("build", "--source", str(source), "--site-dir", str(tmp_path / "site"),
                     "--work-dir", str(tmp_path / "work"), check=False)
    assert proc.returncode == 2
    assert f"{source} is a file, not a folder" in proc.stderr and "not found" not in proc.stderr
    assert not (tmp_path / "site").exists()


def test_a_link_to_an_excluded_file_is_not_a_source_either(tmp_path):
    src = two_seeds(tmp_path / "src")
    (src / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (src / "also-mkdocs.yml").symlink_to(src / "mkdocs.yml")
    (src / "site").mkdir()
    (src / "site" / "index.html").write_text("<p>built</p>", encoding="utf-8")
    excluded = project_exclusions(src, [ProjectPath(src / "mkdocs.yml", "MkDocs' configuration"),
                                        ProjectPath(src / "site", "the site folder", True)])
    found, problems = discover_sources(src, excluded)
    assert sorted(p.name for p in found) == sorted(p.name for p in (ROOT / "seeds").iterdir())[:2]
    assert problems == []


def test_a_source_equal_to_a_written_folder_is_refused_but_a_read_one_is_not(tmp_path):
    src = two_seeds(tmp_path / "src")
    with pytest.raises(ConfigError, match="is the site folder"):
        project_exclusions(src, [ProjectPath(src, "the site folder", True)])
    assert project_exclusions(src, [ProjectPath(src, "MkDocs' docs_dir")]) == {}
