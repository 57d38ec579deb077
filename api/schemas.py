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


# --- tasks, agencies, indicators (graph.queries_structure) -------------------------------------
# Pydantic views of graph.structure_results: routes return ``Model.model_validate(result)``
# (``from_attributes``), so the dataclasses stay the one source of the shapes' contents.


class _FromResult(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class AgencyRefOut(_FromResult):
    """An agency as answers name it."""

    key: str
    name: str
    jurisdiction: str | None


class TaskOut(_FromResult):
    """One task: section, text, plan (key, symbol, label), lead and coordinator names with
    their keys in the same order, evidence; ``role`` of the agency asked about."""

    key: str
    section: str
    text: str
    plan: str
    plan_symbol: str | None
    plan_label: str
    lead: list[str]
    coordinate: list[str]
    lead_keys: list[str]
    coordinate_keys: list[str]
    evidence: Evidence | None
    role: str | None = None
    score: float | None = None


class PlanTasksOut(_FromResult):
    """``GET /api/tasks``: a plan's tasks in text order."""

    subject: DocumentRef
    tasks: list[TaskOut]
    truncated: bool


class AgencyTasksOut(_FromResult):
    """``GET /api/agency/tasks``: the tasks a body leads / coordinates, grouped by plan.
    ``agency`` is the canonical name, ``keys`` its agencies (one per province) searched."""

    query: str
    agency: str
    keys: list[str]
    role: str
    plan: DocumentRef | None
    tasks: list[TaskOut]
    truncated: bool


class ObservationOut(_FromResult):
    """A reported value, its period, the report stating it and where."""

    value: float | None
    unit: str | None
    period: str | None
    source: str | None
    source_label: str | None
    raw: str
    evidence: Evidence | None


class TargetOut(_FromResult):
    """A target and the latest value reported against it (``latest_from``: the indicator
    it was read under, when another)."""

    value: float | None
    value_max: float | None
    unit: str | None
    year: int | None
    comparator: str | None
    raw: str
    evidence: Evidence | None
    latest: ObservationOut | None = None
    latest_from: str | None = None


class IndicatorOut(_FromResult):
    """An indicator: targets (each beside its latest value) and values, latest first."""

    key: str
    name: str
    scope: str | None
    scope_label: str | None
    targets: list[TargetOut]
    observations: list[ObservationOut]
    latest: ObservationOut | None
    score: float | None = None


class DocumentIndicatorsOut(_FromResult):
    """``GET /api/indicators``: a document's indicators and those of the reports on it."""

    subject: DocumentRef
    indicators: list[IndicatorOut]
    reports: list[str]
    truncated: bool


class IndicatorSearchOut(_FromResult):
    """``GET /api/indicators/search``: indicators ranked for words."""

    query: str
    indicators: list[IndicatorOut]
    truncated: bool


class AgencyInfoOut(_FromResult):
    """One agency: names, province, kind, the 2025 end and successor chain, task counts and
    its first mentions."""

    key: str
    name: str
    jurisdiction: str | None
    kind: str
    aliases: list[str]
    valid_until: str | None
    successor: AgencyRefOut | None
    successors: list[AgencyRefOut]
    tasks_led: int
    tasks_coordinated: int
    mentions: list[Evidence]


class AgencyProfileOut(_FromResult):
    """``GET /api/agency``: the body a text names, one agency per province."""

    query: str
    name: str
    agencies: list[AgencyInfoOut]


class AgencyHitOut(_FromResult):
    """An agency in a list, with its score (100: the body the query names)."""

    key: str
    name: str
    jurisdiction: str | None
    kind: str
    aliases: list[str]
    valid_until: str | None
    successor: str | None
    score: float


class AgencyListOut(_FromResult):
    """``GET /api/agencies``: every agency by key, or those alike ``q``, ranked."""

    query: str | None
    agencies: list[AgencyHitOut]
    truncated: bool
