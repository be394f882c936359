"""`zhiku new` (generator/site/scaffold.py) and `zhiku build` in a folder without mkdocs.yml:
neutral defaults (the Alibaba demo stays this repository's), nothing overwritten."""

from __future__ import annotations

import json

import yaml

from conftest import run_zhiku
from generator.config import load_config


def test_new_writes_a_ready_project_with_its_own_name(tmp_path):
    proc = run_zhiku("new", "kb", "--name", "家族档案", "--description", "祖辈的信件与照片", cwd=tmp_path)
    kb = tmp_path / "kb"
    written = sorted(p.relative_to(kb).as_posix() for p in kb.rglob("*") if p.is_file())
    assert written == [".github/workflows/pages.yml", ".gitignore", "README.md", "docs/index.md",
                       "mkdocs.yml", "sources/welcome.md", "taxonomy.yml", "zhiku.yml"]
    assert "zhiku build" in proc.stdout
    mkdocs = (kb / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'site_name: "家族档案"' in mkdocs and "- zhiku" in mkdocs
    settings = load_config(kb / "zhiku.yml")
    assert settings.source == kb / "sources" and settings.taxonomy == kb / "taxonomy.yml"
    everything = "".join(p.read_text(encoding="utf-8") for p in kb.rglob("*") if p.is_file())
    assert "阿里巴巴" not in everything and "{{" not in everything.replace("${{", "")
    assert yaml.safe_load((kb / "taxonomy.yml").read_text(encoding="utf-8"))["tags"][0]["id"]


def test_new_never_overwrites_a_file(tmp_path):
    (tmp_path / "zhiku.yml").write_text("source: mine\n", encoding="utf-8")
    proc = run_zhiku("new", ".", cwd=tmp_path, check=False)
    assert proc.returncode == 2 and "already holds zhiku.yml" in proc.stderr
    assert (tmp_path / "zhiku.yml").read_text(encoding="utf-8") == "source: mine\n"
    assert not (tmp_path / "mkdocs.yml").exists()


def test_the_new_project_builds_with_its_name_and_the_examples_free_tag(tmp_path):
    run_zhiku("new", "kb", "--name", "家族档案", cwd=tmp_path)
    kb = tmp_path / "kb"
    run_zhiku("build", cwd=kb)
    home = (kb / "site" / "index.html").read_text(encoding="utf-8")
    assert "家族档案" in home and "阿里巴巴" not in home
    report = json.loads((kb / ".zhiku" / "report.json").read_text(encoding="utf-8"))
    assert [d["source"] for d in report["documents"]] == ["welcome.md"]
    assert "入门" in report["documents"][0]["tags"]    # declared, not in taxonomy.yml: a free tag
    assert any(p.name.startswith("ru-men-") for p in (kb / "site" / "tags").iterdir())


def test_a_folder_of_documents_alone_builds_with_the_default_configuration(tmp_path):
    (tmp_path / "笔记.txt").write_text("双十一的笔记\n\n2022年3月1日，写下了这篇双十一笔记。双十一，双十一。\n",
                                     encoding="utf-8")
    proc = run_zhiku("build", cwd=tmp_path)
    assert "no mkdocs.yml here" in proc.stderr and "zhiku new ." in proc.stderr
    assert (tmp_path / ".zhiku" / "mkdocs.yml").is_file()
    assert len(list((tmp_path / "site" / "articles").rglob("index.html"))) == 1
    assert tmp_path.name in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    report = json.loads((tmp_path / ".zhiku" / "report.json").read_text(encoding="utf-8"))
    assert report["documents"][0]["tags"] == []   # no demo topic (双十一) for a stranger's documents
    again = run_zhiku("build", cwd=tmp_path)   # its own site/ and .zhiku/ are not documents
    assert len(list((tmp_path / "site" / "articles").rglob("index.html"))) == 1, again.stderr
