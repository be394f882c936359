"""Article pages written by forked workers before MkDocs' write loop reaches them.

Once every page is rendered (generator/site/speedups/render.py), most of a build is MkDocs'
write loop: Material's Jinja templates, Material's search plugin reading each page, and
Zhiku's `on_post_page`, page by page on one core. In `on_env`, the last event before that
loop, forked worker processes write the article pages the way the loop would (the same
public steps: `get_context`, the page's template from the theme's environment, every
plugin's `on_page_context` and `on_post_page`, `write_file`). Each written page's
template is then set to WRITTEN_TEMPLATE, which is empty: the loop leaves the written
file as it is (MkDocs writes no empty page; its note saying so is not shown for these
pages). What a page's writing leaves in the parent is brought back and taken in the
loop's order, so the site is the same as a
one-process build's: the messages logged, and the entries Material's search plugin
indexed (they replace what the plugin indexes of the page's emptied content).

Only used when every plugin is one whose page events are known to be safe this way
(SAFE_PLUGINS); with any other plugin the loop runs as usual.
"""

from __future__ import annotations

import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Callable

from mkdocs import utils
from mkdocs.commands.build import get_context
from mkdocs.exceptions import BuildError

from ...conversion.progress import progress
from .render import collected_logs, replay

log = logging.getLogger("mkdocs.plugins.zhiku")
PARALLEL_MIN = 16   # below this many article pages, forking costs more than it saves
CHUNK = 4
SAFE_PLUGINS = {"search", "material/search", "offline", "material/offline", "zhiku"}
WRITTEN_TEMPLATE = "zhiku-written.html"   # generator/theme/: an empty template


@dataclass
class Written:
    """What writing one page in a worker leaves for the parent."""
    search_entries: list[dict] = field(default_factory=list)
    records: list[tuple[str, int, str]] = field(default_factory=list)
    error: str | None = None   # the page failed: the build stops, as MkDocs' loop would


class PageWriter:
    """One build's pages written ahead (held by the plugin from `on_env` to `on_post_build`)."""

    def __init__(self, jobs: int, wanted: Callable) -> None:
        self.jobs, self.wanted = jobs, wanted
        self.written: dict[str, Written] = {}
        self.entries_before = 0   # the search index's length when the current page began

    def write_ahead(self, config, files, nav, env) -> None:
        """`on_env`: the wanted pages written by workers, their template switched."""
        if self.jobs <= 1 or not plugins_are_safe(config):
            return
        pages = [f.page for f in files.documentation_pages()
                 if f.page is not None and not f.inclusion.is_excluded() and self.wanted(f.page)]
        if len(pages) < PARALLEL_MIN:
            return
        job = _WriteJob(config, files, nav, env)
        uris = [p.file.src_uri for p in pages]
        context = multiprocessing.get_context("fork")   # the workers inherit the job
        written: dict[str, Written] = {}
        with ProcessPoolExecutor(max_workers=min(self.jobs, len(uris)), mp_context=context,
                                 initializer=_WORKER.update, initargs=({"job": job},)) as pool, \
                progress(len(uris), "writing pages") as advance:
            for uri, result in zip(uris, pool.map(_write_in_worker, uris, chunksize=CHUNK)):
                written[uri] = result
                advance(1)
        failed = [(uri, w) for uri, w in written.items() if w.error]
        if failed:
            uri, page = min(failed)
            replay(page.records)  # MkDocs' "Error building page ..." among them
            raise BuildError(f"Error building page '{uri}': {page.error}")
        for page in pages:
            page.meta["template"] = WRITTEN_TEMPLATE
        self.written = written
        logging.getLogger("mkdocs.commands.build").addFilter(self._quiet_skips)
        log.info("%d article pages written by %d worker processes", len(uris), min(self.jobs, len(uris)))

    def is_written(self, page) -> bool:
        return page.file.src_uri in self.written

    def finish(self) -> None:
        """`on_post_build` (or the build's failure): the log as it was."""
        logging.getLogger("mkdocs.commands.build").removeFilter(self._quiet_skips)
        self.written = {}

    def _quiet_skips(self, record: logging.LogRecord) -> bool:
        """MkDocs' note that a page's output was empty, for a page written ahead."""
        if record.levelno != logging.INFO:
            return True
        message = record.getMessage()
        return not (message.startswith("Page skipped: '") and message.split("'")[1] in self.written)

    def before_plugins(self, page, config) -> None:
        """`on_page_context`, before every other plugin's: the search plugin is to index
        nothing of a written page (its entries come from the worker)."""
        if self.is_written(page):
            index = search_index(config)
            self.entries_before = len(index.entries) if index is not None else 0
            page.content = ""

    def after_plugins(self, context, page, config) -> None:
        """`on_page_context`, after every other plugin's: the worker's messages and search
        entries in the page's place."""
        written = self.written.get(page.file.src_uri)
        if written is None:
            return
        replay(written.records)
        index = search_index(config)
        if index is not None:
            index.entries[self.entries_before:] = written.search_entries


def plugins_are_safe(config) -> bool:
    """Plugins other than these (hooks aside) may keep state from page events that a
    worker's copy would lose."""
    return set(config["plugins"]) - set(config["hooks"] or {}) <= SAFE_PLUGINS


def search_index(config):
    """Material's (or MkDocs') search plugin's index being built, if any."""
    for name in ("material/search", "search"):
        plugin = config["plugins"].get(name)
        if plugin is not None and getattr(plugin, "search_index", None) is not None:
            return plugin.search_index
    return None


_WORKER: dict = {}   # in a worker process only: the job its pool was started for


def _write_in_worker(uri: str) -> Written:
    return _WORKER["job"].write(uri)


class _WriteJob:
    """Writes pages of one build as MkDocs' write loop would (in a worker)."""

    def __init__(self, config, files, nav, env) -> None:
        self.config, self.files, self.nav, self.env = config, files, nav, env
        self.doc_files = files.documentation_pages()

    def write(self, uri: str) -> Written:
        config, page = self.config, self.files.get_file_from_path(uri).page
        index = search_index(config)
        before = len(index.entries) if index is not None else 0
        with collected_logs() as collect:
            try:
                self._write_page(page)
            except Exception as error:  # noqa: BLE001 - reported by the parent, which stops the build
                return Written([], collect.records, f"{type(error).__name__}: {error}")
        entries = index.entries[before:] if index is not None else []
        return Written(list(entries), collect.records)

    def _write_page(self, page) -> None:
        config = self.config
        page.active = True
        try:
            context = get_context(self.nav, self.doc_files, config, page)
            template = self.env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(context, page=page, config=config, nav=self.nav)
            output = template.render(context)
            output = config.plugins.on_post_page(output, page=page, config=config)
            if output.strip():
                utils.write_file(output.encode("utf-8", errors="xmlcharrefreplace"), page.file.abs_dest_path)
        finally:
            page.active = False
            page.content = None   # as the loop leaves it
