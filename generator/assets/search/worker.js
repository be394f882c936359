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
var answered = { at: 0, cost: 0, stale: false }

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
    answer()
  }
})

function answer() {
  var started = Date.now()
  postMessage({ type: RESULT, data: engine ? engine.search(lastQuery) : { items: [] } })
  answered = { at: Date.now(), cost: Date.now() - started, stale: false }
}

/* While the index loads, a query already answered is answered again with the chunks that
   came since, but not after every chunk: a large collection has a hundred of them, and
   each answer costs more than the last. Again when an answer is REANSWER_AFTER times its
   own cost old (and at least REANSWER_MS), and once all is in. */
var REANSWER_AFTER = 4, REANSWER_MS = 150

function reanswer(last) {
  if (lastQuery === null) return
  setTimeout(function () {             /* after a query already waiting: its answer is new */
    var age = Date.now() - answered.at
    if (answered.stale && (last || age >= Math.max(REANSWER_MS, REANSWER_AFTER * answered.cost)))
      answer()
  }, 0)
}

/* The first chunk, fetched as soon as this worker starts rather than when Material's page
   script, busy with the page, gets round to SETUP: search is ready as soon as SETUP comes.
   Used when SETUP names the same file. Only in a real worker: under the offline shim
   loading is asynchronous, and SETUP comes at once. */
var early = null
if (typeof document === "undefined") {
  var earlyURL = new URL("../../../search/chunk-000.js", self.location.href).href
  var receive = function (docs) { early = { url: earlyURL, docs: docs } }
  try {
    importScripts(earlyURL)
  } catch (err) {                       /* no such chunk: loaded (or not) after SETUP */
    early = null
  }
}

/* The index's documents come in chunk scripts (search/chunk-NNN.js, each calling
   zhikuSearchChunk), loaded here one after the other, so no single download is large and
   the page's own thread never parses them. Scripts, not fetch: they load from file:// too
   (importScripts in a worker, script tags under the offline shim, which returns a
   promise). Search is ready with the first chunk (a quarter of the others); the chunk map
   (`pairs`) comes right after it, before the rest, so from then on a query scans only the
   chunks that can match. */
function loadChunks(chunks, pairs, ready) {
  var base = new URL("../../../", scriptURL())
  var order = chunks.map(function (path, n) { return { path: path, chunk: n } })
  if (pairs && chunks.length) order.splice(1, 0, { path: pairs, chunk: -1 })
  var next = 0
  function load() {
    if (next === order.length) return
    var item = order[next++], loaded
    var url = new URL(item.path, base).href
    receive = item.chunk < 0 ? function (data) { chunkMap = data }
      : function (docs) { engine.add(docs, item.chunk) }
    if (next === 1 && early && early.url === url) receive(early.docs)
    else {
      try {
        loaded = importScripts(url)
      } catch (err) {                   /* a missing chunk or map: search what did load */
        console.warn("search: cannot load " + url, err)
      }
    }
    early = null
    Promise.resolve(loaded).then(function () {
      if (item.chunk < 0) engine.useChunkMap(chunkMap, chunks.length)
      else if (next === 1) ready()
      else answered.stale = true
      if (answered.stale) reanswer(next === order.length)
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

var chunkMap = null

self.zhikuSearchChunk = function (docs) {
  receive(docs)
}

self.zhikuSearchPairs = function (data) {
  receive(data)
}
