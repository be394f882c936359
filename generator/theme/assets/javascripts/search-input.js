/*
 * Search as soon as the query changes, however it changed.
 *
 * Material reads the search box on `keyup`. Chinese queries often arrive without one: pasted
 * with the mouse, picked from an input method's candidate list by tapping, or filled in by
 * the browser. Each `input` event (and the end of an IME composition) is passed on as the
 * keyup Material listens for; Material drops repeats of an unchanged query itself.
 */
(function () {
  "use strict"
  var box = document.querySelector("input.md-search__input")
  if (!box) return
  function relay(ev) {
    if (ev.type === "input" && ev.isComposing) return   /* wait for the IME to commit */
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }))
  }
  box.addEventListener("input", relay)
  box.addEventListener("compositionend", relay)
})()
