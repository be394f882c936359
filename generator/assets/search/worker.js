/*
 * Zhiku's search engine, running in the slot of Material's search worker (part 1 of 5:
 * messages and loading; then query.js, engine.js, snippets.js, chunkmap.js, joined by
 * generator/search.py).
 *
 * Installed at build time (generator/search.py) over Material's worker file, so Material's
 * own search box, result list, keyboard handling and offline loading stay as they are; only
 * the matching changes. It speaks Material's messages: SETUP (0) -> READY (1),
 * QUERY (2) -> RESULT (3) with items grouped by page, titles and snippets as HTML.
 *
 * Why not lunr: Chinese has no spaces, so lunr needs the index and the query cut into the
 * same words, and the two cuts disagree (jieba at build time, a guess in the browser).
 * Here both sides are folded to one script and one case, character by character (the index
 * at build time, the query here with the same map, written into this script, built from
 * OpenCC's table), and a query term is found as a substring:
 * a phrase finds the text that contains it, in either script. A Chinese term found
 * nowhere whole falls back to its character pairs, scored by how much of it they cover.
 * Folding keeps every string's length, so a match in the folded text is a match at the
 * same place in the original, which is restored for the results shown (the index carries
 * the few changed characters).
 */
"use strict"

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3

var engine = null
var lastQuery = null                   /* answered again as more of the index arrives */

addEventListener("message", function (ev) {
  var message = ev.data
  if (message.type === SETUP) {
    engine = new Engine(message.data)
    var config = message.data.config || {}
    loadChunks(config.chunks || [], config.pairs, function () {
      postMessage({ type: READY })
    })
  } else if (message.type === QUERY) {
    lastQuery = message.data
    postMessage({ type: RESULT, data: engine ? engine.search(lastQuery) : { items: [] } })
  }
})

/* The index's documents come in chunk scripts (search/chunk-NNN.js, each calling
   zhikuSearchChunk), loaded here one after the other, so no single download is large and
   the page's own thread never parses them. Scripts, not fetch: they load from file:// too
   (importScripts in a worker, script tags under the offline shim, which returns a
   promise). Search is ready with the first chunk (a quarter of the others); the chunk map
   (`pairs`) comes right after it, before the rest, so from then on a query scans only the
   chunks that can match. A query already answered is answered again as each further
   chunk arrives. */
function loadChunks(chunks, pairs, ready) {
  var base = new URL("../../../", scriptURL())
  var order = chunks.map(function (path, n) { return { path: path, chunk: n } })
  if (pairs && chunks.length) order.splice(1, 0, { path: pairs, chunk: -1 })
  var next = 0
  function load() {
    if (next === order.length) return
    var item = order[next++], loaded
    var url = new URL(item.path, base).href
    loading = item.chunk
    try {
      loaded = importScripts(url)
    } catch (err) {                     /* a missing chunk or map: search what did load */
      console.warn("search: cannot load " + url, err)
    }
    Promise.resolve(loaded).then(function () {
      if (item.chunk < 0) engine.useChunkMap(chunkMap, chunks.length)
      else if (next === 1) ready()
      else if (lastQuery !== null)
        postMessage({ type: RESULT, data: engine.search(lastQuery) })
      setTimeout(load, 0)               /* let queries in between chunks */
    })
  }
  if (chunks.length) load()
  else ready()
}

/* This script's URL: a worker's own location, or under the offline shim (an iframe) the
   script element that loaded it. Chunks are found relative to it. */
function scriptURL() {
  if (typeof document !== "undefined") {
    var script = document.querySelector("script[src]")
    if (script) return script.src
  }
  return self.location.href
}

var loading = -1                       /* the chunk being loaded (-1: the chunk map) */
var chunkMap = null

self.zhikuSearchChunk = function (docs) {
  engine.add(docs, loading)
}

self.zhikuSearchPairs = function (data) {
  chunkMap = data
}
