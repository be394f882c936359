"""What a reader sees in the browser: the timeline and its filters, tag pages, the home
page, article headers, the conversion report; screenshots at 1280 px and 390 px.

Expectations come from the build's report (the converter engineers keep improving the
seed content), never from a copy of the pages themselves.
"""

from __future__ import annotations

import json
import re
import urllib.request
from urllib.parse import urljoin

import pytest

from conftest import ROOT, build_site, screenshot
from generator.collection.assemble import format_date, tag_slug
from generator.site.search import read_chunk

PHONE = {"width": 390, "height": 844}


def event_tags(doc: dict, event: dict) -> list[str]:
    """The tags the timeline shows for an event: its own, else its document's."""
    return event.get("tags") or doc["tags"]


def all_events(report: dict) -> list[tuple[dict, dict]]:
    return [(d, e) for d in report["documents"] for e in d["events"]]


def search_documents(site_dir) -> list[dict]:
    """Every document of the search index: in search_index.json and in the chunk scripts
    (`search/chunk-NNN.js`, read by generator.site.search.read_chunk) it may be split into."""
    folder = site_dir / "search"
    docs = list(json.loads((folder / "search_index.json").read_text(encoding="utf-8"))["docs"])
    for chunk in sorted(folder.glob("chunk-*.js")):
        docs += read_chunk(chunk.read_text(encoding="utf-8"))
    return docs


def visible_events(page) -> int:
    return page.locator("li.zk-event:visible").count()


@pytest.mark.browser
def test_timeline_lists_every_event_and_its_tag_filter_changes_what_is_shown(seed_site, seed_url, page):
    events = all_events(seed_site.report)
    assert events, "the seeds should yield dated events"
    page.goto(seed_url + "timeline/")
    assert page.locator("li.zk-event").count() == len(events)
    assert visible_events(page) == len(events)
    texts = page.locator("li.zk-event .zk-event__text").all_inner_texts()
    dates = page.locator("li.zk-event time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    assert dates == sorted(dates), "events are not in chronological order"
    for doc, event in events:
        assert any(event["text"][:20] in t for t in texts), event["text"]
    assert format_date(events[0][1]["date"], events[0][1]["precision"]) in page.locator(
        "li.zk-event time").all_inner_texts()

    counts: dict[str, int] = {}
    for doc, event in events:
        for tag in event_tags(doc, event):
            counts[tag] = counts.get(tag, 0) + 1
    tag = min(counts, key=lambda t: (counts[t], t))   # the most selective tag
    page.locator(f'button.zk-filter[data-tag="{tag}"]').click()
    assert visible_events(page) == counts[tag] < len(events)
    for item in page.locator("li.zk-event:visible").all():
        assert tag in item.get_attribute("data-tags").split()
    page.locator('button.zk-filter[data-tag=""]').click()
    assert visible_events(page) == len(events)


@pytest.mark.browser
def test_timeline_period_filter_and_tag_from_the_address(seed_site, seed_url, page):
    events = all_events(seed_site.report)
    years = sorted({int(e["date"][:4]) for _, e in events})
    assert len(years) > 1
    page.goto(seed_url + "timeline/")
    page.locator("select[data-zk-from]").select_option(str(years[-1]))   # periods are years here
    assert visible_events(page) == sum(1 for _, e in events if int(e["date"][:4]) == years[-1])
    headings = page.locator("h2.zk-year:visible").all_inner_texts()
    assert [h.strip().rstrip("¶").strip() for h in headings] == [f"{years[-1]}年"]

    doc, event = events[0]
    tag = event_tags(doc, event)[0]
    page.goto(seed_url + f"timeline/?tag={tag}")
    assert page.locator(f'button.zk-filter[data-tag="{tag}"]').get_attribute("aria-pressed") == "true"
    tagged = [e for d, e in events if tag in event_tags(d, e)]
    assert visible_events(page) == len(tagged)
    assert page.locator("[data-zk-shown]").inner_text() == f"显示 {len(tagged)} 个事件"
    assert page.locator(".zk-empty").is_hidden()
    untagged_years = [y for y in years if not any(e["date"].startswith(str(y)) for e in tagged)]
    if untagged_years:   # a period without this tag's events says so
        page.locator("select[data-zk-from]").select_option(str(untagged_years[0]))
        page.locator("select[data-zk-to]").select_option(str(untagged_years[0]))
        assert visible_events(page) == 0 and page.locator(".zk-empty").is_visible()


@pytest.mark.browser
def test_a_timeline_link_lands_on_its_paragraph(seed_site, seed_url, page):
    doc, event = max(all_events(seed_site.report),
                     key=lambda de: [int(n) for n in de[1]["anchor"][1:].split("-")])
    page.goto(seed_url + "timeline/")
    item = page.locator("li.zk-event", has_text=event["text"][:20]).first
    item.locator("a.zk-event__source").click()
    page.wait_for_load_state()
    assert page.url == urljoin(seed_url, doc["url"]) + "#" + event["anchor"]
    target = page.locator(":target")
    assert target.get_attribute("id") == event["anchor"]
    assert event["text"][:10] in target.inner_text()
    page.wait_for_function("() => { const r = document.querySelector(':target').getBoundingClientRect();"
                           " return r.top >= 0 && r.top < window.innerHeight; }", timeout=5000)


@pytest.mark.browser
def test_every_timeline_link_lands_on_the_text_of_its_event(seed_url, page):
    """Each event's link, as the timeline page has it, names an element of the article
    whose text holds the event's sentence (not a neighbouring paragraph or list item)."""
    page.goto(seed_url + "timeline/")
    events = page.eval_on_selector_all("li.zk-event", """items => items.map(li => ({
        text: [...li.querySelector('.zk-event__text').childNodes]
              .filter(n => n.nodeType === 3).map(n => n.textContent).join(''),  // not the 计划 mark
        href: li.querySelector('a.zk-event__source').href}))""")
    assert len(events) >= 60
    by_page: dict[str, list[dict]] = {}
    for event in events:
        by_page.setdefault(event["href"].split("#")[0], []).append(event)
    wrong = []
    for url, listed in by_page.items():
        page.goto(url)
        for event in listed:
            anchor = event["href"].split("#")[1]
            shown = page.evaluate("id => { const e = document.getElementById(id);"
                                  " return e ? e.innerText : null; }", anchor)
            sentence = re.sub(r"\s+", "", event["text"]).rstrip("…")[:40]
            if shown is None or sentence not in re.sub(r"\s+", "", shown):
                wrong.append((anchor, event["text"][:30], (shown or "")[:30]))
    assert not wrong, wrong


@pytest.mark.browser
def test_each_tag_page_lists_exactly_the_documents_with_that_tag(seed_site, seed_url, page):
    docs = seed_site.report["documents"]
    tags = sorted({t for d in docs for t in d["tags"]})
    assert tags
    page.goto(seed_url + "tags/")
    index = page.locator("article").inner_text()
    for tag in tags:
        expected = {d["url"] for d in docs if tag in d["tags"]}
        count = page.locator(f'.zk-tag-cards .zk-count[data-tag="{tag}"]').inner_text()
        assert int(count) == len(expected), tag
        page.goto(seed_url + f"tags/{tag_slug(tag)}/")   # a free tag's page is its slug
        hrefs = page.locator(".zk-doc-list li > a").evaluate_all("els => els.map(e => e.href)")
        listed = {h[len(seed_url):] for h in hrefs}
        assert listed == expected, tag
        page.goto(seed_url + "tags/")
    assert "标签" in index


@pytest.mark.browser
def test_home_shows_counts_matching_the_report_and_the_latest_documents(seed_site, seed_url, page):
    docs = seed_site.report["documents"]
    events = all_events(seed_site.report)
    years = sorted({int(d["date"][:4]) for d in docs if d["date"]} | {int(e["date"][:4]) for _, e in events})
    page.goto(seed_url)
    figure = lambda name: page.locator(f'[data-zk-figure="{name}"]').inner_text()  # noqa: E731
    assert int(figure("documents")) == len(docs)
    assert int(figure("events")) == len(events)
    assert int(figure("tags")) == len({t for d in docs for t in d["tags"]})
    assert figure("years") == f"{years[0]}–{years[-1]}"
    newest = max((d for d in docs if d["date"]), key=lambda d: d["date"])
    assert newest["title"][:10] in page.locator("#latest + .zk-doc-list").inner_text()
    assert page.locator(".zk-glimpse li").count() == min(5, len(events))
    screenshot(page, "site-home-1280")


@pytest.mark.browser
def test_article_shows_date_tags_reading_time_and_raw_link(seed_site, seed_url, page):
    for doc in seed_site.report["documents"]:
        page.goto(seed_url + doc["url"])
        meta = page.locator("article .zk-meta")
        text = meta.inner_text()
        if doc["date"]:
            assert format_date(doc["date"], doc["date_precision"]) in text, doc["source"]
            inferred = doc["date_source"] not in ("front-matter", "sidecar")
            assert (meta.locator(".zk-inferred").count() == 1) == inferred, doc["source"]
        else:
            assert "日期不详" in text
        assert re.search(r"约 \d+ 分钟读完", text), text
        chips = meta.locator(".zk-chip")
        assert chips.count() == len(doc["tags"])
        for n, tag in enumerate(doc["tags"]):
            assert chips.nth(n).get_attribute("href").rstrip("/").endswith(f"tags/{tag_slug(tag)}")
        for img in page.locator("article img").all():   # images: lazy, no referrer (hotlinking)
            assert img.get_attribute("loading") == "lazy", doc["source"]
            assert img.get_attribute("referrerpolicy") == "no-referrer", doc["source"]
        raw = page.locator("article a.zk-source__raw").evaluate("e => e.href")
        with urllib.request.urlopen(raw) as resp:
            assert resp.status == 200 and resp.read().decode("utf-8").strip()
    first = next(d for d in seed_site.report["documents"] if d["date"] and d["tags"])
    page.goto(seed_url + first["url"])
    screenshot(page, "site-article-1280")


def test_report_and_list_pages_are_not_searchable(seed_site):
    html = (seed_site.site_dir / "report" / "index.html").read_text(encoding="utf-8")
    for doc in seed_site.report["documents"]:
        assert doc["source"] in html and doc["encoding"] in html
    removed = sum(len(d["removed"]) for d in seed_site.report["documents"])
    assert f"删除 {removed} 处内容" in html
    locations = [d["location"] for d in search_documents(seed_site.site_dir)]
    articles = {d["url"] for d in seed_site.report["documents"]}
    assert articles <= {loc.split("#")[0] for loc in locations}   # the index is not empty
    generated = ("report/", "timeline/", "documents/", "tags/")   # lists repeating the articles
    assert not [loc for loc in locations if loc.startswith(generated)]


def test_documents_page_puts_undated_documents_apart(seed_site):
    html = (seed_site.site_dir / "documents" / "index.html").read_text(encoding="utf-8")
    undated = [d for d in seed_site.report["documents"] if not d["date"]]
    dated_part, _, undated_part = html.partition('id="undated"')
    assert bool(undated_part) == bool(undated)
    for doc in seed_site.report["documents"]:
        part = undated_part if not doc["date"] else dated_part
        assert doc["url"].split("/")[-2] in part, doc["source"]


@pytest.mark.browser
def test_screenshots_on_a_phone_and_in_dark_mode(seed_site, seed_url, browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", device_scale_factor=1,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    article = next(d for d in seed_site.report["documents"] if d["date"] and d["tags"])
    for name, path in (("home", ""), ("timeline", "timeline/"), ("article", article["url"])):
        page.goto(seed_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{name} scrolls sideways on a phone ({width}px)"
        screenshot(page, f"site-{name}-390")
    context.close()
    dark = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                               color_scheme="dark")
    page = dark.new_page()
    page.goto(seed_url + "timeline/")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    screenshot(page, "site-timeline-1280-dark")
    page.goto(seed_url + article["url"])
    screenshot(page, "site-article-1280-dark")
    dark.close()


@pytest.mark.browser
def test_timeline_screenshot(seed_url, page):
    page.goto(seed_url + "timeline/")
    screenshot(page, "site-timeline-1280")


@pytest.mark.browser
def test_timeline_filters_work_from_file_urls(seed_site, page):
    """Opened straight from disk (file://), where fetch is blocked: the data is in the page."""
    events = all_events(seed_site.report)
    page.goto((seed_site.site_dir / "timeline" / "index.html").as_uri())
    assert visible_events(page) == len(events)
    tag = event_tags(*events[-1])[0]
    page.locator(f'button.zk-filter[data-tag="{tag}"]').click()
    assert visible_events(page) == sum(1 for d, e in events if tag in event_tags(d, e))


def test_a_traditional_site_gets_traditional_labels(tmp_path):
    """`--script hant`: the generated pages and the article header speak Traditional too."""
    site = build_site(tmp_path, ROOT / "seeds", "--script", "hant")
    timeline = (site.site_dir / "timeline" / "index.html").read_text(encoding="utf-8")
    assert "時間線" in timeline and "时间线</h1>" not in timeline
    documents = (site.site_dir / "documents" / "index.html").read_text(encoding="utf-8")
    assert "日期不詳" in documents and "日期不详" not in documents
    doc = next(d for d in site.report["documents"] if "double-11" in d["tags"])
    article = (site.site_dir / doc["url"] / "index.html").read_text(encoding="utf-8")
    assert re.search(r"約 \d+ 分鐘讀完", article) and "雙十一</a>" in article
    assert "分钟读完" not in article


def test_article_header_names_source_author_and_links_the_original(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    body = "".join(f"<p>第{n}段正文，讲的是一件值得记下来的事情，足够长，可以作为正文保留下来。</p>\n" for n in range(3))
    (src / "linked.html").write_text(
        "---\ntitle: 带原文链接的文章\ndate: 2021-03-04\nauthor: 记者<b>甲</b>\n"
        "source: 某某日报\nurl: https://news.example.com/a/1.html\n---\n" + body, encoding="utf-8")
    site = build_site(tmp_path / "out", src)
    doc = site.report["documents"][0]
    html = (site.site_dir / doc["url"] / "index.html").read_text(encoding="utf-8")
    meta = html[html.index('class="zk-meta"'): html.index("</div>", html.index('class="zk-meta"'))]
    assert "2021年3月4日" in meta and "推断" not in meta          # stated by the front matter
    assert 'href="https://news.example.com/a/1.html"' in meta and "某某日报</a>" in meta
    assert "作者：记者" in meta and "<b>" not in meta                # source text never becomes markup
    assert 'class="zk-source__raw"' in html


def test_every_timeline_link_has_its_paragraph(seed_site):
    """Each event's anchor exists on its article page, and the timeline links to it."""
    timeline = (seed_site.site_dir / "timeline" / "index.html").read_text(encoding="utf-8")
    for doc in seed_site.report["documents"]:
        html = (seed_site.site_dir / doc["url"] / "index.html").read_text(encoding="utf-8")
        for event in doc["events"]:
            assert f'id="{event["anchor"]}"' in html, (doc["source"], event["anchor"])
            assert f'href="../{doc["url"]}#{event["anchor"]}"' in timeline, (doc["source"], event["anchor"])


def test_an_original_link_without_a_site_name_reads_as_its_decoded_address(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    body = "".join(f"<p>第{n}段正文，讲的是一件值得记下来的事情，足够长，可以作为正文保留下来。</p>\n" for n in range(3))
    url = "https://baike.baidu.hk/item/%E9%9B%84%E5%AE%89%E6%96%B0%E5%8C%BA/63950501"
    (src / "entry.html").write_text(f"---\ntitle: 雄安新区\ndate: 2024-04-28\nurl: {url}\n---\n" + body, encoding="utf-8")
    site = build_site(tmp_path / "out", src)
    doc = site.report["documents"][0]
    html = (site.site_dir / doc["url"] / "index.html").read_text(encoding="utf-8")
    assert f'href="{url}"' in html and ">baike.baidu.hk/item/雄安新区/63950501</a>" in html
