"""The search index's chunk map: which chunks can hold a query term, and how high a page
there can rank for it.

A term is found as a substring, so a chunk can hold it only if it holds each of its
character pairs (a one-character term: the character), and a page there matches it no
better than it matches each pair: the term's occurrences are occurrences of each pair, in
the same fields. For every character and pair a query term can hold (keys), the map gives:

- `df`: how many entries hold the key (title, text or tags). The engine's term weights
  come from these (a term's: its rarest key's), so they are the same whichever chunks a
  query happened to load;
- its best chunks, best first, each with its *reach*: how high a page there can rank for
  the key (_weights), exactly when that page's other entries give it the whole
  0.1 rankPages adds for them. A key in more than TOP_CHUNKS chunks lists its first
  TOP_CHUNKS and is marked incomplete: every other chunk reaches no higher than the last
  listed, and less if numbered before it;
- when the last listed reach is rounded (its page's other entries give less than the whole
  0.1), the best exact reach among the chunks not listed (its *capped tail*, or that there
  is none). A page whose other entries give the whole 0.1 at the key's own weight gives
  more than its reach at a term's lower weight (双十一 weighs less than 双十, as 双11
  counts too), so a rounded tail bounds the rest only with a margin that, for a common
  word, stays above its third page in every chunk; its capped tail takes that margin for
  the pages that can have it, exactly, and the rest are bounded by the rounded tail alone.

The engine loads a query's chunks best reach first and stops once its third page ranks
above every chunk left, or ties it and comes first (engine.js pendingChunks): a word in
every chunk costs the few chunks where it ranks highest, not all of them. With several
terms the reaches add up, as if one entry held each term at its best: a loose bound, under
which common words' chunks all stay; the engine answers such a query from the few chunks
with the highest bounds and says so (engine.js SEARCH_BUDGET).

Words of Latin letters and digits sit in pairs that are everywhere ("33" of 观察之3333),
so their starts are keys too (WORD_PREFIX lengths; a query's word matches at a word's
start). A key in no chunk is not in the map: a term with such a key is found nowhere and
costs no chunk at all.

The map is split by key (`search/map-NNN.js`, a key's piece chosen by a hash, key_piece,
the same in the engine), so a query loads only the pieces that hold its keys. Keys are
JavaScript string units (UTF-16), as the engine slices the query; characters outside the
BMP and pairs with a space or punctuation a term cannot hold are left out (the engine does
not look them up). The table is built in two passes over the chunks with numpy (entry
counts, then reaches), keeping only each key's best chunks: linear in the index, memory
that of one chunk and the table.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

MAP_PIECE = "search/map-{:03d}.js"
# A map piece's size (JSON bytes, before gzip), about: the number of pieces follows from it.
PIECE_BYTES = 16_000
# Chunks listed per key, best first (the rest are bounded by the last one listed).
TOP_CHUNKS = 6
# engine.js: weigh() counts MAX_POSITIONS occurrences, adds TITLE_BONUS and TAG_BONUS;
# a page's rank adds up to EXTRA for its other entries (rankPages).
MAX_TF = 16
TITLE_BONUS, TAG_BONUS = 2, 1
EXTRA = 0.1
# A chunk's reach for a key: how high a page there can rank for it, beyond its coverage,
# in weight units at the key's own weight idf (engine.js termIdf for a term of that key
# alone): its best entry's weight plus min(EXTRA * the others' weights, EXTRA / idf), as
# rankPages adds 0.1 * min(extra, 1). Written in steps of 1 / REACH_STEPS, rounded up, as
# two CODE_SYMBOLS; or, when the page that reaches it has other entries enough for the
# whole EXTRA, exactly: EXACT_CODE + its best entry's level (bonus * 17 + occurrences), so
# that the engine ranks such a page as rankPages does (ties go by index order).
REACH_STEPS = 512
EXACT_CODE = 6000
CODE_SYMBOLS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&'()*+-/:;<=>?@[]^_`{|}~"
# Prefixes of Latin/digit words kept as keys: from 3 characters to 6.
WORD_PREFIX = (3, 6)
_WORD = re.compile(r"[0-9a-z]+")
# A key is a pair or character a query term can hold: letters, digits, marks and the
# punctuation query.js keeps in a term (TERM_SPLIT); others (a comma, a space) only a
# quoted phrase can hold, and the engine does not look them up.
_TERM_PUNCTUATION = "-_.·+#&/@%'"
_SEPARATOR = 0          # between entries: no key holds it


@dataclass(frozen=True)
class KeyTable:
    """What the map says of every key of the index: `units`, characters (< 2**16) and pairs
    (first << 16 | second), sorted; for each, `df` (entries holding it), `holding` (chunks
    holding it) and its best TOP_CHUNKS chunks, best first: `reach` (-inf where none),
    `codes`, `numbers`; the same for its best exact reaches (`capped_*`, one more than
    TOP_CHUNKS: the best not listed is among them); `words`: Latin/digit prefixes -> (df,
    holding, [(-reach, chunk, code)] best first)."""
    chunks: int
    units: np.ndarray
    df: np.ndarray
    holding: np.ndarray
    reach: np.ndarray
    codes: np.ndarray
    numbers: np.ndarray
    capped_reach: np.ndarray
    capped_codes: np.ndarray
    capped_numbers: np.ndarray
    words: dict[str, tuple[int, int, list[tuple[float, int, int]]]]


def index_keys(groups: list[list[dict]], fold_table: dict[int, str]) -> KeyTable:
    """The map's table (KeyTable) of the chunks' entries (their text, title and tags,
    folded), in two passes: how many entries hold each key (its weight), then each chunk's
    reaches at it, each chunk's kept only while among a key's best (memory stays that of a
    chunk and the table)."""
    every, df, holding = np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    pending: list[tuple[np.ndarray, np.ndarray]] = []
    words: dict[str, list[int]] = {}
    for number, group in enumerate(groups):
        units, entries, found = _key_entries(_fields(group, fold_table))
        pending.append((units, entries))
        for word, count in found.items():
            record = words.setdefault(word, [0, 0])
            record[0] += count
            record[1] += 1
        if len(pending) == 64 or number == len(groups) - 1:     # folded in, a few at a time
            every, df, holding = _merge_counts(every, df, holding, pending)
            pending = []
    total = sum(len(group) for group in groups)
    extra = EXTRA / key_idf(df, total)
    word_extra = {word: float(EXTRA / key_idf(np.array([count]), total)[0]) for word, (count, _) in words.items()}
    listed = [np.full((len(every), TOP_CHUNKS), -np.inf), np.zeros((len(every), TOP_CHUNKS), dtype=np.int16),
            np.zeros((len(every), TOP_CHUNKS), dtype=np.int32)]
    capped = [np.full((len(every), TOP_CHUNKS + 1), -np.inf), np.zeros((len(every), TOP_CHUNKS + 1), dtype=np.int16),
              np.zeros((len(every), TOP_CHUNKS + 1), dtype=np.int32)]
    best_words: dict[str, list[tuple[float, int, int]]] = {}
    for number, group in enumerate(groups):
        fields = _fields(group, fold_table)
        per_field = [_entry_units(f) for f in fields[1:]]
        found = _weights(np.array(fields[0], dtype=np.int64), every, extra, *per_field)
        _keep_best(listed, np.searchsorted(every, found[0]), found[1], found[2], number)
        _keep_best(capped, np.searchsorted(every, found[3]), found[4], found[5], number)
        for word, (word_reach, code) in _word_weights(fields, word_extra).items():
            best = best_words.setdefault(word, [])
            best.append((-word_reach, number, code))
            if len(best) > 4 * TOP_CHUNKS:
                best.sort()
                del best[TOP_CHUNKS:]
    return KeyTable(len(groups), every.astype(np.uint32), df, holding, *listed, *capped,
                    {word: (count, chunks, sorted(best_words.get(word, []))[:TOP_CHUNKS])
                     for word, (count, chunks) in words.items()})


def _keep_best(table: list[np.ndarray], rows: np.ndarray, reach: np.ndarray, codes: np.ndarray, number: int) -> None:
    """Chunk `number`'s reaches and codes at keys `rows` merged into the table's
    ([reach, codes, numbers], each row a key's best first; ties: the earlier chunk first)."""
    kept, listed, numbers = table
    merged = np.concatenate([kept[rows], reach[:, None]], axis=1)
    order = np.argsort(-merged, axis=1, kind="stable")[:, :kept.shape[1]]
    kept[rows] = np.take_along_axis(merged, order, axis=1)
    listed[rows] = np.take_along_axis(np.concatenate([listed[rows], codes[:, None]], axis=1), order, axis=1)
    numbers[rows] = np.take_along_axis(
        np.concatenate([numbers[rows], np.full((len(rows), 1), number, dtype=np.int32)], axis=1), order, axis=1)


def _merge_counts(every, df, holding, pending) -> tuple[np.ndarray, ...]:
    """The keys so far (sorted) with their entries and chunks, and the chunks' in `pending`
    ((units, entries) each) added."""
    units = np.concatenate([every] + [p[0] for p in pending])
    entries = np.concatenate([df] + [p[1].astype(np.int64) for p in pending])
    chunks = np.concatenate([holding] + [np.ones(len(p[0]), dtype=np.int64) for p in pending])
    merged, where = np.unique(units, return_inverse=True)
    return (merged, np.bincount(where, weights=entries, minlength=len(merged)).astype(np.int64),
            np.bincount(where, weights=chunks, minlength=len(merged)).astype(np.int64))


def key_idf(df: np.ndarray, total: int) -> np.ndarray:
    """A key's own weight: engine.js termIdf for a term held by `df` entries of `total`."""
    return np.log(1 + total / (np.asarray(df, dtype=float) + 1))


def _fields(entries: list[dict], fold_table: dict[int, str]) -> tuple[list, ...]:
    """(page number of each entry, texts, titles, tags), folded (_fold)."""
    pages, texts, titles, tags, last = [], [], [], [], None
    for entry in entries:
        page = str(entry.get("location", "")).split("#")[0]
        pages.append(len(pages) if not pages or page != last else pages[-1])
        last = page
        texts.append(str(entry.get("text", "")).replace("\0", " "))
        titles.append(str(entry.get("title", "")).replace("\0", " "))
        tags.append("\n".join(map(str, entry.get("tags") or ())).replace("\0", " "))
    return pages, _fold(texts, fold_table), _fold(titles, fold_table), _fold(tags, fold_table)


def _fold(texts: list[str], fold_table: dict[int, str]) -> list[str]:
    """Each text folded as str.translate(fold_table) folds it, for the folds within the BMP
    (all of them), by one table lookup over the texts' UTF-16 units at once."""
    if not texts:
        return []
    units = np.frombuffer("\0".join(texts).encode("utf-16-le", "surrogatepass"), dtype="<u2")
    return _fold_units(fold_table)[units].tobytes().decode("utf-16-le", "surrogatepass").split("\0")


_FOLD_UNITS: list[tuple[dict, np.ndarray]] = []      # (table, its array): the last one built


def _fold_units(fold_table: dict[int, str]) -> np.ndarray:
    """The fold table as a UTF-16 unit -> unit array (folds within the BMP)."""
    if _FOLD_UNITS and _FOLD_UNITS[0][0] is fold_table:
        return _FOLD_UNITS[0][1]
    table = np.arange(0x10000, dtype="<u2")
    for code, to in fold_table.items():
        if code < 0x10000 and len(to) == 1 and ord(to) < 0x10000 and not 0xD800 <= code <= 0xDFFF:
            table[code] = ord(to)
    _FOLD_UNITS[:] = [(fold_table, table)]
    return table


def _key_entries(fields: tuple[list, ...]) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """A chunk's keys (sorted) and how many of its entries hold each; its word prefixes'."""
    pages, texts, titles, tags = fields
    every = np.unique(np.concatenate([_entry_units(f)[0] for f in (texts, titles, tags)]))
    units, counts = np.unique((every & 0xFFFFFFFF).astype(np.uint32), return_counts=True)
    words: dict[str, int] = {}
    for text, title, tag in zip(texts, titles, tags):
        for prefix in _prefixes(text, title, tag):
            words[prefix] = words.get(prefix, 0) + 1
    return units, counts, words


def _prefixes(*fields: str) -> set[str]:
    low, high = WORD_PREFIX
    return {word[:length] for field in fields for word in _WORD.findall(field)
            for length in range(low, min(len(word), high) + 1)}


def _entry_units(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(entry << 32 | key) for every key occurrence in each entry's text, and the
    number of times (unique, sorted). Units a query term cannot hold (_term_units: a
    line break, a comma, half of a character outside the BMP) are no keys and end pairs."""
    joined = "\0".join(text.replace("\0", " ") for text in texts) + "\0"
    units = np.frombuffer(joined.encode("utf-16-le", "surrogatepass"), dtype="<u2").astype(np.uint64)
    ends = units == _SEPARATOR
    entry = np.cumsum(ends, dtype=np.uint64) - ends.astype(np.uint64)
    bad = ~_term_units()[units.astype(np.int64)]
    chars = (entry << 32) | units
    pair_ok = ~(bad[:-1] | bad[1:])
    pairs = (entry[:-1] << 32) | (units[:-1] << 16) | units[1:]
    keys = np.concatenate([chars[~bad], pairs[pair_ok]])
    return np.unique(keys, return_counts=True)


@lru_cache(maxsize=1)
def _term_units() -> np.ndarray:
    """Per UTF-16 unit, whether a query term can hold it (surrogates cannot: characters
    outside the BMP are left out)."""
    table = np.zeros(0x10000, dtype=bool)
    for unit in range(0x10000):
        if 0xD800 <= unit <= 0xDFFF:
            continue
        char = chr(unit)
        category = unicodedata.category(char)
        # unassigned here: maybe a letter in the browser's newer Unicode, so kept
        table[unit] = category[0] in "LNM" or category == "Cn" or char in _TERM_PUNCTUATION
    return table


def weigh(tf, title, tag):
    """engine.js weigh(): occurrences in the text (up to MAX_TF), saturated, plus the title
    and tag bonus (arrays or numbers)."""
    tf = np.minimum(tf, MAX_TF)
    return tf / (tf + 1.2) + title * TITLE_BONUS + tag * TAG_BONUS


def _weights(pages, every_key, extra, text, title, tags) -> tuple[np.ndarray, ...]:
    """Per key of the chunk: its reach (the best over its pages of their best entry's
    weight plus their others', times EXTRA, up to the key's `extra`, EXTRA / idf;
    every_key: the index's keys, sorted) and its code (an exact one when that page's
    others reach `extra`); then the same for the pages whose others reach it (keys,
    reaches, exact codes)."""
    every = np.unique(np.concatenate([text[0], title[0], tags[0]]))
    tf = np.zeros(len(every), dtype=np.int64)
    tf[np.searchsorted(every, text[0])] = text[1]
    in_title = np.zeros(len(every), dtype=np.int64)
    in_title[np.searchsorted(every, title[0])] = 1
    in_tags = np.zeros(len(every), dtype=np.int64)
    in_tags[np.searchsorted(every, tags[0])] = 1
    weight = weigh(tf, in_title, in_tags)
    level = (in_title * 2 + in_tags) * (MAX_TF + 1) + np.minimum(tf, MAX_TF)
    key = (every & 0xFFFFFFFF).astype(np.int64)
    page = pages[(every >> 32).astype(np.int64)] if len(pages) else key
    order = np.lexsort((page, key))
    key, page, weight, level = key[order], page[order], weight[order], level[order]
    first = np.flatnonzero(np.r_[True, (key[1:] != key[:-1]) | (page[1:] != page[:-1])])
    if not len(first):
        return (key.astype(np.uint32), np.zeros(0), np.zeros(0, dtype=np.int16)) * 2
    page_best = np.maximum.reduceat(weight, first)
    page_level = np.maximum.reduceat(level, first)
    others = EXTRA * (np.add.reduceat(weight, first) - page_best)
    key = key[first]
    cap = extra[np.searchsorted(every_key, key)]
    reach = page_best + np.minimum(others, cap)
    exact = others >= cap
    order = np.lexsort((~exact, -reach, key))
    key, reach, exact, page_level = key[order], reach[order], exact[order], page_level[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    codes = np.where(exact, EXACT_CODE + page_level, _steps(reach))[starts].astype(np.int16)
    capped = np.flatnonzero(exact)      # sorted by key and reach still: each key's best first
    firsts = capped[np.flatnonzero(np.r_[True, key[capped][1:] != key[capped][:-1]])] if len(capped) else capped
    return (key[starts].astype(np.uint32), reach[starts], codes,
            key[firsts].astype(np.uint32), reach[firsts], (EXACT_CODE + page_level[firsts]).astype(np.int16))


def _steps(reach) -> np.ndarray:
    """Reaches in REACH_STEPS, rounded up."""
    return np.ceil(np.asarray(reach, dtype=float) * REACH_STEPS - 1e-9).astype(np.int64)


def _word_weights(fields: tuple[list, ...], word_extra: dict[str, float]) -> dict[str, tuple[float, int]]:
    """Latin/digit word prefixes (WORD_PREFIX lengths) -> (reach, code), as _weights gives
    them for characters and pairs."""
    per_page: dict[tuple[int, str], list] = {}
    low, high = WORD_PREFIX
    for page, text, title, tag in zip(*fields):
        found: dict[str, list[int]] = {}
        for field, at in ((text, 0), (title, 1), (tag, 2)):
            for word in _WORD.findall(field):
                for length in range(low, min(len(word), high) + 1):
                    seen = found.setdefault(word[:length], [0, 0, 0])
                    seen[at] = seen[at] + 1 if at == 0 else 1
        for prefix, (count, in_title, in_tags) in found.items():
            count = min(count, MAX_TF)
            weight = count / (count + 1.2) + in_title * TITLE_BONUS + in_tags * TAG_BONUS
            level = (in_title * 2 + in_tags) * (MAX_TF + 1) + count
            record = per_page.setdefault((page, prefix), [0.0, 0.0, 0])
            record[0] = max(record[0], weight)
            record[1] += weight
            record[2] = max(record[2], level)
    out: dict[str, list] = {}
    for (_, prefix), (page_best, page_sum, level) in per_page.items():
        others, cap = EXTRA * (page_sum - page_best), word_extra.get(prefix, EXTRA)
        reach = page_best + min(others, cap)
        code = EXACT_CODE + level if others >= cap else int(_steps(reach))
        record = out.setdefault(prefix, [-1.0, 0])
        if reach > record[0] or reach == record[0] and code >= EXACT_CODE:
            record[0], record[1] = reach, code
    return {prefix: (reach, code) for prefix, (reach, code) in out.items()}


def chunk_map(table: KeyTable) -> dict:
    """The whole map as one piece (chunk_map_pieces)."""
    return chunk_map_pieces(table, 1)[0]


def chunk_map_pieces(table: KeyTable, pieces: int | None = None) -> list[dict]:
    """The map cut in `pieces` (None: as many as keep each about PIECE_BYTES), each key in
    piece `key_piece(key)`: {"chunks": n, "pieces": p, "chars": "...", "pairs": "...",
    "words": [...], "df": [...], "top": "..."}, df and top in the order of the keys
    (chars, pairs, words); top: each key's best chunks (_top), keys apart by ","."""
    records = _key_records(table)
    if pieces is None:
        size = sum(len(key) * 3 + len(top) + 6 for key, _, top in records)
        pieces = max(1, -(-size // PIECE_BYTES))
    out = [{"chunks": table.chunks, "pieces": pieces, "chars": [], "pairs": [], "words": [],
            "df": [], "top": []} for _ in range(pieces)]
    for kind in ("chars", "pairs", "words"):
        for key, df, top in records:
            if _kind(key) != kind:
                continue
            piece = out[key_piece(key, pieces)]
            piece[kind].append(key)
            piece["df"].append(df)
            piece["top"].append(top)
    for piece in out:
        piece["chars"] = "".join(piece["chars"])
        piece["pairs"] = "".join(piece["pairs"])
        piece["top"] = ",".join(piece["top"])
    return out


def _kind(key: str) -> str:
    if _WORD.fullmatch(key) and len(key) >= WORD_PREFIX[0]:
        return "words"
    return "chars" if len(key) == 1 else "pairs"


def _key_records(table: KeyTable) -> list[tuple[str, int, str]]:
    """(key, entries holding it, its best chunks written as in chunk_map_pieces), in key
    order: characters and pairs by their units, then words."""
    records = []
    listed = np.isfinite(table.reach).sum(axis=1)
    capped = np.isfinite(table.capped_reach).sum(axis=1)
    rows = zip(table.units.tolist(), table.df.tolist(), table.codes.tolist(), table.numbers.tolist(),
               listed.tolist(), table.holding.tolist(), table.capped_codes.tolist(),
               table.capped_numbers.tolist(), capped.tolist())
    for unit, count, codes, numbers, shown, holding, capped_codes, capped_numbers, exact in rows:
        key = chr(unit) if unit < 0x10000 else chr(unit >> 16) + chr(unit & 0xFFFF)
        top = _top(codes[:shown], numbers[:shown], holding > shown)
        if holding > shown and codes[shown - 1] < EXACT_CODE:
            tail = [(c, n) for c, n in zip(capped_codes[:exact], capped_numbers[:exact]) if n not in numbers[:shown]]
            top += " " + (_symbols(tail[0][0]) + str(tail[0][1]) if tail else "")
        records.append((key, count, top))
    for word in sorted(table.words):
        count, holding, best = table.words[word]
        records.append((word, count, _top([t[2] for t in best], [t[1] for t in best], holding > len(best))))
    return records


def _top(codes: list[int], numbers: list[int], more: bool) -> str:
    """A key's best chunks: each new code as two CODE_SYMBOLS, then the chunks' numbers
    apart by "."; a final "." when other chunks hold the key too. (_key_records adds the
    capped tail: " ", then the best exact code not listed and its chunk, if any.)"""
    parts, last = [], None
    for code, number in zip(codes, numbers):
        parts.append(_symbols(code) if code != last else ".")
        parts.append(str(number))
        last = code
    return "".join(parts) + ("." if more else "")


def _symbols(code: int) -> str:
    base = len(CODE_SYMBOLS)
    return CODE_SYMBOLS[code // base] + CODE_SYMBOLS[code % base]


def _piece_units(key: str) -> tuple[int, ...]:
    """What a key's piece is chosen by: a word's every unit, a character's or pair's first
    (so a piece holds a character with all its pairs, which compress well together)."""
    return tuple(map(ord, key)) if _kind(key) == "words" else (ord(key[0]),)


def key_piece(key: str, pieces: int) -> int:
    """The map piece that holds `key` (chunkmap.js pieceOf)."""
    return piece_of(_piece_units(key), pieces)


def piece_of(units: tuple[int, ...], pieces: int) -> int:
    """The map piece of a key (its UTF-16 units): a multiplicative hash, as chunkmap.js
    computes it."""
    h = 0
    for unit in units:
        h = (h * 65599 + unit) & 0xFFFFFFFF
    return h % pieces


def write_chunk_map(site_dir: Path, table: KeyTable) -> list[str]:
    """Write the map's pieces (scripts calling zhikuSearchPairs); returns their paths from
    the site root."""
    paths = []
    for number, piece in enumerate(chunk_map_pieces(table)):
        path = MAP_PIECE.format(number)
        (Path(site_dir) / path).write_text(f"zhikuSearchPairs({_dumps(piece)})\n", encoding="utf-8")
        paths.append(path)
    return paths


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
