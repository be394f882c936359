"""Metadata: title, date (with precision and provenance), author, source site, URL.

First cut: title from the front matter, else the first short block; date from the front
matter's ISO date only.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import PurePosixPath

from ..config import Config
from ..document import Document


def resolve_metadata(doc: Document, config: Config) -> Document:
    title, title_source = str(doc.meta.get("title") or "").strip(), "front-matter"
    if not title and doc.blocks and len(doc.blocks[0].text) <= 60:
        title, title_source = doc.blocks[0].text, "headline"
    if not title:
        title, title_source = PurePosixPath(doc.source).stem, "file-name"
    date = precision = date_source = None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", str(doc.meta.get("date") or ""))
    if m:
        date, precision, date_source = m.group(0), "day", "front-matter"
    return replace(doc, title=title, title_source=title_source, date=date,
                   date_precision=precision, date_source=date_source)
