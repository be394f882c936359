"""Articles rendered ahead of MkDocs' loop (generator/prerender.py) are exactly what
MkDocs' own `Page.render` + the sanitiser make, come from the cache when unchanged, and
warn again when they do."""

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

from generator import prerender as prerender_module
from generator.prerender import apply, prerender
from generator.sanitize import sanitize_html

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
    Page.render(fresh, config, files)
    return fresh


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
        apply(page, got)
        page.read_source(config)
        page.render(config, files)
        assert page.zhiku_prerendered
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
    apply(page, second["articles/a5.md"])
    page.read_source(config)
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        page.render(config, files)
    assert page.zhiku_prerendered
    assert any("missing-5.md" in r.getMessage() for r in caplog.records), \
        "a cached page logs what its first render logged"


def test_markdown_rewritten_after_prerender_is_rendered_as_usual(tmp_path):
    config, files, pages = site(tmp_path)
    results = prerender(pages, config, files, None, jobs=1)
    page = pages[0]
    apply(page, results[page.file.src_uri])
    page.read_source(config)
    page.markdown += "\n\n插件追加的段落。\n"
    page.render(config, files)
    assert not page.zhiku_prerendered
    assert "插件追加的段落" in page.content


@pytest.mark.parametrize("source", [ROOT / "seeds"])
def test_site_is_byte_identical_with_and_without_prerendering(tmp_path, source):
    """The whole seed site, built by MkDocs' loop alone vs with articles prerendered."""
    from conftest import build_site

    with_prerender = build_site(tmp_path / "with", source)
    script = ("import sys, generator.prerender as p; p.prerender = lambda *a, **k: {}; "
              "from generator.cli import main; sys.exit(main(sys.argv[1:]))")
    without = tmp_path / "without"
    subprocess.run([sys.executable, "-c", script, "build", "--source", str(source),
                    "--site-dir", str(without / "site"), "--work-dir", str(without / "work")],
                   cwd=ROOT, check=True, capture_output=True)
    assert (with_prerender.work_dir / "render-cache").is_dir()
    assert not (without / "work" / "render-cache").exists()
    left = sorted(p.relative_to(with_prerender.site_dir) for p in with_prerender.site_dir.rglob("*") if p.is_file())
    right = sorted(p.relative_to(without / "site") for p in (without / "site").rglob("*") if p.is_file())
    assert left == right
    differing = [p for p in left if (with_prerender.site_dir / p).read_bytes() != (without / "site" / p).read_bytes()]
    assert differing == []
