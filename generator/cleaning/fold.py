"""Folding: make text comparable whatever its script or character width.

Patterns in the data files are written once, in Simplified Chinese with half-width
punctuation. Text is folded the same way before matching. Folding keeps the length
(one character in, one character out), so a span found in the folded text is the same
span in the original: removals cut the original, never the folded copy.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

from ..textops import converter

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
