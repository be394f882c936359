"""The taxonomy: topic tags with their aliases and rules (generator/data/taxonomy.yml, or
the user's own file, plus `taxonomy_extra`), loaded once per file version.

Aliases are normalised (`normalise`) and held in both scripts (Traditional in OpenCC's,
Taiwan's and Hong Kong's forms), so one alias list finds a topic in the text of any site.
generator/conversion/stages/tags.py decides which tags a document gets.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..config import Config
from ..site_script import in_site_script
from .textops import converter


RULE_KEYS = ("min_mentions", "min_paragraphs", "min_density", "strong_mentions", "title_weight")
BUILTIN_DEFAULTS = {"min_mentions": 3, "min_paragraphs": 2, "min_density": 1.0,
                    "strong_mentions": 15, "title_weight": 10}
WHITESPACE_RE = re.compile(r"\s+")
NON_IDEOGRAPH_RUN_RE = re.compile(r"[^\u4e00-\u9fff]+")
# Ideographic space, ellipsis, full- and half-width forms: what keeps Chinese text from NFKC.
_WIDE_FORMS_RE = re.compile("[\u3000\u2026\uff01-\uffef]")


class TaxonomyError(ValueError):
    """A taxonomy file that cannot be used (the message names the file and the entry)."""


@dataclass(frozen=True)
class Tag:
    id: str
    name: str
    name_en: str = ""
    description: str = ""
    aliases: tuple[str, ...] = ()            # normalised (see normalise), longest first
    rules: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    negative: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()    # aliases that count only beside one of the others
    support: tuple[str, ...] = ()  # words that, besides the other aliases, let weak ones count


def normalise(text: str) -> str:
    """Comparable form: NFKC, lower case, no whitespace (line-wrap spaces vanish)."""
    if not unicodedata.is_normalized("NFKC", text):
        # Chinese text is rarely normal only because of full-width punctuation (，：？).
        # Any character may be replaced by its own NFKC first: NFKC(a + c + b) equals
        # NFKC(a + NFKC(c) + b), since both decompose alike. One replace per distinct one.
        for wide in set(_WIDE_FORMS_RE.findall(text)):
            text = text.replace(wide, _wide_form_nfkc(wide))
        if not unicodedata.is_normalized("NFKC", text):
            # Ideographs (U+4E00-9FFF) are NFKC-stable and never compose with a neighbour,
            # so only the runs between them need normalising: half the time on Chinese text.
            text = NON_IDEOGRAPH_RUN_RE.sub(_nfkc, text)
    return WHITESPACE_RE.sub("", text).lower()


@lru_cache(maxsize=None)
def _wide_form_nfkc(char: str) -> str:
    return unicodedata.normalize("NFKC", char)


def _nfkc(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", match.group())


def _both_scripts(words: list[str]) -> tuple[str, ...]:
    out = {normalise(w) for w in words if str(w).strip()}
    out |= {normalise(converter(c).convert(w)) for w in words for c in ("t2s", "s2t", "s2tw", "s2hk")}
    out.discard("")
    return tuple(sorted(out, key=lambda w: (-len(w), w)))


def _read_entries(text: str, origin: str) -> tuple[dict, list[dict]]:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"{origin}: not valid YAML: {exc}") from exc
    if isinstance(data, list):
        data = {"tags": data}
    if not isinstance(data, dict) or not isinstance(data.get("tags", []), list):
        raise TaxonomyError(f"{origin}: expected a list of tags under `tags:`")
    entries = data.get("tags") or []
    for n, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not str(entry.get("id") or "").strip():
            raise TaxonomyError(f"{origin}: tag #{n} has no `id`")
    return dict(data.get("defaults") or {}), entries


def _merge(base: list[dict], extra: list[dict]) -> list[dict]:
    """Entries of `extra` override the fields of `base` entries with the same id."""
    merged = {str(e["id"]): dict(e) for e in base}
    order = [str(e["id"]) for e in base]
    for entry in extra:
        key = str(entry["id"])
        if key in merged:
            rules = {**(merged[key].get("rules") or {}), **(entry.get("rules") or {})}
            merged[key] = {**merged[key], **entry, "rules": rules}
        else:
            merged[key] = dict(entry)
            order.append(key)
    return [merged[k] for k in order]


def _word_list(value: object, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (str, int, float)):
        return [str(value)]
    if isinstance(value, list):
        return [str(v) for v in value if v is not None]
    raise TaxonomyError(f"{where}: expected a list of words")


def _build_tag(entry: dict, defaults: dict, origin: str) -> Tag:
    where = f"{origin}: tag {entry['id']!r}"
    own_rules = entry.get("rules") or {}
    if not isinstance(own_rules, dict) or not isinstance(defaults, dict):
        raise TaxonomyError(f"{where}: `rules` must be a mapping")
    rules = {**BUILTIN_DEFAULTS, **defaults, **own_rules}
    for key in RULE_KEYS:
        if isinstance(rules[key], bool) or not isinstance(rules[key], (int, float)):
            raise TaxonomyError(f"{where}: rule {key} must be a number, got {rules[key]!r}")
    name = str(entry.get("name") or entry["id"])
    words = [name, *_word_list(entry.get("aliases"), f"{where} aliases")]
    negative = _word_list(rules.get("negative"), f"{where} negative")
    aliases = _both_scripts(words)
    weak = _both_scripts(_word_list(rules.get("weak"), f"{where} weak"))
    if set(weak) - set(aliases):
        raise TaxonomyError(f"{where}: `weak` words must be aliases of the tag: "
                            f"{', '.join(sorted(set(weak) - set(aliases)))}")
    if weak and not set(aliases) - set(weak):
        raise TaxonomyError(f"{where}: every alias is `weak`; at least one must count on its own")
    return Tag(id=str(entry["id"]), name=name, name_en=str(entry.get("name_en") or ""),
               description=str(entry.get("description") or ""), aliases=aliases,
               rules={k: rules[k] for k in RULE_KEYS}, negative=_both_scripts(negative),
               weak=weak, support=_both_scripts(_word_list(rules.get("support"), f"{where} support")))


@lru_cache(maxsize=16)
def _load(base_key: tuple[str, int] | None, extra_key: tuple[str, int] | None) -> tuple[Tag, ...]:
    if base_key is None:
        text = resources.files("generator.data").joinpath("taxonomy.yml").read_text(encoding="utf-8")
        defaults, entries = _read_entries(text, "built-in taxonomy.yml")
    else:
        defaults, entries = _read_entries(_read_file(base_key[0]), base_key[0])
    if extra_key is not None:
        extra_defaults, extra = _read_entries(_read_file(extra_key[0]), extra_key[0])
        defaults, entries = {**defaults, **extra_defaults}, _merge(entries, extra)
    origin = base_key[0] if base_key else "built-in taxonomy.yml"
    if extra_key is not None:
        origin += f" + {extra_key[0]}"
    return tuple(_build_tag(e, defaults, origin) for e in entries)


def _read_file(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise TaxonomyError(f"{path}: cannot read taxonomy: {exc}") from exc


def _file_key(path: Path | None) -> tuple[str, int] | None:
    """Cache key: the path and its modification time, so edits are picked up."""
    if path is None:
        return None
    p = Path(path)
    return (str(p), p.stat().st_mtime_ns if p.is_file() else -1)


def load_taxonomy(config: Config | None = None) -> tuple[Tag, ...]:
    """The taxonomy in force: the built-in one, or `config.taxonomy`, extended by
    `config.taxonomy_extra`. Raises TaxonomyError for an unusable user file."""
    if config is None:
        return _load(None, None)
    return _load(_file_key(config.taxonomy), _file_key(config.taxonomy_extra))


def load_tags(config: Config | None = None) -> tuple[Tag, ...]:
    """Like load_taxonomy, but falls back to the built-in taxonomy on a broken user file."""
    try:
        return load_taxonomy(config)
    except TaxonomyError:
        return load_taxonomy(None)


def tag_names(config: Config | None = None) -> dict[str, str]:
    """Tag id -> display name, in the site's script."""
    return {t.id: in_site_script(t.name, config) for t in load_tags(config)}


def tag_descriptions(config: Config | None = None) -> dict[str, str]:
    """Tag id -> description, in the site's script (for the tag pages)."""
    return {t.id: in_site_script(t.description, config) for t in load_tags(config)}
