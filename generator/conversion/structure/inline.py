"""Text-level helpers shared by the HTML, Markdown and plain-text paths.

- Invisible characters (zero-width, BOM, soft hyphen) go; no-break spaces become spaces.
- Lines are joined the way a Chinese reader expects: no space between two Han characters
  (a newline there would show as a stray space), one space between Latin words.
- Plain text is escaped so that it shows as written once rendered as Markdown.
"""

from __future__ import annotations

import re

# Zero-width space/joiners, direction marks, word joiner, BOM, soft hyphen, and friends.
INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
NO_BREAK_SPACES = re.compile("[\u00a0\u2007\u202f]")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ANY_SPECIAL = re.compile(f"{INVISIBLE.pattern}|{NO_BREAK_SPACES.pattern}|{CONTROL.pattern}")

# Characters after/before which a line break is simply dropped (CJK ideographs, kana,
# hangul and full-width punctuation): no space separates them in running text.
_CJK = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u201c\u201d\u2018\u2019\u2014\u2026"
)
# Applied in this order, each in one pass without backtracking (long runs of blanks in
# hostile input must not make joining quadratic).
_SPACES = re.compile(r"[ \t\r\f\v]+")
_SPACES_TO_REWRITE = re.compile(r"[\t\r\f\v]|  ")
_NEWLINE_RUN = re.compile(r" ?\n\s*")
_BREAK_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])\n|\n(?=[{_CJK}])")

# Characters that Markdown (as MkDocs renders it) would read as markup anywhere in a line.
_MARKUP_CHARS = re.compile(r"([\\`*_\[\]{}|#])")
_MARKUP_ESCAPES = str.maketrans({c: "\\" + c for c in "\\`*_[]{}|#"})
_ENTITY_LIKE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# At the very start of a block: list markers, ordered-list numbers, quote markers.
_LEADING_LIST = re.compile(r"^(\s*)([-+*])(\s)")
_LEADING_NUMBER = re.compile(r"^(\s*\d{1,9})([.)])(\s|$)")
_BACKTICK_RUN = re.compile(r"`+")


def clean_invisible(text: str) -> str:
    """Drop invisible characters and control bytes; no-break spaces become plain spaces."""
    if not _ANY_SPECIAL.search(text):   # the usual case: one scan instead of three rewrites
        return text
    text = INVISIBLE.sub("", text)
    text = CONTROL.sub("", text)
    return NO_BREAK_SPACES.sub(" ", text)


def join_lines(text: str) -> str:
    """One line from several: breaks next to CJK vanish, other breaks become one space."""
    text = collapse_whitespace(text)
    return _BREAK_BETWEEN_CJK.sub("", text).replace("\n", " ") if "\n" in text else text


def collapse_whitespace(text: str) -> str:
    """Runs of blanks become one space, runs holding a line break one newline (linear)."""
    if _SPACES_TO_REWRITE.search(text):   # else every run is one plain space already
        text = _SPACES.sub(" ", text)
    return _NEWLINE_RUN.sub("\n", text) if "\n" in text else text


def escape_markdown(text: str, at_block_start: bool = True) -> str:
    """Plain text as inline Markdown that renders exactly as written (no markup, no HTML)."""
    if _MARKUP_CHARS.search(text):   # searched first: most text has none (no rewrite)
        text = text.translate(_MARKUP_ESCAPES)   # not sub(): its template costs per match
    if "&" in text:
        text = _ENTITY_LIKE.sub("&amp;", text)
    text = text.replace("<", "&lt;")   # `>` is markup only at the start of a block
    if at_block_start:
        text = "\\" + text if text.startswith((">", "!", "-")) else text
        if "~" in text and text.lstrip().startswith("~"):   # `~~~` would open a fence
            rest = text.lstrip()
            text = f"{text[:len(text) - len(rest)]}&#126;{rest[1:]}"
        text = _escape_leading(_LEADING_LIST, text)
        text = _escape_leading(_LEADING_NUMBER, text)
    return text


def code_fence(code: str) -> str:
    """A backtick fence longer than any backtick run in `code` (at least three): no line
    of the code can close it (CommonMark's rule; Python-Markdown closes a fence only on
    a line equal to it)."""
    return "`" * max(3, 1 + max((len(run) for run in _BACKTICK_RUN.findall(code)), default=0))


def _escape_leading(pattern: re.Pattern, text: str) -> str:
    """A backslash before the marker `pattern` finds at the start (groups: before, marker,
    after); match() and slicing instead of sub(), whose template costs more per call."""
    found = pattern.match(text)
    if not found:
        return text
    return f"{found.group(1)}\\{found.group(2)}{found.group(3)}{text[found.end():]}"


def unescape_markdown(text: str) -> str:
    """Plain text back from escape_markdown (for fields kept as plain text, such as alt)."""
    text = re.sub(r"\\(.)", r"\1", text)
    return text.replace("&lt;", "<").replace("&#126;", "~").replace("&amp;", "&")
