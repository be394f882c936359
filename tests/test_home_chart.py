"""The home page's chart and tag bars (generator/pages/home_chart.py) as written, no browser:
what they draw for edge cases, and the same bytes for the same collection."""

from __future__ import annotations

import re

from generator.collection.assemble import TagInfo
from generator.pages.home_chart import MAX_YEARS, tag_bars, year_chart


def years_drawn(svg: str) -> list[int]:
    return [int(y) for y in re.findall(r'data-year="(\d+)"', svg)]


def test_nothing_to_draw_draws_nothing():
    assert year_chart([]) == ""
    assert year_chart([(2020, 0, 0), (2021, 0, 0)]) == ""


def test_one_year_and_a_gap_of_years_with_nothing():
    svg = year_chart([(2019, 2, 0), (2020, 0, 0), (2021, 0, 5)])
    assert years_drawn(svg) == [2019, 2020, 2021]
    assert svg.count("zk-chart__bar--documents") == 1 and svg.count("zk-chart__bar--events") == 1
    assert "<title id=\"zk-chart-title\">2019–2021年每年的文档数与事件数</title>" in svg
    assert "2019年：文档 2 篇，事件 0 个；2021年：文档 0 篇，事件 5 个" in svg
    assert "2019年的" in year_chart([(2019, 1, 0)])


def test_a_span_past_the_limit_keeps_only_years_with_something():
    counts = [(1800 + n, 1 if n in (0, 150) else 0, 0) for n in range(MAX_YEARS + 31)]
    assert years_drawn(year_chart(counts)) == [1800, 1950]


def test_the_same_counts_write_the_same_bytes_and_sizes_stay_bounded():
    counts = [(2000 + n, n % 7, (n * 13) % 50) for n in range(60)]
    svg = year_chart(counts)
    assert svg == year_chart(list(counts))
    width = int(re.search(r'<svg[^>]* width="(\d+)"', svg).group(1))
    assert width <= 640 + 2 * 40      # a wide span is squeezed into the chart, not widened


def test_tag_bars_link_each_tag_with_a_bar_as_long_as_its_share():
    tags = [TagInfo("a", "甲", 10, ()), TagInfo("b", "<b>乙</b>", 5, ()), TagInfo("c", "丙", 1, ())]
    html = tag_bars("index.md", tags, 2)
    assert html.count("<li>") == 2 and "丙" not in html
    assert 'href="tags/a/"' in html and "width: 100%" in html and "width: 50%" in html
    assert "<b>" not in html and "&lt;b&gt;乙" in html
    assert tag_bars("index.md", [], 12) == ""
