"""Events: clauses that state a dated event, weighed by evidence (event_evidence.py, whose
logistic model is fitted on the labelled corpus: generator/data/event_model.yml; its word
lists are in generator/data/events.yml).

Assumes metadata and tags are resolved and blocks are final (anchors are block and item
indexes). Guarantees: every event has a full year. A date without a year ("1 月 27 日")
takes the last year written earlier in the same block, else the document's year; a
relative date ("去年", "昨日", "上周日", "9日", "本月") is resolved against the document's
date. The document's date counts only when it is a publication date (front matter, sidecar,
byline, dateline, or a day in the title of a daily digest), never a year guessed from the
title of a report; a month-day it would put after the publication date is last year's,
unless the clause announces it (then it is a plan, marked planned). Period boundaries
("2012年以前"), ranges and figure labels ("2012年的61.9%") are not events. One event per
dated clause, no duplicates.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from importlib import resources

from ...config import Config
from ..dates import DateMention, find_dates
from ...document import (
    ADMONITION, LIST, PARAGRAPH, QUOTE, Document, Event, block_anchor, block_pieces, piece_anchor,
)
from ..plaintext import inline_to_plain
from ..structure.threads import article_blocks
from ..taxonomy import load_tags, normalise
from ..fold import fold_script
from ..textops import load_data_yaml
from .event_evidence import ClauseContext, PieceFacts, clause_features, is_event
from .tags import count_mentions

EVENT_BLOCKS = (PARAGRAPH, LIST, QUOTE, ADMONITION)
PRECISION_RANK = {"year": 0, "month": 1, "day": 2}
QUOTE_REACH = 300    # how far back a relative day looks for an opening quotation mark
CONTEXT_CHARS = 40   # around a date, what decides whether it is a point in time
UPCOMING_DAYS = 60   # a month-day this close after the publication is the coming one
# What may follow a date in a clause that states nothing else ("2月4日晚，").
DATE_ONLY_REST_MAX = 12
_DATE_ONLY_REST = re.compile(r"[\s，,；;]*(?:[晚早夜]|晚间|上午|下午|中午|凌晨|傍晚|当天|当晚)?[\s，,；;]*")
_RANGE_WORDS = ("到", "至")
_RANGE_END = re.compile(r"\s*(?:[\d〇○零一二三四五六七八九十两]|今|现在|目前|此|当|年底|年末|月底|[次明后下上本同]|其|该)")
_NUMERIC_DATE = re.compile(r"\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}")
_DATELINE_END = re.compile(r"\s*(?:电|讯|消息|报道)")
_QUOTE_OPEN = re.compile("[“「『]")
_QUOTE_CLOSE = re.compile("[”」』]")
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
    # a day in the title dates a daily digest ("《新闻联播》 (20211028)"); a year in a title
    # names what a report covers ("2016年…报告"), not when it appeared
    if doc.date and doc.date_source == "title" and len(doc.date) == 10:
        return doc.date
    return None


@dataclass(frozen=True)
class WeighedClause:
    """A dated clause and its evidence (event_evidence.py), before the model decides."""

    text: str            # as written
    date: DateMention    # resolved
    anchor: str
    features: dict
    planned: bool


def extract_events(doc: Document, config: Config) -> Document:
    tags = [t for t in load_tags(config) if t.id in doc.tags]
    events: list[Event] = []
    seen: set[tuple[str, str]] = set()
    for clause in weighed_clauses(doc):
        if not is_event(clause.features, event_rules()):
            continue
        found = clause.date
        text = trim_sentence(clause.text, found)
        key = (found.iso(), normalise(text))
        if key in seen:
            continue
        seen.add(key)
        events.append(Event(found.iso(), found.precision, text, clause.anchor,
                            event_tags(text, tags, doc.tags), clause.planned))
    return replace(doc, events=tuple(events))


def weighed_clauses(doc: Document):
    """Every clause of the article that holds a usable date, with its evidence
    (bench/fit_events.py fits the model on these)."""
    published = reference_date(doc)
    for index, block in enumerate(article_blocks(doc.blocks)):   # replies state no events
        if block.kind not in EVENT_BLOCKS:
            continue
        block_year = None  # the last year written so far in this block
        for number, raw in enumerate(block_pieces(block)):
            anchor = piece_anchor(block_anchor(index), number)
            piece = inline_to_plain(raw)
            if not find_dates(piece):   # no date at all: no sentence to weigh
                continue
            dated = []
            for sentence in (seg for s in _SENTENCE.findall(piece) for seg in dated_clauses(s)):
                # the word lists are Simplified: a Traditional site's text is read folded
                folded = fold_script(sentence)
                found, block_year = sentence_date(folded, block_year, published)
                if found is not None:
                    dated.append((sentence, folded, found))
            facts = PieceFacts.of(raw)
            for position, (sentence, folded, found) in enumerate(dated):
                original = next((m for m in find_dates(folded) if m.start == found.start), found)
                ctx = ClauseContext(block.kind, facts, len(dated), position, index, published, original)
                features, planned = event_evidence(folded, found, ctx)
                yield WeighedClause(sentence, found, anchor, features, planned)


def dated_clauses(sentence: str) -> list[str]:
    """A sentence listing several dated facts ("1999年阿里巴巴成立，2003年淘宝网上线")
    split before each clause that opens with a new date, so each fact is its own event;
    not after a clause that is only a date ("2月4日，2022年北京冬奥会开幕": one fact)."""
    # Linear: separators are looked up, not searched back for from each date, and a lead-in
    # is not copied out (a sentence of 100,000 dates without a comma took minutes).
    cuts = [0]
    has_date = False
    last_end = 0
    separators = [m.start() for m in _CLAUSE_SEPARATOR.finditer(sentence)]
    text_start: dict[int, int] = {}   # clause start -> its first character that is no space
    for mention in find_dates(sentence):
        before = bisect.bisect_left(separators, mention.start)
        clause_start = separators[before - 1] + 1 if before else 0
        if has_date and clause_start > cuts[-1] and _lead_in(sentence, clause_start, mention.start, text_start) \
                and not _only_a_date(sentence, last_end, clause_start):
            cuts.append(clause_start)
        has_date = True
        last_end = mention.end
    return [sentence[a:b] for a, b in zip(cuts, cuts[1:] + [len(sentence)])]


def _only_a_date(sentence: str, date_end: int, clause_start: int) -> bool:
    """The clause before `clause_start` holds nothing after its date (`date_end`) but a
    time of day ("2月4日晚，"); bounded, so a long run of spaces costs nothing."""
    return clause_start - date_end <= DATE_ONLY_REST_MAX and \
        _DATE_ONLY_REST.fullmatch(sentence, date_end, max(date_end, clause_start)) is not None


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
    """The date of the event a sentence states (or None), and the block's last year.

    Of several dates in one clause the most precise wins: in "2月4日，2022年北京冬奥会正式
    开幕" or "北京2022年冬奥会于2月4日开幕" the year names the Games and the day is the
    event's. A relative day (昨天, 上周日) needs the document's day: a publication date of
    day precision."""
    doc_year = int(published[:4]) if published else None
    found = None
    for mention in find_dates(sentence):
        if not mention.valid:
            continue
        if mention.relative_day:
            # a speaker's 今天 is the day they spoke (or "nowadays"), not the document's
            before = sentence[max(0, mention.start - QUOTE_REACH):mention.start]
            quoted = len(_QUOTE_OPEN.findall(before)) > len(_QUOTE_CLOSE.findall(before))
            resolved = mention.on_day(date.fromisoformat(published), ahead=_announces(sentence)) \
                if published and len(published) == 10 and not quoted else None
        else:
            from_doc = mention.relative is not None or block_year is None
            resolved = mention.resolved(doc_year if from_doc else block_year)
            # "12月3日" in an article of 11 February is last December (news tells what
            # happened), unless the clause announces it (将于12月3日…) or it is weeks away
            # (a schedule of the coming days): then this year's, a plan.
            if resolved and not mention.has_year and from_doc and resolved.iso() > published \
                    and not _announces(sentence) and _days_after(resolved, published) > UPCOMING_DAYS:
                resolved = mention.resolved(doc_year - 1)
        if mention.has_year:
            block_year = mention.year
        if resolved is not None and is_point_in_time(sentence, mention) and \
                (found is None or _rank(sentence, resolved) > _rank(sentence, found)):
            found = resolved
    return found, block_year


def _days_after(mention: DateMention, published: str) -> int:
    try:
        return (date(mention.year, mention.month or 1, mention.day or 1) - date.fromisoformat(published)).days
    except ValueError:
        return 10**6


def _announces(clause: str) -> bool:
    return any(word in clause for word in event_rules()["forecast"])


def _rank(sentence: str, mention: DateMention) -> tuple[int, bool]:
    """More precise first; of equal precision, not a dateline's date ("新华社北京2月29日电
    2月28日，…": the report's day, not the event's)."""
    return PRECISION_RANK[mention.precision], not _DATELINE_END.match(sentence, mention.end)


def is_point_in_time(sentence: str, mention: DateMention) -> bool:
    """False for period boundaries, range ends and figure labels."""
    rules = event_rules()
    # windows, not the sentence's rest: a sentence of 40,000 dates was quadratic
    after = sentence[mention.end:mention.end + CONTEXT_CHARS]
    before = sentence[max(0, mention.start - CONTEXT_CHARS):mention.start].rstrip()
    rest = after.lstrip()
    for word in rules["not_after"]:
        # 到/至 end a range ("2012年到2015年", "到现在"); before a place they are a verb
        # ("2003年到独山开工厂")
        if rest.startswith(word) and (word not in _RANGE_WORDS or _RANGE_END.match(rest, len(word))):
            return False
    if any(before.endswith(w) for w in rules["not_before"]):
        if not any(before.endswith(w) for w in rules["allowed_before"]):
            return False
    return not _FIGURE_LABEL.match(after)


def event_evidence(clause: str, mention: DateMention, ctx: ClauseContext) -> tuple[dict, bool]:
    """The evidence that a dated clause states something that happened (or will happen)
    at its date (event_evidence.py weighs it), and whether it is a plan: 将于, 预计 (the
    forecast words of events.yml) or a date after the publication."""
    planned = _announces(clause) or \
        bool(ctx.published and mention.iso() > ctx.published[:len(mention.iso())])
    features = clause_features(clause, mention, ctx, event_rules())
    # "2015年，…", "截至2016年2月，…": the date frames the clause
    features["opens_clause"] = float(bool(_CLAUSE_LEAD_IN.fullmatch(clause[:mention.start].strip(" ，,"))))
    return features, planned


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
