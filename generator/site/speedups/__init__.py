"""Zhiku's speed-ups: the same site, sooner. One switch turns them all off: `speedups:
false` in zhiku.yml, or `--no-speedups` on the command line (Config.speedups).

- render.py: every page's Markdown rendered ahead, in worker processes, and cached by
  content; MkDocs' own rendering then gets an empty placeholder and the page takes the
  prepared HTML in `on_page_content`.
- write.py: the article pages' templates filled and written by worker processes in
  `on_env`; MkDocs' write loop then passes each of them through a one-line template.
- inline.py: a Python-Markdown extension sparing the inline stage runs of text that no
  inline pattern can match (most Chinese prose).
- collector.py: Python's garbage collector run less often while a build runs.
- generator/site/raw_blocks.py: a Python-Markdown extension stashing raw HTML blocks without
  parsing them twice.

Each goes through public interfaces only (MkDocs' plugin events, Python's `gc`, `Page.read_source` and
`Page.render`, `Files`, the theme's Jinja environment, Python-Markdown's extension API);
tests/test_no_private_api.py holds the whole package to that, and each speed-up has a test
that builds with and without it and compares the files byte for byte.
"""

from __future__ import annotations

from .collector import FewerCollections
from .render import Prerender
from .write import PageWriter

__all__ = ["FewerCollections", "Prerender", "PageWriter", "markdown_extensions"]


def markdown_extensions() -> list:
    """The Python-Markdown extensions that are speed-ups (same HTML, sooner)."""
    from ..raw_blocks import RawBlockExtension
    from .inline import FastInlineExtension

    return [FastInlineExtension(), RawBlockExtension()]
