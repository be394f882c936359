/* Zhiku search, part 5 of 5: the chunk map, in pieces (search/map-NNN.js, written by
   generator/site/search_filter.py). A term can be in a chunk only if each of its character
   pairs is (a one-character term: the character), so the chunks to load and scan are the
   intersection of its pairs' lists; a pair in no list is in no chunk. A key's list is in
   the piece its hash names (pieceOf, as search_filter.piece_of): a query loads those
   pieces only. */

function ChunkMap(count, pieces) {
  this.count = count                   /* chunks the map describes */
  this.pieces = pieces
  this.loaded = new Uint8Array(pieces) /* 1 in, 2 could not be loaded */
  this.keys = new Map()                /* key -> flags of the chunks holding it */
}

ChunkMap.prototype.add = function (number, data) {
  this.loaded[number] = data && data.chunks === this.count ? 1 : 2
  if (this.loaded[number] !== 1) return
  var count = this.count, keys = this.keys
  data.groups.forEach(function (group) {
    var flags = new Uint8Array(count)
    if (group.bits) {                   /* base64 bitmap: chunk n at bit n % 8 of byte n / 8 */
      var bytes = atob(group.bits)
      for (var n = 0; n < count; n++) flags[n] = (bytes.charCodeAt(n >> 3) >> (n & 7)) & 1
    } else group.in.forEach(function (chunk) { flags[chunk] = 1 })
    for (var c = 0; c < group.chars.length; c++) keys.set(group.chars[c], flags)
    for (var p = 0; p + 1 < group.pairs.length; p += 2) keys.set(group.pairs.substr(p, 2), flags)
  })
}

function pieceOf(key, pieces) {
  var h = 0
  for (var i = 0; i < key.length; i++) h = (Math.imul(h, 65599) + key.charCodeAt(i)) >>> 0
  return h % pieces
}

/* The map's keys for a term: its pairs, or the character itself; null for a term with a
   character outside the BMP, whose halves the map does not list. */
function mapKeys(key) {
  if (/[\ud800-\udfff]/.test(key)) return null
  if (key.length === 1) return [key]
  var parts = []
  for (var i = 0; i + 1 < key.length; i++) parts.push(key.substr(i, 2))
  return parts
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

/* Flags of the chunks that can hold `term`, or null when the map cannot tell (a character
   outside the BMP, a piece not loaded or lost). */
ChunkMap.prototype.holding = function (term) {
  var parts = mapKeys(term)
  if (!parts) return null
  var flags = new Uint8Array(this.count)
  for (var k = 0; k < parts.length; k++) {
    if (this.loaded[pieceOf(parts[k], this.pieces)] !== 1) return null
  }
  for (k = 0; k < parts.length; k++) {
    var group = this.keys.get(parts[k])
    if (group === undefined) return new Uint8Array(this.count)   /* found in no chunk */
    if (k === 0) flags.set(group)
    else for (var c = 0; c < flags.length; c++) flags[c] &= group[c]
  }
  return flags
}

Engine.prototype.chunksHolding = function (key) {
  return this.chunkMap ? this.chunkMap.holding(key) : null
}
