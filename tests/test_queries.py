"""Lineage queries (graph/queries.py, graph/search.py) on a real SQLite store in tmp_path.

The world is tests/graph_fixtures.py: 245/KH-UBND implements 361-KL/TU; 1656/QĐ-UBND
approves the industry scheme (and implements 361); 327/KH-UBND implements the scheme;
08/2023 amends "một số Điều" of 07/2019; 04/2022 amends and partly repeals 01/2022;
361-KL/TU exists in Bình Phước and in Bình Dương; 1 → 2 → 3 → 1 is a cycle.
"""

from __future__ import annotations

import doctest
import json
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pytest

from policygraph.graph import queries, refs, results, search
from policygraph.graph.model import RelationType
from policygraph.graph.queries import (
    downstream,
    implementers,
    neighbours,
    path,
    resolve_subject,
    supersession,
    upstream,
)
from policygraph.graph.sqlite_store import SQLiteStore
from policygraph.graph.store import NotFound
from tests import graph_fixtures as fx

R = RelationType


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    """The lineage world in a file database, shared by the tests that only read it."""
    with SQLiteStore(tmp_path_factory.mktemp("lineage") / "lineage.db") as opened:
        yield fx.write_lineage_store(opened)


@pytest.fixture
def fresh_store(tmp_path: Path) -> Iterator[SQLiteStore]:
    """The lineage world in a database of its own, for tests that write."""
    with SQLiteStore(tmp_path / "lineage.db") as opened:
        yield fx.write_lineage_store(opened)


def keys(entries: list) -> list[str]:
    return [e.document.key for e in entries]


# --- implementers ----------------------------------------------------------------------------


def test_implementers_direct_and_through_scheme(store: SQLiteStore) -> None:
    result = implementers(store, fx.KL361_BP)
    found = [(i.document.key, i.via) for i in result.implementers]
    # Direct ones first (shorter paths), then by key; 327 implements the scheme that
    # 1656 (which implements 361) approves.
    assert found == [(fx.QD1656, "direct"), (fx.KH245, "direct"), (fx.KH327, "scheme")]
    through_scheme = result.implementers[2]
    assert through_scheme.path == [fx.KL361_BP, fx.QD1656, fx.SCHEME, fx.KH327]
    assert through_scheme.through == [fx.QD1656, fx.SCHEME]
    # One relation per hop, in path order, each with its evidence (report lines).
    assert [(e.type, e.evidence.line) for e in through_scheme.edges] == [
        ("implements", 4418), ("approves", 4417), ("implements", 4420)]
    assert all(e.evidence.file == fx.REPORT_FILE and e.evidence.text
               for i in result.implementers for e in i.edges)
    assert result.truncated is False


def test_implementers_of_the_decision_approving_a_scheme(store: SQLiteStore) -> None:
    # X approves S and P implements S: P implements X's scheme.
    result = implementers(store, fx.QD790)
    assert [(i.document.key, i.via, i.path) for i in result.implementers] == [
        (fx.KH7099, "scheme", [fx.QD790, fx.MASTER_PLAN, fx.KH7099])]


def test_implementers_of_a_scheme_include_who_implements_its_decision(
        store: SQLiteStore) -> None:
    result = implementers(store, fx.SCHEME)
    assert [(i.document.key, i.via) for i in result.implementers] == [(fx.KH327, "direct")]
    assert implementers(store, fx.KH339).implementers[0].document.key == fx.KH340


def test_implementers_limit_sets_truncated(store: SQLiteStore) -> None:
    result = implementers(store, fx.KL361_BP, limit=1)
    assert [i.document.key for i in result.implementers] == [fx.QD1656]
    assert result.truncated is True


def test_unknown_key_raises_not_found_with_a_fix(store: SQLiteStore) -> None:
    with pytest.raises(NotFound, match="resolve_subject"):
        implementers(store, "361-KL/TU")
    for query in (upstream, downstream, supersession, neighbours):
        with pytest.raises(NotFound):
            query(store, "doc:nothing")


# --- upstream / downstream -------------------------------------------------------------------


def test_upstream_follows_the_scheme_to_its_approving_decision(store: SQLiteStore) -> None:
    up = upstream(store, fx.KH327)
    assert [(e.document.key, e.depth) for e in up.entries] == [
        (fx.SCHEME, 1), (fx.QD1656, 2), (fx.KL361_BP, 3), (fx.CTR17, 4), (fx.NQ29, 5)]
    approving = up.entries[1]
    assert approving.path == [fx.KH327, fx.SCHEME, fx.QD1656]
    # The hop goes against the stored direction: decision -approves-> scheme.
    assert [(e.source, e.target, e.type) for e in approving.via] == [
        (fx.QD1656, fx.SCHEME, "approves")]
    assert up.direction == "up" and up.types == ["based_on", "implements", "approves"]
    assert len(up.edges) == 5 and up.truncated is False


def test_upstream_depth_and_type_filters(store: SQLiteStore) -> None:
    assert keys(upstream(store, fx.KH327, depth=2).entries) == [fx.SCHEME, fx.QD1656]
    assert upstream(store, fx.KH327, depth=0).entries == []
    based_on = upstream(store, fx.KH7099, types=["based_on"])
    assert keys(based_on.entries) == [fx.NQ111, fx.NQ29, fx.KL361_BD]
    assert {e.type for e in based_on.edges} == {"based_on"}
    everything = upstream(store, fx.KH7099)
    assert keys(everything.entries) == [fx.CTR111, fx.NQ111, fx.NQ29, fx.KL361_BD,
                                        fx.MASTER_PLAN, fx.QD790]


def test_upstream_limit_sets_truncated(store: SQLiteStore) -> None:
    up = upstream(store, fx.KH7099, limit=2)
    assert keys(up.entries) == [fx.CTR111, fx.NQ111]
    assert up.truncated is True


def test_unknown_type_is_refused_with_the_allowed_ones(store: SQLiteStore) -> None:
    with pytest.raises(ValueError, match="use one of: based_on, implements"):
        upstream(store, fx.KH7099, types=["cites"])
    with pytest.raises(ValueError, match="depth and limit must be >= 0"):
        downstream(store, fx.KH7099, depth=-1)


def test_downstream_tree_below_a_resolution(store: SQLiteStore) -> None:
    down = downstream(store, fx.NQ29)
    depths = {e.document.key: e.depth for e in down.entries}
    assert depths == {fx.CTR17: 1, fx.KH7099: 1, fx.KL361_BP: 2, fx.QD1656: 3, fx.KH245: 3,
                      fx.KH339: 3, fx.KH340: 4, fx.SCHEME: 4, fx.KH327: 5}
    # Down from a decision to the scheme it approves, in the stored direction.
    scheme = next(e for e in down.entries if e.document.key == fx.SCHEME)
    assert [(e.source, e.type) for e in scheme.via] == [(fx.QD1656, "approves")]
    assert keys(downstream(store, fx.NQ29, depth=1).entries) == [fx.CTR17, fx.KH7099]


def test_downstream_with_reports(store: SQLiteStore) -> None:
    plain = downstream(store, fx.KH339)
    with_reports = downstream(store, fx.KH339, types=["based_on", "implements", "reports_on"])
    assert keys(plain.entries) == [fx.KH340]
    assert keys(with_reports.entries) == [fx.KH340, fx.REPORT]


def test_cycles_end(store: SQLiteStore) -> None:
    up = upstream(store, fx.CYCLE[3])
    assert [(e.document.key, e.depth) for e in up.entries] == [
        (fx.CYCLE[0], 1), (fx.CYCLE[1], 2), (fx.CYCLE[2], 3)]
    # The back edge 3 → 1 is walked and reported, but 1 is not reached twice.
    assert len(up.edges) == 4
    down = downstream(store, fx.CYCLE[0], depth=10)
    assert keys(down.entries) == [fx.CYCLE[2], fx.CYCLE[3], fx.CYCLE[1]]
    assert len(neighbours(store, fx.CYCLE[0], depth=10).nodes) == 4


@pytest.mark.parametrize("start", sorted(fx.DOCUMENTS))
@pytest.mark.parametrize("direction", ["out", "in"])
def test_level_walk_agrees_with_store_traverse(store: SQLiteStore, start: str,
                                               direction: str) -> None:
    """The mixed-direction walker keeps traverse's conventions (depth, parent, steps)."""
    types = (R.BASED_ON, R.IMPLEMENTS)
    by_store = store.traverse(start, direction, types, 10, 1000)
    by_levels = queries._walk(store, start, [(direction, (R.BASED_ON,)),
                                             (direction, (R.IMPLEMENTS,))], 10, 1000)
    assert by_levels.reached == by_store.reached
    assert [(s.relation, s.depth) for s in by_levels.steps] == \
        [(s.relation, s.depth) for s in by_store.steps]


# --- supersession ---------------------------------------------------------------------------


def test_supersession_amended_with_scope(store: SQLiteStore) -> None:
    result = supersession(store, fx.NQ07)
    assert result.status == "amended"
    assert [(l.document.key, l.type, l.scope, l.effect) for l in result.by] == [
        (fx.NQ08, "amends", "một số Điều", "amended")]
    assert result.by[0].evidence.line == 5 and result.on == []
    assert [l.document.key for l in supersession(store, fx.NQ08).on] == [fx.NQ07]


def test_supersession_amended_and_partly_repealed(store: SQLiteStore) -> None:
    result = supersession(store, fx.NQ01)
    assert result.status == "partly_repealed"
    assert [(l.type, l.scope, l.effect) for l in result.by] == [
        ("amends", "Điều 3", "amended"), ("repeals", "Điều 5", "partly_repealed")]


def test_supersession_replaced_and_corrected(store: SQLiteStore) -> None:
    assert supersession(store, fx.QD12).status == "replaced"
    qd20 = supersession(store, fx.QD20)
    assert qd20.status == "in_force"  # a correction does not change the status
    assert [(l.document.key, l.type, l.effect) for l in qd20.by] == [
        (fx.QD15, "corrects", "in_force")]
    assert [(l.document.key, l.type, l.effect) for l in qd20.on] == [
        (fx.QD12, "replaces", "replaced")]


# --- neighbourhood and path -------------------------------------------------------------------


def test_neighbours_nodes_and_edges_for_the_browser(store: SQLiteStore) -> None:
    near = neighbours(store, fx.KH245, depth=1)
    assert [(n.key, n.depth) for n in near.nodes] == [(fx.KH245, 0), (fx.KL361_BP, 1)]
    node = asdict(near.nodes[0])
    assert set(node) == {"key", "label", "symbol", "doc_type", "status", "title", "depth"}
    edge = asdict(near.edges[0])
    assert set(edge) == {"source", "target", "type", "evidence", "scope", "confidence"}
    assert edge["evidence"] == {"file": fx.REPORT_FILE, "line": 4413,
                                "text": fx.RELATIONS[fx.REPORT_FILE][0].text}
    wider = neighbours(store, fx.KH245, depth=2)
    assert {n.key for n in wider.nodes} == {fx.KH245, fx.KL361_BP, fx.QD1656, fx.CTR17,
                                            fx.KH339, fx.REPORT}
    cut = neighbours(store, fx.KH245, depth=2, limit=2)
    assert len(cut.nodes) == 3 and cut.truncated is True


def test_path_either_direction(store: SQLiteStore) -> None:
    found = path(store, fx.KH245, fx.KH340)
    assert found.found is True
    assert found.keys == [fx.KH245, fx.KL361_BP, fx.QD1656, fx.KH340]
    assert [(e.source, e.target, e.type) for e in found.edges] == [
        (fx.KH245, fx.KL361_BP, "implements"), (fx.QD1656, fx.KL361_BP, "implements"),
        (fx.KH340, fx.QD1656, "based_on")]
    assert path(store, fx.KH340, fx.KH245).keys == list(reversed(found.keys))
    assert path(store, fx.KH245, fx.KH245).keys == [fx.KH245]


def test_path_not_found_and_depth_bound(store: SQLiteStore) -> None:
    assert path(store, fx.KH245, fx.CYCLE[0]).found is False
    assert path(store, fx.KH245, fx.KH340, max_depth=2).found is False
    assert path(store, fx.KH245, fx.KH340, max_depth=3).found is True


# --- search and resolution ----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("361/KL-TU", {fx.KL361_BP, fx.KL361_BD}),  # state-style spelling of a Party symbol
    ("361 - KL / TU", {fx.KL361_BP, fx.KL361_BD}),  # spaces around separators
    ("790/QD-TTg", {fx.QD790}),  # QD for QĐ
    ("790/QĐ-TTg", {fx.QD790}),
    ("790 qd ttg", {fx.QD790}),  # no separators at all
    ("ke hoach 327", {fx.KH327}),  # type and number, no diacritics
    ("Kế hoạch số 327", {fx.KH327}),
    ("07/2019/NQ-HDND", {fx.NQ07}),
])
def test_search_by_symbol_in_any_spelling(store: SQLiteStore, text: str,
                                          expected: set[str]) -> None:
    hits = search.search(store, text).hits
    top = {h.document.key for h in hits if h.score == hits[0].score}
    assert top == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("quy hoach tinh binh duong tam nhin 2050", fx.MASTER_PLAN),  # no diacritics
    ("thu hut dau tu khu cong nghiep", fx.KH339),
    ("thu hut dau tu khu cong ngiep", fx.KH339),  # a typo
    ("Chính sách khuyến công", fx.NQ01),
])
def test_search_by_title_words(store: SQLiteStore, text: str, expected: str) -> None:
    hits = search.search(store, text).hits
    assert hits[0].document.key == expected
    assert hits[0].matched == "title"


def test_search_is_ordered_and_limited(store: SQLiteStore) -> None:
    result = search.search(store, "binh phuoc", limit=3)
    assert len(result.hits) == 3 and result.truncated is True
    ranked = [(-h.score, h.document.key) for h in result.hits]
    assert ranked == sorted(ranked)
    assert search.search(store, "").hits == []


def test_search_sees_files_removed_and_ingested(fresh_store: SQLiteStore) -> None:
    assert search.search(fresh_store, "1/KH-UBND").hits[0].document.key == fx.CYCLE[0]
    fresh_store.remove_file(fx.CYCLE_FILE)
    assert all(h.document.key not in fx.CYCLE
               for h in search.search(fresh_store, "1/KH-UBND").hits)
    fresh_store.write_file_graph(fx.file_graph(fx.CYCLE_FILE))
    assert search.search(fresh_store, "1/KH-UBND").hits[0].document.key == fx.CYCLE[0]


def test_resolve_one_document(store: SQLiteStore) -> None:
    assert resolve_subject(store, fx.KH245).document.key == fx.KH245  # a key
    assert resolve_subject(store, "245/KH-UBND").document.key == fx.KH245
    assert resolve_subject(store, "ke hoach 327").document.key == fx.KH327
    title = "Đề án phát triển công nghiệp tỉnh Bình Phước giai đoạn 2021-2025"
    assert resolve_subject(store, title).document.key == fx.SCHEME


def test_resolve_ambiguous_symbol_lists_candidates(store: SQLiteStore) -> None:
    found = resolve_subject(store, "361/KL-TU")
    assert found.status == "ambiguous" and found.document is None
    assert [(c.key, c.issuer, c.jurisdiction, c.date) for c in found.candidates] == [
        (fx.KL361_BD, "Ban Thường vụ Tỉnh ủy Bình Dương", "Bình Dương", "2024-03-02"),
        (fx.KL361_BP, "Ban Thường vụ Tỉnh ủy Bình Phước", "Bình Phước", "2022-06-25")]


@pytest.mark.parametrize(("text", "expected"), [
    ("361-KL/TU Bình Phước", fx.KL361_BP),
    ("361-KL/TU binh duong", fx.KL361_BD),
    ("361-KL/TU năm 2022", fx.KL361_BP),
])
def test_resolve_narrows_by_province_or_year(store: SQLiteStore, text: str,
                                             expected: str) -> None:
    assert resolve_subject(store, text).document.key == expected


def test_resolve_not_found_offers_close_matches(store: SQLiteStore) -> None:
    found = resolve_subject(store, "316-KL/TU")
    assert found.status == "not_found"
    assert {s.key for s in found.suggestions[:2]} == {fx.KL361_BD, fx.KL361_BP}
    assert resolve_subject(store, "").status == "not_found"
    assert resolve_subject(store, "doc:nothing@nowhere").status == "not_found"


# --- shape of answers ---------------------------------------------------------------------------


def test_answers_are_plain_deterministic_json(store: SQLiteStore) -> None:
    answers = [implementers(store, fx.KL361_BP), upstream(store, fx.KH327),
               downstream(store, fx.NQ29), supersession(store, fx.NQ01),
               neighbours(store, fx.KL361_BP, 2), path(store, fx.KH245, fx.KH340),
               search.search(store, "361-KL/TU"), resolve_subject(store, "361-KL/TU")]
    first = [json.dumps(asdict(a), ensure_ascii=False, sort_keys=True) for a in answers]
    again = [implementers(store, fx.KL361_BP), upstream(store, fx.KH327),
             downstream(store, fx.NQ29), supersession(store, fx.NQ01),
             neighbours(store, fx.KL361_BP, 2), path(store, fx.KH245, fx.KH340),
             search.search(store, "361-KL/TU"), resolve_subject(store, "361-KL/TU")]
    assert first == [json.dumps(asdict(a), ensure_ascii=False, sort_keys=True) for a in again]
    assert all("truncated" in asdict(a) for a in answers)


@pytest.mark.parametrize("module", [queries, search, refs, results], ids=lambda m: m.__name__)
def test_docstring_examples_run(module: object) -> None:
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert failures == 0
