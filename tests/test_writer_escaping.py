"""The writer's escaping holds on its own (issue 18, finding 5).

Whatever a source puts into a field, the Markdown `zhiku convert` writes renders, with the
site's Markdown extensions (mkdocs.yml, MkDocs' own `fenced_code`, and the two the hook
adds) and WITHOUT the nh3 sanitiser, into exactly the elements the writer meant: one per
block, no script, no image or link of the source's choosing, no class or id but the
writer's. Code blocks come out byte for byte.
"""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import lxml.html
import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from conftest import run_zhiku
from generator.collection.assemble import build_collection
from generator.document import (
    ADMONITION, CAPTION, CODE, FOOTNOTE, HEADING, IMAGE, LIST, PARAGRAPH, QUOTE, RULE, TABLE,
    Block, Document,
)
from generator.site.speedups.inline import FastInlineExtension
from generator.site.raw_blocks import RawBlockExtension
from generator.pages.sanitize import inert_meta_text
from generator.pages.write import referenced_notes, render_page
from html_safety import unsafe_findings
from test_properties import markdown_settings

PRE_PAYLOAD = ("```\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n"
               '<p class="md-dialog--active" id="evil">x</p>\n![t](http://track.example/p.gif)')
CASE_PAYLOAD = "<img src=x onerror=alert(1)><script>alert(2)</script> {: .md-dialog--active #evil }"


def to_html(markdown_text: str) -> str:
    """The page body as the site's Python-Markdown renders it; nothing sanitised."""
    extensions, configs = markdown_settings()
    md = markdown.Markdown(extensions=[*extensions, FastInlineExtension(), RawBlockExtension()],
                           extension_configs=configs)
    return md.convert(markdown_text)


def parse(html: str):
    return lxml.html.fragment_fromstring(html, create_parent="div")


def convert(tmp_path: Path, name: str, text: str) -> str:
    """`zhiku convert` on one source; the body of its article page."""
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / name).write_text(text, encoding="utf-8")
    run_zhiku("convert", str(tmp_path / "src"), "--out", str(tmp_path / "out"), "--work-dir", str(tmp_path / "w"))
    page, = (tmp_path / "out" / "articles").rglob("*.md")
    return get_data(page.read_text(encoding="utf-8"))[0]


def source_elements(root) -> list[str]:
    """What only a source's markup could have made: elements and attributes the writer
    never writes."""
    found = []
    for el in root.iter():
        if el.tag in ("script", "iframe", "style", "object", "embed", "form", "svg"):
            found.append(el.tag)
        found += [f"{el.tag} {name}" for name in el.attrib if name.startswith("on")]
        found += [f"{el.tag} class={c}" for c in (el.get("class") or "").split() if c == "md-dialog--active"]
        if el.get("id") == "evil":
            found.append(f"{el.tag} id=evil")
    return found


def test_a_pre_holding_a_fence_stays_one_code_block(tmp_path):
    """A line of three backticks in a <pre> closed markdownify's fence: what followed was
    written as raw HTML (adb37fe)."""
    body = convert(tmp_path, "pre.html", "<html><head><title>代码</title></head><body><article>"
                   "<h1>代码</h1><p>这是一段说明代码的正文。</p>"
                   f"<pre>{html_lib.escape(PRE_PAYLOAD)}</pre><p>后面的段落。</p></article></body></html>")
    root = parse(to_html(body))
    assert source_elements(root) == [] and root.findall(".//img") == [], body
    codes = [el.text_content() for el in root.iter("code")]
    assert codes == [PRE_PAYLOAD + "\n"], body
    assert [p.text_content() for p in root.iter("p")][-1] == "后面的段落。"


def test_a_case_title_is_text(tmp_path):
    """The title of a `案例：` line was written unescaped into the admonition (adb37fe)."""
    body = convert(tmp_path, "case.txt", f"引言一段正文。\n案例：{CASE_PAYLOAD}\n案例的正文。\n")
    root = parse(to_html(body))
    assert source_elements(root) == [] and root.findall(".//img") == [], body
    title, = root.find_class("admonition-title")
    assert title.text_content() == CASE_PAYLOAD


# --- the property: random documents -------------------------------------------------

FRAGMENTS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "onerror=", "<iframe src=x>", "<!--", "-->",
    "{: .md-dialog--active #evil }", "{ #evil }", "{:", "}", "[x](http://e.example/a)", "[x](/relative)",
    "[x](javascript:alert(1))", "(<http://e.example/a b>)", "![t](http://track.example/p.gif)", "![t](",
    "[^1]", "[^1]:", "[^2]", "[ref]: http://e.example", "[ref]", "```", "````", "~~~", "``", "`", "\\`",
    "    ", "!!! note", "- ", "* ", "+ ", "1. ", "> ", "# ", "***", "___", "---", "===", "|", "| --- |",
    "&lt;", "&#60;", "&amp;", "&", "<http://e.example>", "  ", "\u3000", "\x02", "\x03", "\\", "\n", "\r",
    '<div markdown="1">', "</div>", "[TOC]", "阿里巴巴", "双十一", "“引号”", "*重点*", "**粗体**",
]
ALPHABET = "`~<>{}[]()!#*_\\&\"':=|-+. \n\t字中文"
fields = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(ALPHABET, max_size=6)), max_size=8).map("".join)
# a visible character, so that no block is left with nothing to show
texts = st.tuples(fields, st.booleans()).map(lambda t: "字" + t[0] if t[1] else t[0] + "字")
NOTE_LABELS = ["1", "2", "1-2", "x y", "<b>", "^"]
SOURCES = {"http://img.example/a.jpg": True, "https://img.example/a(1).jpg": True, "../../images/ab12.jpg": True,
           "javascript:alert(1)": False, 'x" onerror="alert(1)': False, "/logout": False,
           "http://a.example/b){: onerror=alert(1) }": True, "../../admin/x.jpg": False}
code_texts = st.lists(st.one_of(st.sampled_from(["```", "````", "~~~", "\n```\n", "<script>alert(1)</script>",
                                                 "{: .x }", "&lt;", "\n"]),
                                st.text("`~<>{}&\"' \nab字", max_size=10)), max_size=8).map("".join).map(
    lambda t: "\n".join(line if line.strip(" ") else "" for line in t.split("\n")))   # see test below

blocks = st.one_of(
    st.builds(lambda t, level: Block(HEADING, text=t, level=level), texts, st.integers(1, 7)),
    st.builds(lambda t: Block(PARAGRAPH, text=t), texts),
    st.builds(lambda t: Block(CAPTION, text=t), texts),
    st.builds(lambda t: Block(QUOTE, text=t), texts),
    st.builds(lambda src, alt: Block(IMAGE, src=src, alt=alt), st.sampled_from(sorted(SOURCES)), texts),
    st.builds(lambda items, ordered, label: Block(LIST, items=tuple(items), ordered=ordered, label=label),
              st.lists(texts, min_size=1, max_size=3), st.booleans(),
              st.sampled_from(["1", "-", "a", "A", "{", "甲", ""])),
    st.builds(lambda title, items, label: Block(ADMONITION, title=title, items=tuple(items), label=label),
              texts, st.lists(texts, min_size=1, max_size=2), st.sampled_from(["example", "note", "x y", '"', "md-x"])),
    st.builds(lambda rows: Block(TABLE, rows=tuple(tuple(r) for r in rows)),
              st.lists(st.lists(texts, min_size=1, max_size=3), min_size=1, max_size=3)),
    st.builds(lambda t, label: Block(CODE, text=t, label=label), code_texts,
              st.sampled_from(["", "python", "c++", "{.x}", "md-dialog--active", "a b", "<x>", "中文"])),
    st.just(Block(RULE)),
)
documents = st.builds(
    lambda title, body, notes: Document(source="a.txt", title=title, blocks=tuple(body) + tuple(
        Block(FOOTNOTE, label=label, text=text) for label, text in notes.items())),
    texts, st.lists(blocks, min_size=1, max_size=8),
    st.dictionaries(st.sampled_from(NOTE_LABELS), texts, max_size=2))

ADMONITION_KINDS = {"note", "abstract", "info", "tip", "success", "question", "warning", "failure", "danger",
                    "bug", "example", "quote"}
CLASSES = {"admonition", "admonition-title", "zk-caption", "zk-cjk", "footnote", "footnote-ref",
           "footnote-backref", "headerlink", *ADMONITION_KINDS}
ATTRIBUTES = {"a": {"href", "class", "title"}, "img": {"src", "alt", "id", "loading", "referrerpolicy"},
              "p": {"id", "class"}, "div": {"class"}, "code": {"class"}, "sup": {"id"}, "li": {"id"},
              **{f"h{n}": {"id"} for n in range(1, 7)}}
TAGS = {"div", "p", "a", "img", "em", "strong", "code", "pre", "sup", "ul", "ol", "li", "blockquote", "hr",
        "table", "thead", "tbody", "tr", "th", "td", *(f"h{n}" for n in range(1, 7))}
NOTE = r"[A-Za-z0-9_-]{1,40}"
ID = re.compile(rf"p\d+(?:-\d+)?|zk-title|fn:{NOTE}|fnref\d*:{NOTE}")
HREF = re.compile(rf"https?://[^\s\"'<>()]+|#(?:p\d+(?:-\d+)?|zk-title|fn:{NOTE}|fnref\d*:{NOTE})")
SRC = re.compile(r"https?://[^\s\"'<>()]+|(?:\.\./)*images/[0-9A-Za-z_-][0-9A-Za-z._-]*")


def expected_tags(doc: Document) -> list[str]:
    """The top-level element each block is written as (a note nobody refers to, or one the
    writer cannot label, is a paragraph), then the footnotes. Python-Markdown adds a list
    to the list before it, and a quote to the quote before it (a footnote between them is
    no element of the page)."""
    referenced = referenced_notes(doc.blocks)
    tags, notes = ["h1"], False
    for b in doc.blocks:
        if b.kind == FOOTNOTE and b.label in referenced and re.fullmatch(NOTE, b.label):
            notes = True
        elif b.kind == IMAGE:   # the image, its caption (the caption alone: a source not written)
            tags += ["p", "p"] if SOURCES[b.src] else ["p"]
        elif b.kind == LIST:
            tags += [] if tags[-1] in ("ul", "ol") else ["ol" if b.ordered and b.label[:1] not in ("a", "A") else "ul"]
        elif b.kind == QUOTE:
            tags += [] if tags[-1] == "blockquote" else ["blockquote"]
        else:
            tags.append({HEADING: f"h{min(max(b.level, 2), 6)}", PARAGRAPH: "p", CAPTION: "p", FOOTNOTE: "p",
                         ADMONITION: "div", TABLE: "table", CODE: "pre", RULE: "hr"}[b.kind])
    return tags + ["div"] * notes


def unintended(root) -> list[str]:
    """Elements and attributes the writer never writes: only a source could have."""
    found = []
    for el in root.iter():
        if el is root:
            continue
        if el.tag not in TAGS:
            found.append(f"<{el.tag}>")
        for name, value in el.attrib.items():
            if name not in ATTRIBUTES.get(el.tag, set()):
                found.append(f"<{el.tag} {name}={value!r}>")
            elif name == "id" and not ID.fullmatch(value):
                found.append(f"<{el.tag} id={value!r}>")
            elif name == "class" and not all(c in CLASSES or re.fullmatch(r"language-[A-Za-z0-9_+#.-]+", c)
                                             for c in value.split()):
                found.append(f"<{el.tag} class={value!r}>")
            elif (name == "href" and not HREF.fullmatch(value)) or (name == "src" and not SRC.fullmatch(value)):
                found.append(f"<{el.tag} {name}={value!r}>")
    return found


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_escaping_alone_keeps_every_page_to_what_the_writer_meant(doc):
    body, meta = get_data(render_page(doc, build_collection([doc])))
    assert meta["title"] == inert_meta_text(doc.title)   # the front matter ends where it should
    assert body.startswith("# ") or body.startswith("#\n")
    html = to_html(body)
    root = parse(html)
    assert unsafe_findings(html) == [], html
    assert unintended(root) == [], (body, html)
    assert [el.tag for el in root] == expected_tags(doc), (body, html)
    assert len(root.findall(".//img")) == sum(b.kind == IMAGE and SOURCES[b.src] for b in doc.blocks)
    # code blocks come out byte for byte (Python-Markdown adds the final newline)
    codes = [el.text_content() for el in root.iter("code") if el.getparent().tag == "pre"]
    assert codes == [b.text + "\n" for b in doc.blocks if b.kind == CODE], body


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(code_texts.filter(lambda t: t.strip("\n")), st.sampled_from(["", "python"]))
def test_code_from_a_pre_round_trips_byte_for_byte(code, language):
    """A <pre>'s text -> a code block -> the page's <code>: the same text. (Lines holding
    only spaces are left out of the domain: Python-Markdown empties them in every page,
    and tabs become spaces, before any extension runs.)"""
    from generator.config import Config
    from generator.conversion.pipeline import run
    from generator.readers import read_bytes

    css = f' class="language-{language}"' if language else ""
    page = f"<p>正文一段。</p><pre><code{css}>{html_lib.escape(code)}</code></pre><p>正文二段。</p>"
    doc = run(read_bytes("a.html", page.encode("utf-8")), Config())
    assert [b.text for b in doc.blocks if b.kind == CODE] == [code.strip("\n")]
    body = get_data(render_page(doc, build_collection([doc])))[0]
    pres = parse(to_html(body)).findall(".//pre/code")
    assert [el.text_content() for el in pres] == [code.strip("\n") + "\n"], body
    assert [el.get("class") for el in pres] == [f"language-{language}" if language else None]


def test_a_markdown_source_fence_holding_a_shorter_fence_stays_one_code_block():
    from generator.config import Config
    from generator.conversion.pipeline import run
    from generator.readers import read_bytes

    code = "```\n<script>alert(1)</script>\n```"
    doc = run(read_bytes("a.md", f"正文。\n\n````html\n{code}\n````\n\n后文。\n".encode()), Config())
    assert [(b.kind, b.text, b.label) for b in doc.blocks] == [
        (PARAGRAPH, "正文。", ""), (CODE, code, "html"), (PARAGRAPH, "后文。", "")]
    root = parse(to_html(get_data(render_page(doc, build_collection([doc])))[0]))
    assert source_elements(root) == [] and [el.text_content() for el in root.iter("code")] == [code + "\n"]


# --- the ways past the old escaping, one by one ----------------------------------------

@pytest.mark.parametrize("block, absent", [
    # a paragraph opening with a code span of three backticks and ending in `}`: a fence
    # with attributes, closed by the next code block's fence; that block's code was Markdown
    (Block(PARAGRAPH, text="``` {a``b ``` x\\}"), "<script"),
    (Block(PARAGRAPH, text="[^1]: defined here"), 'class="footnote"'),
    (Block(PARAGRAPH, text="字![t](http://track.example/p.gif)"), "<img"),
    (Block(PARAGRAPH, text="[站内](/logout) [x](javascript:alert(1))"), 'href="/logout"'),
    (Block(PARAGRAPH, text="[x](http://e.example/){: .md-dialog--active }"), 'class="md-dialog'),
    (Block(HEADING, text="标题 *强调*{: #evil .md-dialog--active }", level=2), 'id="evil"'),
    (Block(LIST, items=("- 嵌套", "<b>粗</b>"), label="-"), "<b>"),
    (Block(TABLE, rows=(("a", "b"), ("<i>x</i> | y", "`|`"))), "<i>"),
    (Block(QUOTE, text="引文\n\n<script>alert(1)</script>"), "<script"),
    (Block(CAPTION, text="    ~~~\n<div>"), "<div>"),
    (Block(ADMONITION, label='example" onclick="x', title='a" b', items=("正文",)), "onclick"),
    (Block(CODE, text="x", label="{#evil .x .md-dialog--active onclick=y}"), 'id="evil"'),
    (Block(IMAGE, src="http://a.example/b){: onerror=alert(1) }", alt="图"), " onerror"),
    (Block(FOOTNOTE, label="1\n<script>", text="注"), "<script"),
    (Block(PARAGRAPH, text="1234567890. 不是列表"), "<ol"),   # Python-Markdown reads any number of digits
])
def test_no_field_opens_markup(block, absent):
    doc = Document(source="a.txt", title="标题",
                   blocks=(block, Block(CODE, text="<script>alert(1)</script>"), Block(PARAGRAPH, text="文[^1]")))
    html = to_html(get_data(render_page(doc, build_collection([doc])))[0])
    assert absent not in html.replace("&lt;script&gt;", ""), html
    assert unintended(parse(html)) == [], html


def test_the_title_cannot_choose_the_heading_id():
    doc = Document(source="a.txt", title="__config", blocks=(Block(PARAGRAPH, text="正文"),))
    h1, = parse(to_html(get_data(render_page(doc, build_collection([doc])))[0])).iter("h1")
    assert h1.get("id") == "zk-title" and h1.text_content().startswith("__config")


def test_what_the_converter_writes_reads_the_same_after_the_writer():
    """The writer's check leaves the converter's escaped Markdown as it is."""
    from generator.pages.safe_markdown import safe_inline

    for text in ["普通的一段话。", "\\*不是强调\\* 1\\. &lt;b&gt; \\[x\\]", "**粗体**和*斜体*",
                 "[链接](https://e.example/a?b=1&c=%E4%B8%AD)", "见注释[^1]。", "`a<b` 与 `` a`b ``",
                 "&#126;~ 2022年", "\\# \\| \\{ \\}"]:
        assert safe_inline(text) == text
