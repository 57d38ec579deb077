"""Draw a lineage as a tree for the terminal (``policygraph show``).

Each line names the relation in Vietnamese as vbpl.vn does (``graph.model.RELATION_LABELS``:
the forward label when the walk followed the stored direction, the inverse one when it went
against it), the document, its status when it is not simply in force, and the evidence
lines (``file:line``) of the relation.

Example::

    Kế hoạch 327/KH-UBND — Triển khai Đề án phát triển công nghiệp
    └── Văn bản thực hiện: Đề án phát triển công nghiệp … (binhphuoc_sct_bao-cao_2022-2024.txt:4420)
        └── Được phê duyệt bởi: 1656/QĐ-UBND — Phê duyệt Đề án … (binhphuoc_…:4417)
"""

from __future__ import annotations

from collections import defaultdict

from ..graph.model import RELATION_LABELS, RelationType
from ..graph.results import DocumentRef, Edge, Lineage, LineageEntry
from .ask_text import document_name, status_phrase

_REFS_SHOWN = 3  # evidence line refs per relation before "…"
_TITLE_WIDTH = 70


def render_tree(lineage: Lineage) -> str:
    """The lineage as an indented tree, one document per line.

    Args:
        lineage: an ``upstream`` or ``downstream`` answer.

    Returns:
        The tree, then a note on relations not drawn (a document reached two ways, cycles)
        and on truncation.

    Example:
        >>> from ..graph.results import DocumentRef
        >>> root = DocumentRef("k", "327/KH-UBND", None, "plan", None, None, None, "in_force",
        ...                    "327/KH-UBND")
        >>> render_tree(Lineage(root, "up", 3, [], [], []))
        'Kế hoạch 327/KH-UBND\\n(nothing above it)'
    """
    children: dict[str, list[LineageEntry]] = defaultdict(list)
    for entry in lineage.entries:
        children[entry.path[-2]].append(entry)
    lines = [_describe(lineage.subject)]
    _draw(lineage.subject.key, children, "", lines)
    if not lineage.entries:
        lines.append("(nothing above it)" if lineage.direction == "up" else "(nothing below it)")
    drawn = {_ident(e) for entry in lineage.entries for e in entry.via}
    hidden = sum(1 for e in lineage.edges if _ident(e) not in drawn)
    if hidden:
        lines.append(f"({hidden} more relation(s) among these documents not drawn: a document "
                     "reached more than one way, or a cycle. See --json.)")
    if lineage.truncated:
        lines.append("(cut at the result limit)")
    return "\n".join(lines)


def _draw(key: str, children: dict[str, list[LineageEntry]], prefix: str,
          lines: list[str]) -> None:
    """Append the subtree below ``key``, children ordered by (relation, label, key)."""
    kids = sorted(children.get(key, []),
                  key=lambda e: (_relation_label(e, key), e.document.label, e.document.key))
    for i, entry in enumerate(kids):
        last = i == len(kids) - 1
        refs = _refs(entry.via)
        lines.append(f"{prefix}{'└── ' if last else '├── '}{_relation_label(entry, key)}: "
                     f"{_describe(entry.document)}{refs}")
        _draw(entry.document.key, children, prefix + ("    " if last else "│   "), lines)


def _relation_label(entry: LineageEntry, parent: str) -> str:
    """Vietnamese label(s) of the relations between ``parent`` and the entry."""
    labels = []
    for edge in entry.via:
        forward, inverse = RELATION_LABELS[RelationType(edge.type)]
        labels.append(forward if edge.source == parent else inverse)
    return " / ".join(dict.fromkeys(labels)) or "?"


def _describe(ref: DocumentRef) -> str:
    """Name, title and (when not simply in force) status of a document."""
    text = document_name(ref, "vi")
    if ref.title and ref.symbol:
        title = " ".join(ref.title.split())
        if len(title) > _TITLE_WIDTH:
            title = title[: _TITLE_WIDTH - 1].rstrip() + "…"
        text += f" — {title}"
    if ref.status not in ("in_force", "unknown"):
        text += f" [{status_phrase(ref.status, 'vi')}]"
    return text


def _refs(edges: list[Edge]) -> str:
    """`` (file:line, file:line, …)`` for the evidence of some relations."""
    places = list(dict.fromkeys(f"{e.evidence.file}:{e.evidence.line}" for e in edges))
    if not places:
        return ""
    shown = ", ".join(places[:_REFS_SHOWN]) + (", …" if len(places) > _REFS_SHOWN else "")
    return f" ({shown})"


def _ident(edge: Edge) -> tuple[str, str, str, str, int, str]:
    ev = edge.evidence
    return (edge.source, edge.target, edge.type, ev.file, ev.line, ev.text)
