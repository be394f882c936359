"""HTML to Markdown: markdownify, subclassed one tag at a time.

What differs from stock markdownify, and why:
- ATX headings; an <h1> in a body is a section (the page title is the only level 1).
- A paragraph that is only bold text, or centred bold text, short and not ending like a
  sentence, is a section heading (Chinese news sites mark sections that way).
- Images come from lazy-loading attributes, proxies unwrapped, each on its own line so
  that it becomes an image block; no attribute but src and alt survives.
- Links survive only for http(s) targets; other links keep just their text.
- <br> inside a block splits it (one line per paragraph in Chinese pages); text is
  escaped for Markdown as MkDocs renders it, and never hard-wrapped.
"""

from __future__ import annotations

import re

from bs4 import NavigableString, Tag
from markdownify import ATX, MarkdownConverter
from markdownify import should_remove_whitespace_inside as removes_whitespace_inside
from markdownify import should_remove_whitespace_outside as removes_whitespace_outside

from .code_blocks import code_language, code_text
from .inline import clean_invisible, code_fence, collapse_whitespace, escape_markdown, join_lines
from .image_blocks import DROPPED_PREFIX
from .urls import image_source, safe_url

MAX_HEADING_CHARS = 40
SENTENCE_END = "。！？!?；;：:，,…"
# Links that sites insert automatically on keywords inside sentences (tag, search and
# encyclopedia pages): the word stays, the link goes.
_AUTO_LINK = re.compile(
    r"/(?:tags?|keywords?|search|so|baike|topics?|item|wiki)(?:/|\.|\?|$)|[?&](?:q|wd|word|kw|keyword|query)=",
    re.I)
_BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n\s*")
_PARAGRAPH_BREAK = "\ue000"    # private-use placeholder for a blank line, until escaping
_CENTRED = re.compile(r"text-align\s*:\s*center", re.I)
_BOLD_TAGS = ("strong", "b")
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|bmp|svg|tiff?|heic)(?:[?#]|$)", re.I)
_HEADING_LINE = re.compile(r"^#{1,6} ([^\n]+)$")
_FENCE_LINE = re.compile(r"^(`{3,}|~{3,})")
_BREAKS_HEADING = frozenset({"img", "br", "a"})   # a paragraph holding one is not a heading


class ZhikuConverter(MarkdownConverter):
    """markdownify with Zhiku's rules (see the module docstring)."""

    class Options(MarkdownConverter.DefaultOptions):
        heading_style = ATX
        bullets = "-"
        escape_asterisks = False      # our escape() does all escaping
        escape_underscores = False
        strip_document = "strip"
        split_blank_lines = False     # blog bodies: a blank line in loose text splits it
        table_infer_header = True     # a table without <th> still gets its first row as header
        base_url = ""
        code_language_callback = staticmethod(lambda el: code_language(el))

    def __init__(self, **options):
        super().__init__(**options)
        self.dropped_images: list[str] = []   # <img> without a usable http(s) address

    def process_text(self, el, parent_tags=None):
        """markdownify's text handling, plus: invisible characters out, no-break spaces to
        spaces, and (for blog bodies) a blank line inside loose text is a paragraph break.
        Done here, on the way out, so the tree is never edited node by node (bs4 edits
        cost the size of the parent, which is quadratic in a long list)."""
        parent_tags = parent_tags or set()
        text = str(el) or ""
        if "pre" not in parent_tags:
            text = clean_invisible(text)
            if self.options["split_blank_lines"]:
                text = _BLANK_LINE.sub(_PARAGRAPH_BREAK, text)
            text = collapse_whitespace(text)
        if "_noformat" not in parent_tags:
            text = "\n\n".join(self.escape(piece, parent_tags) for piece in text.split(_PARAGRAPH_BREAK))
        else:
            text = text.replace(_PARAGRAPH_BREAK, "\n\n")
        if removes_whitespace_outside(el.previous_sibling) or (
                removes_whitespace_inside(el.parent) and not el.previous_sibling):
            text = text.lstrip(" \t\r\n")
        if removes_whitespace_outside(el.next_sibling) or (
                removes_whitespace_inside(el.parent) and not el.next_sibling):
            text = text.rstrip()
        return text

    def escape(self, text, parent_tags):
        # every fragment may open a block (after a <br> or a block tag): escape list,
        # quote and heading markers at its start too (harmless elsewhere)
        return escape_markdown(text, at_block_start=True) if text else ""

    def convert_hN(self, n, el, text, parent_tags):
        if "_inline" in parent_tags:
            return text
        text = join_lines(text).strip()
        return f"\n\n{'#' * max(1, min(n, 6))} {text}\n\n" if text else ""   # levels shifted later

    def convert_p(self, el, text, parent_tags):
        if "_inline" not in parent_tags and _is_heading_paragraph(el):
            heading = _strip_emphasis(join_lines(text).strip())
            return f"\n\n## {heading}\n\n"
        return super().convert_p(el, text, parent_tags)

    convert_center = convert_p

    def convert_pre(self, el, text, parent_tags):
        """The code as written (code_blocks.code_text: no line-number gutter, one line per
        highlighter row), fenced with a backtick run longer than any in the code:
        markdownify's fixed ``` ends at the first line of three backticks inside, and the
        rest of the code would be read as Markdown (raw HTML included). Only blank lines
        around the code go."""
        lines = code_text(el).split("\n")
        kept = [n for n, line in enumerate(lines) if line.strip(" \t")]
        if not kept:
            return ""
        code = "\n".join(line.rstrip("\r") for line in lines[kept[0]:kept[-1] + 1])
        fence = code_fence(code)
        return f"\n\n{fence}{code_language(el)}\n{code}\n{fence}\n\n"

    def convert_br(self, el, text, parent_tags):
        if "pre" in parent_tags:
            return "\n"
        return " " if "_inline" in parent_tags else "\n\n"

    def convert_img(self, el, text, parent_tags):
        src = image_source(el.attrs, self.options["base_url"])
        plain_alt = " ".join(str(el.get("alt") or el.get("title") or "").split())
        alt = escape_markdown(plain_alt, False)
        if not src:
            original = " ".join(str(el.get("src") or el.get("data-src") or "").split())
            scheme = re.match(r"\s*(javascript|vbscript|data|blob):", original, re.I)
            described = f"{scheme.group(1).lower()}: URL" if scheme else original[:200] or "(none)"
            self.dropped_images.append(described + (f" (alt: {plain_alt})" if plain_alt else ""))
            if "_inline" in parent_tags or not (plain_alt or _IMAGE_FILE.search(original)):
                return ""   # a spacer, a tracking pixel, a script URL: nothing a reader misses
            # a stand-in the writer shows as "images not kept" (structure/image_blocks.py)
            return f"\n\n![{alt}]({DROPPED_PREFIX}{len(self.dropped_images) - 1})\n\n"
        if "_inline" in parent_tags:
            return alt
        return f"\n\n![{alt}]({src})\n\n"

    def convert_a(self, el, text, parent_tags):
        href = safe_url(str(el.get("href") or ""), self.options["base_url"])
        text = text.strip()
        if not text:
            return ""
        if "![" in text and "_inline" not in parent_tags:
            return f"\n\n{text}\n\n"   # a linked image is an image block (the link goes)
        if not href or "_noformat" in parent_tags or "![" in text or _AUTO_LINK.search(href):
            return text
        return f"[{text}]({href})"

    def convert_blockquote(self, el, text, parent_tags):
        """A quote as one quoted paragraph; a Markdown source's custom container
        (markdown_source.containers_as_quotes) or a quote holding code: each paragraph its
        own (never glued to the next), code a code block, a bold-line title still bold."""
        if "zk-container" not in (el.get("class") or ()) and not el.find("pre"):
            text = join_lines("\n".join(line.strip() for line in text.strip().splitlines() if line.strip()))
            return f"\n\n> {text}\n\n" if text else ""
        pieces = []
        for piece, is_code in _quote_pieces(text.strip()):
            if is_code:
                pieces.append(piece)
                continue
            piece = join_lines("\n".join(line.strip() for line in piece.splitlines() if line.strip()))
            title = _HEADING_LINE.match(piece)
            if title:
                piece = f"**{title.group(1)}**"
            if piece:   # a nested quote's paragraph is quoted once (quote blocks are flat)
                pieces.append(piece if piece.startswith("> ") else f"> {piece}")
        return "\n\n" + "\n\n".join(pieces) + "\n\n" if pieces else ""

    def convert_figcaption(self, el, text, parent_tags):
        text = " ".join(text.split())
        return f"\n\n{text}\n\n" if text else ""

    def convert_b(self, el, text, parent_tags):
        if parent_tags & {"b", "strong"} or "\n\n" in text.strip():
            return text   # bold once, not ****…****; never across paragraphs (unclosed <b>)
        return super().convert_b(el, text, parent_tags)

    convert_strong = convert_b

    def convert_em(self, el, text, parent_tags):
        if parent_tags & {"em", "i"} or "\n\n" in text.strip():
            return text
        return super().convert_em(el, text, parent_tags)

    convert_i = convert_em

    def convert_li(self, el, text, parent_tags):
        """As markdownify, but numbering is left to the writer: counting earlier siblings
        for every item is quadratic in long lists."""
        text = (text or "").strip()
        if not text:
            return "\n"
        bullet = "1. " if el.parent is not None and el.parent.name == "ol" else "- "
        lines = text.split("\n")
        indented = [lines[0]] + [" " * len(bullet) + line if line else "" for line in lines[1:]]
        return bullet + "\n".join(indented) + "\n"

    def convert_td(self, el, text, parent_tags):
        return super().convert_td(el, join_lines(text).strip(), parent_tags)

    def convert_th(self, el, text, parent_tags):
        return super().convert_th(el, join_lines(text).strip(), parent_tags)

    def convert_font(self, el, text, parent_tags):
        return text

    def convert_span(self, el, text, parent_tags):
        return text


def _is_heading_paragraph(el: Tag) -> bool:
    text = " ".join(el.get_text(" ", strip=True).split())
    if not text or len(text) > MAX_HEADING_CHARS or text[-1] in SENTENCE_END:
        return False
    inside = list(el.descendants)   # walked here, not by bs4's generic find/find_all matcher
    if any(isinstance(node, Tag) and node.name in _BREAKS_HEADING for node in inside):
        return False
    all_bold = all(_in_bold(node, el) for node in inside if isinstance(node, NavigableString) and node.strip())
    return all_bold or (_is_centred(el) and _bold_style(el))


def _in_bold(node, stop: Tag) -> bool:
    for parent in node.parents:
        if parent is stop:
            return False
        if parent.name in _BOLD_TAGS:
            return True
    return False


def _is_centred(el: Tag) -> bool:
    return str(el.get("align", "")).lower() == "center" or bool(_CENTRED.search(str(el.get("style", "")))) \
        or el.name == "center"


def _bold_style(el: Tag) -> bool:
    return bool(re.search(r"font-weight\s*:\s*(bold|[6-9]00)", str(el.get("style", "")), re.I))


def _strip_emphasis(text: str) -> str:
    return re.sub(r"(?<!\\)\*{1,3}", "", text).strip()


def html_to_markdown(root: Tag, base_url: str = "", split_blank_lines: bool = False) -> tuple[str, list[str]]:
    """Markdown for a prepared element (see dom.py), and the images that had to go."""
    converter = ZhikuConverter(base_url=base_url, split_blank_lines=split_blank_lines)
    return converter.convert_soup(root), converter.dropped_images


def _quote_pieces(text: str) -> list[tuple[str, bool]]:
    """A quote's Markdown in paragraphs (split at blank lines) and fenced code blocks
    (whole, their blank lines kept): (piece, is_code). Linear."""
    pieces: list[tuple[str, bool]] = []
    current: list[str] = []
    fence = ""
    for line in text.split("\n"):
        opening = _FENCE_LINE.match(line)
        if fence:
            current.append(line)
            if line.strip() == fence:
                pieces.append(("\n".join(current), True))
                current, fence = [], ""
        elif opening:
            if current:
                pieces.append(("\n".join(current), False))
            current, fence = [line], opening.group(1)
        elif not line.strip():
            if current:
                pieces.append(("\n".join(current), False))
            current = []
        else:
            current.append(line)
    if current:
        pieces.append(("\n".join(current), bool(fence)))
    return pieces
