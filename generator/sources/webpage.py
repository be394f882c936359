"""What a saved web page says about itself in its <head>: title, date, author, site, URL.

Only the head is read (the body is the structure stage's business). These values go into
`Document.meta` under the same keys front matter uses, without replacing front matter.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

MAX_HEAD_CHARS = 200_000

# (meta key, where to look), best first: Open Graph and article tags, then plain meta.
META_SOURCES = {
    "title": (("property", "og:title"), ("name", "twitter:title"), ("name", "title")),
    "date": (("property", "article:published_time"), ("itemprop", "datePublished"),
             ("name", "pubdate"), ("name", "publishdate"), ("name", "date"), ("name", "dc.date"),
             ("property", "og:published_time"), ("name", "publish_time")),
    "author": (("name", "author"), ("property", "article:author"), ("name", "dc.creator")),
    "site": (("property", "og:site_name"), ("name", "application-name")),
    "url": (("property", "og:url"),),
    "description": (("name", "description"), ("property", "og:description")),
}
# Browsers mark pages saved with "Save as" with where they came from.
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)
_HEAD_END = re.compile(r"</head\s*>", re.I)


def page_metadata(html: str) -> dict[str, str]:
    """Metadata from the page's head; empty when there is none."""
    end = _HEAD_END.search(html, 0, MAX_HEAD_CHARS)
    head = BeautifulSoup(html[:end.start() if end else MAX_HEAD_CHARS] + "</head>", "lxml")
    meta: dict[str, str] = {}
    for key, sources in META_SOURCES.items():
        for attribute, name in sources:
            tag = head.find("meta", attrs={attribute: re.compile(f"^{re.escape(name)}$", re.I)})
            value = " ".join(str(tag.get("content") or "").split()) if tag else ""
            if value:
                meta[key] = value
                break
    canonical = head.find("link", rel="canonical")
    base = head.find("base", href=True)
    saved = _SAVED_FROM.search(html[:2000])
    for url in (canonical.get("href") if canonical else "", base["href"] if base else "",
                saved.group(1) if saved else ""):
        if str(url or "").strip().lower().startswith(("http://", "https://")):
            meta.setdefault("url", str(url).strip())
    if "title" not in meta and head.title and head.title.string:
        meta["title"] = _without_site_suffix(" ".join(head.title.string.split()), meta.get("site", ""))
    return {k: v for k, v in meta.items() if v}


def _without_site_suffix(title: str, site: str) -> str:
    """`文章标题 - 网站名` -> `文章标题`; `标题_栏目_站名` -> the longest part (the headline)."""
    for separator in (" - ", " | ", "_", " — ", "-", "|"):
        head, _, tail = title.rpartition(separator)
        if head and site and tail.strip() == site:
            return head.strip()
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    return max(parts, key=len) if len(parts) >= 2 else title


# Separators sites put between headline, section and site name in <title>.
_TITLE_SEPARATORS = re.compile(r"\s[-|—–｜]\s|_|｜")
