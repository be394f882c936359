"""Character-level text helpers shared by the script stage and the search index.

OpenCC's character tables (`char_table`: one character for one, no phrases), the
ideographs only one script uses, jieba's words. The folds built on them are in generator/conversion/fold.py.
The tables are built once per process from OpenCC itself (no copied lists).
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jieba
import opencc
import yaml

# Han ideographs: CJK Unified (BMP + Extension A), Compatibility, and the astral planes.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Chinese punctuation and full-width forms (、。「」《》【】，：；！？（）…— and curly quotes).
CJK_PUNCT = "\u3001-\u3003\u3008-\u3011\u3014-\u301f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40" \
            "\uff5b-\uff65\u2018\u2019\u201c\u201d\u2026\u2014\u00b7"
HAN_RE = re.compile(f"[{HAN}]")

# Characters whose round trip we tabulate: every BMP ideograph OpenCC's dictionaries cover.
_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


@lru_cache(maxsize=None)
def converter(name: str) -> opencc.OpenCC:
    """One OpenCC converter per configuration and process (loading one costs milliseconds):
    the one place Zhiku makes them (script stage, folds, taxonomy, site labels)."""
    return opencc.OpenCC(f"{name}.json")


def load_data_yaml(text: str) -> object:
    """A bundled data file's YAML, parsed by libyaml when PyYAML has it (10x faster than
    the pure-Python parser; it matters once per worker process)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@lru_cache(maxsize=1)
def word_segmenter() -> jieba.Tokenizer:
    """jieba's default tokenizer and dictionary, loaded once per process and quietly (it
    logs to stderr). Shared by everything that cuts words: loading it costs ~0.3 s."""
    jieba.setLogLevel(logging.ERROR)
    jieba.dt.initialize()  # loads the dictionary from jieba's cache (builds it the first time)
    return jieba.dt


def word_across(left: str, right: str, min_freq: int = 1) -> bool:
    """Some word of jieba's dictionary with at least `min_freq` runs from the end of `left`
    into the start of `right`. Segmenting left + right can only put a word across the
    junction if this holds, and this costs dictionary look-ups, not a segmentation."""
    freq = word_segmenter().FREQ  # holds every prefix of every word (frequency 0 if no word)
    for a in range(len(left)):
        if left[a:] not in freq:  # no word starts with this tail of `left`
            continue
        for b in range(1, len(right) + 1):
            count = freq.get(left[a:] + right[:b])
            if count is None:  # nor does any longer one
                break
            if count >= min_freq:
                return True
    return False


@lru_cache(maxsize=1)
def place_words() -> frozenset[str]:
    """Place names and place words (jieba tags ns and s) of two or three characters.

    Read straight from jieba's dictionary file (lines `word frequency tag`): jieba.posseg
    would build a tag table for all 350,000 words, seconds of work for a few thousand.
    """
    dictionary = Path(jieba.__file__).with_name("dict.txt").read_text(encoding="utf-8")
    # (Each word has one line, so reading only the ns/s lines gives posseg's table exactly.)
    return frozenset(re.findall(r"^(\S{2,3}) \S+ (?:ns|s)\r?$", dictionary, re.MULTILINE))


@lru_cache(maxsize=None)
def char_table(config_name: str) -> dict[int, str]:
    """{codepoint: replacement} for every ideograph that `config_name` changes on its own.

    Converting the ideographs one per line in a single call keeps phrase dictionaries out
    (a line holds one character) and costs one C++ call instead of 28,000.
    """
    chars = [chr(c) for lo, hi in _RANGES for c in range(lo, hi + 1)]
    converted = converter(config_name).convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # a dictionary joined lines: fall back to one by one
        converted = [converter(config_name).convert(c) for c in chars]
    return {ord(a): b for a, b in zip(chars, converted) if a != b and len(b) == 1}


@lru_cache(maxsize=None)
def traditional_only_pattern() -> re.Pattern[str]:
    """Ideographs that Simplified Chinese never uses: t2s changes them."""
    return _class_pattern(set(map(chr, char_table("t2s"))))


@lru_cache(maxsize=None)
def simplified_only_pattern() -> re.Pattern[str]:
    """Ideographs that no Traditional standard uses: s2t, s2tw and s2hk all change them.

    Intersecting the three keeps out characters one region writes as they are (台 in
    Taiwan, 着 in Hong Kong), and data/script_shared_chars.yml keeps out those that are
    Traditional in some words (干擾, 鄰里), so a genuine Taiwanese text does not look Simplified.
    """
    changed = [set(map(chr, char_table(name))) for name in ("s2t", "s2tw", "s2hk")]
    return _class_pattern((changed[0] & changed[1] & changed[2]) - shared_chars())


@lru_cache(maxsize=None)
def shared_chars() -> frozenset[str]:
    """Simplified characters that are also standard Traditional (data/script_shared_chars.yml)."""
    text = resources.files("generator.data").joinpath("script_shared_chars.yml").read_text(encoding="utf-8")
    return frozenset(str(c) for c in (load_data_yaml(text) or {}).get("chars", ()))


@lru_cache(maxsize=None)
def regional_form_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(Taiwan-only forms, Hong Kong-only forms): what s2tw writes and s2hk does not, and back.

    E.g. Taiwan writes 裡 線 衛 where Hong Kong writes 裏 綫 衞.
    """
    tw, hk = char_table("s2tw"), char_table("s2hk")
    standard = char_table("s2t")
    tw_forms = {v for k, v in tw.items() if hk.get(k, standard.get(k, chr(k))) != v}
    hk_forms = {v for k, v in hk.items() if tw.get(k, standard.get(k, chr(k))) != v}
    return _class_pattern(tw_forms - hk_forms), _class_pattern(hk_forms - tw_forms)


def _class_pattern(chars: set[str]) -> re.Pattern[str]:
    body = "".join(re.escape(c) for c in sorted(chars))
    return re.compile(f"[{body}]" if body else r"(?!)")
