"""Link checker for the built site: every internal href/src resolves, every #anchor exists.

Two ways to look at a site:
- `check_site(site_dir, mode)` reads the files. `mode="http"` is a site served by a web
  server (a link to a folder means its index.html); `mode="file"` is the offline bundle
  opened from the disk (a folder link shows a directory listing and `/x` means the disk's
  root, so both are broken there).
- `crawl(base_url)` fetches the pages from a running server, starting at `base_url` and
  staying under its path: that is how a site deployed under `https://user.github.io/repo/`
  is checked (a link to `/assets/...` escapes the sub-path and is reported).

`external_resources(site_dir)` lists what a page would fetch from another host (scripts,
styles, images, fonts ...): the offline bundle must have none.
"""

from __future__ import annotations

import posixpath
import re
import urllib.error
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

# (tag, attribute) pairs whose value is a URL; srcset holds several.
URL_ATTRS = {("a", "href"), ("area", "href"), ("link", "href"), ("script", "src"),
             ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
             ("iframe", "src"), ("video", "src"), ("video", "poster"), ("audio", "src"),
             ("embed", "src"), ("object", "data")}
# Tags that make the browser fetch the URL (an <a> is only fetched when clicked; a
# <link rel=canonical|alternate> never is).
FETCHED = {"script", "img", "source", "iframe", "video", "audio", "embed", "object"}
FETCHED_LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload",
                     "modulepreload", "prefetch", "manifest", "preconnect", "dns-prefetch"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
NOT_CHECKED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "blob:", "about:")


@dataclass(frozen=True)
class BrokenLink:
    page: str      # the page (or stylesheet) holding the link
    target: str    # the URL as written
    reason: str


@dataclass
class ParsedPage:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str, str]] = field(default_factory=list)   # (tag, rel, url)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if values.get("id"):
            self.page.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.page.ids.add(values["name"])
        rel = values.get("rel", "").lower()
        for name, value in values.items():
            if (tag, name) not in URL_ATTRS:
                continue
            urls = [u.strip().split()[0] for u in value.split(",") if u.strip()] \
                if name == "srcset" else [value.strip()]
            self.page.links.extend((tag, rel, u) for u in urls)
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.page.links.extend(("style", "", u) for u in css_urls(data))


def parse_html(text: str) -> ParsedPage:
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    return parser.page


def css_urls(css: str) -> list[str]:
    return [a or b for a, b in CSS_URL.findall(css)]


def is_external(url: str) -> bool:
    return url.startswith("//") or bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url))


def is_fetched(tag: str, rel: str) -> bool:
    if tag == "link":
        return bool(set(rel.split()) & FETCHED_LINK_RELS)
    return tag in FETCHED or tag == "style"


def site_pages(site_dir: Path) -> list[str]:
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))


class _SiteFiles:
    """Parsed pages of a site folder, parsed once each."""

    def __init__(self, site_dir: Path, base_path: str = "/") -> None:
        self.root = site_dir
        self.base_path = base_path
        self._parsed: dict[str, ParsedPage] = {}

    def parsed(self, rel: str) -> ParsedPage:
        if rel not in self._parsed:
            text = (self.root / rel).read_text(encoding="utf-8", errors="replace")
            self._parsed[rel] = parse_html(text)
        return self._parsed[rel]


def check_site(site_dir: Path, mode: str = "http", base_path: str = "/") -> list[BrokenLink]:
    """Broken internal links of every page and stylesheet under `site_dir`. `base_path` is
    where the site is served (`/repo/` on GitHub Pages): absolute links must stay under it."""
    if mode not in ("http", "file"):
        raise ValueError(f"mode must be 'http' or 'file', not {mode!r}")
    site = _SiteFiles(Path(site_dir), "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/")
    broken: list[BrokenLink] = []
    for page in site_pages(site.root):
        for _tag, _rel, url in site.parsed(page).links:
            reason = _check_local(site, page, url, mode)
            if reason:
                broken.append(BrokenLink(page, url, reason))
    for css in sorted(p.relative_to(site.root).as_posix() for p in site.root.rglob("*.css")):
        for url in css_urls((site.root / css).read_text(encoding="utf-8", errors="replace")):
            reason = _check_local(site, css, url, mode)
            if reason:
                broken.append(BrokenLink(css, url, reason))
    return broken


def _check_local(site: _SiteFiles, page: str, url: str, mode: str) -> str:
    """Why `url` (written in `page`) is broken, or "" when it resolves."""
    if not url or url.startswith(NOT_CHECKED_SCHEMES) or is_external(url):
        return ""
    path, fragment = urldefrag(url)
    path = path.split("?", 1)[0]
    if path.startswith("/"):
        if mode == "file":
            return "absolute path: on file:// it points at the disk's root"
        if not (path + "/").startswith(site.base_path):
            return f"absolute path outside the site's base path {site.base_path}"
        target = unquote(path[len(site.base_path):])
    else:
        target = posixpath.join(posixpath.dirname(page), unquote(path)) if path else page
    target = posixpath.normpath(target) if target else "."
    if target == ".." or target.startswith("../"):
        return "points outside the site"
    file = site.root / target
    if file.is_dir() or path.endswith("/"):
        if mode == "file":
            return "folder link: on file:// it shows a directory listing"
        target = posixpath.join(target, "index.html") if target != "." else "index.html"
        file = site.root / target
    if not file.is_file():
        return "no such file"
    if fragment and target.endswith(".html") and unquote(fragment) not in site.parsed(target).ids:
        return f"no element with id {unquote(fragment)!r} on {target}"
    return ""


def external_resources(site_dir: Path) -> list[BrokenLink]:
    """What the pages and stylesheets would fetch from another host (not plain <a> links)."""
    site_dir = Path(site_dir)
    found: list[BrokenLink] = []
    for page in site_pages(site_dir):
        text = (site_dir / page).read_text(encoding="utf-8", errors="replace")
        for tag, rel, url in parse_html(text).links:
            if is_fetched(tag, rel) and is_external(url) and not url.startswith(NOT_CHECKED_SCHEMES):
                found.append(BrokenLink(page, url, f"<{tag}> fetches from another host"))
    for css in sorted(site_dir.rglob("*.css")):
        for url in css_urls(css.read_text(encoding="utf-8", errors="replace")):
            if is_external(url) and not url.startswith(NOT_CHECKED_SCHEMES):
                found.append(BrokenLink(css.relative_to(site_dir).as_posix(), url,
                                        "stylesheet fetches from another host"))
    return found


def crawl(base_url: str, extra_starts: tuple[str, ...] = (), timeout: float = 10.0,
          ) -> tuple[list[BrokenLink], set[str]]:
    """Fetch every page reachable from `base_url` (and `extra_starts`, e.g. 404.html) that
    lies under `base_url`; check each internal link and anchor. Returns (broken, visited).
    Each (page, link) is reported once; `x/` and `x/index.html` are the same page."""
    base = base_url if base_url.endswith("/") else base_url + "/"
    fetched: dict[str, tuple[int, ParsedPage | None]] = {}
    queue = deque([base, *(urljoin(base, s) for s in extra_starts)])
    links: dict[tuple[str, str], str] = {}   # (page, url as written) -> absolute url
    while queue:
        url = _page_key(queue.popleft())
        if url in fetched:
            continue
        fetched[url] = _fetch(url, timeout)
        for written, absolute in _internal_links(url, fetched[url][1], base):
            links.setdefault((url, written), absolute)
            if _page_key(absolute).startswith(base):
                queue.append(absolute)
    broken = []
    for (page, written), absolute in links.items():
        reason = _check_fetched(fetched, base, absolute, timeout)
        if reason:
            broken.append(BrokenLink(page[len(base) - 1:], written, reason))
    return broken, {u for u, (status, _) in fetched.items() if status == 200}


def _page_key(url: str) -> str:
    target = urldefrag(url)[0]
    return target[: -len("index.html")] if target.endswith("/index.html") else target


def _internal_links(url: str, parsed: ParsedPage | None, base: str) -> list[tuple[str, str]]:
    """(as written, absolute) for the links of a fetched page that stay on the server."""
    if parsed is None:
        return []
    found = []
    for _tag, _rel, written in parsed.links:
        if not written or written.startswith(NOT_CHECKED_SCHEMES):
            continue
        absolute = urljoin(url, written)
        if urlsplit(absolute).netloc == urlsplit(base).netloc:
            found.append((written, absolute))
    return found


def _check_fetched(fetched: dict, base: str, absolute: str, timeout: float) -> str:
    target, fragment = _page_key(absolute), urldefrag(absolute)[1]
    if not target.startswith(base):
        return f"leaves the site's base path {urlsplit(base).path}"
    if target not in fetched:
        fetched[target] = _fetch(target, timeout)
    status, parsed = fetched[target]
    if status != 200:
        return f"HTTP {status}"
    if fragment and parsed is not None and unquote(fragment) not in parsed.ids:
        return f"no element with id {unquote(fragment)!r}"
    return ""


def _fetch(url: str, timeout: float) -> tuple[int, ParsedPage | None]:
    """(HTTP status, parsed page when it is HTML or the links of a stylesheet)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            text = resp.read().decode("utf-8", "replace")
            ctype = resp.headers.get_content_type()
            if ctype == "text/css":
                return resp.status, ParsedPage(links=[("css", "", u) for u in css_urls(text)])
            return resp.status, parse_html(text) if ctype == "text/html" else None
    except urllib.error.HTTPError as exc:
        return exc.code, None
    except (urllib.error.URLError, OSError) as exc:
        return 0, None
