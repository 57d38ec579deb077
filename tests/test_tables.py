"""Appendix tables (ingest/tables.py), the queries that use what rows imply, and the
second clauses of questions (api/ask_followups.py).

The synthetic table is built like bao-cao:2-217 (a Công văn reporting on a programme,
with a table of schemes, plans and conclusions, one plan number cut by a page break);
the corpus tests ask the real file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from policygraph.api.ask import answer_question
from policygraph.api.ask_followups import follow_up, widens_to_schemes
from policygraph.graph.model import DocType, Evidence, FileGraph, Relation, RelationType
from policygraph.graph.model import Document as Doc
from policygraph.graph.queries import implementers, upstream
from policygraph.graph.sqlite_store import SQLiteStore
from policygraph.ingest.pipeline import extract_file
from policygraph.ingest.read import read_source
from policygraph.ingest.tables import ROW_CONFIDENCE, find_rows
from tests.corpus_store import corpus_store_path
from tests.factories import sha256_of

R = RelationType

HEADER = "Stt Tên đề án Nội dung đề án Đơn vị chủ trì Tiến độ thực hiện Ghi chú"
LETTER = f"""UBND TỈNH BÌNH PHƯỚC
SỞ CÔNG THƯƠNG

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập – Tự do – Hạnh phúc

Số: 12/SCT-VP Bình Phước, ngày 25 tháng 11 năm 2022

V/v báo cáo tình hình triển khai
nhiệm vụ thuộc Chương trình
hành động số 17-CTr/TU của
Ban Chấp hành Đảng bộ tỉnh

Kính gửi: Ủy ban nhân dân tỉnh Bình Phước.

Sở Công Thương báo cáo kết quả thực hiện các nhiệm vụ như sau (có phụ lục).

PHỤ LỤC

{HEADER}

1 Đề án phát triển công nghiệp
chế biến tỉnh Bình Phước giai
đoạn 2021–2025

Phát triển công nghiệp chế biến

Sở Công Thương Nhiệm vụ đã hoàn thành;
UBND tỉnh đã ban hành
Kế hoạch số 326/KH-UBND ngày 31/10/2022
về việc triển khai thực hiện Đề án

Kết luận
360-KL/TU

2 Đề án phát triển các khu công
nghiệp tỉnh Bình Phước giai

Sở Công Thương Nhiệm vụ đã hoàn thành;
UBND tỉnh đã ban hành
Kế hoạch số 327/KH-

Kết luận
361-KL/TU
 {HEADER}

đoạn 2021–2025.

UBND ngày 31/10/2022
về việc triển khai thực hiện Đề án
"""
# The plan's full number, cited elsewhere in the same file.
LATER = """
UBND TỈNH BÌNH PHƯỚC
SỞ CÔNG THƯƠNG

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập – Tự do – Hạnh phúc

Số: 40/BC-SCT Bình Phước, ngày 5 tháng 1 năm 2024

BÁO CÁO
Kết quả thực hiện Kế hoạch số 327/KH-UBND ngày 31/10/2022 của UBND tỉnh

Căn cứ Kế hoạch số 327/KH-UBND ngày 31/10/2022 của UBND tỉnh.
"""


@pytest.fixture(scope="module")
def table_graph(tmp_path_factory: pytest.TempPathFactory) -> FileGraph:
    path = tmp_path_factory.mktemp("table") / "sct_phu-luc.txt"
    path.write_text(LETTER + LATER, encoding="utf-8")
    return extract_file(read_source(path))


def implied(graph: FileGraph) -> set[tuple[str, str, str]]:
    return {(short(r.source), r.type.value, short(r.target)) for r in graph.relations
            if r.confidence == ROW_CONFIDENCE}


def short(key: str) -> str:
    """"doc:326/KH-UBND@binh-phuoc:2022" → "326/KH-UBND"; schemes by their first words."""
    if key.startswith("doc:"):
        return key[4:].split("@")[0].split(":")[0].split("#")[0]
    return key.split(":")[1][:29]


def test_rows_are_numbered_in_order_after_a_header() -> None:
    text = f"1 Kết luận trước bảng\n{HEADER}\n1 Đề án A\nnăm 2030\n2 Đề án B\n4 Đề án D\n"
    rows = find_rows(text)
    assert [r.number for r in rows] == [1, 2]  # "4" skips a number: a cell, not a row
    assert text[rows[0].start:].startswith("1 Đề án A")
    assert rows[-1].end == len(text)


def test_no_rows_without_a_table_header() -> None:
    assert find_rows("1 Đề án A\n2 Đề án B\n") == []
    assert find_rows("Stt Họ và tên\n1 Nguyễn Văn A\n") == []  # one column name is not a table


def test_a_row_links_its_plan_scheme_and_conclusion(table_graph: FileGraph) -> None:
    found = implied(table_graph)
    scheme = "phat-trien-cong-nghiep-che-bi"
    every = {(short(r.source), r.type.value, short(r.target)) for r in table_graph.relations}
    assert ("326/KH-UBND", "implements", scheme) in every  # the cell's own words say so too
    assert (scheme, "based_on", "360-KL/TU") in found
    assert (scheme, "implements", "17-CTr/TU") in found  # the programme the letter reports on
    assert ("360-KL/TU", "implements", "17-CTr/TU") in found
    assert ("binhphuoc", "reports_on", scheme) not in found  # keys, not files
    host = next(r.source for r in table_graph.relations if r.type is R.REPORTS_ON
                and r.confidence == ROW_CONFIDENCE)
    assert host.startswith("doc:12/SCT-VP")
    # "Tiến độ thực hiện | … 1 Đề án": a cue across cells is not the letter implementing it.
    assert ("12/SCT-VP", "implements", scheme) not in every


def test_a_plan_number_cut_by_a_page_break_is_completed(table_graph: FileGraph) -> None:
    found = implied(table_graph)
    assert ("327/KH-UBND", "implements", "phat-trien-khu-cong-nghiep-bi") in found
    cut = next(r for r in table_graph.relations if r.source.startswith("doc:327/KH-UBND")
               and r.confidence == ROW_CONFIDENCE)
    assert "327/KH-" in cut.evidence.text and LETTER.split("\n")[cut.evidence.line - 1].strip() \
        .startswith("Kế hoạch số 327/KH-")


def test_row_links_carry_the_row_evidence(table_graph: FileGraph) -> None:
    lines = (LETTER + LATER).split("\n")
    for relation in table_graph.relations:
        if relation.confidence == ROW_CONFIDENCE:
            first_words = relation.evidence.text.split()[:2]
            assert " ".join(first_words) in " ".join(lines[relation.evidence.line - 1].split())


# --- queries over what rows imply ------------------------------------------------------------

F = "rows.txt"
KL, SCHEME, DECISION, PLAN, PROGRAMME, OTHER_PLAN = (
    "doc:360-KL/TU", "scheme:che-bien", "doc:1700/QĐ-UBND", "doc:326/KH-UBND", "doc:17-CTr/TU",
    "doc:9/KH-UBND")


def _doc(key: str, kind: DocType) -> Doc:
    return Doc(key, None if key.startswith("scheme") else key[4:], kind,
               mentions=[Evidence(F, 1, key)])


@pytest.fixture
def rows_store(tmp_path: Path) -> Iterator[SQLiteStore]:
    """360-KL/TU ← (based_on) scheme ← (implements) 326; 1700/QĐ approves the scheme;
    9/KH implements the decision; the scheme and the conclusion implement 17-CTr/TU."""
    docs = [_doc(KL, DocType.CONCLUSION), _doc(SCHEME, DocType.SCHEME),
            _doc(DECISION, DocType.DECISION), _doc(PLAN, DocType.PLAN),
            _doc(PROGRAMME, DocType.PROGRAMME), _doc(OTHER_PLAN, DocType.PLAN)]
    edges = [(SCHEME, KL, R.BASED_ON), (PLAN, SCHEME, R.IMPLEMENTS), (DECISION, SCHEME, R.APPROVES),
             (OTHER_PLAN, DECISION, R.IMPLEMENTS), (SCHEME, PROGRAMME, R.IMPLEMENTS),
             (KL, PROGRAMME, R.IMPLEMENTS)]
    relations = [Relation(a, b, t, Evidence(F, n, f"{a} {t} {b}"), None, ROW_CONFIDENCE)
                 for n, (a, b, t) in enumerate(edges, 2)]
    with SQLiteStore(tmp_path / "rows.db") as store:
        store.write_file_graph(FileGraph(F, sha256_of("rows"), "utf-8", documents=docs,
                                         relations=relations))
        yield store


def test_implementers_through_a_scheme_resting_on_the_subject(rows_store: SQLiteStore) -> None:
    found = {i.document.key: (i.via, i.path) for i in implementers(rows_store, KL).implementers}
    assert found[PLAN] == ("scheme", [KL, SCHEME, PLAN])
    assert DECISION not in found  # it approves the scheme; it does not implement it


def test_upstream_goes_from_a_decision_to_the_scheme_it_approves(rows_store: SQLiteStore) -> None:
    reached = {e.document.key: e.depth for e in upstream(rows_store, OTHER_PLAN).entries}
    assert reached == {DECISION: 1, SCHEME: 2, KL: 3, PROGRAMME: 3}


def test_a_decisions_own_scheme_is_not_above_it(rows_store: SQLiteStore) -> None:
    assert [e.document.key for e in upstream(rows_store, DECISION).entries] == []


def test_follow_up_clauses_are_read_from_the_shape() -> None:
    assert follow_up("which plan implements § and which de an does that plan carry out").kind \
        is DocType.SCHEME
    issue = follow_up("which national decision does § implement and what does that decision issue")
    assert issue is not None and issue.type is R.APPROVES and issue.kind is None
    assert follow_up("which plans implement §") is None
    assert widens_to_schemes("which reports cover § and its de an")
    assert not widens_to_schemes("which reports cover §")


def test_ask_adds_the_schemes_the_answers_carry_out(rows_store: SQLiteStore) -> None:
    answer = answer_question(rows_store, "Which plan implements 360-KL/TU, and which Đề án "
                                         "does that plan carry out?")
    assert [a["key"] for a in answer["answers"]] == [PLAN, SCHEME]
    assert answer["answers"][1]["path"][-2:] == [PLAN, SCHEME]
    # The first clause's sentence counts the plan only; the second clause has its own.
    assert answer["text"].startswith("1 plan implements 360-KL/TU") and "They carry out:" in answer["text"]


def test_ask_adds_what_the_answers_approve(rows_store: SQLiteStore) -> None:
    answer = answer_question(rows_store, "Which decision does 9/KH-UBND implement, and what "
                                         "does that decision issue?")
    assert [a["key"] for a in answer["answers"]] == [DECISION, SCHEME]
    assert answer["answers"][1]["relation"] == "approves"


def test_reports_on_a_plan_and_its_scheme(tmp_path: Path, rows_store: SQLiteStore) -> None:
    report = "doc:5/BC-SCT"
    rows_store.write_file_graph(FileGraph(
        "report.txt", sha256_of("report"), "utf-8",
        documents=[Doc(report, "5/BC-SCT", DocType.REPORT, mentions=[Evidence("report.txt", 1, "x")]),
                   Doc(SCHEME, None, DocType.SCHEME, mentions=[Evidence("report.txt", 2, "y")])],
        relations=[Relation(report, SCHEME, R.REPORTS_ON, Evidence("report.txt", 2, "Báo cáo Đề án"))]))
    plain = answer_question(rows_store, "Which reports cover 326/KH-UBND?")
    assert plain["answers"] == []
    widened = answer_question(rows_store, "Which reports cover 326/KH-UBND and its Đề án?")
    assert [(a["key"], a["path"]) for a in widened["answers"]] == [(report, [PLAN, SCHEME, report])]


# --- the real file -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    with SQLiteStore(corpus_store_path(tmp_path_factory)) as store:
        yield store


def test_the_appendix_pairs_each_scheme_with_its_conclusion(corpus: SQLiteStore) -> None:
    """bao-cao:49-217: the "Ghi chú" column names the conclusion of each scheme's row."""
    pairs = {(r.source.split(":")[1][:40], r.target) for r in corpus.relations()
             if r.type is R.BASED_ON and r.source.startswith("scheme:")
             and r.evidence.line < 220}
    assert ("phat-trien-cong-nghiep-ho-tro-binh-phuoc", "doc:362-KL/TU@binh-phuoc:2022") in pairs
    assert ("phat-trien-khu-cong-nghiep-khu-kinh-te-c", "doc:361-KL/TU@binh-phuoc:2022") in pairs


def test_plans_implementing_361_include_327_through_its_scheme(corpus: SQLiteStore) -> None:
    found = {i.document.symbol: i.via for i in
             implementers(corpus, "doc:361-KL/TU@binh-phuoc:2022").implementers
             if i.document.doc_type == "plan"}
    assert found.get("245/KH-UBND") == "direct" and "327/KH-UBND" in found


def test_the_chain_of_340_reaches_the_party_congresses(corpus: SQLiteStore) -> None:
    reached = {e.document.key for e in upstream(corpus, "doc:340/KH-UBND@binh-phuoc:2022").entries}
    assert {"doc:366-KL/TU@binh-phuoc:2022", "doc:17-CTr/TU@binh-phuoc:2021"} <= reached
    assert any(k.startswith("resolution:dai-hoi") for k in reached)


def test_graph_edges_carry_confidence_and_the_export_draws_implied_ones_faint(rows_store: SQLiteStore) -> None:
    from policygraph.graph.queries import neighbours
    from policygraph.viz.standalone import _grouped_edges
    from policygraph.viz.style import IMPLIED_LABEL, IMPLIED_OPACITY

    hood = neighbours(rows_store, KL)
    assert {e.confidence for e in hood.edges} == {ROW_CONFIDENCE}
    drawn = _grouped_edges(hood.edges, dashed=True)
    assert all(e["color"]["opacity"] == IMPLIED_OPACITY and IMPLIED_LABEL in e["title"] for e in drawn)


def test_docstring_examples_run() -> None:
    import doctest

    from policygraph.ingest import tables

    failures, attempted = doctest.testmod(tables)
    assert failures == 0 and attempted > 0
