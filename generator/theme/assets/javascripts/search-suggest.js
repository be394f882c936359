/*
 * What to try when a search finds nothing: the suggestions Zhiku's engine sends with an
 * answer without hits (generator/assets/search/suggest.js), shown under Material's "no
 * results" line as buttons; one puts its text in the search box and searches it.
 *
 * And what an answer searched: a query of several common words is answered from the part
 * of the index most likely to hold its best pages (engine.js pendingChunks, `partial`:
 * chunks searched of those that can hold every word). That is said under the results'
 * count, with a button that searches the rest (a `zhiku:search-more` event: the loader
 * asks the engine); the engine's next answer keeps the pages shown, in their order, and
 * adds the others below (`added`).
 *
 * The page's search loader (partials/zhiku-search-loader.html) loads this script when it
 * starts the engine and passes each answer on as a `zhiku:search-answer` event, with the
 * labels in the site's script (site_script.LABELS).
 */
(function () {
  "use strict"
  var box = document.querySelector("input.md-search__input")
  var meta = document.querySelector(".md-search-result__meta")
  if (!box || !meta) return
  var shown = null

  function clear() {
    if (shown) shown.remove()
    shown = null
  }

  function show(list, labels) {
    shown = document.createElement("div")
    shown.className = "zk-search-suggest"
    shown.setAttribute("role", "group")
    shown.setAttribute("aria-label", labels.try)
    var label = document.createElement("span")
    label.className = "zk-search-suggest__label"
    label.textContent = labels.try
    shown.appendChild(label)
    list.forEach(function (suggestion) {
      var button = document.createElement("button")
      button.type = "button"
      button.className = "zk-search-suggest__item"
      button.textContent = suggestion.text
      button.title = (labels.kinds || {})[suggestion.kind] || ""
      button.dataset.kind = suggestion.kind
      button.addEventListener("click", function () { search(suggestion.text) })
      shown.appendChild(button)
    })
    meta.insertAdjacentElement("afterend", shown)
  }

  /* as a reader's typing does: search-input.js passes `input` on to Material */
  function search(text) {
    clear()
    box.value = text
    box.focus()
    box.dispatchEvent(new Event("input", { bubbles: true }))
  }

  /* "searched S of T": the note, and the button that searches the rest */
  function showPartial(answer, labels) {
    var cut = answer.partial
    var note = showNote(fill(labels.partial, { searched: cut.searched, total: cut.total }))
    var button = document.createElement("button")
    button.type = "button"
    button.className = "zk-search-suggest__item"
    button.textContent = fill(labels.rest, { left: cut.total - cut.searched })
    button.addEventListener("click", function () {
      button.disabled = true
      note.textContent = labels.searching || ""
      document.dispatchEvent(new CustomEvent("zhiku:search-more", { detail: { query: answer.query } }))
    })
    shown.appendChild(button)
  }

  /* a line under the results' count; returns it */
  function showNote(text) {
    shown = document.createElement("div")
    shown.className = "zk-search-suggest zk-search-partial"
    var note = document.createElement("span")
    note.className = "zk-search-suggest__label"
    note.textContent = text
    shown.appendChild(note)
    meta.insertAdjacentElement("afterend", shown)
    return note
  }

  function fill(text, values) {
    return String(text || "").replace(/\{(\w+)\}/g, function (all, name) {
      return name in values ? String(values[name]) : all
    })
  }

  document.addEventListener("zhiku:search-answer", function (ev) {
    clear()
    var answer = ev.detail && ev.detail.answer || {}, labels = ev.detail && ev.detail.labels || {}
    var list = Array.isArray(answer.suggestions) ? answer.suggestions.filter(function (s) {
      return s && typeof s.text === "string" && s.text
    }) : []
    var found = answer.items && answer.items.length
    if (list.length && !found) show(list, labels)
    else if (found && answer.partial && answer.partial.total > answer.partial.searched) showPartial(answer, labels)
    else if (found && typeof answer.added === "number")
      showNote(fill(labels.added, { added: answer.added, shown: answer.items.length - answer.added }))
  })
  box.addEventListener("input", clear)
  if (box.form) box.form.addEventListener("reset", clear)     /* the box's clear button */
})()
