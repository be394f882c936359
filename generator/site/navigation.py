"""The site navigation, arranged for thousands of documents.

Article pages live in `articles/<year>/` and `articles/undated/` (see Collection.page_path),
so MkDocs builds one section per year; with Material's `navigation.prune` only the open
year's pages are written into each page. This module gives those sections Chinese titles,
puts the newest year first and the undated ones last, orders the articles of a year by
date, and puts the generated overview pages first and the maintainer's report last. The
tag pages and the further pages of a big timeline, document list or report are reached from their first page instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ..collection.assemble import UNDATED, Collection, documents_by_date
from ..pages.links import DOCUMENTS_PAGE, REPORT_PAGE, TAGS_PAGE, TIMELINE_PAGE, UNDATED_TITLE, in_site_script

FOLDER_TITLES = {"articles": "文章", "tags": "标签"}
# Top-level order: home, the generated overviews, then the rest as MkDocs sorted it,
# the report last. Keys are a page's path or a section's folder.
FIRST = ("index.md", TIMELINE_PAGE, DOCUMENTS_PAGE, "tags", "articles")
LAST = (REPORT_PAGE,)
PAGED = ("timeline", "documents", "report")  # pages of a big timeline, document list or report: reached from their first page


GROUP_MIN = 40  # a year with more articles than this is split by month (undated: by initial)


@dataclass(frozen=True)
class ArticlePlace:
    position: int     # newest first, undated documents by title after the dated ones
    group: str        # month ("05"; "" when the date has no month) or, undated, the initial
    day: str = ""     # "07"; "" when the date has no day (labels a part of a big month)


def article_order(coll: Collection) -> dict[str, ArticlePlace]:
    """Page path -> where the article goes in its year section."""
    dated, undated = documents_by_date(coll)
    places = {}
    for n, doc in enumerate(dated + undated):
        if doc.date:
            group = doc.date[5:7] if len(doc.date) >= 7 else ""
        else:
            group = coll.slugs[doc.source][:1].upper()
        places[coll.page_path(doc)] = ArticlePlace(n, group, (doc.date or "")[8:10])
    return places


def arrange_nav(nav: Navigation, order: dict[str, ArticlePlace], config=None) -> Navigation:
    """`config` (Zhiku's) gives the site's script for the section titles."""
    for item in nav.items:
        if isinstance(item, Section):
            retitle(item, depth=0, order=order)
    nav.items[:] = [collapse_tags(item) for item in nav.items if folder(item, 0) not in PAGED]
    nav.items.sort(key=top_level_key)
    convert_titles(nav.items, config)
    return nav


def convert_titles(items, config) -> None:
    for item in items:
        if isinstance(item, Section):
            item.title = in_site_script(item.title, config)
            convert_titles(item.children, config)


def collapse_tags(item):
    """The tag section becomes its index page alone: the index lists every tag with its
    count, and a navigation with hundreds of tags would help nobody."""
    if isinstance(item, Section) and folder(item, 0) == "tags":
        index = next((c for c in item.children if isinstance(c, Page) and c.is_index), None)
        if index is not None:
            index.parent = None
            return index
    return item


def first_page(item) -> Page | None:
    if isinstance(item, Page):
        return item
    for child in getattr(item, "children", None) or ():
        found = first_page(child)
        if found is not None:
            return found
    return None


def folder(item, depth: int) -> str:
    """A section's folder name at `depth` (its pages' common path part), or a page's path."""
    page = first_page(item)
    if page is None:
        return ""
    if isinstance(item, Page):
        return "tags" if page.file.src_uri == TAGS_PAGE else page.file.src_uri
    parts = page.file.src_uri.split("/")
    return parts[depth] if len(parts) > depth + 1 else ""


def top_level_key(item) -> tuple[int, int]:
    key = folder(item, 0)
    if key in FIRST:
        return (0, FIRST.index(key))
    if key in LAST:
        return (2, LAST.index(key))
    return (1, 0)  # a stable sort keeps MkDocs' order among the user's own pages


def retitle(section: Section, depth: int, order: dict[str, ArticlePlace]) -> None:
    name = folder(section, depth)
    if depth == 0 and name in FOLDER_TITLES:
        section.title = FOLDER_TITLES[name]
    if depth == 0 and name == "articles":
        arrange_years(section, order)


def arrange_years(articles: Section, order: dict[str, ArticlePlace]) -> None:
    years = [c for c in articles.children if isinstance(c, Section)]
    for year in years:
        name = folder(year, 1)
        year.title = UNDATED_TITLE if name == UNDATED else f"{name}年"
        year.children.sort(key=lambda p: place(p, order).position)
        if len(year.children) > GROUP_MIN:
            split_into_groups(year, order, undated=name == UNDATED)
    articles.children.sort(key=lambda c: year_key(folder(c, 1) if isinstance(c, Section) else ""))


def place(item, order: dict[str, ArticlePlace]) -> ArticlePlace:
    uri = getattr(getattr(item, "file", None), "src_uri", "")
    return order.get(uri, ArticlePlace(1 << 30, ""))


def split_into_groups(year: Section, order: dict[str, ArticlePlace], undated: bool) -> None:
    """A big year becomes month sections (an undated group: initial-letter sections, then
    two-letter ones), and any of those still over GROUP_MIN articles is cut into parts of
    about √n, so a pruned navigation carries a few dozen links per page, not thousands,
    however the articles bunch (a busy November; a series whose titles all begin alike)."""
    groups: dict[str, list] = {}
    for child in year.children:
        groups.setdefault(place(child, order).group, []).append(child)
    sections = []
    for key in sorted(groups, reverse=not undated):  # newest month first, "" (no month) last
        title = key if undated else (f"{int(key)}月" if key.isdigit() else "月份不详")
        section = adopt(year, title, groups[key])
        if undated:
            by_two_letters(section, order)
        else:
            section.children[:] = in_parts(section, order, lambda k, part: day_range(part, order, k))
        sections.append(section)
    year.children[:] = sections if len(sections) > 1 else sections[0].children
    for child in year.children:
        child.parent = year


def adopt(parent: Section, title: str, children: list) -> Section:
    section = Section(title, children)
    section.parent = parent
    for child in children:
        child.parent = section
    return section


def in_parts(section: Section, order: dict[str, ArticlePlace], label) -> list:
    """The section's articles, or past GROUP_MIN of them, sections of consecutive ones,
    about √n each (at least GROUP_MIN / 2): √n parts of √n articles is the fewest links
    a page of a pruned navigation can carry. `label(k, part)` titles part k."""
    pages = section.children
    if len(pages) <= GROUP_MIN:
        return pages
    size = max(GROUP_MIN // 2, math.isqrt(len(pages) - 1) + 1)
    return [adopt(section, label(k, pages[i:i + size]), pages[i:i + size])
            for k, i in enumerate(range(0, len(pages), size), 1)]


def day_range(part: list, order: dict[str, ArticlePlace], number: int) -> str:
    """A part of a month: its days, newest first as the articles are ("30–21日")."""
    days = [place(p, order).day for p in part]
    if not days[0] or not days[-1]:
        return f"第{number}部分"
    first, last = int(days[0]), int(days[-1])
    return f"{first}日" if first == last else f"{first}–{last}日"


def by_two_letters(initial: Section, order: dict[str, ArticlePlace]) -> None:
    """An initial with more than GROUP_MIN undated articles splits by the slug's first two
    letters (SH, SU, ...), and those, still too big, into numbered parts (SH（1）, ...: a
    bare number after the letters would misread where slugs begin with digits, 61 + 1)."""
    if len(initial.children) <= GROUP_MIN:
        return
    groups: dict[str, list] = {}
    for page in initial.children:
        slug = page.file.src_uri.rsplit("/", 1)[-1]
        groups.setdefault(slug[:2].upper().rstrip("-") or initial.title, []).append(page)
    if len(groups) == 1:
        initial.children[:] = in_parts(initial, order, lambda k, part: f"{next(iter(groups))}（{k}）")
        return
    subsections = [adopt(initial, key, groups[key]) for key in sorted(groups)]
    for sub in subsections:
        sub.children[:] = in_parts(sub, order, lambda k, part, key=sub.title: f"{key}（{k}）")
    initial.children[:] = subsections


def year_key(name: str) -> tuple[int, int]:
    """Newest year first, the undated group last, anything else in between."""
    if name.isdigit():
        return (0, -int(name))
    return (2, 0) if name == UNDATED else (1, 0)
