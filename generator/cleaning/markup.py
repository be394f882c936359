"""What a reader sees of a block's inline Markdown: link texts, not URLs or markup."""

from __future__ import annotations

import html
import re

from .fold import cached_by_size

IMAGE_RE = re.compile(r"!\[([^\]]*)\]\(([^)\s]*)[^)]*\)")
LINK_RE = re.compile(r"\[([^\]]*)\]\(([^)\s]*)[^)]*\)")
AUTOLINK_RE = re.compile(r"<((?:https?:)?//[^>\s]+)>")
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
        text = LINK_RE.sub(r"\1", IMAGE_RE.sub(r"\1", text) if "![" in text else text)
    if "<" in text:
        text = AUTOLINK_RE.sub(r"\1", text)
    if _EMPHASIS_HINT_RE.search(text):
        text = _EMPHASIS_RE.sub("", text)
    if "\\" in text:
        text = _ESCAPE_RE.sub(r"\1", text)
    return html.unescape(text).strip()


def readable(markdown: str) -> str:
    """Inline Markdown as a person reads it in a report: escapes and entities resolved,
    links kept with their URLs."""
    return html.unescape(_ESCAPE_RE.sub(r"\1", markdown) if "\\" in markdown else markdown).strip()


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
