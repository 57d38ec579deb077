"""The Neo4j store without a server: row mapping, batching, the statements it sends, its
Python-side merging and walking checked against the SQLite store, and connection errors.

The server-side half (the Cypher itself against a live Neo4j) is tests/test_store_parity.py.
Here the driver is replaced at its seam (``Neo4jStore(driver=…)``) by a recording fake that
answers every statement from ``cypher/`` with canned records.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from neo4j import exceptions as neo4j_errors

from policygraph.graph.cypher_files import cypher_file, load_cypher_files
from policygraph.graph.model import DocType, Document, FileGraph, Relation, RelationType
from policygraph.graph.neo4j_push import push_to_neo4j, read_file_graph
from policygraph.graph.neo4j_records import (
    agencies_from_records,
    document_from_record,
    indicators_from_records,
    relations_from_records,
    tasks_from_records,
)
from policygraph.graph.neo4j_rows import (
    BATCH_SIZE,
    WRITE_STEPS,
    agency_mention_rows,
    agency_rows,
    chunked,
    document_fact_rows,
    document_mention_rows,
    indicator_rows,
    merged_document_row,
    observation_rows,
    relation_rows,
    target_rows,
    task_coordinator_rows,
    task_lead_rows,
    task_rows,
    write_batches,
)
from policygraph.graph.neo4j_store import Neo4jStore, Neo4jUnavailable
from policygraph.graph.neo4j_traverse import traverse_with
from policygraph.graph.sqlite_store import SQLiteStore
from policygraph.graph.store import FileRecord, NotFound, StoreError, open_store
from tests import factories, graph_fixtures

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
PLAN_7099 = "binhduong_kh-7099-ubnd_2024_ocr.txt"
FILES = load_cypher_files()
# Statement text -> its cypher file, so the fake can tell what the store sent.
STATEMENT_FILE = {s: f.name for f in FILES.values() for s in f.statements}


@pytest.fixture(autouse=True)
def _no_neo4j_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests never reach a developer's server."""
    for name in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def corpus_graph() -> FileGraph:
    """The real Bình Dương plan 7099/KH-UBND (OCR), read and extracted by the ingest chain."""
    path = CORPUS / PLAN_7099
    if not path.exists():
        pytest.skip(f"corpus file {path} is not there: tests read the shared corpus beside the repo")
    from policygraph.ingest.pipeline import extract_file
    from policygraph.ingest.read import read_source

    graph = extract_file(read_source(path))
    assert graph.documents and graph.relations, "the ingest found nothing in 7099/KH-UBND"
    return graph


# --- a recording fake driver (the seam) -------------------------------------------------------


@dataclasses.dataclass
class Sent:
    """One statement the store sent: its cypher file, parameters and transaction number."""

    name: str
    params: dict[str, Any]
    transaction: int
    kind: str  # read | write


class FakeDriver:
    """Records every statement; answers from ``answers[name](params)`` (default: no rows)."""

    def __init__(self, answers: dict[str, Callable[[dict[str, Any]], list[dict[str, Any]]]] | None = None):
        self.sent: list[Sent] = []
        self.answers = answers or {}
        self.transactions = 0
        self.closed = False

    def verify_connectivity(self) -> None:
        pass

    def session(self, database: str | None = None) -> FakeSession:
        return FakeSession(self)

    def close(self) -> None:
        self.closed = True


class FakeSession:
    def __init__(self, driver: FakeDriver) -> None:
        self.driver = driver

    def __enter__(self) -> FakeSession:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def execute_read(self, work: Callable[..., Any], *args: Any) -> Any:
        return self._transaction(work, args, "read")

    def execute_write(self, work: Callable[..., Any], *args: Any) -> Any:
        return self._transaction(work, args, "write")

    def _transaction(self, work: Callable[..., Any], args: tuple, kind: str) -> Any:
        self.driver.transactions += 1
        return work(FakeTx(self.driver, self.driver.transactions, kind), *args)


class FakeTx:
    def __init__(self, driver: FakeDriver, number: int, kind: str) -> None:
        self.driver, self.number, self.kind = driver, number, kind

    def run(self, query: str, parameters: dict[str, Any]) -> FakeResult:
        name = STATEMENT_FILE[query]  # KeyError: the store sent Cypher that is not a file
        self.driver.sent.append(Sent(name, dict(parameters), self.number, self.kind))
        answer = self.driver.answers.get(name)
        return FakeResult(answer(parameters) if answer else [])


class FakeResult:
    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.records = records

    def data(self) -> list[dict[str, Any]]:
        return self.records


def _facts(params: dict[str, Any]) -> list[dict[str, Any]]:
    """document_facts: every asked key but the last is still stated by some file."""
    return [{"key": k, "file": "a.txt", "symbol": None, "doc_type": "plan", "issuer": None,
             "jurisdiction": None, "date": None, "year": None, "title": None, "origin_line": None,
             "confidence": 1.0, "alternatives_json": "[]"} for k in params["keys"][:-1]]


def _document(params: dict[str, Any]) -> list[dict[str, Any]]:
    row = merged_document_row(Document(params.get("key", "k"), "1/KH", DocType.PLAN))
    return [row | {"mentions": []}]


ANSWERS: dict[str, Callable[[dict[str, Any]], list[dict[str, Any]]]] = {
    "file_contribution_keys": lambda p: [{"documents": ["old-doc"], "tasks": ["old-task"],
                                          "stated_agencies": [], "assigned_agencies": ["a"],
                                          "indicators": []}],
    "document_exists": lambda p: [{"found": True}],
    "document_facts": _facts,
    "document_by_key": _document,
    "graph_counts": lambda p: [dict.fromkeys(("documents", "relations", "files", "tasks",
                                              "agencies", "indicators"), 0)],
}


def fake_store(**kwargs: Any) -> tuple[Neo4jStore, FakeDriver]:
    driver = FakeDriver(ANSWERS)
    return Neo4jStore("bolt://fake:7687", "neo4j", "pw", driver=driver, **kwargs), driver


def sent_after_setup(driver: FakeDriver) -> list[Sent]:
    return [s for s in driver.sent if not FILES[s.name].setup]


def plan_with_observation() -> FileGraph:
    """The plan fixture, with a value it reports itself: every kind of row is present."""
    graph = factories.make_plan_file_graph()
    evidence = factories.make_evidence(file=factories.PLAN_FILE, line=120,
                                       text="năm 2023 đạt 35.420 tỷ đồng")
    graph.indicators[0].observations.append(
        factories.make_observation(source=factories.KH_7099, evidence=evidence))
    return graph


# --- row mapping on the real corpus -------------------------------------------------------------


def row_fields(name: str) -> set[str]:
    """The ``row.x`` fields a cypher file reads."""
    return set(re.findall(r"\brow\.(\w+)", cypher_file(name).statement))


@pytest.mark.parametrize(("name", "rows_of"), WRITE_STEPS, ids=[n for n, _ in WRITE_STEPS])
def test_rows_carry_exactly_the_fields_each_statement_reads(
        name: str, rows_of: Callable[[FileGraph], list[dict[str, Any]]]) -> None:
    graph = plan_with_observation()
    rows = rows_of(graph)
    assert rows, f"the plan fixture gives no {name} rows"
    assert {frozenset(r) for r in rows} == {frozenset(row_fields(name))}
    assert set(cypher_file(name).parameters) == {"file", "rows"}


def test_document_rows_of_the_real_plan_map_every_field(corpus_graph: FileGraph) -> None:
    facts = document_fact_rows(corpus_graph)
    assert [r["key"] for r in facts] == [d.key for d in corpus_graph.documents]
    for row, doc in zip(facts, corpus_graph.documents, strict=True):
        assert (row["symbol"], row["doc_type"], row["issuer"], row["jurisdiction"], row["date"],
                row["year"], row["title"], row["confidence"]) == (
            doc.symbol, str(doc.doc_type), doc.issuer, doc.jurisdiction, doc.date, doc.year,
            doc.title, doc.confidence)
        assert row["origin_line"] == (doc.origin.line if doc.origin else None)
    host = next(r for r in facts if r["symbol"] == "7099/KH-UBND")
    assert host["origin_line"] is not None and host["doc_type"] == "plan"
    mentions = document_mention_rows(corpus_graph)
    assert len(mentions) == sum(len(d.mentions) for d in corpus_graph.documents)
    assert [m["seq"] for m in mentions] == list(range(len(mentions)))


def test_relation_rows_of_the_real_plan_keep_provenance(corpus_graph: FileGraph) -> None:
    rows = relation_rows(corpus_graph)
    assert len(rows) == len(corpus_graph.relations)
    for row, r in zip(rows, corpus_graph.relations, strict=True):
        assert row == {"seq": row["seq"], "source": r.source, "target": r.target,
                       "type": str(r.type), "line": r.evidence.line,
                       "evidence": r.evidence.text, "scope": r.scope,
                       "confidence": r.confidence}
        assert r.evidence.file == corpus_graph.file  # the file itself goes as $file


def test_rows_round_trip_through_merged_document(corpus_graph: FileGraph) -> None:
    for doc in corpus_graph.documents:
        record = merged_document_row(doc) | {"mentions": [
            {"file": m.file, "line": m.line, "text": m.text, "seq": n}
            for n, m in enumerate(doc.mentions)]}
        back = document_from_record(record)
        assert back == replace(doc, mentions=sorted(doc.mentions,
                                                    key=lambda m: (m.file, m.line, m.text)))


def test_chunking_1201_rows_gives_three_batches(corpus_graph: FileGraph) -> None:
    # The plan's real relations, repeated with their evidence, to 1,201 rows.
    relations = [corpus_graph.relations[n % len(corpus_graph.relations)] for n in range(1201)]
    big = replace(corpus_graph, relations=relations)
    batches = [(name, p) for name, p in write_batches(big) if name == "upsert_relations"]
    assert [len(p["rows"]) for _, p in batches] == [500, 500, 201]
    assert all(p["file"] == PLAN_7099 for _, p in batches)
    assert [r["seq"] for _, p in batches for r in p["rows"]] == list(range(1201))
    assert BATCH_SIZE == 500
    assert [len(c) for c in chunked(list(range(1000)), 500)] == [500, 500]
    assert list(chunked([], 500)) == []
    with pytest.raises(ValueError, match="batch size"):
        list(chunked([1], 0))


def test_write_sends_batches_inside_one_transaction(corpus_graph: FileGraph) -> None:
    store, driver = fake_store()
    relations = [corpus_graph.relations[n % len(corpus_graph.relations)] for n in range(1201)]
    store.write_file_graph(replace(corpus_graph, relations=relations))
    sent = sent_after_setup(driver)
    assert {s.transaction for s in sent} == {sent[0].transaction} and sent[0].kind == "write"
    names = [s.name for s in sent]
    assert names[:3] == ["file_contribution_keys", "delete_file_contributions", "upsert_file"]
    assert names.count("upsert_relations") == 3
    assert sent[2].params["relations"] == 1201 and sent[2].params["name"] == PLAN_7099
    # Re-merge covers the documents the file had and has; the unstated one is deleted.
    facts = next(s for s in sent if s.name == "document_facts")
    assert facts.params["keys"] == sorted({"old-doc", *(d.key for d in corpus_graph.documents)})
    gone = next(s for s in sent if s.name == "delete_documents_without_facts")
    assert gone.params["keys"] == [facts.params["keys"][-1]]
    assert sent[-1].name == "delete_unreferenced_nodes"
    assert sent[-1].params == {"tasks": ["old-task"], "agencies": ["a"], "indicators": []}


def test_batch_size_is_a_store_option(corpus_graph: FileGraph) -> None:
    store, driver = fake_store(batch_size=10)
    store.write_file_graph(corpus_graph)
    counts = [len(s.params["rows"]) for s in driver.sent if s.name == "upsert_relations"]
    assert counts == [10, 10, 10, 6]


def test_invalid_graph_is_refused_before_any_statement() -> None:
    store, driver = fake_store()
    before = len(driver.sent)
    bad = factories.make_file_graph(documents=[factories.make_document()])
    with pytest.raises(StoreError, match="does not hold together"):
        store.write_file_graph(bad)
    assert len(driver.sent) == before


# --- every file is sent, with exactly its declared parameters -----------------------------------


def exercise(store: Neo4jStore) -> None:
    """Call every Store verb once (and the variants that pick other files)."""
    graph = plan_with_observation()
    store.file_record(graph.file)
    store.write_file_graph(graph)
    store.document(factories.KH_7099)
    list(store.documents())
    store.documents_by_symbol("7099/KH-UBND")
    list(store.relations())
    store.edges(factories.KH_7099, "out", [RelationType.BASED_ON])
    store.edges(factories.KH_7099, "in")
    store.traverse(factories.KH_7099, "out", max_depth=3)
    store.traverse(factories.KH_7099, "in", max_depth=3)
    store.status(factories.KH_7099)
    store.tasks()
    store.tasks(plan=factories.KH_7099)
    store.tasks(agency=factories.SCT_BD)
    store.agencies()
    store.indicators()
    store.indicators(scope=factories.KH_7099)
    store.files()
    store.stats()
    store.remove_file(graph.file)
    store.close()


def test_store_sends_every_cypher_file_and_only_those() -> None:
    store, driver = fake_store()
    exercise(store)
    assert driver.closed
    assert {s.name for s in driver.sent} == set(FILES)


def test_store_supplies_exactly_the_declared_parameters() -> None:
    store, driver = fake_store()
    exercise(store)
    for sent in driver.sent:
        assert set(sent.params) == set(FILES[sent.name].parameters), sent.name


def test_reads_run_in_read_transactions_and_setup_first() -> None:
    store, driver = fake_store()
    exercise(store)
    setup = [s.name for s in driver.sent][:14]
    assert setup == ["000_constraints"] * 5 + ["010_indexes"] * 9
    for sent in driver.sent:
        writes = sent.name.startswith(("upsert_", "delete_", "set_", "0"))
        assert sent.kind == ("write" if writes else sent.kind), sent.name
        if sent.name.startswith(("all_", "tasks_of", "indicators_framed", "graph_counts",
                                 "edges_", "document_by", "documents_by")):
            assert sent.kind == "read", sent.name


def test_tracer_sees_every_statement() -> None:
    seen: list[tuple[str, dict[str, Any]]] = []
    store, driver = fake_store(tracer=lambda q, p: seen.append((q, p)))
    store.stats()
    assert [STATEMENT_FILE[q] for q, _ in seen][-2:] == ["graph_counts", "relation_counts_by_type"]
    assert len(seen) == len(driver.sent)


def test_unknown_document_is_not_found() -> None:
    store, driver = fake_store()
    driver.answers = {**ANSWERS, "document_exists": lambda p: [{"found": False}],
                      "document_by_key": lambda p: []}
    with pytest.raises(NotFound, match="No document with key 'nope'"):
        store.document("nope")
    with pytest.raises(NotFound):
        store.status("nope")
    with pytest.raises(NotFound):
        store.traverse("nope")


def test_bad_arguments_fail_like_sqlite() -> None:
    store, _ = fake_store()
    sqlite = SQLiteStore(":memory:")
    for call in (lambda s: s.edges("k", "sideways"), lambda s: s.traverse("k", "up"),
                 lambda s: s.traverse("k", max_depth=-1), lambda s: s.edges("k", "out", ["nope"])):
        with pytest.raises(ValueError):
            call(sqlite)
        with pytest.raises(ValueError):
            call(store)


# --- the Python half of parity: walking and merging, against SQLite ------------------------------


@pytest.fixture(scope="module")
def lineage() -> Iterator[SQLiteStore]:
    store = graph_fixtures.write_lineage_store(SQLiteStore(":memory:"))
    yield store
    store.close()


@pytest.mark.parametrize("types", [None, (RelationType.IMPLEMENTS,),
                                   (RelationType.BASED_ON, RelationType.IMPLEMENTS), ()],
                         ids=["all", "implements", "based_on+implements", "none"])
@pytest.mark.parametrize("direction", ["out", "in"])
def test_breadth_first_walk_matches_sqlite_recursive_cte(
        lineage: SQLiteStore, direction: str, types: tuple[RelationType, ...] | None) -> None:
    def expand(keys: list[str]) -> list[Relation]:
        return [r for key in keys for r in lineage.edges(key, direction, types)]

    for doc in lineage.documents():
        for max_depth in (0, 1, 2, 3, 10, 100):
            for limit in (0, 1, 2, 3, 10_000):
                expected = lineage.traverse(doc.key, direction, types, max_depth, limit)
                got = traverse_with(expand, doc.key, direction, max_depth, limit)
                assert got == expected, (doc.key, max_depth, limit)


def _records(graphs: list[FileGraph], store: SQLiteStore) -> dict[str, list[dict[str, Any]]]:
    """What the read statements would return for these files: built from the same rows the
    write statements store (what Neo4j holds), read back as the Returns of each file say."""
    documents = {d.key: d for d in store.documents()}
    out: dict[str, list[dict[str, Any]]] = {"tasks": [], "agencies": [], "indicators": [],
                                            "relations": []}
    for g in graphs:
        f = g.file
        out["relations"] += [r | {"file": f} for r in relation_rows(g)]
        leads, coordinators = task_lead_rows(g), task_coordinator_rows(g)
        for t in task_rows(g):
            origin = documents[t["plan"]].origin
            out["tasks"].append({
                "key": t["key"], "file": f, "seq": t["seq"], "plan": t["plan"],
                "section": t["section"], "text": t["text"], "line": t["line"],
                "evidence": t["evidence"], "plan_origin_file": origin.file if origin else None,
                "lead": [{"agency": r["agency"], "seq": r["seq"]} for r in leads if r["task"] == t["key"]],
                "coordinate": [{"agency": r["agency"], "seq": r["seq"]}
                               for r in coordinators if r["task"] == t["key"]]})
        mentions = agency_mention_rows(g)
        for a in agency_rows(g):
            out["agencies"].append(a | {"file": f, "mentions": [
                {"line": m["line"], "text": m["text"], "seq": m["seq"]}
                for m in mentions if m["key"] == a["key"]]})
        targets, observations = target_rows(g), observation_rows(g)
        for i in indicator_rows(g):
            out["indicators"].append(i | {"file": f,
                "targets": [t for t in targets if t["indicator"] == i["key"]],
                "observations": [o for o in observations if o["indicator"] == i["key"]]})
    return out


@pytest.fixture(scope="module")
def restated() -> Iterator[tuple[SQLiteStore, list[FileGraph]]]:
    """Plan 7099 and a second file restating its task, agency and indicator differently
    (named first alphabetically, without origins), plus the Bình Phước report."""
    plan = factories.make_plan_file_graph()
    copy = factories.moved_to(plan, "a-restatement.txt")
    copy.documents = [replace(d, origin=None) for d in copy.documents]
    copy.tasks = [replace(copy.tasks[0], text="Phát triển công nghiệp hỗ trợ (tóm tắt)",
                          lead=["cac-so-ban-nganh@BinhDuong"], coordinate=[factories.SCT_BD])]
    copy.agencies = [replace(copy.agencies[0], name="Sở Công Thương tỉnh Bình Dương",
                             aliases=["Sở CT"], valid_until="2025-03-01")]
    copy.indicators = [replace(copy.indicators[0], name="GRDP", scope=None)]
    graphs = [plan, copy, factories.make_file_graph()]
    store = SQLiteStore(":memory:")
    for g in graphs:
        store.write_file_graph(g)
    yield store, graphs
    store.close()


def test_task_choice_matches_sqlite(restated: tuple[SQLiteStore, list[FileGraph]]) -> None:
    store, graphs = restated
    records = _records(graphs, store)["tasks"]
    assert tasks_from_records(records) == store.tasks()
    assert tasks_from_records(records)[0].text == "Phát triển công nghiệp hỗ trợ, công nghiệp chế biến, chế tạo"
    for agency in (factories.SCT_BD, "cac-so-ban-nganh@BinhDuong", "nobody"):
        got = [t for t in tasks_from_records(records) if agency in t.lead or agency in t.coordinate]
        assert got == store.tasks(agency=agency)


def test_agency_merge_matches_sqlite(restated: tuple[SQLiteStore, list[FileGraph]]) -> None:
    store, graphs = restated
    assert agencies_from_records(_records(graphs, store)["agencies"]) == store.agencies()


def test_indicator_merge_matches_sqlite(restated: tuple[SQLiteStore, list[FileGraph]]) -> None:
    store, graphs = restated
    records = _records(graphs, store)["indicators"]
    assert indicators_from_records(records) == store.indicators()
    merged = indicators_from_records(records)
    assert [i for i in merged if i.scope == factories.KH_7099] == store.indicators(scope=factories.KH_7099)


def test_relation_order_matches_sqlite(restated: tuple[SQLiteStore, list[FileGraph]]) -> None:
    store, graphs = restated
    records = _records(graphs, store)["relations"]
    assert relations_from_records(reversed(records)) == list(store.relations())


# --- reading a file back, and push ---------------------------------------------------------------


def test_read_file_graph_gives_back_what_was_written(corpus_graph: FileGraph,
                                                     restated: tuple[SQLiteStore, list[FileGraph]]) -> None:
    store, graphs = restated
    for graph in graphs:
        assert read_file_graph(store, graph.file) == graph
    with SQLiteStore(":memory:") as fresh:
        fresh.write_file_graph(corpus_graph)
        assert read_file_graph(fresh, corpus_graph.file) == corpus_graph
        with pytest.raises(NotFound, match="No file 'nope.txt'"):
            read_file_graph(fresh, "nope.txt")
    with pytest.raises(TypeError, match="SQLiteStore"):
        read_file_graph(object(), "a.txt")  # type: ignore[arg-type]


class RecordingTarget:
    """Stands in for a Neo4jStore: keeps what push writes."""

    def __init__(self, extra: list[str]) -> None:
        self.written: list[tuple[FileGraph, str | None]] = []
        self.removed: list[str] = []
        self.extra = extra

    def write_file_graph(self, graph: FileGraph, *, ingested_at: str | None = None) -> None:
        self.written.append((graph, ingested_at))

    def files(self) -> list[FileRecord]:
        return [FileRecord(n, "", "utf-8", "", 0, 0) for n in (*self.extra, *(g.file for g, _ in self.written))]

    def remove_file(self, name: str) -> None:
        self.removed.append(name)


def test_push_copies_every_file_with_its_time(restated: tuple[SQLiteStore, list[FileGraph]]) -> None:
    store, graphs = restated
    target = RecordingTarget(extra=["gone.txt"])
    seen: list[str] = []
    pushed = push_to_neo4j(store, target, lambda record: seen.append(record.name), prune=True)  # type: ignore[arg-type]
    assert [r.name for r in pushed] == seen == sorted(g.file for g in graphs)
    by_name = {g.file: g for g in graphs}
    for graph, ingested_at in target.written:
        assert graph == by_name[graph.file]
        assert ingested_at == store.file_record(graph.file).ingested_at  # type: ignore[union-attr]
    assert target.removed == ["gone.txt"]


# --- connecting ---------------------------------------------------------------------------------


def test_no_server_says_how_to_fix() -> None:
    with pytest.raises(Neo4jUnavailable) as caught:
        Neo4jStore("bolt://127.0.0.1:1", "neo4j", "pw")
    message = str(caught.value)
    assert "bolt://127.0.0.1:1" in message and "Is the server running" in message
    assert "NEO4J_URI" in message
    assert isinstance(caught.value.__cause__, neo4j_errors.ServiceUnavailable)
    assert isinstance(caught.value, StoreError)


def test_open_store_routes_bolt_uris_to_neo4j() -> None:
    with pytest.raises(Neo4jUnavailable):
        open_store("bolt://127.0.0.1:1")


def test_no_uri_names_the_settings() -> None:
    with pytest.raises(Neo4jUnavailable, match="NEO4J_URI"):
        Neo4jStore()


@pytest.mark.parametrize("uri", ["http://localhost:7474", "localhost:7687", "bolt://h:7687/db"])
def test_malformed_uri_is_refused(uri: str) -> None:
    with pytest.raises(StoreError, match="is not a Neo4j URI"):
        Neo4jStore(uri, "neo4j", "pw")


def test_refused_login_names_user_and_settings() -> None:
    class Refusing(FakeDriver):
        def verify_connectivity(self) -> None:
            raise neo4j_errors.AuthError("The client is unauthorized due to authentication failure.")

    driver = Refusing()
    with pytest.raises(Neo4jUnavailable, match="refused the login of user 'reader'.*NEO4J_PASSWORD"):
        Neo4jStore("bolt://graph:7687", "reader", "wrong", driver=driver)
    assert driver.closed


def test_server_errors_become_store_errors() -> None:
    store, driver = fake_store()

    def fail(params: dict[str, Any]) -> list[dict[str, Any]]:
        raise neo4j_errors.ClientError("boom")

    driver.answers = {**ANSWERS, "all_files": fail}
    with pytest.raises(StoreError, match="failed while running all_files.cypher"):
        store.files()


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "neo4j://cluster.example.org:7687")
    monkeypatch.setenv("NEO4J_USER", "policygraph")
    monkeypatch.setenv("NEO4J_DATABASE", "lineage")
    store = Neo4jStore(driver=FakeDriver(ANSWERS))
    assert (store.uri, store.user, store.database) == ("neo4j://cluster.example.org:7687",
                                                       "policygraph", "lineage")
    assert repr(store) == "<Neo4jStore 'neo4j://cluster.example.org:7687' database='lineage'>"


# --- the parity suite's own soundness, without a server -----------------------------------------


def test_parity_checks_pass_on_two_sqlite_stores() -> None:
    # tests/test_store_parity.py runs these checks against Neo4j; here the second store is
    # an SQLite copy made file by file with read_file_graph, as push makes the Neo4j one.
    from tests.test_store_parity import CHECKS, fill, world

    reference = fill(SQLiteStore(":memory:"), world())
    copy = SQLiteStore(":memory:")
    for record in reference.files():
        copy.write_file_graph(read_file_graph(reference, record.name))
    for compare in CHECKS:
        compare(reference, copy)
    assert len(CHECKS) >= 14


@pytest.mark.parametrize("name", ["neo4j_store", "neo4j_rows", "neo4j_records", "neo4j_traverse",
                                  "neo4j_push"])
def test_neo4j_modules_docstring_examples_run(name: str) -> None:
    import doctest
    import importlib

    module = importlib.import_module(f"policygraph.graph.{name}")
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failures == 0
