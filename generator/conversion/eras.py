"""Years a history writes in an older count: reign eras (年号) from the Han to the Yuan
("永元二年" is 90, "宣和四年" 1122; the table is generator/data/eras.yml) and years of the
common era before the ones the date formats read ("公元85年"). dates.py's find_dates reads
them beside its formats (the Ming's and the Qing's eras are among those, in
date_formats.yml).

An era name several dynasties used (元和: 东汉 84, 唐 806), or one that is also a place or
a word (绍兴, 大同), gives a year only when exactly one of its emperors, else one of its
dynasties, is named within ERA_CONTEXT characters of it; otherwise it is no date (a
historian would rather miss it than misplace it). A year is a year: an era's months are
lunar months, so no month or day is read after it.

Guarantees: linear in the text (each "…年" is looked up, not searched back for); a
returned year is 1 or later and within its era.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .fold import fold_script
from .textops import load_data_yaml

ERA_CONTEXT = 40   # how far either side of an era a dynasty or an emperor confirms it
LONGEST_NAME = 4   # 太平兴国, 建中靖国
FIRST_TEXT_YEAR = 1500   # dates.py's TEXT_YEARS: from this year on, the formats read 公元 years
# an era's year: 元年 or a Chinese number (二十九年), not a school year (二年级) nor a decade
_ERA_YEAR = re.compile(r"(元|[一二三四五六七八九十]{1,3})年(?![级代])")
# 公元85年 (公元前 is before the ISO count: not read)
_COMMON_ERA = re.compile(r"公元\s*(\d{1,4})\s*年(?![级代])")
_HAN_DIGITS = "一二三四五六七八九"


@dataclass(frozen=True)
class Era:
    name: str
    first: int        # the Gregorian year of its 元年
    years: int        # how many years it counts at most
    dynasty: str
    emperor: str


@lru_cache(maxsize=None)
def era_data() -> dict:
    text = resources.files("generator.data").joinpath("eras.yml").read_text(encoding="utf-8")
    return load_data_yaml(text)


@lru_cache(maxsize=None)
def era_table() -> dict[str, tuple[Era, ...]]:
    """Every era by its name as the text reads it (folded to Simplified: 乾 is read 干)."""
    data = era_data()
    table: dict[str, list[Era]] = {}
    for dynasty, eras in data["dynasties"].items():
        for index, (name, first, emperor) in enumerate(eras):
            following = eras[index + 1][1] if index + 1 < len(eras) else None
            years = following - first + 1 if following is not None else data["last_era_years"]
            key = fold_script(name)
            table.setdefault(key, []).append(Era(key, first, years, dynasty, fold_script(emperor)))
    return {name: tuple(eras) for name, eras in table.items()}


@lru_cache(maxsize=None)
def _ambiguous() -> frozenset[str]:
    return frozenset(fold_script(name) for name in era_data()["ambiguous"])


@lru_cache(maxsize=None)
def _namers() -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    """One pattern of every word that names a dynasty or an emperor (the longest first:
    "刘宋" is not read as "宋"), and what each names."""
    names: dict[str, set[str]] = {}
    for dynasty, words in era_data()["names"].items():
        for word in words:
            names.setdefault(fold_script(word), set()).add(dynasty)
    for eras in era_table().values():
        for era in eras:
            names.setdefault(era.emperor, set()).add("emperor:" + era.emperor)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(names, key=len, reverse=True)))
    return pattern, {word: tuple(sorted(named)) for word, named in names.items()}


class _Namings:
    """Where a text names dynasties and emperors: looked up once per text, and only when an
    era needs them (one scan, then a binary search per era: linear however many eras)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: list[tuple[int, tuple[str, ...]]] | None = None

    def near(self, start: int, end: int) -> set[str]:
        """The dynasties and emperors ("emperor:章帝") named within ERA_CONTEXT of a span; a
        name of one character (宋, 汉, 唐) only right before it ("宋绍兴十年"): alone it is as
        often a surname or a place's part (宋先生, 武汉)."""
        if self.found is None:
            pattern, names = _namers()
            self.found = [(m.start(), m.end(), names[m.group()]) for m in pattern.finditer(self.text)]
        low = bisect.bisect_left(self.found, (start - ERA_CONTEXT,))
        high = bisect.bisect_left(self.found, (end + ERA_CONTEXT,))
        return {named for at, to, names in self.found[low:high] if to - at > 1 or to == start for named in names}


def _which(eras: tuple[Era, ...], namings: _Namings, start: int, end: int) -> Era | None:
    """The era a name means: the only one, unless it is shared or ambiguous; then the only
    one whose emperor, else whose dynasty, is named near it."""
    if len(eras) == 1 and eras[0].name not in _ambiguous():
        return eras[0]
    named = namings.near(start, end)
    for confirmed in ([e for e in eras if "emperor:" + e.emperor in named],
                      [e for e in eras if e.dynasty in named]):
        if confirmed:
            return confirmed[0] if len(confirmed) == 1 else None
    return None


def _number(written: str) -> int | None:
    """元 -> 1, 二 -> 2, 十二 -> 12, 二十九 -> 29 (None for what is not a year's number)."""
    if written == "元":
        return 1
    m = re.fullmatch(rf"([{_HAN_DIGITS}])?(十)?([{_HAN_DIGITS}])?", written)
    if not m or not written or (m.group(1) and m.group(3) and not m.group(2)):
        return None
    if not m.group(2):
        return _HAN_DIGITS.index(m.group(1) or m.group(3)) + 1
    tens = _HAN_DIGITS.index(m.group(1)) + 1 if m.group(1) else 1
    return tens * 10 + (_HAN_DIGITS.index(m.group(3)) + 1 if m.group(3) else 0)


def find_era_years(text: str) -> list[tuple[int, int, int]]:
    """(start, end, year) of every era year and early 公元 year in `text` (read in
    Simplified script, as dates.py compares it), left to right."""
    found = []
    if "年" not in text:
        return found
    table = era_table()
    namings = _Namings(text)
    for m in _ERA_YEAR.finditer(text):
        number = _number(m.group(1))
        if number is None:
            continue
        # the longest era name that ends where the number starts (中大通 before 大通)
        for length in range(LONGEST_NAME, 1, -1):
            start = m.start() - length
            eras = table.get(text[start:m.start()]) if start >= 0 else None
            if eras:
                era = _which(eras, namings, start, m.end())
                if era is not None and number <= era.years:
                    found.append((start, m.end(), era.first + number - 1))
                break
    if "公元" in text:
        for m in _COMMON_ERA.finditer(text):
            year = int(m.group(1))
            if 1 <= year < FIRST_TEXT_YEAR:
                found.append((m.start(), m.end(), year))
    return sorted(found)
