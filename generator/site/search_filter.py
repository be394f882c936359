"""The search index's chunk map: which chunks can hold a query term, known before any scan.

A term is found as a substring, so a chunk can hold it only if it holds each of its
character pairs (a one-character term: the character). For every character and pair in
the index, this map lists the chunks that contain it; the engine intersects the lists
of a term's pairs and loads and scans only those chunks. A phrase found nowhere costs no
chunk at all, and a rare word the few chunks that have it.

The map is itself split by key (`search/map-NNN.js`, a key's piece chosen by a hash of its
UTF-16 units, `piece_of`, the same in the engine), so a query loads only the pieces that
hold its keys: at 10,000 documents the whole map is megabytes, a query's pieces a few KB.

Keys are JavaScript string units (UTF-16), as the engine slices the query. Pairs with half
of a character outside the BMP are left out: the engine does not filter on them.
Characters and pairs with the same chunk list are written together, so the map stays a
small fraction of the index (most pairs are in every chunk, or in one).
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from pathlib import Path

MAP_PIECE = "search/map-{:03d}.js"
# A map piece's size (JSON bytes, before gzip), about: the number of pieces follows from it.
PIECE_BYTES = 8_000


# Characters outside the BMP (two UTF-16 units) and stray surrogates: pairs with half of
# one are left out of the map.
_SURROGATES = re.compile("[\U00010000-\U0010FFFF\ud800-\udfff]")


@dataclass(frozen=True)
class ChunkKeys:
    """A chunk's characters (UTF-16 units) and pairs (first unit << 16 | second), as ints:
    sets of integers, not millions of little strings."""
    chars: set[int]
    pairs: set[int]


def chunk_keys(entries: list[dict], fold_table: dict[int, str]) -> ChunkKeys:
    """Every character and character pair (in UTF-16 units, as JavaScript sees them) of a
    chunk's entries: titles, texts and folded tags; none with half of a character outside
    the BMP. Pairs are read as 32-bit words from the UTF-16 bytes of the text reversed, at
    even and odd unit offsets, so each word is already first << 16 | second."""
    fields = []
    for entry in entries:
        tags = "\n".join(entry.get("tags") or ()).translate(fold_table)
        fields += [entry.get("title", ""), entry.get("text", ""), tags]
    text = "\n".join(fields)
    astral = _SURROGATES.search(text) is not None
    if astral:                          # marked by a lone surrogate, dropped below
        text = _SURROGATES.sub("\ud800", text)
    data = text[::-1].encode("utf-16-le", "surrogatepass")
    pairs: set[int] = set()
    for start in (0, 2):
        usable = (len(data) - start) // 4 * 4
        pairs.update(memoryview(data[start:start + usable]).cast("I"))
    chars = set(memoryview(data).cast("H"))
    if astral:
        chars.discard(0xD800)
        pairs = {pair for pair in pairs if 0xD800 not in (pair >> 16, pair & 0xFFFF)}
    return ChunkKeys(chars, pairs)


def chunk_map(chunks: list[ChunkKeys]) -> dict:
    """{"chunks": n, "pieces": 1, "groups": [{"in": [chunk numbers] or "bits": "...",
    "chars": "...", "pairs": "..."}]}: the keys grouped by the chunks that hold them (the
    whole map, one piece)."""
    return chunk_map_pieces(chunks, 1)[0]


def chunk_map_pieces(chunks: list[ChunkKeys], pieces: int | None = None) -> list[dict]:
    """The map cut in `pieces` (None: as many as keep each about PIECE_BYTES), each key in
    piece `piece_of(key)`; each piece in the shape of chunk_map, with its own groups."""
    chars = _chunks_holding([c.chars for c in chunks])
    pairs = _chunks_holding([c.pairs for c in chunks])
    if pieces is None:
        whole = _pieces(chars, pairs, len(chunks), 1)[0]
        pieces = max(1, -(-len(_dumps(whole).encode("utf-8")) // PIECE_BYTES))
    return _pieces(chars, pairs, len(chunks), pieces)


def _pieces(chars: dict, pairs: dict, count: int, pieces: int) -> list[dict]:
    out = [{"chunks": count, "pieces": pieces, "groups": []} for _ in range(pieces)]
    for numbers in sorted(set(chars) | set(pairs)):
        by_piece: dict[int, tuple[list[int], list[int]]] = {}
        for char in sorted(chars.get(numbers, ())):
            by_piece.setdefault(piece_of((char,), pieces), ([], []))[0].append(char)
        for pair in sorted(pairs.get(numbers, ())):
            by_piece.setdefault(piece_of((pair >> 16, pair & 0xFFFF), pieces), ([], []))[1].append(pair)
        where = chunk_set(numbers, count)
        for piece, (in_chars, in_pairs) in sorted(by_piece.items()):
            out[piece]["groups"].append({
                **where, "chars": "".join(map(chr, in_chars)),
                "pairs": "".join(chr(pair >> 16) + chr(pair & 0xFFFF) for pair in in_pairs)})
    return out


def piece_of(units: tuple[int, ...], pieces: int) -> int:
    """The map piece of a key (its UTF-16 units): a multiplicative hash, as chunkmap.js
    computes it."""
    h = 0
    for unit in units:
        h = (h * 65599 + unit) & 0xFFFFFFFF
    return h % pieces


def _chunks_holding(sets: list[set[int]]) -> dict[tuple[int, ...], list[int]]:
    """{chunk numbers: the keys found in exactly those chunks}. Keys in every chunk (most
    of them, in a large collection) are split off by one set intersection."""
    everywhere = set.intersection(*sets) if sets else set()
    where: dict[int, list[int]] = {}
    for number, keys in enumerate(sets):
        for key in keys - everywhere:
            where.setdefault(key, []).append(number)
    by_chunks: dict[tuple[int, ...], list[int]] = {}
    for key, numbers in where.items():
        by_chunks.setdefault(tuple(numbers), []).append(key)
    if everywhere:
        by_chunks[tuple(range(len(sets)))] = list(everywhere)
    return by_chunks


def chunk_set(numbers: tuple[int, ...], count: int) -> dict:
    """{"in": [chunk numbers]} for a few chunks; {"bits": base64 bitmap, chunk n at bit n % 8
    of byte n // 8} when that is shorter, as it is for a pair in dozens of a large index's
    hundred chunks."""
    if len(numbers) <= 4 or len(numbers) * 3 < (count + 7) // 8 * 4 / 3:
        return {"in": list(numbers)}
    bitmap = bytearray((count + 7) // 8)
    for number in numbers:
        bitmap[number // 8] |= 1 << number % 8
    return {"bits": base64.b64encode(bytes(bitmap)).decode("ascii")}


def write_chunk_map(site_dir: Path, chunks: list[ChunkKeys]) -> list[str]:
    """Write the map's pieces (scripts calling zhikuSearchPairs); returns their paths from
    the site root."""
    paths = []
    for number, piece in enumerate(chunk_map_pieces(chunks)):
        path = MAP_PIECE.format(number)
        (Path(site_dir) / path).write_text(f"zhikuSearchPairs({_dumps(piece)})\n", encoding="utf-8")
        paths.append(path)
    return paths


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
