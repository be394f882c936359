"""The conversion report as a page for the maintainer: per document what was removed and
why, the warnings, the detected encoding and script; the files that were skipped.

Kept out of search (`search: exclude`): the removed spam and navigation it quotes must
never be found by a reader's query.
"""

from __future__ import annotations

from collections import Counter

from .collection import Collection
from .document import Document
from .links import REPORT_PAGE, front_matter, md_link
from .write import escape_inline

SNIPPET = 160  # characters of a removed passage shown in the table
SCRIPT_NAMES = {"hans": "简体", "hant": "繁体"}
REPORT_PER_PAGE = 500  # documents whose sections one page holds (the whole report is one
                       # page up to this; 10,000 documents on one page made 13 MB of HTML)


def cell(text: str, limit: int = SNIPPET) -> str:
    """Plain text as one Markdown table cell: one line, escaped, shortened."""
    flat = " ".join(str(text).split())
    if len(flat) > limit:
        flat = flat[:limit] + "…"
    return escape_inline(flat) or "—"


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
    rows = [f"- {md_link(REPORT_PAGE, part_page(k), f'第 {k} 部分')}：{cell(part[0].source, 60)} … "
            f"{cell(part[-1].source, 60)}（{len(part)} 篇，删除 {sum(len(d.removed) for d in part)} 处）"
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


def skipped_section(skipped: list[Document]) -> list[str]:
    if not skipped:
        return []
    return ["## 跳过的文件 { #skipped }\n", "| 文件 | 原因 |\n| --- | --- |",
            *(f"| {cell(d.source)} | {cell(problem_text(d, 'error'), 400)} |" for d in skipped), ""]


def problem_text(doc: Document, severity: str) -> str:
    return "; ".join(f"{p.code}: {p.detail}" for p in doc.problems if p.severity == severity)


def summary_table(built: list[Document], first: int = 1) -> str:
    # narrow on purpose (file names do not wrap): the title and page are in each section
    rows = ["| 文件 | 编码 | 文字 | 删除 | 警告 |", "| --- | --- | --- | ---: | ---: |"]
    for n, doc in enumerate(built, first):
        rows.append(
            f"| [{cell(doc.source, 60)}](#doc-{n}) "
            f"| {cell(doc.encoding or '?')} | {SCRIPT_NAMES.get(doc.script, cell(doc.script or '?'))} "
            f"| {len(doc.removed)} | {sum(1 for p in doc.problems if p.severity == 'warning')} |")
    return "\n".join(rows) + "\n"


def document_section(doc: Document, coll: Collection, n: int, page: str = REPORT_PAGE) -> str:
    out = [f"## {cell(doc.source, 80)} {{ #doc-{n} }}\n"]
    facts = [
        f"页面：{md_link(page, coll.page_path(doc), doc.title)}",
        f"编码：{cell(doc.encoding or '未知')}",
        f"原文文字：{SCRIPT_NAMES.get(doc.script, cell(doc.script or '未知'))}",
        f"日期：{cell(doc.date or '不详')}（来源：{cell(doc.date_source or '无')}）",
        f"标题来源：{cell(doc.title_source or '未知')}",
    ]
    out.append("\n".join(f"- {f}" for f in facts) + "\n")
    warnings = [p for p in doc.problems if p.severity == "warning"]
    if warnings:
        out.append(f"**警告（{len(warnings)}）**\n")
        out.append("\n".join(f"- `{p.code}` {cell(p.detail, 400)}" for p in warnings) + "\n")
    if doc.removed:
        reasons = Counter(r.reason for r in doc.removed)
        summary = "，".join(f"{cell(reason, 40)} {count} 处" for reason, count in reasons.most_common())
        out.append(f"**删除的内容（{len(doc.removed)} 处：{summary}）**\n")
        out.append("| 原因 | 内容 |\n| --- | --- |")
        out.extend(f"| {cell(r.reason, 40)} | {cell(r.text)} |" for r in doc.removed)
        out.append("")
    else:
        out.append("没有删除任何内容。\n")
    return "\n".join(out)
