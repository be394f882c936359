"""Forum threads: the opening post is the article, the replies are comments.

This module finds threads in text and Markdown exports and holds what both kinds share;
thread_pages.py finds them in saved pages.

A thread is recognised by its structure, never by its site: repeated post units, each
stamped with a time of day ("发表于 2009-11-11 11:51"):

- in a saved page, sibling elements of one pattern (same tag, classes, id with its digits
  ignored) that each hold a timestamp: the first unit's message element becomes the
  main content, every other unit is removed as `forum-reply`;
- in a Markdown or text export, repeated post-header lines (a timestamp beside 发表于,
  只看该作者, 12楼, #12 ...): the first post's body is the article, the author block above
  each header (name, user title, signature) and forum chrome lines go, and the replies are
  kept under a 评论 heading (the collector chose to keep them) that the events and tags
  stages do not read.

The first post's timestamp is recorded as a `byline` removal, so it dates the document
when nothing better does; a reply's timestamp never dates anything nor becomes an event.
The words that help find a post's parts are data (data/forum.yml).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ...document import HEADING, Block, Removal
from ..plaintext import inline_to_plain
from ..fold import fold_script
from ..textops import load_data_yaml
from .inline import escape_markdown

# A timestamp written to the minute: the mark of a post (a bare date is not enough).
TIMESTAMP_RE = re.compile(
    r"(?<!\d)(?:19|20)\d\d\s?[-/.年]\s?\d{1,2}\s?[-/.月]\s?\d{1,2}\s?日?\s{0,3}\d{1,2}[:：]\d\d(?:[:：]\d\d)?(?!\d)")
_FLOOR_RE = re.compile(r"(?<![\d\w])(?:第\s?\d{1,6}\s?楼|\d{1,6}\s?楼|#\s?\d{1,6})(?!\d)")
_NAME_RE = re.compile(r"[^，。！？；!?;]{1,30}")
_ATX_RE = re.compile(r" {0,3}(#{1,6})\s")
_RULE_RE = re.compile(r"^ {0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
MIN_POSTS = 2             # one stamped post is an article with a byline, not a thread
AUTHOR_BLOCK_LINES = 3    # name, user title, signature: more is body text
AUTHOR_LINE_CHARS = 80
MIN_ARTICLE_CHARS = 50    # text above the first post that makes it an article with comments
SIGNATURE_LINES = 3       # short lines under a post's last rule are its signature
SIGNATURE_LINE_CHARS = 150
REMOVAL_TEXT_LIMIT = 300


@lru_cache(maxsize=1)
def forum_rules() -> dict:
    text = resources.files("generator.data").joinpath("forum.yml").read_text(encoding="utf-8")
    rules = load_data_yaml(text)
    rules["chrome_res"] = tuple(re.compile(p) for p in rules["chrome_lines"])
    return rules


def comments_heading() -> str:
    return forum_rules()["comments_heading"]


def article_blocks(blocks: Sequence[Block]) -> Sequence[Block]:
    """The blocks before the comments section (all of them when there is none)."""
    name = fold_script(comments_heading())
    for index, block in enumerate(blocks):
        if block.kind == HEADING and fold_script(block.text.strip()) == name:
            return blocks[:index]
    return blocks


def _plain(line: str) -> str:
    """A line as a reader sees it, for matching: links reduced to their text, no emphasis."""
    return inline_to_plain(line).strip()


def is_chrome_line(line: str) -> bool:
    text = fold_script(_plain(line).lstrip(">").strip())
    return bool(text) and any(r.fullmatch(text) for r in forum_rules()["chrome_res"])


def header_shape(line: str) -> tuple | None:
    """A post header's shape (its header words, whether it numbers its floor), or None when
    the line is no post header: a short line holding a timestamp and a header word or floor
    number, not in a quote."""
    if line.lstrip().startswith(">"):
        return None
    text = fold_script(_plain(line))
    if not text or len(text) > forum_rules()["header_max_chars"] or not TIMESTAMP_RE.search(text):
        return None
    rules = forum_rules()
    words = tuple(w for w in rules["header_words"] if w in text and w not in rules["floor_words"])
    # "楼主" marks the opening post's own header: a floor, not another layout of header; a
    # floor word counts as a word of its own beside a header word or a floor number
    # ("2023-05-05 09:15 地板打蜡" is a diary's entry)
    floor = bool(_FLOOR_RE.search(text)) or any(
        re.search(rf"(?<!\w){re.escape(w)}(?:(?!\w)|(?={_header_words(rules)}))", text) for w in rules["floor_words"])
    return (words, floor) if words or floor else None


def _header_words(rules) -> str:
    """The header words as one alternation ("楼主发表于": a floor word right before one)."""
    return "|".join(re.escape(w) for w in rules["header_words"] if w not in rules["floor_words"]) or "(?!)"


def _post_headers(lines: list[str]) -> list[int]:
    """The lines of the thread's post headers: those of the most common shape (a quoted
    post's "X 发表于 …" inside a post has another shape than the thread's own headers)."""
    shapes: dict[tuple, list[int]] = {}
    for i, line in enumerate(lines):
        shape = header_shape(line)
        if shape is not None:
            shapes.setdefault(shape, []).append(i)
    return max(shapes.values(), key=len, default=[])


# ---------------------------------------------------------------- text and Markdown exports

@dataclass(frozen=True)
class Post:
    author: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Thread:
    intro: tuple[str, ...]      # what stands before the first post (the title heading)
    posts: tuple[Post, ...]     # the first is the article
    removals: tuple[Removal, ...]


def split_thread(text: str) -> Thread | None:
    """The thread in a text or Markdown export, or None when `text` is not one."""
    lines = text.split("\n")
    headers = _post_headers(lines)
    if len(headers) < MIN_POSTS:
        return None
    blocks = _at_one_level([_author_block(lines, start, header)
                            for start, header in zip([0] + [h + 1 for h in headers], headers)], lines)
    # an author block above the headers is a layout: trust it only when most posts have one
    if sum(b is not None for b in blocks) * 3 < len(headers) * 2:
        blocks = [None] * len(headers)
    starts = [header if block is None else block for header, block in zip(headers, blocks)]
    intro, removals = _without_chrome(lines[:starts[0]])
    if all(not line.strip() or _RULE_RE.match(line) for line in intro):
        intro = []   # the rule that opens the first post of an archive: no part of the article
    posts = _posts(lines, headers, starts, removals)
    if _prose_length(intro) > max(_prose_length(posts[0].lines), MIN_ARTICLE_CHARS):
        # an article with its comments below: every post is a reply
        posts.insert(0, Post("", ()))
    else:   # the opening post's stamp dates the thread
        stamp = TIMESTAMP_RE.search(fold_script(_plain(lines[headers[0]])))
        removals.append(Removal("byline", f"发表于 {stamp.group(0)}"))
    for post in posts[1:]:
        text = " ".join(_plain(line) for line in post.lines if line.strip())
        removals.append(Removal("forum-reply", cut_removal_text(text)))
    return Thread(tuple(intro), tuple(posts), tuple(removals))


def _posts(lines: list[str], headers: list[int], starts: list[int], removals: list[Removal]) -> list[Post]:
    """Each post: its author (the block above its header) and its lines, without the header,
    the signature and chrome lines (those go to `removals`)."""
    ends = starts[1:] + [len(lines)]
    posts = []
    for k, header in enumerate(headers):
        above = lines[starts[k]:header]
        author = next((_without_heading_marks(line) for line in above
                       if line.strip() and not is_chrome_line(line)), "")
        removals += [Removal("forum-author", line.strip()) for line in above if line.strip()]
        removals.append(Removal("forum-post-header", lines[header].strip()))
        body, cut = _without_signature(lines[header + 1:ends[k]])
        body, chrome = _without_chrome(body)
        removals += cut + chrome
        posts.append(Post(author, tuple(body)))
    return posts


def _without_heading_marks(line: str) -> str:
    m = _ATX_RE.match(line)
    return line[m.end():].strip().rstrip("#").strip() if m else line.strip()


def _prose_length(lines: Sequence[str]) -> int:
    """Characters of running text (headings left out)."""
    return sum(len(line.strip()) for line in lines if not line.lstrip().startswith("#"))


def _author_block(lines: list[str], start: int, header: int) -> int | None:
    """Where the author block right above a post header begins: up to three short plain
    lines (name, user title, signature) below a clear end of the previous part (a heading,
    a rule, a hard line break, a line of spaces, a quote or image). None when there is no
    such end: the lines may be the previous post's text."""
    heading = _author_heading(lines, start, header)
    if heading is not None:
        return heading
    taken = 0
    i = header - 1
    while i >= start:
        line = lines[i]
        if line == "":
            i -= 1
            continue
        if _ends_part(line):
            break
        taken += 1
        if taken > AUTHOR_BLOCK_LINES or len(line.strip()) > AUTHOR_LINE_CHARS:
            return None
        i -= 1
    if i < start and start > 0:
        return None   # up to the previous header: those lines are its post
    start = i + 1
    while start < header and (not lines[start].strip() or not _NAME_RE.fullmatch(lines[start].strip())):
        start += 1   # the block opens with the author's name, never a sentence
    return start if start < header else None


def _at_one_level(blocks: list[int | None], lines: list[str]) -> list[int | None]:
    """The author blocks, without an author heading at another level than most posts' (the
    thread's title heading over the opening post's header is no author)."""
    levels = [_heading_level(lines[b]) for b in blocks if b is not None and _heading_level(lines[b])]
    if not levels:
        return blocks
    usual = max(set(levels), key=lambda level: (levels.count(level), level))
    return [None if b is not None and _heading_level(lines[b]) not in (0, usual) else b for b in blocks]


def _heading_level(line: str) -> int:
    m = _ATX_RE.match(line)
    return len(m.group(1)) if m else 0


def _author_heading(lines: list[str], start: int, header: int) -> int | None:
    """The line of an author's name set as a heading right above a post header, as thread
    archives write each post ("#### 用户名" over "##### 1# 楼主 发表于 …"), or None."""
    i = header - 1
    while i >= start and not lines[i].strip():
        i -= 1
    if i < start:
        return None
    m = _ATX_RE.match(lines[i])
    name = lines[i][m.end():].strip().rstrip("#").strip() if m else ""
    return i if name and len(name) <= AUTHOR_LINE_CHARS and _NAME_RE.fullmatch(name) else None


def _ends_part(line: str) -> bool:
    stripped = line.strip()
    return (not stripped or line.endswith("  ") or line.endswith("\\") or bool(_RULE_RE.match(line))
            or stripped.startswith(("#", ">", "![", "- ", "* ", "|", "```")))


def _without_signature(lines: list[str]) -> tuple[list[str], list[Removal]]:
    """A post without the few short lines under its last rule (a signature, a bot credit)."""
    rules = [i for i, line in enumerate(lines) if _RULE_RE.match(line)]
    for r in rules:
        rest = [l.strip() for l in lines[r + 1:] if l.strip() and not _RULE_RE.match(l)]
        if len(rest) <= SIGNATURE_LINES and all(len(l) <= SIGNATURE_LINE_CHARS for l in rest):
            if not any(l.strip() for l in lines[:r]):
                break   # nothing above the rule: that is the post itself
            return lines[:r], [Removal("forum-signature", l) for l in rest]
    return lines, []


def _without_chrome(lines: list[str]) -> tuple[list[str], list[Removal]]:
    kept, removals = [], []
    for line in lines:
        if is_chrome_line(line):
            removals.append(Removal("forum-chrome", line.strip()))
        else:
            kept.append(line)
    return kept, removals


def cut_removal_text(text: str) -> str:
    return text[:REMOVAL_TEXT_LIMIT] + ("…" if len(text) > REMOVAL_TEXT_LIMIT else "")


def thread_markdown(thread: Thread) -> str:
    """The thread as Markdown: the opening post, then the replies under the comments heading."""
    parts = ["\n".join(thread.intro), "\n".join(thread.posts[0].lines)]
    replies = [p for p in thread.posts[1:] if any(l.strip() for l in p.lines)]
    if replies:   # at the level of the article's top heading: a section beside its own
        levels = [len(m.group(1)) for m in map(_ATX_RE.match, thread.intro + thread.posts[0].lines) if m]
        parts.append(f"{'#' * min(levels, default=1)} {comments_heading()}")
        for post in replies:
            if post.author:
                parts.append(f"**{escape_markdown(_plain(post.author), at_block_start=False)}**：")
            parts.append("\n".join(post.lines))
    return "\n\n".join(parts) + "\n"
