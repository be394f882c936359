/* Zhiku search, part 3 of 5: the documents, how well each matches a query, results
   grouped by page in Material's shape. */

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

function Engine(index) {
  this.fold = folder(foldTable(FOLD_PAIRS))             /* written first by search.py */
  this.suggest = !!(index.options && index.options.suggest)
  this.docs = []
  this.pages = Object.create(null)     /* page location -> index of its article entry */
  this.chunkMap = null                 /* key -> chunks that hold it (search/pairs.js) */
  this.add(index.docs || [], -1)
}

Engine.prototype.add = function (docs, chunk) {
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
      boost: typeof doc.boost === "number" ? doc.boost : 1,
      chunk: chunk                     /* -1: given with the index itself, always scanned */
    })
  }
}

/* Hits of one key in every entry: [{title: [...], text: [...]}|null], and how many hit. */
Engine.prototype.hits = function (key, cache, cap) {
  if (cache[key]) return cache[key]
  var hits = [], count = 0, chunks = this.chunksHolding(key)
  cap = cap || MAX_POSITIONS
  for (var i = 0; i < this.docs.length; i++) {
    var entry = this.docs[i]
    if (chunks && entry.chunk >= 0 && !chunks[entry.chunk]) { hits.push(null); continue }
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
  var also = term.also ? this.hits(term.also, cache) : { hits: [], count: 0 }
  var units = whole.count + also.count >= FALLBACK_BELOW ? []
    : term.units.map(function (unit) { return this.hits(unit, cache, UNIT_POSITIONS) }, this)
  var unitTotal = units.reduce(function (sum, u) { return sum + u.idf }, 0)
  var idf = Math.log(1 + this.docs.length / (whole.count + also.count + 1))
  var scores = []
  for (var i = 0; i < this.docs.length; i++) {
    var hit = whole.hits[i], other = also.hits[i]
    if (hit || other) {                 /* the term as typed, or its numbers written otherwise */
      var best = hit && other ? (weigh(hit) >= weigh(other) ? hit : other) : hit || other
      scores.push({ coverage: 1, relevance: idf * weigh(best), marks: [hit, other].filter(Boolean) })
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
