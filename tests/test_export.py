"""The JSON Lines export (interfaces.md) and its reader."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policygraph.graph.export import export_jsonl, read_jsonl, to_record
from policygraph.graph.model import Agency, RelationType, Target
from policygraph.graph.sqlite_store import SQLiteStore
from policygraph.graph.store import Store
from tests.factories import (
    IMPLEMENTS_361,
    KH_245,
    KH_7099,
    KL_361,
    ON_361,
    REPORT_FILE,
    make_document,
    make_edges_file_graph,
    make_evidence,
    make_file_graph,
    make_indicator,
    make_plan_file_graph,
    make_relation,
)

# The fields interfaces.md names for each kind, then our documented extensions.
FIELDS = {
    "document": ["kind", "key", "symbol", "doc_type", "issuer", "jurisdiction", "date", "year",
                 "title", "status", "origin", "mentions", "confidence", "alternatives"],
    "relation": ["kind", "source", "target", "type", "evidence", "file", "line", "scope",
                 "confidence"],
    "task": ["kind", "key", "plan", "section", "text", "lead", "coordinate", "file", "line"],
    "agency": ["kind", "key", "name", "jurisdiction", "aliases", "agency_kind", "valid_until",
               "successor", "mentions"],
    "indicator": ["kind", "key", "name", "scope", "targets", "observations"],
}


@pytest.fixture
def store() -> Iterator[SQLiteStore]:
    """A store holding the two factory files."""
    with SQLiteStore(":memory:") as store:
        store.write_file_graph(make_file_graph())
        store.write_file_graph(make_plan_file_graph())
        yield store


def export(store: Store) -> str:
    """The export as one string."""
    out = io.StringIO()
    export_jsonl(store, out)
    return out.getvalue()


def records(store: Store) -> list[dict]:
    """The export, parsed."""
    return list(read_jsonl(io.StringIO(export(store))))


def test_an_empty_store_exports_nothing() -> None:
    with SQLiteStore(":memory:") as empty:
        out = io.StringIO()
        assert export_jsonl(empty, out) == 0
        assert out.getvalue() == ""


def test_counts_lines_and_orders_kinds(store: SQLiteStore) -> None:
    out = io.StringIO()
    count = export_jsonl(store, out)
    lines = out.getvalue().split("\n")
    assert lines[-1] == "" and len(lines) - 1 == count == 18
    kinds = [r["kind"] for r in records(store)]
    assert kinds == ["document"] * 8 + ["relation"] * 6 + ["agency", "task", "indicator",
                                                            "indicator"]


def test_every_kind_has_the_contract_fields(store: SQLiteStore) -> None:
    for record in records(store):
        assert list(record) == FIELDS[record["kind"]]


def test_relation_line_matches_the_contract(store: SQLiteStore) -> None:
    (line,) = [r for r in records(store) if r["kind"] == "relation" and r["target"] == KL_361
               and r["type"] == "implements"]
    assert line == {"kind": "relation", "source": KH_245, "target": KL_361,
                    "type": "implements", "evidence": IMPLEMENTS_361, "file": REPORT_FILE,
                    "line": 4413, "scope": None, "confidence": 1}


def test_document_lines_carry_origin_mentions_and_status(store: SQLiteStore) -> None:
    docs = {r["key"]: r for r in records(store) if r["kind"] == "document"}
    cited, plan = docs[KL_361], docs[KH_7099]
    assert cited["origin"] is None
    assert cited["mentions"][0] == {"file": REPORT_FILE, "line": 337, "text": ON_361}
    assert plan["origin"] == {"file": "binhduong_kh-7099-ubnd_2024_ocr.txt", "line": 1}
    assert {r["status"] for r in docs.values()} == {"in_force"}
    assert (cited["doc_type"], cited["date"], cited["year"]) == ("conclusion", "2022-06-25", 2022)


def test_status_is_derived_as_the_store_derives_it() -> None:
    with SQLiteStore(":memory:") as store:
        store.write_file_graph(make_edges_file_graph(
            [("new", "old", RelationType.REPLACES), ("fix", "new", RelationType.AMENDS),
             ("cut", "fix", RelationType.REPEALS)]))
        statuses = {r["key"]: r["status"] for r in records(store) if r["kind"] == "document"}
        assert statuses == {"new": "amended", "old": "replaced", "fix": "repealed",
                            "cut": "in_force"}
        assert statuses == {key: store.status(key) for key in statuses}


def test_vietnamese_stays_unescaped(store: SQLiteStore) -> None:
    text = export(store)
    assert "Ban Thường vụ Tỉnh ủy Bình Phước" in text
    assert "\\u" not in text


def test_two_exports_are_byte_identical(store: SQLiteStore) -> None:
    assert export(store) == export(store)


def test_export_does_not_depend_on_ingest_order(store: SQLiteStore) -> None:
    with SQLiteStore(":memory:") as other:
        other.write_file_graph(make_plan_file_graph())
        other.write_file_graph(make_file_graph())
        assert export(other) == export(store)


def test_whole_numbers_print_as_integers() -> None:
    indicator = make_indicator(targets=[Target(15.0, "%", 2025, ">="),
                                        Target(0.5, "%", 2030, "~")])
    line = to_record(indicator)
    assert [t["value"] for t in line["targets"]] == [15, 0.5]
    assert isinstance(line["targets"][0]["value"], int)


@settings(max_examples=60, deadline=None)
@given(text=st.text())
def test_any_text_is_one_line_and_reads_back(text: str) -> None:
    # Line breaks of every kind (\n, \u2028, \x85) must not split a record.
    graph = make_file_graph(
        documents=[make_document(title=text), make_document(key=KH_245, symbol="245/KH-UBND")],
        relations=[make_relation(evidence=make_evidence(text=text), scope=text)], indicators=[])
    with SQLiteStore(":memory:") as store:
        store.write_file_graph(graph)
        exported = export(store)
    assert len(exported.splitlines()) == 3
    plan, conclusion, relation = read_jsonl(exported.splitlines())
    assert (plan["key"], conclusion["key"]) == (KH_245, KL_361)
    assert (conclusion["title"], relation["evidence"], relation["scope"]) == (text, text, text)


def test_read_jsonl_skips_blank_lines() -> None:
    lines = ['{"kind": "agency", "name": "Sở Công Thương"}\n', "\n", "   \n",
             '{"kind": "task"}']
    assert [r["kind"] for r in read_jsonl(lines)] == ["agency", "task"]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (['{"kind": "agency"}', "{not json"], "line 2 is not JSON"),
        (['[1, 2]'], "line 1 is a JSON list, not an object"),
    ],
)
def test_read_jsonl_names_the_bad_line(lines: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        list(read_jsonl(lines))


def test_to_record_needs_a_status_for_documents() -> None:
    with pytest.raises(ValueError, match="status"):
        to_record(make_document())
    assert to_record(make_document(), "amended")["status"] == "amended"
    assert to_record(Agency("k", "Sở Tài chính"))["aliases"] == []
    with pytest.raises(TypeError, match="cannot export"):
        to_record("361-KL/TU")  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_exports_read_back(store: SQLiteStore, tmp_path, fmt: str) -> None:
    """GraphML / GEXF written from the store read back with every relation and its evidence."""
    import networkx as nx

    from policygraph.graph.networkx_export import write_network

    path = tmp_path / f"graph.{fmt}"
    write_network(store, path, fmt)
    graph = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert graph.number_of_nodes() == len(list(store.documents()))
    assert graph.number_of_edges() == len(list(store.relations()))
    evidence = {d.get("evidence") for _, _, d in graph.edges(data=True)}
    assert any("361-KL/TU" in (e or "") for e in evidence)
