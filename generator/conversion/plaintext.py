"""The reader-visible text of blocks: inline Markdown stripped to plain text.

Tags and events look at what a reader sees, not at link targets or escape characters.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from ..document import Block

# Linear on any text (see cleaning/markup.py): no repeat runs past the character that
# starts another attempt, so no stretch of text is scanned from more than one opener.
_TARGET = r"\((?:[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s[^()]*)?\)"
_IMAGE = re.compile(r"!\[([^\[\]]*)\]" + _TARGET)
_LINK = re.compile(r"\[([^\[\]]*)\]" + _TARGET)
_AUTOLINK = re.compile(r"<(https?://[^<>\s]+)>")
_EMPHASIS = re.compile(r"(\*\*|__|\*|~~|`)")
_ESCAPE = re.compile(r"\\(.)")
_ATTR_LIST = re.compile(r"\{:?\s*[#.][^{}]*\}")
_MARKUP = re.compile(r"[\[<{\\*_~`&]")  # a character every pattern below needs
_FOOTNOTE_REF = re.compile(r"\[\^[^\[\]]+\]")


def inline_to_plain(text: str) -> str:
    """Inline Markdown -> the text a reader sees."""
    if not _MARKUP.search(text):  # most Chinese paragraphs: nothing any pattern below matches
        return text
    # split() with the one group kept and join() is sub(r"\1") without a template
    # expanded in Python for every match (seconds on a line of a hundred thousand links)
    text = "".join(_IMAGE.split(text)) if "![" in text else text
    text = _FOOTNOTE_REF.sub("", text) if "[^" in text else text
    text = "".join(_LINK.split(text)) if "](" in text else text
    text = "".join(_AUTOLINK.split(text)) if "<" in text else text
    text = _ATTR_LIST.sub("", text) if "{" in text else text
    # Escaped characters are kept from the emphasis pass: it runs between them only.
    pieces = _ESCAPE.split(text) if "\\" in text else [text]   # plain, escaped, plain, ...
    if len(pieces) == 1 or "\x00" in text:
        pieces[0::2] = [_EMPHASIS.sub("", p) if p else p for p in pieces[0::2]]
    else:   # one pass over them all (no token holds the separator), not one per piece
        pieces[0::2] = _EMPHASIS.sub("", "\x00".join(pieces[0::2])).split("\x00")
    text = "".join(pieces)
    return unescape_html(text)  # "&amp;" shows as "&"


def unescape_html(text: str) -> str:
    """html.unescape(text), with the entities the writer makes of `<`, `>`, `"` and `&`
    replaced without its Python call per entity (a second per 250,000 of them). Exact:
    what these replace cannot start another entity, and `&amp;` is replaced only when it
    is all that is left."""
    if "&" not in text:
        return text
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    if text.count("&") == text.count("&amp;"):
        return text.replace("&amp;", "&")
    return html.unescape(text)


def block_texts(block: Block) -> list[str]:
    """The plain-text pieces of one block (a list has one piece per item)."""
    return list(_block_texts(block))


@lru_cache(maxsize=1024)   # titles, credits and datelines read the first blocks several times
def _block_texts(block: Block) -> tuple[str, ...]:
    pieces = [block.text, block.title, *block.items, *(c for row in block.rows for c in row)]
    if block.kind == "image":
        pieces.append(block.alt)
    return tuple(inline_to_plain(p) for p in pieces if p)


def block_plain(block: Block) -> str:
    return " ".join(_block_texts(block))
