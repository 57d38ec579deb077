"""Questions naming no symbol: a topic ("Which Kết luận concerns công nghiệp hỗ trợ?", api/ask_topic.py),
a document typed by its title ("the Đề án phát triển công nghiệp hỗ trợ"), and the gold question
scorer naming tasks by id (api/ask_eval.py) — on real SQLite stores in tmp_path, with synthetic
gold folders (the real gold is never read here).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from policygraph.api.ask import answer_question
from policygraph.api.ask_eval import evaluate_questions
from policygraph.api.ask_topic import topic_asked
from policygraph.api.intents import read_question
from policygraph.graph.export import iter_records
from policygraph.graph.model import Agency, DocType, Document, Evidence, FileGraph, Relation, RelationType, Task
from policygraph.graph.sqlite_store import SQLiteStore
from tests.factories import sha256_of

R = RelationType
F = "sct_bao-cao.txt"
K361, K362 = "doc:361-KL/TU@binh-phuoc:2022", "doc:362-KL/TU@binh-phuoc:2022"
SCHEME = "scheme:phat-trien-cong-nghiep-ho-tro"
OTHER_SCHEME = "scheme:phat-trien-khu-cong-nghiep"
Q1642, P325 = "doc:1642/QĐ-UBND@binh-phuoc:2022", "doc:325/KH-UBND@binh-phuoc:2022"
SKHDT = "agency:so-ke-hoach-va-dau-tu@binh-phuoc"


def ev(line: int, text: str) -> Evidence:
    return Evidence(F, line, text)


def document(key: str, kind: DocType, title: str | None, date: str | None = None) -> Document:
    symbol = key[4:].split("@")[0] if key.startswith("doc:") else None
    return Document(key, symbol, kind, title=title, date=date, jurisdiction="Bình Phước",
                    mentions=[ev(1, title or key)])


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    """A file that contradicts itself: its own words say 361 is about supporting industry
    (line 244), while the supporting-industry scheme rests on 362 (its appendix row) and
    1642/QĐ-UBND issues that scheme."""
    docs = [
        document(K361, DocType.CONCLUSION, "Phát triển công nghiệp hỗ trợ"),
        document(K362, DocType.CONCLUSION, "Phát triển khu kinh tế, khu và cụm công nghiệp"),
        document(SCHEME, DocType.SCHEME, "Đề án phát triển công nghiệp hỗ trợ trên địa bàn tỉnh "
                                         "Bình Phước giai đoạn 2021-2025"),
        document(OTHER_SCHEME, DocType.SCHEME, "Đề án phát triển khu công nghiệp, khu kinh tế tỉnh "
                                               "Bình Phước giai đoạn 2021-2025"),
        document(Q1642, DocType.DECISION, "việc ban hành Đề án phát triển công nghiệp hỗ trợ",
                 "2022-09-07"),
        document(P325, DocType.PLAN, "triển khai thực hiện Đề án"),
    ]
    relations = [
        Relation(SCHEME, K362, R.BASED_ON, ev(116, "Kết luận 362-KL/TU"), None, 0.5),
        Relation(OTHER_SCHEME, K361, R.BASED_ON, ev(136, "Kết luận 361-KL/TU"), None, 0.5),
        Relation(Q1642, SCHEME, R.APPROVES, ev(3855, "Quyết định số 1642/QĐ-UBND … ban hành Đề án")),
        Relation(P325, SCHEME, R.IMPLEMENTS, ev(111, "Kế hoạch số 325/KH-UBND … thực hiện Đề án")),
    ]
    tasks = [Task(f"task:{P325}#2.3", P325, "2.3", "Về cơ chế, chính sách", [SKHDT], [],
                  ev(5697, "2.3. Về cơ chế, chính sách"))]
    agencies = [Agency(SKHDT, "Sở Kế hoạch và Đầu tư", "Bình Phước",
                       mentions=[ev(5699, "Sở Kế hoạch và Đầu tư đã chủ trì")])]
    with SQLiteStore(tmp_path / "topics.db") as opened:
        opened.write_file_graph(FileGraph(F, sha256_of("topics"), "utf-8", documents=docs,
                                          relations=relations, tasks=tasks, agencies=agencies))
        yield opened


@pytest.mark.parametrize(("question", "topic"), [
    ("Which Kết luận concerns công nghiệp hỗ trợ (supporting industry)?", "công nghiệp hỗ trợ"),
    ("Kết luận nào về phát triển thương mại điện tử?", "phát triển thương mại điện tử"),
    ("which conclusion is about e-commerce", "e-commerce"),
    ("Which plans implement 361-KL/TU?", None),
])
def test_topic_asked(question: str, topic: str | None) -> None:
    assert topic_asked(question) == topic


def test_the_best_supported_conclusion_answers_and_the_other_is_contested(store: SQLiteStore) -> None:
    answer = answer_question(store, "Which Kết luận concerns công nghiệp hỗ trợ (supporting industry)?")
    assert answer["intent"] == "about"
    assert [a["symbol"] for a in answer["answers"]] == ["362-KL/TU"]
    best = answer["answers"][0]
    assert best["support"] == 2  # the scheme resting on it, and the decision issuing the scheme
    assert {e["line"] for e in best["evidence"]} == {116, 3855}
    assert [c["symbol"] for c in best["contested_by"]] == ["361-KL/TU"]
    assert "362-KL/TU (2 statements)" in answer["text"] and "361-KL/TU (1 statement)" in answer["text"]


def test_a_topic_nobody_states_falls_back_to_not_understood(store: SQLiteStore) -> None:
    answer = answer_question(store, "Which Kết luận concerns du lịch biển?")
    assert answer["answers"] == [] and answer["intent"] != "about"


def test_a_scheme_typed_by_its_title_is_the_subject() -> None:
    q = read_question("Which Quyết định issued (ban hành) the Đề án phát triển công nghiệp hỗ trợ 2021-2025, "
                      "and on what date?")
    assert (q.intent, q.subject, q.asked_type) == ("approved_by", "Đề án phát triển công nghiệp hỗ trợ 2021-2025",
                                                   DocType.DECISION)
    vi = read_question("Quyết định nào ban hành Đề án phát triển công nghiệp hỗ trợ?")
    assert (vi.intent, vi.subject) == ("approved_by", "Đề án phát triển công nghiệp hỗ trợ")
    # A task question keeps its topic: the title is not taken as its document.
    assert read_question("Which unit is the lead (đơn vị chủ trì) for the Đề án phát triển thị trường?").subject \
        is None


def test_the_decision_issuing_a_titled_scheme_with_its_date(store: SQLiteStore) -> None:
    answer = answer_question(store, "Which Quyết định issued (ban hành) the Đề án phát triển công nghiệp hỗ trợ "
                                    "2021-2025, and on what date?")
    assert answer["subject"]["key"] == SCHEME
    assert [(a["symbol"], a["date"]) for a in answer["answers"]] == [("1642/QĐ-UBND", "2022-09-07")]


def test_a_title_matching_two_schemes_alike_asks_which(store: SQLiteStore) -> None:
    answer = answer_question(store, "Which plan implements the Đề án phát triển tỉnh Bình Phước?")
    assert answer["answers"] == []
    assert {c["key"] for c in answer["candidates"]} == {SCHEME, OTHER_SCHEME}


def test_the_question_scorer_names_tasks_by_gold_id(tmp_path: Path, store: SQLiteStore) -> None:
    gold = tmp_path / "gold" / "sct_bao-cao"
    gold.mkdir(parents=True)
    rows = {
        "documents": [{"id": "325/KH-UBND", "type": "KeHoach", "numbered": True, "title": None,
                       "variants": [], "lines": [1]},
                      {"id": "362-KL/TU", "type": "KetLuan", "numbered": True, "title": None,
                       "variants": [], "lines": [1]}],
        "tasks": [{"id": "T086", "plan": "325/KH-UBND", "task": "Cơ chế, chính sách", "line": 5697,
                   "lead": ["Sở Kế hoạch và Đầu tư"], "coordinate": []}],
        "questions": [
            {"q": "Under 325/KH-UBND, which task was led (chủ trì) by Sở Kế hoạch và Đầu tư?",
             "answer": ["T086"]},
            {"q": "Which Kết luận concerns công nghiệp hỗ trợ?", "answer": ["362-KL/TU"]},
            {"q": "Which Kết luận concerns khu kinh tế?", "answer": ["361-KL/TU"]},  # both have 1
        ],
    }
    for name in ("documents", "relations", "tasks", "agencies", "indicators", "questions"):
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows.get(name, []))
        (gold / f"{name}.jsonl").write_text(text, encoding="utf-8")
    report = evaluate_questions(store, tmp_path / "gold", iter_records(store))
    assert [r.exact for r in report.results] == [True, True, False]
    assert report.exact == 2
