"""Structure: the body (HTML, plain text or Markdown) becomes a tuple of Blocks.

First cut: paragraphs split on blank lines, tags stripped. Guarantees: no block carries
raw HTML; paragraph text holds no newline (a newline inside Chinese shows as a space).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bs4 import BeautifulSoup

from ..config import Config
from ..document import PARAGRAPH, Block, Document


def build_blocks(doc: Document, config: Config) -> Document:
    body = doc.body
    if doc.kind in ("html", "webpage"):
        soup = BeautifulSoup(body, "lxml")
        for br in soup.find_all(["p", "div", "br", "li", "h1", "h2", "h3", "h4", "tr"]):
            br.insert_before("\n\n")
        body = soup.get_text()
    paragraphs = [re.sub(r"\s*\n\s*", "", p).strip() for p in re.split(r"\n\s*\n", body)]
    blocks = tuple(Block(PARAGRAPH, text=p) for p in paragraphs if p)
    return replace(doc, blocks=blocks)
