"""`python -m bench.table`: bench/results.json as the Markdown tables of BENCHMARKS.md.

Ratios against the plain `mkdocs build` of the same run and the published anchors (Hugo
~1 ms per page; MkDocs + Material with a pruned navigation ~6 ms per page) are computed
here, so the document and the measured run cannot disagree.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HUGO_MS_PER_PAGE = 1.0
MATERIAL_PRUNED_MS_PER_PAGE = 6.0
ROWS = [  # (key, label, target)
    ("load_avg_start", "load average (1 min) at start / end", ""),
    ("source_mb", "source MB", ""),
    ("convert_docs_per_s_per_core", "conversion docs/s, one core", "≥ 80"),
    ("convert_mb_per_s_per_core", "conversion MB/s, one core", "≥ 2"),
    ("convert_docs_per_cpu_s", "conversion docs per CPU-second (one process)", "≥ 80"),
    ("convert_mb_per_cpu_s", "conversion MB per CPU-second (one process)", "≥ 2"),
    ("convert_docs_per_s_all_cores", "conversion docs/s, all cores", ""),
    ("build_s", "full build s (conversion + MkDocs + search)", "≤ 10 s per 1,000"),
    ("build_ms_per_page", "full build ms per page", "≤ 10"),
    ("build_cpu_s", "full build, CPU s (all processes)", ""),
    ("build_no_duplicates_s", "full build without duplicate detection s (`--no-duplicates`)", ""),
    ("duplicates_added_share", "what duplicate detection adds ÷ build without it", "≤ 0.10"),
    ("duplicates_added_cpu_share", "what duplicate detection adds, CPU ÷ build CPU without it", ""),
    ("duplicates_s", "duplicate detection in the main process s", ""),
    ("duplicates_share", "duplicate detection in the main process ÷ full build", ""),
    ("duplicates_cpu_s", "duplicate detection in the main process, CPU s", ""),
    ("duplicates_cpu_share", "duplicate detection in the main process, CPU ÷ full build CPU", ""),
    ("mkdocs_only_s", "plain `mkdocs build`, Material defaults, s", ""),
    ("build_vs_mkdocs_only", "full build ÷ plain mkdocs", ""),
    ("mkdocs_only_cpu_s", "plain `mkdocs build`, Material defaults, CPU s", ""),
    ("mkdocs_pruned_s", "plain `mkdocs build`, Material + `navigation.prune`, s", ""),
    ("mkdocs_pruned_cpu_s", "plain `mkdocs build`, pruned, CPU s", ""),
    ("build_vs_mkdocs_pruned", "full build ÷ plain mkdocs, pruned", ""),
    ("rebuild_one_s", "rebuild after one change s", "≤ 1.2 × plain mkdocs"),
    ("rebuild_one_cpu_s", "rebuild after one change, CPU s", ""),
    ("rebuild_vs_mkdocs_only", "rebuild ÷ plain mkdocs", "≤ 1.2"),
    ("rebuild_vs_mkdocs_pruned", "rebuild ÷ plain mkdocs, pruned", ""),
    ("peak_rss_mb", "peak memory MB", ""),
    ("peak_rss_mb_with_200mb_source", "peak memory with one 200 MB source MB", "< 2,048 at 10,000"),
    ("site_mb", "site MB", "< 1,024 at 10,000"),
    ("html_kb_per_page", "article HTML KB per page", ""),
    ("text_gz_bytes", "articles' text, gzip bytes", ""),
    ("index_gz_bytes", "search index, gzip bytes", ""),
    ("index_vs_text_gz", "index gzip ÷ text gzip", "≤ 1.2"),
    ("index_gz_bytes_per_doc", "index gzip bytes per document", ""),
    ("max_download_gz_bytes", "largest single download, gzip bytes", "≤ 4 MB"),
    ("index_ready_ms", "search ready after page load, ms", "≤ 1,000"),
    ("first_query_ms", "first query (cold) to first result, ms", ""),
    ("first_result_ms", "query to first result (median, warm), ms", "≤ 300"),
    ("offline_index_ready_ms", "offline bundle (file://): ready, ms", ""),
    ("offline_first_result_ms", "offline bundle: query to first result, ms", ""),
    ("idle_search_bytes", "search bytes on a page view without searching (gzip, wire)", "0"),
    ("page_view_bytes", "page view, all bytes (gzip, wire)", ""),
    ("cold_query_bytes_median", "cold query: bytes until the final top 3 (median)", "≤ 250 KB"),
    ("cold_query_bytes_max", "cold query: bytes until the final top 3 (max)", "≤ 600 KB"),
    ("cold_query_requests_median", "cold query: requests (median)", ""),
    ("cold_query_requests_max", "cold query: requests (max)", ""),
    ("cold_final_ms_median", "cold query: input to final top 3, ms (median)", "≤ 400"),
    ("cold_final_ms_max", "cold query: input to final top 3, ms (max)", ""),
    ("cold_reorders", "cold queries: shown top 3 replaced (all queries)", "0"),
    ("cold_empty_flashes", "cold queries: \"no results\" shown before results", "0"),
    ("at_load_query_bytes_median", "query typed at load: search bytes until the final top 3 (median)", ""),
    ("at_load_query_requests_median", "query typed at load: search requests (median)", ""),
    ("at_load_final_ms_median", "query typed at load: input to final top 3, ms (median)", ""),
    ("at_load_final_ms_max", "query typed at load: input to final top 3, ms (max)", ""),
    ("at_load_reorders", "queries typed at load: shown top 3 replaced", "0"),
    ("at_load_empty_flashes", "queries typed at load: \"no results\" before results", "0"),
    ("bench_wall_s", "bench wall time for this size, s", ""),
]


def table(results: dict) -> str:
    runs = results["runs"]
    head = "| measure | target | " + " | ".join(f"n = {r['n']:,}" for r in runs) + " |"
    lines = [head, "|" + "---|" * (len(runs) + 2)]
    for key, label, target in ROWS:
        cells = []
        for run in runs:
            value = run.get(key)
            value = "—" if value is None else value
            if key == "load_avg_start":
                value = f"{run.get('load_avg_start', '—')} / {run.get('load_avg_end', '—')}"
            cells.append(f"{value:,}" if isinstance(value, (int, float)) else str(value))
        lines.append(f"| {label} | {target} | " + " | ".join(cells) + " |")
    for name, anchor in (("Hugo (~1 ms/page)", HUGO_MS_PER_PAGE),
                         ("MkDocs + Material, pruned nav (~6 ms/page)", MATERIAL_PRUNED_MS_PER_PAGE)):
        cells = [f"{run['build_ms_per_page'] / anchor:.1f} ×" for run in runs]
        lines.append(f"| full build vs {name} | | " + " | ".join(cells) + " |")
        cells = [f"{1000 * run['rebuild_one_s'] / run['n'] / anchor:.1f} ×" for run in runs]
        lines.append(f"| rebuild vs {name} | | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("results.json")
    results = json.loads(path.read_text(encoding="utf-8"))
    print("Machine: " + ", ".join(f"{k} {v}" for k, v in results["machine"].items()) + "\n")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
