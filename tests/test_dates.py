"""Dates: formats found in Chinese text, front-matter values, time zones, bad dates."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from generator.conversion.dates import DateError, find_dates, han_number, parse_date_value

SHANGHAI = "Asia/Shanghai"


def only_date(text: str, use: str = "text"):
    mentions = find_dates(text, use)
    assert len(mentions) == 1, mentions
    return mentions[0]


@pytest.mark.parametrize("text, iso, precision", [
    ("2015年9月22日晚，天猫国际与澳洲大药房签约", "2015-09-22", "day"),
    ("早在 2017 年 12 月，北京冬奥会唯一授权的官方特许商品店就已在天猫独家上线", "2017-12", "month"),
    ("阿里巴巴集团于2009年建立起服务市场", "2009", "year"),
    ("该项目2015.11.20启动", "2015-11-20", "day"),
    ("截至2021年12月31日，中国市场消费者9.79亿", "2021-12-31", "day"),
    ("二〇一二年十一月十一日，交易额191亿元", "2012-11-11", "day"),
    ("二〇〇九年十一月，第一届", "2009-11", "month"),
    ("２０１６年３月１日起施行", "2016-03-01", "day"),
    ("2014/10/22 发布", "2014-10-22", "day"),
])
def test_absolute_dates_in_text(text, iso, precision):
    mention = only_date(text)
    assert mention.valid and mention.iso() == iso and mention.precision == precision


def test_chinese_numerals():
    assert han_number("二〇一二") == 2012
    assert han_number("十一") == 11
    assert han_number("二十二") == 22
    assert han_number("三十一") == 31
    assert han_number("十") == 10
    assert han_number("九") == 9


@pytest.mark.parametrize("text", [
    "增长11.11%",                  # a number, not a date
    "2022 财年上半年",             # a fiscal year is not a calendar year
    "2010年代的电商",              # a decade
    "过去年轻人很少网购",          # 去年 inside 过去年轻
    "3.15晚会",                    # month.day is not read in running text
    "10-22",                       # a bare month-day is a date only after a byline label
    "我想下月台，站到那铁轨上",      # 月台: a railway platform, not next month
])
def test_not_dates_in_text(text):
    assert find_dates(text) == ()


def test_month_day_and_relative_years_have_no_year_until_resolved():
    md = only_date("1 月 27 日上线")
    assert (md.year, md.month, md.day) == (None, 1, 27)
    assert md.resolved(None) is None
    assert md.resolved(2015).iso() == "2015-01-27"
    rel = only_date("去年双十一")
    assert rel.relative == -1 and rel.resolved(2014).iso() == "2013"
    rel_month = only_date("前年11月，天猫上线")
    assert rel_month.resolved(2016).iso() == "2014-11"


def test_impossible_dates_are_invalid_not_shortened():
    mention = only_date("2015年13月45日")
    assert not mention.valid
    assert not only_date("2015年2月30日").valid
    assert only_date("2016年2月29日").valid   # a leap day


def test_byline_month_day():
    mention = only_date("10-22", "byline")
    assert (mention.year, mention.month, mention.day) == (None, 10, 22)


def test_rfc2822_is_converted_to_the_site_time_zone():
    # 22:58 GMT on the 10th is 06:58 on the 11th in Beijing
    assert parse_date_value("Thu, 10 Feb 2022 22:58:00 GMT", SHANGHAI).iso() == "2022-02-11"
    assert parse_date_value("Thu, 10 Feb 2022 22:58:00 GMT", "UTC").iso() == "2022-02-10"
    assert parse_date_value("Thu, 10 Feb 2022 22:58:00 GMT", "America/New_York").iso() == "2022-02-10"


def test_iso_with_zone_and_without():
    assert parse_date_value("2022-05-23 14:50:45 +0800", SHANGHAI).iso() == "2022-05-23"
    # 14:50 in Beijing is still the 23rd in UTC; 02:00 in Beijing is the 22nd there
    assert parse_date_value("2022-05-23T02:00:00+08:00", "UTC").iso() == "2022-05-22"
    assert parse_date_value("2022-05-22T20:00:00Z", SHANGHAI).iso() == "2022-05-23"
    # no zone: the time is already local, nothing to convert
    assert parse_date_value("2022-05-23 23:30", "UTC").iso() == "2022-05-23"


def test_yaml_values():
    meta = yaml.safe_load("a: 2022-05-23\nb: 2022-05-22 20:00:00Z\nc: 2016\nd: 1652000000\n")
    assert isinstance(meta["a"], dt.date)
    assert parse_date_value(meta["a"], SHANGHAI).iso() == "2022-05-23"
    assert parse_date_value(meta["b"], SHANGHAI).iso() == "2022-05-23"
    year = parse_date_value(meta["c"], SHANGHAI)  # an int: a year, not 2016 epoch seconds
    assert (year.iso(), year.precision) == ("2016", "year")
    assert parse_date_value(meta["d"], SHANGHAI).iso() == "2022-05-08"


def test_epoch_seconds_and_milliseconds():
    # 1652000000 is 2022-05-08 08:53:20 UTC; 1651939200 is 2022-05-07 16:00 UTC = midnight in Beijing
    assert parse_date_value(1652000000, SHANGHAI).iso() == "2022-05-08"
    assert parse_date_value("1652000000000", SHANGHAI).iso() == "2022-05-08"
    assert parse_date_value(1651939200, SHANGHAI).iso() == "2022-05-08"
    assert parse_date_value(1651939200, "UTC").iso() == "2022-05-07"


@pytest.mark.parametrize("value, iso, precision", [
    ("2022年5月23日 14:50", "2022-05-23", "day"),
    ("二〇一二年十一月十一日", "2012-11-11", "day"),
    ("2022-05", "2022-05", "month"),
    ("May 23, 2022", "2022-05-23", "day"),
    ("November 6th, 2009", "2009-11-06", "day"),
    ("十一月 6th, 2009", "2009-11-06", "day"),
    ("三月 21st, 2010", "2010-03-21", "day"),
    ("2016", "2016", "year"),
])
def test_written_values(value, iso, precision):
    parsed = parse_date_value(value, SHANGHAI)
    assert (parsed.iso(), parsed.precision) == (iso, precision)


@pytest.mark.parametrize("value", ["2015年13月45日", "2015-02-30", "yesterday", "", "2022-05-23 和 2022-05-24",
                                   99999999999999, True, float("nan"), dt.date(1, 1, 1),
                                   dt.datetime(1, 1, 1, tzinfo=dt.timezone.utc), ["2022-05-23"]])
def test_bad_values_raise(value):
    with pytest.raises(DateError):
        parse_date_value(value, SHANGHAI)


def test_a_day_with_a_zone_but_no_time_is_that_day():
    # Jekyll front matter: `date:   2018-02-24  +0800`
    assert parse_date_value("2018-02-24  +0800", "Asia/Shanghai").iso() == "2018-02-24"


def test_an_eight_digit_date_in_brackets_is_a_title_date_only():
    found = find_dates("《新闻联播》 (20200124)", "title")
    assert [(m.year, m.month, m.day) for m in found] == [(2020, 1, 24)]
    assert find_dates("《新闻联播》 (20200124)") == ()          # not a running-text format
    assert find_dates("编号（20201399）", "title") == ()          # no 13th month


def test_same_year_words_count_from_the_last_year_written():
    same = only_date("同年 6 月 2 日，惠普成为首个付费用户")
    assert same.year is None and same.after_last == 0
    assert same.resolved(2009).iso() == "2009-06-02"
    assert only_date("次年，公司上市").resolved(2009).iso() == "2010"
    assert only_date("条例在当年9月1日起正式实施").resolved(2021).iso() == "2021-09-01"
    # 当年 alone is "back then"; 当年轻人 holds no year at all
    assert find_dates("王石一直在吹当年的改制") == ()
    assert find_dates("当年轻人离开家乡") == ()


def test_a_week_without_a_weekday_is_told_by_its_month():
    # the week of Thursday 29 October 2009 (the document is of Sunday 1 November)
    assert only_date("Sun本周宣布").on_day(dt.date(2009, 11, 1)).iso() == "2009-10"
    assert only_date("Sun上周宣布计划裁员").on_day(dt.date(2009, 11, 1)).iso() == "2009-10"
    assert only_date("莫迪下周将访问美国").on_day(dt.date(2023, 6, 18)).iso() == "2023-06"
    assert only_date("下周一开会").on_day(dt.date(2023, 6, 18)).iso() == "2023-06-19"
    assert find_dates("本周末去爬山") == ()


def test_years_before_1800_in_text():
    assert only_date("世纪之交的 1799 年，华盛顿去世").iso() == "1799"
    assert only_date("1776年，独立宣言发表").iso() == "1776"
    assert find_dates("这座城有1700年历史") == ()
    with pytest.raises(DateError):
        parse_date_value("1799年", SHANGHAI)   # a document is not dated before 1800


def test_days_of_the_lunar_new_year_and_fixed_festivals():
    assert only_date("正月初一传来消息").resolved(2018).iso() == "2018-02-16"
    assert only_date("正月初十就去番禺").resolved(2018).iso() == "2018-02-25"
    assert only_date("大年初一，综合频道将推出特别节目").resolved(2020).iso() == "2020-01-25"
    assert only_date("2020年除夕夜").resolved(None).iso() == "2020-01-24"
    assert only_date("团队从 2011 年元旦开始研发").iso() == "2011-01-01"
    assert only_date("在今年315晚会被曝光之后").resolved(2019).iso() == "2019-03-15"
    assert only_date("去年618期间").resolved(2020).iso() == "2019-06"
    assert only_date("今年两会上人大代表提出").resolved(2017).iso() == "2017-03"
    # alone, a festival names the holiday; 八月初五 is a lunar day, not August
    assert find_dates("人们欢度除夕，吃饺子") == ()
    assert find_dates("618购物节来了") == ()
    assert find_dates("把自己的生日八月初五定为千秋节") == ()
    assert only_date("8月初，公司上线").month == 8


def test_days_named_by_the_last_day_and_days_with_hao():
    assert only_date("当天下午，书店接到了通知").after_last_day == 0
    assert only_date("第二天，北大法学院教授发布了指南").after_last_day == 1
    assert only_date("第二天，教授发文").resolved(2018) is None   # needs the last day, not a year
    assert find_dates("资金当天到账") == ()                      # a habit, not a day
    assert find_dates("第二天一早又到车间干活") == ()
    assert only_date("即将于13号在北京启程").day == 13
    assert only_date("京东1号0点开抢").day == 1
    assert find_dates("乘坐地铁3号线到1号楼") == ()
    assert find_dates("在1号航站楼等候") == ()


def test_parts_of_a_year_without_its_number():
    assert only_date("在年初将公司卖给了美团").resolved(2018).iso() == "2018"
    assert only_date("年中，一篇文章在网络刷屏").resolved(2018).iso() == "2018"
    assert find_dates("这几年中变化很大") == ()
    assert find_dates("新年初始") == ()


def test_acquired_is_not_the_day_after_tomorrow():
    assert find_dates("身材长相虽然是天生的，但是后天完全可以收拾打扮一下") == ()


def test_the_first_and_last_day_of_a_year_or_month():
    assert only_date("2022年最后一天，上海抓了一批黄牛").iso() == "2022-12-31"
    assert only_date("10月份第一天，中国女篮拿到亚军").resolved(2022).iso() == "2022-10-01"
    assert only_date("今年第一天，公司开业").resolved(2022).iso() == "2022-01-01"
    assert find_dates("第一天上班就迟到") == ()


def test_a_month_day_without_ri_before_a_time_of_day():
    mention = only_date("谜底有待5月10当日揭晓")
    assert (mention.month, mention.day) == (5, 10)
    assert only_date("7月11零点起，上传文档暂时不会被锁定").day == 11
    assert only_date("3月份的上午").day is None


def test_that_year_opening_a_clause_is_the_year_last_written():
    assert only_date("那一年，龙湖立下了多个里程碑").resolved(2016).iso() == "2016"
    assert only_date("在这一年，抖音推出了直播电商").after_last == 0
    assert find_dates("那一年深圳的最大项目投资1.2亿") == ()
    assert find_dates("25岁那一年，他拿到了投资") == ()


def test_years_of_the_republic_and_of_ming_and_qing_reigns():
    assert only_date("民國108年5月1日起實施").iso() == "2019-05-01"
    assert only_date("民国元年，临时政府成立").iso() == "1912"
    assert only_date("光緒十五年調任湖北巡撫").iso() == "1889"
    assert only_date("乾隆四十一年，美国发表独立宣言").iso() == "1776"   # 乾 folds to 干
    assert find_dates("康熙年间") == ()
    assert parse_date_value("民國108年5月1日", "Asia/Taipei").iso() == "2019-05-01"


def test_a_bare_day_before_a_clock_hour():
    mention, = find_dates("北京市气象台25日6时发布天气预报")
    assert (mention.text, mention.day) == ("25日", 25)
    assert find_dates("3日2夜的行程") == ()   # a count of days and nights
