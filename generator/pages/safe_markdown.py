"""Markdown the writer can vouch for: what it writes from a source renders, with the site's
extensions (mkdocs.yml, and the `fenced_code` MkDocs adds), as what the writer meant.

The structure stage escapes the text it takes from a source (structure/inline.py); this
is the writer's own wall, so that a field that missed that escaping, or a later stage that
changed it, still cannot put raw HTML, an attribute list (`{: .class #id }`), a reference
or footnote definition, an image, or a block of its own into a page. Escaping alone
holds; nh3 (sanitize.py) is the second wall, not the only one.

`safe_inline` reads a field the way Python-Markdown does where that matters (code spans
first, then backslash escapes, then links) and writes it back in a canonical form:
- a code span stays a code span; a backtick that opens none is escaped;
- `\\` + a character Python-Markdown escapes stays; any other backslash is escaped;
- `[text](url)` stays a link when `url` is absolute http(s) (percent-encoded, no angle
  brackets); a link to anything else keeps its text only; `[^n]` stays a footnote
  reference; every other bracket is escaped, and so is a `!` before a bracket;
- `<` becomes `&lt;`; `{`, `}`, `|` and `#` are escaped; line breaks become spaces;
- at the start of a block, no indentation and no list, quote, rule, admonition, fence or
  footnote-definition marker.
Code blocks are fenced by `structure.inline.code_fence`, so that nothing inside can close
them. `safe_inline` is linear in the length of the field (one pass, a bisect per backtick
run).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .sanitize import is_http_url
from ..conversion.structure.inline import escape_markdown
from ..conversion.structure.urls import markdown_safe_url

# Python-Markdown's backslash escapes (Markdown.ESCAPED_CHARS, plus `|` from `tables`).
ESCAPABLE = frozenset("\\`*_{}[]()>#+-.!|")
NOTE_LABEL = re.compile(r"[A-Za-z0-9_-]{1,40}")   # footnote labels the writer writes (1, 2-2)
CODE_LANGUAGE = re.compile(r"[A-Za-z0-9_+#.-]{1,40}")  # what becomes class="language-…"

_BACKTICKS = re.compile(r"`+")
_FOOTNOTE_REF = re.compile(r"\[\^([A-Za-z0-9_-]{1,40})\]")
# A link's destination: `(url)` or `(<url>)`, no title (the converter writes none).
_DESTINATION = re.compile(r"\((?:<([^<>\n]*)>|([^\s()<>]*))\)")
# Dropped: line breaks (a field is one line), Python-Markdown's placeholder markers
# (STX, ETX) and the other C0 controls.
_LINE_BREAK = re.compile("\r\n?|[\n\u2028\u2029\x85]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LEADING_NUMBER = re.compile(r"\d+[.)](?=[ \t]|$)")   # Python-Markdown takes any length
_PLAIN = re.compile(r"[^\\`\[\]<{}|#!&]+")   # a run that needs no decision
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")


def safe_inline(text: str, block_start: bool = True) -> str:
    """`text` (inline Markdown) as inline Markdown that renders as text, emphasis, code
    spans, http(s) links and footnote references only. With `block_start`, it is also
    safe as the start of a block (a paragraph, list item, quote, footnote)."""
    text = _CONTROL.sub("", _LINE_BREAK.sub(" ", text))
    pieces = _Reader(text).read()
    # trailing blanks go: two spaces before the line break the writer adds make a <br>
    return (_block_start(pieces) if block_start else "".join(pieces)).rstrip(" \t")


def plain_inline(text: str, block_start: bool = True) -> str:
    """Plain text (not Markdown) as inline Markdown that shows it as written."""
    return safe_inline(escape_markdown(text, at_block_start=block_start), block_start)


def safe_link_url(url: str) -> str:
    """`url` when it is absolute http(s), percent-encoded so that nothing in it ends a
    Markdown link early; else ""."""
    url = url.strip()
    return markdown_safe_url(url) if is_http_url(url) else ""


class _Reader:
    """One left-to-right pass over a field, appending canonical pieces to `out`."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.out: list[str] = []
        self.openers: list[int] = []   # indices in `out` of `[` that may open a link
        # Where each backtick run of a given length starts (a code span closes on the next
        # run of exactly its opening length, as Python-Markdown's find_code_spans reads it).
        self.runs: dict[int, list[int]] = {}
        for run in _BACKTICKS.finditer(text):
            self.runs.setdefault(len(run.group()), []).append(run.start())

    def read(self) -> list[str]:
        text, i = self.text, 0
        while i < len(text):
            plain = _PLAIN.match(text, i)
            if plain:
                self.out.append(plain.group())
                i = plain.end()
                continue
            i = self._special(text[i], i)
        for index in self.openers:   # `[` that opened no link
            self.out[index] = "\\["
        return self.out

    def _special(self, char: str, i: int) -> int:
        text, out = self.text, self.out
        if char == "\\":
            following = text[i + 1:i + 2]
            if following and following in ESCAPABLE:
                out.append("\\" + following)
                return i + 2
            out.append("\\\\")   # shown as written, and it escapes nothing after it
            return i + 1
        if char == "`":
            return self._backticks(i)
        if char == "[":
            note = _FOOTNOTE_REF.match(text, i)
            if note:
                out.append(note.group())
                if text.startswith("(", note.end()):   # `[^1](…)`: a link when no note 1 exists
                    out.append("\\(")
                    return note.end() + 1
                return note.end()
            self.openers.append(len(out))
            out.append("[")
            return i + 1
        if char == "]":
            return self._close_bracket(i)
        if char == "!":
            out.append("\\!" if text[i + 1:i + 2] == "[" else "!")
            return i + 1
        if char == "&":   # an entity is text (`&#126;`, `&lt;`): kept whole, its `#` too
            entity = _ENTITY.match(text, i)
            out.append(entity.group() if entity else "&")
            return entity.end() if entity else i + 1
        out.append("&lt;" if char == "<" else "\\" + char)   # < { } | #
        return i + 1

    def _backticks(self, i: int) -> int:
        end = i
        while end < len(self.text) and self.text[end] == "`":
            end += 1
        ticks = end - i
        starts = self.runs.get(ticks, [])
        k = bisect_left(starts, end)
        if k == len(starts):   # opens no code span: literal backticks
            self.out.append("\\`" * ticks)
            return end
        close = starts[k]
        self.out.append(_CodeSpan(self.text[i:close + ticks], ticks))
        return close + ticks

    def _close_bracket(self, i: int) -> int:
        destination = _DESTINATION.match(self.text, i + 1)
        if not self.openers or not destination:
            self.out.append("\\]")
            return i + 1
        opener = self.openers.pop()
        url = safe_link_url(destination.group(1) if destination.group(1) is not None else destination.group(2))
        if url:
            self.out[opener] = "["
            self.out.append(f"]({url})")
            for index in self.openers:   # no link inside a link
                self.out[index] = "\\["
            self.openers.clear()
        else:   # a link to anything but http(s): its text stays, the link goes
            self.out[opener] = ""
        return destination.end()


class _CodeSpan(str):
    """A code span as written in the field (its content is never escaped)."""

    def __new__(cls, span: str, ticks: int) -> "_CodeSpan":
        piece = super().__new__(cls, span)
        piece.ticks = ticks
        return piece

    def as_text(self) -> str:
        return escape_markdown(self[self.ticks:-self.ticks].strip(), at_block_start=False)


def _block_start(pieces: list[str]) -> str:
    """The pieces joined so that they cannot open a block of their own."""
    start = next((n for n, piece in enumerate(pieces) if piece.strip(" \t")), len(pieces))
    if start == len(pieces):
        return ""
    first = pieces[start]
    if isinstance(first, _CodeSpan) and first.ticks >= 3:
        first = first.as_text()   # "```{…}" at a line's start opens a fenced block
    pieces = [first.lstrip(" \t"), *pieces[start + 1:]]
    if _FOOTNOTE_REF.fullmatch(pieces[0]) and "".join(pieces[1:2]).startswith(":"):
        pieces[0] = "\\" + pieces[0][:-1] + "\\]"   # `[^1]:` would define a footnote
    text = "".join(pieces)
    head = text[:1]
    if head in (">", "-", "+", "!"):
        return "\\" + text
    if head == "~":   # `~~~` opens a fence; `\~` would show its backslash
        return "&#126;" + text[1:]
    if head in ("*", "_") and (text[1:2] in (" ", "\t", "") or not text.strip(head + " \t")):
        return "\\" + text   # a list item, or a rule (`***`, `_ _ _`)
    number = _LEADING_NUMBER.match(text)
    if number:
        return f"{text[:number.end() - 1]}\\{text[number.end() - 1:]}"
    return text
