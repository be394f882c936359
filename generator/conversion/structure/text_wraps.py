"""Lines cut inside a paragraph, re-joined.

Three ways collected text gets cut: fixed-width wrapping (most lines one width, ending
mid-sentence), PDF copies (blank lines between paragraphs, lines inside them ending
mid-sentence), and indented-paragraph files (`　　` opens a paragraph, the lines that
continue it are not indented). A blank line always ends a paragraph; a heading, caption
or list line is never swallowed. A cut line filled its width, so a line is never joined
to one much shorter than itself (a dateline or a headline above a caption stays apart),
and the lines above a file's first indented paragraph are its head (title, page index),
not the continuation of anything.
"""

from __future__ import annotations

import re
import unicodedata

from .inline import join_lines
from .text_lines import classify

PARAGRAPH_END = "。！？!?…；;：:"   # a line ending otherwise was cut inside its sentence
FILLED_SHARE = 0.8   # a cut line is at least this share of the next line's width
_INDENT = re.compile(r"^(?:\u3000|[ \t]{2,}|\u00a0{2,})")


def join_by_indentation(body: str) -> str:
    """Where paragraphs open with an indent (`　　`, as Chinese text files do) and many
    lines do not, the unindented lines continue the paragraph above them."""
    lines = body.split("\n")
    filled = [line for line in lines if line.strip()]
    indented = sum(1 for line in filled if _INDENT.match(line))
    if len(filled) < 5 or not 0.2 <= indented / len(filled) <= 0.8:
        return body
    out: list[str] = []
    in_paragraph = False   # the line above belongs to a paragraph opened by an indent
    for line in lines:
        previous = out[-1] if out else ""
        if in_paragraph and line.strip() and not _INDENT.match(line) and _continues(previous, line.strip()):
            out[-1] = join_lines(previous + "\n" + line.strip())
        else:
            out.append(line)
            in_paragraph = bool(line.strip()) and bool(_INDENT.match(line))
    return "\n".join(out)


def _continues(previous: str, line: str) -> bool:
    if classify(line).kind != "text":
        return False
    return not (len(line) < 15 and _ends_sentence(previous))   # a short title after a paragraph


def join_hard_wraps(lines: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Re-join lines that were cut inside a paragraph: either most lines are (nearly) one
    width and end mid-sentence (fixed-width wrapping; lists of headlines vary in length),
    or blank lines separate paragraphs and the lines inside them mostly end mid-sentence
    (text copied out of PDFs). A blank line always ends a paragraph."""
    cut = _wrap_test(lines)
    if cut is None:
        return lines
    # A paragraph's lines are gathered and joined once: joining each line to the paragraph
    # so far re-read it every time (quadratic in a long hard-wrapped text).
    out: list[tuple[str, str]] = []
    paragraph: list[str] = []
    continues = False
    for kind, text in lines:
        if continues and kind == "line" and classify(text).kind == "text" and _fills(paragraph[-1], text):
            paragraph.append(text)
        else:
            _flush(out, paragraph)
            out.append((kind, text))
            paragraph = [text] if kind == "line" else []
        continues = kind == "line" and cut(text)
    _flush(out, paragraph)
    return out


def _flush(out: list[tuple[str, str]], paragraph: list[str]) -> None:
    """The last line in `out` replaced by the whole of `paragraph` when that has joined lines."""
    if len(paragraph) > 1:
        out[-1] = ("line", join_lines("\n".join(paragraph)))


def _wrap_test(lines: list[tuple[str, str]]):
    """A predicate telling whether a line was cut mid-paragraph, or None if none were."""
    lengths = sorted(len(text) for kind, text in lines if kind == "line" and len(text) >= 10)
    if len(lengths) >= 5:
        width = lengths[int(len(lengths) * 0.9) - 1]
        cut = [t for k, t in lines if k == "line" and _is_cut(t, width)]
        if width >= 20 and len(cut) >= 3 and len(cut) >= 0.6 * len(lengths):
            return lambda text: _is_cut(text, width)
    pairs = [(a[1], b[1]) for a, b in zip(lines, lines[1:]) if a[0] == b[0] == "line"]
    blanks = sum(1 for kind, _ in lines if kind == "blank")
    open_ends = [a for a, b in pairs if len(a) >= 15 and not _ends_sentence(a)]
    if blanks >= 2 and len(pairs) >= 3 and len(open_ends) >= 0.6 * len(pairs):
        return lambda text: len(text) >= 15 and not _ends_sentence(text)
    return None


def _fills(line: str, following: str) -> bool:
    """Whether `line` is about as wide as the line after it, as a line cut at the page's
    width is (Han characters count twice the width of Latin letters and digits)."""
    return _display_width(line) >= FILLED_SHARE * _display_width(following)


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _is_cut(text: str, width: int) -> bool:
    return len(text) >= 0.9 * width and not _ends_sentence(text)


def _ends_sentence(text: str) -> bool:
    """Whether a line ends where a paragraph may end (a comma never does)."""
    return text.rstrip("”’\"')）」』")[-1:] in PARAGRAPH_END
