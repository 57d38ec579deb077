"""Folding one more file into a merged document equals merging every fact again.

The SQLite store keeps ``documents`` in step by folding a new file's fact into the merged
row when that file sorts after every other file stating the document (merge_appended,
appended_alternatives_json), and re-merges everything else (merge_facts). These tests hold
both paths to the one rule: after any writes and removals, in any order, every merged row
is what merge_facts makes of the facts the store holds.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from policygraph.graph.merge import (
    canonical_alternative,
    dumps_json,
    fact_from_row,
    merge_appended,
    merge_facts,
    surely_absent,
)
from policygraph.graph.model import DocType, Document, Evidence, FileGraph, Origin
from policygraph.graph.sqlite_store import SQLiteStore, _appended_cells, _document_cells

FILES = ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]
KEYS = ["k1", "k2"]


def optional(*values: object) -> st.SearchStrategy:
    """One of a few values, or None: few values make ties between files likely."""
    return st.sampled_from([None, *values])


def alternative(file: str) -> st.SearchStrategy:
    """Alternatives shaped like the extractor's (naming their file) or shared between files."""
    return st.one_of(
        st.fixed_dictionaries({"title": st.sampled_from(["Kết luận", "KL"]),
                               "file": st.just(file), "line": st.integers(1, 3)}),
        st.sampled_from([{"title": "chung"}, {"basis": "stated", "line": 1}, {"n": 1.5}]),
        st.sampled_from(["chuỗi", 7]),
    )


@st.composite
def facts(draw: st.DrawFn, file: str, key: str = "k1") -> Document:
    """One file's say on one document, as doc_facts holds it."""
    return Document(
        key=key,
        symbol=draw(optional("361-KL/TU", "361/KL-TU", "12/KH")),
        doc_type=draw(st.sampled_from([DocType.OTHER, DocType.CONCLUSION, DocType.PLAN])),
        issuer=draw(optional("Tỉnh ủy", "UBND", "Tỉnh ủy Bình Phước")),
        jurisdiction=draw(optional("Bình Phước", "Bình Dương")),
        date=draw(optional("2022", "2022-06", "2022-06-25", "2022-06-26")),
        year=draw(optional(2021, 2022)),
        title=draw(optional("ab", "cd", "abcd")),
        origin=draw(st.sampled_from([None, Origin(file, 2)])),
        confidence=draw(st.sampled_from([0.5, 0.9, 1.0])),
        alternatives=draw(st.lists(alternative(file), max_size=3)),
    )


@st.composite
def fact_lists(draw: st.DrawFn) -> list[tuple[str, Document]]:
    """Two to five files' facts on one document, in file-name order."""
    files = sorted(draw(st.sets(st.sampled_from(FILES), min_size=2)))
    return [(file, draw(facts(file))) for file in files]


@settings(max_examples=400, deadline=None)
@given(fact_lists())
def test_folding_the_last_file_equals_merging_all(found: list[tuple[str, Document]]) -> None:
    *earlier, (_, last) = found
    merged = merge_facts(earlier)
    origin_fact = next((doc for file, doc in earlier
                        if merged.origin is not None and file == merged.origin.file), None)
    assert merge_appended(merged, origin_fact, last) == merge_facts(found)


def fact_row(file: str, doc: Document) -> tuple:
    """A Document as its doc_facts row."""
    return (doc.key, file, doc.symbol, str(doc.doc_type), doc.issuer, doc.jurisdiction, doc.date,
            doc.year, doc.title, doc.origin.line if doc.origin else None, doc.confidence,
            dumps_json(doc.alternatives))


@settings(max_examples=400, deadline=None)
@given(fact_lists())
def test_the_store_folds_rows_as_merge_appended_folds_documents(
        found: list[tuple[str, Document]]) -> None:
    """_appended_cells (on rows) is merge_appended (on Documents), the alternatives aside."""
    *earlier, (file, last) = found
    merged = merge_facts(earlier)
    origin = next(((f, doc) for f, doc in earlier
                   if merged.origin is not None and f == merged.origin.file), None)
    old = _document_cells(merged)
    cells = _appended_cells(old, fact_row(*origin) if origin else None, fact_row(file, last))
    if merged.origin is None and last.origin is not None:
        assert cells is None  # the later file becomes the origin: a full merge's job
        return
    expected = _document_cells(merge_appended(merged, origin[1] if origin else None, last))
    assert cells == (*expected[:-1], old[-1])
    assert [type(c) for c in cells] == [type(c) for c in (*expected[:-1], old[-1])]


@settings(max_examples=400, deadline=None)
@given(st.lists(alternative("a.txt"), max_size=4), alternative("b.txt") | alternative("a.txt"))
def test_surely_absent_never_misses_an_equal_alternative(merged: list, item: object) -> None:
    if surely_absent(item, dumps_json(merged)):
        assert canonical_alternative(item) not in {canonical_alternative(x) for x in merged}


def test_an_alternative_naming_a_later_file_is_surely_absent() -> None:
    merged = [{"title": "Kết luận", "file": "a.txt"}]
    assert surely_absent({"title": "Kết luận", "file": "b.txt"}, dumps_json(merged))
    assert not surely_absent({"title": "Kết luận", "file": "a.txt"}, dumps_json(merged))


# --- the store: every merged row is merge_facts of the facts it holds ----------------------


@st.composite
def operations(draw: st.DrawFn) -> list[tuple[str, str, list[Document]]]:
    """Writes (in any file order, a file written again) and removals."""
    ops = []
    for _ in range(draw(st.integers(1, 12))):
        file = draw(st.sampled_from(FILES))
        if draw(st.integers(0, 5)) == 0:
            ops.append(("remove", file, []))
        else:
            keys = draw(st.sets(st.sampled_from(KEYS), min_size=1))
            ops.append(("write", file, [draw(facts(file, key)) for key in sorted(keys)]))
    return ops


def assert_documents_are_merged_facts(store: SQLiteStore) -> None:
    conn = store._conn
    found: defaultdict[str, list[tuple[str, Document]]] = defaultdict(list)
    for row in conn.execute(
            "SELECT doc_key, file, symbol, doc_type, issuer, jurisdiction, date, year, title, "
            "origin_line, confidence, alternatives_json FROM doc_facts ORDER BY doc_key, file"):
        found[row[0]].append((row[1], fact_from_row(row)))
    appended: defaultdict[str, list] = defaultdict(list)
    for key, text in conn.execute(
            "SELECT doc_key, item_json FROM appended_alternatives ORDER BY doc_key, seq"):
        appended[key].append(json.loads(text))
    rows = {}
    for row in conn.execute("SELECT * FROM documents"):
        # The row's alternatives, then the appended ones: one list, as merge_facts makes it.
        alternatives = (dumps_json([*json.loads(row[-1]), *appended[row[0]]])
                        if appended[row[0]] else row[-1])
        rows[row[0]] = (*row[:-1], alternatives)
    assert set(appended) <= set(rows)
    raw = {row[0]: row for row in conn.execute(
        "SELECT doc_key, symbol, doc_type, issuer, jurisdiction, date, year, title, "
        "CASE WHEN origin_line IS NULL THEN NULL ELSE file END, origin_line, confidence, "
        "alternatives_json FROM doc_facts")}
    assert set(rows) == set(found)
    for key, said in found.items():
        # One file's fact is copied as is; several go through merge_facts.
        expected = raw[key] if len(said) == 1 else _document_cells(merge_facts(said))
        assert rows[key] == expected, key


@settings(max_examples=150, deadline=None)
@given(operations())
def test_documents_stay_the_merge_of_their_facts(ops: list[tuple[str, str, list[Document]]]) -> None:
    with SQLiteStore(":memory:") as store:
        for op, file, docs in ops:
            if op == "remove":
                store.remove_file(file)
            else:
                docs = [replace(d, mentions=[Evidence(file, 1, "x")]) for d in docs]
                store.write_file_graph(FileGraph(file, "0" * 64, "utf-8", documents=docs))
            assert_documents_are_merged_facts(store)


def test_a_run_in_name_order_folds_and_matches(tmp_path) -> None:
    """Many files citing one document, written in name order (the fold's path)."""
    with SQLiteStore(tmp_path / "s.db") as store:
        for n in range(12):
            file = f"f{n:02d}.txt"
            doc = Document("k1", "361-KL/TU", DocType.CONCLUSION, title="t" * (n % 4),
                           date=["2022", "2022-06-25"][n % 2],
                           origin=Origin(file, 3) if n == 5 else None,
                           mentions=[Evidence(file, 1, "x")],
                           alternatives=[{"title": "Kết luận", "file": file}])
            store.write_file_graph(FileGraph(file, "0" * 64, "utf-8", documents=[doc]))
            assert_documents_are_merged_facts(store)


def test_an_alternative_already_appended_is_not_appended_again() -> None:
    fresh_store = SQLiteStore(":memory:")
    shared = {"title": "Kết luận"}
    for file, alternatives in (("a.txt", []), ("b.txt", []), ("c.txt", [shared]),
                               ("d.txt", [shared, {"file": "d.txt"}])):
        doc = Document("k1", "361-KL/TU", DocType.CONCLUSION, alternatives=alternatives,
                       mentions=[Evidence(file, 1, "x")])
        fresh_store.write_file_graph(FileGraph(file, "0" * 64, "utf-8", documents=[doc]))
        assert_documents_are_merged_facts(fresh_store)
    assert fresh_store.document("k1").alternatives == [shared, {"file": "d.txt"}]


def test_rewriting_files_keeps_documents_the_merge_of_their_facts() -> None:
    """A file written again states some documents as before (kept), some otherwise."""
    def doc(file: str, title: str) -> Document:
        return Document("k1", "361-KL/TU", DocType.CONCLUSION, title=title,
                        alternatives=[{"title": title, "file": file}],
                        mentions=[Evidence(file, 1, "x")])

    store = SQLiteStore(":memory:")
    for file in ("a.txt", "b.txt", "c.txt", "d.txt"):
        store.write_file_graph(FileGraph(file, "0" * 64, "utf-8", documents=[doc(file, "ab")]))
    for file, title in (("b.txt", "ab"), ("c.txt", "abcd"), ("d.txt", "ab"), ("a.txt", "x")):
        store.write_file_graph(FileGraph(file, "1" * 64, "utf-8", documents=[doc(file, title)]))
        assert_documents_are_merged_facts(store)
    assert store.document("k1").title == "abcd"
