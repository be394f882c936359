"""Structure stage: HTML, saved pages, Markdown and plain text become Blocks.

Expectations were worked out by reading the fixtures, not copied from output.
"""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

import markdown
import pytest

from generator.config import Config
from generator.document import (
    ADMONITION, CAPTION, CODE, FOOTNOTE, HEADING, IMAGE, LIST, PARAGRAPH, QUOTE, TABLE, Block, Document,
)
from generator.readers import read_bytes, read_source
from generator.conversion.plaintext import block_plain
from generator.conversion.stages.structure import build_blocks
from generator.conversion.structure.inline import escape_markdown, join_lines
from generator.conversion.structure.urls import image_source, safe_url, unwrap_proxy
from generator.pages.write import render_block

FIXTURES = Path(__file__).parent / "fixtures" / "structure"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def structure(path: Path) -> Document:
    return build_blocks(read_source(path, path.parent), Config())


def fixture(name: str) -> Document:
    return structure(FIXTURES / name)


def seed(prefix: str) -> Document:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return structure(path)


def of_kind(doc: Document, kind: str) -> list[Block]:
    return [b for b in doc.blocks if b.kind == kind]


def rendered_text(inline_markdown: str) -> str:
    """What a reader sees of a piece of inline Markdown (as MkDocs renders it)."""
    out = markdown.markdown(inline_markdown, extensions=["attr_list", "tables", "footnotes"])
    return html.unescape(re.sub(r"<[^>]+>", "", out)).strip()


def all_text(doc: Document) -> str:
    return "\n".join(b.text + b.src + b.alt + b.title + "".join(b.items) for b in doc.blocks)


# --- a whole saved web page ------------------------------------------------------------

def test_saved_page_keeps_only_the_article_in_order():
    doc = fixture("saved_webpage_with_nav_and_footer.html")
    assert doc.kind == "webpage"
    assert [(b.kind, b.text[:8] or b.src) for b in doc.blocks] == [
        (PARAGRAPH, "3月18日，菜鸟"),
        (HEADING, "回收箱进社区"),
        (PARAGRAPH, "据介绍，首批回收"),
        (IMAGE, "https://img.example.com/2019/box.jpg"),
        (PARAGRAPH, "菜鸟方面表示，回"),
        (HEADING, "电子面单全面普及"),
        (PARAGRAPH, "此外，菜鸟还将在"),
    ]
    assert [b.level for b in of_kind(doc, HEADING)] == [2, 2]


def test_saved_page_image_is_lazy_source_unwrapped_with_alt():
    (image,) = of_kind(fixture("saved_webpage_with_nav_and_footer.html"), IMAGE)
    assert image.src == "https://img.example.com/2019/box.jpg"
    assert image.alt == "社区驿站的回收箱"


def test_saved_page_links_only_http_and_keep_script_link_text():
    doc = fixture("saved_webpage_with_nav_and_footer.html")
    paragraphs = [b.text for b in of_kind(doc, PARAGRAPH)]
    assert "寄件，点击查看详情，预计每年" in paragraphs[2]
    assert "[完整报告](https://www.example.org/report.pdf)" in paragraphs[3]
    text = all_text(doc)
    for forbidden in ("javascript", "onclick", "style=", "class=", "zoom(", "track(", "<", "cors.zfour", "data:"):
        assert forbidden not in text


def test_saved_page_records_every_removed_part_with_a_reason():
    doc = fixture("saved_webpage_with_nav_and_footer.html")
    reasons = {r.reason for r in doc.removed}
    assert {"navigation", "share", "related", "comments", "sidebar", "form", "frame", "footer"} <= reasons
    removed = " ".join(r.text for r in doc.removed)
    for piece in ("当前位置", "分享到", "快递业务量再创新高", "网友甲", "热门一", "版权所有", "菜鸟网络发布绿色物流计划"):
        assert piece in removed   # the headline outside the content block is recorded too
    assert "3月18日" not in removed


def test_saved_page_head_gives_title_date_author_and_url():
    meta = fixture("saved_webpage_with_nav_and_footer.html").meta
    assert meta["title"] == "菜鸟网络发布绿色物流计划"
    assert meta["date"] == "2019-03-18T09:30:00+08:00"
    assert meta["author"] == "李明"
    assert meta["site"] == "物流观察网"
    assert meta["url"] == "https://news.example.com/2019/03/cainiao-green.html"


def test_old_gb2312_page_with_layout_table_and_br_lines():
    doc = fixture("old_site_layout_table_page.htm")
    assert doc.encoding == "gb18030" and doc.kind == "webpage"
    assert doc.meta["title"] == "网商大会在杭州召开"      # `标题_栏目_站名`: the headline part
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (HEADING, "第五届网商大会在杭州召开"),
        (PARAGRAPH, "2008年9月10日，第五届网商大会在杭州开幕，来自全国各地的数千名网商参加了会议。"),
        (PARAGRAPH, "大会评选出了年度十佳网商，其中不少是依靠淘宝和阿里巴巴起家的中小企业主。"),
        (PARAGRAPH, "马云在演讲中表示，未来的商业将是电子商务的天下，网商群体会越来越壮大。"),
    ]
    removed = [(r.reason, r.text) for r in doc.removed]
    assert ("outside-main-content", "站内链接一 站内链接二") in removed
    assert ("outside-main-content", "Copyright 2008 中国网商资讯 All Rights Reserved") in removed


SPLIT_CONTENT_PAGE = """<html><head><title>t</title></head><body>
<div class="nav-bar"><a href="/">首页</a></div>
<div class="page">
  <div class="lead"><p>导语：这是一篇关于社区团购的长篇报道，下面分几个部分介绍它的来龙去脉和未来走向。</p></div>
  <div class="fontsize"><span>字号：大 中 小</span></div>
  <div class="body-text">
    <p>社区团购在2020年迎来爆发，多家互联网巨头纷纷入场，用补贴抢占市场份额和用户心智。</p>
    <p>这种模式依靠团长组织邻居集中下单，平台次日把商品送到自提点，降低了履约成本。</p>
    <p>不过，监管部门随后出台规定，禁止以低于成本的价格倾销商品，行业开始回归理性发展。</p>
  </div>
</div>
</body></html>
"""


def test_content_split_over_sibling_blocks_is_kept_together():
    doc = build("webpage", SPLIT_CONTENT_PAGE)
    assert [b.text[:6] for b in doc.blocks] == ["导语：这是一", "社区团购在2", "这种模式依靠", "不过，监管部"]
    assert ("outside-main-content", "字号：大 中 小") in [(r.reason, r.text) for r in doc.removed]
    assert ("navigation", "首页") in [(r.reason, r.text) for r in doc.removed]


def test_a_page_wrongly_wrapped_in_a_header_element_keeps_its_text():
    doc = build("webpage", "<html><body><header><h1>标题</h1><p>整个页面都被错误地放在页头元素里面，这一段是正文的第一段，比较长。</p>"
                           "<p>第二段正文也在这里，同样比较长，不能丢。</p></header><nav>首页</nav></body></html>")
    assert [b.kind for b in doc.blocks] == [HEADING, PARAGRAPH, PARAGRAPH]
    assert [(r.reason, r.text) for r in doc.removed] == [("navigation", "首页")]


def test_page_with_nothing_left_gets_a_problem():
    doc = build("webpage", "<html><body><nav>首页 新闻</nav><script>x()</script></body></html>")
    assert doc.blocks == ()
    assert [p.code for p in doc.problems] == ["no-content"]
    assert {r.reason for r in doc.removed} == {"navigation", "script"}


def test_table_without_header_cells_uses_its_first_row_as_header():
    (table,) = build("html", "<table><tr><td>年份</td><td>交易额</td></tr><tr><td>2009</td><td>0.5亿</td></tr></table>").blocks
    assert table.rows == (("年份", "交易额"), ("2009", "0.5亿"))


def test_html_paragraphs_that_look_like_markdown_stay_paragraphs():
    doc = build("html", "<p>1. 第一条</p><p>- 项目</p><p>&gt; 引用</p><p>---</p><p>正文<br>2015. 年度</p>")
    assert [b.kind for b in doc.blocks] == [PARAGRAPH] * 6
    assert [rendered_text(b.text) for b in doc.blocks] == ["1. 第一条", "- 项目", "> 引用", "---", "正文", "2015. 年度"]


def test_preformatted_text_keeps_its_lines_and_indentation():
    doc = build("html", "<pre>line1<br>line2\n  indented</pre><p>后</p>")
    assert [(b.kind, b.text) for b in doc.blocks] == [(CODE, "line1\nline2\n  indented"), (PARAGRAPH, "后")]


def test_linked_image_is_an_image_block():
    doc = build("html", '<p>文字<a href="https://a.example/big.jpg"><img src="https://a.example/s.jpg" alt="图"></a>后文</p>')
    assert [(b.kind, b.text, b.src) for b in doc.blocks] == [
        (PARAGRAPH, "文字", ""), (IMAGE, "", "https://a.example/s.jpg"), (PARAGRAPH, "后文", "")]


def test_images_without_an_http_address_are_recorded_not_kept():
    doc = build("html", '<p>正文<img src="x_files/a.jpg" alt="本地图"><img src="javascript:alert(1)"></p>')
    # the local file stays as a stand-in (src "", its address in label) for the page's
    # "images not kept" note; the script URL leaves nothing
    assert [(b.kind, b.text, b.src, b.label, b.alt) for b in doc.blocks] == [
        (PARAGRAPH, "正文", "", "", ""), (IMAGE, "", "", "x_files/a.jpg", "本地图")]
    assert [(r.reason, r.text) for r in doc.removed] == [
        ("image-unresolvable", "image without an http(s) address: x_files/a.jpg (alt: 本地图)"),
        ("image-unresolvable", "image without an http(s) address: javascript: URL"),
    ]


def test_relative_images_of_a_saved_page_resolve_against_its_address():
    page = ("<!-- saved from url=(0033)https://www.example.com/a/b.html -->\n<html><head><title>标题</title></head>"
            '<body><p>正文段落的文字足够长，可以作为主要内容来识别。<img src="/img/c.jpg"></p></body></html>')
    doc = build_blocks(read_bytes("saved.html", page.encode()), Config())
    assert doc.meta["url"] == "https://www.example.com/a/b.html"
    assert [b.src for b in of_kind(doc, IMAGE)] == ["https://www.example.com/img/c.jpg"]


def test_image_alt_is_plain_text_and_renders_as_written():
    (image,) = build("html", '<img src="https://a.example/x.jpg" alt="图*1* <b> ] &amp;">').blocks
    assert image.alt == "图*1* <b> ] &"
    page = markdown.markdown(render_block(image, "p1"), extensions=["attr_list"])
    assert 'alt="图*1* &lt;b&gt; ] &amp;"' in page
    assert rendered_text(render_block(image, "p1")) == "图*1* <b> ] &"


def test_figure_caption_becomes_the_image_alt():
    doc = build("html", '<figure><img src="https://a.example/x.jpg"><figcaption>图为杭州园区</figcaption></figure>'
                        "<p>正文。</p>")
    assert [(b.kind, b.src, b.alt, b.text) for b in doc.blocks] == [
        (IMAGE, "https://a.example/x.jpg", "图为杭州园区", ""), (PARAGRAPH, "", "", "正文。")]


def test_caption_and_source_lines_in_html_are_captions():
    doc = build("html", '<p><img src="https://a.example/y.jpg"></p><p style="text-align:center">图1：双十一晚会现场</p>'
                        "<p>来源：新华社</p><p>图片显示了晚会现场的热烈气氛，观众很多。</p>")
    assert [b.kind for b in doc.blocks] == [IMAGE, CAPTION, CAPTION, PARAGRAPH]


# --- blog HTML under front matter ------------------------------------------------------

def test_tab_indented_blog_html_is_paragraphs_not_code():
    doc = fixture("blog_post_tab_indented_html.txt")
    assert doc.kind == "html"
    assert [b.kind for b in doc.blocks] == [PARAGRAPH, HEADING, PARAGRAPH, PARAGRAPH]
    first, heading, links, mixed = (b.text for b in doc.blocks)
    # the line break between two Chinese sentences vanishes, &nbsp; is a space, ZWSP is gone
    assert first == "2016年5月，淘宝直播正式上线。最初只有少数主播尝试 这种新形式，很多商家持观望态度。"
    assert heading == "主播数量快速增长"
    assert links == "到了年底，平台上的主播已经超过一万名，[查看数据](https://data.example.com/live)显示观看人数增长很快。"
    assert mixed == "有人说直播只是一阵风，但 Taobao Live kept growing 之后的一年证明了这一点。"


def test_centred_bold_lines_of_seed_002_are_the_three_headings():
    doc = seed("002")
    assert [b.text for b in of_kind(doc, HEADING)] == ["被忽略的10亿存量", "逛逛、直播挑起大梁", "做最了解用户的“品牌”"]
    assert "&nbsp;" not in all_text(doc) and "\xa0" not in all_text(doc)


def test_markdown_links_in_blog_html_become_links():
    doc = seed("002")
    last = doc.blocks[-1].text
    assert last == ("[返回北京商报新闻](https://finews.withounder.com/category/beijingshangbao.html)｜"
                    "[返回首页](https://finews.withounder.com/)")
    assert rendered_text(last) == "返回北京商报新闻｜返回首页"


def test_seed_000_keeps_six_images_from_data_original_without_proxy_or_attributes():
    doc = seed("000")
    images = of_kind(doc, IMAGE)
    assert len(images) == 6
    assert all(re.fullmatch(r"http://zkres\d\.myzaker\.com/202202/[0-9a-f]+_1024\.jpg", i.src) for i in images)
    text = all_text(doc)
    for forbidden in ("cors.zfour.workers.dev", "img_box", "perview_img_div", "onclick", "recommend_bottom"):
        assert forbidden not in text
    assert of_kind(doc, HEADING) == []
    bold = [b.text for b in of_kind(doc, PARAGRAPH) if "旗舰店。" in b.text][0]
    assert bold.endswith("**而线上官方购买渠道便是天猫平台的奥林匹克官方旗舰店。**")   # bold once, not ****


# --- Markdown sources ------------------------------------------------------------------

def test_markdown_source_blocks():
    doc = fixture("markdown_source_with_list_and_image.md")
    assert [b.kind for b in doc.blocks] == [
        HEADING, PARAGRAPH, HEADING, LIST, IMAGE, QUOTE, TABLE, CODE, PARAGRAPH, PARAGRAPH]
    h1, para, h2, items, image, quote, table, code, raw, english = doc.blocks
    assert (h1.text, h1.level, h2.text, h2.level) == ("盒马鲜生的门店模式", 2, "三个特点", 3)
    assert para.text == "盒马鲜生把超市、餐饮和外卖结合在一起，门店既是卖场也是仓库，周边三公里内可以做到半小时送达。"
    assert items.items == ("线上线下一体化，价格相同", "门店即仓库，**现场加工**海鲜", "用 App 支付，沉淀会员数据")
    assert not items.ordered
    assert (image.src, image.alt) == ("https://img.example.com/hema/store.jpg", "盒马门店内景")
    assert quote.text == "盒马不是超市，也不是餐厅，而是新零售的试验田。"
    assert table.rows == (("指标", "数值"), ("坪效", "传统超市的 3 到 5 倍"))
    assert (code.text, code.label) == ('print("not a heading # 1")', "python")
    assert raw.text == "原始 HTML 里的一段文字。"
    assert english.text == "Some English words continue here."


def test_tab_indented_html_in_markdown_is_not_a_code_block():
    doc = build("markdown", "正文开头。\n\n\t<div>\n\t\t<p>缩进的 HTML 段落。</p>\n\t</div>\n\n    缩进的普通文字\n")
    assert [b.kind for b in doc.blocks].count(CODE) == 1          # only the indented plain text
    assert (PARAGRAPH, "缩进的 HTML 段落。") in [(b.kind, b.text) for b in doc.blocks]


def test_markdown_footnotes_become_numbered_footnote_blocks():
    doc = build("markdown", "正文提到淘宝[^tb]和天猫[^2]，还有未定义的[^x]。\n\n"
                            "[^tb]: 淘宝网，见 [官网](https://www.taobao.com)。\n[^2]: 天猫 *商城*。\n")
    assert [(b.kind, b.label, b.text) for b in doc.blocks] == [
        (PARAGRAPH, "", "正文提到淘宝[^1]和天猫[^2]，还有未定义的\\[^x\\]。"),
        (FOOTNOTE, "1", "淘宝网，见 [官网](https://www.taobao.com)。"),
        (FOOTNOTE, "2", "天猫 *商城*。"),
    ]


def test_loose_emphasis_markers_in_markdown_are_repaired():
    (block,) = build("markdown", "这是 ** 重点 ** 内容，还有 **另一个 ** 词。").blocks
    assert block.text == "这是 **重点** 内容，还有 **另一个** 词。"


@pytest.mark.parametrize("source, text", [
    ("**甲** 与 **乙**", "**甲** 与 **乙**"),        # correct emphasis is not re-paired
    ("只有一个 ** 标记", "只有一个 \\*\\* 标记"),
])
def test_emphasis_repair_pairs_markers_left_to_right(source, text):
    (block,) = build("markdown", source).blocks
    assert block.text == text


def test_keyword_links_inside_words_are_unwrapped_real_links_kept():
    (block,) = build("html", '<p>阿里<a href="https://www.example.com/tag/baba">巴巴</a>集团和'
                             '<a href="https://s.example.com/search?q=x">搜索</a>以及'
                             '<a href="https://www.example.com/news/1.html">新闻</a></p>').blocks
    assert block.text == "阿里巴巴集团和搜索以及[新闻](https://www.example.com/news/1.html)"


def test_raw_html_in_markdown_gets_the_html_treatment():
    doc = fixture("markdown_source_with_list_and_image.md")
    assert "script" in {r.reason for r in doc.removed}
    text = all_text(doc)
    assert "alert" not in text and "onerror" not in text and "onclick" not in text


# --- plain text ------------------------------------------------------------------------

def test_report_with_chapter_caption_case_and_footnote():
    doc = fixture("plain_report_with_cases_and_footnotes.txt")
    assert [b.kind for b in doc.blocks] == [
        PARAGRAPH, HEADING, PARAGRAPH, CAPTION, CAPTION, HEADING, PARAGRAPH, ADMONITION, CAPTION,
        FOOTNOTE, PARAGRAPH]
    headings = of_kind(doc, HEADING)
    assert [(h.text, h.level) for h in headings] == [("第一章 行业概况", 2), ("1.1 进口市场", 3)]
    assert doc.blocks[2].text == "跨境电商[^1]已经成为外贸增长的新引擎，2018年进出口总额继续保持两位数增长。"
    assert [b.text for b in of_kind(doc, CAPTION)] == [
        "图1：2014-2018年跨境电商交易规模", "来源：海关总署 研究院整理", "表1：主要进口品类占比"]
    (case,) = of_kind(doc, ADMONITION)
    assert (case.label, case.title) == ("example", "某母婴品牌的出海之路")
    assert case.items[0] == "该品牌在2017年进入东南亚市场，通过本地化运营在一年内实现销售额翻倍。"
    assert len(case.items) == 5
    (note,) = of_kind(doc, FOOTNOTE)
    assert (note.label, note.text) == ("1", "跨境电商：指分属不同关境的交易主体通过电子商务平台达成交易的商业活动。")


def test_plain_text_shows_as_written_after_markdown_rendering():
    doc = fixture("plain_report_with_cases_and_footnotes.txt")
    last = doc.blocks[-1].text
    assert rendered_text(last) == "注意：本报告中的 *星号* 与 _下划线_ 以及 <b>标签</b> 都按原文显示。"


def test_numbered_list_of_sentences_is_a_list_between_headings():
    doc = fixture("numbered_list_of_sentences.txt")
    assert [b.kind for b in doc.blocks] == [PARAGRAPH, HEADING, LIST, HEADING, PARAGRAPH]
    assert [h.text for h in of_kind(doc, HEADING)] == ["（一）完善基础设施", "（二）加强人才培养"]
    (numbered,) = of_kind(doc, LIST)
    assert numbered.ordered and len(numbered.items) == 3
    assert numbered.items[1] == "建设县乡村三级物流体系，降低农产品上行的运输成本，提高配送效率。"


@pytest.mark.parametrize("line, kind", [
    ("图1 是阿里巴巴的组织结构，可以看到层级很多。", PARAGRAPH),   # a sentence about a figure
    ("圖10 歷年11.11無線成交占比", CAPTION), ("图2：交易规模。", CAPTION), ("表3 主要品类", CAPTION),
    ("Figure 4: GMV by year", CAPTION), ("資料來源：阿里研究院", CAPTION),
])
def test_caption_lines_versus_sentences_about_figures(line, kind):
    (block,) = build("text", line).blocks
    assert block.kind == kind


def test_html_entities_left_in_plain_text_are_decoded():
    (block,) = build("text", "阅读&nbsp;543 &amp; &#8220;引号&#8221;").blocks
    assert rendered_text(block.text) == "阅读 543 & “引号”"


def test_bullet_lines_are_a_list_and_numbered_cases_are_cases():
    doc = build("text", "要点如下：\n• 第一点很重要\n• 第二点也重要\n- 第三点\n案例一：淘宝村的故事\n"
                        "东风村在2006年开始做家具。\n【案例2】沙集镇\n沙集镇的网店很多。\n*重点* 不是列表")
    assert [(b.kind, b.title, b.items) for b in doc.blocks] == [
        (PARAGRAPH, "", ()),
        (LIST, "", ("第一点很重要", "第二点也重要", "第三点")),
        (ADMONITION, "淘宝村的故事", ("东风村在2006年开始做家具。",)),
        (ADMONITION, "沙集镇", ("沙集镇的网店很多。", "\\*重点\\* 不是列表")),
    ]


def test_circled_numbers_without_a_reference_are_list_items_not_footnotes():
    doc = build("text", "措施如下：\n①加强监管；\n②完善制度。\n正文提到服务市场①。\n①服务市场是一个平台。")
    assert [(b.kind, b.text, b.items) for b in doc.blocks] == [
        (PARAGRAPH, "措施如下：", ()),
        (LIST, "", ("①加强监管；", "②完善制度。")),
        (PARAGRAPH, "正文提到服务市场[^1]。", ()),
        (FOOTNOTE, "服务市场是一个平台。", ()),
    ]


def test_hard_wrapped_text_is_rejoined_into_paragraphs():
    doc = fixture("hard_wrapped_text.txt")
    assert [b.text for b in doc.blocks] == [
        "双十一的由来",
        "阿里巴巴在二〇一二年十一月十一日创造了单日一百九十一亿元的交易纪录，这个数字让整个零售行业重新认识了"
        "网络购物的力量。此后每年的十一月十一日都成为商家和消费者共同期待的日子。",
        "物流是最大的挑战。包裹数量在几天之内增加数倍，快递公司需要提前数月准备车辆、仓库和临时人员，"
        "才能在高峰期间保证包裹及时送达。",
    ]


def test_text_copied_from_a_pdf_joins_lines_inside_blank_line_paragraphs():
    doc = fixture("pdf_copied_paragraphs.txt")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (PARAGRAPH, "报告标题"),
        (PARAGRAPH, "这是从PDF里复制出来的一段文字，每一行在排版宽度处被切断，所以句子会跨越好几行，"
                    "直到遇到句号才算结束。这一行继续同一个段落。"),
        (PARAGRAPH, "第二段同样如此，第一行在这里被切断，第二行接着写，最后以句号结束。"),
        (HEADING, "1 结论"),
        (PARAGRAPH, "最后一段只有一行。"),
    ]


def test_indented_paragraphs_take_in_their_unindented_continuation_lines():
    doc = fixture("indented_paragraphs_wrapped.txt")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (HEADING, "第一章 总则"),
        (PARAGRAPH, "这是第一段的开头，文字比较长，在固定宽度处被切断了，下一行没有缩进，应该接上。"),
        (PARAGRAPH, "第二段也是如此，开头有两个全角空格，随后一行没有缩进，同样属于这一段。"),
        (PARAGRAPH, "第三段只有一行。"),
        (PARAGRAPH, "引言"),          # a short line after a finished paragraph is not a continuation
        (PARAGRAPH, "第四段。"),
    ]


def test_unicode_line_separators_split_lines():
    assert [b.text for b in build("text", "第一行\u2028第二行\u2029第三段").blocks] == ["第一行", "第二行", "第三段"]


def test_a_list_of_headlines_is_not_mistaken_for_hard_wrapped_text():
    headlines = ["阿里巴巴发布年度财报营收增长", "淘宝直播带货成交额再创新高", "天猫双十一交易额突破五千亿",
                 "菜鸟网络启动绿色物流计划", "盒马鲜生新开十家门店", "支付宝推出新的理财产品"]
    assert [b.text for b in build("text", "\n".join(headlines)).blocks] == headlines


def test_collapsed_article_on_one_line_is_split_at_its_section_markers():
    doc = fixture("collapsed_article_one_line.txt")
    assert [b.kind for b in doc.blocks] == [PARAGRAPH, HEADING, PARAGRAPH, HEADING, PARAGRAPH, HEADING, PARAGRAPH]
    assert [h.text for h in of_kind(doc, HEADING)] == ["一、形成条件", "二、发展阶段", "三、存在问题"]
    assert doc.blocks[2].text.startswith("淘宝村的形成通常需要几个条件")


def test_seed_001_section_markers_inside_the_line_are_headings():
    headings = [b.text for b in of_kind(seed("001"), HEADING)]
    assert len(headings) >= 3
    assert {"一、基于核心目标与受众的分类体系", "二、多维价值与战略功能的深度解析",
            "三、演进脉络与发展趋势前瞻"} <= set(headings)


def test_seed_003_traditional_report_structure():
    doc = seed("003")
    headings = of_kind(doc, HEADING)
    assert len(headings) >= 20
    levels = {h.text: h.level for h in headings}
    assert levels["1 整體發展概況"] == 2 and levels["1.1 生態加速成長"] == 3
    assert levels["1\\) 阿裡巴巴商業服務生態"] == 4
    captions = [b.text for b in of_kind(doc, CAPTION)]
    assert "圖1:阿裡巴巴商業服務生態(廣義)" in captions and "來源:阿裡研究院" in captions
    assert "圖10 歷年11.11無線成交占比" in captions
    titles = [b.title for b in of_kind(doc, ADMONITION)]
    assert "杭州湖畔網絡技術公司" in titles and "燕之屋食品旗艦店 漢卿傳媒有限公司" in titles
    assert "服裝品牌361°" in titles          # `案例` alone, then `【案例】服裝品牌361°`
    notes = {b.label: b.text for b in of_kind(doc, FOOTNOTE)}
    assert notes["1"].startswith("服務市場(fuwu.taobao.com)")
    assert any("“服務市場[^1]”" in b.text for b in of_kind(doc, PARAGRAPH))
    lettered = [b for b in of_kind(doc, LIST) if b.label == "a"]
    assert lettered[0].items[0].startswith("商業變現能力。")
    numbered = [b for b in of_kind(doc, LIST) if b.label == "1"]
    assert any(b.items[0].startswith("承接更為豐富的內容形式") and len(b.items) == 3 for b in numbered)


def test_seed_004_scraped_lines_stay_paragraphs():
    doc = seed("004")
    assert of_kind(doc, HEADING) == []
    assert any(b.text.startswith("越 來越多的用戶通過無線端參加") for b in doc.blocks)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_paragraphs_hold_no_newline_and_no_raw_html(prefix):
    doc = seed(prefix)
    assert doc.blocks and doc.problems == ()
    for block in doc.blocks:
        assert "\n" not in block.text
        assert not re.search(r"<[a-zA-Z/]", block.text + "".join(block.items))


# --- hostile input ---------------------------------------------------------------------

def build(kind: str, body: str) -> Document:
    return build_blocks(Document(source="hostile", kind=kind, body=body), Config())


@pytest.mark.parametrize("kind", ["webpage", "html"])
def test_html_nested_20000_levels_deep_is_flattened_with_a_problem(kind):
    started = time.monotonic()
    doc = build(kind, "<html><body><p>开头</p>" + "<div><span>" * 10000 + "深处的文字" + "</span></div>" * 10000)
    assert time.monotonic() - started < 20
    # 20,000 tags in 220 KB: read as text before any parse (too dense), or flattened
    assert [p.code for p in doc.problems] in (["deep-nesting"], ["too-complex"])
    assert [b.text for b in doc.blocks] == ["开头", "深处的文字"]


def test_markdown_nested_too_deep_for_the_parser_is_read_as_text():
    doc = build("markdown", "> " * 5000 + "引用")
    assert [p.code for p in doc.problems] == ["deep-nesting"]
    assert doc.blocks[0].text.endswith("引用")


@pytest.mark.parametrize("kind, body", [
    ("text", "中文内容，没有换行。" * 1_000_000),
    ("html", "<p>" + "中文内容，没有换行。" * 1_000_000 + "</p>"),
])
def test_ten_megabyte_single_line_is_cut_with_a_problem_and_fast(kind, body):
    started = time.monotonic()
    doc = build(kind, body)
    assert time.monotonic() - started < 20
    assert [p.code for p in doc.problems] == ["too-large"]
    assert len(doc.blocks) == 1 and doc.blocks[0].text.startswith("中文内容，没有换行。")


@pytest.mark.parametrize("kind", ["text", "html", "markdown"])
def test_long_runs_of_blanks_and_newlines_stay_fast(kind):
    body = "甲" + " " * 300_000 + "乙\n丙" + "\n" * 300_000 + "丁" + "\t \n" * 100_000 + "戊"
    started = time.monotonic()
    text = all_text(build(kind, body))
    assert time.monotonic() - started < 20
    assert all(ch in text for ch in "甲乙丙丁戊")


@pytest.mark.parametrize("kind, body", [
    ("markdown", "[" * 500_000 + "]" * 500_000),
    ("markdown", "**a " * 250_000),
    ("markdown", "文字<br>" * 150_000),
    ("markdown", "- a\n" * 250_000),
    ("markdown", "|a|b|\n|-|-|\n" + "|a|b|\n" * 150_000),
    ("html", "<p>中文内容，没有换行。</p>" * 60_000),
    ("html", "文字<br>" * 150_000),
    ("html", "<ul>" + "<li>项</li>\n" * 100_000 + "</ul>"),
])
def test_pathological_markup_is_bounded(kind, body):
    started = time.monotonic()
    doc = build(kind, body)
    assert time.monotonic() - started < 30
    assert doc.blocks


def test_giant_markup_blocks_in_markdown_are_converted_apart_and_code_is_untouched():
    code = "```html\n" + "<p>x</p>\n" * 1500 + "\n\n" + "<p>y</p>\n" * 1500 + "```\n\n正文。"
    doc = build("markdown", code)
    assert [b.kind for b in doc.blocks] == [CODE, PARAGRAPH]
    assert doc.blocks[0].text.count("<p>") == 3000
    doc = build("markdown", "正文。\n\n" + "[" * 3000 + "\n\n后文。")
    assert [(b.kind, rendered_text(b.text)) for b in doc.blocks] == [
        (PARAGRAPH, "正文。"), (PARAGRAPH, "[" * 3000), (PARAGRAPH, "后文。")]


def test_unclosed_html_does_not_crash_and_keeps_its_text():
    doc = build("html", "<div><p>未闭合<b>粗体<table><tr><td>格<td><img src=//x.example/a.png>")
    text = all_text(doc)
    assert "未闭合" in text and "粗体" in text and "格" in text
    assert "https://x.example/a.png" in text


# --- helpers ---------------------------------------------------------------------------

@pytest.mark.parametrize("url, expected", [
    ("https://cors.zfour.workers.dev/?http://zkres2.myzaker.com/a.jpg", "http://zkres2.myzaker.com/a.jpg"),
    ("https://proxy.example/img?url=https%3A%2F%2Fimg.example.com%2Fb.png&w=200", "https://img.example.com/b.png"),
    ("https://p.example/?https://q.example/?http://real.example/c.gif", "http://real.example/c.gif"),
    ("https://img.example.com/d.jpg?size=large", "https://img.example.com/d.jpg?size=large"),
])
def test_image_proxies_are_unwrapped(url, expected):
    assert unwrap_proxy(url) == expected


@pytest.mark.parametrize("url, expected", [
    ("javascript:alert(1)", ""), ("JaVaScRiPt:alert(1)", ""), ("data:text/html,<b>x</b>", ""),
    ("/relative/path", ""), ("//cdn.example.com/x.png", "https://cdn.example.com/x.png"),
    ("http://a.example/a b(1).png", "http://a.example/a%20b%281%29.png"),
])
def test_only_http_urls_survive(url, expected):
    assert safe_url(url) == expected


def test_lazy_attribute_wins_over_placeholder_src():
    attrs = {"src": "data:image/gif;base64,R0lGOD", "data-original": "http://img.example/real.jpg"}
    assert image_source(attrs) == "http://img.example/real.jpg"


@pytest.mark.parametrize("lines, joined", [
    ("第一行\n第二行", "第一行第二行"), ("English\nwords", "English words"),
    ("中文\nEnglish", "中文English"), ("句子。\n  下一句", "句子。下一句"),
])
def test_lines_join_without_spaces_between_chinese(lines, joined):
    assert join_lines(lines) == joined


@pytest.mark.parametrize("text", ["# 不是标题", "1. 不是列表", "- 不是列表", "> 不是引用", "a <script> b", "[链接](x)",
                                  "&amp; 与 &lt;", "{: #id }", "| 表 | 格 |", "反斜杠 \\ 和 `代码`",
                                  "---", "-5%", "!!! note \"x\"", "~~~", "=== 等号", "+ 加号", "2015. 年度"])
def test_escaped_text_renders_exactly_as_written(text):
    assert rendered_text(escape_markdown(text)) == text


def test_a_front_pages_hot_news_block_is_its_content_and_an_articles_is_not(tmp_path):
    # people.com.cn's front page (tests/corpus): its lead headlines sit in id="hotnews"
    corpus = Path(__file__).parent / "corpus" / "docs" / "a-people-homepage-gb2312.html"
    text = " ".join(" ".join((b.text, *b.items)) for b in structure(corpus).blocks)
    assert "促发展补短板保民生" in text
    # beside an article, a hot-news block is a side bar the article is chosen over
    headlines = "".join(f'<a href="https://news.example.com/{n}.html">第{n}条要闻：经济稳中向好，发展信心更足</a>'
                        for n in range(6))
    body = "".join(f"<p>{'平台持续完善商家经营工具，帮助中小商家提升效率，消费者体验也在不断改善。' * 3}</p>" for _ in range(6))
    article = (f'<html><head><meta charset="utf-8"><title>商家工具的一年</title></head><body>'
               f'<div id="hotnews"><h2>要闻</h2><div>{headlines}</div></div>'
               f'<article><h1>商家工具的一年</h1>{body}</article></body></html>')
    (tmp_path / "article.html").write_text(article, encoding="utf-8")
    text = " ".join(b.text for b in structure(tmp_path / "article.html").blocks)
    assert "商家经营工具" in text and "第0条要闻" not in text


def test_lines_above_the_first_indented_paragraph_are_the_files_head_not_a_continuation():
    body = ("第1页:上海举办国际进口博览会第2页:展会现场的人流与成交情况\n"
            "上海举办国际进口博览会\n"
            + "".join(f"\u3000\u3000第{n}段：博览会期间，来自各国的企业展示了新产品，现场签约金额再创新高，观众络绎不绝。\n"
                      f"这一行没有缩进，是第{n}段被切断后的续行。\n" for n in range(1, 4)))
    texts = [b.text for b in build("text", body).blocks]
    assert texts[:2] == ["第1页:上海举办国际进口博览会第2页:展会现场的人流与成交情况", "上海举办国际进口博览会"]
    # the indented paragraphs still take in their continuation lines
    assert texts[2].endswith("是第1段被切断后的续行。") and len(texts) == 5


def test_a_stamp_and_a_headline_above_a_caption_are_not_lines_cut_at_the_page_width():
    group = ("记者站照片，广州，2008年3月2日 \n"
             "[城市速写]（{n}）花市――春节前的迎春花市人潮 \n"
             "3月2日，市民在越秀区的迎春花市挑选年桔和鲜花，花农们从凌晨起就开始摆摊，一直忙到深夜才收摊 \n\n\n")
    body = "".join(group.replace("{n}", str(n)) for n in range(3, 0, -1))
    texts = [block_plain(b) for b in build("text", body).blocks]
    assert texts[:3] == ["记者站照片，广州，2008年3月2日", "[城市速写]（3）花市――春节前的迎春花市人潮",
                         "3月2日，市民在越秀区的迎春花市挑选年桔和鲜花，花农们从凌晨起就开始摆摊，一直忙到深夜才收摊"]
