// compile preview's client: reload on save, the checks' problems as an overlay, each paragraph's source.
// Injected into every page the preview serves (never into the static web edition). Text from the
// edition reaches the page only as textContent: it is data, never markup.
(function () {
  "use strict";
  var BASE = "/__preview__/";
  var script = document.currentScript;
  var generation = script ? Number(script.getAttribute("data-generation")) : -1;
  var scrollKey = "preview-scroll:" + location.pathname;
  var openKey = "preview-open";

  function restoreScroll() {
    var saved = sessionStorage.getItem(scrollKey);
    if (saved !== null) {
      sessionStorage.removeItem(scrollKey);
      window.scrollTo(0, Number(saved));
    }
  }

  function listen() {
    var events = new EventSource(BASE + "events");
    events.onmessage = function (event) {
      if (Number(event.data) !== generation) {
        sessionStorage.setItem(scrollKey, String(window.scrollY));
        events.close();
        location.reload();
      }
    };
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function problemItem(problem, words) {
    var item = el("li", "preview-" + problem.severity);
    item.setAttribute("data-code", problem.code);
    var where = el(problem.page ? "a" : "span", "preview-where", problem.where);
    if (problem.page) {
      where.href = problem.page + "#source=" + encodeURIComponent(problem.file + ":" + (problem.line || 1));
    }
    // spaces between the parts, so that the line reads (and copies) as the terminal prints it
    [problem.where ? where : null, el("span", "preview-label", problem.label),
     el("strong", "preview-code", problem.code), el("span", "preview-message", problem.message)]
      .filter(Boolean).forEach(function (part, index) {
        if (index) item.appendChild(document.createTextNode(" "));
        item.appendChild(part);
      });
    if (problem.hint) item.appendChild(el("div", "preview-hint", words.hint + problem.hint));
    return item;
  }

  // Errors are listed at once; warnings and notes wait behind the toggle (the 2021 edition keeps 50).
  function overlay(status) {
    var old = document.getElementById("preview-overlay");
    if (old) old.remove();
    if (!status.problems.length || document.body.classList.contains("preview-error")) return;
    var errors = status.problems.filter(function (p) { return p.severity === "error"; });
    var others = status.problems.filter(function (p) { return p.severity !== "error"; });
    var panel = el("aside", errors.length ? "preview-has-errors" : "");
    panel.id = "preview-overlay";
    panel.setAttribute("aria-label", status.words.problems);
    var head = el("div", "preview-head");
    head.appendChild(el("span", "preview-summary", status.summary));
    panel.appendChild(head);
    if (errors.length) panel.appendChild(problemList(errors, status.words));
    if (others.length || status.more) panel.appendChild(folded(head, problemList(others, status.words), status));
    document.body.appendChild(panel);
  }

  function problemList(problems, words) {
    var list = el("ol", "preview-problems");
    problems.forEach(function (p) { list.appendChild(problemItem(p, words)); });
    return list;
  }

  function folded(head, list, status) {
    if (status.more) list.appendChild(el("li", "preview-more", status.more_text));
    list.classList.add("preview-folded");
    var toggle = el("button", "preview-toggle");
    toggle.type = "button";
    head.appendChild(toggle);
    function show(open) {
      list.hidden = !open;
      toggle.textContent = open ? status.words.hide : status.words.show;
      toggle.setAttribute("aria-expanded", String(open));
    }
    toggle.addEventListener("click", function () {
      show(list.hidden);
      sessionStorage.setItem(openKey, list.hidden ? "0" : "1");
    });
    show(sessionStorage.getItem(openKey) === "1");
    return list;
  }

  function tooltips(words) {
    var tip = el("div", "", "");
    tip.id = "preview-source";
    tip.hidden = true;
    document.body.appendChild(tip);
    var current = null;
    function place(target) {
      var box = target.getBoundingClientRect();
      tip.style.top = Math.max(window.scrollY + box.top - tip.offsetHeight - 4, 0) + "px";
      tip.style.left = Math.max(window.scrollX + box.left, 0) + "px";
    }
    document.addEventListener("mouseover", function (event) {
      var target = event.target.closest ? event.target.closest("[data-source]") : null;
      if (target === current) return;
      if (current) current.classList.remove("preview-sourced");
      current = target;
      if (!target) { tip.hidden = true; return; }
      target.classList.add("preview-sourced");
      tip.textContent = target.getAttribute("data-source");
      tip.title = words.source;
      tip.hidden = false;
      place(target);
    });
    document.addEventListener("click", function (event) {
      var target = event.target.closest ? event.target.closest("[data-source]") : null;
      if (!target || event.target.closest("a") || String(window.getSelection())) return;
      var source = target.getAttribute("data-source");
      tip.textContent = source;
      tip.hidden = false;
      place(target);
      if (navigator.clipboard) {
        navigator.clipboard.writeText(source).then(function () {
          tip.textContent = source + " · " + words.copied;
        }, function () {});
      }
    });
  }

  // #source=chapters/03.md:42 (a problem's link): the block written nearest above that line, shown.
  function showSource() {
    if (location.hash.indexOf("#source=") !== 0) return;
    var wanted = decodeURIComponent(location.hash.slice("#source=".length));
    var cut = wanted.lastIndexOf(":");
    var file = wanted.slice(0, cut), line = Number(wanted.slice(cut + 1));
    var best = null, bestLine = -1;
    document.querySelectorAll("[data-source]").forEach(function (node) {
      var source = node.getAttribute("data-source");
      var at = source.lastIndexOf(":");
      var nodeFile = at < 0 ? source : source.slice(0, at), nodeLine = at < 0 ? 0 : Number(source.slice(at + 1));
      if (nodeFile === file && nodeLine <= line && nodeLine >= bestLine) { best = node; bestLine = nodeLine; }
    });
    if (best) {
      best.classList.add("preview-target");
      best.scrollIntoView({ block: "center" });
    }
  }

  function start() {
    if (location.hash.indexOf("#source=") === 0) showSource(); else restoreScroll();
    window.addEventListener("hashchange", showSource);
    listen();
    fetch(BASE + "status.json", { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        overlay(status);
        tooltips(status.words);
      })
      .catch(function () {});  // the server stopped: the event stream reconnects when it is back
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
