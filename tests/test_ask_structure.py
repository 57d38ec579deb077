"""Task, agency and indicator questions (api/ask_structure.py, api/intents.py) on the real
corpus, in Vietnamese with and without diacritics and in English: the intent, the answers
(kind task / agency / indicator, with evidence), the sentence's language, and the same
answer from ``GET /api/ask`` and ``policygraph ask --json``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policygraph.api import ask_structure, ask_structure_text
from policygraph.api.app import create_app
from policygraph.api.ask import answer_question
from policygraph.api.cli import cli
from policygraph.api.intents import read_question
from policygraph.graph.sqlite_store import SQLiteStore
from tests.asgi_client import AppClient
from tests.corpus_store import KH_7099, SCT_BD, corpus_store_path

OCR = "binhduong_kh-7099-ubnd_2024_ocr.txt"
BAO_CAO = "binhphuoc_sct_bao-cao_2022-2024.txt"
SCT_LEADS = ["III.1.đ", "III.2.c", "III.3.d", "III.6.b"]


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus_store_path(tmp_path_factory)


@pytest.fixture(scope="module")
def store(corpus_db: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(corpus_db) as opened:
        yield opened


def sections(answer: dict[str, Any]) -> list[str]:
    assert {a["kind"] for a in answer["answers"]} <= {"task"}
    return [a["section"] for a in answer["answers"]]


# --- the tasks of an agency -------------------------------------------------------------------

# (question, language, sections of 7099/KH-UBND): the questions and variants.
AGENCY_QUESTIONS = [
    ("Sở Công Thương chủ trì những nhiệm vụ nào trong 7099/KH-UBND?", "vi", SCT_LEADS),
    ("So Cong Thuong chu tri nhung nhiem vu nao trong 7099/KH-UBND?", "vi", SCT_LEADS),
    ("Which tasks does Sở Công Thương lead in 7099/KH-UBND?", "en", SCT_LEADS),
    ("which tasks does the Department of Industry and Trade lead in ke hoach 7099?", "en",
     SCT_LEADS),
    ("Which tasks does SCT lead in 7099/KH-UBND?", "en", SCT_LEADS),
    # "Phối hợp Sở Công Thương…" inside III.6.a (line 378) names it as coordinator only.
    ("In which tasks of 7099/KH-UBND is Sở Công Thương a named coordinator (not lead)?", "en",
     ["III.6.a"]),
    ("Sở Công Thương phối hợp (không chủ trì) những nhiệm vụ nào của 7099/KH-UBND?", "vi",
     ["III.6.a"]),
    ("Sở Khoa học và Công nghệ chủ trì những nhiệm vụ nào trong 7099/KH-UBND?", "vi",
     ["III.1.d", "III.3.a"]),
    ("Sở Thông tin và Truyền thông chủ trì những nhiệm vụ nào trong 7099/KH-UBND?", "vi",
     ["III.1.c", "III.4.b"]),
]


@pytest.mark.parametrize(("question", "language", "expected"), AGENCY_QUESTIONS,
                         ids=[q[0][:60] for q in AGENCY_QUESTIONS])
def test_tasks_of_an_agency_in_a_plan(store: SQLiteStore, question: str, language: str,
                                      expected: list[str]) -> None:
    answer = answer_question(store, question)
    assert answer["intent"] == "agency_tasks" and answer["language"] == language
    assert sections(answer) == expected
    assert all(a["plan"] == KH_7099 and a["evidence"][0]["file"] == OCR
               for a in answer["answers"])
    assert answer["subject"]["kind"] == "agency"


def test_tasks_of_an_agency_across_plans(store: SQLiteStore) -> None:
    answer = answer_question(store, "which tasks does the Department of Industry and Trade lead")
    assert answer["intent"] == "agency_tasks" and answer["language"] == "en"
    assert answer["subject"]["name"] == "Sở Công Thương" and SCT_BD in answer["subject"]["keys"]
    plans = {a["plan_symbol"] for a in answer["answers"]}
    assert {"7099/KH-UBND", "6603/KH-UBND"} <= plans
    assert all(a["role"] == "lead" for a in answer["answers"])
    assert answer["text"].startswith(f"Sở Công Thương leads {len(answer['answers'])} tasks")


def test_the_sentence_speaks_the_questions_language(store: SQLiteStore) -> None:
    vi = answer_question(store, "Sở Công Thương chủ trì những nhiệm vụ nào trong 7099/KH-UBND?")
    assert vi["text"].startswith("Sở Công Thương chủ trì 4 nhiệm vụ của Kế hoạch 7099/KH-UBND")
    en = answer_question(store, "Which tasks does Sở Công Thương lead in 7099/KH-UBND?")
    assert en["text"].startswith("Sở Công Thương leads 4 tasks of 7099/KH-UBND: III.1.đ")


# --- the tasks of a plan ------------------------------------------------------------------------


@pytest.mark.parametrize("question", ["nhiệm vụ của 7099/KH-UBND", "nhiem vu cua 7099/KH-UBND",
                                      "what are the tasks of 7099/KH-UBND?"])
def test_tasks_of_a_plan(store: SQLiteStore, question: str) -> None:
    answer = answer_question(store, question)
    assert answer["intent"] == "tasks" and answer["subject"]["key"] == KH_7099
    found = sections(answer)
    assert found[:3] == ["III.1.a", "III.1.b", "III.1.c"] and len(found) == 24
    task = answer["answers"][found.index("III.2.d")]
    assert task["lead"] == ["Ban Quản lý các Khu công nghiệp"]
    assert task["evidence"][0]["line"] == 235 and task["path"] == [KH_7099, task["key"]]


def test_a_section_and_tasks_without_lead_wording(store: SQLiteStore) -> None:
    # III.3.b "Sở Lao động - Thương binh và Xã hội phối hợp với…" (line 257) and III.7.c "Sở
    # Xây dựng phối hợp các Sở…" (line 446) say "phối hợp" and no "chủ trì".
    answer = answer_question(store, "Which lettered tasks in section III of 7099/KH-UBND have "
                                    "no explicit \"chủ trì\" (only \"phối hợp\") wording?")
    assert sections(answer) == ["III.3.b", "III.7.c"]
    third = answer_question(store, "nhiệm vụ mục III.3 của 7099/KH-UBND")
    assert sections(third) == ["III.3.a", "III.3.b", "III.3.c", "III.3.d"]


# --- which agency leads the task on … ----------------------------------------------------------


def test_which_unit_leads_a_named_task(store: SQLiteStore) -> None:
    # The table of binhphuoc_sct_bao-cao_2022-2024.txt (line 193): the market scheme's
    # "Đơn vị chủ trì" is the Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch.
    answer = answer_question(store, "Which unit is the lead (đơn vị chủ trì) for the Đề án phát "
                                    "triển thị trường một số sản phẩm chủ yếu under 17-CTr/TU?")
    assert answer["intent"] == "task_agencies" and answer["language"] == "en"
    [agency] = answer["answers"]
    assert agency["kind"] == "agency" and agency["role"] == "lead"
    assert agency["name"] == "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch"
    assert agency["title"].endswith("Bình Phước")
    assert agency["evidence"][0]["file"] == BAO_CAO and agency["evidence"][0]["line"] == 193
    assert [t["section"] for t in agency["tasks"]] == ["PL.6"]


@pytest.mark.parametrize(("question", "role", "names"), [
    ("Cơ quan nào chủ trì nhiệm vụ về cụm công nghiệp trong 7099/KH-UBND?", "lead",
     ["Sở Công Thương"]),
    ("Co quan nao chu tri nhiem vu ve cum cong nghiep trong 7099/KH-UBND?", "lead",
     ["Sở Công Thương"]),
    ("who coordinates the industrial-cluster tasks of 7099/KH-UBND?", "coordinate",
     ["các Sở, ban, ngành", "Ủy ban nhân dân các huyện, thành phố"]),
])
def test_who_leads_or_coordinates_the_tasks_on_a_topic(store: SQLiteStore, question: str,
                                                       role: str, names: list[str]) -> None:
    # III.1.đ: "di dời các doanh nghiệp nằm ngoài khu, cụm công nghiệp … vào khu, cụm công
    # nghiệp" (lines 177-180).
    answer = answer_question(store, question)
    assert answer["intent"] == "task_agencies"
    assert [a["name"] for a in answer["answers"]] == names
    assert all(a["role"] == role and a["tasks"][0]["section"] == "III.1.đ"
               for a in answer["answers"])


def test_who_coordinates_across_plans(store: SQLiteStore) -> None:
    answer = answer_question(store, "who coordinates the industrial-cluster tasks?")
    assert answer["intent"] == "task_agencies" and answer["answers"]
    assert all(a["kind"] == "agency" and a["tasks"] and a["evidence"] for a in answer["answers"])
    assert answer["text"].startswith("Coordinators: ")


# --- indicators ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("question", "language"), [
    ("chỉ tiêu tỷ trọng hạt điều chế biến sâu đạt bao nhiêu", "vi"),
    ("chi tieu ty trong hat dieu che bien sau dat bao nhieu", "vi"),
    ("the cashew deep-processing target was ≥ 15 % by 2025 — what was reported?", "en"),
])
def test_an_indicator_target_and_its_reported_value(store: SQLiteStore, question: str,
                                                    language: str) -> None:
    # binhphuoc_sct_bao-cao_2022-2024.txt:1580 "chỉ chiếm khoảng 5%"; 1584 "tỷ trọng hạt điều
    # chế biến sâu khó đạt được chỉ tiêu từ 15% trở lên".
    answer = answer_question(store, question)
    assert answer["intent"] == "indicators" and answer["language"] == language
    best = answer["answers"][0]
    assert best["kind"] == "indicator" and "hạt điều chế biến sâu" in best["name"]
    target = best["targets"][0]
    assert (target["value"], target["unit"], target["year"]) == (15.0, "%", 2025)
    assert target["latest"]["value"] == 5.0
    assert {(e["file"], e["line"]) for e in best["evidence"]} >= {(BAO_CAO, 1584),
                                                                  (BAO_CAO, 1580)}
    expected = ("mục tiêu ≥ 15 % đến năm 2025, báo cáo gần nhất 5 %" if language == "vi"
                else "target ≥ 15 % by 2025, latest reported 5 %")
    assert expected in answer["text"]


def test_indicators_of_a_plan(store: SQLiteStore) -> None:
    answer = answer_question(store, "chỉ tiêu của 7099/KH-UBND")
    assert answer["intent"] == "indicators" and answer["subject"]["key"] == KH_7099
    assert answer["answers"] and all(a["kind"] == "indicator" and a["targets"]
                                     for a in answer["answers"])
    assert answer["text"].startswith("Kế hoạch 7099/KH-UBND có ")


# --- agencies and the plans they carry out ------------------------------------------------------


@pytest.mark.parametrize("question", ["Sở KH&ĐT sáp nhập vào đâu?",
                                      "what is the successor of Sở Kế hoạch và Đầu tư?",
                                      "tell me about the Department of Planning and Investment"])
def test_an_agency_and_its_successor(store: SQLiteStore, question: str) -> None:
    answer = answer_question(store, question)
    assert answer["intent"] == "agency" and answer["subject"]["name"] == "Sở Kế hoạch và Đầu tư"
    by_key = {a["key"]: a for a in answer["answers"]}
    bd = by_key["agency:so-ke-hoach-va-dau-tu@binh-duong"]
    assert bd["valid_until"] == "2025-02-28" and bd["successor"] == "agency:so-tai-chinh@binh-duong"
    assert "Sở Tài chính" in answer["text"]


def test_documents_a_plan_asks_an_agency_to_carry_out(store: SQLiteStore) -> None:
    # III.6.a (Sở Tài nguyên và Môi trường, line 368) cites "Kế hoạch số 6613/KH-UBND" (line 376).
    answer = answer_question(store, "Which earlier provincial plan does 7099/KH-UBND ask Sở Tài "
                                    "nguyên và Môi trường to keep implementing?")
    assert answer["intent"] == "task_documents"
    assert [a["symbol"] for a in answer["answers"]] == ["6613/KH-UBND"]
    assert answer["answers"][0]["evidence"][0]["line"] == 376
    plain = answer_question(store, "Which documents does 7099/KH-UBND implement?")
    assert plain["intent"] == "implements"  # no agency: the lineage answer


def test_plans_an_agency_carries_out(store: SQLiteStore) -> None:
    answer = answer_question(store, "Which provincial plan is the Bến Tre Department of Industry "
                                    "and Trade implementing in this circular-economy report?")
    assert answer["intent"] == "agency_plans"
    assert answer["subject"]["key"] == "agency:so-cong-thuong@ben-tre"
    assert [a["symbol"] for a in answer["answers"]] == ["6603/KH-UBND"]
    # The report it also has tasks in is left out by "which plan", and said so once.
    assert answer["text"].count("Also 1 other document") == 1


# --- reading the question -----------------------------------------------------------------------


@pytest.mark.parametrize(("question", "intent"), [
    ("Which agency leads the task on building a programme for industrial parks?",
     "task_agencies"),
    ("who coordinates the industrial-cluster tasks?", "task_agencies"),
    ("Đơn vị nào chủ trì Đề án phát triển thị trường?", "task_agencies"),
    ("Under 339/KH-UBND, which reported task was led (chủ trì) by Sở Kế hoạch và Đầu tư?",
     "tasks"),
    ("the cashew deep-processing target was ≥ 15 % by 2025 — what was reported?", "indicators"),
    ("Sở KH&ĐT sáp nhập vào đâu?", "agency"),
    ("Which reports report on 339/KH-UBND?", "reports_on"),
])
def test_intents(question: str, intent: str) -> None:
    assert read_question(question).intent == intent


@pytest.mark.parametrize(("shape", "role"), [
    ("which tasks does sct lead", "lead"),
    ("so cong thuong phoi hop nhung nhiem vu nao", "coordinate"),
    ("in which tasks is sct a named coordinator not lead", "coordinate"),
    ("which tasks does sct lead or coordinate", "any"),
    ("nhiem vu cua sct", "any"),
])
def test_role_asked(shape: str, role: str) -> None:
    assert ask_structure.role_asked(shape) == role


# --- the same answer everywhere -----------------------------------------------------------------


@pytest.mark.parametrize("question", [
    "Sở Công Thương chủ trì những nhiệm vụ nào trong 7099/KH-UBND?",
    "the cashew deep-processing target was ≥ 15 % by 2025 — what was reported?",
    "who coordinates the industrial-cluster tasks?",
])
def test_api_and_cli_give_the_same_answer(store: SQLiteStore, corpus_db: Path,
                                          question: str) -> None:
    with AppClient(create_app(store)) as client:
        response = client.get("/api/ask", params={"q": question})
    assert response.status_code == 200
    result = CliRunner().invoke(cli, ["ask", question, "--json", "--db", str(corpus_db)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == response.json() == answer_question(store, question)


def test_a_question_naming_no_agency_or_topic_says_how_to_ask(store: SQLiteStore) -> None:
    answer = answer_question(store, "which tasks does the Ministry of Magic lead?")
    assert answer["answers"] == [] and answer["intent"] == "tasks"
    assert answer["text"].startswith("Which agency?")


def test_a_known_body_without_tasks_is_answered_none_not_replaced(store: SQLiteStore) -> None:
    # Sở Y tế is in the gazetteer but no corpus file names it: no task, not another agency's.
    answer = answer_question(store, "Which tasks does Sở Y tế lead in 7099/KH-UBND?")
    assert answer["intent"] == "agency_tasks" and answer["answers"] == []
    assert answer["text"] == "Sở Y tế leads no task of 7099/KH-UBND in the store."


@pytest.mark.parametrize("module", [ask_structure, ask_structure_text], ids=lambda m: m.__name__)
def test_docstring_examples_run(module: object) -> None:
    import doctest

    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert failures == 0
