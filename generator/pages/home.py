"""The generated parts of the home page.

`docs_src/index.md` stays a hand-written page: it holds the intro text and markers such as
`<!-- zhiku:figures -->` where the hook (`expand_markers`) puts the generated sections.
A marker left out simply leaves its section out; an unknown marker is kept as written.
"""

from __future__ import annotations

import html
import re

from ..collection.assemble import Collection, documents_by_date, home_figures, tag_index, yearly_counts
from .home_chart import tag_bars, year_chart
from .links import DOCUMENTS_PAGE, TAGS_PAGE, TIMELINE_PAGE, Taxonomy, md_link, page_url, relative_url
from .views import doc_list, story_heads
from .write import escape_inline

HOME_PAGE = "index.md"
LATEST = 8           # stories in "latest documents" (a story's copies listed under it)
TOP_TAGS = 12        # tags in the home page's tag bars
GLIMPSE = 5          # events in the timeline glimpse
MARKER = re.compile(r"<!--\s*zhiku:([a-z-]+)\s*-->")


def home_sections(coll: Collection, taxonomy: Taxonomy, title: str, description: str) -> dict[str, str]:
    """Marker name -> the Markdown that replaces it on the home page."""
    return {
        "intro": intro(title, description),
        "figures": figures(coll),
        "tags": tags_section(coll, taxonomy),
        "latest": latest(coll, taxonomy),
        "timeline": timeline_glimpse(coll),
    }


def expand_markers(markdown: str, sections: dict[str, str]) -> str:
    return MARKER.sub(lambda m: sections.get(m.group(1), m.group(0)), markdown)


def intro(title: str, description: str) -> str:
    out = f"# {escape_inline(title)}\n"
    if description:
        out += f'\n{escape_inline(description)}\n{{: .zk-lead }}\n'
    return out


def figures(coll: Collection) -> str:
    fig = home_figures(coll)
    years = ("—" if fig["first_year"] is None else
             f"{fig['first_year']}–{fig['last_year']}" if fig["first_year"] != fig["last_year"]
             else str(fig["first_year"]))
    items = [
        ("documents", fig["documents"], "篇文档", DOCUMENTS_PAGE),
        ("events", fig["events"], "个事件", TIMELINE_PAGE),
        ("tags", fig["tags"], "个标签", TAGS_PAGE),
        ("years", years, "年份跨度", TIMELINE_PAGE),
    ]
    cells = "\n".join(
        f'<a class="zk-figure" href="{html.escape(relative_url(HOME_PAGE, page_url(page)))}">'
        f'<span class="zk-figure__n" data-zk-figure="{name}">{value}</span>'
        f'<span class="zk-figure__label">{label}</span></a>'
        for name, value, label, page in items)
    # the chart rides with the figures: a home page written before it existed shows it too
    return f'<div class="zk-figures">\n{cells}\n</div>\n\n' + year_chart(yearly_counts(coll))


def tags_section(coll: Collection, taxonomy: Taxonomy) -> str:
    tags = tag_index(coll, taxonomy.names)
    if not tags:
        return ""
    return (f"## 标签 {{ #tags }}\n\n{tag_bars(HOME_PAGE, tags, TOP_TAGS)}\n"
            f"{md_link(HOME_PAGE, TAGS_PAGE, f'全部 {len(tags)} 个标签')} →\n")


def latest(coll: Collection, taxonomy: Taxonomy) -> str:
    dated, undated = documents_by_date(coll)
    # a story once, under its earliest copy (as the documents list shows it): a newer copy
    # would otherwise take a place of its own, or push its story's first copy out
    docs = story_heads(coll, dated + undated)[:LATEST]
    if not docs:
        return ""
    return (f"## 最新文档 {{ #latest }}\n\n{doc_list(HOME_PAGE, coll, docs, taxonomy)}\n\n"
            f"{md_link(HOME_PAGE, DOCUMENTS_PAGE, f'全部 {len(coll.documents)} 篇文档')} →\n")


def timeline_glimpse(coll: Collection) -> str:
    """The most recent events, newest first: a glimpse that invites to the timeline."""
    everything = coll.timeline
    entries = everything[-GLIMPSE:][::-1]
    if not entries:
        return ""
    items = "\n".join(
        f'<li><time datetime="{html.escape(e.date)}">{html.escape(e.label)}</time> '
        f'<a href="{html.escape(relative_url(HOME_PAGE, e.url))}">{html.escape(e.text)}</a></li>'
        for e in entries)
    return (f"## 时间线一瞥 {{ #timeline }}\n\n<ul class=\"zk-glimpse\">\n{items}\n</ul>\n\n"
            f"{md_link(HOME_PAGE, TIMELINE_PAGE, f'查看全部 {len(everything)} 个事件')} →\n")

