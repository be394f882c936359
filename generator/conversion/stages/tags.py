"""Tags: topic tags from the taxonomy (generator/data/taxonomy.yml, or the user's own).

Assumes the title and blocks are in the site's script. Guarantees: a tag is assigned only
when its topic is a main subject of the document, i.e. named in the title, or mentioned
often enough, in enough separate blocks and densely enough for the body's length (the
thresholds are per-tag `rules` in the taxonomy). A passing mention never tags a page.
Tags come out in taxonomy order, so output is deterministic. Tags a document declares
(front matter or sidecar `tags:`) that name no taxonomy topic follow as free tags, in the
declared order (free_tag_id), or are each a `tags` problem under `strict_tags: true`.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from ..cleaning.markup import link_density, visible_text
from ...config import Config
from ...document import HEADING, Block, Document
from ..plaintext import block_texts
from ..structure.threads import article_blocks
from ..taxonomy import Tag, TaxonomyError, load_taxonomy, normalise, tag_names  # noqa: F401 (re-exported)

FREE_TAG_MAX = 32     # characters of a free tag's id (its declared text, cleaned)
MIN_BODY_CHARS = 1000  # density is counted over at least this many characters
SPREAD_UNIT = 500      # characters of an unbroken text that count as one paragraph
SECTION_SHARE = 0.15   # of the body's characters, for a section to make its topic a subject
# Link text share of a front page or headline index (measured on the corpus: articles with
# a topic up to 0.08, portal front pages and forum indexes 0.29 and more)
LINK_HUB_SHARE = 0.25

def count_mentions(tag: Tag, text: str) -> int:
    """Mentions of the tag's aliases in normalised `text`, each stretch counted once."""
    present = [alias for alias in tag.aliases if alias in text]
    if not present:  # masking only adds NULs: an alias absent now cannot match later
        return 0
    for phrase in tag.negative:
        text = text.replace(phrase, "\x00" * len(phrase))
    count = 0
    for alias in present:
        text, n = _alias_pattern(alias).subn(_mask, text)
        count += n
    return count


def _mask(match: re.Match[str]) -> str:
    return "\x00" * len(match.group(0))


@lru_cache(maxsize=4096)
def _alias_pattern(alias: str) -> re.Pattern[str]:
    """An alias as a whole token where it starts or ends with a Latin letter or digit."""
    pattern = re.escape(alias)
    if alias[0].isascii() and alias[0].isalnum():
        pattern = r"(?<![0-9a-z.])" + pattern
    if alias[-1].isascii() and alias[-1].isalnum():
        pattern += r"(?![0-9a-z%]|\.\d)"
    return re.compile(pattern)


def is_main_subject(tag: Tag, title: str, blocks: list[str] | Body) -> bool:
    """Title and blocks normalised. With the default weight one title mention suffices;
    otherwise the body must show enough mentions, spread and density."""
    body = blocks if isinstance(blocks, Body) else Body.of(blocks)
    if tag.weak:
        tag = _without_unsupported_weak_aliases(tag, title, body)
    rules = tag.rules
    title_score = count_mentions(tag, title) * rules["title_weight"]
    if title_score and title_score >= rules["min_mentions"]:
        return True
    mentioned = _blocks_naming(tag, body)
    per_block = [count_mentions(tag, body.blocks[i]) for i in sorted(mentioned)]
    mentions = sum(per_block)
    score = title_score + mentions
    spread = sum(1 for n in per_block if n)
    density = 1000 * mentions / max(body.chars, MIN_BODY_CHARS)
    # A long document may discuss a topic at length below the density bar, but a
    # scattering of mentions across a very long text is still only background.
    substantial = density >= rules["min_density"] or (
        mentions >= rules["strong_mentions"] and density >= rules["min_density"] / 2)
    return score >= rules["min_mentions"] and spread >= rules["min_paragraphs"] and substantial


def _without_unsupported_weak_aliases(tag: Tag, title: str, body: Body) -> Tag:
    """A weak alias ("直播": a stock market's live commentary too) counts only when one of
    the tag's other aliases ("直播带货", "淘宝直播") or of its support words ("销售") is in
    the title or body."""
    strong = tuple(a for a in tag.aliases if a not in tag.weak)
    if any(word in title or word in body.joined for word in strong + tag.support):
        return tag
    return replace(tag, aliases=strong)


@dataclass(frozen=True)
class Body:
    """A document's normalised blocks, joined once for all the tags of the taxonomy."""

    blocks: tuple[str, ...]
    joined: str           # blocks joined by newlines (no normalised alias holds one)
    starts: tuple[int, ...]   # where each block starts in `joined`
    chars: int            # characters of all blocks, for the density

    @classmethod
    def of(cls, blocks: list[str] | tuple[str, ...]) -> Body:
        starts = tuple(itertools.accumulate((len(b) + 1 for b in blocks[:-1]), initial=0))
        return cls(tuple(blocks), "\n".join(blocks), starts, sum(len(b) for b in blocks))


def _blocks_naming(tag: Tag, blocks: list[str] | Body) -> set[int]:
    """Indexes of the blocks holding one of the tag's aliases (only those can count any):
    found by searching the joined body once per alias instead of every block per alias."""
    body = blocks if isinstance(blocks, Body) else Body.of(blocks)
    # One scan for all aliases: a match hidden by an overlapping one lies in the same
    # block (no alias holds the newline that joins them), so the same blocks are found.
    return {bisect.bisect_right(body.starts, m.start()) - 1
            for m in _any_alias_re(tag.aliases).finditer(body.joined)}


@lru_cache(maxsize=4096)
def _any_alias_re(aliases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, aliases)) or "(?!)")


def assign_tags(doc: Document, config: Config) -> Document:
    try:
        taxonomy = load_taxonomy(config)
    except TaxonomyError as exc:
        doc = doc.with_problem("taxonomy", f"{exc}; using the built-in taxonomy")
        taxonomy = load_taxonomy(None)
    if "tags" in doc.sidecar:  # the sidecar overrides: exactly its tags, in its order
        found, unknown = tags_named(doc.sidecar.get("tags"), taxonomy)
        return with_free_tags(replace(doc, tags=found), unknown, config, "sidecar")
    title = normalise(doc.title)
    blocks = article_blocks(doc.blocks)
    if _is_link_hub(blocks):   # a portal's front page: its headlines are other pages' subjects
        blocks = ()
    texts = [normalise(" ".join(plain_texts(b))) for b in blocks]
    body = Body.of([piece for text in texts for piece in _spread_units(text)])
    sections = _headed_sections([b.kind for b in blocks], texts)
    # The author's own front-matter tags count when they name a taxonomy topic.
    declared, unknown = tags_named(doc.meta.get("tags"), taxonomy)
    found = tuple(t.id for t in taxonomy
                  if t.id in declared or is_main_subject(t, title, body)
                  or any(is_section_subject(t, heading, text, body.chars) for heading, text in sections))
    return with_free_tags(replace(doc, tags=found), unknown, config, "front-matter")


def _is_link_hub(blocks) -> bool:
    """Whether LINK_HUB_SHARE or more of the body's text (paragraphs, headings, list items)
    is link text: a front page or an index of headlines, whose topics are those of the
    pages it links to."""
    total = linked = 0.0
    for block in blocks:
        for piece in (block.text, *block.items):
            size = len(visible_text(piece)) if piece else 0
            total += size
            if size and "](" in piece:
                linked += link_density(piece) * size
    return total > 0 and linked >= LINK_HUB_SHARE * total


def _headed_sections(kinds: list[str], texts: list[str]) -> list[tuple[str, list[str]]]:
    """(heading, the blocks under it up to the next heading) from the blocks' kinds and
    normalised texts: a digest's items, a report's chapters."""
    sections: list[tuple[str, list[str]]] = []
    for kind, text in zip(kinds, texts):
        if kind == HEADING:
            sections.append((text, []))
        elif sections:
            sections[-1][1].append(text)
    return sections


def is_section_subject(tag: Tag, heading: str, blocks: list[str], body_chars: int) -> bool:
    """A section whose heading names the topic ("出版业抵制618"), that is a real part of the
    document (SECTION_SHARE of its text at least: one item of a six-item digest, not of a
    sixteen-item one) and whose text keeps naming it (min_mentions) makes the topic a main
    subject, even when the whole text is below the density bar."""
    chars = sum(len(text) for text in blocks)
    if not count_mentions(tag, heading) or chars < SECTION_SHARE * body_chars:
        return False
    if tag.weak:
        tag = _without_unsupported_weak_aliases(tag, heading, Body.of(blocks))
    return count_mentions(tag, heading) > 0 and \
        sum(count_mentions(tag, text) for text in blocks) >= tag.rules["min_mentions"]


def with_free_tags(doc: Document, unknown: list[str], config: Config, where: str) -> Document:
    """Declared tags outside the taxonomy: free tags after the taxonomy's (their own pages,
    named by the declared text), or under `strict_tags` a warning each and no tag."""
    if getattr(config, "strict_tags", False):
        for ref in unknown:
            doc = doc.with_problem("tags", f"{where} tag {ref!r} is not in the taxonomy (strict_tags)")
        return doc
    tags = list(doc.tags)
    for ref in unknown:
        tag = free_tag_id(ref)
        if not tag:
            doc = doc.with_problem("tags", f"{where} tag {ref!r} has no letters or digits: not used")
        elif tag not in tags:
            tags.append(tag)
    return replace(doc, tags=tuple(tags))


def free_tag_id(ref: str) -> str:
    """A free tag's id, which is also its name: the declared text (NFKC, Latin lower case),
    whitespace runs as one hyphen, only letters, digits, `-`, `_` and `·` kept (the id
    goes into URLs and space-separated data attributes), at most FREE_TAG_MAX characters.
    Its page's file name is made from it (collection.tag_slug)."""
    text = unicodedata.normalize("NFKC", ref).strip().lower()
    text = "".join(ch for ch in re.sub(r"\s+", "-", text) if ch.isalnum() or ch in "-_·")
    return re.sub(r"-{2,}", "-", text).strip("-_·")[:FREE_TAG_MAX].strip("-_·")


@lru_cache(maxsize=8192)
def plain_texts(block: Block) -> tuple[str, ...]:
    """plaintext.block_texts, remembered: metadata, tags and events all read the blocks."""
    return tuple(block_texts(block))


def _spread_units(text: str) -> list[str]:
    """A very long block (a text without paragraph breaks) counts as several stretches of
    SPREAD_UNIT characters, so mentions spread through it still count as spread. Cuts fall
    after sentence ends so that no alias is split."""
    if len(text) <= SPREAD_UNIT * 1.5:
        return [text]
    units, start = [], 0
    while start < len(text):
        end = text.find("。", start + SPREAD_UNIT)
        end = len(text) if end < 0 else end + 1
        units.append(text[start:end])
        start = end
    return units


def tags_named(refs: object, taxonomy: tuple[Tag, ...]) -> tuple[tuple[str, ...], list[str]]:
    """Taxonomy ids for tag references (ids, names or aliases), and the unknown ones."""
    if isinstance(refs, str):
        refs = [refs]
    if not isinstance(refs, (list, tuple)):
        return (), []
    found: list[str] = []
    unknown: list[str] = []
    for ref in map(str, refs):
        key = normalise(ref)
        tag = next((t for t in taxonomy if key == t.id or key in t.aliases), None)
        if tag is None:
            unknown.append(ref)
        elif tag.id not in found:
            found.append(tag.id)
    return tuple(found), unknown
