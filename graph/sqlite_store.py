"""The embedded store: one SQLite file (stdlib ``sqlite3``), the reference implementation.

Layout: each file's contribution is kept apart (``doc_facts``, ``mentions``, ``relations``,
``tasks``, ``agencies``, ``indicators``… all carry a ``file`` column), so re-ingesting or
removing a file is exact. ``documents`` is the merged view of ``doc_facts``
(:func:`~policygraph.graph.merge.merge_facts`, re-exported here), kept in step for the keys
a write touches inside that write's own transaction: a file sorting after every other file
stating a document folds its fact into the merged row
(:func:`~policygraph.graph.merge.merge_appended`), and the alternatives it adds become rows
of ``appended_alternatives``, which follow the row's own; any other change re-merges the
document from all its facts. Tasks, agencies and indicators are merged when read. The merge
rules live in :mod:`policygraph.graph.merge`, shared with the Neo4j store.

Every write is ONE transaction (``BEGIN IMMEDIATE`` … ``COMMIT``): a crash at any point
leaves the previous consistent state. The file runs in WAL mode, so readers (the web app)
keep reading a consistent snapshot while an ingest writes.

Exceptions come from :mod:`policygraph.graph.store`: ``SchemaError`` (not our file, or a
newer schema), ``NotFound`` (unknown key), ``StoreError`` (a FileGraph that does not hold
together, or SQLite failing).

Example:
    >>> with SQLiteStore(":memory:", tracer=None) as store:
    ...     store.stats()["documents"]
    0
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import migrations
from .merge import (
    DIRECTIONS,
    DOC_TYPE_BY_VALUE,
    RELATION_TYPE_BY_VALUE,
    Row,
    check_graph,
    dumps_json,
    fact_from_row,
    group_rows,
    canonical_alternative,
    merge_agency,
    merge_facts,
    merge_indicator,
    not_found,
    optional_evidence,
    surely_absent,
    traversal_from_walk,
    utc_now,
)
from .migrations import Tracer
from .model import (
    Agency,
    DocType,
    Document,
    Evidence,
    FileGraph,
    Indicator,
    Origin,
    Relation,
    RelationType,
    Task,
)
from .status import STATUS_TYPES, derive_status
from .store import FileRecord, StoreError, Traversal

logger = logging.getLogger(__name__)

__all__ = ["SQLiteStore", "merge_facts"]

# Every table holding a file's contribution; write_file_graph and remove_file clear them all.
_FILE_TABLES = (
    "doc_facts", "mentions", "relations", "tasks", "task_agencies", "agencies",
    "agency_aliases", "agency_mentions", "indicators", "targets", "observations",
)
_DOC_COLUMN_NAMES = ("key", "symbol", "doc_type", "issuer", "jurisdiction", "date", "year",
                     "title", "origin_file", "origin_line", "confidence", "alternatives_json")
_DOC_COLUMNS = ", ".join(_DOC_COLUMN_NAMES)
# A doc_facts row as fact_from_row reads it.
_FACT_COLUMNS = ("doc_key", "file", "symbol", "doc_type", "issuer", "jurisdiction", "date",
                 "year", "title", "origin_line", "confidence", "alternatives_json")
_REL_COLUMNS = "source, target, type, file, line, evidence, scope, confidence"
_REL_ORDER = "source, target, type, file, line, evidence, rowid"
_UPSERT_DOCUMENT = (
    "ON CONFLICT(key) DO UPDATE SET symbol = excluded.symbol, doc_type = excluded.doc_type, "
    "issuer = excluded.issuer, jurisdiction = excluded.jurisdiction, date = excluded.date, "
    "year = excluded.year, title = excluded.title, origin_file = excluded.origin_file, "
    "origin_line = excluded.origin_line, confidence = excluded.confidence, "
    "alternatives_json = excluded.alternatives_json"
)
# Pages of write-ahead log (4 KiB each) that start a checkpoint: about 40 MB.
_WAL_CHECKPOINT_PAGES = 10_000
# Traversals deeper than this are clamped to the number of documents: no shortest path is
# longer, and it bounds the walk around a cycle (see _walk_sql).
_DEEP = 64


def _quote(identifier: str) -> str:
    """Quote an SQL identifier (datasette ``escape_sqlite``); values always go as parameters."""
    return '"' + identifier.replace('"', '""') + '"'


class SQLiteStore:
    """A PolicyGraph store in one SQLite file (or ``:memory:``).

    Args:
        path: the database file; created, and migrated to the current schema, on open.
        tracer: called with ``(sql, params)`` before every statement, e.g. ``print``.

    Raises:
        SchemaError: the file is not a PolicyGraph database, or a newer version wrote it.

    Example:
        >>> store = SQLiteStore(":memory:")
        >>> store.files()
        []
        >>> store.close()
    """

    def __init__(self, path: str | Path = "policygraph.db", tracer: Tracer | None = None) -> None:
        self.path = str(path)
        self.tracer = tracer
        # One connection shared by threads (FastAPI runs sync handlers in a pool); the lock
        # keeps one thread's transaction from interleaving with another's statements.
        self._lock = threading.RLock()
        try:
            self._conn = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=30.0
            )
        except sqlite3.Error as e:
            raise StoreError(f"Cannot open {self.path}: {e}. Check the folder exists and is "
                             "writable.") from e
        try:
            self._open()
        except BaseException:
            self._conn.close()
            raise

    def _open(self) -> None:
        """Refuse foreign files, set the pragmas, then apply pending migrations."""
        migrations.check_schema(self._conn, self.path, tracer=self.tracer)
        self._execute("PRAGMA journal_mode = WAL")
        self._execute("PRAGMA synchronous = NORMAL")
        # One file's write dirties a page or more per document, agency and indicator it
        # names (thousands for a long report): at SQLite's default of 1000 pages, every such
        # write ended in a checkpoint and its fsyncs. A checkpoint every few files instead
        # copies the pages they share once. Consistency is unchanged; a power loss may roll
        # back a few more files, which the next ingest writes again.
        self._execute(f"PRAGMA wal_autocheckpoint = {_WAL_CHECKPOINT_PAGES:d}")
        self._execute("PRAGMA foreign_keys = ON")
        applied = migrations.migrate(self._conn, self.path, tracer=self.tracer)
        if applied:
            logger.info("%s: applied migrations %s", self.path, ", ".join(applied))
        # Per-connection scratch for key lists (see _keyset); never part of the file.
        self._execute("CREATE TEMP TABLE IF NOT EXISTS keyset (key TEXT PRIMARY KEY)")
        # Likewise for (document key, canonical hash) pairs (see _appended_canonicals).
        self._execute("CREATE TEMP TABLE IF NOT EXISTS keyhash "
                      "(key TEXT NOT NULL, hash INTEGER NOT NULL, PRIMARY KEY (key, hash))")

    # --- lifecycle -------------------------------------------------------------

    def close(self) -> None:
        """Release the connection. Closing twice is harmless.

        Example:
            >>> SQLiteStore(":memory:").close()
        """
        with self._lock:
            self._conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<SQLiteStore {self.path!r}>"

    # --- statements and transactions ---------------------------------------------

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        """Run one statement with bound parameters, showing it to the tracer first."""
        params = tuple(params)
        if self.tracer is not None:
            self.tracer(sql, params)
        return self._conn.execute(sql, params)

    def _executemany(self, sql: str, rows: list[Row]) -> None:
        """Run one statement per row; the tracer sees each row's parameters."""
        if not rows:
            return
        if self.tracer is not None:
            for row in rows:
                self.tracer(sql, row)
        self._conn.executemany(sql, rows)

    @contextmanager
    def _keyset(self, keys: Iterable[str]) -> Iterator[str]:
        """Load ``keys`` into the temp ``keyset`` table; yield SQL selecting them; empty it.

        A table rather than ``json_each(?)``: SQLite's JSON functions cut a string at an
        embedded NUL, and the store keeps any text, keys included (the hypothesis test).
        """
        self._executemany("INSERT OR IGNORE INTO temp.keyset (key) VALUES (?)",
                          [(key,) for key in keys])
        try:
            yield "SELECT key FROM temp.keyset"
        finally:
            self._execute("DELETE FROM temp.keyset")

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One write transaction: BEGIN IMMEDIATE, COMMIT, or ROLLBACK on any error.

        IMMEDIATE takes the write lock up front, so a concurrent writer waits (busy
        timeout) instead of failing half-way with SQLITE_BUSY on its first write.
        """
        with self._lock:
            self._execute("BEGIN IMMEDIATE")
            try:
                yield
                self._execute("COMMIT")
            except BaseException as e:
                # A failed COMMIT (a deferred foreign key) leaves the transaction open.
                if self._conn.in_transaction:
                    self._execute("ROLLBACK")
                if isinstance(e, sqlite3.Error):
                    raise StoreError(f"{self.path}: write rolled back: {e}") from e
                raise

    @contextmanager
    def _read(self) -> Iterator[None]:
        """A read snapshot: several SELECTs see one state even while another process writes."""
        with self._lock:
            if self._conn.in_transaction:
                yield
                return
            self._execute("BEGIN")
            try:
                yield
            finally:
                self._execute("COMMIT")

    # --- writing -------------------------------------------------------------------

    def file_record(self, name: str) -> FileRecord | None:
        """What the store knows of an ingested file.

        Args:
            name: the file name as given in ``FileGraph.file``.

        Returns:
            Its record, or None if it was never ingested (or was removed).

        Example:
            >>> SQLiteStore(":memory:").file_record("a.txt") is None
            True
        """
        with self._read():
            row = self._execute(
                "SELECT name, sha256, encoding, ingested_at, documents, relations "
                "FROM files WHERE name = ?", (name,)).fetchone()
        return FileRecord(*row) if row else None

    def write_file_graph(self, graph: FileGraph) -> None:
        """Replace everything ``graph.file`` contributed with ``graph``, in one transaction.

        Deletes the file's rows, inserts the new ones, re-merges every document whose facts
        from this file changed (folding the new fact into the merged row when the file sorts
        after every other file stating the document, the usual case of an ingest walking
        files in name order), and upserts the ``files`` row last. Writing the same graph twice
        leaves the graph unchanged (only ``ingested_at`` moves).

        Args:
            graph: all that one file says.

        Raises:
            StoreError: the graph does not hold together (a relation, task plan, indicator
                scope or observation source naming a document the graph lacks; a duplicate
                key; evidence from another file). Nothing is written then.

        Example:
            >>> store = SQLiteStore(":memory:")
            >>> store.write_file_graph(FileGraph("a.txt", "0" * 64, "utf-8"))
            >>> store.file_record("a.txt").documents
            0
        """
        check_graph(graph)
        with self._write():
            said_before = self._file_facts(graph.file)
            self._delete_file_rows(graph.file)
            self._insert_documents(graph)
            # With no facts before, only the keys of the new ones matter: the graph's, no need
            # to read them back (unless a key is not text, which SQLite would store as text).
            said_now = (self._file_facts(graph.file)
                        if said_before or not all(type(d.key) is str for d in graph.documents)
                        else dict.fromkeys(d.key for d in graph.documents))
            # A document this file states as before keeps its merged row: the merge is a
            # function of the facts alone (a re-ingest after an extractor change).
            same = {key for key, row in said_now.items()
                    if key in said_before and _same_cells(said_before[key], row)}
            appended = self._append_documents(graph.file, said_now.keys() - said_before.keys())
            self._recompute_documents((said_before.keys() | said_now.keys()) - same - appended)
            # After the merge, so the documents they reference already exist.
            self._insert_relations(graph)
            self._insert_tasks(graph)
            self._insert_agencies(graph)
            self._insert_indicators(graph)
            self._execute(
                "INSERT INTO files (name, sha256, encoding, ingested_at, documents, relations) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET "
                "sha256 = excluded.sha256, encoding = excluded.encoding, "
                "ingested_at = excluded.ingested_at, documents = excluded.documents, "
                "relations = excluded.relations",
                (graph.file, graph.sha256, graph.encoding, utc_now(),
                 len(graph.documents), len(graph.relations)))

    def remove_file(self, name: str) -> None:
        """Drop all that one file contributed; documents no file speaks of any more go too.

        Args:
            name: the file name. Removing a file never ingested does nothing.

        Example:
            >>> SQLiteStore(":memory:").remove_file("never-seen.txt")
        """
        with self._write():
            touched = set(self._file_facts(name))
            self._delete_file_rows(name)
            self._recompute_documents(touched)
            self._execute("DELETE FROM files WHERE name = ?", (name,))

    def _file_facts(self, name: str) -> dict[str, Row]:
        """The ``doc_facts`` rows of one file, by document key, as stored."""
        rows = self._execute(f"SELECT {', '.join(_FACT_COLUMNS)} FROM doc_facts WHERE file = ?",
                             (name,)).fetchall()
        return {row[0]: row for row in rows}

    def _delete_file_rows(self, name: str) -> None:
        """Delete every row ``name`` contributed."""
        for table in _FILE_TABLES:
            self._execute(f"DELETE FROM {_quote(table)} WHERE file = ?", (name,))

    def _insert_documents(self, graph: FileGraph) -> None:
        """Insert one fact row per document and one row per mention."""
        facts = [
            (d.key, graph.file, d.symbol, str(d.doc_type), d.issuer, d.jurisdiction, d.date,
             d.year, d.title, d.origin.line if d.origin else None, d.confidence,
             "[]" if d.alternatives == [] else dumps_json(d.alternatives))
            for d in graph.documents
        ]
        self._executemany(
            "INSERT INTO doc_facts (doc_key, file, symbol, doc_type, issuer, jurisdiction, date, "
            "year, title, origin_line, confidence, alternatives_json) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", facts)
        mentions = [(d.key, m.file, m.line, m.text) for d in graph.documents for m in d.mentions]
        self._executemany(
            "INSERT INTO mentions (doc_key, file, line, text) VALUES (?, ?, ?, ?)", mentions)

    def _insert_relations(self, graph: FileGraph) -> None:
        """Insert the file's relations, evidence inline."""
        rows = [
            (r.source, r.target, str(r.type), r.evidence.file, r.evidence.line, r.evidence.text,
             r.scope, r.confidence)
            for r in graph.relations
        ]
        self._executemany(
            f"INSERT INTO relations ({_REL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def _insert_tasks(self, graph: FileGraph) -> None:
        """Insert the file's tasks and their lead/coordinating agencies, in order."""
        rows = [
            (t.key, graph.file, t.plan, t.section, t.text,
             t.evidence.line if t.evidence else None, t.evidence.text if t.evidence else None)
            for t in graph.tasks
        ]
        self._executemany(
            "INSERT INTO tasks (key, file, plan, section, text, line, evidence) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        links = [
            (t.key, graph.file, role, seq, agency)
            for t in graph.tasks
            for role, agencies in (("lead", t.lead), ("coordinate", t.coordinate))
            for seq, agency in enumerate(agencies)
        ]
        self._executemany(
            "INSERT INTO task_agencies (task_key, file, role, seq, agency) "
            "VALUES (?, ?, ?, ?, ?)", links)

    def _insert_agencies(self, graph: FileGraph) -> None:
        """Insert the file's agencies, their aliases and mentions."""
        f = graph.file
        self._executemany(
            "INSERT INTO agencies (key, file, name, jurisdiction, kind, valid_until, successor) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(a.key, f, a.name, a.jurisdiction, a.kind, a.valid_until, a.successor)
             for a in graph.agencies])
        self._executemany(
            "INSERT INTO agency_aliases (agency_key, file, alias) VALUES (?, ?, ?)",
            [(a.key, f, alias) for a in graph.agencies for alias in a.aliases])
        self._executemany(
            "INSERT INTO agency_mentions (agency_key, file, line, text) VALUES (?, ?, ?, ?)",
            [(a.key, m.file, m.line, m.text) for a in graph.agencies for m in a.mentions])

    def _insert_indicators(self, graph: FileGraph) -> None:
        """Insert the file's indicators with their targets and observations, in order."""
        f = graph.file
        self._executemany(
            "INSERT INTO indicators (key, file, name, scope) VALUES (?, ?, ?, ?)",
            [(i.key, f, i.name, i.scope) for i in graph.indicators])
        self._executemany(
            "INSERT INTO targets (indicator_key, file, seq, value, unit, year, comparator, "
            "value_max, raw, line, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(i.key, f, seq, t.value, t.unit, t.year, t.comparator, t.value_max, t.raw,
              *_evidence_cells(t.evidence))
             for i in graph.indicators for seq, t in enumerate(i.targets)])
        self._executemany(
            "INSERT INTO observations (indicator_key, file, seq, value, unit, period, source, "
            "raw, line, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(i.key, f, seq, o.value, o.unit, o.period, o.source, o.raw,
              *_evidence_cells(o.evidence))
             for i in graph.indicators for seq, o in enumerate(i.observations)])

    def _append_documents(self, file: str, keys: set[str]) -> set[str]:
        """Fold ``file``'s new facts into the merged documents of ``keys`` it sorts last on.

        Only keys that two or more other files state, all sorting before ``file``, qualify:
        their row is then a merge_facts result, which :func:`merge_appended` extends with
        one fact, as merging every fact again would, at a cost that does not grow with the
        number of files citing the document (done on the rows: :func:`_appended_cells`). The fact's new alternatives become rows of
        ``appended_alternatives`` (the growing JSON list is not rewritten); a row whose
        fields stay the same is not rewritten. A file that becomes the document's origin
        (its alternatives go first) is left to :meth:`_recompute_documents`.

        Returns:
            The keys done; the others need :meth:`_recompute_documents`.
        """
        if not keys:
            return set()
        facts = ", ".join(f"{t}.{c}" for t in ("f", "o") for c in _FACT_COLUMNS)
        with self._keyset(keys) as chosen:
            rows = self._execute(
                f"SELECT {', '.join('d.' + c for c in _DOC_COLUMN_NAMES)}, {facts}, "
                "(SELECT max(seq) FROM appended_alternatives WHERE doc_key = d.key) "
                "FROM documents AS d JOIN doc_facts AS f ON f.doc_key = d.key AND f.file = ?1 "
                "LEFT JOIN doc_facts AS o ON o.doc_key = d.key AND o.file = d.origin_file "
                f"WHERE d.key IN ({chosen}) "
                "AND NOT EXISTS (SELECT 1 FROM doc_facts WHERE doc_key = d.key AND file > ?1) "
                "AND (SELECT count(*) FROM (SELECT 1 FROM doc_facts "
                "WHERE doc_key = d.key AND file < ?1 LIMIT 2)) = 2", (file,)).fetchall()
        done: set[str] = set()
        changed: list[Row] = []
        folded: list[tuple[str, int, list[tuple[str, object]]]] = []
        for row in rows:
            old, fact, origin, last_seq = _appending_parts(row)
            cells = _appended_cells(old, origin, fact)
            if cells is None:  # the file becomes the document's origin
                continue
            if not _same_cells(old, cells):
                changed.append(cells)
            first = 0 if last_seq is None else last_seq + 1
            folded.append((old[0], first, _candidate_alternatives(old[-1], fact[-1])))
            done.add(old[0])
        self._executemany(
            f"INSERT INTO documents ({_DOC_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + _UPSERT_DOCUMENT, changed)
        self._executemany(
            "INSERT INTO appended_alternatives (doc_key, seq, canonical_hash, item_json) "
            "VALUES (?, ?, ?, ?)", self._appended_rows(folded))
        return done

    def _appended_rows(self, folded: list[tuple[str, int, list[tuple[str, object]]]]) -> list[Row]:
        """The ``appended_alternatives`` rows of the folded documents: for each
        ``(key, first seq, candidates)``, the candidates (canonical form, item)
        not already among the key's appended alternatives, numbered from the first seq.

        The appended ones are looked up by (key, canonical hash) in one query for all keys.
        """
        hashed = [(key, _canonical_hash(canonical), canonical, item)
                  for key, _, candidates in folded for canonical, item in candidates]
        if not hashed:
            return []
        present = self._appended_canonicals({(key, h) for key, h, _, _ in hashed})
        hash_of = {(key, canonical): h for key, h, canonical, _ in hashed}
        rows: list[Row] = []
        for key, first, candidates in folded:
            new = [(canonical, item) for canonical, item in candidates
                   if (key, canonical) not in present]
            rows += [(key, first + n, hash_of[key, canonical], dumps_json(item))
                     for n, (canonical, item) in enumerate(new)]
        return rows

    def _appended_canonicals(self, pairs: set[tuple[str, int]]) -> set[tuple[str, str]]:
        """(key, canonical form) of the appended alternatives whose (key, canonical hash) is
        among ``pairs``: the equal ones are among them (a hash may collide, hence the form)."""
        self._executemany("INSERT INTO temp.keyhash (key, hash) VALUES (?, ?)", sorted(pairs))
        try:
            rows = self._execute(
                "SELECT a.doc_key, a.item_json FROM temp.keyhash AS p JOIN appended_alternatives "
                "AS a ON a.doc_key = p.key AND a.canonical_hash = p.hash").fetchall()
        finally:
            self._execute("DELETE FROM temp.keyhash")
        return {(key, canonical_alternative(json.loads(text))) for key, text in rows}

    def _recompute_documents(self, keys: set[str]) -> None:
        """Re-merge the ``documents`` rows of ``keys`` from their facts (same transaction).

        A key one file speaks of is copied in SQL (merging one fact changes nothing, and a
        100k-document file is mostly such keys); keys several files speak of go through
        :func:`merge_facts`; keys no file speaks of any more are deleted.
        """
        if not keys:
            return
        with self._keyset(keys) as touched:
            shared = (f"SELECT doc_key FROM doc_facts WHERE doc_key IN ({touched}) "
                      "GROUP BY doc_key HAVING count(*) > 1")
            self._execute(
                f"INSERT INTO documents ({_DOC_COLUMNS}) SELECT doc_key, symbol, doc_type, "
                "issuer, jurisdiction, date, year, title, "
                "CASE WHEN origin_line IS NULL THEN NULL ELSE file END, origin_line, "
                f"confidence, alternatives_json FROM doc_facts WHERE doc_key IN ({touched}) "
                f"AND doc_key NOT IN ({shared}) {_UPSERT_DOCUMENT}")
            rows = self._execute(
                "SELECT doc_key, file, symbol, doc_type, issuer, jurisdiction, date, year, "
                "title, origin_line, confidence, alternatives_json FROM doc_facts "
                f"WHERE doc_key IN ({shared}) ORDER BY doc_key, file").fetchall()
            # A full merge writes all the alternatives into the row.
            self._execute(f"DELETE FROM appended_alternatives WHERE doc_key IN ({touched})")
            self._execute(f"DELETE FROM documents WHERE key IN ({touched}) AND NOT EXISTS "
                          "(SELECT 1 FROM doc_facts WHERE doc_key = documents.key)")
        facts: dict[str, list[tuple[str, Document]]] = defaultdict(list)
        for row in rows:
            facts[row[0]].append((row[1], fact_from_row(row)))
        self._executemany(
            f"INSERT INTO documents ({_DOC_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + _UPSERT_DOCUMENT,
            [_document_cells(merge_facts(found)) for found in facts.values()])

    # --- reading documents -----------------------------------------------------------

    def document(self, key: str) -> Document:
        """One document: merged attributes, mentions ordered by (file, line, text).

        Args:
            key: the document key.

        Returns:
            The document (its status is :meth:`status`).

        Raises:
            NotFound: no document has that key.

        Example:
            >>> SQLiteStore(":memory:").document("361-KL/TU")  # doctest: +IGNORE_EXCEPTION_DETAIL
            Traceback (most recent call last):
            policygraph.graph.store.NotFound: No document with key '361-KL/TU' ...
        """
        with self._read():
            row = self._execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE key = ?",
                                (key,)).fetchone()
            if row is None:
                raise not_found(key)
            mentions = self._execute(
                "SELECT doc_key, file, line, text FROM mentions WHERE doc_key = ? "
                "ORDER BY file, line, text, rowid", (key,)).fetchall()
            appended = self._appended_where("doc_key = ?", (key,))
        return _document_from_row(row, mentions, appended[key])

    def documents(self) -> Iterator[Document]:
        """Every document, ordered by key, each with its mentions ordered by (file, line, text).

        The rows are read in one snapshot when called; iterate at leisure.

        Example:
            >>> list(SQLiteStore(":memory:").documents())
            []
        """
        return iter(self._documents_where("", ()))

    def documents_by_symbol(self, symbol: str) -> list[Document]:
        """Documents whose merged canonical symbol is ``symbol``, ordered by key.

        Several come back when a symbol is ambiguous (``361-KL/TU`` of two provinces).

        Example:
            >>> SQLiteStore(":memory:").documents_by_symbol("361-KL/TU")
            []
        """
        return self._documents_where("WHERE symbol = ?", (symbol,))

    def _documents_where(self, where: str, params: Row) -> list[Document]:
        """Documents matching ``where``, ordered by key, with their mentions (two scans)."""
        mentions_where = f"WHERE doc_key IN (SELECT key FROM documents {where})" if where else ""
        with self._read():
            rows = self._execute(
                f"SELECT {_DOC_COLUMNS} FROM documents {where} ORDER BY key", params).fetchall()
            mentions = self._execute(
                f"SELECT doc_key, file, line, text FROM mentions {mentions_where} "
                "ORDER BY doc_key, file, line, text, rowid", params).fetchall()
            appended = self._appended_where(
                f"doc_key IN (SELECT key FROM documents {where})" if where else "1", params)
        by_key: dict[str, list[Row]] = defaultdict(list)
        for m in mentions:
            by_key[m[0]].append(m)
        return [_document_from_row(row, by_key.get(row[0], []), appended[row[0]]) for row in rows]

    def _appended_where(self, where: str, params: Row) -> defaultdict[str, list[str]]:
        """The appended alternatives (JSON texts) of the documents ``where`` picks, by key,
        in order: they follow the row's own (see _append_documents)."""
        appended: defaultdict[str, list[str]] = defaultdict(list)
        for key, text in self._execute(
                f"SELECT doc_key, item_json FROM appended_alternatives WHERE {where} "
                "ORDER BY doc_key, seq", params).fetchall():
            appended[key].append(text)
        return appended

    def document_summaries(self, keys: Iterable[str]) -> dict[str, tuple[Document, str]]:
        """Many documents at once, without their mentions, each with its derived status.

        An optional verb (``DocumentRefs`` falls back to ``document`` + ``status`` one key at a
        time on stores without it): answers that list tens of documents read them in two
        queries instead of three per document.

        Example:
            >>> SQLiteStore(":memory:").document_summaries(["doc:x"])
            {}
        """
        with self._read(), self._keyset(keys) as chosen:
            rows = self._execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE key IN ({chosen})").fetchall()
            incoming = self._execute(
                f"SELECT {_REL_COLUMNS} FROM relations WHERE target IN ({chosen}) "
                "AND type IN (SELECT value FROM json_each(?))", (_types_json(STATUS_TYPES),)).fetchall()
            appended = self._appended_where(f"doc_key IN ({chosen})", ())
        by_target: dict[str, list[Relation]] = defaultdict(list)
        for row in incoming:
            relation = _relation_from_row(row)
            by_target[relation.target].append(relation)
        return {row[0]: (_document_from_row(row, [], appended[row[0]]),
                         str(derive_status(by_target.get(row[0], [])))) for row in rows}

    def _require(self, key: str) -> None:
        """Raise NotFound unless ``key`` is a document."""
        if self._execute("SELECT 1 FROM documents WHERE key = ?", (key,)).fetchone() is None:
            raise not_found(key)

    # --- reading relations -------------------------------------------------------------

    def relations(self) -> Iterator[Relation]:
        """Every relation, ordered by (source, target, type, file, line, evidence).

        Example:
            >>> list(SQLiteStore(":memory:").relations())
            []
        """
        with self._read():
            rows = self._execute(
                f"SELECT {_REL_COLUMNS} FROM relations ORDER BY {_REL_ORDER}").fetchall()
        return iter([_relation_from_row(r) for r in rows])

    def edges(
        self,
        key: str,
        direction: str = "out",
        types: Sequence[RelationType] | None = None,
    ) -> list[Relation]:
        """Relations leaving (``out``) or entering (``in``) one document.

        Args:
            key: the document key; an unknown key simply has no edges.
            direction: ``"out"`` (key is the source) or ``"in"`` (key is the target).
            types: keep only these relation types (None: all).

        Returns:
            The relations, ordered by (source, target, type, file, line, evidence).

        Example:
            >>> SQLiteStore(":memory:").edges("245/KH-UBND", "out", [RelationType.IMPLEMENTS])
            []
        """
        near, _ = _ends(direction)
        with self._read():
            rows = self._execute(
                f"SELECT {_REL_COLUMNS} FROM relations WHERE {near} = ?1 AND "
                "(?2 IS NULL OR type IN (SELECT value FROM json_each(?2))) "
                f"ORDER BY {_REL_ORDER}", (key, _types_json(types))).fetchall()
        return [_relation_from_row(r) for r in rows]

    def traverse(
        self,
        start: str,
        direction: str = "out",
        types: Sequence[RelationType] | None = None,
        max_depth: int = 10,
        limit: int = 10_000,
    ) -> Traversal:
        """Walk relations breadth-first from ``start`` with one recursive CTE.

        Each key is reached once, at its least depth; ``reached`` includes ``start`` at
        depth 0 with path ``[start]``, and lists keys in (depth, key) order. A key's path is
        a shortest path, ties broken by the smallest key at each step back. ``steps`` are
        all the relations walked between reached keys (tree edges, and the cross and back
        edges of diamonds and cycles), ordered by far-end depth, then (source, target,
        type, file, line, evidence). Cycles end: a key already reached is not reached again.
        Paths are lists, so memory grows as reached keys × depth: ask deep walks for few keys.

        Args:
            start: the document to start from.
            direction: ``"out"`` follows source → target; ``"in"`` walks backwards.
            types: follow only these relation types (None: all).
            max_depth: the deepest depth to reach (0: only ``start``).
            limit: the most keys to reach besides ``start``; keys are kept in (depth, key)
                order, and ``truncated`` is set when more were reachable.

        Returns:
            The traversal.

        Raises:
            NotFound: ``start`` is not a document.
            ValueError: a bad direction, or a negative max_depth or limit.

        Example:
            >>> walk = store.traverse(kl_361, "in", [RelationType.IMPLEMENTS])  # doctest: +SKIP
            >>> walk.reached  # doctest: +SKIP
            {'361-KL/TU@BinhPhuoc-2022': (0, ['361-KL/TU@BinhPhuoc-2022']),
             '245/KH-UBND@BinhPhuoc-2023': (1, ['361-KL/TU@BinhPhuoc-2022', '245/KH-UBND@…'])}
        """
        near, far = _ends(direction)
        if max_depth < 0 or limit < 0:
            raise ValueError(f"max_depth and limit must be >= 0, got {max_depth} and {limit}")
        types_json = _types_json(types)
        with self._read():
            self._require(start)
            if max_depth > _DEEP:
                (count,) = self._execute("SELECT count(*) FROM documents").fetchone()
                max_depth = min(max_depth, count)
            rows = self._execute(_walk_sql(near, far),
                                 (start, max_depth, types_json, limit + 2)).fetchall()
            depth = dict(rows[: limit + 1])
            with self._keyset(k for k, d in depth.items() if d < max_depth) as inner:
                edges = self._execute(
                    f"SELECT {_REL_COLUMNS} FROM relations WHERE {near} IN ({inner}) "
                    "AND (?1 IS NULL OR type IN (SELECT value FROM json_each(?1))) "
                    f"ORDER BY {_REL_ORDER}", (types_json,)).fetchall()
        walked = [_relation_from_row(row) for row in edges]
        return traversal_from_walk(start, direction, depth, walked, truncated=len(rows) > limit + 1)

    def status(self, key: str) -> str:
        """The derived status of one document (:func:`policygraph.graph.status.derive_status`).

        Raises:
            NotFound: no document has that key.

        Example:
            >>> SQLiteStore(":memory:").status("nope")  # doctest: +IGNORE_EXCEPTION_DETAIL
            Traceback (most recent call last):
            policygraph.graph.store.NotFound: No document with key 'nope' ...
        """
        with self._read():
            self._require(key)
            incoming = self.edges(key, "in", STATUS_TYPES)
        return str(derive_status(incoming))

    # --- tasks, agencies, indicators --------------------------------------------------

    def tasks(self, plan: str | None = None, agency: str | None = None) -> list[Task]:
        """Tasks, ordered by key; optionally of one plan and/or led or coordinated by one agency.

        A task several files state comes back once: as the plan's own file states it, else
        as the first file by name does.

        Example:
            >>> SQLiteStore(":memory:").tasks(plan="7099/KH-UBND")
            []
        """
        with self._read():
            rows = self._execute(
                "SELECT t.key, t.file, t.plan, t.section, t.text, t.line, t.evidence "
                "FROM tasks AS t LEFT JOIN documents AS d ON d.key = t.plan "
                "WHERE t.key IN (SELECT key FROM tasks WHERE ?1 IS NULL OR plan = ?1) "
                "AND (?2 IS NULL OR t.key IN (SELECT task_key FROM task_agencies "
                "WHERE agency = ?2)) ORDER BY t.key, (d.origin_file IS t.file) DESC, t.file",
                (plan, agency)).fetchall()
            chosen = _first_per_key(rows)
            with self._keyset(chosen) as keys:
                links = self._execute(
                    "SELECT task_key, file, role, agency FROM task_agencies "
                    f"WHERE task_key IN ({keys}) ORDER BY task_key, file, role, seq").fetchall()
        tasks = _tasks_from_rows(chosen, links)
        return [t for t in tasks if (plan is None or t.plan == plan)
                and (agency is None or agency in t.lead or agency in t.coordinate)]

    def agencies(self) -> list[Agency]:
        """Every agency once, ordered by key, merged across files (:func:`merge_agency`).

        Example:
            >>> SQLiteStore(":memory:").agencies()
            []
        """
        with self._read():
            rows = self._execute(
                "SELECT key, file, name, jurisdiction, kind, valid_until, successor "
                "FROM agencies ORDER BY key, file").fetchall()
            aliases = self._execute(
                "SELECT agency_key, alias FROM agency_aliases ORDER BY agency_key").fetchall()
            mentions = self._execute(
                "SELECT agency_key, file, line, text FROM agency_mentions "
                "ORDER BY agency_key, file, line, text, rowid").fetchall()
        alias_of = group_rows(aliases)
        mentions_of = group_rows(mentions)
        return [merge_agency(key, found, [a[1] for a in alias_of[key]], mentions_of[key])
                for key, found in group_rows(rows).items()]

    def indicators(self, scope: str | None = None) -> list[Indicator]:
        """Indicators once each, ordered by key, optionally those framed by one document.

        Targets and observations of every file are kept, ordered by (file, position).

        Example:
            >>> SQLiteStore(":memory:").indicators(scope="7099/KH-UBND")
            []
        """
        keys = "SELECT key FROM indicators WHERE ?1 IS NULL OR scope = ?1"
        with self._read():
            rows = self._execute(
                f"SELECT key, file, name, scope FROM indicators WHERE key IN ({keys}) "
                "ORDER BY key, file", (scope,)).fetchall()
            targets = self._execute(
                "SELECT indicator_key, file, value, unit, year, comparator, value_max, raw, line, "
                f"evidence FROM targets WHERE indicator_key IN ({keys}) "
                "ORDER BY indicator_key, file, seq", (scope,)).fetchall()
            observations = self._execute(
                "SELECT indicator_key, file, value, unit, period, source, raw, line, evidence "
                f"FROM observations WHERE indicator_key IN ({keys}) "
                "ORDER BY indicator_key, file, seq", (scope,)).fetchall()
        targets_of, observations_of = group_rows(targets), group_rows(observations)
        merged = [merge_indicator(key, found, targets_of[key], observations_of[key])
                  for key, found in group_rows(rows).items()]
        return [i for i in merged if scope is None or i.scope == scope]

    # --- files and counts ------------------------------------------------------------

    def files(self) -> list[FileRecord]:
        """Every ingested file, ordered by name.

        Example:
            >>> SQLiteStore(":memory:").files()
            []
        """
        with self._read():
            rows = self._execute(
                "SELECT name, sha256, encoding, ingested_at, documents, relations "
                "FROM files ORDER BY name").fetchall()
        return [FileRecord(*row) for row in rows]

    def stats(self) -> dict[str, int]:
        """Counts: documents, relations, ``relations.<type>`` for every type, files, tasks,
        agencies, indicators (tasks, agencies and indicators counted once per key).

        Example:
            >>> SQLiteStore(":memory:").stats()["relations.implements"]
            0
        """
        def one(sql: str) -> int:
            return int(self._execute(sql).fetchone()[0])

        with self._read():
            stats = {"documents": one("SELECT count(*) FROM documents"),
                     "relations": one("SELECT count(*) FROM relations")}
            by_type = dict(self._execute(
                "SELECT type, count(*) FROM relations GROUP BY type").fetchall())
            stats |= {f"relations.{t}": by_type.get(str(t), 0) for t in RelationType}
            stats["files"] = one("SELECT count(*) FROM files")
            for table in ("tasks", "agencies", "indicators"):
                stats[table] = one(f"SELECT count(DISTINCT key) FROM {_quote(table)}")
        return stats


# --- traversal helpers --------------------------------------------------------------------


def _ends(direction: str) -> tuple[str, str]:
    """The (near, far) relation columns of a direction."""
    try:
        return DIRECTIONS[direction]
    except KeyError:
        raise ValueError(f"direction must be 'out' or 'in', got {direction!r}") from None


def _walk_sql(near: str, far: str) -> str:
    """The recursive CTE of a traversal: ``(key, least depth)`` rows in (depth, key) order.

    Rows are (key, depth) pairs under UNION, so a pair is queued once: the walk does at most
    (documents × depth) steps whatever the graph's shape, and a cycle ends at ``max_depth``
    instead of looping. SQLite's CTE cannot see what it has already reached, so a key may be
    queued again at a greater depth; ``min(depth)`` keeps the least.
    Parameters: ?1 start, ?2 max depth, ?3 types as a JSON array or NULL, ?4 row limit.
    """
    return (
        "WITH RECURSIVE walk(key, depth) AS ("
        " SELECT ?1, 0"
        " UNION"
        f" SELECT r.{far}, w.depth + 1 FROM walk AS w JOIN relations AS r ON r.{near} = w.key"
        "  WHERE w.depth < ?2 AND (?3 IS NULL OR r.type IN (SELECT value FROM json_each(?3)))"
        ") SELECT key, min(depth) AS depth FROM walk GROUP BY key ORDER BY depth, key LIMIT ?4"
    )


# --- rows <-> objects ------------------------------------------------------------------------


def _document_cells(doc: Document) -> Row:
    """A merged Document as a ``documents`` row."""
    return (doc.key, doc.symbol, str(doc.doc_type), doc.issuer, doc.jurisdiction, doc.date,
            doc.year, doc.title, doc.origin.file if doc.origin else None,
            doc.origin.line if doc.origin else None, doc.confidence, dumps_json(doc.alternatives))


def _appending_parts(row: Row) -> tuple[Row, Row, Row | None, int | None]:
    """A row of _append_documents' query: the merged row, the new fact's doc_facts row, the
    origin's doc_facts row (None: no origin) and the last appended alternative's seq (None:
    none)."""
    width, fact_width = len(_DOC_COLUMN_NAMES), len(_FACT_COLUMNS)
    origin = row[width + fact_width: width + 2 * fact_width]
    return (row[:width], row[width: width + fact_width],
            origin if origin[0] is not None else None, row[-1])


_OTHER = str(DocType.OTHER)


def _appended_cells(old: Row, origin: Row | None, fact: Row) -> Row | None:
    """The ``documents`` row that folding ``fact`` (a doc_facts row) into the merged row
    ``old`` makes, its alternatives cell kept: ``_document_cells(merge_appended(...))`` with
    ``old``'s alternatives, computed on the rows (no Document built for each of the
    thousands of documents a file cites). ``origin`` is the doc_facts row of ``old``'s
    origin file. None when the fact's file becomes the origin (merge_appended puts its
    alternatives first: a full merge's job).
    """
    if old[8] is None and fact[9] is not None:
        return None

    def pick(at: int, fact_at: int, rank: Callable[[Any], Any] | None) -> Any:
        if origin is not None and (value := origin[fact_at]) is not None:
            return value
        best, other = old[at], fact[fact_at]
        if other is not None and (best is None or (rank is not None and rank(other) > rank(best))):
            return other
        return best

    def type_of(row: Row, at: int) -> str | None:
        return None if row[at] == _OTHER else row[at]

    if origin is not None and (doc_type := type_of(origin, 3)) is not None:
        pass
    else:
        doc_type = type_of(old, 2)
        if doc_type is None:
            doc_type = type_of(fact, 3)
    if origin is None:
        origin_file = origin_line = None
        confidence = old[10] if not fact[10] > old[10] else fact[10]  # max(), first of equals
    else:
        origin_file, origin_line = (origin[1], origin[9]) if origin[9] is not None else (None, None)
        confidence = origin[10]
    return (old[0], pick(1, 2, len), doc_type or _OTHER, pick(3, 4, len), pick(4, 5, len),
            pick(5, 6, _dashes), pick(6, 7, None), pick(7, 8, len), origin_file, origin_line,
            confidence, old[11])


def _dashes(date: str) -> int:
    """A date's precision: yyyy-mm-dd over yyyy-mm over yyyy."""
    return date.count("-")


def _candidate_alternatives(merged_json: str, fact_json: str) -> list[tuple[str, object]]:
    """The alternatives of ``fact_json`` (with their canonical forms), in order, each once,
    that the merged row's own (``merged_json``) lacks: what merge_facts' union would add
    after them, unless already appended (see _appended_rows)."""
    if fact_json == "[]":
        return []
    new: list[tuple[str, object]] = []
    seen: set[str] = set()
    in_row: set[str] | None = None  # the canonical forms of merged_json, decoded if need be
    for item in json.loads(fact_json):
        canonical = canonical_alternative(item)
        if canonical in seen:
            continue
        seen.add(canonical)
        if not surely_absent(item, merged_json):
            if in_row is None:
                in_row = {canonical_alternative(x) for x in json.loads(merged_json)}
            if canonical in in_row:
                continue
        new.append((canonical, item))
    return new


def _canonical_hash(canonical: str) -> int:
    """A stable 64-bit hash of an alternative's canonical form (Python's hash() is salted)."""
    digest = hashlib.blake2b(canonical.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _same_cells(old: Row, new: Row) -> bool:
    """Whether two rows hold the very same values (0.0 and -0.0, 1 and 1.0 differ)."""
    # A cell the fold kept is the very object (the common case): no need to compare it.
    return all((a is b and a == a) or (type(a) is type(b) and a == b
                                       and (not isinstance(a, float) or a.hex() == b.hex()))
               for a, b in zip(old, new, strict=True))


def _document_from_row(row: Row, mentions: Iterable[Row],
                       appended: Iterable[str] = ()) -> Document:
    """A ``documents`` row, its ``mentions`` rows and its appended alternatives (JSON texts,
    after the row's own) as a Document."""
    (key, symbol, doc_type, issuer, jurisdiction, date, year, title, origin_file, origin_line,
     confidence, alternatives) = row
    origin = Origin(origin_file, origin_line) if origin_file is not None else None
    return Document(key, symbol, DOC_TYPE_BY_VALUE[doc_type], issuer, jurisdiction, date, year,
                    title, origin, [Evidence(m[1], m[2], m[3]) for m in mentions], confidence,
                    [*json.loads(alternatives), *map(json.loads, appended)])


def _relation_from_row(row: Row) -> Relation:
    """A ``relations`` row as a Relation."""
    source, target, type_, file, line, evidence, scope, confidence = row
    return Relation(source, target, RELATION_TYPE_BY_VALUE[type_], Evidence(file, line, evidence),
                    scope, confidence)


def _first_per_key(rows: list[Row]) -> dict[str, Row]:
    """The first row of each key (rows arrive in preference order)."""
    chosen: dict[str, Row] = {}
    for row in rows:
        chosen.setdefault(row[0], row)
    return chosen


def _tasks_from_rows(chosen: dict[str, Row], links: list[Row]) -> list[Task]:
    """Tasks from their chosen rows and the agency links of those rows' files."""
    roles: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(
        lambda: {"lead": [], "coordinate": []})
    for task_key, file, role, agency in links:
        roles[task_key, file][role].append(agency)
    tasks = []
    for key, (_, file, plan, section, text, line, evidence) in sorted(chosen.items()):
        linked = roles[key, file]
        tasks.append(Task(key, plan, section, text, linked["lead"], linked["coordinate"],
                          optional_evidence(file, line, evidence)))
    return tasks


def _evidence_cells(evidence: Evidence | None) -> tuple[int | None, str | None]:
    """(line, text) of optional evidence; its file is the row's file."""
    return (evidence.line, evidence.text) if evidence else (None, None)


def _types_json(types: Sequence[RelationType] | None) -> str | None:
    """Relation types as a JSON array for ``json_each`` (None: no filter)."""
    return None if types is None else dumps_json(sorted(str(RelationType(t)) for t in types))
