"""Event precision: evidence that a dated clause frames statistics, a programme or a
document's recurring year rather than stating a moment's event (event_evidence.py's
framing_features and series_evidence; the model weighs them once refitted)."""

from __future__ import annotations

from event_support import evidence_of
from generator.document import PARAGRAPH, Block, Document
from generator.conversion.stages.events import weighed_clauses


def test_a_period_s_statistics_are_evidence():
    assert evidence_of("10月27日0—24时，31个省（自治区、直辖市）报告新增确诊病例43例。")["per_period"] == 1.0
    assert evidence_of("2022年2月3日，美国报告的单日新增确诊病例281474例。")["per_period"] == 1.0
    assert evidence_of("设施装备条件持续改善，2023年1—8月全国完成高标准农田建设任务4470万亩。")["per_period"] == 1.0
    assert evidence_of("2021年10月27日，额济纳旗启动第六轮核酸检测。")["per_period"] == 0.0


def test_a_comparison_with_another_period_is_evidence():
    assert evidence_of("2017年，报考研究生的往届考生107万人，比去年增加19万。")["comparison"] == 1.0
    assert evidence_of("2023年，河南高技术制造业投资增长22.6%，高于全国12个百分点。")["comparison"] == 1.0
    # the date's own words are not a comparison: 比 alone, or in another word, is not one
    assert evidence_of("2017年，比亚迪在深圳发布了新款电动车。")["comparison"] == 0.0


def test_a_programme_s_own_frame_is_evidence():
    assert evidence_of("大家好，2020年3月13日，欢迎收看睡前消息88期。")["programme"] == 1.0
    assert evidence_of("2022年11月2日，498期睡前消息到此结束。")["programme"] == 1.0
    assert evidence_of("2020年3月13日，世卫组织宣布欧洲成为大流行的中心。")["programme"] == 0.0


def doc_of(*paragraphs: str) -> Document:
    return Document(source="a.txt", title="t", date="2023-01-10", date_precision="day", date_source="front-matter",
                    blocks=tuple(Block(PARAGRAPH, text=p) for p in paragraphs))


def repeated(doc: Document) -> dict[str, float]:
    return {c.text.strip(): c.features["repeated"] for c in weighed_clauses(doc)}


def test_a_year_the_document_writes_again_and_again_is_its_frame():
    got = repeated(doc_of("2022年，是新冠疫情的第三年。", "2022年，我一共做了八十次核酸。",
                          "2022年，家人都很健康。", "2019年，公司在深圳成立。"))
    assert got["2022年，是新冠疫情的第三年。"] == got["2022年，家人都很健康。"] == 0.5   # two others of 2022
    assert got["2019年，公司在深圳成立。"] == 0.0


def test_a_day_told_in_every_sentence_is_not_a_frame():
    got = repeated(doc_of("2022年11月2日，公司发布新品。", "2022年11月2日，股价上涨。",
                          "2022年11月2日，董事长接受采访。"))
    assert set(got.values()) == {0.0}


def test_the_frame_counts_distinct_clauses_and_saturates():
    # the same sentence twice is one clause; eight others count as four
    got = repeated(doc_of(*(f"2020年，第{n}家门店开业。" for n in range(9)), "2020年，第0家门店开业。"))
    assert set(got.values()) == {1.0}
    once = repeated(doc_of("2020年，门店开业。", "2020年，门店开业。"))
    assert set(once.values()) == {0.0}
