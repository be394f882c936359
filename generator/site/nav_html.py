"""The navigation's items written in Python: the same HTML Material's `nav-item.html`
macro writes, without its cost.

Material renders the navigation with a recursive Jinja macro, once per page; with
thousands of articles (a year's months, a month's articles) that macro was the largest
part of writing a page. This module writes the same elements, classes, ids and
attributes for the navigation features Material has (sections, tabs, prune, indexes,
expand), and `generator/theme/partials/nav.html` prints its result in place of the macro's
loop. The active page's table of contents stays Material's (`partials/toc.html`, at the
TOC_MARK the result holds). Line breaks stand where the macro writes white space with a
line break, which is all the pages keep of it (generator/site/compact_html.py), so a page is
byte-identical either way (tests/test_nav_html.py builds both).

Items this module does not write (an icon, subtitle or status in a page's front matter,
typeset titles, encrypted pages, and from a hand-written `nav:` a title that is not text
or a section with nothing in it) make `supported` false: the macro then writes the
navigation as before.
"""

from __future__ import annotations

import json

from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

TOC_MARK = "\x00zhiku-toc\x00"
_META_KEYS = ("icon", "subtitle", "status")


def supported(nav) -> bool:
    """Whether every page of `nav` is one this module writes as the macro would."""
    for page in nav.pages:
        meta = page.meta or {}
        if any(meta.get(key) for key in _META_KEYS) or getattr(page, "typeset", None) \
                or getattr(page, "encrypted", None):
            return False
    return _plain(nav.items)


def _plain(items) -> bool:
    """Every title is text (a hand-written `nav:` may give a number, or none to a link)
    and every section holds something."""
    for item in items:
        children = getattr(item, "children", None)
        if not isinstance(item.title, str) or (getattr(item, "is_section", False) and not children):
            return False
        if children and not _plain(children):
            return False
    return True


def nav_items_html(nav, page, features, base_url: str = "") -> str:
    """The primary navigation's `<li>` items for `page` (the one being written)."""
    writer = _Writer(page, set(features or ()), base_url)
    for number, item in enumerate(nav.items, 1):
        writer.item(item, f"__nav_{number}", 1, None)
    return "\n".join(writer.out)


class _Writer:
    def __init__(self, page, features: set[str], base_url: str) -> None:
        self.page, self.features, self.base_url = page, features, base_url
        self.out: list[str] = []

    def url(self, value) -> str:
        return normalize_url(str(value), page=self.page, base=self.base_url)

    def content(self, title: str) -> None:
        self.out += ['<span class="md-ellipsis">', title, "</span>"]

    def item(self, item, path: str, level: int, parent) -> None:
        css = "md-nav__item" + (" md-nav__item--active" if item.active else "")
        if getattr(item, "children", None):
            self.section(item, css, path, level, parent)
        elif item == self.page:
            self.current(item, css)
        else:
            self.out += [f'<li class="{css}">', f'<a href="{self.url(item.url)}" class="md-nav__link">']
            self.content(item.title)
            self.out += ["</a>", "</li>"]

    def current(self, item, css: str) -> None:
        toc = list(self.page.toc)
        if toc and toc[0].level == 1:
            toc = toc[0].children
        self.out += [f'<li class="{css}">', '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">']
        if toc:
            self.out.append('<label class="md-nav__link md-nav__link--active" for="__toc">')
            self.content(item.title)
            self.out += ['<span class="md-nav__icon md-icon"></span>', "</label>"]
        self.out.append(f'<a href="{self.url(item.url)}" class="md-nav__link md-nav__link--active">')
        self.content(item.title)
        self.out.append("</a>")
        if toc:
            self.out.append(TOC_MARK)
        self.out.append("</li>")

    def kind(self, item, level: int, parent) -> tuple[bool, bool]:
        """(is_section, is_pruned) as the macro decides them from the features."""
        is_section = False
        if "navigation.tabs" in self.features:
            if level == 1 and item.active:
                is_section = True
            if "navigation.sections" in self.features and level == 2 and parent is not None and parent.active:
                is_section = True
        elif "navigation.sections" in self.features and level == 1:
            is_section = True
        is_pruned = "navigation.prune" in self.features and not is_section and not item.active
        return is_section, is_pruned

    def section(self, item, css: str, path: str, level: int, parent) -> None:
        is_section, is_pruned = self.kind(item, level, parent)
        css += " md-nav__item--section" if is_section else ""
        css += " md-nav__item--pruned" if is_pruned else ""
        self.out.append(f'<li class="{css} md-nav__item--nested">')
        if is_pruned:
            self.pruned(item, item)
            self.out.append("</li>")
            return
        index = None
        if "navigation.indexes" in self.features:
            index = next((c for c in item.children if isinstance(c, Page) and c.is_index), None)
        checked = "checked" if item.active else ""
        indeterminate = "md-toggle--indeterminate" if "navigation.expand" in self.features and not checked else ""
        tabindex = "" if is_section else "0"
        self.out.append(f'<input class="md-nav__toggle md-toggle {indeterminate}" type="checkbox" id="{path}" {checked}>')
        if index is None:
            self.out.append(f'<label class="md-nav__link" for="{path}" id="{path}_label" tabindex="{tabindex}">')
            self.content(item.title)
            self.out += ['<span class="md-nav__icon md-icon"></span>', "</label>"]
        else:
            active = "md-nav__link--active" if index == self.page else ""
            self.out += ['<div class="md-nav__link md-nav__container">',
                         f'<a href="{self.url(index.url)}" class="md-nav__link {active}">']
            self.content(item.title)
            self.out.append("</a>")
            if len(item.children) > 1:
                self.out += [f'<label class="md-nav__link {active}" for="{path}" id="{path}_label" tabindex="{tabindex}">',
                             '<span class="md-nav__icon md-icon"></span>', "</label>"]
            self.out.append("</div>")
        self.out += [f'<nav class="md-nav" data-md-level="{level}" aria-labelledby="{path}_label" '
                     f'aria-expanded="{json.dumps(bool(item.active))}">',
                     f'<label class="md-nav__title" for="{path}">', '<span class="md-nav__icon md-icon"></span>',
                     item.title, "</label>", '<ul class="md-nav__list" data-md-scrollfix>']
        for number, child in enumerate(item.children, 1):
            if index is None or child != index:
                self.item(child, f"{path}_{number}", level + 1, item)
        self.out += ["</ul>", "</nav>", "</li>"]

    def pruned(self, item, ref) -> None:
        """A closed section: one link to its first page (the macro's render_pruned)."""
        first = item.children[0] if item.children else None
        if first is not None and getattr(first, "children", None):
            self.pruned(first, ref)
            return
        self.out.append(f'<a href="{self.url(first.url if first is not None else "")}" class="md-nav__link">')
        self.content(ref.title)
        if item.children:
            self.out.append('<span class="md-nav__icon md-icon"></span>')
        self.out.append("</a>")

