// The web edition's behaviour: the contents menu on a phone, the shadow of a table that scrolls sideways,
// and the search box (Pagefind), which needs the site to be served over HTTP: opened from a file, the page
// says so instead.
(function () {
  "use strict";
  var toggle = document.querySelector(".nav-toggle");
  var sidebar = document.getElementById("sidebar");
  if (toggle && sidebar) {
    toggle.addEventListener("click", function () {
      var open = sidebar.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // A table wider than its column: its frame says on which sides columns are hidden (a shadow shows there).
  function scrollHint(frame) {
    var box = frame.querySelector(".table-scroll");
    function update() {
      var hidden = box.scrollWidth - box.clientWidth;
      frame.classList.toggle("more-left", box.scrollLeft > 1);
      frame.classList.toggle("more-right", box.scrollLeft < hidden - 1);
    }
    box.addEventListener("scroll", update, { passive: true });
    if (window.ResizeObserver) { new ResizeObserver(update).observe(box); } else { window.addEventListener("resize", update); }
    update();
  }
  Array.prototype.forEach.call(document.querySelectorAll(".table-frame"), scrollHint);
  var root = document.body.getAttribute("data-root") || "./";
  var offline = document.querySelector(".search-offline");
  if (location.protocol === "file:") {
    if (offline) { offline.hidden = false; }
    return;
  }
  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = root + "pagefind/pagefind-ui.css";
  document.head.appendChild(style);
  var script = document.createElement("script");
  script.src = root + "pagefind/pagefind-ui.js";
  script.onload = function () {
    var base = new URL(root, location.href).pathname;
    // eslint-disable-next-line no-undef
    new PagefindUI({ element: "#search", showSubResults: true, showImages: false, baseUrl: base,
      translations: { placeholder: "搜索报告", zero_results: "没有找到“[SEARCH_TERM]”", clear_search: "清除" } });
    // Pagefind's box is labelled only by its placeholder and title: give it a name screen readers announce.
    var input = document.querySelector("#search input");
    if (input) { input.setAttribute("aria-label", "搜索报告全文"); }
  };
  document.head.appendChild(script);
})();
