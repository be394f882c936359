"""DOM-level preparation of HTML before it becomes Markdown.

Everything that is not content is taken out here and recorded as a Removal: scripts and
styles, frames and forms, navigation/header/footer/aside elements, elements whose class
or id names them as navigation, sidebars, comments, sharing or recommendation blocks,
hidden elements, and, for whole saved pages, whatever lies outside the main content.
Text-level problems are settled too: invisible characters, no-break spaces, line breaks
inside Chinese text, Markdown link syntax left in the HTML of blog mirrors.

Text-level boilerplate (counters, prev/next links, promos) is the clean stage's job.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from ..document import Removal
from .inline import clean_invisible, join_lines

MAX_DEPTH = 64                # deeper elements are unwrapped (recursive converters overflow)
REMOVAL_TEXT_LIMIT = 300      # characters of removed text kept in the report per piece

# Tags that never carry article content, with the reason recorded for them.
NON_CONTENT_TAGS = {
    "script": "script", "noscript": "script", "template": "script", "style": "style",
    "link": "style", "meta": "metadata", "iframe": "frame", "frame": "frame",
    "frameset": "frame", "object": "embedded-object", "embed": "embedded-object",
    "applet": "embedded-object", "svg": "embedded-object", "canvas": "embedded-object",
    "form": "form", "input": "form", "button": "form", "select": "form", "textarea": "form",
    "nav": "navigation", "aside": "sidebar", "footer": "footer", "header": "header",
    "dialog": "popup", "audio": "embedded-object", "video": "embedded-object",
}
# Code-like content: the report says what it was instead of quoting it.
DESCRIBED_ONLY = {"script", "style", "metadata", "embedded-object"}

# class/id words that name page furniture, and the reason recorded.
FURNITURE_WORDS = (
    (re.compile(r"breadcrumbs?|crumbs?|menus?|navbar|navigation|nav|topbar|toolbar|pagination|pager"),
     "navigation"),
    (re.compile(r"footer|foot|copyright|bottombar"), "footer"),
    (re.compile(r"sidebar|sidebox|side|widget|aside"), "sidebar"),
    (re.compile(r"comments?|reply|replies|disqus"), "comments"),
    (re.compile(r"share|sharing|social|bdshare|jiathis"), "share"),
    (re.compile(r"related|recommend|recommended|relate|hotnews|tuijian|xiangguan"), "related"),
    (re.compile(r"ads?|advert|advertisement|adsbygoogle|banner|sponsor|guanggao"), "advert"),
    (re.compile(r"popup|modal|cookie|login|subscribe|signup|qrcode|erweima"), "popup"),
)
_WORD_SPLIT = re.compile(r"[\s_\-:.]+|(?<=[a-z])(?=[A-Z])")
_KEEP_ALWAYS = {"html", "body", "main", "article", "[document]"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_MARKDOWN_LINK = re.compile(r"\[([^\[\]\n]{1,200})\]\(((?:https?:)?//[^\s()<>]{1,2000})\)|<(https?://[^\s<>\"]{1,2000})>")
_BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n\s*")
_AUTOLINK_IN_HTML = re.compile(r"<(https?://[^\s<>\"]{1,2000})>")


def parse_html(html: str) -> BeautifulSoup:
    """Parse with lxml; Markdown autolinks (`<http://…>`) in blog HTML are text, not tags."""
    html = _AUTOLINK_IN_HTML.sub(lambda m: "&lt;" + m.group(1) + "&gt;", html)
    return BeautifulSoup(html, "lxml")


def flatten_deep_nesting(soup: BeautifulSoup) -> int:
    """Unwrap elements nested deeper than MAX_DEPTH; returns how many were unwrapped."""
    depth: dict[int, int] = {}
    too_deep: list[Tag] = []
    for el in soup.descendants:
        if isinstance(el, Tag):
            level = depth.get(id(el.parent), 0) + 1
            depth[id(el)] = level
            if level > MAX_DEPTH:
                too_deep.append(el)
    for el in reversed(too_deep):
        el.unwrap()
    return len(too_deep)


def remove_non_content(root: Tag) -> list[Removal]:
    """Take out scripts, frames, navigation, hidden and furniture elements (recorded)."""
    removals: list[Removal] = []
    for comment in root.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    total = max(len(root.get_text()), 1)
    for el in list(root.find_all(True)):
        if el.decomposed or el.name in _KEEP_ALWAYS:
            continue
        reason = _non_content_reason(el)
        if not reason:
            continue
        text = el.get_text(" ", strip=True)
        if reason == "header" and _inside_article(el):
            continue   # an article's own header holds its headline and byline
        if len(text) > 0.5 * total and el.name not in NON_CONTENT_TAGS:
            continue   # a class name cannot outweigh most of the page's text
        removals.append(_removal(reason, el, text))
        el.decompose()
    return [r for r in removals if r.text]


def _non_content_reason(el: Tag) -> str:
    if el.name in NON_CONTENT_TAGS:
        return NON_CONTENT_TAGS[el.name]
    if el.has_attr("hidden") or _HIDDEN_STYLE.search(str(el.get("style", ""))) \
            or el.get("aria-hidden") == "true":
        return "hidden"
    if el.get("role") in ("navigation", "banner", "contentinfo", "complementary", "search"):
        return "navigation"
    words = _class_words(el)
    for pattern, reason in FURNITURE_WORDS:
        if any(pattern.fullmatch(word) for word in words):
            return reason
    return ""


def _class_words(el: Tag) -> list[str]:
    names = el.get("class") or []
    names = names if isinstance(names, list) else [names]
    words: list[str] = []
    for name in names + [str(el.get("id") or "")]:
        words.extend(w.lower() for w in _WORD_SPLIT.split(name) if w)
    return words


def _inside_article(el: Tag) -> bool:
    return el.find_parent(["article", "main"]) is not None


def _removal(reason: str, el: Tag, text: str) -> Removal:
    if reason in DESCRIBED_ONLY:
        return Removal(reason, f"<{el.name}> element ({len(el.get_text())} characters)")
    return Removal(reason, text[:REMOVAL_TEXT_LIMIT] + ("…" if len(text) > REMOVAL_TEXT_LIMIT else ""))


def normalize_text(root: Tag) -> None:
    """Invisible characters out, no-break spaces to spaces, line breaks joined CJK-aware."""
    for node in list(root.find_all(string=True)):
        if isinstance(node, Comment) or node.find_parent(["pre", "code", "textarea"]):
            continue
        text = str(node)
        fixed = join_lines(clean_invisible(text)) if "\n" in text else clean_invisible(text)
        if fixed != text:
            node.replace_with(NavigableString(fixed))


def split_blank_lines(soup: BeautifulSoup, root: Tag) -> None:
    """A blank line inside loose text separates paragraphs (blog bodies are Markdown+HTML)."""
    for node in list(root.find_all(string=_BLANK_LINE)):
        if isinstance(node, Comment) or node.find_parent(["pre", "code", "textarea"]):
            continue
        pieces: list = []
        for n, piece in enumerate(_BLANK_LINE.split(str(node))):
            if n:
                pieces.append(soup.new_tag("br"))
            pieces.append(NavigableString(piece))
        node.replace_with(*pieces)


def link_markdown_syntax(soup: BeautifulSoup, root: Tag) -> None:
    """Blog mirrors keep Markdown links (`[text](url)`, `<http://…>`) in their HTML: make them links."""
    for node in list(root.find_all(string=_MARKDOWN_LINK)):
        if node.find_parent(["pre", "code", "a"]):
            continue
        pieces: list = []
        position = 0
        text = str(node)
        for match in _MARKDOWN_LINK.finditer(text):
            pieces.append(NavigableString(text[position:match.start()]))
            anchor = soup.new_tag("a", href=match.group(2) or match.group(3))
            anchor.string = match.group(1) or match.group(3)
            pieces.append(anchor)
            position = match.end()
        pieces.append(NavigableString(text[position:]))
        node.replace_with(*[p for p in pieces if str(p) or isinstance(p, Tag)])


def unwrap_layout_tables(root: Tag) -> int:
    """Tables used for page layout (a cell holding paragraphs or another table) become divs."""
    count = 0
    for table in list(root.find_all("table")):
        if table.decomposed:
            continue
        cells = table.find_all(["td", "th"])
        rows = table.find_all("tr")
        layout = any(cell.find(["p", "div", "table", "h1", "h2", "h3", "ul", "ol", "img"]) for cell in cells)
        if layout or len(rows) <= 1 and len(cells) <= 1:
            for el in [table] + table.find_all(["tbody", "thead", "tfoot", "tr", "td", "th"]):
                el.name = "div"
                el.attrs = {}
            count += 1
    return count
