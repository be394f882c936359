"""Event candidates a date expression alone did not give: years of a reign era (年号) and
early 公元 years (generator/conversion/eras.py). These pin the candidates the model is
fitted on (weighed_clauses), not the model's decision."""

from __future__ import annotations

from generator.conversion.dates import date_format_data, find_dates
from generator.conversion.stages.events import trim_sentence, weighed_clauses
from generator.document import HEADING, PARAGRAPH, Block, Document


def candidates(published: str | None, *texts: str) -> list[tuple[str, str]]:
    doc = Document(source="a.txt", title="t", date=published, date_precision="day" if published else None,
                   date_source="front-matter" if published else None,
                   blocks=tuple(Block(PARAGRAPH, text=t) for t in texts))
    return [(c.date.iso(), trim_sentence(c.text, c.date)) for c in weighed_clauses(doc)]


def test_a_reign_era_year_is_a_candidate_at_its_gregorian_year():
    found = candidates("2024-04-28", "隋朝时该县先属涿州，开皇三年废郡，贞观元年改属幽州。")
    assert ("0583", "隋朝时该县先属涿州，开皇三年废郡") in found
    assert ("0627", "贞观元年改属幽州。") in found
    found = candidates("2024-04-28", "南宋绍兴十一年，岳飞被害于临安。")
    assert [d for d, _ in found] == ["1141"]
    # Traditional script and a year in the twenties
    assert [m.iso() for m in find_dates("唐玄宗開元二十九年，長安大雪。")] == ["0741"]


def test_a_shared_era_name_needs_its_dynasty_or_emperor_near():
    # 元和: 东汉章帝 (84) and 唐宪宗 (806)
    assert [m.iso() for m in find_dates("汉章帝元和三年，诏令天下。")] == ["0086"]
    assert [m.iso() for m in find_dates("唐宪宗元和三年，白居易任翰林学士。")] == ["0808"]
    assert find_dates("元和三年，白居易任翰林学士。") == ()
    # a dynasty's one-character name before its era: 绍兴 is also a city
    assert [m.iso() for m in find_dates("宋绍兴十一年，岳飞遇害。")] == ["1141"]
    # 上元: 唐高宗 (674) and 唐肃宗 (760): the emperor says which, the dynasty cannot
    assert [m.iso() for m in find_dates("唐肃宗上元二年，改元。")] == ["0761"]
    assert [m.iso() for m in find_dates("唐高宗上元二年，改元。")] == ["0675"]
    assert find_dates("唐朝上元二年，改元。") == ()
    # a place that is also an era's name: "three years in Shaoxing", not 1133
    assert find_dates("他在绍兴三年了，还没去过鲁迅故居。") == ()
    # beyond its era's years (永元 ran 89-105): no date
    assert find_dates("东汉永元三十年，大雨。") == ()


def test_an_early_common_era_year_is_read():
    assert [m.iso() for m in find_dates("公元 105 年，蔡伦改进了造纸术。")] == ["0105"]
    assert find_dates("公元前221年，秦统一六国。") == ()
    # a later one is read by the date formats, with its month and day
    assert [m.iso() for m in find_dates("公元2019年5月1日起施行")] == ["2019-05-01"]


def test_the_era_tables_do_not_overlap():
    from generator.conversion.eras import era_data, era_table   # (new: the other tests run without it)

    # the Ming's and the Qing's eras are read by date_formats.yml's era-year format
    assert set(era_table()).isdisjoint(date_format_data()["eras"])
    assert all(name in era_table() for name in era_data()["ambiguous"])
    # each dynasty's eras in order, after 1 BC (an era's years run to the next one's first)
    for dynasty, eras in era_data()["dynasties"].items():
        firsts = [first for _, first, _ in eras]
        assert firsts == sorted(firsts) and firsts[0] >= 1, dynasty
        assert dynasty in era_data()["names"], dynasty


def test_a_heading_that_states_an_event_is_a_candidate():
    doc = Document(source="a.txt", title="每日简报", date="2024-03-10", date_precision="day",
                   date_source="front-matter",
                   blocks=(Block(PARAGRAPH, text="以下是要闻摘要。"),
                           Block(HEADING, text="3月5日：两国就边界问题展开新一轮谈判", level=2),
                           Block(PARAGRAPH, text="谈判在日内瓦举行，双方同意继续磋商。")))
    found = [(c.date.iso(), c.anchor, c.text, c.features["heading"], c.features["carried"])
             for c in weighed_clauses(doc)]
    # (the paragraph right under it tells of that day too: a candidate weighed as carried)
    assert found == [("2024-03-05", "p2", "3月5日：两国就边界问题展开新一轮谈判", 1.0, 0.0),
                     ("2024-03-05", "p3", "谈判在日内瓦举行，双方同意继续磋商。", 0.0, 1.0)]


def test_a_surname_or_a_word_of_today_is_no_era():
    from generator.conversion.dates import find_dates

    # 宋 as a surname and 汉 inside 武汉 do not confirm a shared era; 中和 and 太极 are words
    for text in ("宋先生说，他在绍兴十年里一直经营茶馆。", "武汉的张先生在永平十年里换了三份工作。",
                 "今年被称为碳中和元年。", "他练太极一年多了。"):
        assert [m for m in find_dates(text) if m.year and m.year < 1500] == [], text
    # the dynasty right before the era still names it
    assert [m.year for m in find_dates("宋绍兴十年，岳飞北伐。")] == [1140]
