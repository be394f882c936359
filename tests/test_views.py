"""The cross-document views (collection.py, views.py, home.py, timeline and report pages)
on synthetic Documents: no build, no browser."""

from __future__ import annotations

import html
import re

import markdown
import yaml

from generator.collection.assemble import (
    build_collection, documents_by_date, format_date, home_figures, tag_index,
)
from generator.convert import remove_stale
from generator.document import Block, Document, Event, Problem, Removal
from generator.pages.home import expand_markers, home_sections
from generator.pages.links import Taxonomy, relative_url
from generator.pages.report_page import report_page, report_pages
from generator.pages.timeline_page import timeline_pages
from generator.pages.views import documents_pages, tag_detail_pages, view_pages
from generator.pages.write import reading_chars, reading_minutes, render_page

TAXONOMY = Taxonomy(names={"double-11": "双十一", "winter-olympics": "北京冬奥会"},
                    descriptions={"double-11": "11月11日的购物节。"})
HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>'


def doc(source, title, date=None, precision=None, tags=(), events=(), **kw) -> Document:
    return Document(source=source, title=title, date=date, date_precision=precision,
                    date_source="front-matter" if date else None, tags=tuple(tags),
                    events=tuple(events), blocks=(Block("paragraph", text="正文。"),), **kw)


def sample():
    return build_collection([
        doc("a.txt", "双十一的起源", "2014-10-22", "day", ["double-11"], [
            Event("2009", "year", "2009年第一个双十一。", "p3"),
            Event("2012-11-11", "day", "2012年11月11日交易额破百亿。", "p7", ("double-11",)),
        ]),
        doc("b.txt", "冬奥特许商品", "2022-02", "month", ["winter-olympics"], [
            Event("2017-12", "month", "2017年12月特许商品店上线。", "p2"),
        ]),
        doc("c.txt", "没有日期的百科条目", tags=["double-11"]),
        doc("d.txt", "另一篇没有日期的文章"),
    ])


def test_the_timeline_and_the_tag_index_are_assembled_once_per_build(monkeypatch):
    """The timeline page, the home page's glimpse and its figures, the tag pages, the tag
    index and the home page's tag cards read one timeline and one tag index (each was
    assembled again by every reader: three timelines and three tag indexes per build)."""
    import generator.collection.assemble as collection

    calls = {"events": 0, "tags": 0}
    anchor_number, by_date = collection.anchor_number, collection.documents_by_date

    def counted_anchor(anchor):   # called for every event the timeline places
        calls["events"] += 1
        return anchor_number(anchor)

    def counted_by_date(coll):    # the tag index orders each tag's documents by date
        calls["tags"] += 1
        return by_date(coll)

    monkeypatch.setattr(collection, "anchor_number", counted_anchor)
    monkeypatch.setattr(collection, "documents_by_date", counted_by_date)
    coll = sample()
    view_pages(coll.documents, coll, TAXONOMY)
    home_sections(coll, TAXONOMY, "知库", "")
    assert calls == {"events": 3, "tags": 1}   # 3 events, placed once; one tag index


def test_dates_are_written_at_their_true_precision():
    assert format_date("2009", "year") == "2009年"
    assert format_date("2017-12", "month") == "2017年12月"
    assert format_date("2015-09-22", "day") == "2015年9月22日"
    assert format_date("2015-09-22", "month") == "2015年9月"
    assert format_date("2015-09") == "2015年9月"
    assert format_date(None) == ""


def test_pages_are_grouped_by_year_and_undated_documents_stand_apart():
    coll = sample()
    paths = {d.source: coll.page_path(d) for d in coll.documents}
    assert re.fullmatch(r"articles/2014/[a-z0-9-]+\.md", paths["a.txt"])
    assert paths["b.txt"].startswith("articles/2022/")
    assert paths["c.txt"].startswith("articles/undated/")
    for d in coll.documents:
        assert coll.url(d) == coll.page_path(d)[: -len(".md")] + "/"


def test_timeline_is_chronological_with_links_to_paragraphs_and_tags():
    entries = sample().timeline
    assert [e.date for e in entries] == ["2009", "2012-11-11", "2017-12"]
    assert [e.label for e in entries] == ["2009年", "2012年11月11日", "2017年12月"]
    assert entries[0].url.endswith("/#p3") and entries[0].url.startswith("articles/2014/")
    assert entries[0].tags == ("double-11",)        # the document's tags when the event has none
    assert entries[2].tags == ("winter-olympics",)


def test_documents_by_date_newest_first_and_undated_never_at_a_made_up_date():
    dated, undated = documents_by_date(sample())
    assert [d.source for d in dated] == ["b.txt", "a.txt"]
    assert [d.title for d in undated] == sorted(["没有日期的百科条目", "另一篇没有日期的文章"])
    page = documents_pages(sample(), TAXONOMY)["documents.md"]
    years = re.findall(r"^## (\S+)", page, re.M)
    assert years == ["2022年", "2014年", "日期不详"]
    undated_part = page.split("## 日期不详")[1]
    assert "没有日期的百科条目" in undated_part and not re.search(r"\d+年", undated_part)


def test_a_long_document_list_gets_one_page_per_year():
    pages = documents_pages(sample(), TAXONOMY, max_documents=3)
    assert sorted(pages) == ["documents.md", "documents/2014.md", "documents/2022.md",
                             "documents/undated.md"]
    assert "(<documents/undated.md>)" in pages["documents.md"]
    assert "没有日期的百科条目" in pages["documents/undated.md"]
    assert 'href="../../articles/2022/' in pages["documents/2022.md"]   # from documents/2022/
    tag = next(t for t in tag_index(sample(), TAXONOMY.names) if t.id == "double-11")
    tag_pages = tag_detail_pages(sample(), tag, TAXONOMY, max_documents=1)
    assert sorted(tag_pages) == ["tags/double-11.md", "tags/double-11/2014.md", "tags/double-11/undated.md"]
    assert 'href="../../../articles/undated/' in tag_pages["tags/double-11/undated.md"]


def test_tag_index_counts_and_tag_pages_list_exactly_their_documents():
    coll = sample()
    tags = {t.id: t for t in tag_index(coll, TAXONOMY.names)}
    assert {k: v.count for k, v in tags.items()} == {"double-11": 2, "winter-olympics": 1}
    pages = view_pages(coll.documents, coll, TAXONOMY)
    eleven = pages["tags/double-11.md"]
    linked = set(re.findall(r'<li>.*?href="\.\./\.\./(articles/[^"]+)/"', eleven))   # from tags/double-11/
    assert linked == {coll.page_path(d)[:-3] for d in coll.documents if "double-11" in d.tags}
    assert "11月11日的购物节。" in eleven
    assert "tags/index.md" in pages and "2 </span> 篇" not in pages["tags/index.md"]


def test_odd_tag_ids_and_undated_events_stay_inside_the_site():
    coll = build_collection([doc("t.txt", "怪标签", "2020", "year", ["../../etc/passwd", "AI/ML"],
                                 [Event("", "year", "没有日期的事件", "p1")])])
    pages = view_pages(coll.documents, coll, TAXONOMY)
    tag_pages = sorted(p for p in pages if p.startswith("tags/") and p != "tags/index.md")
    # a page of their own each, named from a slug (plus a hash of the id: not a clean slug)
    assert [p.rsplit("-", 1)[0] for p in tag_pages] == ["tags/ai-ml", "tags/etc-passwd"]
    assert all(re.fullmatch(r"tags/[a-z0-9-]+\.md", p) for p in tag_pages)
    assert coll.timeline == []


def test_a_free_tags_timeline_link_is_percent_encoded():
    coll = build_collection([doc("t.txt", "自由标签", "2020", "year", ["北京商报新闻"],
                                 [Event("2020", "year", "发生了一件事", "p1")])])
    pages = view_pages(coll.documents, coll, TAXONOMY)
    (tag_page,) = [text for path, text in pages.items() if path.startswith("tags/bei-jing-shang-bao-xin-wen-")]
    assert "timeline/?tag=%E5%8C%97%E4%BA%AC%E5%95%86%E6%8A%A5%E6%96%B0%E9%97%BB" in tag_page
    assert "?tag=北京" not in tag_page


def test_home_figures_count_documents_events_and_years():
    assert home_figures(sample()) == {"documents": 4, "events": 3, "tags": 2,
                                      "first_year": 2009, "last_year": 2022, "undated": 2}


def test_home_markers_are_replaced_and_unknown_ones_kept():
    sections = home_sections(sample(), TAXONOMY, "知库", "资料汇编")
    text = expand_markers("前言\n\n<!-- zhiku:intro -->\n\n<!-- zhiku:figures -->\n\n"
                          "<!-- zhiku:nonsense -->\n", sections)
    assert "# 知库" in text and "资料汇编" in text and "前言" in text
    assert 'data-zk-figure="documents">4<' in text and 'data-zk-figure="years">2009–2022<' in text
    assert "<!-- zhiku:nonsense -->" in text


def test_hostile_titles_and_event_text_never_become_markup():
    coll = build_collection([doc("x.txt", HOSTILE, "2020", "year", ["double-11"],
                                 [Event("2020", "year", HOSTILE, "p1")])])
    pages = view_pages(coll.documents, coll, TAXONOMY)
    pages["home"] = "\n".join(home_sections(coll, TAXONOMY, HOSTILE, HOSTILE).values())
    for name, text in pages.items():
        unescaped = text.replace("\\<", "")   # `\<` is Markdown's escaped, inert `<`
        assert "<script" not in unescaped and "<img" not in unescaped, name
    front = yaml.safe_load(render_page(coll.documents[0], coll).split("---\n")[1])
    assert "<" not in front["title"] and "<" not in front["zhiku"]["tag_links"][0]["name"]


def test_timeline_page_embeds_period_and_tags_for_the_filters():
    page = timeline_pages(sample(), TAXONOMY)["timeline.md"]
    items = re.findall(r'<li class="zk-event" data-period="([^"]*)" data-tags="([^"]*)"', page)
    assert items == [("2009", "double-11"), ("2012", "double-11"), ("2017", "winter-olympics")]
    assert 'data-tag="double-11"' in page and 'data-tag="winter-olympics"' in page
    assert 'href="../articles/2014/' in page
    assert re.findall(r"^## (\S+)", page, re.M) == ["2009年", "2012年", "2017年"]
    empty = timeline_pages(build_collection([doc("e.txt", "无事件")]), TAXONOMY)
    assert list(empty) == ["timeline.md"] and "zk-event" not in empty["timeline.md"]


def test_a_big_timeline_gets_one_page_per_year_grouped_by_month():
    pages = timeline_pages(sample(), TAXONOMY, max_events=2)
    assert sorted(pages) == ["timeline.md", "timeline/2009.md", "timeline/2012.md", "timeline/2017.md"]
    assert "zk-event" not in pages["timeline.md"] and "(<timeline/2012.md>)" in pages["timeline.md"]
    year = pages["timeline/2012.md"]
    assert re.findall(r'data-period="([^"]*)"', year) == ["2012-11"]
    assert "## 11月" in year and 'href="../../articles/2014/' in year
    assert "## 月份不详" in pages["timeline/2009.md"]       # a year-precision event


def test_report_page_is_excluded_from_search_and_lists_removals_warnings_skips():
    good = doc("a.txt", "好文档", "2020", "year", encoding="gb18030", script="hant",
               removed=(Removal("navigation", "返回首页 | 上一篇"),),
               problems=(Problem("date-unknown-year", "a.txt", "10-22 without a year"),))
    bad = Document(source="bad.bin").with_problem("binary", "not text", "error")
    coll = build_collection([good, bad])
    page = report_page((good, bad), coll)
    front = yaml.safe_load(page.split("---\n")[1])
    assert front["search"] == {"exclude": True}
    assert "gb18030" in page and "繁体" in page and "navigation" in page
    assert "<td>navigation</td>\n<td>返回首页 | 上一篇</td>" in page   # one row, the pipe kept as text
    assert "date-unknown-year" in page and "bad.bin" in page and "binary: not text" in page


def test_report_shows_hostile_names_titles_and_passages_as_text():
    name = f"{HOSTILE}.txt"
    title = f"{HOSTILE} *强调* _斜体_ [链接](x) AT&T &amp;"
    bad = doc(name, title, removed=(Removal("script", HOSTILE),), problems=(Problem("date", name, HOSTILE),))
    skipped = Document(source=f"{HOSTILE}.bin").with_problem("binary", HOSTILE, "error")
    page = markdown.Markdown(extensions=["attr_list", "footnotes", "admonition", "tables", "md_in_html", "toc"],
                             extension_configs={"toc": {"permalink": True}}).convert(
        report_page((bad, skipped), build_collection([bad])).split("---\n", 2)[2])
    assert set(re.findall(r"<([a-z0-9]+)", page)) == {
        "h1", "h2", "p", "a", "strong", "ul", "li", "code", "table", "thead", "tbody", "tr", "th", "td"}
    shown = html.escape(HOSTILE, quote=False)
    assert re.search(rf'<h2 id="doc-1">{re.escape(shown)}\.txt<a class="headerlink"', page)
    assert f'<a href="#doc-1">{shown}.txt</a>' in page                     # the summary table
    assert re.search(rf'<li>页面：<a href="[^"]+">{re.escape(html.escape(title, quote=False))}</a></li>', page)
    assert f"<td>script</td>\n<td>{shown}</td>" in page                  # the removed passage
    assert f"<li><code>date</code> {shown}</li>" in page                  # the warning
    assert f"<td>{shown}.bin</td>\n<td>binary: {shown}</td>" in page     # the skipped file


def test_article_front_matter_has_what_the_header_shows():
    inferred = Document(source="t.txt", title="标题", date="2014-10-22", date_precision="day",
                        date_source="text", tags=("double-11",),
                        blocks=(Block("paragraph", text="字" * 900),))
    coll = build_collection([inferred])
    zk = yaml.safe_load(render_page(inferred, coll).split("---\n")[1])["zhiku"]
    assert zk["date_label"] == "2014年10月22日" and zk["date_inferred"] is True
    assert zk["reading_chars"] == 902 and zk["reading_minutes"] == 3
    assert zk["tag_links"] == [{"id": "double-11", "name": "双十一", "page": "tags/double-11/"}]
    assert zk["raw"] == f"raw/{coll.slugs['t.txt']}.txt"


def test_reading_time_counts_characters_not_markup():
    d = Document(source="r.txt", title="", blocks=(
        Block("paragraph", text="看[这里](https://example.com/a-very-long-url) \\*注\\*"),))
    assert reading_chars(d) == len("看这里*注*")
    assert reading_minutes(1) == 1 and reading_minutes(400) == 1 and reading_minutes(401) == 2


def test_relative_urls_from_generated_pages():
    assert relative_url("timeline.md", "articles/2022/x/#p3") == "../articles/2022/x/#p3"
    assert relative_url("tags/double-11.md", "timeline/?tag=double-11") == "../../timeline/?tag=double-11"
    assert relative_url("index.md", "articles/2022/x/#p3") == "articles/2022/x/#p3"
    assert relative_url("tags/index.md", "documents/") == "../documents/"


def test_stale_pages_are_removed_at_any_depth(tmp_path):
    keep = tmp_path / "articles" / "2022" / "keep.md"
    gone = tmp_path / "articles" / "2016" / "gone.md"
    for path in (keep, gone):
        path.parent.mkdir(parents=True)
        path.write_text("x", encoding="utf-8")
    remove_stale(tmp_path, {keep}, ("articles", "tags"))
    assert keep.is_file() and not gone.exists() and not gone.parent.exists()


def test_a_year_with_more_events_than_a_page_is_cut_into_linked_pages():
    events = tuple(Event(f"2015-{m:02d}-0{d}", "day", f"2015年{m}月{d}日的第{m}-{d}件事。", f"p{m}{d}")
                   for m in (3, 11) for d in range(1, 4))            # 3 in March, 3 in November
    many = doc("m.txt", "事件很多", "2015-11-11", "day", ["double-11"], events)
    coll = build_collection([many] + list(sample().documents))
    pages = timeline_pages(coll, TAXONOMY, max_events=2)
    parts = sorted(p for p in pages if p.startswith("timeline/2015"))
    assert parts == ["timeline/2015-2.md", "timeline/2015-3.md", "timeline/2015.md"]
    texts = [re.findall(r'<p class="zk-event__text">([^<]*)</p>', pages[p])
             for p in ("timeline/2015.md", "timeline/2015-2.md", "timeline/2015-3.md")]
    assert [len(t) for t in texts] == [2, 2, 2]
    assert sum(texts, []) == [e.text for e in events], "every event once, in date order"
    assert re.findall(r'data-period="([^"]*)"', pages["timeline/2015-2.md"]) == ["2015-03", "2015-11"]
    second = pages["timeline/2015-2.md"]
    assert "2015年的事件分 3 页" in second and "**2**" in second
    assert "(<2015.md>)" in second and "(<2015-3.md>)" in second
    assert "（2/3）" in second and "(<timeline/2015.md>)" in pages["timeline.md"]
    assert "分 " not in pages["timeline/2012.md"], "a year on one page has no pager"


def test_a_long_report_is_cut_into_numbered_pages_listed_by_the_first():
    docs = [doc(f"{n:02d}.txt", f"第{n}篇", "2020", "year",
                removed=(Removal("navigation", f"返回首页 {n}"),)) for n in range(5)]
    coll = build_collection(docs)
    pages = report_pages(coll.documents, coll, per_page=2)
    assert sorted(pages) == ["report.md", "report/1.md", "report/2.md", "report/3.md"]
    first = pages["report.md"]
    assert "转换 5 篇" in first and "(<report/3.md>)" in first and "返回首页" not in first
    sections = {p: re.findall(r"^## (\S+) \{ #doc-(\d+) \}", pages[p], re.M) for p in pages if p != "report.md"}
    assert sections == {"report/1.md": [("00.txt", "1"), ("01.txt", "2")],
                        "report/2.md": [("02.txt", "3"), ("03.txt", "4")],
                        "report/3.md": [("04.txt", "5")]}
    assert '<a href="#doc-5">04.txt</a>' in pages["report/3.md"] and "返回首页 4" in pages["report/3.md"]
    assert 'href="../../articles/2020/' in pages["report/2.md"], "links from a part page climb one folder more"
    for text in pages.values():
        assert yaml.safe_load(text.split("---\n")[1])["search"] == {"exclude": True}
    assert list(report_pages(coll.documents, coll, per_page=5)) == ["report.md"]
