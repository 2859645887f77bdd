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
    if (problem.where) item.appendChild(el("span", "preview-where", problem.where));
    item.appendChild(el("span", "preview-label", problem.label));
    item.appendChild(el("strong", "preview-code", problem.code));
    item.appendChild(el("span", "preview-message", problem.message));
    if (problem.hint) item.appendChild(el("div", "preview-hint", words.hint + problem.hint));
    return item;
  }

  function overlay(status) {
    var old = document.getElementById("preview-overlay");
    if (old) old.remove();
    if (!status.problems.length || document.body.classList.contains("preview-error")) return;
    var errors = status.counts.errors > 0;
    var panel = el("aside", errors ? "preview-has-errors" : "");
    panel.id = "preview-overlay";
    panel.setAttribute("aria-label", status.words.problems);
    var head = el("div", "preview-head");
    head.appendChild(el("span", "preview-summary", status.summary));
    var toggle = el("button", "preview-toggle");
    toggle.type = "button";
    head.appendChild(toggle);
    panel.appendChild(head);
    var list = el("ol", "preview-problems");
    status.problems.forEach(function (p) { list.appendChild(problemItem(p, status.words)); });
    if (status.more) list.appendChild(el("li", "preview-more", status.more_text));
    panel.appendChild(list);
    var remembered = sessionStorage.getItem(openKey);
    var open = errors || remembered === "1";
    function show(state) {
      open = state;
      list.hidden = !open;
      toggle.textContent = open ? status.words.hide : status.words.show;
      toggle.setAttribute("aria-expanded", String(open));
    }
    toggle.addEventListener("click", function () {
      show(!open);
      sessionStorage.setItem(openKey, open ? "1" : "0");
    });
    show(open);
    document.body.appendChild(panel);
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

  function start() {
    restoreScroll();
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
