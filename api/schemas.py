"""Response shapes the API adds to ``graph.results``: document pages and details, and the
``/api/ask`` answer (interfaces.md), described for OpenAPI.

Example:
    >>> sorted(AskAnswer.model_fields)[:3]
    ['answers', 'candidates', 'intent']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict

from ..graph.model import Evidence, Origin
from ..graph.results import DocumentRef, Edge


@dataclass(slots=True)
class DocumentPage:
    """One page of documents, ordered by key. ``next_offset`` is None on the last page;
    ``truncated`` is True when more documents follow this page."""

    total: int
    offset: int
    limit: int
    documents: list[DocumentRef]
    next_offset: int | None
    truncated: bool


@dataclass(slots=True)
class DocumentDetail:
    """One document: what it is, where it was read, and its relations both ways."""

    document: DocumentRef
    origin: Origin | None
    confidence: float
    mentions: list[Evidence]
    alternatives: list[dict[str, Any]]
    outgoing: list[Edge]
    incoming: list[Edge]
    truncated: bool = False
    files: list[str] = field(default_factory=list)


class AskEvidence(BaseModel):
    """Where a relation used by an answer was read."""

    text: str
    file: str
    line: int


class AskItem(BaseModel):
    """One answer: a document, task, agency or indicator (``kind``), its path from the
    subject, and the evidence of every relation used. Documents add symbol, title,
    doc_type, status, relation, scope, via, depth, direction; tasks text, section, lead;
    indicators name, targets, observations."""

    model_config = ConfigDict(extra="allow")

    key: str
    kind: str
    path: list[str]
    evidence: list[AskEvidence]


class AskAnswer(BaseModel):
    """The answer to a question (interfaces.md, "Questions")."""

    model_config = ConfigDict(extra="allow")

    question: str
    intent: str | None
    language: str
    subject: dict[str, Any] | None
    answers: list[AskItem]
    candidates: list[dict[str, Any]]
    suggestions: list[dict[str, Any]]
    text: str
    truncated: bool
