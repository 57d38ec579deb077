"""The SQLite store's schema, as named, ordered migrations recorded in a ``migrations`` table.

In the spirit of sqlite-utils ``migrations.py``: each migration is a name and the
statements that make it; the store applies the ones a database lacks, each in its own
transaction (``BEGIN IMMEDIATE`` … ``COMMIT``, DDL included: SQLite's schema changes are
transactional), and records its name in the same transaction. Listing what is pending
writes nothing. Never edit a released migration: add a new one.

Ownership: the first migration stamps ``PRAGMA application_id`` with :data:`APPLICATION_ID`,
so a foreign SQLite file (or one that is not SQLite at all) is refused with
:class:`~policygraph.graph.store.SchemaError` instead of being written into.

Example:
    >>> import sqlite3
    >>> conn = sqlite3.connect(":memory:", isolation_level=None)
    >>> [m.name for m in pending(conn)][:1]
    ['0001_documents_and_relations']
    >>> migrate(conn, "demo")[-1]
    '0003_appended_alternatives'
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from .store import SchemaError, StoreError

#: Sees every SQL statement and its parameters (sqlite-utils ``Database(tracer=print)``).
Tracer = Callable[[str, tuple], None]

#: ``PRAGMA application_id`` of a PolicyGraph store: b"PGrf" as a big-endian int.
APPLICATION_ID = int.from_bytes(b"PGrf", "big")


@dataclass(frozen=True, slots=True)
class Migration:
    """One named schema step: the statements run, in order, inside one transaction."""

    name: str
    statements: tuple[str, ...]


# Deferred foreign keys: write_file_graph inserts a file's rows first and upserts its
# ``files`` row and the merged ``documents`` rows last, all inside one transaction, so the
# references are checked at COMMIT, when they must all hold.
_DEFERRED = "DEFERRABLE INITIALLY DEFERRED"
_FILE_FK = f"REFERENCES files(name) {_DEFERRED}"
_DOC_FK = f"REFERENCES documents(key) {_DEFERRED}"

_DOCUMENTS_AND_RELATIONS = Migration(
    "0001_documents_and_relations",
    (
        """CREATE TABLE files (
            name TEXT PRIMARY KEY,
            sha256 TEXT NOT NULL,
            encoding TEXT NOT NULL,
            ingested_at TEXT NOT NULL,
            documents INTEGER NOT NULL,
            relations INTEGER NOT NULL
        )""",
        f"""CREATE TABLE doc_facts (
            doc_key TEXT NOT NULL,
            file TEXT NOT NULL {_FILE_FK},
            symbol TEXT,
            doc_type TEXT NOT NULL,
            issuer TEXT,
            jurisdiction TEXT,
            date TEXT,
            year INTEGER,
            title TEXT,
            origin_line INTEGER,
            confidence REAL NOT NULL,
            alternatives_json TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (doc_key, file)
        )""",
        "CREATE INDEX doc_facts_file ON doc_facts(file)",
        f"""CREATE TABLE mentions (
            doc_key TEXT NOT NULL,
            file TEXT NOT NULL {_FILE_FK},
            line INTEGER NOT NULL,
            text TEXT NOT NULL
        )""",
        "CREATE INDEX mentions_doc_key ON mentions(doc_key, file, line)",
        "CREATE INDEX mentions_file ON mentions(file)",
        # The merged view of doc_facts, kept in step by the store in the writing transaction.
        """CREATE TABLE documents (
            key TEXT PRIMARY KEY,
            symbol TEXT,
            doc_type TEXT NOT NULL,
            issuer TEXT,
            jurisdiction TEXT,
            date TEXT,
            year INTEGER,
            title TEXT,
            origin_file TEXT,
            origin_line INTEGER,
            confidence REAL NOT NULL,
            alternatives_json TEXT NOT NULL DEFAULT '[]'
        )""",
        "CREATE INDEX documents_symbol ON documents(symbol)",
        f"""CREATE TABLE relations (
            source TEXT NOT NULL {_DOC_FK},
            target TEXT NOT NULL {_DOC_FK},
            type TEXT NOT NULL,
            file TEXT NOT NULL {_FILE_FK},
            line INTEGER NOT NULL,
            evidence TEXT NOT NULL,
            scope TEXT,
            confidence REAL NOT NULL
        )""",
        "CREATE INDEX relations_source_type ON relations(source, type)",
        "CREATE INDEX relations_target_type ON relations(target, type)",
        "CREATE INDEX relations_file ON relations(file)",
    ),
)

_TASKS_AGENCIES_INDICATORS = Migration(
    "0002_tasks_agencies_indicators",
    (
        # Keyed (key, file): two files may restate one task, agency or indicator;
        # the store merges them on read.
        f"""CREATE TABLE tasks (
            key TEXT NOT NULL,
            file TEXT NOT NULL {_FILE_FK},
            plan TEXT NOT NULL {_DOC_FK},
            section TEXT NOT NULL,
            text TEXT NOT NULL,
            line INTEGER,
            evidence TEXT,
            PRIMARY KEY (key, file)
        )""",
        "CREATE INDEX tasks_file ON tasks(file)",
        "CREATE INDEX tasks_plan ON tasks(plan)",
        f"""CREATE TABLE task_agencies (
            task_key TEXT NOT NULL,
            file TEXT NOT NULL {_FILE_FK},
            role TEXT NOT NULL CHECK (role IN ('lead', 'coordinate')),
            seq INTEGER NOT NULL,
            agency TEXT NOT NULL,
            PRIMARY KEY (task_key, file, role, seq)
        )""",
        "CREATE INDEX task_agencies_agency ON task_agencies(agency)",
        "CREATE INDEX task_agencies_file ON task_agencies(file)",
        f"""CREATE TABLE agencies (
            key TEXT NOT NULL,
            file TEXT NOT NULL {_FILE_FK},
            name TEXT NOT NULL,
            jurisdiction TEXT,
            kind TEXT NOT NULL,
            valid_until TEXT,
            successor TEXT,
            PRIMARY KEY (key, file)
        )""",
        "CREATE INDEX agencies_file ON agencies(file)",
        f"""CREATE TABLE agency_aliases (
            agency_key TEXT NOT NULL,
            file TEXT NOT NULL {_FILE_FK},
            alias TEXT NOT NULL
        )""",
        "CREATE INDEX agency_aliases_key ON agency_aliases(agency_key)",
        "CREATE INDEX agency_aliases_file ON agency_aliases(file)",
        f"""CREATE TABLE agency_mentions (
            agency_key TEXT NOT NULL,
            file TEXT NOT NULL {_FILE_FK},
            line INTEGER NOT NULL,
            text TEXT NOT NULL
        )""",
        "CREATE INDEX agency_mentions_key ON agency_mentions(agency_key, file, line)",
        "CREATE INDEX agency_mentions_file ON agency_mentions(file)",
        f"""CREATE TABLE indicators (
            key TEXT NOT NULL,
            file TEXT NOT NULL {_FILE_FK},
            name TEXT NOT NULL,
            scope TEXT {_DOC_FK},
            PRIMARY KEY (key, file)
        )""",
        "CREATE INDEX indicators_file ON indicators(file)",
        "CREATE INDEX indicators_scope ON indicators(scope)",
        f"""CREATE TABLE targets (
            indicator_key TEXT NOT NULL,
            file TEXT NOT NULL {_FILE_FK},
            seq INTEGER NOT NULL,
            value REAL,
            unit TEXT,
            year INTEGER,
            comparator TEXT,
            value_max REAL,
            raw TEXT NOT NULL,
            line INTEGER,
            evidence TEXT,
            PRIMARY KEY (indicator_key, file, seq)
        )""",
        "CREATE INDEX targets_file ON targets(file)",
        f"""CREATE TABLE observations (
            indicator_key TEXT NOT NULL,
            file TEXT NOT NULL {_FILE_FK},
            seq INTEGER NOT NULL,
            value REAL,
            unit TEXT,
            period TEXT,
            source TEXT {_DOC_FK},
            raw TEXT NOT NULL,
            line INTEGER,
            evidence TEXT,
            PRIMARY KEY (indicator_key, file, seq)
        )""",
        "CREATE INDEX observations_file ON observations(file)",
        "CREATE INDEX observations_source ON observations(source)",
    ),
)

_APPENDED_ALTERNATIVES = Migration(
    "0003_appended_alternatives",
    (
        # The merged alternatives later files added to a document since its last full merge
        # (documents.alternatives_json holds those of that merge), in order. Appending rows
        # here, instead of rewriting a JSON list that grows with every citing file, keeps
        # a write's cost flat. canonical_hash finds an equal alternative without reading all.
        f"""CREATE TABLE appended_alternatives (
            doc_key TEXT NOT NULL {_DOC_FK},
            seq INTEGER NOT NULL,
            canonical_hash INTEGER NOT NULL,
            item_json TEXT NOT NULL,
            PRIMARY KEY (doc_key, seq)
        )""",
        "CREATE INDEX appended_alternatives_hash ON appended_alternatives(doc_key, canonical_hash)",
    ),
)

#: Every migration, in the order they apply. Append only.
MIGRATIONS: tuple[Migration, ...] = (_DOCUMENTS_AND_RELATIONS, _TASKS_AGENCIES_INDICATORS,
                                     _APPENDED_ALTERNATIVES)

_MIGRATIONS_TABLE = """CREATE TABLE IF NOT EXISTS migrations (
    name TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
)"""


def applied(conn: sqlite3.Connection, tracer: Tracer | None = None) -> list[str]:
    """Names of the migrations recorded in the database, in the order they were applied.

    Args:
        conn: an open connection.
        tracer: sees each statement run.

    Returns:
        The names; empty for a new database.

    Example:
        >>> applied(sqlite3.connect(":memory:"))
        []
    """
    if not _has_table(conn, "migrations", tracer):
        return []
    rows = _run(conn, tracer, "SELECT name FROM migrations ORDER BY rowid").fetchall()
    return [name for (name,) in rows]


def pending(
    conn: sqlite3.Connection,
    migrations: Sequence[Migration] = MIGRATIONS,
    tracer: Tracer | None = None,
) -> list[Migration]:
    """The migrations not yet applied, in order. Reads only: writes nothing.

    Args:
        conn: an open connection.
        migrations: the known migrations (default: all of PolicyGraph's).
        tracer: sees each statement run.

    Returns:
        The unapplied migrations, in the order they would apply.

    Example:
        >>> len(pending(sqlite3.connect(":memory:"))) == len(MIGRATIONS)
        True
    """
    done = set(applied(conn, tracer))
    return [m for m in migrations if m.name not in done]


def check_schema(
    conn: sqlite3.Connection,
    label: str,
    migrations: Sequence[Migration] = MIGRATIONS,
    tracer: Tracer | None = None,
) -> None:
    """Refuse a database that is not ours, or that a newer PolicyGraph has migrated.

    Args:
        conn: an open connection.
        label: how to name the database in messages (its path).
        migrations: the migrations this version knows.
        tracer: sees each statement run.

    Raises:
        SchemaError: not SQLite, a foreign SQLite database, or an unknown (newer) migration.

    Example:
        >>> check_schema(sqlite3.connect(":memory:"), ":memory:")  # empty: fine
    """
    try:
        (app_id,) = _run(conn, tracer, "PRAGMA application_id").fetchone()
        tables = _user_tables(conn, tracer)
    except sqlite3.DatabaseError as e:
        # Junk bytes give SQLITE_NOTADB; a damaged SQLite file, SQLITE_CORRUPT.
        if e.sqlite_errorcode not in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
            raise StoreError(f"Cannot read {label}: {e}.") from e
        raise SchemaError(f"{label} is not a PolicyGraph database: {e}. Pass the path of a "
                          "PolicyGraph store, or a new file name to create one.") from e
    if app_id != APPLICATION_ID and (tables or app_id != 0):
        raise SchemaError(
            f"{label} is not a PolicyGraph database: it is an SQLite file with application_id "
            f"{app_id} and tables {', '.join(tables[:5]) or '(none)'}. Pass the path of a "
            "PolicyGraph store, or a new file name to create one."
        )
    known = {m.name for m in migrations}
    unknown = [name for name in applied(conn, tracer) if name not in known]
    if unknown:
        raise SchemaError(
            f"{label} was written by a newer PolicyGraph: migration {unknown[0]!r} is unknown "
            "to this version. Upgrade PolicyGraph (pip install -U policygraph) to open it."
        )


def migrate(
    conn: sqlite3.Connection,
    label: str,
    migrations: Sequence[Migration] = MIGRATIONS,
    tracer: Tracer | None = None,
) -> list[str]:
    """Apply the pending migrations, each in its own ``BEGIN IMMEDIATE`` transaction.

    Args:
        conn: a connection in autocommit mode (``isolation_level=None``).
        label: how to name the database in messages.
        migrations: the migrations to bring the database up to.
        tracer: sees each statement run.

    Returns:
        The names applied now (empty when the schema was current).

    Raises:
        SchemaError: see :func:`check_schema`.

    Example:
        >>> migrate(sqlite3.connect(":memory:", isolation_level=None), "demo")[0]
        '0001_documents_and_relations'
    """
    check_schema(conn, label, migrations, tracer)
    done: list[str] = []
    for migration in pending(conn, migrations, tracer):
        if _apply(conn, migration, tracer):
            done.append(migration.name)
    return done


def _apply(conn: sqlite3.Connection, migration: Migration, tracer: Tracer | None) -> bool:
    """Run one migration and record it, atomically; False if another process just did."""
    _run(conn, tracer, "BEGIN IMMEDIATE")
    try:
        # Re-read under the write lock: two processes opening a new file race here.
        if migration.name in applied(conn, tracer):
            _run(conn, tracer, "ROLLBACK")
            return False
        _run(conn, tracer, _MIGRATIONS_TABLE)
        # A PRAGMA takes no bound parameters; APPLICATION_ID is our constant, not input.
        _run(conn, tracer, f"PRAGMA application_id = {APPLICATION_ID:d}")
        for statement in migration.statements:
            _run(conn, tracer, statement)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        _run(conn, tracer, "INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
             (migration.name, now))
        _run(conn, tracer, "COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return True


def _has_table(conn: sqlite3.Connection, name: str, tracer: Tracer | None) -> bool:
    """Whether the database has a table called ``name``."""
    sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
    return _run(conn, tracer, sql, (name,)).fetchone() is not None


def _user_tables(conn: sqlite3.Connection, tracer: Tracer | None) -> list[str]:
    """Names of the tables in the database, SQLite's own excluded, sorted."""
    sql = ("SELECT name FROM sqlite_master WHERE type = 'table' "
           "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
    return [name for (name,) in _run(conn, tracer, sql).fetchall()]


def _run(
    conn: sqlite3.Connection, tracer: Tracer | None, sql: str, params: tuple = ()
) -> sqlite3.Cursor:
    """Execute one statement, showing it to the tracer first."""
    if tracer is not None:
        tracer(sql, params)
    return conn.execute(sql, params)
