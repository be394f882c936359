"""The evidence that a dated clause states an event, and its weighing (events.py uses it).

Every clause the events stage finds a date for is described by a few dozen interpretable
features, each 0..1 (`clause_features`, grouped and named there): the date's form (its
precision, a written, relative or "N年前" year, a numeric stamp, a clock time or a weekday
after it, a dateline, a bracketed citation date, a recurring "每年" or a cut-off "截至"
date, a year or day counted from the last one written "同年", "第二天", the other dates of
the clause), what the clause says (words of action, report, aspect, plan, trend and figures
from events.yml, a supposition, the speaker's own voice, a word of the present, a title 《》;
verbs and aspect particles by jieba's part-of-speech tags, so a verb no list names still
counts; numbers, money, percentages, a question, a quotation, a period's label or start, a
date that qualifies a noun "2020年的…", a period's statistics "单日新增", a comparison
"比去年", a programme's own frame "欢迎收看…"), where it sits (a list item, a heading, a quote, a
piece with links, a short piece or one without a sentence's end, a piece crowded with
dates, a later clause, the lead), when (no publication date, on it, after it, years
before it) and how often the document gives its year or month (`series_evidence`). A
logistic model weighs them: the weights and the threshold are plain numbers in
generator/data/event_model.yml, written by `python -m bench.fit_events` from the labelled
corpus (tests/corpus/), never by hand.

Guarantees: the features of a clause depend on the clause, its mention and its context
only (deterministic), but `repeated` on the document's other dated clauses (one pass over
them, a set per date); every feature is bounded; the cost is linear in the clause.
"""

from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterator
import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

import jieba.posseg

from ..dates import DateMention
from ..textops import load_data_yaml, word_segmenter

_RELATIVE_YEARS = ("今年", "去年", "前年", "明年", "本年", "上年")
_WRITTEN_YEAR = re.compile(r"(?:1[89]|20)\d\d|[〇○零一二三四五六七八九]{4}")
# a numeric date ("2023-02-02": a citation's, a list's or a post's) and what ends a dateline after
# its date (新华社北京2月29日电); events.py reads them too
NUMERIC_DATE = re.compile(r"\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}")
_CLOCK_AFTER = re.compile(r"\s*\d{1,2}:\d{2}")
DATELINE_END = re.compile(r"\s*(?:电|讯|消息|报道)")
_HAN = re.compile(r"[\u3400-\u9fff]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_PERCENT = re.compile(r"[%％]|百分之")
_MONEY = re.compile(r"\d(?:\.\d+)?\s*(?:万|亿|元|美元|块)")
_QUOTE_MARKS = "“”「」『』\""
_OPEN_BRACKETS = ("[", "(", "（", "【", "［")
_CLOSE_BRACKETS = ("]", ")", "）", "】", "］")
_WEEKDAY_AFTER = re.compile(r"\s*[（(]?(?:星期|周|礼拜)[一二三四五六日天]")
_FULL_STOP = re.compile("[。！？!?]")
_LINK = re.compile(r"\]\(")
# "自2007年起", "从1949年开始": the start of a period, not a moment
_PERIOD_OPEN = ("自", "从", "打从")
_PERIOD_START = ("起", "开始", "以来", "至今", "来")
# "每年9月28日": a date that comes back, not a moment
_RECURRING = ("每年", "每逢", "每到", "每月", "每")
# "截至2018年底，累计客户数量为2421家": a figure's cut-off date
_CUT_OFF = ("截至", "截止", "截止到", "到", "至")
# jieba's tags: v verb (vd, vi, vn...), ul 了, ug 过, uz 着
_WEAK_VERBS = frozenset(("是", "有", "为", "在", "说", "要", "会", "能", "可以", "没有"))
CONTEXT_CHARS = 40
SERIES_CAP = 4   # other clauses of the same year or month: more count as this many
WINDOW = 100   # a long clause is read this far either side of its date


@dataclass(frozen=True)
class PieceFacts:
    """What the features read of the paragraph, list item or admonition paragraph a clause
    sits in: counted once per piece (a piece of many dated clauses must not be read again
    for each)."""

    han: int           # Han characters
    links: bool        # a Markdown link
    full_stop: bool    # a sentence's end (。！？): prose, not a title, a stamp or a caption
    non_han: float     # share of the characters that are not Han

    @classmethod
    def of(cls, piece: str) -> "PieceFacts":
        piece = piece.strip()
        han = len(_HAN.findall(piece))
        return cls(han, bool(_LINK.search(piece)), bool(_FULL_STOP.search(piece)),
                   1 - han / max(len(piece), 1))


@dataclass(frozen=True)
class ClauseContext:
    """Where a dated clause sits: what the features read besides the clause itself."""

    kind: str              # the block's kind (paragraph, list, quote, admonition)
    piece: PieceFacts      # the paragraph, list item or admonition paragraph
    dated: int             # dated clauses in that piece
    position: int          # this clause's number among them, from 0
    block_number: int      # the block's number among the article's blocks
    published: str | None  # the document's publication date, when it has one
    original: DateMention  # the mention as written (before a relative date is resolved)
    # where the clause's usable dates start (valid, not inside a title 《》), sorted: the
    # events stage found them already (feature other_dates)
    dates: tuple[int, ...] = ()


@lru_cache(maxsize=None)
def event_model() -> dict:
    text = resources.files("generator.data").joinpath("event_model.yml").read_text(encoding="utf-8")
    return load_data_yaml(text)


def event_score(features: dict[str, float]) -> float:
    """The model's log-odds that the clause states an event."""
    model = event_model()
    weights = model["weights"]
    return model["bias"] + sum(weights.get(name, 0.0) * value for name, value in features.items())


def is_event(features: dict[str, float], rules: dict) -> bool:
    return event_score(features) >= required_score(features, event_model()["threshold"], rules)


def required_score(features: dict[str, float], threshold: float, rules: dict) -> float:
    """The score a clause needs: the model's threshold, and `vague_plan_extra` more for a
    forecast dated only by a year ("2016年，预计将会有更多的达人加入"): a plan is an event
    when it names its moment, a year's outlook rarely is."""
    return threshold + (rules["vague_plan_extra"] if features.get("vague_forecast") else 0.0)


def _words_in(clause: str, words: list[str]) -> bool:
    return any(word in clause for word in words)


def _tags(clause: str) -> list[tuple[str, str]]:
    """(word, part-of-speech tag) of the clause, by jieba's dictionary (no HMM: a
    dictionary look-up per position, linear)."""
    word_segmenter()   # the shared dictionary, loaded quietly once
    return [(p.word, p.flag) for p in jieba.posseg.cut(clause, HMM=False)]


_RANGE_OF_MONTHS = re.compile(r"\d{1,2}\s*[—–-]\s*\d{1,2}\s*月")   # "1—8月全国完成…"


def framing_features(clause: str, rest: str, rules: dict) -> dict[str, float]:
    """What frames the clause as something other than a moment's news: a period's
    statistics ("单日新增", "日均", "0—24时", "1—8月"), a comparison with another period
    ("比去年增加", "较上年末"), a programme's own frame ("欢迎收看…88期", "本期", "到此结束").
    `rest` is the clause without its date."""
    return {
        "per_period": float(_words_in(clause, rules["per_period"]) or bool(_RANGE_OF_MONTHS.search(clause))),
        "comparison": float(_words_in(rest, rules["comparison"])),
        "programme": float(_words_in(clause, rules["programme"])),
    }


def series_evidence(clauses) -> Iterator:
    """The weighed clauses of one document (events.py's WeighedClause), each with the
    feature `repeated`: how many other clauses of the document give the same year or month
    (0..1 at SERIES_CAP). A year written again and again is the document's frame (a
    year-review's 2022, a report's 2023 and its figures), rarely the moment of each
    sentence; a day is left alone (a day's news tells its day in every sentence). The
    clauses wait for the count with their features packed (an array of floats, the names
    shared): a document of many dates holds a few hundred bytes per clause."""
    held, names, texts = [], {}, {}
    for clause in clauses:
        key = tuple(clause.features)
        held.append((replace(clause, features={}), names.setdefault(key, key), array("d", clause.features.values())))
        same = texts.setdefault(clause.date.iso(), set())
        if len(same) <= SERIES_CAP:
            same.add(clause.text.strip())
    for clause, key, values in held:
        others = len(texts[clause.date.iso()]) - 1 if clause.date.precision != "day" else 0
        features = dict(zip(key, values))
        features["repeated"] = min(others, SERIES_CAP) / SERIES_CAP
        yield replace(clause, features=features)


def _date_count(starts: tuple[int, ...], low: int, high: int) -> int:
    """Usable dates written in the clause between `low` and `high` (its window): a
    citation's "2018-04-27 [2018-04-30]", a list of years; at least the clause's own."""
    return max(1, bisect.bisect_left(starts, high) - bisect.bisect_left(starts, low))


def clause_features(clause: str, mention: DateMention, ctx: ClauseContext, rules: dict) -> dict[str, float]:
    """The evidence of one dated clause (`clause` read in Simplified script; `mention` its
    resolved date; `rules` events.yml). A long clause is read WINDOW characters either side
    of its date: bounded work per clause, and its event text is cut there anyway."""
    cut, end = 0, len(clause)
    if len(clause) > 2 * WINDOW + mention.end - mention.start:
        cut, end = max(0, mention.start - WINDOW), mention.end + WINDOW
        clause = clause[cut:end]
        mention = replace(mention, start=mention.start - cut, end=mention.end - cut)
    rest = clause[:mention.start] + " " + clause[mention.end:]
    han = len(_HAN.findall(rest))
    after = clause[mention.end:mention.end + CONTEXT_CHARS]
    before = clause[max(0, mention.start - CONTEXT_CHARS):mention.start].rstrip(" ，,")
    tagged = _tags(rest)
    verbs = sum(1 for w, t in tagged if t.startswith("v") and w not in _WEAK_VERBS)
    # a verb of the list counts too: jieba cuts "淘宝网上线" as 淘宝/网上/线
    verb_after = _words_in(after, rules["verbs"]) or \
        any(t.startswith("v") and w not in _WEAK_VERBS for w, t in _tags(after))
    written = ctx.original.text
    forecast = _words_in(clause, rules["forecast"])
    f = {
        # the date
        "day": float(mention.precision == "day"),
        "month": float(mention.precision == "month"),
        # a year the text writes: in digits, or an era's (永元二年, 光绪十五年)
        "year_written": float(bool(_WRITTEN_YEAR.search(written)) or ctx.original.has_year),
        "relative_year": float(written.startswith(_RELATIVE_YEARS)),
        "relative_day": float(ctx.original.relative_day),
        "numeric_date": float(bool(NUMERIC_DATE.fullmatch(written.strip()))),
        "time_stamp": float(bool(_CLOCK_AFTER.match(clause, mention.end))),
        "dateline": float(bool(DATELINE_END.match(clause, mention.end))),
        "years_ago": float(ctx.original.years_ago is not None),
        "weekday": float(ctx.original.weekday is not None),
        "recurring": float(before.endswith(_RECURRING)),
        "cut_off": float(before.endswith(_CUT_OFF)),
        "bracketed": float(before.endswith(_OPEN_BRACKETS) and after.lstrip().startswith(_CLOSE_BRACKETS)),
        "weekday_after": float(bool(_WEEKDAY_AFTER.match(after))),
        "after_last": float(ctx.original.after_last is not None or ctx.original.after_last_day is not None),
        "other_dates": min(_date_count(ctx.dates, cut, end) - 1, 3) / 3,
        # what the clause says
        "verbs": float(_words_in(clause, rules["verbs"])),
        "reporting": float(_words_in(clause, rules["reporting"])),
        "aspect": float(_words_in(clause, rules["aspect"])),
        "forecast": float(forecast),
        "vague_forecast": float(forecast and mention.precision == "year"),
        "trend": float(_words_in(clause, rules["trend"])),
        "figure_words": float(_words_in(clause, rules["figures"])),
        "hypothetical": float(_words_in(clause, rules["hypothetical"])),
        "first_person": float(_words_in(clause, rules["first_person"])),
        "present": float(_words_in(clause, rules["present"])),
        "more_verbs": float(_words_in(clause, rules["more_verbs"])),
        "title": float("《" in clause),
        "pos_verbs": min(verbs, 4) / 4,
        "no_pos_verb": float(verbs == 0),
        "verb_after": float(verb_after),
        "pos_aspect": float(any(t in ("ul", "ug") for _, t in tagged)),
        "labels_figures": float(any(clause.startswith(w, mention.end) for w in rules["labels_after"])),
        "period_start": float(before.endswith(_PERIOD_OPEN) and after.lstrip().startswith(_PERIOD_START)),
        "attributive": float(after.startswith("的")),
        "question": float(clause.rstrip("”」』\" ").endswith(("？", "?"))),
        "percent": min(len(_PERCENT.findall(clause)), 2) / 2,
        "money": float(bool(_MONEY.search(rest))),
        "numbers": min(len(_NUMBER.findall(rest)), 4) / 4,
        "quoted": float(any(ch in clause for ch in _QUOTE_MARKS)),
        "short": float(han < rules["min_content"]),
        "length": min(math.log1p(han) / math.log1p(80), 1.0),
        "non_han": 1 - han / max(len(rest.strip()), 1) if rest.strip() else 1.0,
        # where it sits
        "list_item": float(ctx.kind == "list"),
        "heading": float(ctx.kind == "heading"),
        "quote_block": float(ctx.kind in ("quote", "admonition")),
        "links": float(ctx.piece.links),
        "short_piece": float(ctx.piece.han < 20),
        "no_full_stop": float(not ctx.piece.full_stop),
        "piece_non_han": ctx.piece.non_han,
        "crowded": min(ctx.dated - 1, 4) / 4,
        "later_clause": float(ctx.position > 0),
        "lead_block": float(ctx.block_number < 2),
        "no_publication": float(ctx.published is None),
    }
    f.update(framing_features(clause, rest, rules))
    iso, published = mention.iso(), ctx.published or ""
    f["on_publication"] = float(bool(published) and iso == published[:len(iso)])
    f["after_publication"] = float(bool(published) and iso > published[:len(iso)])
    f["years_before"] = min(max(int(published[:4]) - mention.year, 0), 20) / 20 if published else 0.0
    return f
