/* The side panel: an edge's evidence (sentence, file, line) or a node's details.
   Shared by the document page (graph.js) and the standalone export (standalone.js).
   Text from documents goes in with textContent only: a title holding "<script>" stays
   text (issue #5). */
(function () {
  "use strict";
  var PG = window.PG = window.PG || {};

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function badge(style, status) {
    var s = style.statuses[status] || style.statuses.unknown;
    var b = el("span", "pg-badge", s.label);
    b.dataset.status = s.status;
    b.style.setProperty("--pg-status", s.colour);
    return b;
  }

  /* body: the element to fill; options.style: the style tables (viz/style.py);
     options.documentUrl(key): a page for a document, or null when there is no server. */
  PG.createPanel = function (body, options) {
    var style = options.style;
    var documentUrl = options.documentUrl || null;

    function docName(node, key) {
      if (documentUrl && node && node.status) {  // a document: link its page
        var a = el("a", null, node ? node.name : key);
        a.href = documentUrl(key);
        return a;
      }
      return el("strong", null, node ? node.name : key);
    }

    function evidenceItem(ev) {
      var li = el("li");
      li.appendChild(el("blockquote", "pg-evidence-text", ev.text));
      var source = el("p", "pg-evidence-source");
      source.appendChild(document.createTextNode("Tệp "));
      source.appendChild(el("code", "pg-evidence-file", ev.file));
      source.appendChild(document.createTextNode(", dòng "));
      source.appendChild(el("span", "pg-evidence-line", ev.line));
      li.appendChild(source);
      return li;
    }

    return {
      /* edge: {from, to, relation, scope, evidence: [{text, file, line}]};
         nodeOf(key): the node item of a key, for its name. */
      showEdge: function (edge, nodeOf) {
        var relation = style.relations[edge.relation];
        var parts = [el("h3", null, relation ? relation.label : edge.relation)];
        var ends = el("p", "pg-ends");
        ends.appendChild(docName(nodeOf(edge.from), edge.from));
        ends.appendChild(document.createTextNode(" → "));
        ends.appendChild(docName(nodeOf(edge.to), edge.to));
        parts.push(ends);
        if (relation) {
          parts.push(el("p", "pg-muted", "Chiều ngược lại: " + relation.inverse));
        }
        if (edge.scope) { parts.push(el("p", "pg-scope", "Phạm vi: " + edge.scope)); }
        if (edge.implied) { parts.push(el("p", "pg-implied", style.implied.label)); }
        parts.push(el("p", "pg-muted", "Bằng chứng (" + edge.evidence.length + "):"));
        var list = el("ul", "pg-evidence");
        edge.evidence.forEach(function (ev) { list.appendChild(evidenceItem(ev)); });
        parts.push(list);
        body.replaceChildren.apply(body, parts);
        body.dataset.showing = "edge";
      },

      /* node: {id, name, kind, status, docTitle} (status null for a task or an agency);
         note: a line about expanding it. */
      showNode: function (node, note) {
        var kind = style.kinds[node.kind] || style.kinds.other;
        var parts = [el("h3", null, node.name)];
        var what = el("p", "pg-kind");
        what.appendChild(document.createTextNode(kind.label + " "));
        if (node.status) { what.appendChild(badge(style, node.status)); }
        parts.push(what);
        if (node.docTitle && node.docTitle !== node.name) {
          parts.push(el("p", null, node.docTitle));
        }
        var key = el("p", "pg-muted", "Mã: ");
        key.appendChild(el("code", null, node.id));
        parts.push(key);
        if (note) { parts.push(el("p", "pg-note", note)); }
        if (documentUrl && node.status) {  // tasks and agencies have no page
          var open = el("a", null, "Mở trang văn bản này");
          open.href = documentUrl(node.id);
          var line = el("p");
          line.appendChild(open);
          parts.push(line);
        }
        body.replaceChildren.apply(body, parts);
        body.dataset.showing = "node";
      },

      showMessage: function (text) {
        body.replaceChildren(el("p", "pg-hint", text));
        body.dataset.showing = "message";
      }
    };
  };

  /* A hover tooltip for vis-network: an element (vis-network shows a string as text too,
     but an element lets us lay it out). */
  PG.tooltip = function (lines) {
    var box = el("div", "pg-tooltip");
    lines.filter(Boolean).forEach(function (line, i) {
      box.appendChild(el(i === 0 ? "strong" : "div", null, line));
    });
    return box;
  };
})();
