"""Pages rendered ahead of MkDocs' loop (generator/site/speedups/render.py) are exactly what
MkDocs' own `Page.render` + the sanitiser make, come from the cache when unchanged, and
warn again when they do; the site is the same with and without the speed-ups."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from generator.pages.sanitize import sanitize_html
from generator.site.speedups import render as prerender_module
from generator.site.speedups.render import Prerender, prerender

from conftest import ROOT

ARTICLE = """---
title: 第{i}篇
---

# 第{i}篇文章

天猫双十一的第{i}段正文，含有**加粗**和[外部链接](https://example.com/{i})。
{{: #p1 }}

## 数据表

| 年份 | 成交额 |
|---|---|
| 2021 | {i} 亿 |

!!! note "案例"
    案例正文{i}。

见[另一篇](a{j}.md)与[不存在的页](missing-{i}.md)，注释[^1]。<script>alert({i})</script>

[^1]: 脚注{i}。
"""


def site(tmp: Path, count: int = 9):
    docs = tmp / "docs"
    (docs / "articles").mkdir(parents=True)
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    for i in range(count):
        text = ARTICLE.format(i=i, j=(i + 1) % count)
        (docs / "articles" / f"a{i}.md").write_text(text, encoding="utf-8")
    extensions = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("markdown_extensions:")[1]
    (tmp / "mkdocs.yml").write_text(f"site_name: t\ndocs_dir: docs\nmarkdown_extensions:{extensions}",
                                    encoding="utf-8")
    return load_and_list(tmp)


def load_and_list(tmp: Path):
    config = load_config(str(tmp / "mkdocs.yml"))
    files = get_files(config)
    get_navigation(files, config)
    pages = [f.page for f in files.documentation_pages() if f.src_uri.startswith("articles/")]
    return config, files, pages


def rendered_by_mkdocs(page: Page, config, files) -> Page:
    fresh = Page(page.title, page.file, config)
    fresh.read_source(config)
    fresh.render(config, files)
    return fresh


def populate(page: Page, results: dict, config, files, rewrite=lambda markdown: markdown) -> bool:
    """What MkDocs' loop does with a page, the plugin's two events included (`rewrite`:
    another plugin's on_page_markdown before ours); whether the prepared page was taken."""
    ahead = Prerender(None, 1)
    ahead.results = dict(results)
    page.read_source(config)
    page.markdown = ahead.placeholder(rewrite(page.markdown), page)
    page.render(config, files)
    page.content, unsafe = ahead.content(page.content, page, files)
    return unsafe is not None


def test_prerendered_pages_are_what_mkdocs_renders_and_sanitises(tmp_path):
    config, files, pages = site(tmp_path)
    results = prerender(pages, config, files, tmp_path / "cache", jobs=2)  # 9 pages: forked workers
    assert sorted(results) == sorted(p.file.src_uri for p in pages)
    for page in pages:
        expected = rendered_by_mkdocs(page, config, files)
        got = results[page.file.src_uri]
        assert got.content == sanitize_html(expected.content)
        assert "<script" not in got.content and "<script" in expected.content
        assert got.unsafe, "the removed script is named for the build's warning"
        assert populate(page, results, config, files)
        assert page.content == got.content
        assert str(page.toc) == str(expected.toc) and "数据表" in str(page.toc)
        assert page.title == expected.title


def test_unchanged_pages_come_from_the_cache_and_warn_again(tmp_path, monkeypatch, caplog):
    config, files, pages = site(tmp_path)
    cache = tmp_path / "cache"
    first = prerender(pages, config, files, cache, jobs=1)
    assert any("missing-3.md" in m for _, _, m in first["articles/a3.md"].records)

    (tmp_path / "docs" / "articles" / "a3.md").write_text(
        ARTICLE.format(i=3, j=4).replace("数据表", "新的数据表"), encoding="utf-8")
    config, files, pages = load_and_list(tmp_path)
    asked: list[list[str]] = []
    real = prerender_module._render_many
    monkeypatch.setattr(prerender_module, "_render_many",
                        lambda uris, *a: asked.append(list(uris)) or real(uris, *a))
    second = prerender(pages, config, files, cache, jobs=1)
    assert asked == [["articles/a3.md"]], "only the changed page is rendered again"
    assert "新的数据表" in second["articles/a3.md"].content
    assert second["articles/a5.md"].content == first["articles/a5.md"].content

    page = next(p for p in pages if p.file.src_uri == "articles/a5.md")
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        assert populate(page, second, config, files)
    assert any("missing-5.md" in r.getMessage() for r in caplog.records), \
        "a cached page logs what its first render logged"


def test_markdown_rewritten_after_prerender_is_rendered_as_usual(tmp_path):
    config, files, pages = site(tmp_path)
    results = prerender(pages, config, files, None, jobs=1)
    page = pages[0]
    assert not populate(page, results, config, files, lambda markdown: markdown + "\n\n插件追加的段落。\n")
    assert "插件追加的段落" in page.content


@pytest.mark.parametrize("corpus", [0, 20])
def test_site_is_byte_identical_with_and_without_the_speedups(tmp_path, corpus):
    """The seed site, and 20 synthetic documents' (enough for worker processes), built by
    MkDocs' loop alone (`--no-speedups`) vs with pages rendered ahead, article pages
    written by workers and raw blocks stashed."""
    from bench.corpus import write_corpus
    from conftest import build_site

    source = ROOT / "seeds"
    if corpus:
        source = tmp_path / "corpus"
        write_corpus(source, corpus)
    with_speedups = build_site(tmp_path / "with", source)
    without = tmp_path / "without"
    subprocess.run([sys.executable, "-m", "generator.cli", "build", "--no-speedups", "--source", str(source),
                    "--site-dir", str(without / "site"), "--work-dir", str(without / "work")],
                   cwd=ROOT, check=True, capture_output=True)
    assert (with_speedups.work_dir / "render-cache").is_dir()
    assert ("worker processes" in with_speedups.output) is bool(corpus)
    assert not (without / "work" / "render-cache").exists()
    left = sorted(p.relative_to(with_speedups.site_dir) for p in with_speedups.site_dir.rglob("*") if p.is_file())
    right = sorted(p.relative_to(without / "site") for p in (without / "site").rglob("*") if p.is_file())
    assert left == right
    differing = [p for p in left if (with_speedups.site_dir / p).read_bytes() != (without / "site" / p).read_bytes()]
    assert differing == []


@pytest.mark.parametrize("name, link", [
    ("b.md", "[乙篇][乙]\n\n[乙]: b.md"),            # reference-style
    ("b.md", "[乙篇](%62.md)"),                       # percent-encoded, decoded by MkDocs
    ("b c.md", "[乙篇](<b c.md>)"),                   # a space, in angle brackets
    ("b(1).md", "[乙篇](b(1).md)"),                   # parentheses in the name
])
def test_a_cached_page_is_rendered_again_when_a_page_it_links_to_comes_or_goes(tmp_path, name, link):
    config, files, pages = site(tmp_path, count=2)
    articles = tmp_path / "docs" / "articles"
    (articles / "a0.md").write_text(f"# 甲篇\n\n{link}\n", encoding="utf-8")
    (articles / name).write_text("# 乙篇\n", encoding="utf-8")
    cache = tmp_path / "cache"
    config, files, pages = load_and_list(tmp_path)
    first = prerender(pages, config, files, cache, jobs=1)["articles/a0.md"]
    assert 'href="../b' in first.content and not first.records

    (articles / name).unlink()
    config, files, pages = load_and_list(tmp_path)
    second = prerender(pages, config, files, cache, jobs=1)["articles/a0.md"]
    assert 'href="../b' not in second.content, "the link no longer resolves"
    assert any("not found among documentation files" in m for _, _, m in second.records)

    (articles / name).write_text("# 乙篇\n", encoding="utf-8")
    config, files, pages = load_and_list(tmp_path)
    third = prerender(pages, config, files, cache, jobs=1)["articles/a0.md"]
    assert third.content == first.content and not third.records


def test_pages_are_not_cached_when_an_extension_may_read_other_files(tmp_path):
    config, files, pages = site(tmp_path, count=2)
    part = tmp_path / "part.md"
    part.write_text("片段版本一\n", encoding="utf-8")
    (tmp_path / "docs" / "articles" / "a0.md").write_text('# 甲\n\n--8<-- "part.md"\n', encoding="utf-8")

    def with_snippets():
        config, files, pages = load_and_list(tmp_path)
        config["markdown_extensions"].append("pymdownx.snippets")
        config["mdx_configs"]["pymdownx.snippets"] = {"base_path": [str(tmp_path)]}
        return pages, config, files

    cache = tmp_path / "cache"
    assert "片段版本一" in prerender(*with_snippets(), cache, jobs=1)["articles/a0.md"].content
    part.write_text("片段版本二\n", encoding="utf-8")
    assert "片段版本二" in prerender(*with_snippets(), cache, jobs=1)["articles/a0.md"].content


def test_the_key_names_functions_in_extension_settings_not_their_addresses(tmp_path):
    """A slugify function set in mkdocs.yml is a new object in every run: the key must
    not change with its address, or the cache never hits."""
    import functools

    from generator.site.speedups.render import render_key

    def made_by_a_run():   # what loading mkdocs.yml gives: a new function object each time
        def slugify(value, separator, case="none"):
            return value
        return slugify

    def other(value, separator, case="none"):
        return value

    config, files, pages = site(tmp_path, count=2)
    keys = []
    for func in (made_by_a_run(), made_by_a_run(), other):
        config["mdx_configs"]["toc"] = {"permalink": True, "slugify": functools.partial(func, case="lower")}
        keys.append(render_key(pages[0], config))
    assert keys[0] == keys[1], "the same settings give the same key"
    assert keys[1] != keys[2], "another function gives another key"


def test_a_page_without_a_title_in_its_metadata_keeps_the_title_its_heading_gives(tmp_path):
    config, files, pages = site(tmp_path, count=2)
    (tmp_path / "docs" / "articles" / "a0.md").write_text("# 甲 & 乙 *篇*\n\n正文。\n", encoding="utf-8")
    config, files, pages = load_and_list(tmp_path)
    results = prerender(pages, config, files, None, jobs=1)
    page = next(p for p in pages if p.file.src_uri == "articles/a0.md")
    expected = rendered_by_mkdocs(page, config, files).title
    assert populate(page, results, config, files)
    assert "title" not in page.meta and page.title == expected and "乙" in expected


def test_the_collector_runs_less_often_during_a_build_and_as_before_after_it():
    import gc

    from generator.site.speedups import FewerCollections

    before = gc.get_threshold()
    fewer = FewerCollections()
    fewer.start()
    fewer.start()
    assert gc.get_threshold()[0] >= 50_000 and gc.get_threshold()[1:] == before[1:]
    fewer.stop()
    fewer.stop()
    assert gc.get_threshold() == before
