/*
 * Timeline filters (时间线): one tag at a time and a from/to period (year or month) range.
 * The events are already in the page (rendered by generator/pages/timeline_page.py) with
 * their period and tags in data attributes, so filtering needs no network and works from
 * file:// too. `?tag=<id>` in the address preselects a tag (links from tag pages).
 * The filters also rewrite what sums them up: each tag button counts that tag's events in
 * the chosen period (a tag with none there is greyed), and the year (or month) index in the
 * page's table of contents shows how many events each heading holds now, hiding a heading
 * with none.
 */
(function () {
  "use strict";

  function setup(root) {
    var panel = root.querySelector("[data-zk-timeline-filters]");
    if (!panel || panel.dataset.zkReady) return;
    panel.dataset.zkReady = "1";
    var state = { tag: "", from: null, to: null };
    var buttons = panel.querySelectorAll("button[data-tag]");
    var from = panel.querySelector("[data-zk-from]");
    var to = panel.querySelector("[data-zk-to]");
    var shown = panel.querySelector("[data-zk-shown]");
    // made here, not in the page, so the search index never holds this message
    var empty = document.createElement("p");
    empty.className = "zk-empty";
    empty.hidden = true;
    empty.textContent = panel.dataset.zkEmptyText || "没有符合筛选条件的事件。";
    panel.insertAdjacentElement("afterend", empty);

    // the table of contents' links to the year (or month) headings, each with a count
    function tocLinks(id) {
      return document.querySelectorAll('.md-nav--secondary a.md-nav__link[href="#' + CSS.escape(id) + '"]');
    }

    function setTocCount(id, count) {
      tocLinks(id).forEach(function (link) {
        var badge = link.querySelector(".zk-toc-count");
        if (!badge) {
          badge = document.createElement("span");
          badge.className = "zk-toc-count";
          (link.querySelector(".md-ellipsis") || link).appendChild(badge);
        }
        badge.textContent = String(count);
        var item = link.closest("li");
        if (item) item.hidden = count === 0;
      });
    }

    function apply() {
      // periods are "YYYY" or "YYYY-MM": as strings they sort like the dates they are
      var lo = from.value, hi = to.value;
      if (lo > hi) { var t = lo; lo = hi; hi = t; }
      var total = 0, inPeriod = 0, perTag = {};
      root.querySelectorAll("ol.zk-events").forEach(function (list) {
        var visible = 0;
        list.querySelectorAll("li.zk-event").forEach(function (item) {
          var period = item.dataset.period;
          var tags = (item.dataset.tags || "").split(" ");
          var within = period >= lo && period <= hi;
          if (within) {
            inPeriod += 1;
            tags.forEach(function (tag) { if (tag) perTag[tag] = (perTag[tag] || 0) + 1; });
          }
          var show = within && (!state.tag || tags.indexOf(state.tag) >= 0);
          item.hidden = !show;
          if (show) visible += 1;
        });
        list.hidden = visible === 0;
        var heading = list.previousElementSibling;
        if (heading && /^H[1-6]$/.test(heading.tagName)) {
          heading.hidden = visible === 0;
          if (heading.id) setTocCount(heading.id, visible);
        }
        total += visible;
      });
      buttons.forEach(function (b) {
        var pressed = b.dataset.tag === state.tag;
        var count = b.dataset.tag ? perTag[b.dataset.tag] || 0 : inPeriod;
        b.setAttribute("aria-pressed", String(pressed));
        var badge = b.querySelector(".zk-count");
        if (badge) badge.textContent = String(count);
        b.classList.toggle("zk-filter--none", count === 0);
      });
      if (shown) shown.textContent = (panel.dataset.zkShownText || "{}").replace("{}", total);
      empty.hidden = total !== 0;
    }

    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        state.tag = button.dataset.tag;
        apply();
      });
    });
    from.addEventListener("change", apply);
    to.addEventListener("change", apply);

    var wanted = new URLSearchParams(window.location.search).get("tag");
    if (wanted && panel.querySelector('button[data-tag="' + CSS.escape(wanted) + '"]')) {
      state.tag = wanted;
    }
    panel.hidden = false;
    apply();
  }

  function init() { setup(document); }
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);   // Material's instant navigation, when enabled
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
