"""What a saved web page says about itself in its <head>: title, date, author, site, URL.

Only the head is read (the body is the structure stage's business). These values go into
`Document.meta` under the same keys front matter uses, without replacing front matter.
"""

from __future__ import annotations

import re
from itertools import islice

from bs4 import BeautifulSoup

from ..dates import find_dates
from .headline import byline_date, page_headline, script_date

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
# A publication date marked as such in the body: itemprop=datePublished, or an element
# that says it holds the publication time (pubdate, or a class like entry-date/published).
# Plain <time> elements are not trusted: sidebars and comments carry other dates.
_PUBLISHED_MARK = re.compile(r"datePublished|\bpubdate\b|entry-date|post-date|published|publish-?time|pubtime", re.I)
# Weaker marks, looked for when there is none of the above: a Q&A page's first
# `itemprop="dateCreated"` (the question's), a forum's `<abbr class="timeago"
# title="2024年04月22日">` (the opening post's; replies come after it).
_CREATED_MARK = re.compile(r"\bdateCreated\b|\btimeago\b", re.I)
_DATE_ATTRIBUTE = re.compile(r"\b(?:datetime|content)=[\"']([^\"'<>]{4,40})[\"']", re.I)
_TITLE_DATE_ATTRIBUTE = re.compile(r"\b(?:datetime|content|title)=[\"']([^\"'<>]{4,40})[\"']", re.I)
MAX_TAG_CHARS = 400
MAX_MARKS = 50   # marks looked at; a page is not searched to its end for a date
_HEAD_END = re.compile(r"</head\s*>", re.I)
_BODY_START = re.compile(r"<body[\s>]", re.I)


def page_metadata(html: str) -> dict[str, str]:
    """Metadata from the page's head; empty when there is none."""
    end = _HEAD_END.search(html, 0, MAX_HEAD_CHARS) or _BODY_START.search(html, 0, MAX_HEAD_CHARS)
    head = BeautifulSoup(html[:end.start() if end else MAX_HEAD_CHARS] + "</head>", "lxml")
    # every <meta> read once (one find per key walked the whole "head" of a page without
    # one: 20 walks over 25,000 tags for a page of inline tags)
    declared: dict[tuple[str, str], str] = {}
    for tag in head.find_all("meta"):
        value = " ".join(str(tag.get("content") or "").split())
        for attribute in ("property", "name", "itemprop"):
            name = str(tag.get(attribute) or "").strip().lower()
            if name and value:
                declared.setdefault((attribute, name), value)
    meta: dict[str, str] = {}
    for key, sources in META_SOURCES.items():
        value = next((declared[(a, n.lower())] for a, n in sources if (a, n.lower()) in declared), "")
        if value:
            meta[key] = value
    canonical = head.find("link", rel="canonical")
    base = head.find("base", href=True)
    saved = _SAVED_FROM.search(html[:2000])
    for url in (canonical.get("href") if canonical else "", base["href"] if base else "",
                saved.group(1) if saved else ""):
        if str(url or "").strip().lower().startswith(("http://", "https://")):
            meta.setdefault("url", str(url).strip())
    published = _published_date(html[:MAX_HEAD_CHARS * 5])
    if published and "date" not in meta:
        meta["date"] = published
    tab_title = " ".join(head.title.string.split()) if head.title and head.title.string else ""
    if "title" not in meta and tab_title:
        keywords = head.find("meta", attrs={"name": re.compile("^keywords$", re.I)})
        first_keyword = re.split(r"[,，、\s]", str(keywords.get("content") or "").strip())[0] if keywords else ""
        meta["title"] = _site_name_first(tab_title, first_keyword) or \
            _without_site_suffix(tab_title, meta.get("site", ""))
    # The page's own headline beats a declared title that adds the site's name or was cut,
    # and the byline under it dates a page that declares no date.
    found = page_headline(html, [meta.get("title", ""), tab_title])
    if found:
        meta["title"] = found[0]
    if "date" not in meta:
        meta["date"] = (byline_date(html, found[1]) if found else "") or script_date(html)
    return {k: v for k, v in meta.items() if v}


def _published_date(html: str) -> str:
    """The date attribute of the first tag marked as the publication time, else of the
    first tag marked as the creation time (linear scans: each mark is looked up in its
    own tag, never by backtracking through the page)."""
    return _marked_date(html, _PUBLISHED_MARK, _DATE_ATTRIBUTE) or \
        _marked_date(html, _CREATED_MARK, _TITLE_DATE_ATTRIBUTE)


def _marked_date(html: str, marks: re.Pattern[str], attribute: re.Pattern[str]) -> str:
    for mark in islice(marks.finditer(html), MAX_MARKS):
        start = html.rfind("<", max(0, mark.start() - MAX_TAG_CHARS), mark.start())
        end = html.find(">", mark.end(), mark.end() + MAX_TAG_CHARS)
        if start < 0 or end < 0 or ">" in html[start:mark.start()]:
            continue   # the mark is text, not inside a tag
        date = attribute.search(html, start, end)
        if date and (attribute is _DATE_ATTRIBUTE or _is_full_date(date.group(1))):
            return date.group(1).strip()
    return ""


def _is_full_date(value: str) -> bool:
    return bool(re.match(r"\d{4}-\d{2}-\d{2}T", value)) or \
        any(m.valid and m.has_year and m.day for m in find_dates(value))


def _without_site_suffix(title: str, site: str) -> str:
    """`文章标题 - 网站名` -> `文章标题`; `标题_栏目_站名` -> the longest part (the headline)."""
    for separator in (" - ", " | ", "_", " — ", "-", "|"):
        head, _, tail = title.rpartition(separator)
        if head and site and tail.strip() == site:
            return head.strip()
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    return max(parts, key=len) if len(parts) >= 2 else title


def _site_name_first(title: str, keyword: str) -> str:
    """A home page's `站名-口号-口号` (商都网-河南门户网站-河南大型网络媒体！,
    人民网_网上的人民日报): the part before the first separator, when it holds the first
    of the page's keywords (a site lists its own name first); "" otherwise."""
    parts = [p.strip() for p in _HOME_SEPARATORS.split(title) if p.strip()]
    if len(parts) >= 2 and len(keyword) >= 2 and keyword in parts[0]:
        return parts[0]
    return ""


# (a bare hyphen only beside a Han character: "COVID-19" is one word)
_HOME_SEPARATORS = re.compile(r"\s[-|—–｜]\s|[_|｜]|(?<=[^\x00-\x7f])-|-(?=[^\x00-\x7f])")
# Separators sites put between headline, section and site name in <title>.
_TITLE_SEPARATORS = re.compile(r"\s[-|—–｜]\s|_|｜")
