"""Property tests (hypothesis) for the converter: any bytes in -> no exception, valid
UTF-8 Markdown out, and no unsafe HTML once MkDocs' Markdown (the extensions named in
mkdocs.yml) and the sanitiser have made a page of it.

Inputs are raw bytes, and documents assembled from hostile fragments (payloads, front
matter, Markdown and HTML syntax, Chinese text) in the encodings collections come in.
Example counts keep the whole file to about a minute on one core."""

from __future__ import annotations

import functools
import re
from pathlib import PurePosixPath

import markdown
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from generator.collection.assemble import build_collection
from generator.config import Config
from generator.conversion.pipeline import run
from generator.pages.sanitize import inert_meta_text, sanitize_html
from generator.readers import read_bytes
from generator.pages.write import render_page
from html_safety import unsafe_findings
from test_security import PAYLOADS

CONFIG = Config()
FRAGMENTS = [
    *PAYLOADS.values(), "---\n", "title: ", "date: ", "slug: ../../x\n", "tags: [a, b]\n", "author: ",
    "\n", "\n\n", "# ", "## ", "- ", "1. ", "> ", "```", "|", "| --- |", "{: #p1 onclick=x }", "[^1]",
    "!!! note \"t\"\n\n    ", "<p>", "</p>", "<div>", "</div>", "<br>", "<h2>", "<table><tr><td>", "<li>",
    "<img src=", "&lt;script&gt;", "&amp;", "&#0;", "\\", "*", "_", "`", "[", "](", ")", "<", ">", "\"", "'",
    "阿里巴巴", "双十一", "2022年5月23日", "2015年13月45日", "據報道，", "來源：", "\u3000", "\ufeff", "\x00",
    "\u202e", "\ud7ff", "🎉",
]
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "big5", "utf-16", "utf-16-le", "utf-16-be")
NAMES = ("a.txt", "b.html", "c.md", "d.htm", "e", "f.markdown")

documents = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=25).map("".join)
encoded = st.builds(lambda text, enc: text.encode(enc, errors="replace"), documents, st.sampled_from(ENCODINGS))
any_bytes = st.one_of(st.binary(max_size=3000), encoded)


@functools.lru_cache(maxsize=None)
def markdown_settings() -> tuple[list, dict]:
    """The Markdown extensions and their settings exactly as MkDocs loads mkdocs.yml."""
    from mkdocs.config import load_config

    cfg = load_config(config_file=str(ROOT / "mkdocs.yml"))
    return list(cfg["markdown_extensions"]), dict(cfg["mdx_configs"])


def to_html(page: str) -> str:
    extensions, configs = markdown_settings()
    body = page.split("\n---\n", 1)[1]
    return sanitize_html(markdown.Markdown(extensions=extensions, extension_configs=configs).convert(body))


def convert(name: str, data: bytes):
    doc = run(read_bytes(name, data), CONFIG)
    crashes = [p.detail for p in doc.problems if p.code == "internal-error"]
    assert not crashes, crashes[0]
    return doc


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(NAMES), any_bytes)
def test_any_bytes_become_valid_markdown_and_safe_html(name, data):
    doc = convert(name, data)
    if doc.skipped:
        assert all(p.detail.strip() for p in doc.problems), "skipped without a reason"
        return
    page = render_page(doc, build_collection([doc]))
    assert page.encode("utf-8").decode("utf-8") == page       # no lone surrogates
    assert "\x00" not in page
    front = yaml.safe_load(page.split("\n---\n", 1)[0].removeprefix("---\n"))
    assert front["title"] == inert_meta_text(front["title"])   # nothing in it can become markup
    html = to_html(page)
    assert unsafe_findings(html) == [], html


@settings(max_examples=400, deadline=None)
@given(documents)
def test_the_sanitiser_leaves_nothing_unsafe_in_any_html(text):
    assert unsafe_findings(sanitize_html(text)) == []


hostile_paths = st.one_of(st.text(max_size=40), st.sampled_from([
    "../../etc/passwd", "/etc/passwd", "..\\..\\x", "..", ".", "~/x", "C:\\x", "a/../../b", "%2e%2e/x",
    "\u2025/x", "．．/x", "２０２２", "<script>", "CON", "",
]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_paths, hostile_paths, st.one_of(hostile_paths, st.sampled_from(["2022-05-23", "２０２２年１月"])),
       st.sampled_from(["a.md", "../b.md", "c/d.txt"]))
def test_no_front_matter_value_chooses_a_path_outside_the_articles(slug, title, date, name):
    head = yaml.safe_dump({"title": title, "slug": slug, "date": date}, allow_unicode=True)
    doc = convert(name, f"---\n{head}---\n\n正文一段。\n".encode("utf-8"))
    if doc.skipped:
        return
    coll = build_collection([doc])
    page = coll.page_path(doc)
    assert re.fullmatch(r"articles/[a-z0-9-]+/[a-z0-9][a-z0-9-]*\.md", page), page
    assert ".." not in PurePosixPath(page).parts and coll.url(doc) == page.removesuffix(".md") + "/"
