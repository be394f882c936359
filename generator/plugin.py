"""The `zhiku` MkDocs plugin (`plugins: [search, zhiku]`): runs the converter and adds its
pages, templates, CSS, JS and default home page to the build.

Kept small on purpose: the work happens in plain Python (generator.convert and the page
writers), so `zhiku build`, plain `mkdocs build`, `mkdocs serve` and `mkdocs gh-deploy`
make the same site. Everything the plugin brings is package data (generator/theme/,
generator/defaults/), so an installed wheel carries it; what it needs from mkdocs.yml is
checked in on_config (mkdocs_setup.py).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config as MkDocsConfigBase
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from generator import parallel_pages
from generator.collection import documents_by_date, format_date
from generator.compact_html import compact_html
from generator.convert import convert_folder, write_output
from generator.fast_inline import FastInlineExtension
from generator.home import HOME_PAGE, expand_markers, home_sections
from generator.images import IMAGES_FOLDER
from generator.config import ConfigError
from generator.mkdocs_setup import DEFAULT_PAGES, THEME_DIR, SetupError, check_and_complete
from generator.nav_html import TOC_MARK, nav_items_html, supported as nav_supported
from generator.navigation import arrange_nav, article_order
from generator.prerender import apply as take_prerendered, prerender
from generator.raw_blocks import RawBlockExtension
from generator.sanitize import sanitize_html, unsafe_markup, visible_name
from generator.search import disable_build_segmentation, finish_search
from generator.site_script import (in_site_script, markdown_in_site_script, site_labels, site_script,
                                   strings_in_site_script, user_text_in_site_script)
from generator.site import (cli_overrides, normalise_sitemap, project_paths, remove_scripted_svgs,
                            with_image_policy, zhiku_config_for, zhiku_config_path)
from generator.views import site_taxonomy
from generator.write import link_or_copy

log = logging.getLogger("mkdocs.plugins.zhiku")


class ZhikuPluginConfig(MkDocsConfigBase):
    # zhiku.yml (default: beside mkdocs.yml); its folder is the base of relative paths
    config = config_options.Optional(config_options.Type(str))


def _is_article(page) -> bool:
    return page.file.src_uri.startswith("articles/")


class _LinkedFile(File):
    """A mirrored image: hard-linked into the site, not copied (write.link_or_copy)."""

    def copy_file(self, dirty: bool = False) -> None:
        if not dirty or self.is_modified():
            link_or_copy(Path(self.abs_src_path), Path(self.abs_dest_path))


class ZhikuPlugin(BasePlugin[ZhikuPluginConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.state: dict = {}

    def on_startup(self, command, **_):
        """`mkdocs serve` rebuilds from a server thread: no forking there (a forked child
        inherits locks other threads may hold), so it renders and writes in one process."""
        self.state["command"] = command

    def _jobs(self) -> int:
        if self.state.get("command") == "serve":
            return 1
        return self.state["config"].jobs or os.cpu_count() or 1

    def on_config(self, config, **_):
        check_and_complete(config)
        try:
                zcfg = zhiku_config_for(config)
        except ConfigError as exc:   # plain `mkdocs build` shows it without a traceback
            raise SetupError(f"configuration error: {exc}") from exc
        disable_build_segmentation()  # Zhiku's search engine does not use the cut (generator/search.py)
        try:
            result = convert_folder(zcfg, project_paths(config))
        except FileNotFoundError as exc:   # no source folder: say where it is set
            raise SetupError(f"{exc} (`source:` in {zhiku_config_path(config)})") from exc
        report = cli_overrides(config).get("report") or zcfg.report_path
        write_output(result, zcfg.pages_dir, Path(report), zcfg)
        if result.excluded:
            log.info("not read as documents (the project's own, inside the source folder): %s",
                     ", ".join(visible_name(rel) for rel in result.excluded))
        for problem in result.warnings:
            log.warning("%s: %s: %s", visible_name(problem.source), problem.code,
                        visible_name(problem.detail.splitlines()[0] if problem.detail else ""))
        home = home_sections(result.collection, site_taxonomy(zcfg), zcfg.title, zcfg.description)
        for stale in ("rendered", "nav_in_python"):  # `mkdocs serve` runs on_config for every rebuild
            self.state.pop(stale, None)
        watch = [zcfg.source, zhiku_config_path(config), zcfg.taxonomy, zcfg.taxonomy_extra, THEME_DIR]
        # Only the navigation order is kept, not the documents: their pages are written, and
        # held through MkDocs' build they would make its peak memory grow with the collection.
        self.state.update(config=zcfg, order=article_order(result.collection),
                          recent=recent_documents(result.collection),
                          watch=sorted({Path(p).resolve() for p in watch if p is not None and Path(p).exists()}),
                          home={name: in_site_script(text, zcfg) for name, text in home.items()})
        strings_in_site_script(config, zcfg)
        config["extra"]["zhiku_script"] = site_script(zcfg).script  # "hans" | "hant", for templates
        for speedup in (FastInlineExtension, RawBlockExtension):   # same HTML, sooner
            if not any(isinstance(e, speedup) for e in config["markdown_extensions"]):
                config["markdown_extensions"].append(speedup())
        return config

    def on_files(self, files: Files, config, **_):
        pages_dir = Path(self.state["config"].pages_dir)
        for path in sorted(p for p in pages_dir.rglob("*") if p.is_file()):
            uri = path.relative_to(pages_dir).as_posix()
            existing = files.get_file_from_path(uri)
            if existing is not None:
                log.warning("%s in docs_dir is replaced by the generated page of the same name", uri)
                files.remove(existing)
            kind = _LinkedFile if uri.startswith(f"{IMAGES_FOLDER}/") else File
            files.append(kind(uri, str(pages_dir), config["site_dir"], config["use_directory_urls"]))
        for path in sorted(p for p in DEFAULT_PAGES.rglob("*.md")):   # a home page until docs_dir has one
            uri = path.relative_to(DEFAULT_PAGES).as_posix()
            if files.get_file_from_path(uri) is None:
                files.append(File(uri, str(DEFAULT_PAGES), config["site_dir"], config["use_directory_urls"]))
        return files

    def on_pre_page(self, page, config, files, **_):
        """Before the first page, render them all at once (generator/prerender.py: parallel,
        cached; articles sanitised); each page then takes its result instead of rendering.
        The home page is left out: its Markdown is made in on_page_markdown."""
        if "rendered" not in self.state:
            pages = [f.page for f in files.documentation_pages()
                     if f.page is not None and f.src_uri != HOME_PAGE]
            self.state["rendered"] = prerender(pages, config, files,
                                               self.state["config"].work_dir / "render-cache",
                                               self._jobs(), sanitised=_is_article)
        rendered = self.state["rendered"].pop(page.file.src_uri, None)   # the page holds it now
        if rendered is not None:
            take_prerendered(page, rendered)
        return page

    def on_page_content(self, html: str, page, **_):
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

    def on_nav(self, nav, **_):
        """Year sections with Chinese titles, newest first (generator/navigation.py)."""
        return arrange_nav(nav, self.state["order"], self.state["config"])

    def on_page_context(self, context, page, config, nav, **_):
        """The navigation's items, written in Python (generator/nav_html.py) for
        theme/partials/nav.html, when no page needs what only Material's macro writes."""
        if "nav_in_python" not in self.state:
            self.state["nav_in_python"] = nav_supported(nav)
        if self.state["nav_in_python"]:
            context["zhiku_nav_items"] = nav_items_html(nav, page, config["theme"]["features"], context["base_url"])
            context["zhiku_toc_mark"] = TOC_MARK
        return context

    def on_page_markdown(self, markdown: str, page, **_):
        """A hand-written page (docs_dir's, the default home page) in the site's script; the
        home page's `<!-- zhiku:... -->` markers become the generated sections."""
        zcfg = self.state["config"]
        if Path(page.file.src_dir or "").resolve() != Path(zcfg.pages_dir).resolve():
            markdown = markdown_in_site_script(markdown, zcfg)
            if isinstance(page.meta.get("title"), str):
                page.meta["title"] = user_text_in_site_script(page.meta["title"], zcfg)
        if page.file.src_uri == HOME_PAGE:
            return expand_markers(markdown, self.state["home"])
        return markdown

    def on_template_context(self, context, template_name: str, **_):
        """The 404 page's way forward: the latest documents (theme/404.html)."""
        if template_name == "404.html":
            context["zhiku_recent"] = self.state.get("recent", [])
        return context

    def on_post_page(self, output: str, page, **_):
        """Every page without the templates' indentation: a third of its bytes (compact_html.py)."""
        return compact_html(output)

    def on_post_template(self, output: str, template_name: str, **_):
        """The theme's own HTML pages (404.html) compacted like every other page."""
        return compact_html(output) if template_name.endswith(".html") else output

    @event_priority(-100)  # after every other plugin's on_env: the pages are final
    def on_env(self, env, config, **_):
        """The article template's labels in the site's script (site_script.site_labels);
        MkDocs' write loop hands the article pages to worker processes (parallel_pages.py)."""
        env.globals["zhiku_labels"] = site_labels(self.state["config"])
        parallel_pages.install(config, self._jobs(), _is_article)
        return env

    def on_build_error(self, **_):
        parallel_pages.uninstall()

    @event_priority(-50)  # after Material's search plugin writes its index, before offline inlines it
    def on_post_build(self, config, **_):
        """Sitemap without build-time stamps, so builds are reproducible (site.py); the search
        index rewritten for Zhiku's engine, which is installed in Material's worker slot."""
        parallel_pages.uninstall()
        normalise_sitemap(Path(config["site_dir"]))
        finish_search(Path(config["site_dir"]))
        for path, reasons in remove_scripted_svgs(Path(config["site_dir"])):
            log.warning("%s: SVG image that is not a cleaned copy (%s): not published", path, ", ".join(reasons))

    def on_serve(self, server, config, builder, **_):
        """Rebuilt when a source, zhiku.yml, the taxonomy files or the theme change."""
        for path in self.state.get("watch", ()):
            server.watch(str(path))
        server.set_app(with_image_policy(server.get_app()))   # mirrored images under a CSP (site.py)
        return server



NOT_FOUND_RECENT = 8   # latest documents listed on the 404 page


def recent_documents(coll) -> list[dict]:
    """The latest documents (newest first, undated last) as the 404 page links them."""
    dated, undated = documents_by_date(coll)
    return [{"url": coll.url(d), "title": d.title, "date_label": format_date(d.date, d.date_precision)}
            for d in (dated + undated)[:NOT_FOUND_RECENT]]


def hook_events() -> dict:
    """The plugin's events as an MkDocs hook module's functions (generator/mkdocs_hook.py,
    for a mkdocs.yml that names the hook file); they stand aside when the `zhiku` plugin is
    listed in `plugins:` as well, so the conversion never runs twice."""
    plugin = ZhikuPlugin()
    plugin.load_config({})

    def wrap(name: str):
        method = getattr(plugin, name)

        def event(*args, **kwargs):
            if name == "on_config":
                config = args[0] if args else kwargs["config"]
                plugin.state["inactive"] = any(isinstance(p, ZhikuPlugin) for p in config["plugins"].values())
            if plugin.state.get("inactive"):
                return args[0] if args else None
            return method(*args, **kwargs)

        event.mkdocs_priority = getattr(method, "mkdocs_priority", 0)
        return event

    events = {name: wrap(name) for name in dir(ZhikuPlugin) if name.startswith("on_")
              and getattr(ZhikuPlugin, name) is not getattr(BasePlugin, name, None)}
    return {**events, "_state": plugin.state}
