"""The search index's chunk map (generator/site/search_filter.py): it must never hide a match.

A large collection's index is split into chunks, and the map tells the engine which
chunks can hold a term, so a rare term or a phrase found nowhere scans few or none. The
answers must be exactly those of a full scan: checked in Python on keys, then in a real
worker over the seed site split into many chunks, with and without the map.
"""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import pytest

from conftest import serve_dir
import generator.site.search
import generator.site.search_filter
from generator.conversion.fold import search_folds
from generator.site.search_filter import chunk_keys, chunk_map, chunk_map_pieces, piece_of

pytestmark = pytest.mark.browser


def test_map_lists_each_pair_with_the_chunks_that_hold_it():
    chunks = [chunk_keys([{"title": "天猫", "text": "双十一\n直播"}], search_folds()),
              chunk_keys([{"title": "淘宝", "text": "直播带货 𠀀𠀁", "tags": ["雙十一"]}], search_folds())]
    where = {}
    for group in chunk_map(chunks)["groups"]:
        for key in group["chars"]:
            where[key] = group["in"]
        for at in range(0, len(group["pairs"]), 2):
            where[group["pairs"][at:at + 2]] = group["in"]
    assert where["天猫"] == [0] and where["直播"] == [0, 1] and where["带货"] == [1]
    assert where["双十"] == [0, 1]          # the second chunk has it in a folded tag
    assert where["猫"] == [0] and "猫淘" not in where
    assert not any("\U00020000" in key or "\U00020001" in key for key in where)


def keys_of(piece: dict) -> dict[str, list[int]]:
    where = {}
    for group in piece["groups"]:
        numbers = group["in"] if "in" in group else [n for n in range(piece["chunks"])
                                                     if base64.b64decode(group["bits"])[n // 8] >> n % 8 & 1]
        for key in group["chars"]:
            where[key] = numbers
        for at in range(0, len(group["pairs"]), 2):
            where[group["pairs"][at:at + 2]] = numbers
    return where


def test_map_pieces_hold_each_key_once_where_its_hash_says():
    """Issue 19: a query loads the map pieces of its keys only, so each key must be in the
    piece piece_of names (chunkmap.js computes the same), and the pieces together must be
    the whole map."""
    texts = ["双十一天猫直播", "冬奥会特许商品", "服务市场 DEEP-LINK", "淘宝直播带货", "雙十一 阿里云"] * 3
    chunks = [chunk_keys([{"title": f"第{n}篇", "text": text}], search_folds()) for n, text in enumerate(texts)]
    whole = keys_of(chunk_map(chunks))
    pieces = chunk_map_pieces(chunks, 7)
    assert len(pieces) == 7 and all(p["pieces"] == 7 and p["chunks"] == len(chunks) for p in pieces)
    merged = {}
    for number, piece in enumerate(pieces):
        for key, numbers in keys_of(piece).items():
            assert piece_of(tuple(map(ord, key)), 7) == number, key
            assert key not in merged
            merged[key] = numbers
    assert merged == whole and len({piece_of(tuple(map(ord, k)), 7) for k in whole}) == 7
    assert whole["直播"] == [0, 3, 5, 8, 10, 13] and whole["双十"] == [0, 5, 10]
    assert chunk_map_pieces(chunks, 7) == pieces


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


def test_results_with_the_map_equal_a_full_scan(seed_site, page, tmp_path, monkeypatch):
    """The seed site cut into many chunks: every query's one answer, loading only the map
    pieces and chunks it needs, equals the answer that loads and scans every chunk."""
    site = tmp_path / "site"
    shutil.copytree(seed_site.site_dir, site)
    config = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["config"]
    docs = []
    for chunk in config["chunks"]:
        text = (site / chunk).read_text(encoding="utf-8")
        docs += json.loads(text[text.index("(") + 1:text.rindex(")")])
    monkeypatch.setattr(generator.site.search, "CHUNK_BYTES", 8_000)
    monkeypatch.setattr(generator.site.search_filter, "PIECE_BYTES", 2_000)
    chunks, maps = generator.site.search.write_chunks(site, docs)
    assert len(chunks) >= 4 and len(maps) >= 2
    server, url = serve_dir(site)
    try:
        page.goto(url)
        worker = page.evaluate("JSON.parse(document.getElementById('__config').textContent).search")
        answers = {}
        for name, pieces in (("map", maps), ("full scan", [])):
            cfg = {**config, "chunks": chunks, "maps": pieces, "entries": len(docs)}
            answers[name] = page.evaluate(SEARCH_ALL, {"worker": worker, "config": cfg, "queries": QUERIES})
    finally:
        server.shutdown()
    with_map, full_scan = answers["map"], answers["full scan"]
    assert with_map == full_scan
    assert any(with_map[:7]) and not with_map[QUERIES.index("量子纠缠火锅店")]
