"""Structure: the body (HTML, saved web page, Markdown or plain text) becomes Blocks.

Assumes: `doc.body` is decoded text and `doc.kind` is set by the reader.
Guarantees: no block carries raw HTML (only inline Markdown, escaped); paragraph text holds
no newline; headings are levels 2..6; images are IMAGE blocks with an absolute http(s)
URL; whatever DOM-level cleanup took out is recorded in `doc.removed`. Hostile input
(deep nesting, huge files) is bounded and reported, never a crash.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import replace
from itertools import islice

from ...config import Config
from ...document import FOOTNOTE, HEADING, PARAGRAPH, Block, Document, Removal
from ...readers.headline import without_hidden
from ..structure import dom
from ..structure.code_blocks import unwrap_code_tables
from ..structure.html_markdown import html_to_markdown
from ..structure.image_blocks import settle_images
from ..structure.main_content import select_main_content
from ..structure.markdown_blocks import markdown_to_blocks, normalise_heading_levels
from ..structure.markdown_source import (
    FOOTNOTE_PLACEHOLDER, markdown_to_html, set_aside_giant_blocks, too_complex,
)
from ..structure.text_blocks import text_to_blocks
from ..structure.inline import escape_markdown
from ..structure.thread_pages import first_post
from ..structure.ptt import PttPost, ptt_markdown, split_ptt
from ..structure.threads import Thread, comments_heading, split_thread, thread_markdown

MAX_BODY_CHARS = 1_000_000   # beyond this the body is cut (no article is a million characters)
# Beyond these the rich conversion (about a millisecond per element) would take minutes:
# the text is read as plain text instead, with a problem saying so.
MAX_ELEMENTS = 30_000
DENSE_TAGS = 5_000         # an HTML body with more tags than this, one per fewer than
MIN_BYTES_PER_TAG = 30     # this many characters, is read as plain text (see _from_html)
_OPENING_TAG = re.compile(r"<[A-Za-z]")
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|li|h[1-6]|tr|table|section|article|blockquote|pre|dd|dt)\b[^<>]{0,2000}>", re.I)
_ANY_TAG = re.compile(r"<[^<>]{0,2000}>")
MAX_MARKDOWN_LINES = 30_000
MANY_LINES = 5_000        # a text of more lines than this, shorter than MIN_LINE_BYTES on
MIN_LINE_BYTES = 40       # average, has its lines joined in groups (see _fewer_lines)


def build_blocks(doc: Document, config: Config) -> Document:
    doc = _build(doc)
    if not doc.blocks:
        doc = doc.with_problem("no-content", f"no text left in the body of this {doc.kind} source")
    return doc


def _build(doc: Document) -> Document:
    body = doc.body
    if len(body) > MAX_BODY_CHARS:
        doc = doc.with_problem("too-large", f"body of {len(body)} characters cut to {MAX_BODY_CHARS}")
        body = body[:MAX_BODY_CHARS]
    if doc.kind in ("html", "webpage"):
        return _from_html(doc, body, whole_page=doc.kind == "webpage")
    if doc.kind == "markdown":
        if body.count("\n") > MAX_MARKDOWN_LINES:
            doc = doc.with_problem("too-complex", f"Markdown of more than {MAX_MARKDOWN_LINES} lines: "
                                                  "read as plain text")
            return _as_text(doc, body)
        post = split_ptt(body)
        if post is not None:     # a PTT post: the header's title, the pushes apart
            body = ptt_markdown(post)
            doc = doc.with_removals(*post.removals)
        thread = split_thread(body) if post is None else None
        if thread is not None:   # a forum export: the opening post, then the replies apart
            body = thread_markdown(thread)
            doc = doc.with_removals(*thread.removals)
        original = body
        body, aside = set_aside_giant_blocks(body)
        reason = too_complex(body, MAX_ELEMENTS)   # counted before Python-Markdown does the work
        if reason:
            doc = doc.with_problem("too-complex", f"Markdown with {reason}: read as plain text")
            return _as_text(doc, original)
        if aside:
            doc = doc.with_problem("too-complex", f"{len(aside)} Markdown block(s) with more inline markup "
                                                  "than Python-Markdown handles in time: converted on their own")
        try:
            html, notes = markdown_to_html(body)
        except RecursionError:   # Python-Markdown recurses per nesting level
            doc = doc.with_problem("deep-nesting", "Markdown nested too deeply to parse: read as plain text")
            return _as_text(doc, original)
        return _with_footnotes(_splice_giant_blocks(_from_html(doc, html, whole_page=False), aside), notes)
    return _as_text(doc, body)


def _as_text(doc: Document, body: str) -> Document:
    post = split_ptt(body) if doc.kind == "text" else None
    if post is not None:
        return _text_ptt(doc, post)
    thread = split_thread(body) if doc.kind == "text" else None
    if thread is not None:
        return _text_thread(doc, thread)
    body, joined = _fewer_lines(body)
    if joined:
        doc = doc.with_problem("too-complex", f"{joined} short lines (under {MIN_LINE_BYTES} bytes on average): "
                                              "joined in groups so that a paragraph is not a few characters")
    blocks, removals = text_to_blocks(body)
    return replace(doc, blocks=tuple(blocks)).with_removals(*removals)


def _text_ptt(doc: Document, post: PttPost) -> Document:
    """A PTT post saved as text: its title heading, the article, the author's answers apart."""
    blocks, removals = text_to_blocks(post.article)
    blocks.insert(0, Block(HEADING, text=post.title, level=1))
    if post.comments.strip():
        more, removals_more = text_to_blocks(post.comments)
        blocks += [Block(HEADING, text=comments_heading(), level=2), *more]
        removals += removals_more
    return replace(doc, blocks=tuple(blocks)).with_removals(*post.removals, *removals)


def _text_thread(doc: Document, thread: Thread) -> Document:
    """A forum thread exported as text: the opening post, then the replies under a heading."""
    opening = "\n".join(thread.intro + thread.posts[0].lines)
    blocks, removals = text_to_blocks(opening)
    replies = [p for p in thread.posts[1:] if any(line.strip() for line in p.lines)]
    if replies:
        blocks.append(Block(HEADING, text=comments_heading(), level=2))
    for post in replies:
        if post.author:
            blocks.append(Block(PARAGRAPH, text=f"**{escape_markdown(post.author, at_block_start=False)}**："))
        more, cut = text_to_blocks("\n".join(post.lines))
        blocks += more
        removals += cut
    return replace(doc, blocks=tuple(blocks)).with_removals(*thread.removals, *removals)


def _fewer_lines(body: str) -> tuple[str, int]:
    """(body, 0), or when it has more than MANY_LINES lines shorter than MIN_LINE_BYTES on
    average, the lines joined in groups of that many bytes and their count. Every block
    costs tens of microseconds in each stage: a megabyte of two-letter lines would be
    300,000 paragraphs (seconds per MB)."""
    lines = [line for line in body.split("\n") if line.strip()]
    if len(lines) <= MANY_LINES or len(body.encode()) >= MIN_LINE_BYTES * len(lines):
        return body, 0
    group = -(-MIN_LINE_BYTES * len(lines) // len(body.encode()))
    return "\n".join(" ".join(lines[i:i + group]) for i in range(0, len(lines), group)), len(lines)


def _text_without_tags(html: str) -> str:
    """The text of markup too dense to parse: block tags end a line, other tags vanish (as
    in the rendered text), script and style bodies left out, entities decoded."""
    return html_lib.unescape(_ANY_TAG.sub("", _BLOCK_TAG.sub("\n", without_hidden(html))))


def _from_html(doc: Document, html: str, whole_page: bool) -> Document:
    # Counted before the parser does the work (about 50 µs a tag): real pages hold a few
    # thousand tags, one per 100 bytes or more even at 800 KB; 1 MB of "<b>粗</b>" holds
    # 100,000. Past MAX_ELEMENTS, or a dense run past DENSE_TAGS: the text without its tags.
    tags = sum(1 for _ in islice(_OPENING_TAG.finditer(html), MAX_ELEMENTS + 1))
    if tags > MAX_ELEMENTS or (tags > DENSE_TAGS and tags * MIN_BYTES_PER_TAG > len(html)):
        doc = doc.with_problem("too-complex", f"HTML of {tags}{'+' if tags > MAX_ELEMENTS else ''} tags "
                                              f"in {len(html)} characters: read as plain text")
        return _as_text(doc, _text_without_tags(html))
    soup = dom.parse_html(html)
    if dom.max_depth(soup) > dom.MAX_DEPTH:
        html, flattened = dom.flatten_markup(html)
        soup = dom.parse_html(html)
        doc = doc.with_problem("deep-nesting", f"HTML nested deeper than {dom.MAX_DEPTH} levels: "
                                               f"{flattened} element(s) flattened, their text kept")
        if dom.max_depth(soup) > dom.MAX_DEPTH:   # the parser re-nested what we flattened
            return _as_text(doc, soup.get_text("\n"))
    root = soup.body or soup
    elements = sum(1 for _ in root.descendants)
    if elements > MAX_ELEMENTS:
        doc = doc.with_problem("too-complex", f"HTML of {elements} nodes (limit {MAX_ELEMENTS}): "
                                              "read as plain text")
        return _as_text(doc, root.get_text("\n"))
    removals = dom.remove_non_content(root)
    if whole_page:
        body = root
        root, outside = select_main_content(body)
        removals += outside
        post = first_post(body, root)
        if post is not None:   # a forum thread: its opening post is the article
            root, posts = post
            removals += posts
    unwrap_code_tables(root)
    dom.unwrap_layout_tables(root)
    dom.caption_figures(root)
    dom.link_markdown_syntax(soup, root)
    base = str(doc.meta.get("url") or "") if isinstance(doc.meta.get("url"), str) else ""
    markdown, dropped_images = html_to_markdown(root, base, split_blank_lines=not whole_page)
    removals += [Removal("image-unresolvable", f"image without an http(s) address: {src}")
                 for src in dropped_images]
    blocks, settled = settle_images(markdown_to_blocks(markdown), dropped_images)
    blocks = normalise_heading_levels(blocks)
    return replace(doc, blocks=tuple(blocks)).with_removals(*removals, *settled)


def _with_footnotes(doc: Document, notes: dict[str, str]) -> Document:
    """Markdown footnotes as FOOTNOTE blocks, numbered in order, references resolved."""
    if not notes:
        return doc
    numbers = {label.encode().hex(): str(n) for n, label in enumerate(notes, 1)}
    def resolve(text: str) -> str:
        return FOOTNOTE_PLACEHOLDER.sub(lambda m: f"[^{numbers.get(m.group(1), '?')}]", text)
    blocks = [replace(b, text=resolve(b.text), items=tuple(map(resolve, b.items)), title=resolve(b.title),
                      rows=tuple(tuple(map(resolve, row)) for row in b.rows)) for b in doc.blocks]
    blocks += [Block(FOOTNOTE, label=str(n), text=_inline(note)) for n, note in enumerate(notes.values(), 1)]
    return replace(doc, blocks=tuple(blocks))


def _inline(note: str) -> str:
    """One footnote's Markdown as one line of inline Markdown, through the HTML path."""
    soup = dom.parse_html(markdown_to_html(note)[0])
    return " ".join(html_to_markdown(soup.body or soup)[0].split("\n\n")).strip()


def _splice_giant_blocks(doc: Document, aside: dict[str, str]) -> Document:
    """The blocks set aside from a Markdown source, converted on their own, put back."""
    if not aside:
        return doc
    blocks: list[Block] = []
    for block in doc.blocks:
        original = aside.get(block.text) if block.kind == PARAGRAPH else None
        if original is None:
            blocks.append(block)
            continue
        kind = "html" if original.lstrip().startswith("<") else "text"
        part = _build(replace(doc, kind=kind, body=original, blocks=(), removed=(), problems=()))
        blocks.extend(part.blocks)
        doc = replace(doc, removed=doc.removed + part.removed, problems=doc.problems + part.problems)
    return replace(doc, blocks=tuple(blocks))
