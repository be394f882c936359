/* Zhiku search, part 3 of 5: the documents, how well each matches a query, results
   grouped by page in Material's shape.

   Built to stay quick over tens of thousands of sections: a scan keeps only numbers per
   section (typed arrays: how often a key is in the text, whether it is in the title or
   tags), pages are ranked on those numbers, and only the pages a reader can see near the
   top are looked at again: their match positions found, marked and cut into snippets. The
   rest of the list (every matching page is still returned, so Material's count is right)
   shows titles only. */

var MAX_POSITIONS = 16                 /* occurrences counted per term and field */
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
var EXACT_TOP = 3                      /* pages known final before an answer is shown */
var LOAD_BATCH = 3                     /* chunks loaded at once, best bound first */
var SEARCH_BUDGET = 7                  /* chunks a query of several words loads before its
                                          first answer (pendingChunks), ~350 KB gzip */

function Engine(index) {
  this.fold = folder(foldTable(FOLD_MAP))             /* written first by search.py */
  this.suggest = !!(index.options && index.options.suggest)
  this.docs = []                       /* the index's entries, as given */
  this.titles = []                     /* folded at build time */
  this.texts = []
  this.tags = []                       /* folded here, one per line */
  this.boosts = []
  this.pageOf = []                     /* entry -> page number */
  this.pageFirst = []                  /* page number -> its first entry (the article) */
  this.pageNumbers = Object.create(null)
  this.order = []                      /* entry -> its place in the whole index: chunks
                                          come as queries need them, ties go by this */
  this.ranges = []                     /* {chunk, start, end}: entries as they came */
  this.chunkMap = null                 /* key -> chunks that hold it (search/map-NNN.js) */
  this.chunkCount = 0
  this.loaded = new Uint8Array(0)      /* chunk -> 1 once its entries are in */
  this.total = 0                       /* entries in the whole index, loaded or not */
  this.chunkBoosts = Object.create(null) /* chunk -> its best page's boost, when above 1 */
  this.add(index.docs || [], -1)
}

/* The index's chunks (`chunks`, holding `entries` entries) and map pieces (`pieces`), none
   loaded yet. Term weights count the whole index, so an answer does not depend on which
   chunks earlier queries happened to load. */
Engine.prototype.expect = function (chunks, entries, pieces, boosts) {
  this.chunkCount = chunks
  this.loaded = new Uint8Array(chunks)
  this.total = this.docs.length + entries
  this.chunkMap = pieces ? new ChunkMap(chunks, pieces) : null
  if (boosts && typeof boosts === "object") this.chunkBoosts = boosts
}

Engine.prototype.size = function () {
  return Math.max(this.total, this.docs.length)
}

Engine.prototype.addPiece = function (number, data) {
  if (this.chunkMap) this.chunkMap.add(number, data)
}

/* Every key a query's answer reads: its terms, as typed and with their numbers written
   otherwise, their pieces, the phrase they make. */
Engine.prototype.queryKeys = function (terms) {
  var keys = []
  terms.forEach(function (term) {
    keys.push(term.key)
    if (term.also) keys.push(term.also)
    keys.push.apply(keys, term.units)
  })
  if (terms.length > 1) keys.push(terms.map(function (t) { return t.key }).join(""))
  return keys
}

Engine.prototype.missingPieces = function (raw) {
  return this.chunkMap ? this.chunkMap.missing(this.queryKeys(parseQuery(raw, this.fold))) : []
}

/* The chunks not yet loaded that can change the answer to `raw`: those that can hold a
   term whole; once they are in, for a term found whole in fewer than FALLBACK_BELOW
   entries, those that can hold its pieces (matchTerm falls back to them). */
Engine.prototype.missingChunks = function (raw) {
  var terms = parseQuery(raw, this.fold), self = this
  var want = new Uint8Array(this.chunkCount)
  function need(key) {
    var flags = self.chunksHolding(key)
    for (var c = 0; c < want.length; c++) if (!flags || flags[c]) want[c] = 1
  }
  terms.forEach(function (term) {
    need(term.key)
    if (term.also) need(term.also)
  })
  var missing = wanted(this, want)
  if (missing.length) return missing
  var cache = Object.create(null)
  terms.forEach(function (term) {
    var whole = self.hits(term.key, cache).count + (term.also ? self.hits(term.also, cache).count : 0)
    if (whole < FALLBACK_BELOW) term.units.forEach(need)
  })
  return wanted(this, want)
}

/* The chunks to load next for `raw`: {chunks, cut}; no chunks when its answer can be given.
   With the chunk map's reaches, a word in most chunks need not load them all: the chunks
   that can hold every term are loaded best bound first (chunkBound), a few at a time
   (loadBatch), until the EXACT_TOP-th page found ranks above every chunk left (or ties
   it and comes first: ties go by index order). Term weights come from the map's counts,
   so what is found scores as with every chunk in. When no chunk left can hold a page with
   every term whole and none is found, the terms' pieces may count: every chunk that can
   hold them (missingChunks).
   A query of several words bounds a chunk by each word's best there, as if one section
   held them all at their best, which common words' chunks all reach: `budget` (chunks it
   may still load; Infinity: no limit) stops it early once EXACT_TOP pages holding every
   term are found. `cut` then says so: {searched, total}, chunks loaded and chunks that can
   hold every term; the answer is the best of those searched, not of the whole index. A
   single term or a phrase ignores the budget (its answer is always exact), and so does a
   query with fewer than EXACT_TOP such pages found (no "no results" while chunks that can
   hold one are left). */
Engine.prototype.pendingChunks = function (raw, round, budget) {
  var terms = parseQuery(raw, this.fold), map = this.chunkMap, self = this
  if (!terms.length) return { chunks: [], cut: null }
  if (!map) return { chunks: this.missingChunks(raw), cut: null }
  var codes = [], known = true
  terms.forEach(function (term) {
    var own = map.keyCodes(term.key, self.size()), also = term.also ? map.keyCodes(term.also, self.size()) : []
    if (!own || !also) known = false
    codes.push([own, also])
  })
  if (!known) return { chunks: this.missingChunks(raw), cut: null }
  var phrase = terms.length > 1 ? map.holding(terms.map(function (t) { return t.key }).join("")) : null
  var cache = Object.create(null)
  var weights = terms.map(function (term) { return self.termIdf(term, cache) })
  var phraseWeight = terms.length > 1 ? this.idfOf(terms.map(function (t) { return t.key }).join(""), cache) : 0
  var bounds = [], c
  for (c = 0; c < this.chunkCount; c++) {
    var bound = this.loaded[c] ? null : this.chunkBound(codes, weights, phrase, phraseWeight, c)
    if (bound) bounds.push({ chunk: c, bound: bound.bound, strict: bound.strict })
  }
  var scored = this.score(terms, cache), found = 0, left = bounds.length
  if (!scored.whole && !bounds.length) return { chunks: this.missingChunks(raw), cut: null }
  if (scored.whole) {
    var pages = wholeMatchesFirst(onePerStory(this, rankPages(this, scored.found, scored.query)))
    found = pages.length
    if (pages.length >= EXACT_TOP) {
      var third = pages[EXACT_TOP - 1], rank = third.rank, slack = Math.abs(rank) * 1e-12
      var before = Math.floor(this.order[third.best] / 1e7) - 1
      bounds = bounds.filter(function (b) {
        return b.bound > rank + slack || (!b.strict && b.bound >= rank - slack && b.chunk < before)
      })
    }
  }
  var batch = loadBatch(round || 0)
  if (terms.length > 1 && found >= EXACT_TOP && bounds.length && budget !== undefined) {
    if (budget <= 0) {
      var searched = 0                  /* the chunks loaded that can hold every term */
      for (c = 0; c < this.chunkCount; c++)
        if (this.loaded[c] && this.chunkBound(codes, weights, phrase, phraseWeight, c)) searched++
      return { chunks: [], cut: { searched: searched, total: searched + left } }
    }
    batch = Math.min(batch, budget)
  }
  return { chunks: bounds.sort(function (a, b) { return b.bound - a.bound || a.strict - b.strict || a.chunk - b.chunk })
    .slice(0, batch).map(function (b) { return b.chunk }), cut: null }
}

/* How many chunks a query's `round`-th load asks for: LOAD_BATCH for the first
   EVEN_ROUNDS loads (a word whose third page ties a common level needs a few chunks
   beyond those above it, not a batch twice as large), then doubling (a query whose bound
   stays loose loads most chunks in a few rounds, not hundreds, each scoring what is in). */
var EVEN_ROUNDS = 4

function loadBatch(round) {
  return round < EVEN_ROUNDS ? LOAD_BATCH : LOAD_BATCH * Math.pow(2, Math.min(round - EVEN_ROUNDS + 1, 10))
}

/* The most a page of chunk c can rank with every term whole (rankPages: coverage 1, its
   best entry's relevance, up to 0.1 for its other entries, its boost), {bound, strict};
   null when the chunk cannot hold every term. `codes`: per term, its keys' codes and its
   numbers written otherwise's (ChunkMap.keyCodes). One term: termRank. Several: each
   term's best reach there, as if one entry held them all at their best, and 0.1. */
Engine.prototype.chunkBound = function (codes, weights, phrase, phraseWeight, c) {
  var boost = typeof this.chunkBoosts[c] === "number" ? Math.max(this.chunkBoosts[c], 1) : 1
  if (codes.length === 1) {
    var own = termRank(codes[0][0], weights[0], c), also = termRank(codes[0][1], weights[0], c)
    if (!own && !also) return null
    var best = !also || own && own.rank >= also.rank ? own : also
    if (own && also && own.rank === also.rank) best = { rank: own.rank, strict: own.strict && also.strict }
    return { bound: best.rank * boost, strict: best.strict }
  }
  var weight = 0
  for (var t = 0; t < codes.length; t++) {
    var w = Math.max(termWeight(codes[t][0], c), termWeight(codes[t][1], c))
    if (w < 0) return null
    weight += weights[t] * w
  }
  if (phrase && phrase[c]) weight += phraseWeight
  return { bound: (codes.length / codes.length * 100 + weight + 1 * 0.1) * boost, strict: false }
}

/* The most an entry of chunk c can weigh for a term, with a page's other entries: the
   least of its keys' reaches; -1: it cannot hold it. */
function termWeight(keys, c) {
  if (!keys.length) return -1
  var least = Infinity
  for (var k = 0; k < keys.length; k++) {
    var code = keys[k].code[c]
    if (code < 0) return -1
    least = Math.min(least, codeReach(code, keys[k].idf))
  }
  return least
}

/* The most a page of chunk c can rank for a one-term query of weight `idf`, before its
   boost, and whether it must rank lower (`strict`): the least over the term's keys of
   their reach there. A reach is at the key's own weight; at a lower one the other
   entries' 0.1 weighs more (`gap`). An exact reach (a page whose other entries give the
   whole 0.1 at the key's weight) bounds, at the term's weight if not above the key's (the
   rarest key's is the term's, without its numbers written otherwise), every page there
   by its level's weight and the whole 0.1, computed as rankPages computes a rank, so that
   a tie goes by index order. null: the chunk cannot hold it. */
function termRank(keys, idf, c) {
  if (!keys.length) return null
  var least = Infinity, strict = false
  for (var k = 0; k < keys.length; k++) {
    var key = keys[k], code = key.code[c], own = key.idf, rank, isStrict = !!key.strict[c]
    if (code < 0) return null
    if (code >= TAIL) continue
    var capped = key.tail[c] ? key.capped : null
    if (capped && code < EXACT_CODE) {
      /* a chunk not listed, below a rounded tail: its pages that reach their level
         exactly reach no higher than the capped tail; the others' 0.1 is in their reach */
      rank = 100 + idf * codeReach(code, own)
      if (capped.code >= 0) {
        var exact = levelRank(capped.code, idf, own), exactStrict = c < capped.chunk
        if (exact > rank || exact === rank && !exactStrict) { rank = exact; isStrict = exactStrict }
      }
    } else rank = levelRank(code, idf, own)
    if (rank < least) { least = rank; strict = isStrict }
    else if (rank === least && isStrict) strict = true
  }
  return { rank: least, strict: strict }
}

/* termRank of one code: an exact level as rankPages computes it (at a weight not above the
   key's own), else the reach and what other entries' 0.1 can add at a lower weight. */
function levelRank(code, idf, own) {
  if (code >= EXACT_CODE && code < TAIL && idf <= own)
    return 1 / 1 * 100 + (0 + idf * levelWeight(code - EXACT_CODE)) + 1 * 0.1
  return 100 + idf * codeReach(code, own) + Math.max(0, 0.1 * (1 - idf / own))
}

function wanted(engine, want) {
  var list = []
  for (var c = 0; c < want.length; c++) if (want[c] && !engine.loaded[c]) list.push(c)
  return list
}

/* A chunk's entries (or the index's own, chunk -1). A chunk holds the original text,
   folded here (folding keeps lengths: a match in the folded text is one at the same place
   in the original); an entry with `restore` runs (slim_index's, given directly) is folded
   already. A section's address may be its page's ("#anchor"), and it shares its page's
   PAGE_FIELDS unless it has its own (null: none). */
var PAGE_FIELDS = ["tags", "story", "sources"]

Engine.prototype.add = function (docs, chunk) {
  var start = this.docs.length, pageDoc = null
  if (chunk >= 0) this.loaded[chunk] = 1
  for (var i = 0; i < docs.length; i++) {
    var doc = docs[i]
    if (typeof doc.location !== "string") doc.location = ""
    if (doc.location.charAt(0) === "#" && pageDoc) {
      doc.location = pageDoc.location.split("#")[0] + doc.location
      PAGE_FIELDS.forEach(function (field) {
        if (!(field in doc)) { if (field in pageDoc) doc[field] = pageDoc[field] }
        else if (doc[field] === null) delete doc[field]
      })
    } else if (doc.location.indexOf("#") < 0) pageDoc = doc
    var page = doc.location.split("#")[0]
    if (!(page in this.pageNumbers)) {
      this.pageNumbers[page] = this.pageFirst.length
      this.pageFirst.push(this.docs.length)
    }
    this.pageOf.push(this.pageNumbers[page])
    this.order.push((chunk + 1) * 1e7 + i)
    this.docs.push(doc)
    var folded = !!doc.restore
    this.titles.push(folded ? doc.title || "" : this.fold(doc.title || ""))
    this.texts.push(folded ? doc.text || "" : this.fold(doc.text || ""))
    this.tags.push(doc.tags && doc.tags.length ? this.fold(doc.tags.join("\n")) : "")
    this.boosts.push(typeof doc.boost === "number" ? doc.boost : 1)
  }
  /* chunk -1: given with the index itself, always scanned */
  if (docs.length) this.ranges.push({ chunk: chunk, start: start, end: this.docs.length })
}

/* Where one key is, as counts per entry: `found` (in title, text or tags), `tf` (times in
   the text, up to `cap`), `title` and `tag` (0 or 1); `count` entries found. Chunks the
   map rules out are not scanned. */
Engine.prototype.hits = function (key, cache, cap) {
  if (cache[key]) return cache[key]
  cap = cap || MAX_POSITIONS
  var n = this.docs.length, chunks = this.chunksHolding(key)
  var found = new Uint8Array(n), tf = new Uint8Array(n), title = new Uint8Array(n)
  var tag = new Uint8Array(n), count = 0
  var titles = this.titles, texts = this.texts, tags = this.tags
  for (var r = 0; r < this.ranges.length; r++) {
    var range = this.ranges[r]
    if (chunks && range.chunk >= 0 && !chunks[range.chunk]) continue
    for (var i = range.start; i < range.end; i++) {
      var inText = countOf(texts[i], key, cap), inTitle = countOf(titles[i], key, 1)
      var inTags = tags[i] !== "" && tags[i].indexOf(key) !== -1
      if (!inText && !inTitle && !inTags) continue
      found[i] = 1
      tf[i] = inText
      title[i] = inTitle
      tag[i] = inTags ? 1 : 0
      count++
    }
  }
  return (cache[key] = { key: key, cap: cap, found: found, tf: tf, title: title, tag: tag,
                         count: count, idf: Math.log(1 + this.size() / (count + 1)) })
}

/* Text frequency, saturated (as BM25 does), plus a bonus for a title or tag hit: a page
   whose title names the term is about it. */
function weigh(hits, i) {
  var tf = hits.tf[i]
  return tf / (tf + 1.2) + (hits.title[i] ? TITLE_BONUS : 0) + (hits.tag[i] ? TAG_BONUS : 0)
}

/* How well each entry matches one term: coverage 1 whole, (0, PARTIAL_WEIGHT] by its
   pairs (`partial`), 0 not at all; and its relevance. The pairs are tried only when
   `pieces` (search: no page holds every term whole) and for a term found whole in few
   places: when it is found often, pages holding only its pieces are noise. */
Engine.prototype.matchTerm = function (term, cache, pieces) {
  var n = this.docs.length
  var whole = this.hits(term.key, cache)
  var also = term.also ? this.hits(term.also, cache) : null
  var wholeCount = whole.count + (also ? also.count : 0)
  var units = !pieces || wholeCount >= FALLBACK_BELOW ? [] : this.unitHits(term.units, cache)
  var unitTotal = units.reduce(function (sum, u) { return sum + u.idf }, 0)
  var idf = this.termIdf(term, cache)
  var coverage = new Float64Array(n), relevance = new Float64Array(n), partial = new Uint8Array(n)
  for (var i = 0; i < n; i++) {
    var inWhole = whole.found[i], inAlso = also && also.found[i]
    if (inWhole || inAlso) {            /* the term as typed, or its numbers written otherwise */
      coverage[i] = 1
      relevance[i] = idf * Math.max(inWhole ? weigh(whole, i) : 0, inAlso ? weigh(also, i) : 0)
      continue
    }
    if (!units.length) continue
    var covered = 0, present = 0, weight = 0
    for (var u = 0; u < units.length; u++) {
      if (!units[u].found[i]) continue
      covered += units[u].idf
      present++
      weight += units[u].idf * weigh(units[u], i)
    }
    var share = unitTotal ? covered / unitTotal : 0
    if (share >= PARTIAL_FLOOR && present >= PARTIAL_FLOOR * units.length) {
      coverage[i] = share * PARTIAL_WEIGHT
      relevance[i] = weight * share / units.length
      partial[i] = 1
    }
  }
  return { text: term.text, whole: whole, also: also, units: units,
           coverage: coverage, relevance: relevance, partial: partial }
}

Engine.prototype.search = function (raw) {
  var terms = parseQuery(raw, this.fold)
  if (!terms.length) return { items: [] }
  var scored = this.score(terms, Object.create(null))   /* keys are what readers type */
  return { items: this.group(scored.found, scored.query), suggest: this.suggest ? [] : undefined }
}

/* Every entry's coverage and relevance for the terms, and `found`, those that pass.
   Pages that hold every term whole, when there are any, are the answer
   (wholeMatchesFirst), so the terms' pieces are tried only when no page does: then they
   rank the pages holding part of the query. `whole`: some page holds every term whole. */
Engine.prototype.score = function (terms, cache) {
  var scored = this.scoreWith(terms, cache, false)
  if (scored.whole) return scored
  return this.scoreWith(terms, cache, true)
}

Engine.prototype.scoreWith = function (terms, cache, pieces) {
  var matches = terms.map(function (term) { return this.matchTerm(term, cache, pieces) }, this)
  var phraseKey = terms.map(function (t) { return t.key }).join("")
  var phrase = terms.length > 1 ? this.hits(phraseKey, cache) : null
  var phraseIdf = phrase ? this.idfOf(phraseKey, cache) : 0
  var floor = Math.min(0.3, 1 / terms.length) - 1e-9
  var n = this.docs.length, found = [], passed = new Uint8Array(n)
  var coverage = new Float64Array(n), relevance = new Float64Array(n)
  for (var i = 0; i < n; i++) {
    var covered = 0, weight = 0
    for (var t = 0; t < matches.length; t++) {
      var share = matches[t].coverage[i]
      if (!share) continue
      covered += share / terms.length
      weight += matches[t].relevance[i]
    }
    if (covered < floor) continue
    if (phrase && phrase.found[i]) weight += phraseIdf
    coverage[i] = covered
    relevance[i] = weight
    passed[i] = 1
    found.push(i)
  }
  var query = { matches: matches, phrase: phrase, coverage: coverage, relevance: relevance,
                passed: passed }
  return { found: found, query: query, whole: holdsEveryTerm(this, found, matches) }
}

/* Whether some page holds every term whole (in one section or several). */
function holdsEveryTerm(engine, found, matches) {
  var seen = new Map(), all = (1 << matches.length) - 1
  for (var k = 0; k < found.length; k++) {
    var i = found[k], bits = 0
    for (var t = 0; t < matches.length; t++) if (matches[t].coverage[i] >= 1 - 1e-9) bits |= 1 << t
    if (!bits) continue
    var page = engine.pageOf[i], have = (seen.get(page) || 0) | bits
    if (have === all) return true
    seen.set(page, have)
  }
  return false
}

/* How many entries hold `key`, for its weight: the chunk map's count when it has one (the
   same whichever chunks are in; exact for a two-character Chinese term, at most the
   fewest of its pairs' for a longer one), else those loaded that hold it (then all that
   hold it are in). */
Engine.prototype.frequency = function (key, cache) {
  var known = this.chunkMap ? this.chunkMap.frequency(key) : null
  if (known !== null) return known
  return this.hits(key, cache || Object.create(null)).count
}

Engine.prototype.idfOf = function (key, cache) {
  return Math.log(1 + this.size() / (this.frequency(key, cache) + 1))
}

/* A term's weight: as typed and with its numbers written otherwise, counted together. */
Engine.prototype.termIdf = function (term, cache) {
  var count = this.frequency(term.key, cache)
  if (term.also) count += this.frequency(term.also, cache)
  return Math.log(1 + this.size() / (count + 1))
}

/* The found entries grouped by page, best page first; each group holds its article, as
   Material's result list expects. Pages rank by how much of the query they cover (terms
   may sit in different sections), then by their best section's relevance. */
Engine.prototype.group = function (found, query) {
  var pages = wholeMatchesFirst(onePerStory(this, rankPages(this, found, query)))
  var lists = fullLists(this, found, query, pages)
  var self = this
  return pages.map(function (group, rank) {
    var list = lists[group.page] || [group.best]
    var brief = rank >= SNIPPET_GROUPS
    var items = list.map(function (i) { return self.render(i, query, brief) })
    var article = self.pageFirst[group.page]
    if (!query.passed[article]) items.push(self.render(article, null, true))   /* its heading */
    var sources = storySources(self, article)
    if (sources) items.forEach(function (item) {
      if (item.location.indexOf("#") < 0)
        item.title += ' <span class="zk-search-sources">' + escapeHTML(sources) + "</span>"
    })
    return items
  })
}

/* Pages that hold every term of the query whole, when there are any: then a page that
   lacks a term, or holds one only in pieces ("缺少: 服务生态"), is no answer worth showing. */
function wholeMatchesFirst(pages) {
  var whole = pages.filter(function (group) {
    return group.covered.every(function (c) { return c >= 1 - 1e-9 })
  })
  return whole.length ? whole : pages
}

/* A story saved from several sources is one result: its best ranked copy stands for it
   (pages come best first), the others are dropped. */
function onePerStory(engine, pages) {
  var seen = Object.create(null)
  return pages.filter(function (group) {
    var story = engine.storyOf(group.page)
    if (seen[story]) return false
    seen[story] = true
    return true
  })
}

/* What page number `page` stands for among results: its story if it is a copy of one (the
   copies share `story`, search.py read_stories), else itself. */
Engine.prototype.storyOf = function (page) {
  var story = this.docs[this.pageFirst[page]].story
  return typeof story === "string" ? "story " + story : "page " + page
}

/* "另有 N 个来源" for a copy of a story (every copy carries the label). */
function storySources(engine, article) {
  var doc = engine.docs[article]
  return typeof doc.story === "string" && typeof doc.sources === "string" ? doc.sources : ""
}

function entryScore(engine, query, i) {
  return (query.coverage[i] * 100 + query.relevance[i]) * engine.boosts[i]
}

/* One record per page found: its best entry, its rank; best first. */
function rankPages(engine, found, query) {
  var slots = new Int32Array(engine.pageFirst.length).fill(-1), pages = []
  var terms = query.matches.length
  for (var k = 0; k < found.length; k++) {
    var i = found[k], page = engine.pageOf[i], score = entryScore(engine, query, i)
    var group = slots[page] >= 0 ? pages[slots[page]] : null
    if (!group) {
      slots[page] = pages.length
      group = { page: page, best: i, score: score, total: 0, covered: new Float64Array(terms) }
      pages.push(group)
    } else if (score > group.score ||   /* equal scores: the earlier entry stays first */
               score === group.score && engine.order[i] < engine.order[group.best]) {
      group.best = i
      group.score = score
    }
    group.total += query.relevance[i]
    for (var t = 0; t < terms; t++)
      group.covered[t] = Math.max(group.covered[t], query.matches[t].coverage[i])
  }
  pages.forEach(function (group) {
    var coverage = group.covered.reduce(function (sum, c) { return sum + c }, 0) / terms
    var best = query.relevance[group.best], extra = group.total - best
    group.rank = (coverage * 100 + best + Math.min(extra, 1) * 0.1) * engine.boosts[group.best]
  })
  return pages.sort(function (a, b) {
    return b.rank - a.rank || engine.order[a.best] - engine.order[b.best]
  })
}

/* page -> all its found entries, best first, for the first FULL_GROUPS pages. */
function fullLists(engine, found, query, pages) {
  var lists = Object.create(null)
  pages.slice(0, FULL_GROUPS).forEach(function (group) { lists[group.page] = [] })
  found.forEach(function (i) {
    var list = lists[engine.pageOf[i]]
    if (list) list.push(i)
  })
  Object.keys(lists).forEach(function (page) {
    lists[page].sort(function (a, b) {
      return entryScore(engine, query, b) - entryScore(engine, query, a) ||
        engine.order[a] - engine.order[b]
    })
  })
  return lists
}

/* One result as Material shows it: title and snippet as HTML; `brief`: no snippet. The
   positions of the matches are found here, for the entries shown only. `query` null: a
   page's heading shown with its sections. */
Engine.prototype.render = function (i, query, brief) {
  var doc = this.docs[i]
  var original = doc.restore || {}
  var marks = query ? this.marks(i, query, brief) : []
  var terms = {}
  if (query) query.matches.forEach(function (m) { terms[m.text] = !!m.coverage[i] && !m.partial[i] })
  var item = {
    location: doc.location,
    title: markSpans(restore(doc.title || "", original.title), spans(marks, "title")),
    text: brief ? "" : snippet(doc.text || "", original.text, marks),
    score: query ? entryScore(this, query, i) : 0,
    terms: terms
  }
  if (doc.location.indexOf("#") < 0) {     /* the page's own result: its date and tags, once */
    if (typeof doc.date === "string" && doc.date)
      item.title += ' <span class="zk-search-date">' + escapeHTML(doc.date) + "</span>"
    if (doc.tags) item.tags = doc.tags.slice()
  }
  return item
}

/* The matches of entry i as marks: each whole term (as typed and with its numbers written
   otherwise), the pairs of a term found only in pieces, the phrase. */
Engine.prototype.marks = function (i, query, titleOnly) {
  var marks = [], self = this
  function mark(hits) {
    return { title: occurrences(self.titles[i], hits.key, hits.cap),
             text: titleOnly ? [] : occurrences(self.texts[i], hits.key, hits.cap),
             length: hits.key.length }
  }
  query.matches.forEach(function (m) {
    if (!m.coverage[i]) return
    if (!m.partial[i]) {
      if (m.whole.found[i]) marks.push(mark(m.whole))
      if (m.also && m.also.found[i]) marks.push(mark(m.also))
    } else m.units.forEach(function (u) { if (u.found[i]) marks.push({ hit: mark(u), piece: true }) })
  })
  if (query.phrase && query.phrase.found[i]) marks.push(mark(query.phrase))
  return marks
}
