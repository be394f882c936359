"""Summaries, key words, related reading, the year's neighbours and the image rules, on
documents made here (the built sites are in test_reader_site.py)."""

from __future__ import annotations

from dataclasses import replace

from generator.collection.assemble import build_collection
from generator.config import Config
from generator.document import CAPTION, HEADING, IMAGE, LIST, PARAGRAPH, Block, Document
from generator.collection.related import MAX_RELATED, NEIGHBOURS, related_documents, year_neighbours
from generator.conversion.stages.summary import MAX_CHARS, first_sentences, summarize
from generator.conversion.structure.image_blocks import page_kind
from generator.conversion.structure.markdown_blocks import markdown_to_blocks
from generator.pages.write import dropped_image_notes

P = lambda text: Block(PARAGRAPH, text=text)  # noqa: E731


def test_a_declared_description_wins_sidecar_first_and_markup_goes():
    doc = Document(source="a.md", title="标题", blocks=(P("正文的第一句话写得足够长，可以做摘要用的。"),),
                   meta={"excerpt": "<p>摘录<strong>一句</strong>。</p>", "description": ""})
    assert summarize(doc, Config()).summary == "摘录一句。"
    doc = replace(doc, sidecar={"description": "旁注文件里的说明。"})
    assert summarize(doc, Config()).summary == "旁注文件里的说明。"
    odd = replace(doc, sidecar={}, meta={"description": ["不是", "文字"]})
    done = summarize(odd, Config())
    assert done.summary.startswith("正文的第一句话") and [p.code for p in done.problems] == ["summary"]


def test_a_declared_description_comes_in_the_sites_script():
    doc = Document(source="a.md", title="標題", script="hant", meta={"description": "這是一個關於雙十一的說明。"})
    assert summarize(doc, Config()).summary == "这是一个关于双十一的说明。"


def test_the_computed_summary_skips_datelines_credits_lead_ins_and_links():
    blocks = (P("2021年5月1日 10:00"), P("文/张三"), Block(HEADING, text="西湖十一景", level=2),
              P("原文链接：https://example.com/a"), P("我们拍下的照片如下："),
              Block(CAPTION, text="图1：断桥"),
              P("春天的西湖，我们从断桥走到苏堤，再从苏堤走回孤山。一整天下来拍了很多照片，这里选出十一张。"),
              P("第二段不该出现在摘要里，因为前一段已经够长了，而且这一段还很长很长很长。"))
    assert first_sentences(blocks, "西湖十一景") == \
        "春天的西湖，我们从断桥走到苏堤，再从苏堤走回孤山。一整天下来拍了很多照片，这里选出十一张。"
    # a short opening sentence is joined by the next, across paragraphs too
    assert first_sentences((P("这是开头的一段话，字数刚刚超过十六个字。"), P("第二段的第一句话写得更长一些，加起来就够了。后面的句子不要。"))) \
        == "这是开头的一段话，字数刚刚超过十六个字。第二段的第一句话写得更长一些，加起来就够了。"


def test_the_summary_is_bounded_and_a_cut_ends_with_an_ellipsis():
    long = "很" * 300 + "长的一句话。"
    summary = first_sentences((P(long),))
    assert len(summary) == MAX_CHARS and summary.endswith("…")
    # whole sentences while they fit
    summary = first_sentences((P("第一句话有二十个字左右这样就够了吧。" * 2 + "第三句话" + "很" * 100 + "。"),))
    assert summary == "第一句话有二十个字左右这样就够了吧。" * 2


def test_a_document_without_prose_falls_back_to_its_line_or_its_list():
    assert first_sentences((Block(IMAGE, src="https://a.example/1.jpg"), P("灵隐寺的一天。"))) == "灵隐寺的一天。"
    assert first_sentences((Block(LIST, items=("断桥残雪", "苏堤春晓", "平湖秋月", "雷峰夕照")),)) \
        == "断桥残雪；苏堤春晓；平湖秋月；雷峰夕照"
    assert first_sentences((Block(IMAGE, src="https://a.example/1.jpg"),)) == ""


def test_key_terms_are_the_telling_words_and_the_same_every_time():
    doc = Document(source="a.md", title="冬奥特许商品销售额猛增",
                   blocks=(P("冬奥特许商品在天猫旗舰店热销，冰墩墩一墩难求，我们看到特许商品的销售额同比增长二十倍。"),))
    terms = summarize(doc, Config()).terms
    assert terms == summarize(doc, Config()).terms
    assert {"特许", "冬奥", "旗舰店"} <= set(terms) and "我们" not in terms and "看到" not in terms
    assert len(terms) <= 8


def _doc(source: str, date: str | None, tags=(), terms=(), title=None) -> Document:
    return Document(source=source, title=title or source, date=date, date_precision="day" if date else None,
                    tags=tuple(tags), terms=tuple(terms), blocks=(P(f"{source} 的正文。"),))


def test_related_documents_share_a_tag_or_two_words_best_first():
    docs = [_doc("a.md", "2021-01-01", ["xihu"], ["断桥", "白堤"]),
            _doc("b.md", "2021-02-01", ["xihu"], ["断桥", "白堤"]),    # tag and two words
            _doc("c.md", "2021-03-01", ["xihu"]),                       # tag only
            _doc("d.md", "2021-04-01", [], ["断桥", "白堤"]),            # two words only
            _doc("e.md", "2021-05-01", [], ["断桥"]),                    # one word: not related
            _doc("f.md", "2021-06-01", ["other"], ["其他", "无关"])]
    related = related_documents(build_collection(docs))
    assert related["a.md"] == ("b.md", "c.md", "d.md")
    assert "e.md" not in related and "f.md" not in related
    assert related == related_documents(build_collection(list(reversed(docs))))   # deterministic


def test_related_reading_meets_a_bounded_neighbourhood_of_a_huge_tag():
    docs = [_doc(f"{n:05d}.md", f"20{10 + n // 365:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}", ["everyone"])
            for n in range(2_000)]
    coll = build_collection(docs)
    order = sorted(coll.documents, key=lambda d: (d.date, d.source))
    rank = {d.source: k for k, d in enumerate(order)}
    related = related_documents(coll)
    assert len(related) == 2_000
    for source, found in related.items():
        assert len(found) == MAX_RELATED
        # only its neighbours in the tag's date-ordered list were looked at, nearest first
        assert all(abs(rank[f] - rank[source]) <= NEIGHBOURS for f in found)
        assert [abs(rank[f] - rank[source]) for f in found] == sorted(abs(rank[f] - rank[source]) for f in found)


def test_previous_and_next_stay_inside_the_year():
    docs = [_doc("a.md", "2020-12-31"), _doc("b.md", "2021-01-05"), _doc("c.md", "2021-03-01", title="乙"),
            _doc("d.md", "2021-03-01", title="甲"), _doc("e.md", "2021"), _doc("f.md", None)]
    years = year_neighbours(build_collection(docs))
    assert years["a.md"] == (None, None)
    # a year-only date sorts before the year's months; the same day goes by title
    assert years["e.md"] == (None, "b.md")
    assert years["b.md"] == ("e.md", "c.md") and years["c.md"] == ("b.md", "d.md")
    assert years["d.md"] == ("c.md", None) and "f.md" not in years


def test_image_addresses_that_are_pages():
    assert page_kind("https://github.com/o/r/tree/main/docs")
    assert page_kind("https://github.com/o/r/blob/main/a.png")
    assert page_kind("https://github.com/o/r")
    assert not page_kind("https://github.com/o/r/blob/main/a.png?raw=true")
    assert not page_kind("https://github.com/o/r/raw/main/a.png")
    assert not page_kind("https://raw.githubusercontent.com/o/r/main/a.png")
    assert page_kind("https://gitlab.com/g/sub/r/-/blob/main/a.png")
    assert not page_kind("https://i.imgur.com/abc.jpg") and page_kind("https://imgur.com/a/abc")


def test_a_list_of_pictures_becomes_image_blocks_with_their_words():
    blocks = markdown_to_blocks("- 开头一项\n- ![](https://a.example/1.jpg)\n- ![断桥](https://a.example/2.jpg) 雪后\n"
                                "- ![](https://a.example/3.jpg) 苏堤\n- 最后一项")
    assert [(b.kind, b.src, b.alt, b.text, b.items) for b in blocks] == [
        (LIST, "", "", "", ("开头一项",)),
        (IMAGE, "https://a.example/1.jpg", "", "", ()),
        (IMAGE, "https://a.example/2.jpg", "断桥", "", ()),
        (CAPTION, "", "", "雪后", ()),
        (IMAGE, "https://a.example/3.jpg", "苏堤", "", ()),
        (LIST, "", "", "", ("最后一项",)),
    ]


def test_a_run_of_dropped_images_is_one_note_and_no_anchor_moves():
    dropped = [Block(IMAGE, label=f"a{n}.jpg") for n in range(3)]
    blocks = [P("前文"), *dropped, P("后文"), Block(IMAGE, label="b.jpg")]
    out = dropped_image_notes(blocks, "hant")
    assert len(out) == len(blocks) and out[4] == P("后文")
    assert out[1].kind == CAPTION and "3 張圖片未能收錄" in out[1].text and "a0.jpg 等" in out[1].text
    assert [b.text for b in out[2:4]] == ["", ""]
    assert "1 張圖片" in out[5].text and "等" not in out[5].text


def test_a_saved_pages_head_description_is_not_its_summary():
    # a portal's <meta name="description"> is a keyword list (tests/corpus a-163-apple-antitrust.html)
    doc = Document(source="a.html", kind="webpage", title="苹果称美国反垄断诉讼应被驳回",
                   meta={"description": "苹果称美国反垄断诉讼应被驳回,指控,美国,苹果公司,财务会计,apple"},
                   blocks=(P("鞭牛士报道，5月22日消息，据外电报道，苹果公司周二表示，计划要求美国法官驳回诉讼。"),))
    assert summarize(doc, Config()).summary.startswith("鞭牛士报道")
