"""Tags: topic tags from the taxonomy (generator/data/taxonomy.yml).

First cut: a tag whose name or alias appears in the title.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from importlib import resources

import yaml

from ..config import Config
from ..document import Document


@lru_cache(maxsize=None)
def load_taxonomy() -> tuple[dict, ...]:
    text = resources.files("generator.data").joinpath("taxonomy.yml").read_text(encoding="utf-8")
    return tuple(yaml.safe_load(text)["tags"])


def assign_tags(doc: Document, config: Config) -> Document:
    found = []
    for tag in load_taxonomy():
        names = [tag["name"], *tag.get("aliases", [])]
        if any(n in doc.title for n in names):
            found.append(tag["id"])
    return replace(doc, tags=tuple(found))


def tag_names() -> dict[str, str]:
    """Tag id -> display name."""
    return {t["id"]: t["name"] for t in load_taxonomy()}
