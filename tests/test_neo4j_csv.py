"""neo4j-admin import CSVs: headers neo4j-admin reads, and a lossless round trip to SQLite."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policygraph.graph.export import export_jsonl
from policygraph.graph.model import FileGraph
from policygraph.graph.neo4j_csv import (
    TABLES,
    Table,
    export_neo4j_csv,
    import_neo4j_csv,
    read_csv,
    write_csv,
)
from policygraph.graph.neo4j_push import read_file_graph
from policygraph.graph.sqlite_store import SQLiteStore
from tests import factories, graph_fixtures

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
README = Path(__file__).resolve().parents[1] / "cypher" / "README.md"


def jsonl(store: SQLiteStore) -> str:
    out = io.StringIO()
    export_jsonl(store, out)
    return out.getvalue()


def awkward_file() -> FileGraph:
    """Text neo4j-admin and CSV find hard: quotes, commas, semicolons, newlines, an empty
    title next to a missing issuer, an empty alias list, alternatives."""
    graph = factories.moved_to(factories.make_plan_file_graph(), 'kh "đặc biệt", 2024.txt')
    plan = graph.documents[0]
    graph.documents[0] = replace(plan, title="", issuer=None, alternatives=[
        {"title": "Kế hoạch; \"thực hiện\"\nNghị quyết 111/NQ-CP", "file": graph.file, "line": 5}])
    graph.relations[0] = replace(graph.relations[0], scope="Điều 7, khoản 2; điểm a",
                                 evidence=replace(graph.relations[0].evidence,
                                                  text='Căn cứ "Nghị quyết"\r\nsố 29-NQ/TW'))
    graph.agencies[0] = replace(graph.agencies[0], aliases=[], mentions=[])
    return graph


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    """The lineage world, the plan fixtures, an awkward file and the real 7099 plan."""
    s = graph_fixtures.write_lineage_store(SQLiteStore(tmp_path / "source.db"))
    s.write_file_graph(factories.moved_to(factories.make_file_graph(), "report-copy.txt"))
    s.write_file_graph(awkward_file())
    path = CORPUS / "binhduong_kh-7099-ubnd_2024_ocr.txt"
    if path.exists():
        from policygraph.ingest.pipeline import extract_file
        from policygraph.ingest.read import read_source

        real = extract_file(read_source(path))
        s.write_file_graph(factories.moved_to(real, "7099-real.txt"))
        s.write_file_graph(factories.moved_to(real, "7099-again.txt"))
    yield s
    s.close()


def test_round_trip_is_lossless(store: SQLiteStore, tmp_path: Path) -> None:
    paths = export_neo4j_csv(store, tmp_path / "csv")
    assert [p.name for p in paths] == [f"{t.name}.csv" for t in TABLES]
    with SQLiteStore(tmp_path / "copy.db") as copy:
        loaded = import_neo4j_csv(tmp_path / "csv", copy)
        assert loaded == [f.name for f in store.files()]
        assert jsonl(copy) == jsonl(store)
        for name in loaded:  # stronger than the export: each file's contribution, in order
            assert read_file_graph(copy, name) == read_file_graph(store, name)
        assert [(f.name, f.sha256, f.encoding, f.documents, f.relations) for f in copy.files()] == [
            (f.name, f.sha256, f.encoding, f.documents, f.relations) for f in store.files()]


def test_export_is_deterministic(store: SQLiteStore, tmp_path: Path) -> None:
    first = [p.read_bytes() for p in export_neo4j_csv(store, tmp_path / "a")]
    second = [p.read_bytes() for p in export_neo4j_csv(store, tmp_path / "b")]
    assert first == second


def test_headers_are_neo4j_admin_headers(store: SQLiteStore, tmp_path: Path) -> None:
    export_neo4j_csv(store, tmp_path)
    for table in TABLES:
        header = (tmp_path / f"{table.name}.csv").read_text(encoding="utf-8").split("\n", 1)[0]
        cells = header.split(",")
        if table.nodes:
            assert re.fullmatch(r"(\w+)?:ID\(\w+\)", cells[0]) and cells[-1] == ":LABEL", header
        else:
            assert re.fullmatch(r":START_ID\(\w+\)", cells[0]), header
            assert re.fullmatch(r":END_ID\(\w+\)", cells[1]) and cells[2] == ":TYPE", header
        for cell in cells:
            assert re.fullmatch(r"\w*(:(ID|START_ID|END_ID)\(\w+\)|:TYPE|:LABEL|:int|:double|:string\[\])?",
                                cell), cell
    documents = (tmp_path / "documents.csv").read_text(encoding="utf-8").split("\n", 1)[0]
    assert "year:int" in documents and "confidence:double" in documents
    assert "aliases:string[]" in (tmp_path / "states_agency.csv").read_text(encoding="utf-8")


def test_every_id_is_defined_once(store: SQLiteStore, tmp_path: Path) -> None:
    export_neo4j_csv(store, tmp_path)
    ids: dict[str, set[str]] = {}
    for table in (t for t in TABLES if t.nodes):
        rows = read_csv(tmp_path / f"{table.name}.csv", table)
        space = re.search(r"ID\((\w+)\)", table.header[0]).group(1)  # type: ignore[union-attr]
        keys = [r.get("key", r.get("name", r.get(":ID"))) for r in rows]
        assert len(keys) == len(set(keys)), table.name
        ids[space] = set(keys)
    for table in (t for t in TABLES if not t.nodes):
        start = re.search(r"\((\w+)\)", table.header[0]).group(1)  # type: ignore[union-attr]
        end = re.search(r"\((\w+)\)", table.header[1]).group(1)  # type: ignore[union-attr]
        for row in read_csv(tmp_path / f"{table.name}.csv", table):
            assert row[":START_ID"] in ids[start] and row[":END_ID"] in ids[end], (table.name, row)


def test_missing_values_and_empty_strings_stay_apart(tmp_path: Path) -> None:
    table = Table("t", ("a", "b:int", "c:double", "d:string[]", ":LABEL"))
    rows = [{"a": "", "b": None, "c": 1.5, "d": [], ":LABEL": "T"},
            {"a": None, "b": 7, "c": None, "d": ["x", ""], ":LABEL": "T"}]
    write_csv(tmp_path / "t.csv", table, rows)
    text = (tmp_path / "t.csv").read_text(encoding="utf-8")
    assert text.splitlines()[1] == '"",,1.5,,"T"'
    assert text.splitlines()[2] == ',7,,"x;","T"'
    assert read_csv(tmp_path / "t.csv", table) == rows


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.none(), st.text()), st.one_of(st.none(), st.integers(-2**31, 2**31 - 1)),
                          st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)))))
def test_any_text_survives_a_csv_round_trip(tmp_path_factory: pytest.TempPathFactory,
                                            cells: list[tuple[str | None, int | None, float | None]]) -> None:
    table = Table("t", ("text", "n:int", "x:double"))
    rows = [{"text": t, "n": n, "x": x} for t, n, x in cells]
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    write_csv(path, table, rows)
    assert read_csv(path, table) == rows


def test_array_delimiter_inside_an_alias_is_refused(tmp_path: Path) -> None:
    s = SQLiteStore(":memory:")
    graph = factories.make_plan_file_graph()
    graph.agencies[0] = replace(graph.agencies[0], aliases=["SCT; Sở Công Thương"])
    s.write_file_graph(graph)
    with pytest.raises(ValueError, match="array delimiter ';'"):
        export_neo4j_csv(s, tmp_path)


def test_missing_or_foreign_csv_says_what_to_do(store: SQLiteStore, tmp_path: Path) -> None:
    export_neo4j_csv(store, tmp_path)
    (tmp_path / "relates.csv").unlink()
    with pytest.raises(FileNotFoundError, match="relates.csv is missing"):
        import_neo4j_csv(tmp_path, SQLiteStore(":memory:"))
    (tmp_path / "relates.csv").write_text("a,b\n", encoding="utf-8")
    with pytest.raises(ValueError, match="export the CSVs again"):
        import_neo4j_csv(tmp_path, SQLiteStore(":memory:"))


def test_readme_import_command_names_every_file() -> None:
    readme = README.read_text(encoding="utf-8")
    command = readme[readme.index("neo4j-admin database import full"):]
    command = command[: command.index("```")]
    for table in TABLES:
        flag = "--nodes" if table.nodes else "--relationships"
        assert f"{flag}={table.name}.csv" in command, table.name
