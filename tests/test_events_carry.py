"""Event candidates whose date is written in a sentence before theirs: a day carried to the
sentences of its paragraph that go on from it ("随后，…", "下午，…"), marked by the feature
`carried` so the model weighs them apart. These pin the candidates the model is fitted on
(weighed_clauses), not the model's decision."""

from __future__ import annotations

from generator.conversion.stages.events import CARRY_SENTENCES, trim_sentence, weighed_clauses
from generator.document import PARAGRAPH, Block, Document


def clauses(published: str | None, *texts: str) -> list[tuple[str, str, float]]:
    """(date, text, carried) of every candidate of paragraphs `texts`."""
    doc = Document(source="a.txt", title="t", date=published, date_precision="day" if published else None,
                   date_source="front-matter" if published else None,
                   blocks=tuple(Block(PARAGRAPH, text=t) for t in texts))
    return [(c.date.iso(), trim_sentence(c.text, c.date), c.features["carried"]) for c in weighed_clauses(doc)]


def carried(found: list[tuple[str, str, float]]) -> list[tuple[str, str]]:
    return [(date, text) for date, text, flag in found if flag]


def test_a_day_carries_to_a_sentence_that_goes_on_from_it():
    found = clauses("2024-04-03", "4月7日（星期日），耶伦将与北京大学的师生会面。晚上，她将与中国财政部长蓝佛安举行双边会议。")
    assert carried(found) == [("2024-04-07", "晚上，她将与中国财政部长蓝佛安举行双边会议。")]
    # the dated sentence itself is no carried candidate
    assert ("2024-04-07", "4月7日（星期日），耶伦将与北京大学的师生会面。", 0.0) in found
    found = clauses("2024-04-06", "5日上午，耶伦与经济专家举行圆桌会议；随后与广东省省长王伟中会晤。")
    assert carried(found) == [("2024-04-05", "随后与广东省省长王伟中会晤。")]


def test_a_time_of_that_day_in_running_text_goes_on_at_it():
    found = clauses("2025-11-26", "消防在今日下午2时51分接报，大埔宏福苑发生火警。下午约3时01分，何伟豪到场。"
                                  "直至下午约4时01分，在空地找到何伟豪，其后证实不治。")
    assert carried(found) == [("2025-11-26", "下午约3时01分，何伟豪到场。"),
                              ("2025-11-26", "直至下午约4时01分，在空地找到何伟豪，其后证实不治。")]


def test_a_sentence_that_does_not_go_on_from_the_day_is_no_candidate():
    # no word of sequence or time of day: a comment, not that day's fact
    assert carried(clauses("2024-04-03", "4月7日，耶伦将与师生会面。这是她第二次访华。")) == []
    # a year or a month frames a period: "随后" after it is no day of it
    assert carried(clauses("2024-04-03", "2015年，该公司上市。随后，股价大涨。")) == []
    assert carried(clauses("2024-04-03", "今年3月，该公司上市。随后，股价大涨。")) == []
    # "随后的" qualifies a noun
    assert carried(clauses("2024-04-03", "4月2日，麒麟960发布。随后的麒麟970实现了10纳米商用。")) == []


def test_the_carry_stops_at_a_look_back_a_new_date_and_the_paragraph_end():
    # a look back or to the present ends it
    found = clauses("2024-04-03", "4月1日，该公司发布新品。目前，该产品已售罄。随后，股价大涨。")
    assert carried(found) == []
    # a new date takes over: the sentence after it goes on at the new one
    found = clauses("2024-04-09", "4月7日，耶伦会见师生。4月8日，耶伦会见刘鹤。随后，她与潘功胜会晤。")
    assert carried(found) == [("2024-04-08", "随后，她与潘功胜会晤。")]
    # another paragraph does not go on from this one's day
    assert carried(clauses("2024-04-03", "4月7日，耶伦会见师生。", "随后，她与蓝佛安会晤。")) == []
    # nor beyond CARRY_SENTENCES sentences
    filler = "天气晴朗。" * CARRY_SENTENCES
    assert carried(clauses("2024-04-03", f"4月7日，耶伦会见师生。{filler}随后，她与蓝佛安会晤。")) == []
    assert carried(clauses("2024-04-03", f"4月7日，耶伦会见师生。{filler[5:]}随后，她与蓝佛安会晤。")) != []
