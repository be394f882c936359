"""Images a page cannot show as images, settled once the blocks are made.

Two kinds: an address that is a web page (data/image_pages.yml: a GitHub `tree/` or
`blob/` page shows an empty box), which becomes a link to that page; and an image without
an http(s) address (`![](a.jpg)` beside a Markdown file, `/img/a.png` in a saved page
without its site), which the converter marks (DROPPED_PREFIX) and which stays an image
block without `src`, its address in `label`: the writer shows one note for a run of them,
so a photo essay whose pictures could not be kept says so on the page. Both are recorded
in `doc.removed`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

from ...document import IMAGE, PARAGRAPH, Block, Removal
from ..textops import load_data_yaml
from .inline import escape_markdown

DROPPED_PREFIX = "zhiku-dropped:"   # convert_img's stand-in for the address it could not use
PAGE_LINK_TEXT = "图片所在页面"      # the link's words when the image has no alt text
_RAW_QUERY = re.compile(r"(?:^|&)raw=(?:true|1)(?:&|$)")   # GitHub serves the file itself


@lru_cache(maxsize=1)
def page_rules() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    text = resources.files("generator.data").joinpath("image_pages.yml").read_text(encoding="utf-8")
    return tuple((str(r["host"]).lower(), re.compile(str(r["path"])), str(r["why"]))
                 for r in load_data_yaml(text) or ())


def page_kind(url: str) -> str:
    """What kind of web page `url` is when it is one (data/image_pages.yml), else ""."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if _RAW_QUERY.search(parts.query):
        return ""
    for rule_host, path, why in page_rules():
        matches = host.endswith(rule_host) if rule_host.startswith(".") else host == rule_host
        if matches and path.match(parts.path or "/"):
            return why
    return ""


def settle_images(blocks: list[Block], dropped: list[str]) -> tuple[list[Block], list[Removal]]:
    """Image blocks whose address is a page become a link paragraph; the converter's
    stand-ins for dropped images (`DROPPED_PREFIX` + index into `dropped`) become image
    blocks without `src`, with the original address in `label`."""
    out, removals = [], []
    for block in blocks:
        if block.kind != IMAGE:
            out.append(block)
            continue
        if block.src.startswith(DROPPED_PREFIX):
            index = block.src[len(DROPPED_PREFIX):]
            address = dropped[int(index)] if index.isdigit() and int(index) < len(dropped) else ""
            address = address.removesuffix(f" (alt: {block.alt})") if block.alt else address
            out.append(replace(block, src="", label=address))
            continue
        why = page_kind(block.src)
        if why:
            words = escape_markdown(block.alt, at_block_start=False) if block.alt else PAGE_LINK_TEXT
            out.append(Block(PARAGRAPH, text=f"[{words}]({block.src})"))
            removals.append(Removal("image-page", f"{block.src}: {why}, not an image: kept as a link"))
            continue
        out.append(block)
    return out, removals
