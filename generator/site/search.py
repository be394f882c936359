"""Build-time side of Zhiku's search: a slim index and the engine that reads it.

Material's search plugin writes `search/search_index.json`: each page section's HTML,
every Chinese character written as a six-byte `\\u` escape (and, with jieba installed, cut into words
with U+200B between them). Zhiku's engine (`generator/assets/search/*.js`, installed
in place of Material's lunr worker so Material's search box and result list stay) finds
query terms as substrings of text folded to one script and case. After the build this
module rewrites the index as plain UTF-8 text, which the engine folds as a chunk arrives
(with the fold map written into the engine's script; folding keeps lengths, so results
show the text as it is). The documents go into chunk scripts (`search/chunk-NNN.js`,
written as columns) that the engine loads itself, from http or file://, and only those a
query needs: the chunk map (`search/map-NNN.js`, generator/site/search_filter.py) says which
can hold it and how high a page there can rank, best first. Nothing is loaded before a
reader turns to the search box (the loader in partials/zhiku-search-loader.html). The
list of files is written into the engine's script; Material's own index file keeps it too
(its offline plugin copies it into `search_index.js` after us, or we rewrite that copy),
for tools, though Material no longer fetches it.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..conversion.fold import search_folds
from .search_filter import index_keys, write_chunk_map

INDEX = Path("search/search_index.json")
OFFLINE_INDEX = Path("search/search_index.js")
MATERIAL_WORKERS = "assets/javascripts/workers/search.*.min.js"
# The engine's source files (generator/assets/search/), joined into one worker script.
ENGINE_PARTS = ("worker.js", "query.js", "engine.js", "snippets.js", "chunkmap.js", "suggest.js", "near.js")
# The articles are the collection; the other pages (home, tag pages, timeline, document
# list, hand-written pages) restate or introduce it. When one of them and an article match
# alike, the reader is after the article. A page's own `search: boost` (Material's front
# matter) wins over this.
ARTICLES = "articles/"
OVERVIEW_BOOST = 0.5
# Chunks of the index, loaded by the engine as a query needs them: small, so that a term
# costs a few small downloads (~48 KB gzip each: about 128 KB of text; the chunk map,
# search_filter.py, says which chunks hold it and where it ranks best), few enough to be
# about a thousand at 10,000 documents.
CHUNK_BYTES = 2**17
# From this many chunks on, the chunk map is written. Below, a query loads every chunk
# that can hold it (a few hundred KB at most): the map's keys (the collection's
# vocabulary, ~20,000 characters and pairs) would weigh more than the chunks it spares.
MAP_MIN_CHUNKS = 16

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
    data = json.loads(index_path.read_text(encoding="utf-8"))
    stories = read_stories(site_dir)
    docs = [plain_entry(doc, stories) for doc in data.get("docs", [])]   # folded by the engine
    chunks, maps, boosts = write_chunks(site_dir, docs)
    files = {"chunks": chunks, "maps": maps, "entries": len(docs), "boosts": boosts}
    data = {"config": {**data.get("config", {}), **files}, "docs": []}
    text = _dumps(data)
    index_path.write_text(text, encoding="utf-8")
    if (site_dir / OFFLINE_INDEX).is_file():
        (site_dir / OFFLINE_INDEX).write_text(f"var __index = {text}", encoding="utf-8")
    from .search_suggest import search_tags   # the tables of suggestions (a query without hits)

    install_engine(site_dir, {**files, "tags": search_tags(docs)})


STORIES = Path("search/stories.json")   # written by views.py: the copies of one story


def read_stories(site_dir: Path) -> dict[str, dict]:
    """Page URL -> {"date": label, "story": first copy's URL, "sources": label}, from the file the
    converter wrote beside the pages (removed from the site: the index carries it now)."""
    path = site_dir / STORIES
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    path.unlink(missing_ok=True)
    if not isinstance(data, dict):
        return {}
    return {page: {k: v for k, v in value.items() if k in ("story", "sources", "date") and isinstance(v, str)}
            for page, value in data.items() if isinstance(page, str) and isinstance(value, dict)}


def write_chunks(site_dir: Path, docs: list[dict]) -> tuple[list[str], list[str], dict[str, float]]:
    """The index's documents as chunk scripts of about CHUNK_BYTES each, a page's sections
    never split, and the chunk map's pieces for them (generator/site/search_filter.py), when
    there are enough chunks; returns both lists of paths (from the site root), in order,
    and the chunks whose best page is boosted above 1 (number -> boost), for the engine's
    bounds. `docs` are index entries as slim_index makes them or as a chunk holds them
    (chunk_entries), either way."""
    for pattern in ("chunk-*.js", "map-*.js", "pairs.js"):
        for stale in (site_dir / INDEX.parent).glob(pattern):
            stale.unlink()
    groups: list[list[dict]] = [[]]
    size = 0
    for doc in full_entries(docs):
        if size >= CHUNK_BYTES and "#" not in doc["location"]:
            groups.append([])
            size = 0
        groups[-1].append(doc)
        size += len(doc.get("text", "").encode("utf-8")) + len(doc.get("title", "").encode("utf-8")) + 64
    paths, boosts = [], {}
    for number, group in enumerate(groups):
        path = INDEX.parent / f"chunk-{number:03d}.js"
        columns = _dumps(chunk_columns(chunk_entries(group)))
        (site_dir / path).write_text(f"zhikuSearchChunk({columns})\n", encoding="utf-8")
        paths.append(path.as_posix())
        best = max((_boost(doc) for doc in group), default=1.0)
        if best > 1:
            boosts[str(number)] = best
    maps = []
    if len(groups) >= MAP_MIN_CHUNKS:
        table = search_folds()
        maps = write_chunk_map(site_dir, index_keys(groups, table))
    return paths, maps, boosts


def _boost(doc: dict) -> float:
    boost = doc.get("boost", 1)
    return float(boost) if isinstance(boost, (int, float)) and not isinstance(boost, bool) else 1.0


# What a section shares with its page, written on the page's entry only (chunk_entries).
PAGE_FIELDS = ("tags", "story", "sources")


def chunk_entries(entries: list[dict]) -> list[dict]:
    """A chunk's entries as written: the original text (the engine folds it as it loads
    the chunk; folding keeps lengths, so results show it as it is), a section's address
    from its page's ("#anchor"), and what it shares with its page (PAGE_FIELDS) left out
    when equal. engine.js add() puts them back."""
    out, page = [], {}
    for entry in entries:
        entry = dict(entry)
        if "#" in entry["location"] and entry["location"].split("#")[0] == page.get("location"):
            entry["location"] = "#" + entry["location"].split("#", 1)[1]
            for field in PAGE_FIELDS:
                if entry.get(field) == page.get(field):
                    entry.pop(field, None)
                elif field not in entry:
                    entry[field] = None
        else:
            page = entry
        out.append(entry)
    return out


# A chunk's fields written as columns, one value per entry; the others by entry number.
COLUMNS = ("location", "title", "text")


def chunk_columns(entries: list[dict]) -> dict:
    """A chunk's entries (chunk_entries) as columns: {"location": [...], "title": [...],
    "text": [...], "more": {field: {entry number: value}}} (field names once, not once an
    entry); engine.js chunkRows reads them back."""
    out: dict = {field: [entry.get(field, "") for entry in entries] for field in COLUMNS}
    more: dict[str, dict[str, object]] = {}
    for number, entry in enumerate(entries):
        for field, value in entry.items():
            if field not in COLUMNS:
                more.setdefault(field, {})[str(number)] = value
    out["more"] = more
    return out


def chunk_rows(data) -> list[dict]:
    """A chunk script's data as entries (chunk_columns read back; a list is entries already)."""
    if isinstance(data, list):
        return data
    rows = [{field: data[field][number] for field in COLUMNS} for number in range(len(data.get("location", [])))]
    for field, values in (data.get("more") or {}).items():
        for number, value in values.items():
            rows[int(number)][field] = value
    return rows


def read_chunk(text: str) -> list[dict]:
    """The entries of a chunk script's text (`zhikuSearchChunk(...)`), full (full_entries)."""
    return full_entries(chunk_rows(json.loads(text[text.index("(") + 1:text.rindex(")")])))


def full_entries(entries: list[dict]) -> list[dict]:
    """Index entries with their original text, full addresses and their page's fields,
    whichever way they are given (slim_index's folded entries with their restore runs, or
    a chunk's, chunk_entries)."""
    out, page = [], {}
    for entry in entries:
        entry = dict(entry)
        restore = entry.pop("restore", None) or {}
        for field in ("title", "text"):
            if field in restore:
                entry[field] = restored(entry.get(field, ""), restore[field])
        if entry["location"].startswith("#"):
            entry["location"] = page.get("location", "").split("#")[0] + entry["location"]
            for field in PAGE_FIELDS:
                if field not in entry and field in page:
                    entry[field] = page[field]
                elif entry.get(field, 0) is None:
                    entry.pop(field)
        elif "#" not in entry["location"]:
            page = entry
        out.append(entry)
    return out


def restored(folded: str, runs: list) -> str:
    """The original of a folded field: its changed runs ([gap, run, ...], restore_runs) put
    back (gaps count UTF-16 units)."""
    data = bytearray(folded.encode("utf-16-le", "surrogatepass"))
    at = 0
    for gap, run in zip(runs[::2], runs[1::2]):
        if not isinstance(gap, int) or not isinstance(run, str):
            break
        at += gap * 2
        piece = run.encode("utf-16-le", "surrogatepass")
        data[at:at + len(piece)] = piece
        at += len(piece)
    return data.decode("utf-16-le", "surrogatepass")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def slim_index(data: dict, stories: dict[str, dict] | None = None) -> dict:
    """Material's index as plain text folded to one script and case, each entry with the
    runs needed to restore the original for display (the engine takes such entries given
    directly, as tools and tests give them; the chunks hold plain_entry's, unfolded).
    `stories` (read_stories): each copy of a story is marked with it, so the engine shows
    the story once."""
    table, changed = search_folds(), changed_pattern()
    return {"config": data.get("config", {}),
            "docs": [folded_entry(plain_entry(doc, stories or {}), table, changed)
                     for doc in data.get("docs", [])]}


def plain_entry(doc: dict, stories: dict[str, dict] | None = None) -> dict:
    entry = {"location": doc["location"], "title": plain_text(doc.get("title", "")),
             "text": plain_text(doc.get("text", ""))}
    info = dict((stories or {}).get(doc["location"].split("#")[0], {}))
    if "#" in doc["location"]:   # a section: the date shows once, on its page's result
        info.pop("date", None)
    entry.update(info)
    for key in ("tags", "boost"):
        if key in doc:
            entry[key] = doc[key]
    if not doc["location"].startswith(ARTICLES) and "boost" not in doc:
        entry["boost"] = OVERVIEW_BOOST
    return entry


def folded_entry(entry: dict, table: dict[int, str], changed: re.Pattern[str]) -> dict:
    folded = dict(entry)
    restore = {}
    for field in ("title", "text"):
        folded[field] = changed.sub(lambda run: run.group().translate(table), entry[field])
        runs = restore_runs(entry[field], changed)
        if runs:
            restore[field] = runs
    if restore:
        folded["restore"] = restore
    return folded


def restore_runs(original: str, changed: re.Pattern[str]) -> list:
    """[gap, run, gap, run, ...]: the runs of `original` that folding changes (`changed`
    matches them), each after a gap of unchanged characters. Gaps count UTF-16 code
    units, as JavaScript strings do."""
    runs, end = [], 0
    for match in changed.finditer(original):
        runs += [len(original[end:match.start()].encode("utf-16-le")) // 2, match.group()]
        end = match.end()
    return runs


def plain_text(fragment: str) -> str:
    """The text of an index fragment: tags dropped, entities decoded, one block a line."""
    text = _TAG.sub("", _BLOCK_END.sub("\n", fragment))
    lines = (_SPACES.sub(" ", html.unescape(line)).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


@lru_cache(maxsize=1)
def changed_pattern() -> re.Pattern[str]:
    """Runs of characters that folding changes."""
    return re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(search_folds())) + "]+")


def install_engine(site_dir: Path, files: dict | None = None) -> None:
    """Put Zhiku's engine where Material's page script loads its search worker from (the
    URL in every page's config), and drop the source map that described Material's. The
    fold map goes first (fold_map: folded characters and their folds, for queries and the
    chunks' text): the same for every site, so it rides with the engine rather than each
    index. Then the site's index files (`files`: chunks, map pieces, number of entries), so
    that a query's first download after the engine is the map pieces it needs."""
    folder = resources.files("generator") / "assets" / "search"
    engine = "\n".join([f"var FOLD_MAP = {json.dumps(fold_map())}",
                         f"var SITE_INDEX = {_dumps(files or {})}"] +
                       [(folder / part).read_text(encoding="utf-8") for part in ENGINE_PARTS])
    from .search_suggest import script_alternates   # for suggest.js

    engine += f"\nvar SCRIPT_ALTERNATES = {_dumps(script_alternates())}\n"
    for worker in sorted(site_dir.glob(MATERIAL_WORKERS)):
        worker.write_text(engine, encoding="utf-8")
        worker.with_name(worker.name + ".map").unlink(missing_ok=True)


def fold_map() -> list[str]:
    """The fold table as two strings of hexadecimal numbers apart by ",": the folded
    characters' code points, each as its distance from the one before, and each fold's
    distance from its character ("-" before a negative one): about half the size of the
    characters themselves, once gzipped (query.js foldTable reads them)."""
    sources, targets, previous = [], [], 0
    for code, to in sorted(search_folds().items()):
        sources.append(format(code - previous, "x"))
        shift = ord(to) - code
        targets.append(format(shift, "x") if shift >= 0 else "-" + format(-shift, "x"))
        previous = code
    return [",".join(sources), ",".join(targets)]
