"""Tests for ingest/evaluate.py: exact counts on small synthetic gold folders.

The real gold annotations beside the repository are never read here: these folders are written in
tmp_path and mimic its shapes (layer/implied on the big folder, none on the small
ones; indicator values as strings, numbers or dicts).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from policygraph.ingest.evaluate import (
    ALL,
    MEASURE_DEFINITIONS,
    MEASURES,
    EvalReport,
    GoldFormatError,
    Score,
    evaluate,
)

Row = dict[str, Any]

REPORT = "report_a"  # a multi-document report file, big-folder shapes
NEWS = "news_b"  # a news item, small-folder shapes (no layer, no implied)
FA, FB = f"{REPORT}.txt", f"{NEWS}.txt"


# --- factories -------------------------------------------------------------------------------


def write_gold(root: Path, stem: str, **files: list[Row]) -> Path:
    """Write one gold folder; every file not given is written empty (as in the real gold)."""
    folder = root / stem
    folder.mkdir(parents=True)
    for name in ("documents", "relations", "tasks", "agencies", "indicators"):
        rows = files.get(name, [])
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        (folder / f"{name}.jsonl").write_text(text, encoding="utf-8")
    return folder


def gold_doc(id_: str, type_: str, numbered: bool, **extra: Any) -> Row:
    """A gold documents.jsonl row."""
    return {"id": id_, "type": type_, "numbered": numbered, "title": None, "variants": [], "lines": [1], **extra}


def gold_rel(source: str, target: str, type_: str, line: int = 1, **extra: Any) -> Row:
    """A gold relations.jsonl row."""
    return {"source": source, "target": target, "type": type_, "evidence": "…", "line": line, **extra}


def doc(
    key: str, symbol: str | None = None, doc_type: str = "other", file: str = FA, line: int = 1, **extra: Any
) -> Row:
    """An export document mentioned once in ``file``."""
    mentions = extra.pop("mentions", [{"file": file, "line": line, "text": symbol or ""}])
    return {"kind": "document", "key": key, "symbol": symbol, "doc_type": doc_type, "mentions": mentions, **extra}


def rel(source: str, target: str, type_: str, file: str = FA, line: int = 1) -> Row:
    """An export relation."""
    return {
        "kind": "relation", "source": source, "target": target, "type": type_, "evidence": "…",
        "file": file, "line": line,
    }


def task(key: str, plan: str, text: str, line: int, lead: Sequence[str] = (), coordinate: Sequence[str] = ()) -> Row:
    """An export task in the report file."""
    return {
        "kind": "task",
        "key": key,
        "plan": plan,
        "section": "1",
        "text": text,
        "lead": list(lead),
        "coordinate": list(coordinate),
        "file": FA,
        "line": line,
    }


def agency(key: str, name: str, files: Sequence[str] = (FA,), aliases: Sequence[str] = ()) -> Row:
    """An export agency with one mention per file."""
    mentions = [{"file": f, "line": 1, "text": name} for f in files]
    return {"kind": "agency", "key": key, "name": name, "aliases": list(aliases), "mentions": mentions}


def indicator(key: str, targets: Sequence[Row] = (), observations: Sequence[Row] = (), **extra: Any) -> Row:
    """An export indicator."""
    return {"kind": "indicator", "key": key, "name": key, "scope": None, "targets": list(targets),
            "observations": list(observations), **extra}


def counts(report: EvalReport, corpus_file: str, measure: str) -> tuple[int, int, int]:
    """(tp, fp, fn) of one row."""
    score = report.get(corpus_file, measure)
    return score.tp, score.fp, score.fn


# --- the scenario ------------------------------------------------------------------------------

DEAN_TITLE = "Đề án phát triển công nghiệp hỗ trợ trên địa bàn tỉnh Bình Phước giai đoạn 2021-2025"

REPORT_DOCUMENTS = [
    # A source report with a blank number: matched by origin line (gold uses the "Số:" line).
    gold_doc("BC@line20", "BaoCao", False, origin_line=20, title="Báo cáo kết quả"),
    gold_doc("361-KL/TU", "KetLuan", True, date="2022-06-25", issuer="Ban Thường vụ Tỉnh ủy Bình Phước"),
    gold_doc("245/KH-UBND", "KeHoach", True),
    gold_doc("790/QĐ-TTg", "QuyetDinh", True, variants=["790/QD-TTg"]),
    gold_doc("31/2023/NĐ-CP", "NghiDinh", True, variants=["31/NĐ-CP"]),
    gold_doc("DeAn:CN-HoTro", "DeAn", False, title=DEAN_TITLE),
    gold_doc("Luat:DatDai", "Other", False, kind_detail="Luật", title="Luật Đất đai", variants=["Luật đất đai"]),
]

REPORT_RELATIONS = [
    gold_rel("245/KH-UBND", "361-KL/TU", "implements", 40, implied=False, layer="doc"),
    gold_rel("245/KH-UBND", "790/QĐ-TTg", "based_on", 41, implied=True, layer="doc"),
    gold_rel("790/QĐ-TTg", "361-KL/TU", "based_on", 42, implied=True, layer="doc"),
    gold_rel("BC@line20", "245/KH-UBND", "reports_on", 43, implied=False, layer="doc"),
    gold_rel("790/QĐ-TTg", "DeAn:CN-HoTro", "approves", 44, implied=False, layer="doc"),
    gold_rel("BC@line20", "31/2023/NĐ-CP", "references", 45, implied=False, layer="container_mention"),
    gold_rel("BC@line20", "Luat:DatDai", "references", 46, implied=False, layer="container_mention"),
]

REPORT_TASKS = [
    {"plan": "245/KH-UBND", "number": "1", "task": "Thu hút đầu tư vào các khu công nghiệp trên địa bàn tỉnh",
     "lead": ["Ban Quản lý Khu kinh tế"], "coordinate": ["Sở Công Thương", "Sở Kế hoạch và Đầu tư"],
     "line": 50, "evidence": "Ban Quản lý Khu kinh tế chủ trì"},
    {"plan": "245/KH-UBND", "number": "2", "task": "Phát triển hạ tầng cụm công nghiệp", "lead": ["Sở Công Thương"],
     "coordinate": [], "line": 60, "evidence": "Phát triển hạ tầng cụm công nghiệp"},
    {"plan": "245/KH-UBND", "number": "3", "task": "Đào tạo nguồn nhân lực", "lead": [], "coordinate": [],
     "line": 70, "evidence": "Đào tạo nguồn nhân lực"},
]

REPORT_AGENCIES = [
    {"name": "Ban Quản lý Khu kinh tế", "variants": ["Ban QLKKT"], "lines": [50]},
    {"name": "Sở Công Thương", "variants": ["SCT"], "lines": [50]},
    {"name": "Sở Kế hoạch và Đầu tư", "variants": ["Sở KH&ĐT"], "lines": [50]},
]

REPORT_INDICATORS = [
    # Value as printed in running text: 35.420 is thirty-five thousand (binhphuoc shape).
    {"indicator": "i1", "target": None, "actual": [{"value": "35.420", "unit": "tỷ đồng", "period": "2023"}],
     "line": 100},
    # A range target as a dict (binhduong shape).
    {"indicator": "i2", "target": {"value": "9-10", "min": 9, "max": 10, "unit": "%", "year": "2030"}, "actual": [],
     "line": 110, "category": "economic_social_target"},
    # A free-text target: "2025" is a year, not a value.
    {"indicator": "i3", "target": "≥15% by 2025", "actual": [], "line": 120},
    # Operational rows are a sample: not scored for recall.
    {"indicator": "i4", "target": None, "actual": [{"value": 3650, "raw": "3.650 tỷ đồng"}], "line": 130,
     "category": "operational"},
    {"indicator": "i5", "target": None, "actual": [{"value": "1.784,4"}], "line": 140, "other_lines": [150]},
]

NEWS_DOCUMENTS = [
    gold_doc("317/KH-UBND", "KeHoach", True, host=True, origin_line=1),
    gold_doc("DA@CNNT", "DeAn", False, title="Phát triển công nghiệp nông thôn tỉnh Bình Phước đến năm 2025"),
]
NEWS_RELATIONS = [gold_rel("317/KH-UBND", "DA@CNNT", "implements")]  # no layer, no implied


def export_records() -> list[Row]:
    """Our export for the scenario; comments give each record's expected fate."""
    return [
        # documents, report_a
        doc("o_h", None, "report", origin={"file": FA, "line": 14}, mentions=[]),  # host, 6 lines off: tp
        doc("o_h2", None, "report", origin={"file": FA, "line": 35}, mentions=[]),  # 15 lines off: fp
        doc("o_361a", "361/KL-TU", "conclusion", date="2021-01-01"),  # same symbol, wrong date: fp
        doc("o_361b", "361/KL-TU", "conclusion", date="2022-06-25"),  # best agreement: tp
        doc("o_245", "245 / KH-UBND", "plan"),  # spaces: tp
        doc("o_790", "790/QD-TTg", "decision"),  # QD for QĐ: tp
        doc("o_31", "31/NĐ-CP", "decree"),  # a printed variant of 31/2023/NĐ-CP: tp
        doc("o_dean", None, "scheme", title="Đề án phát triển công nghiệp hỗ trợ tỉnh Bình Phước giai đoạn 2021-2025"),
        doc("o_dean_plan", None, "plan", title="Kế hoạch thực hiện " + DEAN_TITLE),  # plan ≠ Đề án: fp
        doc("o_generic", None, "scheme", title="Đề án"),  # too short to match a title: fp
        doc("o_elsewhere", "999/QĐ-UBND", "decision", file="other.txt"),  # not in either file
        # documents, news_b
        doc("o_317", "317/KH-UBND", "plan", file=FB),
        doc("o_da", None, "scheme", file=FB, mentions=[
            {"file": FB, "line": 1, "text": "đề án “Phát triển công nghiệp nông thôn tỉnh Bình Phước đến năm 2025”"}]),
        # relations, report_a
        rel("o_245", "o_361b", "implements", line=40),  # tp
        rel("o_245", "o_361b", "implements", line=48),  # the same triple again: counted once
        rel("o_h", "o_245", "reports_on"),  # tp
        rel("o_245", "o_790", "based_on"),  # implied gold, found: tp
        rel("o_h2", "o_245", "reports_on"),  # unmatched endpoint: fp
        rel("o_h", "o_31", "references"),  # container_mention: relations.all tp
        rel("o_dean", "o_790", "references"),  # reversed, other type: a link but no relation
        rel("o_dean", "o_361b", "implements", file="other.txt"),  # another file: ignored
        # relations, news_b
        rel("o_317", "o_da", "implements", file=FB),
        # tasks, report_a
        task("t1", "o_245", "Kêu gọi doanh nghiệp đầu tư", 51, lead=["ag_bql"], coordinate=["ag_sct", "ag_tnmt"]),
        task("t2", "o_245", "Phát triển hạ tầng các cụm công nghiệp", 61, lead=["ag_sct"]),  # near and similar: tp
        task("t2dup", "o_245", "Phát triển hạ tầng các cụm công nghiệp", 90, lead=["ag_sct"]),  # duplicate: fp
        task("t4", "o_361b", "Phát triển hạ tầng cụm công nghiệp", 60),  # another plan: fp
        # agencies
        agency("ag_bql", "BQL Khu kinh tế"),  # abbreviation expanded: tp
        agency("ag_sct", "Sở Công Thương"),  # tp
        agency("ag_sct2", "Sở Công thương"),  # duplicate: fp
        agency("ag_khdt", "Sở KH&ĐT"),  # tp
        agency("ag_tnmt", "Sở TN&MT"),  # not in gold: fp
        agency("ag_far", "Sở Y tế", files=("other.txt",)),  # another file: ignored
        {"kind": "agency", "key": "ag_global", "name": "Bộ Công Thương", "aliases": []},  # no mentions: every file
        # indicators, report_a
        indicator("n1", observations=[{"value": 35420, "file": FA, "line": 101}]),  # i1
        indicator("n2", targets=[{"value": 9, "value_max": 10, "comparator": "range"}], file=FA, line=112),  # i2
        indicator("n3", targets=[{"value": 2025, "file": FA, "line": 120}]),  # a year: fp; i3 missed
        indicator("n4", observations=[{"value": 3650, "file": FA, "line": 130}]),  # operational row: matched
        indicator("n5", observations=[{"value": 1784.4, "file": FA, "line": 151}]),  # i5 by other_lines
        indicator("n6", observations=[{"value": 35420, "file": FA, "line": 300}]),  # far from i1: fp
        {"kind": "question", "q": "ignored"},  # unknown kinds are skipped
    ]


@pytest.fixture
def gold_root(tmp_path: Path) -> Path:
    """Two synthetic gold folders under one root."""
    root = tmp_path / "gold"
    write_gold(root, REPORT, documents=REPORT_DOCUMENTS, relations=REPORT_RELATIONS, tasks=REPORT_TASKS,
               agencies=REPORT_AGENCIES, indicators=REPORT_INDICATORS)
    write_gold(root, NEWS, documents=NEWS_DOCUMENTS, relations=NEWS_RELATIONS)
    return root


@pytest.fixture
def report(gold_root: Path) -> EvalReport:
    """The scenario's report."""
    return evaluate(iter(export_records()), gold_root)


# --- documents -------------------------------------------------------------------------------------


def test_documents_one_to_one(report: EvalReport) -> None:
    # tp: host, 361b, 245, 790, 31 (variant), Đề án (title). fp: h2, 361a, dean_plan, generic. fn: Luật.
    assert counts(report, FA, "documents") == (6, 4, 1)
    assert counts(report, FA, "documents.numbered") == (4, 1, 0)
    assert counts(report, FB, "documents") == (2, 0, 0)
    assert counts(report, ALL, "documents") == (8, 4, 1)


def test_documents_ratios(report: EvalReport) -> None:
    score = report.get(FA, "documents")
    assert score.precision == pytest.approx(6 / 10)
    assert score.recall == pytest.approx(6 / 7)
    assert score.f1 == pytest.approx(2 * 0.6 * (6 / 7) / (0.6 + 6 / 7))


@pytest.mark.parametrize(
    ("gold_id", "ours", "match"),
    [
        ("361-KL/TU", "361/KL-TU", True),  # dash and slash swapped (binhphuoc NOTES, evaluation tips)
        ("17-CTr/TU", "17-Ctr/TU", True),  # Ctr for CTr
        ("790/QĐ-TTg", "790/QD-TTg", True),  # QD for QĐ (binhduong l.20)
        ("339/KH-UBND", "339 / KH – UBND", True),  # spaces and an en dash
        ("12/2021/NQ-HĐND", "12/2021/NQ-HĐND", True),  # NFD input is NFC-normalised below
        ("361-KL/TU", "362-KL/TU", False),
        ("326/KH-UBND", "326/QĐ-TTg", False),  # same number, other document (binhphuoc call 5)
    ],
)
def test_symbol_normalisation(tmp_path: Path, gold_id: str, ours: str, match: bool) -> None:
    write_gold(tmp_path / "g", "f", documents=[gold_doc(gold_id, "Other", True)])
    record = doc("k", unicodedata.normalize("NFD", ours), file="f.txt")
    expected = (1, 0, 0) if match else (0, 1, 1)
    assert counts(evaluate([record], tmp_path / "g"), "f.txt", "documents") == expected


def test_documents_in_other_files_are_not_counted(tmp_path: Path) -> None:
    write_gold(tmp_path / "g", "f", documents=[gold_doc("1/QĐ-UBND", "QuyetDinh", True)])
    report = evaluate([doc("k", "1/QĐ-UBND", file="g.txt")], tmp_path / "g")
    assert counts(report, "f.txt", "documents") == (0, 0, 1)


def test_file_given_as_path(tmp_path: Path) -> None:
    write_gold(tmp_path / "g", "f", documents=[gold_doc("1/QĐ-UBND", "QuyetDinh", True)])
    report = evaluate([doc("k", "1/QĐ-UBND", file="../shared/corpus/f.txt")], tmp_path / "g")
    assert counts(report, "f.txt", "documents") == (1, 0, 0)


# --- relations -------------------------------------------------------------------------------------


def test_relations_typed_implied_not_missed(report: EvalReport) -> None:
    # Gold typed: 3 explicit + 2 implied. Found: implements, reports_on (explicit), based_on 245→790 (implied).
    # Missed: approves (explicit, fn); 790→361 based_on (implied, not counted). fp: h2→245 (unmatched endpoint).
    assert counts(report, FA, "relations.typed") == (3, 1, 1)
    assert report.get(FA, "relations.typed").precision == pytest.approx(3 / 4)
    assert report.get(FA, "relations.typed").recall == pytest.approx(3 / 4)


def test_relations_typed_explicit(report: EvalReport) -> None:
    score = report.get(FA, "relations.typed.explicit")
    assert (score.tp, score.fp, score.fn, score.matched_ours) == (2, 1, 1, 3)
    assert score.recall == pytest.approx(2 / 3)
    assert score.precision == pytest.approx(3 / 4)


def test_relations_per_type(report: EvalReport) -> None:
    assert counts(report, FA, "relations.implements") == (1, 0, 0)
    assert counts(report, FA, "relations.based_on") == (1, 0, 0)  # the unfound implied one is not missed
    assert counts(report, FA, "relations.approves") == (0, 0, 1)
    assert counts(report, FA, "relations.reports_on") == (1, 1, 0)
    assert report.get(FA, "relations.repeals").recall is None


def test_relations_all_layers(report: EvalReport) -> None:
    # Gold: 5 doc + 2 container_mention. Ours: 6 distinct triples in the file.
    # tp: implements, reports_on, based_on (implied), BC→31 references. fp: h2→245, Đề án→790 references.
    # fn: approves, BC→Luật references.
    assert counts(report, FA, "relations.all") == (4, 2, 2)


def test_links_any_type_either_direction(report: EvalReport) -> None:
    # Our reversed "Đề án → 790 references" links the gold "790 → Đề án approves".
    score = report.get(FA, "links")
    assert (score.tp, score.fp, score.fn, score.matched_ours) == (5, 1, 1, 5)
    assert score.precision == pytest.approx(5 / 6)
    assert score.precision_informational


def test_small_folder_relations_without_layer(report: EvalReport) -> None:
    assert counts(report, FB, "relations.typed") == (1, 0, 0)
    assert counts(report, ALL, "relations.typed") == (4, 1, 1)


def test_duplicate_relation_lines_are_noted(report: EvalReport) -> None:
    assert any(note.startswith(f"{FA}: 1 relation lines repeat") for note in report.notes)


def test_unmatched_endpoint_cannot_match(tmp_path: Path) -> None:
    documents = [gold_doc("1/KH-UBND", "KeHoach", True), gold_doc("2-KL/TU", "KetLuan", True)]
    write_gold(tmp_path / "g", "f", documents=documents, relations=[gold_rel("1/KH-UBND", "2-KL/TU", "implements")])
    records = [doc("a", "1/KH-UBND", file="f.txt"), doc("b", "3-KL/TU", file="f.txt")]
    records.append(rel("a", "b", "implements", "f.txt"))
    report = evaluate(records, tmp_path / "g")
    assert counts(report, "f.txt", "relations.typed") == (0, 1, 1)
    assert counts(report, "f.txt", "links") == (0, 1, 1)


# --- tasks -----------------------------------------------------------------------------------------


def test_tasks_one_to_one(report: EvalReport) -> None:
    # t1 by line (51 vs 50), t2 by line and text; t2dup duplicates t2; t4 has another plan; task 3 missed.
    assert counts(report, FA, "tasks") == (2, 2, 1)


def test_task_roles(report: EvalReport) -> None:
    assert counts(report, FA, "tasks.lead") == (2, 0, 0)
    # Gold {Sở Công Thương, Sở KH&ĐT}; ours {Sở Công Thương, Sở TN&MT}.
    assert counts(report, FA, "tasks.coordinate") == (1, 1, 1)


def test_task_matched_by_text_far_from_line(tmp_path: Path) -> None:
    write_gold(tmp_path / "g", "f", documents=[gold_doc("1/KH-UBND", "KeHoach", True)],
               tasks=[{"plan": "1/KH-UBND", "section": "1", "task": "Phát triển hạ tầng cụm công nghiệp",
                       "lead": [], "coordinate": [], "line": 10, "evidence": "…"}])
    records = [doc("p", "1/KH-UBND", file="f.txt"),
               {"kind": "task", "key": "t", "plan": "p", "section": "1",
                "text": "Phát triển hạ tầng các cụm công nghiệp", "lead": [], "coordinate": [], "file": "f.txt",
                "line": 400}]
    assert counts(evaluate(records, tmp_path / "g"), "f.txt", "tasks") == (1, 0, 0)


# --- agencies --------------------------------------------------------------------------------------


def test_agencies(report: EvalReport) -> None:
    # tp: BQL (abbreviation), Sở Công Thương, Sở KH&ĐT. fp: the duplicate, Sở TN&MT, the unlocated Bộ Công Thương.
    assert counts(report, FA, "agencies") == (3, 3, 0)
    assert counts(report, FB, "agencies") == (0, 1, 0)  # the unlocated agency is counted in every file
    assert any("carry no `mentions`" in note for note in report.notes)


# --- indicators ------------------------------------------------------------------------------------


def test_indicators_recall_and_informational_precision(report: EvalReport) -> None:
    score = report.get(FA, "indicators")
    # Recall over i1, i2, i3, i5 (i4 is operational): i3 missed. Ours: n3 (a year) and n6 (wrong line) match nothing.
    assert (score.tp, score.fp, score.fn, score.matched_ours) == (3, 2, 1, 4)
    assert score.precision == pytest.approx(4 / 6)
    assert score.precision_informational
    assert report.get(FB, "indicators").recall is None  # no gold rows: nothing to count


# --- report shape ----------------------------------------------------------------------------------


def test_every_measure_for_every_file_and_all(report: EvalReport) -> None:
    assert report.corpus_files == [FB, FA]
    assert [(s.corpus_file, s.measure) for s in report.scores] == [
        (f, m) for f in (FB, FA, ALL) for m in MEASURES
    ]
    assert set(MEASURE_DEFINITIONS) == set(MEASURES)


def test_all_rows_are_micro_averages(report: EvalReport) -> None:
    for measure in MEASURES:
        rows = [report.get(f, measure) for f in report.corpus_files]
        total = report.get(ALL, measure)
        assert total.tp == sum(r.tp for r in rows)
        assert total.fp == sum(r.fp for r in rows)
        assert total.fn == sum(r.fn for r in rows)
        assert total.matched_ours == sum(r.matched_ours for r in rows)


def test_renderings(report: EvalReport) -> None:
    table = report.to_table()
    assert table.splitlines()[0].split() == ["file", "measure", "tp", "fp", "fn", "P", "R", "F1"]
    assert f"{FA}  documents" in table
    markdown = report.to_markdown()
    assert markdown.startswith("| file | measure |")
    assert f"| {ALL} | documents | 8 | 4 | 1 |" in markdown
    data = json.loads(json.dumps(report.to_json(), ensure_ascii=False))
    assert data["definitions"]["links"] == MEASURE_DEFINITIONS["links"]
    assert {"corpus_file": ALL, "measure": "documents", "tp": 8}.items() <= data["scores"][-len(MEASURES)].items()


def test_evaluate_prints_nothing(gold_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    evaluate(export_records(), gold_root)
    assert capsys.readouterr() == ("", "")


# --- ratios and errors ----------------------------------------------------------------------------


def test_ratios_with_nothing_to_count(tmp_path: Path) -> None:
    write_gold(tmp_path / "g", "f", documents=[gold_doc("1/KH-UBND", "KeHoach", True)])
    score = evaluate([], tmp_path / "g").get("f.txt", "documents")
    # Nothing predicted: precision undefined, recall 0, and so F1 is 0.
    assert (score.precision, score.recall, score.f1) == (None, 0.0, 0.0)
    empty = evaluate([], tmp_path / "g").get("f.txt", "tasks")
    assert (empty.precision, empty.recall, empty.f1) == (None, None, None)


def test_score_get_unknown_row(report: EvalReport) -> None:
    with pytest.raises(KeyError, match="measures are"):
        report.get(FA, "nonsense")


def test_single_gold_folder(tmp_path: Path) -> None:
    folder = write_gold(tmp_path, "f", documents=[gold_doc("1/KH-UBND", "KeHoach", True)])
    assert evaluate([doc("k", "1/KH-UBND", file="f.txt")], folder).corpus_files == ["f.txt"]


def test_bad_gold_line(tmp_path: Path) -> None:
    folder = write_gold(tmp_path, "f")
    (folder / "relations.jsonl").write_text('{"source": "a"}\nnot json\n', encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"relations\.jsonl:2"):
        evaluate([], folder)


def test_missing_gold_dir(tmp_path: Path) -> None:
    with pytest.raises(GoldFormatError, match="does not exist"):
        evaluate([], tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(GoldFormatError, match="no gold folder"):
        evaluate([], tmp_path / "empty")


def test_scores_are_frozen(tmp_path: Path) -> None:
    folder = write_gold(tmp_path, "f", documents=[gold_doc("1/KH-UBND", "KeHoach", True)])
    score = evaluate([], folder).get(ALL, "documents")
    assert isinstance(score, Score)
    with pytest.raises(AttributeError):
        score.tp = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("ours_title", "match"),
    [
        ("Đề án", False),  # a subset of every Đề án title: token_set_ratio alone would give 100
        ("Luật", False),
        ("Luật đất đai", True),  # all of a short gold title
        ("Đề án phát triển công nghiệp hỗ trợ", True),  # binhphuoc l.3840 style short form
    ],
)
def test_title_match_needs_shared_tokens(tmp_path: Path, ours_title: str, match: bool) -> None:
    gold_type = "DeAn" if ours_title.startswith("Đề án") else "Other"
    gold_title = DEAN_TITLE if gold_type == "DeAn" else "Luật Đất đai"
    write_gold(tmp_path / "g", "f", documents=[gold_doc("X", gold_type, False, title=gold_title)])
    record = doc("k", None, "scheme" if gold_type == "DeAn" else "law", file="f.txt", title=ours_title)
    expected = (1, 0, 0) if match else (0, 1, 1)
    assert counts(evaluate([record], tmp_path / "g"), "f.txt", "documents") == expected
