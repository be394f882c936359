"""Titles, publication dates and page chrome of collected Markdown and plain text that
nobody tuned Zhiku for: a GitHub text archive of reposted news, a saved article with a
metadata head, a WordPress export, a timeline page. Each input is a short document
written for the test; the expected values were written before the code ran.
"""

from __future__ import annotations

from generator.config import Config
from generator.conversion.pipeline import run
from generator.document import Document
from generator.readers import read_bytes
from generator.readers.frontmatter import split_front_matter

CONFIG = Config()
PROSE = ("市政府周二宣布，今年将在城东、城西和城南各新建一座公园，总投资约十二亿元，"
         "其中城东公园面积最大。")
MORE_PROSE = "第二段正文介绍了公园的设计方案和开放时间，预计明年春天向市民开放，届时将有免费导览。"


def convert(text: str, name: str = "doc.md") -> Document:
    return run(read_bytes(name, text.encode("utf-8")), CONFIG)


def visible(doc: Document) -> str:
    return "\n".join(b.text or "\n".join(b.items) for b in doc.blocks)


def removed(doc: Document) -> dict[str, str]:
    """Removed text -> reason."""
    return {r.text: r.reason for r in doc.removed}


def reason_of(doc: Document, fragment: str) -> str | None:
    return next((r.reason for r in doc.removed if fragment in r.text), None)


# ---------------------------------------------------------------- titles

def test_navigation_heading_led_by_an_emoji_shortcode_is_not_the_title():
    doc = convert("###  [:house:返回首页](https://example.org/txt)\n---\n\n"
                  "## 某市今年新建三座公园\n`4/2/2024 4:03 PM UTC ` [转载自某新闻](https://news.example.org/1)\n\n"
                  f"{PROSE}\n\n{MORE_PROSE}\n")
    assert doc.title == "某市今年新建三座公园"
    assert reason_of(doc, "返回首页") == "back-link"
    # a 12-hour clock is the United States' form: month first
    assert doc.date == "2024-04-02"
    assert reason_of(doc, "转载自某新闻") == "byline"
    assert "返回首页" not in visible(doc) and "转载自" not in visible(doc)
    # a 24-hour clock on a site of unknown convention tells neither order: no date
    doc = convert("## 某市今年新建三座公园\n`4/2/2024 16:03 UTC ` [转载自某新闻](https://news.example.org/1)\n\n"
                  f"{PROSE}\n\n{MORE_PROSE}\n")
    assert doc.date is None


def test_wordpress_export_post_title_folded_over_lines_and_post_date():
    doc = convert("---\nID: 12\npost_title: >\n  自制面包\n  的三个窍门\npost_name: bread\n"
                  "post_date: 2018-03-04 10:20:00\npublished: true\n---\n"
                  f"{PROSE}\n\n{MORE_PROSE}\n", "wp-bread.md")
    assert doc.title == "自制面包的三个窍门"   # folded lines joined (no space between Han)
    assert doc.date == "2018-03-04"
    assert not [p for p in doc.problems if p.code.startswith("date")]   # `published: true` is a flag


def test_front_matter_read_line_by_line_keeps_a_block_scalar_title():
    found = split_front_matter("---\ntitle: >-\n  GPG 密钥\n  同步网络事件\ndate: 2019-11-30\n"
                               "tags: [unclosed\n---\n正文\n")
    assert found.problems   # not valid YAML: read line by line
    assert found.meta["title"] == "GPG 密钥 同步网络事件"
    assert found.meta["date"] == "2019-11-30"


def test_a_long_block_scalar_read_line_by_line_keeps_every_line():
    # (its time is bench/hostile_time.py's: joined once where the block ends, not per line)
    lines = "".join(f" 第{n}行\n" for n in range(300))
    found = split_front_matter(f"---\ntags: [unclosed\ndesc: >-\n{lines}note: |\n  甲\n  乙\n---\n正文\n")
    assert found.problems   # not valid YAML: read line by line
    assert found.meta["desc"] == " ".join(f"第{n}行" for n in range(300))
    assert found.meta["note"] == "甲\n乙"   # the block that ends the front matter


def test_pelican_metadata_lines_are_read_as_front_matter():
    found = split_front_matter("Title: 甲乙\nDate: 2026-01-05 10:00\nTags: 城市, 公园\n\n正文\n")
    assert found.meta == {"title": "甲乙", "date": "2026-01-05 10:00", "tags": ["城市", "公园"]}
    assert found.body == "正文\n" and found.problems == ()
    doc = convert("Title: 某市今年新建三座公园\nDate: 2026-01-05 10:00\nModified: 2026-01-08 09:00\n"
                  f"Slug: parks\nAuthors: 王五, 李四\n\n{PROSE}\n\n{MORE_PROSE}\n", "parks.md")
    assert doc.title == "某市今年新建三座公园"
    assert doc.date == "2026-01-05"
    text = visible(doc)
    assert "Slug" not in text and "Modified" not in text and "Authors" not in text
    assert PROSE[:20] in text and MORE_PROSE[:20] in text
    # a first line that is no Pelican key, or lines that run into the text without a blank
    # line: the text as written
    assert split_front_matter("Note: 甲\nDate: 2026-01-05\n\n正文\n").meta == {}
    assert split_front_matter("Title: 甲\n正文的第一句话。\n\n正文\n").meta == {}


def test_header_holding_the_page_title_and_its_introduction_is_kept():
    entries = "".join(f"<div class=\"entry\"><h2>第{n}件事</h2><span class=\"date\">2019年6月{n + 8}日</span></div>\n"
                      for n in range(1, 5))
    doc = convert("<html><head><title>某地事件时序</title></head><body>\n"
                  "<header class=\"main-header\"><h1>某地事件时序</h1>\n"
                  "<p>这一页按时间顺序收集了当年夏天发生的主要事件，并附上每件事的日期。</p></header>\n"
                  f"<section>{entries}</section></body></html>\n", "timeline.md")
    assert doc.title == "某地事件时序"
    assert "按时间顺序收集了当年夏天发生的主要事件" in visible(doc)


# ---------------------------------------------------------------- dates

def test_a_weekday_between_the_date_label_and_the_date():
    doc = convert("## 某市今年新建三座公园\n\n"
                  "作者：李明（Li Ming）发布日期：星期三，2022年3月9日 新闻来源：《环球周刊》（Global Weekly）\n\n"
                  f"{PROSE}\n\n{MORE_PROSE}\n")
    assert doc.date == "2022-03-09"


def test_a_date_its_publication_label_follows_at_the_end_of_a_credit():
    doc = convert("## 某市今年新建三座公园\n\n**据《某报》记者王五报道，经本站编译。2022年5月6日发布**\n\n"
                  f"{PROSE}\n\n{MORE_PROSE}\n")
    assert doc.date == "2022-05-06"


def test_a_reposts_own_stamp_dates_it_not_the_source_date_of_its_credit_line():
    doc = convert("## 某运动获得年度奖项\n`2020-09-20 18:39 某某团队` [转载自某新闻](https://news.example.org/2)\n\n"
                  "*新闻来源：某报；作者：王五；发布时间： 2020年9月17日*\n\n"
                  f"{PROSE}\n\n{MORE_PROSE}\n")
    assert doc.date == "2020-09-20"


def test_a_byline_day_dates_the_page_better_than_a_year_in_its_title():
    doc = convert("## 某运动获2020年自由奖\n`2020-09-20 18:39 某某团队` [转载自某新闻](https://news.example.org/2)\n\n"
                  f"{PROSE}\n\n{MORE_PROSE}\n")
    assert doc.date == "2020-09-20"


def test_a_planned_date_before_a_publication_word_is_no_publication_date():
    # "…计划于2031年6月18日发布" tells when a product comes out, not when the page did
    doc = convert("# 某公司新系统\n\n![图](a.png)\n\n图为该公司去年展出的样机，新一代产品计划于2031年6月18日发布\n\n"
                  f"{PROSE}\n\n{MORE_PROSE}\n")
    assert doc.date is None
    doc = convert(f"# 某公司新系统\n\n{PROSE}\n\n{MORE_PROSE}\n\n新系统将于2031年6月18日发布\n")
    assert doc.date is None
    # a credit's closing date is the source's; the page's own removed stamp comes first
    doc = convert("## 某运动获得年度奖项\n`2020-09-20 18:39 某某团队` [转载自某新闻](https://news.example.org/2)\n\n"
                  "**据《某报》记者王五报道，经本站编译。2020年9月17日发布**\n\n"
                  f"{PROSE}\n\n{MORE_PROSE}\n")
    assert doc.date == "2020-09-20"


def test_a_byline_the_title_year_wins_over_leaves_no_problem():
    # the byline's day has no year and is not used: its warning would fail --strict for nothing
    doc = convert(f"# 2020年自由奖颁奖典礼\n\n发布：10-22\n\n{PROSE}\n\n{MORE_PROSE}\n")
    assert doc.date == "2020" and doc.date_source == "title"
    assert not [p for p in doc.problems if p.code.startswith("date")]


def test_a_timeline_of_dated_entries_has_no_publication_date():
    doc = convert("# 某地事件时序\n\n## 第一件事\n\n2019年6月9日\n\n## 第二件事\n\n2019年6月12日\n\n"
                  "## 第三件事\n\n2019年6月16日\n\n## 第四件事\n\n2019年7月1日\n", "timeline.md")
    assert doc.date is None
    warnings = [p.detail for p in doc.problems if p.code == "date-unknown"]
    assert warnings and "timeline" in warnings[0]


def test_a_reign_year_or_an_early_year_in_the_title_is_no_publication_date():
    # a history's years: an era's (开元二十九年 is 741, 光绪十五年 1889) or one before
    # the years a text names (公元105年); never the day the page was written
    for title in ("唐玄宗开元二十九年的长安", "公元105年：蔡伦与造纸术", "清光绪十五年的北京城"):
        doc = convert(f"# {title}\n\n{PROSE}\n\n{MORE_PROSE}\n")
        assert doc.date is None, title
        assert doc.date_source is None
    # a year of the common era in the title still dates it
    assert convert(f"# 2020年自由奖颁奖典礼\n\n{PROSE}\n\n{MORE_PROSE}\n").date == "2020"


# ---------------------------------------------------------------- chrome

def test_metadata_lines_at_the_head_of_a_saved_article_are_removed_and_recorded():
    doc = convert("## 新加坡新增三十例病例，创五个月新低；没有社区病例\n\n"
                  "关键词: cases community singapore low health ministry\n\n作者: 王小明\n\n"
                  "发表日期: 2020-08-25 15:27:14+08:00\n\n[English](cases%20low.md)\n\n"
                  "[原网页](https://news.example.com/sg/cases-low)\n\n"
                  f"{PROSE}\n\n相关故事某地下令十家工厂停工\n\n{MORE_PROSE}\n")
    assert doc.title == "新加坡新增三十例病例，创五个月新低；没有社区病例"
    assert doc.date == "2020-08-25"
    assert reason_of(doc, "关键词") == "byline"
    assert reason_of(doc, "发表日期") == "byline"
    assert reason_of(doc, "原网页") == "navigation"
    assert reason_of(doc, "相关故事") == "related"
    assert removed(doc).get("English") == "navigation"   # the page in another language
    assert doc.url == "https://news.example.com/sg/cases-low"
    text = visible(doc)
    assert "关键词" not in text and "发表日期" not in text and "原网页" not in text and "相关故事" not in text
    assert PROSE[:20] in text and MORE_PROSE[:20] in text


def test_credit_runs_and_promos_at_the_tail_are_removed_and_recorded():
    doc = convert("## 某市今年新建三座公园\n\n"
                  "*翻译/简评：张三；校对：李四；审核：王五；Page：赵六*\n\n"
                  f"{PROSE}\n\n{MORE_PROSE}\n\n"
                  "（文章内容仅代表作者观点）\n\n来源：某某新闻：https://news.example.com/a/1.html\n\n"
                  "审核校对：孙七\n上传排版：周八\n\n某某农场欢迎您加入:(或点击上方图片）\n\n0\n")
    assert reason_of(doc, "翻译/简评") == "editor-credit"
    assert reason_of(doc, "文章内容仅代表作者观点") == "disclaimer"
    assert reason_of(doc, "来源：某某新闻") == "source-link"
    assert reason_of(doc, "审核校对") == "editor-credit"
    assert reason_of(doc, "欢迎您加入") is not None   # (an appeal rule of its own)
    assert removed(doc).get("0") == "view-counter"     # a widget's bare count at the very end
    assert doc.url == "https://news.example.com/a/1.html"
    text = visible(doc)
    for gone in ("校对", "代表作者观点", "来源", "上传排版", "欢迎您加入"):
        assert gone not in text
    assert PROSE[:20] in text and MORE_PROSE[:20] in text


def test_transcript_chrome_video_links_archive_note_and_read_more():
    doc = convert("---\ntitle: 某台晚间新闻文字稿 · 2026年6月28日\ndate: \"2026-06-28\"\n---\n"
                  "《晚间新闻》2026年6月28日 全部 3 条文字稿，原文完整保留。\n\n"
                  "### 某市今年新建三座公园\n\n[查看视频 ↗](https://tv.example.com/v/1)\n\n"
                  f"{PROSE}\n\n### 公园开放时间\n\n[查看视频 ↗](https://tv.example.com/v/2)\n\n{MORE_PROSE}\n\n"
                  "2019年6月12日Read more\n")
    assert reason_of(doc, "原文完整保留") == "archive-note"
    assert reason_of(doc, "查看视频") == "media-link"
    assert reason_of(doc, "Read more") == "read-more"
    text = visible(doc)
    assert "查看视频" not in text and "原文完整保留" not in text and "Read more" not in text
    assert PROSE[:20] in text and MORE_PROSE[:20] in text
    # after a Latin word "read more" is the sentence's own
    assert "wanted to read more" in visible(convert(f"{PROSE}\n\nShe said she wanted to read more\n\n{MORE_PROSE}\n"))


def test_article_sentences_that_look_like_chrome_are_kept():
    # an interview's turns are labelled like staff credits, but they are sentences
    first = "编辑：请问您如何看待纸媒的未来？主编：我认为纸媒不会消失，但会变得更小众。"
    last = "编辑：最后一个问题，您的建议是？主编：多读书，少刷手机。"
    doc = convert(f"# 专访某杂志主编\n\n{first}\n\n{PROSE}\n\n{MORE_PROSE}\n\n{last}\n")
    assert first in visible(doc) and last in visible(doc)
    assert reason_of(doc, "纸媒") is None and reason_of(doc, "多读书") is None
    # 相关报道, 相关文章 opening a sentence, in a heading or a list item
    doc = convert(f"# 标题\n\n{PROSE}\n\n## 相关报道显示市场信心回升\n\n{MORE_PROSE}\n\n"
                  f"- 相关文章数量同比增长了三倍\n- 其他\n\n{PROSE}\n")
    assert "相关报道显示市场信心回升" in visible(doc) and "相关文章数量同比增长了三倍" in visible(doc)
    assert not removed(doc)
    # 阅读全文 as the sentence's own verb and object
    doc = convert(f"# 标题\n\n{PROSE}\n\n有兴趣的读者可以在官网阅读全文\n\n{MORE_PROSE}\n")
    assert "有兴趣的读者可以在官网阅读全文" in visible(doc)
    assert reason_of(doc, "阅读全文") is None
    # a year closing the page is no widget's count, even after a share line
    doc = convert(f"# 标题\n\n{PROSE}\n\n{MORE_PROSE}\n\n分享到：微信 微博\n\n2019\n")
    assert removed(doc).get("分享到：微信 微博") == "share-buttons"
    assert "2019" not in removed(doc)
    assert visible(doc).splitlines()[-1] == "2019"
    # 转自 inside a sentence at the head is no repost credit
    doc = convert(f"# 标题\n\n本文作者的观点转自网络\n\n{PROSE}\n\n{MORE_PROSE}\n")
    assert "本文作者的观点转自网络" in visible(doc)
    assert reason_of(doc, "转自网络") is None


# ---------------------------------------------------------------- wiki links

def test_wiki_links_read_as_their_words():
    from generator.conversion.structure.markdown_source import unwrap_wiki_links   # (new: not on the base)
    assert unwrap_wiki_links("前往[[zh:华盛顿]]访问，途经[[东京|日本首都]]和[[大阪]]。") == \
        "前往华盛顿访问，途经日本首都和大阪。"
    # code, embeds and a shell test stay as written
    kept = "用 `[[zh:x]]` 写链接；![[图.png]]；if [[ -f a ]]; then\n```\n[[zh:代码]]\n```\n"
    assert unwrap_wiki_links(kept) == kept


def test_wiki_links_in_a_converted_page_show_no_brackets():
    doc = convert(f"## 某行今年不良率料微升\n\n标普预计，[[zh:建行]]的[[zh:不良资产]]率将小幅上升。{PROSE}\n\n{MORE_PROSE}\n")
    text = visible(doc)
    assert "建行的不良资产率将小幅上升" in text
    assert "[[" not in text and "\\[" not in text


def test_wiki_links_in_indented_code_and_pre_stay_as_written():
    from generator.conversion.structure.markdown_source import unwrap_wiki_links   # (new: not on the base)
    text = "示例代码：\n\n    x = lst[[0]]\n    y = m[[i]][j]\n\n<pre>\nz = a[[1]]\n</pre>\n\n见[[zh:大阪]]。\n"
    assert unwrap_wiki_links(text) == text.replace("[[zh:大阪]]", "大阪")
    # a list item's indented continuation is text, not code
    assert unwrap_wiki_links("- 项目\n\n    途经[[东京]]\n") == "- 项目\n\n    途经东京\n"
    doc = convert(f"# 标题\n\n{PROSE}\n\n    x = lst[[0]]\n\n{MORE_PROSE}\n")
    assert "x = lst[[0]]" in visible(doc)


# ---------------------------------------------------------------- credits

def test_latin_names_and_sources_are_read_whole():
    from generator.conversion.bylines import byline_author, byline_site
    assert byline_author("作者: Maria Lopez") == "Maria Lopez"
    assert byline_author("据《某报》作者：JOHN SMITH，新闻源自某社") == "JOHN SMITH"
    assert byline_author("作者: Maria said hello") == "Maria"   # a lower-case word is no name
    assert byline_author("作者：周文#") == "周文"
    assert byline_site("新闻来源：global daily press《环球日报》；作者：王五") == "global daily press"
    assert byline_site("来源：某某新闻：https://news.example.com/a/1.html") == "某某新闻"
