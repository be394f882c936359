"""The navigation written in Python (generator/site/nav_html.py) is byte for byte what
Material's nav-item macro writes (after the pages' compaction), for every page of a
nested site, under each combination of Material's navigation features."""

from __future__ import annotations

import subprocess
import sys

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation
from mkdocs.commands.build import get_context

from generator.site.compact_html import compact_html
from generator.site.nav_html import TOC_MARK, nav_items_html, supported

from conftest import ROOT, build_site

PAGES = {
    "index.md": "# 首页\n\n正文。\n",
    "about.md": "# 关于\n\n## 来源\n\n说明。\n\n## 方法\n\n说明。\n",
    "years/index.md": "# 年份\n\n总览。\n",
    "years/2021/first.md": "# 第一篇 <b>粗</b> & 符号\n\n## 小节一\n\n### 更深\n\n正文。\n",
    "years/2021/second.md": "# 第二篇\n\n正文。\n",
    "years/2022/index.md": "# 2022 总览\n\n正文。\n",
    "years/2022/third.md": "正文，没有一级标题。\n\n## 只有二级\n\n正文。\n",
    "tags/only.md": "# 唯一的标签\n\n正文。\n",
}
FEATURES = [
    ["navigation.sections", "navigation.prune", "navigation.indexes"],   # Zhiku's
    ["navigation.tabs", "navigation.sections"],
    ["navigation.tabs", "navigation.prune"],
    ["navigation.prune"],
    ["navigation.indexes", "navigation.expand"],
    [],
]
WRAPPER = ('{% import "partials/language.html" as lang with context %}'
           '{% set features = config.theme.features or [] %}{% include "partials/nav.html" %}')


def site(tmp, features):
    docs = tmp / "docs"
    for path, text in PAGES.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    listed = "".join(f"    - {f}\n" for f in features)
    (tmp / "mkdocs.yml").write_text(
        f"site_name: 测试\ndocs_dir: docs\ntheme:\n  name: material\n  custom_dir: {ROOT / 'generator' / 'theme'}\n"
        f"  features:\n{listed or '    []'}\nmarkdown_extensions:\n  - toc:\n      permalink: true\n",
        encoding="utf-8")
    config = load_config(str(tmp / "mkdocs.yml"))
    files = get_files(config)
    nav = get_navigation(files, config)
    for file in files.documentation_pages():
        file.page.read_source(config)
        file.page.render(config, files)
    return config, files, nav


@pytest.mark.parametrize("features", FEATURES, ids=lambda f: "+".join(x.split(".")[1] for x in f) or "none")
def test_python_navigation_equals_materials_macro_on_every_page(tmp_path, features):
    config, files, nav = site(tmp_path, features)
    assert supported(nav)
    template = config.theme.get_env().from_string(WRAPPER)
    for file in files.documentation_pages():
        page = file.page
        page.active = True
        try:
            context = get_context(nav, files, config, page)
            by_macro = compact_html(template.render(context))
            ours = nav_items_html(nav, page, config.theme["features"], context["base_url"])
            by_python = compact_html(template.render({**context, "zhiku_nav_items": ours,
                                                      "zhiku_toc_mark": TOC_MARK}))
        finally:
            page.active = False
        assert "md-nav__item" in by_macro
        assert by_python == by_macro, file.src_uri


def test_pages_with_an_icon_are_left_to_the_macro(tmp_path):
    config, files, nav = site(tmp_path, FEATURES[0])
    assert supported(nav)
    files.get_file_from_path("about.md").page.meta["icon"] = "material/home"
    assert not supported(nav)


@pytest.mark.parametrize("nav", [
    "  - index.md\n  - 空节: []\n",                       # a section with nothing in it
    "  - index.md\n  - 2021:\n    - about.md\n",          # a number for a title (unquoted YAML)
    "  - index.md\n  - https://example.com/\n",            # a link without a title
])
def test_hand_written_navigation_it_does_not_write_is_left_to_the_macro(tmp_path, nav):
    config, files, _ = site(tmp_path, FEATURES[0])
    text = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(text + "nav:\n" + nav, encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    files = get_files(config)
    assert not supported(get_navigation(files, config))


def test_seed_site_is_byte_identical_with_materials_macro(tmp_path):
    """The whole seed site, its navigation written by the macro vs by Python."""
    ours = build_site(tmp_path / "ours")
    script = ("import sys, generator.site.nav_html as n; n.supported = lambda nav: False; "
              "from generator.cli import main; sys.exit(main(sys.argv[1:]))")
    macro = tmp_path / "macro"
    subprocess.run([sys.executable, "-c", script, "build", "--site-dir", str(macro / "site"),
                    "--work-dir", str(macro / "work")], cwd=ROOT, check=True, capture_output=True)
    left = {p.relative_to(ours.site_dir): p.read_bytes() for p in ours.site_dir.rglob("*.html")}
    right = {p.relative_to(macro / "site"): p.read_bytes() for p in (macro / "site").rglob("*.html")}
    assert sorted(left) == sorted(right) and len(left) > 10
    assert [str(p) for p in left if left[p] != right[p]] == []
