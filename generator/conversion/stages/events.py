"""Events: clauses that state a dated event, weighed by evidence (event_evidence.py, whose
logistic model is fitted on the labelled corpus: generator/data/event_model.yml; its word
lists are in generator/data/events.yml).

Assumes metadata and tags are resolved and blocks are final (anchors are block and item
indexes). Guarantees: every event has a full year. A date without a year ("1 月 27 日",
"正月初十") takes the last year written earlier in the same block, else the document's
year; a relative date ("去年", "昨日", "上周日", "9日", "本月", "本周") is resolved against
the document's date (or a later update's stamp: a paragraph that is only a date); a year
or day named by another ("同年", "八年后", "当天", "第二天", "两天后", "同日", "事发次日") against
the one written before it (see _anaphoric_anchor), never the document's date; a bare day
("25日") after a date of its month in the block takes that month when it lies in the weeks
before publication, or a few days after the last day written; a month-day a day or two after
the last day written, when the narrative's day (one opening its sentence) is of that year and
before the publication's, goes on in it (a history inside a recent story: "1970年5月1日，…"
then "5月2日，…"), and "五十年前的今天" is the publication's day that many years before. A sentence is cut before
each clause that holds a date of its own (dated_clauses), run-on text before each date.
The document's date counts only when it is a publication date (front
matter, sidecar, byline, dateline, or a day in the title of a daily digest), never a year
guessed from the title of a report; a month-day it would put after the publication date is
last year's, unless the clause announces it (a plan word before the date or just after it:
then it is a plan, marked planned) or its bracketed weekday says otherwise ("11月9日（周日）");
one in the weeks after it is the coming one, unless the last year written is years before
the publication and no day of the document is of the last years (a republished story: that
year's); one that would lie before the month its paragraph wrote last in the paragraph's
year ("从2019年底开始，…。2月3日") is of the publication's year when that puts it in the weeks
before it (unless it looks back: "早在3月2日"). A review of a year published in the first
months of the next ("2022年终总结") dates its 今年 and month-days by the year it reviews. An
entry that opens with a time of day ("14:51 消防处接报…") under a heading that opens with
its only date ("▼11月26日▼", "▼11月28日 火警大致救熄后▼") is of that day, and so are the
clauses of its first sentence before a date ("19:47 行政长官李家超宣布，今日（29日）…"). A
sentence without a date of its own that goes on from the day written before it in its
paragraph ("随后，…", "下午，她将…": see _carries) is a candidate at that day, marked by the
feature carried; one that names the paragraph's day after its subject ("吕特当天称",
"该州次日进入紧急状态") is of that day (see _day_after_subject).
A day's or a month's deadline ("2月3日前完成") is a point in time (a plan when it lies after
the publication). Period boundaries ("2012年以前", "2015年之前"), range ends, dates that come back ("每年9月28日") and figure
labels ("2012年的61.9%") are not events, nor a cut-off naming a period ("截至3月31日的第一季度"),
nor a date inside a title (《2019年…报告》); the
first day or month of a range ("6月18日至19日访华") is weighed (feature range_start). A
paragraph that opens with a written year ("2017年4月1日，…") lends it to the next paragraph's
month-days; without a publication date, a month-day takes the last year written when it
goes on after the last day written in that year (a chronicle), else the latest year of a day
the document writes anywhere, or of a year opening a clause ("进入2006年，"), when that is
later (it appeared after it). One event per date of a clause: its most precise date outside
quotation marks (a quoted claim's date comes after: "上个月辟谣的「预计8月8日…」说法"), the
other days of a list ("18日、19日") and other dates as precise; no duplicates.
A timeline page (a heading, then a line that is only its date, repeated: "103万人上街游行" /
"2019年6月9日") lends each date line to its heading, whose anchor the event takes.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

from ...config import Config
from ..dates import DateMention, date_format_data, find_dates
from ...document import (
    ADMONITION, HEADING, LIST, PARAGRAPH, QUOTE, Document, Event, block_anchor, block_pieces, piece_anchor,
)
from ..plaintext import inline_to_plain
from ..structure.threads import article_blocks
from ..taxonomy import load_tags, normalise
from ..fold import fold_script
from ..textops import load_data_yaml
from .event_evidence import DATELINE_END, NUMERIC_DATE, ClauseContext, PieceFacts, clause_features, is_event
from .event_evidence import series_evidence
from .tags import count_mentions

# a heading states an event too ("2 月 28 日四川泸定县发生 4.8 级地震…", a digest's "8月27日：…
# 展开新一轮谈判"): weighed by the feature heading
EVENT_BLOCKS = (PARAGRAPH, LIST, QUOTE, ADMONITION, HEADING)
PRECISION_RANK = {"year": 0, "month": 1, "day": 2}
QUOTE_REACH = 300    # how far back a relative day looks for an opening quotation mark
CONTEXT_CHARS = 40   # around a date, what decides whether it is a point in time
UPCOMING_DAYS = 60   # a month-day this close after the publication is the coming one
STORY_YEARS = 2      # ... unless the last year written is this many years before it
PAREN_REACH = 4      # a bracket this close before a date holds it ("（常年11月19日）")
PLAN_REACH = 8       # a plan word this close after a date announces it
CONTEXT_MONTH_DAYS = 62   # a bare day takes the month just written if this close before publication
GOES_ON_DAYS = 10    # ... or this close after the last day written
NEXT_DAYS = 2   # a history told day by day: a month-day this close after the last day written
# What may follow a date in a clause that states nothing else ("2月4日晚，"); a time of day
# and a clock time too
DATE_ONLY_REST_MAX = 12
# ("北京时间昨晚（2月3日），", "昨天中午1点，")
_DATE_ONLY_REST = re.compile(r"[）)]?[\s，,；;]*(?:[晚早夜]|晚间|上午|下午|中午|凌晨|傍晚|当天|当晚)?"
                             r"(?:\d{1,2}\s*[点时](?:\s*\d{1,2}\s*分)?|\d{1,2}:\d{2})?[\s，,；;]*")
RUN_ON_CHARS = 100   # a stretch this long without a clause's punctuation is run-on text
_ATTRIBUTIVE = re.compile(r"\s*的")
RUN_ON_LEAD = 10     # characters before a date kept with it when run-on text is cut
_RANGE_WORDS = ("到", "至")
_RANGE_END = re.compile(r"\s*(?:[\d〇○零一二三四五六七八九十两]|今|现在|目前|此|当|年底|年末|月底|[次明后下上本同]|其|该)")
_QUOTE_OPEN = re.compile("[“「『]")
_QUOTE_CLOSE = re.compile("[”」』]")
PUBLICATION_SOURCES = ("sidecar", "front-matter", "byline", "text")
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?[”」』\"]?")
_FIGURE_LABEL = re.compile(r"\s*的?\s*[\d.]+\s*[%％]")
# Words that may open a clause before its date ("而在2015年，…", "截至2016年2月，…").
_CLAUSE_LEAD_IN = re.compile(r"(?:而|但|并|且|又|同时)?(?:早在|截至|截止|直到|到了|在|于|自|从)?")
LEAD_IN_REACH = 12   # a date further into its clause than this does not open it
# a year alone opening a clause, the narrative's ("进入2006年，…", "而在2015年，…")
_NARRATIVE_LEAD = re.compile(r"(?:^|[。！？!?；;，,\n])\s*(?:而|但|并|且|又|同时)?(?:早在|到了|进入|在|于)?\s*$")
_CUT_OFF = ("截至", "截止", "截止到", "截至到")
_NARRATIVE_YEAR = re.compile(r"\s*[，,]")
_POINTS_BACK = "在的于，,"   # before 当天 inside a sentence: it names a day already written
_STAMP_LABEL = re.compile(r"\s*(?:(?:更新|补充|追加|编辑|update|edit)\w{0,2}\s*[：:于]?\s*)?", re.IGNORECASE)
_BLANK = re.compile(r"\s*")
# a time of day opening an entry ("14:51 消防处接报", "09：30，…"), and what besides a date a
# heading that is only a date may hold (marks, brackets, a weekday)
# characters that make 次日/当天/当日 the end of another word: 这次|多次|首次…日本, 相当|适当…天真
_WORD_BEFORE_DAY = "这那多首上下几数一二三四五六七八九十两再屡依层渐其相适恰正应理充妥得"
_HEADING_YEAR = re.compile(r"[^\w]{0,3}((?:1[5-9]|20)\d\d)[^\w]{0,3}")   # "2020" alone (no 年)
# a piece that opens with its date and a colon or a dash: an entry of a chronicle or a diary
_ENTRY = re.compile(r"[\s*#>\-•·]{0,4}(?:(?:1[5-9]|20)\d\d\s*年)?\s*(?:\d{1,2}\s*月\s*(?:\d{1,2}\s*[日号])?)?"
                    r"(?<=[年月日号])\s*(?:[：:]|[—─–](?!\s*\d))")   # (not a range: 3月1日—5日)
_TIME_OPENING = re.compile(r"\s*((?:[01]?\d|2[0-3])[:：][0-5]\d)(?![\d:：])")
_NOT_DATE_ONLY = re.compile(r"[^\s▼▲►◄■□◆◇●○★☆\-–—~～:：|｜·（）()\[\]【】星期周週礼拜一二三四五六日天]")
_REVIEW_WORDS = re.compile("总结|回顾|盘点|复盘|小结|年终|年度|年记")   # a title looking back on a year
_TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
REVIEW_MONTHS = 3
_LOOKS_BACK = re.compile("早在|此前|之前|先前|早前|当初|原本")   # a flashback before a date
LOOK_BACK_REACH = 8
_AFTER_THAT = ("此后", "之后", "其后", "随后")   # opening a sentence before 第三天, 两天后
_INCIDENT = re.compile(r"(?:事发|案发)\s*$")
_INCIDENT_DATE = re.compile(r"(?:事发|案发)(?:当天|当日|时)?\s*[（(为是于]\s*$")
INCIDENT_REACH = 8   # characters before a date searched for 事发当天（
_CLAUSE_SEPARATOR = re.compile("[，,；;]")
_PAREN_OPEN = re.compile(r"\s*[（(]\s*")
_PAREN_BEFORE = re.compile(r"[（(][^）)]*$")
_TITLE = re.compile("《[^《》]*》")   # a book's, a show's or a document's title
_DAY_RANGE_AFTER = re.compile(r"\s*(?:至|到|~|～|—|–|-)\s*\d")
_RANGE_OPENERS = ("到", "至", "进入", "~", "～", "—", "–", "-")   # a range's end only after its start
# what may stand between a clause's start and a range word that opens it (但是到2020年)
_OPENS_CLAUSE = re.compile(r"(?:^|[，,；;：:])\s*(?:但是|但|而|可是|然而|并且|并|直|一直)?\s*$")
_DATE_BEFORE = re.compile(r"[\d〇○零一二三四五六七八九十]\s*[年月日号]|[今去明前本上]年")
TIMELINE_ENTRIES = 3   # a page with this many headings each followed by its date line is a timeline
_SYMBOLS_ONLY = re.compile(r"(?:上旬|中旬|下旬|初|底|末)?[^\w]{0,3}")
# a weekday or a day word before the brackets that give its date ("星期二（4月2日）")
_TOLD_DAY = re.compile(r"(?:(?:周|星期|礼拜)[一二三四五六日天]|[今昨前明][天日晚晨早夜])\s*[（(]\s*$")
TOLD_REACH = 8
_IS = re.compile(r"\s*(?:是|为)\s*")
CARRY_SENTENCES = 3   # a date carries this many sentences on in its paragraph, at most
CARRIED_CLAUSES = 8   # ... and this many clauses of one such sentence (a transcript's run of times)
_CARRY_OPENING = " \t\u3000“「『\""   # what a sentence's opening word may follow
# a sentence opening with these looks back or to the present: a date before it is not its own
_CARRY_STOP = re.compile("(?:而|但|但是|可)?(?:早在|此前|之前|先前|早前|当初|原本|原先|以前|过去|曾经|从前|"
                         "目前|现在|如今|至今|今后|未来|将来|近年|多年来|一直以来|迄今)")
# a sentence opening with these goes on from the day before it: a word of sequence, a time
# of that day ("随后", "下午，", "直至下午约4时01分，", "相若时间，"); not one qualifying a
# noun ("随后的麒麟970")
_CARRY_LEAD = re.compile("(?:随后|随即|其后|接着|紧接着|旋即|稍后|不久|"
                         "(?:直至|直到|至|到了|在|于)?(?:当天|当日|当晚)?约?"
                         "(?:上午|下午|中午|晚上|晚间|傍晚|凌晨|早上|清晨|深夜|夜间|午后|晚些时候|相若时间|同一时间|同一时分))(?!的)")
# a clause that opens with a clock time or a word of sequence, after its separator ("，至约3时半，",
# "，其后证实不治")
_CLAUSE_TIME = re.compile("[，,；;](?=(?:其后|随后|随即|之后)|(?:至|直至|直到|到|于|在)?约?"
                          "(?:上午|下午|中午|晚上|凌晨|早上|傍晚)?约?(?:[01]?[0-9]|2[0-3])[时点:：])")
_LIST_JOIN = re.compile(r"\s*(?:[、和及与]|以及)\s*")


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
    (bench/fit_events.py fits the model on these), the document's series of dates too."""
    return series_evidence(_dated_clauses(doc))


def _dated_clauses(doc: Document):
    """Every clause of the article that holds a usable date, with its evidence
    (bench/fit_events.py fits the model on these)."""
    published = reference_date(doc)
    # the dates written so far; without a publication date, the document is at least as
    # recent as the latest day it writes
    years = _written_years(doc)
    # (without a publication date, a year that opens a clause alone counts: "进入2006年，…")
    context = TimeContext(latest_year=max(years + ([] if published else _narrative_years(doc)), default=None),
                          review_year=reviewed_year(doc.title, published))
    opening_year = None   # the year the last block opened with, if it did
    section_day = None    # the day a heading that is only a date opened ("▼11月26日▼")
    section_years: list[tuple[int, int]] = []   # (level, year) of the open headings that are a year
    section_date = None   # the month or day a heading opened with, for the block right under it
    blocks = article_blocks(doc.blocks)   # replies state no events
    lent = _timeline_dates(blocks)
    for index, block in enumerate(blocks):
        if block.kind not in EVENT_BLOCKS or index - 1 in lent:
            continue   # (a timeline's date line: its heading states the event)
        under, section_date = (section_date if block.kind != HEADING else None), None
        if block.kind == HEADING:
            heading = inline_to_plain(block.text or "")
            while section_years and section_years[-1][0] >= block.level:
                section_years.pop()
            year = _heading_year(heading)
            if year is not None:   # "### 2020", "**2018年**": the section's month-days are of it
                section_years.append((block.level, year))
        # a chronicle's paragraph opens with its year ("2017年4月1日，…"); the next one's
        # month-days are of that year until it names another ("5月23日晚，…"); else those
        # of a section under a heading that is a year are of that year
        framing = opening_year if opening_year is not None else \
            (section_years[-1][1] if section_years else None)
        context = replace(context, block_year=framing, last_month=None)
        opening_year = None
        if block.kind == HEADING:
            section_day = _heading_day(heading, context, published)
            section_date = _heading_date(heading, context, published)
        for number, raw in enumerate(block_pieces(block)):
            anchor = piece_anchor(block_anchor(index), number)
            piece = inline_to_plain(raw)
            if index in lent:   # "2019年6月9日，103万人上街游行"
                piece = f"{lent[index]}，{piece}"
            context = replace(context, piece_day=None)
            mentions = find_dates(piece)
            # an entry under a day heading that opens with a time of day ("14:51 消防处接报…")
            timed = _timed_entry(piece, section_day) \
                if section_day is not None and block.kind != HEADING else None
            if not mentions and timed is None:
                if under is not None and block.kind != HEADING:
                    # "**2017年4月─美國啟動調查**" / "特朗普指示…": the entry under a heading
                    # that opens with its date tells what happened then (its first sentence)
                    first = _SENTENCE.match(piece)
                    if first is not None and first.group().strip():
                        sentence = first.group()
                        ctx = ClauseContext(block.kind, PieceFacts.of(raw), 2, 1, index, published, under, ())
                        yield _weighed(sentence, fold_script(sentence), under, anchor, ctx, carried=True)
                continue   # no date at all: no sentence to weigh
            stamp = _update_stamp(piece, mentions, published) if mentions else None
            if stamp is not None:   # "2016.03.02" on its own after the post: an update
                published = stamp
                continue
            if mentions:
                # a chronicle's year: carried from the last paragraph's opening, or this one's
                opens_with = _opening_year(piece, mentions[0])
                if number == 0:
                    opening_year = opens_with
                context = replace(context, year_framed=context.block_year is not None or opens_with is not None,
                                  year_only_frame=opens_with is not None and mentions[0].month is None)
            dated, carried, context = _piece_clauses(piece, mentions, context, published, timed)
            facts = PieceFacts.of(raw)
            entry = _ENTRY.match(piece) is not None
            for position, (sentence, folded, found, original, usable) in enumerate(dated):
                ctx = ClauseContext(block.kind, facts, len(dated), position, index, published, original, usable)
                # a chronicle's entry: "1839年：钦差大臣林则徐…", "3月16日：台灣第一次…"
                yield _weighed(sentence, folded, found, anchor, ctx, entry=entry and position == 0)
            for sentence, folded, found in carried:
                # (weighed as a later clause of its piece: it follows the dated one)
                ctx = ClauseContext(block.kind, facts, max(len(dated), 1), 1, index, published, found, ())
                yield _weighed(sentence, folded, found, anchor, ctx, carried=True)


def _weighed(sentence: str, folded: str, found: DateMention, anchor: str, ctx: ClauseContext,
             carried: bool = False, entry: bool = False) -> WeighedClause:
    """A candidate with its evidence; `carried`: its date is written before it (a sentence
    that goes on from a day, the block under a dated heading); `entry`: it opens a
    chronicle's entry with its date."""
    features, planned = event_evidence(folded, found, ctx)
    features["carried"] = float(carried)
    features["entry"] = float(entry)
    return WeighedClause(sentence, found, anchor, features, planned)


def _piece_clauses(piece: str, mentions, context: TimeContext, published: str | None, timed):
    """The dated clauses of a piece (sentence, its folded text, the date, the date as
    written, the clause's usable date starts), the sentences that carry the date written
    before them (sentence, folded, date: see _carries) and the
    context after the piece. `timed`: the piece opens with a time of day under a day
    heading (_timed_entry): its first sentence is of that day when it writes none."""
    dated: list = []
    carried: list = []
    given: set[tuple[str, str]] = set()
    starts = [m.start for m in mentions]
    day, distance = None, 0   # the date the last dated sentence gave, and sentences since
    for number, match in enumerate(_SENTENCE.finditer(piece)):
        text = match.group()
        own = bisect.bisect_left(starts, match.end()) > bisect.bisect_left(starts, match.start())
        if not own:
            if number == 0 and timed is not None:
                sentence, found, original = timed
                dated.append((sentence, fold_script(sentence), found, original, (found.start,)))
                day, distance = found, 0
                continue
            said = _day_after_subject(text, context.piece_day)
            if said is not None:   # "北约秘书长吕特当天称，…"
                dated.append((text, fold_script(text), *said, (said[0].start,)))
                day, distance = said[0], 0
                continue
            day, distance, weighed = _carries(text, day, distance)
            if weighed:   # a clause opening with a later time of the day is a fact of its own
                for clause in _timed_clauses(text)[:CARRIED_CLAUSES]:
                    folded = fold_script(clause)
                    if (folded, day.iso()) not in given:
                        given.add((folded, day.iso()))
                        carried.append((clause, folded, DateMention(0, 0, day.year, day.month, day.day)))
            continue
        day, distance = None, 0
        if number == 0 and timed is not None:
            # "19:47 行政长官李家超宣布，今日（29日）上午8时，…": the clauses before the first
            # date's are the entry's own
            lead = _before_date_clause(text, mentions[0].start - match.start())
            if lead:
                found, original = timed[1], timed[2]
                dated.append((lead, fold_script(lead), found, original, (found.start,)))
        for n, sentence in enumerate(dated_clauses(text)):
            # the word lists are Simplified: a Traditional site's text is read folded
            folded = fold_script(sentence)
            dates, context = sentence_dates(folded, context, published, n == 0)
            if dates:   # each date as written, looked up once per clause (a clause may hold thousands)
                day = dates[0]
                written = {m.start: m for m in find_dates(folded)}
                usable = _usable_starts(folded, written.values())
                for found in dates:
                    # a clause and date the piece already gave is weighed once (run-on
                    # text cut before each of a thousand "2015年5月1日" is one candidate)
                    if (folded, found.iso()) not in given:
                        given.add((folded, found.iso()))
                        dated.append((sentence, folded, found, written.get(found.start, found), usable))
    return dated, carried, context


def _before_date_clause(sentence: str, date_start: int) -> str:
    """The clauses of `sentence` before the one holding its date at `date_start` ("" when
    the date's clause opens the sentence)."""
    cut = max(sentence.rfind(mark, 0, date_start) for mark in "，,；;")
    return sentence[:cut + 1] if cut > 0 else ""


def _timed_clauses(sentence: str) -> list[str]:
    """A sentence cut before each clause that opens with a clock time or a word of sequence
    ("下午约3时01分，何伟豪到场，…，至约3时半，何伟豪失去联络，…", "…送院，其后证实不治":
    facts of one day, one after the other)."""
    cuts = [0] + [m.start() for m in _CLAUSE_TIME.finditer(sentence) if m.start() > 0] + [len(sentence)]
    return [sentence[a:b] for a, b in zip(cuts, cuts[1:])]


def _day_after_subject(sentence: str, piece_day: date | None) -> tuple[DateMention, DateMention] | None:
    """A day named by the paragraph's (当天, 次日: anaphoric_days of date_formats.yml) after
    the subject of a sentence that writes no date ("北约秘书长吕特当天称", "该州当天进入紧急状态"):
    that day, counted from the last day the paragraph wrote, and as written (counted, like
    "他在当天…"). Not after 事发 (the incident's day), nor before 的 ("发布当天的…" names a
    thing), nor after 每 (a habit)."""
    if piece_day is None:
        return None
    found = _day_word_pattern().search(sentence)
    if found is None or _INCIDENT.search(sentence, max(0, found.start() - INCIDENT_REACH), found.start()):
        return None
    offset = date_format_data()["anaphoric_days"][found.group(1)]
    day = piece_day + timedelta(days=offset)
    written = DateMention(found.start(1), found.end(1), None, text=found.group(1), after_last_day=offset)
    return replace(written, year=day.year, month=day.month, day=day.day, after_last_day=None), written


@lru_cache(maxsize=None)
def _day_word_pattern() -> re.Pattern[str]:
    """A day word (anaphoric_days) between Han characters, not after 每 nor before 的, nor
    the end of another word (这次日本, 多次日军, 相当天真, 适当日期)."""
    words = sorted(date_format_data()["anaphoric_days"], key=len, reverse=True)
    return re.compile("(?<=[\u4e00-\u9fff])(?<![每" + _WORD_BEFORE_DAY + "])(" + "|".join(map(re.escape, words))
                      + ")(?=[\u4e00-\u9fff])(?!的)")


def _carries(sentence: str, day: DateMention | None, distance: int) -> tuple[DateMention | None, int, bool]:
    """Whether a sentence without a date of its own goes on at the date of the sentence
    before it in its paragraph: the date, the distance in sentences, and whether the
    sentence is a candidate at that date: a day's, when it opens with a word that goes on
    from it or a time of that day ("随后与广东省省长会晤", "下午，她将参加…", "相若时间，…";
    measured on the corpus: any sentence after a date, or one after a year or a month,
    added dozens of candidates for each event). A date carries CARRY_SENTENCES sentences at
    most, and not past one that looks back or to the present ("此前…", "目前…")."""
    opening = sentence.lstrip(_CARRY_OPENING)
    if day is None or distance >= CARRY_SENTENCES or _CARRY_STOP.match(opening):
        return None, 0, False
    return day, distance + 1, day.precision == "day" and _CARRY_LEAD.match(opening) is not None


def _heading_day(text: str, context: TimeContext, published: str | None) -> DateMention | None:
    """The day of a heading that opens with its only date ("▼11月26日▼", "## 2025年11月27日
    （星期四）", "▼11月28日 火警大致救熄后▼"): a live report's or a timeline's section, whose
    entries are told by their time of day."""
    sole = _sole_date(text, [m for m in find_dates(text) if m.valid])
    if sole is None or _NOT_DATE_ONLY.search(sole[1]):
        return None
    day = _resolve(text, sole[0], context, published, None)
    return day if day is not None and day.valid and day.precision == "day" and day.day else None


def _heading_year(text: str) -> int | None:
    """The year of a heading that is only a year ("2020", "2018年", "▼2021年▼"): a section of
    a review or a chronicle, whose month-days are of that year."""
    sole = _sole_date(text, [m for m in find_dates(text) if m.valid])
    if sole is None or _NOT_DATE_ONLY.search(sole[1] + sole[2]):
        found = _HEADING_YEAR.fullmatch(text.strip())
        return int(found.group(1)) if found else None
    mention = sole[0]
    return mention.year if mention.has_year and mention.month is None and mention.relative is None else None


def _heading_date(text: str, context: TimeContext, published: str | None) -> DateMention | None:
    """The month or day a heading opens with, alone or before the name of what happened then
    ("**一月**", "9 月 改装房间", "2017年4月─美國啟動調查"): a timeline's or a review's
    entry, the block right under it tells of that time."""
    mentions = [m for m in find_dates(text) if m.valid]
    if len(mentions) != 1 or _NOT_DATE_ONLY.search(text[:mentions[0].start]):
        return None
    found = _resolve(text, mentions[0], context, published, None)
    return found if found is not None and found.valid and found.precision in ("month", "day") else None


def _timed_entry(piece: str, day: DateMention) -> tuple[str, DateMention, DateMention] | None:
    """A piece that opens with a time of day ("14:51 消防处接报…") under a heading that is
    only a date: its first sentence, dated that day (the time read like 当天: counted from
    the day written before it)."""
    m = _TIME_OPENING.match(piece)
    if m is None:
        return None
    sentence = _SENTENCE.match(piece)
    text = sentence.group() if sentence else piece
    found = DateMention(m.start(1), m.end(1), day.year, day.month, day.day, text=m.group(1))
    return text, found, replace(found, year=None, month=None, day=None, after_last_day=0)


def _timeline_dates(blocks) -> dict[int, str]:
    """A timeline page's entries: a heading, then a line that is only its date ("103万人上街
    游行" / "2019年6月9日"), repeated TIMELINE_ENTRIES times or more: each heading's index and
    the date its line writes (lent to it; the line itself states nothing)."""
    lent = {}
    for index in range(1, len(blocks)):
        if blocks[index].kind == PARAGRAPH and blocks[index - 1].kind == HEADING \
                and not find_dates(inline_to_plain(blocks[index - 1].text)):
            written = _date_line(inline_to_plain(blocks[index].text))
            if written is not None:
                lent[index - 1] = written
    return lent if len(lent) >= TIMELINE_ENTRIES else {}


def _date_line(text: str) -> str | None:
    """The date a line writes when it writes nothing else (but a part of its month or a few
    symbols: "2019年6月中旬", "2019年6月9日⇲")."""
    sole = _sole_date(text, find_dates(text))
    if sole is None or not sole[0].has_year or sole[0].month is None:
        return None
    return sole[0].text if _SYMBOLS_ONLY.fullmatch((sole[1] + sole[2]).strip()) else None


def _sole_date(text: str, mentions) -> tuple[DateMention, str, str] | None:
    """The one date of `mentions` (found in `text`), when it is the only one and valid, with
    the text before and after it: what a stamp, a day heading or a timeline's date line may
    hold besides its date is each one's own rule."""
    if len(mentions) != 1 or not mentions[0].valid:
        return None
    mention = mentions[0]
    return mention, text[:mention.start], text[mention.end:]


def _written_years(doc: Document) -> list[int]:
    """The years of the days and months the article writes with their year (a document
    without a publication date appeared after the latest: its 今年, its month-days)."""
    return [m.year for block in article_blocks(doc.blocks) if block.kind in EVENT_BLOCKS
            for raw in block_pieces(block) for m in find_dates(inline_to_plain(raw))
            if m.valid and m.has_year and m.month is not None and m.after_last is None]


def _narrative_years(doc: Document) -> list[int]:
    """The years the article writes alone opening a clause, the narrative's ("2006年，…",
    "进入2006年，…"; not "与2008年的奥运会有关")."""
    years = []
    for block in article_blocks(doc.blocks):
        if block.kind in EVENT_BLOCKS:
            for raw in block_pieces(block):
                piece = inline_to_plain(raw)
                years += [m.year for m in find_dates(piece) if m.valid and m.has_year and m.month is None
                          and m.after_last is None and _NARRATIVE_YEAR.match(piece, m.end)
                          and _NARRATIVE_LEAD.search(piece, max(0, m.start - LEAD_IN_REACH), m.start)]
    return years


def reviewed_year(title: str | None, published: str | None) -> int | None:
    """The year a review looks back on ("2022年终总结", "2019 年度总结", "我的2021回顾")
    when it was published in the first REVIEW_MONTHS months of the next: its 今年 and its
    month-days are of that year, not of the publication's (a day counted from the
    publication, 今天, still is the publication's)."""
    if not title or not published or len(published) < 7 or not _REVIEW_WORDS.search(title):
        return None
    years = {int(y) for y in _TITLE_YEAR.findall(title)}
    year = int(published[:4]) - 1
    return year if years == {year} and int(published[5:7]) <= REVIEW_MONTHS else None


def _usable_starts(clause: str, mentions) -> tuple[int, ...]:
    """Where the clause's dates start that the stage reads (valid, not inside a title 《》):
    the other dates feature counts these."""
    titles = [m.span() for m in _TITLE.finditer(clause)] if "《" in clause else []
    return tuple(m.start for m in mentions if m.valid and not _within(titles, m.start))


def _update_stamp(piece: str, mentions: tuple[DateMention, ...], published: str | None) -> str | None:
    """A paragraph that is only a full date after the publication's ("2016.03.02", "更新
    2016年3月2日") stamps an update: the relative dates after it ("去年开始…") count from it."""
    sole = _sole_date(piece, mentions) if published is not None else None
    if sole is None:
        return None
    mention, before, after = sole
    if mention.year is None or mention.precision != "day" or not _STAMP_LABEL.fullmatch(before) \
            or after.strip(" ：:"):
        return None
    day = mention.iso()
    return day if day > published else None


def _opening_year(piece: str, first: DateMention) -> int | None:
    """The year written at the very start of a paragraph ("2017年4月1日，…", "2015年，…")."""
    if first.year is None or not first.valid or first.after_last is not None:
        return None
    return first.year if _CLAUSE_LEAD_IN.fullmatch(piece[:first.start].strip()) else None


def dated_clauses(sentence: str) -> list[str]:
    """A sentence listing several dated facts ("1999年阿里巴巴成立，2003年淘宝网上线",
    "据中新网9月9日报道，…，苹果公司9日对记者表示") split before each clause that holds a
    new date, so each fact is its own candidate; not after a clause that is only a date
    ("2月4日，2022年北京冬奥会开幕": one fact). A clause longer than RUN_ON_CHARS is run-on
    text (a transcript without punctuation: "…也不是第一次2019年愚人节淘宝宣布…"): it is
    cut before each of its dates, RUN_ON_LEAD characters before it (its subject)."""
    # Linear: separators are looked up, not searched back for from each date.
    cuts = [0]
    has_date = False
    last_end = 0
    separators = [m.start() for m in _CLAUSE_SEPARATOR.finditer(sentence)]
    for mention in find_dates(sentence):
        before = bisect.bisect_left(separators, mention.start)
        clause_start = separators[before - 1] + 1 if before else 0
        clause_end = separators[before] if before < len(separators) else len(sentence)
        if has_date and _states_its_own(sentence, mention):
            if clause_start > cuts[-1] + 1 and not _only_a_date(sentence, last_end, clause_start):
                cuts.append(clause_start - 1)   # its separator with it: "，第二天…" is inside a sentence
            elif clause_end - clause_start > RUN_ON_CHARS and mention.start - RUN_ON_LEAD > cuts[-1]:
                cuts.append(mention.start - RUN_ON_LEAD)
        has_date = True
        last_end = mention.end
    return [sentence[a:b] for a, b in zip(cuts, cuts[1:] + [len(sentence)])]


def _states_its_own(sentence: str, mention: DateMention) -> bool:
    """A date that may open a fact of its own: a point in time ("从1月24日封城以来" is a
    period's start) that does not qualify a noun ("2011 年的交易笔数")."""
    return not _ATTRIBUTIVE.match(sentence, mention.end) and is_point_in_time(sentence, mention)


def _only_a_date(sentence: str, date_end: int, clause_start: int) -> bool:
    """The clause before `clause_start` holds nothing after its date (`date_end`) but a
    time of day ("2月4日晚，"); bounded, so a long run of spaces costs nothing."""
    return clause_start - date_end <= DATE_ONLY_REST_MAX and \
        _DATE_ONLY_REST.fullmatch(sentence, date_end, max(date_end, clause_start)) is not None


def event_tags(text: str, tags: list, doc_tags: tuple[str, ...]) -> tuple[str, ...]:
    """The document's tags the sentence mentions. A single-topic document lends its tag
    to all its events; a many-topic report does not (its events are about one thing)."""
    normalised = normalise(text)
    mentioned = tuple(t.id for t in tags if count_mentions(t, normalised))
    return mentioned or (doc_tags if len(doc_tags) == 1 else ())


@dataclass(frozen=True)
class TimeContext:
    """What the text before a clause said about time: the last year written in its block
    and in the whole document (a year stated, 今年 or 同年 included, not one filled in), the
    year and month of the last date written to the month in its block, the last day
    written in the document (当天, 第二天 opening a sentence count from it), in the current
    paragraph or list item (他在当天举行的…, 一周后 inside a sentence count from it) and the
    last day that opened a sentence, the narrative's day ("11月12日，教体局通报称，9月28日
    午饭后…。两天后，…": 11 November, not 28 September)."""
    block_year: int | None = None
    last_year: int | None = None
    last_month: tuple[int, int] | None = None
    last_day: date | None = None
    piece_day: date | None = None
    frame_day: date | None = None
    year_framed: bool = False   # the paragraph's year opens it or the one before (a chronicle)
    year_only_frame: bool = False   # it opens with a year alone ("2016年，…"): background, not a chronicle's day
    incident_day: date | None = None   # 事发当天（9月28日）: the day 事发次日 counts from
    latest_year: int | None = None   # the latest year of a day or month the document writes
    review_year: int | None = None   # a review of this year published early the next (see reviewed_year)


def sentence_date(sentence: str, block_year: int | None,
                  published: str | None) -> tuple[DateMention | None, int | None]:
    """The date of the event a sentence states (or None), and the block's last year (see
    sentence_dates, which also gives the other days of a list: "18日、19日")."""
    dates, context = sentence_dates(sentence, TimeContext(block_year, block_year), published)
    return (dates[0] if dates else None), context.block_year


def sentence_dates(sentence: str, context: TimeContext, published: str | None,
                   opens_sentence: bool = True) -> tuple[list[DateMention], TimeContext]:
    """The dates of the events a clause states (none, one, the days of a list: "4月2日和
    30日", "18日、19日", or several facts: "沙特与伊朗2016年断交，两国于今年4月宣布恢复
    外交关系"), and the context for the next clause.

    Of several dates in one clause the most precise wins: in "2月4日，2022年北京冬奥会正式
    开幕" or "北京2022年冬奥会于2月4日开幕" the year names the Games and the day is the
    event's; other dates as precise as the winner's are events too (see _may_stand_beside),
    each weighed on its own. A relative day (昨天, 上周日, 本周) needs the document's day: a
    publication date of day precision. A weekday followed by its date ("星期二（12月10日）")
    is that date; a date inside a title (《2019年…报告》) is none of the clause's. A year
    counted from the last one written (同年, 次年) takes it from the context, never from the
    document's date; a bare day of the month ("25日") after a date of its month in the same
    block takes that month (see _resolve)."""
    # each date that is a point in time, with the days listed after it: (rank, whether it
    # may stand beside the winner, its dates)
    candidates: list[tuple[tuple, bool, list[DateMention]]] = []
    mentions = [m for m in find_dates(sentence) if m.valid]
    # where the clause first announces a plan (once: a clause of many dates stays linear)
    plan = _forecast_pattern().search(sentence) if mentions else None
    titles = [m.span() for m in _TITLE.finditer(sentence)] if mentions and "《" in sentence else []
    quotes = _quote_marks(sentence) if mentions else ([], [])
    previous: DateMention | None = None   # the last date resolved in this clause
    weekday_of = -1   # where the month-day ends whose bracketed weekday told its year
    said_of = -1   # where a relative day ends whose date follows in brackets
    listed: list[DateMention] | None = None   # the dates of the last candidate, if listing goes on
    for number, mention in enumerate(mentions):
        following = mentions[number + 1] if number + 1 < len(mentions) else None
        if _within(titles, mention.start):
            continue   # 《2019年中国共享充电行业报告》, 《乐理知识三月通》: a title, no date of the clause
        if mention.weekday is not None and following is not None and \
                _PAREN_OPEN.fullmatch(sentence, mention.end, following.start):
            continue   # 星期二（12月10日）: the date in brackets says which Tuesday
        if mention.weekday is not None and number and \
                _IS.fullmatch(sentence, mentions[number - 1].end, mention.start):
            continue   # 6月19日是周六: the weekday of the date before it, no day of its own
        if mention.weekday is not None and mention.week_offset is None and previous is not None \
                and previous.end == weekday_of and previous.day:
            continue   # 11月9日（周日）: the weekday told the date's year (below)
        if previous is not None and previous.day and _listed_day(sentence, previous, mention):
            resolved = replace(previous, start=mention.start, end=mention.end, day=mention.day,
                               text=mention.text)
            if listed is not None and listed[-1].end == previous.end and _valid_day(resolved):
                listed.append(resolved)
            previous = resolved
            continue
        resolved = _resolve(sentence, mention, context, published, plan.start() if plan else None)
        if previous is not None and previous.end == said_of and not mention.has_year and mention.month:
            resolved = mention.resolved(previous.year)   # 昨晚（2月3日）: the day 昨晚 is
        opening = opens_sentence and mention.start <= LEAD_IN_REACH and \
            _CLAUSE_LEAD_IN.fullmatch(sentence[:mention.start].strip(" ，,")) is not None
        if resolved is not None and not resolved.valid:
            resolved = None   # 31日 or 上月31日 in a month of 30 days: no such day
        weekday_of = -1
        if resolved is not None and not mention.has_year and mention.day and following is not None \
                and following.weekday is not None and following.week_offset is None \
                and _PAREN_OPEN.fullmatch(sentence, mention.end, following.start):
            resolved = _year_of_weekday(resolved, following.weekday)
            weekday_of = mention.end
        context = _advance(context, mention, resolved, opening)
        if resolved is not None and resolved.day and _valid_day(resolved) and \
                _INCIDENT_DATE.search(sentence, max(0, mention.start - INCIDENT_REACH), mention.start):
            context = replace(context, incident_day=date(resolved.year, resolved.month, resolved.day))
        listed = None
        if resolved is None:
            continue
        previous = resolved
        # a day told by the document's own ("昨晚", "今天") before its date in brackets
        said_of = mention.end if mention.day_offset is not None and following is not None and \
            _PAREN_OPEN.fullmatch(sentence, mention.end, following.start) else -1
        if is_point_in_time(sentence, mention) or day_range_start(sentence, mention):
            listed = [resolved]
            candidates.append(((not _within_quotes(quotes, mention.start), *_rank(sentence, mention, resolved)),
                               _may_stand_beside(sentence, mention), listed))
    if not candidates:
        return [], context
    # the first of the best (a date outside quotation marks before one a quoted claim or
    # name holds: "被官方上个月辟谣的「预计8月8日冲1亿单」说法"); of equal precision, one
    # that could stand beside another (not in brackets, not a dateline's) before one that
    # could not
    top = max(candidates, key=lambda c: (c[0][:3], c[1], c[0][3:]))
    found = list(top[2])
    isos = {d.iso() for d in found}   # a set: a clause of many distinct dates stays linear
    for rank, beside, dates in candidates:
        # as precise, and not counted from another day beside one written out
        if beside and dates is not top[2] and rank[:3] == top[0][:3] and rank[4] >= top[0][4]:
            for day in dates:
                if day.iso() not in isos:
                    isos.add(day.iso())
                    found.append(day)
    return found, context


def _quote_marks(sentence: str) -> tuple[list[int], list[int]]:
    """Where the sentence's quotation marks open and close (sorted)."""
    return [m.start() for m in _QUOTE_OPEN.finditer(sentence)], [m.start() for m in _QUOTE_CLOSE.finditer(sentence)]


def _within_quotes(quotes: tuple[list[int], list[int]], position: int) -> bool:
    """More quotation marks open than close before `position`."""
    return bisect.bisect_left(quotes[0], position) > bisect.bisect_left(quotes[1], position)


def _may_stand_beside(sentence: str, mention: DateMention) -> bool:
    """A date that may be a second event of its clause ("2017年，足协要求…，但是到2020年，
    国家队发表声明"): written in words (not a numeric citation date), not a dateline's, not
    in brackets ("（常年11月19日）") unless they tell which day a weekday or 昨天 was
    ("财政部星期二（4月2日）宣布"): then it is the clause's own."""
    return not NUMERIC_DATE.fullmatch(mention.text) and \
        not DATELINE_END.match(sentence, mention.end) and \
        (not _PAREN_BEFORE.search(sentence, max(0, mention.start - PAREN_REACH), mention.start)
         or _TOLD_DAY.search(sentence, max(0, mention.start - TOLD_REACH), mention.start) is not None)


def _resolve(sentence: str, mention: DateMention, context: TimeContext,
             published: str | None, plan: int | None) -> DateMention | None:
    """`mention` as a full date (None: unknown). `plan` is where the clause first announces
    a plan: one before the date or just after it ("将于12月3日", "12月3日将推出") makes it
    the coming one; one further on speaks of something else ("8月31日被拘留，理由是…即将
    封城"). A bare day or weekday is the coming one only after a plan word ("将于11日"):
    "11日称，以军将继续…" is the 11th just past."""
    announced = plan is not None and plan < mention.end + PLAN_REACH
    doc_year = context.review_year or (int(published[:4]) if published else None)
    if mention.after_last_day is not None:   # 当天, 第二天, 两天后: from a day written before
        anchor = _anaphoric_anchor(sentence, mention, context)
        if anchor is None:
            return None
        day = anchor + timedelta(days=mention.after_last_day)
        return DateMention(mention.start, mention.end, day.year, day.month, day.day, text=mention.text)
    if mention.after_last is not None:   # 同年, 次年: from the last year written
        return mention.resolved(context.block_year if context.block_year is not None else context.last_year)
    if mention.relative_day:
        if _bare_day(mention) and context.last_month is not None:
            # "25日" after "11月24日": a day of the month just written, when that is a
            # day of the weeks before the publication (or just after it, announced)
            year, month = context.last_month
            resolved = DateMention(mention.start, mention.end, year, month, mention.day, text=mention.text)
            if _valid_day(resolved) and _near_publication(resolved, published, announced):
                return resolved
        if _bare_day(mention) and context.last_day is not None:
            # "11月24日，…火灾。" then "25日早晨，…": the story goes on from the last day
            last = context.last_day
            resolved = DateMention(mention.start, mention.end, last.year, last.month, mention.day, text=mention.text)
            if _valid_day(resolved) and _goes_on(resolved, last):
                return resolved
        # a speaker's 今天 is the day they spoke (or "nowadays"), not the document's
        before = sentence[max(0, mention.start - QUOTE_REACH):mention.start]
        quoted = len(_QUOTE_OPEN.findall(before)) > len(_QUOTE_CLOSE.findall(before))
        if not published or len(published) != 10 or quoted:
            return None
        return mention.on_day(date.fromisoformat(published), ahead=plan is not None and plan < mention.start)
    # a month-day takes its block's last year, else the document's: in news an earlier
    # paragraph's year is background (measured on the corpus: the document's last year
    # written put 1 in 3 news month-days in a wrong year)
    from_doc = mention.relative is not None or context.block_year is None or \
        ((not context.year_framed or context.year_only_frame or _goes_back(sentence, mention, context))
         and _recent_in_publication_year(mention, context.block_year, published))
    if from_doc and mention.relative is None and _story_goes_on(mention, context, published):
        from_doc = False   # "1970年5月1日，…" then "5月2日，…" a paragraph later: the history's
        year = context.frame_day.year
    else:
        year = doc_year if from_doc else context.block_year
    if from_doc and doc_year is None and mention.relative is None:
        # no publication date: the year the document last wrote ("进入2006年，…。…5月10日"),
        # or a later one of a day it writes further on: it appeared after that ("2005年9月
        # 9日，…签署协议。…3月初，…。…2006年4月24日…公告" is March 2006's)
        # ... unless the last year written keeps the story going forward from the last day
        # written in it (a chronicle: "2003年11月7日，…。11月22日下午，…" is 2003's)
        from_doc, year = False, context.last_year
        if not _goes_forward(mention, context):
            year = max((y for y in (context.last_year, context.latest_year) if y is not None), default=None)
    resolved = mention.resolved(year)
    # "12月3日" in an article of 11 February is last December (news tells what
    # happened), unless the clause announces it (将于12月3日…) or it is weeks away
    # (a schedule of the coming days): then this year's, a plan.
    # (only a date without a year word: 明年, 今年12月 say which year they mean)
    past = resolved and not mention.has_year and mention.cycle is None and mention.relative is None and from_doc \
        and resolved.iso()[:len(published)] > published and not announced
    if past and _days_after(resolved, published) > UPCOMING_DAYS:
        resolved = mention.resolved(doc_year - 1)
    # weeks after the publication but not announced, in a story whose last year written
    # is years before it (a republished feature: "2012年5月10日，首映式…。从5月14日晚播出
    # 以来…" under a stamp of 29 April 2014): of that year, not a coming schedule's
    # (when no day of the document is of the last years: "1989年，…" in a digest that writes
    # 2023年5月15日 elsewhere is a biography's year, and its "于10月起投运" this year's plan)
    elif past and context.last_year is not None and context.last_year <= doc_year - STORY_YEARS \
            and (context.latest_year is None or context.latest_year <= doc_year - STORY_YEARS):
        resolved = mention.resolved(context.last_year)
    # "1月初就要出街" in an article of 10 December: the coming January, not the past one
    elif resolved and not mention.has_year and mention.relative is None and from_doc and announced \
            and resolved.iso() < published[:len(resolved.iso())]:
        coming = mention.resolved(doc_year + 1)
        if coming and 0 <= _days_after(coming, published) <= UPCOMING_DAYS:
            resolved = coming
    return resolved


def _goes_forward(mention: DateMention, context: TimeContext) -> bool:
    """In the last year written, `mention` (a month or month-day without a year) lies after
    the last day written (or in its month), which is of that year: the narrative goes on in
    it (the same day again is rather an anniversary: "成立于2003年5月10日…。5月10日…")."""
    last = context.last_day
    if context.last_year is None or last is None or last.year != context.last_year or mention.month is None:
        return False
    if mention.day is None:
        return mention.month >= last.month
    return (mention.month, mention.day) > (last.month, last.day)


def _story_goes_on(mention: DateMention, context: TimeContext, published: str | None) -> bool:
    """A month-day without a year the next day or so (NEXT_DAYS) after the last day written
    and a few days (GOES_ON_DAYS) after the narrative's day (the last day that opened a
    sentence: "1970年5月1日，…"), in its year, which is before the publication's: a history told day by day in a recent article goes on
    ("5月2日和5月3日，…", "5月4日，…" in an anniversary story of 2020). A day written in passing
    ("该厂曾于2020年3月10日…") frames nothing, and a week on is rather the news' own day
    ("2017年4月1日，…。5月23日晚，…" then "5月30日，…" published in 2024)."""
    frame, last = context.frame_day, context.last_day
    if frame is None or last is None or last.year != frame.year or not published \
            or frame.year >= int(published[:4]) or mention.month is None or mention.day is None:
        return False
    try:
        day = date(frame.year, mention.month, mention.day)
    except ValueError:
        return False
    return 0 < (day - last).days <= NEXT_DAYS and 0 < (day - frame).days <= GOES_ON_DAYS


def _goes_back(sentence: str, mention: DateMention, context: TimeContext) -> bool:
    """In its paragraph's year, `mention` (a month-day without a year) would lie before the
    month its paragraph wrote last in that year ("从2019年底开始，…。2月3日，…") or the last day
    written (a paragraph before that opened with it): the story has moved on to a later year,
    unless the text says it looks back ("早在3月2日", "此前的3月")."""
    if _LOOKS_BACK.search(sentence, max(0, mention.start - LOOK_BACK_REACH), mention.start):
        return False
    last = context.last_month
    if last is not None and last[0] == context.block_year and mention.month is not None and mention.month < last[1]:
        return True
    # ... or before the last day written, of that year, in the paragraph before ("2020年8月14日，
    # 人们在机场排队。" captioning a photo, then "使馆6月14日发布公告" in news of June 2021)
    day = context.last_day
    return day is not None and day.year == context.block_year and mention.month is not None \
        and (mention.month, mention.day or 0) < (day.month, day.day)


def _recent_in_publication_year(mention: DateMention, block_year: int, published: str | None) -> bool:
    """A day without a year after an earlier year written inside its paragraph (not a
    chronicle's, opening it) that is, in the year of publication, one of the weeks before it:
    that one (news: "IT之家9月30日消息…1996年发展到最高峰…。9月30日下午，告别活动举行" in an
    article of 30 September 2019)."""
    if not published or len(published) != 10 or mention.day is None or mention.has_year \
            or block_year >= int(published[:4]):
        return False
    this_year = mention.resolved(int(published[:4]))
    return this_year is not None and this_year.valid and \
        -CONTEXT_MONTH_DAYS <= _days_after(this_year, published) <= 0


def _anaphoric_anchor(sentence: str, mention: DateMention, context: TimeContext) -> date | None:
    """The day a day named by another (当天, 第二天, 两天后) counts from. After 事发/案发: the
    incident's day, when a date in brackets told it ("事发当天（9月28日）"). Opening its sentence:
    the last day written in its paragraph, else the narrative's day (the last that opened a
    sentence), else the last day written. Inside
    a sentence, only after a word that points back (在, 的, 于, a comma: "他在当天举行的",
    "发出的当晚", "仍于一周后") and from a day written before it in the same paragraph:
    "事发当天", "通报当天" name another day than the last written."""
    if _INCIDENT.search(sentence, max(0, mention.start - INCIDENT_REACH), mention.start):
        return context.incident_day   # 事发次日: from the incident's day, when the text gave it
    # (prefixes read only this far: a clause of thousands of 当天 stays linear)
    if _BLANK.fullmatch(sentence, 0, mention.start) or (mention.start <= LEAD_IN_REACH and
                                                        sentence[:mention.start].strip(" ，,") in _AFTER_THAT):
        return context.piece_day or context.frame_day or context.last_day   # 此后第三天
    if context.piece_day is None:
        return None
    index = mention.start
    while index > 0 and sentence[index - 1].isspace():
        index -= 1
    return context.piece_day if index > 0 and sentence[index - 1] in _POINTS_BACK else None


def _advance(context: TimeContext, mention: DateMention, resolved: DateMention | None,
             opening: bool = False) -> TimeContext:
    """The context after `mention`: a year it states (written, 今年, 同年) becomes the last
    year; a month it resolves to, the last month; a day, the last day (and the paragraph's;
    the narrative's when it opens its sentence)."""
    if resolved is None:
        return context
    changes: dict = {}
    # 去年 in news is background: a month-day after it is still the document's year
    if mention.has_year or mention.relative == 0 or mention.after_last is not None:
        changes.update(block_year=resolved.year, last_year=resolved.year)
    if resolved.month is not None and not mention.relative_day:
        changes["last_month"] = (resolved.year, resolved.month)
    if resolved.day is not None and _valid_day(resolved):
        changes["last_day"] = changes["piece_day"] = date(resolved.year, resolved.month, resolved.day)
        if opening:
            changes["frame_day"] = changes["last_day"]
    return replace(context, **changes) if changes else context


def _year_of_weekday(mention: DateMention, weekday: int) -> DateMention:
    """A month-day without a year, followed by its weekday ("11月9日（周日）"): of its
    year, the next and the one before, the first where that day is that weekday."""
    for year in (mention.year, mention.year + 1, mention.year - 1):
        try:
            if date(year, mention.month, mention.day).weekday() == weekday:
                return replace(mention, year=year)
        except ValueError:
            continue
    return mention


def _bare_day(mention: DateMention) -> bool:
    return mention.day is not None and mention.month is None and mention.year is None and \
        mention.day_offset is None and mention.weekday is None


def _goes_on(mention: DateMention, last: date) -> bool:
    """A day a few days after the last one written, in its month ("5月17日半价；18日、19日
    免票", "5月21日，…出手，…22日，两家均以大跌报收", "11月24日，…火灾。" then "25日早晨，…"):
    the story goes on, whenever it was published."""
    return (last.year, last.month) == (mention.year, mention.month) and 0 <= mention.day - last.day <= GOES_ON_DAYS


def _near_publication(mention: DateMention, published: str | None, announced: bool) -> bool:
    """A day within CONTEXT_MONTH_DAYS before the publication (after it when `announced`),
    or any day when the document's day is unknown."""
    if not published or len(published) != 10:
        return True
    days = _days_after(mention, published)
    return -CONTEXT_MONTH_DAYS <= days <= (UPCOMING_DAYS if announced else 0)


def _listed_day(sentence: str, previous: DateMention, mention: DateMention) -> bool:
    """`mention` is a bare day listed after `previous` ("18日、19日", "4月2日和30日")."""
    return _bare_day(mention) and _LIST_JOIN.fullmatch(sentence, previous.end, mention.start) is not None


def _valid_day(mention: DateMention) -> bool:
    try:
        date(mention.year, mention.month, mention.day)
    except (TypeError, ValueError):
        return False
    return True


def _days_after(mention: DateMention, published: str) -> int:
    try:
        return (date(mention.year, mention.month or 1, mention.day or 1) - date.fromisoformat(published)).days
    except ValueError:
        return 10**6


@lru_cache(maxsize=None)
def _forecast_pattern() -> re.Pattern[str]:
    """Plan words (events.yml's forecast) and words that make a date the coming one
    (date_formats.yml's coming: 就要, 马上)."""
    words = sorted({*event_rules()["forecast"], *date_format_data()["coming"]}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words))


def _announces(clause: str) -> bool:
    return any(word in clause for word in event_rules()["forecast"])


def _rank(sentence: str, mention: DateMention, resolved: DateMention) -> tuple[bool, int, bool, bool]:
    """A date written as such before a week (本周 is vaguer than the month it is told by),
    then the more precise; of equal precision, not a dateline's date ("新华社北京2020年2月
    29日电 2月28日，…": the report's day, not the event's), then one written out before one
    counted from another day ("20天之后，2020年2月21日": the day written out is meant)."""
    return (not mention.week, PRECISION_RANK[resolved.precision], not DATELINE_END.match(sentence, mention.end),
            not _counted(mention))


def _counted(mention: DateMention) -> bool:
    """A day or year counted from another date (两天后, 当天, 次年, 八年后), not written out."""
    return mention.after_last_day is not None or mention.after_last is not None


def _within(spans: list[tuple[int, int]], position: int) -> bool:
    """`position` lies inside one of `spans` (sorted, not overlapping)."""
    index = bisect.bisect_right(spans, (position, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


def is_point_in_time(sentence: str, mention: DateMention) -> bool:
    """False for period boundaries, range ends and figure labels."""
    rules = event_rules()
    # windows, not the sentence's rest: a sentence of 40,000 dates was quadratic
    after = sentence[mention.end:mention.end + CONTEXT_CHARS]
    before = sentence[max(0, mention.start - CONTEXT_CHARS):mention.start].rstrip()
    rest = after.lstrip()
    if rest.startswith("的") and before.endswith(_CUT_OFF):
        return False   # 截至2006年3月31日的第一季度: the period it ends names a thing
    for word in rules["not_after"]:
        if word in rules["deadline_after"] and mention.precision != "year":
            continue   # "2月3日前完成", "3月底之前上线": a deadline, a point in time
        # 到/至 end a range ("2012年到2015年", "到现在"); before a place they are a verb
        # ("2003年到独山开工厂")
        if rest.startswith(word) and (word not in _RANGE_WORDS or _RANGE_END.match(rest, len(word))):
            return False
    for word in rules["not_before"]:
        if not before.endswith(word) or any(before.endswith(w) for w in rules["allowed_before"]):
            continue
        # 到, 至, 进入, a dash end a range only after its start ("2012年到2015年", not
        # "举个例子吧——2008年我刚开始…"); opening a
        # clause they lead to the date ("直到11月22日，派出所…", "进入2006年，…", "…提出
        # 呈请，至11月中旬被驳回", "2017年，…，但是到2020年，国家队发表声明")
        if word in _RANGE_OPENERS and (not _DATE_BEFORE.search(before, 0, len(before) - len(word))
                                       or _OPENS_CLAUSE.search(before, 0, len(before) - len(word))):
            continue
        return False
    return not _FIGURE_LABEL.match(after)


def day_range_start(sentence: str, mention: DateMention) -> bool:
    """A day or month that opens a range ("5月17日至19日", "6月18日至19日访华", "11月25日至
    12月底", "2011年9月至2014年9月"): its first day is when the thing begins, a candidate
    (the model weighs it by the feature range_start); a range of years stays a period."""
    return mention.month is not None and \
        _DAY_RANGE_AFTER.match(sentence, mention.end) is not None


def event_evidence(clause: str, mention: DateMention, ctx: ClauseContext) -> tuple[dict, bool]:
    """The evidence that a dated clause states something that happened (or will happen)
    at its date (event_evidence.py weighs it), and whether it is a plan: 将于, 预计 (the
    forecast words of events.yml) or a date after the publication."""
    planned = _announces(clause) or \
        bool(ctx.published and mention.iso() > ctx.published[:len(mention.iso())])
    features = clause_features(clause, mention, ctx, event_rules())
    # "2015年，…", "截至2016年2月，…": the date frames the clause
    features["range_start"] = float(day_range_start(clause, ctx.original))
    features["opens_clause"] = float(bool(_CLAUSE_LEAD_IN.fullmatch(clause[:mention.start].strip(" ，,"))))
    return features, planned


def trim_sentence(sentence: str, mention: DateMention) -> str:
    """The sentence, cut to the clauses around its date when it is too long."""
    # a clause cut from a longer sentence ends in a comma (and the next opens with it): drop it
    text = sentence.strip().strip("，,；;：:、 ")
    limit = event_rules()["max_chars"]
    if len(text) <= limit:
        return text
    offset = len(sentence) - len(sentence.lstrip().lstrip("，,；;：:、 "))
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
