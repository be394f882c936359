"""markdownify's tree walk (MarkdownConverter.process_tag, markdownify 1.2), made cheap.

The output is the same; two things are found differently:
- Inside <pre> the newlines at child boundaries are kept. Stock markdownify asks bs4
  `node.find_parent('pre')` for every tag, which builds a generic matcher per call (about
  a tenth of the HTML path's time). Here it is read from the names of the tags walked
  through (`parent_tags` holds every ancestor below the root) and one look above the
  root, taken once per conversion.
- The option defaults are gathered once per class, not by dir() for every converter.
"""

from __future__ import annotations

from functools import lru_cache

from bs4 import Comment, Doctype, NavigableString, Tag
from markdownify import MarkdownConverter, _todict, re_extract_newlines, re_html_heading

_INLINE_CONTEXT = frozenset({"td", "th"})
_NOFORMAT_CONTEXT = frozenset({"pre", "code", "kbd", "samp"})
# Block elements whose edge whitespace markdownify drops (with the headings, see below).
_WHITESPACE_BLOCKS = frozenset({"p", "blockquote", "article", "div", "section", "ol", "ul", "li", "dl", "dt",
                                "dd", "table", "thead", "tbody", "tfoot", "tr", "td", "th"})


class TreeWalkConverter(MarkdownConverter):
    """MarkdownConverter with a walk that costs the size of the tree, once."""

    _root_in_pre = False

    def __init__(self, **options):
        """As MarkdownConverter's, with the class's option defaults gathered once per class
        (markdownify lists them with dir() for every converter, i.e. every document)."""
        self.options = dict(_class_options(type(self)))
        self.options.update(options)
        if self.options["strip"] is not None and self.options["convert"] is not None:
            raise ValueError("You may specify either tags to strip or tags to convert, but not both.")
        if not isinstance(self.options["bs4_options"], dict):
            self.options["bs4_options"] = {"features": self.options["bs4_options"]}
        self.convert_fn_cache = {}

    def convert_soup(self, soup):
        self._root_in_pre = soup.find_parent("pre") is not None
        return self.process_tag(soup, parent_tags=set())

    def process_tag(self, node, parent_tags=None):
        parent_tags = parent_tags if parent_tags is not None else set()
        remove_inside = removes_whitespace_inside(node)
        children = [el for el in node.children if not _can_ignore(el, remove_inside)]
        for_children = set(parent_tags)
        for_children.add(node.name)
        if re_html_heading.match(node.name) is not None or node.name in _INLINE_CONTEXT:
            for_children.add("_inline")
        if node.name in _NOFORMAT_CONTEXT:
            for_children.add("_noformat")
        strings = [s for s in (self.process_element(el, parent_tags=for_children) for el in children) if s]
        if not (node.name == "pre" or "pre" in parent_tags or self._root_in_pre):
            strings = _collapse_boundary_newlines(strings)
        text = "".join(strings)
        convert_fn = self.get_conv_fn_cached(node.name)
        if convert_fn is not None:
            text = convert_fn(node, text, parent_tags=parent_tags)
        return text


@lru_cache(maxsize=None)
def _class_options(cls: type) -> dict:
    return {**_todict(cls.DefaultOptions), **_todict(cls.Options)}


def _can_ignore(el, remove_inside: bool) -> bool:
    """Comments, doctypes, and whitespace-only text next to block boundaries."""
    if isinstance(el, Tag):
        return False
    if isinstance(el, (Comment, Doctype)):   # subclasses of NavigableString: tested first
        return True
    if isinstance(el, NavigableString):
        if str(el).strip() != "":
            return False
        if remove_inside and (not el.previous_sibling or not el.next_sibling):
            return True
        return removes_whitespace_outside(el.previous_sibling) or removes_whitespace_outside(el.next_sibling)
    if el is None:
        return True
    raise ValueError(f"Unexpected element type: {type(el)}")


def removes_whitespace_inside(el) -> bool:
    """markdownify's should_remove_whitespace_inside by set lookup (it runs a regex per
    call, several calls per text node): block elements, and the names its `h(\\d+)`
    matches (an h, then a decimal digit)."""
    if not isinstance(el, Tag):
        return False
    name = el.name or ""
    return name in _WHITESPACE_BLOCKS or (len(name) > 1 and name[0] == "h" and name[1].isdecimal())


def removes_whitespace_outside(el) -> bool:
    """markdownify's should_remove_whitespace_outside: the blocks above, and <pre>."""
    return removes_whitespace_inside(el) or (isinstance(el, Tag) and el.name == "pre")


def _collapse_boundary_newlines(strings: list[str]) -> list[str]:
    """Where one child's trailing newlines meet the next one's leading newlines, keep the
    larger count, at most two."""
    out = [""]   # so the first lookback works
    for string in strings:
        leading, content, trailing = re_extract_newlines.match(string).groups()
        if out[-1] and leading:
            previous = out.pop()
            leading = "\n" * min(2, max(len(previous), len(leading)))
        out.extend([leading, content, trailing])
    return out
