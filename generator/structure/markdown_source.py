"""Markdown sources: repaired where collected Markdown is typically broken, then rendered
with Python-Markdown, so that their raw HTML gets the HTML treatment like any other HTML
(it never passes through raw)."""

from __future__ import annotations

import re

import markdown as python_markdown

EXTENSIONS = ["tables", "fenced_code", "sane_lists"]
MAX_INLINE_MARKS = 2_000   # a block where more inline patterns may start bypasses Python-Markdown
_STRONG_MARK = re.compile(r"(?<![*\\])\*\*(?!\*)")
_FENCE = ("```", "~~~")


def markdown_to_html(text: str) -> tuple[str, dict[str, str]]:
    """HTML for a Markdown source and its footnotes (label -> note text). References stay
    in the HTML as placeholders (see footnote_reference) that no escaping touches.
    Raises RecursionError on pathological nesting."""
    text, notes = take_footnotes(repair_emphasis(dedent_html_lines(text)))
    return python_markdown.markdown(text, extensions=EXTENSIONS), notes


def set_aside_giant_blocks(text: str) -> tuple[str, dict[str, str]]:
    """Blocks where thousands of inline patterns may start, replaced by placeholders
    (token -> block).
    Python-Markdown stashes every inline match and re-formats the whole paragraph each
    time, which is quadratic on huge runs of brackets, asterisks or tags; such blocks are
    converted on their own (as HTML or plain text) and spliced back in."""
    blocks = text.split("\n\n")
    aside: dict[str, str] = {}
    fenced = False
    for n, block in enumerate(blocks):
        fences = sum(1 for line in block.split("\n") if line.lstrip().startswith(_FENCE))
        code = fenced or fences or block.startswith(("    ", "\t"))   # code is never touched
        fenced = fenced != bool(fences % 2)
        if not code and len(block) > MAX_INLINE_MARKS and _inline_marks(block) > MAX_INLINE_MARKS:
            token = f"ZKGIANTBLOCK{n}ZK"
            aside[token], blocks[n] = block, token
    return "\n\n".join(blocks), aside


def _inline_marks(block: str) -> int:
    """Places where a Python-Markdown inline pattern may start (links, tags, emphasis, code)."""
    return sum(block.count(mark) for mark in ("[", "<", "**", "__", "`"))


def footnote_reference(label: str) -> str:
    return f"ZKFOOTNOTE{label.encode().hex()}ZK"


FOOTNOTE_PLACEHOLDER = re.compile(r"ZKFOOTNOTE([0-9a-f]+)ZK")


def take_footnotes(text: str) -> tuple[str, dict[str, str]]:
    """`[^label]: note` definitions out of the text, `[^label]` references to placeholders
    (only for labels that are defined: others stay text)."""
    notes: dict[str, str] = {}
    kept: list[str] = []
    for line in text.split("\n"):
        match = _DEFINITION.match(line)
        if match and match.group(1) not in notes:
            notes[match.group(1)] = match.group(2).strip()
        else:
            kept.append(line)
    text = "\n".join(kept)
    if notes:
        text = _REFERENCE.sub(lambda m: footnote_reference(m.group(1)) if m.group(1) in notes else m.group(), text)
    return text, notes


_DEFINITION = re.compile(r"^\[\^([^\]\s]{1,40})\]:[ \t]*(.*)$")
_REFERENCE = re.compile(r"\[\^([^\]\s]{1,40})\]")


def dedent_html_lines(text: str) -> str:
    """Indented lines that start with an HTML tag are HTML, not code: drop the indent
    (blog exports indent their HTML with tabs). Runs of blank lines outside fences become
    one (they mean the same, and Python-Markdown is slow on hundreds of thousands)."""
    out, fenced = [], False
    for line in text.split("\n"):
        stripped = line.lstrip(" \t")
        if stripped.startswith(_FENCE):
            fenced = not fenced
        if not stripped and not fenced and out and not out[-1].strip():
            continue
        is_tag = stripped[:1] == "<" and (stripped[1:2].isalpha() or stripped[1:2] in "/!")
        out.append(stripped if is_tag and not fenced else line)
    return "\n".join(out)


def repair_emphasis(text: str) -> str:
    """`** 重点 **` (spaces inside the markers, as machine translation leaves them) becomes
    `**重点**`. Markers are paired left to right within a line; a line with an odd
    number of them is left alone, and so is fenced code."""
    out, fenced = [], False
    for line in text.split("\n"):
        if line.lstrip().startswith(_FENCE):
            fenced = not fenced
        out.append(line if fenced or "**" not in line else _repair_line(line))
    return "\n".join(out)


def _repair_line(line: str) -> str:
    marks = [m.start() for m in _STRONG_MARK.finditer(line)]
    if not marks or len(marks) % 2:
        return line
    pieces, position = [], 0
    for opening, closing in zip(marks[0::2], marks[1::2]):
        inner = line[opening + 2:closing]
        pieces.append(line[position:opening])
        pieces.append(f"**{inner.strip()}**" if inner.strip() else line[opening:closing + 2])
        position = closing + 2
    pieces.append(line[position:])
    return "".join(pieces)
