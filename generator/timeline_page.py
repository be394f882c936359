"""The timeline page (时间线): every event, oldest first, grouped by year, with filters.

The events are rendered as HTML (so the page reads without JavaScript); each carries its
year and tag ids in data attributes, which `timeline.js` filters on in the browser: no
network, so it works from `file://` too. The filter controls stay hidden until the
script shows them.
"""

from __future__ import annotations

import html
from collections import OrderedDict

from .collection import Collection, TimelineEntry, timeline
from .links import TIMELINE_PAGE, Taxonomy, front_matter, relative_url


def timeline_page(coll: Collection, taxonomy: Taxonomy) -> str:
    entries = timeline(coll)
    out = [front_matter("时间线"), "# 时间线\n"]
    if not entries:
        out.append("还没有从文档中提取出带日期的事件。\n")
        return "\n".join(out)
    by_year: OrderedDict[str, list[TimelineEntry]] = OrderedDict()
    for entry in entries:
        by_year.setdefault(entry.date[:4], []).append(entry)
    out.append(f"从 {len(coll.documents)} 篇文档中提取的 {len(entries)} 个事件，"
               f"按时间先后排列。点击来源可跳到原文所在段落。\n")
    out.append(filter_controls(entries, list(by_year), taxonomy))
    for year, year_entries in by_year.items():
        out.append(f"## {year}年 {{ #y{year} .zk-year data-year=\"{year}\" }}\n")
        items = "\n".join(event_item(e, taxonomy) for e in year_entries)
        out.append(f'<ol class="zk-events" data-year="{year}">\n{items}\n</ol>\n')
    out.append('<p class="zk-empty" data-zk-empty hidden>没有符合筛选条件的事件。</p>\n')
    return "\n".join(out)


def event_item(entry: TimelineEntry, taxonomy: Taxonomy) -> str:
    href = html.escape(relative_url(TIMELINE_PAGE, entry.url))
    chips = "".join(f'<span class="zk-chip">{html.escape(taxonomy.names.get(t, t))}</span>'
                    for t in entry.tags)
    return (
        f'<li class="zk-event" data-year="{html.escape(entry.date[:4])}" '
        f'data-tags="{html.escape(" ".join(entry.tags))}">'
        f'<time class="zk-event__date" datetime="{html.escape(entry.date)}">'
        f"{html.escape(entry.label)}</time>"
        f'<div class="zk-event__body"><p class="zk-event__text">{html.escape(entry.text)}</p>'
        f'<p class="zk-event__meta"><a class="zk-event__source" href="{href}">'
        f"{html.escape(entry.doc_title)}</a>"
        f'<span class="zk-chips">{chips}</span></p></div></li>'
    )


def filter_controls(entries: list[TimelineEntry], years: list[str], taxonomy: Taxonomy) -> str:
    """Tag buttons (one tag at a time, or all) and a from/to year range."""
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
    first = "".join(f'<option value="{y}"{" selected" if i == 0 else ""}>{y}年</option>'
                    for i, y in enumerate(years))
    last = "".join(f'<option value="{y}"{" selected" if i == len(years) - 1 else ""}>{y}年</option>'
                   for i, y in enumerate(years))
    return (
        '<div class="zk-filters" data-zk-timeline-filters hidden>\n'
        f'<div class="zk-filters__tags" role="group" aria-label="按标签筛选">{"".join(buttons)}</div>\n'
        '<div class="zk-filters__period" role="group" aria-label="按时期筛选">'
        f'<label>从 <select data-zk-from>{first}</select></label> '
        f'<label>到 <select data-zk-to>{last}</select></label> '
        '<output class="zk-filters__shown" data-zk-shown aria-live="polite"></output></div>\n'
        "</div>\n"
    )
