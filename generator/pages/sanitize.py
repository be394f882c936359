"""Allow-list sanitising of the HTML that source text reaches a page through.

Sources are scraped from the web, so anything in them may be hostile: a `<script>` in a
blog mirror, an `onerror` on an image, a `javascript:` link, raw HTML that Markdown passes
through. The writer already escapes what it puts into Markdown; this is the second wall:
the HTML that Markdown (with the extensions in mkdocs.yml) makes of a generated article is
cleaned with nh3 (a real HTML5 parser, the Rust `ammonia` library) before MkDocs puts it
into Material's page template. Only what our Markdown can legitimately produce survives.

Front matter values are not HTML but Material's templates print `page.meta.title` without
escaping it (and `<title>` un-escapes entities after stripping tags), so strings that
become template variables are made inert with `inert_meta_text`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import nh3

# What Python-Markdown + attr_list, footnotes, admonition, tables, toc (and code blocks)
# produce for our pages. Anything else (script, style, iframe, object, embed, form, input,
# svg, math, base, meta, link ...) is dropped; the text inside a dropped element is kept,
# except for script/style whose content is code, not text.
ALLOWED_TAGS = frozenset({
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "span", "br", "hr",
    "a", "img", "figure", "figcaption",
    "ul", "ol", "li", "dl", "dt", "dd",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "blockquote", "pre", "code", "kbd", "samp",
    "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
    "abbr", "cite", "q", "time",
})
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "textarea"})

ALLOWED_ATTRIBUTES = {
    # ids are the block anchors (#p3) and heading/footnote targets; classes carry
    # admonition kinds, footnote links, .zk-caption, code languages.
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "loading", "referrerpolicy", "width", "height"},
    "th": {"style", "colspan", "rowspan"},
    "td": {"style", "colspan", "rowspan"},
    "ol": {"start"},
    "time": {"datetime"},
}
# The tables extension aligns columns with `style="text-align: ..."`; no other CSS.
ALLOWED_STYLE_PROPERTIES = frozenset({"text-align"})
# Relative URLs (same site, #anchors) pass; absolute ones only with these schemes. No
# javascript:, vbscript:, data: (an SVG or HTML data: URL can carry script).
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})


def sanitize_html(html: str) -> str:
    """`html` with every element, attribute and URL outside the allow-list removed."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        filter_style_properties=set(ALLOWED_STYLE_PROPERTIES),
        strip_comments=True,
        link_rel="noopener noreferrer",
        attribute_filter=_drop_chrome_ids,
    )


def _drop_chrome_ids(element: str, attribute: str, value: str) -> str | None:
    """Material's own elements have ids starting with "__" (`__config`, `__search` ...);
    an article element with such an id would shadow them for getElementById (DOM
    clobbering: a fake `__config` could redirect Material's scripts)."""
    if attribute == "id" and value.startswith("__"):
        return None
    return value


# Signs, in HTML that Markdown produced, that source markup got past the writer's
# escaping: the sanitiser removes it, and the hook says so (nothing changes silently).
# Found with a real tokenizer, so "onerror=" inside an alt text is not mistaken for one.
UNSAFE_ELEMENTS = frozenset({"script", "style", "iframe", "frame", "frameset", "object", "embed",
                             "applet", "form", "input", "button", "svg", "math", "base", "meta", "link"})
_UNSAFE_SCHEME = re.compile(r"(javascript|vbscript|data):", re.I)
_SPACE_AND_CONTROL = re.compile(r"[\x00-\x20]+")  # browsers skip them inside a URL scheme


class _UnsafeMarkupFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in UNSAFE_ELEMENTS:
            self.found.add(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.add(name)
            elif name in ("href", "src", "action", "formaction", "xlink:href") and value:
                scheme = _UNSAFE_SCHEME.match(_SPACE_AND_CONTROL.sub("", value))
                if scheme:
                    self.found.add(scheme.group(1).lower())


def unsafe_markup(html: str) -> list[str]:
    """Names of the unsafe constructs in `html` (sorted, unique): "script", "onerror" ..."""
    finder = _UnsafeMarkupFinder()
    finder.feed(html)
    finder.close()
    return sorted(finder.found)


_CHAR_REFERENCE = re.compile(r"&(?=#|[A-Za-z][A-Za-z0-9]*;)")
_INERT = str.maketrans({"<": "\uff1c", ">": "\uff1e"})


def inert_meta_text(text: str) -> str:
    """Text that prints the same whether a template escapes it or not, and can never
    become markup: `<` and `>` become their full-width forms (common in Chinese text
    anyway) and an `&` that would start a character reference becomes full-width `＆`.
    Everything else, including a plain `&` ("AT&T"), is kept."""
    return _CHAR_REFERENCE.sub("\uff06", str(text)).translate(_INERT)


# What a file name must not carry onto a terminal or a page as is: C0 and C1 controls (ESC
# starts the sequences that recolour, retitle or write the clipboard: OSC 52) and the
# invisible characters that reorder or break the text shown around them (bidi embeddings,
# overrides, isolates and marks; line and paragraph separators).
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def visible_name(name: str) -> str:
    """`name` with each control or bidi character written as a visible escape (`\\x1b`,
    `\\u202e`), for the console, the report page and an article's source line."""
    return _INVISIBLE.sub(_escape_char, str(name))


def _escape_char(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def readable_url(url: str) -> str:
    """A link's text for `url` as a reader wants it: host and path with percent-escapes
    decoded ("baike.baidu.hk/item/河北雄安高新技术产业开发区/63950501"), the query left
    out; `url` itself when the escapes are not UTF-8 text or decode to spaces or controls."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    try:
        path = unquote(parts.path, errors="strict")
    except UnicodeDecodeError:
        return url
    if any(ch.isspace() or ord(ch) < 32 or ch in '<>"\'`' for ch in path):
        return url
    return parts.netloc + (path if path != "/" else "")


def is_http_url(url: str) -> bool:
    """An absolute http(s) URL with a host (never a javascript: or data: URL)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def safe_url(url: str) -> str:
    """`url` when it is an http(s) URL, else "" (never a javascript: or data: URL)."""
    url = str(url or "").strip()
    if not is_http_url(url):
        return ""
    if any(ch in url for ch in '<>"\'` \t\r\n'):
        return ""
    return url
