"""Plain text of inline Markdown: what tags and events read (what a reader sees)."""

from __future__ import annotations

import pytest

from generator.document import Block
from generator.conversion.plaintext import block_plain, block_texts, inline_to_plain


@pytest.mark.parametrize("markdown, plain", [
    ("**天猫**独家上线", "天猫独家上线"),
    ("见[淘宝商城](http://taobao.com/tmall)的公告", "见淘宝商城的公告"),
    (r"价格上涨11.11\%，1\. 不是列表，\*星号\*", "价格上涨11.11%，1. 不是列表，*星号*"),
    ("AT&amp;T 与 &lt;天猫&gt;", "AT&T 与 <天猫>"),
    ("注释[^1]在这里", "注释在这里"),
    ("原文 <https://example.com/a_b>", "原文 https://example.com/a_b"),
])
def test_inline_to_plain(markdown, plain):
    assert inline_to_plain(markdown) == plain


def test_block_pieces():
    block = Block("table", rows=(("年份", "事件"), ("2009", "**第一个**双十一")))
    assert block_texts(block) == ["年份", "事件", "2009", "第一个双十一"]
    assert block_plain(Block("admonition", title="案例", items=("甲。", "乙。"))) == "案例 甲。 乙。"
