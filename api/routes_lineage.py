"""Lineage: ``/api/lineage/up``, ``/api/lineage/down``, ``/api/implementers``,
``/api/supersession``, ``/api/path`` and the browser's ``/api/graph`` neighbourhood.

Every route takes the document as ``?doc=`` (symbols contain ``/``); depths are at most
10 and result sizes at most 1000 (messages name the parameter: "depth must be <= 10").

Example:
    >>> sorted(r.path for r in router.routes)[0]
    '/api/graph'
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ..graph import queries
from ..graph.model import RelationType
from ..graph.results import Implementers, Lineage, Neighbourhood, PathResult, Supersession
from .deps import (
    DOC_DESCRIPTION,
    MAX_DEPTH,
    MAX_LIMIT,
    MAX_TEXT,
    DocParam,
    StoreDep,
    document_of,
)
from .errors import ERROR_RESPONSES

router = APIRouter(prefix="/api", tags=["lineage"])

Depth = Annotated[int, Query(ge=0, le=MAX_DEPTH,
                             description=f"How many relations to walk, 0 to {MAX_DEPTH}.")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT,
                             description=f"The most documents to return, 1 to {MAX_LIMIT}; "
                                         "`truncated` says when more were reachable.")]
Types = Annotated[list[RelationType] | None, Query(
    description="Relation types to follow (repeat the parameter: types=based_on&types="
                "implements). Default: based_on, implements, approves.")]


@router.get("/lineage/up", response_model=Lineage, responses=ERROR_RESPONSES)
def lineage_up(store: StoreDep, doc: DocParam, depth: Depth = MAX_DEPTH, types: Types = None,
               limit: Limit = MAX_LIMIT) -> Lineage:
    """What the document rests on, up to the top: based_on and implements from it, and
    from a scheme to the decision approving it. Entries carry their shortest path and the
    relations into them, with evidence."""
    return queries.upstream(store, document_of(store, doc).key, depth, types, limit)


@router.get("/lineage/down", response_model=Lineage, responses=ERROR_RESPONSES)
def lineage_down(store: StoreDep, doc: DocParam, depth: Depth = MAX_DEPTH, types: Types = None,
                 limit: Limit = MAX_LIMIT) -> Lineage:
    """The tree below the document: what is based on it or implements it, and the schemes
    a decision approves. Add types=reports_on for the reports."""
    return queries.downstream(store, document_of(store, doc).key, depth, types, limit)


@router.get("/implementers", response_model=Implementers, responses=ERROR_RESPONSES)
def implementers(store: StoreDep, doc: DocParam, limit: Limit = MAX_LIMIT) -> Implementers:
    """Documents implementing the document, directly or through a scheme it approves (or
    that a decision resting on it approves), each with its path and evidence."""
    return queries.implementers(store, document_of(store, doc).key, limit)


@router.get("/supersession", response_model=Supersession, responses=ERROR_RESPONSES)
def supersession(store: StoreDep, doc: DocParam) -> Supersession:
    """What amends, replaces, repeals or corrects the document (with scope), what it does
    to others, and its derived status."""
    return queries.supersession(store, document_of(store, doc).key)


@router.get("/path", response_model=PathResult, responses=ERROR_RESPONSES)
def path(
    store: StoreDep,
    source: Annotated[str, Query(alias="from", min_length=1, max_length=MAX_TEXT,
                                 description="The first document. " + DOC_DESCRIPTION)],
    target: Annotated[str, Query(alias="to", min_length=1, max_length=MAX_TEXT,
                                 description="The second document, in the same forms.")],
    depth: Depth = 6,
) -> PathResult:
    """The shortest chain of relations between two documents, following relations either
    way; ``found`` is false when none of at most ``depth`` relations exists."""
    a = document_of(store, source, "from").key
    b = document_of(store, target, "to").key
    return queries.path(store, a, b, depth)


@router.get("/graph", response_model=Neighbourhood, responses=ERROR_RESPONSES)
def graph(store: StoreDep, doc: DocParam, depth: Depth = 1,
          limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=(
              f"The most nodes besides the centre, 1 to {MAX_LIMIT}."))] = 200) -> Neighbourhood:
    """The documents around one, as nodes (key, label, symbol, doc_type, status, title) and
    edges (source, target, type, evidence {text, file, line}, scope) for a graph view."""
    return queries.neighbours(store, document_of(store, doc).key, depth, limit)

