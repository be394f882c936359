"""YAML front matter (Hexo, Jekyll): split it from the body, survive whatever is in it.

Tolerated: leading blank lines, a BOM, `...` as the closing delimiter, a missing closing
delimiter (the `key: value` lines are recovered), YAML that does not parse (a line-by-line
`key: value` fallback), a document that is not a mapping. Refused: YAML aliases (a
"billion laughs" document expands exponentially), front matter over MAX_FRONT_MATTER
characters and collections nested deeper than MAX_DEPTH (the pure-Python parser recurses
per level and would overflow the stack a few hundred levels down). Keys come back
lowercased; values stay as YAML typed them (a date may be a `datetime`): the metadata
stage interprets them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

MAX_FRONT_MATTER = 64 * 1024    # real front matter is a few hundred bytes
MAX_RECOVERED_LINES = 200       # without a closing delimiter, look no further than this
MAX_DEPTH = 32                  # nested lists and mappings; real front matter has two or three

_OPENING = re.compile(r"\A[\ufeff\s]*?^---[ \t]*\r?\n", re.M)
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)
# `key: value` as written by blog engines; the key is a plain word (Latin or Chinese).
_KEY_VALUE = re.compile(r"^([A-Za-z_\u4e00-\u9fff][\w\- \u4e00-\u9fff]{0,40}?)[ \t]*[:：][ \t]*(.*)$")
_UNOPENED_FIRST_KEY = re.compile(r"^(?:title|date)[ \t]*[:：]", re.I)
# The first line of Pelican's or MultiMarkdown's metadata (Title: …, Date: …, Slug: …).
_METADATA_FIRST_KEY = re.compile(
    r"^(?:title|date|modified|slug|authors?|category|tags|keywords|summary|lang|status|subtitle)[ \t]*:[ \t]*\S", re.I)
_LIST_KEYS = {"tags", "keywords", "authors"}
_HEREDOC_END = re.compile(r"(?:\r?\n|^)EOF[ \t]*(?:\r?\n)*\Z")
_BLOCK_SCALAR = re.compile(r"^[>|][+-]?\d?$")   # `key: >-` then indented lines
_LIST_ITEM = re.compile(r"^[ \t]+-[ \t]*(.*)$|^-[ \t]+(.*)$")


# What loading YAML raises for bad input: syntax errors, refused features, and values
# the constructor cannot build (`date: 2019-02-30` is a ValueError from datetime).
YAML_FAILURES = (yaml.YAMLError, ValueError, OverflowError)


class UnsafeYaml(yaml.YAMLError):
    """The YAML uses a feature we refuse (aliases)."""


class _NoAliasSafeLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases, so a billion-laughs document cannot expand."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.events.AliasEvent):
            event = self.peek_event()
            raise UnsafeYaml(f"YAML alias *{event.anchor} refused (aliases can expand exponentially)")
        return super().compose_node(parent, index)


# Text that libyaml reads exactly as PyYAML's pure-Python parser does (held against it on
# generated YAML in tests): no tab, CR, backslash, BOM, line separator or other
# non-printable, and none of the characters of flow collections, tags, anchors, aliases,
# block scalars and directives. Such text (most front matter) is parsed by libyaml, ~8x
# faster; other text, and any text libyaml rejects, by the pure-Python loader, whose
# results and error messages stay the reference. No alias can reach libyaml: `*` is here.
_LIBYAML_RISKY = re.compile("[^\n -~\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
                            "|[{}?!|>%@`&*\\\\]")
_LIBYAML = getattr(yaml, "CSafeLoader", None)


def load_yaml_safely(text: str) -> Any:
    """Parse YAML without aliases or arbitrary objects. Raises one of YAML_FAILURES."""
    if len(text) > MAX_FRONT_MATTER:
        raise UnsafeYaml(f"YAML of {len(text)} characters refused (limit {MAX_FRONT_MATTER})")
    too_deep = UnsafeYaml(f"YAML nested deeper than {MAX_DEPTH} levels refused")
    try:
        data = _load(text)
    except RecursionError:
        raise too_deep from None
    if _deeper_than(data, MAX_DEPTH):   # the same answer, whichever parser read it
        raise too_deep
    return data


def _load(text: str) -> Any:
    if _LIBYAML is not None and not _LIBYAML_RISKY.search(text):
        try:
            return yaml.load(text, Loader=_LIBYAML)  # noqa: S506 - libyaml's SafeLoader
        except yaml.YAMLError:
            pass   # said again below, in the pure-Python parser's words (warnings quote them)
    return yaml.load(text, Loader=_NoAliasSafeLoader)  # noqa: S506 - a SafeLoader subclass


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether lists and mappings nest more than `limit` levels (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
        if children is None:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


@dataclass(frozen=True)
class FrontMatter:
    meta: dict[str, Any]
    body: str
    problems: tuple[str, ...] = ()   # warnings, each naming what was wrong


def split_front_matter(text: str) -> FrontMatter:
    """Separate front matter from the body. Never raises."""
    opening = _OPENING.match(text)
    if not opening:
        found = _recover_unopened(text)
        return found if found.meta or found.problems else _metadata_lines(text)
    rest = text[opening.end():]
    closing = _CLOSING.search(rest, 0, MAX_FRONT_MATTER + 1)
    if closing is None:
        return _recover_unclosed(rest)
    block, body = rest[:closing.start()], rest[closing.end():].lstrip("\r\n")
    if block.strip() and not any(_KEY_VALUE.match(line.strip()) for line in block.splitlines()) \
            and not _is_yaml_list(block):
        return FrontMatter({}, text)   # prose between two rules, not front matter
    meta, problems = parse_mapping(block, "front matter")
    return FrontMatter(meta, body, problems)


def parse_mapping(block: str, what: str) -> tuple[dict[str, Any], tuple[str, ...]]:
    """YAML mapping with lowercased keys; on failure the line-by-line fallback, with a warning."""
    try:
        data = load_yaml_safely(block)
    except YAML_FAILURES as exc:
        reason = str(exc).splitlines()[0] if isinstance(exc, UnsafeYaml) else _first_lines(exc)
        fallback = _line_by_line(block.splitlines())
        return fallback, (f"{what} is not valid YAML ({reason}); "
                          f"recovered {len(fallback)} key(s) line by line",)
    if data is None:
        return {}, ()
    if not isinstance(data, dict):
        fallback = _line_by_line(block.splitlines())
        return fallback, (f"{what} is not a mapping (it is a {type(data).__name__}); "
                          f"recovered {len(fallback)} key(s) line by line",)
    return {str(key).strip().lower(): value for key, value in data.items()}, ()


def _is_yaml_list(block: str) -> bool:
    try:
        return isinstance(load_yaml_safely(block), list)
    except YAML_FAILURES:
        return False


def _recover_unopened(text: str) -> FrontMatter:
    """No opening `---`: a leading run of `key: value` lines that starts with a title or
    a date and ends at a `---` line is the front matter (a shell here-document's
    leftovers: the stray `EOF` line that ended it goes too). Anything else is text."""
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    first = lines[0].strip() if lines else ""
    if not _UNOPENED_FIRST_KEY.match(first):
        return FrontMatter({}, text)
    for index, line in enumerate(lines[:MAX_RECOVERED_LINES]):
        stripped = line.strip()
        if _CLOSING.match(line.rstrip("\n")):
            if index < 2:
                break
            meta, _ = parse_mapping("".join(lines[:index]), "front matter")
            body = _HEREDOC_END.sub("", "".join(lines[index + 1:]).lstrip("\r\n"))
            problem = f"front matter has no opening '---'; recovered {len(meta)} key(s) from the first {index} line(s)"
            return FrontMatter(meta, body, (problem,))
        if not (_KEY_VALUE.match(stripped) or _LIST_ITEM.match(line.rstrip("\r\n"))):
            break
    return FrontMatter({}, text)


def _metadata_lines(text: str) -> FrontMatter:
    """Pelican's and MultiMarkdown's metadata: `Key: value` lines at the very top, the first
    a key they know (_METADATA_FIRST_KEY), ended by a blank line. Values are text, not YAML;
    tags, keywords and authors are split at commas as Pelican does. Anything else is text."""
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    if not lines or not _METADATA_FIRST_KEY.match(lines[0]):
        return FrontMatter({}, text)
    meta: dict[str, Any] = {}
    for index, line in enumerate(lines[:MAX_RECOVERED_LINES]):
        if not line.strip():
            return FrontMatter(meta, "".join(lines[index + 1:]).lstrip("\r\n"))
        pair = _KEY_VALUE.match(line.rstrip("\r\n")) if not line[:1].isspace() else None
        if pair is None:
            break
        key, value = pair.group(1).strip().lower(), pair.group(2).strip()
        meta[key] = [v.strip() for v in value.split(",") if v.strip()] if key in _LIST_KEYS else value
    return FrontMatter({}, text)


def _recover_unclosed(rest: str) -> FrontMatter:
    """No closing `---`: the leading run of `key: value` / list lines is the front matter."""
    lines = rest.splitlines(keepends=True)
    taken = 0
    for line in lines[:MAX_RECOVERED_LINES]:
        stripped = line.strip()
        if not stripped or not (_KEY_VALUE.match(stripped) or _LIST_ITEM.match(line.rstrip("\r\n"))):
            break
        taken += 1
    meta, _ = parse_mapping("".join(lines[:taken]), "front matter")
    body = "".join(lines[taken:]).lstrip("\r\n")
    problem = (f"front matter has no closing '---'; recovered {len(meta)} key(s) "
               f"from the first {taken} line(s)")
    return FrontMatter(meta, body, (problem,))


def _line_by_line(lines: list[str]) -> dict[str, Any]:
    """`key: value` pairs (and `- item` lists under a key) from YAML that does not parse."""
    meta: dict[str, Any] = {}
    key = ""
    block: list[str] | None = None   # the lines of a block scalar (`title: >-`) being read
    for line in lines:
        if block is not None and (line[:1].isspace() or not line.strip()):
            block.append(line.strip())   # joined once, where the block ends: linear
            continue
        if block is not None:
            meta[key] = _block_scalar(block, folded)
        block = None
        item = _LIST_ITEM.match(line)
        pair = _KEY_VALUE.match(line.strip()) if not line[:1].isspace() else None
        if pair:
            key = pair.group(1).strip().lower()
            value = pair.group(2).strip()
            if _BLOCK_SCALAR.match(value):
                block, folded = [], value.startswith(">")
            meta[key] = "" if block is not None else _unquote(value)
        elif item and key:
            value = _unquote_scalar((item.group(1) or item.group(2) or "").strip())
            previous = meta.get(key)
            meta[key] = (previous if isinstance(previous, list) else []) + [value]
    if block is not None:
        meta[key] = _block_scalar(block, folded)
    return {k: v for k, v in meta.items() if v not in ("", [])}


def _block_scalar(lines: list[str], folded: bool) -> str:
    """A block scalar's text: a folded one (`>`) on one line, a literal one (`|`) as written."""
    return (" " if folded else "\n").join(line for line in lines if line or not folded).strip()


def _unquote(value: str) -> str | list[str]:
    if len(value) >= 2 and value[0] == "[" and value[-1] == "]":   # `tags: [a, b]`
        return [v for v in (_unquote_scalar(p.strip()) for p in value[1:-1].split(",")) if v]
    return _unquote_scalar(value)


def _unquote_scalar(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _first_lines(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200]
