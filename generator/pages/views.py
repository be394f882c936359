"""The cross-document pages: documents by date, tag index and tag pages here; the
timeline (timeline_page.py) and the conversion report (report_page.py) beside; the home
page's generated sections in home.py. `write_views` writes them all.

Every page is Markdown, with raw HTML blocks where the page needs data attributes for
its filters and for the long lists of documents (`doc_list`: Markdown there cost more to
render than anything else on the page). Markdown links go to `.md` paths, so MkDocs
checks and rewrites them; raw HTML links are made relative by `relative_url`.
Everything that comes from a source goes through `escape_inline` (Markdown) or
`html.escape` (HTML): a title can never become markup.
"""

from __future__ import annotations

import html
import json
from collections import OrderedDict
from pathlib import Path
from urllib.parse import quote

from ..collection.assemble import Collection, TagInfo, documents_by_date, format_date, tag_index
from ..config import Config
from ..document import Document
from .links import (
    DOCUMENTS_PAGE, TAGS_PAGE, TIMELINE_PAGE, UNDATED_TITLE, Taxonomy, front_matter,
    html_link, in_site_script, md_link, page_url, relative_url, tag_page,
)
from .report_page import report_pages
from ..conversion.stages.summary import bounded
from .timeline_page import timeline_pages
from .write import escape_inline, meta_attribute_text, write_text_if_changed


def date_label(doc: Document) -> str:
    return format_date(doc.date, doc.date_precision)


def doc_item(from_page: str, coll: Collection, doc: Document, taxonomy: Taxonomy) -> str:
    """One item of a document list: date, linked title, tag links."""
    if doc.date:
        parts = [f'<span class="zk-date">{html.escape(date_label(doc))}</span>']
    else:  # keeps mixed lists aligned; says plainly that no date is known
        parts = [f'<span class="zk-date zk-date--none">{UNDATED_TITLE}</span>']
    parts.append(html_link(from_page, coll.page_path(doc), doc.title))
    chips = " ".join(html_link(from_page, tag_page(t), taxonomy.names.get(t, t), "zk-chip")
                     for t in doc.tags)
    if chips:
        parts.append(f'<span class="zk-chips">{chips}</span>')
    if doc.summary:   # under the title: what the document is about (stages/summary.py)
        parts.append(f'<span class="zk-doc-summary">{html.escape(bounded(doc.summary, LIST_SUMMARY_CHARS))}</span>')
    return "<li>" + " ".join(parts) + copies_list(from_page, coll, doc) + "</li>"


LIST_SUMMARY_CHARS = 80   # a list shows the start of the summary: thousands of items per page


def copies_list(from_page: str, coll: Collection, doc: Document) -> str:
    """Under a story's first copy, its other copies (duplicates.py): date, link, site."""
    copies = coll.copies(doc) if coll.story(doc) == doc.source else []
    if not copies:
        return ""
    items = []
    for other in copies:
        date = html.escape(date_label(other)) if other.date else UNDATED_TITLE
        site = f' <span class="zk-copies__site">{html.escape(other.site)}</span>' if other.site else ""
        items.append(f'<li><span class="zk-date">{date}</span> '
                     f"{html_link(from_page, coll.page_path(other), other.title)}{site}</li>")
    return (f'<div class="zk-copies"><span class="zk-copies__title">同一报道的其他来源</span>'
            f'<ul>{"".join(items)}</ul></div>')


def story_heads(coll: Collection, docs: list[Document]) -> list[Document]:
    """A list shows a story once, at its first copy (its copies nested under it); a copy
    stays when its first copy is not in the list."""
    shown = {d.source for d in docs}
    return [d for d in docs if coll.story(d) == d.source or coll.story(d) not in shown]


def doc_list(from_page: str, coll: Collection, docs: list[Document], taxonomy: Taxonomy) -> str:
    """The list as raw HTML, not Markdown: in lists of thousands of documents, each with
    its tag links, Python-Markdown's link and attribute handling was most of the page's
    rendering time; this is the HTML it made of them."""
    items = "\n".join(doc_item(from_page, coll, d, taxonomy) for d in docs)
    return f'<div class="zk-doc-list">\n<ul>\n{items}\n</ul>\n</div>'


# --- documents by date ------------------------------------------------------------------


MAX_DOCUMENTS_PER_PAGE = 1000  # past this, a list gets one page per year under an overview


def year_groups(docs: list[Document]) -> OrderedDict[str, tuple[str, list[Document]]]:
    """Documents (in date order) grouped by year; undated ones in a group of their own."""
    groups: OrderedDict[str, tuple[str, list[Document]]] = OrderedDict()
    for doc in docs:
        if doc.date:
            groups.setdefault(doc.date[:4], (f"{doc.date[:4]}年", []))[1].append(doc)
    undated = [d for d in docs if not d.date]
    if undated:
        groups["undated"] = (UNDATED_TITLE, undated)
    return groups


def list_pages(path: str, title: str, head: list[str], docs: list[Document], coll: Collection,
               taxonomy: Taxonomy, max_documents: int) -> dict[str, str]:
    """A list of documents under year headings on one page; past `max_documents`, an
    overview at `path` and one page per year beside it (`<path stem>/<year>.md`)."""
    docs = story_heads(coll, docs)
    groups = year_groups(docs)
    if len(docs) <= max_documents:
        body = [f"## {label} {{ #{anchor(key)} }}\n\n{doc_list(path, coll, items, taxonomy)}\n"
                for key, (label, items) in groups.items()]
        return {path: "\n".join(head + body)}
    year_page = lambda key: f"{path[: -len('.md')]}/{key}.md"  # noqa: E731
    rows = "\n".join(f"- {md_link(path, year_page(key), label)} "
                     f'<span class="zk-count">{len(items)}</span> 篇'
                     for key, (label, items) in groups.items())
    pages = {path: "\n".join(head) + f'\n<div class="zk-doc-list" markdown>\n\n{rows}\n\n</div>\n'}
    for key, (label, items) in groups.items():
        sub = year_page(key)
        pages[sub] = (front_matter(f"{label} · {title}") + f"# {escape_inline(title)} · {label}\n\n"
                      f"共 {len(items)} 篇。{md_link(sub, path, '返回')}\n\n"
                      + doc_list(sub, coll, items, taxonomy) + "\n")
    return pages


def stories_note(coll: Collection) -> str:
    """"（N 篇是另一篇的其他来源，列在最早的那篇之下）" when some are copies of one story."""
    copies = sum(1 for source, first in coll.stories.items() if source != first)
    return f"（其中 {copies} 篇是同一报道的其他来源，列在最早的一篇之下）" if copies else ""


def anchor(key: str) -> str:
    return key if key == "undated" else f"y{key}"


def documents_pages(coll: Collection, taxonomy: Taxonomy,
                    max_documents: int = MAX_DOCUMENTS_PER_PAGE) -> dict[str, str]:
    """The documents by publication date, newest first; undated ones apart, at the end."""
    dated, undated = documents_by_date(coll)
    head = [front_matter("文档"), "# 文档（按发布日期）\n",
            f"共 {len(coll.documents)} 篇{stories_note(coll)}，按发布日期从新到旧排列；"
            f"{len(undated)} 篇日期不详的文档单列在最后，不按任何推测的日期排序。\n"]
    return list_pages(DOCUMENTS_PAGE, "文档", head, dated + undated, coll, taxonomy, max_documents)


# --- tags -------------------------------------------------------------------------------


def tags_index_page(coll: Collection, taxonomy: Taxonomy) -> str:
    tags = tag_index(coll, taxonomy.names)
    out = [front_matter("标签"), "# 标签\n",
           f"{len(tags)} 个标签，共 {len(coll.documents)} 篇文档。\n"]
    if not tags:
        out.append("还没有文档带有标签。\n")
        return "\n".join(out)
    out.append(tag_cards(TAGS_PAGE, tags, taxonomy.descriptions))
    return "\n".join(out)


def tag_cards(from_page: str, tags: list[TagInfo], descriptions: dict[str, str] | None = None) -> str:
    cards = []
    for tag in tags:
        link = md_link(from_page, tag_page(tag.id), tag.name)
        about = (descriptions or {}).get(tag.id)
        about = f' <span class="zk-tag-description">{html.escape(about)}</span>' if about else ""
        cards.append(f'- **{link}** <span class="zk-nowrap"><span class="zk-count" '
                     f'data-tag="{html.escape(tag.id)}">{tag.count}</span> 篇</span>{about}')
    wide = " zk-tag-cards--described" if descriptions else ""
    return (f'<div class="grid cards zk-tag-cards{wide}" markdown>\n\n' + "\n".join(cards)
            + "\n\n</div>\n")


def tag_detail_pages(coll: Collection, tag: TagInfo, taxonomy: Taxonomy,
                     max_documents: int = MAX_DOCUMENTS_PER_PAGE) -> dict[str, str]:
    page = tag_page(tag.id)
    # percent-encoded: a free tag's id is its declared text (stages/tags.py), often Chinese
    timeline_link = relative_url(page, f"{page_url(TIMELINE_PAGE)}?tag={quote(tag.id, safe='')}")
    description = taxonomy.descriptions.get(tag.id)
    # the tag's description is the page's <meta name="description"> and preview text
    about = {"description": meta_attribute_text(description)} if description else {}
    head = [front_matter(tag.name, **about), f"# {escape_inline(tag.name)}\n"]
    if description:
        head.append(escape_inline(description) + "\n")
    head.append(f'共 <span class="zk-count">{tag.count}</span> 篇文档 · '
                f'<a href="{html.escape(timeline_link)}">在时间线中查看</a> · '
                f"{md_link(page, TAGS_PAGE, '全部标签')}\n")
    return list_pages(page, tag.name, head, list(tag.documents), coll, taxonomy, max_documents)


# --- writing ------------------------------------------------------------------------------


def view_pages(documents: tuple[Document, ...], coll: Collection,
               taxonomy: Taxonomy) -> dict[str, str]:
    """Every generated cross-document page: path under the docs folder -> Markdown."""
    pages = {
        **timeline_pages(coll, taxonomy),
        **documents_pages(coll, taxonomy),
        TAGS_PAGE: tags_index_page(coll, taxonomy),
        **report_pages(documents, coll),
    }
    for tag in tag_index(coll, taxonomy.names):
        pages.update(tag_detail_pages(coll, tag, taxonomy))
    return pages


def write_views(documents: tuple[Document, ...], coll: Collection, out_dir: Path,
                config: Config | None = None) -> set[Path]:
    """Write the cross-document pages in the site's script; returns the paths written
    (anything else in their folders is stale)."""
    written = set()
    for rel, text in view_pages(documents, coll, site_taxonomy(config)).items():
        path = Path(out_dir) / rel
        write_text_if_changed(path, in_site_script(text, config))
        written.add(path)
    stories = Path(out_dir) / STORIES_FILE
    write_text_if_changed(stories, in_site_script(json.dumps(
        search_stories(coll), ensure_ascii=False, indent=1, sort_keys=True) + "\n", config))
    return written


STORIES_FILE = "search/stories.json"   # read (and removed) by search.py after the build


def search_stories(coll: Collection) -> dict[str, dict[str, str]]:
    """Page URL -> what its search result shows besides the page: its date (as the lists
    write it), and for a copy of a story the story (the first copy's URL) and its label
    ("另有 N 个来源"), so that search shows a story once (search.py, engine.js)."""
    out: dict[str, dict[str, str]] = {}
    for doc in coll.documents:
        if doc.date:
            out[coll.url(doc)] = {"date": format_date(doc.date, doc.date_precision)}
    for members in coll.story_members.values():
        story = coll.url(members[0])
        for doc in members:
            out.setdefault(coll.url(doc), {}).update(story=story, sources=f"另有 {len(members) - 1} 个来源")
    return out


NOT_FOUND_RECENT = 8   # latest documents listed on the 404 page


def recent_documents(coll: Collection) -> list[dict]:
    """The latest documents (newest first, undated last) as the 404 page links them."""
    dated, undated = documents_by_date(coll)
    return [{"url": coll.url(d), "title": d.title, "date_label": format_date(d.date, d.date_precision)}
            for d in (dated + undated)[:NOT_FOUND_RECENT]]


def site_taxonomy(config: Config | None = None) -> Taxonomy:
    """Tag names and descriptions of the taxonomy in force, in the site's script."""
    from ..conversion.taxonomy import tag_descriptions, tag_names

    return Taxonomy(names=tag_names(config), descriptions=tag_descriptions(config))
