"""Python-Markdown's inline stage, skipping text that no inline pattern can match.

Python-Markdown offers every run of text to each inline pattern in turn (code, escapes,
links, images, autolinks, line breaks, HTML, entities, emphasis, footnotes): some fifteen
regular-expression searches and Python calls per run. Chinese prose rarely holds any of
the characters those patterns begin with, and such a run comes out of the stage exactly
as it went in. This stage first asks, with one search, whether the run holds a character
(or, for a line break, the two spaces and newline) that some registered pattern needs;
if not, the run is left as it is, which is what the full stage would have done.

The test is exact only for patterns whose needs are known: the library's own, by their
regular expression, and its emphasis delimiters, by their tokens. A pattern registered by
any other extension turns the shortcut off for the whole document (tests/test_fast_inline.py
renders with and without it and compares).
"""

from __future__ import annotations

import re

from markdown import Extension, inlinepatterns
from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString

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


def trigger(patterns) -> re.Pattern | None:
    """One search that finds anything some pattern in `patterns` could match from, or
    None when a pattern's needs are unknown."""
    chars: set[str] = set()
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
    alternatives = ([f"[{re.escape(''.join(sorted(chars)))}]"] if chars else [])
    alternatives += [re.escape(s) for s in sorted(strings)]
    return re.compile("|".join(alternatives) or r"(?!)")


class SkippingInlineProcessor(InlineProcessor):
    """The inline stage, returning at once a text no registered pattern can match."""

    _trigger: re.Pattern | None = None

    def run(self, tree, ancestors=None):
        self._trigger = trigger(self.inlinePatterns)   # extensions may register after us
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if (self._trigger is not None and not isinstance(data, AtomicString)
                and self._trigger.search(data) is None):
            return data
        return InlineProcessor._InlineProcessor__handleInline(self, data, patternIndex)


class FastInlineExtension(Extension):
    """Registers SkippingInlineProcessor in place of the library's inline stage (only
    that exact stage: another extension's replacement is left alone)."""

    def extendMarkdown(self, md) -> None:
        current = md.treeprocessors["inline"] if "inline" in md.treeprocessors else None
        if type(current) is InlineProcessor:
            md.treeprocessors.register(SkippingInlineProcessor(md), "inline", 20)

    def __repr__(self) -> str:   # stable: it is part of the render cache's key
        return "generator.fast_inline.FastInlineExtension()"


def makeExtension(**kwargs):  # noqa: N802 (Python-Markdown's name for the entry point)
    return FastInlineExtension(**kwargs)
