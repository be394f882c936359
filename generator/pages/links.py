"""Links between generated pages, and their front matter.

Pages link with Markdown links to `.md` paths wherever they can (MkDocs checks and
rewrites those); raw HTML blocks, which MkDocs leaves alone, get relative URLs from
`relative_url` (links: `html_link`), computed for MkDocs' default directory URLs (`page/`
not `page.html`).
"""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass
from functools import lru_cache

import yaml

from ..collection.assemble import tag_slug
from .sanitize import inert_meta_text
from ..site_script import in_site_script  # noqa: F401  (page writers import it from here)
from .write import escape_inline

TIMELINE_PAGE = "timeline.md"
DOCUMENTS_PAGE = "documents.md"
TAGS_PAGE = "tags/index.md"
REPORT_PAGE = "report.md"
UNDATED_TITLE = "日期不详"


@dataclass(frozen=True)
class Taxonomy:
    """What the views need to know about tags: display names and descriptions by id."""

    names: dict[str, str]
    descriptions: dict[str, str]


def tag_page(tag_id: str) -> str:
    return f"tags/{tag_slug(tag_id)}.md"


def page_url(page: str) -> str:
    """The directory URL MkDocs gives a page (use_directory_urls, the default)."""
    stem = page[: -len(".md")]
    if stem == "index":
        return ""
    return (stem[: -len("index")] if stem.endswith("/index") else stem + "/")


def relative_url(from_page: str, to_url: str) -> str:
    """`to_url` (site-relative, may carry #anchor or ?query) as seen from `from_page`."""
    here = page_url(from_page) or "."
    path, sep, rest = to_url.partition("#") if "#" in to_url else to_url.partition("?")
    rel = _relpath(path or ".", here) if path else "."
    rel = "./" if rel == "." else rel + ("/" if path.endswith("/") and not rel.endswith("/") else "")
    return rel + (sep + rest if sep else "")


def html_link(from_page: str, to_page: str, text: str, css_class: str = "") -> str:
    """A link to another page in raw HTML (relative, to its folder URL, as MkDocs would
    write it; the offline bundle relinks such links for file://)."""
    attrs = f' class="{css_class}"' if css_class else ""
    return (f'<a{attrs} href="{html.escape(relative_url(from_page, page_url(to_page)))}">'
            f"{html.escape(text, quote=False)}</a>")


def md_link(from_page: str, to_page: str, text: str) -> str:
    """A Markdown link between two pages (MkDocs validates and rewrites it)."""
    return f"[{escape_inline(text)}](<{_relpath(to_page, posixpath.dirname(from_page) or '.')}>)"


@lru_cache(maxsize=1 << 16)
def _relpath(path: str, start: str) -> str:
    """posixpath.relpath, remembered: list pages link the same tags thousands of times.
    Two site-relative paths need no working directory (posixpath.relpath asks the system
    for it twice a call, most of its cost): only their parts are compared."""
    path_n, start_n = posixpath.normpath(path), posixpath.normpath(start)
    if not path or not start or any(p == ".." or p.startswith(("/", "../")) for p in (path_n, start_n)):
        return posixpath.relpath(path, start)  # absolute, or above the root: its answer
    to = [] if path_n == "." else path_n.split("/")
    here = [] if start_n == "." else start_n.split("/")
    common = 0
    while common < min(len(to), len(here)) and to[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def front_matter(title: str, **extra) -> str:
    """YAML front matter; the title can never become markup in a template (Material
    prints page titles unescaped). Generated pages are kept out of search: they only
    repeat titles and sentences of the articles, and would outrank the articles
    themselves for any phrase they quote."""
    data = {"title": inert_meta_text(title), "search": {"exclude": True}, **extra}
    return "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000) + "---\n\n"
