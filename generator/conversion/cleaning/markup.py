"""What a reader sees of a block's inline Markdown: link texts, not URLs or markup."""

from __future__ import annotations

import html
import re

from ..plaintext import inline_to_plain, unescape_html
from ..fold import cached_by_size

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
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")


@cached_by_size
def visible_text(markdown: str) -> str:
    """The text a browser would show (plaintext.inline_to_plain, the one reading of inline
    Markdown), stripped; remembered, since the cleaner looks at a block several times."""
    return inline_to_plain(markdown).strip()


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
