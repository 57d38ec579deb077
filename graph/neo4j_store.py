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
parts are modules of their own, tested without a server: FileGraph → parameter rows
(:mod:`.neo4j_rows`), records → model objects (:mod:`.neo4j_records`), the breadth-first
walk (:mod:`.neo4j_traverse`). Copying a store into Neo4j is :mod:`.neo4j_push`.

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

import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, LiteralString, TypeVar, cast
from urllib.parse import urlsplit

import neo4j
from neo4j import exceptions as neo4j_errors

from .cypher_files import cypher_file, setup_files
from .merge import check_graph, merge_facts, not_found, utc_now
from .model import Agency, Document, FileGraph, Indicator, Relation, RelationType, Task
from .neo4j_records import (
    agencies_from_records,
    document_from_record,
    fact_from_record,
    file_record_from_record,
    indicators_from_records,
    relations_from_records,
    stats_from_records,
    tasks_from_records,
)
from .neo4j_rows import BATCH_SIZE, Params, chunked, file_row, merged_document_row, write_batches
from .neo4j_traverse import traverse_with
from .status import STATUS_TYPES, derive_status
from .store import FileRecord, StoreError, Traversal

__all__ = ["Neo4jStore", "Neo4jUnavailable"]

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
        """Walk relations breadth-first from ``start``
        (:func:`~policygraph.graph.neo4j_traverse.traverse_with`), in one read
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
