/* The document page's graph (issue #5).
   Reads /api/graph, the JSON the API serves (data-graph-url on #pg-graph), and draws it
   with vis-network: kinds in rows top-down (level from viz/style.py), fill by kind, border
   and badge by status, line colour and dashes by relation type. Clicking a node fetches
   its own neighbourhood and merges it; clicking an edge shows its evidence in the side
   panel; the checkboxes hide relation types. The lists under the graph mirror what the
   canvas shows, for keyboards and screen readers.
   Everything is exposed on window.pgGraph for the browser tests and bench/graph_render.py. */
(function () {
  "use strict";

  var root = document.getElementById("pg-graph");
  if (!root || !window.vis || !window.PG) { return; }
  var PG = window.PG;
  var style = JSON.parse(document.getElementById("pg-style").textContent);
  var centre = root.dataset.center;
  var limit = root.dataset.limit;
  var statusLine = document.getElementById("pg-graph-status");
  var MIN_SCALE = 0.55;  // below this zoom the 14px labels cannot be read

  var nodes = new vis.DataSet();
  var edges = new vis.DataSet();
  var shown = new Set();  // nodes at an end of a visible edge (the others are hidden)
  var expanded = new Set();
  var pairs = new Map();  // unordered node pair -> relation types drawn between them

  var panel = PG.createPanel(document.getElementById("pg-panel-body"),
                             { style: style, documentUrl: documentUrl });
  var filters = PG.createFilters(document.getElementById("pg-filters"), refresh);
  var edgeView = new vis.DataView(edges, {
    filter: function (e) { return filters.active.has(e.relation); }
  });
  var nodeView = new vis.DataView(nodes, {
    filter: function (n) { return n.id === centre || shown.has(n.id); }
  });

  var state = window.pgGraph = {
    centre: centre, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
    filters: filters, network: null, expanded: expanded, truncated: false,
    big: false, loads: 0, draws: 0, fetchedAt: null, drawnAt: null, error: null,
    expand: expand, selectNode: selectNode, selectEdge: selectEdge
  };

  function documentUrl(key) {
    return "/doc?" + new URLSearchParams({ doc: key }).toString();
  }

  function graphUrl(key) {
    return root.dataset.graphApi + "?" +
      new URLSearchParams({ doc: key, depth: "1", limit: limit }).toString();
  }

  function tasksUrl(key) {
    return root.dataset.tasksApi + "?" + new URLSearchParams({ doc: key }).toString();
  }

  // --- API JSON -> vis items ------------------------------------------------------------

  /* n: a node of /api/graph, or a task or agency made by taskGraph (status null). */
  function visNode(n) {
    var kind = style.kinds[n.doc_type] || style.kinds.other;
    var isDocument = n.status !== null;
    var status = style.statuses[n.status] || style.statuses.unknown;
    var plain = !isDocument || n.status === "in_force";
    var lapsed = n.status === "replaced" || n.status === "repealed";
    var item = {
      id: n.key, name: n.name || n.label, symbol: n.symbol, docTitle: n.title,
      kind: n.doc_type, status: n.status, level: kind.level, isDocument: isDocument,
      // The badge goes on the canvas too, so status reads without the legend.
      label: plain ? n.label : n.label + "\n[" + status.label + "]",
      color: {
        background: kind.colour, border: isDocument ? status.colour : "#7a8590",
        highlight: { background: kind.colour, border: "#111111" },
        hover: { background: kind.colour, border: "#111111" }
      },
      borderWidth: plain ? 1 : 3,
      shapeProperties: { borderDashes: lapsed ? [5, 3] : false },
      title: PG.tooltip([kind.label + " " + (n.name || n.label), n.title,
                         isDocument ? status.label : null])
    };
    if (n.key === centre) {
      item.borderWidth = Math.max(item.borderWidth, 3);
      item.font = { size: 17 };
      item.shadow = { enabled: true, color: "rgba(31,111,180,0.6)", size: 16, x: 0, y: 0 };
    }
    return item;
  }

  /* /api/tasks as graph nodes and edges: plan -has_task-> task -lead/coordinate-> agency,
     each edge with the task's evidence (issue #5: "… plan → task → agency"). */
  function taskGraph(body) {
    var graph = { nodes: [], edges: [] };
    if (!body || !body.tasks) { return graph; }
    var seen = new Set();
    function add(node) {
      if (!seen.has(node.key)) { seen.add(node.key); graph.nodes.push(node); }
    }
    function link(source, target, type, evidence) {
      graph.edges.push({ source: source, target: target, type: type, scope: null,
                         evidence: evidence });
    }
    body.tasks.forEach(function (t) {
      var plan = nodes.get(t.plan) ? t.plan : body.subject.key;
      add({ key: t.key, label: "Nhiệm vụ " + t.section, name: t.plan_label + " " + t.section,
            symbol: null, title: t.text, doc_type: "task", status: null });
      link(plan, t.key, "has_task", t.evidence);
      [["lead", t.lead, t.lead_keys], ["coordinate", t.coordinate, t.coordinate_keys]]
        .forEach(function (role) {
          role[2].forEach(function (key, i) {
            add({ key: key, label: role[1][i], symbol: null, title: null, doc_type: "agency",
                  status: null });
            link(t.key, key, role[0], t.evidence);
          });
        });
    });
    return graph;
  }

  /* One vis edge per (source, target, type): the report that mentions a plan on four
     lines is one line on the canvas with four pieces of evidence in the panel. */
  function visEdges(apiEdges) {
    var grouped = new Map();
    apiEdges.forEach(function (e) {
      var id = JSON.stringify([e.source, e.target, e.type]);
      var item = grouped.get(id) || copyEdge(edges.get(id)) || newEdge(id, e);
      var seen = !e.evidence || item.evidence.some(function (ev) {
        return ev.file === e.evidence.file && ev.line === e.evidence.line &&
               ev.text === e.evidence.text;
      });
      if (!seen) { item.evidence.push(e.evidence); }
      if (e.scope && item.scopes.indexOf(e.scope) < 0) { item.scopes.push(e.scope); }
      // One stated sentence outweighs any number of table rows (ingest/tables.py).
      item.confidence = Math.max(item.confidence, e.confidence == null ? 1 : e.confidence);
      grouped.set(id, item);
    });
    return Array.from(grouped.values()).map(finishEdge);
  }

  function copyEdge(old) {
    if (!old) { return null; }
    return Object.assign({}, old, { evidence: old.evidence.slice(), scopes: old.scopes.slice() });
  }

  function newEdge(id, e) {
    var r = style.relations[e.type] || style.relations.references;
    var item = {
      id: id, from: e.source, to: e.target, relation: e.type, evidence: [], scopes: [], confidence: 0,
      color: { color: r.colour, highlight: r.colour, hover: r.colour, inherit: false },
      dashes: r.dashes.length && !state.big ? r.dashes : false, width: r.width
    };
    // Two types between the same pair would draw on one line: bend the later ones apart.
    var pair = [e.source, e.target].sort().join("\u0000");
    var types = pairs.get(pair) || [];
    if (types.indexOf(e.type) < 0) { types.push(e.type); }
    pairs.set(pair, types);
    var bend = types.indexOf(e.type);
    if (bend > 0) { item.smooth = { enabled: true, type: "curvedCW", roundness: 0.18 * bend }; }
    return item;
  }

  function finishEdge(item) {
    var r = style.relations[item.relation];
    var first = item.evidence[0];
    item.scope = item.scopes.join("; ") || null;
    item.implied = item.confidence < style.implied.below;
    item.color = Object.assign({}, item.color, { opacity: item.implied ? style.implied.opacity : 1 });
    item.title = PG.tooltip([r ? r.label : item.relation, item.implied && style.implied.label,
                             item.scope && "Phạm vi: " + item.scope,
                             first && first.text, first && (first.file + ":" + first.line)]);
    return item;
  }

  // --- loading and merging --------------------------------------------------------------

  function fetchJson(url) {
    return fetch(url).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) {
          var err = body && body.error;
          throw new Error(err ? err.message + " " + err.hint : "HTTP " + response.status);
        }
        return body;
      });
    });
  }

  /* A document's neighbourhood and its tasks, merged and drawn once. Tasks are extra:
     when /api/tasks fails, the documents still show. */
  function load(graph, key) {
    root.dataset.state = "loading";
    var tasks = fetchJson(tasksUrl(key)).catch(function () { return null; });
    return Promise.all([fetchJson(graph), tasks]).then(function (both) {
      state.fetchedAt = performance.now();  // for bench/graph_render.py: fetch vs draw
      var extra = taskGraph(both[1]);
      both[0].nodes = both[0].nodes.concat(extra.nodes);
      both[0].edges = both[0].edges.concat(extra.edges);
      return merge(both[0]);
    }).catch(function (error) {
      state.error = String(error.message || error);
      root.dataset.state = "error";
      statusLine.textContent = "Không tải được đồ thị: " + state.error;
      panel.showMessage("Không tải được đồ thị: " + state.error);
      return 0;
    });
  }

  function merge(body) {
    var before = nodes.length;
    var fresh = body.nodes.filter(function (n) { return !nodes.get(n.key); }).map(visNode);
    if (!state.big && nodes.length + fresh.length > style.bigGraph) { goBig(); }
    var items = visEdges(body.edges);
    // Decide visibility before the data sets change, so each change lays out only once.
    var revealed = false;  // a node already loaded but hidden gains a visible edge
    items.forEach(function (e) {
      if (!filters.active.has(e.relation)) { return; }
      [e.from, e.to].forEach(function (key) {
        if (!shown.has(key)) { shown.add(key); revealed = revealed || Boolean(nodes.get(key)); }
      });
    });
    state.truncated = state.truncated || Boolean(body.truncated);
    state.loads += 1;
    nodes.add(fresh);
    edges.update(items);
    if (revealed) { nodeView.refresh(); }
    drawn(body.center);
    renderLists();
    return nodes.length - before;
  }

  /* Past style.bigGraph nodes: solid lines and no layout refinements, from now on.
     Dashes are drawn dash by dash in graph units, so a long edge on a zoomed-out canvas
     is thousands of dashes: 2,000 dashed edges took 10-18 s a frame in software
     rendering, solid ones 85 ms (bench/graph_render.py). Colour still tells the type. */
  function goBig() {
    state.big = true;
    edges.update(edges.get().map(function (e) { return { id: e.id, dashes: false }; }));
    if (state.network) { state.network.setOptions(style.network.big); }
  }

  function drawn(focus) {
    if (!state.network) {
      state.network = new vis.Network(root, { nodes: nodeView, edges: edgeView },
                                      state.big ? style.network.big : style.network.small);
      state.network.on("click", onClick);
    }
    // The next frame drawn is the one with the new data (vis-network draws on
    // requestAnimationFrame). afterDrawing ends vis-network's JavaScript; the canvas is
    // rasterised when that frame is committed, so the stamp waits for the next frame.
    state.network.once("afterDrawing", function () {
      requestAnimationFrame(function () {
        state.draws += 1;
        state.drawnAt = performance.now();
        root.dataset.state = "drawn";
      });
    });
    view(focus);
  }

  /* Fit the graph; when that makes labels unreadably small (a wide row of a hundred
     plans), zoom in on the node just opened instead: the lists below still show all. */
  function view(focus) {
    var network = state.network;
    network.fit({ animation: false });
    if (network.getScale() < MIN_SCALE && focus && nodeView.get(focus)) {
      network.moveTo({ position: network.getPositions([focus])[focus], scale: MIN_SCALE,
                       animation: false });
    }
  }

  function refresh() {
    edgeView.refresh();
    shown = new Set();
    edgeView.forEach(function (e) { shown.add(e.from); shown.add(e.to); });
    nodeView.refresh();
    renderLists();
  }

  function expand(key) {
    if (expanded.has(key)) { return Promise.resolve(0); }
    expanded.add(key);
    return load(graphUrl(key), key);
  }

  // --- selection ----------------------------------------------------------------------------

  function onClick(params) {
    if (params.nodes.length) { selectNode(params.nodes[0]); }
    else if (params.edges.length) { selectEdge(params.edges[0]); }
  }

  function selectNode(key, fromList) {
    var node = nodes.get(key);
    if (!node) { return Promise.resolve(0); }
    if (fromList && state.network) { state.network.selectNodes([key]); }
    if (!node.isDocument) {  // tasks and agencies have no neighbourhood in the API
      panel.showNode(node, null);
      return Promise.resolve(0);
    }
    var known = expanded.has(key);
    panel.showNode(node, known ? "Các quan hệ của văn bản này đã được mở." : "Đang mở rộng…");
    return expand(key).then(function (added) {
      if (!known) {
        panel.showNode(node, added ? "Đã mở rộng: thêm " + added + " văn bản."
                                   : "Không có văn bản nào mới quanh văn bản này.");
      }
      return added;
    });
  }

  function selectEdge(id, fromList) {
    var edge = edges.get(id);
    if (!edge) { return; }
    if (fromList && state.network) { state.network.selectEdges([id]); }
    state.selectedEdge = id;
    panel.showEdge(edge, function (key) { return nodes.get(key); });
  }

  // --- the lists and the status line -------------------------------------------------------

  function button(text, onPress) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.addEventListener("click", onPress);
    var li = document.createElement("li");
    li.appendChild(b);
    return li;
  }

  function nameOf(key) {
    var n = nodes.get(key);
    return n ? n.name : key;
  }

  function renderLists() {
    var shownNodes = nodeView.get().sort(function (a, b) {
      return a.level - b.level || a.name.localeCompare(b.name, "vi");
    });
    var shownEdges = edgeView.get();
    document.getElementById("pg-node-list").replaceChildren.apply(
      document.getElementById("pg-node-list"), shownNodes.map(function (n) {
        var kind = (style.kinds[n.kind] || style.kinds.other).label;
        var status = n.isDocument
          ? ", " + (style.statuses[n.status] || style.statuses.unknown).label : "";
        var li = button(n.name + " — " + kind + status,
                        function () { selectNode(n.id, true); });
        li.dataset.key = n.id;
        return li;
      }));
    document.getElementById("pg-edge-list").replaceChildren.apply(
      document.getElementById("pg-edge-list"), shownEdges.map(function (e) {
        var label = (style.relations[e.relation] || { label: e.relation }).label;
        var li = button(nameOf(e.from) + " — " + label + " → " + nameOf(e.to) +
                        " (" + e.evidence.length + " bằng chứng)",
                        function () { selectEdge(e.id, true); });
        li.dataset.edge = e.id;
        li.dataset.relation = e.relation;
        return li;
      }));
    document.getElementById("pg-node-count").textContent = String(shownNodes.length);
    document.getElementById("pg-edge-count").textContent = String(shownEdges.length);
    var text = "Đang hiện " + shownNodes.length + " nút và " + shownEdges.length +
      " quan hệ (đã tải " + nodes.length + " nút, " + edges.length + " quan hệ).";
    if (state.big) {
      text += " Đồ thị lớn: mọi đường được vẽ liền cho nhanh, loại quan hệ phân biệt bằng màu.";
    }
    if (state.truncated) {
      text += " Đồ thị đã bị cắt ở " + limit + " văn bản mỗi lần tải: bấm vào một văn bản để " +
        "mở rộng, hoặc thêm limit=1000 vào địa chỉ.";
    }
    statusLine.textContent = text;
    statusLine.dataset.truncated = String(state.truncated);
  }

  // --- start ----------------------------------------------------------------------------------

  var depthSelect = document.getElementById("pg-depth");
  if (depthSelect) {
    depthSelect.addEventListener("change", function () { depthSelect.form.requestSubmit(); });
  }
  expanded.add(centre);
  state.ready = load(root.dataset.graphUrl, centre);
})();
