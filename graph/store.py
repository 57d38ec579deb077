"""The store interface every backend implements (SQLite, the embedded default; Neo4j).

A store holds what each ingested file contributed, and derives the graph from it:
- ``write_file_graph`` replaces everything one file contributed, atomically (one
  transaction). Re-ingesting the same file therefore changes nothing, and a kill
  mid-write leaves the previous state.
- A document cited from several files is one node: its attributes are merged from
  each file's facts (the file the document itself comes from wins; otherwise the
  most informative value, ties broken by file name so the result is deterministic).
- Status is derived from incoming relations, never stored by hand.

Exceptions::

    StoreError
    ├── SchemaError      the file is not a PolicyGraph store, or a newer schema
    └── NotFound         a key that is not in the store
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from .model import Agency, Document, FileGraph, Indicator, Relation, RelationType, Task


class StoreError(Exception):
    """Base class of store errors."""


class SchemaError(StoreError):
    """The database is not a PolicyGraph store, or was written by a newer version."""


class NotFound(StoreError):
    """No node with that key."""


@dataclass(frozen=True, slots=True)
class FileRecord:
    """One ingested file as the store remembers it."""

    name: str
    sha256: str
    encoding: str
    ingested_at: str
    documents: int
    relations: int


@dataclass(slots=True)
class Step:
    """One edge walked by a traversal, with the depth at which its far end was reached."""

    relation: Relation
    depth: int


@dataclass(slots=True)
class Traversal:
    """The result of walking the graph from one document.

    ``reached`` maps each reached key to (depth, the keys of the path from the start).
    ``truncated`` is True when ``limit`` cut the walk: never cut silently.
    """

    start: str
    steps: list[Step] = field(default_factory=list)
    reached: dict[str, tuple[int, list[str]]] = field(default_factory=dict)
    truncated: bool = False


@runtime_checkable
class Store(Protocol):
    """The verbs every store offers. Queries in ``graph.queries`` use only these."""

    # --- writing -------------------------------------------------------------
    def file_record(self, name: str) -> FileRecord | None:
        """What the store knows of an ingested file (None if never ingested)."""

    def write_file_graph(self, graph: FileGraph) -> None:
        """Replace all that ``graph.file`` contributed with ``graph``, in one transaction."""

    def remove_file(self, name: str) -> None:
        """Drop all that one file contributed."""

    # --- reading nodes -------------------------------------------------------
    def document(self, key: str) -> Document:
        """One document with its merged attributes, mentions and derived status. Raises NotFound."""

    def documents(self) -> Iterator[Document]:
        """Every document, ordered by key."""

    def documents_by_symbol(self, symbol: str) -> list[Document]:
        """Documents whose canonical symbol is ``symbol`` (several when it is ambiguous)."""

    def relations(self) -> Iterator[Relation]:
        """Every relation, ordered by (source, target, type, file, line)."""

    def edges(
        self,
        key: str,
        direction: str = "out",
        types: Sequence[RelationType] | None = None,
    ) -> list[Relation]:
        """Relations leaving (``out``) or entering (``in``) one document, optionally of some types."""

    def traverse(
        self,
        start: str,
        direction: str = "out",
        types: Sequence[RelationType] | None = None,
        max_depth: int = 10,
        limit: int = 10_000,
    ) -> Traversal:
        """Walk edges breadth-first from ``start``; each key reached once, at its least depth.

        Conventions both stores keep (tests compare them): ``reached`` holds ``start`` at
        depth 0 and lists keys in (depth, key) order; ``limit`` counts keys besides
        ``start``, keeps the first in that order and sets ``truncated`` if more were
        reachable; a path is a shortest path, ties to the smallest key at each step back;
        ``steps`` are every relation walked between kept keys (cycle back edges too),
        ordered by far-end depth, then (source, target, type, file, line, evidence).
        Raises NotFound for an unknown ``start``, ValueError for a bad direction.
        """

    def status(self, key: str) -> str:
        """The derived status of one document (see ``graph.status``)."""

    def tasks(self, plan: str | None = None, agency: str | None = None) -> list[Task]:
        """Tasks, of one plan and/or led or coordinated by one agency."""

    def agencies(self) -> list[Agency]:
        """Every agency."""

    def indicators(self, scope: str | None = None) -> list[Indicator]:
        """Indicators, optionally those framed by one document."""

    def files(self) -> list[FileRecord]:
        """Every ingested file."""

    def stats(self) -> dict[str, int]:
        """Counts: documents, relations (and by type as ``relations.<type>``), files, tasks, agencies, indicators."""

    def close(self) -> None:
        """Release the connection."""


def open_store(target: str = "policygraph.db", **options: object) -> Store:
    """Open the store behind ``target``: an SQLite file path, or a ``bolt://``/``neo4j://`` URI.

    Example:
        >>> store = open_store(":memory:")
    """
    if target.startswith(("bolt://", "bolt+s://", "neo4j://", "neo4j+s://")):
        from .neo4j_store import Neo4jStore

        return Neo4jStore(target, **options)  # type: ignore[arg-type]
    from .sqlite_store import SQLiteStore

    return SQLiteStore(target, **options)  # type: ignore[arg-type]


def iter_all(store: Store) -> Iterable[object]:
    """Everything in the store, in export order: documents, relations, agencies, tasks, indicators."""
    yield from store.documents()
    yield from store.relations()
    yield from store.agencies()
    yield from store.tasks()
    yield from store.indicators()
