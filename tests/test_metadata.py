"""Metadata: title, date with precision and provenance, author, site, original URL.

Fixtures in tests/fixtures/metadata/ run through the whole converter (read + pipeline);
constructed Documents pin the individual rules.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import Config
from generator.document import HEADING, LIST, PARAGRAPH, QUOTE, Block, Document, Removal
from generator.conversion.pipeline import run
from generator.readers import read_bytes, read_source
from generator.conversion.stages.metadata import resolve_metadata
from generator.readers.webpage import head_metadata
from generator.conversion.titles import restore_quotes

FIXTURES = Path(__file__).parent / "fixtures" / "metadata"
CONFIG = Config()


def convert(name: str, config: Config = CONFIG) -> Document:
    return run(read_source(FIXTURES / name, FIXTURES), config)


def paragraphs(*texts: str, **fields) -> Document:
    blocks = tuple(Block(PARAGRAPH, text=t) for t in texts)
    return Document(source=fields.pop("source", "doc.txt"), blocks=blocks, **fields)


def codes(doc: Document) -> list[str]:
    return [p.code for p in doc.problems]


# ---------------------------------------------------------------- whole documents

def test_only_date_in_text_is_a_news_dateline():
    doc = convert("news_dateline_only_date.txt")
    assert (doc.date, doc.date_precision, doc.date_source) == ("2013-11-12", "day", "text")
    assert doc.title == "菜鸟驿站进校园 快递最后一公里提速"
    assert doc.title_source == "headline"
    assert doc.author == "王磊"


def test_years_in_running_text_are_not_a_publication_date():
    doc = convert("essay_years_in_text_no_date.txt")
    assert doc.date is None and doc.date_source is None


def test_front_matter_title_converted_restored_and_not_repeated():
    doc = convert("hexo_rfc2822_traditional_title.md")
    assert doc.title == "双11十年：“狂欢”背后的技术"
    assert doc.title_source == "front-matter"
    # Sun, 11 Nov 2018 17:30 GMT is 01:30 on the 12th in Beijing
    assert (doc.date, doc.date_precision, doc.date_source) == ("2018-11-12", "day", "front-matter")
    assert doc.author == "林晨、周舟"
    assert doc.url == "https://example.com/news/2018/11/12/double11-tech"
    texts = [b.text for b in doc.blocks]
    assert not any("背后的技术" in t for t in texts)       # the repeated heading is gone
    assert Removal("title-repeat", "双11十年：“狂欢”背后的技术") in doc.removed


def test_time_zone_setting_changes_the_day():
    utc = Config(timezone="UTC")
    assert convert("hexo_rfc2822_traditional_title.md", utc).date == "2018-11-11"


def test_byline_month_day_without_year_leaves_the_date_empty():
    doc = convert("byline_month_day_no_year.txt")
    assert doc.date is None
    assert "date-unknown-year" in codes(doc)
    assert doc.title == "天猫618的新玩法"


def test_byline_with_full_date_author_site_and_trailing_url():
    doc = convert("byline_full_date.txt")
    assert (doc.date, doc.date_precision, doc.date_source) == ("2019-06-18", "day", "byline")
    assert doc.author == "李明"
    assert doc.site == "每日科技"
    assert doc.url == "https://news.example.com/a/20190618/cloud.html"


def test_encyclopedia_entry_title_is_the_defined_term():
    doc = convert("wiki_definition_entry.txt")
    assert (doc.title, doc.title_source) == ("菜鸟网络", "definition")
    assert doc.date is None


def test_chinese_numeral_front_matter_date():
    doc = convert("chinese_numeral_front_matter.md")
    assert (doc.date, doc.date_precision) == ("2012-11-11", "day")


def test_impossible_front_matter_date_is_a_warning_and_no_date():
    doc = convert("impossible_front_matter_date.md")
    assert doc.date is None
    assert "date" in codes(doc)
    assert any("2015年13月45日" in p.detail for p in doc.problems)


# ---------------------------------------------------------------- rules, one at a time

def test_sidecar_overrides_front_matter():
    doc = paragraphs("正文。", meta={"title": "旧标题", "date": "2020-01-01", "author": "甲"},
                     sidecar={"title": "新标题", "date": "2021-03-04", "author": "乙",
                              "url": "https://example.org/x"})
    doc = resolve_metadata(doc, CONFIG)
    assert (doc.title, doc.title_source) == ("新标题", "sidecar")
    assert (doc.date, doc.date_source) == ("2021-03-04", "sidecar")
    assert doc.author == "乙" and doc.url == "https://example.org/x"


def test_title_year_is_a_year_precision_date():
    doc = resolve_metadata(paragraphs("2016年阿里巴巴商业服务生态报告", "知识经济时代，服务业加快发展。"), CONFIG)
    assert doc.title == "2016年阿里巴巴商业服务生态报告"
    assert (doc.date, doc.date_precision, doc.date_source) == ("2016", "year", "title")
    assert [b.text for b in doc.blocks] == ["知识经济时代，服务业加快发展。"]


@pytest.mark.parametrize("title, date", [
    ("2009年以来的双十一：十年回顾", None),
    ("2009年至2019年的双十一", "2019"),
    ("2015年双十一技术保障报告", "2015"),
])
def test_title_date_is_not_the_start_of_a_period(title, date):
    doc = resolve_metadata(paragraphs(title, "正文。"), CONFIG)
    assert doc.date == date


def test_impossible_date_in_title_warns():
    doc = resolve_metadata(paragraphs("2015年13月45日的活动回顾", "正文。"), CONFIG)
    assert doc.date is None and "date" in codes(doc)


def test_a_sentence_is_not_a_headline():
    doc = resolve_metadata(paragraphs("这是一段很短的正文。", "第二段。", source="notes/随笔.txt"), CONFIG)
    assert (doc.title, doc.title_source) == ("随笔", "file-name")
    assert len(doc.blocks) == 2


def test_the_first_of_a_series_of_marked_subheadings_is_not_the_title():
    # a plain text of photo captions: "△…" lines, each followed by its paragraph
    doc = resolve_metadata(paragraphs("△万松浦书院隆重开坛", "2003年9月29日，书院举行了开坛典礼。",
                                      "△研讨会召开", "10月1日，召开了首次学术会议。",
                                      "△丛书出版", "书院推出丛书。", source="wansongpu.txt"), CONFIG)
    assert (doc.title, doc.title_source) == ("wansongpu", "file-name")
    assert len(doc.blocks) == 6


def test_a_marked_headline_without_a_series_is_the_title():
    doc = resolve_metadata(paragraphs("★淘宝直播的三年", "正文。", "★提示：第二段。", source="a.txt"), CONFIG)
    assert doc.title == "★淘宝直播的三年"


def test_heading_headline_and_leading_image_skipped():
    blocks = (Block("image", src="http://x/a.jpg"), Block(HEADING, text="淘宝直播的三年", level=2),
              Block(PARAGRAPH, text="正文。"))
    doc = resolve_metadata(Document(source="a.txt", blocks=blocks), CONFIG)
    assert (doc.title, doc.title_source) == ("淘宝直播的三年", "headline")
    assert [b.kind for b in doc.blocks] == ["image", PARAGRAPH]


def test_definition_with_half_width_comma():
    text = "阿里巴巴官方活动,特指由阿里巴巴集团及其旗下各业务板块所发起的大型活动。"
    doc = resolve_metadata(paragraphs(text), CONFIG)
    assert (doc.title, doc.title_source) == ("阿里巴巴官方活动", "definition")
    assert doc.blocks[0].text == text      # the definition stays in the body


@pytest.mark.parametrize("mangled, restored", [
    ("冬奥周边销售额猛增21倍！幕后_功臣_为何是这家电商巨头？", "冬奥周边销售额猛增21倍！幕后“功臣”为何是这家电商巨头？"),
    ("什么是_新零售_，为何重要", "什么是“新零售”，为何重要"),
    ("my_file_name 与 snake_case", "my_file_name 与 snake_case"),
    ("下划线_a_不是引号", "下划线_a_不是引号"),
])
def test_mangled_quotes(mangled, restored):
    assert restore_quotes(mangled) == restored


def test_byline_read_from_removed_text():
    doc = paragraphs("正文第一段。", removed=(Removal("byline", "来源：钱江晚报 作者：陈静 2014年10月22日 10:33"),))
    doc = resolve_metadata(replace_title(doc, "x"), CONFIG)
    assert doc.author == "陈静" and doc.site == "钱江晚报"


def test_dated_byline_label_in_removed_text():
    doc = paragraphs("正文第一段。", removed=(Removal("byline", "发布时间：2014年10月22日 10:33"),))
    doc = resolve_metadata(replace_title(doc, "x"), CONFIG)
    assert (doc.date, doc.date_source) == ("2014-10-22", "byline")


def test_month_day_byline_takes_the_year_from_a_dated_url():
    doc = paragraphs("正文。", meta={"title": "x", "url": "https://news.example.com/2014/10/22/zhangyong.html"},
                     removed=(Removal("byline", "发布 : 10-22"),))
    doc = resolve_metadata(doc, CONFIG)
    assert (doc.date, doc.date_source) == ("2014-10-22", "byline")


def test_a_dated_url_for_another_day_does_not_lend_its_year():
    doc = paragraphs("正文。", meta={"title": "x", "url": "https://news.example.com/2014/10/21/a.html"},
                     removed=(Removal("byline", "发布 : 10-22"),))
    assert resolve_metadata(doc, CONFIG).date is None


def test_interview_question_is_not_an_author():
    long_question = "记者：你怎么看今年双十一的物流压力？" + "物流是双十一最大的挑战之一。" * 8
    doc = resolve_metadata(paragraphs("正文。", long_question, meta={"title": "x"}), CONFIG)
    assert doc.author == ""


def replace_title(doc: Document, title: str) -> Document:
    return Document(**{**doc.__dict__, "meta": {**doc.meta, "title": title}})


def test_saved_web_page_head_is_its_front_matter():
    doc = convert("saved_page_with_head_meta.html")
    assert doc.kind == "webpage"
    assert (doc.title, doc.title_source) == ("盒马鲜生开出第100家门店", "front-matter")
    # 18:30 UTC on the 29th is 02:30 on the 30th in Beijing
    assert (doc.date, doc.date_source) == ("2019-05-30", "front-matter")
    assert (doc.author, doc.site) == ("赵一鸣", "零售观察网")
    assert doc.url == "https://retail.example.cn/2019/05/30/hema-100.html"
    assert not any("盒马鲜生开出第100家门店" == b.text for b in doc.blocks)   # the <h1> is not repeated


@pytest.mark.parametrize("head, title", [
    ("<title>盒马鲜生开出第100家门店_零售观察网</title>", "盒马鲜生开出第100家门店"),
    ("<title>双11十年 - 科技日报</title>", "双11十年"),
    ("<title>幕后_功臣_为何是这家电商巨头</title>", "幕后“功臣”为何是这家电商巨头"),
    ("<title>双11十年</title><meta property='og:title' content='双11十年：技术的胜利'>", "双11十年：技术的胜利"),
])
def test_page_title_without_the_site_name(head, title):
    assert head_metadata(f"<html><head>{head}</head><body><p>正文</p></body></html>")["title"] == title


@pytest.mark.parametrize("first", ["1 整体发展概况", "一、活动的主要构成维度", "（一）基本情况", "第一章 总论", "1.1 生态加速成长"])
def test_a_numbered_section_heading_is_not_the_title(first):
    blocks = (Block(HEADING, text=first, level=2), Block(PARAGRAPH, text="正文。"))
    doc = resolve_metadata(Document(source="report.txt", blocks=blocks), CONFIG)
    assert (doc.title, doc.title_source) == ("report", "file-name")
    assert len(doc.blocks) == 2


def test_breadcrumbs_left_by_cleaning_are_skipped():
    doc = resolve_metadata(paragraphs("您所在的位置：首页 > 网络营销 > 网络推广",
                                      "“操盘手”张勇：阿里是如何把双十一做火的", "正文。"), CONFIG)
    assert doc.title == "“操盘手”张勇：阿里是如何把双十一做火的"
    assert doc.blocks[0].text.startswith("您所在的位置")   # not the title, not removed here either


def test_traditional_site_bylines_and_definitions():
    hant = Config(script="hant")
    doc = convert("byline_full_date.txt", hant)
    assert (doc.date, doc.author, doc.site) == ("2019-06-18", "李明", "每日科技")
    assert doc.title == "阿里雲發佈新一代雲服務器"
    news = convert("news_dateline_only_date.txt", hant)
    assert (news.date, news.date_source, news.author) == ("2013-11-12", "text", "王磊")
    entry = convert("wiki_definition_entry.txt", hant)
    assert (entry.title, entry.title_source) == ("菜鳥網絡", "definition")


def test_a_category_named_by_a_credit_line_is_the_source_site():
    doc = paragraphs("正文很长的一段。" * 5, "ZAKER 新闻出品",
                     meta={"title": "x", "categories": ["新媒体", "ZAKER", "channel"]})
    assert resolve_metadata(doc, CONFIG).site == "ZAKER"
    alone = paragraphs("正文。", meta={"title": "x", "categories": ["新媒体", "ZAKER"]})
    assert resolve_metadata(alone, CONFIG).site == ""


def test_json_ld_article_data():
    head = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",'
            ' "headline": "天猫国际十周年", "datePublished": "2024-02-19T23:10:00+00:00",'
            ' "author": [{"@type": "Person", "name": "孙悦"}], "publisher": {"name": "跨境日报"}}</script>')
    meta = head_metadata(f"<html><head>{head}<title>天猫国际十周年 - 跨境日报</title></head><body></body></html>")
    assert meta == {"title": "天猫国际十周年", "date": "2024-02-19T23:10:00+00:00", "author": "孙悦",
                    "site": "跨境日报"}


def test_an_empty_sidecar_value_clears_the_field():
    doc = paragraphs("正文。", meta={"title": "x", "date": "2020-01-01", "author": "甲"},
                     sidecar={"date": None, "author": ""})
    doc = resolve_metadata(doc, CONFIG)
    assert (doc.date, doc.date_source, doc.author) == (None, None, "")


@pytest.mark.parametrize("line, date", [
    ("发布时间：2014-10-22 10:33", "2014-10-22"),
    ("发布于 2014年10月22日", "2014-10-22"),
    ("發佈日期：2014/10/22", "2014-10-22"),
    ("Posted on October 22, 2014 by admin", "2014-10-22"),
    ("2014-10-22 10:33 来源：新华网", "2014-10-22"),   # an unlabelled dateline
    ("相关文章：双十一回顾 2013-11-12", None),          # another article's date
])
def test_byline_and_dateline_forms(line, date):
    doc = paragraphs(line, "正文第一段，讲的是别的事情。" * 3, meta={"title": "x"})
    assert resolve_metadata(doc, CONFIG).date == date


def test_a_removed_previous_article_link_does_not_date_the_page():
    doc = paragraphs("正文。", meta={"title": "x"},
                     removed=(Removal("navigation", "上一篇：双十一回顾 发布时间：2013-11-12"),))
    assert resolve_metadata(doc, CONFIG).date is None


@pytest.mark.parametrize("given, title", [
    ("【转载】张勇：阿里是如何把双十一做火的", "张勇：阿里是如何把双十一做火的"),
    ("[转] 冬奥周边销售额猛增21倍", "冬奥周边销售额猛增21倍"),
    ("冰墩墩一墩难求（组图）", "冰墩墩一墩难求"),
    ("转载：盒马鲜生开出第100家门店", "盒马鲜生开出第100家门店"),
    ("转型中的零售业", "转型中的零售业"),
])
def test_repost_marks_are_not_part_of_the_title(given, title):
    assert resolve_metadata(paragraphs("正文。", meta={"title": given}), CONFIG).title == title


def test_repeated_title_with_a_site_suffix_is_removed_but_a_longer_first_line_is_not():
    title = {"title": "冬奥周边销售额猛增21倍"}
    doc = resolve_metadata(paragraphs("冬奥周边销售额猛增21倍 - ZAKER新闻", "正文。", meta=title), CONFIG)
    assert [b.text for b in doc.blocks] == ["正文。"]
    lead = "冬奥周边销售额猛增21倍，商务部2月10日公布的数据显示特许商品供不应求"
    doc = resolve_metadata(paragraphs(lead, "正文。", meta=title), CONFIG)
    assert [b.text for b in doc.blocks] == [lead, "正文。"]


# ---------------------------------------------------------------- titles carrying a site's name

@pytest.mark.parametrize("title, source, wanted", [
    # Web Clipper clips keep the browser tab's title: the site's name after the headline
    ("第一批财务自由、提前退休的80后，回来上班了-36氪", "https://www.36kr.com/p/3120404623872262",
     "第一批财务自由、提前退休的80后，回来上班了"),
    ("工作最忙的 78 天，我用 ChatGPT 考了 CFA - 少数派", "https://sspai.com/post/94340",
     "工作最忙的 78 天，我用 ChatGPT 考了 CFA"),
    # a blog platform names the blog between the headline and itself
    ("使用line_profiler对python代码性能进行评估优化 - DECHIN - 博客园",
     "https://www.cnblogs.com/dechinphy/p/line-profiler.html", "使用line_profiler对python代码性能进行评估优化"),
    ("Ruby：极致的脚本语言 · Ruby China", "", "Ruby：极致的脚本语言"),
])
def test_a_site_name_after_the_headline_is_not_part_of_the_title(title, source, wanted):
    doc = paragraphs("正文第一段。", meta={"title": title, "source": source} if source else {"title": title})
    assert resolve_metadata(doc, CONFIG).title == wanted


def test_a_pixnet_title_loses_the_blog_and_the_platform():
    doc = paragraphs("正文。", meta={"title": "新竹尖石_美樹營地賞楓 (2) @ 史蒂文的家_藍天 :: 痞客邦 PIXNET ::",
                                     "site": "史蒂文的家_藍天"})
    assert resolve_metadata(doc, CONFIG).title == "新竹尖石_美树营地赏枫 (2)"


def test_a_title_that_is_only_a_site_name_is_kept():
    doc = paragraphs("正文。", meta={"title": "少数派"})
    assert resolve_metadata(doc, CONFIG).title == "少数派"


def test_the_heading_a_declared_title_is_made_of_is_the_title():
    blocks = (Block(PARAGRAPH, text="*\ue6af*"), Block(HEADING, text="Cloudflare 公司 CEO：AI 正在摧毁 Web 商业模式", level=2),
              Block(PARAGRAPH, text="据 Clareflare 公司 CEO 所言。"))
    doc = Document(source="clip.md", blocks=blocks,
                   meta={"title": "Cloudflare公司CEO：AI正在摧毁Web商业模式_AI&大模型_华卫_InfoQ精选文章"})
    doc = resolve_metadata(doc, CONFIG)
    assert doc.title == "Cloudflare 公司 CEO：AI 正在摧毁 Web 商业模式"
    assert [b.kind for b in doc.blocks] == [PARAGRAPH, PARAGRAPH]   # not shown twice


def test_a_cut_front_matter_title_is_completed_by_the_heading():
    blocks = (Block(HEADING, text="[图书] 书讯：龙应台《大江大海 一九四九》", level=1),
              Block(PARAGRAPH, text="1楼 大 中 小 发表于 2009-8-3 21:36 只看该作者"))
    doc = Document(source="thread.md", blocks=blocks, meta={"title": "书讯：龙应台《大江大海"})
    assert resolve_metadata(doc, CONFIG).title == "书讯：龙应台《大江大海 一九四九》"


def test_zero_width_characters_leave_the_title():
    doc = paragraphs("正文。", meta={"title": "\u200b武汉网友按访医院见到了8具尸体 当晚被捉"})
    assert resolve_metadata(doc, CONFIG).title == "武汉网友按访医院见到了8具尸体 当晚被捉"


# ---------------------------------------------------------------- dates the page states

CLIP = {"title": "阿里云为什么学谷歌，不学亚马逊", "source": "https://mp.weixin.qq.com/s/GIwtEsePnIL9dodHDtk4PQ",
        "published": None, "created": "2025-11-06"}


def test_a_web_clips_created_day_is_no_publication_date():
    doc = resolve_metadata(paragraphs("海外有三朵云寡头。", "正文第二段。", meta=dict(CLIP), kind="markdown"), CONFIG)
    assert doc.date is None and "date-unknown" in codes(doc)


def test_a_wechat_byline_stamp_dates_a_clip():
    doc = paragraphs("海外有三朵云寡头。", meta=dict(CLIP), kind="markdown",
                     removed=(Removal("byline", "Original 卓哥01 [卓哥投研笔记](https://mp.weixin.qq.com/s/) *2025年10月28日 18:23*"),))
    doc = resolve_metadata(doc, CONFIG)
    assert (doc.date, doc.date_source) == ("2025-10-28", "byline")


def test_a_stamp_in_a_list_under_icon_glyphs_dates_a_clip():
    blocks = (Block(PARAGRAPH, text="*\ue6af*"), Block(PARAGRAPH, text="*\ue6ae*"),
              Block(LIST, items=("2025-05-13 北京", "本文字数：1862 字")), Block(PARAGRAPH, text="据 Prince 所言。"))
    meta = {"title": "Cloudflare公司CEO", "source": "https://www.infoq.cn/article/b52", "created": "2025-05-14"}
    doc = resolve_metadata(Document(source="c.md", kind="markdown", blocks=blocks, meta=meta), CONFIG)
    assert doc.date == "2025-05-13"


def test_notes_keep_their_created_date():
    doc = resolve_metadata(paragraphs("今天的想法。", meta={"title": "随记", "created": "2024-03-01"}, kind="markdown"), CONFIG)
    assert (doc.date, doc.date_source) == ("2024-03-01", "front-matter")


WIKI = {"published": True, "editor": "markdown", "date": "2023-08-25T08:49:37.079Z",
        "datecreated": "2023-08-25T08:49:02.680Z"}


def test_a_wiki_import_is_dated_by_its_opening_sentence():
    doc = paragraphs("大家好，2021年10月24日星期日，欢迎收看344期睡前消息。", "正文。",
                     meta={**WIKI, "title": "【睡前消息344】鱿鱼游戏做得不错"}, kind="markdown")
    doc = resolve_metadata(doc, CONFIG)
    assert (doc.date, doc.date_source) == ("2021-10-24", "text")


def test_a_wiki_import_is_dated_by_its_title():
    doc = paragraphs("据今日俄罗斯电视台网站6月17日报道。", meta={**WIKI, "title": "2023-06-18"}, kind="markdown")
    assert resolve_metadata(doc, CONFIG).date == "2023-06-18"


def test_a_wiki_import_without_a_stated_date_keeps_the_wiki_date():
    doc = paragraphs("正文，2025年1月1日起实行。", meta={**WIKI, "title": "【参考信息395】空驶近半"}, kind="markdown")
    assert resolve_metadata(doc, CONFIG).date == "2023-08-25"


def test_an_earlier_dateline_opening_the_text_beats_a_repost_date():
    doc = paragraphs("2020.08.10农历六月二十一", "总希望平淡的生活，能有一丝波澜。",
                     meta={"title": "写在32岁", "date": "2024-10-31 22:01:56"}, kind="markdown")
    assert resolve_metadata(doc, CONFIG).date == "2020-08-10"


def test_an_archived_articles_credit_block_dates_it():
    blocks = (Block(QUOTE, text="来源：特稿痴迷者（微信帐号：tegaocmz）记者 谢梦遥 罗飞2014年4月29日 上午 11:59"),
              Block(PARAGRAPH, text="这篇报道关于《舌尖上的中国》。"))
    meta = {"title": "你所未见的《舌尖上的中国》", "date": "2018-02-24  +0800", "categories": "Archive"}
    doc = resolve_metadata(Document(source="a.md", kind="markdown", blocks=blocks, meta=meta), CONFIG)
    assert doc.date == "2014-04-29"


def test_an_archived_articles_credit_block_dates_it_after_cleaning_removed_it():
    removed = (Removal("byline", "来源：特稿痴迷者（微信帐号：tegaocmz）记者 谢梦遥 罗飞2014年4月29日 上午 11:59"),)
    doc = paragraphs("这篇报道关于《舌尖上的中国》。", "这篇稿子采访了央视不希望采访的人。",
                     meta={"title": "你所未见的《舌尖上的中国》", "date": "2018-02-24  +0800"},
                     kind="markdown", removed=removed)
    assert resolve_metadata(doc, CONFIG).date == "2014-04-29"


def test_a_threads_own_stamp_confirms_its_date_over_a_blog_post_it_quotes():
    # a forum thread mirrored with its date; its opening post quotes a blog post whose own
    # stamp (earlier) is the quoted post's, not the thread's
    removed = (Removal("forum-author", "深入裙中"), Removal("byline", "发表于 2009-12-17 14:27"))
    doc = paragraphs("韩寒杂志最晚一月上市", "马日拉 @ 1:29 上午 2009年12月10日 分类：胡说八道",
                     "最近比较忙，没时间写博客。", meta={"title": "韩寒杂志最晚一月上市", "date": "2009-12-17"},
                     kind="markdown", removed=removed)
    assert resolve_metadata(doc, CONFIG).date == "2009-12-17"


def test_a_news_dateline_beats_a_repost_date_that_the_reposts_own_stamp_repeats():
    removed = (Removal("byline", "转载自 某公众号 2018-02-24 10:31"),)
    doc = paragraphs("新华社北京2014年4月29日电 央视纪录片频道今天宣布…", "正文。",
                     meta={"title": "旧闻", "date": "2018-02-24"}, kind="markdown", removed=removed)
    assert resolve_metadata(doc, CONFIG).date == "2014-04-29"


def test_a_later_dateline_does_not_move_the_front_matter_date():
    doc = paragraphs("2020年5月3日 补记", "正文。", meta={"title": "旧文", "date": "2020-05-01"}, kind="markdown")
    assert resolve_metadata(doc, CONFIG).date == "2020-05-01"


def test_an_issue_number_date_in_the_title_dates_the_document():
    doc = resolve_metadata(paragraphs("本期节目主要内容：", meta={"title": "《新闻联播》 (20200124)"}), CONFIG)
    assert (doc.date, doc.date_source) == ("2020-01-24", "title")


@pytest.mark.parametrize("removed", [
    "posted @ 2024-05-09 14:45 好看的hk 阅读( 430 ) 评论( ) 编辑 收藏 举报",
    "新华网 正文 对于Docker和Podman的一点使用经验 2024-05-09 07:57:40 来源： 新华网",
])
def test_a_stamp_left_outside_the_article_dates_it(removed):
    doc = paragraphs("前言：本文会以多个实际的线上例子分享经验。", meta={"title": "对于Docker和Podman的一点使用经验"},
                     kind="webpage", removed=(Removal("outside-main-content", removed),))
    assert resolve_metadata(doc, CONFIG).date == "2024-05-09"


def test_a_news_agency_photo_dateline_dates_the_text():
    doc = paragraphs("新华社照片，北京，2006年5月8日[体坛聚焦]（11）篮球――中国男篮观看升旗仪式5月8日，中国男篮集训队队员与国旗护卫队官兵合影。")
    assert resolve_metadata(doc, CONFIG).date == "2006-05-08"


def test_a_wiki_pages_last_revision_is_its_date():
    doc = paragraphs("雄安新区是国家级新区。", meta={"title": "雄安新区", "date": "2017-04-01T13:06:59Z"}, kind="webpage",
                     removed=(Removal("footer", "本页面最后修订于2024年4月28日 (星期日) 19:41。 本站的全部文字在 知识共享 署名-相同方式共享 4.0协议 之条款下提供"),))
    assert resolve_metadata(doc, CONFIG).date == "2024-04-28"


def test_a_short_title_may_hold_full_stops():
    doc = resolve_metadata(paragraphs("爱情。社会。学", "Posted on 2015/10/20 by 巷仔口社会学", "正文第一段。"), CONFIG)
    assert (doc.title, doc.title_source) == ("爱情。社会。学", "headline")


def test_a_headline_run_into_the_first_paragraph_is_taken_from_its_repeat():
    doc = paragraphs("卫生部会不会因牙防组事件走上被告席\u3000\u3000在牙膏、口香糖等广告中频频露面的“全国牙防组”受到了质疑。",
                     "卫生部会不会因牙防组事件走上被告席", "\u3000\u3000卫生部会不会因牙防组事件走上被告席", "正文。")
    doc = resolve_metadata(doc, CONFIG)
    assert doc.title == "卫生部会不会因牙防组事件走上被告席"
    assert len(doc.blocks) == 2 and doc.blocks[-1].text == "正文。"   # the repeats go


def test_a_short_sentence_is_still_no_headline():
    doc = resolve_metadata(paragraphs("今天下雨了。", "正文。", source="note.txt"), CONFIG)
    assert doc.title_source == "file-name"


def test_a_cut_title_is_completed_by_the_bracketed_headline_of_the_post():
    doc = paragraphs("头条新闻", "24-5-13 17:07", "来自 微博发布平台专业版",
                     "【安徽阜阳一动物园20只东北虎死亡？官方：成立调查组进行全面调查】#官方回应# 阜阳市人民政府新闻办公室通报。",
                     meta={"title": "【安徽阜阳一动物园2..."}, kind="webpage")
    doc = resolve_metadata(doc, CONFIG)
    assert doc.title == "安徽阜阳一动物园20只东北虎死亡？官方：成立调查组进行全面调查"
    assert doc.date == "2024-05-13"   # Weibo's two-digit year, stamped with its time


def test_a_two_digit_year_without_a_time_is_no_stamp():
    doc = resolve_metadata(paragraphs("头条新闻", "24-5-13", "正文。", source="p.txt"), CONFIG)
    assert doc.date is None


# ---------------------------------------------------------------- credits

def test_a_web_clips_author_link_is_unwrapped_and_its_source_is_the_url():
    doc = resolve_metadata(paragraphs("正文。", meta={**CLIP, "author": ["[[卓哥01]]"]}, kind="markdown"), CONFIG)
    assert doc.author == "卓哥01" and doc.url == CLIP["source"]


@pytest.mark.parametrize("author", ["[[Weixin Official Accounts Platform]]", "104363", "name, email@gmail.com"])
def test_a_platform_account_a_user_number_or_template_text_is_no_author(author):
    doc = resolve_metadata(paragraphs("正文。", meta={"title": "x", "author": author}), CONFIG)
    assert doc.author == ""


def test_a_zhihu_clip_author_loses_the_bio_run_into_it():
    doc = resolve_metadata(paragraphs("正文。", meta={"title": "x", "author": ["[[李博杰\u200b\u200b\u200b中国科学技术大学 博士]]"]}), CONFIG)
    assert doc.author == "李博杰"


def test_an_outlet_in_the_author_meta_is_the_source():
    doc = resolve_metadata(paragraphs("正文。", meta={"title": "x", "author": "新京报"}, kind="webpage"), CONFIG)
    assert (doc.author, doc.site) == ("", "新京报")
    doc = paragraphs("正文。", meta={"title": "x", "author": "新华社", "site": "今日头条"}, kind="webpage")
    assert resolve_metadata(doc, CONFIG).site == "新华社"   # the outlet, not the aggregator


def test_the_portals_own_name_is_no_author_and_neither_is_the_editor():
    doc = paragraphs("正文。", meta={"title": "x", "author": "网易"}, kind="webpage",
                     removed=(Removal("byline", "本文来源：新京报责任编辑：姚立伟_NT6056"),))
    doc = resolve_metadata(doc, CONFIG)
    assert (doc.author, doc.site) == ("", "新京报")   # 责任编辑 edited the page, not wrote it


def test_a_related_articles_reporter_is_not_the_author():
    doc = paragraphs("正文。", meta={"title": "x"}, kind="webpage",
                     removed=(Removal("related", "记者：橡树资本不打算立即出售国米 直播吧 2024-05-23 08:03:14"),))
    assert resolve_metadata(doc, CONFIG).author == ""


@pytest.mark.parametrize("line, site", [
    ("图片来源：pic.cnblogs.com", ""), ("来源：pic.cnblogs.com", ""), ("分类：资讯 来源：资讯", ""),
    ("图片来源：视觉中国 来源：北京商报", "北京商报"), ("来源：新京报责任编辑：姚立伟", "新京报"),
])
def test_a_source_line_names_a_source_not_a_host_a_category_or_an_image_credit(line, site):
    from generator.conversion.bylines import byline_site
    assert byline_site(line) == site


def test_the_permalink_dates_a_document_whose_front_matter_date_is_impossible():
    doc = paragraphs("正文。", meta={"title": "x", "date": "2019-02-30", "permalink": "/2019/02/28/spring-festival/"},
                     kind="markdown")
    doc = resolve_metadata(doc, CONFIG)
    assert (doc.date, doc.date_source) == ("2019-02-28", "url")
    assert "date" in codes(doc)   # the bad value is still reported


@pytest.mark.parametrize("url, date", [
    ("https://www.bbc.co.uk/zhongwen/simp/world-1", "2022-02-06"),      # day first in Britain
    ("https://hk.news.yahoo.com/world-1.html", "2022-02-06"),           # and in Hong Kong
    ("https://news.example.us/world-1", "2022-06-02"),                  # month first in the US
    ("https://news.example.com/world-1", None),                         # unknown: no guess
])
def test_an_international_sites_slash_date_is_read_in_its_countrys_order(url, date):
    doc = paragraphs("Published 06/02/2022", "正文第一段，讲述了事情的经过。", meta={"title": "x", "url": url}, kind="webpage")
    doc = resolve_metadata(doc, CONFIG)
    assert doc.date == date
    assert (date is not None) or "date-unknown" in codes(doc)


def test_a_section_heading_that_starts_the_title_does_not_replace_it():
    blocks = (Block(HEADING, text="读书笔记", level=2), Block(PARAGRAPH, text="这本书讲的是三体文明。"))
    doc = Document(source="n.md", kind="markdown", blocks=blocks, meta={"title": "读书笔记：三体"})
    assert resolve_metadata(doc, CONFIG).title == "读书笔记：三体"


def test_a_blogs_date_box_before_the_title_dates_it_and_the_blog_is_no_author():
    doc = paragraphs("一波波接续性低温寒流报到。", meta={"title": "新竹尖石_美樹營地賞楓 (2)", "author": "史蒂文的家_蓝天 (stevenhgm)",
                                               "site": "史蒂文的家_藍天"}, kind="webpage",
                     removed=(Removal("outside-main-content", "Dec 28 Sat 2013 00:28 新竹尖石_美樹營地賞楓 (2)"),))
    doc = resolve_metadata(doc, CONFIG)
    assert doc.date == "2013-12-28"
    assert (doc.author, doc.site) == ("", "史蒂文的家_藍天")


@pytest.mark.parametrize("title, url, wanted", [
    ("Cloudflare 公司 CEO 谈 AI - InfoQ", "https://www.infoq.cn/article/b52", "Cloudflare 公司 CEO 谈 AI"),
    ("Rails 8 的新特性 · Rails China", "https://rails-china.org/topics/1", "Rails 8 的新特性"),
    ("端传媒年度回顾 - Initium Media", "https://theinitium.com/article/1", "端传媒年度回顾 - Initium Media"),
])
def test_a_last_segment_that_spells_the_host_is_the_sites_name(title, url, wanted):
    doc = paragraphs("正文。", meta={"title": title, "url": url}, kind="webpage")
    assert resolve_metadata(doc, CONFIG).title == wanted


def test_a_run_of_separators_in_a_title_is_stripped_without_backtracking():
    # each space belongs to one part of the pattern: 140 separators cost one scan, not 2**140
    title = "标题 " + "- " * 140 + "x"
    doc = resolve_metadata(paragraphs("正文。", meta={"title": title}), CONFIG)
    assert doc.title == title


def test_a_photo_agencys_stamp_above_the_headline_is_not_the_title():
    text = ("记者站照片，广州，2008年3月2日\n"
            "[城市速写]（3）花市――春节前的迎春花市人潮\n"
            "3月2日，市民在越秀区的迎春花市挑选年桔和鲜花，花农们从凌晨起就开始摆摊。\n")
    doc = run(read_bytes("photo.txt", text.encode("utf-8")), CONFIG)
    assert (doc.title, doc.title_source) == ("[城市速写]（3）花市――春节前的迎春花市人潮", "headline")
    assert doc.date == "2008-03-02"


def test_a_text_whose_page_index_runs_into_its_headline_keeps_the_headline_as_title():
    text = ("第1页:上海举办国际进口博览会第2页:展会现场的人流与成交情况\n"
            "上海举办国际进口博览会\n"
            + "\u3000\u3000博览会期间，来自各国的企业展示了新产品，现场签约金额再创新高。\n" * 4)
    doc = run(read_bytes("expo.txt", text.encode("utf-8")), CONFIG)
    assert (doc.title, doc.title_source) == ("上海举办国际进口博览会", "headline")


def _page(head: str, top: str) -> bytes:
    body = "".join(f"<p>第{n}段：展会期间，来自各国的企业展示了新产品，现场签约金额再创新高，观众络绎不绝，场面十分热闹。</p>"
                   for n in range(1, 8))
    return (f"<html><head><meta charset='utf-8'>{head}<title>展会开幕</title></head><body>"
            f"<div id='nav'><a href='/'>首页</a> &gt; <a href='/news'>新闻</a></div>"
            f"<div id='main'>{top}<div id='content'>{body}</div></div>"
            "<div id='footer'>关于我们 | 联系我们 | 版权所有</div></body></html>").encode("utf-8")


def test_the_line_with_the_time_just_below_a_headline_outside_the_article_dates_the_page():
    top = ("<div id='tit'>展会开幕</div>"
           "<div id='from'><a href='http://news.example.com'>http://news.example.com</a> 2009年11月09日11:30 "
           "<a href='/music'>音乐频道</a> <a href='/c'>我要评论(0)</a></div>")
    doc = run(read_bytes("expo.html", _page("", top)), CONFIG)
    assert (doc.date, doc.date_source) == ("2009-11-09", "byline")


@pytest.mark.parametrize("changed, expected", [("2019-09-30 22:46:13", "2019-09-30"), ("2019-10-02 08:00:00", None)])
def test_a_bylines_day_without_a_year_takes_the_year_of_the_pages_change_on_that_day(changed, expected):
    head = f"<meta name='dateUpdate' content='{changed}'>"
    top = "<h1>展会开幕</h1><div class='info'>发布时间：09-30 22:46 作者：王磊</div>"
    doc = run(read_bytes("expo.html", _page(head, top)), CONFIG)
    assert doc.date == expected
    if expected is None:
        assert "date-unknown-year" in codes(doc)


def test_a_short_sentence_that_opens_with_a_month_is_no_date_line():
    doc = resolve_metadata(paragraphs("“我不懂金融，我不去。”他直截了当地说。", "2008年1月，他乖乖到新公司上任。",
                                      "此后一年，公司的业务翻了一番，团队也从几十人增加到几百人。"), CONFIG)
    assert doc.date is None and "date-unknown" in codes(doc)
    stamp = resolve_metadata(paragraphs("2008年1月 来源：本报", "此后一年，公司的业务翻了一番。"), CONFIG)
    assert stamp.date == "2008-01"
