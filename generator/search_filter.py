"""The search index's chunk map: which chunks can hold a query term, known before any scan.

A term is found as a substring, so a chunk can hold it only if it holds each of its
character pairs (a one-character term: the character). For every character and pair in
the index, this map lists the chunks that contain it; the engine intersects the lists
of a term's pairs and scans only those chunks' entries. A phrase found nowhere costs no
scan at all, and a rare word scans the few chunks that have it. The map is written beside
the chunks (`search/pairs.js`), loaded before them, and describes one chunking: the
engine ignores it when the number of chunks differs.

Keys are JavaScript string units (UTF-16), as the engine slices the query. Pairs with half
of a character outside the BMP are left out: the engine does not filter on them.
Characters and pairs with the same chunk list are written together, so the map stays a
small fraction of the index (most pairs are in every chunk, or in one).
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

FILTER = Path("search/pairs.js")


def chunk_keys(entries: list[dict], fold_table: dict[int, str]) -> set[str]:
    """Every character and character pair (in UTF-16 units, as JavaScript sees them) of a
    chunk's entries: titles, texts and folded tags; none with half of a character outside
    the BMP. Pairs are read as 32-bit words from the UTF-16 bytes, at even and odd unit
    offsets: a set of integers, not millions of little strings."""
    fields = []
    for entry in entries:
        tags = "\n".join(entry.get("tags") or ()).translate(fold_table)
        fields += [entry.get("title", ""), entry.get("text", ""), tags]
    data = "\n".join(fields).encode("utf-16-le", "surrogatepass")
    words: set[int] = set()
    for start in (0, 2):
        usable = (len(data) - start) // 4 * 4
        words.update(memoryview(data[start:start + usable]).cast("I"))
    keys = {chr(word & 0xFFFF) + chr(word >> 16) for word in words}
    keys.update(chr(unit) for unit in set(memoryview(data).cast("H")))
    return {key for key in keys if not any("\ud800" <= c <= "\udfff" for c in key)}


def chunk_map(chunks: list[set[str]]) -> dict:
    """{"chunks": n, "groups": [{"in": [chunk numbers] or "bits": "...", "chars": "...",
    "pairs": "..."}]}: the keys grouped by the chunks that hold them."""
    where: dict[str, list[int]] = {}
    for number, keys in enumerate(chunks):
        for key in keys:
            where.setdefault(key, []).append(number)
    groups: dict[tuple[int, ...], tuple[list[str], list[str]]] = {}
    for key in sorted(where):
        chars, pairs = groups.setdefault(tuple(where[key]), ([], []))
        (chars if len(key) == 1 else pairs).append(key)
    return {"chunks": len(chunks),
            "groups": [{**chunk_set(numbers, len(chunks)), "chars": "".join(chars), "pairs": "".join(pairs)}
                       for numbers, (chars, pairs) in sorted(groups.items())]}


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


def write_chunk_map(site_dir: Path, chunks: list[set[str]]) -> str:
    """Write the map script (calling zhikuSearchPairs); returns its path from the site root."""
    text = json.dumps(chunk_map(chunks), ensure_ascii=False, separators=(",", ":"))
    (Path(site_dir) / FILTER).write_text(f"zhikuSearchPairs({text})\n", encoding="utf-8")
    return FILTER.as_posix()
