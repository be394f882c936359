"""The home page's pictures in Chromium on the seed site (1280 px and 390 px, light and
dark): the chart of documents and events per year (inline SVG) and the bars of the biggest
tags linking to their pages.

Expectations come from the build's report, never from the page itself.
"""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import screenshot
from generator.collection.assemble import tag_slug
from test_site import PHONE, all_events


def chart_years(report: dict) -> tuple[Counter, Counter, list[str]]:
    """Documents and events per year, and every year from the first to the last."""
    docs = Counter(d["date"][:4] for d in report["documents"] if d["date"])
    events = Counter(e["date"][:4] for _, e in all_events(report))
    first, last = min(docs | events), max(docs | events)
    return docs, events, [str(y) for y in range(int(first), int(last) + 1)]


def check_chart(page, report: dict) -> None:
    docs, events, years = chart_years(report)
    svg = page.locator("figure.zk-chart svg")
    assert svg.count() == 1 and svg.get_attribute("role") == "img"
    labelled = svg.get_attribute("aria-labelledby").split()
    title, desc = (page.locator(f"svg #{i}").text_content() for i in labelled)
    assert f"{years[0]}–{years[-1]}年" in title
    assert all(f"{y}年：文档 {docs[y]} 篇，事件 {events[y]} 个" in desc for y in docs | events)
    groups = page.eval_on_selector_all("g.zk-chart__year", """gs => gs.map(g => ({
        year: g.dataset.year, documents: +g.dataset.documents, events: +g.dataset.events,
        bars: [...g.querySelectorAll('rect')].map(r => r.classList.contains('zk-chart__bar--documents')
              ? 'documents' : 'events')}))""")
    assert [g["year"] for g in groups] == years
    for group in groups:
        year = group["year"]
        assert (group["documents"], group["events"]) == (docs[year], events[year]), group
        assert sorted(group["bars"]) == sorted(
            [k for k, n in (("documents", docs[year]), ("events", events[year])) if n]), group
    assert page.locator("rect.zk-chart__bar--documents").count() == len(docs)
    assert page.locator("rect.zk-chart__bar--events").count() == len(events)


def check_tag_bars(page, report: dict, url: str) -> None:
    stories = Counter(t for d in report["documents"] for t in d["tags"])   # seeds: no copies
    rows = page.eval_on_selector_all("ol.zk-tagbar > li", """lis => lis.map(li => ({
        href: li.querySelector('a').href, count: +li.querySelector('.zk-count').textContent,
        width: li.querySelector('.zk-tagbar__bar').getBoundingClientRect().width}))""")
    assert len(rows) == min(12, len(stories))
    assert [r["count"] for r in rows] == sorted(stories.values(), reverse=True)[:len(rows)]
    by_href = {f"{url}tags/{tag_slug(t)}/": n for t, n in stories.items()}
    for row in rows:
        assert by_href[row["href"]] == row["count"], row
    assert rows[0]["width"] > rows[-1]["width"] > 0    # a bigger tag, a longer bar
    page.locator("ol.zk-tagbar a").first.click()
    page.wait_for_load_state()
    assert page.url == rows[0]["href"]


@pytest.mark.browser
def test_home_chart_and_tag_bars_on_a_desktop(seed_site, seed_url, page):
    page.goto(seed_url)
    check_chart(page, seed_site.report)
    box = page.locator("figure.zk-chart svg").bounding_box()
    assert box["width"] >= 320 and box["x"] + box["width"] <= page.locator(".md-content").bounding_box()["x"] \
        + page.locator(".md-content").bounding_box()["width"]
    screenshot(page, "home-chart-1280")
    check_tag_bars(page, seed_site.report, seed_url)


@pytest.mark.browser
def test_home_chart_fits_and_reads_on_a_phone_in_dark_mode(seed_site, seed_url, browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True,
                                  color_scheme="dark")
    page = context.new_page()
    page.goto(seed_url)
    check_chart(page, seed_site.report)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = page.locator("figure.zk-chart svg").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    # the shown year labels stay readable (about 11 px) and inside the chart
    labels = page.eval_on_selector_all("text.zk-chart__year-label", """ts => ts
        .filter(t => getComputedStyle(t).display !== 'none')
        .map(t => { const r = t.getBoundingClientRect(); return {h: r.height, l: r.left, r: r.right}; })""")
    assert labels and all(lab["h"] >= 10 for lab in labels), labels
    assert all(box["x"] - 1 <= lab["l"] and lab["r"] <= box["x"] + box["width"] + 1 for lab in labels), labels
    assert all(a["r"] <= b["l"] for a, b in zip(labels, labels[1:])), "year labels overlap"
    # dark mode: bars and text stand out from the page
    colours = page.evaluate("""() => {
        const css = e => getComputedStyle(document.querySelector(e));
        return {bg: css('body').backgroundColor, bar: css('rect.zk-chart__bar--documents').fill,
                text: css('text.zk-chart__year-label').fill}; }""")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert luminance(colours["bar"]) > luminance(colours["bg"]) + 0.1, colours
    assert luminance(colours["text"]) > luminance(colours["bg"]) + 0.2, colours
    screenshot(page, "home-chart-390-dark")
    context.close()


def luminance(css_colour: str) -> float:
    """Relative luminance (0-1) of `rgb(...)`/`rgba(...)` as getComputedStyle writes it."""
    parts = [float(p) for p in css_colour[css_colour.index("(") + 1:-1].split(",")[:3]]
    lin = [(c / 255) / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in parts]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
