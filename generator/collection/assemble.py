"""What needs every document at once: slugs, duplicates (the copies of one story), the
tag index, the timeline, home figures."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import PurePosixPath

from pypinyin import lazy_pinyin

from ..document import Document
from .duplicates import Duplicate, find_copies, first_copies
from ..conversion.fold import comparable

MAX_SLUG = 60
RESERVED_SLUGS = {"index", "tags", "timeline", "documents", "report", "search", "raw", "assets"}
UNDATED = "undated"    # folder of the documents without a date (never a made-up one)


@dataclass(frozen=True)
class Collection:
    documents: tuple[Document, ...]          # converted documents, in source order
    slugs: dict[str, str]                    # source -> slug
    # source -> the other copies of its story (duplicates.py); documents without none
    duplicates: dict[str, tuple[Duplicate, ...]] = field(default_factory=dict)
    # source -> how many copies it has (`duplicates` lists MAX_LISTED of them at most)
    copy_totals: dict[str, int] = field(default_factory=dict)
    # source -> the first copy of its story, for documents with exact or near copies
    stories: dict[str, str] = field(default_factory=dict)

    def page_path(self, doc: Document) -> str:
        """Where the document's page goes: grouped by year (navigation for thousands of
        documents), undated ones apart. The single source of truth for page and URL."""
        return f"articles/{year_folder(doc)}/{self.slugs[doc.source]}.md"

    def url(self, doc: Document) -> str:
        return f"articles/{year_folder(doc)}/{self.slugs[doc.source]}/"

    def tag_counts(self) -> Counter:
        """Documents per tag, counting a story's copies once (their tags joined)."""
        return Counter(self._tag_counts)

    @cached_property
    def _tag_counts(self) -> Counter:
        story_tags: dict[str, set[str]] = {}
        for d in self.documents:
            story_tags.setdefault(self.story(d), set()).update(d.tags)
        return Counter(t for tags in story_tags.values() for t in tags)

    # The cross-document views, assembled once per build (the pages, the home page and its
    # figures all read them) and shared: callers must not change what they are given.

    @cached_property
    def timeline(self) -> list[TimelineEntry]:
        """Every event of every document, oldest first (see assemble_timeline)."""
        return assemble_timeline(self)

    @cached_property
    def tagged(self) -> dict[str, tuple[int, tuple[Document, ...]]]:
        """Tag id -> (documents counted by story, its documents newest first, undated last)."""
        dated, undated = documents_by_date(self)
        ordered = dated + undated
        return {tag_id: (count, tuple(d for d in ordered if tag_id in d.tags))
                for tag_id, count in self._tag_counts.items()}

    def story(self, doc: Document) -> str:
        """The source of the first copy of the document's story (its own when it has none)."""
        return self.stories.get(doc.source, doc.source)

    def copy_count(self, doc: Document) -> int:
        """How many copies of its story (and texts it contains or is contained in) there
        are besides the document: `duplicates` lists the most similar of them."""
        return self.copy_totals.get(doc.source, len(self.duplicates.get(doc.source, ())))

    def copies(self, doc: Document) -> list[Document]:
        """The other exact and near copies of the document's story, earliest first."""
        first = self.story(doc)
        return [d for d in self.story_members.get(first, ()) if d.source != doc.source]

    @cached_property
    def story_members(self) -> dict[str, list[Document]]:
        """First copy's source -> every copy of its story, the first first (stories of
        more than one copy only)."""
        members: dict[str, list[Document]] = {}
        for d in self.documents:
            if d.source in self.stories:
                members.setdefault(self.stories[d.source], []).append(d)
        return {first: sorted(docs, key=lambda d: (d.source != first, d.date is None, d.date or "", d.source))
                for first, docs in members.items()}

    @cached_property
    def by_source(self) -> dict[str, Document]:
        return {d.source: d for d in self.documents}

    @cached_property
    def reading(self) -> dict:
        """Source -> related.Reading: related documents, previous and next in the year."""
        from .related import reading_links   # related.py builds on this module

        return reading_links(self)


@lru_cache(maxsize=4096)  # a list page links each tag once per document: thousands of calls
def tag_slug(tag_id: str) -> str:
    """The file name of a tag's page: the id when it is a clean slug (as taxonomy ids
    should be), else a slug made from it, so no id can reach outside `tags/`, with a short
    hash of the id so that two ids never share a page (free tags: homophones in pinyin)."""
    slug = slugify(tag_id)
    if slug == tag_id:
        return slug
    return f"{slug or 'tag'}-{hashlib.sha256(tag_id.encode('utf-8')).hexdigest()[:6]}"


def year_folder(doc: Document) -> str:
    return doc.date[:4] if doc.date and doc.date[:4].isdigit() else UNDATED


def build_collection(docs: list[Document], duplicates: bool = True) -> Collection:
    """The collection of the documents not skipped (`duplicates`: False, no near-duplicate
    detection: every document is its own story)."""
    docs = sorted((d for d in docs if not d.skipped), key=lambda d: d.source)
    if not duplicates:
        return Collection(documents=tuple(docs), slugs=assign_slugs(docs))
    found = find_copies(docs)
    return Collection(documents=tuple(docs), slugs=assign_slugs(docs), duplicates=found.listed,
                      copy_totals=found.totals, stories=first_copies(tuple(docs), found.stories))


def slugify(text: str) -> str:
    """Readable ASCII slug: pinyin for Han characters, Latin letters and digits kept."""
    text = unicodedata.normalize("NFKC", text)
    parts = lazy_pinyin(text, errors=lambda chars: [chars])
    slug = "-".join(p for p in (re.sub(r"[^a-z0-9]+", "-", part.lower()) for part in parts) if p)
    slug = re.sub(r"-{2,}", "-", slug).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rsplit("-", 1)[0] or slug[:MAX_SLUG]
    return slug


def assign_slugs(docs: list[Document]) -> dict[str, str]:
    """Stable, readable, unique slugs: the front matter `slug`, else pinyin of the title,
    else the file stem. Ties are broken by source order with -2, -3 ..."""
    slugs: dict[str, str] = {}
    taken: set[str] = set(RESERVED_SLUGS)
    for doc in sorted(docs, key=lambda d: d.source):
        wanted = str(doc.sidecar.get("slug") or doc.meta.get("slug") or "")
        base = slugify(wanted) or slugify(doc.title) or slugify(PurePosixPath(doc.source).stem)
        base = base or "document"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        slugs[doc.source] = slug
    return slugs


# --- Cross-document views: timeline, documents by date, tag index, home figures -------


@dataclass(frozen=True)
class TimelineEntry:
    """One event as the timeline shows it, with the page and paragraph it comes from."""

    date: str
    precision: str
    label: str                # the date at its true precision, e.g. 2017年12月
    text: str
    tags: tuple[str, ...]     # tag ids: the event's own, else its document's
    url: str                  # article URL + #anchor
    doc_title: str
    planned: bool = False     # announced before it happened
    # the same event in the other copies of its story: (url + #anchor, document title)
    also: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class TagInfo:
    id: str
    name: str
    count: int
    documents: tuple[Document, ...]


def format_date(date: str | None, precision: str | None = None) -> str:
    """A date at its true precision, as Chinese writes it: 2009年 / 2017年12月 / 2015年9月22日."""
    if not date:
        return ""
    parts = date.split("-")
    wanted = {"year": 1, "month": 2, "day": 3}.get(precision or "", len(parts))
    parts = parts[:wanted]
    units = ("年", "月", "日")
    try:
        return "".join(f"{int(p)}{u}" for p, u in zip(parts, units))
    except ValueError:  # not a date we understand: show it as given rather than guess
        return date


def date_sort_key(date: str | None) -> str:
    """Dates compare as strings: 2009 < 2009-01 < 2009-01-05 (a year before its months)."""
    return date or ""


def anchor_number(anchor: str) -> tuple[int, ...]:
    """Where an anchor sits on its page, for ordering: p12-3 (third item of block 12)."""
    return tuple(int(n) for n in re.findall(r"\d+", anchor))


def assemble_timeline(coll: Collection) -> list[TimelineEntry]:
    """Every event of every document, oldest first; ties keep document and paragraph order.
    An event stated alike (same date, same folded sentence) by several copies of one story
    is one entry, from its first copy, listing the others in `also`."""
    entries = []
    seen: dict[tuple[str, str, str], int] = {}   # (story, date, sentence) -> entry index
    also: dict[int, list[tuple[str, str]]] = {}
    for doc in sorted(coll.documents, key=lambda d: (d.source != coll.story(d), d.source)):
        for event in doc.events:
            if not (event.date or "")[:4].isdigit():  # not a date the timeline can place
                continue
            if doc.source in coll.stories:
                key = (coll.stories[doc.source], event.date, comparable(event.text))
                if key in seen:
                    also.setdefault(seen[key], []).append((f"{coll.url(doc)}#{event.anchor}", doc.title))
                    continue
                seen[key] = len(entries)
            entries.append((
                (date_sort_key(event.date), doc.title, doc.source, anchor_number(event.anchor)),
                TimelineEntry(
                    date=event.date, precision=event.precision,
                    label=format_date(event.date, event.precision), text=event.text,
                    tags=tuple(event.tags) or doc.tags,
                    url=f"{coll.url(doc)}#{event.anchor}", doc_title=doc.title,
                    planned=event.planned,
                ),
            ))
    merged = [(key, replace(entry, also=tuple(also[n])) if n in also else entry)
              for n, (key, entry) in enumerate(entries)]
    return [entry for _, entry in sorted(merged, key=lambda pair: pair[0])]


def documents_by_date(coll: Collection) -> tuple[list[Document], list[Document]]:
    """(dated documents newest first, undated documents by title): undated ones stand apart."""
    dated = sorted((d for d in coll.documents if d.date),
                   key=lambda d: (date_sort_key(d.date), d.title), reverse=True)
    undated = sorted((d for d in coll.documents if not d.date), key=lambda d: d.title)
    return dated, undated


def tag_index(coll: Collection, names: dict[str, str]) -> list[TagInfo]:
    """Tags in use, most documents first; a tag's documents newest first (the documents
    are gathered once per collection, `Collection.tagged`; only the names vary)."""
    infos = [TagInfo(tag_id, names.get(tag_id, tag_id), count, docs)
             for tag_id, (count, docs) in coll.tagged.items()]
    return sorted(infos, key=lambda t: (-t.count, t.name))


def years_covered(coll: Collection) -> list[int]:
    """Every year a document was published in or an event happened in, ascending."""
    dates = [d.date for d in coll.documents if d.date]
    dates += [e.date for d in coll.documents for e in d.events if e.date]
    return sorted({int(date[:4]) for date in dates if date[:4].isdigit()})


def yearly_counts(coll: Collection) -> list[tuple[int, int, int]]:
    """(year, documents published, events the timeline places) for every year from the
    first covered to the last, ascending (years with neither included, at zero)."""
    years = years_covered(coll)
    if not years:
        return []
    docs = Counter(int(d.date[:4]) for d in coll.documents if d.date and d.date[:4].isdigit())
    events = Counter(int(e.date[:4]) for e in coll.timeline)
    return [(y, docs[y], events[y]) for y in range(years[0], years[-1] + 1)]


def home_figures(coll: Collection) -> dict[str, int | None]:
    years = years_covered(coll)
    return {
        "documents": len(coll.documents),
        "events": len(coll.timeline),      # the events the timeline can place
        "tags": len(coll.tagged),
        "first_year": years[0] if years else None,
        "last_year": years[-1] if years else None,
        "undated": sum(1 for d in coll.documents if not d.date),
    }
