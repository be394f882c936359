/*
 * Zhiku's search engine, running in the slot of Material's search worker (part 1 of 7:
 * messages and loading; then query.js, engine.js, snippets.js, chunkmap.js, suggest.js,
 * near.js, joined by generator/site/search.py).
 *
 * Installed at build time (generator/site/search.py) over Material's worker file, so Material's
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
 *
 * Traffic: this script is started only when a reader turns to the search box (the page's
 * loader, partials/zhiku-search-loader.html), and it loads nothing before a query. For a
 * query it loads the pieces of the chunk map that hold the query's character pairs, then
 * the chunks those say can hold a match, best bound first, until none left can change its
 * first EXACT_TOP pages (Engine.pendingChunks), and answers once they are in: one answer per
 * query, never "no results" while a chunk that could match is on its way, never a list
 * that reorders itself as more arrives. A query of several common words stops after
 * SEARCH_BUDGET chunks with the best of those (its answer says so: `partial`); MORE (the
 * page's "search the rest") loads the rest for it and answers again with the pages shown
 * first, as they were, and the new ones below.
 */
"use strict"

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3, MORE = 4

var engine = null
var site = { chunks: [], maps: [], entries: 0 }    /* the index's files (search.py) */
var lastQuery = null                   /* the query to answer; a newer one replaces it */
var busy = false                       /* loading for a query */

addEventListener("message", function (ev) {
  var message = ev.data
  if (message.type === SETUP) {
    var data = message.data || {}, config = data.config || {}
    /* the files SETUP names; none, with documents: those are the index (tests, tools);
       none at all (the page's loader): those written into this script */
    site = Array.isArray(config.chunks) ? config
      : !(data.docs && data.docs.length) && typeof SITE_INDEX === "object" && SITE_INDEX.chunks
        ? SITE_INDEX : { chunks: [] }
    engine = new Engine(data)
    var chunks = site.chunks.length
    engine.expect(chunks, chunks ? site.entries || 0 : 0, chunks ? (site.maps || []).length : 0,
                  site.boosts)
    postMessage({ type: READY })
  } else if (message.type === QUERY) {
    lastQuery = message.data
    work()
  } else if (message.type === MORE && shown && shown.query === message.data) {
    lastQuery = message.data
    rounds = { query: lastQuery, count: rounds.query === lastQuery ? rounds.count : 0, loaded: 0, all: true }
    work()
  }
})

/* Load what the latest query needs (map pieces, then chunks, then the chunks its terms'
   pieces need when a term is found whole in few places), then answer it. A query typed
   meanwhile takes over when the current load is in. */
var rounds = { query: null, count: 0, loaded: 0, all: false }   /* chunk loads for the query
                                          being answered; `all`: the reader asked for the rest */
var shown = null                       /* the last answer that searched part of the index:
                                          {query, items}, kept first when the rest is searched */

function work() {
  if (busy || lastQuery === null || !engine) return
  var query = lastQuery
  if (rounds.query !== query) rounds = { query: query, count: 0, loaded: 0, all: false }
  var pieces = engine.missingPieces(query), next = null
  if (!pieces.length) next = engine.pendingChunks(query, rounds.count++, rounds.all ? Infinity : SEARCH_BUDGET - rounds.loaded)
  var items = pieces.length ? pieces.map(mapItem) : next.chunks.map(chunkItem)
  if (next) rounds.loaded += next.chunks.length
  if (!items.length) {
    lastQuery = null
    var result = answer(query, next && next.cut)
    /* no hits: first what its suggestions read (suggest.js) */
    if (!result.items.length && (items = suggestionItems(query)).length) lastQuery = query
  }
  if (!items.length) {
    if (!result.items.length) result.suggestions = engine.suggestions(query)
    result.query = query                /* the page's loader drops an answer to an older query */
    postMessage({ type: RESULT, data: result })
    return
  }
  busy = true
  loadAll(items).then(function () {
    busy = false
    work()
  })
}

/* The answer to `query`. `cut` (pendingChunks): part of the index searched, said in the
   answer (`partial`). After MORE: the pages shown before, as they were, then the others
   found, best first (`added`: how many), but for copies of a story shown (a better copy
   may be in the rest: the one shown stays). */
function answer(query, cut) {
  var result = engine.search(query)
  if (cut) {
    result.partial = cut
    shown = { query: query, items: result.items }
  } else if (rounds.all && shown && shown.query === query) {
    var seen = Object.create(null)
    shown.items.forEach(function (group) { seen[storyOf(group)] = true })
    var added = result.items.filter(function (group) { return !seen[storyOf(group)] })
    result.items = shown.items.concat(added)
    result.added = added.length
    shown = null
  }
  return result
}

/* A result's story (Engine.storyOf), from the address of its first item. */
function storyOf(group) {
  return engine.storyOf(engine.pageNumbers[group[0].location.split("#")[0]])
}

function mapItem(number) {
  return { url: siteURL(site.maps[number]),
           receive: function (data) { engine.addPiece(number, data) },
           fail: function () { engine.addPiece(number, null) } }
}

function chunkItem(number) {
  return { url: siteURL(site.chunks[number]),
           receive: function (data) { engine.add(chunkRows(data).map(fileLinks), number) },
           fail: function () { engine.add([], number) } }
}

/* The index's files are scripts (search/chunk-NNN.js calling zhikuSearchChunk,
   search/map-NNN.js calling zhikuSearchPairs), so that they load from file:// too, by
   script tags under the offline shim (whose importScripts returns a promise). Over http
   they are fetched, all at once, and their JSON read. */
var FETCH = typeof document === "undefined" && typeof fetch === "function" &&
  /^https?:$/.test(self.location.protocol)

function loadAll(items) {
  if (FETCH) return Promise.all(items.map(function (item) {
    return fetch(item.url).then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + response.statusText)
      return response.text()
    }).then(function (text) {
      item.receive(JSON.parse(text.slice(text.indexOf("(") + 1, text.lastIndexOf(")"))))
    }).catch(function (err) {            /* a missing chunk or map: search what did load */
      console.warn("search: cannot load " + item.url, err)
      item.fail()
    })
  }))
  return items.reduce(function (done, item) {
    return done.then(function () {
      var loaded
      receive = item.receive
      try {
        loaded = importScripts(item.url)
      } catch (err) {
        console.warn("search: cannot load " + item.url, err)
        item.fail()
        return null
      }
      return Promise.resolve(loaded)
    })
  }, Promise.resolve())
}

/* A chunk's entries: written as columns (search.py chunk_columns), or a list of them. */
function chunkRows(data) {
  if (Array.isArray(data)) return data
  var rows = [], more = data.more || {}
  for (var i = 0; i < (data.location || []).length; i++)
    rows.push({ location: data.location[i], title: data.title[i], text: data.text[i] })
  Object.keys(more).forEach(function (field) {
    Object.keys(more[field]).forEach(function (number) {
      if (rows[+number]) rows[+number][field] = more[field][number]
    })
  })
  return rows
}

var receive = function () {}

self.zhikuSearchChunk = function (docs) {
  receive(docs)
}

self.zhikuSearchPairs = function (data) {
  receive(data)
}

/* This script's URL: a worker's own location, or under the offline shim (an iframe) the
   script element that loaded it. The index's files are found relative to it. */
function scriptURL() {
  if (typeof document !== "undefined") {
    var script = document.querySelector("script[src]")
    if (script) return script.src
  }
  return self.location.href
}

function siteURL(path) {
  return new URL(path, new URL("../../../", scriptURL())).href
}

/* A site built with folder addresses (articles/x/), opened from file://: a folder would
   show the disk's listing, so results link to its index.html. */
var FILE_FOLDERS = /^file:$/.test(new URL(scriptURL()).protocol)

function fileLinks(doc) {
  if (!FILE_FOLDERS || String(doc.location).charAt(0) === "#") return doc   /* a section: its page's */
  var parts = doc.location.split("#")
  if (parts[0] !== "" && parts[0].slice(-1) !== "/") return doc
  parts[0] += "index.html"
  doc.location = parts.join("#")
  return doc
}
