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
``path`` runs from the subject to the answer. Task, agency and indicator questions are
answered by :mod:`api.ask_structure` (their document is optional).

Example:
    >>> from ..graph.sqlite_store import SQLiteStore
    >>> answer_question(SQLiteStore(":memory:"), "what is the weather?")["intent"] is None
    True
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from ..graph import queries
from ..graph.model import DocType, Evidence, RelationType
from ..graph.refs import DocumentRefs
from ..graph.results import DocumentRef, Edge, Lineage
from ..graph.store import Store
from ..ingest.textfold import fold
from . import ask_text
from .ask_structure import (
    STRUCTURE_INTENTS,
    agency_plans,
    agency_subject,
    answer_structure,
    task_documents,
)
from .ask_followups import FollowUp, follow_up, widens_to_schemes
from .ask_topic import supporters, topic_asked, topic_text
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
# Intents that need tasks, agencies or indicators (the Store.stats key they need).
_NEEDS = STRUCTURE_INTENTS


@dataclass(slots=True)
class Reply:
    """What an intent's handler found: the answers, what the asked type left out, the
    subject's status (supersession), and whether a limit cut it. Handlers that write their
    own sentence set ``text`` (and may refine ``intent`` and ``subject``)."""

    answers: list[dict[str, Any]]
    others: list[dict[str, Any]] = field(default_factory=list)
    status: str | None = None
    truncated: bool = False
    intent: str | None = None
    subject: dict[str, Any] | None = None
    text: str | None = None


Handler = Callable[[Store, Question, DocumentRef | None], Reply]


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
    if question.subject is None and question.asked_type is not None and \
            (topic := topic_asked(question.text)) is not None:
        # "Which Kết luận concerns công nghiệp hỗ trợ?": a kind and a topic, no document.
        reply = _about(store, question, topic)
        if reply.answers:
            out["intent"] = "about"
            return _finish(store, replace(question, intent="about"), None, out, reply)
    if question.intent is None:
        out["text"] = ask_text.not_understood(lang, ask_text.examples(store, lang))
        return out
    needs = _NEEDS.get(question.intent)
    if needs and not store.stats().get(needs, 0):
        out["text"] = ask_text.not_available(lang, question.intent)
        return out
    if question.subject is None:
        if question.intent in _NO_DOCUMENT_NEEDED:
            return _finish(store, question, None, out)
        if question.intent in ("document", "supersession") and store.stats().get("agencies"):
            # "tell me about SCT", "what replaced Sở KH&ĐT?": an agency, not a document.
            asked = replace(question, intent="agency")
            reply = _HANDLERS["agency"](store, asked, None)
            if reply.subject is not None:
                out["intent"] = "agency"
                return _finish(store, asked, None, out, reply)
        if question.asked_type is not None and store.stats().get("tasks"):
            # "which plan is the Department of Industry and Trade implementing?"
            reply = _agency_plans(store, question)
            if reply is not None:
                return _finish(store, question, None, out, reply)
        out["text"] = ask_text.no_subject(lang, question.intent)
        return out
    return _about_document(store, question, out)


def _about_document(store: Store, question: Question, out: dict[str, Any]) -> dict[str, Any]:
    """Resolve the subject, then run the intent's handler on it."""
    lang = question.language
    found = queries.resolve_subject(store, question.subject or "", context=question.text)
    if found.status == "ambiguous":
        out["candidates"] = [asdict(c) for c in found.candidates]
        out["text"] = ask_text.ambiguous(lang, question.subject or "", found.candidates)
        return out
    if found.status != "found" or found.document is None:
        out["suggestions"] = [asdict(s) for s in found.suggestions]
        out["text"] = ask_text.not_found(lang, question.subject or "", found.suggestions)
        return out
    return _finish(store, question, found.document, out)


def _finish(store: Store, question: Question, subject: DocumentRef | None,
            out: dict[str, Any], reply: Reply | None = None) -> dict[str, Any]:
    """Run the intent's handler (unless given its reply) and fill in the answer."""
    intent, lang = question.intent or "", question.language
    if reply is None:
        reply = _HANDLERS[intent](store, question, subject)
    if question.asked_type is not None and (reply.intent or intent) in _FILTERABLE:
        kept = [a for a in reply.answers if _is_kind(a, question.asked_type)]
        reply.others = [a for a in reply.answers if not _is_kind(a, question.asked_type)]
        reply.answers = kept
    if reply.text is not None:  # the handler's own sentence, and what the kind left out
        text = reply.text + ask_text.others_sentence(lang, reply.others)
    elif subject is not None:
        text = ask_text.compose(intent, lang, subject, reply, question.asked_type)
    else:
        text = ""
    if (then := follow_up(question.shape)) is not None and reply.answers and intent in _FILTERABLE:
        added = _followed(store, reply.answers, then)
        text += ask_text.followed_sentence(lang, str(then.type), added)
        reply.answers = [*reply.answers, *added]
    out.update(intent=reply.intent or intent, answers=reply.answers, truncated=reply.truncated,
               subject=reply.subject if reply.subject is not None or subject is None
               else asdict(subject), text=text)
    return out


def _is_kind(answer: dict[str, Any], kind: str) -> bool:
    """Whether an answer is of the kind asked; a letter titled "báo cáo …" (a Công văn "V/v
    báo cáo tình hình …", bao-cao:8-13) is a report in all but its form."""
    if answer.get("doc_type") == kind:
        return True
    title = fold(answer.get("title") or "")
    return kind == DocType.REPORT and title.startswith("bao cao")


def _followed(store: Store, answers: list[dict[str, Any]], then: FollowUp) -> list[dict[str, Any]]:
    """What the answers link to by the follow-up's relation ("and which Đề án does that plan
    carry out?"), each once, after the answers themselves."""
    refs = DocumentRefs(store)
    seen = {a["key"] for a in answers}
    added: list[dict[str, Any]] = []
    for answer in answers:
        for relation in store.edges(answer["key"], "out", [then.type]):
            ref = refs.get(relation.target)
            if relation.target in seen or (then.kind is not None and ref.doc_type != then.kind):
                continue
            seen.add(relation.target)
            added.append(_document_answer(ref, [*answer["path"], ref.key], [Edge.of(relation)],
                                          relation=str(then.type), depth=(answer.get("depth") or 1) + 1))
    return added


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
    paths: dict[str, list[str]] = {}
    for path in _subjects(store, question, subject, refs):
        for relation in store.edges(path[-1], direction, [type_]):
            other = relation.target if direction == "out" else relation.source
            if other in path:
                continue
            by_other.setdefault(other, []).append(Edge.of(relation))
            paths.setdefault(other, [*path, other])
    answers = [_document_answer(refs.get(k), paths[k], edges, relation=str(type_),
                                depth=len(paths[k]) - 1)
               for k, edges in sorted(by_other.items())]
    return Reply(answers[:MAX_ANSWERS], truncated=len(answers) > MAX_ANSWERS)


def _subjects(store: Store, question: Question, subject: DocumentRef,
              refs: DocumentRefs) -> list[list[str]]:
    """The paths to what the question is about: its document, and the schemes that
    document carries out when it says "… and its Đề án"."""
    paths = [[subject.key]]
    if widens_to_schemes(question.shape):
        for relation in store.edges(subject.key, "out", [R.IMPLEMENTS]):
            if refs.get(relation.target).doc_type == DocType.SCHEME:
                paths.append([subject.key, relation.target])
    return paths


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


def _structure(store: Store, question: Question, subject: DocumentRef | None) -> Reply:
    """Tasks, agencies and indicators (api.ask_structure), the document optional."""
    found = answer_structure(store, question, subject)
    return Reply(found.answers, truncated=found.truncated, intent=found.intent,
                 subject=found.subject, text=found.text)


def _implements(store: Store, question: Question, subject: DocumentRef | None) -> Reply:
    """What the subject implements; when the question names an agency with tasks in it,
    the documents the subject cites in that agency's tasks ("which plan does 7099/KH-UBND
    ask Sở Tài nguyên và Môi trường to keep implementing?")."""
    assert subject is not None
    cited = task_documents(store, question, subject) if store.stats().get("tasks") else None
    if cited is None:
        return _one_hop(store, question, subject)
    agency, documents = cited
    refs = DocumentRefs(store)
    answers = [_document_answer(refs.get(k), [subject.key, k], edges, relation="references",
                                depth=1) for k, edges in documents]
    kept = [a for a in answers if question.asked_type is None
            or a["doc_type"] == question.asked_type]
    text = ask_text.task_documents(question.language, subject, agency.name or "", kept)
    return Reply(answers, intent="task_documents", text=text)


def _about(store: Store, question: Question, topic: str) -> Reply:
    """Documents of the asked kind about ``topic``, the best supported first (api.ask_topic)."""
    assert question.asked_type is not None
    found = supporters(store, question.asked_type, topic)
    if not found:
        return Reply([])
    most = len(found[0].statements)
    refs = DocumentRefs(store)
    answers = []
    for support in found:
        answer = _document_answer(refs.get(support.document.key), [support.document.key], [],
                                  relation="about")
        answer["evidence"] = [_evidence(e) for _, e in support.statements if e is not None]
        answer["support"] = len(support.statements)
        answers.append(answer)
    best = [s for s in found if len(s.statements) == most]
    contested = [s for s in found if len(s.statements) < most]
    for answer in answers[:len(best)]:  # the other side of a contradiction, with its weight
        answer["contested_by"] = [{k: a[k] for k in ("key", "symbol", "support", "evidence")}
                                  for a in answers[len(best):]]
    text = topic_text(question.language, topic, best, contested)
    return Reply(answers[:len(best)], intent="about", text=text)


def _agency_plans(store: Store, question: Question) -> Reply | None:
    """The plans with tasks of the agency the question names (None: it names none)."""
    found = agency_plans(store, question)
    if found is None:
        return None
    agency, plans = found
    refs = DocumentRefs(store)
    subject = agency_subject(agency)
    answers = []
    for key, tasks in plans:
        answer = _document_answer(refs.get(key), [subject["key"], key], [], relation="tasks")
        answer["evidence"] = [_evidence(t.evidence) for t in tasks if t.evidence]
        answer["tasks"] = [t.section for t in tasks]
        answers.append(answer)
    kept = [a for a in answers if a["doc_type"] == question.asked_type]
    text = ask_text.agency_plans(question.language, agency.name or "", kept or answers)
    return Reply(answers, intent="agency_plans", subject=subject, text=text)


_HANDLERS: dict[str, Handler] = {
    "implementers": _implementers,
    **{name: _one_hop for name in _ONE_HOP},
    "implements": _implements,
    "upstream": _upstream,
    "downstream": _downstream,
    "chain": _chain,
    "supersession": _supersession,
    "document": _document,
    **{name: _structure for name in STRUCTURE_INTENTS},
}
# Intents a question may ask without naming a document.
_NO_DOCUMENT_NEEDED = frozenset(STRUCTURE_INTENTS)
# Intents whose answers "which plans …" / "kế hoạch nào …" may narrow to one kind.
_FILTERABLE = {"implementers", "basis_for", "approved_by", "reports_on", "implements",
               "based_on", "approves", "report_covers", "upstream", "downstream",
               "task_documents", "agency_plans"}


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


def _evidence(evidence: Evidence) -> dict[str, Any]:
    return {"text": evidence.text, "file": evidence.file, "line": evidence.line}


def _types_of(edges: list[Edge]) -> str | None:
    types = sorted({e.type for e in edges})
    return ",".join(types) if types else None

