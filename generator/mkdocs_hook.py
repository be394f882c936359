"""MkDocs hook (named in mkdocs.yml): runs the converter and adds its pages to the build.

Kept small on purpose: the work happens in plain Python (generator.convert), so plain
`mkdocs build`, `mkdocs serve` and `mkdocs gh-deploy` behave like `zhiku build`.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from generator import parallel_pages
from generator.compact_html import compact_html
from generator.convert import convert_folder, write_output
from generator.fast_inline import FastInlineExtension
from generator.home import HOME_PAGE, expand_markers, home_sections
from generator.nav_html import TOC_MARK, nav_items_html, supported as nav_supported
from generator.navigation import arrange_nav, article_order
from generator.prerender import apply as take_prerendered, prerender
from generator.raw_blocks import RawBlockExtension
from generator.sanitize import sanitize_html, unsafe_markup
from generator.search import disable_build_segmentation, finish_search
from generator.site import cli_overrides, normalise_sitemap, remove_scripted_svgs, zhiku_config_for
from generator.links import in_site_script
from generator.views import site_taxonomy

log = logging.getLogger("mkdocs.plugins.zhiku")
_state: dict = {}


def on_startup(command, **_):
    """`mkdocs serve` rebuilds from a server thread: no forking there (a forked child
    inherits locks other threads may hold), so it renders and writes in one process."""
    _state["command"] = command


def _jobs() -> int:
    if _state.get("command") == "serve":
        return 1
    return _state["config"].jobs or os.cpu_count() or 1


def _is_article(page) -> bool:
    return page.file.src_uri.startswith("articles/")


def on_config(config, **_):
    zcfg = zhiku_config_for(config)
    disable_build_segmentation()  # Zhiku's search engine does not use the cut (generator/search.py)
    result = convert_folder(zcfg)
    report = cli_overrides(config).get("report") or zcfg.report_path
    write_output(result, zcfg.pages_dir, Path(report), zcfg)
    for problem in result.warnings:
        log.warning("%s: %s: %s", problem.source, problem.code, problem.detail.splitlines()[0])
    home = home_sections(result.collection, site_taxonomy(zcfg), zcfg.title, zcfg.description)
    for stale in ("rendered", "nav_in_python"):  # `mkdocs serve` runs on_config for every rebuild
        _state.pop(stale, None)
    # Only the navigation order is kept, not the documents: their pages are written, and
    # held through MkDocs' build they would make its peak memory grow with the collection.
    _state.update(config=zcfg, order=article_order(result.collection),
                  home={name: in_site_script(text, zcfg) for name, text in home.items()})
    config["extra"]["zhiku_script"] = zcfg.script  # the article template's labels follow it
    for speedup in (FastInlineExtension, RawBlockExtension):   # same HTML, sooner
        if not any(isinstance(e, speedup) for e in config["markdown_extensions"]):
            config["markdown_extensions"].append(speedup())
    return config


def on_files(files: Files, config, **_):
    pages_dir = Path(_state["config"].pages_dir)
    for path in sorted(p for p in pages_dir.rglob("*") if p.is_file()):
        uri = path.relative_to(pages_dir).as_posix()
        existing = files.get_file_from_path(uri)
        if existing is not None:
            log.warning("%s in docs_dir is replaced by the generated page of the same name", uri)
            files.remove(existing)
        files.append(File(uri, str(pages_dir), config["site_dir"], config["use_directory_urls"]))
    return files


def on_pre_page(page, config, files, **_):
    """Before the first page, render them all at once (generator/prerender.py: parallel,
    cached; articles sanitised); each page then takes its result instead of rendering.
    The home page is left out: its Markdown is made in on_page_markdown."""
    if "rendered" not in _state:
        pages = [f.page for f in files.documentation_pages()
                 if f.page is not None and f.src_uri != HOME_PAGE]
        _state["rendered"] = prerender(pages, config, files, _state["config"].work_dir / "render-cache",
                                       _jobs(), sanitised=_is_article)
    rendered = _state["rendered"].pop(page.file.src_uri, None)   # the page holds it now
    if rendered is not None:
        take_prerendered(page, rendered)
    return page


def on_page_content(html: str, page, **_):
    """Article pages are made of source text: clean their HTML with the allow-list
    (generator/sanitize.py) so no script, handler, frame or unsafe URL reaches the site.
    The page's Markdown is let go: rendered, it is read no more, and MkDocs would hold
    every page's until the build ends (a "" title falls back as before: see Page.title)."""
    page.markdown = ""
    if _is_article(page):
        prerendered = getattr(page, "zhiku_prerendered", False)
        found = page.zhiku_unsafe if prerendered else unsafe_markup(html)
        if found:
            log.warning("%s: unsafe HTML removed by the sanitiser: %s", page.file.src_uri, ", ".join(found))
        return html if prerendered else sanitize_html(html)
    return html


def on_nav(nav, **_):
    """Year sections with Chinese titles, newest first (generator/navigation.py)."""
    return arrange_nav(nav, _state["order"], _state["config"])


def on_page_context(context, page, config, nav, **_):
    """The navigation's items, written in Python (generator/nav_html.py) for
    site_theme/partials/nav.html, when no page needs what only Material's macro writes."""
    if "nav_in_python" not in _state:
        _state["nav_in_python"] = nav_supported(nav)
    if _state["nav_in_python"]:
        context["zhiku_nav_items"] = nav_items_html(nav, page, config["theme"]["features"], context["base_url"])
        context["zhiku_toc_mark"] = TOC_MARK
    return context


def on_page_markdown(markdown: str, page, **_):
    """The home page's `<!-- zhiku:... -->` markers become the generated sections."""
    if page.file.src_uri == HOME_PAGE:
        return expand_markers(markdown, _state["home"])
    return markdown


def on_post_page(output: str, page, **_):
    """Every page without the templates' indentation: a third of its bytes (compact_html.py)."""
    return compact_html(output)


def on_post_template(output: str, template_name: str, **_):
    """The theme's own HTML pages (404.html) compacted like every other page."""
    return compact_html(output) if template_name.endswith(".html") else output


@event_priority(-100)  # after every other plugin's on_env: the pages are final
def on_env(env, config, **_):
    """MkDocs' write loop hands the article pages to worker processes (parallel_pages.py)."""
    parallel_pages.install(config, _jobs(), _is_article)
    return env


def on_build_error(**_):
    parallel_pages.uninstall()


@event_priority(-50)  # after Material's search plugin writes its index, before offline inlines it
def on_post_build(config, **_):
    """Sitemap without build-time stamps, so builds are reproducible (site.py); the search
    index rewritten for Zhiku's engine, which is installed in Material's worker slot."""
    parallel_pages.uninstall()
    normalise_sitemap(Path(config["site_dir"]))
    finish_search(Path(config["site_dir"]))
    for path, reasons in remove_scripted_svgs(Path(config["site_dir"])):
        log.warning("%s: SVG image that can run script (%s): not published", path, ", ".join(reasons))


def on_serve(server, config, builder, **_):
    server.watch(str(Path(_state["config"].source).resolve()))
    return server
