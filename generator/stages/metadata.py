"""Metadata: title, date (with precision and provenance), author, source site, URL.

Assumes blocks are cleaned and in the site's script; a sidecar may be in either script.
Guarantees: every field comes from the most trusted place that has it (sidecar > front
matter, or a saved web page's <head> > the page itself: headline, bylines the clean stage
removed, datelines); a date never carries a guessed year (a byline "10-22" without a year
leaves the date empty, with a "date-unknown-year" warning); an unusable date value is a
"date" Problem, never a wrong date; instants are read in `config.timezone`; a body line
repeating the title is removed (and recorded) so the page does not show the title twice.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..bylines import bare_url, byline_author, byline_date, byline_site, year_from_url
from ..config import Config
from ..dates import DateError, DateMention, find_dates, parse_date_value
from ..document import HEADING, PARAGRAPH, Document
from ..html_meta import page_meta
from ..textops import fold_script
from ..titles import resolve_title
from .tags import plain_texts

META_DATE_KEYS = ("date", "published", "pubDate", "pubdate", "publish_date", "created")
META_URL_KEYS = ("link", "url", "source_url", "original_url", "permalink", "canonical")
META_SITE_KEYS = ("source", "site", "publisher", "media")
EDGE_BLOCKS = 5          # bylines and datelines sit in the first or last few blocks
DATELINE_MAX_CHARS = 40  # a dateline is a short line that is mostly the date
BYLINE_MAX_CHARS = 100
_OTHER_ARTICLES = re.compile(r"相关|上一篇|下一篇|推荐|延伸阅读|热门|更多|往期")
# What a dateline holds besides its date: digits, times, brackets, separators, weekdays.
_DATELINE_FILLER = re.compile(r"[\s\d:：()（）\[\]【】,，.。|/-]|星期.|周.")
_NEWS_DATELINE_END = re.compile(r"\s*[电讯]")   # 新华社北京2014年10月22日电
_PERIOD_START = re.compile(r"\s*(?:以来|至今|以前|之前|以后|之后|起|到|至|[-–—~～])")


def resolve_metadata(doc: Document, config: Config) -> Document:
    # A saved web page's <head> (Open Graph, article:*, <title>) is its front matter.
    head = page_meta(doc.body) if doc.kind in ("webpage", "html") else {}
    doc = resolve_title(doc, config, head.get("title", ""))
    doc = resolve_credits(doc, head)
    return resolve_date(doc, config, head.get("date"))


def byline_texts(doc: Document) -> list[str]:
    """Where bylines live, most trusted first: what the clean stage removed as a byline,
    short lines at the edges of the page, other short removed lines. Long texts are left
    out: "记者：…" in a paragraph is an interview question, and a removed list of related
    articles carries other articles' dates."""
    bylines = [r.text for r in doc.removed if "byline" in r.reason]
    edge = [b for b in doc.blocks if b.kind in (PARAGRAPH, HEADING)]
    edge_texts = [" ".join(plain_texts(b)) for b in edge[:EDGE_BLOCKS] + edge[-EDGE_BLOCKS:]]
    other = [r.text for r in doc.removed if "byline" not in r.reason]
    return bylines + [t for t in edge_texts + other
                      if len(t) <= BYLINE_MAX_CHARS and not _OTHER_ARTICLES.search(fold_script(t))]


# ---------------------------------------------------------------- date

def resolve_date(doc: Document, config: Config, page_date: str | None = None) -> Document:
    """sidecar > front matter (or a web page's <head>) > title > byline > a dateline.
    A sidecar `date:` left empty says the document has no date (a wrong one is suppressed)."""
    if "date" in doc.sidecar and doc.sidecar["date"] in (None, ""):
        return replace(doc, date=None, date_precision=None, date_source=None)
    found, source, doc = _value_date(doc, config, page_date)
    if found is None:
        found, doc = _title_date(doc)
        source = "title" if found else None
    if found is None:
        found, doc = _byline_date(doc, config)
        source = "byline" if found else None
    if found is None:
        found = _dateline(doc)
        source = "text" if found else None
    if found is None:
        return replace(doc, date=None, date_precision=None, date_source=None)
    return replace(doc, date=found.iso(), date_precision=found.precision, date_source=source)


def _value_date(doc: Document, config: Config,
                page_date: str | None) -> tuple[DateMention | None, str | None, Document]:
    candidates = [("sidecar", doc.sidecar.get("date"))]
    candidates += [("front-matter", doc.meta.get(k)) for k in META_DATE_KEYS]
    candidates.append(("front-matter", page_date))
    for source, value in candidates:
        if value is None or value == "":
            continue
        try:
            return parse_date_value(value, config.timezone), source, doc
        except DateError as exc:
            doc = doc.with_problem("date", f"{source} date ignored: {exc}")
    return None, None, doc


def _title_date(doc: Document) -> tuple[DateMention | None, Document]:
    for mention in find_dates(doc.title):
        if not mention.valid:
            return None, doc.with_problem("date", f"impossible date in the title: {mention.text!r}")
        # "2009年以来的双十一": the start of a period the text looks back on, not its date
        if mention.has_year and not _PERIOD_START.match(fold_script(doc.title[mention.end:])):
            return mention, doc
    return None, doc


def _byline_date(doc: Document, config: Config) -> tuple[DateMention | None, Document]:
    for text in byline_texts(doc):
        mention = byline_date(text)
        if mention is None:
            continue
        if not mention.valid:
            return None, doc.with_problem("date", f"impossible date in the byline: {text.strip()!r}")
        if mention.has_year:
            return mention, doc
        year = year_from_url(doc.url, mention.month or 0, mention.day or 0)
        if year is not None:
            return mention.resolved(year), doc
        detail = f"the byline gives {mention.text!r} without a year; the date is left empty"
        return None, doc.with_problem("date-unknown-year", detail)
    return None, doc


def _dateline(doc: Document) -> DateMention | None:
    """A publication date stated in the text itself: a short line that is little more
    than a full date ("2014年10月22日", "2014-10-22 10:33 来源：…"), or a news dateline
    ("新华社北京2014年10月22日电")."""
    blocks = [b for b in doc.blocks if b.kind == PARAGRAPH]
    for block in blocks[:EDGE_BLOCKS] + blocks[-EDGE_BLOCKS:]:
        text = fold_script(" ".join(plain_texts(block)))
        if _OTHER_ARTICLES.search(text):  # "相关文章：… 2013-11-12" dates another page
            continue
        for mention in find_dates(text):
            if not (mention.valid and mention.has_year and mention.month):
                continue
            # the rest only of a short line: for every date of a long one it was quadratic
            if len(text) <= DATELINE_MAX_CHARS and len(_DATELINE_FILLER.sub(
                    "", text[:mention.start] + text[mention.end:])) <= 12:
                return mention
            if mention.start <= 20 and _NEWS_DATELINE_END.match(text, mention.end):
                return mention
    return None


# ---------------------------------------------------------------- author, site, URL

def resolve_credits(doc: Document, head: dict[str, str] | None = None) -> Document:
    head = head or {}
    texts = byline_texts(doc)
    author = _first_text(doc.sidecar.get("author"), doc.meta.get("author"), head.get("author"))
    author = author or next((a for a in map(byline_author, texts) if a), "")
    site = _first_text(doc.sidecar.get("site"), doc.sidecar.get("source"),
                       *(doc.meta.get(k) for k in META_SITE_KEYS), head.get("site"))
    site = site or next((s for s in map(byline_site, texts) if s), "")
    site = site or _credited_category(doc, texts)
    doc = replace(doc, author=author, site=site, url=_original_url(doc, head.get("url")))
    # a sidecar key left empty clears what the page itself says
    cleared = {k: "" for k in ("author", "site", "url") if k in doc.sidecar and not doc.sidecar[k]}
    return replace(doc, **cleared)


def _credited_category(doc: Document, texts: list[str]) -> str:
    """A front-matter category that the page's credit lines also name ("ZAKER 新闻出品"
    under `categories: [新媒体, ZAKER]`): a mirror filed the article under its source."""
    categories = doc.meta.get("categories") or doc.meta.get("category") or []
    if isinstance(categories, str):
        categories = [categories]
    if not isinstance(categories, (list, tuple)):
        return ""
    for category in (str(c).strip() for c in categories):
        if len(category) >= 2 and any(category in t for t in texts):
            return category
    return ""


def _original_url(doc: Document, page_url: str | None = None) -> str:
    for value in [doc.sidecar.get("url"), *(doc.meta.get(k) for k in META_URL_KEYS), page_url]:
        if isinstance(value, str) and re.match(r"https?://\S+$", value.strip()):
            return value.strip()
    lines = [ln for ln in doc.body.splitlines() if ln.strip()][-8:]
    for text in reversed(lines + [r.text for r in doc.removed]):
        url = bare_url(text)
        if url:
            return url
    return ""


def _first_text(*values: object) -> str:
    """The first usable value as text; a list of names becomes "A、B"."""
    for value in values:
        if isinstance(value, (list, tuple)):
            value = "、".join(str(v.get("name", "") if isinstance(v, dict) else v) for v in value)
        elif isinstance(value, dict):
            value = value.get("name", "")
        text = str(value or "").strip()
        if text and not text.startswith(("http://", "https://")):
            return text
    return ""
