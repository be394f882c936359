"""What a saved web page says about itself in its <head>: title, date, author, site, URL.

The one place a page's metadata is parsed, with one table of the keys it is read from
(META_KEYS). Two readings of it:
- `page_metadata`, for the reader: the values go into `Document.meta` under the keys
  front matter uses, without replacing front matter; the page's own headline and the
  publication date marked in its body fill what the head does not say.
- `head_metadata`, for the metadata stage: what the head alone declares (meta tags,
  schema.org data, <title>, canonical link), which the stage weighs against the body.
Only the head is read (the body is the structure stage's business).
"""

from __future__ import annotations

import json
import re
from html import unescape
from itertools import islice

from bs4 import BeautifulSoup

from ..conversion.dates import find_dates
from .headline import byline_date, page_headline, script_date

MAX_HEAD_CHARS = 200_000

# field -> the keys a <meta> declares it under (its property, name or itemprop, lower
# case), best first: Open Graph and article tags, then plain meta. The one list of them.
META_KEYS = {
    "title": ("og:title", "twitter:title", "title", "headline"),
    "date": ("article:published_time", "datepublished", "pubdate", "publishdate", "date", "dc.date",
             "og:published_time", "publish_time", "og:release_date", "publish_date", "publish-date",
             "dc.date.issued", "sailthru.date"),
    "author": ("author", "article:author", "dc.creator", "byl"),
    "site": ("og:site_name", "application-name", "publisher"),
    "url": ("og:url",),
    "description": ("description", "og:description"),
    # when the page was last changed: no publication date, but a byline's "09-30 22:46"
    # whose month and day it shares takes its year from it
    "modified": ("article:modified_time", "dateupdate", "datemodified", "og:updated_time",
                 "last-modified", "lastmod"),
}
# Browsers mark pages saved with "Save as" with where they came from.
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)
# A publication date marked as such in the body: itemprop=datePublished, or an element
# that says it holds the publication time (pubdate, or a class like entry-date/published,
# post-calendar). The date is the tag's datetime/content attribute, else the element's own
# text when that is a whole date (WordPress themes: <span class="post-calendar">十一月 6th,
# 2009</span>). Plain <time> elements are not trusted: sidebars and comments carry other dates.
_PUBLISHED_MARK = re.compile(r"datePublished|\bpubdate\b|(?:entry|post|article)[-_]?(?:date|time|calendar)"
                             r"|published|publish-?time|pubtime", re.I)
# Weaker marks, looked for when there is none of the above: a Q&A page's first
# `itemprop="dateCreated"` (the question's), a forum's `<abbr class="timeago"
# title="2024年04月22日">` (the opening post's; replies come after it).
_CREATED_MARK = re.compile(r"\bdateCreated\b|\btimeago\b", re.I)
_DATE_ATTRIBUTE = re.compile(r"\b(?:datetime|content)=[\"']([^\"'<>]{4,40})[\"']", re.I)
_TITLE_DATE_ATTRIBUTE = re.compile(r"\b(?:datetime|content|title)=[\"']([^\"'<>]{4,40})[\"']", re.I)
MAX_TAG_CHARS = 400
MAX_MARKS = 50   # marks looked at; a page is not searched to its end for a date
MAX_DATE_TEXT = 80   # characters of a marked element's own text read as its date
_HEAD_END = re.compile(r"</head\s*>", re.I)
_BODY_START = re.compile(r"<body[\s>]", re.I)


def page_metadata(html: str) -> dict[str, str]:
    """Metadata from the page's head; empty when there is none."""
    end = _HEAD_END.search(html, 0, MAX_HEAD_CHARS) or _BODY_START.search(html, 0, MAX_HEAD_CHARS)
    head = BeautifulSoup(html[:end.start() if end else MAX_HEAD_CHARS] + "</head>", "lxml")
    meta = _declared_fields(_declared(head))
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


def _declared(head: BeautifulSoup) -> dict[str, str]:
    """key -> value of every <meta> (its property, name or itemprop; the first of a key
    wins). Every <meta> is read once (one find per key walked the whole "head" of a page
    without one: 20 walks over 25,000 tags for a page of inline tags)."""
    declared: dict[str, str] = {}
    for tag in head.find_all("meta"):
        value = " ".join(str(tag.get("content") or "").split())
        for attribute in ("property", "name", "itemprop"):
            name = str(tag.get(attribute) or "").strip().lower()
            if name and value:
                declared.setdefault(name, value)
    return declared


def _declared_fields(declared: dict[str, str]) -> dict[str, str]:
    """META_KEYS' fields of a head's <meta> values (`_declared`)."""
    meta = {}
    for field, keys in META_KEYS.items():
        value = next((declared[k] for k in keys if k in declared), "")
        if value:
            meta[field] = value
    return meta


def head_metadata(body: str) -> dict[str, str]:
    """title, date, author, site, url as a saved page's <head> declares them (empty when
    none): meta tags, else schema.org Article data, else <title> (without the site name
    after it), a <time pubdate>, the canonical link; and `modified`, when it was changed."""
    head = body[:MAX_HEAD_CHARS]
    if not re.search(r"<(?:head|meta|title)[\s>]", head, re.I):
        return {}
    soup = BeautifulSoup(head, "lxml")
    declared = _declared(soup)
    metas = _declared_fields(declared)
    ld = _linked_data(soup)
    found = {
        "title": metas.get("title") or ld.get("title", "") or _page_title(soup, declared),
        "date": metas.get("date") or ld.get("date", "") or _time_element(soup),
        "author": metas.get("author") or ld.get("author", ""),
        "site": metas.get("site") or ld.get("site", ""),
        "url": metas.get("url") or _canonical(soup) or ld.get("url", ""),
        "modified": metas.get("modified", ""),
    }
    if found["author"].startswith(("http://", "https://")):
        found["author"] = ""
    return {k: v for k, v in found.items() if v}


def _linked_data(soup: BeautifulSoup) -> dict[str, str]:
    """schema.org Article data from <script type="application/ld+json"> (news sites)."""
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except (ValueError, TypeError):
            continue
        if isinstance(data, dict):
            data = data.get("@graph", [data])
        for item in data if isinstance(data, list) else []:
            if isinstance(item, dict) and (item.get("headline") or item.get("datePublished")):
                fields = {"title": "headline", "date": "datePublished", "author": "author",
                          "site": "publisher", "url": "url"}
                return {key: _ld_text(item.get(name)) for key, name in fields.items()}
    return {}


def _ld_text(value: object) -> str:
    """A JSON-LD value as text: a name from an object, the first of a list."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name", "")
    return " ".join(str(value or "").split())


def _page_title(soup: BeautifulSoup, metas: dict[str, str]) -> str:
    """<title> without the site name the browser tab shows after it."""
    from ..conversion.titles import restore_quotes   # (titles reads this package's headline module)

    tag = soup.find("title")
    title = restore_quotes(" ".join(tag.get_text().split())) if tag else ""
    m = _SITE_SUFFIX.match(title)
    if m and (not metas.get("og:site_name") or m.group("site") in metas["og:site_name"]
              or metas["og:site_name"] in m.group("site")):
        return m.group("title")
    return title


def _time_element(soup: BeautifulSoup) -> str:
    tag = soup.find("time", attrs={"pubdate": True}) or soup.find("time", attrs={"itemprop": "datePublished"})
    return str(tag.get("datetime") or "") if tag else ""


def _canonical(soup: BeautifulSoup) -> str:
    link = soup.find("link", rel="canonical")
    href = str(link.get("href") or "") if link else ""
    return href if href.startswith(("http://", "https://")) else ""


def _published_date(html: str) -> str:
    """The date of the first tag marked as the publication time (its date attribute, else
    its own text when the mark is written once), else the date attribute of the first tag
    marked as the creation time (linear scans: each mark is looked up in its own tag,
    never by backtracking through the page)."""
    return _marked_date(html, _PUBLISHED_MARK, _DATE_ATTRIBUTE, read_text=True) or \
        _marked_date(html, _CREATED_MARK, _TITLE_DATE_ATTRIBUTE)


def _marked_date(html: str, marks: re.Pattern[str], attribute: re.Pattern[str], read_text: bool = False) -> str:
    seen: dict[str, bool] = {}
    for mark in islice(marks.finditer(html), MAX_MARKS):
        start = html.rfind("<", max(0, mark.start() - MAX_TAG_CHARS), mark.start())
        end = html.find(">", mark.end(), mark.end() + MAX_TAG_CHARS)
        if start < 0 or end < 0 or ">" in html[start:mark.start()]:
            continue   # the mark is text, not inside a tag
        date = attribute.search(html, start, end)
        if date and (attribute is _DATE_ATTRIBUTE or _is_full_date(date.group(1))):
            return date.group(1).strip()
        if not date and read_text and _marks_once(html, mark.group(0), seen):
            text = _element_text(html, end + 1)
            if _is_full_date(text, "byline"):
                return text
    return ""


def _marks_once(html: str, mark: str, seen: dict[str, bool]) -> bool:
    """Whether `mark` (a class name such as post-calendar) is written once in the page: a
    mark repeated is a list's (related posts, each with its date), not the page's own."""
    key = mark.lower()
    if key not in seen:   # written anywhere, as marks are matched: in any case, in CSS too
        seen[key] = len(list(islice(re.finditer(re.escape(mark), html, re.I), 2))) == 1
    return seen[key]


def _element_text(html: str, start: int) -> str:
    """The text right after a start tag, up to the next tag (MAX_DATE_TEXT characters at
    most), with entities and runs of spaces resolved; "" when it is longer."""
    end = html.find("<", start, start + MAX_DATE_TEXT)
    if end < 0:
        return ""
    return " ".join(unescape(html[start:end]).split())


def _is_full_date(value: str, use: str = "text") -> bool:
    return bool(re.match(r"\d{4}-\d{2}-\d{2}T", value)) or \
        any(m.valid and m.has_year and m.day for m in find_dates(value, use))


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
# "标题 - 站点名", "标题_站点名", "标题 | 站点名": the site's name after the last separator.
_SITE_SUFFIX = re.compile(r"^(?P<title>.{4,}?)\s*(?:\s[-–—|｜]\s|_|\s*[|｜]\s*)(?P<site>[^_|｜]{2,30})$")
