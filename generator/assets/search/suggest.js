/* Zhiku search, part 6: what to try when a query finds nothing (issue 17, item 5).

   An answer without hits carries at most SUGGEST_MAX suggestions, each a search that finds
   something, in a fixed order:
   - the query as the site writes it, where folding cannot bridge the two scripts (the fold
     maps 著 to itself, so 随着 misses a site that writes 隨著; SCRIPT_ALTERNATES, written by
     search.py from OpenCC's tables, lists those characters' other forms);
   - words of the index one edit away from a query term (冰墩敦 -> 冰墩墩; near.js);
   - the longest parts of a term that some page holds (冬奥会火锅店 -> 冬奥会);
   - the site's tags that share the query's character pairs (双十一购物 -> 双十一).
   Every suggestion but a tag is found in a chunk's text and shown as the page writes it
   (restored from the folded index, so in the site's script); a tag is on its pages.

   Traffic: the map pieces of the query's other-script forms, and for each candidate the
   first CONFIRM_CHUNKS chunks the map says can hold it, while all candidates' chunks
   together stay within SUGGEST_BUDGET chunks; a candidate the map rules out costs nothing.
   A candidate is looked for in those chunks only (never in whatever earlier queries
   loaded), so the same query gets the same suggestions.

   What it reads of the engine: parseQuery and fold, the folded titles, texts and tags,
   docs (their original text or restore runs, tags), order, ranges ({chunk, start, end}),
   chunkCount, loaded, chunksHolding and chunkMap.missing; of the worker: engine, site
   (its tags), mapItem and chunkItem. */

var SUGGEST_MAX = 5
var SUGGEST_QUOTA = { script: 2, near: 2, part: 2, tag: 3 }
var SUGGEST_BUDGET = 6                 /* chunks read for all candidates of a query */
var SUGGEST_ROUNDS = 3                 /* rounds of loading for one query, at most */
var CONFIRM_CHUNKS = 2                 /* chunks a candidate is looked for in */
var SUGGEST_LOOKS = 300                /* candidates looked for, at most (a query of many long terms) */
var SUGGEST_VARIANTS = 4               /* other-script forms of a term tried */
var PART_TERM_MAX = 16                 /* longer terms (a pasted sentence) get no parts */
var NEAR_KEYS = 6                      /* terms and forms of them near words are looked for */
var TAG_SIMILARITY = 0.34              /* Dice coefficient of character pairs, at least */
var HAN_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}/g
var ALL_HAN = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$/
var LATIN_WORD = /^[0-9a-z]{4,}$/
var PENDING = { pending: true }

/* The terms a query's suggestions start from: each with its other-script forms. */
Engine.prototype.suggestionSources = function (raw) {
  return parseQuery(raw, this.fold).map(function (term) {
    return { key: term.key, variants: scriptVariants(term.key) }
  })
}

/* `key` with characters the fold leaves apart from their other script's form (着/著,
   卫/衞) replaced, in every combination up to SUGGEST_VARIANTS, nearest first. */
function scriptVariants(key) {
  var table = typeof SCRIPT_ALTERNATES === "object" && SCRIPT_ALTERNATES ? SCRIPT_ALTERNATES : {}
  var forms = [key]
  for (var i = 0; i < key.length; i++) {
    var others = Object.prototype.hasOwnProperty.call(table, key[i]) ? table[key[i]] : ""
    if (!others) continue
    var more = []
    forms.forEach(function (form) {
      for (var a = 0; a < others.length; a++) more.push(form.slice(0, i) + others[a] + form.slice(i + 1))
    })
    forms = forms.concat(more).slice(0, SUGGEST_VARIANTS + 1)
  }
  return forms.slice(1)
}

/* What to load before suggesting for `raw`: {pieces, chunks} not yet loaded (empty when
   everything the suggestions read is in). */
Engine.prototype.suggestLoads = function (raw) {
  var sources = this.suggestionSources(raw), keys = []
  sources.forEach(function (source) { keys.push.apply(keys, source.variants) })
  var pieces = this.chunkMap ? this.chunkMap.missing(keys) : []
  if (pieces.length) return { pieces: pieces, chunks: [] }
  var walk = this.suggestWalk(raw, false)
  return { pieces: [], chunks: walk.want }
}

/* The suggestions for `raw` (a query without hits): [{text, kind}], best first. */
Engine.prototype.suggestions = function (raw) {
  return this.suggestWalk(raw, true).found
}

/* The candidates in their order, each looked for in its chunks. `last`: chunks not in
   now are not waited for (the candidates that need them are dropped). */
Engine.prototype.suggestWalk = function (raw, last) {
  var self = this, budget = new SuggestBudget(this, last), looks = 0
  var lists = { script: [], near: [], part: [], tag: [] }
  function look(key) {
    if (++looks > SUGGEST_LOOKS) return null
    var chunks = budget.reserve(self.confirmChunks(key))
    return chunks === null || chunks === PENDING ? chunks : self.foundIn(key, chunks)
  }
  /* a term whose other-script form is found needs nothing else */
  var sources = this.suggestionSources(raw).filter(function (source) {
    var whole = source.variants.map(look).filter(function (found) { return found })
    lists.script.push.apply(lists.script, whole.filter(function (found) { return found !== PENDING }))
    return !whole.length
  })
  var keys = []
  sources.forEach(function (source) { keys.push(source.key); keys.push.apply(keys, source.variants) })
  keys.forEach(function (key) { lists.part.push.apply(lists.part, self.longestParts(key, look)) })
  keys.slice(0, NEAR_KEYS).forEach(function (key) { lists.near.push.apply(lists.near, self.nearWords(key, budget)) })
  lists.near.sort(byNearness)
  lists.tag = this.closeTags(keys)
  return { want: budget.want.sort(function (a, b) { return a - b }),
           found: pickSuggestions(lists, raw, this.fold) }
}

/* The chunks a query's candidates read, SUGGEST_BUDGET at most (counted whether loaded or
   not, so that which candidates are looked at does not depend on earlier queries), and
   those of them not loaded yet (`want`). */
function SuggestBudget(engine, last) {
  this.engine = engine
  this.last = last
  this.used = Object.create(null)
  this.count = 0
  this.want = []
}

/* `chunks` to read for a candidate: themselves when they are in; PENDING when some are
   not (null in the last round); null when there are none or the budget is spent. */
SuggestBudget.prototype.reserve = function (chunks) {
  if (chunks === null) return null
  var used = this.used, loaded = this.engine.loaded, want = this.want
  var extra = chunks.filter(function (n) { return !used[n] })
  if (this.count + extra.length > SUGGEST_BUDGET) return null
  extra.forEach(function (n) { used[n] = true })
  this.count += extra.length
  var missing = chunks.filter(function (n) { return !loaded[n] })
  if (!missing.length) return chunks
  missing.forEach(function (n) { if (want.indexOf(n) < 0) want.push(n) })
  return this.last ? null : PENDING
}

/* At most SUGGEST_MAX, each kind within its quota, one per folded text, none the query,
   no part inside a near word offered (冰墩, when 冰墩墩 is). */
function pickSuggestions(lists, raw, fold) {
  var seen = Object.create(null), out = [], near = []
  seen[fold(raw.trim())] = true
  Object.keys(SUGGEST_QUOTA).forEach(function (kind) {
    var taken = 0
    lists[kind].forEach(function (found) {
      if (taken >= SUGGEST_QUOTA[kind] || out.length >= SUGGEST_MAX || seen[found.key]) return
      if (kind === "part" && near.some(function (word) { return word.indexOf(found.key) >= 0 })) return
      if (kind === "near") near.push(found.key)
      seen[found.key] = true
      taken++
      out.push({ text: found.text, kind: kind })
    })
  })
  return out
}

/* The chunks `key` is looked for in: the first CONFIRM_CHUNKS the map says can hold it
   (any, when it cannot tell); [] for an index given whole; null when no chunk can. */
Engine.prototype.confirmChunks = function (key) {
  if (!this.chunkCount) return []
  var flags = this.chunksHolding(key), list = []
  for (var n = 0; n < this.chunkCount && list.length < CONFIRM_CHUNKS; n++)
    if (!flags || flags[n]) list.push(n)
  return list.length ? list : null
}

/* Where `key` is in the entries of `chunks` (and those given with the index): how many
   hold it, and its text in the first of them (by index order) as the page writes it;
   null when none does. */
Engine.prototype.foundIn = function (key, chunks) {
  var count = 0, best = -1, self = this
  this.eachEntry(chunks, function (i) {
    if (!self.holds(i, key)) return
    count++
    if (best < 0 || self.order[i] < self.order[best]) best = i
  })
  return best < 0 ? null : { key: key, text: this.original(best, key), count: count,
                             order: this.order[best] }
}

Engine.prototype.eachEntry = function (chunks, visit) {
  for (var r = 0; r < this.ranges.length; r++) {
    var range = this.ranges[r]
    if (range.chunk >= 0 && chunks.indexOf(range.chunk) < 0) continue
    for (var i = range.start; i < range.end; i++) visit(i)
  }
}

Engine.prototype.holds = function (i, key) {
  return countOf(this.titles[i], key, 1) > 0 || countOf(this.texts[i], key, 1) > 0 ||
    this.tags[i] !== "" && this.tags[i].indexOf(key) !== -1
}

/* `key` as entry i writes it: the original characters at its place in the title, the
   text or a tag (folding keeps lengths, so the place is the same). */
Engine.prototype.original = function (i, key) {
  var doc = this.docs[i], runs = doc.restore || {}
  var at = this.titles[i].indexOf(key)
  if (at >= 0) return originalSlice(doc.title, this.titles[i], runs.title, at, key.length)
  at = this.texts[i].indexOf(key)
  if (at >= 0) return originalSlice(doc.text, this.texts[i], runs.text, at, key.length)
  var tags = doc.tags || []
  for (var t = 0; t < tags.length; t++) {
    at = this.fold(tags[t]).indexOf(key)
    if (at >= 0) return tags[t].slice(at, at + key.length)
  }
  return key
}

/* `length` characters at `at` of a field as the page writes them: from the entry's own
   text when the index carries it unfolded, else restored from the folded copy's runs. */
function originalSlice(given, folded, runs, at, length) {
  if (typeof given === "string" && given !== folded && given.length === folded.length)
    return given.substr(at, length)
  return restore(folded, runs, at, at + length)
}

/* The longest parts of `key`'s Chinese runs that some page holds, two characters or
   more, none inside another: [found], longest first, then as they come in the key. */
Engine.prototype.longestParts = function (key, look) {
  if (key.length > PART_TERM_MAX) return []
  var runs = key.match(HAN_RUN) || [], taken = []
  var longest = runs.reduce(function (n, run) { return Math.max(n, run.length) }, 0)
  for (var length = Math.min(longest, key.length - 1); length >= 2; length--) {
    if (taken.length >= SUGGEST_QUOTA.part) break
    runs.forEach(function (run) {
      for (var start = 0; start + length <= run.length; start++) {
        var part = run.substr(start, length)
        if (taken.some(function (t) { return t.key.indexOf(part) >= 0 })) continue
        var found = look(part)
        if (found) taken.push(found === PENDING ? { key: part, pending: true } : found)
      }
    })
  }
  return taken.filter(function (t) { return !t.pending })
}

/* The site's tags (search.py writes them with the index's file list: [name, pages]) whose
   character pairs are close to one of `keys` (folded query terms), best first. */
Engine.prototype.closeTags = function (keys) {
  var tags = typeof site === "object" && Array.isArray(site.tags) ? site.tags : []
  var self = this, scored = []
  tags.forEach(function (tag) {
    if (!Array.isArray(tag) || typeof tag[0] !== "string") return
    var folded = self.fold(tag[0])
    var best = keys.reduce(function (most, key) { return Math.max(most, pairSimilarity(key, folded)) }, 0)
    if (best >= TAG_SIMILARITY)
      scored.push({ key: folded, text: tag[0], score: best, count: +tag[1] || 0 })
  })
  return scored.sort(function (a, b) {
    return b.score - a.score || b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  })
}

/* Dice coefficient of two strings' character pairs (a tag inside the query or the query
   inside a tag counts as close as can be); 0 without a shared pair. */
function pairSimilarity(a, b) {
  if (a.length < 2 || b.length < 2) return 0
  if (a.indexOf(b) >= 0 || b.indexOf(a) >= 0) return 1
  var pairs = Object.create(null), total = 0, shared = 0
  for (var i = 0; i + 1 < a.length; i++) pairs[a.substr(i, 2)] = true
  for (var p in pairs) total++
  var other = Object.create(null)
  for (i = 0; i + 1 < b.length; i++) {
    var pair = b.substr(i, 2)
    if (other[pair]) continue
    other[pair] = true
    if (pairs[pair]) shared++
  }
  var totalB = Object.keys(other).length
  return shared ? 2 * shared / (total + totalB) : 0
}

/* The worker's side: what a query without hits still needs loaded, as worker.js's load
   items, for at most SUGGEST_ROUNDS rounds per query. */
var suggestRounds = { query: null, rounds: 0 }

function suggestionItems(query) {
  if (suggestRounds.query !== query) suggestRounds = { query: query, rounds: 0 }
  if (suggestRounds.rounds >= SUGGEST_ROUNDS) return []
  var loads = engine.suggestLoads(query)
  var items = loads.pieces.map(mapItem).concat(loads.chunks.map(chunkItem))
  if (items.length) suggestRounds.rounds++
  return items
}
