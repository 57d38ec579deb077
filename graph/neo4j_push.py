"""Push: copy a store into Neo4j file by file, reading each file's FileGraph back from
SQLite (:func:`read_file_graph`, also used by the Neo4j CSV export).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import cast

from .merge import fact_from_row, group_rows, optional_evidence
from .model import (
    Agency,
    Document,
    Evidence,
    FileGraph,
    Indicator,
    Observation,
    Relation,
    RelationType,
    Target,
    Task,
)
from .neo4j_store import Neo4jStore
from .sqlite_store import SQLiteStore
from .store import FileRecord, NotFound, Store

logger = logging.getLogger(__name__)

__all__ = ["push_to_neo4j", "read_file_graph"]


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
