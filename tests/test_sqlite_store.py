"""The SQLite store: round trips, merging, removal, traversal, status, migrations, crashes."""

from __future__ import annotations

import io
import itertools
import os
import select
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policygraph.graph import migrations
from policygraph.graph.export import export_jsonl
from policygraph.graph.model import (
    Agency,
    DocType,
    Document,
    Evidence,
    FileGraph,
    Origin,
    Relation,
    RelationType,
    Status,
)
from policygraph.graph.sqlite_store import SQLiteStore, merge_facts
from policygraph.graph.status import derive_status
from policygraph.graph.store import NotFound, SchemaError, Store, StoreError

from tests.factories import (
    KH_245,
    KH_7099,
    KL_361,
    QD_1656,
    REPORT,
    REPORT_FILE,
    SCT_BD,
    make_agency,
    make_document,
    make_edges_file_graph,
    make_evidence,
    make_file_graph,
    make_indicator,
    make_plan_file_graph,
    make_relation,
    make_task,
    moved_to,
)

ROOT = Path(__file__).resolve().parents[1]

# --- fixtures (sqlite-utils tests/conftest.py: fresh_db, db_path, close_all_databases) ---


@pytest.fixture(autouse=True)
def opened() -> Iterator[list[SQLiteStore]]:
    """Every store a test opens through ``open_store``, closed after the test."""
    stores: list[SQLiteStore] = []
    yield stores
    for store in stores:
        store.close()


@pytest.fixture
def open_store(opened: list[SQLiteStore]) -> Callable[..., SQLiteStore]:
    """Open a store that the autouse fixture closes."""

    def _open(path: str | Path = ":memory:", **options: object) -> SQLiteStore:
        store = SQLiteStore(path, **options)  # type: ignore[arg-type]
        opened.append(store)
        return store

    return _open


@pytest.fixture
def fresh_store(open_store: Callable[..., SQLiteStore]) -> SQLiteStore:
    """An empty in-memory store."""
    return open_store(":memory:")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a file store lives for one test."""
    return tmp_path / "policygraph.db"


def exported(store: Store) -> str:
    """The store's JSON Lines export, as one string."""
    out = io.StringIO()
    export_jsonl(store, out)
    return out.getvalue()


# --- opening ------------------------------------------------------------------------------


def test_store_meets_the_protocol(fresh_store: SQLiteStore) -> None:
    assert isinstance(fresh_store, Store)


def test_file_store_runs_wal_with_foreign_keys(open_store, db_path: Path) -> None:
    open_store(db_path)
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("PRAGMA application_id").fetchone() == (migrations.APPLICATION_ID,)
    finally:
        conn.close()


def test_tracer_sees_every_statement_with_bound_parameters(open_store) -> None:
    seen: list[tuple[str, tuple]] = []
    store = open_store(":memory:", tracer=lambda sql, params: seen.append((sql, params)))
    store.write_file_graph(make_file_graph())
    assert seen[0] == ("PRAGMA application_id", ())
    assert ("BEGIN IMMEDIATE", ()) in seen and ("COMMIT", ()) in seen
    evidence = make_relation().evidence.text
    # Values travel as parameters, never inside the SQL text.
    assert any(evidence in params for _, params in seen)
    assert not any(evidence in sql for sql, _ in seen)


def test_one_store_serves_several_threads(fresh_store: SQLiteStore) -> None:
    # FastAPI runs sync handlers in a thread pool over one store.
    fresh_store.write_file_graph(make_file_graph())
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: fresh_store.document(KL_361), range(20)))
    assert results == [fresh_store.document(KL_361)] * 20


def test_context_manager_closes(db_path: Path) -> None:
    with SQLiteStore(db_path) as store:
        store.write_file_graph(make_file_graph())
    with pytest.raises(sqlite3.ProgrammingError):
        store.files()


# --- round trips ---------------------------------------------------------------------------


def test_every_field_round_trips(fresh_store: SQLiteStore) -> None:
    report, plan = make_file_graph(), make_plan_file_graph()
    fresh_store.write_file_graph(report)
    fresh_store.write_file_graph(plan)
    for doc in report.documents + plan.documents:
        assert fresh_store.document(doc.key) == doc
    assert list(fresh_store.relations()) == sorted(
        report.relations + plan.relations, key=lambda r: (r.source, r.target, r.type))
    assert fresh_store.tasks() == [make_task()]
    assert fresh_store.agencies() == [make_agency()]
    assert fresh_store.indicators() == sorted(report.indicators + plan.indicators,
                                              key=lambda i: i.key)


def test_file_record_round_trips(fresh_store: SQLiteStore) -> None:
    graph = make_file_graph()
    assert fresh_store.file_record(graph.file) is None
    fresh_store.write_file_graph(graph)
    record = fresh_store.file_record(graph.file)
    assert record is not None
    assert (record.name, record.sha256, record.encoding, record.documents, record.relations) == (
        REPORT_FILE, graph.sha256, "utf-8", 4, 3)
    assert record.ingested_at.endswith("+00:00")
    assert fresh_store.files() == [record]


def test_alternatives_and_optional_fields_round_trip(fresh_store: SQLiteStore) -> None:
    # The two reports disagree on the title of 361-KL/TU (domain.md §4): both readings kept.
    doc = make_document(alternatives=[{"title": "Phát triển công nghiệp chế biến điều, gỗ",
                                       "file": REPORT_FILE, "line": 244}],
                        issuer=None, jurisdiction=None, date=None, year=None, title=None)
    fresh_store.write_file_graph(make_file_graph(documents=[doc], relations=[], indicators=[]))
    assert fresh_store.document(KL_361) == doc


def test_task_without_evidence_round_trips(fresh_store: SQLiteStore) -> None:
    graph = make_plan_file_graph(tasks=[make_task(evidence=None, coordinate=[])])
    fresh_store.write_file_graph(graph)
    assert fresh_store.tasks() == graph.tasks


@settings(max_examples=60, deadline=None)
@given(text=st.text(), title=st.text(), key=st.text(min_size=1))
def test_any_text_survives_the_store(text: str, title: str, key: str) -> None:
    doc = make_document(key=key, title=title, mentions=[make_evidence(text=text)],
                        alternatives=[{text: title}])
    relation = make_relation(source=key, target=key, evidence=make_evidence(text=text),
                             scope=text)
    graph = make_file_graph(documents=[doc], relations=[relation], indicators=[])
    with SQLiteStore(":memory:") as store:
        store.write_file_graph(graph)
        assert store.document(key) == doc
        assert list(store.relations()) == [relation]
        assert store.traverse(key).reached == {key: (0, [key])}


def test_writing_the_same_graph_again_changes_nothing(open_store, db_path: Path) -> None:
    store = open_store(db_path)
    store.write_file_graph(make_file_graph())
    store.write_file_graph(make_plan_file_graph())
    before, stats = exported(store), store.stats()
    store.write_file_graph(make_file_graph())
    assert exported(store) == before
    assert store.stats() == stats


def test_rewriting_a_file_replaces_what_it_said(fresh_store: SQLiteStore) -> None:
    fresh_store.write_file_graph(make_file_graph())
    smaller = make_file_graph(documents=make_file_graph().documents[1:3],
                              relations=[make_relation()], indicators=[])
    fresh_store.write_file_graph(smaller)
    assert [d.key for d in fresh_store.documents()] == [KH_245, KL_361]
    assert list(fresh_store.relations()) == [make_relation()]
    assert fresh_store.indicators() == []
    assert fresh_store.file_record(REPORT_FILE).documents == 2  # type: ignore[union-attr]


# --- merging facts from several files --------------------------------------------------------

# What three files say about 361-KL/TU. a.txt and b.txt only cite it; c.txt is the document.
CITED_A = make_document(title="Phát triển khu kinh tế", date="2022", issuer="Tỉnh ủy",
                        jurisdiction=None, doc_type=DocType.OTHER, confidence=0.6,
                        mentions=[make_evidence(file="a.txt", line=9)])
CITED_B = make_document(title="Phát triển khu kinh tế, khu và cụm công nghiệp",
                        date="2022-06-25", issuer=None, confidence=0.8,
                        mentions=[make_evidence(file="b.txt", line=3)])
ORIGIN_C = make_document(title="Kết luận", date=None, issuer=None, jurisdiction=None, year=None,
                         origin=Origin("c.txt", 5), confidence=1.0,
                         mentions=[make_evidence(file="c.txt", line=5)])


def graph_of(file: str, *docs: Document) -> FileGraph:
    """A FileGraph of ``file`` holding these documents (their evidence moved to ``file``)."""
    return moved_to(FileGraph(file, "0" * 64, "utf-8", documents=list(docs)), file)


def test_cited_facts_merge_to_the_most_informative(fresh_store: SQLiteStore) -> None:
    fresh_store.write_file_graph(graph_of("a.txt", CITED_A))
    fresh_store.write_file_graph(graph_of("b.txt", CITED_B))
    doc = fresh_store.document(KL_361)
    assert doc.title == CITED_B.title  # the longest
    assert doc.date == "2022-06-25"  # the most precise
    assert doc.issuer == "Tỉnh ủy"  # the only one stated
    assert doc.doc_type == DocType.CONCLUSION  # a type over "other"
    assert doc.confidence == 0.8  # the highest
    assert doc.origin is None
    assert [(m.file, m.line) for m in doc.mentions] == [("a.txt", 9), ("b.txt", 3)]


def test_origin_file_wins_field_by_field(fresh_store: SQLiteStore) -> None:
    for file, doc in (("a.txt", CITED_A), ("b.txt", CITED_B), ("c.txt", ORIGIN_C)):
        fresh_store.write_file_graph(graph_of(file, doc))
    doc = fresh_store.document(KL_361)
    assert doc.title == "Kết luận"  # stated by the origin, though shorter
    assert doc.date == "2022-06-25"  # not stated by the origin: the most precise elsewhere
    assert doc.origin == Origin("c.txt", 5)
    assert doc.confidence == 1.0


def test_ties_go_to_the_first_file_by_name(fresh_store: SQLiteStore) -> None:
    fresh_store.write_file_graph(graph_of("z.txt", replace(CITED_A, title="Tiêu đề Z")))
    fresh_store.write_file_graph(graph_of("m.txt", replace(CITED_A, title="Tiêu đề M")))
    assert fresh_store.document(KL_361).title == "Tiêu đề M"


@pytest.mark.parametrize("order", list(itertools.permutations("abc")))
def test_merge_does_not_depend_on_ingest_order(open_store, order: tuple[str, ...]) -> None:
    graphs = {"a": graph_of("a.txt", CITED_A), "b": graph_of("b.txt", CITED_B),
              "c": graph_of("c.txt", ORIGIN_C)}
    reference, store = open_store(), open_store()
    for name in "abc":
        reference.write_file_graph(graphs[name])
    for name in order:
        store.write_file_graph(graphs[name])
    assert exported(store) == exported(reference)


def test_merge_facts_is_the_rule_both_stores_use() -> None:
    merged = merge_facts([("b.txt", CITED_B), ("a.txt", CITED_A)])
    assert (merged.title, merged.date, merged.issuer, merged.mentions) == (
        CITED_B.title, "2022-06-25", "Tỉnh ủy", [])


def test_agencies_merge_across_files(fresh_store: SQLiteStore) -> None:
    plan = make_plan_file_graph()
    other = moved_to(make_plan_file_graph(agencies=[make_agency(
        name="Sở Công Thương tỉnh Bình Dương", aliases=["Sở CT"], valid_until="2025-06-30")]),
        "other.txt")
    fresh_store.write_file_graph(plan)
    fresh_store.write_file_graph(other)
    (agency,) = fresh_store.agencies()
    assert agency.name == "Sở Công Thương tỉnh Bình Dương"
    # The other file's name joins the aliases; all sorted.
    assert agency.aliases == ["S6 Cong Thuong", "SCT", "Sở CT", "Sở Công Thương"]
    assert agency.valid_until == "2025-06-30"
    assert [m.file for m in agency.mentions] == [plan.file, "other.txt"]


def test_documents_by_symbol_keeps_ambiguous_documents_apart(fresh_store: SQLiteStore) -> None:
    # 361-KL/TU is issued by every Tỉnh ủy: two provinces, two documents (domain.md §1).
    dong_nai = make_document(key="361-KL/TU@DongNai-2022", jurisdiction="Đồng Nai",
                             issuer="Ban Thường vụ Tỉnh ủy Đồng Nai")
    fresh_store.write_file_graph(make_file_graph(documents=[make_document(), dong_nai],
                                                 relations=[], indicators=[]))
    found = fresh_store.documents_by_symbol("361-KL/TU")
    assert [d.key for d in found] == [KL_361, "361-KL/TU@DongNai-2022"]
    assert fresh_store.documents_by_symbol("362-KL/TU") == []


# --- removing files ---------------------------------------------------------------------------


def test_remove_file_equals_never_having_written_it(open_store) -> None:
    store, reference = open_store(), open_store()
    both_cite = moved_to(make_file_graph(), "copy.txt")  # every document cited from two files
    store.write_file_graph(make_file_graph())
    store.write_file_graph(both_cite)
    store.write_file_graph(make_plan_file_graph())
    store.remove_file(REPORT_FILE)
    reference.write_file_graph(both_cite)
    reference.write_file_graph(make_plan_file_graph())
    assert exported(store) == exported(reference)
    assert store.file_record(REPORT_FILE) is None


def test_remove_file_drops_documents_no_file_speaks_of(fresh_store: SQLiteStore) -> None:
    fresh_store.write_file_graph(make_file_graph())
    fresh_store.write_file_graph(make_plan_file_graph())
    fresh_store.remove_file(make_plan_file_graph().file)
    assert {d.key for d in fresh_store.documents()} == {REPORT, KL_361, KH_245, QD_1656}
    assert fresh_store.tasks() == [] and fresh_store.agencies() == []
    with pytest.raises(NotFound):
        fresh_store.document(KH_7099)
    fresh_store.remove_file("never-ingested.txt")  # harmless


# --- refusing a graph that does not hold together ----------------------------------------------


@pytest.mark.parametrize(
    ("graph", "message"),
    [
        # An edge to a document the file does not carry would dangle once its file goes.
        (make_file_graph(relations=[make_relation(target="nowhere")]), "'nowhere'"),
        (make_plan_file_graph(tasks=[make_task(plan="nowhere")]), "task"),
        (make_file_graph(documents=[make_document(), make_document()], relations=[],
                         indicators=[]), "duplicate document key"),
        # A type the store could not read back.
        (make_file_graph(relations=[make_relation(type="carries_out")]), "not a RelationType"),
        (make_file_graph(documents=[make_document(doc_type="kết luận")], relations=[],
                         indicators=[]), "not a DocType"),
        # Removal by file relies on evidence naming its own file.
        (make_file_graph(relations=[make_relation(evidence=make_evidence(file="other.txt"))]),
         "'other.txt'"),
    ],
)
def test_refuses_a_graph_that_does_not_hold_together(fresh_store: SQLiteStore,
                                                     graph: FileGraph, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        fresh_store.write_file_graph(graph)
    assert fresh_store.file_record(graph.file) is None
    assert fresh_store.stats()["documents"] == 0


def test_a_failed_write_leaves_the_previous_state(fresh_store: SQLiteStore) -> None:
    fresh_store.write_file_graph(make_file_graph())
    before = exported(fresh_store)
    # Fails inside the transaction, after the old rows were deleted.
    broken = make_file_graph(documents=[make_document(alternatives=[{"x": object()}])],
                             relations=[], indicators=[])
    with pytest.raises(StoreError, match="JSON"):
        fresh_store.write_file_graph(broken)
    assert exported(fresh_store) == before


# --- reading -----------------------------------------------------------------------------------


def test_document_not_found_says_what_a_key_is(fresh_store: SQLiteStore) -> None:
    with pytest.raises(NotFound, match="a symbol alone"):
        fresh_store.document("361-KL/TU")


def test_edges_by_direction_and_type(fresh_store: SQLiteStore) -> None:
    fresh_store.write_file_graph(make_file_graph())
    implements = [RelationType.IMPLEMENTS]
    assert [r.target for r in fresh_store.edges(KH_245, "out")] == [QD_1656, KL_361]
    assert [r.source for r in fresh_store.edges(KL_361, "in")] == [KH_245, REPORT]
    assert [r.source for r in fresh_store.edges(KL_361, "in", implements)] == [KH_245]
    assert fresh_store.edges("unknown", "in") == []
    with pytest.raises(ValueError, match="'out' or 'in'"):
        fresh_store.edges(KL_361, "sideways")


def test_tasks_by_plan_and_agency(fresh_store: SQLiteStore) -> None:
    fresh_store.write_file_graph(make_plan_file_graph())
    task = make_task()
    assert fresh_store.tasks(plan=KH_7099) == [task]
    assert fresh_store.tasks(agency=SCT_BD) == [task]  # leads
    assert fresh_store.tasks(agency="cac-so-ban-nganh@BinhDuong") == [task]  # coordinates
    assert fresh_store.tasks(plan=KL_361) == []
    assert fresh_store.tasks(plan=KH_7099, agency="someone-else") == []


def test_indicators_by_scope(fresh_store: SQLiteStore) -> None:
    fresh_store.write_file_graph(make_plan_file_graph())
    assert fresh_store.indicators(scope=KH_7099) == [make_indicator()]
    assert fresh_store.indicators(scope=KL_361) == []


def test_stats_counts_relations_by_type(fresh_store: SQLiteStore) -> None:
    fresh_store.write_file_graph(make_file_graph())
    stats = fresh_store.stats()
    assert (stats["documents"], stats["relations"], stats["files"]) == (4, 3, 1)
    assert (stats["relations.implements"], stats["relations.reports_on"]) == (2, 1)
    assert stats["relations.repeals"] == 0
    assert (stats["tasks"], stats["agencies"], stats["indicators"]) == (0, 0, 1)


# --- traversal ----------------------------------------------------------------------------------

# A chain A>B>C>D, a shortcut A>E>D (a diamond), a back edge D>A (a cycle), and X repealing A.
LINEAGE = "A>B B>C C>D A>E E>D D>A"


@pytest.fixture
def lineage(fresh_store: SQLiteStore) -> SQLiteStore:
    """A store holding LINEAGE plus X repeals A."""
    graph = make_edges_file_graph(LINEAGE)
    repeal = make_edges_file_graph([("X", "A", RelationType.REPEALS)], file="x.txt")
    fresh_store.write_file_graph(graph)
    fresh_store.write_file_graph(repeal)
    return fresh_store


def test_traverse_reaches_each_key_once_at_its_least_depth(lineage: SQLiteStore) -> None:
    walk = lineage.traverse("A")
    assert walk.reached == {
        "A": (0, ["A"]),
        "B": (1, ["A", "B"]),
        "E": (1, ["A", "E"]),
        "C": (2, ["A", "B", "C"]),
        "D": (2, ["A", "E", "D"]),  # through the shortcut, not the chain
    }
    assert not walk.truncated
    # Every edge walked between reached keys, back edge D>A included, by far-end depth.
    assert [(s.relation.source, s.relation.target, s.depth) for s in walk.steps] == [
        ("D", "A", 0), ("A", "B", 1), ("A", "E", 1), ("B", "C", 2), ("C", "D", 2), ("E", "D", 2)]


def test_traverse_stops_at_max_depth(lineage: SQLiteStore) -> None:
    walk = lineage.traverse("A", max_depth=1)
    assert list(walk.reached) == ["A", "B", "E"]
    assert [(s.relation.source, s.relation.target) for s in walk.steps] == [("A", "B"), ("A", "E")]
    assert lineage.traverse("A", max_depth=0).reached == {"A": (0, ["A"])}


def test_traverse_backwards_by_type(lineage: SQLiteStore) -> None:
    everything = lineage.traverse("D", "in")
    assert everything.reached["X"] == (3, ["D", "E", "A", "X"])
    implements = lineage.traverse("D", "in", [RelationType.IMPLEMENTS])
    assert list(implements.reached) == ["D", "C", "E", "A", "B"]


def test_traverse_limit_sets_truncated(lineage: SQLiteStore) -> None:
    walk = lineage.traverse("A", limit=2)
    assert list(walk.reached) == ["A", "B", "E"]  # kept in (depth, key) order
    assert walk.truncated
    assert all(s.relation.target in walk.reached for s in walk.steps)
    assert not lineage.traverse("A", limit=4).truncated  # exactly enough


@pytest.mark.parametrize("edges", ["P>Q Q>P", "S>S", "P>Q Q>R R>P"])
def test_traverse_ends_on_cycles(fresh_store: SQLiteStore, edges: str) -> None:
    fresh_store.write_file_graph(make_edges_file_graph(edges))
    start = edges[0]
    started = time.perf_counter()
    walk = fresh_store.traverse(start, max_depth=1_000_000)
    assert time.perf_counter() - started < 1.0
    assert set(walk.reached) == set(edges.replace(">", " ").split())
    assert len(walk.steps) == len(edges.split())


def test_traverse_refuses_unknown_start_and_bad_arguments(lineage: SQLiteStore) -> None:
    with pytest.raises(NotFound):
        lineage.traverse("nowhere")
    with pytest.raises(ValueError, match="direction"):
        lineage.traverse("A", "both")
    with pytest.raises(ValueError, match=">= 0"):
        lineage.traverse("A", max_depth=-1)


# --- status --------------------------------------------------------------------------------------

R = RelationType

STATUS_TABLE = [
    # (incoming relations as (type, scope), expected status): domain.md §2, status.py table.
    ([], Status.IN_FORCE),  # never seen superseded
    ([(R.IMPLEMENTS, None), (R.REFERENCES, None), (R.BASED_ON, None)], Status.IN_FORCE),
    ([(R.AMENDS, None)], Status.AMENDED),
    ([(R.AMENDS, "Điều 7")], Status.AMENDED),  # "sửa đổi, bổ sung Điều 7"
    ([(R.REPEALS, "Điều 7")], Status.PARTLY_REPEALED),
    ([(R.REPEALS, "một số Điều")], Status.PARTLY_REPEALED),  # "bãi bỏ một số Điều"
    ([(R.REPEALS, None)], Status.REPEALED),
    ([(R.REPEALS, " Toàn  bộ ")], Status.REPEALED),  # a whole-document scope
    ([(R.REPLACES, None)], Status.REPLACED),
    ([(R.REPLACES, "Điều 5")], Status.AMENDED),  # a part replaced: the rest stays in force
    ([(R.AMENDS, None), (R.REPEALS, "Điều 7")], Status.PARTLY_REPEALED),
    ([(R.AMENDS, None), (R.REPLACES, None)], Status.REPLACED),
    ([(R.REPLACES, None), (R.REPEALS, None)], Status.REPEALED),
    ([(R.REPEALS, None), (R.REPLACES, None), (R.AMENDS, None)], Status.REPEALED),
]


@pytest.mark.parametrize(("incoming", "expected"), STATUS_TABLE)
def test_derive_status(incoming: list[tuple[RelationType, str | None]], expected: Status) -> None:
    relations = [make_relation(source=f"s{n}", type=t, scope=scope)
                 for n, (t, scope) in enumerate(incoming)]
    assert derive_status(relations) == expected


def test_store_status_uses_incoming_relations(lineage: SQLiteStore) -> None:
    assert lineage.status("A") == "repealed"  # X repeals A
    assert lineage.status("B") == "in_force"
    with pytest.raises(NotFound):
        lineage.status("nowhere")


# --- migrations -----------------------------------------------------------------------------------


def test_pending_lists_without_writing(db_path: Path) -> None:
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        migrations.migrate(conn, str(db_path), migrations.MIGRATIONS[:1])
        before = db_path.read_bytes()
        changes = conn.total_changes
        assert [m.name for m in migrations.pending(conn)] == [
            m.name for m in migrations.MIGRATIONS[1:]]
        assert conn.total_changes == changes and db_path.read_bytes() == before
    finally:
        conn.close()


def test_opening_an_older_store_applies_pending_migrations(open_store, db_path: Path) -> None:
    conn = sqlite3.connect(db_path, isolation_level=None)
    migrations.migrate(conn, str(db_path), migrations.MIGRATIONS[:1])
    conn.close()
    store = open_store(db_path)
    store.write_file_graph(make_plan_file_graph())  # needs the tasks tables of 0002
    conn = sqlite3.connect(db_path)
    try:
        assert migrations.applied(conn) == [m.name for m in migrations.MIGRATIONS]
    finally:
        conn.close()


def test_a_newer_schema_asks_to_upgrade(open_store, db_path: Path) -> None:
    open_store(db_path).close()
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("INSERT INTO migrations VALUES ('0099_from_the_future', '2030-01-01')")
    conn.close()
    with pytest.raises(SchemaError, match="newer PolicyGraph.*0099_from_the_future.*Upgrade"):
        SQLiteStore(db_path)


def test_junk_bytes_are_not_a_database(db_path: Path) -> None:
    db_path.write_bytes(b"Kh\xe1\xba\xbf ho\xe1\xba\xa1ch s\xe1\xbb\x91 245/KH-UBND\n" * 200)
    with pytest.raises(SchemaError, match=r"policygraph\.db is not a PolicyGraph database: "):
        SQLiteStore(db_path)


def test_a_foreign_sqlite_file_is_not_ours(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE people (name TEXT)")
    conn.close()
    with pytest.raises(SchemaError, match="not a PolicyGraph database.*people"):
        SQLiteStore(db_path)
    conn = sqlite3.connect(db_path)  # and it was left as it was
    try:
        assert conn.execute("SELECT name FROM sqlite_master").fetchall() == [("people",)]
    finally:
        conn.close()


def test_an_unopenable_path_says_so(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="Cannot open"):
        SQLiteStore(tmp_path / "no-such-folder" / "x.db")


# --- crash consistency ---------------------------------------------------------------------------

# Writes FileGraphs of varying size to three files, round robin, forever; prints
# "begin i" once write i's transaction has begun (the tracer sees BEGIN IMMEDIATE) and
# "done i" after it. Graphs share keys, so each write also re-merges others' documents.
CHILD = """
import sys
sys.path.insert(0, sys.argv[2])
from policygraph.graph.sqlite_store import SQLiteStore
from tests.factories import make_edges_file_graph

def graph(i):
    n = 150 + (i * 37) % 100
    edges = " ".join(f"k{j}>k{j + 1}" for j in range(n))
    return make_edges_file_graph(edges, file=f"f{i % 3}.txt")

i = 0
def tracer(sql, params):
    if sql == "BEGIN IMMEDIATE":
        print("begin", i, flush=True)

store = SQLiteStore(sys.argv[1], tracer=tracer)
while True:
    store.write_file_graph(graph(i))
    print("done", i, flush=True)
    i += 1
"""


def _documents_in(i: int) -> int:
    """How many documents CHILD's write ``i`` holds."""
    return 150 + (i * 37) % 100 + 1


def _kill_mid_write(db_path: Path, after: int) -> tuple[int, int]:
    """Run CHILD until it begins write ``after`` and a bit; SIGKILL it.

    Returns (last write begun, last write done).
    """
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(db_path), str(ROOT)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
    assert proc.stdout is not None
    output, begun, done, deadline = b"", -1, -1, time.monotonic() + 10
    try:
        while begun < after:
            assert time.monotonic() < deadline, "child stalled"
            ready, _, _ = select.select([proc.stdout], [], [], 0.5)
            if not ready:
                continue
            chunk = os.read(proc.stdout.fileno(), 65536)
            assert chunk, f"child died: {proc.stderr.read()!r}"  # type: ignore[union-attr]
            output += chunk
            for line in output.split(b"\n")[:-1]:  # complete lines only
                word, n = line.decode().split()
                begun, done = (int(n), done) if word == "begin" else (begun, int(n))
        time.sleep(0.001)  # some rows into the transaction
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()  # type: ignore[union-attr]
    return begun, done


def test_kill_9_mid_write_leaves_a_consistent_store(db_path: Path) -> None:
    begun, done = _kill_mid_write(db_path, after=6)
    assert done >= 5
    with SQLiteStore(db_path) as store:  # recovers the WAL
        conn = sqlite3.connect(db_path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
            # No half-written file: each file row matches the rows it owns.
            for name, documents, relations in conn.execute(
                    "SELECT name, documents, relations FROM files"):
                owned = conn.execute("SELECT count(*) FROM doc_facts WHERE file = ?",
                                     (name,)).fetchone()[0]
                edges = conn.execute("SELECT count(*) FROM relations WHERE file = ?",
                                     (name,)).fetchone()[0]
                assert (owned, edges) == (documents, relations)
            # The interrupted file holds its last complete version: the write in flight or
            # the one before it on that file.
            record = store.file_record(f"f{begun % 3}.txt")
            assert record is not None
            assert record.documents in {_documents_in(begun), _documents_in(begun - 3)}
            # documents is exactly the merge of what the facts name.
            merged = {k for (k,) in conn.execute("SELECT key FROM documents")}
            facts = {k for (k,) in conn.execute("SELECT DISTINCT doc_key FROM doc_facts")}
            assert merged == facts
        finally:
            conn.close()
        store.write_file_graph(make_edges_file_graph("k0>k1", file=f"f{begun % 3}.txt"))
        assert store.file_record(f"f{begun % 3}.txt").documents == 2  # type: ignore[union-attr]
