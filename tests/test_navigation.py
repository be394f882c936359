"""The navigation for thousands of documents (generator/site/navigation.py), on MkDocs' own
navigation built from a folder of generated pages: years newest first, undated last,
Chinese titles, big years split by month, the tag section reduced to its index."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Section, get_navigation
from mkdocs.structure.pages import Page

from generator.collection.assemble import build_collection
from generator.document import Document
from generator.site.navigation import GROUP_MIN, arrange_nav, article_order


def mkdocs_nav(tmp: Path, paths: list[str]):
    docs, out = tmp / "docs", tmp / "out"
    for rel in paths:
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text("# t\n", encoding="utf-8")
    config = MkDocsConfig()
    config.load_dict({"site_name": "t", "docs_dir": str(docs), "site_dir": str(out)})
    assert config.validate() == ([], [])
    files = Files([File(rel, str(docs), str(out), True) for rel in paths])
    for file in files.documentation_pages():
        Page(None, file, config)
    return get_navigation(files, config)


def shape(items) -> list:
    out = []
    for item in items:
        if isinstance(item, Section):
            out.append((item.title, shape(item.children)))
        else:
            out.append(item.file.src_uri)
    return out


def documents(spec: list[tuple[str, str | None]]) -> list[Document]:
    return [Document(source=f"{n:04d}.txt", title=title, date=date) for n, (title, date) in enumerate(spec)]


def test_years_newest_first_undated_last_and_overviews_first(tmp_path):
    # tag pages and the year pages of a big timeline or document list stay out of the nav
    coll = build_collection(documents([("旧文", "2019-03-01"), ("新文", "2021-05-02"),
                                       ("同年较早", "2019-01-09"), ("无日期", None)]))
    pages = ["index.md", "about.md", "report.md", "timeline.md", "documents.md",
             "tags/index.md", "tags/double-11.md", "timeline/2019.md", "documents/2019.md",
             ] + [coll.page_path(d) for d in coll.documents]
    nav = arrange_nav(mkdocs_nav(tmp_path, pages), article_order(coll))
    path = {d.title: coll.page_path(d) for d in coll.documents}
    assert shape(nav.items) == [
        "index.md", "timeline.md", "documents.md", "tags/index.md",
        ("文章", [("2021年", [path["新文"]]),
                  ("2019年", [path["旧文"], path["同年较早"]]),
                  ("日期不详", [path["无日期"]])]),
        "about.md",
        "report.md",
    ]


def test_a_big_year_is_split_by_month_newest_first(tmp_path):
    spec = [(f"文章{n}", f"2019-{n % 3 + 1:02d}-{n % 28 + 1:02d}") for n in range(GROUP_MIN + 5)]
    spec.append(("只有年份", "2019"))
    coll = build_collection(documents(spec))
    nav = arrange_nav(mkdocs_nav(tmp_path, [coll.page_path(d) for d in coll.documents]),
                      article_order(coll))
    year = nav.items[0].children[0]
    assert year.title == "2019年"
    assert [s.title for s in year.children] == ["3月", "2月", "1月", "月份不详"]
    assert sum(len(s.children) for s in year.children) == len(spec)
    march = year.children[0]
    assert all(page.parent is march for page in march.children) and march.parent is year


def test_many_undated_documents_are_split_by_initial(tmp_path):
    titles = [f"{word}{n}" for n in range(GROUP_MIN // 2 + 3) for word in ("阿里", "淘宝")]
    coll = build_collection(documents([(t, None) for t in titles]))
    nav = arrange_nav(mkdocs_nav(tmp_path, [coll.page_path(d) for d in coll.documents]),
                      article_order(coll))
    undated = nav.items[0].children[0]
    assert undated.title == "日期不详"
    assert [s.title for s in undated.children] == ["A", "T"]   # a-li..., tao-bao...
    assert sum(len(s.children) for s in undated.children) == len(titles)


def sizes(section) -> list[int]:
    """The number of entries at every level of a section, all the way down."""
    out = [len(section.children)]
    for child in section.children:
        if isinstance(child, Section):
            out += sizes(child)
    return out


def test_articles_bunched_in_a_series_or_a_month_are_cut_into_parts(tmp_path):
    """A series of undated titles that all begin alike (one slug prefix), and a busy
    month: no level of the navigation holds more than GROUP_MIN entries."""
    many = 12 * GROUP_MIN
    spec = [(f"双十一观察之{n}", None) for n in range(many)]
    spec += [(f"大促{n}", f"2021-11-{n % 30 + 1:02d}") for n in range(many)]
    spec += [(f"淘宝{n}", None) for n in range(3)]
    coll = build_collection(documents(spec))
    nav = arrange_nav(mkdocs_nav(tmp_path, [coll.page_path(d) for d in coll.documents]),
                      article_order(coll))
    year, undated = nav.items[0].children
    assert max(sizes(year)) <= GROUP_MIN and max(sizes(undated)) <= GROUP_MIN
    assert [s.title for s in undated.children] == ["S", "T"]
    assert [s.title for s in undated.children[0].children][:3] == ["SH（1）", "SH（2）", "SH（3）"]
    november = year.children            # one month only: its parts are the year's sections
    # 16 articles a day, parts of 22 (√480 rounded up): days 30 and 29, then 29 and 28
    assert [s.title for s in november[:2]] == ["30–29日", "29–28日"]
    assert all(s.parent is year for s in november)

    def pages(item):
        return [item] if isinstance(item, Page) else [p for c in item.children for p in pages(c)]

    assert len(pages(year)) == many and len(pages(undated)) == many + 3
    for page in pages(undated):
        assert page.parent.parent is not None and page.parent.children.count(page) == 1
