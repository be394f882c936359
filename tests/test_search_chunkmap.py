"""The search index's chunk map (generator/site/search_filter.py): it must never hide a match,
nor say a chunk ranks lower than a page it holds does.

A large collection's index is split into chunks, and the map tells the engine which chunks
can hold a term and how high a page there can rank for it, so a rare term or a phrase
found nowhere scans few chunks or none, and a common word the few where it ranks highest.
The answers must be those of a scan of every chunk: checked in Python on keys and
reaches, then in a real worker over the seed site split into many chunks.
"""

from __future__ import annotations

import json
import math
import random
import shutil
from pathlib import Path

import pytest

from conftest import serve_dir
import generator.site.search
import generator.site.search_filter
from generator.conversion.fold import search_folds
from generator.site.search_filter import (CODE_SYMBOLS, EXACT_CODE, REACH_STEPS, chunk_map,
                                          chunk_map_pieces, index_keys, key_piece)

pytestmark = pytest.mark.browser


def records(piece: dict, capped: dict | None = None) -> dict[str, tuple[int, list[tuple[int, int]], bool]]:
    """key -> (entries holding it, [(chunk, code)] best first, incomplete), read from a
    piece as chunkmap.js reads it; `capped` gets each key's capped tail, when written:
    (code, chunk), or None (no page not listed reaches its level exactly)."""
    keys = list(piece["chars"]) + [piece["pairs"][k:k + 2] for k in range(0, len(piece["pairs"]), 2)]
    keys += piece["words"]
    out = {}
    for key, df, written in zip(keys, piece["df"], piece["top"].split(",")):
        top, _, tail = written.partition(" ")
        if " " in written and capped is not None:
            capped[key] = (CODE_SYMBOLS.index(tail[0]) * len(CODE_SYMBOLS) + CODE_SYMBOLS.index(tail[1]),
                           int(tail[2:])) if tail else None
        listed, code, number, at = [], None, "", 0
        while at < len(top):
            char = top[at]
            if char.isdigit():
                number += char
            else:
                if number:
                    listed.append((int(number), code))
                    number = ""
                if char != ".":
                    code = CODE_SYMBOLS.index(char) * len(CODE_SYMBOLS) + CODE_SYMBOLS.index(top[at + 1])
                    at += 1
            at += 1
        if number:
            listed.append((int(number), code))
        out[key] = (df, listed, top.endswith("."))
    return out


def entries_of(chunk: int, pages: list[list[tuple[str, str, list[str]]]]) -> list[dict]:
    out = []
    for number, page in enumerate(pages):
        for section, (title, text, tags) in enumerate(page):
            location = f"articles/c{chunk}p{number}/" + (f"#s{section}" if section else "")
            out.append({"location": location, "title": title, "text": text, "tags": tags})
    return out


def test_map_lists_each_pair_with_the_chunks_that_hold_it():
    chunks = index_keys([[{"location": "a/", "title": "天猫", "text": "双十一\n直播"}],
                         [{"location": "b/", "title": "淘宝", "text": "直播带货 𠀀𠀁，好", "tags": ["雙十一"]}]],
                        search_folds())
    where = {key: sorted(n for n, _ in listed) for key, (_, listed, _) in records(chunk_map(chunks)).items()}
    assert where["天猫"] == [0] and where["直播"] == [0, 1] and where["带货"] == [1]
    assert where["双十"] == [0, 1]          # the second chunk has it in a folded tag
    assert where["猫"] == [0] and "猫淘" not in where
    assert not any("\U00020000" in key or "\U00020001" in key or "\ud840" in key for key in where)
    assert "货 " not in where and "，好" not in where    # no term holds a space or a comma


def test_map_pieces_hold_each_key_once_where_its_hash_says():
    """Issue 19: a query loads the map pieces of its keys only, so each key must be in the
    piece key_piece names (chunkmap.js computes the same), and the pieces together must be
    the whole map."""
    texts = ["双十一天猫直播", "冬奥会特许商品", "服务市场 DEEP-LINK", "淘宝直播带货", "雙十一 阿里云"] * 3
    chunks = index_keys([[{"location": f"p{n}/", "title": f"第{n}篇", "text": text}]
                         for n, text in enumerate(texts)], search_folds())
    whole = records(chunk_map(chunks))
    pieces = chunk_map_pieces(chunks, 7)
    assert len(pieces) == 7 and all(p["pieces"] == 7 and p["chunks"] == len(texts) for p in pieces)
    merged = {}
    for number, piece in enumerate(pieces):
        for key, record in records(piece).items():
            assert key_piece(key, 7) == number, key
            assert key not in merged
            merged[key] = record
    assert merged == whole and len({key_piece(k, 7) for k in whole}) == 7
    assert sorted(n for n, _ in whole["直播"][1]) == [0, 3, 5, 8, 10, 13] and not whole["直播"][2]
    assert sorted(n for n, _ in whole["双十"][1]) == [0, 4, 5, 9, 10, 14]     # 雙十一 folded
    assert whole["deep"][0] == 3 and whole["dee"][0] == 3      # a Latin word's starts are keys
    assert chunk_map_pieces(chunks, 7) == pieces


def weigh(count: int, title: bool, tag: bool) -> float:
    """engine.js weigh()."""
    count = min(count, 16)
    return count / (count + 1.2) + (2 if title else 0) + (1 if tag else 0)


def occurrences(text: str, term: str) -> int:
    count, at = 0, text.find(term)
    while at != -1:
        count, at = count + 1, text.find(term, at + 1)
    return count


def page_rank(page: list[tuple[str, str, list[str]]], term: str, idf: float) -> float | None:
    """rankPages for a one-term query: coverage, the best entry's relevance, 0.1 for the
    others (up to 1 of relevance); None when the page does not hold the term."""
    weights = [weigh(occurrences(text, term), term in title, term in "\n".join(tags))
               for title, text, tags in page if term in title + "\n" + text + "\n" + "\n".join(tags)]
    if not weights:
        return None
    best = max(weights)
    return 100 + idf * best + min(idf * (sum(weights) - best), 1) * 0.1


def key_bound(code: int, idf: float, own: float, capped: tuple | None | bool = False) -> float:
    """chunkmap.js / engine.js termRank for one key's code; `capped`: a chunk not listed,
    below a rounded tail, and the key's capped tail (False: none written)."""
    if capped is not False and code < EXACT_CODE:
        return max(100 + idf * code / REACH_STEPS, key_bound(capped[0], idf, own) if capped else 0)
    if code >= EXACT_CODE:
        level = code - EXACT_CODE
        weight = weigh(level % 17, level // 17 >= 2, level // 17 % 2 == 1)
        if idf <= own:
            return 100 + idf * weight + 0.1
        reach = weight + 0.1 / own
    else:
        reach = code / REACH_STEPS
    return 100 + idf * reach + max(0.0, 0.1 * (1 - idf / own))


def test_a_chunks_reach_bounds_every_page_it_holds(monkeypatch):
    """Issue 19: the engine stops loading a common word's chunks once its third page ranks
    above what every chunk left can reach. A chunk's reach (the least of the term's keys')
    must never be below the rank of a page it holds, listed or not (a chunk not on a key's
    incomplete list: the last listed's, and below a rounded one the capped tail's for the
    pages that reach their level exactly), whatever the term's weight; and a key's list is
    in order of reach."""
    monkeypatch.setattr(generator.site.search_filter, "TOP_CHUNKS", 2)
    rng = random.Random(19)
    words = ["天猫", "双十一", "直播", "淘宝", "服务市场", "云", "的"]
    chunks = [[[(rng.choice(words) + rng.choice(["观察", "天猫"]),
                 "，".join(rng.choice(words) for _ in range(rng.randint(1, 30))),
                 rng.sample(words, rng.randint(0, 2)))
                for _ in range(rng.randint(1, 4))] for _ in range(rng.randint(1, 4))] for _ in range(8)]
    entries = [entries_of(n, pages) for n, pages in enumerate(chunks)]
    total = sum(map(len, entries))
    tails = {}
    found = records(chunk_map(index_keys(entries, search_folds())), tails)
    assert tails          # some lists end on a rounded reach
    for term in ("天猫", "双十一", "服务市场", "直播", "猫观", "十一"):
        keys = [term[k:k + 2] for k in range(len(term) - 1)]
        df = min(found[key][0] for key in keys)
        for idf in (math.log(1 + total / (df + 1)), 0.5, 3.0):
            for number, pages in enumerate(chunks):
                ranks = [r for r in (page_rank(page, term, idf) for page in pages) if r is not None]
                bounds = []
                for key in keys:
                    holding, listed, more = found[key]
                    own = math.log(1 + total / (holding + 1))
                    codes = dict(listed)
                    code = codes.get(number, listed[-1][1] if more else None)
                    if code is not None:
                        unlisted = number not in codes and key in tails
                        bounds.append(key_bound(code, idf, own, tails[key] if unlisted else False))
                    else:
                        bounds.append(None)
                if None in bounds:
                    assert not ranks, (term, number)
                    continue
                assert not ranks or max(ranks) <= min(bounds) + 1e-9, (term, idf, number, ranks, bounds)
    for key, (_, listed, _) in found.items():
        assert len(listed) <= 2, key


QUERIES = ["冬奥会特许商品", "双十一", "雙十一", "服务市场", "deep-link", "天猫", "猫",
           "冰墩墩", "量子纠缠火锅店", "阿里巴巴商业服务生态的演进与未来展望报告", "618"]

SEARCH_ALL = """async ({worker, config, queries}) => {
  const w = new Worker(worker)
  let answer = null
  w.onmessage = ev => { if (ev.data.type === 3) answer = ev.data.data }
  w.postMessage({ type: 0, data: { config, docs: [], options: {} } })
  const ask = async (query) => {
    answer = null
    w.postMessage({ type: 2, data: query })
    while (answer === null) await new Promise(r => setTimeout(r, 10))
    return answer.items.map(group => group.map(item => item.location))
  }
  const out = []
  for (const q of queries) out.push(await ask(q))
  w.terminate()
  return out
}"""


def without_reaches(site: Path, maps: list[str]) -> list[str]:
    """Copies of the map's pieces with every key's list of best chunks dropped (the keys,
    their entry counts, so term weights, kept): the engine can stop early nowhere and
    loads every chunk that can hold a query, as before the map had reaches."""
    copies = []
    for path in maps:
        text = (site / path).read_text(encoding="utf-8")
        data = json.loads(text[text.index("(") + 1:text.rindex(")")])
        data["top"] = ",".join("." for _ in data["top"].split(","))
        copy = path.replace("map-", "map-all-")
        (site / copy).write_text(f"zhikuSearchPairs({json.dumps(data, ensure_ascii=False)})\n", encoding="utf-8")
        copies.append(copy)
    return copies


def test_results_with_the_map_equal_a_full_scan(seed_site, page, tmp_path, monkeypatch):
    """The seed site cut into many chunks: every query's one answer, loading only the map
    pieces and chunks it needs, has the first three pages of the answer that loads and
    scans every chunk that can hold it (with the map's term weights), and of the answer
    that scans every chunk without a map."""
    site = tmp_path / "site"
    shutil.copytree(seed_site.site_dir, site)
    config = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["config"]
    docs = []
    for chunk in config["chunks"]:
        docs += generator.site.search.read_chunk((site / chunk).read_text(encoding="utf-8"))
    monkeypatch.setattr(generator.site.search, "CHUNK_BYTES", 8_000)
    monkeypatch.setattr(generator.site.search, "MAP_MIN_CHUNKS", 2)
    monkeypatch.setattr(generator.site.search_filter, "PIECE_BYTES", 2_000)
    chunks, maps, _ = generator.site.search.write_chunks(site, docs)
    assert len(chunks) >= 4 and len(maps) >= 2
    server, url = serve_dir(site)
    try:
        page.goto(url)
        worker = page.evaluate("JSON.parse(document.getElementById('__config').textContent).search")
        answers = {}
        for name, pieces in (("map", maps), ("every chunk", without_reaches(site, maps)), ("full scan", [])):
            cfg = {**config, "chunks": chunks, "maps": pieces, "entries": len(docs)}
            answers[name] = page.evaluate(SEARCH_ALL, {"worker": worker, "config": cfg, "queries": QUERIES})
    finally:
        server.shutdown()
    top = {name: [[group[0] for group in answer[:3]] for answer in found] for name, found in answers.items()}
    assert top["map"] == top["every chunk"] == top["full scan"]
    with_map = answers["map"]
    assert any(with_map[:7]) and not with_map[QUERIES.index("量子纠缠火锅店")]
