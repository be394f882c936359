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
  every `<` in it begins a tag written on one line, whose quoted values hold no `<`, `>`
  or line break;
- it holds no `id` or `name` attribute (MkDocs must see anchors) and no `markdown`
  attribute, and no stash placeholder.

The library reads the whole page with one parser, so what comes before a block can
change how it reads the block: a `<` that opens no complete tag (`a<b`, `<!x`, `<?x`)
runs on past the blank line, and text left after an element closes joins the next raw
block. So every other piece of the page must leave that parser as it found it: each
`<` in it begins such a one-line tag, and none of those tags is block-level. A page where
that fails, or where anything else could make the library read a block differently (a
comment, `<pre>`, `<script>`, `<style>`, `<textarea>`, a `markdown` attribute, an `&#`
that is no complete character reference), is left entirely to the library.
tests/test_raw_blocks.py renders pages with and without this and compares.
"""

from __future__ import annotations

import re

from markdown import Extension
from markdown.preprocessors import Preprocessor

# A tag on one line: attributes bare or quoted, quoted values without <, > or a line break
# (the parser lets a quoted value hold ">", where a simpler pattern would end the tag).
# Names as the parser reads them: `<index.md>` (a Markdown link target) is a tag to it.
_FULL_TAG = re.compile(r"""<(/?)([a-zA-Z][^\s/<>"'=`]*)"""
                       r"""(?:[ \t]+[^\s"'<>/=]+(?:[ \t]*=[ \t]*(?:"[^"<>\n]*"|'[^'<>\n]*'|[^\s"'=<>`]+))?)*"""
                       r"""[ \t]*/?>""")
VOID = frozenset({"hr", "br", "img", "input", "meta", "link", "area", "base", "col", "embed",
                  "source", "track", "wbr", "param"})
# "&#" that is no complete character reference: the parser may wait for more text at it.
_PAGE_VETO = re.compile(r"<!--|<(?:pre|script|style|textarea)[\s>]|\smarkdown(?:\s*=|[\s>])"
                        r"|&#(?![0-9]+;|[xX][0-9a-fA-F]+;)", re.I)
_ANCHOR = re.compile(r"\s(?:id|name)\s*=", re.I)


def settled(chunk: str, block_level: frozenset[str]) -> bool:
    """Whether `chunk` leaves the library's HTML parser as it found it: every `<` begins a
    one-line tag (_FULL_TAG), and none is block-level, `<hr>` and the other void ones
    included (no raw block opens, closes or leaves text behind)."""
    if "<" not in chunk:
        return True
    tags = _FULL_TAG.findall(chunk)
    return len(tags) == chunk.count("<") and not any(t.lower() in block_level for _, t in tags)


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
        all_block_level = frozenset(self.md.block_level_elements)
        block_level = all_block_level - VOID
        plain = [plain_block(c, block_level) for c in chunks]
        if not any(plain) or not all(p or settled(c, all_block_level) for c, p in zip(chunks, plain)):
            return lines
        # The library keeps the newline that ends a raw block ("</div>\n"), so does this.
        for i, chunk in enumerate(chunks):
            if plain[i]:
                chunks[i] = self.md.htmlStash.store(chunk + "\n")
                self.stashed += 1
        return "\n\n".join(chunks).split("\n")


class RawBlockExtension(Extension):
    """Registers RawBlockPreprocessor after fenced code (25) and before MkDocs' anchor
    scan (21) and the library's raw HTML stage (20)."""

    def extendMarkdown(self, md) -> None:
        md.preprocessors.register(RawBlockPreprocessor(md), "zhiku_raw_blocks", 22)

    def __repr__(self) -> str:   # stable: it is part of the render cache's key
        return "generator.site.raw_blocks.RawBlockExtension()"


def makeExtension(**kwargs):  # noqa: N802 (Python-Markdown's name for the entry point)
    return RawBlockExtension(**kwargs)
