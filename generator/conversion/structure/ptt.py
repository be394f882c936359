"""PTT posts (批踢踢, a Taiwanese BBS) copied as text or Markdown.

A post is recognised by its header, the four lines the BBS prints above every article:

    作者 AmosYang (泛用人型編碼器)
    看板 Soft_Job
    標題 [心得][英文] 如何命名「複製」功能
    時間 Fri Aug 28 11:52:49 2020

(作者, 標題 and a 時間 line in the BBS's own English date are required; 看板 may be missing).
Then:

- the header becomes the page's title heading, and its 時間 line a `byline` removal that
  also spells the date as the metadata stage reads it (the BBS writes it in English);
- the footer ("--", "※ 發信站: 批踢踢實業坊(ptt.cc), 來自: …", "※ 文章網址: …") and the
  edit notes ("※ 編輯: user (ip), 08/28/2020 11:56:01") are `forum-chrome`;
- a push ("推 user: text 08/28 12:38", also 噓 and →) is a reply: removed as `forum-reply`;
- what the author wrote between the pushes (answers) is kept under the comments heading,
  which the events and tags stages do not read;
- the code fences a collector put around the header or the footer go with them.

Everything is matched line by line with anchored patterns (linear time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...document import Removal
from .inline import escape_markdown
from .threads import comments_heading, cut_removal_text

HEADER_SCAN_LINES = 12    # the header stands at the top of the post
_FIELD_RE = re.compile(r"^\s*(作者|看板|標題|标题|時間|时间)[\s:：]+(\S.{0,200}?)\s*$")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_CTIME_RE = re.compile(r"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+(" + "|".join(_MONTHS) + r")\s+(\d{1,2})\s+"
                       r"(\d{1,2}:\d\d:\d\d)\s+((?:19|20)\d\d)$")
_FOOTER_RE = re.compile(r"^\s*※\s*(?:發信站|发信站|文章網址|文章网址|編輯|编辑|轉錄者|转录者|轉錄至|转录至)\s*[:：]")
_ORIGIN_RE = re.compile(r"^\s*※\s*(?:發信站|发信站)\s*[:：]")
_PUSH_RE = re.compile(r"^\s*(?:推|噓|嘘|→)\s*[A-Za-z0-9_]{1,20}\s*[:：].{0,200}?"
                      r"(?:\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\s+)?\d\d/\d\d(?:\s+\d\d:\d\d)?\s*$")
_SIGNATURE_RE = re.compile(r"^\s*--\s*$")
_ATX_RE = re.compile(r" {0,3}(#{1,6})\s")
_FENCE_RE = re.compile(r"^\s{0,3}(?:`{3,}|~{3,})\s*\w*\s*$")


@dataclass(frozen=True)
class PttPost:
    title: str
    article: str      # the post's own text (Markdown or plain text, as the source was)
    comments: str     # what the author wrote between the pushes
    removals: tuple[Removal, ...]


def split_ptt(text: str) -> PttPost | None:
    """The post split into title, article and the author's answers, or None if not a PTT post."""
    lines = text.split("\n")
    header = _header(lines)
    if header is None:
        return None
    rows, fields = header
    stamp = fields["時間"]
    removals = [Removal("forum-chrome", lines[i].strip()) for i in sorted(rows) if stamp not in lines[i]]
    removals.append(Removal("byline", f"時間 {stamp} ({_iso(stamp)})"))
    title = fields["標題"]
    body = [line for i, line in enumerate(lines) if i not in rows]
    # The article ends at the BBS's "※ 發信站" line; without one, at the first footer line or push.
    footer = next((i for i, line in enumerate(body) if _ORIGIN_RE.match(line)), None)
    if footer is None:
        footer = next((i for i, line in enumerate(body) if _FOOTER_RE.match(line) or _PUSH_RE.match(line)), len(body))
    article, rest = body[:footer], body[footer:]
    while article and (not article[-1].strip() or _SIGNATURE_RE.match(article[-1]) or _FENCE_RE.match(article[-1])):
        dropped = article.pop()
        if _SIGNATURE_RE.match(dropped):
            removals.append(Removal("forum-signature", dropped.strip()))
    comments = []
    for line in rest:
        if _FOOTER_RE.match(line):
            removals.append(Removal("forum-chrome", line.strip()))
        elif _PUSH_RE.match(line):
            removals.append(Removal("forum-reply", cut_removal_text(line.strip())))
        elif not _FENCE_RE.match(line):
            comments.append(line)
    return PttPost(title, "\n".join(article).strip("\n"), "\n".join(comments).strip("\n"), tuple(removals))


def ptt_markdown(post: PttPost) -> str:
    """The post as Markdown: its title heading, the article, the author's answers under the
    comments heading (at the level of the article's top heading)."""
    levels = [len(m.group(1)) for m in map(_ATX_RE.match, post.article.split("\n")) if m]
    parts = [f"# {escape_markdown(post.title, at_block_start=False)}", post.article]
    if post.comments.strip():
        parts += [f"{'#' * min(levels, default=1)} {comments_heading()}", post.comments]
    return "\n\n".join(parts) + "\n"


def _header(lines: list[str]) -> tuple[set[int], dict[str, str]] | None:
    """The header's rows (with the fences around them) and its fields, when it is a PTT header."""
    rows: set[int] = set()
    fields: dict[str, str] = {}
    seen = 0
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        if seen > HEADER_SCAN_LINES:
            break
        match = _FIELD_RE.match(line)
        if match:
            name = {"标题": "標題", "时间": "時間"}.get(match.group(1), match.group(1))
            fields.setdefault(name, match.group(2))
            rows.add(i)
        elif fields and len(fields) >= 3:
            break
    if not {"作者", "標題", "時間"} <= fields.keys() or not _CTIME_RE.match(fields["時間"]):
        return None
    first, last = min(rows), max(rows)
    if any(lines[i].strip() and i not in rows for i in range(first, last + 1)):
        return None   # the header's lines stand together
    fences = [_next_filled(lines, first, -1), _next_filled(lines, last, 1)]
    if all(j is not None and _FENCE_RE.match(lines[j]) for j in fences):
        rows.update(fences)   # a fence wrapped round the header goes with it (never a code block's one)
    return rows, fields


def _next_filled(lines: list[str], start: int, step: int) -> int | None:
    j = start + step
    while 0 <= j < len(lines) and not lines[j].strip():
        j += step
    return j if 0 <= j < len(lines) else None


def _iso(stamp: str) -> str:
    month, day, time, year = _CTIME_RE.match(stamp).groups()
    return f"{year}-{_MONTHS.index(month) + 1:02d}-{int(day):02d} {time}"
