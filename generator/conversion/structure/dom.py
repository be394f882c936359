"""DOM-level preparation of HTML before it becomes Markdown.

Everything that is not content is taken out here and recorded as a Removal: scripts and
styles, frames and forms, navigation/header/footer/aside elements, elements whose class
or id names them as navigation, sidebars, comments, sharing or recommendation blocks,
hidden elements, and, for whole saved pages, whatever lies outside the main content.
Markdown link syntax left in the HTML of blog mirrors becomes real links. (Text-level
whitespace and invisible characters are settled by the converter, on the way out.)

Text-level boilerplate (counters, prev/next links, promos) is the clean stage's job.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from ...document import Removal
from .urls import safe_url

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
    (re.compile(r"comments?|cmt|reply|replies|disqus|pinglun"), "comments"),
    (re.compile(r"share|sharing|social|bdshare|jiathis|fenxiang"), "share"),
    (re.compile(r"related|recommend|recommended|relate|tuijian|xiangguan|guess"), "related"),
    (re.compile(r"ads?|advert|advertisement|adsbygoogle|banner|sponsor|guanggao"), "advert"),
    (re.compile(r"popup|modal|cookie|login|subscribe|signup|qrcode|qr|erweima"), "popup"),
)
_WORD_SPLIT = re.compile(r"[\s_\-:.]+|(?<=[a-z])(?=[A-Z])")
_LAYOUT_TAGS = {"nav", "aside", "footer", "header", "dialog"}   # furniture, but never executable
_KEEP_ALWAYS = {"html", "body", "main", "article", "[document]"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_MARKDOWN_LINK = re.compile(r"\[([^\[\]\n]{1,200})\]\(((?:https?:)?//[^\s()<>]{1,2000})\)|<(https?://[^\s<>\"]{1,2000})>")
_AUTOLINK_IN_HTML = re.compile(r"<(https?://[^\s<>\"]{1,2000})>")


def parse_html(html: str) -> BeautifulSoup:
    """Parse with lxml; Markdown autolinks (`<http://…>`) in blog HTML are text, not tags."""
    html = _AUTOLINK_IN_HTML.sub(lambda m: "&lt;" + m.group(1) + "&gt;", html)
    return BeautifulSoup(html, "lxml")


def max_depth(soup: BeautifulSoup) -> int:
    depth: dict[int, int] = {}
    deepest = 0
    for el in soup.descendants:
        if isinstance(el, Tag):
            level = depth[id(el)] = depth.get(id(el.parent), 0) + 1
            deepest = max(deepest, level)
    return deepest


def flatten_markup(html: str, limit: int = MAX_DEPTH) -> tuple[str, int]:
    """The markup with every tag nested deeper than `limit` dropped (its text kept), and
    how many tags were dropped. Works on the tag stream, so depth costs nothing: the
    parsed tree's own operations (and recursive converters) are too slow or overflow."""
    stack: list[tuple[str, bool]] = []     # (tag name, dropped?)
    open_count: dict[str, int] = {}
    pieces: list[str] = []
    position = dropped = 0
    for match in _TAG.finditer(html):
        closing, name = match.group(1) == "/", match.group(2).lower()
        drop = False
        if closing and open_count.get(name):
            while stack:
                top, top_dropped = stack.pop()
                open_count[top] -= 1
                if top == name:
                    drop = top_dropped
                    break
        elif not closing and name not in _VOID and not match.group(3):
            drop = len(stack) >= limit
            stack.append((name, drop))
            open_count[name] = open_count.get(name, 0) + 1
            dropped += drop
        if drop:
            pieces.append(html[position:match.start()])
            position = match.end()
    pieces.append(html[position:])
    return "".join(pieces), dropped


_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]{0,30})(?:\s[^<>]*?)?(/?)>")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
         "source", "track", "wbr"}


def remove_non_content(root: Tag) -> list[Removal]:
    """Take out scripts, frames, navigation, hidden and furniture elements (recorded)."""
    removals: list[Removal] = []
    for comment in [node for node in root.descendants if isinstance(node, Comment)]:
        comment.extract()
    total = max(len(root.get_text()), 1)
    for el in tags_in(root):
        if _is_decomposed(el) or el.name in _KEEP_ALWAYS:
            continue
        reason = _non_content_reason(el)
        if not reason:
            continue
        if el.name == "form" and _has_running_text(el):
            el.unwrap()   # a page wrapped whole in one <form> (ASP.NET): its controls still go
            continue
        text = el.get_text(" ", strip=True)
        if reason == "header" and (_inside_article(el) or _introduces_page(el, root)):
            continue   # an article's own header holds its headline and byline
        if len(text) > 0.5 * total and (el.name not in NON_CONTENT_TAGS
                                        or el.name in _LAYOUT_TAGS and _has_running_text(el)):
            continue   # a class name or a layout tag cannot outweigh most of the page's text
        if el.name not in NON_CONTENT_TAGS and reason != "hidden" and _holds_article(el):
            continue   # nor the page's own markup for its article ("enableAdSlots" around it)
        removals.append(_removal(reason, el, text))
        el.decompose()
    return [r for r in removals if r.text]


def tags_in(root: Tag, names: set[str] | None = None) -> list[Tag]:
    """root.find_all(True), or find_all(names), in one walk: bs4's generic matcher costs
    more than the walk itself."""
    return [el for el in root.descendants if isinstance(el, Tag) and (names is None or el.name in names)]


def _is_decomposed(el: Tag) -> bool:
    """Tag.decomposed without its cost: bs4 reads the flag with getattr, and on a live tag
    a missing attribute falls through to Tag.__getattr__, a find() over the whole subtree
    (quadratic over a page's elements). decompose() sets the flag in the instance dict."""
    return vars(el).get("_decomposed", False)


def _holds_article(el: Tag) -> bool:
    """The element holds an <article>, <main> or articleBody with running text."""
    inner = el.find_all(["article", "main"]) + el.find_all(attrs={"itemprop": "articleBody"}) \
        + el.find_all(attrs={"role": "main"})
    return any(_has_running_text(c) for c in inner)


def _has_running_text(el: Tag) -> bool:
    return any(len(p.get_text(strip=True)) >= 25 for p in el.find_all("p"))


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


def _introduces_page(el: Tag, root: Tag) -> bool:
    """A <header> that holds the page's only <h1> and sentences of running text (a
    timeline's title and its introduction) opens the page's content; a site's header
    holds a logo, a menu and a slogan at most."""
    return el.find("h1") is not None and len(tags_in(root, {"h1"})) == 1 and _has_running_text(el) \
        and el.find("nav") is None


def _removal(reason: str, el: Tag, text: str) -> Removal:
    if reason in DESCRIBED_ONLY:
        return Removal(reason, f"<{el.name}> element ({len(el.get_text())} characters)")
    if not text and el.name in NON_CONTENT_TAGS:   # an empty frame or form still took a place
        target = safe_url(str(el.get("src") or el.get("action") or el.get("data") or ""))[:200]
        return Removal(reason, f"<{el.name}> element" + (f" ({target})" if target else ""))
    return Removal(reason, text[:REMOVAL_TEXT_LIMIT] + ("…" if len(text) > REMOVAL_TEXT_LIMIT else ""))


_PREFORMATTED = frozenset({"pre", "code", "textarea"})


def _inside(node, names: frozenset) -> bool:
    """Like find_parent(names), without bs4's generic matching (costly per text node)."""
    parent = node.parent
    while parent is not None:
        if parent.name in names:
            return True
        parent = parent.parent
    return False


def link_markdown_syntax(soup: BeautifulSoup, root: Tag) -> None:
    """Blog mirrors keep Markdown links (`[text](url)`, `<http://…>`) in their HTML: make them links."""
    for node in [n for n in root.descendants if isinstance(n, NavigableString) and _MARKDOWN_LINK.search(n)]:
        if _inside(node, _PREFORMATTED | {"a"}):
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


def caption_figures(root: Tag) -> None:
    """A figure's caption becomes its image's alt text (shown under the image) when the
    image has none, instead of a loose paragraph after it."""
    for figure in tags_in(root, {"figure"}):
        images, caption = figure.find_all("img"), figure.find("figcaption")
        if len(images) == 1 and caption is not None and not str(images[0].get("alt") or "").strip():
            images[0]["alt"] = " ".join(caption.get_text(" ", strip=True).split())
            caption.decompose()


def unwrap_layout_tables(root: Tag) -> int:
    """Tables used for page layout (a cell holding paragraphs or another table) become divs."""
    count = 0
    for table in tags_in(root, {"table"}):
        if _is_decomposed(table):
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
