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
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config as MkDocsConfigBase
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files

from generator.site.compact_html import compact_html
from generator.config import Config, ConfigError
from generator.convert import convert_folder, write_output
from generator.pages.home import HOME_PAGE, expand_markers, home_sections
from generator.site.images import IMAGES_FOLDER
from generator.site.mkdocs_setup import DEFAULT_PAGES, THEME_DIR, SetupError, check_and_complete
from generator.site.nav_html import TOC_MARK, nav_items_html, supported as nav_supported
from generator.site.navigation import arrange_nav, article_order
from generator.pages.sanitize import sanitize_html, unsafe_markup, visible_name
from generator.site.search import disable_build_segmentation, finish_search
from generator.site_script import (in_site_script, markdown_in_site_script, site_labels, site_script,
                                   strings_in_site_script, user_text_in_site_script)
from generator.site.build import (CliPaths, normalise_sitemap, project_paths, remove_scripted_svgs,
                            with_image_policy, zhiku_config_for, zhiku_config_path)
from generator.site.speedups import FewerCollections, PageWriter, Prerender, markdown_extensions
from generator.pages.views import recent_documents, site_taxonomy
from generator.pages.write import link_or_copy

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


@dataclass
class BuildState:
    """What one build keeps between the plugin's events (`mkdocs serve` makes a new one
    for every rebuild, in on_config). Only the navigation order is kept, not the
    documents: their pages are written, and held through MkDocs' build they would make its
    peak memory grow with the collection."""
    settings: Config
    order: dict
    home: dict[str, str]
    recent: list                          # the 404 page's latest documents
    prerender: Prerender | None = None   # speed-ups (generator/site/speedups/), None when off
    writer: PageWriter | None = None
    nav: object = None                   # the arranged navigation (on_nav)
    nav_in_python: bool | None = None    # decided before the first page is written


class ZhikuPlugin(BasePlugin[ZhikuPluginConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command: str | None = None
        # Handed over by `zhiku build`/`bundle`/`serve` (site.hand_over) with the MkDocs
        # config they are for (MkDocs may reuse this object for another config in the same
        # process); plain `mkdocs build` reads zhiku.yml in on_config instead.
        self.given: tuple[object, Config, CliPaths] | None = None
        self.build: BuildState | None = None
        self.watch: list[Path] = []
        self.inactive = False   # the hook file's copy when the plugin is listed as well
        self.collections = FewerCollections()   # a speed-up (generator/site/speedups/collector.py)

    def on_startup(self, command, **_):
        """`mkdocs serve` rebuilds from a server thread: no forking there (a forked child
        inherits locks other threads may hold), so it renders and writes in one process."""
        self.command = command

    def _jobs(self, settings: Config) -> int:
        if self.command == "serve":
            return 1
        return settings.jobs or os.cpu_count() or 1

    def _settings(self, config) -> tuple[Config, CliPaths]:
        if self.given is not None and self.given[0] is config:
            return self.given[1], self.given[2]
        try:
            return zhiku_config_for(config), CliPaths()
        except ConfigError as exc:   # plain `mkdocs build` shows it without a traceback
            raise SetupError(f"configuration error: {exc}") from exc

    def on_config(self, config, **_):
        check_and_complete(config)
        zcfg, outputs = self._settings(config)
        if zcfg.speedups:
            self.collections.start()   # stopped in on_post_build / on_build_error
        disable_build_segmentation()  # Zhiku's search engine does not use the cut (generator/site/search.py)
        try:
            result = convert_folder(zcfg, project_paths(config, outputs))
        except FileNotFoundError as exc:   # no source folder: say where it is set
            raise SetupError(f"{exc} (`source:` in {zhiku_config_path(config, outputs)})") from exc
        write_output(result, zcfg.pages_dir, Path(outputs.report or zcfg.report_path), zcfg)
        if result.excluded:
            log.info("not read as documents (the project's own, inside the source folder): %s",
                     ", ".join(visible_name(rel) for rel in result.excluded))
        for problem in result.warnings:
            log.warning("%s: %s: %s", visible_name(problem.source), problem.code,
                        visible_name(problem.detail.splitlines()[0] if problem.detail else ""))
        home = home_sections(result.collection, site_taxonomy(zcfg), zcfg.title, zcfg.description)
        watch = [zcfg.source, zhiku_config_path(config, outputs), zcfg.taxonomy, zcfg.taxonomy_extra, THEME_DIR]
        self.watch = sorted({Path(p).resolve() for p in watch if p is not None and Path(p).exists()})
        self.build = BuildState(settings=zcfg, order=article_order(result.collection),
                                home={name: in_site_script(text, zcfg) for name, text in home.items()},
                                recent=recent_documents(result.collection))
        if zcfg.speedups:
            self.build.prerender = Prerender(zcfg.work_dir / "render-cache", self._jobs(zcfg), sanitised=_is_article)
            self.build.writer = PageWriter(self._jobs(zcfg), _is_article)
            for speedup in markdown_extensions():   # same HTML, sooner
                if not any(isinstance(e, type(speedup)) for e in config["markdown_extensions"]):
                    config["markdown_extensions"].append(speedup)
        strings_in_site_script(config, zcfg)
        config["extra"]["zhiku_script"] = site_script(zcfg).script  # "hans" | "hant", for templates
        return config

    def on_files(self, files: Files, config, **_):
        pages_dir = Path(self.build.settings.pages_dir)
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

    def on_nav(self, nav, **_):
        """Year sections with Chinese titles, newest first (generator/site/navigation.py)."""
        self.build.nav = arrange_nav(nav, self.build.order, self.build.settings)
        return self.build.nav

    def on_pre_page(self, page, config, files, **_):
        """Before the first page, render them all at once (speedups/render.py: parallel,
        cached; articles sanitised). The home page is left out: its Markdown is made in
        on_page_markdown."""
        if self.build.prerender is not None and not self.build.prerender.started:
            pages = [f.page for f in files.documentation_pages()
                     if f.page is not None and f.src_uri != HOME_PAGE]
            self.build.prerender.start(pages, config, files)
        return page

    @event_priority(-100)   # after every other plugin's: the Markdown MkDocs will render
    def on_page_markdown(self, markdown: str, page, **_):
        """A hand-written page (docs_dir's, the default home page) in the site's script; the
        home page's `<!-- zhiku:... -->` markers become the generated sections; a page
        rendered ahead is handed to MkDocs as a placeholder (speedups/render.py: a
        hand-written page the script changed is rendered by MkDocs, its Markdown differs)."""
        zcfg = self.build.settings
        if Path(page.file.src_dir or "").resolve() != Path(zcfg.pages_dir).resolve():
            markdown = markdown_in_site_script(markdown, zcfg)
            if isinstance(page.meta.get("title"), str):
                page.meta["title"] = user_text_in_site_script(page.meta["title"], zcfg)
        if page.file.src_uri == HOME_PAGE:
            # its generated sections repeat the articles' titles and summaries: a search hit
            # there would stand above the articles themselves (unless the page says otherwise)
            page.meta.setdefault("search", {"exclude": True})
            return expand_markers(markdown, self.build.home)
        if self.build.prerender is not None:
            return self.build.prerender.placeholder(markdown, page)
        return markdown

    @event_priority(100)    # before every other plugin's: they see the page's own HTML
    def on_page_content(self, html: str, page, files, **_):
        """Article pages are made of source text: clean their HTML with the allow-list
        (generator/pages/sanitize.py) so no script, handler, frame or unsafe URL reaches the site.
        The page's Markdown is let go: rendered, it is read no more, and MkDocs would hold
        every page's until the build ends."""
        found = None
        if self.build.prerender is not None:
            html, found = self.build.prerender.content(html, page, files)
        prepared = found is not None
        page.markdown = ""
        if _is_article(page):
            found = found if prepared else unsafe_markup(html)
            if found:
                log.warning("%s: unsafe HTML removed by the sanitiser: %s", page.file.src_uri, ", ".join(found))
            return html if prepared else sanitize_html(html)
        return html

    @event_priority(-100)  # after every other plugin's on_env: the pages are final
    def on_env(self, env, config, files, **_):
        """The article template's labels in the site's script (site_script.site_labels);
        the article pages written by worker processes (speedups/write.py)."""
        env.globals["zhiku_labels"] = site_labels(self.build.settings)
        if self.build.nav_in_python is None:   # before the fork: the workers inherit it
            self.build.nav_in_python = nav_supported(self.build.nav)
        if self.build.writer is not None:
            self.build.writer.write_ahead(config, files, self.build.nav, env)
        return env

    def on_template_context(self, context, template_name: str, **_):
        """The 404 page's way forward: the latest documents (theme/404.html)."""
        if template_name == "404.html":
            context["zhiku_recent"] = self.build.recent if self.build is not None else []
        return context

    @event_priority(100)
    def _on_page_context_first(self, context, page, config, nav, **_):
        if self.build.writer is not None:
            self.build.writer.before_plugins(page, config)
        return context

    def _on_page_context(self, context, page, config, nav, **_):
        """The navigation's items, written in Python (generator/site/nav_html.py) for
        theme/partials/nav.html, when no page needs what only Material's macro writes."""
        if self.build.writer is not None and self.build.writer.is_written(page):
            return context
        if self.build.nav_in_python is None:
            self.build.nav_in_python = nav_supported(nav)
        if self.build.nav_in_python:
            context["zhiku_nav_items"] = nav_items_html(nav, page, config["theme"]["features"], context["base_url"])
            context["zhiku_toc_mark"] = TOC_MARK
        return context

    @event_priority(-100)
    def _on_page_context_last(self, context, page, config, nav, **_):
        if self.build.writer is not None:
            self.build.writer.after_plugins(context, page, config)
        return context

    on_page_context = CombinedEvent(_on_page_context_first, _on_page_context, _on_page_context_last)

    def on_post_page(self, output: str, page, **_):
        """Every page without the templates' indentation: a third of its bytes (compact_html.py).
        A page written ahead was compacted by the worker."""
        if self.build.writer is not None and self.build.writer.is_written(page):
            return output
        return compact_html(output)

    def on_post_template(self, output: str, template_name: str, **_):
        """The theme's own HTML pages (404.html) compacted like every other page."""
        return compact_html(output) if template_name.endswith(".html") else output

    @event_priority(-50)  # after Material's search plugin writes its index, before offline inlines it
    def on_post_build(self, config, **_):
        """Sitemap without build-time stamps, so builds are reproducible (site.py); the search
        index rewritten for Zhiku's engine, which is installed in Material's worker slot."""
        normalise_sitemap(Path(config["site_dir"]))
        finish_search(Path(config["site_dir"]))
        for path, reasons in remove_scripted_svgs(Path(config["site_dir"])):
            log.warning("%s: SVG image that is not a cleaned copy (%s): not published", path, ", ".join(reasons))
        self._end_build()

    def on_build_error(self, **_):
        self._end_build()

    def _end_build(self) -> None:
        """What a build set up goes with it (MkDocs keeps the plugin object for the next)."""
        if self.build is not None and self.build.writer is not None:
            self.build.writer.finish()
        self.build = self.given = None
        self.collections.stop()

    def on_serve(self, server, config, builder, **_):
        """Rebuilt when a source, zhiku.yml, the taxonomy files or the theme change."""
        for path in self.watch:
            server.watch(str(path))
        server.set_app(with_image_policy(server.get_app()))   # mirrored images under a CSP (site.py)
        return server


def hook_events() -> dict:
    """The plugin's events as an MkDocs hook module's functions (generator/site/mkdocs_hook.py,
    for a mkdocs.yml that names the hook file); they stand aside when the `zhiku` plugin is
    listed in `plugins:` as well, so the conversion never runs twice. `zhiku_plugin` is the
    plugin object behind them (for `zhiku build` to hand its settings to, site.hand_over)."""
    plugin = ZhikuPlugin()
    plugin.load_config({})

    def wrap(name: str, method):
        def event(*args, **kwargs):
            if name == "on_config":
                config = args[0] if args else kwargs["config"]
                plugin.inactive = any(isinstance(p, ZhikuPlugin) for p in config["plugins"].values())
            if plugin.inactive:
                return args[0] if args else None
            return method(*args, **kwargs)

        event.mkdocs_priority = getattr(method, "mkdocs_priority", 0)
        return event

    events = {}
    for name in dir(ZhikuPlugin):
        if not name.startswith("on_") or getattr(ZhikuPlugin, name) is getattr(BasePlugin, name, None):
            continue
        method = getattr(plugin, name)
        events[name] = (CombinedEvent(*(wrap(name, m) for m in method.methods))
                        if isinstance(method, CombinedEvent) else wrap(name, method))
    return {**events, "zhiku_plugin": plugin}
