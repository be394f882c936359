"""Markdown sources: repaired where collected Markdown is typically broken, then rendered
with Python-Markdown, so that their raw HTML gets the HTML treatment like any other HTML
(it never passes through raw)."""

from __future__ import annotations

import bisect
import re

import markdown as python_markdown

EXTENSIONS = ["tables", "fenced_code", "sane_lists"]   # and md_in_html where a source needs it
# What Python-Markdown's work grows with, counted before it runs (it is quadratic in some of
# these, and costs 3-10 microseconds per inline mark even where it is linear):
MAX_INLINE_MARKS = 2_000    # in one block: more, and the block bypasses Python-Markdown
MARK_CHARS = "*_\\[`<&"    # where an inline pattern may start (emphasis, escape, link, code, tag, entity)
LINK_SCAN_PER_CHAR = 8      # in one block: characters read after `](` openers, per character
LINK_SCAN_FLOOR = 10_000
MARKS_FLOOR = 4_000         # in the whole source: more than this plus one per MARK_SPACING
MARK_SPACING = 16           # characters, and the source is read as plain text
MAX_UNCLOSED_FENCES = 20    # each is searched for its closing fence to the end of the text
_STRONG_MARK = re.compile(r"(?<![*\\])\*\*(?!\*)")
_FENCE = ("```", "~~~")
_FENCE_LINE = re.compile(r"^(`{3,}|~{3,})([^\n]*)$", re.M)   # the fence, the rest of its line
_LINK_OPENER = re.compile(r"\]\(")
_CLOSING_PAREN = re.compile(r"\)")
# Lines that open an element of their own: list items, headings, table rows; and quote
# markers at the start of a line (each level one element).
_BLOCK_MARKERS = re.compile(r"^[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]|#{1,6}[ \t]|\|)", re.M)
_QUOTE_MARKERS = re.compile(r"^(?:[ \t]*>)+", re.M)


def markdown_to_html(text: str) -> tuple[str, dict[str, str]]:
    """HTML for a Markdown source and its footnotes (label -> note text). References stay
    in the HTML as placeholders (see footnote_reference) that no escaping touches.
    Raises RecursionError on pathological nesting."""
    text = containers_as_quotes(dedent_prose_blocks(text))
    text = lists_after_paragraphs(dedent_html_lines(unwrap_wiki_links(text)))
    marked = markdown_inside_html(text)
    text, notes = take_footnotes(repair_emphasis(text))
    if 'markdown="1"' not in marked:
        return python_markdown.markdown(text, extensions=EXTENSIONS), notes
    # Python-Markdown's md_in_html drops everything when a block tag inside a marked one is
    # never closed (a truncated export): the plain reading then wins, whatever it loses
    inside, _ = take_footnotes(repair_emphasis(marked))
    html = python_markdown.markdown(inside, extensions=EXTENSIONS + ["md_in_html"])
    plain = python_markdown.markdown(text, extensions=EXTENSIONS)
    return (html if _visible_chars(html) >= KEPT_SHARE * _visible_chars(plain) else plain), notes


KEPT_SHARE = 0.9   # md_in_html's reading is kept unless it shows less than this of the plain one's
_TAG = re.compile(r"<[^<>]*>")
_VISIBLE = re.compile(r"\w")
# what a reading keeps in attributes (a link's URL, an image's address and words, a code
# block's language): the plain reading shows the same as text
_KEPT_ATTRIBUTE = re.compile(r'\s(?:href|src|alt|title|class)="([^"<>]*)"')


def _visible_chars(html: str) -> int:
    """Word characters a reading of the source keeps: its text and its attributes' words."""
    return len(_VISIBLE.findall(_TAG.sub("", html))) + \
        sum(len(_VISIBLE.findall(v)) for v in _KEPT_ATTRIBUTE.findall(html))


# A custom container of VuePress, VitePress, Docusaurus or Pandoc (markdown-it-container's
# syntax): ":::info", "::: tip 标题", "::: {.note}" opens one, a line of colons closes it.
_CONTAINER_OPEN = re.compile(r"^ {0,3}:{3,}[ \t]*(?:[A-Za-z][\w-]{0,30}(?:\[(?P<bracketed>[^\[\]\n]{1,200})\])?|\{[^{}\n]{1,80}\})"
                             r"(?:[ \t](?P<title>[^\n]{0,300}))?$")   # one pass: the title stripped after
_CONTAINER_CLOSE = re.compile(r"^ {0,3}:{3,}[ \t]*$")
MAX_CONTAINER_DEPTH = 8


def containers_as_quotes(text: str) -> str:
    """Custom containers (a site generator's call-outs: ":::info … :::") as block quotes
    that hold Markdown (`<blockquote class="zk-container" markdown="1">`, md_in_html), the
    title a bold first paragraph ("::: tip 标题", ":::note[标题]"): their markers are syntax
    of another tool, their content the author's, set apart, its paragraphs and fenced code
    as written. An opener without its closer (or deeper than MAX_CONTAINER_DEPTH) stays as
    written; fenced code and raw <pre> are left alone. Linear."""
    if ":::" not in text:
        return text
    lines = text.split("\n")
    pairs = _container_pairs(lines, _pre_spans(text))
    if not pairs:
        return text
    out, closers = [], set(pairs.values())
    for i, line in enumerate(lines):
        if i in pairs:
            indent = line[:len(line) - len(line.lstrip(" "))]
            opener = _CONTAINER_OPEN.match(line)
            title = (opener.group("title") or "").strip() or opener.group("bracketed")
            out += ["", f'{indent}<blockquote class="zk-container" markdown="1">', ""]
            if title:
                out += [f"{indent}**{title.strip()}**", ""]
        elif i in closers:
            indent = line[:len(line) - len(line.lstrip(" "))]
            out += ["", f"{indent}</blockquote>", ""]
        else:
            out.append(line)
    return "\n".join(out)


def _container_pairs(lines: list[str], pre: list[tuple[int, int]]) -> dict[int, int]:
    """Opener line -> closer line of each container, outside fenced code and the raw
    <pre> elements `pre` (character spans, in order). Linear."""
    pairs: dict[int, int] = {}
    open_at: list[int] = []
    fenced, position, k = False, 0, 0
    for i, line in enumerate(lines):
        start, position = position, position + len(line) + 1
        while k < len(pre) and pre[k][1] <= start:
            k += 1
        if line.lstrip().startswith(_FENCE):
            fenced = not fenced
        if fenced or (k < len(pre) and pre[k][0] <= start):
            continue
        if _CONTAINER_CLOSE.match(line):
            if open_at:
                pairs[open_at.pop()] = i
        elif _CONTAINER_OPEN.match(line) and len(open_at) < MAX_CONTAINER_DEPTH:
            open_at.append(i)
    return pairs


# A wiki link of Obsidian or MediaWiki: [[target]], [[target|label]], [[zh:华盛顿]] (an
# interlanguage link). No space just inside the brackets: a shell test "[[ -f x ]]" stays.
_WIKI_LINK = re.compile(r"(?<!!)\[\[(?!\s)([^\[\]|\n]{1,200}?)(?:\|([^\[\]\n]{1,200}?))?(?<!\s)\]\]")
_LANGUAGE_PREFIX = re.compile(r"^:?[a-z]{2,3}(?:-[a-z]{2,4})?:(?=\S)")


def unwrap_wiki_links(text: str) -> str:
    """Wiki links as the words a reader sees: the label, or the target without its
    language prefix ([[zh:华盛顿]] -> 华盛顿). The wiki they point into is not in the
    collection, so they become text. Code (fenced, or inline between backticks) is kept
    as written; an embed (![[…]]) too."""
    if "[[" not in text:
        return text
    pieces, position = [], 0
    for start, end in _code_spans(text) + [(len(text), len(text))]:
        pieces.append(_unwrap_outside_code(text[position:start]))
        pieces.append(text[start:end])
        position = end
    return "".join(pieces)


def _code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the code a wiki link is kept in, in order and apart: fenced code,
    indented code blocks and raw HTML <pre> elements. Linear."""
    spans = sorted(fenced_spans(text) + _indented_spans(text) + _pre_spans(text))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _indented_spans(text: str) -> list[tuple[int, int]]:
    """Indented code blocks: lines indented by four spaces or a tab after a blank line,
    unless what comes before is a list item (its continuation or a nested list)."""
    spans, start, blank, in_list, position = [], None, True, False, 0
    for line in text.splitlines(keepends=True):
        indented = line.startswith(("    ", "\t"))
        if start is not None and not (indented or not line.strip()):
            spans.append((start, position))
            start = None
        if start is None and indented and blank and not in_list and line.strip():
            start = position
        if line.strip() and not indented:
            in_list = bool(_BLOCK_MARKERS.match(line)) and not line.lstrip().startswith(("#", "|"))
        blank = not line.strip()
        position += len(line)
    if start is not None:
        spans.append((start, len(text)))
    return spans


_HAN = re.compile(r"[\u3400-\u9fff]")
_SENTENCE_MARK = re.compile(r"[。，！？；、]")
_CODE_LINE = re.compile(r"[;{}]\s*$|^\s*(?:#|//|/\*|--|\$ |>>>)")
_ENTITY = re.compile(r"&#?\w{1,10};")
_LINK_TARGET = re.compile(r"\]\([^()\s]{0,2000}\)")
_LINK = re.compile(r"!?\[[^\[\]\n]{0,500}\]\([^()\s]{0,2000}\)")
_CODE_MARKS = re.compile(r"[()\"'=\[\]<>]")    # ASCII: a call, a string, an assignment, a log tag
_LOG_STAMP = re.compile(r"^\s*(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}:\d{2})")
_SENTENCE_END = re.compile(r"[。！？!?…”」』）)]\s*$")
# print(, x = 1, a.b(, a statement's ; { }, a log line's tag "[信息] …"
_CODE_CALL = re.compile(r"[A-Za-z_][\w.]*\s*(?:\(|=[^=])|[;{}]|^\s*\[[^\]\n]{1,12}\]\s")
PROSE_HAN_SHARE = 0.5     # of the characters of an indented block: Han text, not code
PROSE_LINE_MIN = 30       # characters: a block of several lines all shorter is verse or output


def dedent_prose_blocks(text: str) -> str:
    """Indented blocks that are Chinese prose, not code, without their indent: a blog export
    that indents its paragraphs with a tab would otherwise show them as one code block (its
    entities, "&#8211;", as written). A block is prose when half its characters are Han, it
    has sentence punctuation and no line reads as code (ends in ; { }, opens with a comment,
    a prompt or a log's time stamp, holds ASCII brackets, quotes or = outside its links);
    several lines all short are verse or a program's output, kept line by line. Fenced code
    is left alone. Linear."""
    if "\n\t" not in text and "\n    " not in text:
        return text
    fenced = fenced_spans(text)
    fence_ends = [b for _, b in fenced]
    pieces, position = [], 0
    for start, end in _indented_spans(text):
        k = bisect.bisect_right(fence_ends, start)   # the first fence ending after the span starts
        if (k < len(fenced) and fenced[k][0] < end) or not _reads_as_prose(text[start:end]):
            continue
        pieces.append(text[position:start])
        pieces.append("\n".join(line.lstrip(" \t") for line in text[start:end].split("\n")))
        position = end
    return "".join(pieces) + text[position:] if pieces else text


def _reads_as_prose(block: str) -> bool:
    lines = [line for line in block.split("\n") if line.strip()]
    if len(lines) > 1 and all(len(line.strip()) < PROSE_LINE_MIN for line in lines) \
            and not all(_SENTENCE_END.search(line) for line in lines):
        return False   # (a diary's short lines each end a sentence: prose)
    # links out twice: a linked image [![…](…)](…) leaves [](…) after the first
    if any(_code_like(_ENTITY.sub("", _LINK.sub("", _LINK.sub("", line)))) or _LOG_STAMP.match(line)
           for line in lines):
        return False
    block = _ENTITY.sub("", _LINK_TARGET.sub("]", block))   # "&hellip;" ends in ; like code
    visible = "".join(block.split())
    if not visible or len(_HAN.findall(visible)) < PROSE_HAN_SHARE * len(visible):
        return False
    return bool(_SENTENCE_MARK.search(visible)) and not any(_CODE_LINE.search(line) for line in block.split("\n"))


def _code_like(line: str) -> bool:
    """A line that reads as code: a call or an assignment, or ASCII brackets, quotes or =
    in a line that is mostly not Han (a Chinese sentence's "北京(首都机场)" is prose)."""
    if _CODE_CALL.search(line):
        return True
    visible = "".join(line.split())
    return bool(_CODE_MARKS.search(line)) and len(_HAN.findall(visible)) < PROSE_HAN_SHARE * len(visible)


_PRE_OPEN = re.compile(r"<pre\b", re.I)
_PRE_CLOSE = re.compile(r"</pre\s*>", re.I)


def _pre_spans(text: str) -> list[tuple[int, int]]:
    """Raw HTML <pre> elements, each up to its first </pre> (an unclosed one: to the end).
    The closers are found once and looked up: linear however many openers."""
    if "<" not in text:
        return []
    closers = [m.end() for m in _PRE_CLOSE.finditer(text)]
    spans, reached = [], 0
    for opener in _PRE_OPEN.finditer(text):
        if opener.start() < reached:
            continue
        k = bisect.bisect_left(closers, opener.end())
        reached = closers[k] if k < len(closers) else len(text)
        spans.append((opener.start(), reached))
    return spans


def _unwrap_outside_code(text: str) -> str:
    if "[[" not in text:
        return text
    parts = text.split("`")   # odd parts are inside inline code (a stray backtick: close enough)
    parts[0::2] = [_WIKI_LINK.sub(_wiki_words, part) for part in parts[0::2]]
    return "`".join(parts)


def _wiki_words(match: re.Match) -> str:
    target, label = match.group(1), match.group(2)
    return label.strip() if label and label.strip() else _LANGUAGE_PREFIX.sub("", target.strip())


def set_aside_giant_blocks(text: str) -> tuple[str, dict[str, str]]:
    """Blocks where thousands of inline patterns may start, or where link openers would
    make Python-Markdown read far past them, replaced by placeholders (token -> block).
    Python-Markdown stashes every inline match and re-formats the whole paragraph each
    time, which is quadratic on huge runs of brackets, asterisks, backslashes or tags, and
    reads from each unclosed `](` to the end of its paragraph; such blocks are converted on
    their own (as HTML or plain text) and spliced back in. Code is never touched: fenced
    code (a fence that is closed) and indented blocks."""
    blocks = text.split("\n\n")
    aside: dict[str, str] = {}
    fenced = fenced_spans(text)
    start, span = 0, 0
    for n, block in enumerate(blocks):
        while span < len(fenced) and fenced[span][1] <= start:
            span += 1
        in_fence = span < len(fenced) and fenced[span][0] < start + len(block)
        if not in_fence and not block.startswith(("    ", "\t")) and _too_much_inline(block):
            token = f"ZKGIANTBLOCK{n}ZK"
            aside[token], blocks[n] = block, token
        start += len(block) + 2
    return "\n\n".join(blocks), aside


def fenced_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each fenced code block as Python-Markdown finds them: a fence at the
    start of a line, up to the next line holding the same fence alone. Linear."""
    lines = list(_FENCE_LINE.finditer(text))
    closers: dict[str, list[int]] = {}
    for n, line in enumerate(lines):
        if not line.group(2).strip(" "):
            closers.setdefault(line.group(1), []).append(n)
    spans, n = [], 0
    while n < len(lines):
        later = closers.get(lines[n].group(1), [])
        k = bisect.bisect_right(later, n)
        if k < len(later):
            spans.append((lines[n].start(), lines[later[k]].end()))
            n = later[k] + 1
        else:
            n += 1
    return spans


def _too_much_inline(block: str) -> bool:
    if len(block) > MAX_INLINE_MARKS and inline_marks(block) > MAX_INLINE_MARKS:
        return True
    return "](" in block and link_scan(block) > LINK_SCAN_FLOOR + LINK_SCAN_PER_CHAR * len(block)


def inline_marks(text: str) -> int:
    """Places where a Python-Markdown inline pattern may start (emphasis, escapes, links,
    code, tags, entities, line breaks)."""
    return sum(text.count(mark) for mark in MARK_CHARS) + text.count("  \n")


def link_scan(block: str) -> int:
    """About how many characters Python-Markdown reads after link openers `](` in `block`:
    from each to the next `)`, or to the end of the block (it reads on when the parentheses
    are unbalanced, so this is a lower bound). Linear: the openers are looked up among the
    parentheses, not searched from."""
    openers = [m.end() for m in _LINK_OPENER.finditer(block)]
    closers = [m.start() for m in _CLOSING_PAREN.finditer(block)] + [len(block)]
    total, i = 0, 0
    for opener in openers:
        while closers[i] < opener:
            i += 1
        total += closers[i] - opener
    return total


def too_complex(text: str, max_elements: int) -> str | None:
    """Why Python-Markdown would take too long on `text` (giant blocks set aside already),
    or None: more inline marks than its length warrants, more elements than `max_elements`,
    or many unclosed code fences (each is searched for its end to the end of the text).
    Counted before Python-Markdown runs, linear in the text."""
    bare = _without_fenced_code(text)
    # the tags of a line that starts with one are an HTML block: stashed, not parsed inline
    marks = inline_marks(bare) - sum(line.count("<") for line in bare.split("\n") if line.lstrip()[:1] == "<")
    if marks > MARKS_FLOOR + len(text) // MARK_SPACING:
        return f"{marks} inline Markdown marks in {len(text)} characters"
    quotes = sum(m.group().count(">") for m in _QUOTE_MARKERS.finditer(bare))
    elements = marks // 2 + len(_BLOCK_MARKERS.findall(bare)) + quotes
    if elements > max_elements:
        return f"about {elements} Markdown elements (limit {max_elements})"
    unclosed = unclosed_fences(text)
    if unclosed > MAX_UNCLOSED_FENCES:
        return f"{unclosed} unclosed code fences"
    return None


def _without_fenced_code(text: str) -> str:
    """`text` with its fenced code blocks taken out (Python-Markdown reads no markup there)."""
    pieces, last = [], 0
    for start, end in fenced_spans(text):
        pieces.append(text[last:start])
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def unclosed_fences(text: str) -> int:
    """Fence lines that no later line closes (Python-Markdown searches from each to the end
    of the text); a line inside a closed fenced block is not counted."""
    spans = fenced_spans(text)
    inside = 0
    for start, end in spans:
        inside += sum(1 for _ in _FENCE_LINE.finditer(text, start, end))
    return sum(1 for _ in _FENCE_LINE.finditer(text)) - inside


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


# A block element's opening tag alone on its line (CommonMark's HTML block of kind 6), with
# its summary line if it has one: Hugo, Hexo and GitHub read the text after a blank line
# inside it as Markdown again ("<details>\n<summary>琐碎2021</summary>\n\n**一月**\n\n- …").
_BLOCK_OPENING = re.compile(r"^<(details|div|section|article|aside|center|main|figure|blockquote)"
                            r"(?=[\s>/])(?![^>\n]*\bmarkdown\s*=)([^>\n]{0,500})>[ \t]*$", re.IGNORECASE)
_SUMMARY_LINE = re.compile(r"^<summary[\s>].{0,500}</summary>[ \t]*$", re.IGNORECASE)


def markdown_inside_html(text: str) -> str:
    """A block element opened on a line of its own and followed by a blank line holds
    Markdown, as CommonMark readers (the engines these sources were written for) read it:
    Python-Markdown would keep its whole content raw, so that `**一月**` and `- 项目` came out
    as literal marks in one run of text. The tag is marked for Python-Markdown's md_in_html
    (`markdown="1"`). An element whose content starts on the next line is HTML and stays
    so; fenced code is left alone. Linear."""
    if "<" not in text:
        return text
    lines = text.split("\n")
    fenced = False
    for n, line in enumerate(lines):
        if line.lstrip(" ").startswith(_FENCE):
            fenced = not fenced
        if fenced or not line.startswith("<"):
            continue
        opening = _BLOCK_OPENING.match(line)
        if opening is None:
            continue
        after = n + 1
        if after < len(lines) and _SUMMARY_LINE.match(lines[after]):
            after += 1
        if after < len(lines) and not lines[after].strip():
            tag, rest = opening.group(1), opening.group(2)
            lines[n] = f'<{tag}{rest} markdown="1">'
    return "\n".join(lines)


# a bullet item, or an ordered one that starts the count (CommonMark lets only these break
# into a paragraph): "- 项目", "* 项目", "1. 项目"; not a rule ("- - -") nor "-1.5%"
_LIST_START = re.compile(r"^ {0,3}(?:[-*+]|1[.)])[ \t]+(?![-*_ \t]*$)\S")
_NOT_PARAGRAPH = re.compile(r"^\s*(?:$|[|#>]|<|(?:[-*+]|\d{1,9}[.)])[ \t])|^(?: {4}|\t)")


def lists_after_paragraphs(text: str) -> str:
    """A list right under a line of text ("**经济危机**：" then "- 为支付赔款而征收重税") is a
    list, as CommonMark engines (GitHub, Hugo, Hexo's marked) read it: Python-Markdown
    needs a blank line first and would run its items into the paragraph. One is put in
    when the paragraph above holds no list item already (a lazy continuation of one stays
    its item's). Fenced code is left alone. Linear."""
    if "\n" not in text:
        return text
    out: list[str] = []
    fenced, paragraph, in_list = False, False, False
    for line in text.split("\n"):
        if line.lstrip(" ").startswith(_FENCE):
            fenced = not fenced
            paragraph = in_list = False
            out.append(line)
            continue
        if fenced:
            out.append(line)
            continue
        if not line.strip():
            paragraph = in_list = False
        elif _LIST_START.match(line):
            if paragraph and not in_list:
                out.append("")
            in_list, paragraph = True, False
        elif not in_list:
            paragraph = _NOT_PARAGRAPH.match(line) is None
        out.append(line)
    return "\n".join(out)


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
