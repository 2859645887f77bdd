// The review tools of a draft page: select text, comment; read, answer, edit and resolve comments.
// Selection and highlighting go through @apache-annotator/dom (static/vendor/annotator.js, window.ApacheAnnotator):
// a comment is found in the page by its W3C TextQuoteSelector (the quote and 32 characters around it, taken from
// <main>'s text, which is the text the server anchors comments in). Text from comments is only ever set as text.
(function () {
  "use strict";
  var A = window.ApacheAnnotator;
  var root = document.getElementById("rv");
  var main = document.querySelector("main");
  if (!root || !A || !main) return;
  var cfg = root.dataset;
  var CONTEXT = 32;
  var STATES = {kept: "原处", moved: "已移动", changed: "原文已改动", orphaned: "原文已删除"};
  var $ = function (selector) { return root.querySelector(selector); };
  var panel = $("#rv-panel"), threads = $(".rv-threads"), toggle = $(".rv-toggle"), count = $(".rv-count");
  var dialog = $("#rv-dialog"), form = $(".rv-form"), blockField = $("#rv-block"), quoteField = $("#rv-quote");
  var bodyField = $("#rv-body"), errorBox = $(".rv-error"), status = $(".rv-status"), commentButton = $(".rv-comment");
  var items = [], removers = [], lastRange = null, leaves = [], opener = null;

  // --- talking to the portal ---------------------------------------------------------------------------
  function api(method, url, data) {
    var options = {method: method, credentials: "same-origin",
                   headers: {"Accept": "application/json", "X-CSRFToken": cfg.csrf}};
    if (data !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(data);
    }
    return fetch(url, options).then(function (response) {
      if (response.status === 204) return null;
      return response.json().catch(function () { return {}; }).then(function (json) {
        if (!response.ok) throw json;
        return json;
      });
    });
  }
  function one(item) { return cfg.api + "/" + item.uuid; }
  function say(text) { status.textContent = ""; window.setTimeout(function () { status.textContent = text; }, 50); }
  function problem(error) { return (error && error.message) ? error.message + (error.hint ? "（" + error.hint + "）" : "") : "操作没有成功，请稍后再试。"; }

  function load() {
    var query = "?edition=" + encodeURIComponent(cfg.edition) + "&round=" + encodeURIComponent(cfg.round) +
      "&source=" + encodeURIComponent(cfg.page);
    return api("GET", cfg.api + query).then(function (list) {
      items = list;
      return highlight();
    }).then(render).catch(function (error) { say(problem(error)); });
  }

  // --- highlighting ------------------------------------------------------------------------------------
  function quoteSelector(item) {
    return item.target.selector.filter(function (s) { return s.type === "TextQuoteSelector"; })[0];
  }
  function highlight() {
    removers.forEach(function (remove) { remove(); });
    removers = [];
    main.normalize();
    var scope = document.createRange();
    scope.selectNodeContents(main);
    var found = [];
    // every range is found before any is highlighted: highlighting splits text nodes (the ranges follow)
    return items.reduce(function (chain, item) {
      return chain.then(function () {
        if (item.state === "orphaned") return;
        var matches = A.createTextQuoteSelectorMatcher(quoteSelector(item))(scope);
        return matches.next().then(function (first) { if (!first.done) found.push([item, first.value]); });
      });
    }, Promise.resolve()).then(function () {
      found.forEach(function (pair) {
        var item = pair[0];
        var classes = "rv-mark" + (item.resolved ? " rv-resolved" : "") + (item.mine ? " rv-mine" : "");
        removers.push(A.highlightText(pair[1], "mark", {"class": classes, "data-annotation": item.uuid,
                                                         "title": item.author + "：" + item.body.value}));
      });
      item_marks_clickable();
    });
  }
  function item_marks_clickable() {
    main.querySelectorAll("mark.rv-mark").forEach(function (mark) {
      mark.addEventListener("click", function () { openPanel(mark.getAttribute("data-annotation")); });
    });
  }
  function markOf(uuid) { return main.querySelector('mark.rv-mark[data-annotation="' + uuid + '"]'); }

  // --- the panel of comments ---------------------------------------------------------------------------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function button(label, className, action) {
    var node = el("button", className, label);
    node.type = "button";
    node.addEventListener("click", action);
    return node;
  }
  function when(iso) {
    var d = new Date(iso);
    return (d.getMonth() + 1) + "月" + d.getDate() + "日 " + String(d.getHours()).padStart(2, "0") + ":" +
      String(d.getMinutes()).padStart(2, "0");
  }
  function render() {
    threads.textContent = "";
    // in the order they stand on the page; those whose text is gone last
    var marks = Array.prototype.map.call(main.querySelectorAll("mark.rv-mark"), function (m) { return m.getAttribute("data-annotation"); });
    var order = function (item) { var at = marks.indexOf(item.uuid); return at < 0 ? marks.length : at; };
    items.slice().sort(function (a, b) { return order(a) - order(b); })
      .forEach(function (item) { threads.appendChild(thread(item)); });
    count.textContent = String(items.length);
    $(".rv-empty").hidden = items.length > 0;
  }
  function thread(item) {
    var li = el("li", "rv-thread" + (item.resolved ? " rv-resolved" : ""));
    li.id = "rv-t-" + item.uuid;
    li.tabIndex = -1;
    var meta = el("p", "rv-meta");
    meta.appendChild(el("strong", "", item.author));
    meta.appendChild(document.createTextNode(" · " + when(item.created)));
    if (item.state !== "kept" || item.made_in_round !== item.round) {  // in its own round, where it was made
      meta.appendChild(el("span", "rv-state rv-state-" + item.state, STATES[item.state] || item.state));
    }
    if (item.resolved) meta.appendChild(el("span", "rv-done", "编辑部已处理"));
    li.appendChild(meta);
    li.appendChild(el("blockquote", "rv-quote", item.exact));
    if (item.state === "changed") {
      var changed = el("p", "rv-changed");
      changed.appendChild(document.createTextNode("原文已改为："));
      changed.appendChild(el("ins", "", item.now));
      li.appendChild(changed);
    } else if (item.state === "orphaned") {
      li.appendChild(el("p", "rv-changed", "这段原文在本稿中已删除。"));
    }
    var body = el("p", "rv-body", item.body.value);
    li.appendChild(body);
    if (item.replies.length) {
      var replies = el("ol", "rv-replies");
      item.replies.forEach(function (answer) { replies.appendChild(replyItem(answer)); });
      li.appendChild(replies);
    }
    var actions = el("div", "rv-thread-actions");
    if (item.state !== "orphaned") actions.appendChild(button("定位", "secondary", function () { show(item); }));
    actions.appendChild(button("回复", "secondary", function () { replyForm(li, item); }));
    if (item.mine) {
      actions.appendChild(button("修改", "secondary", function () { editForm(li, body, item, one(item)); }));
      actions.appendChild(button("删除", "secondary", function () { remove(one(item)); }));
    }
    if (cfg.role === "editor") {
      actions.appendChild(button(item.resolved ? "重新打开" : "标记为已处理", "secondary", function () {
        api("PATCH", one(item), {resolved: !item.resolved}).then(function () {
          say(item.resolved ? "已重新打开。" : "已标记为已处理。");
          return load();
        }).catch(function (error) { say(problem(error)); });
      }));
    }
    li.appendChild(actions);
    return li;
  }
  function replyItem(answer) {
    var li = el("li", "rv-reply");
    li.appendChild(el("strong", "", answer.author));
    li.appendChild(document.createTextNode("（" + when(answer.created) + "）："));
    var text = el("span", "rv-reply-body", answer.body.value);
    li.appendChild(text);
    if (answer.mine) {
      var url = cfg.api + "/" + answer.uuid;
      li.appendChild(button("修改", "link", function () { editForm(li, text, answer, url); }));
      li.appendChild(button("删除", "link", function () { remove(url); }));
    }
    return li;
  }
  function smallForm(label, value, submitLabel, onSubmit) {
    var wrapper = el("form", "rv-inline");
    var id = "rv-f-" + Math.random().toString(36).slice(2);
    var caption = el("label", "", label);
    caption.htmlFor = id;
    var field = el("textarea");
    field.id = id;
    field.rows = 2;
    field.maxLength = Number(cfg.max);
    field.value = value;
    var send = el("button", "", submitLabel);
    send.type = "submit";
    var cancel = button("取消", "secondary", function () { wrapper.remove(); });
    wrapper.append(caption, field, send, cancel);
    wrapper.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!field.value.trim()) { field.focus(); return; }
      onSubmit(field.value.trim());
    });
    return [wrapper, field];
  }
  function replyForm(li, item) {
    var made = smallForm("回复 " + item.author, "", "发送", function (text) {
      api("POST", cfg.api, {type: "Annotation", motivation: "replying", target: item.id,
                            body: {type: "TextualBody", value: text, format: "text/plain"}})
        .then(function () { say("已回复。"); return load(); })
        .then(function () { focusThread(item.uuid); })
        .catch(function (error) { say(problem(error)); });
    });
    li.appendChild(made[0]);
    made[1].focus();
  }
  function editForm(li, node, item, url) {
    var made = smallForm("修改批注", item.body.value, "保存", function (text) {
      api("PATCH", url, {body: {type: "TextualBody", value: text}})
        .then(function () { say("已修改。"); return load(); })
        .catch(function (error) { say(problem(error)); });
    });
    li.appendChild(made[0]);
    made[1].focus();
  }
  function remove(url) {
    if (!window.confirm("删除这条批注？")) return;
    api("DELETE", url).then(function () { say("已删除。"); return load(); }).catch(function (error) { say(problem(error)); });
  }
  function openPanel(uuid) {
    panel.hidden = false;
    toggle.setAttribute("aria-expanded", "true");
    document.body.classList.add("rv-open");
    if (uuid) focusThread(uuid);
  }
  function closePanel() {
    panel.hidden = true;
    toggle.setAttribute("aria-expanded", "false");
    document.body.classList.remove("rv-open");
    toggle.focus();
  }
  function focusThread(uuid) {
    var node = document.getElementById("rv-t-" + uuid);
    if (node) { node.focus(); node.scrollIntoView({block: "nearest"}); }
  }
  function narrow() { return window.matchMedia("(max-width: 48rem)").matches; }
  function show(item) {
    var mark = markOf(item.uuid);
    if (!mark) return;
    if (narrow()) closePanel();
    mark.scrollIntoView({block: "center"});
    mark.classList.add("rv-flash");
    window.setTimeout(function () { mark.classList.remove("rv-flash"); }, 1600);
  }

  // --- commenting ----------------------------------------------------------------------------------------
  function blocksOf() {
    return Array.prototype.filter.call(main.querySelectorAll("[data-source]"), function (node) {
      return !node.querySelector("[data-source]") && node.textContent.trim();
    });
  }
  function label(node) {
    var text = node.textContent.replace(/\s+/g, " ").trim();
    var kind = node.tagName === "TR" ? "表格行：" : /^H[1-6]$/.test(node.tagName) ? "标题：" : "";
    return kind + (text.length > 36 ? text.slice(0, 36) + "……" : text);
  }
  function selectionInMain() {
    var selection = document.getSelection();
    if (!selection || !selection.rangeCount || selection.isCollapsed) return null;
    var range = selection.getRangeAt(0);
    return main.contains(range.commonAncestorContainer) && range.toString().trim() ? range.cloneRange() : null;
  }
  document.addEventListener("selectionchange", function () {
    var range = selectionInMain();
    if (range) {
      lastRange = range;
      commentButton.textContent = "批注所选文字";
      commentButton.classList.add("rv-ready");
    }
  });
  function blockAround(range) {
    var node = range.startContainer.nodeType === 1 ? range.startContainer : range.startContainer.parentElement;
    var found = node.closest("[data-source]");
    while (found && found.querySelector("[data-source]") && !found.contains(range.endContainer)) found = found.parentElement.closest("[data-source]");
    if (leaves.indexOf(found) >= 0) return found;
    var inside = leaves.filter(function (leaf) { return leaf.contains(range.startContainer); })[0];
    return inside || null;
  }
  function firstVisible() {
    for (var i = 0; i < leaves.length; i++) {
      var box = leaves[i].getBoundingClientRect();
      if (box.bottom > 0 && box.top < window.innerHeight) return i;
    }
    return 0;
  }
  function openDialog() {
    opener = document.activeElement;
    leaves = blocksOf();
    blockField.textContent = "";
    leaves.forEach(function (node, index) {
      var option = el("option", "", label(node));
      option.value = String(index);
      blockField.appendChild(option);
    });
    var range = selectionInMain() || lastRange;
    var around = range ? blockAround(range) : null;
    if (range && !around) {  // a chart's title, a box's heading: text of a block that holds other blocks
      var node = range.commonAncestorContainer.nodeType === 1 ? range.commonAncestorContainer : range.commonAncestorContainer.parentElement;
      around = node.closest("[data-source]");
      if (around) {
        leaves.unshift(around);
        var option = el("option", "", label(around));
        blockField.insertBefore(option, blockField.firstChild);
        Array.prototype.forEach.call(blockField.options, function (o, i) { o.value = String(i); });
      }
    }
    var index = around ? leaves.indexOf(around) : -1;
    if (range && index >= 0) {
      blockField.value = String(index);
      quoteField.value = range.toString().trim();
      lastRange = range;
    } else {
      lastRange = null;
      blockField.value = String(firstVisible());
      quoteField.value = leaves.length ? leaves[Number(blockField.value)].textContent.trim() : "";
    }
    bodyField.value = "";
    errorBox.hidden = true;
    dialog.showModal();
    bodyField.focus();
  }
  blockField.addEventListener("change", function () {
    lastRange = null;
    quoteField.value = leaves[Number(blockField.value)].textContent.trim();
  });
  function fail(text, field) {
    errorBox.textContent = text;
    errorBox.hidden = false;
    if (field) field.focus();
  }
  function position() {
    // where the quote stands in <main>'s text: the selection as made, or the quote typed inside the chosen block
    var quote = quoteField.value.trim();
    if (lastRange && lastRange.toString().trim() === quote) {
      return A.describeTextPosition(lastRange, main).then(function (at) { return trimmed(at.start, at.end); });
    }
    var block = leaves[Number(blockField.value)];
    var inBlock = block ? block.textContent.indexOf(quote) : -1;
    if (inBlock < 0) return Promise.reject({message: "所引原文必须是所选段落中的一段文字（可以删短，但不能改写）。"});
    var whole = document.createRange();
    whole.selectNodeContents(block);
    return A.describeTextPosition(whole, main).then(function (at) { return [at.start + inBlock, at.start + inBlock + quote.length]; });
  }
  function trimmed(start, end) {
    var text = main.textContent;
    while (start < end && /\s/.test(text[start])) start++;
    while (end > start && /\s/.test(text[end - 1])) end--;
    return [start, end];
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var body = bodyField.value.trim();
    if (!quoteField.value.trim()) return fail("请先选择要批注的文字。", quoteField);
    if (!body) return fail("请写下您的意见。", bodyField);
    position().then(function (at) {
      var text = main.textContent;
      var exact = text.slice(at[0], at[1]);
      return api("POST", cfg.api, {
        "@context": "http://www.w3.org/ns/anno.jsonld", type: "Annotation", motivation: "commenting",
        body: {type: "TextualBody", value: body, format: "text/plain", language: "zh-CN"},
        target: {source: cfg.page, selector: [
          {type: "TextQuoteSelector", exact: exact, prefix: text.slice(Math.max(0, at[0] - CONTEXT), at[0]),
           suffix: text.slice(at[1], at[1] + CONTEXT)},
          {type: "TextPositionSelector", start: at[0], end: at[1]}]},
        edition: Number(cfg.edition), round: cfg.round});
    }).then(function (made) {
      dialog.close();
      lastRange = null;
      commentButton.textContent = "批注";
      commentButton.classList.remove("rv-ready");
      var selection = document.getSelection();
      if (selection) selection.removeAllRanges();
      say("批注已保存。");
      return load().then(function () {
        // beside the text on a wide screen; on a phone the page stays in view, the count tells it is saved
        if (!narrow()) openPanel(made.uuid);
      });
    }).catch(function (error) { fail(problem(error)); });
  });
  $(".rv-cancel").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("close", function () { if (opener && opener.focus) opener.focus(); });
  // on a phone the selection's own menu covers the top of the screen: the button sits at the bottom, and a
  // touch on it must not lose the selection before it is read
  commentButton.addEventListener("pointerdown", function () { lastRange = selectionInMain() || lastRange; });
  commentButton.addEventListener("click", openDialog);
  toggle.addEventListener("click", function () { if (panel.hidden) openPanel(); else closePanel(); });
  $(".rv-close").addEventListener("click", closePanel);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden && !dialog.open) closePanel();
  });

  // the drawer and the page's scrolling stop above the bar, whose height depends on the screen's width
  function barHeight() { document.documentElement.style.setProperty("--rv-bar", $(".rv-bar").offsetHeight + "px"); }
  barHeight();
  window.addEventListener("resize", barHeight);
  load().then(function () {
    root.dataset.loaded = "1";
    var wanted = /^#comment-([0-9a-f-]+)$/.exec(window.location.hash);
    if (wanted) {
      openPanel(wanted[1]);
      var item = items.filter(function (i) { return i.uuid === wanted[1]; })[0];
      if (item) show(item);
    }
  });
})();
