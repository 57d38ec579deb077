/* The standalone export (policygraph viz): draws the pyvis-built items embedded in the
   page (#pg-data), with the same panel and filters as the served page, and no requests.
   State is on window.pgStandalone for the browser tests. */
(function () {
  "use strict";
  var PG = window.PG;
  var style = JSON.parse(document.getElementById("pg-style").textContent);
  var data = JSON.parse(document.getElementById("pg-data").textContent);
  var root = document.getElementById("pg-graph");
  var statusLine = document.getElementById("pg-graph-status");
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var shown = new Set();
  var panel = PG.createPanel(document.getElementById("pg-panel-body"), { style: style });
  var filters = PG.createFilters(document.getElementById("pg-filters"), refresh);
  var edgeView = new vis.DataView(edges, {
    filter: function (e) { return filters.active.has(e.relation); }
  });
  visible();  // before the node view, whose filter reads it
  var nodeView = new vis.DataView(nodes, {
    filter: function (n) { return n.id === data.center || shown.has(n.id); }
  });
  var state = window.pgStandalone = {
    nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView, filters: filters,
    draws: 0, drawnAt: null
  };

  function visible() {
    shown = new Set();
    edgeView.forEach(function (e) { shown.add(e.from); shown.add(e.to); });
  }

  function count() {
    statusLine.textContent = "Đang hiện " + nodeView.length + " nút và " +
      edgeView.length + " quan hệ. Bấm vào một đường nối để xem bằng chứng.";
  }

  function refresh() {
    edgeView.refresh();
    visible();
    nodeView.refresh();
    count();
  }

  state.network = new vis.Network(root, { nodes: nodeView, edges: edgeView }, data.options);
  // Stamp the frame after vis-network's draw: the canvas is rasterised when it commits.
  state.network.once("afterDrawing", function () {
    requestAnimationFrame(function () {
      state.draws += 1;
      state.drawnAt = performance.now();
      root.dataset.state = "drawn";
    });
  });
  state.network.on("click", function (params) {
    if (params.nodes.length) { panel.showNode(nodes.get(params.nodes[0])); }
    else if (params.edges.length) {
      panel.showEdge(edges.get(params.edges[0]), function (key) { return nodes.get(key); });
    }
  });
  state.network.fit({ animation: false });
  count();
})();
