/*
 * What to try when a search finds nothing: the suggestions Zhiku's engine sends with an
 * answer without hits (generator/assets/search/suggest.js), shown under Material's "no
 * results" line as buttons; one puts its text in the search box and searches it.
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

  document.addEventListener("zhiku:search-answer", function (ev) {
    clear()
    var answer = ev.detail && ev.detail.answer || {}, labels = ev.detail && ev.detail.labels || {}
    var list = Array.isArray(answer.suggestions) ? answer.suggestions.filter(function (s) {
      return s && typeof s.text === "string" && s.text
    }) : []
    if (list.length && !(answer.items && answer.items.length)) show(list, labels)
  })
  box.addEventListener("input", clear)
  if (box.form) box.form.addEventListener("reset", clear)     /* the box's clear button */
})()
