"""A saved page's headline (its `<h1>`) and the byline date printed under it.

A page's `<title>` and `og:title` carry the site's name, or come out cut where the page's
own markup is broken; the `<h1>` that the title starts with is the headline as the reader
saw it. News and blog pages print the publication time right under the headline
("2019-09-09 19:32:27 来源：观察者网"), often outside the element that holds the article,
and often without any machine-readable mark: the first full date within a short stretch
of text after the headline is that time.

Everything here is a bounded, linear scan of the page's text (no parse of the body: the
structure stage parses it once, for the article).
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata
from itertools import islice

from ..conversion.dates import find_dates

SCAN_CHARS = 2_000_000      # where headlines are looked for
MAX_HEADLINES = 8
HEADLINE_HTML = 3_000       # an <h1> longer than this is a layout wrapper, not a headline
HEADLINE_TEXT = (4, 160)    # characters of a headline's text
CUT_TITLE_MIN = 8           # a declared title this long that the headline continues was cut
_SEPARATORS = "-_|｜:：@—–·•,，/(（[【"   # between a headline and the site's name
BYLINE_HTML = 8_000         # markup after the headline that may hold the byline
BYLINE_TEXT = 240           # its text, where the date must be
# A page may hold a second copy of the markup where <script> text looks like a date.
_OPEN_H1 = re.compile(r"<h1\b[^<>]{0,500}>", re.I)
_CLOSE_H1 = re.compile(r"</h1\s*>", re.I)
_TAG = re.compile(r"<[^<>]{0,2000}>")
_HIDDEN = re.compile(r"<(script|style|noscript|template)\b", re.I)
_SPACE = re.compile(r"\s+")
# A wiki's edit link inside its <h1>: "雄安新区 [ 编辑 ]".
_EDIT_LINK = re.compile(r"\s*\[\s*(?:编辑|編輯|edit)[^\[\]]{0,12}\]$", re.I)
# After a date in running text: a comma, then the sentence goes on.
_SENTENCE_GOES_ON = re.compile(r"\s*[，,、]\s*(?!来源|作者|星期|周|记者|编辑|责任|发布|\d)[\u4e00-\u9fff]{2}")
# A label before a date that belongs to another article.
_OTHER_ARTICLE = re.compile(r"(?:推荐|相关|上一篇|下一篇|热门)[^。，]{0,6}$")
# WeChat's page script holds the publication time as epoch seconds: `var ct = "1659274471"`.
_WECHAT_TIME = re.compile(r"\bvar\s+ct\s*=\s*[\"'](\d{10})[\"']")
# JavaScript page data that names the publication time: `pubtime: '2016年10月14日07:17'`.
_SCRIPT_DATE = re.compile(r"\b(?:pub_?time|publish_?time|publish_?date|pub_?date|date_?published|"
                          r"article_?time|post_?time)[\"']?\s*[:=]\s*[\"']([^\"'<>\n]{6,40})[\"']", re.I)
MAX_SCRIPT_DATES = 20


def text_of(markup: str) -> str:
    """The visible text of a stretch of markup: script and style bodies left out, tags
    dropped, entities decoded, whitespace collapsed."""
    text = html_lib.unescape(_TAG.sub(" ", without_hidden(markup)))
    return _SPACE.sub(" ", text).strip()


def without_hidden(markup: str) -> str:
    """`markup` without the bodies of its script, style, noscript and template elements."""
    pieces, at = [], 0
    for m in _HIDDEN.finditer(markup):
        if m.start() < at:
            continue
        pieces.append(markup[at:m.start()])
        close = re.compile(rf"</{m.group(1)}\s*>", re.I).search(markup, m.end())
        at = close.end() if close else len(markup)
    pieces.append(markup[at:])
    return "".join(pieces)


def headlines(page: str) -> list[tuple[str, int]]:
    """(text, offset after its closing tag) of each `<h1>` near the top of the page."""
    found = []
    for m in islice(_OPEN_H1.finditer(page, 0, SCAN_CHARS), MAX_HEADLINES * 4):
        close = _CLOSE_H1.search(page, m.end(), m.end() + HEADLINE_HTML)
        if close is None:
            continue
        text = _EDIT_LINK.sub("", text_of(page[m.end():close.start()]))
        if HEADLINE_TEXT[0] <= len(text) <= HEADLINE_TEXT[1]:
            found.append((text, close.end()))
        if len(found) >= MAX_HEADLINES:
            break
    return found


def comparable(text: str) -> str:
    """Width, case, quotes, spacing and dash lengths folded away (a title and its
    headline compared)."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[-‐‑‒–—―]+", "-", text)   # "增强——前4个月" in the <h1>, "增强-前4个月" in <title>
    return re.sub(r"[\s\"'“”‘’「」『』]+", "", text)


def page_headline(page: str, titles: list[str]) -> tuple[str, int] | None:
    """The `<h1>` that a declared title is made of (the headline followed by a separator
    and the site's name, or the headline cut short), with where it ends; None when no
    `<h1>` is one (a logo's `<h1>` only starts the title: "阿里巴巴" of "阿里巴巴财报")."""
    declared = [comparable(t) for t in titles if t]
    for text, end in headlines(page):
        mine = comparable(text)
        if len(mine) >= HEADLINE_TEXT[0] and any(made_of(t, mine) for t in declared):
            return text, end
    return None


def made_of(declared: str, headline: str) -> bool:
    if declared.startswith(headline):
        rest = declared[len(headline):]
        return not rest or rest[0] in _SEPARATORS
    return len(declared) >= CUT_TITLE_MIN and headline.startswith(declared)


def byline_date(page: str, after: int) -> str:
    """The first full date (year, month and day) in the text just after the headline that
    stands alone: not a sentence's ("2017年4月1日，中共中央…" opens an encyclopedia's
    lead) and not a recommended article's ("最新推荐文章于 2024-05-07 22:12:13 发布")."""
    text = text_of(page[after:after + BYLINE_HTML])[:BYLINE_TEXT]
    for mention in find_dates(text):
        if not (mention.valid and mention.has_year and mention.day):
            continue
        if _SENTENCE_GOES_ON.match(text, mention.end) or _OTHER_ARTICLE.search(text[:mention.start]):
            continue
        return mention.iso()
    return ""


def script_date(page: str) -> str:
    """A publication time the page's own script data names (`pubtime: '…'`, WeChat's
    epoch seconds `var ct = "…"`)."""
    for m in islice(_SCRIPT_DATE.finditer(page, 0, SCAN_CHARS), MAX_SCRIPT_DATES):
        value = m.group(1).strip()
        if any(mention.valid and mention.has_year and mention.day for mention in find_dates(value)):
            return value
    m = _WECHAT_TIME.search(page, 0, SCAN_CHARS)
    return m.group(1) if m else ""
