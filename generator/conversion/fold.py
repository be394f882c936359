"""Folding: text made comparable whatever its script, character width or case.

Every fold of Zhiku is here, built from the same tables: OpenCC's Traditional ->
Simplified (textops.char_table) and the full-width forms' half-width twins. Each keeps
the length of what it folds (one character in, one out) unless it says otherwise, so a
span found in the folded text is the same span in the original. They differ by what
they compare, on purpose:

- `fold_script`: script only, character by character. Dates, titles, bylines, events,
  threads and the script stage match Simplified patterns against it.
- `fold` and `squash`: the clean stage's. Patterns in the data files are written once,
  in Simplified Chinese with half-width punctuation; text is folded the same way (script
  by phrase where a phrase keeps its length, widths, spaces) before matching. Removals
  cut the original, never the folded copy.
- `comparable`: near-duplicates'. Only Han, Latin letters and digits, lower case
  (punctuation and spacing differ between portals); not length-keeping.
- `search_folds`: the search index's, as a table the browser applies to a query too:
  one BMP character for one, upper to lower case, full-width letters and digits to ASCII
  (Chinese punctuation stays), wide spaces to spaces, Traditional to Simplified.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

from .textops import char_table, converter, traditional_only_pattern

# Full-width ASCII (！ to ～) sits at a fixed offset from its half-width twin.
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_SPACES = {0x3000: " ", 0x00A0: " ", 0x2002: " ", 0x2003: " ", 0x2009: " ", 0x200B: " "}
CACHED_MAX = 2000
_WIDTH_TABLE = {**_FULLWIDTH, **_SPACES, ord("丨"): "|", ord("│"): "|"}
_WIDE_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_WIDTH_TABLE)) + "]")
_NARROW = {chr(c): (v if isinstance(v, str) else chr(v)) for c, v in _WIDTH_TABLE.items()}
_WHITESPACE_RE = re.compile(r"\s+")
Result = TypeVar("Result")


def cached_by_size(function: Callable[[str], Result]) -> Callable[[str], Result]:
    """Memoise a text function: blocks are looked at several times (zones, rules, spam).
    Many short texts are kept, only the last few long ones, so converting a big corpus in
    one process does not keep every document in memory."""
    short, long = lru_cache(maxsize=8192)(function), lru_cache(maxsize=4)(function)

    @wraps(function)
    def cached(text: str) -> Result:
        return short(text) if len(text) <= CACHED_MAX else long(text)

    return cached


@cached_by_size
def fold(text: str) -> str:
    """Simplified script, half-width punctuation, plain spaces; same length as `text`."""
    converted = converter("t2s").convert(text)
    if len(converted) != len(text):
        # A phrase conversion changed the length: fall back to character by character.
        pairs = ((ch, converter("t2s").convert(ch)) for ch in text)
        converted = "".join(new if len(new) == 1 else ch for ch, new in pairs)
    # One replace per distinct wide character (a page uses a handful: ，：（）？): str.translate
    # looks up every character (6x slower), a callback per match costs 1.5x this.
    for wide in set(_WIDE_RE.findall(converted)):
        converted = converted.replace(wide, _NARROW[wide])
    return converted


@cached_by_size
def squash(text: str) -> str:
    """`fold` plus whitespace runs collapsed: for whole-line tests, where spans don't matter."""
    return _WHITESPACE_RE.sub(" ", fold(text)).strip()


def fold_script(text: str) -> str:
    """Traditional -> Simplified, character by character; same length as `text`.

    Only characters change (no regional phrases), so `len(fold_script(t)) == len(t)`.
    """
    if not traditional_only_pattern().search(text):  # most text: one C scan, nothing to fold
        return text
    return text.translate(char_table("t2s"))


_KEPT = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"      # Han (compatibility ideographs fold)
_DROP_WIDE = re.compile(f"[^{_KEPT}A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
_DROP = re.compile(f"[^{_KEPT}a-z0-9]+")


def comparable(text: str) -> str:
    """Text as copies are compared: Simplified, lower case, only Han, Latin letters and
    digits (punctuation and spacing differ between portals)."""
    # punctuation out first: what is left (Han, ASCII) rarely needs NFKC, whose quick
    # check then saves normalising the whole text (full-width digits and letters do)
    text = _DROP_WIDE.sub("", text)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return _DROP.sub("", fold_script(text).lower())


@lru_cache(maxsize=1)
def search_folds() -> dict[int, str]:
    """{BMP codepoint: its fold} for the search index and the query: Traditional to
    Simplified (OpenCC's character table), upper to lower case, full-width letters and
    digits to ASCII, wide and no-break spaces to spaces. One BMP character for one, so a
    folded string keeps its length."""
    folds = {code: chr(code).lower() for code in range(0x10000)
             if not 0xD800 <= code < 0xE000 and _is_bmp_char(chr(code).lower())}
    folds.update({code: chr(code - 0xFEE0).lower() for code in range(0xFF01, 0xFF5F)
                  if chr(code - 0xFEE0).isalnum()})  # Chinese punctuation stays as it is
    folds.update({0x3000: " ", 0xA0: " "})
    folds.update({code: to for code, to in char_table("t2s").items()
                  if code < 0x10000 and _is_bmp_char(to)})
    return {code: to for code, to in folds.items() if to != chr(code)}


def _is_bmp_char(text: str) -> bool:
    return len(text) == 1 and ord(text) < 0x10000
