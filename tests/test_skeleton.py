"""The walking skeleton: the seeds build into a site with one page per seed, and a real
browser can navigate it."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, screenshot

SEEDS = sorted(p.name for p in (ROOT / "seeds").iterdir() if p.is_file())


def test_one_page_per_seed_plus_home(seed_site):
    docs = seed_site.report["documents"]
    assert sorted(d["source"] for d in docs) == SEEDS
    assert seed_site.report["skipped"] == []
    assert (seed_site.site_dir / "index.html").is_file()
    # articles are grouped by year (articles/<year>/<slug>/, undated ones apart)
    built = sorted(p.parent.name for p in (seed_site.site_dir / "articles").glob("*/*/index.html"))
    assert built == sorted(d["url"].split("/")[2] for d in docs)
    assert len(built) == len(SEEDS) == 5
    for d in docs:
        html = (seed_site.site_dir / d["url"] / "index.html").read_text(encoding="utf-8")
        assert f"<h1" in html and d["title"][:8] in html


def test_slugs_are_readable_ascii_and_unique(seed_site):
    urls = [d["url"] for d in seed_site.report["documents"]]
    assert len(set(urls)) == len(urls)
    for url in urls:
        assert re.fullmatch(r"articles/([0-9]{4}|undated)/[a-z0-9]+(-[a-z0-9]+)*/", url), url


@pytest.mark.browser
def test_browser_sees_titles_in_navigation_and_opens_one(seed_site, seed_url, page):
    # The navigation is pruned for thousands of documents: a reader follows "文档"
    # (every document by date) from the navigation, finds each title there and opens one.
    page.goto(seed_url)
    page.locator("nav.md-nav--primary a", has_text=re.compile(r"^\s*文档\s*$")).first.click()
    page.wait_for_load_state()
    listing = page.locator("article").inner_text()
    titles = [d["title"] for d in seed_site.report["documents"]]
    for title in titles:
        assert title[:10] in listing, f"{title!r} not in the list of documents"
    screenshot(page, "skeleton-home")
    target = next(d for d in seed_site.report["documents"] if d["source"].startswith("002_"))
    page.locator("article a", has_text=target["title"][:10]).first.click()
    page.wait_for_load_state()
    assert page.url.rstrip("/").endswith(target["url"].rstrip("/"))
    body = page.locator("article").inner_text()
    assert "被忽略的10亿存量" in body
