"""Pages rendered ahead of MkDocs' page loop: in parallel, and cached by content.

Python-Markdown is most of a build's time when the pages are long articles (and long
lists: timeline, documents), and MkDocs renders them one after another on one core.
When its loop reaches the first page (`on_pre_page`), the pages are rendered here, by
MkDocs' own `Page.read_source` and `Page.render` (same extensions, same link handling)
and, the articles, sanitised (generator/pages/sanitize.py), in forked worker processes. Each
page then goes through MkDocs' loop as usual, except that `on_page_markdown` hands MkDocs
an empty placeholder to render and `on_page_content` puts the prepared HTML, table of
contents and anchors back (`Prerender.placeholder`, `Prerender.content`), and the title
the full render gave the page is set as its `title` (which MkDocs' Page allows, as for a
title from `nav:`).

The results are kept in the work dir, keyed by everything that shapes them, so a rebuild
renders only the pages that changed. Which pages a result's links reached is not known
before rendering: each render runs with a `Files` that records every lookup (found or
not, excluded or not), and a result is used again only while all of them give the same
answer. Pages are not cached at all when a Markdown extension outside CACHEABLE could
read other files (`pymdownx.snippets`, say), since no key could see those change. A page
whose Markdown another plugin rewrote is rendered by MkDocs as usual.

Messages logged while a page renders (a broken image path, say) are kept with the result
and logged again when the page takes it, so cached builds warn like fresh ones.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache, partial
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Callable

from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ...conversion import cache
from ...pages.sanitize import sanitize_html, unsafe_markup

PARALLEL_MIN = 8    # below this many pages to render, forking costs more than it saves
# Markdown extensions known to read nothing but the page: Python-Markdown's own, Zhiku's,
# Material's, and pymdownx's except the two that read files.
CACHEABLE = re.compile(r"(markdown\.extensions\.|generator\.|material\.extensions\.|pymdownx\.(?!snippets\b|b64\b))"
                       r"|(abbr|admonition|attr_list|def_list|fenced_code|footnotes|md_in_html|tables|toc"
                       r"|codehilite|meta|nl2br|sane_lists|smarty|wikilinks|legacy_attrs|legacy_em)$")
PLACEHOLDER = ""    # what MkDocs renders in place of a prepared page


@dataclass
class Rendered:
    """What rendering leaves on a page, in a form that crosses processes."""
    markdown_sha: str
    content: str
    toc_tokens: list
    title: str | None            # the page's title after rendering (metadata, first <h1>, file name)
    anchor_ids: set[str]
    links_to_anchors: dict[str, dict[str, str]] | None
    unsafe: list[str]
    records: list[tuple[str, int, str]] = field(default_factory=list)
    lookups: dict[str, str] = field(default_factory=dict)   # path -> _found(file) at render


class RecordingFiles(Files):
    """The site's files, noting every path a render looked up and what it found."""

    def __init__(self, files) -> None:
        super().__init__(list(files))
        self.lookups: dict[str, str] = {}

    def get_file_from_path(self, path: str):
        file = super().get_file_from_path(path)
        self.lookups[path] = _found(file)
        return file


class Prerender:
    """One build's prepared pages (held by the plugin from `on_pre_page` to the last page)."""

    def __init__(self, cache_dir: Path | None, jobs: int,
                 sanitised: Callable[[Page], bool] = lambda page: True) -> None:
        self.cache_dir, self.jobs, self.sanitised = cache_dir, jobs, sanitised
        self.results: dict[str, Rendered] | None = None   # by src_uri, until a page takes its own
        self.taken: dict[str, Rendered] = {}              # placeholder rendered, HTML to put back

    @property
    def started(self) -> bool:
        return self.results is not None

    def start(self, pages: list[Page], config, files) -> None:
        """Render `pages` (from the cache where possible), once per build."""
        if self.results is None:
            self.results = prerender(pages, config, files, self.cache_dir, self.jobs, self.sanitised)

    def placeholder(self, markdown: str, page: Page) -> str:
        """`on_page_markdown`, after every other plugin's: the placeholder when the page's
        Markdown is what was rendered ahead, else the Markdown (MkDocs renders it)."""
        rendered = (self.results or {}).pop(page.file.src_uri, None)   # the page holds it now
        if rendered is None or _sha(markdown) != rendered.markdown_sha:
            return markdown
        page.title = rendered.title   # what the page's title property gave after the full render
        self.taken[page.file.src_uri] = rendered
        return PLACEHOLDER

    def content(self, html: str, page: Page, files) -> tuple[str, list[str] | None]:
        """`on_page_content`, before every other plugin's: (the prepared HTML, the unsafe
        markup the sanitiser removed from it), or (html, None) for a page rendered as usual."""
        rendered = self.taken.pop(page.file.src_uri, None)
        if rendered is None:
            return html, None
        replay(rendered.records)
        page.toc = get_toc(rendered.toc_tokens)
        page.present_anchor_ids = set(rendered.anchor_ids)
        if rendered.links_to_anchors is not None:
            page.links_to_anchors = {files.get_file_from_path(uri): links
                                     for uri, links in rendered.links_to_anchors.items()}
        return rendered.content, rendered.unsafe


def prerender(pages: list[Page], config, files, cache_dir: Path | None, jobs: int,
              sanitised: Callable[[Page], bool] = lambda page: True) -> dict[str, Rendered]:
    """Rendered results for `pages` by src_uri: from the cache, else rendered now;
    the HTML of pages for which `sanitised(page)` holds goes through the sanitiser."""
    if not all(CACHEABLE.match(e if isinstance(e, str) else type(e).__module__)
               for e in config["markdown_extensions"]):
        cache_dir = None
    clean = {p.file.src_uri for p in pages if sanitised(p)}
    keys = {p.file.src_uri: render_key(p, config, p.file.src_uri in clean) for p in pages}
    done = {uri: r for uri, key in keys.items()
            if (r := cache.load(cache_dir, key, Rendered)) is not None
            and all(_found(files.get_file_from_path(path)) == found for path, found in r.lookups.items())}
    # Longest first, so a long list page does not start last and keep the others waiting.
    todo = sorted((uri for uri in keys if uri not in done),
                  key=lambda uri: (-Path(files.get_file_from_path(uri).abs_src_path).stat().st_size, uri))
    for uri, rendered in zip(todo, _render_many(todo, config, files, jobs, clean)):
        done[uri] = rendered
        cache.store(cache_dir, keys[uri], rendered, Rendered)
    cache.prune(cache_dir, set(keys.values()))
    return done


def replay(records: list[tuple[str, int, str]]) -> None:
    """Log again what `collected_logs` kept."""
    for name, level, message in records:
        logging.getLogger(name).log(level, message)


def render_key(page: Page, config, sanitised: bool = True) -> str:
    """Everything the rendered HTML depends on but the other pages it links to (those are
    checked by the lookups a result keeps): the file, where it lands, whether it is
    excluded, the Markdown settings, the library versions and Zhiku's code."""
    digest = hashlib.sha256(Path(page.file.abs_src_path).read_bytes())
    parts = [page.file.src_uri, page.file.dest_uri, page.file.url, str(page.file.inclusion),
             str(config["use_directory_urls"]), repr(config["markdown_extensions"]),
             stable_repr(config["mdx_configs"] or {}), repr(config["validation"]),
             renderer_version(), str(sanitised)]
    digest.update("\0".join(parts).encode())
    return digest.hexdigest()


def stable_repr(value) -> str:
    """repr() without memory addresses: a function (a slugify option) by its name, so the
    same settings give the same key in every run."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{stable_repr(k)}: {stable_repr(v)}" for k, v in sorted(value.items(), key=repr)) + "}"
    if isinstance(value, (list, tuple)):
        return type(value).__name__ + "(" + ", ".join(map(stable_repr, value)) + ")"
    if isinstance(value, partial):
        return f"partial({stable_repr(value.func)}, {stable_repr(value.args)}, {stable_repr(value.keywords)})"
    if callable(value):
        return f"{getattr(value, '__module__', '?')}.{getattr(value, '__qualname__', type(value).__qualname__)}"
    return repr(value)


def _found(file) -> str:
    """What a lookup in the site's files answered, as far as rendering can tell."""
    return "" if file is None else str(file.inclusion)


@lru_cache(maxsize=1)
def renderer_version() -> str:
    """The libraries that make the HTML, and this module and the sanitiser's code (not the
    whole converter's: a change there shows in the Markdown, which is hashed anyway)."""
    from ...conversion import cache, typed_json  # by module: wherever they live
    from .. import raw_blocks
    from ...pages import sanitize
    from . import inline

    modules = (sys.modules[__name__], inline, sanitize, raw_blocks, cache, typed_json)
    code = b"".join(Path(module.__file__).read_bytes() for module in modules)
    libraries = [_version(d) for d in ("mkdocs", "markdown", "mkdocs-material", "nh3",
                                       "pymdown-extensions", "pygments")]
    return hashlib.sha256(code + "\0".join(libraries).encode()).hexdigest()


def _version(distribution: str) -> str:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "-"


def _render_many(uris: list[str], config, files, jobs: int, clean: set[str]) -> list[Rendered]:
    job = _RenderJob(config, files, clean)
    if jobs <= 1 or len(uris) < PARALLEL_MIN:
        return [job.render(uri) for uri in uris]
    # Forked: the workers inherit the job (config, files) instead of unpickling it.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(jobs, len(uris)), mp_context=context,
                             initializer=_WORKER.update, initargs=({"job": job},)) as pool:
        return list(pool.map(_render_in_worker, uris, chunksize=1))


_WORKER: dict = {}   # in a worker process only: the job its pool was started for


def _render_in_worker(uri: str) -> Rendered:
    return _WORKER["job"].render(uri)


class LogCollector(logging.Handler):
    """Stands in for the "mkdocs" logger's handlers while a page is made, keeping the
    messages to be logged again where the result is used (`collected_logs`)."""
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


@contextmanager
def collected_logs():
    """The "mkdocs" logger's messages, collected instead of printed (and counted: MkDocs
    counts warnings with a handler there), until they are logged again by the caller."""
    logger = logging.getLogger("mkdocs")
    saved = logger.handlers[:]
    collector = LogCollector()
    logger.handlers[:] = [collector]
    try:
        yield collector
    finally:
        logger.handlers[:] = saved


class _RenderJob:
    """Renders pages of one build with MkDocs' own Page methods (in a worker, or here)."""

    def __init__(self, config, files, clean: set[str]) -> None:
        self.config, self.files, self.clean = config, files, clean
        self.recording: RecordingFiles | None = None

    def render(self, uri: str) -> Rendered:
        if self.recording is None:
            self.recording = RecordingFiles(self.files)
        recording = self.recording
        page = self.files.get_file_from_path(uri).page
        recording.lookups = {}
        with collected_logs() as collect:
            page.read_source(self.config)
            markdown = page.markdown
            page.render(self.config, recording)
        links = page.links_to_anchors
        clean = uri in self.clean
        result = Rendered(
            markdown_sha=_sha(markdown), content=sanitize_html(page.content) if clean else page.content,
            toc_tokens=_toc_tokens(page.toc), title=page.title,
            anchor_ids=set(page.present_anchor_ids or ()),
            links_to_anchors=None if links is None else {f.src_uri: d for f, d in links.items()},
            unsafe=unsafe_markup(page.content) if clean else [], records=collect.records,
            lookups=dict(recording.lookups))
        # The page as it was before (MkDocs reads it again and takes the result): a worker
        # renders thousands and would otherwise hold all their Markdown and HTML.
        page.markdown = page.content = None
        return result


def _toc_tokens(toc) -> list:
    """The table of contents as plain dicts (what Python-Markdown's toc_tokens are)."""
    return [{"level": item.level, "id": item.id, "name": item.title,
             "children": _toc_tokens(item.children)} for item in toc]


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
