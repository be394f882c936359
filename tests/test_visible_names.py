"""File names reach the console and the pages with their control and bidi characters
shown as escapes (issue 18, finding 8): an OSC 52 sequence in a name must not write the
terminal's clipboard, a U+202E must not make `report<U+202E>txt.exe` read as `reportexe.txt`."""

from __future__ import annotations

import re

import pytest

from conftest import build_site, run_zhiku
from generator.pages.sanitize import visible_name

OSC52 = "\x1b]52;c;aWQ=\x07"                     # "write `id` to the clipboard"
EMPTY_NAME = f"evil{OSC52}.txt"                   # empty: skipped with a warning naming it
RLO_NAME = "report\u202etxt.exe"
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


@pytest.mark.parametrize("name, shown", [
    (EMPTY_NAME, "evil\\x1b]52;c;aWQ=\\x07.txt"),
    (RLO_NAME, "report\\u202etxt.exe"),
    ("a\u2066b\u2069c\u200ed\u200fe\u061cf\u202ag", "a\\u2066b\\u2069c\\u200ed\\u200fe\\u061cf\\u202ag"),
    ("tab\tnew\nline\rcsi\x9bdel\x7f", "tab\\x09new\\x0aline\\x0dcsi\\x9bdel\\x7f"),
    ("双十一 报告（2021）.txt", "双十一 报告（2021）.txt"),
])
def test_controls_and_bidi_characters_become_visible_escapes(name, shown):
    assert visible_name(name) == shown


@pytest.fixture(scope="module")
def named_corpus(tmp_path_factory):
    src = tmp_path_factory.mktemp("names") / "sources"
    src.mkdir()
    (src / EMPTY_NAME).write_bytes(b"")
    (src / RLO_NAME).write_text("第一段文字，关于双十一的讨论。\n\n第二段。", encoding="utf-8")
    (src / "ok.txt").write_text("正常的文档内容。\n\n第二段。", encoding="utf-8")
    return src


def test_the_build_console_shows_escapes_not_terminal_sequences(tmp_path, named_corpus):
    built = build_site(tmp_path, named_corpus)
    assert "\x1b" not in built.output and not CONTROLS.search(built.output)
    assert "evil\\x1b]52;c;aWQ=\\x07.txt" in built.output


def test_the_convert_console_shows_escapes_not_terminal_sequences(tmp_path, named_corpus):
    proc = run_zhiku("convert", str(named_corpus), "--out", str(tmp_path / "out"), "--work-dir", str(tmp_path / "w"))
    assert "\x1b" not in proc.stderr and not CONTROLS.search(proc.stdout + proc.stderr)
    assert "evil\\x1b]52;c;aWQ=\\x07.txt" in proc.stderr


def test_report_page_and_article_source_line_show_the_bidi_override_as_an_escape(tmp_path, named_corpus):
    built = build_site(tmp_path, named_corpus)
    report = (built.site_dir / "report" / "index.html").read_text(encoding="utf-8")
    assert "report\\u202etxt.exe" in report and "evil\\x1b]52;c;aWQ=\\x07.txt" in report
    assert not CONTROLS.search(report)
    article = built.site_dir / built.doc(RLO_NAME)["url"] / "index.html"
    page = article.read_text(encoding="utf-8")
    assert '<span class="zk-source__file">（report\\u202etxt.exe）</span>' in page
    assert not CONTROLS.search(page)
    assert built.doc(RLO_NAME)["source"] == RLO_NAME   # the report JSON keeps the real name
