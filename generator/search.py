"""Build-time side of Zhiku's search: a slim index and the engine that reads it.

Material's search plugin writes `search/search_index.json`: each page section's HTML,
cut into words by jieba with U+200B between them, every Chinese character escaped as
`\\uXXXX`. Zhiku's engine (`generator/assets/search/worker.js`, installed in place of
Material's lunr worker so Material's search box and result list stay) finds query terms
as substrings of text folded to one script, so after the build this module rewrites the
index as plain text in UTF-8 (no markup, no segmentation marks) and adds the character
map the engine folds with. The offline variant reads the same index from a script
(`search_index.js`, written by Material's offline plugin after us, or here if it exists).
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

INDEX = Path("search/search_index.json")
OFFLINE_INDEX = Path("search/search_index.js")
MATERIAL_WORKERS = "assets/javascripts/workers/search.*.min.js"
# The articles are the collection; the other pages (home, tag pages, timeline, document
# list, hand-written pages) restate or introduce it. When one of them and an article match
# alike, the reader is after the article. A page's own `search: boost` (Material's front
# matter) wins over this.
ARTICLES = "articles/"
OVERVIEW_BOOST = 0.5

_BLOCK_END = re.compile(r"</(?:p|li|pre|ol|ul)>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\r\f\v\u200b]+")


def disable_build_segmentation() -> None:
    """Stop Material's search plugin from cutting Chinese with jieba at build time.

    The engine matches substrings, so the cut is thrown away after the build; skipping it
    saves jieba's dictionary load and ~1 s per MB of text. Material imports jieba as a
    module global and segments only when it is set.
    """
    from material.plugins.search import plugin as material_search

    material_search.jieba = None


def finish_search(site_dir: Path) -> None:
    """Rewrite the built index for Zhiku's engine and install the engine. No index (search
    disabled): nothing to do."""
    site_dir = Path(site_dir)
    index_path = site_dir / INDEX
    if not index_path.is_file():
        return
    data = slim_index(json.loads(index_path.read_text(encoding="utf-8")))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    index_path.write_text(text, encoding="utf-8")
    if (site_dir / OFFLINE_INDEX).is_file():
        (site_dir / OFFLINE_INDEX).write_text(f"var __index = {text}", encoding="utf-8")
    install_engine(site_dir)


def slim_index(data: dict) -> dict:
    """Material's index with plain-text titles and texts and the fold map in its config."""
    docs = [slim_entry(doc) for doc in data.get("docs", [])]
    used = set()
    for doc in docs:
        used.update(doc["title"], doc["text"], *doc.get("tags", []))
    config = {**data.get("config", {}), "fold": fold_pairs(frozenset(used))}
    return {"config": config, "docs": docs}


def slim_entry(doc: dict) -> dict:
    entry = {"location": doc["location"], "title": plain_text(doc.get("title", "")),
             "text": plain_text(doc.get("text", ""))}
    for key in ("tags", "boost"):
        if key in doc:
            entry[key] = doc[key]
    if not doc["location"].startswith(ARTICLES) and "boost" not in doc:
        entry["boost"] = OVERVIEW_BOOST
    return entry


def plain_text(fragment: str) -> str:
    """The text of an index fragment: tags dropped, entities decoded, one block a line."""
    text = _TAG.sub("", _BLOCK_END.sub("\n", fragment))
    lines = (_SPACES.sub(" ", html.unescape(line)).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def fold_pairs(used: frozenset[str]) -> str:
    """"TsTs...": each Traditional character and its Simplified fold, for the characters
    that matter to this site (either side of the pair occurs in it; a query character
    whose fold is not in the site cannot match anything either way)."""
    return "".join(t + s for t, s in fold_table() if t in used or s in used)


@lru_cache(maxsize=1)
def fold_table() -> tuple[tuple[str, str], ...]:
    """Character folds that keep UTF-16 length (the engine folds in place): BMP to BMP."""
    return tuple((chr(code), to) for code, to in sorted(_t2s_characters().items())
                 if code < 0x10000 and len(to) == 1 and ord(to) < 0x10000)


def _t2s_characters() -> dict[int, str]:
    try:
        from .textops import char_table
    except ImportError:  # the script stage's table, or OpenCC's own when it is absent
        return _opencc_characters()
    return char_table("t2s")


def _opencc_characters() -> dict[int, str]:
    import opencc

    chars = [chr(c) for lo, hi in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
             for c in range(lo, hi + 1)]
    converted = opencc.OpenCC("t2s.json").convert("\n".join(chars)).split("\n")
    return {ord(a): b for a, b in zip(chars, converted) if a != b}


def install_engine(site_dir: Path) -> None:
    """Put Zhiku's engine where Material's page script loads its search worker from (the
    URL in every page's config), and drop the source map that described Material's."""
    engine = (resources.files("generator") / "assets/search/worker.js").read_text(encoding="utf-8")
    for worker in sorted(site_dir.glob(MATERIAL_WORKERS)):
        worker.write_text(engine, encoding="utf-8")
        worker.with_name(worker.name + ".map").unlink(missing_ok=True)
