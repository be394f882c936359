"""The editors' cleaning rules: `data/boilerplate.yml` and `data/spam.yml`, compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..fold import fold
from ..textops import load_data_yaml

ZONES = ("any", "head", "tail", "edge", "top")
DEFAULT_MAX_LEN = 120


@dataclass(frozen=True)
class LineRule:
    """Removes a whole block whose folded visible text matches `pattern`."""

    reason: str
    zone: str
    pattern: re.Pattern[str]
    context: bool = False
    max_len: int = DEFAULT_MAX_LEN
    example: str = ""
    prose: bool = False    # may remove a prose block in the middle of the article

    def applies_in(self, zone: str) -> bool:
        """`zone` is where the block sits: "top" (first blocks), "head", "tail" or "middle"."""
        if self.zone == "any":
            return True
        if self.zone == "top":
            return zone == "top"
        if self.zone == "edge":
            return zone in ("top", "head", "tail")
        if self.zone == "head":
            return zone in ("top", "head")
        return self.zone == zone


@dataclass(frozen=True)
class FragmentRule:
    """Cuts an anchored piece (a glued counter) off the start or end of a block."""

    reason: str
    pattern: re.Pattern[str]
    example: str = ""


@dataclass(frozen=True)
class SpamLexicon:
    stuffing_terms: tuple[str, ...]
    product_terms: tuple[str, ...]
    commercial_words: tuple[str, ...]
    product_suffixes: tuple[str, ...]


@lru_cache(maxsize=None)
def _read_data(name: str) -> dict:
    """A data file, parsed once per process (several rule sets share boilerplate.yml)."""
    text = resources.files("generator.data").joinpath(name).read_text(encoding="utf-8")
    return load_data_yaml(text) or {}


@lru_cache(maxsize=None)
def line_rules() -> tuple[LineRule, ...]:
    rules = []
    for entry in _read_data("boilerplate.yml").get("lines", []):
        zone = entry.get("zone", "any")
        if zone not in ZONES:
            raise ValueError(f"boilerplate.yml: unknown zone {zone!r} in {entry}")
        rules.append(LineRule(
            reason=entry["reason"], zone=zone, pattern=re.compile(entry["pattern"]),
            context=bool(entry.get("context", False)),
            max_len=int(entry.get("max_len", DEFAULT_MAX_LEN)), example=entry.get("example", ""),
            prose=bool(entry.get("prose", False)),
        ))
    return tuple(rules)


@lru_cache(maxsize=None)
def fragment_rules() -> tuple[FragmentRule, ...]:
    return tuple(
        FragmentRule(entry["reason"], re.compile(entry["pattern"]), entry.get("example", ""))
        for entry in _read_data("boilerplate.yml").get("fragments", [])
    )


@lru_cache(maxsize=None)
def ui_words() -> frozenset[str]:
    """Words of a page's user interface (buttons, widget captions), folded, lower case."""
    return frozenset(fold(str(w)).lower() for w in _read_data("boilerplate.yml").get("ui_words", []))


@lru_cache(maxsize=None)
def spam_lexicon() -> SpamLexicon:
    data = _read_data("spam.yml")

    def terms(key: str) -> tuple[str, ...]:
        return tuple(fold(str(t)).lower() for t in data.get(key, []) if str(t).strip())

    return SpamLexicon(terms("stuffing_terms"), terms("product_terms"),
                       terms("commercial_words"), terms("product_suffixes"))


@lru_cache(maxsize=None)
def affiliate_hosts() -> tuple[str, ...]:
    """Hosts of affiliate (commission) links, lower case: data/spam.yml."""
    return tuple(str(h).strip().lower() for h in _read_data("spam.yml").get("affiliate_hosts", [])
                 if str(h).strip())


@lru_cache(maxsize=None)
def ad_server_labels() -> frozenset[str]:
    """Host labels of ad servers (data/spam.yml), lower case."""
    return frozenset(str(w).strip().lower() for w in _read_data("spam.yml").get("ad_server_labels", [])
                     if str(w).strip())


@lru_cache(maxsize=None)
def placeholder_alts() -> frozenset[str]:
    """Image alt texts that describe nothing (data/boilerplate.yml), lower case."""
    return frozenset(fold(str(a).strip()).lower()
                     for a in _read_data("boilerplate.yml").get("placeholder_alts", []))
