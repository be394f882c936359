"""A saved page's own headline and the byline date under it (generator/readers/headline.py),
through the page reader (sources.webpage.page_metadata)."""

from __future__ import annotations

from generator.conversion.dates import parse_date_value
from generator.readers.headline import byline_date, page_headline, text_of
from generator.readers.webpage import page_metadata


def page(head: str, body: str) -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_the_headline_replaces_a_title_that_adds_the_site_name():
    html = page("<title>女儿出嫁，郑板桥画了几笔兰花当嫁妆--文化--人民网 </title>",
                "<div class=nav>首页</div><h1>女儿出嫁，郑板桥画了几笔兰花当嫁妆</h1><p>正文</p>")
    assert page_metadata(html)["title"] == "女儿出嫁，郑板桥画了几笔兰花当嫁妆"


def test_the_headline_completes_a_declared_title_that_broken_markup_cut():
    html = page('<meta property="og:title" content="多地项目连环爆雷 狂奔的龙湖集团" 暗伤"曝露？"="">'
                '<title>多地项目连环爆雷 狂奔的龙湖集团"暗伤"曝露？_网易财经</title>',
                '<h1>多地项目连环爆雷 狂奔的龙湖集团"暗伤"曝露？</h1>')
    assert page_metadata(html)["title"] == '多地项目连环爆雷 狂奔的龙湖集团"暗伤"曝露？'


def test_a_logo_headline_that_only_starts_the_title_is_not_the_headline():
    html = page("<title>阿里巴巴财报发布：云业务首次盈利</title>",
                "<h1 class=logo>阿里巴巴</h1><div><h2>阿里巴巴财报发布：云业务首次盈利</h2></div>")
    assert page_headline(html, ["阿里巴巴财报发布：云业务首次盈利"]) is None
    assert page_metadata(html)["title"] == "阿里巴巴财报发布：云业务首次盈利"


def test_the_byline_date_under_the_headline_dates_an_undated_page():
    html = page("<title>苹果回应供应商劳工问题 - 观察者网</title>",
                "<h1>苹果回应供应商劳工问题</h1><div class=info><span>2019-09-09 19:32:27</span>"
                "<script>var d = '2001-01-01';</script><span>来源：观察者网</span></div>"
                "<p>正文。</p><div class=side><a>另一篇</a><span>2019-09-06</span></div>")
    meta = page_metadata(html)
    assert meta["title"] == "苹果回应供应商劳工问题" and meta["date"] == "2019-09-09"


def test_a_date_far_below_the_headline_is_not_its_byline():
    filler = "<p>" + "正文很长。" * 80 + "</p>"
    html = page("<title>标题很长的一篇文章 - 某站</title>",
                f"<h1>标题很长的一篇文章</h1>{filler}<span>2019-09-06</span>")
    found = page_headline(html, ["标题很长的一篇文章 - 某站"])
    assert found and byline_date(html, found[1]) == ""
    assert "date" not in page_metadata(html)


def test_script_page_data_names_the_publication_time():
    html = page("<title>谷歌收购案 - 腾讯科技</title>",
                "<script>var ARTICLE_INFO = { title: 'x', pubtime: '2016年10月14日07:17', site: 'qq' };</script>"
                "<p>正文</p>")
    assert page_metadata(html)["date"] == "2016年10月14日07:17"


def test_script_and_style_text_is_not_page_text():
    assert text_of("<b>甲</b><script>var a = '<p>乙</p>';</script><style>p{}</style>丙") == "甲 丙"


def test_a_sentence_opening_with_a_date_is_no_byline():
    html = page("<title>雄安新区 - 维基百科，自由的百科全书</title>",
                "<h1>雄安新区<span>[</span><a>编辑</a><span>]</span></h1>"
                "<p>雄安新区是中华人民共和国河北省管辖的国家级新区。2017年4月1日，中共中央决定设立。</p>")
    meta = page_metadata(html)
    assert meta["title"] == "雄安新区" and "date" not in meta


def test_a_recommended_articles_date_above_the_byline_is_skipped():
    html = page("<title>为什么 ChatGPT 不火了？_csdn</title>",
                "<h1>为什么 ChatGPT 不火了？</h1><div>最新推荐文章于 2024-05-07 22:12:13 发布</div>"
                "<div><a>A-肖老师</a> 于 2024-05-06 15:47:53 发布</div><p>正文</p>")
    assert page_metadata(html)["date"] == "2024-05-06"


def test_wechat_page_script_epoch_time_dates_the_page():
    html = page('<meta property="og:title" content="绥德县召开退役军人工作会议">',
                '<h1>绥德县召开退役军人工作会议</h1><em id="publish_time"></em>'
                '<script>var ct = "1659274471";</script><p>会议指出。</p>')
    assert page_metadata(html)["date"] == "1659274471"


def test_the_first_created_mark_dates_a_question_page():
    html = page("<title>如何看待泸定地震？ - 知乎</title>",
                '<div itemprop="mainEntity"><meta itemprop="dateCreated" content="2023-02-28T14:58:49.000Z">'
                '<div itemprop="answer"><meta itemprop="dateCreated" content="2023-03-01T06:29:33.000Z"></div></div>')
    assert page_metadata(html)["date"] == "2023-02-28T14:58:49.000Z"


def test_a_forum_topics_timeago_title_dates_it():
    html = page("<title>Ruby：极致的脚本语言 · Ruby China</title>",
                '<div class="info"><abbr class="timeago" title="2024年04月22日">1 月前</abbr></div>'
                '<div class="reply"><abbr class="timeago" title="2024年05月01日">19 天前</abbr></div>')
    assert page_metadata(html)["date"] == "2024年04月22日"


def test_a_home_pages_title_is_the_site_name_before_its_slogans():
    html = page('<title>商都网-河南门户网站-河南大型网络媒体！</title><meta name="keywords" content="商都网" />',
                "<div>新闻</div>")
    assert page_metadata(html)["title"] == "商都网"
    html = page('<title>人民网_网上的人民日报</title><meta name="keywords" content="人民网,人民日报">', "<p>x</p>")
    assert page_metadata(html)["title"] == "人民网"


def test_an_article_title_with_a_hyphenated_word_is_not_cut_at_it():
    html = page('<title>COVID-19疫苗接种指南_卫生网</title><meta name="keywords" content="COVID,疫苗">', "<p>x</p>")
    assert page_metadata(html)["title"] == "COVID-19疫苗接种指南"


def test_a_headline_with_long_dashes_replaces_the_tab_title_with_short_ones():
    html = page("<title>积极因素不断增多动能增强-前4个月我国外贸向好-今日头条</title>",
                "<h1>积极因素不断增多 动能增强——前4个月我国外贸向好</h1><p>正文</p>")
    assert page_metadata(html)["title"] == "积极因素不断增多 动能增强——前4个月我国外贸向好"


def test_a_byline_date_followed_by_a_comma_and_its_source_is_still_the_byline():
    html = page("<title>苹果回应供应商劳工问题 - 观察者网</title>",
                "<h1>苹果回应供应商劳工问题</h1><div>2019年09月09日，来源：观察者网</div><p>正文。</p>")
    assert page_metadata(html)["date"] == "2019-09-09"


def test_a_date_the_head_declares_beats_a_date_marked_in_the_body_whatever_its_key():
    """One list of head keys: the reader knew 8 date keys and the metadata stage 12, so a
    date under `og:release_date` (or publish_date, sailthru.date, dc.date.issued) lost to a
    sidebar's date marked in the body, where under `pubdate` it won."""
    body = '<body><aside><time class="published" datetime="2021-03-04">旧闻</time></aside></body></html>'
    for key in ("pubdate", "og:release_date", "sailthru.date"):
        html = f'<html><head><meta name="{key}" content="2020-05-01"><title>标题</title></head>{body}'
        assert page_metadata(html)["date"] == "2020-05-01", key


def test_a_wordpress_date_in_chinese_month_names_with_english_ordinals_dates_the_page():
    # WordPress' zh_CN locale writes "F jS, Y" as 十一月 6th, 2009; the comments under the
    # post carry their own stamps in the same form, later on the page.
    html = page("<title>制造孤独的CEO - 某某 Blog</title>",
                "<h2><a href='/p/1'>制造孤独的CEO</a></h2>"
                "<span class='post-cat'><a>其它内容</a></span> <span class='post-calendar'>十一月 6th, 2009</span>"
                "<p>正文。</p><small class='commentmetadata'><a>十一月 8th, 2009 at 12:02 下午</a></small>")
    assert parse_date_value(page_metadata(html)["date"], "Asia/Shanghai").iso() == "2009-11-06"


def test_a_post_date_element_gives_its_text_when_it_has_no_date_attribute():
    html = page("<title>一篇文章</title>",
                "<div class='sidebar'><table id='wp-calendar'><caption>2009年十一月</caption></table></div>"
                "<h1>另一个标题</h1>" + "<p>" + "正文很长。" * 80 + "</p>"
                "<div class='entry-date'>November 7th, 2009</div>")
    assert parse_date_value(page_metadata(html)["date"], "Asia/Shanghai").iso() == "2009-11-07"


def test_dates_of_a_list_whose_items_share_a_publication_mark_are_not_the_pages():
    items = "".join(f"<li><a>相关新闻{k}</a><div class='publish-time'>2018-03-0{k} 08:58:39</div></li>"
                    for k in range(1, 4))
    html = page("<title>法国大罢工</title>", f"<h1>另一个标题</h1><p>正文。</p><ul>{items}</ul>")
    assert "date" not in page_metadata(html)
