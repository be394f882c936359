/* Zhiku search, part 5 of 5: the chunk map, in pieces (search/map-NNN.js, written by
   generator/site/search_filter.py). A term can be in a chunk only if each of its keys is
   (its character pairs, a one-character term the character, and the starts of its Latin
   and digit words), and an entry there matches it no better than it matches each key. For
   each key the map gives how many entries hold it (`df`) and its best chunks, best first,
   each with a level: a bound on weigh() for any entry there (LEVEL_TF); a list marked
   incomplete bounds every other chunk by its last level, and when that level is rounded,
   by the best exact one among them for the pages it can hold (the capped tail). A key's
   record is in the piece its hash names (pieceOf, as search_filter.piece_of): a query
   loads those pieces only. */

var REACH_STEPS = 512                  /* a reach's code: its steps, rounded up, */
var EXACT_CODE = 6000                  /* or this plus an exact level (search_filter.py) */
var CODE_SYMBOLS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&'()*+-/:;<=>?@[]^_`{|}~"
var WORD_PREFIX = [3, 6]               /* Latin/digit word starts kept as keys */
var MAP_WORD = /[0-9a-z]+/g
var MAP_UNIT = /^[\p{L}\p{N}\p{M}\-_.·+#&/@%']+$/u   /* what a key can hold (query.js TERM_SPLIT) */
var TAIL = 1 << 21                     /* a chunk not listed: bounded by the list's last */

function ChunkMap(count, pieces) {
  this.count = count                   /* chunks the map describes */
  this.pieces = pieces
  this.loaded = new Uint8Array(pieces) /* 1 in, 2 could not be loaded */
  this.keys = new Map()                /* key -> { df, top: its chunks as written, list } */
}

ChunkMap.prototype.add = function (number, data) {
  this.loaded[number] = data && data.chunks === this.count && typeof data.top === "string" ? 1 : 2
  if (this.loaded[number] !== 1) return
  var keys = this.keys, tops = data.top.split(","), df = data.df || [], k = 0
  function put(key) {
    keys.set(key, { df: typeof df[k] === "number" ? df[k] : Infinity, top: tops[k] || ".", list: null })
    k++
  }
  var c
  for (c = 0; c < data.chars.length; c++) put(data.chars[c])
  for (c = 0; c + 1 < data.pairs.length; c += 2) put(data.pairs.substr(c, 2))
  ;(data.words || []).forEach(put)
}

/* A key's best chunks read (search_filter._top): their numbers and codes, best first;
   `more`: other chunks hold the key too, none higher than the last listed (and below it
   if numbered before it); `capped`: after " ", the best exact code among those others
   and its chunk ({code, chunk}; none: {code: -1}), null when not written (the last listed
   is exact, or the list complete). */
function readTop(written) {
  var space = written.indexOf(" "), top = space < 0 ? written : written.slice(0, space)
  var chunks = [], codes = [], code = -1, number = -1, base = CODE_SYMBOLS.length, capped = null
  if (space >= 0) {
    var tail = written.slice(space + 1)
    if (!tail) capped = { code: -1, chunk: -1 }
    else {
      capped = { code: CODE_SYMBOLS.indexOf(tail[0]) * base + CODE_SYMBOLS.indexOf(tail[1]), chunk: parseInt(tail.slice(2), 10) }
      if (!(capped.chunk >= 0) || capped.code < EXACT_CODE) capped = null    /* unreadable: as if not written */
    }
  }
  for (var i = 0; i < top.length; i++) {
    var ch = top[i]
    if (ch >= "0" && ch <= "9") { number = (number < 0 ? 0 : number * 10) + (ch.charCodeAt(0) - 48); continue }
    if (number >= 0) { chunks.push(number); codes.push(code); number = -1 }
    if (ch === ".") continue
    code = CODE_SYMBOLS.indexOf(ch) * base + CODE_SYMBOLS.indexOf(top[++i])
  }
  if (number >= 0) { chunks.push(number); codes.push(code) }
  return { chunks: chunks, codes: codes, more: top.slice(-1) === ".", capped: capped }
}

/* A key's piece: a hash of a word's units, of a character's or pair's first
   (search_filter.piece_of and _piece_units). */
function pieceOf(key, pieces) {
  var h = 0, units = key.length > 2 ? key.length : 1
  for (var i = 0; i < units; i++) h = (Math.imul(h, 65599) + key.charCodeAt(i)) >>> 0
  return h % pieces
}

/* The map's keys for a term: its pairs (or the character itself) and the starts of its
   Latin/digit words of WORD_PREFIX[0] characters or more (such a word starts a word where
   the term matches: after a character that is no letter or digit, or at the term's start,
   where ASCII terms match at a word start only); null for a term with a character outside
   the BMP, whose halves the map does not list. */
function mapKeys(key) {
  if (/[\ud800-\udfff]/.test(key)) return null
  var parts = []
  if (key.length === 1 && MAP_UNIT.test(key)) parts.push(key)
  for (var i = 0; i + 1 < key.length; i++) if (MAP_UNIT.test(key.substr(i, 2))) parts.push(key.substr(i, 2))
  var word
  MAP_WORD.lastIndex = 0
  while ((word = MAP_WORD.exec(key)) !== null) {
    if (word[0].length >= WORD_PREFIX[0]) parts.push(word[0].slice(0, WORD_PREFIX[1]))
  }
  return parts.length ? parts : null
}

/* The pieces not yet loaded that the terms' keys are in. */
ChunkMap.prototype.missing = function (terms) {
  var want = Object.create(null), self = this
  terms.forEach(function (term) {
    (mapKeys(term) || []).forEach(function (key) {
      var piece = pieceOf(key, self.pieces)
      if (!self.loaded[piece]) want[piece] = true
    })
  })
  return Object.keys(want).map(Number).sort(function (a, b) { return a - b })
}

/* A key's record, read; null when the map cannot tell (its piece not loaded or lost),
   false when no chunk holds it. */
ChunkMap.prototype.record = function (key) {
  if (this.loaded[pieceOf(key, this.pieces)] !== 1) return null
  var known = this.keys.get(key)
  if (!known) return false
  if (!known.list) known.list = readTop(known.top)
  return known
}

/* Per chunk, the code of `term`'s reach there by each of its keys (-1: the chunk cannot
   hold the key), with the key's own weight (`idf`, for `entries` entries in all: reaches
   are at that weight). A key's list is in order of reach, then chunk number: a chunk not
   on an incomplete list reaches no higher than the last one listed, and less if numbered
   before it (`strict`); `capped` (readTop) bounds those chunks' pages that reach their
   level exactly (`tail`: 1 for a chunk not listed). null: the map cannot tell; []: no
   chunk can hold the term. */
ChunkMap.prototype.keyCodes = function (term, entries) {
  var parts = mapKeys(term)
  if (!parts) return null
  var out = []
  for (var k = 0; k < parts.length; k++) {
    var known = this.record(parts[k])
    if (known === null) return null
    if (known === false) return []
    var list = known.list, last = list.chunks.length - 1
    var code = new Int32Array(this.count).fill(-1), strict = new Uint8Array(this.count)
    var tail = new Uint8Array(this.count)
    if (list.more) {
      var after = last >= 0 ? list.chunks[last] : -1
      code.fill(last >= 0 ? list.codes[last] : TAIL)
      tail.fill(1)
      for (var c = 0; c < after; c++) strict[c] = 1
    }
    for (var i = 0; i <= last; i++) {
      code[list.chunks[i]] = list.codes[i]
      strict[list.chunks[i]] = 0
      tail[list.chunks[i]] = 0
    }
    out.push({ code: code, strict: strict, tail: tail, capped: list.more ? list.capped : null,
               idf: Math.log(1 + entries / (known.df + 1)) })
  }
  return out
}

/* weigh() (engine.js) of an entry at an exact level: bonus * 17 + occurrences (up to 16),
   computed as weigh() computes it. */
function levelWeight(level) {
  var tf = level % (MAX_POSITIONS + 1), bonus = Math.floor(level / (MAX_POSITIONS + 1))
  return tf / (tf + 1.2) + (bonus & 2 ? TITLE_BONUS : 0) + (bonus & 1 ? TAG_BONUS : 0)
}

/* A code's reach, in weight units at the key's weight `idf` (at least it: rounded up). */
function codeReach(code, idf) {
  if (code >= TAIL) return Infinity
  return code >= EXACT_CODE ? levelWeight(code - EXACT_CODE) + 0.1 / idf : code / REACH_STEPS
}

/* Flags of the chunks that can hold `term`, or null when the map cannot tell. */
ChunkMap.prototype.holding = function (term) {
  var keys = this.keyCodes(term, 0)
  if (!keys) return null
  var flags = new Uint8Array(this.count).fill(keys.length ? 1 : 0)
  keys.forEach(function (key) {
    for (var c = 0; c < flags.length; c++) if (key.code[c] < 0) flags[c] = 0
  })
  return flags
}

/* Entries that hold each of `term`'s keys, at most (the fewest of theirs): the engine's
   count for a term's weight, the same whichever chunks are loaded. null: not known. */
ChunkMap.prototype.frequency = function (term) {
  var parts = mapKeys(term), least = Infinity
  if (!parts) return null
  for (var k = 0; k < parts.length; k++) {
    var known = this.record(parts[k])
    if (known === null) return null
    if (known === false) return 0
    least = Math.min(least, known.df)
  }
  return least === Infinity ? null : least
}

Engine.prototype.chunksHolding = function (key) {
  return this.chunkMap ? this.chunkMap.holding(key) : null
}
