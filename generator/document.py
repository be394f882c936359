"""The data that flows through Zhiku: one immutable Document per source.

Stages never mutate a Document: they return a new one with `dataclasses.replace`,
so a stage's effect is visible in its return value and documents can be converted
in any process. Dict fields (`meta`) are treated as read-only by convention.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

# Block kinds produced by the structure stage and understood by the writer.
# Text fields (text, title, items, cells) are inline Markdown; the writer checks them all
# again (safe_markdown.py), so a stage's slip cannot open markup in a page.
HEADING = "heading"        # text, level (2..6; the page title is level 1)
PARAGRAPH = "paragraph"    # text (inline Markdown)
IMAGE = "image"            # src (http(s) or a mirrored copy), alt (plain text; doubles as the caption);
                           # src "" with label = the address the source gave: an image the site cannot show
LIST = "list"              # items, ordered, label = list style ("1", "a", "-")
CAPTION = "caption"        # text of a figure/table caption or a "来源：" source line
ADMONITION = "admonition"  # label = kind ("example" for 案例), title (inline Markdown), items = paragraphs
FOOTNOTE = "footnote"      # label = marker ("1", "1-2"), text = the note
QUOTE = "quote"            # text
TABLE = "table"            # rows: tuple of tuples of cell text; first row is the header
CODE = "code"              # text (as written, any backticks), label = language
RULE = "rule"              # a thematic break

BLOCK_KINDS = frozenset(
    {HEADING, PARAGRAPH, IMAGE, LIST, CAPTION, ADMONITION, FOOTNOTE, QUOTE, TABLE, CODE, RULE}
)


@dataclass(frozen=True)
class Block:
    """One block of page content. Which fields matter depends on `kind` (see above)."""

    kind: str
    text: str = ""
    level: int = 0
    items: tuple[str, ...] = ()
    ordered: bool = False
    label: str = ""
    title: str = ""
    src: str = ""
    alt: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Removal:
    """A piece of the source that cleaning took out, and why (nothing disappears silently)."""

    reason: str
    text: str


@dataclass(frozen=True)
class Problem:
    """Something wrong with a source. `code` groups problems in the report and console."""

    code: str
    source: str
    detail: str
    severity: str = "warning"  # "warning" | "error" (error: the document was skipped)


@dataclass(frozen=True)
class Event:
    """A dated event stated by a sentence of the document."""

    date: str          # "YYYY" | "YYYY-MM" | "YYYY-MM-DD"
    precision: str     # "year" | "month" | "day"
    text: str          # the sentence, in the site's script
    anchor: str        # id of the paragraph on the page (see block_anchor)
    tags: tuple[str, ...] = ()
    planned: bool = False  # announced or forecast: stated before it happened


@dataclass(frozen=True)
class Sketch:
    """What near-duplicate detection (duplicates.py) needs of a document's compared text,
    made where the document is converted, so the collection folds and hashes again only
    the texts of candidate pairs. Bounded: the text is cut at duplicates.MAX_CHARS."""

    of: str               # sha256 (32 hex digits) of the compared text before folding: a
                          # sketch of other blocks (changed after conversion) is not used
    digest: str           # sha256 (32 hex digits) of the folded text: equal for exact copies
    length: int           # characters of the folded text
    size: int = 0         # distinct shingles (0: too short to be compared)
    minhash: str = ""     # the MinHash values, 8 hex digits each (big-endian)
    sample: str = ""      # the shingle hashes of the sample, sorted, 16 hex digits each


@dataclass(frozen=True)
class Document:
    """A source on its way to becoming a page.

    Readers fill source..body; stages fill the rest. `source` is the path relative to
    the source folder, with forward slashes. Once converted, a document carries neither
    its body nor (when a store folder is given, see raw_text.py) its raw text: both are
    as large as the source, and the converted documents are held through the whole build.
    """

    source: str
    raw: str = ""                  # the decoded source text, as read ("" once kept on disk)
    raw_digest: str = ""           # sha256 of the raw text kept on disk (see raw_text.py)
    encoding: str = ""             # detected encoding, e.g. "utf-8", "gb18030"
    kind: str = "text"             # "html" | "text" | "markdown" | "webpage"
    meta: dict[str, Any] = field(default_factory=dict)     # front matter (read-only)
    sidecar: dict[str, Any] = field(default_factory=dict)  # NAME.meta.yml: overrides any field
    body: str = ""                 # the body after the front matter
    blocks: tuple[Block, ...] = ()
    script: str = ""               # script of the source: "hans" | "hant"
    title: str = ""
    title_source: str = ""         # "front-matter" | "headline" | "definition" | "sidecar" | "file-name"
    date: str | None = None        # "YYYY" | "YYYY-MM" | "YYYY-MM-DD" | None
    date_precision: str | None = None  # "year" | "month" | "day" | None
    date_source: str | None = None     # "front-matter" | "title" | "byline" | "text" | "sidecar" | None
    author: str = ""
    site: str = ""                 # name of the source site or publication
    url: str = ""                  # original URL
    tags: tuple[str, ...] = ()     # taxonomy ids
    events: tuple[Event, ...] = ()
    summary: str = ""              # plain text, site's script: front matter or first sentences (stages/summary.py)
    terms: tuple[str, ...] = ()    # the words that set it apart, most telling first (for related reading)
    removed: tuple[Removal, ...] = ()
    problems: tuple[Problem, ...] = ()
    sketch: Sketch | None = None   # duplicates.py's, made by the runner (None: not made, or ignored)

    def with_problem(self, code: str, detail: str, severity: str = "warning") -> "Document":
        return replace(self, problems=self.problems + (Problem(code, self.source, detail, severity),))

    def with_removals(self, *removals: Removal) -> "Document":
        return replace(self, removed=self.removed + tuple(removals))

    @property
    def skipped(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


def block_anchor(index: int) -> str:
    """The HTML id the writer gives the block at `index` of a document's final blocks."""
    return f"p{index + 1}"


def piece_anchor(anchor: str, piece: int) -> str:
    """The HTML id of the `piece`-th (from 0) item of a list, or paragraph of an
    admonition, whose block has the id `anchor`: the first carries the block's id, so a link
    to the block still lands on its start; each later one its own (`p12-3`), so an event
    links to the very item that states it."""
    return anchor if piece == 0 else f"{anchor}-{piece + 1}"


def block_pieces(block: "Block") -> tuple[str, ...]:
    """The parts of a block that get an id each (see piece_anchor): a list's items, an
    admonition's paragraphs; any other block is one piece."""
    if block.kind == LIST:
        return block.items
    if block.kind == ADMONITION:
        return block.items or (block.text,)
    return (block.text,)
