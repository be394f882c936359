"""The reader-visible text of blocks: inline Markdown stripped to plain text.

Tags and events look at what a reader sees, not at link targets or escape characters.
"""

from __future__ import annotations

import html
import re

from .document import Block

_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_EMPHASIS = re.compile(r"(\*\*|__|\*|~~|`)")
_ESCAPE = re.compile(r"\\(.)")
_ATTR_LIST = re.compile(r"\{:?\s*[#.][^}]*\}")
_MARKUP = re.compile(r"[\[<{\\*_~`&]")  # a character every pattern below needs
_FOOTNOTE_REF = re.compile(r"\[\^[^\]]+\]")


def inline_to_plain(text: str) -> str:
    """Inline Markdown -> the text a reader sees."""
    if not _MARKUP.search(text):  # most Chinese paragraphs: nothing any pattern below matches
        return text
    text = _IMAGE.sub(r"\1", text)
    text = _FOOTNOTE_REF.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _ATTR_LIST.sub("", text)
    # Escaped characters are protected from the emphasis pass by a placeholder.
    escaped: list[str] = []

    def keep(m: re.Match) -> str:
        escaped.append(m.group(1))
        return f"\x00{len(escaped) - 1}\x00"

    text = _ESCAPE.sub(keep, text)
    text = _EMPHASIS.sub("", text)
    text = re.sub(r"\x00(\d+)\x00", lambda m: escaped[int(m.group(1))], text)
    return html.unescape(text) if "&" in text else text  # "&amp;" shows as "&"


def block_texts(block: Block) -> list[str]:
    """The plain-text pieces of one block (a list has one piece per item)."""
    pieces = [block.text, block.title, *block.items, *(c for row in block.rows for c in row)]
    if block.kind == "image":
        pieces.append(block.alt)
    return [inline_to_plain(p) for p in pieces if p]


def block_plain(block: Block) -> str:
    return " ".join(block_texts(block))
