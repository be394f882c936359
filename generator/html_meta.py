"""The metadata a saved web page declares in its <head>: Open Graph, article:*, author,
canonical link, <title>. For a whole saved page it plays the part of front matter.
"""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup

from .titles import restore_quotes

HEAD_LIMIT = 200_000  # the <head> sits at the top; no need to parse a huge body twice
_TITLE_KEYS = ("og:title", "twitter:title", "title", "headline")
_DATE_KEYS = ("article:published_time", "og:published_time", "og:release_date", "pubdate",
              "publishdate", "publish_date", "publish-date", "date", "dc.date",
              "dc.date.issued", "sailthru.date", "datepublished")
_AUTHOR_KEYS = ("author", "article:author", "dc.creator", "byl")
_SITE_KEYS = ("og:site_name", "application-name", "publisher")
_URL_KEYS = ("og:url",)
# "标题 - 站点名", "标题_站点名", "标题 | 站点名": the site's name after the last separator.
_SITE_SUFFIX = re.compile(r"^(?P<title>.{4,}?)\s*(?:\s[-–—|｜]\s|_|\s*[|｜]\s*)(?P<site>[^_|｜]{2,30})$")


def page_meta(body: str) -> dict[str, str]:
    """title, date, author, site, url from a saved page's <head> (empty when none)."""
    head = body[:HEAD_LIMIT]
    if not re.search(r"<(?:head|meta|title)[\s>]", head, re.I):
        return {}
    soup = BeautifulSoup(head, "lxml")
    metas: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = str(tag.get("property") or tag.get("name") or tag.get("itemprop") or "").strip().lower()
        value = " ".join(str(tag.get("content") or "").split())
        if key and value and key not in metas:
            metas[key] = value
    ld = _linked_data(soup)
    found = {
        "title": _first(metas, _TITLE_KEYS) or ld.get("title", "") or _page_title(soup, metas),
        "date": _first(metas, _DATE_KEYS) or ld.get("date", "") or _time_element(soup),
        "author": _first(metas, _AUTHOR_KEYS) or ld.get("author", ""),
        "site": _first(metas, _SITE_KEYS) or ld.get("site", ""),
        "url": _first(metas, _URL_KEYS) or _canonical(soup) or ld.get("url", ""),
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


def _first(metas: dict[str, str], keys: tuple[str, ...]) -> str:
    return next((metas[k] for k in keys if metas.get(k)), "")


def _page_title(soup: BeautifulSoup, metas: dict[str, str]) -> str:
    """<title> without the site name the browser tab shows after it."""
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
