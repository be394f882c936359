"""Script: one script for the whole site, conversion artefacts repaired, Chinese spacing tidied.

Assumes the structure stage's Blocks (text is inline Markdown). Guarantees:
- `doc.script` is the script the source is written in ("hans" | "hant"), detected from
  character statistics over all of its text (see script_convert.detect_script).
- Every piece of reader-visible text (block text, titles, list items, captions, image
  alt, admonition titles and items, table cells, and the front-matter title, description,
  author, categories and tags in a NEW `meta` dict) is in the site's script (`config.script`),
  with OpenCC's leftovers repaired (data/script_repairs.yml), line-wrap spaces inside words
  removed and half-width punctuation between Chinese characters made full-width.
- Never touched: code blocks, code spans, image sources, link targets, URLs, e-mail
  addresses, HTML entities and Markdown escapes.
Other stages that need one more string converted call `script_convert.to_site_script`.
The site's script and its OpenCC configuration for Simplified -> Traditional come from
generator/site_script.py (zhiku.yml `script`: hans | hant | hant-tw | hant-hk, refined by
`extra.script_variant`); `extra.script_regional_phrases` (true: Taiwanese vocabulary becomes
mainland vocabulary, OpenCC tw2sp).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Iterator

from ...config import Config
from ...document import CODE, RULE, Block, Document
from ..script_convert import Conversion, convert_text, plan_conversion
from ..script_spacing import join_wrapped_words, widen_punctuation
from ..fold import fold_script

# Inline Markdown that is not prose: kept byte for byte and never converted.
# Linear: no repeat runs past the character that starts another attempt, an e-mail address
# is tried from the start of its run of letters only, and a code span only where its run of
# backticks starts (possessive, not after an unescaped backtick) and at most 2,000
# characters far (`(`+).*?\1` tried each shorter run of a long one against the whole line).
MARKUP_RE = re.compile(r"""
    (?<!(?<!\\)`)(?P<ticks>`++).{0,2000}?(?P=ticks)      # code span
  | \\.                                                  # backslash escape
  | !\[ | \[\^[^\[\]\s]+\]                               # image opener, footnote reference
  | \]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"]*")?\)       # link or image target (+ title)
  | <[^<>\s]+>                                           # autolink
  | (?:https?|ftp)://[^\s<>()（）\[\]"“”'‘’，。；：！？、]+   # bare URL (may hold Han)
  | www\.[^\s<>()（）\[\]"“”'‘’，。；：！？、]+
  | (?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+   # e-mail (from its start)
  | &(?:[A-Za-z]+|\#[0-9]+|\#x[0-9A-Fa-f]+);             # HTML entity
  | \{:[^{}]*\}                                          # attribute list
""", re.X)
# Adjacent markup as one piece (a line of ten thousand escapes is one piece, not ten
# thousand), captured for split().
MARKUP_RUN_RE = re.compile(f"((?:{MARKUP_RE.pattern})+)", re.X)
# Every MARKUP_RE match contains one of these: most strings are prose only.
MARKUP_HINT_RE = re.compile(r"[`\\\[\]<&{@]|://|www\.")
# Joins a document's prose into one string; no step matches across it (no Han, no space).
SEPARATOR = "\n\ue000\n"
META_TEXT_KEYS = ("title", "post_title", "subtitle", "description", "summary", "excerpt", "author",
                  "categories", "category", "tags", "keywords")


def unify_script(doc: Document, config: Config) -> Document:
    strings = _document_strings(doc)
    parts = [split_markup(s) for s in strings]  # most titles, alts: "" -> [""]
    # Prose pieces are converted, each string's one even when empty (a string with no markup).
    prose = [p for pieces in parts for p in pieces[0::2] if p or len(pieces) == 1]
    joined = SEPARATOR.join(prose)
    conv = plan_conversion(joined, config)
    converted = _convert_all(joined, conv).split(SEPARATOR)
    if len(converted) != len(prose):  # the separator occurred in the text itself
        converted = [_convert_all(p, conv) for p in prose]
    new_prose = iter(converted)
    for pieces in parts:
        pieces[0::2] = [next(new_prose) if p or len(pieces) == 1 else p for p in pieces[0::2]]
    new_strings = iter(["".join(pieces) for pieces in parts])
    blocks = tuple(_rebuilt_block(b, new_strings) for b in doc.blocks)
    meta = _rebuilt_meta(doc.meta, new_strings)
    title = next(new_strings)
    return replace(doc, script=conv.source, blocks=blocks, meta=meta, title=title)


def split_markup(text: str) -> list[str]:
    """[prose, markup, prose, ..., markup, prose] covering `text` (prose pieces may be
    empty): prose may change, markup may not."""
    if not MARKUP_HINT_RE.search(text):
        return [text]
    parts = MARKUP_RUN_RE.split(text)   # prose, markup, its backticks (or None), prose, ...
    del parts[2::3]
    return parts


def _convert_all(text: str, conv: Conversion) -> str:
    text = convert_text(text, conv)[0]
    # jieba's dictionary is Simplified: a Traditional text is segmented through its
    # character-folded copy, which has the same length, so positions carry over.
    probe = fold_script(text) if conv.target == "hant" else text
    return widen_punctuation(join_wrapped_words(text, probe))


def _document_strings(doc: Document) -> list[str]:
    """Every reader-visible string, in the order the _rebuilt_* functions consume them."""
    strings: list[str] = []
    for block in doc.blocks:
        strings.extend(_block_strings(block))
    for key in META_TEXT_KEYS:
        strings.extend(_meta_strings(doc.meta.get(key)))
    strings.append(doc.title)
    return strings


def _block_strings(block: Block) -> list[str]:
    if block.kind in (CODE, RULE):
        return []
    cells = [cell for row in block.rows for cell in row]
    return [block.text, block.title, block.alt, *block.items, *cells]


def _rebuilt_block(block: Block, strings: Iterator[str]) -> Block:
    if block.kind in (CODE, RULE):
        return block
    text, title, alt = next(strings), next(strings), next(strings)
    items = tuple(next(strings) for _ in block.items)
    rows = tuple(tuple(next(strings) for _ in row) for row in block.rows)
    if (text, title, alt, items, rows) == (block.text, block.title, block.alt, block.items, block.rows):
        return block
    return replace(block, text=text, title=title, alt=alt, items=items, rows=rows)


def _meta_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, str)]
    return []


def _rebuilt_meta(meta: dict[str, Any], strings: Iterator[str]) -> dict[str, Any]:
    new = dict(meta)  # a new dict: the reader's `meta` is never mutated
    for key in META_TEXT_KEYS:
        value = meta.get(key)
        if isinstance(value, str):
            new[key] = next(strings)
        elif isinstance(value, (list, tuple)):
            new[key] = [next(strings) if isinstance(v, str) else v for v in value]
    return new
