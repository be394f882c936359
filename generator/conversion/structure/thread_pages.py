"""Forum threads in saved pages: repeated post units; the first unit's message is the article.

See threads.py for what makes a thread. Here a unit is one of several sibling elements of one
pattern (same tag and classes, or an id that differs only by its digits) that each hold a
timestamp and a message written in it (not only link text: a list of dated links is no
thread).
"""

from __future__ import annotations

import re

from bs4 import Tag

from ...document import Removal
from ..fold import fold_script
from .main_content import outside_main
from .threads import MIN_POSTS, TIMESTAMP_RE, cut_removal_text, forum_rules


def first_post(root: Tag, main: Tag) -> tuple[Tag, list[Removal]] | None:
    """When `main` (the page's chosen content) holds or sits in a thread's posts: the first
    post's message element, and the replies and the rest of `main` as removals. None when
    the page is no thread, or the opening post stands apart from the repeated units (a
    topic with a list of replies below: the replies are removed, `main` is kept)."""
    units = _post_units(root)
    if not units:
        return None
    removals = [Removal("forum-reply", cut_removal_text(u.get_text(" ", strip=True))) for u in units[1:]]
    inside = [u for u in units if _contains(main, u)]
    if inside and len(inside) == len(units):
        body = _message_element(units[0])
        before = _text_before(main, units[0])
        if body is None or len(before) > len(body.get_text(" ", strip=True)):
            # the units are replies to an opening post outside them
            removals = [Removal("forum-reply", cut_removal_text(u.get_text(" ", strip=True))) for u in units]
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
            if len(text) >= 25:
                pieces.append(text)
    return "".join(pieces)


def _unit_byline(unit: Tag) -> Removal:
    stamp = TIMESTAMP_RE.search(fold_script(unit.get_text(" ", strip=True)))
    return Removal("byline", f"发表于 {stamp.group(0)}")
