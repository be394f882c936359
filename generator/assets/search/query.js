/* Zhiku search, part 2 of 5 (the parts are joined into one worker script by
   generator/site/search.py): folding a query, cutting it into terms, finding a term. */

var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/
var TERM_SPLIT = /[^\p{L}\p{N}\p{M}\-_.·+#&/@%']+/u
var TERM_TRIM = /^[\-_.·+#&/@%']+|[\-_.·+#&/@%']+$/g
var ASCII_WORD = /[0-9a-z]/
var CN_DIGITS = "〇一二三四五六七八九"
var NUMBERS = /([〇零一二三四五六七八九十]{2,})|(?<![0-9.])([1-9][0-9]|[0-9]{3})(?![0-9.])/g

/* The fold map (search.py fold_map: the folded characters' code points as distances,
   each fold's distance from its character, in hexadecimal) as a lookup table: the table
   the index was folded with at build time. */
function foldTable(map) {
  var table = new Uint16Array(65536)
  for (var c = 0; c < 65536; c++) table[c] = c
  var sources = map[0] ? map[0].split(",") : [], shifts = map[1] ? map[1].split(",") : []
  for (var i = 0, code = 0; i < sources.length && i < shifts.length; i++) {
    code += parseInt(sources[i], 16)
    table[code] = code + parseInt(shifts[i], 16)
  }
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

/* Query terms: quoted phrases kept whole, the rest split at spaces and punctuation. */
function parseQuery(raw, fold) {
  var terms = [], seen = Object.create(null)
  function add(text) {
    text = text.trim()
    var key = fold(text)
    if (key && !seen[key]) {
      seen[key] = true
      terms.push({ text: text, key: key, units: fallbackUnits(key), also: numeralVariant(key) })
    }
  }
  raw.replace(/"([^"]*)"?|[^\s"]+/g, function (match, phrase) {
    if (phrase !== undefined) add(phrase.replace(/\s+/g, " "))
    else match.split(TERM_SPLIT).forEach(function (part) { add(part.replace(TERM_TRIM, "")) })
    return match
  })
  return terms.slice(0, MAX_TERMS)
}

/* The same term with its numbers written the other way, where they sit in a Chinese word:
   双十一 and 双11, 六一八 and 618. Two or three digits, or two Chinese numerals or more;
   a lone 一 (统一, 一起) is a word, not a number. */
function numeralVariant(key) {
  if (!HAN.test(key.replace(NUMBERS, ""))) return null
  var other = key.replace(NUMBERS, function (run, chinese, arabic) {
    return chinese ? toArabic(chinese) : toChinese(arabic)
  })
  return other !== key ? other : null
}

function toArabic(run) {
  var tens = /^([一二三四五六七八九])?十([一二三四五六七八九])?$/.exec(run)
  if (tens)
    return String((tens[1] ? CN_DIGITS.indexOf(tens[1]) : 1) * 10 +
                  (tens[2] ? CN_DIGITS.indexOf(tens[2]) : 0))
  if (/十/.test(run)) return run
  return run.replace(/./g, function (c) { return String(CN_DIGITS.indexOf(c.replace("零", "〇"))) })
}

function toChinese(digits) {
  if (digits.length === 3) return digits.replace(/./g, function (d) { return CN_DIGITS[+d] })
  return (digits[0] === "1" ? "" : CN_DIGITS[+digits[0]]) + "十" +
    (digits[1] === "0" ? "" : CN_DIGITS[+digits[1]])
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

/* How often `key` occurs in `hay`, counted up to `cap`: occurrences() without the list,
   for the scan over every entry. */
function countOf(hay, key, cap) {
  var count = 0, wordStart = ASCII_WORD.test(key[0])
  for (var at = hay.indexOf(key); at !== -1; at = hay.indexOf(key, at + 1)) {
    if (wordStart && at > 0 && ASCII_WORD.test(hay[at - 1])) continue
    if (++count === cap) break
  }
  return count
}

/* hits() for a term's pieces (UNIT_POSITIONS each): its character pairs found in one pass
   over the text, not one scan per pair (a pasted sentence has two dozen); other pieces
   (a lone character, a Latin run) scanned as usual. */
Engine.prototype.unitHits = function (units, cache) {
  var pairs = units.filter(function (unit) {
    return !cache[unit] && unit.length === 2 && !/[\ud800-\udfff]/.test(unit) &&
      !ASCII_WORD.test(unit[0])          /* Latin pairs keep their word-start rule */
  })
  if (pairs.length > 1) this.pairHits(pairs, cache)
  return units.map(function (unit) { return this.hits(unit, cache, UNIT_POSITIONS) }, this)
}

Engine.prototype.pairHits = function (pairs, cache) {
  var n = this.docs.length, first = new Uint8Array(65536), slot = new Map()
  var counts = pairs.map(function (pair, k) {
    first[pair.charCodeAt(0)] = 1
    slot.set(pair.charCodeAt(0) * 65536 + pair.charCodeAt(1), k)
    return { text: new Uint8Array(n), title: new Uint8Array(n) }
  })
  var holding = pairs.map(function (pair) { return this.chunksHolding(pair) }, this)
  for (var r = 0; r < this.ranges.length; r++) {
    var range = this.ranges[r]
    if (range.chunk >= 0 && holding.every(function (f) { return f && !f[range.chunk] })) continue
    for (var i = range.start; i < range.end; i++) {
      countPairs(this.texts[i], first, slot, counts, "text", i, UNIT_POSITIONS)
      countPairs(this.titles[i], first, slot, counts, "title", i, 1)
    }
  }
  pairs.forEach(function (pair, k) {
    var found = new Uint8Array(n), tag = new Uint8Array(n), count = 0
    for (var i = 0; i < n; i++) {
      tag[i] = this.tags[i] !== "" && this.tags[i].indexOf(pair) !== -1 ? 1 : 0
      if (counts[k].text[i] || counts[k].title[i] || tag[i]) { found[i] = 1; count++ }
    }
    cache[pair] = { key: pair, cap: UNIT_POSITIONS, found: found, tf: counts[k].text,
                    title: counts[k].title, tag: tag, count: count,
                    idf: Math.log(1 + this.size() / (count + 1)) }
  }, this)
}

/* Counts, up to `cap`, of each pair (by `slot`: first * 65536 + second -> its number) in
   one string, into counts[pair][field][i]. */
function countPairs(hay, first, slot, counts, field, i, cap) {
  for (var p = 0, end = hay.length - 1; p < end; p++) {
    var c = hay.charCodeAt(p)
    if (!first[c]) continue
    var k = slot.get(c * 65536 + hay.charCodeAt(p + 1))
    if (k === undefined) continue
    var seen = counts[k][field]
    if (seen[i] < cap) seen[i]++
  }
}
