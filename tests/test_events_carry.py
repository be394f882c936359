"""Event candidates whose date is written in a sentence before theirs: a day carried to the
sentences of its paragraph that go on from it ("随后，…", "下午，…"), marked by the feature
`carried` so the model weighs them apart. These pin the candidates the model is fitted on
(weighed_clauses), not the model's decision."""

from __future__ import annotations

from generator.conversion.stages.events import CARRY_SENTENCES, trim_sentence, weighed_clauses
from generator.document import HEADING, PARAGRAPH, Block, Document


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
                              ("2025-11-26", "直至下午约4时01分，在空地找到何伟豪"),
                              ("2025-11-26", "其后证实不治。")]


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


def test_a_day_word_after_a_subject_is_the_paragraphs_day():
    found = clauses("2026-06-19", "美国国防部长赫格塞思18日在布鲁塞尔举行的北约防长会上表示，美国将审查其军力部署。"
                                  "北约秘书长吕特当天称，北约多国防长一致同意投入更多资源。")
    assert ("2026-06-18", "北约秘书长吕特当天称，北约多国防长一致同意投入更多资源。", 0.0) in found
    found = clauses("2026-06-28", "美国东南部飓风27日登陆。该州次日进入紧急状态。")
    assert ("2026-06-28", "该州次日进入紧急状态。", 0.0) in found


def test_a_day_word_that_names_another_day_is_no_date():
    # the incident's day, a thing of that day, a habit, or no day written in the paragraph
    for text in ("事发当天没有人受伤。", "发布当天的销量创下纪录。", "他每当天亮就出门。"):
        assert [d for d, t, _ in clauses("2026-06-28", f"飓风27日登陆。{text}") if t == text] == []
    assert clauses("2026-06-28", "飓风在2026年登陆。该州当天进入紧急状态。") == [
        ("2026", "飓风在2026年登陆。", 0.0)]


def test_a_heading_that_opens_with_a_day_dates_the_timed_entries_under_it():
    doc = Document(source="a.txt", title="t", date="2025-11-29", date_precision="day", date_source="front-matter",
                   blocks=(Block(HEADING, text="▼11月28日 火警大致救熄后▼", level=2),
                           Block(PARAGRAPH, text="12:00 消息指，廉政公署拘捕工程顾问公司2名负责人。"),
                           Block(PARAGRAPH, text="15:34 火警升为四级。相若时间，消防队员何伟豪失联。"),
                           Block(HEADING, text="火警大致救熄后的11月28日", level=2),
                           Block(PARAGRAPH, text="17:42 政府为每一位死者家属提供20万慰问金。")))
    found = [(c.date.iso(), trim_sentence(c.text, c.date)) for c in weighed_clauses(doc)]
    assert ("2025-11-28", "12:00 消息指，廉政公署拘捕工程顾问公司2名负责人。") in found
    assert ("2025-11-28", "相若时间，消防队员何伟豪失联。") in found
    # a heading whose date does not open it names no section's day
    assert not [text for _, text in found if text.startswith("17:42")]


def test_a_carried_sentence_is_cut_before_each_clause_that_opens_with_a_later_time_or_then():
    found = clauses("2025-11-26", "消防在今日下午2时51分接报，大埔宏福苑发生火警。下午约3时01分，何伟豪到场，"
                                  "在地下进行灭火救援，至约3时半，何伟豪失去联络，消防启动程序寻找何伟豪。")
    assert carried(found) == [("2025-11-26", "下午约3时01分，何伟豪到场，在地下进行灭火救援"),
                              ("2025-11-26", "至约3时半，何伟豪失去联络，消防启动程序寻找何伟豪。")]
    found = clauses("2025-11-26", "消防在今日下午2时51分接报。直至下午约4时01分，在空地找到何伟豪，消防为他急救及送院，"
                                  "其后证实不治。")
    assert carried(found) == [("2025-11-26", "直至下午约4时01分，在空地找到何伟豪，消防为他急救及送院"),
                              ("2025-11-26", "其后证实不治。")]


def test_the_clauses_of_a_timed_entry_before_its_first_date_are_the_entrys_day():
    doc = Document(source="a.txt", title="t", date="2025-11-29", date_precision="day", date_source="front-matter",
                   blocks=(Block(HEADING, text="▼11月28日▼", level=2),
                           Block(PARAGRAPH, text="19:47 行政长官李家超宣布，今日（29日）上午8时，联同主要官员默哀3分钟。"),
                           Block(PARAGRAPH, text="20:30 今日（29日）上午8时，全港默哀3分钟。")))
    found = [(c.date.iso(), trim_sentence(c.text, c.date)) for c in weighed_clauses(doc)]
    assert ("2025-11-28", "19:47 行政长官李家超宣布") in found
    assert ("2025-11-29", "19:47 行政长官李家超宣布，今日（29日）上午8时，联同主要官员默哀3分钟。") in found
    # a date in the entry's first clause leaves no clause before it
    assert [d for d, t in found if t.startswith("20:30")] == ["2025-11-29"]
