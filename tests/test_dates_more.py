"""Dates told by a cycle or the lunar calendar: two-digit years (19年), sexagenary years
(庚辰年), lunar dates and festivals (十二月廿一, 七夕, 中秋), festivals as a point in time
(五一劳动节的时候); and the counts, prices and numbers they must not be read in."""

from __future__ import annotations

from datetime import timedelta

import pytest

from generator.conversion import lunar
from generator.conversion.dates import find_dates, spring_festival
from generator.conversion.stages.events import sentence_date


def only_date(text: str):
    mentions = find_dates(text)
    assert len(mentions) == 1, mentions
    return mentions[0]


@pytest.mark.parametrize("text, reference, iso, precision", [
    ("从19年起在这家公司工作", 2020, "2019", "year"),
    ("上一次带娃出行是18年了", 2024, "2018", "year"),
    ("18年底，公司搬到了望京", 2024, "2018-12", "month"),
    ("在19年3月5日入职", 2020, "2019-03-05", "day"),
    ("那是98年，抗洪的时候他还小", 2019, "1998", "year"),
    ("19年3月，公司搬到了望京", 2020, "2019-03", "month"),
    ("新版本将在25年上线", 2024, "2025", "year"),   # the year after the reference: a plan
])
def test_two_digit_years_take_the_century_of_the_reference(text, reference, iso, precision):
    mention = only_date(text)
    assert mention.year is None   # no century until a reference year is known
    resolved = mention.resolved(reference)
    assert resolved.valid and resolved.iso() == iso and resolved.precision == precision


@pytest.mark.parametrize("text", [
    "他已经工作了19年",
    "19年来，这家店从没涨过价",
    "这是他在公司的第19年",
    "19年间换了三份工作",
    "近19年的数据显示",
    "过去 10 年，书店越来越少",
    "32年过去了，股份增值了一千多倍",
    "20年时间，电商就把折扣低价的路走到了尽头",
    "得益于20年游戏出海经验",
    "19年多的时间里",
    "售价2019年款",
    "电话：010-62019年",
    "v3.19年度版本",
    "19年也有很多令我开心的事情",   # alone opening a clause: a topic as often as a year (measured)
])
def test_two_digit_counts_are_not_years(text):
    assert find_dates(f"19年3月，{text}")[0].cycle == (100, 19, 1)   # a year beside them is read
    assert not [m for m in find_dates(text) if m.cycle is not None]


def test_a_two_digit_year_in_a_clause_of_the_coming_year_is_not_pushed_a_century_back():
    # "past" dates are moved a year back in news; 25年 names its year, it stays 2025
    found, _ = sentence_date("新版本在25年上线", None, "2024-03-10")
    assert found is not None and found.iso() == "2025"


@pytest.mark.parametrize("text, reference, iso", [
    ("典肇乎庚辰年十二月廿一，收各方语言二百五十", 2026, "2001-01-15"),   # lunar 2000's last month
    ("文言維基始於丙戌年七夕", 2026, "2006-07-31"),
    ("文言維基始於丙戌年七夕", None, "2006-07-31"),   # an undated text: the latest cycle
    ("壬寅年腊月三十", 2026, "2023-01-21"),
])
def test_sexagenary_years_resolve_to_the_latest_cycle_not_after_the_reference(text, reference, iso):
    mention = find_dates(text)[0]
    resolved = mention.resolved(reference)
    assert resolved is not None and resolved.iso() == iso


def test_a_sexagenary_year_is_the_latest_of_its_cycle():
    assert find_dates("甲子年正月初一")[0].resolved(2024).iso() == "1984-02-02"
    assert find_dates("甲子年正月初一")[0].resolved(1983).iso() == "1924-02-05"
    assert not find_dates("甲丑年正月初一")[0].valid   # a stem and a branch the cycle never pairs


def test_a_sexagenary_year_alone_or_a_solar_date_after_it_is_no_lunar_date():
    # (alone, 戊戌年 names the reform of 1898 as often as a year: left out, measured)
    assert not find_dates("这一年是中国的农历戊戌年")
    assert [m.text for m in find_dates("戊戌年八月十三日")] == ["八月十三日"]
    assert find_dates("戊戌年八月十三")[0].lunar == (8, 13, False)   # without 日: the lunar day


@pytest.mark.parametrize("text, reference, iso", [
    ("2006年七夕", None, "2006-07-31"),
    ("2020年农历五月初五", None, "2020-06-25"),
    ("2023年中秋", None, "2023-09-29"),
    ("中秋节那天", 2024, "2024-09-17"),
    ("农历八月十五", 2024, "2024-09-17"),
    ("2023年农历闰二月初一", None, "2023-03-22"),
    ("中秋节的时候", 2023, "2023-09-29"),
])
def test_lunar_dates_and_festivals_are_days_of_the_solar_calendar(text, reference, iso):
    mention = find_dates(text)[0]
    assert mention.precision == "day"
    resolved = mention.resolved(reference)
    assert resolved is not None and resolved.iso() == iso


@pytest.mark.parametrize("text, reference, iso", [
    ("五一劳动节的时候阳了", 2023, "2023-05-01"),
    ("五一那天我们去了天津", 2024, "2024-05-01"),
    ("国庆节当天带娃爬了一次山", 2024, "2024-10-01"),
])
def test_a_festival_alone_as_a_point_in_time_is_its_day(text, reference, iso):
    mention = only_date(text)
    assert mention.precision == "day" and mention.resolved(reference).iso() == iso


@pytest.mark.parametrize("text", [
    "欢度中秋，共享团圆",     # the holiday, not a day
    "五一广场人山人海",
    "端午假期出游人次",
    "八月十五日发布",        # a solar date (日), not a lunar one
    "2020.08.10农历六月二十一",   # a gloss of the solar date before it: that day, once
    "8月10日（农历六月二十一）",
])
def test_festivals_and_solar_dates_that_are_not_lunar_days(text):
    assert find_dates(f"农历八月十五，{text}")[0].lunar == (8, 15, False)   # read beside them
    assert not [m for m in find_dates(text) if m.lunar is not None or m.text.startswith(("五一", "中秋"))]


def test_the_lunar_table_agrees_with_the_new_years_table():
    # each lunar year's months end the day before the next lunar year begins
    months = lunar._data()["months"]
    assert set(months) == set(range(1900, 2100))
    for year in range(1900, 2099):
        leap, lengths = months[year]
        assert len(lengths) == (13 if leap else 12)
        total = sum(30 if bit == "1" else 29 for bit in lengths)
        assert spring_festival(year) + timedelta(days=total) == spring_festival(year + 1), year
    assert lunar.days_into_year(2024, 4, 1, True) is None   # 2024 has no leap month


def test_lunar_day_numbers():
    assert [lunar.lunar_day(d) for d in ("初五", "初十", "十五", "二十", "廿", "廿一", "二十九", "三十")] == \
        [5, 10, 15, 20, 20, 21, 29, 30]
    assert lunar.lunar_month("腊月") == (12, False) and lunar.lunar_month("闰四月") == (4, True)
    assert lunar.sexagenary_remainder("庚辰") == 2000 % 60

