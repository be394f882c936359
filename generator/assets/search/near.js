/* Zhiku search, part 7: words of the index one edit away from a query term, for the
   suggestions of a query without hits (suggest.js): 冰墩敦 -> 冰墩墩, 双千一 -> 双十一,
   taobaoo -> taobao. Read from the places where the term's pairs (or, for three Chinese
   characters, its first and last) occur, in the two chunks the map says hold most of them. */

var NEAR_WINDOWS = 600                 /* places of a term's anchors read for near words */
var NEAR_SHARE = 2                     /* near words in under half the best one's entries: dropped */

/* Words of the index one edit (a character changed, added, dropped or two swapped) from
   `key`, read around the places where its anchors (nearAnchors) occur in the chunks that
   hold most of them: Chinese for a Chinese key of three characters or more, whole Latin words
   for a Latin one of four letters or more. [{key, text, count, order}] */
Engine.prototype.nearWords = function (key, budget) {
  var han = ALL_HAN.test(key), latin = LATIN_WORD.test(key)
  if (key.length < 3 || key.length > PART_TERM_MAX || !(han || latin)) return []
  var chunks = budget.reserve(this.nearChunks(key))
  if (!chunks || chunks === PENDING) return []
  /* each pair's first places, so that a common pair leaves room for the others */
  var self = this, words = new Map(), anchors = nearAnchors(key, han)
  var perAnchor = Math.ceil(NEAR_WINDOWS / anchors.length)
  anchors.forEach(function (anchor) {
    var windows = 0
    self.eachEntry(chunks, function (i) {
      if (windows >= perAnchor) return
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
