"""Clean: remove boilerplate and spam, recording every removal with its reason.

First cut: drops empty blocks only.
"""

from __future__ import annotations

from dataclasses import replace

from ..config import Config
from ..document import Document


def remove_boilerplate(doc: Document, config: Config) -> Document:
    kept = tuple(b for b in doc.blocks if b.text.strip() or b.src or b.items or b.rows)
    return replace(doc, blocks=kept)
