"""FileGraph → Cypher parameter rows: what the Neo4j store's batched upserts send (pure).

One function per ``upsert_*`` statement of ``cypher/``, in :data:`WRITE_STEPS` order, and
:func:`write_batches` to cut them into statements of at most ``BATCH_SIZE`` rows. The
:mod:`~policygraph.graph.neo4j_csv` export reuses the same rows. No server needed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from .merge import dumps_json
from .model import Document, FileGraph

__all__ = [
    "BATCH_SIZE",
    "WRITE_STEPS",
    "agency_mention_rows",
    "agency_rows",
    "chunked",
    "document_fact_rows",
    "document_mention_rows",
    "file_row",
    "indicator_rows",
    "merged_document_row",
    "observation_rows",
    "relation_rows",
    "target_rows",
    "task_coordinator_rows",
    "task_lead_rows",
    "task_rows",
    "write_batches",
]

#: Rows per batched upsert statement: big enough to be fast, small enough that one
#: statement's parameters stay well under Bolt's message limits.
BATCH_SIZE = 500

Params = dict[str, Any]
T = TypeVar("T")


def file_row(graph: FileGraph, ingested_at: str) -> Params:
    """The parameters of ``upsert_file.cypher`` for one file.

    Example:
        >>> file_row(FileGraph("a.txt", "ab", "utf-8"), "2024-01-01T00:00:00+00:00")["documents"]
        0
    """
    return {"name": graph.file, "sha256": graph.sha256, "encoding": graph.encoding,
            "ingested_at": ingested_at, "documents": len(graph.documents),
            "relations": len(graph.relations)}


def document_fact_rows(graph: FileGraph) -> list[Params]:
    """``upsert_document_facts`` rows: what the file says about each of its documents.

    Example:
        >>> from policygraph.graph.model import DocType
        >>> document_fact_rows(FileGraph("a.txt", "", "utf-8", [Document("k", None, DocType.PLAN)]))[0]["doc_type"]
        'plan'
    """
    return [{"key": d.key, "seq": seq, "symbol": d.symbol, "doc_type": str(d.doc_type),
             "issuer": d.issuer, "jurisdiction": d.jurisdiction, "date": d.date,
             "year": _int(d.year), "title": d.title,
             "origin_line": _int(d.origin.line) if d.origin else None,
             "confidence": float(d.confidence), "alternatives_json": dumps_json(d.alternatives)}
            for seq, d in enumerate(graph.documents)]


def document_mention_rows(graph: FileGraph) -> list[Params]:
    """``upsert_document_mentions`` rows: one per mention, numbered through the file."""
    mentions = ((d.key, m) for d in graph.documents for m in d.mentions)
    return [{"key": key, "seq": seq, "line": int(m.line), "text": m.text}
            for seq, (key, m) in enumerate(mentions)]


def relation_rows(graph: FileGraph) -> list[Params]:
    """``upsert_relations`` rows: type, provenance (line, evidence), scope, confidence."""
    return [{"seq": seq, "source": r.source, "target": r.target, "type": str(r.type),
             "line": int(r.evidence.line), "evidence": r.evidence.text, "scope": r.scope,
             "confidence": float(r.confidence)}
            for seq, r in enumerate(graph.relations)]


def task_rows(graph: FileGraph) -> list[Params]:
    """``upsert_tasks`` rows: each task's plan, section, text and evidence."""
    return [{"key": t.key, "seq": seq, "plan": t.plan, "section": t.section, "text": t.text,
             "line": _int(t.evidence.line) if t.evidence else None,
             "evidence": t.evidence.text if t.evidence else None}
            for seq, t in enumerate(graph.tasks)]


def task_lead_rows(graph: FileGraph) -> list[Params]:
    """``upsert_task_leads`` rows: (task, agency, position among the task's leads)."""
    return [{"task": t.key, "agency": agency, "seq": seq}
            for t in graph.tasks for seq, agency in enumerate(t.lead)]


def task_coordinator_rows(graph: FileGraph) -> list[Params]:
    """``upsert_task_coordinators`` rows: (task, agency, position among its coordinators)."""
    return [{"task": t.key, "agency": agency, "seq": seq}
            for t in graph.tasks for seq, agency in enumerate(t.coordinate)]


def agency_rows(graph: FileGraph) -> list[Params]:
    """``upsert_agencies`` rows: what the file says of each agency, aliases as a list."""
    return [{"key": a.key, "seq": seq, "name": a.name, "jurisdiction": a.jurisdiction,
             "kind": a.kind, "valid_until": a.valid_until, "successor": a.successor,
             "aliases": list(a.aliases)}
            for seq, a in enumerate(graph.agencies)]


def agency_mention_rows(graph: FileGraph) -> list[Params]:
    """``upsert_agency_mentions`` rows: one per mention, numbered through the file."""
    mentions = ((a.key, m) for a in graph.agencies for m in a.mentions)
    return [{"key": key, "seq": seq, "line": int(m.line), "text": m.text}
            for seq, (key, m) in enumerate(mentions)]


def indicator_rows(graph: FileGraph) -> list[Params]:
    """``upsert_indicators`` rows: each indicator's name and framing document."""
    return [{"key": i.key, "seq": seq, "name": i.name, "scope": i.scope}
            for seq, i in enumerate(graph.indicators)]


def target_rows(graph: FileGraph) -> list[Params]:
    """``upsert_targets`` rows: seq is the target's position in its indicator's list."""
    return [{"indicator": i.key, "seq": seq, "value": _float(t.value), "unit": t.unit,
             "year": _int(t.year), "comparator": t.comparator,
             "value_max": _float(t.value_max), "raw": t.raw,
             "line": _int(t.evidence.line) if t.evidence else None,
             "evidence": t.evidence.text if t.evidence else None}
            for i in graph.indicators for seq, t in enumerate(i.targets)]


def observation_rows(graph: FileGraph) -> list[Params]:
    """``upsert_observations`` rows: seq is the position in its indicator's list."""
    return [{"indicator": i.key, "seq": seq, "value": _float(o.value), "unit": o.unit,
             "period": o.period, "source": o.source, "raw": o.raw,
             "line": _int(o.evidence.line) if o.evidence else None,
             "evidence": o.evidence.text if o.evidence else None}
            for i in graph.indicators for seq, o in enumerate(i.observations)]


#: The batched upserts of one file, in the order they run (nodes before what links them).
WRITE_STEPS: tuple[tuple[str, Callable[[FileGraph], list[Params]]], ...] = (
    ("upsert_document_facts", document_fact_rows),
    ("upsert_document_mentions", document_mention_rows),
    ("upsert_relations", relation_rows),
    ("upsert_tasks", task_rows),
    ("upsert_task_leads", task_lead_rows),
    ("upsert_task_coordinators", task_coordinator_rows),
    ("upsert_agencies", agency_rows),
    ("upsert_agency_mentions", agency_mention_rows),
    ("upsert_indicators", indicator_rows),
    ("upsert_targets", target_rows),
    ("upsert_observations", observation_rows),
)


def chunked(rows: Sequence[T], size: int = BATCH_SIZE) -> Iterator[list[T]]:
    """Consecutive slices of at most ``size`` rows (none for no rows).

    Example:
        >>> [len(c) for c in chunked(range(1201), 500)]
        [500, 500, 201]
    """
    if size < 1:
        raise ValueError(f"batch size must be >= 1, got {size}")
    for start in range(0, len(rows), size):
        yield list(rows[start: start + size])


def write_batches(graph: FileGraph, batch_size: int = BATCH_SIZE) -> Iterator[tuple[str, Params]]:
    """Every batched upsert of one file: ``(statement name, parameters)``, in order.

    Args:
        graph: the file's graph.
        batch_size: the most rows per statement.

    Returns:
        An iterator of (cypher file name, its parameters ``{"file", "rows"}``).

    Example:
        >>> [name for name, _ in write_batches(FileGraph("a.txt", "", "utf-8"))]
        []
    """
    for name, rows_of in WRITE_STEPS:
        for rows in chunked(rows_of(graph), batch_size):
            yield name, {"file": graph.file, "rows": rows}


def merged_document_row(doc: Document) -> Params:
    """A merged Document as a ``set_merged_documents`` row.

    Example:
        >>> from policygraph.graph.model import DocType
        >>> merged_document_row(Document("k", "1/KH", DocType.PLAN))["origin_file"] is None
        True
    """
    return {"key": doc.key, "symbol": doc.symbol, "doc_type": str(doc.doc_type),
            "issuer": doc.issuer, "jurisdiction": doc.jurisdiction, "date": doc.date,
            "year": _int(doc.year), "title": doc.title,
            "origin_file": doc.origin.file if doc.origin else None,
            "origin_line": _int(doc.origin.line) if doc.origin else None,
            "confidence": float(doc.confidence), "alternatives_json": dumps_json(doc.alternatives)}


def _float(value: float | None) -> float | None:
    """A number as SQLite's REAL gives it back (a float), None kept."""
    return None if value is None else float(value)


def _int(value: int | None) -> int | None:
    """A whole number as SQLite's INTEGER gives it back, None kept."""
    return None if value is None else int(value)
