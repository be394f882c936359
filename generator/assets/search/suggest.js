/* Zhiku search, part 6 of 6: what to try when a query finds nothing (issue 17, item 5).

   An answer without hits carries at most SUGGEST_MAX suggestions, each a search that finds
   something, in a fixed order:
   - the query as the site writes it, where folding cannot bridge the two scripts (the fold
     maps 著 to itself, so 随着 misses a site that writes 隨著; SCRIPT_ALTERNATES, written by
     search.py from OpenCC's tables, lists those characters' other forms);
   - words of the index one edit away from a query term (冰墩敦 -> 冰墩墩);
   - the longest parts of a term that some page holds (冬奥会火锅店 -> 冬奥会);
   - the site's tags that share the query's character pairs (双十一购物 -> 双十一).
   Every suggestion but a tag is found in a chunk's text and shown as the page writes it
   (restored from the folded index, so in the site's script); a tag is on its pages.

   Traffic: the map pieces of the query's other-script forms, and for each candidate the
   first CONFIRM_CHUNKS chunks the map says can hold it, while all candidates' chunks
   together stay within SUGGEST_BUDGET chunks; a candidate the map rules out costs nothing.
   A candidate is looked for in those chunks only (never in whatever earlier queries
   loaded), so the same query gets the same suggestions. */

var SUGGEST_MAX = 5
var SUGGEST_QUOTA = { script: 2, near: 2, part: 2, tag: 3 }
var SUGGEST_BUDGET = 6                 /* chunks read for all candidates of a query */
var SUGGEST_ROUNDS = 3                 /* rounds of loading for one query, at most */
var CONFIRM_CHUNKS = 2                 /* chunks a candidate is looked for in */
var SUGGEST_LOOKS = 300                /* candidates looked for, at most (a query of many long terms) */
var SUGGEST_VARIANTS = 4               /* other-script forms of a term tried */
var PART_TERM_MAX = 16                 /* longer terms (a pasted sentence) get no parts */
var NEAR_WINDOWS = 600                 /* places of a term's pairs read for near words */
var NEAR_SHARE = 3                     /* near words in a third of the best one's entries or fewer: dropped */
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
  var self = this, used = Object.create(null), usedCount = 0, want = []
  var lists = { script: [], near: [], part: [], tag: [] }
  /* The chunks to read for `key`, within the budget: null when no chunk can hold it or
     the budget is spent; PENDING when some are not loaded. */
  function chunksFor(key) {
    return reserve(self.confirmChunks(key))
  }
  function reserve(chunks) {
    if (chunks === null) return null
    var extra = chunks.filter(function (n) { return !used[n] })
    if (usedCount + extra.length > SUGGEST_BUDGET) return null
    extra.forEach(function (n) { used[n] = true })
    usedCount += extra.length
    var missing = chunks.filter(function (n) { return !self.loaded[n] })
    if (!missing.length) return chunks
    missing.forEach(function (n) { if (want.indexOf(n) < 0) want.push(n) })
    return last ? null : PENDING
  }
  var looks = 0
  function look(key) {
    if (++looks > SUGGEST_LOOKS) return null
    var chunks = chunksFor(key)
    return chunks === null || chunks === PENDING ? chunks : self.foundIn(key, chunks)
  }
  /* a term whose other-script form is found needs nothing else */
  var sources = this.suggestionSources(raw).filter(function (source) {
    var whole = source.variants.map(look).filter(function (found) { return found })
    lists.script.push.apply(lists.script, whole.filter(function (found) { return found !== PENDING }))
    return !whole.length
  })
  sources.forEach(function (source) {
    [source.key].concat(source.variants).forEach(function (key) {
      lists.part.push.apply(lists.part, self.longestParts(key, look))
    })
  })
  sources.forEach(function (source) {
    [source.key].concat(source.variants).forEach(function (key) {
      lists.near.push.apply(lists.near, self.nearWords(key, reserve))
    })
  })
  lists.near.sort(byNearness)
  lists.tag = this.closeTags(sources)
  return { want: want.sort(function (a, b) { return a - b }), found: pickSuggestions(lists, raw, this.fold) }
}

/* At most SUGGEST_MAX, each kind within its quota, one per folded text, none the query. */
function pickSuggestions(lists, raw, fold) {
  var seen = Object.create(null), out = []
  seen[fold(raw.trim())] = true
  Object.keys(SUGGEST_QUOTA).forEach(function (kind) {
    var taken = 0
    lists[kind].forEach(function (found) {
      if (taken >= SUGGEST_QUOTA[kind] || out.length >= SUGGEST_MAX || seen[found.key]) return
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
  if (at >= 0) return restore(this.titles[i], runs.title, at, at + key.length)
  at = this.texts[i].indexOf(key)
  if (at >= 0) return restore(this.texts[i], runs.text, at, at + key.length)
  var tags = doc.tags || []
  for (var t = 0; t < tags.length; t++) {
    at = this.fold(tags[t]).indexOf(key)
    if (at >= 0) return tags[t].slice(at, at + key.length)
  }
  return key
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

/* Words of the index one edit (a character changed, added, dropped or two swapped) from
   `key`, read around the places where its anchors (nearAnchors) occur in the chunks that
   hold most of them: Chinese for a Chinese key of three characters or more, whole Latin words
   for a Latin one of four letters or more. [{key, text, count, order}] */
Engine.prototype.nearWords = function (key, reserve) {
  var han = ALL_HAN.test(key), latin = LATIN_WORD.test(key)
  if (key.length < 3 || key.length > PART_TERM_MAX || !(han || latin)) return []
  var chunks = reserve(this.nearChunks(key))
  if (!chunks || chunks === PENDING) return []
  /* each pair's first places, so that a common pair leaves room for the others */
  var self = this, words = new Map(), anchors = nearAnchors(key, han)
  var perAnchor = Math.ceil(NEAR_WINDOWS / anchors.length)
  anchors.forEach(function (anchor) {
    var windows = 0
    self.eachEntry(chunks, function (i) {
      [self.titles[i], self.texts[i]].forEach(function (hay) {
        for (var at = hay.indexOf(anchor.text); at !== -1 && windows < perAnchor;
             at = hay.indexOf(anchor.text, at + 1)) {
          windows++
          nearAt(hay, at - anchor.at, key, latin).forEach(function (word) {
            var known = words.get(word)
            if (!known) words.set(word, known = { key: word, entries: [], first: i })
            if (known.entries.indexOf(i) < 0) known.entries.push(i)
            if (self.order[i] < self.order[known.first]) known.first = i
          })
        }
      })
    })
  })
  /* the word meant is the common one: 支付宝, not 支付转 (from 支付转账) seen once */
  var best = 0
  words.forEach(function (word) { best = Math.max(best, word.entries.length) })
  var out = []
  words.forEach(function (word) {
    if (word.entries.length * NEAR_SHARE < best) return
    out.push({ key: word.key, text: self.original(word.first, word.key),
               count: word.entries.length, order: self.order[word.first] })
  })
  return out
}

/* The chunks a word one edit from `key` can be in, the CONFIRM_CHUNKS holding most of
   its anchors: such a word keeps all of them but three at most (two swapped characters
   break three pairs). [] for an index given whole; null when no chunk can hold one. */
Engine.prototype.nearChunks = function (key) {
  if (!this.chunkCount) return []
  var anchors = nearAnchors(key, ALL_HAN.test(key)), scores = new Uint8Array(this.chunkCount), list = []
  anchors.forEach(function (anchor) {
    var flags = this.chunksHolding(anchor.text)
    for (var n = 0; n < scores.length; n++) if (!flags || flags[n]) scores[n]++
  }, this)
  for (var n = 0; n < scores.length; n++) if (scores[n] >= Math.max(1, anchors.length - 3)) list.push(n)
  list.sort(function (a, b) { return scores[b] - scores[a] || a - b })
  return list.length ? list.slice(0, CONFIRM_CHUNKS).sort(function (a, b) { return a - b }) : null
}

/* Where a word one edit from `key` keeps some of it: its distinct character pairs
   ({text, at}: at its offset in the key); a Chinese key of three characters also its
   first and last (淘包网 keeps no pair of 淘宝网). */
function nearAnchors(key, han) {
  var anchors = [], seen = Object.create(null)
  function add(text, at) {
    if (!seen[text]) anchors.push({ text: text, at: at })
    seen[text] = true
  }
  for (var k = 0; k + 1 < key.length; k++) add(key.substr(k, 2), k)
  if (han && key.length === 3) {
    add(key[0], 0)
    add(key[2], 2)
  }
  return anchors
}

/* The strings one edit from `key` that start within a character of `start` in `hay`. */
function nearAt(hay, start, key, latin) {
  var out = []
  for (var s = start - 1; s <= start + 1; s++) {
    for (var length = key.length - 1; length <= key.length + 1; length++) {
      if (s < 0 || s + length > hay.length || length < 3) continue
      var word = hay.substr(s, length)
      /* a Chinese key's own parts are parts; a word holding the key is no answer to it */
      if (!latin && key.indexOf(word) >= 0 || word.indexOf(key) >= 0 || out.indexOf(word) >= 0) continue
      if (latin ? !LATIN_WORD.test(word) || /[0-9a-z]/.test(hay[s - 1] || "") ||
                  /[0-9a-z]/.test(hay[s + length] || "")
                : !ALL_HAN.test(word)) continue
      if (editDistance(key, word, 1) <= 1) out.push(word)
    }
  }
  return out
}

/* Optimal string alignment distance between `a` and `b`, or limit + 1 once it exceeds
   `limit`. */
function editDistance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1
  var before = null, previous = [], current = []
  for (var j = 0; j <= b.length; j++) previous.push(j)
  for (var i = 1; i <= a.length; i++) {
    current = [i]
    var low = i
    for (j = 1; j <= b.length; j++) {
      var cost = a[i - 1] === b[j - 1] ? 0 : 1
      var d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2] + 1)
      current.push(d)
      low = Math.min(low, d)
    }
    if (low > limit) return limit + 1
    before = previous
    previous = current
  }
  return previous[b.length]
}

function byNearness(a, b) {
  return b.count - a.count || a.order - b.order || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
}

/* The site's tags (search.py writes them with the index's file list: [name, pages]) whose
   character pairs are close to a query term's, best first. */
Engine.prototype.closeTags = function (sources) {
  var tags = typeof site === "object" && Array.isArray(site.tags) ? site.tags : []
  var self = this, scored = []
  tags.forEach(function (tag) {
    if (!Array.isArray(tag) || typeof tag[0] !== "string") return
    var folded = self.fold(tag[0]), best = 0
    sources.forEach(function (source) {
      [source.key].concat(source.variants).forEach(function (key) {
        best = Math.max(best, pairSimilarity(key, folded))
      })
    })
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
