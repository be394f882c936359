"""PTT posts and page counters, each as a general rule:

- a PTT post (作者/看板/標題/時間 header, "※ 發信站" footer, 推/噓/→ pushes): the 標題 line is
  the title, the 時間 line the date, the footer and edit notes are chrome, the pushes are
  replies (removed and recorded), the author's answers below them are comments;
- a page's counters and widgets (点击次数：199, 字号：[ 大 中 小 ], 技术支持：…) are chrome,
  a sentence naming them is not.
"""

from __future__ import annotations

import pytest

from generator.config import Config
from generator.conversion.cleaning.lines import line_reason
from generator.conversion.pipeline import run
from generator.conversion.plaintext import block_texts
from generator.conversion.structure.threads import article_blocks
from generator.document import Document


def text_of(blocks) -> str:
    return "\n".join(t for b in blocks for t in (*block_texts(b), b.text))


def markdown(body: str, source: str = "note.md") -> Document:
    return run(Document(source=source, raw=body, body=body, kind="markdown"), Config())


# ---------------------------------------------------------------- counters and widgets

@pytest.mark.parametrize("line, reason", [
    ("点击次数：199", "view-counter"),
    ("字号：[ 大 中 小 ]", "page-tools"),
    ("【字体：大 中 小】", "page-tools"),
    ("技术支持：网络技术中心", "site-footer"),
])
def test_a_counter_or_widget_line_is_chrome(line, reason):
    assert line_reason(line, "tail", False) == reason
    assert line_reason(line, "head", False) == reason


def test_a_publish_line_with_a_click_count_is_a_byline():
    assert line_reason("发布时间：2024-01-02 点击次数：199", "head", False) == "byline"


@pytest.mark.parametrize("line", ["他说字号：大中小都有人用过，最后选了中号。", "技术支持：网络技术中心负责全校的网络建设和运行维护工作。"])
def test_a_sentence_naming_a_widget_stays(line):
    assert line_reason(line, "tail", False) is None


def test_counters_at_a_pages_head_and_tail_go_and_the_article_stays():
    doc = markdown("# 关于开展2024年资产评估师考试报名的通知\n\n点击次数：199\n\n字号：[ 大 中 小 ]\n\n"
                   "各有关单位：根据工作安排，现将2024年考试报名有关事项通知如下。\n\n"
                   "【字体：大 中 小】\n\n技术支持：网络技术中心\n")
    body = text_of(doc.blocks)
    assert "现将2024年考试报名有关事项通知如下" in body
    for chrome in ("点击次数", "字号", "字体", "技术支持"):
        assert chrome not in body
    assert {"view-counter", "page-tools", "site-footer"} <= {r.reason for r in doc.removed}
