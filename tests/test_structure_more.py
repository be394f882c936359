"""Structure a reader sees, read as the tools the sources were written for read it:

- a Markdown list right under a line of text (no blank line between, as GitHub, Hugo and
  Hexo accept) is a list, its items not run into the paragraph;
- a chronicle's first entry ("- 1917年8月：中国向德国宣战") is no publication date of the page;
- in a tail full of chrome, a short section heading over a sentence that stays ("四、注意事项"
  over its note) is the sentence's heading, not a widget caption.
"""

from __future__ import annotations

from pathlib import Path

from generator.config import Config
from generator.conversion.pipeline import run
from generator.conversion.plaintext import block_texts
from generator.document import LIST, PARAGRAPH
from generator.readers import read_source


def convert(tmp_path: Path, name: str, text: str):
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    return run(read_source(source, tmp_path), Config())


def items(doc) -> list[list[str]]:
    return [list(b.items) for b in doc.blocks if b.kind == LIST]


def test_a_list_right_under_a_line_of_text_is_a_list(tmp_path):
    doc = convert(tmp_path, "a.md", "# 辛亥革命\n\n**经济危机**：\n- 为支付赔款而征收重税\n- 外国经济竞争摧毁传统产业\n\n"
                                   "导火索如下。\n1. 意外炸弹爆炸暴露革命计划\n2. 革命士兵被迫立即行动\n")
    assert items(doc) == [["为支付赔款而征收重税", "外国经济竞争摧毁传统产业"],
                          ["意外炸弹爆炸暴露革命计划", "革命士兵被迫立即行动"]]
    paragraphs = [b.text for b in doc.blocks if b.kind == PARAGRAPH]
    assert "**经济危机**：" in paragraphs and "导火索如下。" in paragraphs


def test_what_is_no_list_start_stays_text(tmp_path):
    # an ordered item that does not start the count, a negative figure, a rule, a lazy
    # continuation of an item, and fenced code are left as they were
    doc = convert(tmp_path, "b.md", "# 标题\n\n第一段文字\n2. 不是列表的开头\n\n跌幅\n-1.5%而已\n\n"
                                   "- 第一项\n接着写的文字\n- 第二项\n\n```\n代码说明\n- 不是列表\n```\n")
    paragraphs = [" ".join(block_texts(b)) for b in doc.blocks if b.kind == PARAGRAPH]
    assert any("第一段文字" in p and "不是列表的开头" in p for p in paragraphs)
    assert any("跌幅" in p and "-1.5%而已" in p for p in paragraphs)
    assert items(doc) == [["第一项接着写的文字", "第二项"]]
    code = [b.text for b in doc.blocks if b.kind == "code"]
    assert code == ["代码说明\n- 不是列表"]


def test_a_chronicles_first_entry_is_no_publication_date(tmp_path):
    doc = convert(tmp_path, "c.md", "# 五四运动 (1919)\n\n五四运动是一场文化和政治运动。\n\n"
                                   "**中国的参与**：\n- 1917年8月：中国向德国和奥匈帝国宣战\n- 派遣劳工前往欧洲\n")
    assert doc.date is None
    # a line that is only a date still dates the page
    doc = convert(tmp_path, "d.md", "# 通知\n\n2017年8月\n\n各单位请按时报送材料。\n")
    assert doc.date == "2017-08"


def test_a_section_heading_over_its_sentence_stays_in_a_chrome_tail(tmp_path):
    tail = ("\n\n#### 四、注意事项\n\n会议室设备不允许插入私人U盘，答辩当天不能更换PPT\n\n附件：\n"
            "- [分组安排.pdf](#)\n\n---\n\n打印本页关闭窗口\n\n---\n\n"
            "中国农业大学经济管理学院版权所有 Copyright 2020 All right reserved\n\n"
            "电话：010 - 62737830      传真：010 - 62737830\n")
    body = "".join(f"第{n}条：答辩安排在学院会议室进行，请各位同学提前准备材料。\n\n" for n in range(1, 9))
    doc = convert(tmp_path, "e.md", "# 2024年春季硕士论文开题考核安排\n\n" + body + tail.lstrip("\n"))
    texts = [" ".join(block_texts(b)) or b.text for b in doc.blocks]
    assert "会议室设备不允许插入私人U盘，答辩当天不能更换PPT" in texts
    assert any("注意事项" in t for t in texts)
    removed = [r.text for r in doc.removed]
    assert "打印本页关闭窗口" in removed
