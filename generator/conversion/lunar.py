"""The Chinese calendar: sexagenary years (干支纪年: 庚辰年) and days of lunar months
(十二月廿一, 七夕) counted in the solar calendar.

A sexagenary name repeats every 60 years and a lunar date needs its lunar year: both stay
unresolved in a DateMention (dates.py) until a reference year is known. The month lengths
are generator/data/lunar_calendar.yml's (1900-2099); a lunar year outside it gives no day.

Guarantees: pure table look-ups, at most 13 steps per date.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from .textops import load_data_yaml

STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
CYCLE = 60
CYCLE_BASE = 1984   # a 甲子 year: year % 60 == 4
LUNAR_MONTHS = {"正": 1, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
                "九": 9, "十": 10, "冬": 11, "十一": 11, "腊": 12, "十二": 12}
# days of a lunar month as written: 初一 .. 初十, 十一 .. 十九, 二十/廿, 廿一 .. 廿九, 三十
_UNITS = "一二三四五六七八九"


@lru_cache(maxsize=None)
def _data() -> dict:
    text = resources.files("generator.data").joinpath("lunar_calendar.yml").read_text(encoding="utf-8")
    return load_data_yaml(text)


def undated_latest() -> int:
    """The year a document without any date is read as written by (lunar_calendar.yml)."""
    return int(_data()["undated_latest"])


def sexagenary_remainder(name: str) -> int | None:
    """The remainder mod 60 of the years a stem-branch pair names (庚辰: 2000 % 60 = 20);
    None for a pair the cycle never forms (甲丑)."""
    if len(name) != 2 or name[0] not in STEMS or name[1] not in BRANCHES:
        return None
    stem, branch = STEMS.index(name[0]), BRANCHES.index(name[1])
    if stem % 2 != branch % 2:
        return None
    index = next(n for n in range(CYCLE) if n % 10 == stem and n % 12 == branch)
    return (CYCLE_BASE + index) % CYCLE


def lunar_month(text: str) -> tuple[int, bool] | None:
    """"闰四月" -> (4, True), "腊月" -> (12, False); None if not a lunar month."""
    leap = text.startswith("闰")
    number = LUNAR_MONTHS.get(text.removeprefix("闰").removesuffix("月"))
    return (number, leap) if number else None


def lunar_day(text: str) -> int | None:
    """"初五" -> 5, "十五" -> 15, "廿一"/"二十一" -> 21, "三十" -> 30."""
    text = text.replace("廿", "二十").removeprefix("初")
    if text in ("十", "二十", "三十"):
        return {"十": 10, "二十": 20, "三十": 30}[text]
    if len(text) == 1 and text in _UNITS:
        return _UNITS.index(text) + 1
    tens = {"十": 10, "二十": 20}.get(text[:-1])
    if tens is not None and text[-1] in _UNITS:
        return tens + _UNITS.index(text[-1]) + 1
    return None


def days_into_year(year: int, month: int, day: int, leap: bool = False) -> int | None:
    """Days from the first day of lunar year `year` to its month `month` (the leap one
    with `leap`), day `day`; None when the table lacks the year, the year has no such leap
    month or the month has no such day."""
    entry = _data()["months"].get(year)
    if entry is None or not 1 <= day <= 30:
        return None
    leap_month, lengths = int(entry[0]), str(entry[1])
    order = [(m, is_leap) for m in range(1, 13) for is_leap in ((False, True) if m == leap_month else (False,))]
    offset = 0
    for (m, is_leap), long in zip(order, lengths):
        size = 30 if long == "1" else 29
        if (m, is_leap) == (month, leap):
            return offset + day - 1 if day <= size else None
        offset += size
    return None
