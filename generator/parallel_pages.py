"""Article pages written by forked workers while MkDocs' write loop waits for them.

After the Markdown is rendered (generator/prerender.py), most of a build is MkDocs'
write loop: Material's Jinja templates (the navigation above all), Material's search
plugin reading each page, and Zhiku's `on_post_page`, page by page on one core. When
that loop asks for its first page, this module has the article pages written by forked
worker processes, each running MkDocs' own `_build_page` on its share; the loop then
skips the pages already written. What a page's build leaves in the parent process is
brought back: the entries Material's search plugin indexed (appended in the loop's
order, so the index is the same as a one-process build's) and the messages logged.

Only used when every plugin is one whose page events are known to be safe this way
(SAFE_PLUGINS); with any other plugin, or `mkdocs serve --dirty`, the loop runs as usual.
"""

from __future__ import annotations

import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, wait
from dataclasses import dataclass, field

from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import BuildError

from .prerender import collected_logs, replay
from .progress import progress

log = logging.getLogger("mkdocs.plugins.zhiku")
PARALLEL_MIN = 16   # below this many article pages, forking costs more than it saves
SAFE_PLUGINS = {"search", "material/search", "offline", "material/offline", "zhiku"}   # zhiku: this module's own


@dataclass
class Written:
    """What building one page in a worker leaves for the parent."""
    search_entries: list[dict] = field(default_factory=list)
    records: list[tuple[str, int, str]] = field(default_factory=list)
    error: str | None = None   # the page failed: the build stops, as MkDocs' loop would


_state: dict = {}   # the original _build_page, the jobs, what the workers wrote


def install(config, jobs: int, wanted) -> None:
    """Route MkDocs' page writes through `_build_page` below for this build; `wanted(page)`
    says which pages the workers write. Undone by `uninstall` (on_post_build, or error)."""
    if jobs <= 1 or not _plugins_are_safe(config):
        return
    if "original" not in _state:
        _state["original"] = mkdocs_build._build_page
    _state.update(jobs=jobs, wanted=wanted, written=None)
    mkdocs_build._build_page = _build_page


def uninstall() -> None:
    if "original" in _state:
        mkdocs_build._build_page = _state.pop("original")
    _state.clear()


def _plugins_are_safe(config) -> bool:
    """Plugins other than these (hooks aside) may keep state from page
    events that a worker's copy would lose."""
    return set(config["plugins"]) - set(config["hooks"] or {}) <= SAFE_PLUGINS


def _build_page(page, config, doc_files, nav, env, dirty=False, excluded=False) -> None:
    original = _state["original"]
    if _state["written"] is None:
        _state["written"] = {} if dirty else _write_ahead(config, doc_files, nav, env)
    written = _state["written"].get(page.file.src_uri)
    if written is None:
        original(page, config, doc_files, nav, env, dirty, excluded)
        return
    replay(written.records)
    index = _search_index(config)
    if index is not None:
        index.entries.extend(written.search_entries)


def _write_ahead(config, doc_files, nav, env) -> dict[str, Written]:
    uris = [f.src_uri for f in doc_files if f.page is not None and _state["wanted"](f.page)]
    if len(uris) < PARALLEL_MIN:
        return {}
    _state["job"] = (config, doc_files, nav, env)
    jobs = min(_state["jobs"], len(uris))
    shares = [uris[i::jobs] for i in range(jobs)]   # interleaved: years of long pages spread out
    context = multiprocessing.get_context("fork")
    _state["done"] = context.Value("i", 0)   # pages written, counted by the workers (progress.py)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool, \
            progress(len(uris), "writing pages") as advance:
        futures = [pool.submit(_write_share, share) for share in shares]
        shown = 0
        while wait(futures, timeout=0.25).not_done:
            done = _state["done"].value
            advance(done - shown)
            shown = done
        results = [f.result() for f in futures]
    _state.pop("job")
    written = {uri: page for share in results for uri, page in share}
    failed = [(uri, page) for uri, page in written.items() if page.error]
    if failed:
        uri, page = min(failed)
        replay(page.records)  # MkDocs' "Error building page ..." among them
        raise BuildError(f"Error building page '{uri}': {page.error}")
    log.info("%d article pages written by %d worker processes", len(uris), jobs)
    return written


def _write_share(uris: list[str]) -> list[tuple[str, Written]]:
    """In a worker: build and write these pages with MkDocs' own `_build_page`."""
    config, doc_files, nav, env = _state["job"]
    by_uri = {f.src_uri: f for f in doc_files}
    index = _search_index(config)
    out = []
    for uri in uris:
        file = by_uri[uri]
        before = len(index.entries) if index is not None else 0
        with collected_logs() as collect:
            try:
                _state["original"](file.page, config, doc_files, nav, env, False, file.inclusion.is_excluded())
            except Exception as error:  # noqa: BLE001 - reported by the parent, which stops the build
                out.append((uri, Written([], collect.records, f"{type(error).__name__}: {error}")))
                return out
        entries = index.entries[before:] if index is not None else []
        out.append((uri, Written(list(entries), collect.records)))
        counter = _state.get("done")
        if counter is not None:
            with counter.get_lock():
                counter.value += 1
    return out


def _search_index(config):
    for name in ("material/search", "search"):
        plugin = config["plugins"].get(name)
        if plugin is not None and getattr(plugin, "search_index", None) is not None:
            return plugin.search_index
    return None
