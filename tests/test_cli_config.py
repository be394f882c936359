"""Configuration errors at the command line: each names the setting (or file) and the
expected type, exits 2 and never shows a traceback; `strict: true` in zhiku.yml counts."""

from __future__ import annotations

import pytest

from conftest import ROOT, run_zhiku
from generator.config import ConfigError, load_config

PROJECT_MKDOCS = ROOT / "mkdocs.yml"


def one_doc_project(tmp_path, zhiku_yml: str):
    (tmp_path / "src").mkdir(parents=True)
    (tmp_path / "src" / "note.txt").write_text("只有一句话的笔记，没有日期。\n", encoding="utf-8")
    (tmp_path / "zhiku.yml").write_text(zhiku_yml, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("text, message", [
    ("jobs: many\n", "jobs: expected a whole number, got 'many'"),
    ("title: 123\n", "title: expected text, got 123"),
    ("strict: maybe\n", "strict: expected true or false, got 'maybe'"),
    ("source: [a, b]\n", "source: expected a path, got ['a', 'b']"),
    ("extra: 5\n", "extra: expected a mapping of settings, got 5"),
    ("jobs: -1\n", "jobs: expected a whole number of 0 or more"),
])
def test_a_wrongly_typed_setting_exits_2_naming_key_and_type(tmp_path, text, message):
    proj = one_doc_project(tmp_path, "source: src\n" + text)
    proc = run_zhiku("build", cwd=proj, check=False)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_every_setting_is_type_checked():
    from dataclasses import fields

    from generator.config import Config, check_type

    for f in fields(Config):
        with pytest.raises(ConfigError, match=f"^{f.name}: expected"):
            check_type(f.name, object())


def test_strict_true_in_zhiku_yml_fails_a_build_with_warnings(tmp_path):
    proj = one_doc_project(tmp_path, "source: src\nstrict: true\n")
    proc = run_zhiku("build", cwd=proj, check=False)
    assert proc.returncode == 1
    assert "date-unknown" in proc.stderr
    relaxed = run_zhiku("build", cwd=one_doc_project(tmp_path / "b", "source: src\n"), check=False)
    assert relaxed.returncode == 0, relaxed.stderr


def test_strict_true_in_zhiku_yml_fails_convert_too(tmp_path):
    proj = one_doc_project(tmp_path, "strict: true\n")
    proc = run_zhiku("convert", "src", "--out", "out", "--config", "zhiku.yml", cwd=proj, check=False)
    assert proc.returncode == 1


def test_a_missing_config_file_is_bad_usage(tmp_path):
    proj = one_doc_project(tmp_path, "source: src\n")
    proc = run_zhiku("build", "--config", "missing.yml", cwd=proj, check=False)
    assert proc.returncode == 2
    assert "--config missing.yml: no such file" in proc.stderr and "Traceback" not in proc.stderr
    with pytest.raises(ConfigError, match="no such configuration file"):
        load_config(tmp_path / "missing.yml", required=True)


def test_a_missing_mkdocs_config_is_bad_usage(tmp_path):
    proj = one_doc_project(tmp_path, "source: src\n")
    for command in ("build", "bundle", "serve"):
        proc = run_zhiku(command, "--mkdocs-config", "nope.yml", cwd=proj, check=False)
        assert proc.returncode == 2, (command, proc.stderr)
        assert "--mkdocs-config nope.yml: no such file" in proc.stderr
        assert "Traceback" not in proc.stderr


def test_a_mkdocs_yml_without_material_exits_2_saying_what_to_write(tmp_path):
    proj = one_doc_project(tmp_path, "source: src\n")
    (proj / "docs").mkdir()
    (proj / "mkdocs.yml").write_text("site_name: 试验\nplugins:\n  - zhiku\n", encoding="utf-8")
    proc = run_zhiku("build", cwd=proj, check=False)
    assert proc.returncode == 2, proc.stderr
    assert "needs the Material theme" in proc.stderr and "name: material" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_version_and_help_for_every_option():
    assert run_zhiku("--version").stdout.startswith("zhiku ")
    from generator.cli import _parser

    parser = _parser()
    commands = parser._subparsers._group_actions[0].choices
    for name, sub in [("zhiku", parser), *commands.items()]:
        for action in sub._actions:
            assert action.help, f"{name} {action.option_strings or action.dest}: no help text"
