"""What needs every document at once: slugs, the tag index, the timeline, home figures."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePosixPath

from pypinyin import lazy_pinyin

from .document import Document

MAX_SLUG = 60
RESERVED_SLUGS = {"index", "tags", "timeline", "documents", "report", "search", "raw", "assets"}


@dataclass(frozen=True)
class Collection:
    documents: tuple[Document, ...]          # converted documents, in source order
    slugs: dict[str, str]                    # source -> slug

    def page_path(self, doc: Document) -> str:
        return f"articles/{self.slugs[doc.source]}.md"

    def url(self, doc: Document) -> str:
        return f"articles/{self.slugs[doc.source]}/"

    def tag_counts(self) -> Counter:
        return Counter(t for d in self.documents for t in d.tags)


def build_collection(docs: list[Document]) -> Collection:
    docs = sorted((d for d in docs if not d.skipped), key=lambda d: d.source)
    return Collection(documents=tuple(docs), slugs=assign_slugs(docs))


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
