"""Event candidates whose date is not their own: a clause of a sentence that holds another
fact's date, run-on text, days named by the narrative (两天后, 同日, 他在当天…), a bare day
that goes on from its paragraph's, 今天 alone. These pin the candidates the model is fitted
on (weighed_clauses), not the model's decision."""

from __future__ import annotations

from generator.conversion.dates import find_dates
from generator.conversion.stages.events import TimeContext, sentence_dates, trim_sentence, weighed_clauses
from generator.document import PARAGRAPH, Block, Document


def candidates(published: str | None, *texts: str) -> list[tuple[str, str]]:
    doc = Document(source="a.txt", title="t", date=published, date_precision="day" if published else None,
                   date_source="front-matter" if published else None,
                   blocks=tuple(Block(PARAGRAPH, text=t) for t in texts))
    return [(c.date.iso(), trim_sentence(c.text, c.date)) for c in weighed_clauses(doc)]


def texts_at(found: list[tuple[str, str]], day: str) -> list[str]:
    return [text for date, text in found if date == day]


def test_each_clause_with_a_date_of_its_own_is_a_candidate():
    found = candidates("2019-09-10", "据新华社9月9日报道，针对外媒的报道，苹果公司9日对记者表示，大多数指控都是错误的。")
    at = texts_at(found, "2019-09-09")
    assert any(t.startswith("据新华社9月9日报道") for t in at)
    assert any(t.startswith("苹果公司9日对记者表示") for t in at)
    # a year beside a month of another clause is a candidate of its own
    found = candidates("2023-11-12", "沙特与伊朗2016年断交，两国于今年4月宣布恢复外交关系。")
    assert {d for d, _ in found} == {"2016", "2023-04"}
    assert texts_at(found, "2016") == ["沙特与伊朗2016年断交"]
    # not before a date qualifying a noun or opening a period
    found = candidates("2024-10-31", "在前两天（2012.2.21）年会上，支付宝公布2011年的交易笔数已经是PayPal的两倍。")
    assert ("2012-02-21", "在前两天（2012.2.21）年会上，支付宝公布2011年的交易笔数已经是PayPal的两倍。") in found
    found = candidates("2020-01-31", "昨天中午1点，武汉红会公布了从1月24日封城以来的物资使用情况。")
    assert ("2020-01-30", "昨天中午1点，武汉红会公布了从1月24日封城以来的物资使用情况。") in found


def test_run_on_text_is_cut_before_each_date():
    text = ("淘宝在愚人节搞航天段子是有传统的甚至在火箭快递上吹牛也不是第一次"
            "2019年淘宝宣布要跟一家航天公司合作开发两款送快递的火箭大宝剑和小宝剑淘宝说在全球范围内"
            "大宝剑送几吨货物一小时内到达小宝剑在几十公里范围内送五十公斤货物为了自己的段子淘宝还专门"
            "做了概念视频淘宝的笑话也往往要在现实中找个依据这两个参数不是凭空编造的"
            "到了去年7月这家公司的火箭发射成功了但过去几年都没再提过大宝剑")
    found = candidates("2024-04-03", text)
    assert any("淘宝宣布要跟一家航天公司合作" in t for t in texts_at(found, "2019"))
    assert any("这家公司的火箭发射成功了" in t for t in texts_at(found, "2023-07"))


def test_days_counted_from_the_narratives_day():
    found = candidates("2019-11-25", "11月12日，教体局通报称，9月28日午饭后，几名学生在教室玩闹。",
                       "两天后，市里宣布成立联合调查组。")
    assert ("2019-11-14", "两天后，市里宣布成立联合调查组。") in found
    found = candidates("2017-12-09", "8月24日中午，司机驾驶专车撞上行人，行人送医抢救仍于一周后伤重不治。")
    assert ("2017-08-31", "行人送医抢救仍于一周后伤重不治。") in found
    found = candidates("2025-11-28", "2017年，谷歌在这里发布了新的模型架构。", "八年后，大会的聚光灯聚焦到了一个中国团队身上。")
    assert ("2025", "八年后，大会的聚光灯聚焦到了一个中国团队身上。") in found
    assert find_dates("这条线路在运营13年后正式停运。") == ()   # a duration, no date


def test_a_day_named_inside_a_sentence_takes_its_paragraphs_day():
    found = candidates("2018-02-22", "1957年5月15日，他撰写了一篇文章。6月8日，中央发出指示，同日，报纸也发表了社论。")
    assert ("1957-06-08", "同日，报纸也发表了社论。") in found
    found = candidates("2024-12-22", "年度成语12月2日发布，第二天总统就发布了戒严令，这几个成语既是总结也是预言。")
    assert ("2024-12-03", "第二天总统就发布了戒严令，这几个成语既是总结也是预言。") in found
    found = candidates("2024-05-20", "多米尼加总统19日晚在竞选总部宣布，他在当天举行的总统选举首轮投票中获胜。")
    assert any(t.startswith("他在当天举行的") for t in texts_at(found, "2024-05-19"))
    # 事发当天, 通报当天: the day of another event, not the last written
    found = candidates("2019-11-25", "11月12日，教体局发出通报。", "就在通报当天，几方签订了协议。",
                       "事发当天，班主任给奶奶打了电话。")
    assert [d for d, _ in found] == ["2019-11-12"]


def test_a_bare_day_goes_on_from_its_paragraphs_day():
    found = candidates("2024-05-13", "备注：5月17日半价；18日、19日免票。")
    assert sorted(d for d, _ in found) == ["2024-05-17", "2024-05-18", "2024-05-19"]
    found = candidates("2023-01-05", "11月24日，乌鲁木齐一栋高层住宅发生火灾。", "25日早晨，全国媒体登载了火灾的新闻。")
    assert ("2022-11-25", "25日早晨，全国媒体登载了火灾的新闻。") in found


def test_a_relative_day_tells_the_year_of_its_bracketed_date():
    context = TimeContext(block_year=2021, last_year=2021)
    _, context = sentence_dates("北京时间昨晚（2月3日），中国女足对阵日本女足。", context, "2022-02-04")
    assert context.last_month == (2022, 2)


def test_today_alone_is_the_publication_day_unless_it_means_nowadays():
    found = candidates("2020-06-05", "今天，来自八个国家的议员组成了一个联盟。",
                       "在日常生活依赖于网购的今天，双十一已经成为一个例行事件。",
                       "直到今天，这个问题仍然没有答案。")
    assert found == [("2020-06-05", "今天，来自八个国家的议员组成了一个联盟。")]
    assert candidates(None, "今天，来自八个国家的议员组成了一个联盟。") == []


def test_april_fools_day_after_its_year_is_a_day():
    found = candidates("2024-04-03", "2019年愚人节，淘宝宣布要和一家航天公司合作开发送快递的火箭。",
                       "今年愚人节，淘宝又说要造快递火箭。")
    assert [d for d, _ in found] == ["2019-04-01", "2024-04-01"]


def test_a_range_word_opening_a_clause_leads_to_its_date():
    found = candidates("2012-12-10", "民主党参选人在3月的选举中落败后向法院提出选举呈请，至11月中旬被终审法院驳回。",
                       "2017年，足协要求球员肃立，但是到2020年，国家队发表联合声明。",
                       "这家工厂在2012年到2015年一直亏损。")
    assert ("2012-11", "至11月中旬被终审法院驳回。") in found
    assert any(t.startswith("但是到2020年") for t in texts_at(found, "2020"))
    assert "2015" not in {d for d, _ in found}   # the end of a range


def test_a_day_of_the_weeks_before_publication_is_not_of_a_year_written_in_passing():
    found = candidates("2019-09-30", "IT之家9月30日消息，日本唯一一家传呼机运营商将终止服务。该公司从1968年开始提供"
                       "传呼机业务，1996年发展到最高峰。9月30日下午，传呼机告别活动举行。")
    assert ("2019-09-30", "9月30日下午，传呼机告别活动举行。") in found
    # a chronicle's paragraph opens with its year: its days are of that year
    found = candidates("2024-04-28", "2017年4月1日，新区正式设立。4月2日，临时党委宣布成立。")
    assert ("2017-04-02", "4月2日，临时党委宣布成立。") in found


def test_a_paragraph_opening_with_a_year_alone_is_background_for_a_recent_day():
    # news (a transcript of 15 May 2020): "2018年，" sets the scene, the day after it is
    # one of the weeks before the publication, not of 2018
    found = candidates("2020-05-15", "2018年，某大学和市政府签约建设新校区，但之后一直没有动静。"
                       "5月6日，市教育局明确表示新校区项目终止。")
    assert ("2020-05-06", "5月6日，市教育局明确表示新校区项目终止。") in found
    # a day far from the publication stays in the paragraph's year
    found = candidates("2020-05-15", "2018年，某大学和市政府签约建设新校区。9月3日，新校区正式开工。")
    assert ("2018-09-03", "9月3日，新校区正式开工。") in found


def test_months_ago_and_this_month_count_from_the_publication():
    found = candidates("2025-08-21", "4个月前，他曾在知乎上激烈陈词。", "这月初，听到多维表免费的消息时，我才如梦初醒。")
    assert [d for d, _ in found] == ["2025-04", "2025-08"]
    assert find_dates("几个月前，半个月前") == ()


def test_a_dash_ends_a_range_only_after_its_start():
    found = candidates("2025-07-28", "举个简单的例子吧——2008年我刚开始做云计算的时候，第一件事就是去硅谷找人才。",
                       "1961年—1962年，复置三县。")
    assert [d for d, _ in found] == ["2008", "1961"]


def test_days_after_the_incident_count_from_the_day_the_text_gave_it():
    found = candidates("2019-11-25", "学生小丽称，事发当天（9月28日），她看到老师帮小花弄眼睛。",
                       "11月12日，教体局通报了此事。", "事发次日，小花家说小花眼睛里又出了纸。",
                       "矛盾，在事发第三天爆发。")
    assert ("2019-09-29", "事发次日，小花家说小花眼睛里又出了纸。") in found
    assert ("2019-09-30", "矛盾，在事发第三天爆发。") in found


def test_a_later_date_on_its_own_stamps_an_update_that_relative_dates_count_from():
    found = candidates("2015-10-27", "我工作有四年了，今年才感觉自己走上正轨。", "2016.03.02",
                       "许久没更新了，去年开始私募倒了一批，行业大清洗。")
    assert [d for d, _ in found] == ["2015", "2015"]
    assert found[1][1].startswith("许久没更新了，去年开始私募倒了一批")


def test_bench_eval_reports_the_candidate_ceiling(tmp_path):
    from bench.eval import candidate_ceiling

    (tmp_path / "docs").mkdir()
    (tmp_path / "expected").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("2019年，阿里巴巴成立了新的研究院。\n\n随后，研究院招聘了一百名工程师。\n",
                                             encoding="utf-8")
    (tmp_path / "expected" / "a.txt.yaml").write_text(
        "file: a.txt\nevents:\n- {date: '2019', phrase: 阿里巴巴成立了新的研究院}\n"
        "- {date: '2019', phrase: 研究院招聘了一百名工程师}\n", encoding="utf-8")
    ceiling = candidate_ceiling(tmp_path)
    assert (ceiling.right, ceiling.answered, ceiling.expected) == (1, 1, 2)


def weighed_features(published: str | None, *texts: str) -> list[tuple[str, dict]]:
    doc = Document(source="a.txt", title="t", date=published, date_precision="day" if published else None,
                   date_source="front-matter" if published else None,
                   blocks=tuple(Block(PARAGRAPH, text=t) for t in texts))
    return [(c.date.iso(), c.features) for c in weighed_clauses(doc)]


def test_other_dates_counts_only_the_dates_the_stage_reads():
    # a date inside a title and an impossible date are no dates of the clause
    [(day, titled)] = weighed_features("2019-06-01", "2019年3月，公司发布了《2018年年度报告》。")
    assert day == "2019-03" and titled["other_dates"] == 0.0
    [(_, impossible)] = weighed_features(None, "2019年5月1日，系统把日期写成了2015年13月45日。")
    assert impossible["other_dates"] == 0.0
    # a real second date counts
    two = weighed_features(None, "2019年5月1日，公司在2019年5月3日的发布会前开始预热。")
    assert [(day, f["other_dates"]) for day, f in two] == [("2019-05-01", 1 / 3), ("2019-05-03", 1 / 3)]


def test_without_a_publication_date_a_month_day_is_of_the_latest_year_written():
    # the story goes on into a year the article names only further on
    found = candidates(None, "2011年8月2日，两家公司签署了收购协议。", "此后收购价迟迟谈不拢。",
                       "3月初，市场上传出收购价将下调的消息。",
                       "4月29日，记者在公司总部见到了新任总裁。",
                       "2012年4月24日，公司发布公告，宣布收购完成。")
    assert ("2012-03", "3月初，市场上传出收购价将下调的消息。") in found
    assert ("2012-04-29", "4月29日，记者在公司总部见到了新任总裁。") in found
    # a chronicle's own year still wins where it is the last written
    found = candidates(None, "2009年，公司在深圳成立。", "进入2012年，5月10日，公司宣布上市。")
    assert ("2012-05-10", "进入2012年，5月10日，公司宣布上市。") in found


def test_a_republished_storys_month_day_after_the_stamp_is_of_its_year():
    # a feature of 2012 stamped 29 April 2014: 5月14日 is the story's, not the coming one
    found = candidates("2014-04-29", "影片在2012年5月10日举行了首映式，反响平平。", "5月14日晚，影片在电视台首播。")
    assert ("2012-05-14", "5月14日晚，影片在电视台首播。") in found
    # fresh news: a day of the coming weeks stays this year's
    found = candidates("2014-04-29", "影片在2013年5月10日举行了首映式，反响平平。", "5月14日晚，影片在电视台首播。")
    assert ("2014-05-14", "5月14日晚，影片在电视台首播。") in found


def test_a_deadline_of_a_day_or_month_is_a_planned_candidate():
    doc = Document(source="a.txt", title="t", date="2020-01-20", date_precision="day", date_source="front-matter",
                   blocks=(Block(PARAGRAPH, text="市里要求各企业在2月3日前完成复工申报。"),
                           Block(PARAGRAPH, text="双方同意在3月底之前重启谈判。"),
                           Block(PARAGRAPH, text="2015年之前，这家公司一直没有盈利。")))
    found = [(c.date.iso(), c.planned) for c in weighed_clauses(doc)]
    # a year's 之前 bounds a period: no candidate
    assert found == [("2020-02-03", True), ("2020-03", True)]


def test_without_a_publication_date_a_chronicle_goes_forward_in_its_last_year():
    # a month-day after a day of the last year written, later in that year, is of that year,
    # not of the latest year the document writes further on
    # (a chronicle's entries under headlines: the year opening a paragraph is not carried)
    found = candidates(None, "2003年11月7日，研讨会在书院举行。", "△专家学者来书院参观访问",
                       "11月22日下午，专家学者一行来到书院参观。",
                       "2004年3月31日，双方签约成立研究中心。", "2005年2月，院刊创刊。")
    assert ("2003-11-22", "11月22日下午，专家学者一行来到书院参观。") in found


def test_a_festival_on_a_weekday_of_a_month_is_computed_for_its_year():
    found = candidates("2019-11-25", "今年“黑色星期五”，商场将推出五折优惠。")
    assert ("2019-11-29", "今年“黑色星期五”，商场将推出五折优惠。") in found
    assert [m.resolved(2020).iso() for m in find_dates("2020年母亲节，他回了老家。")] == ["2020-05-10"]
    assert [m.resolved(2018).iso() for m in find_dates("去年父亲节，他回了老家。")] == ["2017-06-18"]
    # alone it names the festival, not a Friday of the document's week
    assert candidates("2019-11-25", "美国的黑色星期五是感恩节后的全国性打折。") == []


def test_a_month_day_before_the_month_its_paragraph_opened_with_is_of_the_next_year():
    # "since the end of 2019 … 3 February": February of 2020, weeks before the publication
    found = candidates("2020-03-13", "从2019年底开始，慈善捐款就是一个热门话题。2月3日，当地日报报道，一位网红捐款1亿元。")
    days = {d for d, _ in found}
    assert "2020-02-03" in days and "2019-02-03" not in days
    # a chronicle going forward in its year keeps it
    found = candidates("2020-03-13", "2019年4月1日，公司成立。5月23日，公司发布首款产品。")
    assert "2019-05-23" in {d for d, _ in found}


def test_a_coming_month_is_not_put_in_an_old_year_written_by_another_story():
    # a digest of 11 September 2023: a biography's 1989 is not the year of a plant's start
    found = candidates("2023-09-11", "2023年5月15日，法院以间谍罪判处梁某无期徒刑。", "1989年，梁某与情报机关签订合作协议。",
                       "此外，两国宣布启动劳动力发展计划。", "某封测公司将宣布其越南工厂于10月起投运。")
    assert ("2023-10", "某封测公司将宣布其越南工厂于10月起投运。") in found


def test_without_a_publication_date_a_year_opening_a_clause_dates_the_story():
    # the story is of 2006 ("进入2006年"): its 5月10日 is not the founding day's year
    found = candidates(None, "公司在首页挂出公告，宣称5月10日将有大事件发生。", "公司正式成立于2003年5月10日。",
                       "进入2006年，公司开始调整组织架构。")
    assert ("2006-05-10", "公司在首页挂出公告，宣称5月10日将有大事件发生。") in found
    # a year naming a thing, not opening a clause, does not
    found = candidates(None, "公司在首页挂出公告，宣称5月10日将有大事件发生。", "公司正式成立于2003年5月10日。",
                       "有网友猜测，这与2008年的北京奥运会有关。")
    assert ("2003-05-10", "公司在首页挂出公告，宣称5月10日将有大事件发生。") in found


def test_a_cut_off_naming_a_period_is_not_the_clause_date():
    # the quarter ended on 31 March; the report came out 今日
    found = candidates(None, "新浪公司今日公布了截至2006年3月31日的第一季度财务报告。")
    assert "2006-03-31" not in {d for d, _ in found}
    found = candidates("2006-05-09", "新浪公司今日公布了截至2006年3月31日的第一季度财务报告。")
    assert {d for d, _ in found} == {"2006-05-09"}


def test_a_date_outside_quotation_marks_wins_over_one_a_quoted_claim_holds():
    found = candidates("2025-08-21", "这与被官方上个月辟谣的「预计8月8日冲1亿单」网传说法合上了。")
    assert {d for d, _ in found} == {"2025-07"}
    # a quoted date alone is still the clause's
    found = candidates("2025-08-21", "官方辟谣了「预计8月8日冲1亿单」的说法。")
    assert {d for d, _ in found} == {"2025-08-08"}


def test_a_festival_years_ago_and_a_year_listed_before_another_are_dates():
    found = candidates("2020-08-10", "还记得4年前的情人节，他最终买了一束玫瑰。")
    assert ("2016-02-14", "还记得4年前的情人节，他最终买了一束玫瑰。") in found
    found = candidates("2024-11-07", "两家公司在2022和2023年分别关停了直播带货。")
    assert {d for d, _ in found} == {"2022", "2023"}
    # a range's start is not listed; a count is no year
    assert [m.text for m in find_dates("这家工厂在2012至2015年一直亏损，2000和3000个订单")] == ["2015年"]


def test_a_day_written_out_beats_one_counted_from_another_but_not_a_datelines_own():
    # 20天之后 counts from the last day; the day written out in the same clause is the one meant
    found = candidates("2020-03-05", "2020年2月1日，首例病例确诊。",
                       "20天之后，2020年2月21日，疫情开始迅速扩散。")
    days = {d for d, t in found if "扩散" in t}
    assert days == {"2020-02-21"}
    # a dateline that writes its year still yields to the clause's own day
    found = candidates("2020-03-05", "新华社北京2020年2月29日电 2月28日，国家卫健委发布通报。")
    assert {d for d, t in found if "通报" in t} == {"2020-02-28"}
    # two days of one clause are both events, the second without a year of its own
    found = candidates("2020-03-05", "该公司于2019年3月1日和4月2日两次发布公告。")
    assert {"2019-03-01", "2019-04-02"} <= {d for d, _ in found}


def test_a_flashback_keeps_its_paragraphs_year():
    # "as early as 2 March": before the May the paragraph wrote, in the same year
    found = candidates("2020-04-10", "2019年5月，公司正式成立。早在3月2日，创始人就已辞去原职。")
    assert "2019-03-02" in {d for d, _ in found}


def test_a_price_before_de_is_no_year_and_an_anniversarys_this_year_is_the_publications():
    assert find_dates("售价1999的手机，房间号2046的客人") == ()
    # a history of many dated facts years ago: its 今年 is still the publication's
    history = [f"19{19 + i // 4}年{i % 12 + 1}月，学生团体第{i + 1}次集会。" for i in range(10)]
    found = candidates("2024-05-04", *history, "今年5月，学校举办了纪念活动。")
    assert ("2024-05", "今年5月，学校举办了纪念活动。") in found


def test_a_review_of_a_year_published_early_the_next_dates_by_the_year_it_reviews():
    from generator.conversion.stages.events import reviewed_year

    assert reviewed_year("2022年终总结", "2023-01-12") == 2022
    assert reviewed_year("2019 年度总结", "2020-03-30") == 2019
    # not a review, too late, or the year not just past
    assert reviewed_year("2022年北京冬奥会", "2023-01-12") is None
    assert reviewed_year("2022年终总结", "2023-06-01") is None
    assert reviewed_year("2020年终总结", "2023-01-12") is None
    doc = Document(source="a.md", title="2022年终总结", date="2023-01-12", date_precision="day",
                   date_source="front-matter",
                   blocks=(Block(PARAGRAPH, text="今年3月，我换了工作。2月5日，我搬了家。"),))
    assert {c.date.iso() for c in weighed_clauses(doc)} == {"2022-03", "2022-02-05"}


def test_an_entry_told_by_its_time_under_a_heading_that_is_only_a_date_is_of_that_day():
    from generator.document import HEADING

    doc = Document(source="a.md", title="t", date="2025-11-29", date_precision="day", date_source="front-matter",
                   blocks=(Block(HEADING, text="▼11月26日▼", level=2),
                           Block(PARAGRAPH, text="**14:51** 消防处接报大厦发生火警。"),
                           Block(HEADING, text="▼11月27日▼", level=2),
                           Block(PARAGRAPH, text="**01:15** 特首召开记者会交代火灾。"),
                           Block(HEADING, text="各方反应", level=2),
                           Block(PARAGRAPH, text="09:00 有市民到场献花。")))
    got = {(c.date.iso(), c.text) for c in weighed_clauses(doc)}
    assert ("2025-11-26", "14:51 消防处接报大厦发生火警。") in got
    assert ("2025-11-27", "01:15 特首召开记者会交代火灾。") in got
    # a heading that is not a date ends the day's section
    assert not any("献花" in text for _, text in got)


def test_years_before_today_is_that_day_of_an_earlier_year():
    # N年前的今天: the publication's day, N years before it (not the year alone)
    from datetime import date
    ago = find_dates("二十年前的今天，这家工厂第一次投产。")[0]
    assert ago.on_day(date(2020, 5, 4)).iso() == "2000-05-04"
    found = candidates("2024-06-10", "三十年前的今天，这座大桥正式通车。")
    assert ("1994-06-10", "三十年前的今天，这座大桥正式通车。") in found


def test_a_history_goes_on_from_the_day_that_opened_its_sentence():
    # a month-day a few days after the narrative's day, of a year long before the
    # publication, is of that year: the story goes on
    found = candidates("2021-03-15", "1989年3月10日，工人们在河边举行了第一次集会。",
                       "随后几天，人群越聚越多。", "3月12日，市政府宣布实行宵禁。")
    assert ("1989-03-12", "3月12日，市政府宣布实行宵禁。") in found
    # a year written in passing (not opening its sentence) does not move the news' day
    found = candidates("2021-03-15", "该厂曾于2020年3月10日发生过一次泄漏。", "3月12日，环保部门再次检查了该厂。")
    assert ("2021-03-12", "3月12日，环保部门再次检查了该厂。") in found


def test_a_timeline_lends_each_date_line_to_the_heading_before_it():
    from generator.document import HEADING, block_anchor, piece_anchor
    blocks = (Block(HEADING, text="大桥合龙", level=2), Block(PARAGRAPH, text="2018年5月3日"),
              Block(HEADING, text="首列火车驶过大桥", level=2), Block(PARAGRAPH, text="2018年9月1日"),
              Block(HEADING, text="大桥全线通车", level=2), Block(PARAGRAPH, text="2019年1月20日"))
    doc = Document(source="a.txt", title="t", blocks=blocks)
    found = [(c.date.iso(), trim_sentence(c.text, c.date), c.anchor) for c in weighed_clauses(doc)]
    assert [(d, "大桥合龙" in t) for d, t, _ in found][:1] == [("2018-05-03", True)]
    assert any(d == "2019-01-20" and "大桥全线通车" in t for d, t, _ in found)
    # the date line alone is no candidate any more; the event links to the heading
    assert not any(t == "2018年5月3日" for _, t, _ in found)
    assert found[0][2] == piece_anchor(block_anchor(0), 0)


def test_a_shows_sign_off_names_no_event():
    # "see you on Tuesday" closes a show: the next episode, not something that happened
    assert candidates("2022-03-11", "好，本期节目到此结束，我们周二再见！") == []
    assert candidates("2022-03-11", "感谢收看，我们下周一再见。") == []


def test_a_weekdays_date_in_brackets_is_its_clauses_own():
    found = candidates("2024-04-02", "外交部星期二（4月2日）宣布，代表团将于4月5日至8日访问北京。")
    assert "2024-04-02" in {d for d, _ in found}
    assert "2024-04-05" in {d for d, _ in found}
    found = candidates("2024-04-02", "市政府昨天（4月1日）通报，新大桥将在5月1日通车。")
    assert "2024-04-01" in {d for d, _ in found}


def test_a_weekday_said_of_a_date_is_no_day_of_its_own():
    # 6月19日是周六 says which weekday the 19th is: no Saturday of the week before
    found = candidates("2021-06-18", "由于今年6月19日是周六，因此庆祝活动改在周五举行。")
    dates = {d for d, _ in found}
    assert "2021-06-19" in dates
    assert "2021-06-12" not in dates


def test_a_month_day_before_the_last_day_of_the_paragraph_befores_year_is_the_news():
    # the paragraph before opened with a day of last year; a month-day that would lie before
    # it in that year, and lies in the weeks before the publication in its own, is the news'
    found = candidates("2021-06-18", "2020年8月14日，旅客在机场排队办理登机手续。", "使馆6月14日发布公告，提醒公民注意新规。")
    assert ("2021-06-14", "使馆6月14日发布公告，提醒公民注意新规。") in found
