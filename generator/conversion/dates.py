"""Dates: find them in Chinese text, parse front-matter values, resolve partial dates.

A date is kept with its precision ("year" | "month" | "day"). Nothing here guesses a
year: a month-day, a day of the lunar new year ("正月初十") or a relative year ("去年")
stays unresolved until a caller supplies a reference year it trusts; a year or day named
by the last one written ("同年", "当天") until the caller supplies that one; a relative day
("昨天", "本周") until it supplies the document's day (on_day). Impossible dates
(2015年13月45日) are reported as invalid mentions rather than silently dropped, so callers
can warn about them.

The formats, the festivals and the table of lunar new years live in
generator/data/date_formats.yml; the lunar months' lengths in lunar_calendar.yml (lunar.py).
A two-digit year (19年) or a sexagenary one (庚辰年) names a year of a cycle: it too waits
for a reference year (see DateMention.resolved).
"""

from __future__ import annotations

import calendar
import email.utils
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo

from . import lunar as lunar_calendar
from .eras import find_era_years
from .fold import fold_script
from .textops import load_data_yaml

HAN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_HAN_DIGIT_CLASS = "〇○零一二三四五六七八九"
_PLACEHOLDERS = {
    "Y": rf"(?<![\d.{_HAN_DIGIT_CLASS}十])(?P<year>1[5-9]\d\d|20\d\d|[{_HAN_DIGIT_CLASS}]{{4}})",
    "M": r"(?P<month>\d{1,2}|十[一二]?|[一二三四五六七八九])",
    "D": r"(?P<day>\d{1,2}(?!\d)|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])",
}
# Full-width digits and separators, mapped one-to-one so match offsets stay valid.
_WIDTH = str.maketrans("０１２３４５６７８９－／．：", "0123456789-/.:")
# str.translate looks up every character: searched first, most text has none of them.
_WIDE_RE = re.compile("[０１２３４５６７８９－／．：]")
TEXT_YEARS = (1500, 2099)   # years a text may name (1776年); a date value: VALUE_YEARS
VALUE_YEARS = (1800, 2099)
ERA_YEARS = (1368, 2099)     # years an era name can give (洪武元年 on)
SOON_DAYS = 3   # a bare day this close after the document's day is the coming one
EPOCH_RANGE = (0, 4_102_444_800)
_ZONE_AFTER_DAY = re.compile(r"(?<=\d)\s+(?:[+-]\d{2}:?\d{2}|Z|UTC|GMT)$")  # 1970 .. 2100, in seconds


class DateError(ValueError):
    """A value that was meant to be a date but is not one (the message says why)."""


@dataclass(frozen=True)
class DateMention:
    """A date written in a text. `relative` is a year offset (去年: -1) when the year is
    relative to the document; `year` is None when the text does not give one. A day
    relative to the document's own day (昨天: `day_offset` -1; 上周日: `week_offset` -1,
    `weekday` 6) has neither: only `on_day` resolves it."""

    start: int
    end: int
    year: int | None
    month: int | None = None
    day: int | None = None
    relative: int | None = None
    valid: bool = True
    text: str = ""
    day_offset: int | None = None
    week_offset: int | None = 0    # None with a weekday: the nearest such day (周二)
    weekday: int | None = None     # Monday 0 .. Sunday 6
    month_offset: int | None = None  # 上个月: -1
    years_ago: int | None = None     # 十年前: 10 (with day_offset 0: 十年前的今天)
    week: bool = False               # 本周, 上周 without a weekday: a week, told by its month
    after_last: int | None = None    # 同年: 0, 次年: 1, 八年后: 8: counted from the last year written
    lunar_day: int | None = None     # days after the lunar new year (正月初三: 2, 除夕: -1)
    after_last_day: int | None = None  # 当天: 0, 第二天: 1, 一周后: 7: counted from the last day written
    moving: tuple[int, int, int, int] | None = None   # 母亲节 before its year is known (moving_festivals)
    # a year named by its place in a cycle: 19年 (100, 19, 1), 庚辰年 (60, 20, 0): the latest
    # year of that remainder not after the reference year plus the last number (see resolved)
    cycle: tuple[int, int, int] | None = None
    lunar: tuple[int, int, bool] | None = None   # a lunar month, its day, whether the leap one (七夕: 7, 7)

    @property
    def precision(self) -> str:
        return "day" if self.day or self.relative_day or self.lunar_day is not None or \
            self.after_last_day is not None or self.lunar is not None \
            else "month" if self.month else "year"

    @property
    def relative_day(self) -> bool:
        """A day that only the document's own day places (昨天, 上周日, 27日)."""
        return self.day_offset is not None or self.weekday is not None or self.week or \
            self.month_offset is not None or self.years_ago is not None or \
            (self.day is not None and self.month is None and self.year is None)

    def on_day(self, reference: date, ahead: bool = False) -> "DateMention":
        """This relative day resolved against the document's day `reference`: a bare
        day of the month ("27日") is the latest such day up to the reference (news tells
        what happened; the 27th in a report of the 3rd is last month's) or the next few
        days' (SOON_DAYS: "26日早晨" in a forecast of the 25th), or with `ahead`
        (an announcement) the next such day; a bare weekday likewise (周二: the latest
        Tuesday)."""
        if self.years_ago is not None:   # 十年前, 4年前的情人节, 五十年前的今天
            year = reference.year - self.years_ago
            if self.day_offset is not None:   # the document's day of that year
                return DateMention(self.start, self.end, year, reference.month, reference.day,
                                   valid=_valid_ymd(year, reference.month, reference.day), text=self.text)
            if self.moving is not None:
                day = moving_festival(year, self.moving)
                return DateMention(self.start, self.end, day.year, day.month, day.day, text=self.text)
            return DateMention(self.start, self.end, year, self.month, self.day,
                               valid=_valid_ymd(year, self.month, self.day), text=self.text)
        if self.week:   # a week is as precise as its month: the one holding its Thursday
            thursday = reference + timedelta(weeks=self.week_offset or 0, days=3 - reference.weekday())
            return DateMention(self.start, self.end, thursday.year, thursday.month, text=self.text)
        if self.month_offset is not None:   # 上个月, 上月28日
            months = reference.year * 12 + reference.month - 1 + self.month_offset
            year, month = months // 12, months % 12 + 1
            return DateMention(self.start, self.end, year, month, self.day,
                               valid=_valid_ymd(year, month, self.day), text=self.text)
        if self.day_offset is None and self.weekday is None:
            year, month = reference.year, reference.month
            if self.day > reference.day + SOON_DAYS and not ahead:
                year, month = (year, month - 1) if month > 1 else (year - 1, 12)
            elif self.day < reference.day and ahead:
                year, month = (year, month + 1) if month < 12 else (year + 1, 1)
            valid = _valid_ymd(year, month, self.day)
            return DateMention(self.start, self.end, year, month, self.day, None, valid, self.text)
        if self.weekday is not None and self.week_offset is None:   # 周二: the nearest one
            shift = (self.weekday - reference.weekday()) % 7
            day = reference + timedelta(days=shift) if ahead else reference - timedelta(days=(7 - shift) % 7)
        elif self.weekday is not None:
            monday = reference - timedelta(days=reference.weekday())
            day = monday + timedelta(weeks=self.week_offset, days=self.weekday)
        else:
            day = reference + timedelta(days=self.day_offset or 0)
        return DateMention(self.start, self.end, day.year, day.month, day.day, None, True, self.text)

    @property
    def has_year(self) -> bool:
        return self.year is not None

    def resolved(self, reference_year: int | None) -> "DateMention | None":
        """This mention with its year filled from `reference_year` (None: unknown; always
        for a relative day, which needs the document's day: see on_day). For a year
        counted from the last one written (同年, 次年), `reference_year` is that year."""
        if self.lunar_day is not None or self.lunar is not None:
            return self._lunar(reference_year)
        if self.after_last_day is not None:   # needs the last day written, not a year
            return None
        if self.year is not None:
            return self
        if self.cycle is not None:   # 19年, 18年底, 庚辰年
            year = self._cycle_year(reference_year)
            if year is None:
                return None
            valid = self.valid and _valid_ymd(year, self.month, self.day)
            return DateMention(self.start, self.end, year, self.month, self.day, None, valid, self.text)
        if reference_year is None or self.relative_day:
            return None
        year = reference_year + (self.relative or self.after_last or 0)
        if self.moving is not None:   # 今年母亲节: its day depends on the year
            day = moving_festival(year, self.moving)
            return DateMention(self.start, self.end, day.year, day.month, day.day, text=self.text)
        valid = self.valid and _valid_ymd(year, self.month, self.day)
        return DateMention(self.start, self.end, year, self.month, self.day, None, valid, self.text)

    def _cycle_year(self, reference_year: int | None) -> int | None:
        """The year a cycle names: the latest of its remainder not after the reference
        year (plus the cycle's slack: 25年 in a text of 2024 is the coming year); a
        sexagenary year without any reference, the latest up to lunar_calendar.yml's
        undated_latest; a two-digit year without one, none."""
        period, remainder, slack = self.cycle
        if reference_year is None and period != lunar_calendar.CYCLE:
            return None
        latest = (reference_year if reference_year is not None else lunar_calendar.undated_latest()) + slack
        return latest - (latest - remainder) % period

    def _lunar(self, reference_year: int | None) -> "DateMention | None":
        """A lunar date in the solar calendar (None: a year the tables lack, a month
        without such a day)."""
        year = self.year
        if year is None and self.cycle is not None:
            year = self._cycle_year(reference_year)
        elif year is None and reference_year is not None:
            year = reference_year + (self.relative or 0)
        found = lunar_solar_day(year, self.lunar, self.lunar_day) if year is not None else None
        if found is None:
            return None
        return DateMention(self.start, self.end, found.year, found.month, found.day, text=self.text)

    def iso(self) -> str:
        """"YYYY" | "YYYY-MM" | "YYYY-MM-DD" (the year must be known)."""
        return format_date(self.year, self.month, self.day)


def format_date(year: int | None, month: int | None = None, day: int | None = None) -> str:
    if year is None:
        raise ValueError("a date without a year cannot be formatted")
    out = f"{year:04d}"
    if month:
        out += f"-{month:02d}"
        if day:
            out += f"-{day:02d}"
    return out


def han_number(text: str) -> int | None:
    """Arabic or Chinese numerals: "2012", "二〇一二", "十一", "二十二" -> int."""
    text = text.strip().translate(_WIDTH)
    if text.isdigit():
        return int(text)
    if text and all(ch in HAN_DIGITS for ch in text):
        if len(text) == 1:
            return HAN_DIGITS[text]
        return int("".join(str(HAN_DIGITS[ch]) for ch in text))
    m = re.fullmatch(r"([一二三四五六七八九])?十([一二三四五六七八九])?", text)
    if m:
        tens = HAN_DIGITS[m.group(1)] if m.group(1) else 1
        return tens * 10 + (HAN_DIGITS[m.group(2)] if m.group(2) else 0)
    return None


@lru_cache(maxsize=None)
def _format_data() -> dict:
    text = resources.files("generator.data").joinpath("date_formats.yml").read_text(encoding="utf-8")
    return load_data_yaml(text)


def date_format_data() -> dict:
    """date_formats.yml, parsed (its tables: festivals, coming words ...)."""
    return _format_data()


@lru_cache(maxsize=None)
def spring_festival(year: int) -> date | None:
    """The first day of the lunar year `year` (date_formats.yml's table; None outside it)."""
    decade = _format_data()["spring_festival"].get(year - year % 10)
    if not decade:
        return None
    month, day = decade[year % 10].split("-")
    return date(year, int(month), int(day))


def lunar_solar_day(year: int, lunar: tuple[int, int, bool] | None, after_new_year: int | None = None) -> date | None:
    """The solar day of lunar year `year`'s month and day `lunar` (or the day
    `after_new_year` days after its first); None outside the tables."""
    first = spring_festival(year)
    days = after_new_year if lunar is None else lunar_calendar.days_into_year(year, *lunar)
    return None if first is None or days is None else first + timedelta(days=days)


def moving_festival(year: int, rule: tuple[int, int, int, int] | list[int]) -> date:
    """The day of a festival on a weekday of a month in `year` (a moving_festivals rule:
    month, which occurrence of the weekday, the weekday, days after it)."""
    month, nth, weekday, after = rule
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1) + after)


@lru_cache(maxsize=None)
def compiled_formats(use: str) -> tuple[tuple[str, re.Pattern], ...]:
    """The formats that apply to `use` ("text" | "byline" | "value"), compiled."""
    data = _format_data()
    months = sorted(data["month_names"], key=len, reverse=True)
    rel = sorted(data["relative_years"], key=len, reverse=True)
    days = sorted(data["relative_days"], key=len, reverse=True)
    fills = dict(_PLACEHOLDERS)
    # 今日头条 is a company, 明日之星 a rising star: not days
    # (followed by 的 it qualifies a noun: "昨天的20°C")
    fills["RELDAY"] = r"(?P<relday>" + "|".join(days) + r")(?!头条|之星|之后|的)"
    fills["RELMONTH"] = r"(?P<relmonth>" + "|".join(sorted(data["relative_months"], key=len, reverse=True)) + ")"
    fills["AGO"] = r"(?<![\d.])(?P<ago>[1-9]\d?|[一二两三四五六七八九十]{1,3})\s*年前(?![后後])"
    # (黑色星期五 is a festival, not a Friday of the document's week)
    fills["WEEK"] = (r"(?<!每)(?<!黑色)(?P<week>" + "|".join(sorted(data["relative_weeks"], key=len, reverse=True))
                     + r")?(?:周|星期|礼拜)(?P<wday>[一二三四五六日天])(?![一二三四五六日天至到])")
    fills["SAME"] = _group("same", data["anaphoric_years"])
    fills["WEEKONLY"] = r"(?<!每)" + _group("weekonly", data["relative_week_words"])
    fills["SAMEDAY"] = _group("sameday", data["anaphoric_days"])
    fills["ERA"] = _group("era", data["eras"])
    fills["FEST"] = _group("fest", {**data["festivals"], **data["moving_festivals"]})
    fills["YY"] = r"(?<![^，,。；;：:、（(“\"「『【在是到从自至和与及])(?P<yy>[0-9]{2})"
    fills["GZ"] = r"(?P<gz>[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥])"
    lunar_days = r"初[一二三四五六七八九十]|廿[一二三四五六七八九]?|二十[一二三四五六七八九]?|三十|十[一二三四五六七八九]?"
    lunar_months = r"(?P<lmon>闰?(?:十[一二]|[正一二三四五六七八九十冬腊])月)"
    fills["LMD"] = lunar_months + rf"(?P<lmday>{lunar_days})(?![日号號\d一二三四五六七八九十])"
    fills["LFEST"] = _group("lfest", data["lunar_festivals"]) + "节?"
    fills["MON"] = r"(?P<mon>(?i:" + "|".join(months) + r"))(?![a-z])"
    # 过去年/失去年轻: "去年" inside another word is not a relative year.
    fills["REL"] = r"(?<![过失离回出进除来拿])(?P<rel>" + "|".join(rel) + ")"
    out = []
    for fmt in data["formats"]:
        if use in fmt["use"]:
            pattern = re.sub(r"\{(" + "|".join(fills) + r")\}", lambda m: fills[m.group(1)], fmt["pattern"])
            out.append((fmt["name"], re.compile(pattern)))
    return tuple(out)


@lru_cache(maxsize=None)
def format_needs(use: str) -> tuple[frozenset[str], ...]:
    """For each of compiled_formats(use), the characters one of which its every match holds
    (empty when the format names none)."""
    return tuple(frozenset(fmt.get("needs", "")) for fmt in _format_data()["formats"] if use in fmt["use"])


def _group(name: str, words: dict) -> str:
    """A named group matching any of `words`, the longest first."""
    return f"(?P<{name}>" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


@lru_cache(maxsize=None)
def any_format(use: str) -> re.Pattern[str]:
    """One alternation of every format of `use` (groups unnamed): it finds a match exactly
    when one of the formats would, so a text without a date costs one scan, not one per format."""
    branches = (re.sub(r"(?<!\\)\(\?P<\w+>", "(?:", p.pattern) for _, p in compiled_formats(use))
    try:
        return re.compile("|".join(f"(?:{b})" for b in branches) or "(?!)")
    except re.error:  # a format with a global flag cannot be a branch: no shortcut then
        return re.compile("")


def _comparable(text: str) -> str:
    # Same-length folds (full-width digits, Traditional characters) keep offsets valid.
    return fold_script(text.translate(_WIDTH) if _WIDE_RE.search(text) else text)


@lru_cache(maxsize=4096)
def find_dates(text: str, use: str = "text") -> tuple[DateMention, ...]:
    """Every date written in `text`, left to right, overlapping matches resolved by
    taking the longest at the earliest position. (Cached: callers look at a sentence
    several times; mentions are immutable.)"""
    norm = _comparable(text)
    # reign eras before the Ming, 公元85年 (eras.py): beside the formats, a year each
    eras = [DateMention(start, end, year, text=text[start:end])
            for start, end, year in find_era_years(norm)] if use == "text" else []
    if not eras and not any_format(use).search(norm):
        return ()
    candidates = []
    present = set(norm)
    for (_name, pattern), needs in zip(compiled_formats(use), format_needs(use)):
        if needs and needs.isdisjoint(present):
            continue   # a format whose every match holds one of these characters
        for m in pattern.finditer(norm):
            candidates.append((m.start(), -(m.end() - m.start()), m))
    candidates += [(m.start, -(m.end - m.start), m) for m in eras]   # a format's wins a tie
    candidates.sort(key=lambda c: (c[0], c[1]))
    mentions: list[DateMention] = []
    taken_until = -1
    for start, neg_len, m in candidates:
        if start < taken_until:
            continue
        mentions.append(m if isinstance(m, DateMention) else _mention_from_match(m, text))
        taken_until = start - neg_len
    return tuple(mentions)


def history_year(mention: DateMention) -> bool:
    """Whether `mention` is a year only a history names, never the day a page was written:
    one before TEXT_YEARS (公元105年, the reign eras of eras.py: 开元二十九年) or counted in
    a Ming or Qing reign (光绪十五年). The Republic's years (民国108年) are Taiwan's calendar."""
    if mention.year is not None and mention.year < TEXT_YEARS[0]:
        return True
    eras = _format_data()["eras"]
    name = next((n for n in eras if fold_script(mention.text).lstrip().startswith(n)), None)
    return name is not None and name != "民国"


def _mention_from_match(m: re.Match, text: str) -> DateMention:
    groups = m.groupdict()
    year = han_number(groups["year"]) if groups.get("year") else None
    month = {"底": 12, "末": 12}.get(groups.get("month") or "") or \
        (han_number(groups["month"]) if groups.get("month") else None)
    if groups.get("mon"):
        month = _format_data()["month_names"][groups["mon"].lower()]
    day = han_number(groups["day"]) if groups.get("day") else None
    if groups.get("era"):   # 民国108年, 光绪十五年: counted from the era's first year
        number = 1 if groups["eranum"] == "元" else han_number(groups["eranum"])
        year = _format_data()["eras"][groups["era"]] + number - 1 if number else -1
    relative = _format_data()["relative_years"][groups["rel"]] if groups.get("rel") else None
    if groups.get("relday") or groups.get("today"):
        return DateMention(m.start(), m.end(), None, text=text[m.start():m.end()],
                           day_offset=_format_data()["relative_days"][groups["relday"]] if groups.get("relday") else 0)
    if groups.get("relmonth"):
        return DateMention(m.start(), m.end(), None, day=day, text=text[m.start():m.end()],
                           month_offset=_format_data()["relative_months"][groups["relmonth"]],
                           valid=day is None or 1 <= day <= 31)
    if groups.get("mago"):   # 4个月前: a month counted back from the document's
        months = han_number(groups["mago"].replace("两", "二"))
        return DateMention(m.start(), m.end(), None, text=text[m.start():m.end()],
                           month_offset=-(months or 0), valid=bool(months))
    if groups.get("ago"):
        years = han_number(groups["ago"].replace("两", "二"))
        month, day, rule = _festival(groups.get("fest"))
        return DateMention(m.start(), m.end(), None, month, day, text=text[m.start():m.end()], years_ago=years,
                           valid=years is not None, moving=rule,
                           day_offset=0 if groups.get("agotoday") else None)
    if groups.get("later"):   # 两天后, 一周后: days after the last day written
        count = han_number(groups["later"].replace("两", "二"))
        weeks = groups["unit"] not in ("天", "日")
        return DateMention(m.start(), m.end(), None, text=text[m.start():m.end()], valid=bool(count),
                           after_last_day=(count or 0) * (7 if weeks else 1))
    if groups.get("nth"):   # 事发第三天: the third day, two after the one counted from
        count = han_number(groups["nth"])
        return DateMention(m.start(), m.end(), None, text=text[m.start():m.end()], valid=bool(count),
                           after_last_day=(count or 1) - 1)
    if groups.get("ylater"):   # 八年后: years after the last year written
        count = han_number(groups["ylater"].replace("两", "二"))
        return DateMention(m.start(), m.end(), None, text=text[m.start():m.end()], valid=bool(count),
                           after_last=count or 0)
    if groups.get("sameday"):
        return DateMention(m.start(), m.end(), None, text=text[m.start():m.end()],
                           after_last_day=_format_data()["anaphoric_days"][groups["sameday"]])
    if groups.get("yy") or groups.get("gz") or groups.get("lmon") or groups.get("lfest"):
        return _cyclic_or_lunar(m, groups, text, year, month, day, relative)
    if groups.get("lday") or groups.get("eve") or groups.get("lantern"):
        lunar = -1 if groups.get("eve") else 14 if groups.get("lantern") else \
            han_number(groups["lday"].lstrip("初")) - 1
        return DateMention(m.start(), m.end(), year, relative=relative, text=text[m.start():m.end()],
                           lunar_day=lunar)
    if groups.get("first") or groups.get("last"):
        if month is None:   # 2022年最后一天: 31 December; 10月份第一天: 1 October
            month, day = (1, 1) if groups.get("first") else (12, 31)
        elif groups.get("first"):
            day = 1
        else:   # a month's last day depends on its year: the month, then
            day = None
    if groups.get("fest"):
        month, day, rule = _festival(groups["fest"])
        if rule is not None and year is not None:   # 2019年感恩节
            found = moving_festival(year, rule)
            return DateMention(m.start(), m.end(), found.year, found.month, found.day, text=text[m.start():m.end()])
        if rule is not None:   # 今年母亲节: its day once its year is known
            return DateMention(m.start(), m.end(), None, month, relative=relative, text=text[m.start():m.end()],
                               moving=rule)
    if groups.get("weekonly"):
        return DateMention(m.start(), m.end(), None, text=text[m.start():m.end()], week=True,
                           week_offset=_format_data()["relative_week_words"][groups["weekonly"]])
    if groups.get("same") or groups.get("same_then"):
        return _anaphoric(m, groups, text, month, day)
    if groups.get("wday"):
        return DateMention(m.start(), m.end(), None, text=text[m.start():m.end()],
                           week_offset=_format_data()["relative_weeks"][groups["week"]] if groups.get("week") else None,
                           weekday=("一二三四五六".find(groups["wday"]) + 7) % 7)
    valid = _valid_ymd(year if year is not None else 2000, month, day) if month or not day \
        else 1 <= day <= 31   # a bare day of the month: checked against its month in on_day
    if year is not None and not (ERA_YEARS if groups.get("era") else TEXT_YEARS)[0] <= year <= TEXT_YEARS[1]:
        valid = False
    return DateMention(m.start(), m.end(), year, month, day, relative, valid,
                       text[m.start():m.end()])


def _cyclic_or_lunar(m: re.Match, groups: dict, text: str, year: int | None, month: int | None,
                     day: int | None, relative: int | None) -> DateMention:
    """19年3月, 18年底 (a two-digit year), 庚辰年 (a sexagenary one), 庚辰年十二月廿一,
    2006年七夕, 农历八月十五: a year told by a cycle, a day of a lunar month."""
    written = text[m.start():m.end()]
    cycle = None
    if groups.get("yy"):
        cycle = (100, int(groups["yy"]), 1)
        month = 12 if groups.get("yend") else month
    elif groups.get("gz"):
        remainder = lunar_calendar.sexagenary_remainder(groups["gz"])
        if remainder is None:   # 甲丑: no such year
            return DateMention(m.start(), m.end(), None, valid=False, text=written)
        cycle = (lunar_calendar.CYCLE, remainder, 0)
    lunar = None
    if groups.get("lfest"):
        lmonth, _, lday = _format_data()["lunar_festivals"][groups["lfest"]].partition("-")
        lunar = (int(lmonth), int(lday), False)
    elif groups.get("lmon"):
        found, number = lunar_calendar.lunar_month(groups["lmon"]), lunar_calendar.lunar_day(groups["lmday"])
        if found is None or number is None:
            return DateMention(m.start(), m.end(), None, valid=False, text=written)
        lunar = (found[0], number, found[1])
    if lunar is not None and year is not None:   # 2006年七夕: its solar day now
        found = lunar_solar_day(year, lunar)
        if found is not None and found.year != year:
            # "2024年腊八": the 腊八 that falls in 2024 (of the lunar year before), as 除夕 does
            earlier = lunar_solar_day(year - 1, lunar)
            found = earlier if earlier is not None and earlier.year == year else found
        if found is None:
            return DateMention(m.start(), m.end(), year, valid=False, text=written)
        return DateMention(m.start(), m.end(), found.year, found.month, found.day, text=written)
    if lunar is not None:
        return DateMention(m.start(), m.end(), None, relative=relative, text=written, cycle=cycle, lunar=lunar)
    return DateMention(m.start(), m.end(), None, month, day, valid=_valid_ymd(2000, month, day),
                       text=written, cycle=cycle)


def _festival(name: str | None) -> tuple[int | None, int | None, tuple[int, int, int, int] | None]:
    """A festival's month and day (date_formats.yml's festivals), or its month and rule
    (moving_festivals); nothing for None."""
    data = _format_data()
    if name in data["moving_festivals"]:
        rule = tuple(data["moving_festivals"][name])
        return rule[0], None, rule
    if not name:
        return None, None, None
    month, _, day = data["festivals"][name].partition("-")
    return int(month), int(day) if day else None, None


def _anaphoric(m: re.Match, groups: dict, text: str, month: int | None, day: int | None) -> DateMention:
    """同年6月2日, 次年: a year counted from the last one the text wrote (see resolved)."""
    valid = _valid_ymd(2000, month, day) if month or not day else False
    return DateMention(m.start(), m.end(), None, month, day, valid=valid, text=text[m.start():m.end()],
                       after_last=_format_data()["anaphoric_years"].get(groups.get("same") or "", 0))


def _valid_ymd(year: int, month: int | None, day: int | None) -> bool:
    if month is None:
        return day is None
    if not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= calendar.monthrange(year, month)[1]


def parse_date_value(value: object, tz_name: str) -> DateMention:
    """A front-matter or sidecar date value -> a DateMention with a known year.

    Accepts YAML dates and datetimes, epoch seconds (or milliseconds), RFC 2822
    ("Thu, 10 Feb 2022 22:58:00 GMT"), ISO 8601 with or without a zone, and the
    formats of date_formats.yml. Instants are converted to the site's time zone
    `tz_name`; a time without a zone is read as already in it. Raises DateError.
    """
    tz = ZoneInfo(tz_name)
    if isinstance(value, datetime):
        return _from_datetime(value, tz)
    if isinstance(value, date):
        if not 1800 <= value.year <= 2099:
            raise DateError(f"date out of range: {value.isoformat()}")
        return _day(value.year, value.month, value.day)
    if isinstance(value, bool) or value is None:
        raise DateError(f"not a date: {value!r}")
    if isinstance(value, int) and 1800 <= value <= 2099:
        return DateMention(0, 0, value, text=str(value))  # `date: 2016` is a year
    if isinstance(value, (int, float)):
        return _from_epoch(float(value), tz, value)
    text = str(value).strip().translate(_WIDTH)
    if not text:
        raise DateError("empty date")
    if re.fullmatch(r"\d{9,10}(\.\d+)?|\d{13}", text):
        return _from_epoch(float(text), tz, value)
    parsed = _parse_instant(text)
    if parsed is not None:
        return _from_datetime(parsed, tz)
    # Jekyll's `date: 2018-02-24  +0800`: a day with a zone but no time is that day
    text = _ZONE_AFTER_DAY.sub("", text)
    return _parse_written_date(text, value)


def _parse_instant(text: str) -> datetime | None:
    """ISO 8601 or RFC 2822 date-times (None when the text is neither)."""
    iso = re.sub(r"^(\d{4}-\d{2}-\d{2})\s+(\d)", r"\1T\2", text)
    iso = re.sub(r"\s+([+-]\d{2}:?\d{2}|Z)$", r"\1", iso)
    if re.match(r"\d{4}-\d{2}-\d{2}T\d", iso):
        try:
            return datetime.fromisoformat(iso)
        except ValueError:
            return None
    if re.search(r"\d{1,2}:\d{2}", text) and re.search(r"[A-Za-z]{3}", text):
        try:
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        # RFC 2822 "-0000" means "zone unknown": the timestamp is still UTC.
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
    return None


def _parse_written_date(text: str, original: object) -> DateMention:
    for mention in find_dates(text, "value"):
        rest = (text[:mention.start] + text[mention.end:]).strip()
        # A trailing time of day ("2022年5月23日 14:50") does not change the date.
        if rest and not re.fullmatch(r"\d{1,2}:\d{2}(:\d{2})?", rest):
            continue
        if not mention.valid:
            raise DateError(f"impossible date: {original!r}")
        if mention.year is not None:
            if not VALUE_YEARS[0] <= mention.year <= VALUE_YEARS[1]:
                raise DateError(f"date out of range: {original!r}")
            return mention
    raise DateError(f"not a recognised date: {original!r}")


def _from_datetime(value: datetime, tz: ZoneInfo) -> DateMention:
    try:
        local = value.astimezone(tz) if value.tzinfo else value
    except (OverflowError, ValueError) as exc:  # year 1 or 9999 pushed across a day
        raise DateError(f"date out of range: {value!r}") from exc
    if not 1800 <= local.year <= 2099:
        raise DateError(f"date out of range: {value.isoformat()}")
    return _day(local.year, local.month, local.day)


def _from_epoch(seconds: float, tz: ZoneInfo, original: object) -> DateMention:
    if seconds > EPOCH_RANGE[1] * 10:  # milliseconds
        seconds /= 1000
    if not EPOCH_RANGE[0] < seconds < EPOCH_RANGE[1]:
        raise DateError(f"epoch value out of range: {original!r}")
    return _from_datetime(datetime.fromtimestamp(seconds, timezone.utc), tz)


def _day(year: int, month: int, day: int) -> DateMention:
    return DateMention(0, 0, year, month, day, text=format_date(year, month, day))
