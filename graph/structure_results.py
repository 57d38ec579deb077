"""The answers of ``graph.queries_structure``: tasks, agencies and indicators as plain
dataclasses with stable keys and evidence (``dataclasses.asdict`` gives their JSON).

Example:
    >>> AgencyRef("agency:so-cong-thuong@binh-duong", "Sở Công Thương", "Bình Dương").name
    'Sở Công Thương'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Evidence
from .results import DocumentRef


@dataclass(slots=True)
class AgencyRef:
    """An agency as answers name it."""

    key: str
    name: str
    jurisdiction: str | None


@dataclass(slots=True)
class TaskEntry:
    """One task: its section and text, its plan, its lead and coordinators (names, and
    keys in the same order), and where it was read.

    ``role`` is the role of the agency asked about (``lead`` or ``coordinate``) in answers
    about one agency, else None; ``score`` ranks tasks found by topic, else None.
    """

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


@dataclass(slots=True)
class PlanTasks:
    """The tasks of one plan, in text order."""

    subject: DocumentRef
    tasks: list[TaskEntry]
    truncated: bool = False


@dataclass(slots=True)
class AgencyTasks:
    """The tasks one body leads and/or coordinates, across plans (or in one ``plan``).

    ``agency`` is the canonical name, ``keys`` its agencies (one per province) that were
    searched; ``role`` is ``lead``, ``coordinate`` (named as coordinator, not as lead) or
    ``any``. Tasks are grouped by plan, in text order.
    """

    query: str
    agency: str
    keys: list[str]
    role: str
    plan: DocumentRef | None
    tasks: list[TaskEntry]
    truncated: bool = False


@dataclass(slots=True)
class ObservationEntry:
    """A reported value: its period, the report that states it, and where."""

    value: float | None
    unit: str | None
    period: str | None
    source: str | None
    source_label: str | None
    raw: str
    evidence: Evidence | None


@dataclass(slots=True)
class TargetEntry:
    """A target and the latest value reported against it (same unit, latest period).

    ``latest_from`` is the indicator the reported value was read under when it is not this
    one (an indicator search pairs a target with a value stated beside it, under another
    name: binhphuoc_sct_bao-cao_2022-2024.txt:1580 and 1584).
    """

    value: float | None
    value_max: float | None
    unit: str | None
    year: int | None
    comparator: str | None
    raw: str
    evidence: Evidence | None
    latest: ObservationEntry | None = None
    latest_from: str | None = None


@dataclass(slots=True)
class IndicatorEntry:
    """An indicator with its targets and reported values (latest first).

    ``scope`` is the document that sets or frames it; ``score`` ranks search hits.
    """

    key: str
    name: str
    scope: str | None
    scope_label: str | None
    targets: list[TargetEntry]
    observations: list[ObservationEntry]
    latest: ObservationEntry | None
    score: float | None = None


@dataclass(slots=True)
class DocumentIndicators:
    """The indicators a document sets or frames, and those of the reports on it
    (``reports``: their keys), each target beside its latest reported value."""

    subject: DocumentRef
    indicators: list[IndicatorEntry]
    reports: list[str] = field(default_factory=list)
    truncated: bool = False


@dataclass(slots=True)
class IndicatorSearch:
    """Indicators ranked for a text (name words, the sentences they were read in, and the
    numbers the text states)."""

    query: str
    indicators: list[IndicatorEntry]
    truncated: bool = False


@dataclass(slots=True)
class AgencyInfo:
    """One agency: names, province, kind, and the 2025 reorganisation (``valid_until``, the
    ``successor`` and the whole chain of successors), with how many tasks it leads and
    coordinates and where it was read (the first mentions)."""

    key: str
    name: str
    jurisdiction: str | None
    kind: str
    aliases: list[str]
    valid_until: str | None
    successor: AgencyRef | None
    successors: list[AgencyRef]
    tasks_led: int
    tasks_coordinated: int
    mentions: list[Evidence]


@dataclass(slots=True)
class AgencyProfile:
    """The body a text names: its canonical name and its agencies, one per province."""

    query: str
    name: str
    agencies: list[AgencyInfo]


@dataclass(slots=True)
class AgencyHit:
    """An agency in a list or search, with its score (100: the body the text names)."""

    key: str
    name: str
    jurisdiction: str | None
    kind: str
    aliases: list[str]
    valid_until: str | None
    successor: str | None
    score: float


@dataclass(slots=True)
class AgencyList:
    """Agencies for ``/api/agencies``: all by key, or ranked for ``query``."""

    query: str | None
    agencies: list[AgencyHit]
    truncated: bool = False
