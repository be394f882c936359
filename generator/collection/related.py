"""What to read next: related documents (shared tags and telling words) and the previous
and next document of the same year. Computed once for the collection (Collection.reading).

Related reading never compares documents pair by pair over their text: each document
brings its tags and its few key words (`Document.terms`, stages/summary.py), an inverted
index lists the documents of each, ordered by date, and a document meets only the
NEIGHBOURS documents on either side of it in each of its lists. The cost is at most
documents x keys x 2 x NEIGHBOURS additions, whatever the size of a tag (10,000 documents:
about 5 million). A key is weighed by how rare it is in the collection (a tag twice a
word); a candidate needs a shared tag or two shared words. Ties go to the nearer date,
then the source path, so the result is the same on every run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .assemble import Collection, date_sort_key
from ..document import Document

MAX_RELATED = 5
NEIGHBOURS = 25          # on each side of a document in each key's list
TAG_FACTOR = 2.0         # a shared topic says more than a shared word
MIN_SHARED_TERMS = 2     # without a shared tag, this many shared words


@dataclass(frozen=True)
class Reading:
    related: tuple[str, ...] = ()      # sources, best first
    previous: str | None = None        # the source of the document before it in its year
    next: str | None = None


def reading_links(coll: Collection) -> dict[str, Reading]:
    """Source -> its related documents and its neighbours in the year."""
    related = related_documents(coll)
    years = year_neighbours(coll)
    return {d.source: Reading(related.get(d.source, ()), *years.get(d.source, (None, None)))
            for d in coll.documents}


def _order(doc: Document) -> tuple:
    return (date_sort_key(doc.date), doc.source)


def related_documents(coll: Collection) -> dict[str, tuple[str, ...]]:
    docs = sorted(coll.documents, key=_order)
    keys = [[("tag", t) for t in dict.fromkeys(d.tags)] + [("term", w) for w in dict.fromkeys(d.terms)]
            for d in docs]
    postings: dict[tuple[str, str], list[int]] = {}
    for i, doc_keys in enumerate(keys):        # i ascends: every list is in date order
        for key in doc_keys:
            postings.setdefault(key, []).append(i)
    n = len(docs)
    weight = {key: math.log(1 + n / len(ids)) * (TAG_FACTOR if key[0] == "tag" else 1.0)
              for key, ids in postings.items() if len(ids) > 1}
    position = {key: {i: p for p, i in enumerate(ids)} for key, ids in postings.items() if key in weight}
    out: dict[str, tuple[str, ...]] = {}
    for i, doc in enumerate(docs):
        score: dict[int, float] = {}
        tags: dict[int, int] = {}
        terms: dict[int, int] = {}
        for key in keys[i]:
            if key not in weight:
                continue
            ids, p, w = postings[key], position[key][i], weight[key]
            shared = tags if key[0] == "tag" else terms
            for j in ids[max(0, p - NEIGHBOURS):p + NEIGHBOURS + 1]:
                if j != i:
                    score[j] = score.get(j, 0.0) + w
                    shared[j] = shared.get(j, 0) + 1
        story = coll.story(doc)
        found = [j for j in score if (tags.get(j) or terms.get(j, 0) >= MIN_SHARED_TERMS)
                 and coll.story(docs[j]) != story]   # a copy of the story is listed as such
        found.sort(key=lambda j: (-round(score[j], 9), abs(j - i), docs[j].source))
        if found:
            out[doc.source] = tuple(docs[j].source for j in found[:MAX_RELATED])
    return out


def year_neighbours(coll: Collection) -> dict[str, tuple[str | None, str | None]]:
    """Source -> (previous, next) among the documents of its publication year, by date
    (same date: by title, then source). Undated documents have none."""
    by_year: dict[str, list[Document]] = {}
    for d in coll.documents:
        if d.date and d.date[:4].isdigit():
            by_year.setdefault(d.date[:4], []).append(d)
    out = {}
    for docs in by_year.values():
        docs.sort(key=lambda d: (date_sort_key(d.date), d.title, d.source))
        for k, d in enumerate(docs):
            out[d.source] = (docs[k - 1].source if k else None,
                             docs[k + 1].source if k + 1 < len(docs) else None)
    return out
