"""Summary: what a list, a shared link and a search engine show of a document, and the few
words that set it apart (for related reading, collection/related.py).

Assumes blocks are cleaned and in the site's script, and the title is resolved.
Guarantees: `doc.summary` is plain text in the site's script, at most MAX_CHARS characters
(a cut one ends with "…"), taken from the sidecar's or the front matter's `description`,
`excerpt` or `summary` (first found; not a saved web page's head), else from the first sentences of the cleaned text:
paragraphs and quotes only, never a heading, caption, credit line, dateline or lead-in
("如下："); "" when the document has no such text. `doc.terms` holds at most TERMS words
of two or more characters, most telling first, folded to Simplified; both are the same for
the same blocks (no randomness, ties broken by the word).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import replace

from ...config import Config
from ...document import HEADING, LIST, PARAGRAPH, QUOTE, Block, Document
from ..plaintext import inline_to_plain
from ..script_convert import to_site_script
from ..structure import dom
from ..fold import fold_script
from ..textops import HAN, word_segmenter

SUMMARY_KEYS = ("description", "excerpt", "summary")   # in this order, sidecar before front matter
MAX_CHARS = 120            # about two Chinese sentences: what a result or a preview shows
MIN_CHARS = 16             # a shorter paragraph is a dateline, a credit, a label
ENOUGH_CHARS = 40          # one sentence shorter than this is joined by the next
SCAN_BLOCKS = 40           # the summary comes from the opening, not from page 5
MAX_DECLARED_CHARS = 5_000  # a declared summary longer than this is read only this far
# A sentence: up to its end mark and any closing quotes or brackets after it.
_SENTENCE = re.compile(r"[^。！？!?…]*(?:[。！？!?]|…+)+[”’」』）)\"']*|[^。！？!?…]+$")
_LEAD_IN = re.compile(r"[:：]\s*$")
_URL = re.compile(r"https?://|www\.", re.I)
_TEXT_CHAR = re.compile(rf"[{HAN}0-9A-Za-z]")

TERMS = 8                  # words kept per document
TERM_SCAN_CHARS = 1_000    # read this much of the text for them: a bounded cost per document
TITLE_WEIGHT = 3           # a word of the title counts as often as this
_HAN_WORD = re.compile(rf"[{HAN}]{{2,}}")
_LATIN_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9+-]{2,}")
MAX_WORD = 4               # longest dictionary word looked for


def summarize(doc: Document, config: Config) -> Document:
    summary, doc = declared_summary(doc, config)
    if not summary:
        summary = first_sentences(doc.blocks, doc.title)
    return replace(doc, summary=summary, terms=key_terms(doc))


def declared_summary(doc: Document, config: Config) -> tuple[str, Document]:
    """The sidecar's, else the front matter's description (plain text, site's script).
    A saved web page's <meta name="description"> is not taken: portals fill it with the
    site's slogan or a keyword list ("指控,美国,苹果公司,财务会计,…")."""
    sources = [("sidecar", doc.sidecar)] + ([("front matter", doc.meta)] if doc.kind != "webpage" else [])
    for where, values in sources:
        for key in SUMMARY_KEYS:
            value = values.get(key)
            if value is None or value == "":
                continue
            if not isinstance(value, str):
                doc = doc.with_problem("summary", f"{where} `{key}` is not text: ignored")
                continue
            text = plain_summary(value[:MAX_DECLARED_CHARS])
            if text:
                return bounded(to_site_script(text, config, doc.script)), doc
    return "", doc


def plain_summary(value: str) -> str:
    """A declared summary as plain text: Hexo and Jekyll excerpts are often HTML or
    Markdown (`<p>…</p>`, `**…**`); a parser takes the markup out, never a pattern."""
    if "<" in value:
        value = dom.parse_html(value).get_text()
    return " ".join(inline_to_plain(value).split())


def first_sentences(blocks: tuple[Block, ...], title: str = "") -> str:
    """The opening sentences of the first paragraphs that read as prose."""
    out = ""
    for block in blocks[:SCAN_BLOCKS]:
        if block.kind == HEADING and out:
            break
        if block.kind not in (PARAGRAPH, QUOTE):
            continue
        text = " ".join(inline_to_plain(block.text).split())
        if not is_prose(text, title):
            continue
        for sentence in _SENTENCE.findall(text):
            sentence = sentence.strip()
            if out and len(out) + len(sentence) > MAX_CHARS:
                return out
            out += sentence
            if len(out) >= ENOUGH_CHARS:
                return bounded(out)
    return bounded(out) if out else _fallback(blocks, title)


def is_prose(text: str, title: str) -> bool:
    """A paragraph a summary may quote: long enough, mostly words, no address, not the
    title again, not a lead-in to a list or a picture."""
    letters = len(_TEXT_CHAR.findall(text))
    return (letters >= MIN_CHARS and letters * 2 >= len(text.replace(" ", ""))
            and not _URL.search(text) and not _LEAD_IN.search(text) and text != title)


def _fallback(blocks: tuple[Block, ...], title: str = "") -> str:
    """A document without prose (a line under photos, a list): its first short paragraph,
    else its first list items, else nothing (the site's description stands in)."""
    for block in blocks[:SCAN_BLOCKS]:
        if block.kind in (PARAGRAPH, QUOTE):
            text = " ".join(inline_to_plain(block.text).split())
            if len(_TEXT_CHAR.findall(text)) >= 4 and text != title and not _URL.search(text):
                return bounded(text)
    for block in blocks[:SCAN_BLOCKS]:
        if block.kind == LIST:
            items = [" ".join(inline_to_plain(i).split()) for i in block.items]
            text = "；".join(i for i in items if len(_TEXT_CHAR.findall(i)) >= 2 and not _URL.search(i))
            if len(_TEXT_CHAR.findall(text)) >= MIN_CHARS // 2:
                return bounded(text)
    return ""


def bounded(text: str, limit: int = MAX_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def key_terms(doc: Document) -> tuple[str, ...]:
    """The TERMS words that say most what the document is about: frequent here, rare in
    jieba's dictionary counts (its own corpus frequencies stand in for a document
    frequency, so no second pass over the collection is needed), title words weighted up.
    The related-reading index (collection/related.py) weighs them again by how many
    documents of the collection share them."""
    parts, size = [], 0
    for block in doc.blocks:
        if block.kind not in (PARAGRAPH, QUOTE, HEADING, LIST):
            continue
        for piece in (block.text, *block.items):
            if piece:
                parts.append(piece)
                size += len(piece)
        if size >= TERM_SCAN_CHARS:
            break
    text = fold_script(inline_to_plain(" ".join(parts))[:TERM_SCAN_CHARS])
    counts = Counter(_words(text))
    for word in _words(fold_script(doc.title)):
        counts[word] += TITLE_WEIGHT
    if not counts:
        return ()
    tokenizer = word_segmenter()
    total = tokenizer.total
    # sublinear in the count: a word said ten times is not ten times as telling
    scored = sorted(((-(1 + math.log(n)) * math.log(total / (tokenizer.FREQ.get(w) or 1)), w)
                     for w, n in counts.items()))
    return tuple(w for _, w in scored[:TERMS])


def _words(text: str) -> list[str]:
    """Dictionary words of Han runs by forward maximum matching against jieba's dictionary
    (a few look-ups per character: a tenth of what segmenting costs, and the words are
    only matched between documents), and Latin words, lowercased."""
    freq = word_segmenter().FREQ
    words = [w.lower() for w in _LATIN_WORD.findall(text) if not w.isdigit()]
    for run in _HAN_WORD.findall(text):
        i, end = 0, len(run)
        while i < end - 1:
            for size in range(min(MAX_WORD, end - i), 1, -1):
                if freq.get(run[i:i + size]):   # prefixes are in FREQ with 0: not words
                    words.append(run[i:i + size])
                    i += size
                    break
            else:
                i += 1
    return words
