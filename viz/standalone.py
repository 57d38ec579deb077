"""``policygraph viz``: one HTML file with a document's neighbourhood, made with pyvis, that
opens from ``file://`` with no network (every script and style inline).

pyvis builds the network (``Network.add_node`` / ``add_edge``, options, and
``get_network_data`` for the items); ``templates/standalone.html`` renders it. We do not
use pyvis's own template: in pyvis 0.3.2 it links Bootstrap from cdn.jsdelivr.net even
with ``cdn_resources="in_line"``, renders the heading unescaped (its Jinja environment
has no autoescape) and writes a node's title with ``innerHTML`` once any title contains
"href". Our template inlines the vendored vis-network (``static/vis-network-10.1.5.min.js``),
``app.css``, ``panel.js``, ``filters.js`` and ``standalone.js``, and passes the items as
escaped JSON.

The data is the same as ``/api/graph``'s: ``graph.queries.neighbours``; the styling is
``viz.style``'s, as on the page.

Example:
    >>> from ..graph.results import GraphNode, Neighbourhood
    >>> node = GraphNode("k", "1/KH", "1/KH", "plan", "in_force", None, 0)
    >>> hood = Neighbourhood("k", 1, [node], [])
    >>> build_network(hood).get_nodes()
    ['k']
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyvis.network import Network

from .. import __version__
from ..graph.queries import neighbours
from ..graph.queries_structure import plan_tasks
from ..graph.refs import DocumentRefs
from ..graph.model import Evidence
from ..graph.results import DocumentRef, GraphEdge, GraphNode, Neighbourhood
from ..graph.store import Store
from ..graph.structure_results import PlanTasks
from .render import VIS_NETWORK, render_template, static_text
from .style import (
    BIG_GRAPH,
    IMPLIED_BELOW,
    IMPLIED_LABEL,
    IMPLIED_OPACITY,
    RELATIONS,
    TASK_LINKS,
    kind_style,
    network_options,
    status_style,
)

LINKS = {**RELATIONS, **TASK_LINKS}

#: Scripts inlined after vis-network, in order (panel and filters before their user).
INLINE_SCRIPTS = ("panel.js", "filters.js", "standalone.js")
# A trailing "//# sourceMappingURL=…" would point next to the HTML file, where no map is.
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)
# Text that would end or confuse an inline <script>/<style> element (HTML "script data").
_UNSAFE_INLINE = re.compile(r"</script|</style|<!--", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Export:
    """What ``write_standalone`` wrote: the file, the subject, and the graph's size."""

    path: Path
    subject: DocumentRef
    nodes: int
    edges: int
    truncated: bool


def write_standalone(store: Store, key: str, output: Path, depth: int = 2,
                     limit: int = 500) -> Export:
    """Write the standalone page of ``key``'s neighbourhood to ``output``.

    Args:
        store: any Store.
        key: the centre document's key.
        output: the HTML file to write (its folder must exist).
        depth: how many relations away to go (as ``/api/graph``).
        limit: the most nodes besides the centre.

    Returns:
        An :class:`Export` with the counts.

    Example:
        >>> write_standalone(store, k361, Path("lineage.html")).nodes  # doctest: +SKIP
        6
    """
    hood = neighbours(store, key, depth, limit)
    subject = DocumentRefs(store).get(key)
    network = build_network(with_tasks(hood, plan_tasks(store, key)))
    output.write_text(render_standalone(network, hood, subject), encoding="utf-8")
    return Export(output, subject, len(network.nodes), len(network.edges), hood.truncated)


def build_network(hood: Neighbourhood) -> Network:
    """A pyvis Network of the neighbourhood, styled like the browser page.

    Nodes carry ``level`` (their kind's row), fill by kind, border and badge by status;
    edges are one per (source, target, type), with every piece of evidence.

    Args:
        hood: the neighbourhood (``graph.queries.neighbours``).

    Returns:
        The network, with options set.
    """
    # Only the data is pyvis's; its write_html() template is not used (module docstring).
    network = Network(directed=True, height="100%", width="100%")
    for node in hood.nodes:
        network.add_node(node.key, **_node_options(node, node.key == hood.center))
    big = len(hood.nodes) > BIG_GRAPH
    pair_types: dict[frozenset[str], list[str]] = {}
    for options in _grouped_edges(hood.edges, dashed=not big):
        bend = _bend(pair_types, options["from"], options["to"], options["relation"])
        if bend:
            options["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.18 * bend}
        network.add_edge(options.pop("from"), options.pop("to"), **options)
    # pyvis's set_options() strips every space from its JSON ("Segoe UI" -> "SegoeUI");
    # a dict is also accepted by get_network_data(), so set it directly.
    network.options = network_options(big=big)
    return network


def with_tasks(hood: Neighbourhood, tasks: PlanTasks) -> Neighbourhood:
    """The neighbourhood plus the centre's tasks and the agencies they name, as the page
    adds them from ``/api/tasks``: plan -has_task-> task -lead/coordinate-> agency.

    Tasks and agencies are nodes of kind ``task`` / ``agency`` with an empty status (they
    have none); the links carry the task's evidence.

    Args:
        hood: the documents around the centre.
        tasks: the centre's tasks (``graph.queries_structure.plan_tasks``).

    Returns:
        A new Neighbourhood; ``hood`` is unchanged.

    Example:
        >>> with_tasks(hood, plan_tasks(store, k7099)).nodes[-1].doc_type  # doctest: +SKIP
        'agency'
    """
    nodes = {n.key: n for n in hood.nodes}
    edges = list(hood.edges)
    for task in tasks.tasks:
        plan = task.plan if task.plan in nodes else tasks.subject.key
        nodes.setdefault(task.key, GraphNode(task.key, f"Nhiệm vụ {task.section}", None, "task",
                                             "", task.text, 1))
        edges.append(_task_link(plan, task.key, "has_task", task.evidence))
        for role, names, keys in (("lead", task.lead, task.lead_keys),
                                  ("coordinate", task.coordinate, task.coordinate_keys)):
            for name, agency in zip(names, keys):
                nodes.setdefault(agency, GraphNode(agency, name, None, "agency", "", None, 2))
                edges.append(_task_link(task.key, agency, role, task.evidence))
    return Neighbourhood(hood.center, hood.depth, list(nodes.values()), edges, hood.truncated)


def _task_link(source: str, target: str, kind: str, evidence: Evidence | None) -> GraphEdge:
    """A task link as a GraphEdge. A task read without its sentence has no evidence: None
    stays None (GraphEdge says Evidence), and ``_grouped_edges`` adds nothing for it."""
    return GraphEdge(source, target, kind, evidence, None)  # type: ignore[arg-type]


def render_standalone(network: Network, hood: Neighbourhood, subject: DocumentRef) -> str:
    """The HTML text of the standalone page: data as escaped JSON, assets inline.

    Args:
        network: from :func:`build_network`.
        hood: the neighbourhood it was built from (centre, depth, truncated).
        subject: the centre document.

    Returns:
        One self-contained HTML document.
    """
    nodes, edges, _heading, _height, _width, options = network.get_network_data()
    data = {"center": hood.center, "nodes": nodes, "edges": edges,
            "options": json.loads(options)}  # get_network_data() gives the options as JSON
    return render_template(
        "standalone.html", standalone=True, subject=subject, data=data, depth=hood.depth,
        truncated=hood.truncated, node_count=len(nodes), edge_count=len(edges),
        version=__version__, vis_js=inline_asset(VIS_NETWORK),
        scripts=[inline_asset(name) for name in INLINE_SCRIPTS],
        css=inline_asset("app.css"))


def inline_asset(name: str) -> str:
    """A static file's text, safe to put inside ``<script>`` or ``<style>``.

    Raises:
        ValueError: the text holds ``</script``, ``</style`` or ``<!--``, which would end
            or confuse the element; we refuse rather than rewrite a vendored file.

    Example:
        >>> "sourceMappingURL" in inline_asset("vis-network-10.1.5.min.js")
        False
    """
    text = _SOURCE_MAP.sub("", static_text(name))
    found = _UNSAFE_INLINE.search(text)
    if found:
        raise ValueError(f"viz/static/{name} contains {found.group(0)!r} at {found.start()}, "
                         "which cannot be inlined in an HTML element; serve it as a file "
                         "instead, or vendor a build without it.")
    return text


def _node_options(node: GraphNode, is_centre: bool) -> dict[str, Any]:
    """vis-network options of one node (the same fields graph.js gives its nodes)."""
    kind, status = kind_style(node.doc_type), status_style(node.status)
    document = bool(node.status)  # tasks and agencies have no status
    in_force = not document or node.status == "in_force"
    options: dict[str, Any] = {
        "label": node.label if in_force else f"{node.label}\n[{status.label}]",
        "shape": "box", "name": node.label, "symbol": node.symbol, "docTitle": node.title,
        "kind": node.doc_type, "status": node.status or None, "level": kind.level,
        "isDocument": document,
        "color": {"background": kind.colour, "border": status.colour if document else "#7a8590",
                  "highlight": {"background": kind.colour, "border": "#111111"},
                  "hover": {"background": kind.colour, "border": "#111111"}},
        "borderWidth": 1 if in_force else 3,
        "shapeProperties": {"borderDashes": [5, 3] if node.status in ("replaced", "repealed")
                            else False},
        # vis-network 10 shows a string title as text (innerText), never as HTML.
        "title": "\n".join(t for t in (f"{kind.label} {node.label}", node.title,
                                       status.label if document else None) if t),
    }
    if is_centre:
        options.update(borderWidth=3, font={"size": 17},
                       shadow={"enabled": True, "color": "rgba(31,111,180,0.6)", "size": 16,
                               "x": 0, "y": 0})
    return options


def _grouped_edges(edges: list[GraphEdge], dashed: bool) -> list[dict[str, Any]]:
    """One edge per (source, target, type), with all its evidence, in first-seen order.

    ``dashed`` False draws every line solid: for big graphs, as graph.js does (dashes cost
    seconds a frame there; see ``goBig`` in static/graph.js)."""
    grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
    for e in edges:
        item = grouped.setdefault((e.source, e.target, e.type), _edge_options(e, dashed))
        item["confidence"] = max(item["confidence"], e.confidence)
        if e.evidence is None:  # a task read without its sentence
            continue
        evidence = {"file": e.evidence.file, "line": e.evidence.line, "text": e.evidence.text}
        if evidence not in item["evidence"]:
            item["evidence"].append(evidence)
        if e.scope and e.scope not in item["scopes"]:
            item["scopes"].append(e.scope)
    for item in grouped.values():
        item["scope"] = "; ".join(item["scopes"]) or None
        first = item["evidence"][0] if item["evidence"] else {"text": "", "file": "", "line": ""}
        label = LINKS[item["relation"]].label if item["relation"] in LINKS else ""
        where = f"{first['file']}:{first['line']}" if first["file"] else ""
        implied = item["confidence"] < IMPLIED_BELOW
        if implied:  # drawn faint: read from where things stand, not from a sentence
            item["color"]["opacity"] = IMPLIED_OPACITY
        item["title"] = "\n".join(t for t in (label, implied and IMPLIED_LABEL,
                                              item["scope"] and f"Phạm vi: {item['scope']}",
                                              first["text"], where) if t)
    return list(grouped.values())


def _edge_options(e: GraphEdge, dashed: bool) -> dict[str, Any]:
    style = LINKS.get(e.type, RELATIONS["references"])
    return {"from": e.source, "to": e.target, "id": f"{e.source}\u0000{e.target}\u0000{e.type}",
            "relation": e.type, "evidence": [], "scopes": [], "confidence": 0.0,
            "color": {"color": style.colour, "highlight": style.colour, "hover": style.colour,
                      "inherit": False},
            "dashes": (list(style.dashes) or False) if dashed else False, "width": style.width,
            "arrows": "to"}


def _bend(pair_types: dict[frozenset[str], list[str]], a: str, b: str, kind: str) -> int:
    """How far to bend an edge: the n-th relation type between one pair bends n steps, so
    two types between the same documents do not draw on one line."""
    types = pair_types.setdefault(frozenset((a, b)), [])
    if kind not in types:
        types.append(kind)
    return types.index(kind)
