/*
 * Zhiku's search engine, running in the slot of Material's search worker.
 *
 * Installed at build time (generator/search.py) over Material's worker file, so Material's
 * own search box, result list, keyboard handling and offline loading stay as they are; only
 * the matching changes. It speaks Material's messages: SETUP (0) -> READY (1),
 * QUERY (2) -> RESULT (3) with items grouped by page, titles and snippets as HTML.
 *
 * Why not lunr: Chinese has no spaces, so lunr needs the index and the query cut into the
 * same words, and the two cuts disagree (jieba at build time, a guess in the browser).
 * Here both sides are folded to one script and one case, character by character (the index
 * at build time, the query here with the map that comes with the index, built from
 * OpenCC's table), and a query term is found as a substring:
 * a phrase finds the text that contains it, in either script. A Chinese term found
 * nowhere whole falls back to its character pairs, scored by how much of it they cover.
 * Folding keeps every string's length, so a match in the folded text is a match at the
 * same place in the original, which is restored for the results shown (the index carries
 * the few changed characters).
 */
"use strict"

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3

var SNIPPET_CHARS = 120                /* snippet length around the best match */
var SNIPPET_LEAD = 24                  /* context shown before the first match */
var MAX_POSITIONS = 16                 /* occurrences kept per term and field */
var UNIT_POSITIONS = 4                 /* ... per character pair of a term not found whole */
var MAX_TERMS = 12                     /* terms of a query beyond this are ignored */
var MAX_UNITS = 24                     /* character pairs tried for one term, at most */
var FALLBACK_BELOW = 10                /* whole-term hits from which pairs are not tried */
var FULL_GROUPS = 30                   /* pages shown with every matching section; the
                                          rest (seen only on scrolling far) with their best */
var SNIPPET_GROUPS = 200               /* pages shown with a snippet; the rest by title */
var PARTIAL_FLOOR = 0.5                /* pair coverage (weighted and counted) below this: no match */
var PARTIAL_WEIGHT = 0.6               /* a covered term counts less than a whole one */
var TITLE_BONUS = 2                    /* a title hit weighs as much as two texts full of hits */
var TAG_BONUS = 1

var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/
var TERM_SPLIT = /[^\p{L}\p{N}\p{M}\-_.·+#&/@%']+/u
var TERM_TRIM = /^[\-_.·+#&/@%']+|[\-_.·+#&/@%']+$/g
var ASCII_WORD = /[0-9a-z]/

var engine = null
var lastQuery = null                   /* answered again as more of the index arrives */

addEventListener("message", function (ev) {
  var message = ev.data
  if (message.type === SETUP) {
    engine = new Engine(message.data)
    loadChunks((message.data.config || {}).chunks || [], function () {
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
   promise). Search is ready with the first chunk; a query already answered is answered
   again as each further chunk arrives. */
function loadChunks(chunks, ready) {
  var base = new URL("../../../", scriptURL())
  var next = 0
  function load() {
    if (next === chunks.length) return
    var url = new URL(chunks[next++], base).href, loaded
    try {
      loaded = importScripts(url)
    } catch (err) {                     /* a missing chunk: search what did load */
      console.warn("search: cannot load " + url, err)
    }
    Promise.resolve(loaded).then(function () {
      if (next === 1) ready()
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

self.zhikuSearchChunk = function (docs) {
  engine.add(docs)
}

/* ------------------------------------------------------------------------- */

/* The fold map from the index ("AaBb...": each character and its fold, made at build time
   with the same table the index was folded with) as a lookup table. */
function foldTable(pairs) {
  var table = new Uint16Array(65536)
  for (var c = 0; c < 65536; c++) table[c] = c
  for (var i = 0; i + 1 < pairs.length; i += 2)
    table[pairs.charCodeAt(i)] = pairs.charCodeAt(i + 1)
  return table
}

function folder(table) {
  return function (text) {
    var codes = new Uint16Array(text.length)
    for (var i = 0; i < text.length; i++) codes[i] = table[text.charCodeAt(i)]
    var parts = []
    for (var start = 0; start < codes.length; start += 4096)
      parts.push(String.fromCharCode.apply(null, codes.subarray(start, start + 4096)))
    return parts.join("")
  }
}

/* The original of a folded field between `from` and `to`: its runs ([gap, original
   characters, ...]) put back. */
function restore(folded, runs, from, to) {
  from = from || 0
  to = to === undefined ? folded.length : to
  var text = folded.slice(from, to)
  if (!runs) return text
  var at = 0
  for (var i = 0; i + 1 < runs.length && at < to; i += 2) {
    at += runs[i]
    var run = runs[i + 1], start = Math.max(at, from), end = Math.min(at + run.length, to)
    if (start < end)
      text = text.slice(0, start - from) + run.slice(start - at, end - at) + text.slice(end - from)
    at += run.length
  }
  return text
}

function escapeHTML(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
}

/* ------------------------------------------------------------------------- */

/* Query terms: quoted phrases kept whole, the rest split at spaces and punctuation. */
function parseQuery(raw, fold) {
  var terms = [], seen = Object.create(null)
  function add(text) {
    text = text.trim()
    var key = fold(text)
    if (key && !seen[key]) {
      seen[key] = true
      terms.push({ text: text, key: key, units: fallbackUnits(key) })
    }
  }
  raw.replace(/"([^"]*)"?|[^\s"]+/g, function (match, phrase) {
    if (phrase !== undefined) add(phrase.replace(/\s+/g, " "))
    else match.split(TERM_SPLIT).forEach(function (part) { add(part.replace(TERM_TRIM, "")) })
    return match
  })
  return terms.slice(0, MAX_TERMS)
}

/* What a Chinese term falls back to when it is found nowhere whole: its character
   pairs (a lone character stays itself) and its non-Chinese runs. */
function fallbackUnits(key) {
  if (!HAN.test(key) || key.length < 3) return []
  if (key.length > MAX_UNITS + 1) {        /* a pasted sentence: pairs spread along it */
    var step = (key.length - 1) / MAX_UNITS, picked = []
    for (var k = 0; k < MAX_UNITS; k++) {
      var at = Math.floor(k * step)
      picked.push(key.slice(at, at + 2))
    }
    return picked.filter(function (u, i) { return picked.indexOf(u) === i && u.trim().length === 2 })
  }
  var units = [], run = "", other = ""
  function flushRun() {
    if (run.length === 1) units.push(run)
    for (var i = 0; i + 1 < run.length; i++) units.push(run.slice(i, i + 2))
    run = ""
  }
  function flushOther() {
    if (other.trim()) units.push(other.trim())
    other = ""
  }
  for (var i = 0; i < key.length; i++) {
    if (HAN.test(key[i])) { flushOther(); run += key[i] } else { flushRun(); other += key[i] }
  }
  flushRun(); flushOther()
  return units.filter(function (u, i) { return units.indexOf(u) === i })
}

/* Where `key` occurs in `hay` (both folded). ASCII words must start at a word start. */
function occurrences(hay, key, cap) {
  var found = [], wordStart = ASCII_WORD.test(key[0])
  for (var at = hay.indexOf(key); at !== -1; at = hay.indexOf(key, at + 1)) {
    if (wordStart && at > 0 && ASCII_WORD.test(hay[at - 1])) continue
    found.push(at)
    if (found.length === cap) break
  }
  return found
}

/* ------------------------------------------------------------------------- */

function Engine(index) {
  var config = index.config || {}
  this.fold = folder(foldTable(config.fold || ""))
  this.suggest = !!(index.options && index.options.suggest)
  this.docs = []
  this.pages = Object.create(null)     /* page location -> index of its article entry */
  this.add(index.docs || [])
}

Engine.prototype.add = function (docs) {
  for (var i = 0; i < docs.length; i++) {
    var doc = docs[i]
    var page = doc.location.split("#")[0]
    if (!(page in this.pages)) this.pages[page] = this.docs.length
    this.docs.push({
      doc: doc,
      page: page,
      title: doc.title || "",                    /* folded at build time */
      text: doc.text || "",
      tags: this.fold((doc.tags || []).join("\n")),
      boost: typeof doc.boost === "number" ? doc.boost : 1
    })
  }
}

/* Hits of one key in every entry: [{title: [...], text: [...]}|null], and how many hit. */
Engine.prototype.hits = function (key, cache, cap) {
  if (cache[key]) return cache[key]
  var hits = [], count = 0
  cap = cap || MAX_POSITIONS
  for (var i = 0; i < this.docs.length; i++) {
    var entry = this.docs[i]
    var title = occurrences(entry.title, key, cap), text = occurrences(entry.text, key, cap)
    var tag = entry.tags && entry.tags.indexOf(key) !== -1
    hits.push(title.length || text.length || tag
      ? { title: title, text: text, tag: tag, length: key.length } : null)
    if (hits[i]) count++
  }
  return (cache[key] = { hits: hits, count: count,
                         idf: Math.log(1 + this.docs.length / (count + 1)) })
}

/* How well each entry matches one term: 1 whole, (0, PARTIAL_WEIGHT] by its pairs. The
   pairs are tried only for a term found whole in few places: when it is found often,
   pages holding only its pieces are noise. */
Engine.prototype.matchTerm = function (term, cache) {
  var whole = this.hits(term.key, cache)
  var units = whole.count >= FALLBACK_BELOW ? []
    : term.units.map(function (unit) { return this.hits(unit, cache, UNIT_POSITIONS) }, this)
  var unitTotal = units.reduce(function (sum, u) { return sum + u.idf }, 0)
  var scores = []
  for (var i = 0; i < this.docs.length; i++) {
    var hit = whole.hits[i]
    if (hit) {
      scores.push({ coverage: 1, relevance: whole.idf * weigh(hit), marks: [hit] })
      continue
    }
    var covered = 0, present = 0, relevance = 0, marks = []
    units.forEach(function (u) {
      if (!u.hits[i]) return
      covered += u.idf
      present++
      relevance += u.idf * weigh(u.hits[i])
      marks.push({ hit: u.hits[i], piece: true })
    })
    var coverage = unitTotal ? covered / unitTotal : 0
    scores.push(coverage >= PARTIAL_FLOOR && present >= PARTIAL_FLOOR * units.length
      ? { coverage: coverage * PARTIAL_WEIGHT, relevance: relevance * coverage / units.length,
          marks: marks, partial: true }
      : null)
  }
  return scores
}

/* Text frequency, saturated (as BM25 does), plus a bonus for a title or tag hit: a page
   whose title names the term is about it. */
function weigh(hit) {
  var tf = hit.text.length
  return tf / (tf + 1.2) + (hit.title.length ? TITLE_BONUS : 0) + (hit.tag ? TAG_BONUS : 0)
}

Engine.prototype.search = function (raw) {
  var terms = parseQuery(raw, this.fold)
  if (!terms.length) return { items: [] }
  var cache = Object.create(null)       /* keys are what readers type: no inherited names */
  var perTerm = terms.map(function (term) { return this.matchTerm(term, cache) }, this)
  var phrase = terms.length > 1 ? this.hits(terms.map(function (t) { return t.key }).join(""), cache)
    : null
  var floor = Math.min(0.3, 1 / terms.length) - 1e-9
  var entries = []
  for (var i = 0; i < this.docs.length; i++) {
    var coverage = 0, relevance = 0, marks = [], found = Object.create(null), covs = []
    for (var t = 0; t < terms.length; t++) {
      var score = perTerm[t][i]
      found[terms[t].text] = !!score && !score.partial
      covs.push(score ? score.coverage : 0)
      if (!score) continue
      coverage += score.coverage / terms.length
      relevance += score.relevance
      marks.push.apply(marks, score.marks)
    }
    if (coverage < floor) continue
    if (phrase && phrase.hits[i]) { relevance += phrase.idf; marks.push(phrase.hits[i]) }
    entries.push({ i: i, coverage: coverage, covs: covs, relevance: relevance, marks: marks,
                   terms: found })
  }
  return { items: this.group(entries), suggest: this.suggest ? [] : undefined }
}

/* Entries grouped by page, best page first; each group holds its article, as Material's
   result list expects. Pages rank by how much of the query they cover (terms may sit in
   different sections), then by their best section's relevance. */
Engine.prototype.group = function (entries) {
  var groups = Object.create(null), order = []
  entries.forEach(function (entry) {
    entry.score = (entry.coverage * 100 + entry.relevance) * this.docs[entry.i].boost
    var page = this.docs[entry.i].page
    if (!groups[page]) { groups[page] = []; order.push(page) }
    groups[page].push(entry)
  }, this)
  var self = this
  var ranked = order.map(function (page) {
    var list = groups[page].sort(function (a, b) { return b.score - a.score || a.i - b.i })
    var extra = list.slice(1).reduce(function (sum, e) { return sum + e.relevance }, 0)
    var covered = list[0].covs.map(function (_, t) {
      return Math.max.apply(null, list.map(function (e) { return e.covs[t] }))
    })
    var coverage = covered.reduce(function (sum, c) { return sum + c }, 0) / covered.length
    var boost = self.docs[list[0].i].boost
    return { page: page, list: list,
             rank: (coverage * 100 + list[0].relevance + Math.min(extra, 1) * 0.1) * boost }
  }).sort(function (a, b) { return b.rank - a.rank || a.list[0].i - b.list[0].i })
  return ranked.map(function (group, rank) {
    var list = rank < FULL_GROUPS ? group.list : group.list.slice(0, 1)
    var brief = rank >= SNIPPET_GROUPS
    var items = list.map(function (entry) { return self.render(entry, brief) })
    var article = self.pages[group.page]
    if (!group.list.some(function (entry) { return entry.i === article }))   /* its heading */
      items.push(self.render({ i: article, score: 0, marks: [], terms: {} }, true))
    return items
  })
}

/* One result as Material shows it: title and snippet as HTML; `brief`: no snippet. */
Engine.prototype.render = function (entry, brief) {
  var doc = this.docs[entry.i].doc
  var original = doc.restore || {}
  var item = {
    location: doc.location,
    title: markSpans(restore(doc.title || "", original.title), spans(entry.marks, "title")),
    text: brief ? "" : snippet(doc.text || "", original.text, entry.marks),
    score: entry.score,
    terms: entry.terms
  }
  if (doc.tags) item.tags = doc.tags.slice()
  return item
}

/* ------------------------------------------------------------------------- */

/* Match spans [start, end) in one field, merged where they overlap. */
function spans(marks, field) {
  var whole = [], pieces = []
  marks.forEach(function (mark) {
    var hit = mark.piece ? mark.hit : mark
    var list = mark.piece ? pieces : whole
    hit[field].forEach(function (at) { list.push([at, at + hit.length]) })
  })
  /* Pieces of a term (character pairs) are marked where they join into three characters
     or more: a lone pair inside another word would mark noise. */
  var joined = merge(pieces).filter(function (span) { return span[1] - span[0] > 2 })
  return merge(whole.concat(joined.length ? joined : merge(pieces)))
}

function merge(list) {
  list.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1] })
  var merged = []
  list.forEach(function (span) {
    var last = merged[merged.length - 1]
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1])
    else merged.push(span.slice())
  })
  return merged
}

/* `text` escaped for HTML, with the spans (offsets into `text`) marked. */
function markSpans(text, list) {
  var out = "", cursor = 0
  list.forEach(function (span) {
    var start = Math.max(span[0], cursor), end = Math.min(span[1], text.length)
    if (start >= end) return
    out += escapeHTML(text.slice(cursor, start)) + "<mark>" +
      escapeHTML(text.slice(start, end)) + "</mark>"
    cursor = end
  })
  return out + escapeHTML(text.slice(cursor))
}

/* A window of the text around the densest cluster of matches, with them marked: found
   in the folded text, shown in the original (restored for the window only). */
function snippet(folded, runs, marks) {
  var list = spans(marks, "text")
  if (!list.length) {
    var cut = folded.length > SNIPPET_CHARS
    return folded ? "<p>" + escapeHTML(restore(folded, runs, 0, SNIPPET_CHARS)) + (cut ? "…" : "") +
      "</p>" : ""
  }
  var best = 0, bestCount = 0
  for (var a = 0; a < list.length && a < MAX_POSITIONS; a++) {
    var count = 0
    for (var b = a; b < list.length && list[b][1] <= list[a][0] + SNIPPET_CHARS; b++) count++
    if (count > bestCount) { best = a; bestCount = count }
  }
  var start = Math.max(0, list[best][0] - SNIPPET_LEAD)
  var newline = folded.lastIndexOf("\n", list[best][0])
  if (newline >= start) start = newline + 1
  var end = Math.min(folded.length, start + SNIPPET_CHARS)
  var shifted = list.map(function (span) { return [span[0] - start, span[1] - start] })
  return "<p>" + (start > 0 ? "…" : "") +
    markSpans(restore(folded, runs, start, end), shifted).replace(/\n/g, " ") +
    (end < folded.length ? "…" : "") + "</p>"
}
