/*
 * An image of an article that cannot load (its host is gone, the offline bundle lacks it)
 * leaves an empty box, or the browser's broken-image icon. Each one is replaced by its
 * words (the alt text) and a link to its address, in a box the reader can see; the id it
 * carries (an anchor such as #p12) moves to the box. A file of its own, no inline code,
 * so a Content-Security-Policy with `script-src 'self'` allows it.
 */
(function () {
  "use strict"

  // the site's script: the page's language, or the og:locale the template writes (zh_TW)
  var locale = document.querySelector('meta[property="og:locale"]')
  var traditional = /hant|tw|hk|mo/i.test((document.documentElement.lang || "") + " " +
                                          (locale ? locale.getAttribute("content") : ""))
  var MISSING = traditional ? "圖片無法載入" : "图片无法加载"
  var LINK = traditional ? "打開原圖" : "打开原图"

  function broken(img) {
    return img.complete && img.naturalWidth === 0 && !!img.getAttribute("src")
  }

  function replace(img) {
    if (!img.closest(".md-content") || img.closest(".zk-image-missing")) return
    var box = document.createElement("span")
    box.className = "zk-image-missing"
    box.setAttribute("role", "img")
    if (img.id) {
      box.id = img.id
      img.removeAttribute("id")
    }
    var words = document.createElement("span")
    words.className = "zk-image-missing__words"
    words.textContent = (img.alt ? img.alt + " · " : "") + MISSING + " · "
    var link = document.createElement("a")
    link.className = "zk-image-missing__link"
    link.href = img.currentSrc || img.src
    link.rel = "noopener noreferrer nofollow"
    link.referrerPolicy = "no-referrer"
    link.textContent = LINK
    box.setAttribute("aria-label", words.textContent + LINK)
    box.appendChild(words)
    box.appendChild(link)
    img.replaceWith(box)
  }

  // images that fail from now on (an error event does not bubble: caught on the way down)
  document.addEventListener("error", function (event) {
    var target = event.target
    if (target && target.tagName === "IMG") replace(target)
  }, true)
  // and those that failed before this script ran
  var images = document.querySelectorAll(".md-content img")
  for (var i = 0; i < images.length; i++) {
    if (broken(images[i])) replace(images[i])
  }
})()
