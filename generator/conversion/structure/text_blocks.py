"""Plain text to Blocks.

One line is one paragraph (pasted reports and scraped pages come that way), except:
- lines cut inside a paragraph are re-joined (see text_wraps);
- very long lines that hold a whole collapsed article (`。 二、标题 正文…`) are split where
  a sentence ends before a space, and a short title opening such a piece is a heading;
- numbered section lines are headings, their levels in order of the numbering styles'
  first appearance (1 > 1.1 > 1) ...); runs of numbered lines stay lists;
- captions and source lines are CAPTION blocks, `案例：` pieces ADMONITION blocks,
  `a.` lines LIST blocks, `①…` lines FOOTNOTE blocks referenced from the text.
"""

from __future__ import annotations

import html
import re

from ...document import ADMONITION, CAPTION, FOOTNOTE, HEADING, LIST, PARAGRAPH, Block, Removal
from .inline import clean_invisible, escape_markdown
from .text_lines import CIRCLED, Line, classify
from .text_wraps import join_by_indentation, join_hard_wraps

LONG_LINE = 300            # a line this long may be several collapsed paragraphs
MAX_RUN_TITLE = 24         # an unnumbered title opening a collapsed piece is this short
MAX_CASE_TITLE = 60
LIST_STYLES = ("num-dot", "num-paren", "cn-comma", "cn-paren")

_LINE_SEPARATORS = {0x2028: "\n", 0x2029: "\n\n", 0x0085: "\n"}
_LINE_SEPARATOR = re.compile("[\u2028\u2029\u0085]")
_CIRCLED_MARK = re.compile(f"[{CIRCLED}]")
# HTML entities left in text copied out of web pages (`&nbsp;`, `&amp;`, `&#8220;`).
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")
_PIECE_BREAK = re.compile(r"(?<=[。！？!?”」』])[ \t\u3000]+(?=\S)")
_PIECE_TITLE = re.compile(r"^(?P<title>[^\s。，,！？!?；;：:]{2,40})[ \t\u3000]+(?P<rest>\S.{20,})$", re.S)
_RUN_TITLE = re.compile(r"^[\u4e00-\u9fff“”《》A-Za-z0-9]{4,24}$")


def text_to_blocks(body: str) -> tuple[list[Block], list[Removal]]:
    """Blocks for a plain-text body (and what was removed: nothing, text keeps every line)."""
    body = join_by_indentation(_unify_line_breaks(body))
    lines = [(kind, text) for kind, text in join_hard_wraps(_logical_lines(body)) if kind != "blank"]
    classified = _mark_list_runs([classify(text) if kind == "line" else Line("heading", text, "plain", text)
                                  for kind, text in lines])
    classified = _unreferenced_notes_as_items(classified)
    labels = _footnote_labels(classified)
    return _assemble(classified, labels), []


def _unify_line_breaks(body: str) -> str:
    """CRLF, CR and the Unicode line/paragraph separators as LF (str.translate with a
    mapping costs a dict lookup per character: only run when a separator is there)."""
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    return body.translate(_LINE_SEPARATORS) if _LINE_SEPARATOR.search(body) else body


def _logical_lines(body: str) -> list[tuple[str, str]]:
    """(kind, text) pairs: "line" for a line to classify, "title" for a run-in title,
    "blank" for an empty line (it ends a paragraph)."""
    out: list[tuple[str, str]] = []
    for raw in clean_invisible(body).split("\n"):
        line = _ENTITY.sub(lambda m: clean_invisible(html.unescape(m.group())), raw).strip()
        if not line:
            out.append(("blank", ""))
            continue
        if len(line) < LONG_LINE:
            out.append(("line", line))
            continue
        for piece in _PIECE_BREAK.split(line):
            out.extend(_split_piece(piece.strip()))
    return out


def _split_piece(piece: str) -> list[tuple[str, str]]:
    """`二、标题 正文…` or `短标题 正文…` at the start of a collapsed piece: title + text."""
    match = _PIECE_TITLE.match(piece)
    if match:
        title, rest = match.group("title"), match.group("rest")
        if classify(title).kind == "heading":
            return [("line", title), ("line", rest)]
        if _RUN_TITLE.match(title) and len(title) <= MAX_RUN_TITLE and re.search(r"[\u4e00-\u9fff]{4}", title):
            return [("title", title), ("line", rest)]
    return [("line", piece)]


def _mark_list_runs(lines: list[Line]) -> list[Line]:
    """Two or more consecutive lines numbered in the same style are a list, not headings;
    a lone numbered sentence is a paragraph."""
    out = list(lines)
    i = 0
    while i < len(out):
        style = out[i].style
        j = i
        while j < len(out) and out[j].kind in ("heading", "numbered") and out[j].style == style \
                and style in LIST_STYLES:
            j += 1
        if j - i >= 2:
            for k in range(i, j):
                out[k] = Line("numbered", out[k].text, style, out[k].body)
        elif j - i == 1 and out[i].kind == "numbered":
            out[i] = Line("text", out[i].text)
        i = max(j, i + 1)
    return out


def _unreferenced_notes_as_items(lines: list[Line]) -> list[Line]:
    """A `①…` line is a footnote only if its marker appears in the text before it;
    otherwise circled numbers are list markers (`①加强监管` `②完善制度`), kept as written."""
    seen: set[str] = set()
    out: list[Line] = []
    for line in lines:
        if line.kind == "footnote" and line.style not in seen:
            out.append(Line("circled", line.text, "circled", line.text))
            continue
        if line.kind != "footnote":
            seen.update(_CIRCLED_MARK.findall(line.text))
        out.append(line)
    return out


def _footnote_labels(lines: list[Line]) -> dict[int, str]:
    """Label of each note line (by index): the marker's number, made unique if reused."""
    labels: dict[int, str] = {}
    used: dict[str, int] = {}
    for index, line in enumerate(lines):
        if line.kind == "footnote":
            number = str(CIRCLED.index(line.style) + 1)
            used[number] = used.get(number, 0) + 1
            labels[index] = number if used[number] == 1 else f"{number}-{used[number]}"
    return labels


def _with_references(text: str, index: int, lines: list[Line], labels: dict[int, str]) -> str:
    """Circled markers become `[^n]` when a note with that marker follows (else stay)."""
    def reference(match: re.Match) -> str:
        for j in range(index + 1, len(lines)):
            if lines[j].kind == "footnote" and lines[j].style == match.group():
                return f"[^{labels[j]}]"
        return match.group()
    return _CIRCLED_MARK.sub(reference, text)


def _assemble(lines: list[Line], labels: dict[int, str]) -> list[Block]:
    blocks: list[Block] = []
    levels = _heading_levels(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        inline = _with_references(escape_markdown(line.text), i, lines, labels)
        if line.kind == "heading":
            blocks.append(Block(HEADING, text=inline, level=levels[i]))
        elif line.kind == "caption":
            blocks.append(Block(CAPTION, text=inline))
        elif line.kind == "footnote":
            blocks.append(Block(FOOTNOTE, label=labels[i], text=escape_markdown(line.body)))
        elif line.kind == "case":
            block, i = _case(lines, i, labels)
            blocks.append(block)
            continue
        elif line.kind in ("lettered", "numbered", "bulleted", "circled"):
            block, i = _list(lines, i, labels)
            blocks.append(block)
            continue
        else:
            blocks.append(Block(PARAGRAPH, text=inline))
        i += 1
    return blocks


def _heading_levels(lines: list[Line]) -> dict[int, int]:
    """Levels by numbering style: styles in order of first appearance; dotted numbers take
    one level per depth present (1 > 1.1 > 1.1.1); unnumbered run-in titles are level 2."""
    order: list[str] = []
    depths: dict[str, list[int]] = {}
    for line in lines:
        if line.kind == "heading" and line.style != "plain":
            family = _family(line.style)
            if family not in order:
                order.append(family)
            depths.setdefault(family, [])
            if line.depth not in depths[family]:
                depths[family] = sorted(depths[family] + [line.depth])
    levels: dict[int, int] = {}
    for index, line in enumerate(lines):
        if line.kind == "heading":
            family = _family(line.style)
            if line.style == "plain":
                levels[index] = 2
                continue
            before = sum(len(depths[f]) for f in order[:order.index(family)])
            levels[index] = min(6, 2 + before + depths[family].index(line.depth))
    return levels


def _family(style: str) -> str:
    return "num" if style in ("num", "num-dotted") else style


def _case(lines: list[Line], i: int, labels: dict[int, str]) -> tuple[Block, int]:
    """`案例：名称` and the text lines after it, up to the next heading, caption or case."""
    title = lines[i].body
    i += 1
    if not title and i < len(lines) and lines[i].kind == "case" and lines[i].body:
        title = lines[i].body   # `案例` on its own line, then `【案例】名称`
        i += 1
    if not title and i < len(lines) and lines[i].kind == "text" and len(lines[i].text) <= MAX_CASE_TITLE:
        title = re.sub(r"^(?:【案例[^】]{0,3}】|\[案例\])\s*", "", lines[i].text)
        i += 1
    items: list[str] = []
    while i < len(lines) and lines[i].kind in ("text", "lettered", "numbered", "bulleted", "circled", "footnote"):
        items.append(_with_references(escape_markdown(lines[i].text), i, lines, labels))
        i += 1
    title = escape_markdown(title, at_block_start=False) or "案例"   # inline Markdown, like all text
    return Block(ADMONITION, label="example", title=title, items=tuple(items)), i


def _list(lines: list[Line], i: int, labels: dict[int, str]) -> tuple[Block, int]:
    kind, style = lines[i].kind, lines[i].style
    items: list[str] = []
    while i < len(lines) and lines[i].kind == kind and lines[i].style == style:
        item = escape_markdown(lines[i].body)
        items.append(item if kind == "circled" else _with_references(item, i, lines, labels))
        i += 1
    if kind == "lettered":
        return Block(LIST, items=tuple(items), ordered=True, label="a"), i
    if kind in ("bulleted", "circled"):   # circled numbers stay in the item text
        return Block(LIST, items=tuple(items), ordered=False, label="-"), i
    return Block(LIST, items=tuple(items), ordered=True, label="1"), i
