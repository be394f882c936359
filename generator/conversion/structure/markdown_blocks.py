"""Markdown (as ZhikuConverter writes it) to Blocks.

The converter's output is regular: blocks are separated by blank lines, headings are
ATX, images stand alone, lists use `-` or `N.`, tables are pipe tables, code is fenced.
Indentation never makes code here (tab-indented HTML must not turn into code blocks).
"""

from __future__ import annotations

import re

from ...document import CAPTION, CODE, HEADING, IMAGE, LIST, PARAGRAPH, QUOTE, RULE, TABLE, Block
from .html_markdown import MAX_HEADING_CHARS, SENTENCE_END
from .inline import join_lines, unescape_markdown
from .text_lines import classify

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")   # closing #s are cut by heading_text, not here
_IMAGE = re.compile(r"^!\[((?:\\.|[^\]\\])*)\]\((\S+?)\)$")
_LIST_ITEM = re.compile(r"^(\s*)(?:[-+*]|(\d{1,9})[.)])\s+(.*)$")
_RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,}|(?:\* ){2,}\*)\s*$")
# An opening fence: the whole (stripped) line, as the converter writes it; "``` a``b ```"
# opening a paragraph is a code span, not a fence.
_FENCE = re.compile(r"^(`{3,}|~{3,})[ \t]*([\w+-]*)[ \t]*$")
_TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_BOLD_LINE = re.compile(r"^\*\*([^*\n]+?)\*\*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def markdown_to_blocks(markdown: str) -> list[Block]:
    """Blocks from converter Markdown, in order; empty pieces are dropped."""
    blocks: list[Block] = []
    lines = markdown.replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        fence = _FENCE.match(line.strip())
        if fence:
            i = _take_code(lines, i, fence, blocks)
            continue
        chunk, i = _take_chunk(lines, i)
        blocks.extend(_chunk_blocks(chunk))
    return [b for b in blocks if b.text or b.items or b.src or b.rows or b.kind == RULE]


def _take_code(lines: list[str], i: int, fence: re.Match, blocks: list[Block]) -> int:
    """The code up to the closing fence: a line of the fence's character only, at least
    as long as the opening one (CommonMark's rule; a line that merely starts with the
    fence, such as "```python" or "```<script>", is code)."""
    marker, language = fence.group(1), fence.group(2)
    body: list[str] = []
    i += 1
    while i < len(lines) and not _closes(lines[i], marker):
        body.append(lines[i])
        i += 1
    blocks.append(Block(CODE, text="\n".join(body).strip("\n"), label=language))
    return i + 1


def _closes(line: str, marker: str) -> bool:
    line = line.strip()
    return len(line) >= len(marker) and line == marker[0] * len(line)


def _take_chunk(lines: list[str], i: int) -> tuple[list[str], int]:
    chunk: list[str] = []
    while i < len(lines) and lines[i].strip() and not _FENCE.match(lines[i].strip()):
        chunk.append(lines[i])
        i += 1
    return chunk, i


def heading_text(text: str) -> str:
    """An ATX heading's text without its closing #s and spaces; by hand, since a lazy
    group before optional spaces, #s and spaces tries every split of a run of spaces at
    every position (cubic)."""
    return text.rstrip().rstrip("#").strip()


def _chunk_blocks(chunk: list[str]) -> list[Block]:
    first = chunk[0].strip()
    heading = _HEADING.match(first)
    if heading and len(chunk) == 1:
        return [Block(HEADING, text=heading_text(heading.group(2)), level=len(heading.group(1)))]
    if heading:
        return _chunk_blocks([chunk[0]]) + _chunk_blocks(chunk[1:])
    if _RULE.match(first) and len(chunk) == 1:
        return [Block(RULE)]
    image = _IMAGE.match(first)
    if image and len(chunk) == 1:
        return [Block(IMAGE, src=image.group(2), alt=unescape_markdown(image.group(1)).strip())]
    if first.startswith("|") and len(chunk) >= 2 and _TABLE_SEPARATOR.match(chunk[1].strip()):
        return [_table(chunk)]
    if _LIST_ITEM.match(chunk[0]):
        return _list_blocks(chunk)
    if first.startswith(">"):
        text = join_lines("\n".join(line.strip().lstrip(">").strip() for line in chunk))
        return [Block(QUOTE, text=text.strip())]
    text = join_lines("\n".join(chunk)).strip()
    bold = _BOLD_LINE.match(text)
    if bold and len(bold.group(1)) <= MAX_HEADING_CHARS and bold.group(1)[-1] not in SENTENCE_END:
        # a short line that is all bold, e.g. between <br>s: a section title
        return [Block(HEADING, text=bold.group(1).strip(), level=2)]
    if classify(text).kind == "caption":   # `图1：…`, `来源：…` under an image or a table
        return [Block(CAPTION, text=text)]
    return [Block(PARAGRAPH, text=text)]


def _list_blocks(chunk: list[str]) -> list[Block]:
    items: list[str] = []
    ordered = bool(_LIST_ITEM.match(chunk[0]).group(2))
    for line in chunk:
        match = _LIST_ITEM.match(line)
        if match:
            items.append(match.group(3).strip())
        elif items:   # a continuation line of the previous item
            items[-1] = join_lines(items[-1] + "\n" + line.strip())
    items = [item for item in items if item]
    return _images_out_of_list(items, ordered)


# A list item that is an image, with words after it or none: `- ![](a.jpg)`, `- ![](a.jpg) 断桥`.
_IMAGE_ITEM = re.compile(r"!\[((?:\\.|[^\]\\])*)\]\((\S+?)\)(?:\s+(.*))?")


def _images_out_of_list(items: list[str], ordered: bool) -> list[Block]:
    """A list of pictures (a photo essay written `- ![](a.jpg)`) is a run of images, each
    an image block with its words as caption; the other items stay lists around them
    (the writer shows no image inside a list item)."""
    blocks: list[Block] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            blocks.append(Block(LIST, items=tuple(run), ordered=ordered, label="1" if ordered else "-"))
            run.clear()

    for item in items:
        image = _IMAGE_ITEM.fullmatch(item)
        if image is None:
            run.append(item)
            continue
        flush()
        alt, words = unescape_markdown(image.group(1)).strip(), (image.group(3) or "").strip()
        blocks.append(Block(IMAGE, src=image.group(2), alt=alt or unescape_markdown(words)))
        if alt and words:
            blocks.append(Block(CAPTION, text=words))
    flush()
    return blocks


def _table(chunk: list[str]) -> Block:
    rows: list[tuple[str, ...]] = []
    for n, line in enumerate(chunk):
        if n == 1:
            continue
        line = line.strip()
        if line.startswith("|"):
            line = line[1:]
        if line.endswith("|") and not line.endswith("\\|"):
            line = line[:-1]
        rows.append(tuple(cell.strip() for cell in _CELL_SPLIT.split(line)))
    return Block(TABLE, rows=tuple(rows))


def normalise_heading_levels(blocks: list[Block]) -> list[Block]:
    """Shift headings so the highest one is level 2 (the page title is level 1)."""
    levels = [b.level for b in blocks if b.kind == HEADING]
    if not levels:
        return blocks
    shift = min(levels) - 2
    return [Block(HEADING, text=b.text, level=max(2, min(6, b.level - shift))) if b.kind == HEADING else b
            for b in blocks]
