"""Bylines: the labelled lines around an article that say who wrote it, where it was
published, when, and where it came from ("作者：…", "发布 : 10-22", "（文章来源：北京商报）").

The patterns take a label before the value on purpose: an unlabelled name or date near
the top of a page is too often navigation or a related-article link.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from .dates import DateMention, find_dates, history_year
from .fold import fold_script

# Labels that introduce the publication date of the page itself.
# ("posted @ 2012-06-18 15:39" is 博客园's; "发布于2024-05-06" may run on without a space)
_DATE_LABEL = re.compile(
    r"(?:(?:发布|发表|更新|刊发|发稿|上传|日期|时间|published|posted|date)"
    r"(?:时间|日期|于|\s+on)?\s*(?:[:：@]|\s)|(?:发布|发表|更新|刊发|上传)于)\s*", re.I)
# A weekday between a date label and its date: "发布日期：星期六，2021年6月19日".
_WEEKDAY_FIRST = re.compile(r"(?:星期|礼拜|周)[一二三四五六日天]\s*[,，、]?\s*")
# A publication label after a full date that ends the line: "2021年6月18日发布" (a date
# followed by 发布 and more words is a sentence: "6月18日发布了新产品").
_LABEL_AFTER = re.compile(r"\s*(?:发布|发表|刊发|发稿|首发)\s*[*_)）\]】]*\s*$")
# A plan, not a publication: "将于…发布", "计划于…发布", "预计…发布".
_PLAN_WORD = re.compile(r"将|计划|预计|拟|即将|准备|定于")
# What credits a text to its writer or source, before a closing date: 据《某报》记者…报道, 作者：…撰写.
_CREDIT_CUE = re.compile(r"据|作者|记者|通讯员|撰写|撰文|编译|翻译|来源|报道|转载|《")
_CLAUSE_END = re.compile(r"[。!?！？;；\n]")
# Author labels, strongest first; 文 alone only when not inside another word (the
# look-behind after the label: a pattern that starts with one is tried at every character).
# An editor's credit (编辑, 责任编辑, 责编) names who edited the page, not who wrote it;
# a writer who also edited ("文/编辑：张三", "采写/编辑：王五", "文｜编辑：钱七") wrote it.
_WRITER_EDITOR = r"(?:作者|采写|撰文|文(?<![\u4e00-\u9fff]文))\s*[/|｜]\s*编辑"
_AUTHOR_LABELS = (r"作者", r"文(?<![\u4e00-\u9fff]文)", r"撰文", r"记者", r"author")
_NAME = (r"\s*[:：/|]\s*(?!(?:责任)?编辑|责编)(?P<name>[^\s|,，。;；:：/()（）\[\]【】？！?!#]{2,20})"
         r"(?=$|[\s|,，;；/()（）#])")   # "责任编辑：孙芸#": a stray mark after the name
_AUTHOR_RES = (re.compile(_WRITER_EDITOR + r"(?:\s*[:：]\s*|\s+)" + _NAME[_NAME.index("(?!"):]),
               *(re.compile(label + _NAME, re.I) for label in _AUTHOR_LABELS))
# A Latin name's first word, and the capitalised words after it ("Harmeet Kaur", "TYLER DURDEN").
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z.'-]{0,19}")
_LATIN_NAME_MORE = re.compile(r"(?:[ \t][A-Z][A-Za-z.'-]{0,19}){1,3}(?=$|[\s|,，;；/()（）。])")
_LATIN_WORDS_MORE = re.compile(r"(?:[ \t][A-Za-z][A-Za-z.'&-]{0,19}){1,4}(?=$|[\s|,，;；/()（）。《【])")
# A news dateline's credit: "（记者 王磊）", "(通讯员 张三 李四)".
_PAREN_CREDIT = re.compile(r"[（(](?:本报)?(?:记者|通讯员|特约记者)\s*(?P<name>[\u4e00-\u9fff·]{2,5})(?=[\s）)])")
_SITE = re.compile(
    r"(?:文章来源|本文来源|稿件来源|新闻来源|内容来源|转载自|出处|(?<![图片照视频])来源|source)\s*[:：]\s*"
    r"(?P<site>(?:(?!责任编辑|编辑|作者|记者|原标题)[^\s|,，。;；:：()（）\[\]【】<>]){2,30})", re.I)
# A time of day right after a date: "2025年10月28日 18:23", "2014年4月29日 上午 11:59".
_TIME_AFTER = re.compile(r"\s*(?:[上下]午|早上|晚上|凌晨)?\s*\d{1,2}[:：]\d{2}(?!\d)")
_TWELVE_HOUR_AFTER = re.compile(r"\s*\d{1,2}:\d{2}(?::\d{2})?\s*[AaPp]\.?[Mm]\b\.?")
_SHORT_YEAR_STAMP = re.compile(r"(?<![\d-])(?P<y>\d{2})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?=\s+\d{1,2}:\d{2}(?!\d))")
_HOST_LIKE = re.compile(r"(?:https?://|www\.)|[\w-]+(?:\.[\w-]+)*\.(?:com|cn|net|org|tw|hk|io|me|info)\b", re.I)
_NOT_SOURCES = {"资讯", "新闻", "原创", "转载", "网络", "互联网", "本站", "网友", "未知", "综合", "其他", "其它", "网络转载"}
_URL_PATH_DATE = re.compile(r"(?<![\d])(?P<y>20\d\d|19\d\d)(?P<sep>[/-])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)(?!\d)")
_SLASH_DATE = re.compile(r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d\d)(?![\d/])")
_DAY_FIRST_TLDS = {"uk", "hk", "au", "nz", "sg", "in", "ie", "my", "za", "fr", "de", "it", "es", "nl", "be"}
_BARE_URL = re.compile(r"^\s*<?(https?://[^\s<>\"']+)>?\s*$")
_URL_DATE = re.compile(r"(?<!\d)(?P<y>20\d\d|19\d\d)[/_-]?(?P<m>[01]\d)[/_-]?(?P<d>[0-3]\d)(?!\d)")


def byline_date(text: str, closing: bool = True) -> DateMention | None:
    """The date right after a date label in `text` ("发布 : 10-22" -> month 10, day 22,
    year unknown; "发布日期：星期六，2021年6月19日": a weekday may come first), or with
    `closing` a full date the label follows at the end of the line ("…撰写。2021年6月18日
    发布": closing_date). None when no labelled date is there."""
    text = fold_script(text)
    for label in _DATE_LABEL.finditer(text):
        start = label.end()
        weekday = _WEEKDAY_FIRST.match(text, start)
        start = weekday.end() if weekday else start
        rest = text[start:start + 40]
        mentions = find_dates(rest, "byline")
        if mentions and mentions[0].start == 0 and not history_year(mentions[0]):
            return mentions[0]
    return closing_date(text) if closing else None


def closing_date(text: str) -> DateMention | None:
    """A full date that a publication label follows at the very end of `text`
    ("…通过大纪元时报撰写2021年6月18日发布"): alone on its line, or after a credit
    (_CREDIT_CUE), and never a plan ("新一代产品计划于2031年6月18日发布": _PLAN_WORD in
    its clause)."""
    text = fold_script(text)
    for mention in find_dates(text, "byline"):
        if mention.valid and mention.has_year and mention.day and _LABEL_AFTER.match(text, mention.end):
            before = text[:mention.start]
            if plans_ahead(text, mention.start) or (before.strip(" *_([【") and not _CREDIT_CUE.search(before)):
                return None
            return mention
    return None


def plans_ahead(text: str, at: int) -> bool:
    """Whether the clause up to `at` (where a date starts) announces a plan ("新系统将于",
    "计划于"): the date is the plan's, not the text's."""
    return bool(_PLAN_WORD.search(_CLAUSE_END.split(text[:at])[-1]))


def stamped_date(text: str) -> DateMention | None:
    """The first full date followed by a time of day: a publication stamp ("posted @
    2012-06-18 15:39", WeChat's "公众号名 2025年10月28日 18:23"). Only for short texts
    at the top of a page or removed as its byline: a comment's stamp looks the same."""
    for mention in find_dates(text, "byline"):
        if mention.valid and mention.has_year and mention.day and _TIME_AFTER.match(text, mention.end):
            return mention
    m = _SHORT_YEAR_STAMP.search(text)
    if m:  # Weibo's "24-5-13 17:07": a two-digit year of this century, with its time
        year, month, day = 2000 + int(m.group("y")), int(m.group("m")), int(m.group("d"))
        found = DateMention(m.start(), m.end("d"), year, month, day, text=m.group(0))
        return found if _valid_day(year, month, day) else None
    return None


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def byline_author(text: str) -> str:
    folded = fold_script(text)  # labels are Simplified; names come from the original
    for pattern in _AUTHOR_RES:
        m = pattern.search(folded)
        if m and not find_dates(m.group("name"), "byline"):
            end = m.end("name")
            if _LATIN_NAME.fullmatch(m.group("name")):   # "作者: Harmeet Kaur": the whole name
                more = _LATIN_NAME_MORE.match(folded, end)
                end = more.end() if more else end
            return text[m.start("name"):end]
    m = _PAREN_CREDIT.search(folded)
    return text[m.start("name"):m.end("name")] if m else ""


def byline_site(text: str) -> str:
    """The source a "来源：…" line names; "" for an image's source ("图片来源："), a host
    or URL ("来源：pic.cnblogs.com") and a category word ("来源：资讯", "来源：网络")."""
    folded = fold_script(text)
    for m in _SITE.finditer(folded):
        end = m.end("site")
        if _LATIN_NAME.fullmatch(m.group("site")):   # "hongkong free press《香港自由报》": the whole name
            more = _LATIN_WORDS_MORE.match(folded, end)
            end = more.end() if more else end
        site = text[m.start("site"):end]
        if not (_HOST_LIKE.match(site) or fold_script(site) in _NOT_SOURCES):
            return site
    return ""


def bare_url(text: str) -> str:
    """A line that is nothing but a URL (the 'original article' link of a mirror)."""
    m = _BARE_URL.match(text)
    return m.group(1) if m else ""


def slash_date(text: str, day_first: bool | None) -> DateMention | None:
    """An international site's "06/02/2022" after a date label or before a time of day.
    Day and month are told apart when one of them is over 12, otherwise by `day_first`
    (the site's country), otherwise by a 12-hour clock after the date ("4/2/2024 4:03 PM
    UTC": the United States' form, month first); when nothing tells, there is no date
    (never a guess)."""
    text = fold_script(text)
    for m in _SLASH_DATE.finditer(text):
        labelled = any(label.end() == m.start() for label in _DATE_LABEL.finditer(text, max(0, m.start() - 30), m.start()))
        if not (labelled or _TIME_AFTER.match(text, m.end())):
            continue
        a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("y"))
        if day_first is None and _TWELVE_HOUR_AFTER.match(text, m.end()):
            day_first = False
        if a > 12 or b > 12:
            day, month = (a, b) if a > 12 else (b, a)
        elif a == b or day_first is not None:
            day, month = (a, b) if a == b or day_first else (b, a)
        else:
            continue
        if _valid_day(year, month, day):
            return DateMention(m.start(), m.end(), year, month, day, text=m.group(0))
    return None


def day_first_host(url: str) -> bool | None:
    """Whether the country of `url`'s host writes the day first (06/02/2022 = 6 February):
    True for the listed countries, False for the United States, None when unknown."""
    host = (urlsplit(url).hostname or "").lower() if url else ""
    suffix = host.rsplit(".", 1)[-1] if "." in host else ""
    if suffix in _DAY_FIRST_TLDS or host.split(".", 1)[0] in _DAY_FIRST_TLDS:   # hk.news.yahoo.com
        return True
    return False if suffix == "us" else None


def date_from_url(url: str) -> DateMention | None:
    """A full date written as a path in `url` ("/2019/02/28/slug", "/2019-02-28-slug")."""
    for m in _URL_PATH_DATE.finditer(url):
        year, month, day = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        if _valid_day(year, month, day):
            return DateMention(m.start(), m.end(), year, month, day, text=m.group(0))
    return None


def year_from_url(url: str, month: int, day: int) -> int | None:
    """The year of a date path in `url` (/2014/10/22/, 20141022) when its month and day
    agree with a byline's month-day: then the year is established, not guessed."""
    for m in _URL_DATE.finditer(url):
        if int(m.group("m")) == month and int(m.group("d")) == day:
            return int(m.group("y"))
    return None
