"""The converter: the ordered stages that turn one read source into a clean page.

`run` is a pure function of (Document, Config), so documents convert in parallel.
"""

from __future__ import annotations

import traceback

from ..config import Config
from ..document import Document
from .stages.clean import remove_boilerplate
from .stages.events import extract_events
from .stages.metadata import resolve_metadata
from .stages.script import unify_script
from .stages.structure import build_blocks
from .stages.summary import summarize
from .stages.tags import assign_tags

STAGES = (
    build_blocks,        # body -> blocks (headings, paragraphs, images, lists, captions)
    unify_script,        # one script for the site, conversion artefacts repaired
    remove_boilerplate,  # navigation, counters, promos, ads, spam: removed and recorded
    resolve_metadata,    # title, date with precision and provenance, author, source
    assign_tags,         # topic tags from the taxonomy
    extract_events,      # dated events with the anchor of their paragraph
    summarize,           # the summary lists and shared links show; the words for related reading
)


def run(doc: Document, config: Config) -> Document:
    """Convert one document. A bug in a stage becomes a Problem, never a lost build."""
    if doc.skipped:
        return doc
    for stage in STAGES:
        try:
            doc = stage(doc, config)
        except Exception as exc:  # a programmer error: report it, keep the build going
            detail = f"{stage.__name__} failed: {exc!r}\n{traceback.format_exc(limit=3)}"
            return doc.with_problem("internal-error", detail, "error")
    return doc
