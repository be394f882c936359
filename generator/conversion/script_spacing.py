"""Spaces and punctuation inside Chinese text: line-wrap spaces and half-width marks.

Text reaching here is plain (Markdown syntax, URLs and code were set aside by the caller).
- A space between two Han characters is removed when it splits a word (`越 来越多`): jieba
  segments the joined text and a word crosses the gap; or when it sits inside running prose
  (sentence punctuation on both sides before any other space: `路上用 手机，`). A space between independent words
  (`芭欧 杭州乐易拍`) or inside a run of short names (`擒虎 豹象 琴弈`) stays.
- `,;:!?` after Chinese text become full-width, never between digits (`54,4841`, `10:30`);
  `(...)` around mostly-Chinese content becomes `（...）`, while `SaaS(Software-as-a-Service)`
  and `(fuwu.taobao.com)` keep half-width brackets: their content is Latin.
- Straight double quotes around Chinese become curly: `顶流 " 冰墩墩 " 的` -> `顶流“冰墩墩”的`.
- Spaces next to full-width punctuation go: `巨大的“生态” ，共同` -> `巨大的“生态”，共同`.
"""

from __future__ import annotations

import re

from .textops import CJK_PUNCT, HAN, HAN_RE, word_across, word_segmenter

SPACES = " \t\u00a0"
# Spaces first: a pattern that starts with a lookbehind is tried at every character. Only
# from the first space of a run (the lookbehind after it): tried from each space, a long
# run not followed by Han would be scanned to its end from each (quadratic).
GAP_RE = re.compile(f"[{SPACES}](?<![{SPACES}]{{2}})[{SPACES}]*(?=[{HAN}])")
LEFT_HAN_RE = re.compile(f"[{HAN}]{{1,8}}$")
RIGHT_HAN_RE = re.compile(f"^[{HAN}]{{1,8}}")
# Bound particles never start a word of their own in a list: a space before them is a wrap;
# nor does a listed name end with 的: a space after it is a wrap too.
PARTICLES = frozenset("的了着吗呢吧")
ENDING_PARTICLES = frozenset("的")
LIST_TOKEN_MAX = 4  # names and keywords in a space-separated list are this short
# Sentence punctuation (either width). A gap whose neighbouring stretches of text both hold
# one, within PROSE_REACH characters and without other whitespace, sits inside running
# prose, where Chinese writes no spaces: a line wrap left it (`下班回家路上用 手机，`).
SENTENCE_PUNCT = frozenset("，。；！？,;!?")
PROSE_REACH = 40

# A half-width mark and the spaces after it; the spaces before it are taken by hand (a
# pattern that starts with `[ \t]*` is tried at every character: 20x slower).
# A mark between ASCII punctuation and another ASCII character (neither a space nor
# emphasis) is not matched at all: no rule can widen it (see _latin_context), and a line of
# a hundred thousand `![](` would otherwise call _widened for each.
HALF_PUNCT_RE = re.compile(r"([,;:!?])(?!(?<=[!-)+-/:-@\[-^`{-}].)[!-)+-^`-}])[ \t]*")
# The common case (a mark right after Chinese text) in one pass without context checks.
# Each pattern starts with a cheap literal and looks behind only where that matched: a
# pattern that starts with a lookbehind is tried at every character (several times slower).
_AFTER_HAN = f"(?<=[{HAN}{CJK_PUNCT.replace(chr(0xb7), '')}].)[ \t]*"
AFTER_HAN_PUNCT_RE = re.compile(f"([,;!?]|:(?!//)){_AFTER_HAN}")
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
# One mark at a time with a plain replacement (no Python call per match), exact when no
# two marks are neighbours: then no pass changes what another pass looks behind at.
AFTER_HAN_MARK_RES = tuple((re.compile(re.escape(mark) + ("(?!//)" if mark == ":" else "") + _AFTER_HAN),
                            wide) for mark, wide in FULL_WIDTH.items())
NEIGHBOUR_MARKS_RE = re.compile(r"[,;:!?][ \t]*[,;:!?]")
DIGITS_RE = re.compile(r"[0-9]*")
DATE_UNITS = ("年", "月", "日")
LABEL_RE = re.compile(f"[{HAN}][A-Za-z0-9]{{1,4}}$")
# A whole line that holds a quote; anchored at line starts (unanchored, every position
# of a quote-less line would scan to its end: quadratic in the line's length).
QUOTED_LINE_RE = re.compile(r'^[^\n"]*"[^\n]*', re.MULTILINE)
QUOTE_PAIR_RE = re.compile(r'"([^"\n]{1,200})"')
PAREN_RE = re.compile(r"\(([^()\n]{1,300})\)")
LATIN_RE = re.compile(r"[A-Za-z]")
PUNCT_NO_DOT = CJK_PUNCT.replace("\u00b7", "")
SPACE_BEFORE_PUNCT_RE = re.compile(f"[ \t](?<![ \t]{{2}})[ \t]*(?=[{PUNCT_NO_DOT}])")   # as GAP_RE
SPACE_AFTER_PUNCT_RE = re.compile(f"([{PUNCT_NO_DOT}])[ \t]+(?=[{HAN}{PUNCT_NO_DOT}])")
HAN_OR_PUNCT_RE = re.compile(f"[{HAN}{PUNCT_NO_DOT}]")
EMPHASIS = "*_~"
NOT_NEIGHBOURS = SPACES + EMPHASIS   # _neighbour looks past these


def join_wrapped_words(text: str, probe: str | None = None) -> str:
    """Remove spaces that a line wrap left inside words.

    `probe` is a Simplified copy of `text` with the same length (jieba's dictionary is
    Simplified); the decision is made on it and applied to `text`.
    """
    probe = text if probe is None else probe
    pieces, last = [], 0
    for gap in GAP_RE.finditer(probe):
        if gap.start() == 0 or not HAN_RE.match(probe, gap.start() - 1):
            continue
        if _splits_a_word(probe, gap.start(), gap.end()):
            pieces.append(text[last:gap.start()])
            last = gap.end()
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def _splits_a_word(text: str, start: int, end: int) -> bool:
    if _in_short_token_list(text, start, end):
        return False
    if _punctuated(text, start - 1, -1) and _punctuated(text, end, 1):
        return True
    left = LEFT_HAN_RE.search(text, max(0, start - 8), start).group()
    right = RIGHT_HAN_RE.search(text[end:end + 8]).group()
    if right[0] in PARTICLES or left[-1] in ENDING_PARTICLES:
        return True
    if not word_across(left, right):  # no word to cross the gap: skip the segmentation
        return False
    joined, boundary, offset = left + right, len(left), 0
    for word in word_segmenter().cut(joined, HMM=False):
        offset += len(word)
        if offset >= boundary:
            return offset > boundary and len(word) > 1
    return False


def _punctuated(text: str, at: int, step: int) -> bool:
    """Sentence punctuation within PROSE_REACH characters from `at` going `step`-wise,
    before any whitespace (bounded: a paragraph may have thousands of characters)."""
    for _ in range(PROSE_REACH):
        if at < 0 or at >= len(text) or text[at].isspace():
            return False
        if text[at] in SENTENCE_PUNCT:
            return True
        at += step
    return False


def _in_short_token_list(text: str, start: int, end: int) -> bool:
    """True for a space inside a run of short space-separated tokens (a list of names)."""
    # Look no further than a list token can be long (a paragraph has thousands of characters).
    left_start, left_limit = start, max(0, start - LIST_TOKEN_MAX - 1)
    while left_start > left_limit and not text[left_start - 1].isspace():
        left_start -= 1
    right_end, right_limit = end, min(len(text), end + LIST_TOKEN_MAX + 1)
    while right_end < right_limit and not text[right_end].isspace():
        right_end += 1
    if start - left_start > LIST_TOKEN_MAX or right_end - end > LIST_TOKEN_MAX:
        return False
    before_is_space = left_start > 0 and text[left_start - 1] in SPACES
    after_is_space = right_end < len(text) and text[right_end] in SPACES
    return before_is_space or after_is_space


def widen_punctuation(text: str) -> str:
    """Half-width punctuation in Chinese text becomes full-width (see module docstring)."""
    text = _widened_after_han(text)
    text = _widened_half_marks(text)
    for _ in range(2):  # twice: an inner pair converted first lets the outer pair match
        text = PAREN_RE.sub(lambda m: _widened_parens(text, m), text)
    if '"' in text:
        text = QUOTED_LINE_RE.sub(lambda m: _curled_quotes(m.group()), text)
    text = SPACE_BEFORE_PUNCT_RE.sub(lambda m: _space_before_punct(text, m), text)
    return SPACE_AFTER_PUNCT_RE.sub(r"\1", text)


def _space_before_punct(text: str, m: re.Match[str]) -> str:
    before = text[m.start() - 1] if m.start() else ""
    return "" if before and HAN_OR_PUNCT_RE.match(before) else m.group()


def _widened_after_han(text: str) -> str:
    """Marks right after Chinese text made full-width (AFTER_HAN_PUNCT_RE, in one pass)."""
    if NEIGHBOUR_MARKS_RE.search(text):
        return AFTER_HAN_PUNCT_RE.sub(lambda m: FULL_WIDTH[m.group(1)], text)
    for pattern, wide in AFTER_HAN_MARK_RES:
        text = pattern.sub(wide, text)
    return text


def _widened_half_marks(text: str) -> str:
    """Each remaining mark with the spaces around it (those before it not taken by the
    previous mark), decided by _widened."""
    pieces, last = [], 0
    for m in HALF_PUNCT_RE.finditer(text):
        start = m.start()
        while start > last and text[start - 1] in " \t":
            start -= 1
        pieces.append(text[last:start])
        pieces.append(_widened(text, text[start:m.end()], m.group(1), m.start(1)))
        last = m.end()
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def _widened(text: str, whole: str, mark: str, at: int) -> str:
    """`whole` (the mark at `at` with its spaces) or the full-width mark that replaces it."""
    after = at + 1
    if mark == ":" and text.startswith("//", after):
        return whole
    if _latin_context(text, at, after):
        return whole
    left, right = _neighbour(text, at, -1), _neighbour(text, after, 1)
    if _between_digits(text, at, after):
        # 54,4841  10:30  1:2 stay; a caption number before a date does not: 表2:2015年
        return FULL_WIDTH[mark] if mark == ":" and _labels_a_date(text, at, after) else whole
    if left and HAN_OR_PUNCT_RE.match(left):
        return FULL_WIDTH[mark]
    if mark in ",;:" and right and HAN_OR_PUNCT_RE.match(right) and (not left or left.isascii()):
        return FULL_WIDTH[mark]  # 图1:阿里 -> 图1：阿里, 2015,阿里 -> 2015，阿里
    if mark == ":" and right and _after_chinese_label(text, at):
        return FULL_WIDTH[mark]  # 图8:DT商业 -> 图8：DT商业
    return whole


def _latin_context(text: str, at: int, after: int) -> bool:
    """True when no rule below can widen the mark at `at`, told from the characters near
    it (cheap: a line of a hundred thousand marks between Latin characters asks this for
    each): both neighbours are ASCII, neither a space nor emphasis, and no Chinese label
    can end right before it (LABEL_RE: a letter or digit with a Chinese character within
    reach before it, or such a letter or digit and a newline, which its `$` matches before);
    every rule then needs a Chinese character."""
    if not 0 < at or after >= len(text):
        return False
    left, right = text[at - 1], text[after]
    if not (left.isascii() and right.isascii()) or left in NOT_NEIGHBOURS or right in NOT_NEIGHBOURS:
        return False
    if left == "\n":   # LABEL_RE's `$` matches before it: a label would end just before it
        return at < 2 or not (text[at - 2].isascii() and text[at - 2].isalnum())
    return not left.isalnum() or text[max(0, at - 5):at].isascii()


def _between_digits(text: str, at: int, after: int) -> bool:
    return 0 < at and after < len(text) and text[at - 1].isdigit() and text[after].isdigit()


def _labels_a_date(text: str, at: int, after: int) -> bool:
    digits = DIGITS_RE.match(text, after)
    return _after_chinese_label(text, at) and text[digits.end():digits.end() + 1] in DATE_UNITS


def _after_chinese_label(text: str, at: int) -> bool:
    """True when `text[:at]` ends with a Chinese word and a number or code: 图8, 表2, 附录A."""
    label = LABEL_RE.search(text, max(0, at - 12), at)
    return label is not None


def _neighbour(text: str, index: int, step: int) -> str:
    """The nearest character from `index` in direction `step`, past spaces and emphasis."""
    i = index - 1 if step < 0 else index
    while 0 <= i < len(text) and (text[i] in SPACES or text[i] in EMPHASIS):
        i += step
    return text[i] if 0 <= i < len(text) else ""


def _curled_quotes(line: str) -> str:
    """`顶流 " 冰墩墩 " 的` -> `顶流 “冰墩墩” 的` when every "..." pair of the line quotes Chinese.

    All or nothing: an odd count, or one pair around Latin text (`"OK"`, 5'10"), and the
    line keeps its straight quotes, since their pairing is then a guess.
    """
    pairs = QUOTE_PAIR_RE.findall(line)
    if line.count('"') % 2 or not pairs or not all(HAN_RE.search(p) for p in pairs):
        return line
    return QUOTE_PAIR_RE.sub(lambda m: f"“{m.group(1).strip(SPACES)}”", line)


def _widened_parens(text: str, m: re.Match[str]) -> str:
    """(mostly Chinese) inside Chinese text -> （...）; `Alibaba (阿里巴巴) is` keeps its pair."""
    content = m.group(1)
    han = len(HAN_RE.findall(content))
    if not han or han < len(LATIN_RE.findall(content)):
        return m.group()
    left, right = _neighbour(text, m.start(), -1), _neighbour(text, m.end(), 1)
    if _latin_word_char(left) and _latin_word_char(right):
        return m.group()
    return f"（{content}）"


def _latin_word_char(char: str) -> bool:
    return char.isascii() and char.isalpha()
