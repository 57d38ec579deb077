"""Lineage questions, defined once for every store: they use only the ``Store`` verbs.

=====================  ==============================================================
verb                   answers
=====================  ==============================================================
``implementers``       documents implementing a document, directly or through a scheme
``upstream``           what a document rests on, up to the top
``downstream``         the tree below a document
``supersession``       what amends / replaces / repeals / corrects it, and its status
``neighbours``         documents within a few relations, as nodes + edges for the browser
``path``               the shortest chain of relations between two documents
``search``             documents for a text (symbol in any spelling, title words)
``resolve_subject``    the document a text names: one, several candidates, or none
=====================  ==============================================================

Every answer is a dataclass of ``graph.results``: it names documents by key and carries
the evidence (sentence, file, line) of each relation it uses; lists are sorted
deterministically; ``truncated`` says a limit cut it.

Walks that follow one direction go to ``Store.traverse`` (one recursive query in SQLite);
walks that mix directions (the scheme → approving decision hop of ``upstream``, the
undirected ``neighbours``) go level by level with ``Store.edges``. Both reach each key
once, at its least depth, so cycles end.

Exceptions: ``NotFound`` (from ``graph.store``) for a key that is not in the store;
``ValueError`` for a negative depth or limit.

Example:
    >>> from .sqlite_store import SQLiteStore
    >>> store = SQLiteStore(":memory:")
    >>> implementers(store, "doc:361-KL/TU@binh-phuoc:2022")
    Traceback (most recent call last):
    policygraph.graph.store.NotFound: No document with key 'doc:361-KL/TU@binh-phuoc:2022'...
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx

from .model import DocType, Relation, RelationType
from .refs import DocumentRefs
from .results import (
    Edge,
    GraphEdge,
    GraphNode,
    Implementer,
    Implementers,
    Lineage,
    LineageEntry,
    Neighbourhood,
    PathResult,
    Supersession,
    SupersessionLink,
    edge_sort_key,
)
from .search import resolve_subject, search
from .status import status_of
from .store import Step, Store, Traversal

__all__ = [
    "LINEAGE_TYPES",
    "SUPERSESSION_TYPES",
    "downstream",
    "implementers",
    "neighbours",
    "path",
    "resolve_subject",
    "search",
    "supersession",
    "upstream",
]

R = RelationType

#: What ``upstream`` and ``downstream`` follow by default: the lineage relations.
LINEAGE_TYPES: tuple[RelationType, ...] = (R.BASED_ON, R.IMPLEMENTS, R.APPROVES)
#: The relations ``supersession`` reports.
SUPERSESSION_TYPES: tuple[RelationType, ...] = (R.AMENDS, R.REPLACES, R.REPEALS, R.CORRECTS)
#: Relations walked against their stored direction when going up: a scheme rests on the
#: decision that approves it (decision -approves-> scheme).
_UP_AGAINST: frozenset[RelationType] = frozenset({R.APPROVES})

DEFAULT_LIMIT = 1000

Hop = tuple[str, tuple[RelationType, ...] | None]  # (direction, types or None for all)
#: A hop direction: "out", except from the walk's start.
_BEYOND_START = "out-beyond-start"


# --- implementers ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Proxy:
    """A document whose implementers also implement the subject: the path from the subject
    to it, the relations of that path, and how (``direct``, ``scheme``, ``decision``)."""

    key: str
    path: list[str]
    relations: list[Relation]
    via: str


def implementers(store: Store, key: str, limit: int = DEFAULT_LIMIT) -> Implementers:
    """Documents that implement ``key``, directly and through approved schemes/decisions.

    P implements X when P -implements-> X (``direct``), or P implements a stand-in of X:
    a scheme X approves; the decision approving X (X a scheme); a decision resting on X
    (based_on or implements) that approves a scheme; or such a decision's scheme
    (``scheme``/``decision``). Each implementer comes once, by its shortest path.

    Args:
        store: any Store.
        key: the subject's document key.
        limit: the most implementers to return.

    Returns:
        Implementers ordered by (path length, key), each with its path (subject first,
        implementer last) and the relations of every hop, in path order, with evidence.

    Raises:
        NotFound: ``key`` is not a document.

    Example:
        >>> result = implementers(store, "doc:361-KL/TU@binh-phuoc:2022")  # doctest: +SKIP
        >>> [(i.document.symbol, i.via) for i in result.implementers]      # doctest: +SKIP
        [('245/KH-UBND', 'direct'), ('327/KH-UBND', 'scheme')]
    """
    _check_limits(0, limit)
    refs = DocumentRefs(store)
    subject = refs.require(key)
    best: dict[str, _Proxy] = {}
    for proxy in _proxies(store, key, refs):
        for relation in store.edges(proxy.key, "in", [R.IMPLEMENTS]):
            source = relation.source
            if source == key or source in proxy.path:
                continue
            found = _Proxy(source, [*proxy.path, source], [*proxy.relations, relation],
                           proxy.via)
            _keep_best(best, found)
    ordered = sorted(best.values(), key=lambda p: (len(p.path), p.key, p.path))
    refs.prefetch(k for p in ordered[:limit] for k in p.path)
    result = [Implementer(refs.get(p.key), p.via, p.path[1:-1], p.path,
                          _in_path_order(p.relations, p.path))
              for p in ordered[:limit]]
    return Implementers(subject=subject, implementers=result, truncated=len(ordered) > limit)


def _proxies(store: Store, key: str, refs: DocumentRefs) -> list[_Proxy]:
    """The subject and its stand-ins: what implementing them carries out (see implementers)."""
    proxies = [_Proxy(key, [key], [], "direct")]
    for r in store.edges(key, "out", [R.APPROVES]):  # X approves scheme S
        proxies.append(_Proxy(r.target, [key, r.target], [r], "scheme"))
    for r in store.edges(key, "in", [R.APPROVES]):  # decision A approves X (a scheme)
        proxies.append(_Proxy(r.source, [key, r.source], [r], "decision"))
    resting = store.edges(key, "in", [R.BASED_ON, R.IMPLEMENTS])
    refs.prefetch(r.source for r in resting)  # one read for all, not one per relation
    for r in resting:  # A rests on X ...
        if _is_scheme(refs, r.source):  # ... A a scheme: carrying A out carries X out
            proxies.append(_Proxy(r.source, [key, r.source], [r], "scheme"))
            continue
        approved = store.edges(r.source, "out", [R.APPROVES])
        if not approved:
            continue  # ... or A approves a scheme: A and its schemes carry X out
        proxies.append(_Proxy(r.source, [key, r.source], [r], "decision"))
        for s in approved:
            if s.target != key:
                proxies.append(_Proxy(s.target, [key, r.source, s.target], [r, s], "scheme"))
    return proxies


def _is_scheme(refs: DocumentRefs, key: str) -> bool:
    doc = refs.document(key)
    return doc is not None and doc.doc_type is DocType.SCHEME


def _keep_best(best: dict[str, _Proxy], found: _Proxy) -> None:
    """Keep the shortest path per implementer (then the smallest); merge the evidence of
    parallel relations (the same hop stated in several files)."""
    current = best.get(found.key)
    if current is None or (len(found.path), found.path) < (len(current.path), current.path):
        best[found.key] = found
    elif found.path == current.path:
        current.relations.extend(r for r in found.relations if r not in current.relations)


def _in_path_order(relations: list[Relation], keys: list[str]) -> list[Edge]:
    """Edges hop by hop along ``keys``; parallel relations of a hop in edge order."""
    position = {key: i for i, key in enumerate(keys)}

    def hop(r: Relation) -> int:
        return min(position.get(r.source, 0), position.get(r.target, 0))

    return [Edge.of(r) for r in sorted(_unique(relations), key=lambda r: (hop(r), *_ident(r)))]


# --- upstream / downstream ------------------------------------------------------------------


def upstream(store: Store, key: str, depth: int = 10,
             types: Sequence[RelationType | str] | None = None,
             limit: int = DEFAULT_LIMIT) -> Lineage:
    """Everything ``key`` rests on, up to the top.

    Follows ``based_on`` and ``implements`` from a document to what it names, and
    ``approves`` both ways: from a scheme to the decision that approves it, and from a
    decision to the schemes it approves (what rests on the decision rests on its scheme
    too). Any other type given in
    ``types`` is followed source → target (``guides``: the guide rests on what it guides).

    Args:
        store: any Store.
        key: the document to start from.
        depth: the most relations to walk (0: nothing above it).
        types: the relation types to follow (default: based_on, implements, approves).
        limit: the most documents to return; ``truncated`` says when more were reachable.

    Returns:
        A Lineage with direction ``up``.

    Raises:
        NotFound: ``key`` is not a document.
        ValueError: a negative depth or limit, or an unknown type.

    Example:
        >>> [e.document.symbol for e in upstream(store, k7099).entries]  # doctest: +SKIP
        ['29-NQ/TW', '111/NQ-CP', '111-CTr/TU']
    """
    return _lineage(store, key, "up", depth, types, limit)


def downstream(store: Store, key: str, depth: int = 10,
               types: Sequence[RelationType | str] | None = None,
               limit: int = DEFAULT_LIMIT) -> Lineage:
    """The tree below ``key``: what rests on it, down to the bottom.

    The mirror of :func:`upstream`: documents based on or implementing it, and from a
    decision to the schemes it approves. Add ``reports_on`` to ``types`` for the reports.

    Args:
        store: any Store.
        key: the document to start from.
        depth: the most relations to walk.
        types: the relation types to follow (default: based_on, implements, approves).
        limit: the most documents to return.

    Returns:
        A Lineage with direction ``down``.

    Raises:
        NotFound: ``key`` is not a document.
        ValueError: a negative depth or limit, or an unknown type.

    Example:
        >>> [e.document.symbol for e in downstream(store, k361).entries]  # doctest: +SKIP
        ['245/KH-UBND', '1656/QĐ-UBND', ...]
    """
    return _lineage(store, key, "down", depth, types, limit)


def _lineage(store: Store, key: str, direction: str, depth: int,
             types: Sequence[RelationType | str] | None, limit: int) -> Lineage:
    """Walk up or down and describe every reached document with the relations into it."""
    _check_limits(depth, limit)
    chosen = _types(types, LINEAGE_TYPES)
    refs = DocumentRefs(store)
    subject = refs.require(key)
    walk = _walk(store, key, _lineage_hops(direction, chosen), depth, limit)
    into = _relations_into(walk)
    refs.prefetch(walk.reached)
    entries = [
        LineageEntry(refs.get(k), d, p, _edges(into.get((p[-2], k), [])))
        for k, (d, p) in sorted(walk.reached.items(), key=lambda kv: (kv[1][0], kv[0]))
        if k != key
    ]
    return Lineage(subject=subject, direction=direction, depth=depth,
                   types=[str(t) for t in chosen], entries=entries,
                   edges=_edges(s.relation for s in walk.steps), truncated=walk.truncated)


def _lineage_hops(direction: str, types: tuple[RelationType, ...]) -> list[Hop]:
    """Hops of a lineage walk: going up, most types go out and ``approves`` comes in;
    going down, the reverse."""
    along = tuple(t for t in types if t not in _UP_AGAINST)
    against = tuple(t for t in types if t in _UP_AGAINST)
    forward, backward = ("out", "in") if direction == "up" else ("in", "out")
    hops: list[Hop] = []
    if along:
        hops.append((forward, along))
    if against:
        hops.append((backward, against))
        if direction == "up":
            # Resting on a decision that approves a scheme is resting on the scheme too:
            # 245/KH-UBND implements 1656/QĐ-UBND, which approves the KCN-KKT-CCN Đề án.
            # Not from the start: a decision's own scheme is below it, not above.
            hops.append((_BEYOND_START, against))
    return hops


def _relations_into(walk: Traversal) -> dict[tuple[str, str], list[Relation]]:
    """The walked relations between each (previous key, key) pair, whichever way stored."""
    pairs: dict[tuple[str, str], list[Relation]] = {}
    for step in walk.steps:
        r = step.relation
        pairs.setdefault((r.source, r.target), []).append(r)
        if r.source != r.target:
            pairs.setdefault((r.target, r.source), []).append(r)
    return pairs


# --- supersession ---------------------------------------------------------------------------


def supersession(store: Store, key: str) -> Supersession:
    """What amends, replaces, repeals or corrects ``key``, what it does to others, and its
    derived status.

    Args:
        store: any Store.
        key: the document key.

    Returns:
        A Supersession: ``by`` (incoming), ``on`` (outgoing), each link with its scope
        ("một số Điều"), the status it alone gives its target, and its evidence.

    Raises:
        NotFound: ``key`` is not a document.

    Example:
        >>> supersession(store, k07_2019).status  # doctest: +SKIP
        'amended'
    """
    refs = DocumentRefs(store)
    subject = refs.require(key)
    by = [_link(refs, r, r.source) for r in store.edges(key, "in", SUPERSESSION_TYPES)]
    on = [_link(refs, r, r.target) for r in store.edges(key, "out", SUPERSESSION_TYPES)]
    return Supersession(subject=subject, status=subject.status, by=_by_date(by),
                        on=_by_date(on))


def _link(refs: DocumentRefs, relation: Relation, other: str) -> SupersessionLink:
    return SupersessionLink(refs.get(other), str(relation.type), relation.scope,
                            str(status_of(relation)), relation.evidence)


def _by_date(links: list[SupersessionLink]) -> list[SupersessionLink]:
    """Chronological (undated last), then by key, type, file, line."""
    return sorted(links, key=lambda l: (l.document.date or "9999", l.document.key, l.type,
                                        l.evidence.file, l.evidence.line, l.evidence.text))


# --- neighbourhood and path -----------------------------------------------------------------

_BOTH: list[Hop] = [("out", None), ("in", None)]


def neighbours(store: Store, key: str, depth: int = 1, limit: int = 200) -> Neighbourhood:
    """Documents within ``depth`` relations of ``key`` in either direction, as nodes and
    edges for the browser's graph view.

    Args:
        store: any Store.
        key: the centre.
        depth: how many relations away to go.
        limit: the most nodes besides the centre; ``truncated`` says when more were near.

    Returns:
        A Neighbourhood: nodes (key, label, symbol, doc_type, status, title, depth) and the
        edges between them (source, target, type, evidence, scope).

    Raises:
        NotFound: ``key`` is not a document.

    Example:
        >>> len(neighbours(store, k361, depth=1).nodes)  # doctest: +SKIP
        4
    """
    _check_limits(depth, limit)
    refs = DocumentRefs(store)
    refs.require(key)
    walk = _walk(store, key, _BOTH, depth, limit)
    nodes = []
    for k, (d, _) in sorted(walk.reached.items(), key=lambda kv: (kv[1][0], kv[0])):
        ref = refs.get(k)
        nodes.append(GraphNode(k, ref.label, ref.symbol, ref.doc_type, ref.status, ref.title, d))
    edges = [GraphEdge(e.source, e.target, e.type, e.evidence, e.scope, e.confidence)
             for e in _edges(s.relation for s in walk.steps)]
    return Neighbourhood(center=key, depth=depth, nodes=nodes, edges=edges,
                         truncated=walk.truncated)


def path(store: Store, a: str, b: str, max_depth: int = 6, limit: int = 5000) -> PathResult:
    """The shortest chain of relations between two documents, following edges either way.

    Explores ``ceil(max_depth / 2)`` relations around ``a`` and the rest around ``b``
    (so any chain of at most ``max_depth`` relations is seen), then asks networkx for the
    shortest path in that neighbourhood.

    Args:
        store: any Store.
        a: the first document's key.
        b: the second document's key.
        max_depth: the longest chain to look for.
        limit: the most documents to explore around each end.

    Returns:
        A PathResult; ``found`` is False when no chain of at most ``max_depth`` exists.

    Raises:
        NotFound: ``a`` or ``b`` is not a document.

    Example:
        >>> path(store, k245, k7099).found  # doctest: +SKIP
        False
    """
    _check_limits(max_depth, limit)
    refs = DocumentRefs(store)
    refs.require(a)
    refs.require(b)
    half = math.ceil(max_depth / 2)
    walks = [_walk(store, a, _BOTH, half, limit), _walk(store, b, _BOTH, max_depth - half, limit)]
    graph = nx.Graph()
    graph.add_nodes_from(sorted({k for w in walks for k in w.reached}))
    relations: dict[frozenset[str], list[Relation]] = {}
    for relation in _unique(s.relation for w in walks for s in w.steps):
        relations.setdefault(frozenset((relation.source, relation.target)), []).append(relation)
    graph.add_edges_from(sorted(tuple(sorted(pair)) for pair in relations if len(pair) == 2))
    truncated = any(w.truncated for w in walks)
    try:
        keys = [str(k) for k in nx.shortest_path(graph, a, b)]
    except nx.NetworkXNoPath:
        return PathResult(a, b, False, max_depth, [], [], [], truncated)
    hops = [relations[frozenset(pair)] for pair in zip(keys, keys[1:], strict=False)]
    return PathResult(a, b, True, max_depth, keys, [refs.get(k) for k in keys],
                      _in_path_order([r for hop in hops for r in hop], keys), truncated)


# --- walking --------------------------------------------------------------------------------


def _walk(store: Store, start: str, hops: list[Hop], max_depth: int, limit: int) -> Traversal:
    """Walk breadth-first along ``hops``; each key once, at its least depth.

    One hop → ``Store.traverse``. Several (mixed directions) → level by level with
    ``Store.edges``, with the same conventions as ``traverse``: keys kept in (depth, key)
    order up to ``limit``, a key's parent is the smallest key at the depth above, and
    ``steps`` are the relations walked between reached keys.
    """
    if len(hops) == 1:
        direction, types = hops[0]
        return store.traverse(start, direction, types, max_depth, limit)
    depth: dict[str, int] = {start: 0}
    parent: dict[str, str] = {}
    walked: list[tuple[Relation, str, str]] = []  # (relation, near, far)
    frontier = [start]
    truncated = False
    for level in range(1, max_depth + 1):
        found: dict[str, str] = {}
        for near in frontier:  # frontier is sorted: the first parent found is the smallest
            here = hops if near != start else [h for h in hops if h[0] != _BEYOND_START]
            for relation, far in _one_hop(store, near, here):
                walked.append((relation, near, far))
                if far not in depth:
                    found.setdefault(far, near)
        admitted = sorted(found)[: max(0, limit - (len(depth) - 1))]
        truncated = truncated or len(admitted) < len(found)
        for key in admitted:
            depth[key], parent[key] = level, found[key]
        frontier = admitted
        if not frontier:
            break
    steps = [Step(r, depth[far]) for r, _, far in walked if far in depth]
    steps = _unique_steps(steps)
    reached: dict[str, tuple[int, list[str]]] = {start: (0, [start])}
    for key in sorted(depth, key=lambda k: (depth[k], k)):
        if key != start:
            reached[key] = (depth[key], [*reached[parent[key]][1], key])
    return Traversal(start=start, steps=steps, reached=reached, truncated=truncated)


def _one_hop(store: Store, key: str, hops: list[Hop]) -> Iterable[tuple[Relation, str]]:
    """(relation, far end) for each relation one hop from ``key``."""
    for direction, types in hops:
        direction = "out" if direction == _BEYOND_START else direction
        for relation in store.edges(key, direction, types):
            yield relation, relation.target if direction == "out" else relation.source


def _unique_steps(steps: list[Step]) -> list[Step]:
    """Steps without repeats (an undirected walk meets each relation from both ends), in
    (depth, source, target, type, file, line) order."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for step in steps:
        ident = _ident(step.relation)
        if ident not in seen:
            seen.add(ident)
            out.append(step)
    return sorted(out, key=lambda s: (s.depth, *_ident(s.relation)))


def _unique(relations: Iterable[Relation]) -> list[Relation]:
    """Relations without repeats, in (source, target, type, file, line, text) order."""
    return sorted({_ident(r): r for r in relations}.values(), key=_ident)


def _ident(r: Relation) -> tuple[str, str, str, str, int, str]:
    return (r.source, r.target, str(r.type), r.evidence.file, r.evidence.line, r.evidence.text)


def _edges(relations: Iterable[Relation]) -> list[Edge]:
    """Edges of relations, without repeats, in :func:`edge_sort_key` order."""
    return sorted((Edge.of(r) for r in _unique(relations)), key=edge_sort_key)


def _types(types: Sequence[RelationType | str] | None,
           default: tuple[RelationType, ...]) -> tuple[RelationType, ...]:
    """Relation types from names, in the model's order; ``default`` when None.

    Raises:
        ValueError: an unknown name, with the allowed ones.
    """
    if types is None:
        return default
    chosen = set()
    for t in types:
        try:
            chosen.add(RelationType(t))
        except ValueError:
            allowed = ", ".join(str(x) for x in RelationType)
            raise ValueError(f"unknown relation type {t!r}; use one of: {allowed}") from None
    return tuple(t for t in RelationType if t in chosen)


def _check_limits(depth: int, limit: int) -> None:
    if depth < 0 or limit < 0:
        raise ValueError(f"depth and limit must be >= 0, got depth={depth}, limit={limit}")

