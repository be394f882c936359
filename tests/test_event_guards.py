"""Guards on the newer date readings and event candidates, each a case ordinary text gave
wrong: counts read as two-digit years, a solar year before a 腊月 day, 五一 inside a
number, 次日/当天 inside other words, a transcript's endless run of clock times, a range
read as a chronicle's entry, and a Markdown export whose <div> is never closed."""

from __future__ import annotations

from generator.conversion.dates import find_dates
from generator.conversion.stages.events import CARRIED_CLAUSES, trim_sentence, weighed_clauses
from generator.conversion.structure.markdown_source import markdown_to_html
from generator.document import LIST, PARAGRAPH, Block, Document


def years(text: str) -> list[str]:
    return [m.iso() for m in find_dates(text) if m.year]


def clauses(*blocks: Block) -> list[tuple[str, str, dict]]:
    doc = Document(source="a.txt", title="t", date="2023-06-01", date_precision="day",
                   date_source="front-matter", blocks=blocks)
    return [(c.date.iso(), trim_sentence(c.text, c.date), c.features) for c in weighed_clauses(doc)]


def test_counts_are_no_two_digit_years():
    for text in ("是50年一遇的洪水", "判处有期徒刑10年至15年", "刑期是15年", "保修在10年"):
        assert years(text) == [], text
    assert [m.text for m in find_dates("上一次带娃出行是18年了")] == ["18年"]


def test_a_solar_year_before_a_lunar_day_is_the_year_it_falls_in():
    assert years("2024年腊八") == ["2024-01-18"]
    assert years("2024年腊月廿九") == ["2024-02-08"]
    assert years("2006年七夕") == ["2006-07-31"]


def test_may_day_inside_a_number_is_no_festival():
    assert [m.text for m in find_dates("十五一那天，二十五一那天")] == []
    assert [m.text for m in find_dates("五一劳动节的时候")] == ["五一劳动节"]


def test_a_day_word_inside_another_word_names_no_day():
    found = clauses(Block(PARAGRAPH, text="5月1日，代表团抵达东京。这次日本之行由外交部安排。"
                                          "她相当天真地以为一切都会顺利。股东可在适当日期领取红利。吕特当天称，将增援。"))
    assert [(d, t) for d, t, _ in found] == [("2023-05-01", "5月1日，代表团抵达东京。"),
                                               ("2023-05-01", "吕特当天称，将增援。")]


def test_one_sentence_gives_a_bounded_number_of_carried_clauses():
    text = "3月1日，会议召开。随后" + "，下午3时01分到场" * 500 + "。"
    carried = [t for _, t, f in clauses(Block(PARAGRAPH, text=text)) if f["carried"]]
    assert 0 < len(carried) <= CARRIED_CLAUSES


def test_a_range_opening_is_no_chronicle_entry():
    found = clauses(Block(LIST, items=("2019年3月—2020年6月，任某公司经理", "1839年：林则徐在广州销毁鸦片", "x")))
    entry = {t: f["entry"] for _, t, f in found}
    assert entry["1839年：林则徐在广州销毁鸦片"] == 1.0
    assert all(v == 0.0 for t, v in entry.items() if "经理" in t)


def test_an_unclosed_block_inside_a_marked_div_loses_no_text():
    html, _ = markdown_to_html('<div class="post">\n\n第一段正文。\n\n<div class="ad">\n广告\n')
    assert "第一段正文" in html and "广告" in html
    html, _ = markdown_to_html("<details>\n<summary>琐碎</summary>\n\n- 新年第一天感冒了。\n\n</details>\n")
    assert "<li>新年第一天感冒了。</li>" in html
