"""Answer a question about the graph: ``GET /api/ask?q=…`` and ``policygraph ask`` call this.

:func:`answer_question` reads the question (``api.intents``), resolves the document it
names (``graph.search.resolve_subject``: one document, candidates, or close matches), runs
the query of the intent (``graph.queries`` or one store verb) and returns the JSON of
interfaces.md with one readable sentence in the question's language (``api.ask_text``).

Answer keys, always present: ``question, intent, language, subject, answers, candidates,
suggestions, text, truncated``. Each answer has ``key, kind, path, evidence`` (a list of
``{text, file, line}``, one per relation used); document answers add ``symbol, title,
doc_type, issuer, date, status, relation, scope, via, depth, direction``; tasks add
``text, section, plan, lead, coordinate``; indicators ``name, targets, observations``.
``path`` runs from the subject to the answer.

Example:
    >>> from ..graph.sqlite_store import SQLiteStore
    >>> answer_question(SQLiteStore(":memory:"), "what is the weather?")["intent"] is None
    True
"""

from __future__ import annotations

import re

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from rapidfuzz import fuzz

from ..graph import queries
from ..graph.model import Agency, Evidence, RelationType, Task
from ..graph.refs import DocumentRefs
from ..graph.results import DocumentRef, Edge, Lineage
from ..graph.store import Store
from ..ingest.textfold import fold_compact
from . import ask_text
from .intents import Question, read_question

__all__ = ["answer_question"]

R = RelationType
MAX_DEPTH = 10
MAX_ANSWERS = 1000

# One-hop intents: (direction from the subject, relation type).
_ONE_HOP: dict[str, tuple[str, RelationType]] = {
    "implements": ("out", R.IMPLEMENTS),
    "based_on": ("out", R.BASED_ON),
    "basis_for": ("in", R.BASED_ON),
    "approves": ("out", R.APPROVES),
    "approved_by": ("in", R.APPROVES),
    "reports_on": ("in", R.REPORTS_ON),
    "report_covers": ("out", R.REPORTS_ON),
}
# Intents that need tasks or indicators, which issue #4 (task extraction) brings.
_NEEDS = {"tasks": "tasks", "agency_tasks": "tasks", "indicators": "indicators"}
_AGENCY_MATCH = 85.0  # rapidfuzz partial ratio for an agency named in a question


@dataclass(slots=True)
class Reply:
    """What an intent's handler found: the answers, what the asked type left out, the
    subject's status (supersession), and whether a limit cut it."""

    answers: list[dict[str, Any]]
    others: list[dict[str, Any]] = field(default_factory=list)
    status: str | None = None
    truncated: bool = False


Handler = Callable[[Store, Question, DocumentRef], Reply]


def answer_question(store: Store, q: str) -> dict[str, Any]:
    """Answer one question, in the shape of interfaces.md.

    Args:
        store: any Store.
        q: the question, Vietnamese (with or without diacritics) or English.

    Returns:
        ``{question, intent, language, subject, answers, candidates, suggestions, text,
        truncated}``; ``intent`` is None when the question was not understood, and
        ``text`` then gives examples that work on this store.

    Example:
        >>> from ..graph.sqlite_store import SQLiteStore
        >>> answer_question(SQLiteStore(":memory:"), "which plans implement 361-KL/TU?")["text"]
        'No document “361-KL/TU” in the store.'
    """
    question = read_question(q)
    out: dict[str, Any] = {"question": q, "intent": question.intent,
                           "language": question.language, "subject": None, "answers": [],
                           "candidates": [], "suggestions": [], "text": "", "truncated": False}
    lang = question.language
    if question.intent is None:
        out["text"] = ask_text.not_understood(lang, ask_text.examples(store, lang))
        return out
    needs = _NEEDS.get(question.intent)
    if needs and not store.stats().get(needs, 0):
        out["text"] = ask_text.not_available(lang, question.intent)
        return out
    if question.intent == "tasks" and question.subject is None:
        return _agency_tasks(store, question, out)
    if question.subject is None:
        out["text"] = ask_text.no_subject(lang, question.intent)
        return out
    return _about_document(store, question, out)


def _about_document(store: Store, question: Question, out: dict[str, Any]) -> dict[str, Any]:
    """Resolve the subject, then run the intent's handler on it."""
    lang, intent = question.language, question.intent or ""
    found = queries.resolve_subject(store, question.subject or "", context=question.text)
    if found.status == "ambiguous":
        out["candidates"] = [asdict(c) for c in found.candidates]
        out["text"] = ask_text.ambiguous(lang, question.subject or "", found.candidates)
        return out
    if found.status != "found" or found.document is None:
        out["suggestions"] = [asdict(s) for s in found.suggestions]
        out["text"] = ask_text.not_found(lang, question.subject or "", found.suggestions)
        return out
    subject = found.document
    reply = _HANDLERS[intent](store, question, subject)
    if question.asked_type is not None and intent in _FILTERABLE:
        kept = [a for a in reply.answers if a.get("doc_type") == question.asked_type]
        reply.others = [a for a in reply.answers if a.get("doc_type") != question.asked_type]
        reply.answers = kept
    out.update(subject=asdict(subject), answers=reply.answers, truncated=reply.truncated,
               text=ask_text.compose(intent, lang, subject, reply, question.asked_type))
    return out


# --- handlers ----------------------------------------------------------------------------------


def _implementers(store: Store, question: Question, subject: DocumentRef) -> Reply:
    result = queries.implementers(store, subject.key, limit=MAX_ANSWERS)
    refs = DocumentRefs(store)
    answers = []
    for i in result.implementers:
        answer = _document_answer(i.document, i.path, i.edges, relation="implements",
                                  via=i.via, through=i.through)
        answer["through_labels"] = [refs.get(k).label for k in i.through]
        answers.append(answer)
    return Reply(answers, truncated=result.truncated)


def _one_hop(store: Store, question: Question, subject: DocumentRef) -> Reply:
    direction, type_ = _ONE_HOP[question.intent or ""]
    refs = DocumentRefs(store)
    by_other: dict[str, list[Edge]] = {}
    for relation in store.edges(subject.key, direction, [type_]):
        other = relation.target if direction == "out" else relation.source
        by_other.setdefault(other, []).append(Edge.of(relation))
    answers = [_document_answer(refs.get(k), [subject.key, k], edges, relation=str(type_),
                                depth=1)
               for k, edges in sorted(by_other.items())]
    return Reply(answers[:MAX_ANSWERS], truncated=len(answers) > MAX_ANSWERS)


def _lineage_answers(lineage: Lineage, direction: str) -> list[dict[str, Any]]:
    """One answer per reached document; evidence of every relation on its path."""
    via = {e.document.key: e.via for e in lineage.entries}
    answers = []
    for entry in lineage.entries:
        edges = [edge for key in entry.path[1:] for edge in via.get(key, [])]
        answers.append(_document_answer(entry.document, entry.path, edges,
                                        relation=_types_of(entry.via), depth=entry.depth,
                                        direction=direction))
    return answers


def _upstream(store: Store, question: Question, subject: DocumentRef) -> Reply:
    up = queries.upstream(store, subject.key, MAX_DEPTH, limit=MAX_ANSWERS)
    return Reply(_lineage_answers(up, "up"), truncated=up.truncated)


def _downstream(store: Store, question: Question, subject: DocumentRef) -> Reply:
    down = queries.downstream(store, subject.key, MAX_DEPTH, limit=MAX_ANSWERS)
    return Reply(_lineage_answers(down, "down"), truncated=down.truncated)


_UPWARD = re.compile(r"\b(upstream|above|up to|len toi|cap tren|phia tren|ben tren)\b")


def _chain(store: Store, question: Question, subject: DocumentRef) -> Reply:
    """The chain a document stands in, the document itself first: upward only when the
    question says so ("the chain above 323/KH-UBND", "upstream chain of 340/KH-UBND")."""
    itself = _document_answer(subject, [subject.key], [], relation="subject", depth=0, direction="self")
    up = _upstream(store, question, subject)
    if _UPWARD.search(question.shape):
        return Reply([itself, *up.answers], truncated=up.truncated)
    down = _downstream(store, question, subject)
    return Reply([itself, *up.answers, *down.answers], truncated=up.truncated or down.truncated)


def _supersession(store: Store, question: Question, subject: DocumentRef) -> Reply:
    """One answer per (other document, relation, direction); the same relation stated in
    several places keeps all its evidence and its distinct scopes."""
    result = queries.supersession(store, subject.key)
    grouped: dict[tuple[str, str, str], dict[str, Any]] = {}
    for direction, links in (("by", result.by), ("on", result.on)):
        for link in links:
            other = link.document.key
            source, target = (other, subject.key) if direction == "by" else (subject.key, other)
            edge = Edge(source, target, link.type, link.scope, link.evidence)
            found = grouped.get((other, link.type, direction))
            if found is None:
                found = _document_answer(link.document, [subject.key, other], [edge],
                                         relation=link.type, depth=1, direction=direction)
                found["scope"], found["effect"] = link.scope, link.effect
                grouped[other, link.type, direction] = found
                continue
            found["evidence"].append(_evidence(link.evidence))
            found["scope"] = _join_scopes(found["scope"], link.scope)
    return Reply(list(grouped.values()), status=result.status)


def _join_scopes(first: str | None, second: str | None) -> str | None:
    """Distinct scopes, compared without case ("một số Điều" = "một số điều")."""
    if not second or (first and second.casefold() in first.casefold().split("; ")):
        return first
    return f"{first}; {second}" if first else second


def _document(store: Store, question: Question, subject: DocumentRef) -> Reply:
    doc = store.document(subject.key)
    evidence = [_evidence(m) for m in doc.mentions[:5]]
    answer = _document_answer(subject, [subject.key], [], depth=0)
    answer["evidence"] = evidence
    answer["origin"] = asdict(doc.origin) if doc.origin else None
    return Reply([answer])


def _tasks(store: Store, question: Question, subject: DocumentRef) -> Reply:
    names = {a.key: a.name for a in store.agencies()}
    tasks = store.tasks(plan=subject.key)
    return Reply([_task_answer(t, names, [subject.key, t.key]) for t in tasks[:MAX_ANSWERS]],
                 truncated=len(tasks) > MAX_ANSWERS)


def _indicators(store: Store, question: Question, subject: DocumentRef) -> Reply:
    answers = []
    for indicator in store.indicators(scope=subject.key)[:MAX_ANSWERS]:
        facts = [*indicator.targets, *indicator.observations]
        answers.append({
            "key": indicator.key, "kind": "indicator", "name": indicator.name,
            "targets": [_without_evidence(asdict(t)) for t in indicator.targets],
            "observations": [_without_evidence(asdict(o)) for o in indicator.observations],
            "path": [subject.key, indicator.key],
            "evidence": [_evidence(f.evidence) for f in facts if f.evidence is not None],
        })
    return Reply(answers)


def _agency_tasks(store: Store, question: Question, out: dict[str, Any]) -> dict[str, Any]:
    """Tasks an agency named in the question leads or coordinates (no document subject)."""
    out["intent"] = "agency_tasks"
    agency = _agency_in(store, question.text)
    if agency is None:
        out["text"] = ask_text.no_subject(question.language, "agency_tasks")
        return out
    names = {a.key: a.name for a in store.agencies()}
    tasks = store.tasks(agency=agency.key)
    out["subject"] = {"key": agency.key, "symbol": None, "title": agency.name,
                      "kind": "agency", "jurisdiction": agency.jurisdiction}
    out["answers"] = [_task_answer(t, names, [agency.key, t.key]) for t in tasks[:MAX_ANSWERS]]
    out["truncated"] = len(tasks) > MAX_ANSWERS
    out["text"] = ask_text.agency_tasks(question.language, agency.name, out["answers"])
    return out


def _agency_in(store: Store, text: str) -> Agency | None:
    """The agency whose name or alias the text contains (folded, typos forgiven)."""
    folded = fold_compact(text)
    best, best_score = None, _AGENCY_MATCH
    for agency in store.agencies():
        for name in (agency.name, *agency.aliases):
            score = fuzz.partial_ratio(fold_compact(name), folded) if len(name) > 3 else 0
            if score > best_score or (score == best_score and best is not None
                                      and agency.key < best.key):
                best, best_score = agency, score
    return best


_HANDLERS: dict[str, Handler] = {
    "implementers": _implementers,
    **{name: _one_hop for name in _ONE_HOP},
    "upstream": _upstream,
    "downstream": _downstream,
    "chain": _chain,
    "supersession": _supersession,
    "document": _document,
    "tasks": _tasks,
    "indicators": _indicators,
}
# Intents whose answers "which plans …" / "kế hoạch nào …" may narrow to one kind.
_FILTERABLE = {"implementers", "basis_for", "approved_by", "reports_on", "implements",
               "based_on", "approves", "report_covers", "upstream", "downstream"}


# --- answer shapes ------------------------------------------------------------------------------


def _document_answer(ref: DocumentRef, path: list[str], edges: list[Edge], *,
                     relation: str | None = None, via: str | None = None,
                     through: list[str] | None = None, depth: int | None = None,
                     direction: str | None = None) -> dict[str, Any]:
    """A document answer with every key present (null when it does not apply)."""
    return {
        "key": ref.key, "kind": "document", "symbol": ref.symbol, "title": ref.title,
        "label": ref.label, "doc_type": ref.doc_type, "issuer": ref.issuer,
        "jurisdiction": ref.jurisdiction, "date": ref.date, "status": ref.status,
        "relation": relation, "scope": edges[0].scope if len(edges) == 1 else None,
        "via": via, "through": through or [], "through_labels": [], "depth": depth,
        "direction": direction,
        "path": path, "evidence": [_evidence(e.evidence) for e in edges],
    }


def _task_answer(task: Task, names: dict[str, str], path: list[str]) -> dict[str, Any]:
    return {
        "key": task.key, "kind": "task", "text": task.text, "section": task.section,
        "plan": task.plan, "lead": [names.get(a, a) for a in task.lead],
        "coordinate": [names.get(a, a) for a in task.coordinate], "path": path,
        "evidence": [_evidence(task.evidence)] if task.evidence else [],
    }


def _evidence(evidence: Evidence) -> dict[str, Any]:
    return {"text": evidence.text, "file": evidence.file, "line": evidence.line}


def _without_evidence(fact: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fact.items() if k != "evidence"}


def _types_of(edges: list[Edge]) -> str | None:
    types = sorted({e.type for e in edges})
    return ",".join(types) if types else None

