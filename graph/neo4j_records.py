"""Neo4j records → model objects: what the Neo4j store's reads return, merged and ordered
exactly as the SQLite store returns them (pure; no server needed).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from .merge import fact_from_row, merge_agency, merge_indicator, optional_evidence
from .model import (
    Agency,
    DocType,
    Document,
    Evidence,
    Indicator,
    Origin,
    Relation,
    RelationType,
    Task,
)
from .store import FileRecord

__all__ = [
    "agencies_from_records",
    "document_from_record",
    "fact_from_record",
    "file_record_from_record",
    "indicators_from_records",
    "relation_from_record",
    "relations_from_records",
    "stats_from_records",
    "tasks_from_records",
]

Record = Mapping[str, Any]


def fact_from_record(record: Record) -> tuple[str, Document]:
    """A ``document_facts`` record as ``(file, the document as that file describes it)``."""
    row = (record["key"], record["file"], record["symbol"], record["doc_type"],
           record["issuer"], record["jurisdiction"], record["date"], record["year"],
           record["title"], record["origin_line"], record["confidence"],
           record["alternatives_json"])
    return record["file"], fact_from_row(row)


def document_from_record(record: Record) -> Document:
    """A document record (``all_documents`` and kin) as a Document, mentions ordered by
    (file, line, text) as SQLite orders them.

    Example:
        >>> rec = {"key": "k", "symbol": None, "doc_type": "report", "issuer": None,
        ...        "jurisdiction": None, "date": None, "year": None, "title": None,
        ...        "origin_file": None, "origin_line": None, "confidence": 1.0,
        ...        "alternatives_json": "[]", "mentions": []}
        >>> document_from_record(rec).doc_type
        <DocType.REPORT: 'report'>
    """
    mentions = sorted(record["mentions"],
                      key=lambda m: (m["file"], m["line"], m["text"], m["seq"]))
    origin_file = record["origin_file"]
    return Document(
        key=record["key"], symbol=record["symbol"], doc_type=DocType(record["doc_type"]),
        issuer=record["issuer"], jurisdiction=record["jurisdiction"], date=record["date"],
        year=record["year"], title=record["title"],
        origin=Origin(origin_file, record["origin_line"]) if origin_file is not None else None,
        mentions=[Evidence(m["file"], m["line"], m["text"]) for m in mentions],
        confidence=record["confidence"],
        alternatives=json.loads(record["alternatives_json"] or "[]"),
    )


def relation_from_record(record: Record) -> Relation:
    """A relation record (``all_relations``, ``edges_*``) as a Relation."""
    return Relation(record["source"], record["target"], RelationType(record["type"]),
                    Evidence(record["file"], record["line"], record["evidence"]),
                    record["scope"], record["confidence"])


def relations_from_records(records: Iterable[Record]) -> list[Relation]:
    """Relations in SQLite's order: (source, target, type, file, line, evidence, position).

    Sorted here, not only by the query's ORDER BY, so the order is Python's (code points)
    whatever the server's string collation.
    """
    ordered = sorted(records, key=lambda r: (r["source"], r["target"], r["type"], r["file"],
                                             r["line"], r["evidence"], r["seq"]))
    return [relation_from_record(r) for r in ordered]


def tasks_from_records(records: Iterable[Record]) -> list[Task]:
    """Tasks from every file's statements (``all_tasks`` and kin), one per key, by key.

    As in SQLite: the statement of the file the plan comes from wins, else the first file
    by name; lead and coordinate agencies are that statement's, in the file's order.

    Example:
        >>> tasks_from_records([])
        []
    """
    ordered = sorted(records, key=lambda r: (r["key"], r["plan_origin_file"] != r["file"],
                                             r["file"]))
    chosen: dict[str, Record] = {}
    for record in ordered:
        chosen.setdefault(record["key"], record)
    return [_task_from_record(chosen[key]) for key in sorted(chosen)]


def _task_from_record(record: Record) -> Task:
    """One task statement as a Task."""
    def agencies(links: Iterable[Mapping[str, Any]]) -> list[str]:
        return [link["agency"] for link in sorted(links, key=lambda link: link["seq"])]

    return Task(record["key"], record["plan"], record["section"], record["text"],
                agencies(record["lead"]), agencies(record["coordinate"]),
                optional_evidence(record["file"], record["line"], record["evidence"]))


def agencies_from_records(records: Iterable[Record]) -> list[Agency]:
    """Agencies from every file's statements (``all_agency_statements``), merged as SQLite
    merges them (:func:`~policygraph.graph.merge.merge_agency`), ordered by key."""
    by_key: defaultdict[str, list[Record]] = defaultdict(list)
    for record in sorted(records, key=lambda r: (r["key"], r["file"])):
        by_key[record["key"]].append(record)
    agencies = []
    for key, found in by_key.items():
        rows = [(key, r["file"], r["name"], r["jurisdiction"], r["kind"], r["valid_until"],
                 r["successor"]) for r in found]
        aliases = [alias for r in found for alias in r["aliases"] or []]
        mentions = sorted(((key, r["file"], m["line"], m["text"], m["seq"])
                           for r in found for m in r["mentions"]), key=lambda m: m[1:])
        agencies.append(merge_agency(key, rows, aliases, [m[:4] for m in mentions]))
    return agencies


def indicators_from_records(records: Iterable[Record]) -> list[Indicator]:
    """Indicators from every file's statements (``all_indicators`` and kin), merged as
    SQLite merges them (:func:`~policygraph.graph.merge.merge_indicator`), by key."""
    by_key: defaultdict[str, list[Record]] = defaultdict(list)
    for record in sorted(records, key=lambda r: (r["key"], r["file"])):
        by_key[record["key"]].append(record)
    indicators = []
    for key, found in by_key.items():
        rows = [(key, r["file"], r["name"], r["scope"]) for r in found]
        targets = [(key, r["file"], t["value"], t["unit"], t["year"], t["comparator"],
                    t["value_max"], t["raw"], t["line"], t["evidence"])
                   for r in found for t in sorted(r["targets"], key=lambda t: t["seq"])]
        observations = [(key, r["file"], o["value"], o["unit"], o["period"], o["source"],
                         o["raw"], o["line"], o["evidence"])
                        for r in found
                        for o in sorted(r["observations"], key=lambda o: o["seq"])]
        indicators.append(merge_indicator(key, rows, targets, observations))
    return indicators


def file_record_from_record(record: Record) -> FileRecord:
    """A file record (``all_files``, ``file_by_name``) as a FileRecord."""
    return FileRecord(record["name"], record["sha256"], record["encoding"],
                      record["ingested_at"], record["documents"], record["relations"])


def stats_from_records(counts: Record, by_type: Iterable[Record]) -> dict[str, int]:
    """``graph_counts`` and ``relation_counts_by_type`` as the stats dict SQLite returns.

    Example:
        >>> stats = stats_from_records({"documents": 2, "relations": 1, "files": 1, "tasks": 0,
        ...     "agencies": 0, "indicators": 0}, [{"type": "implements", "relations": 1}])
        >>> stats["relations.implements"], stats["relations.amends"]
        (1, 0)
    """
    found = {r["type"]: int(r["relations"]) for r in by_type}
    stats = {"documents": int(counts["documents"]), "relations": int(counts["relations"])}
    stats |= {f"relations.{t}": found.get(str(t), 0) for t in RelationType}
    stats |= {name: int(counts[name]) for name in ("files", "tasks", "agencies", "indicators")}
    return stats
