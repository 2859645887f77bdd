// The web edition's search: the pages that contain the query verbatim, ranked by how often, each
// occurrence shown in its sentence with the query marked whole. The index is made at build time
// (toolkit/render/web_search.py, which explains it); its files are scripts that hand their data to
// reportSearch.put, so search works from a server and from a page opened from disk alike.
(function () {
  "use strict";
  var EXCERPTS = 3;     // occurrences shown per page (the rest are counted)
  var CONTEXT = 28;     // characters of context on each side of an occurrence
  var DELAY = 120;      // ms after the last keystroke before searching

  var root = document.body.getAttribute("data-root") || "./";
  var input = document.querySelector(".search-input");
  var status = document.querySelector(".search-status");
  var list = document.querySelector(".search-results");
  var waiting = {};
  var loading = {};
  var normalized = {};

  window.reportSearch = {
    put: function (name, data) {
      var done = waiting[name];
      delete waiting[name];
      if (done) { done(data); }
    },
    search: search,
    rules: { normalize: function (text) { return normalize(text).text; }, grams: grams, shardOf: shardOf }
  };
  if (!input || !status || !list) { return; }

  // --- the index's files ------------------------------------------------------------------------

  function load(name) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve, reject) {
        waiting[name] = resolve;
        var script = document.createElement("script");
        script.src = root + "search/" + name + ".js";
        script.onload = function () {
          script.remove();
          if (waiting[name]) { delete waiting[name]; delete loading[name]; reject(new Error(name)); }
        };
        script.onerror = function () {
          script.remove();
          delete waiting[name];
          delete loading[name];
          reject(new Error(name));
        };
        document.head.appendChild(script);
      });
    }
    return loading[name];
  }

  // --- matching (the same rules as web_search.normalize) --------------------------------------------

  function lower(c) { return c >= "A" && c <= "Z" ? c.toLowerCase() : c; }
  function isWord(c) { return /^[0-9a-z]$/.test(c); }

  // ASCII letters lowered; a space kept only between two ASCII letters or digits. Returns the text and,
  // for each of its characters, where it was in the original.
  function normalize(text) {
    var chars = [];
    var map = [];
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (c === " " && !(chars.length && isWord(chars[chars.length - 1]) && isWord(lower(text.charAt(i + 1))))) {
        continue;
      }
      chars.push(lower(c));
      map.push(i);
    }
    return { text: chars.join(""), map: map };
  }

  // The query's pairs of adjacent characters (its single characters when it has no pair without a space).
  function grams(query) {
    var chars = Array.from(query);
    var found = [];
    for (var i = 0; i + 1 < chars.length; i++) {
      if (chars[i] !== " " && chars[i + 1] !== " ") { found.push(chars[i] + chars[i + 1]); }
    }
    if (!found.length) { found = chars.filter(function (c) { return c !== " "; }); }
    return Array.from(new Set(found));
  }

  function shardOf(gram, shards) {
    var value = 0x811c9dc5;
    for (var c of gram) { value = Math.imul(value ^ c.codePointAt(0), 0x01000193) >>> 0; }
    return value % shards;
  }

  // The pages holding every gram of the query (a superset of those holding the query).
  async function candidates(index, query) {
    var wanted = grams(query);
    var shards = await Promise.all(wanted.map(function (gram) {
      return load(index.shards[shardOf(gram, index.shards.length)]);
    }));
    var pages = null;
    wanted.forEach(function (gram, i) {
      var holding = shards[i][gram] || [];
      pages = pages === null ? holding : pages.filter(function (page) { return holding.indexOf(page) >= 0; });
    });
    return pages || [];
  }

  // The query's occurrences in a page, as [start, end) in the page's own text, none overlapping.
  function occurrences(name, text, query) {
    var norm = normalized[name] || (normalized[name] = normalize(text));
    var found = [];
    for (var at = norm.text.indexOf(query); at >= 0; at = norm.text.indexOf(query, at + query.length)) {
      found.push([norm.map[at], norm.map[at + query.length - 1] + 1]);
    }
    return found;
  }

  // Every page containing ``text`` (as typed), best first: {url, title, count, text, sections, matches}.
  async function search(text) {
    var query = normalize(String(text).replace(/\s+/g, " ").trim()).text;
    if (!query) { return []; }
    var index = await load("index");
    var ids = await candidates(index, query);
    var pages = await Promise.all(ids.map(function (id) {
      var page = index.pages[id];
      return load(page.data).then(function (data) {
        var matches = occurrences(page.data, data.text, query);
        return { order: id, url: page.url, title: page.title, count: matches.length, text: data.text,
                 sections: data.sections, matches: matches };
      });
    }));
    return pages.filter(function (page) { return page.count > 0; })
      .sort(function (a, b) { return b.count - a.count || a.order - b.order; });
  }

  // --- showing the results ------------------------------------------------------------------------

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) { made.className = className; }
    if (text) { made.textContent = text; }
    return made;
  }

  // Stretches of a page's text around its occurrences (within one block), nearby occurrences sharing one.
  function excerpts(text, matches) {
    var found = [];
    matches.forEach(function (match) {
      var lineStart = text.lastIndexOf("\n", match[0] - 1) + 1;
      var lineEnd = text.indexOf("\n", match[1]);
      if (lineEnd < 0) { lineEnd = text.length; }
      var last = found[found.length - 1];
      if (last && match[0] < last.end) {
        last.end = Math.max(last.end, Math.min(lineEnd, match[1] + CONTEXT));
        last.marks.push(match);
      } else {
        found.push({ start: Math.max(lineStart, match[0] - CONTEXT), end: Math.min(lineEnd, match[1] + CONTEXT),
                     lineStart: lineStart, lineEnd: lineEnd, marks: [match] });
      }
    });
    return found;
  }

  function sectionAt(sections, offset) {
    var found = null;
    sections.forEach(function (section) { if (section[0] <= offset) { found = section; } });
    return found;
  }

  function excerptItem(page, excerpt) {
    var section = sectionAt(page.sections, excerpt.start);
    var item = element("li", "search-hit");
    var link = element("a", "search-hit-link");
    link.href = root + page.url + (section ? "#" + encodeURIComponent(section[1]) : "");
    if (section) { link.appendChild(element("span", "search-hit-section", section[2])); }
    var quote = element("span", "search-excerpt");
    var at = excerpt.start;
    if (excerpt.start > excerpt.lineStart) { quote.appendChild(document.createTextNode("…")); }
    excerpt.marks.forEach(function (match) {
      quote.appendChild(document.createTextNode(page.text.slice(at, match[0])));
      quote.appendChild(element("mark", "", page.text.slice(match[0], match[1])));
      at = match[1];
    });
    quote.appendChild(document.createTextNode(page.text.slice(at, excerpt.end)));
    if (excerpt.end < excerpt.lineEnd) { quote.appendChild(document.createTextNode("…")); }
    link.appendChild(quote);
    item.appendChild(link);
    return item;
  }

  function resultItem(page) {
    var item = element("li", "search-result");
    item.setAttribute("data-count", String(page.count));
    var head = element("p", "search-result-head");
    var link = element("a", "search-result-link", page.title);
    link.href = root + page.url;
    head.appendChild(link);
    head.appendChild(element("span", "search-result-count", page.count + " 处"));
    item.appendChild(head);
    var shown = excerpts(page.text, page.matches);
    var hits = element("ul", "search-hits");
    shown.slice(0, EXCERPTS).forEach(function (excerpt) { hits.appendChild(excerptItem(page, excerpt)); });
    item.appendChild(hits);
    var more = shown.slice(EXCERPTS).reduce(function (sum, excerpt) { return sum + excerpt.marks.length; }, 0);
    if (more) {
      var rest = element("a", "search-more", "本页另有 " + more + " 处");
      rest.href = root + page.url;
      item.appendChild(rest);
    }
    return item;
  }

  function show(text, pages) {
    list.textContent = "";
    pages.forEach(function (page) { list.appendChild(resultItem(page)); });
    var total = pages.reduce(function (sum, page) { return sum + page.count; }, 0);
    status.textContent = pages.length ? "“" + text + "”见于 " + pages.length + " 页，共 " + total + " 处"
                                      : "没有找到“" + text + "”";
    status.hidden = false;
    list.hidden = !pages.length;
  }

  function clear() {
    list.textContent = "";
    list.hidden = true;
    status.hidden = true;
    status.textContent = "";
  }

  var timer = null;
  var asked = 0;
  function run() {
    var text = input.value.replace(/\s+/g, " ").trim();
    var ticket = ++asked;
    list.setAttribute("data-state", "searching");
    if (!text) { clear(); list.setAttribute("data-query", ""); list.setAttribute("data-state", "done"); return; }
    search(text).then(function (pages) {
      if (ticket !== asked) { return; }
      show(text, pages);
      list.setAttribute("data-query", text);
      list.setAttribute("data-state", "done");
    }, function () {
      if (ticket !== asked) { return; }
      list.textContent = "";
      status.textContent = "搜索索引无法读取，请重新生成网页版。";
      status.hidden = false;
      list.setAttribute("data-query", text);
      list.setAttribute("data-state", "failed");
    });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(run, DELAY);
  }
  // While an input method composes (pinyin letters before they become characters), wait for its characters.
  input.addEventListener("input", function (event) { if (!event.isComposing) { later(); } });
  input.addEventListener("compositionend", later);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { input.value = ""; clearTimeout(timer); run(); }
    if (event.key === "Enter") { event.preventDefault(); clearTimeout(timer); run(); }
  });
  input.hidden = false;
})();
