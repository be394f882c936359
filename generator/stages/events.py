"""Events: sentences that state a dated event (generator/data/events.yml says which).

Assumes metadata and tags are resolved and blocks are final (anchors are block indexes).
Guarantees: every event has a full year. A date without a year ("1 月 27 日") takes the
last year written earlier in the same block, else the document's year; a relative year
("去年") takes the document's year. The document's year counts only when it is a
publication date (front matter, sidecar, byline or dateline), never a year guessed from
the title of a report, and a date it would put after the publication date is dropped
(last December or a plan, not this year's). Period boundaries ("2012年以前"), ranges
and figure labels ("2012年的61.9%") are not events. One event per dated clause, no
duplicates.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from functools import lru_cache
from importlib import resources

from ..config import Config
from ..dates import DateMention, find_dates
from ..document import ADMONITION, LIST, PARAGRAPH, QUOTE, Document, Event, block_anchor
from ..taxonomy import load_tags, normalise
from ..textops import fold_script, load_data_yaml
from .tags import count_mentions, plain_texts

EVENT_BLOCKS = (PARAGRAPH, LIST, QUOTE, ADMONITION)
PUBLICATION_SOURCES = ("sidecar", "front-matter", "byline", "text")
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?[”」』\"]?")
_FIGURE_LABEL = re.compile(r"\s*的?\s*[\d.]+\s*[%％]")
# Words that may open a clause before its date ("而在2015年，…", "截至2016年2月，…").
_CLAUSE_LEAD_IN = re.compile(r"(?:而|但|并|且|又|同时)?(?:早在|截至|截止|直到|到了|在|于|自|从)?")
LEAD_IN_MAX = 4   # characters in the longest _CLAUSE_LEAD_IN match (同时早在)
_CLAUSE_SEPARATOR = re.compile("[，,；;]")


@lru_cache(maxsize=None)
def event_rules() -> dict:
    text = resources.files("generator.data").joinpath("events.yml").read_text(encoding="utf-8")
    return load_data_yaml(text)


def reference_date(doc: Document) -> str | None:
    """The document's date when it is a publication date (see module docstring)."""
    if doc.date and doc.date_source in PUBLICATION_SOURCES:
        return doc.date
    return None


def extract_events(doc: Document, config: Config) -> Document:
    published = reference_date(doc)
    tags = [t for t in load_tags(config) if t.id in doc.tags]
    events: list[Event] = []
    seen: set[tuple[str, str]] = set()
    for index, block in enumerate(doc.blocks):
        if block.kind not in EVENT_BLOCKS:
            continue
        for piece in plain_texts(block):
            block_year = None  # the last year written so far in this block
            for sentence in (seg for s in _SENTENCE.findall(piece) for seg in dated_clauses(s)):
                # the word lists are Simplified: a Traditional site's text is read folded
                folded = fold_script(sentence)
                found, block_year = sentence_date(folded, block_year, published)
                if found is None or not is_event_sentence(folded):
                    continue
                text = trim_sentence(sentence, found)
                key = (found.iso(), normalise(text))
                if key in seen:
                    continue
                seen.add(key)
                events.append(Event(found.iso(), found.precision, text, block_anchor(index),
                                    event_tags(text, tags, doc.tags)))
    return replace(doc, events=tuple(events))


def dated_clauses(sentence: str) -> list[str]:
    """A sentence listing several dated facts ("1999年阿里巴巴成立，2003年淘宝网上线")
    split before each clause that opens with a new date, so each fact is its own event."""
    # Linear: separators are looked up, not searched back for from each date, and a lead-in
    # is not copied out (a sentence of 100,000 dates without a comma took minutes).
    cuts = [0]
    has_date = False
    separators = [m.start() for m in _CLAUSE_SEPARATOR.finditer(sentence)]
    text_start: dict[int, int] = {}   # clause start -> its first character that is no space
    for mention in find_dates(sentence):
        before = bisect.bisect_left(separators, mention.start)
        clause_start = separators[before - 1] + 1 if before else 0
        if has_date and clause_start > cuts[-1] and _lead_in(sentence, clause_start, mention.start, text_start):
            cuts.append(clause_start)
        has_date = True
    return [sentence[a:b] for a, b in zip(cuts, cuts[1:] + [len(sentence)])]


def _lead_in(sentence: str, start: int, end: int, text_start: dict[int, int]) -> bool:
    """_CLAUSE_LEAD_IN.fullmatch(sentence[start:end].strip()), without copying or
    stripping a long stretch again for each date after the same separator."""
    while end > start and sentence[end - 1].isspace():
        end -= 1
    if start not in text_start:
        first = start
        while first < len(sentence) and sentence[first].isspace():
            first += 1
        text_start[start] = first
    start = min(text_start[start], end)
    return end - start <= LEAD_IN_MAX and _CLAUSE_LEAD_IN.fullmatch(sentence, start, end) is not None


def event_tags(text: str, tags: list, doc_tags: tuple[str, ...]) -> tuple[str, ...]:
    """The document's tags the sentence mentions. A single-topic document lends its tag
    to all its events; a many-topic report does not (its events are about one thing)."""
    normalised = normalise(text)
    mentioned = tuple(t.id for t in tags if count_mentions(t, normalised))
    return mentioned or (doc_tags if len(doc_tags) == 1 else ())


def sentence_date(sentence: str, block_year: int | None,
                  published: str | None) -> tuple[DateMention | None, int | None]:
    """The date of the event a sentence states (or None), and the block's last year."""
    doc_year = int(published[:4]) if published else None
    found = None
    for mention in find_dates(sentence):
        if not mention.valid:
            continue
        from_doc = mention.relative is not None or block_year is None
        resolved = mention.resolved(doc_year if from_doc else block_year)
        if mention.has_year:
            block_year = mention.year
        # "12月3日" in an article of 11 February is last December, or a plan: either
        # way the document's year would be a wrong year.
        if resolved and not mention.has_year and from_doc and resolved.iso() > published:
            continue
        if found is None and resolved is not None and is_point_in_time(sentence, mention):
            found = resolved
    return found, block_year


def is_point_in_time(sentence: str, mention: DateMention) -> bool:
    """False for period boundaries, range ends and figure labels."""
    rules = event_rules()
    after = sentence[mention.end:]
    before = sentence[:mention.start].rstrip()
    if any(after.lstrip().startswith(w) for w in rules["not_after"]):
        return False
    if any(before.endswith(w) for w in rules["not_before"]):
        if not any(before.endswith(w) for w in rules["allowed_before"]):
            return False
    return not _FIGURE_LABEL.match(after)


def is_event_sentence(sentence: str) -> bool:
    rules = event_rules()
    if sentence.rstrip("”」』\" ").endswith(("？", "?")):
        return False
    if len(re.findall(r"[%％]", sentence)) >= rules["max_percentages"]:
        return False
    if any(word in sentence for word in rules["forecast"]):
        return False
    return any(verb in sentence for verb in rules["verbs"])


def trim_sentence(sentence: str, mention: DateMention) -> str:
    """The sentence, cut to the clauses around its date when it is too long."""
    # a clause cut from a longer sentence ends in a comma: drop it
    text = sentence.strip().rstrip("，,；;：:、 ")
    limit = event_rules()["max_chars"]
    if len(text) <= limit:
        return text
    offset = len(sentence) - len(sentence.lstrip())
    clauses = re.split(r"(?<=[，,：:])", text)
    start = 0
    out = ""
    for clause in clauses:
        end = start + len(clause)
        if end > mention.start - offset or out:
            if out and len(out) + len(clause) > limit:
                break
            out += clause
        start = end
    out = out.strip() or text[:limit]
    if len(out) > limit:
        out = out[:limit]
    return out if out.endswith(tuple("。！？!?")) else out.rstrip("，,：:；;") + "…"
