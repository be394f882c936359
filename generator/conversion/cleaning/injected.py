"""Spam phrases injected inside sentences: "“行业/店铺分析”作gps车队管理系统为数据服务".

SEO spammers splice product names into scraped text. The sentence is real; only the
phrase goes. A candidate is a phrase from the spam lexicon (data/spam.yml), a keyword of
the page's own ad tail, a Latin+Han product name ("gps车辆监控系统"), or a Han noun
compound of whole words with a product ending ("车辆监控系统"). It is cut only when a
second, general signal agrees:
  - the cut rejoins a word the phrase split ("服|车辆监控系统|务" -> "服务"), or
  - the phrase is spliced in (Han text on both sides, or a lower-case Latin prefix glued
    to it) AND the document never mentions its subject anywhere else (off-topic).
A Han compound found by its ending alone needs both the split word and off-topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..textops import place_words, word_across, word_segmenter
from ..fold import fold, squash
from .markup import visible_text
from .rules import spam_lexicon

HAN = r"\u4e00-\u9fff"
HAN_CHAR_RE = re.compile(f"[{HAN}]")
HAN_RUN_RE = re.compile(f"[{HAN}]+")
LATIN_PREFIX_RE = re.compile(r"[a-z][a-z0-9]{1,7}$")
CONJUNCTIONS = set("和与及或跟同并的等")   # a phrase next to these is part of a list
PLACE_LENGTHS = (3, 2)       # 台中市, 上海
KEYWORD_LINE_MAX = 60       # an ad keyword line is short
AFFIX_MAX = 4               # characters an ad keyword adds to its term (台中…推荐)
SENTENCE_RE = re.compile(r"[。!?;，]")
COMMON_WORD_FREQ = 200      # jieba frequency from which a word is common, not a rarity
HAN_PRODUCT_MIN, HAN_PRODUCT_MAX = 4, 10     # length of a Han product name, suffix included
# Particles, prepositions and conjunctions never occur inside a product name.
FUNCTION_CHARS_RE = re.compile("[的与和及在了是为对从把被等中之或也都就而并且向于以]")
# A run of Han characters without function words, ending where the search stops.
_PRODUCT_RUN_RE = re.compile(f"(?:(?!{FUNCTION_CHARS_RE.pattern})[{HAN}])+\\Z")


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    term: str          # the lexicon or ad term (folded), or the product token itself
    source: str        # "lexicon" | "ad-tail" | "product-token" | "han-product"


@lru_cache(maxsize=None)
def _product_token_re() -> re.Pattern[str]:
    suffixes = "|".join(map(re.escape, spam_lexicon().product_suffixes)) or "(?!)"
    # The letter first, then the look behind at the Han before it: a pattern that starts
    # with a look-behind is tried at every position, one that starts with [a-z] is not.
    return re.compile(rf"[a-z](?<=[{HAN}][a-z])[a-z0-9]{{1,7}}[{HAN}]{{1,8}}?(?:{suffixes})")


@lru_cache(maxsize=64)
def _terms_re(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation for all terms, longest first; overlapping matches are found by a
    lookahead so that "台中抽水肥" and the lexicon's "抽水肥" both come up."""
    ordered = sorted(set(terms), key=lambda t: (-len(t), t))
    if not ordered:
        return re.compile("(?!)")
    # Positions whose character starts no term are skipped by one quick class test (4x faster).
    firsts = "".join(sorted({re.escape(t[0]) for t in ordered}))
    return re.compile(f"(?=[{firsts}])(?=(" + "|".join(map(re.escape, ordered)) + "))")


def find_candidates(folded: str, ad_terms: tuple[str, ...]) -> list[Candidate]:
    """Every candidate span in `folded` (folded, lower-cased text), overlapping ones too."""
    found = []
    for source, terms in (("lexicon", spam_lexicon().product_terms), ("ad-tail", ad_terms)):
        if not terms:  # most pages have no ad tail: no pattern to run over the text
            continue
        for m in _terms_re(terms).finditer(folded):
            start, term = m.start(), m.group(1)
            end = start + len(term)
            prefix = LATIN_PREFIX_RE.search(folded[max(0, start - 8):start])
            if prefix and not term[0].isascii():
                start -= len(prefix.group(0))
            found.append(Candidate(start, end, term, source))
    for m in _product_token_re().finditer(folded):
        found.append(Candidate(m.start(), m.end(), m.group(0), "product-token"))
    found += _han_product_candidates(folded)
    return found


def _without_overlaps(cands: list[Candidate]) -> list[Candidate]:
    """Earliest first, the longest of those starting together."""
    chosen: list[Candidate] = []
    for cand in sorted(cands, key=lambda c: (c.start, -(c.end - c.start))):
        if not chosen or cand.start >= chosen[-1].end:
            chosen.append(cand)
    return chosen


def _han_product_candidates(folded: str) -> list[Candidate]:
    """Han noun compounds ending like a product ("车辆监控系统"), made of whole words and no
    function words: spliced-in spam when they also split a word (checked in should_cut)."""
    found = []
    for m in _suffix_re().finditer(folded):
        end = m.end()
        # Cut only if it also splits a word (should_cut), which needs Han right after it.
        if not HAN_CHAR_RE.match(folded, end):
            continue
        # The longest phrase: Han without function words, not at the very start of the text.
        run = _PRODUCT_RUN_RE.search(folded, max(0, end - HAN_PRODUCT_MAX), end)
        longest = min(end - run.start() if run else 0, end - 1)
        for start in range(end - HAN_PRODUCT_MIN, end - longest - 1, -1):
            if _may_break_word(folded, start, end) and _is_whole_words(folded, start, end):
                found.append(Candidate(start, end, folded[start:end], "han-product"))
    return found


@lru_cache(maxsize=None)
def _suffix_re() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, spam_lexicon().product_suffixes)) or "(?!)")


def _is_whole_words(folded: str, start: int, end: int) -> bool:
    """No word of the text runs across either end of the span."""
    offset = max(0, start - 8)
    for token in word_segmenter().cut(folded[offset:end + 8], HMM=False):
        if offset < start < offset + len(token) or offset < end < offset + len(token):
            return False
        offset += len(token)
    return True


def breaks_word(folded: str, cand: Candidate) -> bool:
    """Without the phrase, a common word forms across the cut: the phrase split it
    ("作|gps车队管理系统|为" -> "作为"). Decided by segmenting the rejoined text."""
    if not _may_break_word(folded, cand.start, cand.end):
        return False
    left, right = folded[max(0, cand.start - 8):cand.start], folded[cand.end:cand.end + 8]
    offset, junction = 0, len(left)
    for token in word_segmenter().cut(left + right, HMM=False):
        if offset < junction < offset + len(token):
            return word_segmenter().FREQ.get(token, 0) >= COMMON_WORD_FREQ
        offset += len(token)
    return False


def _may_break_word(folded: str, start: int, end: int) -> bool:
    """Han text on both sides of the cut, and some common word of the dictionary spans it
    once the phrase is out: breaks_word's jieba segmentation can only find such a word, so
    without one the (much slower) segmentation is skipped."""
    left, right = folded[max(0, start - 8):start], folded[end:end + 8]
    if not (left and right and HAN_CHAR_RE.match(left[-1]) and HAN_CHAR_RE.match(right[0])):
        return False
    return word_across(left, right, COMMON_WORD_FREQ)


def is_off_topic(term: str, doc_folded: str) -> bool:
    """The term's content words (not its generic ending) occur nowhere else in the document."""
    generic = set(spam_lexicon().product_suffixes) | set(spam_lexicon().commercial_words)
    suffixes = tuple(spam_lexicon().product_suffixes)
    words = [w for w in word_segmenter().lcut(term) if len(w) >= 2 and re.fullmatch(f"[{HAN}]+", w)
             and w not in generic and not w.endswith(suffixes)]
    if not words:
        return False
    elsewhere = doc_folded.replace(term, " ")
    return all(w not in elsewhere for w in words)


def is_spliced(original: str, folded: str, cand: Candidate) -> bool:
    """The phrase sits where no list or quotation put it: Han characters (not a conjunction)
    on both sides, or a lower-case Latin prefix glued to it ("、gps车辆监控系统红包").
    A real mention is set off: "以百家乐、六合彩和时时彩为", "「娱乐城」"."""
    if re.match(r"[a-z]", original[cand.start]) and not cand.term.isascii():
        return True
    if cand.start == 0 or cand.end >= len(folded):
        return False
    before, after = folded[cand.start - 1], folded[cand.end]
    return all(re.fullmatch(f"[{HAN}]", c) and c not in CONJUNCTIONS for c in (before, after))


def should_cut(original: str, folded: str, cand: Candidate, doc_folded: str) -> bool:
    if cand.source == "han-product":
        return breaks_word(folded, cand) and is_off_topic(cand.term, doc_folded)
    if breaks_word(folded, cand):
        return True
    if cand.source == "product-token":
        return False
    return is_spliced(original, folded, cand) and is_off_topic(cand.term, doc_folded)


def cut_injected(text: str, doc_folded: str, ad_terms: tuple[str, ...]) -> tuple[str, list[str]]:
    """`text` with injected phrases cut out, and the phrases (as written) in order."""
    folded = lower_same_length(fold(text))
    cuts = _without_overlaps([c for c in find_candidates(folded, ad_terms)
                              if should_cut(text, folded, c, doc_folded)])
    if not cuts:
        return text, []
    pieces, phrases, pos = [], [], 0
    for start, end in _merge_adjacent(cuts):
        start = max(pos, start - _place_prefix_length(folded, start))
        pieces.append(text[pos:start])
        phrases.append(text[start:end])
        pos = end
    pieces.append(text[pos:])
    joined = "".join(pieces)
    return re.sub(r"(?<=\S)  +(?=\S)", " ", joined).strip(), phrases


def is_spam_keyword_line(text: str, doc_folded: str, ad_terms: tuple[str, ...]) -> bool:
    """A short line of nothing but ad keywords ("台中抽水肥 台中抽水肥推荐") that the rest of
    the document never talks about: an ad line dropped between paragraphs."""
    visible = squash(visible_text(text))
    if not visible or len(visible) > KEYWORD_LINE_MAX:  # paragraphs: no lower-casing needed
        return False
    folded = lower_same_length(visible)
    if SENTENCE_RE.search(folded):
        return False
    terms = sorted(set(spam_lexicon().product_terms) | set(ad_terms), key=len, reverse=True)
    tokens = [t for t in re.split(r"[\s|,/]+", folded) if t]
    # Each keyword is a term with at most a short affix (台中|抽水肥|推荐), not a phrase about it.
    hits = [next((term for term in terms if term in token and len(token) - len(term) <= AFFIX_MAX),
                 None) for token in tokens]
    if not tokens or None in hits:
        return False
    return any(is_off_topic(term, doc_folded) for term in set(hits))


def _place_prefix_length(folded: str, start: int) -> int:
    """Length of a place name glued before a spam phrase ("上海|搬家公司", "台中|抽水肥"):
    ad keywords carry their city, and leaving it behind would leave a stray word."""
    for length in PLACE_LENGTHS:
        word = folded[max(0, start - length):start]
        if len(word) == length and word in place_words():
            return length
    return 0


def lower_same_length(text: str) -> str:
    """Lower case without changing the length (a few letters, like "İ", lower to two)."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else "".join(
        low if len(low) == 1 else ch for ch, low in ((ch, ch.lower()) for ch in text))


def _merge_adjacent(cuts: list[Candidate]) -> list[tuple[int, int]]:
    """"百家乐" + "娱乐城" spliced in together are one injected phrase."""
    spans: list[tuple[int, int]] = []
    for cand in cuts:
        if spans and cand.start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], cand.end))
        else:
            spans.append((cand.start, cand.end))
    return spans
