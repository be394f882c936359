"""Verdicts that depend on what a header announces: the blocks after it, not its words.

A "related reading" header (相关文章, 往期推荐, ——好文推荐——) announces a list of links:
the run of links after it goes with it, wherever the header sits (a WeChat post's reading
list often comes before the author's bio, in the middle of the page). A label heading
whose whole section was removed (新闻摘要 over a lone "暂无简介", 推荐阅读 over its
list) is a header of nothing. A link whose brackets a clipper split over several blocks
("[", avatar, name, slogan, "](…)") is an account card. A comment thread's heading (评论, 精选留言) that runs to
the end of the page takes the thread under it. In the tail, a run of headings with nothing under them is a list of
other articles' titles set as headings.

Every function takes and returns the verdicts of `blocks.judge_blocks`; a block it
removes is recorded like any other removal.
"""

from __future__ import annotations

import re

from ...document import HEADING, IMAGE, LIST, PARAGRAPH, QUOTE, RULE, Block, Removal
from ..fold import squash
from .lines import is_prose
from .markup import link_density, visible_text

Verdict = tuple[Block | None, tuple[Removal, ...]]

RUN_MAX = 40              # a reading list is never longer than this many blocks
LABEL_MAX = 6             # "// 1", "01", "●": a list's numbering, not text
HAN_RE = re.compile(r"[\u4e00-\u9fff]")
HEADING_RUN_MIN = 3       # three title-only headings in a row: a list, not an outline
LABEL_HEADING_MAX = 12    # "新闻摘要", "推荐阅读": a section label; a news title is longer
CARD_BLOCKS_MAX = 6       # an account card: avatar, name, slogan, a count or two
CARD_LINE_MAX = 60        # ... each of them short
# Headers an article also sets over its own list or section (## 相关报道 over what each paper
# wrote): a header of links only when links follow it.
_NEWS_HEADER = re.compile(r"相关(新闻|报道)")


def drop_related_runs(blocks: tuple[Block, ...], verdicts: list[Verdict]) -> list[Verdict]:
    """The links after a removed "related reading" header, up to the first other block.
    Images and numbering between the links go with them, not those after the last link.
    A header that is a heading takes its whole section when no block of it is prose
    (titles with their dates, a stock ticker: a widget, not the article). 相关新闻 and
    相关报道 are headers only over links: over anything else they stay, with what follows."""
    result = list(verdicts)
    for i, (kept, removals) in enumerate(verdicts):
        if kept is not None or not any(r.reason == "related-links" for r in removals):
            continue
        if _NEWS_HEADER.search(blocks[i].text) and not _holds_links(blocks, i):
            result[i] = (blocks[i], tuple(r for r in removals if r.reason != "related-links"))
            continue
        if blocks[i].kind == HEADING:
            section = _section(blocks, i)
            if section and not any(_is_prose_block(blocks[j]) for j in section):
                for j in section:
                    result[j] = _removed(blocks[j], result[j], "related-links")
                continue
        last_link = None
        for j in range(i + 1, min(len(blocks), i + 1 + RUN_MAX)):
            item = _run_item(blocks[j])
            if item is None:
                break
            if item == "link":
                last_link = j
        for j in range(i + 1, (last_link or i) + 1):
            result[j] = _removed(blocks[j], result[j], "related-links")
    return result


def drop_comment_threads(blocks: tuple[Block, ...], verdicts: list[Verdict]) -> list[Verdict]:
    """Everything under a removed comment heading, when its section is the page's last."""
    result = list(verdicts)
    for i, block in enumerate(blocks):
        if block.kind != HEADING or verdicts[i][0] is not None:
            continue
        if not any(r.reason == "comment-widget" for r in verdicts[i][1]):
            continue
        section = _section(blocks, i)
        if section and section[-1] == len(blocks) - 1:
            for j in section:
                result[j] = _removed(blocks[j], result[j], "comment")
            break
    return result


def drop_link_cards(blocks: tuple[Block, ...], verdicts: list[Verdict]) -> list[Verdict]:
    """A block that is only "[" and, a few short blocks later, one that opens with "](":
    a link card split over blocks (a WeChat post's "The following article is from" card)."""
    result = list(verdicts)
    for i, block in enumerate(blocks):
        if block.kind != PARAGRAPH or visible_text(block.text).strip() != "[":
            continue
        for j in range(i + 1, min(len(blocks), i + 2 + CARD_BLOCKS_MAX)):
            if blocks[j].kind == PARAGRAPH and visible_text(blocks[j].text).lstrip().startswith("]("):
                for k in range(i, j + 1):
                    result[k] = _removed(blocks[k], result[k], "link-card")
                break
            if not _card_part(blocks[j]):
                break
    return result


def _card_part(block: Block) -> bool:
    if block.kind == IMAGE:
        return True
    return block.kind == PARAGRAPH and len(squash(visible_text(block.text))) <= CARD_LINE_MAX


def drop_empty_sections(blocks: tuple[Block, ...], verdicts: list[Verdict]) -> list[Verdict]:
    """A label heading whose section had content and lost all of it to cleaning. A rule
    (---) closes the section too: it ends a clip's header box ("Matrix 首页推荐" over a
    platform note, then ---, then the post). (A news title over nothing but its "查看原文"
    link is still the item's title: kept.)"""
    result = list(verdicts)
    for i, block in enumerate(blocks):
        if (block.kind != HEADING or verdicts[i][0] is None
                or len(squash(visible_text(block.text))) > LABEL_HEADING_MAX):
            continue
        section = []
        for j in _section(blocks, i):
            if blocks[j].kind == RULE:
                break
            section.append(j)
        if section and all(result[j][0] is None for j in section):
            result[i] = _removed(block, result[i], "empty-section")
    return result


def drop_tail_heading_runs(blocks: tuple[Block, ...], zones: list[str],
                           verdicts: list[Verdict]) -> list[Verdict]:
    """In the tail, a run of headings with nothing between them: other articles' titles."""
    result = list(verdicts)
    run: list[int] = []
    for i in range(len(blocks) + 1):
        block = blocks[i] if i < len(blocks) else None
        if block is not None and zones[i] == "tail" and verdicts[i][0] is None:
            continue  # a removed block does not break the run
        if (block is not None and zones[i] == "tail" and block.kind == HEADING
                and not is_prose(block.text)):
            run.append(i)
            continue
        if len(run) >= HEADING_RUN_MIN:
            for j in run:
                result[j] = _removed(blocks[j], result[j], "related-links")
        run = []
    return result


def _section(blocks: tuple[Block, ...], i: int) -> list[int]:
    """Indexes of the blocks under heading `i`, up to the next heading of its level."""
    section = []
    for j in range(i + 1, len(blocks)):
        if blocks[j].kind == HEADING and blocks[j].level <= blocks[i].level:
            break
        section.append(j)
    return section


def _is_prose_block(block: Block) -> bool:
    if block.kind in (PARAGRAPH, HEADING, QUOTE):
        return is_prose(block.text)
    if block.kind == LIST:
        return any(is_prose(i) for i in block.items)
    return block.kind not in (IMAGE, RULE)    # a table, code: content


def _holds_links(blocks: tuple[Block, ...], i: int) -> bool:
    """Whether the first block after `i` that is not filler is made of links (each item
    holds one: "09-03-06·[标题](…)" a news list's dated items)."""
    for j in range(i + 1, min(len(blocks), i + 1 + RUN_MAX)):
        if _run_item(blocks[j]) == "filler":
            continue
        if blocks[j].kind == LIST:
            return bool(blocks[j].items) and all("](" in item for item in blocks[j].items)
        return "](" in blocks[j].text
    return False


def _run_item(block: Block) -> str | None:
    """"link" for a block of links, "filler" for what may sit between two (an image, a
    rule, a list number), None for anything else (the end of the run)."""
    if block.kind in (PARAGRAPH, HEADING, QUOTE):
        visible = squash(visible_text(block.text))
        if visible and "](" in block.text and link_density(block.text) >= 0.8:
            return "link"
        if len(visible) <= LABEL_MAX and not HAN_RE.search(visible):
            return "filler"
        return None
    if block.kind == LIST:
        return "link" if block.items and all(link_density(i) >= 0.8 for i in block.items) else None
    if block.kind in (IMAGE, RULE):
        return "filler"
    return None


def _removed(block: Block, verdict: Verdict, reason: str) -> Verdict:
    """The verdict with what was left of `block` removed too, for `reason`."""
    kept, removals = verdict
    if kept is None:
        return verdict
    if kept.kind == IMAGE:
        texts = [f"![{kept.alt}]({kept.src})"]
    elif kept.kind == LIST:
        texts = list(kept.items)
    else:
        texts = [kept.text]
    return None, removals + tuple(Removal(reason, t) for t in texts if t)
