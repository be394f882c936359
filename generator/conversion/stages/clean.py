"""Clean: remove boilerplate and spam, recording every removal with its reason.

Assumes: blocks from the structure stage, already in the site's script (either script
works: text and patterns are folded to Simplified before they are compared).
Guarantees: nothing disappears silently; every removed block, list item, glued counter
and injected phrase is in `doc.removed` as Removal(reason, text as it was on the page,
Markdown escapes resolved, links kept with their URLs).

Reasons are short codes: the `reason` of the matching rule of data/boilerplate.yml
(navigation, breadcrumb, site-banner, bookmark-prompt, byline, view-counter,
prev-next-link, back-link, qr-promo, blog-footer, share-buttons, site-footer,
disclaimer, editor-credit, ...), or of a shape test: navigation / link-only /
related-links (lines of links; also the links after a "related reading" header),
empty-section (a label heading over a section cleaning emptied), comment (a comment
thread that ends the page), tail-widget, ad-link-list, seo-keyword-stuffing, qr-promo
(a QR-code image), injected-spam (a phrase cut out of a sentence), affiliate-link (the
URL of a commission link: the link's text stays), seo-link (the URL of a link a link farm
set on an ordinary word: the word stays).
A "byline" removal keeps the byline's text (分类: … 发布 : 10-22, or a bare 10-22 at the
tail) so that the metadata stage can read the publication date back from `doc.removed`.

Order: whole blocks first (they depend on position: head and tail zones), then, knowing
the keywords of a removed ad tail, ad keyword lines left between paragraphs and pieces
inside the blocks that remain (glued counters, injected spam phrases).

Editors change the behaviour in data/boilerplate.yml (line and fragment patterns, with
zones) and data/spam.yml (spam vocabulary); the mechanisms are in generator/conversion/cleaning/.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..cleaning.blocks import judge_blocks
from ..fold import fold, squash
from ..cleaning.injected import cut_injected, is_spam_keyword_line
from ..cleaning.lines import KEYWORD_SPLIT_RE
from ..cleaning.links import cut_affiliate_links, cut_seo_links, seo_link_hosts
from ..cleaning.markup import readable, visible_text
from ..cleaning.rules import fragment_rules, spam_lexicon
from ...config import Config
from ..structure.threads import article_blocks
from ...document import ADMONITION, CAPTION, HEADING, LIST, PARAGRAPH, QUOTE, Block, Document, Removal

INLINE_KINDS = (PARAGRAPH, HEADING, CAPTION, QUOTE)
HAN_RE = re.compile(r"[\u4e00-\u9fff]")


def remove_boilerplate(doc: Document, config: Config) -> Document:
    """The document without boilerplate and spam; every piece taken out is in `removed`."""
    blocks = tuple(b for b in doc.blocks if not _is_empty(b))
    kept: list[Block] = []
    removed: list[Removal] = []
    thread = any(r.reason.startswith("forum-") for r in doc.removed)
    for block, removals in _judge_parts(blocks, thread):
        removed.extend(removals)
        if block is not None:
            kept.append(block)
    ad_terms = ad_keywords(removed)
    doc_folded = fold("\n".join(_texts(b) for b in kept)).lower()
    seo_hosts = seo_link_hosts([b.text for b in kept if b.kind == PARAGRAPH])
    cleaned = []
    for block in kept:
        if block.kind in INLINE_KINDS and is_spam_keyword_line(block.text, doc_folded, ad_terms):
            removed.append(Removal("ad-link-list", block.text))
            continue
        block, removals = _clean_inside(block, doc_folded, ad_terms, seo_hosts)
        removed.extend(removals)
        if not _is_empty(block):
            cleaned.append(block)
    removed = [replace(r, text=readable(r.text)) for r in removed]
    return replace(doc, blocks=tuple(cleaned)).with_removals(*removed)


def _judge_parts(blocks: tuple[Block, ...], thread: bool):
    """judge_blocks over the article, and apart over a forum thread's replies (the heading
    that sets them apart stays: it is no page tool). Only where the structure stage found a
    thread: a 评论 heading over an article's reader comments is page chrome like the rest."""
    article = article_blocks(blocks) if thread else blocks
    yield from judge_blocks(article)
    if len(article) < len(blocks):
        yield blocks[len(article)], []
        yield from judge_blocks(blocks[len(article) + 1:])


def ad_keywords(removed: list[Removal]) -> tuple[str, ...]:
    """The Han keywords of the page's ad tail, to spot the same words spliced into the body."""
    generic = set(spam_lexicon().commercial_words)
    terms = set()
    for r in removed:
        if r.reason == "ad-link-list":
            for token in KEYWORD_SPLIT_RE.split(squash(visible_text(r.text)).lower()):
                if len(token) >= 3 and HAN_RE.search(token) and token not in generic:
                    terms.add(token)
    return tuple(sorted(terms, key=lambda t: (-len(t), t)))


def _clean_inside(block: Block, doc_folded: str, ad_terms: tuple[str, ...],
                  seo_hosts: frozenset[str] = frozenset()) -> tuple[Block, list[Removal]]:
    removals: list[Removal] = []

    def clean_text(text: str) -> str:
        text, urls = cut_affiliate_links(text)
        removals.extend(Removal("affiliate-link", u) for u in urls)
        if block.kind == PARAGRAPH:
            text, urls = cut_seo_links(text, seo_hosts)
            removals.extend(Removal("seo-link", u) for u in urls)
        text, fragments = _cut_fragments(text)
        removals.extend(fragments)
        text, phrases = cut_injected(text, doc_folded, ad_terms)
        removals.extend(Removal("injected-spam", p) for p in phrases)
        return text

    if block.kind in INLINE_KINDS:
        text = clean_text(block.text)
        return (block if text == block.text else replace(block, text=text)), removals
    if block.kind in (LIST, ADMONITION):
        items = tuple(t for t in (clean_text(i) for i in block.items) if t.strip())
        return (block if items == block.items else replace(block, items=items)), removals
    return block, removals


def _cut_fragments(text: str) -> tuple[str, list[Removal]]:
    removals = []
    for rule in fragment_rules():
        folded = fold(text)
        m = rule.pattern.search(folded)
        if m and m.end() > m.start():
            removals.append(Removal(rule.reason, text[m.start():m.end()].strip()))
            text = (text[:m.start()] + text[m.end():]).strip()
    return text, removals


def _texts(block: Block) -> str:
    return " ".join((block.text, *block.items))


def _is_empty(block: Block) -> bool:
    if block.kind in INLINE_KINDS:
        return not block.text.strip()
    if block.kind in (LIST, ADMONITION):
        return not any(i.strip() for i in block.items) and not block.title
    return False
