// The web edition's behaviour: the contents menu on a phone and the shadow of a table that scrolls
// sideways (the search is search.js's).
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
})();
