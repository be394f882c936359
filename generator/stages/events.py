"""Events: sentences that state a dated event.

First cut: none extracted.
"""

from __future__ import annotations

from ..config import Config
from ..document import Document


def extract_events(doc: Document, config: Config) -> Document:
    return doc
