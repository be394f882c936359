"""Python-Markdown's inline stage, spared text that no inline pattern can match.

Python-Markdown offers every run of text to each inline pattern in turn (code, escapes,
links, images, autolinks, line breaks, HTML, entities, emphasis, footnotes): some fifteen
regular-expression searches and Python calls per run. Chinese prose rarely holds any of
the characters those patterns begin with, and such a run comes out of the stage exactly
as it went in. So, just before that stage, one search asks of each run whether it holds a
character (or, for a line break, the two spaces and newline) that some registered pattern
needs; a run that holds none is marked an `AtomicString`, which the library's inline
stage leaves as it is (its documented meaning), and just after the stage the mark is
taken off again, so every later stage sees what it always saw.

The test is exact only for patterns whose needs are known: the library's own, by their
regular expression, and its emphasis delimiters, by their tokens. A pattern registered by
any other extension turns the shortcut off for the whole document; a run holding the
stage's own placeholder character is always left to it (tests/test_fast_inline.py renders
with and without this and compares).
"""

from __future__ import annotations

import re

from markdown import Extension, inlinepatterns
from markdown.treeprocessors import Treeprocessor
from markdown.util import STX, AtomicString

# A pattern's regular expression -> what a text must contain for it to match: characters,
# or one longer string (the line break's two spaces and newline).
NEEDS: dict[str, str] = {
    inlinepatterns.BACKTICK_RE: "`",
    inlinepatterns.ESCAPE_RE: "\\",
    inlinepatterns.LINK_RE: "[",
    inlinepatterns.IMAGE_LINK_RE: "[",
    inlinepatterns.AUTOLINK_RE: "<",
    inlinepatterns.AUTOMAIL_RE: "<",
    inlinepatterns.HTML_RE: "<",
    inlinepatterns.ENTITY_RE: "&",
    r"\[\^([^\]]*)\]": "[",   # footnotes (a local name in the extension)
}
LINE_BREAK = (inlinepatterns.LINE_BREAK_RE, "  \n")
INLINE_PRIORITY = 20   # the library's inline stage


def trigger(patterns) -> re.Pattern | None:
    """One search that finds anything some pattern in `patterns` could match from (or the
    inline stage's placeholder character), or None when a pattern's needs are unknown."""
    chars: set[str] = {STX}
    strings: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, inlinepatterns.DelimiterProcessor):
            chars.update(token[0] for token in pattern.tokens)
            continue
        if not isinstance(pattern, inlinepatterns.InlineProcessor):
            return None
        source = pattern.compiled_re.pattern
        if source == LINE_BREAK[0]:
            strings.add(LINE_BREAK[1])
        elif source in NEEDS:
            chars.add(NEEDS[source])
        else:
            return None
    alternatives = [f"[{re.escape(''.join(sorted(chars)))}]"] + [re.escape(s) for s in sorted(strings)]
    return re.compile("|".join(alternatives))


class MarkPlainText(Treeprocessor):
    """Before the inline stage: runs no pattern can match become AtomicStrings."""

    def __init__(self, md, marked: list) -> None:
        super().__init__(md)
        self.marked = marked   # (element, "text" | "tail"), for UnmarkPlainText

    def run(self, root):
        self.marked.clear()
        found = trigger(self.md.inlinePatterns)   # extensions may register after us
        if found is None:
            return None
        for element in root.iter():
            for place in ("text", "tail"):
                value = getattr(element, place)
                if value and not isinstance(value, AtomicString) and found.search(value) is None:
                    setattr(element, place, AtomicString(value))
                    self.marked.append((element, place))
        return None


class UnmarkPlainText(Treeprocessor):
    """After the inline stage: the marked runs are plain strings again."""

    def __init__(self, md, marked: list) -> None:
        super().__init__(md)
        self.marked = marked

    def run(self, root):
        for element, place in self.marked:
            value = getattr(element, place)
            if isinstance(value, AtomicString):
                setattr(element, place, str(value))
        self.marked.clear()
        return None


class FastInlineExtension(Extension):
    """Registers the two marking stages around the library's inline stage (only when that
    stage is the library's own: another extension's replacement is left alone)."""

    def extendMarkdown(self, md) -> None:
        from markdown.treeprocessors import InlineProcessor

        current = md.treeprocessors["inline"] if "inline" in md.treeprocessors else None
        if type(current) is not InlineProcessor:
            return
        marked: list = []
        md.treeprocessors.register(MarkPlainText(md, marked), "zhiku_mark_plain", INLINE_PRIORITY + 0.5)
        md.treeprocessors.register(UnmarkPlainText(md, marked), "zhiku_unmark_plain", INLINE_PRIORITY - 0.5)

    def __repr__(self) -> str:   # stable: it is part of the render cache's key
        return "generator.site.speedups.inline.FastInlineExtension()"


def makeExtension(**kwargs):  # noqa: N802 (Python-Markdown's name for the entry point)
    return FastInlineExtension(**kwargs)
