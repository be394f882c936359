"""Hostile text in linear time (issue 18, finding 2), checked without timing anything here:
the time budget itself is `python -m bench.hostile_time` (make bench-hostile).

- Structure: in every pattern that reads link, image, footnote and attribute markup out of
  text, no unbounded repeat of a negated class can run past a character that the pattern's
  literal prefix holds, so attempts from successive openers never scan the same stretch.
- A hang guard: every input of the bench, at 30 KB, converted in one child process under a
  generous limit (the code before this change took minutes on several of them).
- Properties: random Markdown made of the characters Python-Markdown expands, CJK and
  script payloads, through the reader, the pipeline, the writer and the sanitiser.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from re import _constants as sre
from re import _parser as sre_parse

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from generator.conversion import plaintext
from generator.pages import write
from generator.conversion.cleaning import markup
from generator.collection.assemble import build_collection
from generator.document import Document
from generator.pages.sanitize import inert_meta_text
from generator.readers import _MARKDOWN_SIGNAL
from generator.conversion.stages import script
from generator.conversion.stages.structure import build_blocks
from generator.conversion.structure.markdown_source import (
    MAX_INLINE_MARKS, fenced_spans, inline_marks, link_scan, set_aside_giant_blocks, too_complex,
)
from generator.pages.write import render_page
from html_safety import unsafe_findings
from test_properties import convert, to_html

SCANNING_PATTERNS = {
    "markup.LINK_RE": markup.LINK_RE, "markup.IMAGE_RE": markup.IMAGE_RE,
    "markup.AUTOLINK_RE": markup.AUTOLINK_RE,
    "plaintext._LINK": plaintext._LINK, "plaintext._IMAGE": plaintext._IMAGE,
    "plaintext._AUTOLINK": plaintext._AUTOLINK, "plaintext._ATTR_LIST": plaintext._ATTR_LIST,
    "plaintext._FOOTNOTE_REF": plaintext._FOOTNOTE_REF,
    "write.MARKDOWN_LINK": write.MARKDOWN_LINK, "script.MARKUP_RE": script.MARKUP_RE,
    "sources._MARKDOWN_SIGNAL": _MARKDOWN_SIGNAL,
}
REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def runaway_repeats(items, prefix: frozenset = frozenset(), last: bool = True) -> list[str]:
    """Unbounded repeats of a negated class that exclude no literal of the prefix before
    them (what they may run past), in a parsed pattern; alternatives each on their own. A
    greedy repeat that ends the pattern (`last`) never fails, so never scans in vain."""
    found = []
    for n, (op, arg) in enumerate(items):
        ends = last and n == len(items) - 1
        if op is sre.LITERAL:
            prefix |= {arg}
        elif op is sre.BRANCH:
            for branch in arg[1]:
                found += runaway_repeats(branch, prefix, ends)
        elif op is sre.SUBPATTERN:
            found += runaway_repeats(arg[3], prefix, ends)
        elif op in REPEATS:
            low, high, body = arg
            excluded = _negated_literals(body)
            if (high == sre.MAXREPEAT and excluded is not None and not excluded & prefix
                    and not (ends and op is sre.MAX_REPEAT)):
                found.append(f"[^{''.join(map(chr, sorted(excluded)))}] after {''.join(map(chr, sorted(prefix)))!r}")
            found += runaway_repeats(body, prefix, False)
            if low:   # a required repeat's literals are part of the prefix of what follows
                prefix |= {a for o, a in body if o is sre.LITERAL}
    return found


def _negated_literals(body) -> set[int] | None:
    """The literal characters a repeated `[^...]` excludes, or None if `body` is not one."""
    if len(body) == 1 and body[0][0] is sre.NOT_LITERAL:
        return {body[0][1]}
    if len(body) != 1 or body[0][0] is not sre.IN or body[0][1][:1] != [(sre.NEGATE, None)]:
        return None
    return {a for o, a in body[0][1] if o is sre.LITERAL}


@pytest.mark.parametrize("name", SCANNING_PATTERNS)
def test_no_markup_pattern_scans_past_the_next_opener(name):
    pattern = SCANNING_PATTERNS[name]
    assert runaway_repeats(sre_parse.parse(pattern.pattern, pattern.flags)) == []


def test_the_check_finds_the_old_link_pattern():
    old = r"\[([^\]]*)\]\(([^)\s]*)[^)]*\)"   # 20 `[x](` before 150,000 Han: 330 s
    assert len(runaway_repeats(sre_parse.parse(old))) == 3


@pytest.mark.parametrize("text, visible", [
    ("[链接](http://a.example/x_y) 后文", "链接 后文"),
    ("![图](https://i.example/p.png) [文](http://w.example/a(b)) 完", "图 文 完"),
    ("[a](/x \"标题\")、<http://b.example>", "a、http://b.example"),
    ("**粗** 与 \\*星\\* 与 `码`", "粗 与 *星* 与 码"),
])
def test_links_and_escapes_still_read_as_before(text, visible):
    assert markup.visible_text(text) == visible
    assert plaintext.inline_to_plain(text).replace("\\", "") == visible.replace("\\", "")


def test_hostile_inputs_convert_under_a_generous_limit(tmp_path):
    """A hang guard, not a timing: each bench input at 30 KB, all in one child process."""
    child = textwrap.dedent("""
        import sys
        from pathlib import Path
        from bench.hostile_time import CASES
        from generator.config import Config
        from generator.convert import convert_folder
        source = Path(sys.argv[1])
        for n, (name, (suffix, make)) in enumerate(CASES.items()):
            (source / f"case{n}{suffix}").write_text(make(30_000), encoding="utf-8")
        result = convert_folder(Config(source=source, work_dir=Path(sys.argv[2]), jobs=1))
        lost = [d.source for d in result.documents if not (d.blocks or d.problems or d.removed)]
        crashed = [d.source for d in result.documents if any(p.code == "internal-error" for p in d.problems)]
        print(len(result.documents), len(CASES), len(lost), len(crashed))
    """)
    (tmp_path / "src").mkdir()
    done = subprocess.run([sys.executable, "-c", child, str(tmp_path / "src"), str(tmp_path / "work")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    documents, cases, lost, crashed = map(int, done.stdout.split())
    assert (documents, lost, crashed) == (cases, 0, 0)   # each built, or its reason recorded


def test_markdown_limits_count_what_python_markdown_expands():
    assert inline_marks("a*b_c\\d[e`f<g&h  \ni") == 8
    assert link_scan("[x](" + "中" * 100) == 100
    assert link_scan("[a](b) [c](d)") == 2
    assert link_scan("[x](" * 3 + ")") == 8 + 4 + 0
    hostile = "a*" * 3000
    _, aside = set_aside_giant_blocks("正文。\n\n" + hostile + "\n\n后文。")
    assert list(aside.values()) == [hostile]
    _, aside = set_aside_giant_blocks("```\n" + hostile + "\n```\n\n后文。")
    assert aside == {}                                     # closed fence: code, untouched
    _, aside = set_aside_giant_blocks("```\n\n" + hostile + "\n\n后文。")
    assert list(aside.values()) == [hostile]               # a fence that never closes is no code
    assert fenced_spans("```\nx\n```\n````\ny") == [(0, 9)]


@pytest.mark.parametrize("body, reason", [
    ("\n\n".join(["a*" * 999] * 60), "inline Markdown marks"),
    ("\n".join("`" * k + "\nx" for k in range(3, 40)), "unclosed code fences"),
    ("\n".join("> " * 90 + "引用" for _ in range(400)), "Markdown elements"),
])
def test_markdown_past_the_limits_is_read_as_plain_text_with_a_warning(body, reason):
    assert reason in (too_complex(body, 30_000) or "")
    doc = build_blocks(Document(source="hostile.md", kind="markdown", raw=body, body=body), None)
    problems = [p for p in doc.problems if p.code == "too-complex"]
    assert problems and reason in problems[0].detail and problems[0].source == "hostile.md"
    assert doc.blocks


def test_a_giant_block_is_converted_apart_with_a_warning():
    body = "正文。\n\n" + "\\" * (MAX_INLINE_MARKS + 1) + "\n\n后文。"
    doc = build_blocks(Document(source="slashes.md", kind="markdown", raw=body, body=body), None)
    assert [p.code for p in doc.problems] == ["too-complex"]
    assert doc.blocks[0].text == "正文。" and doc.blocks[-1].text == "后文。"


def test_ordinary_markdown_is_not_limited():
    body = ("# 标题\n\n" + "这是**重点**，见[链接](https://a.example/x_y)与`代码`。\n\n" * 200
            + "```python\n" + "x = a * b_c  # <tag> &amp;\n" * 500 + "```\n")
    assert too_complex(set_aside_giant_blocks(body)[0], 30_000) is None
    assert set_aside_giant_blocks(body)[1] == {}


MARKDOWN_TOKENS = [
    "*", "**", "_", "__", "\\", "[", "]", "(", ")", "](", "![", "![](", "`", "```", "~~~", "<", "<a", ">",
    "> ", "&#", "&#1;", "&amp;", "&", "~~", "- ", "* ", "1. ", "  ", "  \n", "\n", "\n\n", "    ", "# ", "|",
    "| --- |", "[^1]", "[^1]: ", "{: #x }", "http://a.example/", "阿里巴巴集团", "双十一", "\u3000", "，", "。",
    "<script>alert('ZKXSS')</script>", "<img src=x onerror=alert('ZKXSS')>", "[x](javascript:alert('ZKXSS'))",
    "<a href=\"javascript:alert('ZKXSS')\">链接</a>", "<svg onload=alert('ZKXSS')>", "<p onclick=\"x()\">段</p>",
]
runs = st.tuples(st.sampled_from(MARKDOWN_TOKENS), st.integers(1, 2_500)).map(lambda t: t[0] * t[1])
markdown_documents = st.lists(st.one_of(st.sampled_from(MARKDOWN_TOKENS), runs), max_size=30).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(markdown_documents)
def test_random_markdown_becomes_a_safe_page(text):
    doc = convert("hostile.md", text.encode("utf-8"))
    if doc.skipped:
        return
    page = render_page(doc, build_collection([doc]))
    assert page.encode("utf-8").decode("utf-8") == page
    front = yaml.safe_load(page.split("\n---\n", 1)[0].removeprefix("---\n"))
    assert front["title"] == inert_meta_text(front["title"])
    html = to_html(page)
    assert unsafe_findings(html) == [], html
    assert "<script" not in html.lower()
    assert not re.search(r"<[^>]*\son[a-z]+\s*=", html, re.I)
