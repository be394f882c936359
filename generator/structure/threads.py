"""Forum threads: the opening post is the article, the replies are comments.

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

from bs4 import Tag

from ..document import HEADING, Block, Removal
from ..textops import fold_script, load_data_yaml
from .inline import escape_markdown
from .main_content import outside_main

# A timestamp written to the minute: the mark of a post (a bare date is not enough).
TIMESTAMP_RE = re.compile(
    r"(?<!\d)(?:19|20)\d\d\s?[-/.年]\s?\d{1,2}\s?[-/.月]\s?\d{1,2}\s?日?\s{0,3}\d{1,2}[:：]\d\d(?:[:：]\d\d)?(?!\d)")
_FLOOR_RE = re.compile(r"(?<![\d\w])(?:第\s?\d{1,6}\s?楼|\d{1,6}\s?楼|#\s?\d{1,6})(?!\d)")
_MD_LINK_RE = re.compile(r"!?\[([^\[\]\n]{0,200})\]\([^()\s]{0,2000}\)")
_MD_MARKS_RE = re.compile(r"[*_`\\]")
_NAME_RE = re.compile(r"[^，。！？；!?;]{1,30}")
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
    return _MD_MARKS_RE.sub("", _MD_LINK_RE.sub(r"\1", line)).strip()


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
    words = tuple(w for w in forum_rules()["header_words"] if w in text)
    floor = bool(_FLOOR_RE.search(text))
    return (words, floor) if words or floor else None


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
    blocks = [_author_block(lines, start, header)
              for start, header in zip([0] + [h + 1 for h in headers], headers)]
    # an author block above the headers is a layout: trust it only when most posts have one
    if sum(b is not None for b in blocks) * 3 < len(headers) * 2:
        blocks = [None] * len(headers)
    starts = [header if block is None else block for header, block in zip(headers, blocks)]
    intro, removals = _without_chrome(lines[:starts[0]])
    posts = _posts(lines, headers, starts, removals)
    if _prose_length(intro) > max(_prose_length(posts[0].lines), MIN_ARTICLE_CHARS):
        # an article with its comments below: every post is a reply
        posts.insert(0, Post("", ()))
    else:   # the opening post's stamp dates the thread
        stamp = TIMESTAMP_RE.search(fold_script(_plain(lines[headers[0]])))
        removals.append(Removal("byline", f"发表于 {stamp.group(0)}"))
    for post in posts[1:]:
        removals.append(Removal("forum-reply", _cut(" ".join(_plain(l) for l in post.lines if l.strip()))))
    return Thread(tuple(intro), tuple(posts), tuple(removals))


def _posts(lines: list[str], headers: list[int], starts: list[int], removals: list[Removal]) -> list[Post]:
    """Each post: its author (the block above its header) and its lines, without the header,
    the signature and chrome lines (those go to `removals`)."""
    ends = starts[1:] + [len(lines)]
    posts = []
    for k, header in enumerate(headers):
        above = lines[starts[k]:header]
        author = next((line.strip() for line in above if line.strip() and not is_chrome_line(line)), "")
        removals += [Removal("forum-author", line.strip()) for line in above if line.strip()]
        removals.append(Removal("forum-post-header", lines[header].strip()))
        body, cut = _without_signature(lines[header + 1:ends[k]])
        body, chrome = _without_chrome(body)
        removals += cut + chrome
        posts.append(Post(author, tuple(body)))
    return posts


def _prose_length(lines: Sequence[str]) -> int:
    """Characters of running text (headings left out)."""
    return sum(len(line.strip()) for line in lines if not line.lstrip().startswith("#"))


def _author_block(lines: list[str], start: int, header: int) -> int | None:
    """Where the author block right above a post header begins: up to three short plain
    lines (name, user title, signature) below a clear end of the previous part (a heading,
    a rule, a hard line break, a line of spaces, a quote or image). None when there is no
    such end: the lines may be the previous post's text."""
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


def _cut(text: str) -> str:
    return text[:REMOVAL_TEXT_LIMIT] + ("…" if len(text) > REMOVAL_TEXT_LIMIT else "")


def thread_markdown(thread: Thread) -> str:
    """The thread as Markdown: the opening post, then the replies under the comments heading."""
    parts = ["\n".join(thread.intro), "\n".join(thread.posts[0].lines)]
    replies = [p for p in thread.posts[1:] if any(l.strip() for l in p.lines)]
    if replies:
        parts.append(f"## {comments_heading()}")
        for post in replies:
            if post.author:
                parts.append(f"**{escape_markdown(_plain(post.author), at_block_start=False)}**：")
            parts.append("\n".join(post.lines))
    return "\n\n".join(parts) + "\n"


# ---------------------------------------------------------------- saved pages

def first_post(root: Tag, main: Tag) -> tuple[Tag, list[Removal]] | None:
    """When `main` (the page's chosen content) holds or sits in a thread's posts: the first
    post's message element, and the replies and the rest of `main` as removals. None when
    the page is no thread, or the opening post stands apart from the repeated units (a
    topic with a list of replies below: the replies are removed, `main` is kept)."""
    units = _post_units(root)
    if not units:
        return None
    removals = [Removal("forum-reply", _cut(u.get_text(" ", strip=True))) for u in units[1:]]
    inside = [u for u in units if _contains(main, u)]
    if inside and len(inside) == len(units):
        body = _message_element(units[0])
        before = _text_before(main, units[0])
        if body is None or len(before) > len(body.get_text(" ", strip=True)):
            # the units are replies to an opening post outside them
            removals = [Removal("forum-reply", _cut(u.get_text(" ", strip=True))) for u in units]
            for unit in units:
                unit.extract()
            return main, removals
    elif _contains(units[0], main):   # the content found is the opening post already
        return main, [_unit_byline(units[0])]   # the replies are outside it, recorded
    elif any(_contains(u, main) for u in units[1:]):
        body = _message_element(units[0])   # a long reply was taken for the content
        if body is None:
            return None
    else:
        return None
    removals.insert(0, _unit_byline(units[0]))
    for unit in units[1:]:
        unit.extract()
    if _contains(main, body):
        removals += outside_main(main, body)   # the first post's author column, buttons
    if body.name in ("td", "th", "tr", "tbody", "table", "li", "dd"):
        body.name, body.attrs = "div", {}       # a layout cell: its text as a plain container
    return body, removals


def _contains(outer: Tag, inner: Tag) -> bool:
    return outer is inner or any(p is outer for p in inner.parents)


def _signature(tag: Tag) -> tuple:
    ident = re.sub(r"\d+", "#", str(tag.get("id") or ""))
    classes = tag.get("class") or ()
    return tag.name, ident if "#" in ident else "", tuple(sorted(classes))


def _post_units(root: Tag) -> list[Tag]:
    """The largest group of sibling elements of one pattern that each hold a timestamp."""
    # the elements holding a timestamp: the ancestors of the strings that hold one (a pass
    # over the strings, instead of every element's text: deep pages stay linear)
    stamped_ids: set[int] = set()
    parents: dict[int, Tag] = {}
    for string in root.find_all(string=TIMESTAMP_RE):
        for ancestor in string.parents:
            if id(ancestor) in stamped_ids or ancestor is root:
                break
            stamped_ids.add(id(ancestor))
            parent = ancestor.parent
            if isinstance(parent, Tag):
                parents[id(parent)] = parent
    best: list[Tag] = []
    best_size = 0
    for parent in parents.values():
        groups: dict[tuple, list[Tag]] = {}
        for child in parent.children:
            if isinstance(child, Tag):
                groups.setdefault(_signature(child), []).append(child)
        for (name, ident, classes), members in groups.items():
            if len(members) < MIN_POSTS or not (ident or classes) and name not in ("table", "li"):
                continue
            stamped = [m for m in members if id(m) in stamped_ids]
            if len(stamped) < MIN_POSTS or len(stamped) * 5 < len(members) * 4:
                continue
            stamped = [m for m in stamped if _writes(m)]
            if len(stamped) < MIN_POSTS:
                continue
            size = sum(len(m.get_text(" ", strip=True)) for m in stamped)
            if size > best_size:
                best, best_size = stamped, size
    return best


def _writes(unit: Tag) -> bool:
    """Whether a unit holds a message written in it: a list of dated links (related
    articles, a thread index) has only link text beside its timestamps."""
    body = _message_element(unit)
    if body is None:
        return False
    text = len(body.get_text("", strip=True))
    linked = sum(len(a.get_text("", strip=True)) for a in body.find_all("a"))
    if body.name == "a":
        linked = text
    return text > 0 and linked * 2 < text


def _message_element(unit: Tag) -> Tag | None:
    """The element of a post that holds its text: one named like a message body (data:
    body_hints), else the one with the most text and no timestamp."""
    hints = tuple(forum_rules()["body_hints"])
    candidates = [t for t in unit.find_all(True) if not TIMESTAMP_RE.search(t.get_text(" ", strip=True))]
    named = [t for t in candidates if _named_like(t, hints)]
    pool = named or candidates
    if not pool:
        return None
    best = max(pool, key=lambda t: len(t.get_text(" ", strip=True)))
    return best if best.get_text(strip=True) else None


def _named_like(tag: Tag, hints: tuple[str, ...]) -> bool:
    names = [str(tag.get("id") or "")] + list(tag.get("class") or ())
    return any(re.sub(r"[\d_]+$", "", n).lower() == h.lower() for n in names for h in hints)


def _text_before(main: Tag, unit: Tag) -> str:
    """Running text of `main` that comes before `unit` (not counting short lines)."""
    pieces = []
    for node in main.descendants:
        if node is unit:
            break
        if isinstance(node, str) and not isinstance(node, Tag):
            text = node.strip()
            if len(text) >= 25 and not any(p is unit for p in node.parents):
                pieces.append(text)
    return "".join(pieces)


def _unit_byline(unit: Tag) -> Removal:
    stamp = TIMESTAMP_RE.search(fold_script(unit.get_text(" ", strip=True)))
    return Removal("byline", f"发表于 {stamp.group(0)}")
