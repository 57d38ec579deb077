"""Tasks, agencies and indicators: ``GET /api/tasks?doc=…`` (a plan's tasks),
``GET /api/agency/tasks?agency=…`` (what a body leads / coordinates), ``GET /api/agencies``
(list or search), ``GET /api/agency?agency=…`` (one body, its successors),
``GET /api/indicators?doc=…`` (targets beside the latest reported values) and
``GET /api/indicators/search?q=…``.

Agencies are named by free text in any spelling ("SCT", "So Cong Thuong", "Department of
Industry and Trade") or by key; documents as everywhere (``doc``: symbol, type + number,
title or key). Errors have the one JSON shape: 404 names the parameter and lists close
names, 409 an ambiguous ``doc``, 422 a parameter out of range.

Example:
    >>> [r.path for r in router.routes][:2]
    ['/api/tasks', '/api/agency/tasks']
"""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query

from ..graph import queries_structure as qs
from .deps import DOC_DESCRIPTION, MAX_LIMIT, MAX_TEXT, DocParam, StoreDep, document_of
from .errors import ERROR_RESPONSES, PARAMETER_ERRORS, ApiError, ErrorBody
from .schemas import (
    AgencyListOut,
    AgencyProfileOut,
    AgencyTasksOut,
    DocumentIndicatorsOut,
    IndicatorSearchOut,
    PlanTasksOut,
)

router = APIRouter(prefix="/api", tags=["tasks, agencies, indicators"])

AGENCY_DESCRIPTION = (
    "The agency: its name in any spelling (Sở Công Thương, So Cong Thuong, S6 Cong Thuong), "
    "an abbreviation (SCT, Sở NN&PTNT), an English name (Department of Industry and Trade) "
    "or a key (agency:so-cong-thuong@binh-duong). Add a province to keep its agency only "
    "(Sở Công Thương Bình Dương)."
)
AgencyParam = Annotated[str, Query(description=AGENCY_DESCRIPTION, min_length=1,
                                   max_length=MAX_TEXT, examples=["Sở Công Thương"])]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"The most items to return, 1 to "
                                                             f"{MAX_LIMIT}; `truncated` says "
                                                             "when more were found.")]
Role = Annotated[Literal["lead", "coordinate", "any"], Query(
    description="lead: tasks it leads (chủ trì); coordinate: tasks naming it as coordinator "
                "(phối hợp) but not as lead; any: either.")]
_AGENCY_ERRORS = {
    404: {"model": ErrorBody, "description": "No agency matches `agency` (the hint lists close "
                                             "names), or no document matches `doc`."},
    409: ERROR_RESPONSES[409],
    422: ERROR_RESPONSES[422],
}


@router.get("/tasks", response_model=PlanTasksOut, responses=ERROR_RESPONSES)
def plan_tasks(store: StoreDep, doc: DocParam, limit: Limit = MAX_LIMIT) -> PlanTasksOut:
    """A plan's tasks (and the tasks reports restate for it) in text order: section, text,
    lead and coordinators (names and keys), evidence (file, line, sentence)."""
    found = qs.plan_tasks(store, document_of(store, doc).key, limit)
    return PlanTasksOut.model_validate(found)


@router.get("/agency/tasks", response_model=AgencyTasksOut, responses=_AGENCY_ERRORS)
def agency_tasks(
    store: StoreDep,
    agency: AgencyParam,
    doc: Annotated[str | None, Query(min_length=1, max_length=MAX_TEXT, description=(
        "Only the tasks of this plan. " + DOC_DESCRIPTION))] = None,
    role: Role = "any",
    limit: Limit = MAX_LIMIT,
) -> AgencyTasksOut:
    """The tasks an agency leads and/or coordinates, across plans or in ``doc``, grouped
    by plan in text order; each says the agency's ``role`` in it."""
    plan = document_of(store, doc).key if doc is not None else None
    try:
        found = qs.agency_tasks(store, agency, plan, role, limit)
    except qs.AgencyNotFound as error:
        raise _no_agency(error) from error
    return AgencyTasksOut.model_validate(found)


@router.get("/agencies", response_model=AgencyListOut, responses=PARAMETER_ERRORS)
def agencies(
    store: StoreDep,
    q: Annotated[str | None, Query(max_length=MAX_TEXT, description=(
        "A name or part of one, any spelling or English; omit it for every agency."))] = None,
    limit: Limit = MAX_LIMIT,
) -> AgencyListOut:
    """Every agency by key, or those alike ``q`` ranked (the body ``q`` names first, score
    100): key, name, province, kind, aliases, 2025 end and successor."""
    return AgencyListOut.model_validate(qs.list_agencies(store, q, limit))


@router.get("/agency", response_model=AgencyProfileOut, responses=_AGENCY_ERRORS)
def agency(store: StoreDep, agency: AgencyParam) -> AgencyProfileOut:
    """One body, one agency per province: names and aliases, kind, ``valid_until`` and the
    chain of successors of the 2025 reorganisation, tasks led and coordinated, mentions."""
    try:
        return AgencyProfileOut.model_validate(qs.agency_info(store, agency))
    except qs.AgencyNotFound as error:
        raise _no_agency(error) from error


@router.get("/indicators", response_model=DocumentIndicatorsOut, responses=ERROR_RESPONSES)
def indicators(
    store: StoreDep,
    doc: DocParam,
    reports: Annotated[bool, Query(description=(
        "Also the indicators of the reports on the document (what was reached)."))] = True,
    limit: Limit = MAX_LIMIT,
) -> DocumentIndicatorsOut:
    """A document's indicators: each target (value, unit, year, comparator) beside the
    latest value reported against it (same unit, latest period), with evidence."""
    found = qs.document_indicators(store, document_of(store, doc).key, reports, limit)
    return DocumentIndicatorsOut.model_validate(found)


@router.get("/indicators/search", response_model=IndicatorSearchOut,
            responses=ERROR_RESPONSES)
def search_indicators(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=MAX_TEXT, description=(
        "Words of the indicator, any diacritics or English (tỷ trọng hạt điều chế biến sâu; "
        "cashew deep processing 15% 2025)."), examples=["tỷ trọng hạt điều chế biến sâu"])],
    doc: Annotated[str | None, Query(min_length=1, max_length=MAX_TEXT, description=(
        "Only the indicators this document frames. " + DOC_DESCRIPTION))] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description=(
        f"The most indicators, 1 to {MAX_LIMIT}."))] = 20,
) -> IndicatorSearchOut:
    """Indicators ranked for words (their names, the sentences they were read in, and the
    numbers the words state), each target beside its latest reported value."""
    scope = document_of(store, doc).key if doc is not None else None
    return IndicatorSearchOut.model_validate(qs.search_indicators(store, q, scope, limit))


def _no_agency(error: qs.AgencyNotFound) -> ApiError:
    """The 404 for an agency text nothing matches, with close names and where to look."""
    near = f"Close names: {', '.join(error.suggestions)}. " if error.suggestions else ""
    return ApiError(404, f"No agency matches agency={error.text!r}.",
                    f"{near}List agencies with /api/agencies?q={quote(error.text)}.")
