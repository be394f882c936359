"""Metadata: title, date (with precision and provenance), author, source site, URL
(titles in generator/conversion/titles.py, credits in credits.py; the dates are here).

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

from ..bylines import (byline_date, byline_site, closing_date, date_from_url, day_first_host, plans_ahead, slash_date,
                       stamped_date, year_from_url)
from ...config import Config
from ..dates import DateError, DateMention, find_dates, history_year, parse_date_value
from ...document import LIST, PARAGRAPH, QUOTE, Document
from ..structure.threads import article_blocks
from ..fold import fold_script
from ...readers.webpage import head_metadata
from ..titles import resolve_title
from .credits import (BYLINE_MAX_CHARS, EDGE_BLOCKS, META_URL_KEYS, OTHER_ARTICLES, byline_texts,
                      is_web_clip, resolve_credits)
from .tags import plain_texts

# (`post_date`: a WordPress export's; `published: true` there is a publish flag, no date)
META_DATE_KEYS = ("date", "post_date", "published", "pubDate", "pubdate", "publish_date", "created")
DATELINE_MAX_CHARS = 40  # a dateline is a short line that is mostly the date
TIMELINE_ENTRIES = 3     # date lines with this many different dates: entries, not a dateline
# What a dateline holds besides its date: digits, times, brackets, separators, weekdays.
# After its date, a clause and a full stop: a sentence ("2008年1月，邵晓锋到支付宝上任。"),
# not a date line.
# a date then what happened: "…，2014年10月22日，王某称…。" or a chronicle's entry
# "1917年8月：中国向德国宣战" (no stamp of the page)
_STATES_SOMETHING = re.compile(r"\s*(?:[，,]\s*[^，,。\s\d]{4,}[^。]*。\s*$|[：:]\s*[^\W\d_]{4,})")
_DATELINE_FILLER = re.compile(r"[\s\d:：()（）\[\]【】,，.。|/-]|星期.|周.")
_NEWS_DATELINE_END = re.compile(r"\s*[电讯]")   # 新华社北京2014年10月22日电
REVISION_SCAN = 5_000
REVISION_GAP = 30         # "最近更新： 小浪花朵朵开 （2024-05-10）": an editor's name may come between
# wiki and encyclopedia wording only: a news page's "最后更新" is an update of an article
# whose date is its publication
_REVISION_LABEL = re.compile(r"最后(?:修订|编辑)于|最近(?:更新|修订)\s*[:：]")
OPENING_BLOCKS = 3       # where an author's own dateline or credit block sits
WIKI_OPENING_PARAGRAPHS = 8
WIKI_SENTENCE_START = 12  # "大家好，2020年5月24日星期日，欢迎收看…": the date opens the sentence
_HAS_TEXT = re.compile(r"[0-9A-Za-z\u3400-\u9fff]")
# A news agency's dateline before the date: "新华社照片，北京，2006年5月8日".
_AGENCY_START = re.compile(r"\s*(?:新华社|中新社|中新网|中央社|央视网)")
_PERIOD_START = re.compile(r"\s*(?:以来|至今|以前|之前|以后|之后|起|到|至|[-–—~～])")


def resolve_metadata(doc: Document, config: Config) -> Document:
    # A saved web page's <head> (Open Graph, article:*, <title>) is its front matter.
    head = head_metadata(doc.body) if doc.kind in ("webpage", "html") else {}
    doc = resolve_title(doc, config, head.get("title", ""), head.get("site", ""), head.get("url", ""))
    doc = resolve_credits(doc, head)
    return resolve_date(doc, config, head.get("date"), head.get("modified"))


# ---------------------------------------------------------------- date

def resolve_date(doc: Document, config: Config, page_date: str | None = None,
                 page_modified: str | None = None) -> Document:
    """sidecar > front matter (or a web page's <head>) > title > byline > a dateline.
    A sidecar `date:` left empty says the document has no date (a wrong one is suppressed).
    `page_modified`: when the page's <head> says it was changed (a byline's month and day
    without a year take its year when they are its month and day)."""
    if "date" in doc.sidecar and doc.sidecar["date"] in (None, ""):
        return replace(doc, date=None, date_precision=None, date_source=None)
    found, source, doc = _value_date(doc, config, page_date)
    revised = _revision_date(doc) if doc.kind in ("webpage", "html") else None
    if revised is not None and source != "sidecar":
        found, source = revised, "text"
    if source == "front-matter" and doc.kind not in ("webpage", "html"):
        stated = _stated_earlier(doc, found)
        if stated is not None:
            found, source = stated
    if found is None and any(p.code == "date" for p in doc.problems):
        # the front matter's date is unusable: its permalink still tells the day
        found = next(filter(None, map(date_from_url, _permalinks(doc))), None)
        source = "url" if found else None
    if found is None:
        found, doc = _title_date(doc)
        source = "title" if found else None
        if found is not None and not found.day:
            # "香港民主运动获2020年自由奖": a year in the title names something; a byline's
            # full date in that year dates the page more precisely
            # (the byline's problems count only when its date is used)
            exact, with_byline = _byline_date(doc, config, page_modified)
            if exact is not None and exact.day and _within(exact, found):
                found, source, doc = exact, "byline", with_byline
    if found is None:
        found, doc = _byline_date(doc, config, page_modified)
        source = "byline" if found else None
    entries = _dated_entries(doc) if found is None else 0
    if entries >= TIMELINE_ENTRIES:
        # "2019年6月9日", "2019年6月12日", …: each line dates an entry of a timeline, none the page
        doc = doc.with_problem("date-unknown", f"a timeline of {entries} dated entries and no date of "
                               "its own: the document is listed as undated")
    elif found is None:
        found = _dateline(doc)
        source = "text" if found else None
    if found is None:
        if not any(p.code.startswith("date") for p in doc.problems):
            doc = doc.with_problem("date-unknown", "no date in front matter, page head, title, "
                                   "byline or dateline: the document is listed as undated")
        return replace(doc, date=None, date_precision=None, date_source=None)
    return replace(doc, date=found.iso(), date_precision=found.precision, date_source=source)


def _within(exact: DateMention, period: DateMention) -> bool:
    """Whether the day `exact` falls in the year (or month) `period` names."""
    return exact.has_year and exact.year == period.year and period.month in (None, exact.month)


def _value_date(doc: Document, config: Config,
                page_date: str | None) -> tuple[DateMention | None, str | None, Document]:
    candidates = [("sidecar", doc.sidecar.get("date"))]
    keys = [k for k in META_DATE_KEYS if not (k == "created" and is_web_clip(doc))]
    candidates += [("front-matter", doc.meta.get(k)) for k in keys]
    candidates.append(("front-matter", page_date))
    for source, value in candidates:
        if value is None or value == "" or isinstance(value, bool):
            continue
        try:
            return parse_date_value(value, config.timezone), source, doc
        except DateError as exc:
            doc = doc.with_problem("date", f"{source} date ignored: {exc}")
    return None, None, doc


def _revision_date(doc: Document) -> DateMention | None:
    """The revision a wiki or encyclopedia page states ("本页面最后修订于2024年4月28日",
    "最近更新： 小浪花朵朵开 （2024-05-10）"): such a page is kept up to date, and its date is
    that revision, not the creation date its head or script data give."""
    texts = [r.text for r in doc.removed] + [" ".join(plain_texts(b)) for b in doc.blocks[-EDGE_BLOCKS:]]
    for text in texts:
        folded = fold_script(text[:REVISION_SCAN])
        for label in _REVISION_LABEL.finditer(folded):
            for mention in find_dates(folded[label.end():label.end() + REVISION_GAP], "byline"):
                if mention.valid and mention.has_year and mention.day:
                    return mention
    return None


def _permalinks(doc: Document) -> list[str]:
    values = [doc.sidecar.get("url"), *(doc.meta.get(k) for k in META_URL_KEYS)]
    return [v for v in values if isinstance(v, str)]


def _is_wiki_import(doc: Document) -> bool:
    """Wiki.js front matter (`editor:`, `dateCreated:`): its `date` is the wiki page's last
    edit, often years after the text it holds was written or broadcast."""
    return "datecreated" in doc.meta and "editor" in doc.meta


def _stated_earlier(doc: Document, value: DateMention | None) -> tuple[DateMention, str] | None:
    """A date the document states at its top that is earlier than its front-matter date:
    the front matter then dates a repost, an archive or a wiki import, and the document's
    own dateline ("2020.08.10农历六月二十一", a credit block ending "2014年4月29日 上午
    11:59") dates the text. A Wiki.js page also counts its title's date and a date that
    opens one of its first sentences ("大家好，2020年5月24日星期日，欢迎收看…")."""
    if value is None or not value.day:
        return None
    limit = (value.year, value.month, value.day)
    candidates: list[tuple[DateMention, str]] = []
    if _is_wiki_import(doc):
        title = _title_date(doc)[0]
        if title is not None and title.valid and title.day:
            candidates.append((title, "title"))
        candidates += [(m, "text") for m in _opening_sentence_dates(doc)]
    own = _removed_stamp(doc)
    if own is not None and own.day:
        # the text's own stamp, which cleaning took out (a credit block, a thread's opening
        # post), dates it: a stamp further down is the content's (a post it quotes)
        candidates.append((own, "byline"))
    candidates += [(m, "text") for m in _opening_datelines(doc, stamps=own is None)]
    for mention, source in candidates:
        if (mention.year, mention.month, mention.day) < limit:
            return mention, source
    return None


def _removed_stamp(doc: Document) -> DateMention | None:
    """The first date with a time of day in a byline cleaning removed ("记者 谢梦遥
    2014年4月29日 上午 11:59", a thread's "发表于 2009-12-17 14:27")."""
    for removal in doc.removed:
        if "byline" in removal.reason:
            mention = stamped_date(fold_script(removal.text))
            if mention is not None:
                return mention
    return None


def _opening_datelines(doc: Document, stamps: bool = True) -> list[DateMention]:
    """Datelines and time stamps in the first few text blocks; without `stamps`, a news
    agency's dateline only (a line that is a date and a few words may be a quoted post's)."""
    found = []
    for text in _opening_texts(doc)[:OPENING_BLOCKS]:
        folded = fold_script(text)
        mention = (stamped_date(folded) or _dateline_in(folded)) if stamps else _dateline_in(folded, lines=False)
        if mention is not None and mention.day:
            found.append(mention)
    return found


def _opening_sentence_dates(doc: Document) -> list[DateMention]:
    found = []
    paragraphs = [b for b in doc.blocks if b.kind == PARAGRAPH]
    for block in paragraphs[:WIKI_OPENING_PARAGRAPHS]:
        for mention in find_dates(fold_script(" ".join(plain_texts(block)))):
            if mention.start <= WIKI_SENTENCE_START and mention.valid and mention.has_year and mention.day:
                found.append(mention)
            break
    return found


def _opening_texts(doc: Document) -> list[str]:
    """The text pieces of the first blocks that hold text (icon-font glyphs and images
    skipped), a list's items one by one."""
    texts: list[str] = []
    for block in doc.blocks:
        if block.kind in (PARAGRAPH, LIST, QUOTE):
            texts += [t for t in plain_texts(block) if _HAS_TEXT.search(t)]
        if len(texts) >= EDGE_BLOCKS:
            break
    return texts[:EDGE_BLOCKS]


def _title_date(doc: Document) -> tuple[DateMention | None, Document]:
    # an era's year or one before the years a text names (唐玄宗开元二十九年的长安, 公元105年：
    # 蔡伦与造纸术) is the subject's, not the page's: skipped
    mentions = [m for m in find_dates(doc.title) if not history_year(m)] or \
        [m for m in find_dates(doc.title, "title") if not history_year(m)]
    for mention in mentions:
        if not mention.valid:
            return None, doc.with_problem("date", f"impossible date in the title: {mention.text!r}")
        # "2009年以来的双十一": the start of a period the text looks back on, not its date
        if mention.has_year and not _PERIOD_START.match(fold_script(doc.title[mention.end:])):
            return mention, doc
    return None, doc


def _byline_date(doc: Document, config: Config,
                 page_modified: str | None = None) -> tuple[DateMention | None, Document]:
    # A labelled date in a line that credits another outlet ("新闻来源：…；发布时间：2020年
    # 9月17日") dates the source a repost translates: the page's own stamp comes first.
    credited: DateMention | None = None
    for text in byline_texts(doc):
        mention = byline_date(text, closing=False)
        if mention is None:
            # a credit's closing date ("据《某报》…2022年5月6日发布") dates the source it
            # credits: the page's own removed stamp comes first
            closing = closing_date(text)
            if closing is not None:
                return _removed_stamp(doc) or closing, doc
            continue
        if mention.valid and mention.has_year and byline_site(text) and _removed_stamp(doc) is not None:
            credited = credited or mention
            continue
        if not mention.valid:
            return None, doc.with_problem("date", f"impossible date in the byline: {text.strip()!r}")
        if mention.has_year:
            return mention, doc
        year = year_from_url(doc.url, mention.month or 0, mention.day or 0) or \
            _year_of_same_day(page_modified, mention, config)
        if year is not None:
            return mention.resolved(year), doc
        detail = f"the byline gives {mention.text!r} without a year; the date is left empty"
        return None, doc.with_problem("date-unknown-year", detail)
    # No labelled date: a time stamp ("Original 卓哥01 卓哥投研笔记 2025年10月28日 18:23",
    # "编辑于 2025-06-14 17:48") in a removed byline or at the top of the page.
    own = _removed_stamp(doc) or credited
    if own is not None:
        return own, doc
    # A credit run into an opening caption or paragraph: "…(Reuters)据《零对冲》作者：…撰写
    # 2021年6月18日发布" (a date its publication label follows at the very end).
    for text in [t for t in _opening_texts(doc)[:OPENING_BLOCKS] if len(t) > BYLINE_MAX_CHARS]:
        mention = closing_date(text[-BYLINE_MAX_CHARS:])
        if mention is not None:
            return mention, doc
    for text in [t for t in _opening_texts(doc) if len(t) <= BYLINE_MAX_CHARS]:
        mention = stamped_date(fold_script(text))
        if mention is not None:
            return mention, doc
    removed = [r.text for r in doc.removed if "byline" in r.reason]
    # An international site's "Published 06/02/2022", read in the host country's order.
    day_first = day_first_host(doc.url)
    for text in removed + [t for t in _opening_texts(doc) if len(t) <= BYLINE_MAX_CHARS]:
        mention = slash_date(text, day_first)
        if mention is not None:
            return mention, doc
    # The headline and its time, left outside the article ("新华网 正文 法国全国大罢工再次
    # 严重影响交通 2019-12-10 07:57:40 来源： 新华网", "Dec 28 Sat 2013 00:28 新竹尖石_…"),
    # or the headline and, just below it, the line with its time ("http://ent.QQ.com
    # 2009年11月09日11:30 腾讯音乐 我要评论").
    title = fold_script(doc.title)
    outside = [fold_script(r.text) if len(r.text) <= BYLINE_MAX_CHARS else "" for r in doc.removed]
    for index, text in enumerate(outside):
        at = text.find(title) if len(title) >= 4 else -1
        if at < 0:
            continue
        mention = stamped_date(text[:at] + " " + text[at + len(title):])
        if mention is None and text.strip() == title.strip() and index + 1 < len(outside):
            mention = stamped_date(outside[index + 1])
        if mention is not None:
            return mention, doc
    return None, doc


def _year_of_same_day(value: str | None, mention: DateMention, config: Config) -> int | None:
    """The year of `value` (a date the page's head gives) when its month and day are the
    byline's: the page was changed on the day it says it was published."""
    if not value or not mention.day:
        return None
    try:
        changed = parse_date_value(value, config.timezone)
    except DateError:
        return None
    same = changed.has_year and (changed.month, changed.day) == (mention.month, mention.day)
    return changed.year if same else None


def _dateline(doc: Document) -> DateMention | None:
    """A publication date stated in the text itself: a short line that is little more
    than a full date ("2014年10月22日", "2014-10-22 10:33 来源：…"), or a news dateline
    ("新华社北京2014年10月22日电")."""
    blocks = [b for b in article_blocks(doc.blocks) if b.kind == PARAGRAPH]   # a reply dates nothing
    texts = [" ".join(plain_texts(b)) for b in blocks[:EDGE_BLOCKS]] + _opening_texts(doc) \
        + [" ".join(plain_texts(b)) for b in blocks[-EDGE_BLOCKS:]]
    for text in texts:
        mention = _dateline_in(fold_script(text))
        if mention is not None:
            return mention
    return None


def _dated_entries(doc: Document) -> int:
    """How many different dates the article's date lines give: a page of many dated
    entries (a timeline, a diary of entries) where a date line opens each entry."""
    dates = set()
    for block in article_blocks(doc.blocks):
        if block.kind == PARAGRAPH:
            text = fold_script(" ".join(plain_texts(block)))
            mention = _dateline_in(text) if len(text) <= DATELINE_MAX_CHARS else None
            if mention is not None:
                dates.add(mention.iso())
    return len(dates)


def _dateline_in(text: str, lines: bool = True) -> DateMention | None:
    """A news dateline's date ("新华社北京2014年4月29日电"), or (`lines`) that of a short line
    that is little but a date."""
    if OTHER_ARTICLES.search(text):  # "相关文章：… 2013-11-12" dates another page
        return None
    for mention in find_dates(text):
        if not (mention.valid and mention.has_year and mention.month):
            continue
        # the rest only of a short line: for every date of a long one it was quadratic
        if lines and len(text) <= DATELINE_MAX_CHARS and len(_DATELINE_FILLER.sub(
                "", text[:mention.start] + text[mention.end:])) <= 12 \
                and not _STATES_SOMETHING.match(text, mention.end) and not plans_ahead(text, mention.start):
            return mention   # ("新系统将于2031年6月18日发布" is a plan)
        if mention.start <= 20 and (_NEWS_DATELINE_END.match(text, mention.end)
                                    or _AGENCY_START.match(text)):
            return mention
    return None
