"""The answers of ``graph.queries``: plain dataclasses with stable keys.

Every answer names documents by :class:`DocumentRef` and edges by :class:`Edge`, which
carries the evidence (sentence, file, line) of the relation it stands for. Lists are
sorted deterministically (each class says how), and every answer a limit can cut has
``truncated``. ``dataclasses.asdict`` gives the JSON the API serves and ``--json`` prints.

Example:
    >>> ref = DocumentRef("doc:361-KL/TU@binh-phuoc:2022", "361-KL/TU", None, "conclusion",
    ...                   None, "Bình Phước", "2022-06-25", "in_force", "361-KL/TU")
    >>> ref.label
    '361-KL/TU'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Evidence, Relation


@dataclass(slots=True)
class DocumentRef:
    """A document as answers show it: identity, what it is, and its derived status.

    ``label`` is what a person reads: the symbol, else a shortened title, else the key.
    """

    key: str
    symbol: str | None
    title: str | None
    doc_type: str
    issuer: str | None
    jurisdiction: str | None
    date: str | None
    status: str
    label: str


@dataclass(slots=True)
class Edge:
    """One stored relation (source → target, stored direction) with its evidence."""

    source: str
    target: str
    type: str
    scope: str | None
    evidence: Evidence
    confidence: float = 1.0

    @classmethod
    def of(cls, relation: Relation) -> Edge:
        """The Edge of a store relation.

        Example:
            >>> from .model import RelationType
            >>> Edge.of(Relation("a", "b", RelationType.IMPLEMENTS, Evidence("f", 1, "t"))).type
            'implements'
        """
        return cls(relation.source, relation.target, str(relation.type), relation.scope,
                   relation.evidence, relation.confidence)


def edge_sort_key(edge: Edge) -> tuple[str, str, str, str, int, str]:
    """The order of edges in every answer: (source, target, type, file, line, text)."""
    ev = edge.evidence
    return (edge.source, edge.target, edge.type, ev.file, ev.line, ev.text)


@dataclass(slots=True)
class Implementer:
    """A document that implements the subject, and how.

    ``via`` is ``direct``, ``scheme`` (it implements a scheme the subject approves, or one
    approved by a decision resting on the subject) or ``decision`` (it implements the
    decision that approves the subject, or a decision resting on the subject that approves
    a scheme). ``path`` runs from the subject to the implementer; ``through`` is the keys
    in between; ``edges`` are the relations of every hop in path order (parallel
    relations of one hop, stated in several files, side by side), with their evidence.
    """

    document: DocumentRef
    via: str
    through: list[str]
    path: list[str]
    edges: list[Edge]


@dataclass(slots=True)
class Implementers:
    """Documents implementing ``subject``, ordered by (path length, key)."""

    subject: DocumentRef
    implementers: list[Implementer]
    truncated: bool = False


@dataclass(slots=True)
class LineageEntry:
    """One document reached by a lineage walk: its least depth, its shortest path from the
    subject, and ``via``: the relations walked from the previous key of the path to it."""

    document: DocumentRef
    depth: int
    path: list[str]
    via: list[Edge]


@dataclass(slots=True)
class Lineage:
    """What a document rests on (``direction="up"``) or what rests on it (``"down"``).

    ``entries`` are ordered by (depth, key), without the subject; ``edges`` are all the
    relations walked between reached documents (tree, diamond and cycle edges), in
    :func:`edge_sort_key` order.
    """

    subject: DocumentRef
    direction: str
    depth: int
    types: list[str]
    entries: list[LineageEntry]
    edges: list[Edge]
    truncated: bool = False


@dataclass(slots=True)
class SupersessionLink:
    """One amends / replaces / repeals / corrects relation seen from the subject.

    ``document`` is the other end; ``effect`` is the status this relation alone gives its
    target (``graph.status.status_of``).
    """

    document: DocumentRef
    type: str
    scope: str | None
    effect: str
    evidence: Evidence


@dataclass(slots=True)
class Supersession:
    """What amends / replaces / repeals / corrects the subject (``by``) and what it does to
    others (``on``), each ordered by (other document's date, key, type, file, line); and the
    subject's derived ``status``."""

    subject: DocumentRef
    status: str
    by: list[SupersessionLink]
    on: list[SupersessionLink]
    truncated: bool = False


@dataclass(slots=True)
class GraphNode:
    """A node for the browser's graph view; ``depth`` is its distance from the centre."""

    key: str
    label: str
    symbol: str | None
    doc_type: str
    status: str
    title: str | None
    depth: int


@dataclass(slots=True)
class GraphEdge:
    """An edge for the browser's graph view, with its evidence, scope and confidence (below
    ``IMPLIED_BELOW``: a link read from where things stand, e.g. a table row, not stated)."""

    source: str
    target: str
    type: str
    evidence: Evidence
    scope: str | None
    confidence: float = 1.0


@dataclass(slots=True)
class Neighbourhood:
    """Documents within ``depth`` relations of ``center`` (either direction), as nodes
    ordered by (depth, key) and edges between them in (source, target, type, file, line)
    order."""

    center: str
    depth: int
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool = False


@dataclass(slots=True)
class PathResult:
    """The shortest chain of relations between two documents, in either direction.

    ``keys`` runs from ``source`` to ``target``; ``edges`` are the relations between each
    consecutive pair, in stored direction. ``found`` is False when no chain of at most
    ``max_depth`` relations exists (``truncated`` says the exploration was cut short).
    """

    source: str
    target: str
    found: bool
    max_depth: int
    keys: list[str]
    documents: list[DocumentRef]
    edges: list[Edge]
    truncated: bool = False


@dataclass(slots=True)
class SearchHit:
    """One search result: the document, a 0–100 score, and what matched
    (``symbol``, ``symbol~`` (a near spelling), ``number`` or ``title``)."""

    document: DocumentRef
    score: float
    matched: str


@dataclass(slots=True)
class SearchResult:
    """Hits ordered by (score descending, key)."""

    query: str
    hits: list[SearchHit]
    truncated: bool = False


@dataclass(slots=True)
class Resolution:
    """What a user's text names: exactly one document, several, or none.

    ``status`` is ``found`` (``document`` set), ``ambiguous`` (``candidates`` lists the
    documents it could be, with issuer, jurisdiction and date, ordered by key) or
    ``not_found`` (``suggestions`` holds close matches, best first).
    """

    query: str
    status: str
    document: DocumentRef | None = None
    candidates: list[DocumentRef] = field(default_factory=list)
    suggestions: list[DocumentRef] = field(default_factory=list)
    truncated: bool = False
