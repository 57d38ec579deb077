"""SQLite and Neo4j give the same answers: every Store verb and every lineage question.

Needs a live Neo4j 5 server, named by ``NEO4J_URI`` (with ``NEO4J_USER``,
``NEO4J_PASSWORD``, optionally ``NEO4J_DATABASE``); skipped without one. Use an empty,
throw-away database: the suite refuses a database holding other files, and removes what
it wrote when it ends.

    NEO4J_URI=bolt://localhost:7687 NEO4J_USER=neo4j NEO4J_PASSWORD=… \\
        .venv/bin/pytest -m neo4j tests/test_store_parity.py

The graph is built with code from realistic Vietnamese data: the lineage world of
``tests/graph_fixtures.py`` (Bình Phước's report, Bình Dương's plan 7099/KH-UBND, HĐND
resolutions amending, repealing and replacing, a cycle) and the plan of
``tests/factories.py`` restated by a second file (tasks, agencies, indicators merged
across files). SQLite is the reference; the Neo4j store is filled by ``push_to_neo4j``.

The checks are plain functions of two stores (``CHECKS``), so tests/test_neo4j_store.py
also runs them on two SQLite stores, proving the suite itself sound without a server.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest

from policygraph.graph import queries
from policygraph.graph.export import export_jsonl
from policygraph.graph.model import FileGraph, RelationType
from policygraph.graph.sqlite_store import SQLiteStore
from policygraph.graph.store import NotFound, Store
from tests import factories, graph_fixtures

SKIP_REASON = "NEO4J_URI is not set: no Neo4j server to compare against"
pytestmark = [pytest.mark.neo4j,
              pytest.mark.skipif(not os.environ.get("NEO4J_URI"), reason=SKIP_REASON)]

R = RelationType
TYPE_FILTERS: list[tuple[RelationType, ...] | None] = [
    None, (R.IMPLEMENTS,), (R.BASED_ON, R.IMPLEMENTS), (R.AMENDS, R.REPLACES, R.REPEALS), ()]
PLAN_COPY_FILE = "binhduong_kh-7099_ban-sao.txt"  # the lineage world has the plan's own name
RESTATEMENT_FILE = "binhduong_kh-7099_trich-luc.txt"
REPORT_COPY_FILE = "binhphuoc_sct_trich-bao-cao.txt"


def world() -> list[FileGraph]:
    """The files both stores hold."""
    plan = factories.moved_to(factories.make_plan_file_graph(), PLAN_COPY_FILE)
    # A second file restating plan 7099's task, agency and indicator differently, without
    # claiming to be the plan (no origins): the merge rules decide what wins.
    restated = factories.moved_to(plan, RESTATEMENT_FILE)
    restated.documents = [replace(d, origin=None, title=None) for d in restated.documents]
    restated.tasks = [replace(restated.tasks[0], text="Phát triển công nghiệp hỗ trợ (trích)",
                              lead=["cac-so-ban-nganh@BinhDuong"], coordinate=[factories.SCT_BD])]
    restated.agencies = [replace(restated.agencies[0], name="Sở Công Thương tỉnh Bình Dương",
                                 aliases=["Sở CT"], valid_until="2025-03-01")]
    restated.indicators = [replace(restated.indicators[0], name="GRDP", scope=None)]
    report = factories.moved_to(factories.make_file_graph(), REPORT_COPY_FILE)
    return [*(graph_fixtures.file_graph(f) for f in graph_fixtures.FILES), plan, restated, report]


def fill(store: Store, graphs: list[FileGraph]) -> Store:
    for graph in graphs:
        store.write_file_graph(graph)
    return store


def keys(store: Store) -> list[str]:
    return [d.key for d in store.documents()] + ["doc:không-có@nowhere:1900"]


# --- the checks: each compares one verb or question on two stores ----------------------------

CHECKS: list[Callable[[Store, Store], None]] = []


def check(fn: Callable[[Store, Store], None]) -> Callable[[Store, Store], None]:
    CHECKS.append(fn)
    return fn


@check
def world_covers_the_questions(a: Store, b: Store) -> None:
    # Guards the other checks: the answers compared are not all empty.
    statuses = {a.status(key) for key in keys(a)[:-1]}
    assert {"amended", "partly_repealed", "replaced", "in_force"} <= statuses
    assert len(a.documents_by_symbol("361-KL/TU")) >= 2  # two provinces (and two key styles)
    assert a.tasks() and a.agencies() and a.indicators()
    assert a.stats()["files"] == len(world())


@check
def same_files(a: Store, b: Store) -> None:
    def shown(store: Store) -> list[tuple]:
        return [(f.name, f.sha256, f.encoding, f.documents, f.relations) for f in store.files()]

    assert shown(a) == shown(b)
    for f in a.files():
        rec_a, rec_b = a.file_record(f.name), b.file_record(f.name)
        assert rec_a is not None and rec_b is not None
        assert (rec_a.sha256, rec_a.documents) == (rec_b.sha256, rec_b.documents)
    assert a.file_record("never-ingested.txt") is None is b.file_record("never-ingested.txt")


@check
def same_documents(a: Store, b: Store) -> None:
    assert list(a.documents()) == list(b.documents())
    for key in keys(a):
        try:
            expected = a.document(key)
        except NotFound:
            with pytest.raises(NotFound):
                b.document(key)
            continue
        assert b.document(key) == expected, key


@check
def same_documents_by_symbol(a: Store, b: Store) -> None:
    symbols = {d.symbol for d in a.documents() if d.symbol} | {"361-KL/TU", "999/KH-UBND"}
    for symbol in sorted(symbols):
        assert b.documents_by_symbol(symbol) == a.documents_by_symbol(symbol), symbol


@check
def same_relations(a: Store, b: Store) -> None:
    assert list(b.relations()) == list(a.relations())


@check
def same_edges(a: Store, b: Store) -> None:
    for key in keys(a):
        for direction in ("out", "in"):
            for types in TYPE_FILTERS:
                assert b.edges(key, direction, types) == a.edges(key, direction, types), (
                    key, direction, types)


@check
def same_traversals(a: Store, b: Store) -> None:
    for key in keys(a)[:-1]:
        for direction in ("out", "in"):
            for types in TYPE_FILTERS:
                for max_depth in (0, 1, 2, 10):
                    for limit in (0, 2, 10_000):
                        assert b.traverse(key, direction, types, max_depth, limit) == \
                            a.traverse(key, direction, types, max_depth, limit), (
                                key, direction, types, max_depth, limit)
    with pytest.raises(NotFound):
        b.traverse(keys(a)[-1])


@check
def same_status(a: Store, b: Store) -> None:
    statuses = {key: a.status(key) for key in keys(a)[:-1]}
    for key, status in statuses.items():
        assert b.status(key) == status, key
    with pytest.raises(NotFound):
        b.status(keys(a)[-1])


@check
def same_tasks(a: Store, b: Store) -> None:
    assert b.tasks() == a.tasks()
    agencies = {x for t in a.tasks() for x in (*t.lead, *t.coordinate)} | {"nobody"}
    for plan in keys(a):
        assert b.tasks(plan=plan) == a.tasks(plan=plan), plan
    for agency in sorted(agencies):
        assert b.tasks(agency=agency) == a.tasks(agency=agency), agency
        assert b.tasks(plan=factories.KH_7099, agency=agency) == \
            a.tasks(plan=factories.KH_7099, agency=agency), agency


@check
def same_agencies(a: Store, b: Store) -> None:
    assert b.agencies() == a.agencies()


@check
def same_indicators(a: Store, b: Store) -> None:
    assert b.indicators() == a.indicators()
    for scope in keys(a):
        assert b.indicators(scope=scope) == a.indicators(scope=scope), scope


@check
def same_stats(a: Store, b: Store) -> None:
    assert b.stats() == a.stats()


@check
def same_export(a: Store, b: Store) -> None:
    out_a, out_b = io.StringIO(), io.StringIO()
    export_jsonl(a, out_a)
    export_jsonl(b, out_b)
    assert out_b.getvalue() == out_a.getvalue()


@check
def same_lineage_answers(a: Store, b: Store) -> None:
    for key in keys(a)[:-1]:
        assert queries.implementers(b, key) == queries.implementers(a, key), key
        assert queries.upstream(b, key) == queries.upstream(a, key), key
        assert queries.downstream(b, key) == queries.downstream(a, key), key
        assert queries.supersession(b, key) == queries.supersession(a, key), key
        assert queries.neighbours(b, key, depth=2) == queries.neighbours(a, key, depth=2), key
    found = keys(a)[:-1]
    for start, end in zip(found, reversed(found), strict=True):
        assert queries.path(b, start, end) == queries.path(a, start, end), (start, end)


@check
def same_after_rewrite_and_removal(a: Store, b: Store) -> None:
    # Re-writing a file changes nothing; removing one drops exactly its contribution.
    graphs = {g.file: g for g in world()}
    for store in (a, b):
        store.write_file_graph(graphs[PLAN_COPY_FILE])
    same_stats(a, b)
    for store in (a, b):
        store.remove_file(RESTATEMENT_FILE)
        store.remove_file(graph_fixtures.HDND_FILE)
    for compare in (same_files, same_documents, same_relations, same_tasks, same_agencies,
                    same_indicators, same_stats, same_status):
        compare(a, b)
    for store in (a, b):
        store.write_file_graph(graphs[graph_fixtures.HDND_FILE])
        store.write_file_graph(graphs[RESTATEMENT_FILE])
    same_export(a, b)


# --- against a live server ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def stores() -> Iterator[tuple[SQLiteStore, Store]]:
    """The reference SQLite store and the Neo4j store at NEO4J_URI, filled by push."""
    from policygraph.graph.neo4j_push import push_to_neo4j
    from policygraph.graph.neo4j_store import Neo4jStore

    graphs = world()
    sqlite = fill(SQLiteStore(":memory:"), graphs)
    server = Neo4jStore()
    ours = {g.file for g in graphs}
    foreign = [f.name for f in server.files() if f.name not in ours]
    if foreign:
        server.close()
        pytest.fail(f"{server.uri} holds other files ({', '.join(foreign[:3])}…): run the "
                    "parity suite against an empty, throw-away database (NEO4J_DATABASE)")
    push_to_neo4j(sqlite, server)
    yield sqlite, server
    for name in ours:
        server.remove_file(name)
    assert server.stats()["documents"] == 0, "removing every file must leave nothing"
    server.close()
    sqlite.close()


@pytest.mark.parametrize("compare", CHECKS, ids=[c.__name__ for c in CHECKS])
def test_neo4j_answers_as_sqlite(stores: tuple[SQLiteStore, Store], compare: Callable) -> None:
    compare(*stores)


def test_push_keeps_times_and_is_idempotent(stores: tuple[SQLiteStore, Store]) -> None:
    from policygraph.graph.neo4j_push import push_to_neo4j

    sqlite, server = stores
    assert server.files() == sqlite.files()  # ingested_at included
    before = server.stats()
    push_to_neo4j(sqlite, server)  # type: ignore[arg-type]
    assert server.stats() == before
    same_export(sqlite, server)
