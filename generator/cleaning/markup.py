"""What a reader sees of a block's inline Markdown: link texts, not URLs or markup."""

from __future__ import annotations

import html
import re

from ..plaintext import unescape_html
from .fold import cached_by_size

# Linear on any text: no repeat here runs past a character that starts another attempt
# (a bracket, a parenthesis, `<`), so attempts from successive openers never scan the same
# text twice; a repeat followed by something it cannot give back is never re-split. (The
# former `\(([^)\s]*)[^)]*\)` re-split a whole line of Chinese after each `](`: minutes.)
# Link text holds no bracket, a target at most one balanced pair of parentheses (as in
# Markdown), a title (after a space) none.
_TARGET = r"\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s[^()]*)?\)"
IMAGE_RE = re.compile(r"!\[([^\[\]]*)\]" + _TARGET)
LINK_RE = re.compile(r"\[([^\[\]]*)\]" + _TARGET)
AUTOLINK_RE = re.compile(r"<((?:https?:)?//[^<>\s]+)>")
BARE_URL_RE = re.compile(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}\S*", re.IGNORECASE)
_EMPHASIS_RE = re.compile(r"(?<!\\)(\*{1,3}|_{2,3}|~~|`)")
_EMPHASIS_HINT_RE = re.compile(r"[*_~`]")
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")


@cached_by_size
def visible_text(markdown: str) -> str:
    """The text a browser would show: link and image markup and escapes removed."""
    # Most blocks hold no markup at all: a substitution is run only when the characters
    # every match of its pattern contains are there (a `in` test costs far less than a sub).
    text = markdown
    if "](" in text:
        text = _first_groups(LINK_RE, _first_groups(IMAGE_RE, text) if "![" in text else text)
    if "<" in text:
        text = "".join(AUTOLINK_RE.split(text))
    if _EMPHASIS_HINT_RE.search(text):
        text = _EMPHASIS_RE.sub("", text)
    if "\\" in text:
        text = "".join(_ESCAPE_RE.split(text))
    return unescape_html(text).strip()


def _first_groups(pattern: re.Pattern, text: str) -> str:
    """pattern.sub(r"\1", text) for a pattern of two groups, without the template that
    sub() expands in Python for every match (seconds for a hundred thousand links)."""
    pieces = pattern.split(text)   # text, group 1, group 2, text, group 1, group 2, ..., text
    del pieces[2::3]
    return "".join(pieces)


def readable(markdown: str) -> str:
    """Inline Markdown as a person reads it in a report: escapes and entities resolved,
    links kept with their URLs."""
    return unescape_html("".join(_ESCAPE_RE.split(markdown)) if "\\" in markdown else markdown).strip()


def link_texts(markdown: str) -> list[str]:
    """The visible text of every link (Markdown links, autolinks and bare URLs)."""
    texts = [m.group(1) for m in LINK_RE.finditer(IMAGE_RE.sub("", markdown))]
    rest = LINK_RE.sub("", markdown)
    texts += [m.group(1) for m in AUTOLINK_RE.finditer(rest)]
    rest = AUTOLINK_RE.sub("", rest)
    texts += BARE_URL_RE.findall(rest)
    return texts


def link_density(markdown: str) -> float:
    """Share of the visible characters (spaces and separators aside) that are link text."""
    visible = _meaningful(visible_text(markdown))
    if not visible:
        return 0.0
    linked = sum(len(_meaningful(t)) for t in link_texts(markdown))
    return min(1.0, linked / len(visible))


def _meaningful(text: str) -> str:
    text = html.unescape(text)
    return re.sub(r"[\s|｜丨/·•,，、;；:：()（）\[\]【】<>《》-]+", "", text)
