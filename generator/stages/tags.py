"""Tags: topic tags from the taxonomy (generator/data/taxonomy.yml, or the user's own).

Assumes the title and blocks are in the site's script. Guarantees: a tag is assigned only
when its topic is a main subject of the document, i.e. named in the title, or mentioned
often enough, in enough separate blocks and densely enough for the body's length (the
thresholds are per-tag `rules` in the taxonomy). A passing mention never tags a page.
Tags come out in taxonomy order, so output is deterministic.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import opencc
import yaml

from ..config import Config
from ..document import Block, Document
from ..plaintext import block_texts

RULE_KEYS = ("min_mentions", "min_paragraphs", "min_density", "strong_mentions", "title_weight")
BUILTIN_DEFAULTS = {"min_mentions": 3, "min_paragraphs": 2, "min_density": 1.0,
                    "strong_mentions": 15, "title_weight": 10}
MIN_BODY_CHARS = 1000  # density is counted over at least this many characters
WHITESPACE_RE = re.compile(r"\s+")
NON_IDEOGRAPH_RUN_RE = re.compile(r"[^\u4e00-\u9fff]+")
# Ideographic space, ellipsis, full- and half-width forms: what keeps Chinese text from NFKC.
_WIDE_FORMS_RE = re.compile("[\u3000\u2026\uff01-\uffef]")
SPREAD_UNIT = 500      # characters of an unbroken text that count as one paragraph


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


@lru_cache(maxsize=None)
def _converter(name: str) -> opencc.OpenCC:
    return opencc.OpenCC(f"{name}.json")


def _both_scripts(words: list[str]) -> tuple[str, ...]:
    out = {normalise(w) for w in words if str(w).strip()}
    out |= {normalise(_converter(c).convert(w)) for w in words for c in ("t2s", "s2t")}
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
    return Tag(id=str(entry["id"]), name=name, name_en=str(entry.get("name_en") or ""),
               description=str(entry.get("description") or ""), aliases=_both_scripts(words),
               rules={k: rules[k] for k in RULE_KEYS}, negative=_both_scripts(negative))


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
    hant = config is not None and config.script == "hant"
    return {t.id: (_converter("s2t").convert(t.name) if hant else t.name) for t in load_tags(config)}


def tag_descriptions(config: Config | None = None) -> dict[str, str]:
    """Tag id -> description, in the site's script (for the tag pages)."""
    hant = config is not None and config.script == "hant"
    return {t.id: (_converter("s2t").convert(t.description) if hant else t.description)
            for t in load_tags(config)}


def count_mentions(tag: Tag, text: str) -> int:
    """Mentions of the tag's aliases in normalised `text`, each stretch counted once."""
    present = [alias for alias in tag.aliases if alias in text]
    if not present:  # masking only adds NULs: an alias absent now cannot match later
        return 0
    for phrase in tag.negative:
        text = text.replace(phrase, "\x00" * len(phrase))
    count = 0
    for alias in present:
        text, n = _alias_pattern(alias).subn(_mask, text)
        count += n
    return count


def _mask(match: re.Match[str]) -> str:
    return "\x00" * len(match.group(0))


@lru_cache(maxsize=4096)
def _alias_pattern(alias: str) -> re.Pattern[str]:
    """An alias as a whole token where it starts or ends with a Latin letter or digit."""
    pattern = re.escape(alias)
    if alias[0].isascii() and alias[0].isalnum():
        pattern = r"(?<![0-9a-z.])" + pattern
    if alias[-1].isascii() and alias[-1].isalnum():
        pattern += r"(?![0-9a-z%]|\.\d)"
    return re.compile(pattern)


def is_main_subject(tag: Tag, title: str, blocks: list[str] | Body) -> bool:
    """Title and blocks normalised. With the default weight one title mention suffices;
    otherwise the body must show enough mentions, spread and density."""
    body = blocks if isinstance(blocks, Body) else Body.of(blocks)
    rules = tag.rules
    title_score = count_mentions(tag, title) * rules["title_weight"]
    if title_score and title_score >= rules["min_mentions"]:
        return True
    mentioned = _blocks_naming(tag, body)
    per_block = [count_mentions(tag, body.blocks[i]) for i in sorted(mentioned)]
    mentions = sum(per_block)
    score = title_score + mentions
    spread = sum(1 for n in per_block if n)
    density = 1000 * mentions / max(body.chars, MIN_BODY_CHARS)
    # A long document may discuss a topic at length below the density bar, but a
    # scattering of mentions across a very long text is still only background.
    substantial = density >= rules["min_density"] or (
        mentions >= rules["strong_mentions"] and density >= rules["min_density"] / 2)
    return score >= rules["min_mentions"] and spread >= rules["min_paragraphs"] and substantial


@dataclass(frozen=True)
class Body:
    """A document's normalised blocks, joined once for all the tags of the taxonomy."""

    blocks: tuple[str, ...]
    joined: str           # blocks joined by newlines (no normalised alias holds one)
    starts: tuple[int, ...]   # where each block starts in `joined`
    chars: int            # characters of all blocks, for the density

    @classmethod
    def of(cls, blocks: list[str] | tuple[str, ...]) -> Body:
        starts = tuple(itertools.accumulate((len(b) + 1 for b in blocks[:-1]), initial=0))
        return cls(tuple(blocks), "\n".join(blocks), starts, sum(len(b) for b in blocks))


def _blocks_naming(tag: Tag, blocks: list[str] | Body) -> set[int]:
    """Indexes of the blocks holding one of the tag's aliases (only those can count any):
    found by searching the joined body once per alias instead of every block per alias."""
    body = blocks if isinstance(blocks, Body) else Body.of(blocks)
    # One scan for all aliases: a match hidden by an overlapping one lies in the same
    # block (no alias holds the newline that joins them), so the same blocks are found.
    return {bisect.bisect_right(body.starts, m.start()) - 1
            for m in _any_alias_re(tag.aliases).finditer(body.joined)}


@lru_cache(maxsize=4096)
def _any_alias_re(aliases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, aliases)) or "(?!)")


def assign_tags(doc: Document, config: Config) -> Document:
    try:
        taxonomy = load_taxonomy(config)
    except TaxonomyError as exc:
        doc = doc.with_problem("taxonomy", f"{exc}; using the built-in taxonomy")
        taxonomy = load_taxonomy(None)
    if "tags" in doc.sidecar:  # the sidecar overrides: exactly its tags, in its order
        found, unknown = tags_named(doc.sidecar.get("tags"), taxonomy)
        for ref in unknown:
            doc = doc.with_problem("tags", f"sidecar tag {ref!r} is not in the taxonomy")
        return replace(doc, tags=found)
    title = normalise(doc.title)
    body = Body.of([piece for b in doc.blocks for piece in _spread_units(normalise(" ".join(plain_texts(b))))])
    # The author's own front-matter tags count when they name a taxonomy topic.
    declared, _ = tags_named(doc.meta.get("tags"), taxonomy)
    found = tuple(t.id for t in taxonomy
                  if t.id in declared or is_main_subject(t, title, body))
    return replace(doc, tags=found)


@lru_cache(maxsize=8192)
def plain_texts(block: Block) -> tuple[str, ...]:
    """plaintext.block_texts, remembered: metadata, tags and events all read the blocks."""
    return tuple(block_texts(block))


def _spread_units(text: str) -> list[str]:
    """A very long block (a text without paragraph breaks) counts as several stretches of
    SPREAD_UNIT characters, so mentions spread through it still count as spread. Cuts fall
    after sentence ends so that no alias is split."""
    if len(text) <= SPREAD_UNIT * 1.5:
        return [text]
    units, start = [], 0
    while start < len(text):
        end = text.find("。", start + SPREAD_UNIT)
        end = len(text) if end < 0 else end + 1
        units.append(text[start:end])
        start = end
    return units


def tags_named(refs: object, taxonomy: tuple[Tag, ...]) -> tuple[tuple[str, ...], list[str]]:
    """Taxonomy ids for tag references (ids, names or aliases), and the unknown ones."""
    if isinstance(refs, str):
        refs = [refs]
    if not isinstance(refs, (list, tuple)):
        return (), []
    found: list[str] = []
    unknown: list[str] = []
    for ref in map(str, refs):
        key = normalise(ref)
        tag = next((t for t in taxonomy if key == t.id or key in t.aliases), None)
        if tag is None:
            unknown.append(ref)
        elif tag.id not in found:
            found.append(tag.id)
    return tuple(found), unknown
