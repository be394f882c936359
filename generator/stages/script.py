"""Script: detect Simplified/Traditional and convert to the site's script with OpenCC.

First cut: a document with more Traditional-only than Simplified-only characters is
converted with OpenCC t2s (or s2t for a Traditional site).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import opencc

from ..config import Config
from ..document import Document


@lru_cache(maxsize=None)
def _converter(name: str) -> opencc.OpenCC:
    return opencc.OpenCC(f"{name}.json")


def detect_script(text: str) -> str:
    sample = text[:20000]
    simplified = _converter("t2s").convert(sample)
    traditional = _converter("s2t").convert(sample)
    trad_only = sum(a != b for a, b in zip(sample, simplified))
    simp_only = sum(a != b for a, b in zip(sample, traditional))
    return "hant" if trad_only > simp_only else "hans"


def unify_script(doc: Document, config: Config) -> Document:
    script = detect_script(doc.title + "".join(b.text for b in doc.blocks))
    if script == config.script:
        return replace(doc, script=script)
    conv = _converter("t2s" if config.script == "hans" else "s2t")
    blocks = tuple(replace(b, text=conv.convert(b.text)) for b in doc.blocks)
    return replace(doc, script=script, blocks=blocks, title=conv.convert(doc.title))
