/* Zhiku search, part 5 of 5: the chunk map (search/pairs.js, written by
   generator/search_filter.py). A term can be in a chunk only if each of its character
   pairs is (a one-character term: the character), so the chunks to scan are the
   intersection of its pairs' lists; a pair in no list is in no chunk. */

/* The map as lookups: key -> index of its group, and each group's chunks as flags. Kept
   only when it describes the chunks being loaded (`count` of them). */
function ChunkMap(data, count) {
  this.keys = new Map()
  this.groups = data.groups.map(function (group, g) {
    var flags = new Uint8Array(count)
    if (group.bits) {                   /* base64 bitmap: chunk n at bit n % 8 of byte n / 8 */
      var bytes = atob(group.bits)
      for (var n = 0; n < count; n++) flags[n] = (bytes.charCodeAt(n >> 3) >> (n & 7)) & 1
    } else group.in.forEach(function (chunk) { flags[chunk] = 1 })
    for (var c = 0; c < group.chars.length; c++) this.keys.set(group.chars[c], g)
    for (var p = 0; p + 1 < group.pairs.length; p += 2) this.keys.set(group.pairs.substr(p, 2), g)
    return flags
  }, this)
  this.count = count
}

/* Flags of the chunks that can hold `key`, or null when the map cannot tell (a character
   outside the BMP, whose halves it does not list). */
ChunkMap.prototype.holding = function (key) {
  if (/[\ud800-\udfff]/.test(key)) return null
  var parts = []
  if (key.length === 1) parts.push(key)
  for (var i = 0; i + 1 < key.length; i++) parts.push(key.substr(i, 2))
  var flags = new Uint8Array(this.count)
  for (var k = 0; k < parts.length; k++) {
    var g = this.keys.get(parts[k])
    if (g === undefined) return flags           /* found in no chunk */
    var group = this.groups[g]
    if (k === 0) flags.set(group)
    else for (var c = 0; c < flags.length; c++) flags[c] &= group[c]
  }
  return flags
}

Engine.prototype.useChunkMap = function (data, count) {
  this.chunkMap = data && data.chunks === count ? new ChunkMap(data, count) : null
}

Engine.prototype.chunksHolding = function (key) {
  return this.chunkMap ? this.chunkMap.holding(key) : null
}
