"""generator/site/speedups/inline.py: text no inline pattern can match, spared the inline
stage, must give exactly the HTML of Python-Markdown's own, and must really be spared."""

from __future__ import annotations

import random
from pathlib import Path

import markdown
import pytest
from markdown import inlinepatterns

from generator.site.speedups.inline import FastInlineExtension, trigger

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = ["attr_list", "footnotes", "admonition", "tables", "md_in_html", "toc"]
CONFIGS = {"toc": {"permalink": True}}
# Every character an inline pattern starts from, the line break's spaces, and prose.
PIECES = ["`", "``", "\\", "[", "]", "(", ")", "!", "<", ">", "&", "*", "**", "_", "__", "^",
          "  \n", "\n", " ", "#", "-", ":", ";", "@", "/", "a", "b1", "http://x.cn", "amp",
          "天猫", "双十一", "。", "，", "“", "”", "{: #p1 }", "{ .zk-chip }", "<span>", "</span>",
          "[^1]", "[^1]: 注", "<div markdown>", "</div>", "&amp;", "&#20320;", "\x02", "\x03"]


def render(text: str, extensions: list) -> str:
    return markdown.Markdown(extensions=extensions, extension_configs=CONFIGS).convert(text)


def random_document(rng: random.Random) -> str:
    blocks = []
    for _ in range(rng.randint(1, 6)):
        line = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 25)))
        prefix = rng.choice(["", "", "", "# ", "## ", "- ", "1. ", "> ", "    ",
                             "| a | b |\n|---|---|\n| "])
        blocks.append(prefix + line)
    return "\n\n".join(blocks)


@pytest.mark.parametrize("seed", range(4))
def test_random_markdown_renders_exactly_as_without_the_shortcut(seed):
    rng = random.Random(seed)
    for _ in range(500):
        text = random_document(rng)
        assert render(text, EXTENSIONS + [FastInlineExtension()]) == render(text, EXTENSIONS), text


def test_the_hand_written_pages_render_exactly_as_without_the_shortcut():
    pages = sorted((ROOT / "docs_src").rglob("*.md"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert render(text, EXTENSIONS + [FastInlineExtension()]) == render(text, EXTENSIONS), page


def test_plain_prose_skips_the_patterns(monkeypatch):
    """The patterns are not even tried on prose (counted on the library's public
    InlineProcessor.getCompiledRegExp, which the stage asks of each pattern per run)."""
    calls = []
    full = inlinepatterns.InlineProcessor.getCompiledRegExp
    monkeypatch.setattr(inlinepatterns.InlineProcessor, "getCompiledRegExp",
                        lambda self: calls.append(self) or full(self))
    html = render("天猫双十一，成交额创新高。\n\n直播带货：商家服务市场。", EXTENSIONS + [FastInlineExtension()])
    assert html == "<p>天猫双十一，成交额创新高。</p>\n<p>直播带货：商家服务市场。</p>"
    assert calls == []
    render("天猫双十一，成交额创新高。", EXTENSIONS)
    assert calls, "without the shortcut the patterns are tried"


def test_a_pattern_of_unknown_needs_turns_the_shortcut_off():
    md = markdown.Markdown(extensions=EXTENSIONS + ["nl2br", FastInlineExtension()])
    assert trigger(md.inlinePatterns) is None
    text = "第一行\n第二行"   # nl2br makes a <br /> of a newline, which no known pattern needs
    assert render(text, EXTENSIONS + ["nl2br", FastInlineExtension()]) == "<p>第一行<br />\n第二行</p>"


def test_the_library_s_own_patterns_are_all_known():
    md = markdown.Markdown(extensions=EXTENSIONS + [FastInlineExtension()])
    found = trigger(md.inlinePatterns)
    assert found is not None
    for needed in "`\\[<&*_":
        assert found.search(f"天猫{needed}双十一")
    assert found.search("天猫  \n双十一") and not found.search("天猫 \n双十一！@#（）")


def test_its_name_is_stable_for_the_render_cache():
    assert repr(FastInlineExtension()) == repr(FastInlineExtension())
