/* Zhiku search, part 4 of 5: what a result shows: the original text restored from the
   folded index, a window around the matches, the matches marked, HTML escaped. */

var SNIPPET_CHARS = 120                /* snippet length around the best match */
var SNIPPET_LEAD = 24                  /* context shown before the first match */

/* The original of a folded field between `from` and `to`: its runs ([gap, original
   characters, ...]) put back. */
function restore(folded, runs, from, to) {
  from = from || 0
  to = to === undefined ? folded.length : to
  var text = folded.slice(from, to)
  if (!runs) return text
  var at = 0
  for (var i = 0; i + 1 < runs.length && at < to; i += 2) {
    at += runs[i]
    var run = runs[i + 1], start = Math.max(at, from), end = Math.min(at + run.length, to)
    if (start < end)
      text = text.slice(0, start - from) + run.slice(start - at, end - at) + text.slice(end - from)
    at += run.length
  }
  return text
}

function escapeHTML(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
}

/* Match spans [start, end) in one field, merged where they overlap. */
function spans(marks, field) {
  var whole = [], pieces = []
  marks.forEach(function (mark) {
    var hit = mark.piece ? mark.hit : mark
    var list = mark.piece ? pieces : whole
    hit[field].forEach(function (at) { list.push([at, at + hit.length]) })
  })
  /* Pieces of a term (character pairs) are marked where they join into three characters
     or more: a lone pair inside another word would mark noise. */
  var joined = merge(pieces).filter(function (span) { return span[1] - span[0] > 2 })
  return merge(whole.concat(joined.length ? joined : merge(pieces)))
}

function merge(list) {
  list.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1] })
  var merged = []
  list.forEach(function (span) {
    var last = merged[merged.length - 1]
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1])
    else merged.push(span.slice())
  })
  return merged
}

/* `text` escaped for HTML, with the spans (offsets into `text`) marked. */
function markSpans(text, list) {
  var out = "", cursor = 0
  list.forEach(function (span) {
    var start = Math.max(span[0], cursor), end = Math.min(span[1], text.length)
    if (start >= end) return
    out += escapeHTML(text.slice(cursor, start)) + "<mark>" +
      escapeHTML(text.slice(start, end)) + "</mark>"
    cursor = end
  })
  return out + escapeHTML(text.slice(cursor))
}

/* A window of the text around the densest cluster of matches, with them marked: found
   in the folded text, shown in the original (restored for the window only). */
function snippet(folded, runs, marks) {
  var list = spans(marks, "text")
  if (!list.length) {
    var cut = folded.length > SNIPPET_CHARS
    return folded ? "<p>" + escapeHTML(restore(folded, runs, 0, SNIPPET_CHARS)) + (cut ? "…" : "") +
      "</p>" : ""
  }
  var best = 0, bestCount = 0
  for (var a = 0; a < list.length && a < MAX_POSITIONS; a++) {
    var count = 0
    for (var b = a; b < list.length && list[b][1] <= list[a][0] + SNIPPET_CHARS; b++) count++
    if (count > bestCount) { best = a; bestCount = count }
  }
  var start = Math.max(0, list[best][0] - SNIPPET_LEAD)
  var newline = folded.lastIndexOf("\n", list[best][0])
  if (newline >= start) start = newline + 1
  var end = Math.min(folded.length, start + SNIPPET_CHARS)
  var shifted = list.map(function (span) { return [span[0] - start, span[1] - start] })
  return "<p>" + (start > 0 ? "…" : "") +
    markSpans(restore(folded, runs, start, end), shifted).replace(/\n/g, " ") +
    (end < folded.length ? "…" : "") + "</p>"
}
