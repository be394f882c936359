"""The timeline (时间线): every event, oldest first, grouped by year, with filters.

The events are rendered as HTML (so the page reads without JavaScript); each carries its
period (year, or year-month on a year page) and tag ids in data attributes, which
`timeline.js` filters on in the browser: no network, so it works from `file://` too. The
filter controls stay hidden until the script shows them.

A collection with more than MAX_EVENTS_PER_PAGE events gets one page per year
(`timeline/<year>.md`, grouped by month) under an overview; a year with more events than
that is cut into numbered pages of that many events (`timeline/<year>-2.md` ...), linked
from each other, so no page grows past a few hundred kilobytes however large the
collection.
"""

from __future__ import annotations

import html
from collections import OrderedDict

from ..collection.assemble import Collection, TimelineEntry
from .links import TIMELINE_PAGE, Taxonomy, front_matter, md_link, relative_url

MAX_EVENTS_PER_PAGE = 2000
NO_MONTH = "00"  # period of a year-precision event on a year page: before the months


def timeline_pages(coll: Collection, taxonomy: Taxonomy,
                   max_events: int = MAX_EVENTS_PER_PAGE) -> dict[str, str]:
    """Page path -> Markdown: the timeline page, plus year pages when it would be too big."""
    entries = coll.timeline
    intro = (f"从 {len(coll.documents)} 篇文档中提取的 {len(entries)} 个事件，"
             f"按时间先后排列。点击来源可跳到原文所在段落。\n")
    if not entries:
        return {TIMELINE_PAGE: front_matter("时间线") + "# 时间线\n\n还没有从文档中提取出带日期的事件。\n"}
    by_year = group_by(entries, lambda e: e.date[:4])
    if len(entries) <= max_events:
        groups = OrderedDict((y, (year_name(y), y, items)) for y, items in by_year.items())
        return {TIMELINE_PAGE: events_page(TIMELINE_PAGE, "时间线", intro, groups, taxonomy)}
    pages = {TIMELINE_PAGE: overview_page(intro, by_year)}
    for year, items in by_year.items():
        parts = year_parts(items, max_events)
        for number, part in enumerate(parts, 1):
            groups = OrderedDict(
                (m, (f"{int(m)}月" if m != NO_MONTH else "月份不详", f"{year}-{m}", month_items))
                for m, month_items in part)
            path = year_page(year, number)
            title = f"{year_name(year)} · 时间线" + (f"（{number}/{len(parts)}）" if len(parts) > 1 else "")
            intro = f"{year_name(year)}的 {len(items)} 个事件。\n" + pager(path, year, number, len(parts))
            pages[path] = events_page(path, title, intro, groups, taxonomy)
    return pages


def year_name(year: str) -> str:
    """"2019" -> "2019年"; a year of a reign era before 1000, "0090", -> "90年"."""
    return f"{int(year)}年"


def year_parts(items: list[TimelineEntry], max_events: int) -> list[list[tuple[str, list[TimelineEntry]]]]:
    """A year's events (in date order) cut into pages of `max_events`, each page's events
    grouped by month; a month may go on over the next page."""
    return [list(group_by(items[start:start + max_events], lambda e: e.date[5:7] or NO_MONTH).items())
            for start in range(0, len(items), max_events)]


def pager(path: str, year: str, number: int, count: int) -> str:
    """The line linking a year's pages to each other (empty for a year on one page)."""
    if count == 1:
        return ""
    links = [f"**{n}**" if n == number else md_link(path, year_page(year, n), str(n)) for n in range(1, count + 1)]
    return f"\n{year_name(year)}的事件分 {count} 页：" + " · ".join(links) + "\n"


def year_page(year: str, part: int = 1) -> str:
    return f"timeline/{year}.md" if part == 1 else f"timeline/{year}-{part}.md"


def group_by(entries: list[TimelineEntry], key) -> OrderedDict[str, list[TimelineEntry]]:
    groups: OrderedDict[str, list[TimelineEntry]] = OrderedDict()
    for entry in entries:
        groups.setdefault(key(entry), []).append(entry)
    return groups


def overview_page(intro: str, by_year: OrderedDict[str, list[TimelineEntry]]) -> str:
    rows = "\n".join(f"- {md_link(TIMELINE_PAGE, year_page(y), year_name(y))} "
                     f'<span class="zk-count">{len(items)}</span> 个事件'
                     for y, items in by_year.items())
    return (front_matter("时间线") + "# 时间线\n\n" + intro +
            "\n事件较多，按年份分页：\n\n" + f'<div class="zk-doc-list" markdown>\n\n{rows}\n\n</div>\n')


def events_page(path: str, title: str, intro: str,
                groups: OrderedDict[str, tuple[str, str, list[TimelineEntry]]],
                taxonomy: Taxonomy) -> str:
    """groups: key -> (heading, period, events). A heading's id is `y<key>`."""
    everything = [e for _, _, items in groups.values() for e in items]
    out = [front_matter(title), f"# {html.escape(title)}\n", intro,
           filter_controls(everything, [(h, p) for h, p, _ in groups.values()], taxonomy)]
    for key, (heading, period, items) in groups.items():
        out.append(f"## {heading} {{ #y{key} .zk-year }}\n")
        rendered = "\n".join(event_item(path, e, period, taxonomy) for e in items)
        out.append(f'<ol class="zk-events">\n{rendered}\n</ol>\n')
    return "\n".join(out)


def event_item(path: str, entry: TimelineEntry, period: str, taxonomy: Taxonomy) -> str:
    href = html.escape(relative_url(path, entry.url))
    chips = "".join(f'<span class="zk-chip">{html.escape(taxonomy.names.get(t, t))}</span>'
                    for t in entry.tags)
    # a plan is placed at its date, and says that it was announced (written in Simplified:
    # a Traditional site converts the whole page)
    planned = '<span class="zk-event__planned">计划</span>' if entry.planned else ""
    return (
        f'<li class="zk-event{" zk-event--planned" if entry.planned else ""}" '
        f'data-period="{html.escape(period)}" '
        f'data-tags="{html.escape(" ".join(entry.tags))}">'
        f'<time class="zk-event__date" datetime="{html.escape(entry.date)}">'
        f"{html.escape(entry.label)}</time>"
        f'<div class="zk-event__body"><p class="zk-event__text">{planned}{html.escape(entry.text)}</p>'
        f'<p class="zk-event__meta"><a class="zk-event__source" href="{href}">'
        f"{html.escape(entry.doc_title)}</a>{other_sources(path, entry)}"
        f'<span class="zk-chips">{chips}</span></p></div></li>'
    )


def other_sources(path: str, entry: TimelineEntry) -> str:
    """The other copies of the story that state the same event (duplicates.py)."""
    if not entry.also:
        return ""
    links = "、".join(f'<a class="zk-event__also-link" '
                     f'href="{html.escape(relative_url(path, url))}">{html.escape(title)}</a>'
                     for url, title in entry.also)
    return f'<span class="zk-event__also">（另见：{links}）</span>'


def filter_controls(entries: list[TimelineEntry], periods: list[tuple[str, str]],
                    taxonomy: Taxonomy) -> str:
    """Tag buttons (one tag at a time, or all) and a from/to period range."""
    counts: dict[str, int] = {}
    for entry in entries:
        for tag in entry.tags:
            counts[tag] = counts.get(tag, 0) + 1
    buttons = ['<button type="button" class="zk-chip zk-filter" data-tag="" aria-pressed="true">'
               f'全部 <span class="zk-count">{len(entries)}</span></button>']
    for tag in sorted(counts, key=lambda t: (-counts[t], taxonomy.names.get(t, t))):
        buttons.append(
            f'<button type="button" class="zk-chip zk-filter" data-tag="{html.escape(tag)}" '
            f'aria-pressed="false">{html.escape(taxonomy.names.get(tag, tag))} '
            f'<span class="zk-count">{counts[tag]}</span></button>')

    def options(selected: int) -> str:
        return "".join(f'<option value="{html.escape(p)}"{" selected" if i == selected else ""}>'
                       f"{html.escape(label)}</option>" for i, (label, p) in enumerate(periods))

    return (
        # the script's messages ride along as attributes: converted with the page for a
        # Traditional site, and never in the search index
        '<div class="zk-filters" data-zk-timeline-filters hidden '
        'data-zk-empty-text="没有符合筛选条件的事件。" data-zk-shown-text="显示 {} 个事件">\n'
        f'<div class="zk-filters__tags" role="group" aria-label="按标签筛选">{"".join(buttons)}</div>\n'
        '<div class="zk-filters__period" role="group" aria-label="按时期筛选">'
        f'<label>从 <select data-zk-from>{options(0)}</select></label> '
        f'<label>到 <select data-zk-to>{options(len(periods) - 1)}</select></label> '
        '<output class="zk-filters__shown" data-zk-shown aria-live="polite"></output></div>\n'
        "</div>\n"
    )
