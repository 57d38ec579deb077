"""How many gold list questions `/api/ask` answers exactly.

Each gold folder's ``questions.jsonl`` holds questions with their answers. The *list*
questions (answer is a JSON list) are sent, as written, to ``GET /api/ask`` of a real app
over the store (in-process ASGI transport), and the answer is compared with the gold set:

- an answer item names a gold item when its document key maps to that gold id (the same
  one-to-one document matching ``policygraph eval`` uses), or its symbol, task section,
  agency/task name or date equals the gold item (names compared diacritic-folded,
  rapidfuzz token_sort_ratio >= 90);
- a question is *exact* when every gold item is named and every answer item names one.

No test reads the gold; this is the measuring stick behind the README's number.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from rapidfuzz import fuzz

from ..graph.store import Store
from ..ingest import evaluate as doc_eval
from ..ingest.symbols import canonical_symbol
from ..ingest.textfold import fold_compact

_NAME_MATCH = 90


@dataclass(slots=True)
class QuestionResult:
    """One gold question, what we answered, and whether it matched exactly."""

    folder: str
    question: str
    gold: list[str]
    ours: list[str]
    intent: str | None
    exact: bool


@dataclass(slots=True)
class QuestionReport:
    results: list[QuestionResult] = field(default_factory=list)

    @property
    def exact(self) -> int:
        return sum(r.exact for r in self.results)

    def to_table(self) -> str:
        """One line per question, then the total."""
        lines = [f"{'ok' if r.exact else '--'}  {r.folder[:24]:24}  {r.intent or '-':14}  {r.question[:90]}"
                 for r in self.results]
        total = len(self.results)
        lines.append(f"\n{self.exact}/{total} list questions answered exactly "
                     f"({100 * self.exact / total:.0f} %)." if total else "no list questions found")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return {"exact": self.exact, "total": len(self.results),
                "questions": [r.__dict__ if not hasattr(r, "__slots__") else
                              {k: getattr(r, k) for k in r.__slots__} for r in self.results]}


def evaluate_questions(store: Store, gold_dir: Path, records: Iterable[dict[str, Any]]) -> QuestionReport:
    """Ask every gold list question through ``/api/ask`` and score the answers.

    Args:
        store: the store to question (shared with the in-process app).
        gold_dir: the gold root (one folder per corpus file).
        records: the store's export records, for the document matching.
    """
    from .app import create_app

    records = list(records)
    export = doc_eval._split_export(records)
    app = create_app(store)
    report = QuestionReport()
    for folder in doc_eval._gold_folders(gold_dir):
        gold = doc_eval._load_gold(folder)
        matching = doc_eval._match_documents(gold.documents, export.documents, gold.stem)
        gold_of = dict(matching.gold_of)
        # Task answers name gold tasks by id ("T086"): map ours by the task scores' matching.
        pairs, _ = doc_eval._match_tasks(gold, export.tasks, matching.gold_of)
        gold_of.update({str(ours["key"]): str(theirs["id"]) for theirs, ours in pairs
                        if theirs.get("id") and ours.get("key")})
        for row in _list_questions(folder / "questions.jsonl"):
            answer = asyncio.run(_ask(app, row["q"]))
            report.results.append(_score(folder.name, row, answer, gold_of))
    return report


def _list_questions(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if isinstance(r.get("answer"), list) and r["answer"]]


async def _ask(app: Any, question: str) -> dict[str, Any]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://policygraph") as client:
        response = await client.get("/api/ask", params={"q": question})
        return response.json() if response.status_code == 200 else {"answers": [], "intent": None}


def _score(folder: str, row: dict[str, Any], answer: dict[str, Any], gold_of: dict[str, str]) -> QuestionResult:
    gold_items = [str(g) for g in row["answer"]]
    items = answer.get("answers") or []
    named = [_names(item, gold_items, gold_of) for item in items]
    found = set().union(*named) if named else set()
    exact = found == set(gold_items) and all(named)
    ours = [str(i.get("symbol") or i.get("section") or i.get("name") or i.get("key")) for i in items]
    return QuestionResult(folder, row["q"], gold_items, ours, answer.get("intent"), exact)


def _names(item: dict[str, Any], gold_items: list[str], gold_of: dict[str, str]) -> set[str]:
    """The gold items one answer item names."""
    named = set()
    key = item.get("key")
    if key and gold_of.get(str(key)) in gold_items:
        named.add(gold_of[str(key)])
    for gold in gold_items:
        if _same(item, gold):
            named.add(gold)
    return named


def _same(item: dict[str, Any], gold: str) -> bool:
    symbol = item.get("symbol")
    if symbol and canonical_symbol(gold) and canonical_symbol(str(symbol)) == canonical_symbol(gold):
        return True
    for field_name in ("section", "date"):
        if item.get(field_name) and str(item[field_name]) == gold:
            return True
    for field_name in ("name", "text", "title"):
        value = item.get(field_name)
        if value and fuzz.token_sort_ratio(fold_compact(str(value)), fold_compact(gold)) >= _NAME_MATCH:
            return True
    return False
