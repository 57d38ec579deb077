"""The Neo4j store: the Store protocol over a Neo4j 5 server, for teams and scale-out (#6).

It gives the same answers as the SQLite store (``tests/test_store_parity.py`` checks it
against a live server): each file's contribution is kept apart, as relationships from its
``:File`` node or relationships and nodes carrying a ``file`` property, so replacing or
removing a file is exact; ``:Document`` nodes hold the merged view, recomputed with the
same :func:`~policygraph.graph.merge.merge_facts` as SQLite's inside the writing
transaction; tasks, agencies and indicators are merged when read, with the same rules
(:mod:`policygraph.graph.merge`); status comes from
:func:`~policygraph.graph.status.derive_status`. The graph model is in
``cypher/README.md``.

Every statement sent is a file of ``cypher/`` (:mod:`.cypher_files`), so Neo4j's Cypher
linter checks each one (tests/test_cypher.py); values always go as parameters. The pure
parts, FileGraph → parameter rows and records → model objects, are module functions,
tested without a server.

Exceptions::

    StoreError (graph.store)
    ├── NotFound            an unknown document key
    └── Neo4jUnavailable    no server at the URI, or it refused the login

Example:
    >>> store = Neo4jStore("bolt://localhost:7687", "neo4j", "secret")  # doctest: +SKIP
    >>> store.documents_by_symbol("361-KL/TU")[0].title  # doctest: +SKIP
    'Phát triển khu kinh tế, khu và cụm công nghiệp'
"""

from __future__ import annotations

import json
import logging
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, LiteralString, TypeVar, cast
from urllib.parse import urlsplit

import neo4j
from neo4j import exceptions as neo4j_errors

from .cypher_files import cypher_file, setup_files
from .model import (
    Agency,
    DocType,
    Document,
    Evidence,
    FileGraph,
    Indicator,
    Observation,
    Origin,
    Relation,
    RelationType,
    Target,
    Task,
)
from .merge import (
    DIRECTIONS,
    check_graph,
    dumps_json,
    fact_from_row,
    group_rows,
    merge_agency,
    merge_facts,
    merge_indicator,
    not_found,
    optional_evidence,
    traversal_from_walk,
    utc_now,
)
from .sqlite_store import SQLiteStore
from .status import STATUS_TYPES, derive_status
from .store import FileRecord, NotFound, Store, StoreError, Traversal

logger = logging.getLogger(__name__)

__all__ = [
    "BATCH_SIZE",
    "Neo4jStore",
    "Neo4jUnavailable",
    "push_to_neo4j",
    "read_file_graph",
    "traverse_with",
    "write_batches",
]

#: Rows per batched upsert statement: big enough to be fast, small enough that one
#: statement's parameters stay well under Bolt's message limits.
BATCH_SIZE = 500

Params = dict[str, Any]
Record = Mapping[str, Any]
#: Sees every statement sent and its parameters, e.g. ``lambda q, p: print(q, p)``.
Tracer = Callable[[str, Params], None]
T = TypeVar("T")

#: The URI schemes of Bolt, the protocol the store speaks (``+s``: TLS, ``+ssc``: TLS with a
#: self-signed certificate). The driver's preview HTTP support is not used.
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
_EDGE_QUERIES = {"out": "edges_out_of_documents", "in": "edges_into_documents"}
_ENV_HELP = ("set NEO4J_URI (bolt://host:7687), NEO4J_USER and NEO4J_PASSWORD, or pass "
             "uri, user and password")


class Neo4jUnavailable(StoreError):
    """The Neo4j server cannot be reached at the URI, or it refused the credentials."""


# --- FileGraph -> parameter rows (pure) ----------------------------------------------------


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
        >>> merged_document_row(Document("k", "1/KH", DocType.PLAN))["origin_file"] is None
        True
    """
    return {"key": doc.key, "symbol": doc.symbol, "doc_type": str(doc.doc_type),
            "issuer": doc.issuer, "jurisdiction": doc.jurisdiction, "date": doc.date,
            "year": _int(doc.year), "title": doc.title,
            "origin_file": doc.origin.file if doc.origin else None,
            "origin_line": _int(doc.origin.line) if doc.origin else None,
            "confidence": float(doc.confidence), "alternatives_json": dumps_json(doc.alternatives)}


# --- records -> model objects (pure) -------------------------------------------------------


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


# --- traversal (breadth-first, one query per depth) ---------------------------------------


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


# --- the store -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Touched:
    """The nodes one file spoke of, read before its contributions are deleted."""

    documents: frozenset[str]
    tasks: frozenset[str]
    agencies: frozenset[str]
    indicators: frozenset[str]


class Neo4jStore:
    """A PolicyGraph store on a Neo4j 5 server (5.6 or later: COLLECT subqueries).

    Args:
        uri: ``bolt://host:7687``, ``neo4j://…`` (a cluster), or their ``+s`` TLS forms;
            default ``$NEO4J_URI``.
        user: default ``$NEO4J_USER``, else ``neo4j``.
        password: default ``$NEO4J_PASSWORD``; no password means no authentication.
        database: the database to use; default ``$NEO4J_DATABASE``, else the server's
            default database.
        driver: an already built ``neo4j.Driver`` (tests hand in a recording fake here).
        batch_size: the most rows per batched upsert statement.
        tracer: called with ``(statement, parameters)`` before every statement.

    Raises:
        Neo4jUnavailable: no server answers at the URI, or it refused the credentials.
        StoreError: a malformed URI, or the setup statements failed.

    Example:
        >>> with Neo4jStore("bolt://localhost:7687") as store:  # doctest: +SKIP
        ...     store.stats()["documents"]
        0
    """

    def __init__(
        self,
        uri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        *,
        driver: neo4j.Driver | None = None,
        batch_size: int = BATCH_SIZE,
        tracer: Tracer | None = None,
    ) -> None:
        self.uri = uri or os.environ.get("NEO4J_URI") or ""
        if not self.uri:
            raise Neo4jUnavailable(f"No Neo4j server given: {_ENV_HELP}.")
        self.user = user if user is not None else os.environ.get("NEO4J_USER", "neo4j")
        password = password if password is not None else os.environ.get("NEO4J_PASSWORD")
        self.database = database or os.environ.get("NEO4J_DATABASE") or None
        self.batch_size = batch_size
        self.tracer = tracer
        self._driver = driver if driver is not None else self._connect(password)
        try:
            with self._errors("connecting"):
                self._driver.verify_connectivity()
            self._set_up()
        except BaseException:
            self._driver.close()
            raise

    def _connect(self, password: str | None) -> neo4j.Driver:
        """Build the driver (no network yet); a malformed URI is a StoreError."""
        auth = (self.user, password) if password is not None else None
        try:
            parts = urlsplit(self.uri)
            if parts.scheme not in SCHEMES or not parts.netloc:
                raise ValueError(f"the scheme must be one of {', '.join(SCHEMES)}, then ://host")
            if parts.path.strip("/"):
                raise ValueError("a Bolt URI has no path: name the database with database= "
                                 "or NEO4J_DATABASE")
            return neo4j.GraphDatabase.driver(self.uri, auth=auth)
        except (ValueError, neo4j_errors.ConfigurationError) as e:
            raise StoreError(f"{self.uri!r} is not a Neo4j URI: {e}. Use bolt://host:7687 (one "
                             "server), neo4j://host:7687 (a cluster), or bolt+s:// and neo4j+s:// "
                             "for TLS.") from e

    def _set_up(self) -> None:
        """Run the setup files (constraints, indexes), each statement in its own transaction.

        Schema changes cannot share a transaction with data; every statement says IF NOT
        EXISTS, so running them on each open is harmless.
        """
        for file in setup_files():
            for statement in file.statements:
                with self._errors(f"setting up ({file.name}.cypher)"), self._session() as session:
                    session.execute_write(self._run_text, statement, {})

    # --- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        """Release the driver's connections. Closing twice is harmless."""
        self._driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        database = f" database={self.database!r}" if self.database else ""
        return f"<Neo4jStore {self.uri!r}{database}>"

    # --- statements and transactions -------------------------------------------------------

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """Turn the driver's exceptions into store errors that say how to fix them."""
        try:
            yield
        except neo4j_errors.AuthError as e:
            raise Neo4jUnavailable(
                f"Neo4j at {self.uri} refused the login of user {self.user!r} while {doing}: "
                f"{e.message}. Check the credentials: {_ENV_HELP}.") from e
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as e:
            raise Neo4jUnavailable(
                f"Cannot reach Neo4j at {self.uri} while {doing}: {e}. Is the server running "
                "and listening for Bolt on that host and port (default 7687)? Start it, or "
                f"point PolicyGraph at the right one: {_ENV_HELP}.") from e
        except neo4j_errors.Neo4jError as e:
            raise StoreError(f"Neo4j at {self.uri} failed while {doing}: {e.message} "
                             f"({e.code}).") from e
        except neo4j_errors.DriverError as e:
            raise StoreError(f"The Neo4j driver failed while {doing} ({self.uri}): {e}.") from e

    def _session(self) -> neo4j.Session:
        """A session on the store's database."""
        return self._driver.session(database=self.database)

    def _run_text(self, tx: neo4j.ManagedTransaction, text: str,
                  params: Params) -> list[dict[str, Any]]:
        """Run one statement text in ``tx`` (showing it to the tracer); its records."""
        if self.tracer is not None:
            self.tracer(text, params)
        return tx.run(cast(LiteralString, text), params).data()

    def _run(self, tx: neo4j.ManagedTransaction, name: str, /,
             **params: Any) -> list[dict[str, Any]]:
        """Run the statement of ``cypher/<name>.cypher`` with exactly its declared parameters.

        ``tx`` and ``name`` are positional-only: ``upsert_file`` has a ``$name`` of its own.
        """
        file = cypher_file(name)
        if set(params) != set(file.parameters):
            raise TypeError(f"{name}.cypher declares ${', $'.join(file.parameters) or ' nothing'}"
                            f" but was given {sorted(params)}")
        return self._run_text(tx, file.statement, params)

    def _read(self, work: Callable[[neo4j.ManagedTransaction], T], doing: str) -> T:
        """Run ``work`` in one read transaction (retried by the driver on transient errors)."""
        with self._errors(doing), self._session() as session:
            return session.execute_read(work)

    def _write(self, work: Callable[[neo4j.ManagedTransaction], T], doing: str) -> T:
        """Run ``work`` in one write transaction: all of it commits, or none."""
        with self._errors(doing), self._session() as session:
            return session.execute_write(work)

    def _query(self, name: str, /, **params: Any) -> list[dict[str, Any]]:
        """One read statement in its own transaction."""
        return self._read(lambda tx: self._run(tx, name, **params), f"running {name}.cypher")

    # --- writing ---------------------------------------------------------------------------

    def file_record(self, name: str) -> FileRecord | None:
        """What the store knows of an ingested file (None if never ingested)."""
        rows = self._query("file_by_name", name=name)
        return file_record_from_record(rows[0]) if rows else None

    def write_file_graph(self, graph: FileGraph, *, ingested_at: str | None = None) -> None:
        """Replace all that ``graph.file`` contributed with ``graph``, in one transaction.

        Args:
            graph: all that one file says.
            ingested_at: the time to record (default now; ``push`` keeps the source's).

        Raises:
            StoreError: the graph does not hold together (as SQLite checks), or Neo4j failed;
                nothing is written then.
        """
        check_graph(graph)
        stamp = ingested_at or utc_now()
        self._write(lambda tx: self._replace_file(tx, graph, stamp), f"writing {graph.file}")

    def remove_file(self, name: str) -> None:
        """Drop all that one file contributed; documents no file speaks of any more go too."""
        self._write(lambda tx: self._remove_file(tx, name), f"removing {name}")

    def _replace_file(self, tx: neo4j.ManagedTransaction, graph: FileGraph, stamp: str) -> None:
        """Delete the file's old contribution, write the new one, re-merge what it touched."""
        old = self._touched(tx, graph.file)
        self._run(tx, "delete_file_contributions", file=graph.file)
        self._run(tx, "upsert_file", **file_row(graph, stamp))
        for name, params in write_batches(graph, self.batch_size):
            self._run(tx, name, **params)
        self._remerge_documents(tx, old.documents | {d.key for d in graph.documents})
        self._delete_unreferenced(tx, old)

    def _remove_file(self, tx: neo4j.ManagedTransaction, name: str) -> None:
        """Delete the file's contribution and the file, re-merge what it touched."""
        old = self._touched(tx, name)
        self._run(tx, "delete_file_contributions", file=name)
        self._remerge_documents(tx, old.documents)
        self._delete_unreferenced(tx, old)
        self._run(tx, "delete_file", name=name)

    def _touched(self, tx: neo4j.ManagedTransaction, file: str) -> _Touched:
        """The keys of what one file speaks of now."""
        (row,) = self._run(tx, "file_contribution_keys", file=file)
        return _Touched(frozenset(row["documents"]), frozenset(row["tasks"]),
                        frozenset(row["stated_agencies"]) | frozenset(row["assigned_agencies"]),
                        frozenset(row["indicators"]))

    def _remerge_documents(self, tx: neo4j.ManagedTransaction, keys: Iterable[str]) -> None:
        """Recompute the Document nodes of ``keys`` from every file's facts; delete the
        ones no file speaks of any more (same transaction)."""
        for chunk in chunked(sorted(keys), self.batch_size):
            facts: defaultdict[str, list[tuple[str, Document]]] = defaultdict(list)
            for record in self._run(tx, "document_facts", keys=chunk):
                facts[record["key"]].append(fact_from_record(record))
            rows = [merged_document_row(merge_facts(found)) for found in facts.values()]
            if rows:
                self._run(tx, "set_merged_documents", rows=rows)
            gone = [key for key in chunk if key not in facts]
            if gone:
                self._run(tx, "delete_documents_without_facts", keys=gone)

    def _delete_unreferenced(self, tx: neo4j.ManagedTransaction, old: _Touched) -> None:
        """Delete the tasks, agencies and indicators the file spoke of that nothing refers to."""
        if old.tasks or old.agencies or old.indicators:
            self._run(tx, "delete_unreferenced_nodes", tasks=sorted(old.tasks),
                      agencies=sorted(old.agencies), indicators=sorted(old.indicators))

    # --- reading documents and relations ---------------------------------------------------

    def document(self, key: str) -> Document:
        """One document: merged attributes, mentions ordered by (file, line, text).

        Raises:
            NotFound: no document has that key.
        """
        rows = self._query("document_by_key", key=key)
        if not rows:
            raise not_found(key)
        return document_from_record(rows[0])

    def documents(self) -> Iterator[Document]:
        """Every document, ordered by key."""
        rows = self._query("all_documents")
        return iter(sorted((document_from_record(r) for r in rows), key=lambda d: d.key))

    def documents_by_symbol(self, symbol: str) -> list[Document]:
        """Documents whose merged canonical symbol is ``symbol``, ordered by key."""
        rows = self._query("documents_by_symbol", symbol=symbol)
        return sorted((document_from_record(r) for r in rows), key=lambda d: d.key)

    def relations(self) -> Iterator[Relation]:
        """Every relation, ordered by (source, target, type, file, line, evidence)."""
        return iter(relations_from_records(self._query("all_relations")))

    def edges(
        self,
        key: str,
        direction: str = "out",
        types: Sequence[RelationType] | None = None,
    ) -> list[Relation]:
        """Relations leaving (``out``) or entering (``in``) one document, optionally of some
        types, ordered as :meth:`relations`. An unknown key has no edges.

        Raises:
            ValueError: a direction other than ``out`` or ``in``, or an unknown type.
        """
        name = _edge_query(direction)
        return relations_from_records(self._query(name, keys=[key], types=_type_list(types)))

    def traverse(
        self,
        start: str,
        direction: str = "out",
        types: Sequence[RelationType] | None = None,
        max_depth: int = 10,
        limit: int = 10_000,
    ) -> Traversal:
        """Walk relations breadth-first from ``start`` (:func:`traverse_with`), in one read
        transaction, so the walk sees one state of the graph.

        Raises:
            NotFound: ``start`` is not a document.
            ValueError: a bad direction, or a negative max_depth or limit.
        """
        name = _edge_query(direction)
        if max_depth < 0 or limit < 0:
            raise ValueError(f"max_depth and limit must be >= 0, got {max_depth} and {limit}")
        type_list = _type_list(types)

        def work(tx: neo4j.ManagedTransaction) -> Traversal:
            self._require(tx, start)

            def expand(keys: list[str]) -> list[Relation]:
                return relations_from_records(self._run(tx, name, keys=keys, types=type_list))

            return traverse_with(expand, start, direction, max_depth, limit)

        return self._read(work, f"traversing from {start}")

    def status(self, key: str) -> str:
        """The derived status of one document (:func:`~policygraph.graph.status.derive_status`).

        Raises:
            NotFound: no document has that key.
        """
        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            self._require(tx, key)
            return self._run(tx, "edges_into_documents", keys=[key],
                             types=_type_list(STATUS_TYPES))

        incoming = relations_from_records(self._read(work, f"reading the status of {key}"))
        return str(derive_status(incoming))

    def _require(self, tx: neo4j.ManagedTransaction, key: str) -> None:
        """Raise NotFound unless ``key`` is a document."""
        if not self._run(tx, "document_exists", key=key)[0]["found"]:
            raise not_found(key)

    # --- tasks, agencies, indicators -------------------------------------------------------

    def tasks(self, plan: str | None = None, agency: str | None = None) -> list[Task]:
        """Tasks, ordered by key; optionally of one plan and/or led or coordinated by one
        agency. A task several files state comes back once, as SQLite chooses."""
        if plan is not None:
            rows = self._query("tasks_of_plan", plan=plan)
        elif agency is not None:
            rows = self._query("tasks_of_agency", agency=agency)
        else:
            rows = self._query("all_tasks")
        return [t for t in tasks_from_records(rows) if (plan is None or t.plan == plan)
                and (agency is None or agency in t.lead or agency in t.coordinate)]

    def agencies(self) -> list[Agency]:
        """Every agency some file describes, once, ordered by key, merged across files."""
        return agencies_from_records(self._query("all_agency_statements"))

    def indicators(self, scope: str | None = None) -> list[Indicator]:
        """Indicators once each, ordered by key, optionally those framed by one document."""
        if scope is None:
            return indicators_from_records(self._query("all_indicators"))
        merged = indicators_from_records(self._query("indicators_framed_by", scope=scope))
        return [i for i in merged if i.scope == scope]

    # --- files and counts ------------------------------------------------------------------

    def files(self) -> list[FileRecord]:
        """Every ingested file, ordered by name."""
        return sorted((file_record_from_record(r) for r in self._query("all_files")),
                      key=lambda f: f.name)

    def stats(self) -> dict[str, int]:
        """Counts, as SQLite gives them: documents, relations, ``relations.<type>`` for every
        type, files, tasks, agencies, indicators."""
        def work(tx: neo4j.ManagedTransaction) -> dict[str, int]:
            (counts,) = self._run(tx, "graph_counts")
            return stats_from_records(counts, self._run(tx, "relation_counts_by_type"))

        return self._read(work, "counting")


# --- push: copy a store into Neo4j, file by file ------------------------------------------


def push_to_neo4j(
    source: Store,
    target: Neo4jStore,
    progress: Callable[[FileRecord], object] | None = None,
    *,
    prune: bool = False,
) -> list[FileRecord]:
    """Copy every file's contribution from ``source`` into ``target``, one transaction each.

    Each file's FileGraph is read back from the source (:func:`read_file_graph`) and
    written with its original ``ingested_at``; pushing twice changes nothing.

    Args:
        source: the store to copy (an SQLiteStore).
        target: the Neo4j store to fill.
        progress: called with each file's record once it is written (a progress bar).
        prune: also remove from ``target`` the files ``source`` does not have.

    Returns:
        The source's file records, in the order they were pushed (by name).

    Example:
        >>> push_to_neo4j(open_store("policygraph.db"), Neo4jStore("bolt://localhost:7687"))  # doctest: +SKIP
        [FileRecord(name='binhduong_kh-7099-ubnd_2024_ocr.txt', ...), ...]
    """
    records = source.files()
    for record in records:
        target.write_file_graph(read_file_graph(source, record.name),
                                ingested_at=record.ingested_at)
        if progress is not None:
            progress(record)
    if prune:
        kept = {r.name for r in records}
        for extra in target.files():
            if extra.name not in kept:
                logger.info("push: removing %s, which the source does not have", extra.name)
                target.remove_file(extra.name)
    return records


def read_file_graph(store: Store, name: str) -> FileGraph:
    """The FileGraph one file contributed to a store, as it was written.

    The Store protocol has no such verb yet, so this reads an SQLiteStore's tables
    directly (any other store must offer ``file_graph(name)``). Lists come back in the
    order they were written (rowid order), so re-writing the graph elsewhere is exact.

    Args:
        store: an SQLiteStore (or a store with a ``file_graph`` method).
        name: the file name.

    Returns:
        The file's graph.

    Raises:
        NotFound: the file was never ingested.
        TypeError: a store this function cannot read.

    Example:
        >>> read_file_graph(SQLiteStore(":memory:"), "a.txt")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        policygraph.graph.store.NotFound: No file 'a.txt' in :memory:...
    """
    if isinstance(store, SQLiteStore):
        return _sqlite_file_graph(store, name)
    file_graph = getattr(store, "file_graph", None)
    if callable(file_graph):
        return cast(FileGraph, file_graph(name))
    raise TypeError(f"cannot read the files of a {type(store).__name__}; pass an SQLiteStore "
                    "(policygraph push copies from the SQLite database)")


# Each query reads one file's rows, in the order they were inserted (rowid order).
_FILE_QUERIES = {
    "file": "SELECT name, sha256, encoding FROM files WHERE name = ?",
    "facts": "SELECT doc_key, file, symbol, doc_type, issuer, jurisdiction, date, year, title, "
             "origin_line, confidence, alternatives_json FROM doc_facts WHERE file = ? "
             "ORDER BY rowid",
    "mentions": "SELECT doc_key, line, text FROM mentions WHERE file = ? ORDER BY rowid",
    "relations": "SELECT source, target, type, line, evidence, scope, confidence "
                 "FROM relations WHERE file = ? ORDER BY rowid",
    "tasks": "SELECT key, plan, section, text, line, evidence FROM tasks WHERE file = ? "
             "ORDER BY rowid",
    "links": "SELECT task_key, role, agency FROM task_agencies WHERE file = ? "
             "ORDER BY task_key, role, seq",
    "agencies": "SELECT key, name, jurisdiction, kind, valid_until, successor FROM agencies "
                "WHERE file = ? ORDER BY rowid",
    "aliases": "SELECT agency_key, alias FROM agency_aliases WHERE file = ? ORDER BY rowid",
    "agency_mentions": "SELECT agency_key, line, text FROM agency_mentions WHERE file = ? "
                       "ORDER BY rowid",
    "indicators": "SELECT key, name, scope FROM indicators WHERE file = ? ORDER BY rowid",
    "targets": "SELECT indicator_key, value, unit, year, comparator, value_max, raw, line, "
               "evidence FROM targets WHERE file = ? ORDER BY indicator_key, seq",
    "observations": "SELECT indicator_key, value, unit, period, source, raw, line, evidence "
                    "FROM observations WHERE file = ? ORDER BY indicator_key, seq",
}


def _sqlite_file_graph(store: SQLiteStore, name: str) -> FileGraph:
    """Rebuild one file's FileGraph from an SQLite store's per-file tables, in one snapshot."""
    with store._read():  # the store's own snapshot and lock (see SQLiteStore._read)
        rows = {part: store._execute(sql, (name,)).fetchall()
                for part, sql in _FILE_QUERIES.items()}
    if not rows["file"]:
        raise NotFound(f"No file {name!r} in {store.path}; files() lists the ingested ones.")
    _, sha256, encoding = rows["file"][0]
    return FileGraph(
        file=name, sha256=sha256, encoding=encoding,
        documents=_file_documents(name, rows["facts"], rows["mentions"]),
        relations=[Relation(s, t, RelationType(type_), Evidence(name, line, text), scope, conf)
                   for s, t, type_, line, text, scope, conf in rows["relations"]],
        tasks=_file_tasks(name, rows["tasks"], rows["links"]),
        agencies=_file_agencies(name, rows["agencies"], rows["aliases"],
                                rows["agency_mentions"]),
        indicators=_file_indicators(name, rows["indicators"], rows["targets"],
                                    rows["observations"]),
    )


def _file_documents(name: str, facts: list[tuple], mentions: list[tuple]) -> list[Document]:
    """Documents as one file describes them, with that file's mentions."""
    mentioned = group_rows(mentions)
    documents = []
    for row in facts:
        doc = fact_from_row(row)
        doc.mentions = [Evidence(name, line, text) for _, line, text in mentioned[doc.key]]
        documents.append(doc)
    return documents


def _file_tasks(name: str, tasks: list[tuple], links: list[tuple]) -> list[Task]:
    """Tasks as one file states them, with their agencies in order."""
    roles: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    for task_key, role, agency in links:
        roles[task_key, role].append(agency)
    return [Task(key, plan, section, text, roles[key, "lead"], roles[key, "coordinate"],
                 optional_evidence(name, line, evidence))
            for key, plan, section, text, line, evidence in tasks]


def _file_agencies(name: str, agencies: list[tuple], aliases: list[tuple],
                   mentions: list[tuple]) -> list[Agency]:
    """Agencies as one file describes them."""
    alias_of, mentioned = group_rows(aliases), group_rows(mentions)
    return [Agency(key, agency_name, jurisdiction, [a for _, a in alias_of[key]], kind,
                   valid_until, successor,
                   [Evidence(name, line, text) for _, line, text in mentioned[key]])
            for key, agency_name, jurisdiction, kind, valid_until, successor in agencies]


def _file_indicators(name: str, indicators: list[tuple], targets: list[tuple],
                     observations: list[tuple]) -> list[Indicator]:
    """Indicators as one file states them, targets and observations in order."""
    targets_of, observed = group_rows(targets), group_rows(observations)
    return [Indicator(
        key, indicator_name, scope,
        [Target(v, unit, year, comparator, value_max, raw, optional_evidence(name, line, text))
         for _, v, unit, year, comparator, value_max, raw, line, text in targets_of[key]],
        [Observation(v, unit, period, source, raw, optional_evidence(name, line, text))
         for _, v, unit, period, source, raw, line, text in observed[key]],
    ) for key, indicator_name, scope in indicators]


# --- small helpers -------------------------------------------------------------------------


def _edge_query(direction: str) -> str:
    """The cypher file that walks one direction."""
    try:
        return _EDGE_QUERIES[direction]
    except KeyError:
        raise ValueError(f"direction must be 'out' or 'in', got {direction!r}") from None


def _type_list(types: Sequence[RelationType] | None) -> list[str] | None:
    """Relation types as the ``$types`` parameter (None: no filter); unknown ones refused."""
    return None if types is None else sorted(str(RelationType(t)) for t in types)


def _float(value: float | None) -> float | None:
    """A number as SQLite's REAL gives it back (a float), None kept."""
    return None if value is None else float(value)


def _int(value: int | None) -> int | None:
    """A whole number as SQLite's INTEGER gives it back, None kept."""
    return None if value is None else int(value)
