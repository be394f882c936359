"""The timeline's filters sum up what they show, in Chromium on the seed site (1280 px and
390 px): the year index in the table of contents follows a tag filter (counts, empty years
hidden) and each tag button counts its events in the chosen period.

Expectations come from the build's report, never from the page itself.
"""

from __future__ import annotations

from collections import Counter

import pytest

from test_site import PHONE, all_events, event_tags

TOC = ".md-nav--secondary a.md-nav__link[href^='#y']"


def toc_state(page) -> list[dict]:
    """Every link of the table of contents to a year heading: its year, whether its item is
    hidden, and the count it shows (None without one)."""
    return page.eval_on_selector_all(TOC, """links => links.map(a => ({
        year: a.getAttribute('href').slice(2),
        hidden: a.closest('li').hidden,
        count: a.querySelector('.zk-toc-count') ? a.querySelector('.zk-toc-count').textContent : null}))""")


def most_selective_tag(events) -> tuple[str, Counter]:
    """A tag whose events leave some years out, and its events per year."""
    years = {e["date"][:4] for _, e in events}
    per_tag: dict[str, Counter] = {}
    for doc, event in events:
        for tag in event_tags(doc, event):
            per_tag.setdefault(tag, Counter())[event["date"][:4]] += 1
    candidates = [t for t, c in per_tag.items() if set(c) < years]
    assert candidates, "the seeds should have a tag missing from some years"
    tag = min(candidates, key=lambda t: (sum(per_tag[t].values()), t))
    return tag, per_tag[tag]


def check_year_index_follows(page, events) -> None:
    years = Counter(e["date"][:4] for _, e in events)
    state = toc_state(page)
    assert state, "the timeline has a year index"
    for item in state:                               # no filter: every year, all its events
        assert item["count"] == str(years[item["year"]]) and not item["hidden"], item
    tag, per_year = most_selective_tag(events)
    page.locator(f'button.zk-filter[data-tag="{tag}"]').click()
    state = toc_state(page)
    assert {i["year"] for i in state} == set(years)
    for item in state:
        wanted = per_year.get(item["year"], 0)
        assert item["hidden"] == (wanted == 0), item
        assert item["count"] == str(wanted), item
    assert any(i["hidden"] for i in state) and not all(i["hidden"] for i in state)
    page.locator('button.zk-filter[data-tag=""]').click()
    assert not any(i["hidden"] for i in toc_state(page))


def check_tag_counts_follow_the_period(page, events) -> None:
    years = sorted({e["date"][:4] for _, e in events})
    year = max(years, key=lambda y: (sum(1 for _, e in events if e["date"].startswith(y)), y))
    page.locator("select[data-zk-from]").select_option(year)
    page.locator("select[data-zk-to]").select_option(year)
    within = [(d, e) for d, e in events if e["date"][:4] == year]
    counts = Counter(t for d, e in within for t in event_tags(d, e))
    everywhere = Counter(t for d, e in events for t in event_tags(d, e))
    assert counts != everywhere, "the chosen year should change some count"
    shown = page.eval_on_selector_all("button.zk-filter", """bs => bs.map(b => ({
        tag: b.dataset.tag, count: b.querySelector('.zk-count').textContent,
        none: b.classList.contains('zk-filter--none')}))""")
    for button in shown:
        wanted = counts.get(button["tag"], 0) if button["tag"] else len(within)
        assert button["count"] == str(wanted), button
        assert button["none"] == (wanted == 0), button
    # the whole span again: the counts of the whole timeline
    page.locator("select[data-zk-from]").select_option(years[0])
    page.locator("select[data-zk-to]").select_option(years[-1])
    tag = next(iter(everywhere))
    assert page.locator(f'button.zk-filter[data-tag="{tag}"] .zk-count').inner_text() == str(everywhere[tag])


@pytest.mark.browser
def test_year_index_and_tag_counts_follow_the_filters_on_a_desktop(seed_site, seed_url, page):
    events = all_events(seed_site.report)
    page.goto(seed_url + "timeline/")
    assert page.locator(".md-sidebar--secondary " + TOC).first.is_visible()
    check_year_index_follows(page, events)
    check_tag_counts_follow_the_period(page, events)


@pytest.mark.browser
def test_year_index_and_tag_counts_follow_the_filters_on_a_phone(seed_site, seed_url, browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    page = context.new_page()
    events = all_events(seed_site.report)
    page.goto(seed_url + "timeline/")
    check_year_index_follows(page, events)
    check_tag_counts_follow_the_period(page, events)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
