"""Breadth-first traversal, one ``expand`` query per depth, walking as the SQLite store
walks (the Neo4j store's :meth:`~policygraph.graph.neo4j_store.Neo4jStore.traverse`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .merge import DIRECTIONS, traversal_from_walk
from .model import Relation
from .store import Traversal

__all__ = ["Expand", "traverse_with"]


#: Relations leaving (``out``) or entering (``in``) some documents: one query, any store.
Expand = Callable[[list[str]], list[Relation]]


def traverse_with(expand: Expand, start: str, direction: str, max_depth: int,
                  limit: int) -> Traversal:
    """Walk breadth-first from ``start``, one ``expand`` call per depth, as SQLite walks.

    Cypher cannot take a variable-length bound as a parameter (``*1..$depth`` is refused),
    and building it into the text would be string-building; so the store asks for one
    depth at a time. Each key is reached once, at its least depth; the reached keys are
    cut to ``limit`` (plus ``start``) in (depth, key) order; the steps are every relation
    leaving a kept key short of ``max_depth``, as
    :func:`~policygraph.graph.merge.traversal_from_walk` expects.

    Args:
        expand: the relations (of the wanted types) whose near end is among the keys.
        start: the first key (its existence is the caller's check).
        direction: ``out`` or ``in``.
        max_depth: the deepest depth to reach.
        limit: the most keys to reach besides ``start``.

    Returns:
        The traversal, ``truncated`` when more keys were reachable than ``limit``.

    Example:
        >>> traverse_with(lambda keys: [], "a", "out", 3, 10).reached
        {'a': (0, ['a'])}
    """
    near, far = DIRECTIONS[direction]
    depth = {start: 0}
    edges_of: dict[str, list[Relation]] = {}
    frontier, level = [start], 0
    # Stop once more than limit + 1 keys are known: the cut is then decided, and truncated.
    while frontier and level < max_depth and len(depth) <= limit + 1:
        found = _group_edges(expand(frontier), near, frontier)
        edges_of |= found
        level += 1
        frontier = sorted({getattr(r, far) for rs in found.values() for r in rs} - depth.keys())
        depth |= {key: level for key in frontier}
    ordered = sorted(depth, key=lambda k: (depth[k], k))
    kept = {key: depth[key] for key in ordered[: limit + 1]}
    inner = sorted(key for key, d in kept.items() if d < max_depth)
    missing = [key for key in inner if key not in edges_of]
    if missing:
        edges_of |= _group_edges(expand(missing), near, missing)
    walked = sorted((r for key in inner for r in edges_of[key]), key=_relation_order)
    return traversal_from_walk(start, direction, kept, walked, truncated=len(ordered) > limit + 1)


def _group_edges(relations: Iterable[Relation], near: str,
                 keys: Iterable[str]) -> dict[str, list[Relation]]:
    """Relations grouped by their near end, every asked key present (maybe with none)."""
    grouped: dict[str, list[Relation]] = {key: [] for key in keys}
    for relation in relations:
        grouped.setdefault(getattr(relation, near), []).append(relation)
    return grouped


def _relation_order(r: Relation) -> tuple[str, str, str, str, int, str]:
    """SQLite's relation order (its last tie-break, insertion order, is kept by sort)."""
    return (r.source, r.target, str(r.type), r.evidence.file, r.evidence.line, r.evidence.text)
