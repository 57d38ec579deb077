"""How the graph looks: one table of levels, colours, line styles and Vietnamese labels.

The browser page (``static/graph.js``, fed by :func:`graph_style` as JSON), the legend
partial and the pyvis export (``viz.standalone``) all read these tables, so a kind or a
relation looks the same everywhere.

- Node kinds are laid out top-down by ``level`` in the order of the issue ("resolution →
  programme → conclusion → decision/scheme → plan → task → agency"); the kinds the issue
  does not place sit with the ones they behave like (a decree beside a resolution, a
  directive beside a conclusion, a report below the plans it reports on).
- Relations differ by colour *and* dash pattern, so they stay apart in grey print.
- Statuses use the labels of vbpl.vn (domain.md §2).

Example:
    >>> KINDS["plan"].label, KINDS["plan"].level
    ('Kế hoạch', 4)
    >>> RELATIONS["amends"].label
    'Văn bản sửa đổi bổ sung'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..graph.model import RELATION_LABELS, DocType, RelationType, Status


@dataclass(frozen=True, slots=True)
class KindStyle:
    """A node kind (a ``DocType``, or ``task`` / ``agency``): label, row and fill colour."""

    kind: str
    label: str
    level: int
    colour: str


@dataclass(frozen=True, slots=True)
class RelationStyle:
    """A relation type: its Vietnamese labels (stored direction, inverse) and its line.

    ``dashes`` is vis-network's pattern (dash, gap, ...); an empty list is a solid line.
    """

    type: str
    label: str
    inverse: str
    colour: str
    dashes: tuple[int, ...]
    width: float


@dataclass(frozen=True, slots=True)
class StatusStyle:
    """A derived legal status: its Vietnamese badge text and the node's border colour."""

    status: str
    label: str
    colour: str


def _kinds() -> dict[str, KindStyle]:
    rows = [  # kind, label, level, fill (light, so black labels stay legible)
        (DocType.RESOLUTION, "Nghị quyết", 0, "#f6c1c1"),
        (DocType.LAW, "Luật", 0, "#e3cdf5"),
        (DocType.DECREE, "Nghị định", 0, "#e3cdf5"),
        (DocType.PROGRAMME, "Chương trình", 1, "#ffd8a8"),
        (DocType.CIRCULAR, "Thông tư", 1, "#e3cdf5"),
        (DocType.CONCLUSION, "Kết luận", 2, "#fff1a8"),
        (DocType.DIRECTIVE, "Chỉ thị", 2, "#fde3c7"),
        (DocType.DECISION, "Quyết định", 3, "#bfe6c9"),
        (DocType.SCHEME, "Đề án", 3, "#c9efe6"),
        (DocType.REGULATION, "Quy định", 3, "#d9ead3"),
        (DocType.GUIDANCE, "Hướng dẫn", 3, "#d9ead3"),
        (DocType.PLAN, "Kế hoạch", 4, "#bcd9f5"),
        (DocType.REPORT, "Báo cáo", 5, "#e4e4e4"),
        (DocType.OFFICIAL_LETTER, "Công văn", 5, "#eeeeee"),
        (DocType.NOTICE, "Thông báo", 5, "#eeeeee"),
        (DocType.SUBMISSION, "Tờ trình", 5, "#eeeeee"),
        (DocType.OTHER, "Văn bản khác", 5, "#f5f5f5"),
        ("task", "Nhiệm vụ", 5, "#fbd3ea"),
        ("agency", "Cơ quan", 6, "#d7ccf7"),
    ]
    return {str(k): KindStyle(str(k), label, level, colour) for k, label, level, colour in rows}


def _relations() -> dict[str, RelationStyle]:
    lines = {  # colour, dashes, width: legal changes warm, lineage cool, mentions faint
        RelationType.BASED_ON: ("#5b6770", (8, 4), 1.5),
        RelationType.IMPLEMENTS: ("#1f6fb4", (), 2.5),
        RelationType.APPROVES: ("#2a9d4b", (), 2.5),
        RelationType.AMENDS: ("#e07b00", (10, 4, 2, 4), 2.5),
        RelationType.REPLACES: ("#c0182a", (), 3.0),
        RelationType.REPEALS: ("#8e1b5c", (4, 4), 2.5),  # not replaces' red: big graphs drop dashes
        RelationType.GUIDES: ("#7b4fb0", (2, 4), 2.0),
        RelationType.CORRECTS: ("#138d99", (2, 4), 2.0),
        RelationType.REPORTS_ON: ("#8a8a8a", (1, 4), 1.5),
        RelationType.REFERENCES: ("#b9b9b9", (3, 6), 1.0),
    }
    return {str(t): RelationStyle(str(t), RELATION_LABELS[t][0], RELATION_LABELS[t][1],
                                  *lines[t]) for t in RelationType}


def _task_links() -> dict[str, RelationStyle]:
    return {link.type: link for link in (
        RelationStyle("has_task", "Nhiệm vụ của kế hoạch", "Thuộc kế hoạch", "#c2185b", (), 1.5),
        RelationStyle("lead", "Chủ trì", "Được giao chủ trì", "#5e35b1", (), 2.0),
        RelationStyle("coordinate", "Phối hợp", "Được giao phối hợp", "#9575cd", (6, 3), 1.2),
    )}


def _statuses() -> dict[str, StatusStyle]:
    rows = [
        (Status.IN_FORCE, "Còn hiệu lực", "#4d4d4d"),
        (Status.AMENDED, "Đã sửa đổi", "#e07b00"),
        (Status.PARTLY_REPEALED, "Hết hiệu lực một phần", "#c25400"),
        (Status.REPLACED, "Bị thay thế", "#c0182a"),
        (Status.REPEALED, "Hết hiệu lực", "#c0182a"),
        (Status.UNKNOWN, "Chưa rõ hiệu lực", "#9a9a9a"),
    ]
    return {str(s): StatusStyle(str(s), label, colour) for s, label, colour in rows}


#: Node kinds in layout order (top row first).
KINDS: dict[str, KindStyle] = _kinds()
#: Relation types in the model's order.
RELATIONS: dict[str, RelationStyle] = _relations()
#: A plan's tasks and the agencies a task names (``/api/tasks``): not document relations
#: (graph.model), but drawn, filtered and explained like them.
TASK_LINKS: dict[str, RelationStyle] = _task_links()
#: Statuses, in force first.
STATUSES: dict[str, StatusStyle] = _statuses()
#: What an unknown kind falls back to (a store newer than this table).
FALLBACK_KIND = KINDS[str(DocType.OTHER)]


def kind_style(kind: str) -> KindStyle:
    """The style of a node kind, the "other" style for a kind this table does not know.

    Example:
        >>> kind_style("decision").colour, kind_style("no-such-kind").label
        ('#bfe6c9', 'Văn bản khác')
    """
    return KINDS.get(kind, FALLBACK_KIND)


def status_style(status: str) -> StatusStyle:
    """The style of a status, "unknown" for one this table does not know.

    Example:
        >>> status_style("amended").label
        'Đã sửa đổi'
    """
    return STATUSES.get(status, STATUSES[str(Status.UNKNOWN)])


#: Above this many nodes the layout skips its refinements (edge-crossing minimisation,
#: block shifting) and lines are drawn solid: both cost seconds at 2,000 nodes
#: (bench/graph_render.py). Colour alone then tells relation types apart.
BIG_GRAPH = 400

#: Links read from where things stand (a table row: ingest/tables.py), not stated by a
#: sentence, carry a lower confidence; they are drawn faint and say so.
IMPLIED_BELOW = 0.6
IMPLIED_OPACITY = 0.45
IMPLIED_LABEL = "Liên kết suy ra từ vị trí (bảng), không có câu nói thẳng"


def network_options(big: bool = False) -> dict[str, Any]:
    """vis-network options shared by the page (``graph.js``) and the pyvis export.

    Rows come from each node's ``level`` (its kind), so physics is off: nothing to wait
    for, and nodes stay where the reader drags them.

    Example:
        >>> network_options()["layout"]["hierarchical"]["direction"]
        'UD'
    """
    return {
        "layout": {"hierarchical": {
            "enabled": True, "direction": "UD", "sortMethod": "directed",
            "shakeTowards": "roots", "levelSeparation": 130, "nodeSpacing": 175,
            "treeSpacing": 200, "blockShifting": not big, "edgeMinimization": not big,
            "parentCentralization": not big}},
        "physics": {"enabled": False},
        "interaction": {"hover": not big, "tooltipDelay": 250, "selectConnectedEdges": False,
                        "hideEdgesOnDrag": big, "hideEdgesOnZoom": big},
        "nodes": {"shape": "box", "margin": {"top": 6, "bottom": 6, "left": 8, "right": 8},
                  "widthConstraint": {"maximum": 160},
                  "font": {"face": "system-ui, 'Segoe UI', Roboto, 'Noto Sans', sans-serif",
                           "size": 14, "color": "#1d2329"}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
                  "smooth": False if big else {"enabled": True, "type": "cubicBezier",
                                               "forceDirection": "vertical", "roundness": 0.45},
                  "selectionWidth": 2.5, "hoverWidth": 1},
    }


def graph_style() -> dict[str, Any]:
    """The tables as JSON-ready data, for the page's scripts (one source of truth).

    Example:
        >>> sorted(graph_style())
        ['bigGraph', 'implied', 'kinds', 'network', 'relations', 'statuses']
    """
    return {
        "kinds": {k: asdict(v) for k, v in KINDS.items()},
        "relations": {k: {**asdict(v), "dashes": list(v.dashes)}
                      for k, v in {**RELATIONS, **TASK_LINKS}.items()},
        "statuses": {k: asdict(v) for k, v in STATUSES.items()},
        "network": {"small": network_options(False), "big": network_options(True)},
        "bigGraph": BIG_GRAPH,
        "implied": {"below": IMPLIED_BELOW, "opacity": IMPLIED_OPACITY, "label": IMPLIED_LABEL},
    }


def legend_kinds() -> list[tuple[str, str]]:
    """The legend's swatches: (fill colour, the labels of the kinds that share it), in
    layout order (Luật, Nghị định and Thông tư share one colour, so one swatch).

    Example:
        >>> legend_kinds()[:2]
        [('#f6c1c1', 'Nghị quyết'), ('#e3cdf5', 'Luật, Nghị định, Thông tư')]
    """
    labels: dict[str, list[str]] = {}
    for style in sorted(KINDS.values(), key=lambda s: s.level):  # sorted() is stable
        labels.setdefault(style.colour, []).append(style.label)
    return [(colour, ", ".join(names)) for colour, names in labels.items()]
