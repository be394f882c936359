"""The home page's pictures: documents and events per year (inline SVG) and the biggest
tags as bars.

No script and no network: the chart is SVG written into the page, coloured by the site's
CSS (`.zk-chart*` in zhiku.css, so dark mode recolours it), scaled to the column by its
viewBox (a phone shows it smaller, never wider than the screen). Its `<title>` and `<desc>`
say what it shows and give every year's numbers for a screen reader; each year's group
carries its numbers in a `<title>` (a tooltip) and in data attributes. Every coordinate is
an integer or has one decimal: the same collection writes the same bytes.
"""

from __future__ import annotations

import html
import math

from ..collection.assemble import TagInfo
from .links import html_link, tag_page

MAX_YEARS = 120       # past this span, only the years with something in them get a slot
PLOT = (320, 640)     # width of the chart in viewBox units (= CSS px on a wide screen), least and most
SLOT = 48             # viewBox units per year at most
BAR = 36              # a bar's width at most
STRIP = 64            # height of each strip's tallest bar
TOP = 16              # above a strip: room for the value over its tallest bar
FONT = 12             # of the labels on a wide screen, in px
PHONE_COLUMN = 340    # px of a phone's column (390 px less margins): the chart scales down to it
PHONE_FONT = 11       # px the labels should keep there (zhiku.css reads --zk-chart-phone-font)
DIGIT = 0.6           # a digit's width, in ems


def year_chart(counts: list[tuple[int, int, int]]) -> str:
    """counts: (year, documents, events) ascending, as `collection.yearly_counts` gives.
    An HTML figure holding the SVG and its legend; empty when there is nothing to draw."""
    if not any(d or e for _, d, e in counts):
        return ""
    if len(counts) > MAX_YEARS:
        counts = [c for c in counts if c[1] or c[2]]
    n = len(counts)
    width = min(PLOT[1], max(PLOT[0], n * SLOT))
    slot = width / n
    # on a phone the chart shrinks to the column: its labels are drawn bigger there (in
    # viewBox units) so they stay readable, fewer years labelled, no values over the bars
    phone_font = max(FONT, math.ceil(width * PHONE_FONT / PHONE_COLUMN))
    step = label_step(slot, FONT)
    phone_step = label_step(slot, phone_font)
    axis = phone_font + 8
    # room beside the first and last year's labels (centred on their slots)
    pad = max(0, math.ceil(2 * DIGIT * phone_font + 2 - slot / 2))
    height = 2 * (TOP + STRIP) + axis
    strips = (("documents", [d for _, d, _ in counts]), ("events", [e for _, _, e in counts]))
    biggest = max(max(values) for _, values in strips)
    values_fit = slot >= len(str(biggest)) * DIGIT * FONT + 4
    first, last = counts[0][0], counts[-1][0]
    title = f"{first}–{last}年每年的文档数与事件数" if first != last else f"{first}年的文档数与事件数"
    listed = "；".join(f"{y}年：文档 {d} 篇，事件 {e} 个" for y, d, e in counts if d or e)
    desc = f"上栏是当年发布的文档，下栏是时间线上发生在当年的事件。{listed}。"
    out = ['<figure class="zk-chart">',
           f'<svg class="zk-chart__svg" viewBox="{-pad} 0 {width + 2 * pad} {height}" '
           f'width="{width + 2 * pad}" height="{height}" '
           f'style="--zk-chart-phone-font: {phone_font}px" role="img" '
           'aria-labelledby="zk-chart-title zk-chart-desc">',
           f'<title id="zk-chart-title">{html.escape(title)}</title>',
           f'<desc id="zk-chart-desc">{html.escape(desc)}</desc>']
    for row in range(len(strips)):
        base = row * (TOP + STRIP) + TOP + STRIP
        out.append(f'<line class="zk-chart__axis" x1="0" y1="{base}" x2="{width}" y2="{base}"/>')
    for i, (year, docs, events) in enumerate(counts):
        x = i * slot
        parts = []
        for row, (name, values) in enumerate(strips):
            if values[i]:
                parts.append(bar(name, values[i], max(values), x, slot, row * (TOP + STRIP) + TOP + STRIP, values_fit))
        if i % step == 0:
            minor = "" if i % phone_step == 0 else " zk-chart__year-label--minor"
            parts.append(f'<text class="zk-chart__year-label{minor}" x="{x + slot / 2:.1f}" '
                         f'y="{height - 2}" text-anchor="middle">{year}</text>')
        out.append(f'<g class="zk-chart__year" data-year="{year}" data-documents="{docs}" data-events="{events}">'
                   f"<title>{year}年：{docs} 篇文档，{events} 个事件</title>{''.join(parts)}</g>")
    out.append("</svg>")
    out.append('<figcaption class="zk-chart__legend">'
               '<span class="zk-chart__key zk-chart__key--documents">每年发布的文档</span>'
               '<span class="zk-chart__key zk-chart__key--events">每年发生的事件</span></figcaption>')
    out.append("</figure>")
    return "".join(out) + "\n"


def label_step(slot: float, font: float) -> int:
    """Label every `step`-th year so that four digits never touch."""
    return max(1, math.ceil((4 * DIGIT * font + 6) / slot))


def bar(name: str, value: int, biggest: int, x: float, slot: float, base: int, with_value: bool) -> str:
    """One bar standing on `base`, as tall as its share of the strip's biggest value."""
    h = max(1.0, STRIP * value / biggest)
    w = min(BAR, slot * 0.7)
    out = (f'<rect class="zk-chart__bar zk-chart__bar--{name}" x="{x + (slot - w) / 2:.1f}" '
           f'y="{base - h:.1f}" width="{w:.1f}" height="{h:.1f}"/>')
    if with_value:
        out += (f'<text class="zk-chart__value" x="{x + slot / 2:.1f}" y="{base - h - 3:.1f}" '
                f'text-anchor="middle">{value}</text>')
    return out


def tag_bars(from_page: str, tags: list[TagInfo], limit: int) -> str:
    """The `limit` biggest tags (as tag_index orders them: most documents first), each a
    link to its page with a bar as long as its share of the biggest tag's count."""
    shown = tags[:limit]
    if not shown:
        return ""
    top = shown[0].count or 1
    items = []
    for tag in shown:
        # whole percent: the page's bytes do not depend on float formatting
        share = max(1, round(100 * tag.count / top))
        items.append(f'<li><span class="zk-tagbar__name">{html_link(from_page, tag_page(tag.id), tag.name)}</span>'
                     f'<span class="zk-tagbar__track"><span class="zk-tagbar__bar" style="width: {share}%">'
                     f'</span></span><span class="zk-count" data-tag="{html.escape(tag.id)}">{tag.count}</span></li>')
    return '<ol class="zk-tagbar">\n' + "\n".join(items) + "\n</ol>\n"
