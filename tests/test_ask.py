"""Questions (api/ask.py, api/intents.py): intent, language and subject of the issue's
example questions in both languages, the answers with paths and evidence, and the same
answer from ``policygraph ask --json`` and ``GET /api/ask``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from policygraph.api.app import create_app
from policygraph.api.ask import answer_question
from policygraph.api.cli import cli
from policygraph.api.intents import read_question
from policygraph.graph.model import DocType, Evidence, FileGraph, Relation, RelationType
from policygraph.graph.sqlite_store import SQLiteStore
from tests import factories
from tests import graph_fixtures as fx
from tests.asgi_client import AppClient

TOP_KEYS = {"question", "intent", "language", "subject", "answers", "candidates",
            "suggestions", "text", "truncated"}
DOCUMENT_KEYS = {"key", "kind", "symbol", "title", "label", "doc_type", "issuer",
                 "jurisdiction", "date", "status", "relation", "scope", "via", "through",
                 "through_labels", "depth", "direction", "path", "evidence"}


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ask") / "lineage.db"
    with SQLiteStore(path) as store:
        fx.write_lineage_store(store)
    return path


@pytest.fixture(scope="module")
def store(db_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(db_path) as opened:
        yield opened


@pytest.fixture(scope="module")
def task_store() -> Iterator[SQLiteStore]:
    """The plan 7099 of tests/factories.py: one task led by Sở Công Thương, one indicator."""
    with SQLiteStore(":memory:") as opened:
        opened.write_file_graph(factories.make_plan_file_graph())
        yield opened


# The example questions, and variants without diacritics. The subject is a key,
# or "ambiguous" where the symbol names two documents (361-KL/TU of two provinces).
EXAMPLES = [
    ("Kế hoạch nào thực hiện Kết luận 361-KL/TU?", "implementers", "vi", "ambiguous"),
    ("ke hoach nao thuc hien ket luan 361-KL/TU Binh Phuoc", "implementers", "vi", fx.KL361_BP),
    ("which plans implement 361-KL/TU", "implementers", "en", "ambiguous"),
    ("which plans implement 361/KL-TU of Bình Phước?", "implementers", "en", fx.KL361_BP),
    ("văn bản nào sửa đổi Nghị quyết 07/2019/NQ-HĐND", "supersession", "vi", fx.NQ07),
    ("van ban nao sua doi nghi quyet 07/2019/NQ-HDND", "supersession", "vi", fx.NQ07),
    ("7099/KH-UBND căn cứ vào những văn bản nào", "based_on", "vi", fx.KH7099),
    ("7099/KH-UBND can cu vao nhung van ban nao", "based_on", "vi", fx.KH7099),
    ("chuỗi văn bản của 340/KH-UBND", "chain", "vi", fx.KH340),
    ("chuoi van ban cua 340/KH-UBND", "chain", "vi", fx.KH340),
    ("what does 7099/KH-UBND rest on?", "upstream", "en", fx.KH7099),
    ("what amends 07/2019/NQ-HĐND, and is it still in force?", "supersession", "en", fx.NQ07),
    ("which documents does 7099/KH-UBND implement?", "implements", "en", fx.KH7099),
    ("what does 790/QĐ-TTg approve?", "approves", "en", fx.QD790),
    ("what does 790/QD-TTg approve?", "approves", "en", fx.QD790),
    ("which reports report on 339/KH-UBND?", "reports_on", "en", fx.KH339),
    ("Báo cáo nào báo cáo về Kế hoạch 339/KH-UBND?", "reports_on", "vi", fx.KH339),
    ("who issued 7099/KH-UBND and when?", "document", "en", fx.KH7099),
    ("Quyết định 790/QĐ-TTg do ai ban hành?", "document", "vi", fx.QD790),
    ("what is based on 29-NQ/TW?", "basis_for", "en", fx.NQ29),
    ("what rests on 29-NQ/TW?", "downstream", "en", fx.NQ29),
    ("văn bản nào dựa trên Nghị quyết 29-NQ/TW", "downstream", "vi", fx.NQ29),
    ("what approves the scheme 'Đề án phát triển công nghiệp tỉnh Bình Phước giai đoạn "
     "2021-2025'?", "approved_by", "en", fx.SCHEME),
    ("kế hoạch 327 thực hiện văn bản nào?", "implements", "vi", fx.KH327),
    ("is 01/2022/NQ-HĐND still in force?", "supersession", "en", fx.NQ01),
]


@pytest.mark.parametrize(("question", "intent", "language", "subject"), EXAMPLES)
def test_examples_map_to_intent_language_and_subject(
        store: SQLiteStore, question: str, intent: str, language: str, subject: str) -> None:
    answer = answer_question(store, question)
    assert (answer["intent"], answer["language"]) == (intent, language)
    if subject == "ambiguous":
        assert answer["subject"] is None and answer["answers"] == []
        assert {c["key"] for c in answer["candidates"]} == {fx.KL361_BP, fx.KL361_BD}
    else:
        assert answer["subject"]["key"] == subject
    assert set(answer) == TOP_KEYS and answer["text"]


def test_implementers_answer_as_in_interfaces_md(store: SQLiteStore) -> None:
    answer = answer_question(store, "which plans implement 361-KL/TU Bình Phước?")
    assert answer["subject"]["symbol"] == "361-KL/TU"
    assert [(a["symbol"], a["via"]) for a in answer["answers"]] == [
        ("245/KH-UBND", "direct"), ("327/KH-UBND", "scheme")]  # "plans": the decision is not
    scheme = answer["answers"][1]
    assert scheme["path"] == [fx.KL361_BP, fx.QD1656, fx.SCHEME, fx.KH327]
    assert [e["line"] for e in scheme["evidence"]] == [4418, 4417, 4420]
    assert set(scheme["evidence"][0]) == {"text", "file", "line"}
    assert answer["text"].startswith("2 plans implement 361-KL/TU: 245/KH-UBND (directly), "
                                     "327/KH-UBND (through scheme Đề án phát triển")
    assert "Also 1 other document: 1656/QĐ-UBND." in answer["text"]
    assert all(set(a) == DOCUMENT_KEYS for a in answer["answers"])


def test_vietnamese_answer_sentence(store: SQLiteStore) -> None:
    answer = answer_question(store, "Kế hoạch nào thực hiện Kết luận 361-KL/TU Bình Phước?")
    assert answer["text"].startswith("2 kế hoạch thực hiện Kết luận 361-KL/TU: 245/KH-UBND "
                                     "(trực tiếp), 327/KH-UBND (thông qua Đề án")


def test_ambiguous_subject_lists_candidates_with_province_and_date(store: SQLiteStore) -> None:
    answer = answer_question(store, "which plans implement 361-KL/TU?")
    assert [(c["jurisdiction"], c["date"]) for c in answer["candidates"]] == [
        ("Bình Dương", "2024-03-02"), ("Bình Phước", "2022-06-25")]
    assert "names 2 documents" in answer["text"] and "Bình Phước" in answer["text"]


def test_supersession_answer_says_status_and_scope(store: SQLiteStore) -> None:
    en = answer_question(store, "what amends 07/2019/NQ-HĐND, and is it still in force?")
    assert [(a["symbol"], a["relation"], a["scope"], a["direction"]) for a in en["answers"]] == [
        ("08/2023/NQ-HĐND", "amends", "một số Điều", "by")]
    assert en["text"].startswith("07/2019/NQ-HĐND is in force, amended")
    assert "08/2023/NQ-HĐND amends it (một số Điều)." in en["text"]
    vi = answer_question(store, "Nghị quyết 01/2022/NQ-HĐND còn hiệu lực không?")
    assert vi["text"].startswith("Nghị quyết 01/2022/NQ-HĐND hết hiệu lực một phần")


def test_lineage_answers_carry_paths_and_evidence(store: SQLiteStore) -> None:
    answer = answer_question(store, "what does 327/KH-UBND rest on?")
    top = answer["answers"][-1]
    assert top["symbol"] == "29-NQ/TW" and top["depth"] == 5
    assert top["path"] == [fx.KH327, fx.SCHEME, fx.QD1656, fx.KL361_BP, fx.CTR17, fx.NQ29]
    assert [e["line"] for e in top["evidence"]] == [4420, 4417, 4418, 60, 61]
    chain = answer_question(store, "chuỗi văn bản của 1656/QĐ-UBND")
    assert {a["direction"] for a in chain["answers"]} == {"self", "up", "down"}
    assert chain["answers"][0]["key"] == fx.QD1656  # the chain starts at the document itself
    assert chain["text"].startswith("Chuỗi văn bản của Quyết định 1656/QĐ-UBND: 3 văn bản ở trên")


def test_not_understood_gives_examples_that_work(store: SQLiteStore) -> None:
    for question, language in (("what is the weather like?", "en"),
                               ("hôm nay trời thế nào?", "vi")):
        answer = answer_question(store, question)
        assert answer["intent"] is None and answer["language"] == language
        examples = [e.strip("“”") for e in answer["text"].split(": ", 1)[1][:-1].split("; ")]
        assert len(examples) == 3
        for example in examples:
            worked = answer_question(store, example)
            assert worked["intent"] is not None and worked["subject"] is not None, example


def test_subject_not_found_offers_close_matches(store: SQLiteStore) -> None:
    answer = answer_question(store, "which plans implement 316-KL/TU?")
    assert answer["intent"] == "implementers" and answer["subject"] is None
    assert fx.KL361_BP in {s["key"] for s in answer["suggestions"]}
    assert answer["text"].startswith("No document “316-KL/TU” in the store. Did you mean")
    nothing = answer_question(store, "which plans implement it?")
    assert nothing["text"].startswith("Which document?")


def test_tasks_are_not_available_on_a_store_without_them(store: SQLiteStore) -> None:
    for question, intent in (("nhiệm vụ của kế hoạch 7099", "tasks"),
                             ("what are the targets of 7099/KH-UBND?", "indicators"),
                             ("which tasks does Sở Công Thương lead?", "tasks")):
        answer = answer_question(store, question)
        assert answer["intent"] == intent and answer["answers"] == []
        assert "not available yet" in answer["text"] or "Chưa có dữ liệu" in answer["text"]


def test_tasks_indicators_and_agency_tasks_when_the_store_has_them(
        task_store: SQLiteStore) -> None:
    tasks = answer_question(task_store, "what are the tasks of 7099/KH-UBND?")
    assert [(a["kind"], a["section"], a["lead"]) for a in tasks["answers"]] == [
        ("task", "III.2.d", ["Sở Công Thương"])]
    assert tasks["answers"][0]["evidence"][0]["line"] == 177
    indicators = answer_question(task_store, "chỉ tiêu của 7099/KH-UBND")
    assert [a["kind"] for a in indicators["answers"]] == ["indicator"]
    assert indicators["answers"][0]["targets"][0]["value_max"] == 10.0
    agency = answer_question(task_store, "which tasks does Sở Công Thương lead?")
    assert agency["intent"] == "agency_tasks"
    assert agency["subject"]["key"] == factories.SCT_BD
    assert [a["key"] for a in agency["answers"]] == [f"{factories.KH_7099}#III.2.d"]


@pytest.mark.parametrize(("question", "asked"), [
    ("Kế hoạch nào thực hiện Kết luận 361-KL/TU?", DocType.PLAN),
    ("which reports report on 339/KH-UBND?", DocType.REPORT),
    ("văn bản nào sửa đổi Nghị quyết 07/2019/NQ-HĐND", None),
    ("which documents implement 361-KL/TU", None),
])
def test_asked_kind(question: str, asked: DocType | None) -> None:
    assert read_question(question).asked_type == asked


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=120))
def test_any_text_gets_an_answer_of_the_same_shape(store: SQLiteStore, text: str) -> None:
    answer = answer_question(store, text)
    assert set(answer) == TOP_KEYS
    assert isinstance(answer["text"], str) and answer["text"]
    json.dumps(answer, ensure_ascii=False)


def test_cli_and_api_give_the_same_answer(db_path: Path, store: SQLiteStore) -> None:
    question = "Kế hoạch nào thực hiện Kết luận 361-KL/TU Bình Phước?"
    result = CliRunner().invoke(cli, ["ask", question, "--json", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "\\u" not in result.output  # Vietnamese kept as is
    from_cli = json.loads(result.output)
    with AppClient(create_app(store)) as client:
        from_api = client.get("/api/ask", params={"q": question}).json()
    assert from_cli == from_api == answer_question(store, question)


def test_cli_ask_prints_the_sentence_and_evidence(db_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ask", "what does 790/QD-TTg approve?",
                                      "--db", str(db_path)])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("790/QĐ-TTg approves 1 scheme")
    assert f"{fx.PLAN_FILE}:21:" in result.output


@pytest.mark.parametrize("question", ["what is the weather?", "which plans implement 361-KL/TU"])
def test_cli_ask_exits_1_when_it_cannot_answer(db_path: Path, question: str) -> None:
    result = CliRunner().invoke(cli, ["ask", question, "--db", str(db_path)])
    assert result.exit_code == 1


def test_cli_ask_without_a_store_says_how_to_make_one(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ask", "x", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "policygraph ingest PATH" in result.output


def test_one_relation_stated_twice_is_one_answer_with_both_evidence(tmp_path: Path) -> None:
    """Two files say 08/2023 amends 07/2019 (scopes differ only in case): one answer."""
    ev = Evidence("again.txt", 9, "sửa đổi, bổ sung một số điều của Nghị quyết 07/2019/NQ-HĐND")
    documents = [replace(fx.DOCUMENTS[key], mentions=[ev]) for key in (fx.NQ07, fx.NQ08)]
    again = FileGraph("again.txt", "0" * 64, "utf-8", documents,
                      [Relation(fx.NQ08, fx.NQ07, RelationType.AMENDS, ev, "một số điều")])
    with SQLiteStore(tmp_path / "twice.db") as store:
        fx.write_lineage_store(store).write_file_graph(again)
        answer = answer_question(store, "what amends 07/2019/NQ-HĐND?")
    assert len(answer["answers"]) == 1
    assert answer["answers"][0]["scope"] == "một số điều"  # the first stated, by file name
    assert [e["file"] for e in answer["answers"][0]["evidence"]] == ["again.txt", fx.HDND_FILE]
    assert answer["text"].count("amends it") == 1
