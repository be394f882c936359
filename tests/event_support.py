"""Helpers shared by the event tests."""

from __future__ import annotations

from generator.conversion.dates import find_dates
from generator.conversion.stages.event_evidence import ClauseContext, PieceFacts, clause_features
from generator.conversion.stages.events import event_rules


def evidence_of(clause: str) -> dict[str, float]:
    """The features of `clause` weighed at its first date (of 2022 when it gives no year),
    in a paragraph of its own."""
    written = find_dates(clause)[0]
    ctx = ClauseContext("paragraph", PieceFacts.of(clause), 1, 0, 0, None, written,
                        tuple(m.start for m in find_dates(clause)))
    resolved = written if written.year is not None else written.resolved(2022)
    return clause_features(clause, resolved, ctx, event_rules())
