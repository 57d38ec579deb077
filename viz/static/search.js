/* Suggestions under the search box, from /api/search (any spelling, with or without
   diacritics: the API folds them). Picking one opens /doc?doc=KEY: the key, not the typed
   text, because one symbol can name several documents (domain.md §1).
   Everything from the store is written with textContent, never as HTML (issue #5). */
(function () {
  "use strict";

  var form = document.getElementById("pg-search");
  if (!form) { return; }
  var input = document.getElementById("pg-search-input");
  var list = document.getElementById("pg-suggestions");
  var style = JSON.parse(document.getElementById("pg-style").textContent);
  var DELAY_MS = 150;  // one request per pause in typing, not per key
  var timer = null;
  var asked = 0;       // answers to older questions arrive late: show only the newest
  var hits = [];
  var active = -1;

  function documentUrl(key) {
    return "/doc?" + new URLSearchParams({ doc: key }).toString();
  }

  function span(cls, text) {
    var el = document.createElement("span");
    el.className = cls;
    el.textContent = text;
    return el;
  }

  function option(hit, index) {
    var d = hit.document;
    var kind = (style.kinds[d.doc_type] || style.kinds.other).label;
    var status = (style.statuses[d.status] || style.statuses.unknown).label;
    var li = document.createElement("li");
    li.id = "pg-suggestion-" + index;
    li.setAttribute("role", "option");
    li.dataset.key = d.key;
    var link = document.createElement("a");
    link.href = documentUrl(d.key);
    link.tabIndex = -1;
    link.appendChild(span("pg-suggestion-symbol", d.label));
    var where = [kind, d.jurisdiction, d.date, status].filter(Boolean).join(" · ");
    link.appendChild(document.createTextNode(" "));
    link.appendChild(span("pg-suggestion-meta", where));
    if (d.title && d.title !== d.label) {
      link.appendChild(span("pg-suggestion-title", d.title));
    }
    li.appendChild(link);
    li.addEventListener("mousedown", function (event) {
      event.preventDefault();  // keep focus in the box until the link is followed
      window.location.assign(documentUrl(d.key));
    });
    return li;
  }

  function show(found) {
    hits = found;
    active = -1;
    list.replaceChildren.apply(list, found.map(option));
    list.hidden = found.length === 0;
    input.setAttribute("aria-expanded", String(found.length > 0));
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    var items = list.children;
    if (!items.length) { return; }
    active = (index + items.length) % items.length;
    for (var i = 0; i < items.length; i++) {
      items[i].setAttribute("aria-selected", String(i === active));
    }
    input.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }

  function suggest() {
    var q = input.value.trim();
    var mine = ++asked;
    if (!q) { show([]); return; }
    fetch("/api/search?" + new URLSearchParams({ q: q, limit: "8" }).toString())
      .then(function (response) { return response.ok ? response.json() : { hits: [] }; })
      .then(function (body) { if (mine === asked) { show(body.hits || []); } })
      .catch(function () { if (mine === asked) { show([]); } });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(suggest, DELAY_MS);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Escape") { show([]); }
    else if (event.key === "Enter" && active >= 0 && hits[active]) {
      event.preventDefault();
      window.location.assign(documentUrl(hits[active].document.key));
    }
  });
  input.addEventListener("blur", function () { setTimeout(function () { show([]); }, 150); });
})();
