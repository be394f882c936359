"""YAML front matter: split it from the body, tolerate leading blank lines."""

from __future__ import annotations

import re
from typing import Any

import yaml

_FM = re.compile(r"\A\s*---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


def split_front_matter(text: str) -> tuple[dict[str, Any], str, str | None]:
    """Return (front matter, body, problem or None)."""
    m = _FM.match(text)
    if not m:
        return {}, text, None
    try:
        meta = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError as exc:
        return {}, text[m.end():], f"front matter is not valid YAML: {exc}"
    if not isinstance(meta, dict):
        return {}, text[m.end():], "front matter is not a mapping"
    return {str(k): v for k, v in meta.items()}, text[m.end():], None
