"""Whole-block boilerplate: decide, block by block, what a careful editor would delete.

Where a block sits matters as much as what it says. The head zone is what precedes the
first prose paragraph (site banner, navigation, breadcrumb, byline); the tail zone is what
follows the last one (prev/next links, counters, promos, ad lists). Cautious rules run
only in those zones, and the most cautious ones only once the document has shown other
scraped-page boilerplate (`context`), so a clean article is left alone.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ...document import CAPTION, HEADING, IMAGE, LIST, PARAGRAPH, QUOTE, Block, Removal
from ..fold import fold, squash
from .lines import context_matters, is_article_prose, is_prose, line_reason
from .links import only_ad_server_links
from .markup import link_density, visible_text
from .rules import placeholder_alts
from .sections import (drop_comment_threads, drop_empty_sections, drop_link_cards,
                       drop_related_runs, drop_tail_heading_runs)

TEXT_KINDS = (PARAGRAPH, HEADING, CAPTION, QUOTE)
HEAD_LIMIT = 15          # a page header is never longer than this many blocks
TOP_LIMIT = 2            # the site banner is one of the first blocks
CRUMB_REASONS = ("breadcrumb", "byline", "navigation")
CRUMB_SPLIT_RE = re.compile(r"[\s>»›→/|:]+")
QR_IMAGE_RE = re.compile(r"(?i)(?<![a-z])qr(?![a-z])|qr_?code|erweima|二维码|公众号")
WIDGET_MAX = 12          # an unrecognised widget caption ("熱門搜尋", "更多新聞") is this short
WIDGET_TAIL_MIN = 3      # ... and is swept only from a tail with this many recognised pieces
# Source and credit lines stay even in a junk-filled tail: they say where the text is from.
CREDIT_RE = re.compile(r"来源|出处|参考|引用|作者|记者|摄影|图片|撰文|译者|^文\s*[/|:]|^(图|表|注)\s*\d*\s*:|^\(?完\)?$")
GUESSED_KINDS = (PARAGRAPH, HEADING)    # captions and quotes are content: never guessed away
_CLAUSE_MARK = re.compile("[，。；！？]")   # a line of text, not a widget's caption
RUN_LINE_MAX = 40        # an unrecognised line inside an ad run is at most this long
# A link to the author's profile page, alone on a header line: "[乔瑟琳](…/user/2225…/posts)".
PROFILE_LINK_RE = re.compile(r"(?i)^\[([^\]\n]{1,20})\]\(https?://[^/\s)]{1,80}/"
                             r"(user|users|u|people|author|authors|profile|member|space)/[^\s)]{1,120}\)$")
# A line that is one bare URL: a share link in a scraped tail, a citation in a digest.
URL_LINE_RE = re.compile(r"(?i)<?((https?:)?//|www\.)\S+>?")
CITED_URLS_MIN = 2       # this many URL lines in the article: its items cite their sources
# An image's alt text that is its file name ("20230618-1.jpg"): no caption.
FILE_NAME_ALT_RE = re.compile(r"(?i)^[^\s/\\]{1,60}\.(jpe?g|png|gif|webp|bmp|svg|tiff?|heic)$")

Verdict = tuple[Block | None, tuple[Removal, ...]]


def judge_blocks(blocks: tuple[Block, ...]) -> list[Verdict]:
    """For each block: what survives of it (None: nothing) and what was removed."""
    zones = block_zones(blocks)
    verdicts = [_judge(b, z, context=False) for b, z in zip(blocks, zones)]
    # A placeholder alt text is no sign of a scraped page: a clean post may have one.
    found = {z for (_, removals), z in zip(verdicts, zones)
             if any(r.reason != "image-placeholder" for r in removals)}
    if found:
        # The page header's own boilerplate vouches for the header; any vouches for the tail.
        header = bool(found & {"top", "head"})
        contexts = [header if z in ("top", "head") else True for z in zones]
        # A verdict the context cannot change (most blocks: the middle) is kept, not redone.
        verdicts = [_judge(b, z, c) if c and context_matters(z) else v
                    for b, z, c, v in zip(blocks, zones, contexts, verdicts)]
        verdicts = _drop_repeated_crumbs(blocks, zones, verdicts)
        verdicts = drop_related_runs(blocks, verdicts)
        verdicts = drop_comment_threads(blocks, verdicts)
        verdicts = drop_link_cards(blocks, verdicts)
        verdicts = _fill_ad_runs(blocks, zones, verdicts)
        verdicts = _sweep_tail_widgets(blocks, zones, verdicts)
        verdicts = _sweep_between_junk(blocks, zones, verdicts)
        verdicts = drop_tail_heading_runs(blocks, zones, verdicts)
        verdicts = drop_empty_sections(blocks, verdicts)
        verdicts = _keep_cited_urls(blocks, zones, verdicts)
    return verdicts


def block_zones(blocks: tuple[Block, ...]) -> list[str]:
    """"top"/"head" before the first prose block, "tail" after the last, else "middle"."""
    # a heading is no article text, whatever its punctuation ("…新低；没有社区案例")
    texts = [_text_of(b) if b.kind != HEADING else "" for b in blocks]
    first = next((i for i, t in enumerate(texts) if t and is_article_prose(t, "head")), None)
    if first is None:
        # No sentence at all: a list of links or keywords; only the edges are suspect.
        first, last = min(len(blocks), HEAD_LIMIT), len(blocks)
    else:
        last = next((i for i in reversed(range(len(texts)))  # from the end: the tail is short
                     if texts[i] and is_article_prose(texts[i], "tail")), first - 1)
        first = min(first, HEAD_LIMIT)
    zones = []
    for i in range(len(blocks)):
        if i < first:
            zones.append("top" if i < TOP_LIMIT else "head")
        elif i > last:
            zones.append("tail")
        else:
            zones.append("middle")
    return zones


def _judge(block: Block, zone: str, context: bool) -> Verdict:
    if block.kind in TEXT_KINDS:
        if zone in ("top", "head") and PROFILE_LINK_RE.match(block.text.strip()):
            return None, (Removal("byline", block.text),)
        reason = line_reason(block.text, zone, context) or _ad_reason(block.text)
        return (None, (Removal(reason, block.text),)) if reason else (block, ())
    if block.kind == LIST:
        return _judge_list(block, zone, context)
    if block.kind == IMAGE and zone != "middle" and QR_IMAGE_RE.search(block.src + block.alt):
        return None, (Removal("qr-promo", f"![{block.alt}]({block.src})"),)
    if block.kind == IMAGE and block.alt and _is_placeholder_alt(block.alt):
        # The writer shows the alt as the caption: a file name or "Image" is none.
        return replace(block, alt=""), (Removal("image-placeholder", block.alt),)
    if block.kind == IMAGE and block.alt and line_reason(block.alt, zone, context) == "image-credit":
        # 图片来源：… as the alt is shown as the caption: a credit line like any other
        return replace(block, alt=""), (Removal("image-credit", block.alt),)
    return block, ()


def _ad_reason(markdown: str) -> str | None:
    return "ad-link-list" if only_ad_server_links(markdown) else None


def _is_placeholder_alt(alt: str) -> bool:
    alt = alt.strip()
    return fold(alt).lower() in placeholder_alts() or bool(FILE_NAME_ALT_RE.match(alt))


def _judge_list(block: Block, zone: str, context: bool) -> Verdict:
    if zone != "middle" and all(link_density(item) >= 0.8 for item in block.items):
        # A list of links at the edge: the site's menu, or "related articles" at the end.
        reason = "related-links" if zone == "tail" else "navigation"
        return None, tuple(Removal(reason, item) for item in block.items)
    kept, removals = [], []
    for item in block.items:
        reason = line_reason(item, zone, context) or _ad_reason(item)
        if reason:
            removals.append(Removal(reason, item))
        else:
            kept.append(item)
    if not kept:
        return None, tuple(removals)
    return replace(block, items=tuple(kept)), tuple(removals)


def _drop_repeated_crumbs(blocks: tuple[Block, ...], zones: list[str],
                          verdicts: list[Verdict]) -> list[Verdict]:
    """A header line that only repeats a crumb or category of a removed breadcrumb or
    byline ("网络推广" under "首页 > 网络营销 > 网络推广") is the section label, not a title."""
    crumbs = set()
    for (_, removals), zone in zip(verdicts, zones):
        if zone in ("top", "head"):
            for r in removals:
                if r.reason in CRUMB_REASONS:
                    crumbs.update(t for t in CRUMB_SPLIT_RE.split(squash(visible_text(r.text))) if t)
    result = list(verdicts)
    for i, (block, zone) in enumerate(zip(blocks, zones)):
        kept, removals = verdicts[i]
        if kept is None or zone not in ("top", "head") or block.kind not in TEXT_KINDS:
            continue
        label = squash(visible_text(block.text))
        if label and len(label) <= 12 and label in crumbs and _another_header_line(i, zones, result):
            result[i] = (None, (Removal("breadcrumb", block.text),))
    return result


def _another_header_line(index: int, zones: list[str], verdicts: list[Verdict]) -> bool:
    """A header line after `index` survives: the crumb repeat is not the only title left
    (a trail often ends with the article's own title)."""
    return any(zones[j] in ("top", "head") and verdicts[j][0] is not None
               for j in range(index + 1, len(zones)))


def _fill_ad_runs(blocks: tuple[Block, ...], zones: list[str],
                  verdicts: list[Verdict]) -> list[Verdict]:
    """A short tail line between two ad lines belongs to the ad list ("AUGI SPORTS" between
    two keyword runs), though it names nothing the lexicon knows."""
    def is_ad(i: int) -> bool:
        return 0 <= i < len(verdicts) and any(r.reason == "ad-link-list" for r in verdicts[i][1])

    result = list(verdicts)
    for i, (block, zone) in enumerate(zip(blocks, zones)):
        kept = verdicts[i][0]
        if kept is None or zone != "tail" or block.kind not in GUESSED_KINDS:
            continue
        short = len(squash(visible_text(block.text))) <= RUN_LINE_MAX
        if short and not is_prose(block.text) and is_ad(i - 1) and is_ad(i + 1):
            result[i] = (None, (Removal("ad-link-list", block.text),))
    return result


def _sweep_tail_widgets(blocks: tuple[Block, ...], zones: list[str],
                        verdicts: list[Verdict]) -> list[Verdict]:
    """In a tail that is mostly recognised boilerplate, a very short line before more of it
    is one more widget caption of the same template ("编辑推介", "热门搜寻"); not one over a
    line of text that stays (a section's heading: "四、注意事项" over its sentence)."""
    junk = [i for i, (kept, removals) in enumerate(verdicts) if zones[i] == "tail" and removals]
    if len(junk) < WIDGET_TAIL_MIN:
        return verdicts
    result = list(verdicts)
    for i, (block, zone) in enumerate(zip(blocks, zones)):
        if verdicts[i][0] is None or zone != "tail" or block.kind not in GUESSED_KINDS:
            continue
        label = squash(visible_text(block.text))
        over_text = i + 1 < len(blocks) and verdicts[i + 1][0] is not None \
            and blocks[i + 1].kind == PARAGRAPH and len(squash(visible_text(blocks[i + 1].text))) > WIDGET_MAX \
            and _CLAUSE_MARK.search(blocks[i + 1].text) is not None
        if len(label) <= WIDGET_MAX and not CREDIT_RE.search(label) and junk[-1] > i and not over_text:
            result[i] = (None, (Removal("tail-widget", block.text),))
    return result


def _sweep_between_junk(blocks: tuple[Block, ...], zones: list[str],
                        verdicts: list[Verdict]) -> list[Verdict]:
    """A short tail line whose neighbours both went is one more line of the same chrome
    (a WeChat account's slogan between its appeals, a side bar's caption between its QR
    codes). Kept images are looked through; credit lines stay."""
    def junk_beside(i: int, step: int) -> bool:
        j = i + step
        while 0 <= j < len(blocks) and blocks[j].kind == IMAGE and verdicts[j][0] is not None:
            j += step
        return 0 <= j < len(blocks) and verdicts[j][0] is None

    result = list(verdicts)
    for i, (block, zone) in enumerate(zip(blocks, zones)):
        if verdicts[i][0] is None or zone != "tail" or block.kind not in GUESSED_KINDS:
            continue
        label = squash(visible_text(block.text))
        if (len(label) <= RUN_LINE_MAX and not is_prose(block.text) and not CREDIT_RE.search(label)
                and junk_beside(i, -1) and junk_beside(i, 1)):
            result[i] = (None, (Removal("tail-widget", block.text),))
    return result


def _keep_cited_urls(blocks: tuple[Block, ...], zones: list[str],
                     verdicts: list[Verdict]) -> list[Verdict]:
    """A URL line at the end of an article whose items each cite a URL line (a news
    digest) is the last item's source, not the page's share link: it stays."""
    def url_line(block: Block) -> bool:
        return block.kind in GUESSED_KINDS and bool(URL_LINE_RE.fullmatch(block.text.strip()))

    cited = sum(1 for b, z in zip(blocks, zones) if z == "middle" and url_line(b))
    if cited < CITED_URLS_MIN:
        return verdicts
    return [(block, ()) if zone == "tail" and url_line(block) and kept is None
            and [r.reason for r in removals] == ["share-link"] else (kept, removals)
            for block, zone, (kept, removals) in zip(blocks, zones, verdicts)]


def _text_of(block: Block) -> str:
    if block.kind in TEXT_KINDS:
        return block.text
    if block.kind == LIST:
        return " ".join(block.items)
    return ""
