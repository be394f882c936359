"""Sections that date what they hold: a review's or a chronicle's heading that is a year
("### 2020", "**2018年**") dates the month-days under it; a heading that opens with a month or
a day ("**一月**", "9 月 改装房间", "2017年4月─美國啟動調查") dates the first sentence of each
piece of the block right under it; an entry that opens with its date and a colon or a dash
("1839年：…") is marked. And a Markdown source's <details> (or <div>) followed by a blank line
holds Markdown, as the engines it was written for read it. These pin the candidates the
model is fitted on (weighed_clauses) and the structure, not the model's decision."""

from __future__ import annotations

from pathlib import Path

from generator.config import Config
from generator.conversion.pipeline import run
from generator.conversion.stages.events import trim_sentence, weighed_clauses
from generator.document import HEADING, LIST, PARAGRAPH, Block, Document
from generator.readers import read_source


def doc_of(published: str | None, *blocks: Block) -> Document:
    return Document(source="a.md", title="t", date=published, date_precision="day" if published else None,
                    date_source="front-matter" if published else None, blocks=blocks)


def found(doc: Document) -> list[tuple[str, str, float, float]]:
    """(date, text, carried, entry) of every candidate."""
    return [(c.date.iso(), trim_sentence(c.text, c.date), c.features["carried"], c.features["entry"])
            for c in weighed_clauses(doc)]


def dates_of(doc: Document, text: str) -> list[str]:
    return [d for d, t, _, _ in found(doc) if text in t]


def test_a_heading_that_is_a_year_dates_the_month_days_of_its_section():
    doc = doc_of("2021-12-22",
                 Block(HEADING, text="2020", level=3),
                 Block(HEADING, text="9 月 改装房间", level=4),
                 Block(PARAGRAPH, text="9月12日，把靠床的那面墙刷成了蓝色。"),
                 Block(HEADING, text="2021", level=3),
                 Block(PARAGRAPH, text="3月10日，小店正式开张。"))
    assert dates_of(doc, "刷成了蓝色") == ["2020-09-12"]
    assert dates_of(doc, "改装房间") == ["2020-09"]
    assert dates_of(doc, "小店正式开张") == ["2021-03-10"]
    # the same text without the year headings: the publication's year
    bare = doc_of("2021-12-22", Block(PARAGRAPH, text="9月12日，把靠床的那面墙刷成了蓝色。"))
    assert dates_of(bare, "刷成了蓝色") == ["2021-09-12"]


def test_a_year_section_ends_at_a_heading_as_high_as_its_own():
    doc = doc_of("2020-06-30",
                 Block(HEADING, text="**2018年**", level=2),
                 Block(PARAGRAPH, text="3月16日：台灣第一次向港方提出司法互助請求。"),
                 Block(HEADING, text="各方回應", level=2),
                 Block(PARAGRAPH, text="3月20日，保安局回應查詢。"))
    assert dates_of(doc, "司法互助請求") == ["2018-03-16"]
    assert dates_of(doc, "保安局回應") == ["2020-03-20"]


def test_a_heading_that_only_mentions_a_year_opens_no_section():
    # "2019年回顾与展望" frames the paragraph right under it (a chronicle's opening year),
    # not the ones after; "2019" alone frames its whole section
    for heading, second in (("2019年回顾与展望", "2020-03-20"), ("2019", "2019-03-20")):
        doc = doc_of("2020-06-30",
                     Block(HEADING, text=heading, level=2),
                     Block(PARAGRAPH, text="香港与台湾商讨移交事宜。"),
                     Block(PARAGRAPH, text="3月20日，保安局回應查詢。"))
        assert dates_of(doc, "保安局回應") == [second]


def test_the_block_under_a_heading_that_opens_with_its_date_is_of_that_date():
    doc = doc_of("2018-04-10",
                 Block(HEADING, text="2017年4月─美國啟動調查", level=3),
                 Block(PARAGRAPH, text="特朗普指示美國商務部調查中國入口的鋼材。特朗普多番強調要將職位帶回美國。"),
                 Block(PARAGRAPH, text="這是第二段，不在標題之下。"))
    got = found(doc)
    assert ("2017-04", "特朗普指示美國商務部調查中國入口的鋼材。", 1.0, 0.0) in got
    assert not [t for _, t, _, _ in got if "多番強調" in t or "第二段" in t]


def test_each_item_of_a_list_under_a_month_heading_is_of_that_month():
    doc = doc_of("2021-12-22",
                 Block(HEADING, text="2021", level=3),
                 Block(HEADING, text="一月", level=4),
                 Block(LIST, items=("新年第一天感冒了。", "虾米音乐关停。", "1 月 30 号，约她吃烤肉。")))
    got = found(doc)
    assert ("2021-01", "新年第一天感冒了。", 1.0, 0.0) in got
    assert ("2021-01", "虾米音乐关停。", 1.0, 0.0) in got
    # an item with its own day keeps it, as no carried candidate
    assert [(d, c) for d, t, c, _ in got if "吃烤肉" in t] == [("2021-01-30", 0.0)]


def test_a_chronicle_entry_that_opens_with_its_date_is_marked():
    doc = doc_of(None, Block(LIST, items=("**1839年**：钦差大臣林则徐在广州销毁鸦片", "1840年英国海军攻击中国沿海城市")))
    got = {t: e for _, t, _, e in found(doc)}
    assert got["1839年：钦差大臣林则徐在广州销毁鸦片"] == 1.0
    assert got["1840年英国海军攻击中国沿海城市"] == 0.0


def test_markdown_inside_details_is_read_as_markdown(tmp_path: Path):
    source = tmp_path / "review.md"
    source.write_text("---\ntitle: End of 2021\ndate: 2021-12-22\n---\n\n### **2021**\n\n<details>\n"
                      "<summary>琐碎2021</summary>\n\n**一月**\n\n- 新年第一天感冒了。\n- 买了很多张黑胶碟。\n\n"
                      "</details>\n\n<div class=\"player\">\n<p>播放器</p>\n</div>\n", encoding="utf-8")
    doc = run(read_source(source, tmp_path), Config())
    lists = [b for b in doc.blocks if b.kind == LIST]
    assert [list(b.items) for b in lists] == [["新年第一天感冒了。", "买了很多张黑胶碟。"]]
    texts = "\n".join(b.text or "" for b in doc.blocks)
    assert "**一月" not in texts and "- 买了" not in texts and "琐碎2021" in texts
    assert "一月" in [b.text.strip("*") for b in doc.blocks if b.kind in (HEADING, PARAGRAPH)]
    # the month heading dates the list under it, the year heading the month
    assert ("2021-01", "新年第一天感冒了。", 1.0, 0.0) in found(doc)
