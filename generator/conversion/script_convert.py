"""Script conversion of plain text: detection, OpenCC configuration choice, repairs.

Everything here works on one string (the script stage joins a document's text into one,
so each step is one regex pass or one OpenCC call per document).

Choice of OpenCC configuration for a Traditional source going to Simplified:
- Hong Kong text (Cantonese particles, 裏/綫/衞) -> hk2s: it knows Hong Kong forms
  (衞生 -> 卫生, which t2s and tw2s leave alone) and keeps 著 as zhù (HK writes 着 for
  the particle).
- Everything else -> tw2s. Taiwan writes the particle 着 as 著, and so do the
  character-level converters that produce "machine Traditional" (seed 003: 隨著);
  t2s leaves those 著 unconverted, tw2s converts them. tw2s over-reaches on a few
  zhù words (土著 -> 土着); the `after_tw2s` repairs restore them.
- tw2sp (Taiwan phrases -> mainland phrases) only when `extra.script_regional_phrases`
  is on and the text is Taiwanese: its phrase table rewrites ordinary words
  (核心 -> 内核, 建立 -> 创建, 线上 -> 在线, 直线上升 -> 直在线升 on seed 003), so by
  default we convert characters and keep the author's vocabulary.

For a Traditional site: a Simplified source goes through the site's OpenCC configuration
(site_script.py: s2tw for `hant`/`hant-tw`, s2hk for `hant-hk`, or `extra.script_variant`).
A Traditional source is first checked for machine-conversion artefacts (瞭 for the
particle 了, 傢 for 家): with them it is rebuilt from its repaired Simplified form; without them it is genuine and stays as written, except for characters
no Traditional standard uses (a stray 么), which are converted one by one.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..config import Config
from .script_repairs import repair_sets
from ..site_script import simplified_to_traditional, site_script
from .textops import converter, load_data_yaml, simplified_only_pattern, traditional_only_pattern

# A clause: what lies between sentence-ending marks (the unit converted in mixed texts).
CLAUSE_RE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")
MACHINE_MIN_REPAIRS = 2  # artefact repairs that prove a Traditional text machine-made


@dataclass(frozen=True)
class Conversion:
    source: str        # "hans" | "hant": the script the text is written in
    region: str        # "hk" | "tw" | "": where a Traditional text seems to come from
    target: str        # the site's script: "hans" | "hant"
    variant: str = "s2tw"         # OpenCC config for Simplified -> Traditional
    regional_phrases: bool = False


def detect_script(text: str, default: str = "hans") -> str:
    """"hant" when Traditional-only ideographs outnumber Simplified-only ones.

    Counting characters that only one script uses (tables built from OpenCC) works on a
    title as well as on a report; Latin and shared characters do not vote. A text with
    no telling character gets `default`.
    """
    traditional = len(traditional_only_pattern().findall(text))
    # Counted only as far as the answer needs (one more than `traditional`): a Simplified
    # text holds a simplified-only character every few characters.
    simplified = sum(1 for _ in itertools.islice(simplified_only_pattern().finditer(text), traditional + 1))
    if traditional == simplified:
        return default if traditional == 0 else "hant"
    return "hant" if traditional > simplified else "hans"


def detect_region(text: str) -> str:
    """"hk", "tw" or "" (unknown or a machine conversion of a mainland text)."""
    patterns = _region_patterns()
    hits = {name: len(p.findall(text)) for name, p in patterns.items()}
    hk, tw, mainland = hits.get("hk", 0), hits.get("tw", 0), hits.get("mainland", 0)
    if hk >= 2 and hk > tw:
        return "hk"
    if tw >= 2 and tw > hk and tw > mainland:
        return "tw"
    return ""


@lru_cache(maxsize=None)
def _region_patterns() -> dict[str, re.Pattern[str]]:
    text = resources.files("generator.data").joinpath("script_regions.yml").read_text(encoding="utf-8")
    data = load_data_yaml(text) or {}
    return {name: re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))
            for name, words in data.items() if words}


def convert_text(text: str, conv: Conversion) -> tuple[str, int]:
    """(text in the target script, number of artefact repairs made)."""
    if conv.target == "hans":
        return _to_simplified(text, conv)
    return _to_traditional(text, conv)


def _to_simplified(text: str, conv: Conversion) -> tuple[str, int]:
    if conv.source == "hant":
        text = _traditional_to_simplified(text, conv)
    else:  # only clauses carrying Traditional characters (quotes, stray words) change
        text = _convert_clauses(text, traditional_only_pattern(),
                                lambda clause: _traditional_to_simplified(clause, conv))
    return repair_sets()["artefacts"].apply(text)


def _traditional_to_simplified(text: str, conv: Conversion) -> str:
    """OpenCC's own over-reach is repaired here and not counted: only source artefacts are."""
    if conv.region == "hk":
        return converter("hk2s").convert(text)
    name = "tw2sp" if conv.region == "tw" and conv.regional_phrases else "tw2s"
    return repair_sets()["after_tw2s"].apply(converter(name).convert(text))[0]


def _to_traditional(text: str, conv: Conversion) -> tuple[str, int]:
    if conv.source == "hans":
        return simplified_to_traditional(text, conv.variant), 0
    simplified, repairs = _to_simplified(text, conv)
    if repairs >= MACHINE_MIN_REPAIRS:
        # A machine conversion (瞭 for 了, 傢 for 家): rebuild the Traditional text from
        # the repaired Simplified one. A genuine text never gets here and stays as written.
        return simplified_to_traditional(simplified, conv.variant), repairs
    # Genuine Traditional: only clauses with Simplified-only characters are converted,
    # in the text's own regional standard so the rest stays byte-identical.
    regional = {"tw": "s2tw", "hk": "s2hk"}.get(conv.region, conv.variant)
    simplified_only = simplified_only_pattern()

    def convert(clause: str) -> str:
        # Phrase-level conversion reads the clause best (头发 -> 頭髮), but only the
        # Simplified-only characters may change: 干擾 and 鄰里 next to them stay.
        converted = simplified_to_traditional(clause, regional)
        if len(converted) != len(clause):
            return clause
        return "".join(new if simplified_only.match(old) else old
                       for old, new in zip(clause, converted))

    return _convert_clauses(text, simplified_only, convert), 0


def _convert_clauses(text: str, telling: re.Pattern[str], convert: Callable[[str], str]) -> str:
    if not telling.search(text):
        return text
    return CLAUSE_RE.sub(lambda m: convert(m.group()) if telling.search(m.group()) else m.group(),
                         text)


def plan_conversion(text: str, config: Config, source_script: str = "") -> Conversion:
    """How `text` goes to the site's script: its script, region and OpenCC settings."""
    site = site_script(config)
    source = source_script or detect_script(text, site.script)
    return Conversion(
        source=source,
        region=detect_region(text) if source == "hant" else "",
        target=site.script,
        variant=site.variant or "s2tw",
        regional_phrases=bool(config.extra.get("script_regional_phrases", False)),
    )


def to_site_script(text: str, config: Config, source_script: str = "") -> str:
    """One string (a title, a sidecar value) in the site's script, artefacts repaired.

    For other stages: pass the document's `doc.script` as `source_script` (when empty the
    string's own script is detected). Only the script changes, not spaces or punctuation.
    """
    return convert_text(text, plan_conversion(text, config, source_script))[0]
