"""Documents: ``GET /api/documents`` (paged list), ``GET /api/document?doc=…`` (one),
``GET /api/resolve?doc=…`` (what a text names), ``GET /api/search?q=…``, ``GET /api/stats``.

Example:
    >>> [r.path for r in router.routes][:2]
    ['/api/documents', '/api/document']
"""

from __future__ import annotations

from itertools import islice
from typing import Annotated

from fastapi import APIRouter, Query

from ..graph.model import DocType
from ..graph.queries import resolve_subject, search
from ..graph.refs import ref_of
from ..graph.results import Edge, Resolution, SearchResult
from ..ingest.textfold import fold_compact
from .deps import MAX_LIMIT, MAX_TEXT, DocParam, StoreDep, document_of
from .errors import ERROR_RESPONSES, PARAMETER_ERRORS
from .schemas import DocumentDetail, DocumentPage

router = APIRouter(prefix="/api", tags=["documents"])

MAX_OFFSET = 10**9  # beyond any store; keeps islice's bounds valid

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size, 1 to {MAX_LIMIT}.")]


@router.get("/documents", response_model=DocumentPage, responses=PARAMETER_ERRORS)
def list_documents(
    store: StoreDep,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET,
                                 description="How many documents to skip.")] = 0,
    limit: Limit = 50,
    doc_type: Annotated[DocType | None, Query(description="Only this kind.")] = None,
    jurisdiction: Annotated[str | None, Query(
        max_length=MAX_TEXT, description="Only this province, any diacritics (binh phuoc).")
    ] = None,
) -> DocumentPage:
    """Every document, ordered by key, a page at a time (``offset``, ``limit``)."""
    place = fold_compact(jurisdiction) if jurisdiction else None
    matching = (d for d in store.documents()
                if (doc_type is None or d.doc_type == doc_type)
                and (place is None or fold_compact(d.jurisdiction or "") == place))
    chosen = list(islice(matching, offset, offset + limit + 1))
    total = offset + len(chosen) + sum(1 for _ in matching)
    more = len(chosen) > limit
    page = [ref_of(d, store.status(d.key)) for d in chosen[:limit]]
    return DocumentPage(total=total, offset=offset, limit=limit, documents=page,
                        next_offset=offset + limit if more else None, truncated=more)


@router.get("/document", response_model=DocumentDetail, responses=ERROR_RESPONSES)
def get_document(store: StoreDep, doc: DocParam) -> DocumentDetail:
    """One document: attributes, derived status, mentions, and its relations both ways,
    each with evidence (sentence, file, line)."""
    ref = document_of(store, doc)
    stored = store.document(ref.key)
    outgoing = [Edge.of(r) for r in store.edges(ref.key, "out")]
    incoming = [Edge.of(r) for r in store.edges(ref.key, "in")]
    files = sorted({m.file for m in stored.mentions})
    return DocumentDetail(document=ref, origin=stored.origin, confidence=stored.confidence,
                          mentions=stored.mentions, alternatives=stored.alternatives,
                          outgoing=outgoing, incoming=incoming, files=files)


@router.get("/resolve", response_model=Resolution, responses=PARAMETER_ERRORS)
def resolve(store: StoreDep, doc: DocParam) -> Resolution:
    """What ``doc`` names: ``found`` (one document), ``ambiguous`` (candidates with issuer,
    jurisdiction and date: pick one and pass its key) or ``not_found`` (close matches).
    Always 200: use it to let a person choose."""
    return resolve_subject(store, doc)


@router.get("/search", response_model=SearchResult, responses=PARAMETER_ERRORS)
def search_documents(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=MAX_TEXT, description=(
        "A symbol in any spelling (361/KL-TU, 790/QD-TTg), a type and number (ke hoach 327) "
        "or title words, with or without diacritics; small typos are forgiven."),
        examples=["ke hoach 327"])],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="The most hits.")] = 20,
) -> SearchResult:
    """Documents ranked for a text (score 0-100, and what matched)."""
    return search(store, q, limit=limit)


@router.get("/stats", response_model=dict[str, int])
def stats(store: StoreDep) -> dict[str, int]:
    """Counts: documents, relations (and ``relations.<type>``), files, tasks, agencies,
    indicators."""
    counts = store.stats()
    return {key: int(counts.get(key, 0)) for key in sorted(counts)}

