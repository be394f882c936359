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
 * Here both sides are folded to one script and one case, character by character (the map
 * comes with the index, built from OpenCC), and a query term is found as a substring:
 * a phrase finds the text that contains it, in either script. A Chinese term found
 * nowhere whole falls back to its character pairs, scored by how much of it they cover.
 * Folding keeps every string's length, so a match in the folded copy is a match at the
 * same place in the original text, which is what the reader is shown.
 */
"use strict"

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3

var SNIPPET_CHARS = 120                /* snippet length around the best match */
var SNIPPET_LEAD = 24                  /* context shown before the first match */
var MAX_POSITIONS = 64                 /* occurrences kept per term and field */
var PARTIAL_FLOOR = 0.5                /* pair coverage below this is no match */
var PARTIAL_WEIGHT = 0.6               /* a covered term counts less than a whole one */
var TITLE_BONUS = 2                    /* a title hit weighs as much as two texts full of hits */
var TAG_BONUS = 1

var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/
var TERM_SPLIT = /[^\p{L}\p{N}\p{M}\-_.·+#&/@%']+/u
var TERM_TRIM = /^[\-_.·+#&/@%']+|[\-_.·+#&/@%']+$/g
var ASCII_WORD = /[0-9a-z]/

var engine = null

addEventListener("message", function (ev) {
  var message = ev.data
  if (message.type === SETUP) {
    engine = new Engine(message.data)
    postMessage({ type: READY })
  } else if (message.type === QUERY) {
    postMessage({ type: RESULT, data: engine ? engine.search(message.data) : { items: [] } })
  }
})

/* ------------------------------------------------------------------------- */

/* A character map folding script (pairs "TsTs..." from the index), case and width. */
function foldTable(pairs) {
  var table = new Uint16Array(65536)
  for (var c = 0; c < 65536; c++) {
    table[c] = c
    if (c >= 0xd800 && c < 0xe000) continue
    var lower = String.fromCharCode(c).toLowerCase()
    if (lower.length === 1) table[c] = lower.charCodeAt(0)
  }
  for (c = 0xff01; c <= 0xff5e; c++) table[c] = table[c - 0xfee0]   /* full-width ASCII */
  table[0x3000] = table[0xa0] = 0x20
  for (var i = 0; i + 1 < pairs.length; i += 2)
    table[pairs.charCodeAt(i)] = pairs.charCodeAt(i + 1)
  return table
}

function folder(table) {
  return function (text) {
    var parts = []
    for (var start = 0; start < text.length; start += 4096) {
      var end = Math.min(text.length, start + 4096)
      var codes = new Uint16Array(end - start)
      for (var i = start; i < end; i++) codes[i - start] = table[text.charCodeAt(i)]
      parts.push(String.fromCharCode.apply(null, codes))
    }
    return parts.join("")
  }
}

function escapeHTML(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
}

/* ------------------------------------------------------------------------- */

/* Query terms: quoted phrases kept whole, the rest split at spaces and punctuation. */
function parseQuery(raw, fold) {
  var terms = [], seen = {}
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
  return terms
}

/* What a Chinese term falls back to when it is found nowhere whole: its character
   pairs (a lone character stays itself) and its non-Chinese runs. */
function fallbackUnits(key) {
  if (!HAN.test(key) || key.length < 3) return []
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
function occurrences(hay, key) {
  var found = [], wordStart = ASCII_WORD.test(key[0])
  for (var at = hay.indexOf(key); at !== -1; at = hay.indexOf(key, at + 1)) {
    if (wordStart && at > 0 && ASCII_WORD.test(hay[at - 1])) continue
    found.push(at)
    if (found.length === MAX_POSITIONS) break
  }
  return found
}

/* ------------------------------------------------------------------------- */

function Engine(index) {
  var config = index.config || {}
  this.fold = folder(foldTable(config.fold || ""))
  this.suggest = !!(index.options && index.options.suggest)
  this.docs = []
  var pages = {}
  for (var i = 0; i < index.docs.length; i++) {
    var doc = index.docs[i]
    var page = doc.location.split("#")[0]
    if (!(page in pages)) pages[page] = i
    this.docs.push({
      doc: doc,
      page: page,
      title: this.fold(doc.title || ""),
      text: this.fold(doc.text || ""),
      tags: this.fold((doc.tags || []).join("\n")),
      boost: typeof doc.boost === "number" ? doc.boost : 1
    })
  }
  this.pages = pages                   /* page location -> index of its article entry */
}

/* Hits of one key in every entry: [{title: [...], text: [...]}|null], and how many hit. */
Engine.prototype.hits = function (key, cache) {
  if (cache[key]) return cache[key]
  var hits = [], count = 0
  for (var i = 0; i < this.docs.length; i++) {
    var entry = this.docs[i]
    var title = occurrences(entry.title, key), text = occurrences(entry.text, key)
    var tag = entry.tags && entry.tags.indexOf(key) !== -1
    hits.push(title.length || text.length || tag
      ? { title: title, text: text, tag: tag, length: key.length } : null)
    if (hits[i]) count++
  }
  return (cache[key] = { hits: hits, idf: Math.log(1 + this.docs.length / (count + 1)) })
}

/* How well each entry matches one term: 1 whole, (0, PARTIAL_WEIGHT] by its pairs. */
Engine.prototype.matchTerm = function (term, cache) {
  var whole = this.hits(term.key, cache)
  var units = term.units.map(function (unit) { return this.hits(unit, cache) }, this)
  var unitTotal = units.reduce(function (sum, u) { return sum + u.idf }, 0)
  var scores = []
  for (var i = 0; i < this.docs.length; i++) {
    var hit = whole.hits[i]
    if (hit) {
      scores.push({ coverage: 1, relevance: whole.idf * weigh(hit), marks: [hit] })
      continue
    }
    var covered = 0, relevance = 0, marks = []
    units.forEach(function (u) {
      if (!u.hits[i]) return
      covered += u.idf
      relevance += u.idf * weigh(u.hits[i])
      marks.push(u.hits[i])
    })
    var coverage = unitTotal ? covered / unitTotal : 0
    scores.push(coverage >= PARTIAL_FLOOR
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
  var cache = {}
  var perTerm = terms.map(function (term) { return this.matchTerm(term, cache) }, this)
  var phrase = terms.length > 1 ? this.hits(terms.map(function (t) { return t.key }).join(""), cache)
    : null
  var floor = Math.min(0.3, 1 / terms.length) - 1e-9
  var entries = []
  for (var i = 0; i < this.docs.length; i++) {
    var coverage = 0, relevance = 0, marks = [], found = {}, covs = []
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
  var groups = {}, order = []
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
  return ranked.map(function (group) {
    var items = group.list.map(function (entry) { return self.render(entry) })
    var article = self.pages[group.page]
    if (!group.list.some(function (entry) { return entry.i === article }))
      items.push(self.render({ i: article, score: 0, marks: [], terms: {} }))
    return items
  })
}

Engine.prototype.render = function (entry) {
  var doc = this.docs[entry.i].doc
  var item = {
    location: doc.location,
    title: highlightAll(doc.title || "", entry.marks, "title"),
    text: snippet(doc.text || "", entry.marks),
    score: entry.score,
    terms: entry.terms
  }
  if (doc.tags) item.tags = doc.tags.slice()
  return item
}

/* ------------------------------------------------------------------------- */

/* Match spans [start, end) in one field, merged where they overlap. */
function spans(marks, field) {
  var list = []
  marks.forEach(function (hit) {
    var length = hit.length
    hit[field].forEach(function (at) { list.push([at, at + length]) })
  })
  list.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1] })
  var merged = []
  list.forEach(function (span) {
    var last = merged[merged.length - 1]
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1])
    else merged.push(span.slice())
  })
  return merged
}

function markSpans(text, list, from, to) {
  var out = "", cursor = from
  list.forEach(function (span) {
    var start = Math.max(span[0], from), end = Math.min(span[1], to)
    if (start >= end || start < cursor) return
    out += escapeHTML(text.slice(cursor, start)) + "<mark>" +
      escapeHTML(text.slice(start, end)) + "</mark>"
    cursor = end
  })
  return out + escapeHTML(text.slice(cursor, to))
}

function highlightAll(text, marks, field) {
  return markSpans(text, spans(marks, field), 0, text.length)
}

/* A window of the text around the densest cluster of matches, with them marked. */
function snippet(text, marks) {
  var list = spans(marks, "text")
  if (!list.length) {
    var cut = text.length > SNIPPET_CHARS
    return text ? "<p>" + escapeHTML(text.slice(0, SNIPPET_CHARS)) + (cut ? "…" : "") + "</p>" : ""
  }
  var best = 0, bestCount = 0
  for (var a = 0; a < list.length && a < MAX_POSITIONS; a++) {
    var count = 0
    for (var b = a; b < list.length && list[b][1] <= list[a][0] + SNIPPET_CHARS; b++) count++
    if (count > bestCount) { best = a; bestCount = count }
  }
  var start = Math.max(0, list[best][0] - SNIPPET_LEAD)
  var newline = text.lastIndexOf("\n", list[best][0])
  if (newline >= start) start = newline + 1
  var end = Math.min(text.length, start + SNIPPET_CHARS)
  return "<p>" + (start > 0 ? "…" : "") + markSpans(text, list, start, end).replace(/\n/g, " ") +
    (end < text.length ? "…" : "") + "</p>"
}
