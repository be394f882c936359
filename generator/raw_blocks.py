"""Raw HTML blocks handed to Python-Markdown's stash as they are, unparsed.

A generated list page (the timeline's events, a tag's documents) is mostly one raw HTML
block; the conversion report, many small ones. Python-Markdown passes such blocks
through unchanged, but first parses them twice with Python's HTMLParser (MkDocs looking
for anchor ids, then the library finding where each ends): at 1–2 MB/s, most of what
those pages cost. This preprocessor stores a block in the stash itself, as the library
would, when where it ends is plain to see:

- it follows a blank line (or starts the page) and runs to the next blank line;
- it is complete block-level elements (as the library counts them), properly nested,
  each opening at a line's start and closing at a line's end, nothing between them, and
  every `<` in it begins a tag;
- it holds no `id` or `name` attribute (MkDocs must see anchors) and no `markdown`
  attribute, and no stash placeholder.

A page where anything could make the library read a block differently (a block-level
element that does not close before a blank line, a comment, `<pre>`, `<script>`,
`<style>`, `<textarea>`, a `markdown` attribute anywhere) is left entirely to the library.
tests/test_raw_blocks.py renders pages with and without this and compares.
"""

from __future__ import annotations

import re

from markdown import Extension
from markdown.preprocessors import Preprocessor

_ANY_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
_FULL_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?>")
VOID = frozenset({"hr", "br", "img", "input", "meta", "link", "area", "base", "col", "embed",
                  "source", "track", "wbr", "param"})
_PAGE_VETO = re.compile(r"<!--|<(?:pre|script|style|textarea)[\s>]|\smarkdown(?:\s*=|[\s>])", re.I)
_ANCHOR = re.compile(r"\s(?:id|name)\s*=", re.I)


def balanced(chunk: str, block_level: frozenset[str]) -> bool:
    """Each block-level element (as the library counts them) that opens in `chunk` closes
    in it, and none closes unopened: else a raw block could run on past the blank line."""
    depth: dict[str, int] = {}
    for closing, tag in _ANY_TAG.findall(chunk):
        tag = tag.lower()
        if tag in block_level:
            depth[tag] = depth.get(tag, 0) + (-1 if closing else 1)
            if depth[tag] < 0:   # closed before it opened: it may open and stay open later
                return False
    return not any(depth.values())


def plain_block(chunk: str, block_level: frozenset[str]) -> bool:
    """Whether `chunk` (text between blank lines) is raw HTML whose reading is certain:
    complete block-level elements, each opening at a line's start and closing at a line's
    end, nested properly, with nothing between them; every `<` begins a tag."""
    if not chunk.startswith("<") or "\x02" in chunk or "\x03" in chunk or _ANCHOR.search(chunk):
        return False
    open_tags: list[str] = []
    resumed = 0   # where the text between top-level elements began
    tags = 0
    for match in _FULL_TAG.finditer(chunk):
        tags += 1
        closing, tag = match[1], match[2].lower()
        if not open_tags and (closing or tag not in block_level or match[0].endswith("/>")
                              or chunk[resumed:match.start()] != ("\n" if resumed else "")):
            return False
        if tag not in block_level or match[0].endswith("/>"):
            continue
        if not closing:
            open_tags.append(tag)
        elif open_tags[-1] != tag:
            return False
        else:
            open_tags.pop()
            resumed = match.end()
    return not open_tags and resumed == len(chunk) and tags == chunk.count("<")


class RawBlockPreprocessor(Preprocessor):
    stashed = 0   # blocks stashed in the last run (tests read it)

    def run(self, lines: list[str]) -> list[str]:
        self.stashed = 0
        text = "\n".join(lines)
        if "<" not in text or _PAGE_VETO.search(text):
            return lines
        chunks = text.split("\n\n")
        block_level = frozenset(self.md.block_level_elements) - VOID
        if not all(balanced(c, block_level) for c in chunks if "<" in c):
            return lines
        # The library keeps the newline that ends a raw block ("</div>\n"), so does this.
        stashed = []
        for chunk in chunks:
            if plain_block(chunk, block_level):
                stashed.append(self.md.htmlStash.store(chunk + "\n"))
                self.stashed += 1
            else:
                stashed.append(chunk)
        return "\n\n".join(stashed).split("\n")


class RawBlockExtension(Extension):
    """Registers RawBlockPreprocessor after fenced code (25) and before MkDocs' anchor
    scan (21) and the library's raw HTML stage (20)."""

    def extendMarkdown(self, md) -> None:
        md.preprocessors.register(RawBlockPreprocessor(md), "zhiku_raw_blocks", 22)

    def __repr__(self) -> str:   # stable: it is part of the render cache's key
        return "generator.raw_blocks.RawBlockExtension()"


def makeExtension(**kwargs):  # noqa: N802 (Python-Markdown's name for the entry point)
    return RawBlockExtension(**kwargs)
