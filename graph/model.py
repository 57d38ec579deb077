"""The graph's vocabulary: the values every stage and every store passes around.

Nodes: Document, Task, Agency, Indicator. Edges: Relation (document → document),
and the task/indicator links carried on their nodes. Every node and edge carries
Evidence: the file, the 1-based line (counting ``\\n`` only, like ``sed -n Np``)
and the sentence that says so.

Keys are plain strings, stable across re-ingests of the same files (interfaces.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class DocType(StrEnum):
    """Document kinds of the export contract (interfaces.md, `doc_type`)."""

    RESOLUTION = "resolution"  # Nghị quyết
    CONCLUSION = "conclusion"  # Kết luận
    PROGRAMME = "programme"  # Chương trình
    DECISION = "decision"  # Quyết định
    PLAN = "plan"  # Kế hoạch
    REPORT = "report"  # Báo cáo
    OFFICIAL_LETTER = "official_letter"  # Công văn
    SCHEME = "scheme"  # Đề án, Phương án, Dự án
    DIRECTIVE = "directive"  # Chỉ thị
    DECREE = "decree"  # Nghị định
    CIRCULAR = "circular"  # Thông tư
    LAW = "law"  # Luật
    REGULATION = "regulation"  # Quy định, Quy chế
    GUIDANCE = "guidance"  # Hướng dẫn
    NOTICE = "notice"  # Thông báo
    SUBMISSION = "submission"  # Tờ trình
    OTHER = "other"


class RelationType(StrEnum):
    """Relation types, one stored direction each (domain.md §2)."""

    BASED_ON = "based_on"
    IMPLEMENTS = "implements"
    APPROVES = "approves"
    AMENDS = "amends"
    REPLACES = "replaces"
    REPEALS = "repeals"
    GUIDES = "guides"
    CORRECTS = "corrects"
    REPORTS_ON = "reports_on"
    REFERENCES = "references"


class Status(StrEnum):
    """Legal status derived from incoming relations (interfaces.md, `status`)."""

    IN_FORCE = "in_force"
    AMENDED = "amended"
    PARTLY_REPEALED = "partly_repealed"
    REPLACED = "replaced"
    REPEALED = "repealed"
    UNKNOWN = "unknown"


# Display labels, Vietnamese as on vbpl.vn / thuvienphapluat.vn: (forward, inverse).
RELATION_LABELS: dict[RelationType, tuple[str, str]] = {
    RelationType.BASED_ON: ("Căn cứ ban hành", "Văn bản áp dụng"),
    RelationType.IMPLEMENTS: ("Văn bản thực hiện", "Được thực hiện bởi"),
    RelationType.APPROVES: ("Phê duyệt", "Được phê duyệt bởi"),
    RelationType.AMENDS: ("Văn bản sửa đổi bổ sung", "Được sửa đổi bổ sung"),
    RelationType.REPLACES: ("Văn bản thay thế", "Bị thay thế"),
    RelationType.REPEALS: ("Văn bản bãi bỏ", "Bị bãi bỏ"),
    RelationType.GUIDES: ("Văn bản hướng dẫn", "Được hướng dẫn"),
    RelationType.CORRECTS: ("Văn bản đính chính", "Được đính chính"),
    RelationType.REPORTS_ON: ("Báo cáo về", "Được báo cáo bởi"),
    RelationType.REFERENCES: ("Dẫn chiếu", "Được dẫn chiếu"),
}


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: file name, 1-based raw line, and the sentence."""

    file: str
    line: int
    text: str


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an ingested document starts: its file and the first line of its header."""

    file: str
    line: int


@dataclass(slots=True)
class Document:
    """One real document (a node). Identity: symbol + issuing body/jurisdiction + year.

    ``symbol`` is canonical (``790/QĐ-TTg``) or None for a document without a number
    (a report with a blank ``Số:``, a scheme known by name).
    """

    key: str
    symbol: str | None
    doc_type: DocType
    issuer: str | None = None
    jurisdiction: str | None = None
    date: str | None = None  # ISO yyyy-mm-dd (or yyyy-mm / yyyy when that is all we know)
    year: int | None = None
    title: str | None = None
    origin: Origin | None = None
    mentions: list[Evidence] = field(default_factory=list)
    confidence: float = 1.0
    # Alternative readings kept when sources disagree (e.g. title of 361-KL/TU), each with its evidence.
    alternatives: list[dict] = field(default_factory=list)


@dataclass(slots=True)
class Relation:
    """A typed, evidenced edge between two documents (source → target, domain.md §2)."""

    source: str
    target: str
    type: RelationType
    evidence: Evidence
    scope: str | None = None  # the part affected: "Điều 7", "một số Điều"
    confidence: float = 1.0


@dataclass(slots=True)
class Agency:
    """A body that leads or coordinates tasks; generic groups are agencies of kind 'group'."""

    key: str
    name: str
    jurisdiction: str | None = None
    aliases: list[str] = field(default_factory=list)
    kind: str = "body"  # body | group
    valid_until: str | None = None  # ISO date; the 2025 reorganisation (domain.md §3)
    successor: str | None = None  # agency key
    mentions: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class Task:
    """A task of a plan (or restated by a report), with its lead and coordinators."""

    key: str
    plan: str  # document key
    section: str  # "III.1.b"
    text: str
    lead: list[str] = field(default_factory=list)  # agency keys
    coordinate: list[str] = field(default_factory=list)  # agency keys
    evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class Target:
    value: float | None
    unit: str | None
    year: int | None
    comparator: str | None  # ">=", "<=", "=", "range", "~"
    value_max: float | None = None  # upper bound of a range ("9-10%")
    raw: str = ""
    evidence: Evidence | None = None


@dataclass(frozen=True, slots=True)
class Observation:
    value: float | None
    unit: str | None
    period: str | None  # "2023", "6 tháng đầu năm 2024"
    source: str | None  # document key of the report that states it
    raw: str = ""
    evidence: Evidence | None = None


@dataclass(slots=True)
class Indicator:
    """Something measured: its targets (set by a document) and reported observations."""

    key: str
    name: str
    scope: str | None  # document key that sets or frames it
    targets: list[Target] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)


@dataclass(slots=True)
class FileGraph:
    """Everything read from one file: the unit of one store transaction."""

    file: str
    sha256: str
    encoding: str
    documents: list[Document] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
