"""The site's script as a reader meets it, in Chromium on built sites (generator/site_script.py).

A Traditional site shows no Simplified-only character anywhere: page text, titles,
placeholders, labels, Material's own strings and the search box's answer to a query with
no hits. The regional builds write 為 (not OpenCC's 爲) and say their language; 并 meaning
"and" becomes 並, not 併; justified paragraphs never spread the letters of Latin words or
code; the raw text reads right from a server that sends text/plain without a charset.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, build_site, serve_dir
from generator.config import Config, ConfigError, load_config
from generator.conversion.script_convert import to_site_script
from generator.conversion.textops import simplified_only_pattern

DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}
SEED_BING = "003_fb2d23287512eac5.txt"   # machine Traditional, rebuilt from Simplified: "…并产生了…"
SEED_RAW = "000_fe844d033abd5169.txt"
ATTRIBUTES = ("title", "placeholder", "aria-label", "alt", "data-md-state", "data-zk-empty-text")


@pytest.fixture(scope="module")
def hant_site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("hant"), ROOT / "seeds", "--script", "hant")


@pytest.fixture(scope="module")
def regional_sites(tmp_path_factory):
    return {script: build_site(tmp_path_factory.mktemp(script), ROOT / "seeds", "--script", script)
            for script in ("hant-tw", "hant-hk")}


def html_pages(site_dir: Path) -> list[str]:
    """Every page a reader opens (raw copies are the sources as collected; search/ holds
    the index, folded to Simplified on purpose)."""
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")
                  if p.relative_to(site_dir).parts[0] not in ("raw", "search", "assets"))


# Every text node outside script/style, the attributes a reader meets (tooltips,
# placeholders, screen-reader labels, alt text), the document title, and Material's
# translations (the search box's strings, shown only when searched).
COLLECT_JS = """attrs => {
  const out = [document.title]
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT)
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const p = n.parentElement
    if (p && !p.closest('script, style, noscript, template')) out.push(n.data)
  }
  for (const el of document.querySelectorAll('*'))
    for (const a of attrs) if (el.hasAttribute(a)) out.push(el.getAttribute(a))
  const config = document.getElementById('__config')
  if (config) out.push(...Object.values(JSON.parse(config.textContent).translations || {}))
  return out
}"""


def simplified_only(texts: list[str]) -> list[str]:
    """Each Simplified-only character (s2t, s2tw and s2hk all change it, and it is not a
    character Traditional shares: data/script_shared_chars.yml) with its context."""
    found = []
    for text in texts:
        for m in simplified_only_pattern().finditer(text):
            found.append(f"{m.group()} in …{text[max(0, m.start() - 8):m.end() + 8]}…")
    return found


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_traditional_site_shows_no_simplified_only_character(hant_site, browser, viewport):
    server, base = serve_dir(hant_site.site_dir)
    context = browser.new_context(viewport=viewport, locale="zh-TW")
    page = context.new_page()
    try:
        pages = html_pages(hant_site.site_dir)
        assert len(pages) >= 20
        problems = {}
        for rel in pages:
            page.goto(base + rel)
            found = simplified_only(page.evaluate(COLLECT_JS, list(ATTRIBUTES)))
            if found:
                problems[rel] = sorted(set(found))[:10]
        # the search box answering a query with no hits, and its placeholder before that
        page.goto(base)
        button = page.locator("label.md-header__button[for=__search]")
        (button if button.is_visible() else page.locator("input.md-search__input")).click()
        meta = page.locator(".md-search-result__meta")
        page.wait_for_function("!document.querySelector('.md-search-result__meta')"
                               ".textContent.includes('初始化')", timeout=10_000)
        shown = [meta.inner_text(), page.locator("input.md-search__input").get_attribute("placeholder")]
        page.locator("input.md-search__input").fill("zzqxjvw")
        page.wait_for_function("t => document.querySelector('.md-search-result__meta').textContent != t",
                               arg=shown[0], timeout=10_000)
        shown.append(meta.inner_text())
        assert shown[-1] and shown[-1] != shown[0], shown   # the "no results" sentence is shown
        problems.update({"search box": found} if (found := simplified_only(shown)) else {})
    finally:
        context.close()
        server.shutdown()
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


def html_lang(site) -> str:
    return re.search(r'<html lang="([^"]+)"', (site.site_dir / "index.html").read_text(encoding="utf-8"))[1]


def test_pages_say_their_script(hant_site, seed_site):
    assert (html_lang(seed_site), html_lang(hant_site)) == ("zh-Hans", "zh-Hant")


def test_regional_pages_say_their_region(regional_sites):
    assert {name: html_lang(site) for name, site in regional_sites.items()} == {"hant-tw": "zh-TW", "hant-hk": "zh-HK"}


def body_font(browser, sites: dict) -> dict[str, str]:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    fonts = {}
    try:
        for name, site in sites.items():
            server, base = serve_dir(site.site_dir)
            page.goto(base)
            fonts[name] = page.evaluate("getComputedStyle(document.querySelector('.md-typeset')).fontFamily")
            server.shutdown()
    finally:
        context.close()
    return fonts


@pytest.mark.browser
def test_the_font_stack_follows_the_script(hant_site, seed_site, browser):
    fonts = body_font(browser, {"hans": seed_site, "hant": hant_site})
    assert "PingFang SC" in fonts["hans"] and " TC" not in fonts["hans"]
    assert "PingFang TC" in fonts["hant"] and "Noto Sans CJK TC" in fonts["hant"] and " SC" not in fonts["hant"]


@pytest.mark.browser
def test_the_font_stack_follows_the_region(regional_sites, browser):
    fonts = body_font(browser, regional_sites)
    assert "PingFang TC" in fonts["hant-tw"] and " SC" not in fonts["hant-tw"]
    assert "PingFang HK" in fonts["hant-hk"] and " SC" not in fonts["hant-hk"]


def article_text(site) -> str:
    pages = ((site.site_dir / d["url"] / "index.html").read_text(encoding="utf-8")
             for d in site.report["documents"])
    return "".join(re.search(r"<article.*?</article>", html, re.S)[0] for html in pages)


def test_a_traditional_site_writes_wei_not_the_opencc_standard_form(hant_site):
    """爲 is OpenCC's standard form; Taiwan and Hong Kong write 為 (`hant`: Taiwan's forms)."""
    text = article_text(hant_site)
    assert text.count("為") > 200 and "爲" not in text


def test_regional_builds_write_their_own_forms(hant_site, regional_sites):
    """Hong Kong's own forms (裏, 衞) only in the Hong Kong build, Taiwan's (裡) only in
    the Taiwan builds; 為 in both."""
    texts = {"hant": article_text(hant_site), **{k: article_text(s) for k, s in regional_sites.items()}}
    for name, text in texts.items():
        assert text.count("為") > 200 and "爲" not in text, name
    assert "裏" in texts["hant-hk"] and "裡" not in texts["hant-hk"]
    assert "裡" in texts["hant-tw"] and "裏" not in texts["hant-tw"] and texts["hant"] == texts["hant-tw"]


def test_bing_meaning_and_is_bing_not_the_merge_form(hant_site):
    doc = hant_site.doc(SEED_BING)
    html = (hant_site.site_dir / doc["url"] / "index.html").read_text(encoding="utf-8")
    assert "並產生了" in html and "併產生" not in html


@pytest.mark.parametrize("script", ["hant", "hant-hk"])
@pytest.mark.parametrize("simplified, traditional", [
    ("他并产生了", "他並產生了"), ("并为用户提供", "並為用"), ("并成为", "並成為"), ("并发布了", "並發布了"),
    ("并到达", "並到達"), ("并合作", "並合作"), ("并入选", "並入選"),
    # merge words keep 併
    ("两家公司合并为一家", "合併為一家"), ("并为一家", "併為一家"), ("高并发", "高併發"),
    ("并发症", "併發症"), ("并购", "併購"), ("吞并", "吞併"), ("一并", "一併"), ("并且", "並且"),
])
def test_bing_repairs(script, simplified, traditional):
    assert traditional in to_site_script(simplified, Config(script=script), "hans")


@pytest.mark.parametrize("script", ["hant", "hant-hk"])
@pytest.mark.parametrize("simplified, traditional", [
    ("介绍了如何读取", "介紹了如何"), ("说明了然后", "明了然後"),
    # the liǎo words keep 瞭
    ("了解市场", "瞭解"), ("一目了然", "一目瞭然"), ("了如指掌", "瞭如指掌"), ("了望塔", "瞭望"),
])
def test_liao_repairs(script, simplified, traditional):
    assert traditional in to_site_script(simplified, Config(script=script), "hans")


def test_script_settings(tmp_path):
    from generator.site_script import site_script

    assert site_script(Config(script="hant")).variant == "s2tw"
    assert site_script(Config(script="hant-hk")).variant == "s2hk"
    assert site_script(Config(script="hant", extra={"script_variant": "s2twp"})).variant == "s2twp"
    (tmp_path / "zhiku.yml").write_text("script: hant-hk\nextra:\n  script_variant: s2tw\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="script_variant"):
        load_config(tmp_path / "zhiku.yml")


# --- justification ---------------------------------------------------------------------

JUSTIFY_DOC = """---
title: 排版测试
date: 2021-05-06
---

阿里巴巴在二零二一年的报告中说，今年“双 11”期间，商家们在平台上开设了更多的直播间，消费者的购买热情明显高于往年，物流和客服的压力也随之增加，许多商家提前两个月就开始准备货品和人手，平台也为中小商家提供了更多的流量扶持和培训课程，帮助他们在大促中获得更好的成绩。

报告引用了一位海外商家的话：The quick brown fox jumps over the lazy dog while merchants configure their stores for the festival, 他说这句话是为了说明准备工作的繁琐。

技术团队在文章里给出了配置方法，先执行 `$private:` 命令，再在脚本开头写上 `import os`，然后重新启动服务，整个过程大约需要十分钟，期间服务不会中断，用户几乎感觉不到任何变化。
"""
# Each Latin word, number and code span in the article body: its width, measured with a
# Range (letter spacing shows in it); the gaps between the words of the English sentence;
# and how much “双 11” and the two Han characters before it (今年) widen when justified.
MEASURE_JS = """() => {
  const body = document.querySelector('.md-content article')
  const widths = {}, gaps = []
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT)
  const width = range => Array.from(range.getClientRects()).reduce((s, r) => s + r.width, 0)
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement.closest('.zk-meta, .zk-source, h1')) continue
    for (const m of n.data.matchAll(/双 11|今年|[A-Za-z0-9$:]+( (?=[A-Za-z]))?/g)) {
      const word = m[0].trimEnd(), range = document.createRange()
      range.setStart(n, m.index); range.setEnd(n, m.index + word.length)
      widths[word + '@' + m.index] = width(range)
      if (m[1]) {
        const gap = document.createRange()
        gap.setStart(n, m.index + word.length); gap.setEnd(n, m.index + m[0].length)
        gaps.push(width(gap))
      }
    }
  }
  return {widths, gaps}
}"""
UNJUSTIFIED = ".md-typeset, .md-typeset * { text-align: left !important; text-justify: auto !important }"


@pytest.fixture(scope="module")
def justify_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("justify")
    (base / "src").mkdir()
    (base / "src" / "typesetting.md").write_text(JUSTIFY_DOC, encoding="utf-8")
    return build_site(base, base / "src")


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_justified_text_never_spreads_latin_words_or_code(justify_site, browser, viewport):
    server, base = serve_dir(justify_site.site_dir)
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        page.goto(base + justify_site.report["documents"][0]["url"])
        justified = page.evaluate(MEASURE_JS)
        aligns = page.eval_on_selector_all(".md-content article p", "ps => ps.map(p => getComputedStyle(p).textAlign)")
        page.add_style_tag(content=UNJUSTIFIED)
        plain = page.evaluate(MEASURE_JS)
    finally:
        context.close()
        server.shutdown()
    assert "justify" in aligns          # Chinese prose is still justified
    assert set(justified["widths"]) == set(plain["widths"]) and len(plain["widths"]) >= 15
    extra = {w: round(justified["widths"][w] - plain["widths"][w], 2) for w in plain["widths"]}
    spread = {w: e for w, e in extra.items() if abs(e) > 0.5 and not w.startswith(("双 11@", "今年@"))}
    assert not spread, f"wider than unjustified (px): {spread}"
    # the space in “双 11” widens like a gap between Han characters, no more
    (double_11,), (han_pair,) = ([e for w, e in extra.items() if w.startswith(k)] for k in ("双 11@", "今年@"))
    assert double_11 <= max(han_pair, 0) + 0.5, (double_11, han_pair)
    widened = [round(j - p, 2) for j, p in zip(justified["gaps"], plain["gaps"]) if j - p > 0.5]
    assert len(plain["gaps"]) >= 10 and not widened, f"gaps between English words widened by {widened} px"


# --- raw text ----------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.browser
def test_raw_text_reads_right_from_python_http_server(seed_site, page):
    """`python -m http.server` sends .txt as text/plain without a charset."""
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(seed_site.site_dir)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}/"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        doc = next(d for d in seed_site.report["documents"] if d["source"] == SEED_RAW)
        page.goto(base + doc["url"])
        with page.expect_navigation():
            page.locator("a.zk-source__raw").click()
        response_type = page.evaluate("document.contentType")
        text = page.evaluate("document.body.innerText")
        charset = page.evaluate("document.characterSet")
    finally:
        server.terminate()
        server.wait(timeout=10)
    source = (ROOT / "seeds" / SEED_RAW).read_text(encoding="utf-8")
    first_line = next(line.strip() for line in source.splitlines() if line.strip())
    assert response_type == "text/plain" and charset == "UTF-8"
    assert first_line in text and "æ" not in text


def test_a_hand_written_page_changes_its_prose_only():
    from generator.site_script import markdown_in_site_script

    page = ("这里收集的是[资料](timeline.md)与`代码里的汉字`。\n\n<!-- zhiku:intro 说明 -->\n\n"
            "```python\nprint('简体字')\n```\n\n最后一段说明。\n")
    converted = markdown_in_site_script(page, Config(script="hant"))
    assert converted == ("這裡收集的是[資料](timeline.md)與`代码里的汉字`。\n\n<!-- zhiku:intro 说明 -->\n\n"
                         "```python\nprint('简体字')\n```\n\n最後一段說明。\n")
    assert markdown_in_site_script(page, Config(script="hans")) == page
