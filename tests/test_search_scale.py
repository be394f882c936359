"""The search engine over thousands of sections, in a real worker (engine.js, worker.js).

A common word at 10,000 documents matches most pages. Every matching page is still
returned (Material's count is right and the list scrolls on), but only the pages a reader
sees near the top are looked at again: the first FULL_GROUPS with every matching section,
the first SNIPPET_GROUPS with a snippet, the rest by their title, marked. A query is
answered once, when every chunk that can hold a match is in.
"""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import serve_dir
import generator.site.search

pytestmark = pytest.mark.browser

PAGES = 260            # over SNIPPET_GROUPS (200) pages, each an article and a section

SCALE = """async ({worker, pages}) => {
  const docs = []
  for (let p = 0; p < pages; p++) {
    docs.push({ location: `articles/p${p}/`, title: `第${p}篇 天猫报道`,
                text: "双十一当天，天猫的直播间里人声鼎沸。" + "其他内容。".repeat(p % 7) })
    docs.push({ location: `articles/p${p}/#s1`, title: "小节",
                text: p % 2 ? "天猫小节的正文。" : "别的正文。" })
  }
  const w = new Worker(worker)
  const reply = () => new Promise(resolve => w.onmessage = ev => resolve(ev.data))
  w.postMessage({ type: 0, data: { config: { chunks: [] }, docs, options: {} } })
  await reply()
  w.postMessage({ type: 2, data: "天猫" })
  const { data } = await reply()
  w.terminate()
  return data.items
}"""


def test_every_page_is_returned_but_only_the_first_are_cut_into_snippets(seed_url, page):
    page.goto(seed_url)
    worker = page.evaluate("JSON.parse(document.getElementById('__config').textContent).search")
    groups = page.evaluate(SCALE, {"worker": worker, "pages": PAGES})
    assert len(groups) == PAGES
    assert sorted(g[0]["location"] for g in groups) == sorted(f"articles/p{p}/" for p in range(PAGES))
    assert all("<mark>天猫</mark>" in g[0]["title"] for g in groups)
    assert all("<mark>天猫</mark>" in g[0]["text"] for g in groups[:200])
    assert all(g[0]["text"] == "" for g in groups[200:])
    with_section = [g for g in groups[:30] if any("#s1" in item["location"] for item in g)]
    assert with_section and all(len(g) == 2 for g in with_section)
    assert all(len(g) == 1 for g in groups[30:])      # the best entry only (here the article)
    scores = [g[0]["score"] for g in groups]
    assert scores == sorted(scores, reverse=True)     # one section each ranks like its page


LATE_QUERY = """async ({worker, config, docs}) => {
  const w = new Worker(worker)
  const answers = []
  let ready = false
  w.onmessage = ev => { if (ev.data.type === 1) ready = true; if (ev.data.type === 3) answers.push(ev.data.data) }
  w.postMessage({ type: 0, data: { config, docs, options: {} } })
  while (!ready) await new Promise(r => setTimeout(r, 5))
  w.postMessage({ type: 2, data: "阿里" })
  const started = Date.now()
  while (Date.now() - started < 3000) await new Promise(r => setTimeout(r, 50))
  w.terminate()
  return answers.map(a => a.items.length)
}"""


def test_a_query_is_answered_once_with_every_chunk_that_can_match(seed_site, page, tmp_path,
                                                                    monkeypatch):
    """Issue 19: no answer from part of the index (it showed "no results", or a top 3 that
    changed as chunks came in): one answer, equal to the answer over the whole index."""
    site = tmp_path / "site"
    shutil.copytree(seed_site.site_dir, site)
    config = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["config"]
    docs = []
    for chunk in config["chunks"]:
        docs += generator.site.search.read_chunk((site / chunk).read_text(encoding="utf-8"))
    monkeypatch.setattr(generator.site.search, "CHUNK_BYTES", 1_000)
    written = generator.site.search.write_chunks(site, docs)
    chunks = written[0] if isinstance(written, tuple) else written
    config = {**config, "chunks": chunks, "maps": [], "entries": len(docs)}
    config.pop("pairs", None)
    server, url = serve_dir(site)
    try:
        page.goto(url)
        worker = page.evaluate("JSON.parse(document.getElementById('__config').textContent).search")
        answers = page.evaluate(LATE_QUERY, {"worker": worker, "config": config, "docs": []})
        whole = page.evaluate(LATE_QUERY, {"worker": worker, "config": {**config, "chunks": []}, "docs": docs})
    finally:
        server.shutdown()
    assert len(chunks) >= 5 and whole == [whole[0]] and whole[0] > 1
    assert answers == whole, (answers, whole)
