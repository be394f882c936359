"""Build-time data for the suggestions a query without hits gets (generator/assets/search/suggest.js).

Two small tables ride with the engine's script, so that suggesting downloads no index:
the site's tags with their page counts (`search_tags`, from the index's entries), and the
characters the search fold leaves apart from their other script's form
(`script_alternates`): the fold maps Traditional to Simplified one character at a time
with OpenCC's t2s table, which keeps 著 (a Simplified character too) while s2tw writes 著
for 着; so 随着 misses a Taiwan site's 隨著, and 衞 (Hong Kong) misses 卫. The engine tries
a term with those characters swapped and suggests the form that the site's text holds.
"""

from __future__ import annotations

from functools import lru_cache

from ..conversion.fold import search_folds
from ..conversion.textops import char_table

# Every conversion a site or a reader's text can have gone through: a Traditional site's
# (s2tw, s2hk, s2twp, s2t) and a Simplified site's from Traditional sources (t2s, tw2s,
# hk2s, tw2sp).
_CONVERSIONS = ("s2tw", "s2hk", "s2twp", "s2t", "t2s", "tw2s", "hk2s", "tw2sp")
# The tag list rides in the engine's script, loaded for every search: a collection whose
# front matter gives each page its own tags keeps its most used ones, of a sensible length.
MAX_TAGS = 1000
MAX_TAG_CHARS = 40


@lru_cache(maxsize=1)
def script_alternates() -> dict[str, str]:
    """{folded character: its other forms, folded}: the pairs a character-level
    conversion makes (one character for one) that the search fold does not join, both
    ways. About a hundred characters."""
    folds = search_folds()
    alternates: dict[str, set[str]] = {}
    for name in _CONVERSIONS:
        for code, other in char_table(name).items():
            a, b = chr(code).translate(folds), other.translate(folds)
            if a != b and len(a) == len(b) == 1 and ord(b) < 0x10000 and ord(a) < 0x10000:
                alternates.setdefault(a, set()).add(b)
                alternates.setdefault(b, set()).add(a)
    return {char: "".join(sorted(others)) for char, others in sorted(alternates.items())}


def search_tags(docs: list[dict]) -> list[list]:
    """[[tag, pages], ...] of the index's entries (a page's sections repeat its tags:
    counted once, on the page's own entry), by name; the MAX_TAGS most used when there
    are more, none longer than MAX_TAG_CHARS."""
    pages: dict[str, int] = {}
    for doc in docs:
        if "#" in doc.get("location", ""):
            continue
        tags = doc.get("tags") if isinstance(doc.get("tags"), list) else []
        for tag in {tag for tag in tags if isinstance(tag, str)}:
            if tag.strip() and len(tag) <= MAX_TAG_CHARS:
                pages[tag] = pages.get(tag, 0) + 1
    kept = sorted(pages.items(), key=lambda item: (-item[1], item[0]))[:MAX_TAGS]
    return [[tag, count] for tag, count in sorted(kept)]
