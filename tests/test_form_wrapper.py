"""A page wrapped whole in one <form> (ASP.NET sites) keeps its article; a real form goes."""

from __future__ import annotations

from generator.conversion.structure.dom import parse_html, remove_non_content


def test_a_page_wide_form_is_unwrapped_and_its_controls_removed():
    soup = parse_html(
        "<html><body><form id=form1 action=News.aspx><input type=hidden name=__VIEWSTATE value=x>"
        "<div class=nav><a>首页</a></div><article><h1>与母争吵疑失足坠楼</h1>"
        "<p>新北市新店区中正路今（21）日下午3时许发生坠楼案件，一名49岁高姓男子送医不治。</p>"
        "<p>警方初步调查，高姓男子今天下午与母亲争吵，走到住家8楼顶却不慎坠落。</p></article>"
        "<button>送出</button></form></body></html>")
    removals = remove_non_content(soup.body)
    text = soup.body.get_text()
    assert "走到住家8楼顶却不慎坠落" in text and "送出" not in text
    assert soup.find("form") is None and soup.find("input") is None
    assert "form" in {r.reason for r in removals}


def test_a_search_form_is_removed_whole():
    soup = parse_html("<html><body><form><input name=q><button>搜索</button></form>"
                      "<p>正文第一段，足够长的一句话，说明这是文章的内容。</p></body></html>")
    remove_non_content(soup.body)
    assert "搜索" not in soup.body.get_text() and "正文第一段" in soup.body.get_text()


def test_the_article_holding_the_headline_wins_over_a_bigger_stream_of_teasers():
    from generator.conversion.structure.main_content import select_main_content

    teaser = "<li><h4><a href=/x>另一篇报道的标题</a></h4><p>" + "另一篇报道的摘要文字，" * 12 + "</p></li>"
    soup = parse_html(
        "<html><body><div class='caas enableAdSlotsOneSlot'><article class=caas-container>"
        "<h1>日本企业5月信心保持稳定</h1><div class=caas-body><p>路透月度调查显示，日本企业信心5月"
        "保持稳定，但制造业及服务业反映，日圆疲弱带来的通胀压力正损害利润。</p><p>调查显示，5月制造业"
        "景气判断指数维持于正9，未来3个月预计略有改善；非制造业景气判断指数微升至正26。</p></div></article></div>"
        f"<main role=main><ul>{teaser * 8}</ul></main></body></html>")
    remove_non_content(soup.body)
    main, _ = select_main_content(soup.body)
    assert "路透月度调查显示" in main.get_text() and "另一篇报道" not in main.get_text()


def test_markup_too_dense_to_parse_is_read_as_its_text():
    from generator.document import Document
    from generator.conversion.stages.structure import build_blocks
    from generator.config import Config

    html = "<html><body><p>" + "<b>粗</b>" * 26000 + "</p><p>最后一段。</p></body></html>"
    doc = build_blocks(Document(source="a.html", kind="html", body=html, raw=html), Config())
    assert [p.code for p in doc.problems] == ["too-complex"]
    assert doc.blocks[0].text.startswith("粗粗粗") and doc.blocks[-1].text == "最后一段。"
