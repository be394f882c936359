"""The conversion report as a page for the maintainer: per document what was removed and
why, the warnings, the detected encoding and script; the files that were skipped.

Kept out of search (`search: exclude`): the removed spam and navigation it quotes must
never be found by a reader's query.

Headings are Markdown (the table of contents and the `#doc-<n>` anchors come from them);
the tables and each document's facts between them are raw HTML blocks, the HTML
Python-Markdown made of their Markdown, so it no longer runs its table and inline
handling over them. Everything from a source is escaped (`html.escape` in the HTML,
`escape_inline` in the headings), so a file name or a quoted passage never becomes markup;
file names and warnings show their control and bidi characters as escapes (`\\u202e`,
sanitize.visible_name), so a name cannot pass for another.
"""

from __future__ import annotations

import html
from collections import Counter

from ..collection.assemble import Collection
from ..document import Document
from .links import REPORT_PAGE, front_matter, html_link, md_link
from .sanitize import visible_name
from .write import escape_inline

SNIPPET = 160  # characters of a removed passage shown in the table
SCRIPT_NAMES = {"hans": "简体", "hant": "繁体"}
KIND_NAMES = {"exact": "全文相同", "near": "内容相近", "contained": "一篇收录另一篇全文"}
REPORT_PER_PAGE = 500  # documents whose sections one page holds (the whole report is one
                       # page up to this; 10,000 documents on one page made 13 MB of HTML)
RIGHT = ' style="text-align: right;"'   # how the tables extension aligns a `---:` column


def one_line(text: str, limit: int) -> str:
    flat = " ".join(str(text).split())
    return flat[:limit] + "…" if len(flat) > limit else flat


def cell(text: str, limit: int = SNIPPET) -> str:
    """Plain text as inline Markdown: one line, escaped, shortened."""
    return escape_inline(one_line(text, limit)) or "—"


def text_html(text: str, limit: int = SNIPPET) -> str:
    """Plain text as HTML, as Python-Markdown writes `cell(text, limit)`: quotes stay."""
    return html.escape(one_line(text, limit), quote=False) or "—"


def report_page(documents: tuple[Document, ...], coll: Collection) -> str:
    """The report's first (for most collections its only) page."""
    return report_pages(documents, coll)[REPORT_PAGE]


def report_pages(documents: tuple[Document, ...], coll: Collection,
                 per_page: int = REPORT_PER_PAGE) -> dict[str, str]:
    """Page path -> Markdown. Past `per_page` documents the sections go on numbered pages
    (`report/<n>.md`) listed by the first page, which keeps the totals and skipped files."""
    built = sorted((d for d in documents if not d.skipped), key=lambda d: d.source)
    skipped = [d for d in documents if d.skipped]
    warnings = sum(1 for d in built for p in d.problems if p.severity == "warning")
    removed = sum(len(d.removed) for d in built)
    head = [front_matter("转换报告", search={"exclude": True}), "# 转换报告\n",
            f"转换 {len(built)} 篇，跳过 {len(skipped)} 个文件；"
            f"删除 {removed} 处内容，警告 {warnings} 条。本页不进入搜索索引。\n"]
    if len(built) <= per_page:
        return {REPORT_PAGE: "\n".join(head + [summary_table(built)] + skipped_section(skipped)
                                       + [document_section(d, coll, n, REPORT_PAGE) for n, d in enumerate(built, 1)])}
    parts = [built[start:start + per_page] for start in range(0, len(built), per_page)]
    rows = [f"- {md_link(REPORT_PAGE, part_page(k), f'第 {k} 部分')}：{cell(visible_name(part[0].source), 60)} … "
            f"{cell(visible_name(part[-1].source), 60)}（{len(part)} 篇，删除 {sum(len(d.removed) for d in part)} 处）"
            for k, part in enumerate(parts, 1)]
    pages = {REPORT_PAGE: "\n".join(head + ["文档较多，各篇的报告按文件名分页：\n", "\n".join(rows) + "\n"]
                                    + skipped_section(skipped))}
    for k, part in enumerate(parts, 1):
        path, first = part_page(k), (k - 1) * per_page + 1
        title = f"转换报告（{k}/{len(parts)}）"
        pages[path] = "\n".join(
            [front_matter(title, search={"exclude": True}), f"# {title}\n", summary_table(part, first)]
            + [document_section(d, coll, n, path) for n, d in enumerate(part, first)])
    return pages


def part_page(number: int) -> str:
    return f"report/{number}.md"


def html_table(head: tuple[str, ...], rows: list[tuple[str, ...]], right: int = 0) -> str:
    """Cells (already HTML) as the tables extension writes them, the last `right` columns
    aligned right. With no rows it writes one row of bare empty cells, as the extension does."""
    align = [""] * (len(head) - right) + [RIGHT] * right
    body = ("\n".join(table_row("td", r, align) for r in rows) if rows
            else table_row("td", [""] * len(head), [""] * len(head)))
    return f"<table>\n<thead>\n{table_row('th', head, align)}\n</thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def table_row(tag: str, cells, attrs) -> str:
    return "<tr>\n" + "".join(f"<{tag}{a}>{c}</{tag}>\n" for a, c in zip(attrs, cells)) + "</tr>"


def html_list(items: list[str]) -> str:
    return "<ul>\n" + "".join(f"<li>{item}</li>\n" for item in items) + "</ul>"


def skipped_section(skipped: list[Document]) -> list[str]:
    if not skipped:
        return []
    rows = [(text_html(visible_name(d.source)), text_html(visible_name(problem_text(d, "error")), 400))
            for d in skipped]
    return ["## 跳过的文件 { #skipped }\n", html_table(("文件", "原因"), rows) + "\n"]


def problem_text(doc: Document, severity: str) -> str:
    return "; ".join(f"{p.code}: {p.detail}" for p in doc.problems if p.severity == severity)


def summary_table(built: list[Document], first: int = 1) -> str:
    # narrow on purpose (file names do not wrap): the title and page are in each section
    rows = [(f'<a href="#doc-{n}">{text_html(visible_name(doc.source), 60)}</a>', text_html(doc.encoding or "?"),
             SCRIPT_NAMES.get(doc.script, text_html(doc.script or "?")), str(len(doc.removed)),
             str(sum(1 for p in doc.problems if p.severity == "warning")))
            for n, doc in enumerate(built, first)]
    return html_table(("文件", "编码", "文字", "删除", "警告"), rows, right=2) + "\n"


def document_section(doc: Document, coll: Collection, n: int, page: str = REPORT_PAGE) -> str:
    """The document's heading in Markdown, then one raw HTML block: its facts, warnings
    and removals (their parts a line apart, as Python-Markdown joins blocks)."""
    facts = [
        f"页面：{html_link(page, coll.page_path(doc), doc.title)}",
        f"编码：{text_html(doc.encoding or '未知')}",
        f"原文文字：{SCRIPT_NAMES.get(doc.script, text_html(doc.script or '未知'))}",
        f"日期：{text_html(doc.date or '不详')}（来源：{text_html(doc.date_source or '无')}）",
        f"标题来源：{text_html(doc.title_source or '未知')}",
    ]
    out = [html_list(facts)]
    if copies := coll.duplicates.get(doc.source):
        total = coll.copy_count(doc)
        out.append(f"<p><strong>同一报道的其他来源（{total}）</strong></p>")
        out.append(html_list([f"{html_link(page, coll.page_path(coll.by_source[d.source]), coll.by_source[d.source].title)}"
                              f"（{text_html(visible_name(d.source), 80)}，{KIND_NAMES.get(d.kind, text_html(d.kind))}，"
                              f"相似度 {d.similarity:.2f}）" for d in copies]))
        if total > len(copies):
            out.append(f"<p>列出最相近的 {len(copies)} 个，另有 {total - len(copies)} 个未列出。</p>")
    warnings = [p for p in doc.problems if p.severity == "warning"]
    if warnings:
        out.append(f"<p><strong>警告（{len(warnings)}）</strong></p>")
        out.append(html_list([f"<code>{html.escape(p.code.strip(), quote=False)}</code> "
                              f"{text_html(visible_name(p.detail), 400)}" for p in warnings]))
    if doc.removed:
        reasons = Counter(r.reason for r in doc.removed)
        summary = "，".join(f"{text_html(reason, 40)} {count} 处"
                           for reason, count in reasons.most_common())
        out.append(f"<p><strong>删除的内容（{len(doc.removed)} 处：{summary}）</strong></p>")
        out.append(html_table(("原因", "内容"),
                              [(text_html(r.reason, 40), text_html(r.text)) for r in doc.removed]))
    else:
        out.append("<p>没有删除任何内容。</p>")
    return f"## {cell(visible_name(doc.source), 80)} {{ #doc-{n} }}\n\n" + "\n".join(out) + "\n"
