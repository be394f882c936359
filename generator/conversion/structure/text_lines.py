"""What one line of a plain-text document is: a numbered section heading, a caption, a
source line, a case-study opener, a lettered or numbered list item, a footnote, or text.

Patterns are script-neutral (图/圖, 来源/來源): script conversion runs after structure.
A numbered line is a heading only when it is short and does not end like a sentence, so
a numbered list of sentences stays a list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_HEADING_CHARS = 40
MAX_CAPTION_CHARS = 100
SENTENCE_END = "。！？!?；;，,…"
CN_NUMERAL = "一二三四五六七八九十百零〇两"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# Numbering styles, each with the regex that recognises it. A document's styles get
# heading levels in order of first appearance (as outline numbering works), except that
# dotted numbers always sit below shorter ones (1 > 1.1 > 1.1.1).
NUMBERING = (
    ("chapter", re.compile(rf"^第[{CN_NUMERAL}\d]{{1,5}}[章篇部]\s*(?P<title>.*)$")),
    ("section", re.compile(rf"^第[{CN_NUMERAL}\d]{{1,5}}节\s*(?P<title>.*)$")),
    ("cn-comma", re.compile(rf"^[{CN_NUMERAL}]{{1,3}}\s*[、，,]\s*(?P<title>.+)$")),
    ("cn-paren", re.compile(rf"^[（(][{CN_NUMERAL}]{{1,3}}[）)]\s*(?P<title>.+)$")),
    ("num-dotted", re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2}){1,3})(?![\d.])\s*(?P<title>[^\d\s%年月日号時时点倍万亿元個个].*)$")),
    ("num", re.compile(r"^(?P<number>\d{1,2})(?![\d.．、，,:：/\-])\s+(?P<title>[^\d\s%年月日号時时点倍万亿元個个].*)$")),
    ("num-paren", re.compile(r"^[（(]?(?P<number>\d{1,2})[)）]\s*(?P<title>\S.*)$")),
    ("num-dot", re.compile(r"^(?P<number>\d{1,2})[.．、](?!\d)\s*(?P<title>\S.*)$")),
)
LETTERED = re.compile(r"^(?P<letter>[a-zA-Z])\s?[.．)）]\s*(?P<title>\S.*)$")
CAPTION = re.compile(r"^(?:[图圖表]|figure|fig\.?|table|chart)\s*\d{1,3}(?:[-.－]\d{1,3})?"
                     r"(?P<sep>\s*[:：.、]|\s)?\s*\S", re.I)
SOURCE = re.compile(r"^(?:资料|資料|数据|數據|图片|圖片)?(?:来源|來源|出处|出處|source)\s*[:：]", re.I)
CASE = re.compile(rf"^(?:案例\s*[{CN_NUMERAL}\d]{{0,3}}\s*[:：]?\s*)?(?:【案例[{CN_NUMERAL}\d]{{0,3}}】|\[案例\])\s*(?P<title>.*)$"
                  rf"|^案例\s*[{CN_NUMERAL}\d]{{0,3}}\s*[:：]\s*(?P<title2>.*)$|^案例$")
BULLET = re.compile(r"^(?:[•●○·■□◆◇▪▸►‣※]|[-*+](?=\s))\s*(?P<title>\S.*)$")
FOOTNOTE = re.compile(rf"^(?P<marker>[{CIRCLED}])\s*(?P<text>\S.*)$")




def _unnamed(pattern: re.Pattern) -> str:
    """The pattern without group names (they repeat across patterns), with its I flag."""
    source = re.sub(r"\(\?P<\w+>", "(?:", pattern.pattern)
    return f"(?i:{source})" if pattern.flags & re.I else f"(?:{source})"


# Every pattern classify() tries, as one: when none matches at the start of a line, the
# line is text, and one match() says so instead of a dozen (most lines are plain text).
_ANY_MARKER = re.compile("|".join(_unnamed(p) for p in (
    SOURCE, CAPTION, CASE, FOOTNOTE, BULLET, LETTERED, *(p for _, p in NUMBERING))))


@dataclass(frozen=True)
class Line:
    kind: str            # heading | caption | case | lettered | numbered | bulleted | footnote | text
    text: str            # the line as written (stripped)
    style: str = ""      # numbering style of a heading/numbered line, or the list label
    body: str = ""       # the line without its marker (list item, case title, note text)
    depth: int = 0       # for dotted numbers: how many parts (1.1 -> 2)


def classify(line: str) -> Line:
    """The kind of one stripped, non-empty line."""
    if not _ANY_MARKER.match(line):
        return Line("text", line)
    return classify_marked(line)


def classify_marked(line: str) -> Line:
    """classify() for a line that may start with a marker (tries each pattern in turn)."""
    if SOURCE.match(line) and len(line) <= MAX_CAPTION_CHARS * 2:
        return Line("caption", line)
    caption = CAPTION.match(line)
    if caption and len(line) <= MAX_CAPTION_CHARS and ((caption.group("sep") or "").strip()
                                                       or not _ends_sentence(line)):
        return Line("caption", line)
    case = CASE.match(line)
    if case:
        title = (case.group("title") or case.group("title2") or "").strip()
        return Line("case", line, body=re.sub(r"^(?:【案例[^】]{0,3}】|\[案例\])\s*", "", title))
    note = FOOTNOTE.match(line)
    if note:
        return Line("footnote", line, style=note.group("marker"), body=note.group("text"))
    numbered = _numbered(line)
    if numbered:
        return numbered
    bullet = BULLET.match(line)
    if bullet:
        return Line("bulleted", line, style="-", body=bullet.group("title").strip())
    lettered = LETTERED.match(line)
    if lettered and _has_han(lettered.group("title")):
        return Line("lettered", line, style="a", body=lettered.group("title").strip())
    return Line("text", line)


def _numbered(line: str) -> Line | None:
    for style, pattern in NUMBERING:
        match = pattern.match(line)
        if not match:
            continue
        title = match.group("title").strip()
        number = match.groupdict().get("number") or ""
        depth = number.count(".") + 1 if number else 1
        if _heading_like(title, style):
            return Line("heading", line, style=style, body=title, depth=depth)
        if style in ("num-dot", "num-paren", "cn-comma", "cn-paren"):
            return Line("numbered", line, style=style, body=title, depth=depth)
        return None
    return None


def _heading_like(title: str, style: str) -> bool:
    if not title or len(title) > MAX_HEADING_CHARS or not _has_word(title):
        return False
    if _ends_sentence(title):
        return False
    if title.endswith((":", "：")) and style not in ("num-paren", "num-dot", "num", "num-dotted"):
        return False
    return True


def _ends_sentence(text: str) -> bool:
    return text.rstrip("”’\"')）")[-1:] in SENTENCE_END if text.rstrip("”’\"')）") else False


def _has_han(text: str) -> bool:
    return re.search(r"[\u4e00-\u9fff]", text) is not None


def _has_word(text: str) -> bool:
    return re.search(r"[\u4e00-\u9fffA-Za-z]", text) is not None
