"""Answer questions about tasks, agencies and indicators (``/api/ask``, ``policygraph ask``).

:mod:`api.ask` reads the question and resolves the document it names, if any; the
intents here take it from there. A document is optional: "which tasks does the Department
of Industry and Trade lead" is asked of every plan, "who coordinates the industrial-cluster
tasks?" of every task. What the question adds is read here, on its folded shape:

- an agency, in any spelling or in English (``graph.agency_lookup``, in the words outside
  the document's symbol, narrowed to the document's province);
- the agency's role: "chủ trì"/"lead" → ``lead``; "phối hợp"/"coordinator", or "not
  lead" → ``coordinate``; both or neither → ``any``;
- a section ("section III", "mục III.2") and "no explicit chủ trì" (only "phối hợp");
- the topic: the remaining words (``graph.topics``).

========================  ===================================================================
intent                    answers
========================  ===================================================================
``tasks``                 tasks of §, filtered by section / lead wording / topic; without §,
                          the tasks on the topic
``agency_tasks``          tasks the named agency leads / coordinates (in §)
``task_agencies``         the agencies leading (or coordinating) the tasks on the topic
``indicators``            §'s targets beside their latest values; or indicators named by words
``agency``                one agency: names, provinces, 2025 successors
``task_documents``        documents § cites inside the tasks of the named agency
``agency_plans``          the plans with tasks of the named agency ("which plan is X implementing")
========================  ===================================================================

Answers are dicts of interfaces.md with ``kind`` ``task``, ``agency`` or ``indicator``.

Example:
    >>> role_asked("in which tasks is § a named coordinator not lead")
    'coordinate'
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from ..graph import queries_structure as qs
from ..graph.agency_lookup import AgencyResolution, resolve_agency
from ..graph.model import Evidence
from ..graph.results import DocumentRef, Edge
from ..graph.store import Store
from ..graph.structure_results import IndicatorEntry, TaskEntry
from ..graph.topics import topic_terms
from ..ingest.textfold import fold_compact
from . import ask_structure_text as say
from .intents import Question

__all__ = ["STRUCTURE_INTENTS", "StructureReply", "agency_plans", "answer_structure",
           "role_asked", "task_documents"]

#: Intents answered here; the store must hold what they need (``Store.stats`` key).
STRUCTURE_INTENTS: dict[str, str] = {"tasks": "tasks", "agency_tasks": "tasks",
                                     "task_agencies": "tasks", "indicators": "indicators",
                                     "agency": "agencies"}
MAX_ANSWERS = 1000
_MAX_INDICATORS = 5  # indicator hits shown for a question naming no document
_INDICATOR_SHARE = 0.5  # hits scoring below this share of the best are left out

_COORDINATE = re.compile(r"\b(coordinat\w*|co ordinat\w*|phoi hop|partners?|supports?)\b")
_LEAD = re.compile(r"\b(lead\w*|led|chu tri|in charge|responsible)\b")
_NOT_LEAD = re.compile(r"\b(not (as )?(the )?lead\w*|not leading|khong (phai )?(la )?"
                       r"(don vi )?chu tri|chi phoi hop|only coordinat\w*)\b")
_SECTION = re.compile(r"\b(?:section|sections|muc|phan|part)\s+([ivxl]+|\d+)((?:\.\d+)*)\b")
_NO_LEAD_WORDING = re.compile(r"\b(no|without|khong co|thieu|chua co) (explicit |ro )?"
                              r"(chu tri|lead\w*)\b")
_ONLY_COORDINATE = re.compile(r"\b(only|chi) (phoi hop|coordinat\w*)\b")
# "chủ trì" and "phối hợp" as OCR prints them ("chi tri", "phdi hop"): ingest/tasks.py cues.
_LEAD_CUE = re.compile(r"(?<![a-z0-9])ch[a-z]{1,2}\s+tri(?![a-z])")
_COORD_CUE = re.compile(r"(?<![a-z0-9])ph[a-z0-9]{1,3}\s+h[o0]p(?![a-z])")


@dataclass(slots=True)
class StructureReply:
    """What an intent found: its (maybe refined) intent, subject, answers and sentence."""

    intent: str
    subject: dict[str, Any] | None
    answers: list[dict[str, Any]] = field(default_factory=list)
    text: str = ""
    truncated: bool = False


def answer_structure(store: Store, question: Question,
                     document: DocumentRef | None) -> StructureReply:
    """Answer a task, agency or indicator question.

    Args:
        store: any Store.
        question: the read question; its intent is one of :data:`STRUCTURE_INTENTS`.
        document: the document the question names, resolved, or None.

    Returns:
        A StructureReply (``subject`` None when the question named nothing to answer about).

    Example:
        >>> from ..graph.sqlite_store import SQLiteStore
        >>> from .intents import read_question
        >>> q = read_question("which tasks does Sở Công Thương lead?")
        >>> answer_structure(SQLiteStore(":memory:"), q, None).text
        'Sở Công Thương leads no task in the store.'
    """
    handler = {"tasks": _tasks, "agency_tasks": _tasks, "task_agencies": _task_agencies,
               "indicators": _indicators, "agency": _agency}[question.intent or "tasks"]
    return handler(store, question, document)


def role_asked(shape: str) -> str:
    """The role a question asks about: ``lead``, ``coordinate`` or ``any``.

    Example:
        >>> role_asked("so cong thuong chu tri nhung nhiem vu nao trong §")
        'lead'
    """
    coordinate, lead = _COORDINATE.search(shape), _LEAD.search(shape)
    if coordinate and (not lead or _NOT_LEAD.search(shape)):
        return "coordinate"
    return "lead" if lead and not coordinate else "any"


# --- tasks ------------------------------------------------------------------------------------


def _tasks(store: Store, question: Question, document: DocumentRef | None) -> StructureReply:
    """Tasks of an agency (if one is named), else of the document, else on the topic."""
    lang = question.language
    agency = _agency_named(store, question, document)
    if agency is not None:
        return _agency_tasks(store, question, document, agency)
    if (absent := _absent_agency(store, question)) is not None:
        where = say.document_name(document, lang) if document else None
        return StructureReply("agency_tasks", {"kind": "agency", "key": None, "keys": [],
                                               "symbol": None, "title": absent, "name": absent},
                              text=say.agency_tasks(lang, absent, role_asked(question.shape),
                                                    [], where))
    if document is not None:
        entries = _filtered(store, qs.plan_tasks(store, document.key).tasks, question,
                            document.key)
        answers = [task_answer(t, [document.key, t.key]) for t in entries[:MAX_ANSWERS]]
        return StructureReply("tasks", _document_subject(document), answers,
                              say.plan_tasks(lang, say.document_name(document, lang), answers),
                              len(entries) > MAX_ANSWERS)
    entries = _best(qs.find_tasks(store, _topic_text(question)))
    if not entries:
        return StructureReply("tasks", None, text=say.which_agency(lang))
    answers = [task_answer(t, [t.key]) for t in entries[:MAX_ANSWERS]]
    return StructureReply("tasks", {"kind": "topic", "key": None, "symbol": None,
                                    "title": _topic_text(question)},
                          answers, say.topic_tasks(lang, answers), len(entries) > MAX_ANSWERS)


def _agency_tasks(store: Store, question: Question, document: DocumentRef | None,
                  agency: AgencyResolution) -> StructureReply:
    role = role_asked(question.shape)
    found = qs.agency_tasks(store, agency, document.key if document else None, role,
                            limit=MAX_ANSWERS)
    entries = _filtered(store, found.tasks, question)
    subject = agency_subject(agency)
    answers = [task_answer(t, [subject["key"], t.key]) for t in entries]
    where = say.document_name(document, question.language) if document else None
    return StructureReply("agency_tasks", subject, answers,
                          say.agency_tasks(question.language, found.agency, role, answers, where),
                          found.truncated)


def _filtered(store: Store, entries: list[TaskEntry], question: Question,
              plan: str | None = None) -> list[TaskEntry]:
    """Keep the tasks of the section the question names, those without "chủ trì" wording
    when it asks so, and (given the ``plan`` to search) those on the topic it names, when
    some are."""
    shape = question.shape
    if section := _SECTION.search(fold_compact(_without_subject(question))):
        number = section.group(1)
        prefix = (number if number.isdigit() else number.upper()) + section.group(2)
        entries = [t for t in entries if t.section == prefix
                   or t.section.startswith((prefix + ".", prefix + "-"))]
    if _NO_LEAD_WORDING.search(shape):
        entries = [t for t in entries if not _LEAD_CUE.search(fold_compact(t.text))]
        if _ONLY_COORDINATE.search(shape):
            entries = [t for t in entries if _COORD_CUE.search(fold_compact(t.text))]
        return entries
    topic = _topic_text(question)
    if plan is not None and topic_terms(topic):
        keys = {t.key for t in entries}
        on_topic = {t.key for t in _best(qs.find_tasks(store, topic, plan), share=0.5)}
        return [t for t in entries if t.key in on_topic & keys] or entries
    return entries


def _task_agencies(store: Store, question: Question,
                   document: DocumentRef | None) -> StructureReply:
    """The agencies leading (or coordinating) the tasks that best match the topic."""
    lang = question.language
    role = "coordinate" if role_asked(question.shape) == "coordinate" else "lead"
    tasks = _best(qs.find_tasks(store, _topic_text(question),
                                document.key if document else None))
    subject = _document_subject(document) if document else {
        "kind": "topic", "key": None, "symbol": None, "title": _topic_text(question)}
    if not tasks:
        return StructureReply("task_agencies", subject, text=say.no_task_on_topic(lang))
    by_agency: dict[str, dict[str, Any]] = {}
    agencies = {a.key: a for a in store.agencies()}
    for task in tasks:
        keys = task.lead_keys if role == "lead" else task.coordinate_keys
        for key in keys:
            answer = by_agency.get(key)
            if answer is None:
                answer = agency_answer(agencies[key], [task.key, key]) if key in agencies \
                    else {"key": key, "kind": "agency", "name": key, "path": [task.key, key],
                          "evidence": []}
                answer.update(role=role, tasks=[])
                by_agency[key] = answer
            answer["tasks"].append({"key": task.key, "section": task.section,
                                    "plan": task.plan, "plan_label": task.plan_label,
                                    "text": task.text})
            if task.evidence:
                answer["evidence"].append(_evidence(task.evidence))
    answers = list(by_agency.values())
    return StructureReply("task_agencies", subject, answers,
                          say.task_agencies(lang, role, answers, tasks))


def _best(entries: list[TaskEntry], share: float = 1.0) -> list[TaskEntry]:
    """The tasks scoring at least ``share`` of the best score (1.0: the best, ties kept)."""
    if not entries or not entries[0].score:
        return []
    best = entries[0].score
    return [t for t in entries if (t.score or 0) >= best * share - 1e-9]


# --- indicators -------------------------------------------------------------------------------


def _indicators(store: Store, question: Question,
                document: DocumentRef | None) -> StructureReply:
    """A document's indicators, or those its words name (with their targets and values)."""
    lang = question.language
    words = _topic_text(question)
    hits: list[IndicatorEntry] = []
    if topic_terms(words):
        scope = document.key if document else None
        found = qs.search_indicators(store, words, scope=scope, limit=MAX_ANSWERS).indicators
        hits = [h for h in found if (h.score or 0) >= (found[0].score or 0) * _INDICATOR_SHARE
                ][:_MAX_INDICATORS] if found else []
    if document is not None and not hits:
        listed = qs.document_indicators(store, document.key, limit=MAX_ANSWERS)
        answers = [indicator_answer(i, [document.key, i.key]) for i in listed.indicators]
        return StructureReply("indicators", _document_subject(document), answers,
                              say.document_indicators(lang, say.document_name(document, lang),
                                                      answers), listed.truncated)
    answers = [indicator_answer(h, [h.key]) for h in hits]
    subject = _document_subject(document) if document else {
        "kind": "topic", "key": None, "symbol": None, "title": words}
    return StructureReply("indicators", subject, answers, say.found_indicators(lang, answers))


# --- agencies ---------------------------------------------------------------------------------


def _agency(store: Store, question: Question, document: DocumentRef | None) -> StructureReply:
    lang = question.language
    agency = _agency_named(store, question, document)
    if agency is None:
        return StructureReply("agency", None, text=say.which_agency(lang))
    profile = qs.agency_info(store, agency)
    by_key = {a.key: a for a in store.agencies()}
    answers = []
    for info in profile.agencies:
        answer = agency_answer(by_key[info.key], [info.key])
        answer.update(aliases=info.aliases, kind_of_body=info.kind,
                      successors=[asdict(s) for s in info.successors],
                      tasks_led=info.tasks_led, tasks_coordinated=info.tasks_coordinated,
                      evidence=[_evidence(m) for m in info.mentions])
        answers.append(answer)
    return StructureReply("agency", agency_subject(agency), answers,
                          say.agency_profile(lang, agency.name or "", answers))


def _agency_named(store: Store, question: Question,
                  document: DocumentRef | None) -> AgencyResolution | None:
    """The agency the question names outside its document's symbol, or None."""
    text = _without_subject(question)
    found = resolve_agency(store, text, document.jurisdiction if document else None,
                           sentence=True)
    return found if found.status == "found" else None


def _absent_agency(store: Store, question: Question) -> str | None:
    """The name of a known body the question names that the store does not hold ("Sở Y
    tế" in a store without it): an answer about it is "none", not some other task."""
    found = resolve_agency(store, _without_subject(question), sentence=True)
    return found.name if found.status == "not_found" else None


# --- documents cited in an agency's tasks ------------------------------------------------------


def task_documents(store: Store, question: Question, document: DocumentRef
                   ) -> tuple[AgencyResolution, list[tuple[str, list[Edge]]]] | None:
    """Documents ``document`` cites inside the tasks of the agency the question names:
    "Which earlier plan does 7099/KH-UBND ask Sở Tài nguyên và Môi trường to keep
    implementing?" (its task III.6.a cites 6613/KH-UBND at binhduong_kh-7099-ubnd_2024_ocr.txt:376).

    A task runs from its line to the next task's line of the same plan and file.

    Returns:
        (the agency, [(document key, the relations citing it)]), or None when the question
        names no agency with tasks in ``document``.
    """
    agency = _agency_named(store, question, document)
    if agency is None:
        return None
    role = role_asked(question.shape)
    tasks = qs.agency_tasks(store, agency, document.key, "any" if role == "any" else role).tasks
    if not tasks:
        return None
    spans = _task_spans(qs.plan_tasks(store, document.key).tasks)
    wanted = [spans[t.key] for t in tasks if t.key in spans]
    cited: dict[str, list[Edge]] = {}
    for relation in store.edges(document.key, "out"):
        ev = relation.evidence
        if relation.target != document.key and any(
                ev.file == file and start <= ev.line < end for file, start, end in wanted):
            cited.setdefault(relation.target, []).append(Edge.of(relation))
    return agency, sorted(cited.items())


def _task_spans(tasks: list[TaskEntry]) -> dict[str, tuple[str, int, int]]:
    """(file, first line, line after the last) of each task: up to the next task."""
    spans = {}
    located = [t for t in tasks if t.evidence]
    for i, task in enumerate(located):
        ev = task.evidence
        assert ev is not None
        following = [t.evidence.line for t in located[i + 1:]
                     if t.evidence and t.evidence.file == ev.file and t.evidence.line > ev.line]
        spans[task.key] = (ev.file, ev.line, min(following, default=ev.line + 40))
    return spans


# --- plans an agency carries out ----------------------------------------------------------------


def agency_plans(store: Store, question: Question
                 ) -> tuple[AgencyResolution, list[tuple[str, list[TaskEntry]]]] | None:
    """The plans (programmes, schemes…) with tasks of the agency a question names, for
    "which provincial plan is the Bến Tre Department of Industry and Trade implementing?".

    Returns:
        (the agency, [(plan key, its tasks of the agency)] by plan key), or None when the
        question names no agency or the agency has no task.
    """
    agency = _agency_named(store, question, None)
    if agency is None:
        return None
    role = role_asked(question.shape)
    tasks = qs.agency_tasks(store, agency, role=role, limit=MAX_ANSWERS).tasks
    by_plan: dict[str, list[TaskEntry]] = {}
    for task in tasks:
        by_plan.setdefault(task.plan, []).append(task)
    return (agency, sorted(by_plan.items())) if by_plan else None


# --- answer shapes ------------------------------------------------------------------------------


def task_answer(task: TaskEntry, path: list[str]) -> dict[str, Any]:
    """A task answer: section, text, plan (key, symbol, label), lead and coordinator names
    (and keys), the asked agency's role, evidence."""
    return {
        "key": task.key, "kind": "task", "section": task.section, "text": task.text,
        "plan": task.plan, "plan_symbol": task.plan_symbol, "plan_label": task.plan_label,
        "lead": task.lead, "coordinate": task.coordinate, "lead_keys": task.lead_keys,
        "coordinate_keys": task.coordinate_keys, "role": task.role, "score": task.score,
        "path": path, "evidence": [_evidence(task.evidence)] if task.evidence else [],
    }


def agency_answer(agency: Any, path: list[str]) -> dict[str, Any]:
    """An agency answer: key, name, its full name with the province (``title``),
    province, kind, 2025 end and successor."""
    return {
        "key": agency.key, "kind": "agency", "name": agency.name,
        "title": full_name(agency.name, agency.jurisdiction, agency.kind),
        "jurisdiction": agency.jurisdiction, "agency_kind": agency.kind,
        "valid_until": agency.valid_until, "successor": agency.successor,
        "path": path, "evidence": [],
    }


def indicator_answer(indicator: IndicatorEntry, path: list[str]) -> dict[str, Any]:
    """An indicator answer: name, scope, targets (each with its latest value), values
    (latest first), and the evidence of every target and of each target's value."""
    facts = [t.evidence for t in indicator.targets]
    facts += [t.latest.evidence for t in indicator.targets if t.latest]
    facts += [o.evidence for o in indicator.observations[:1]]
    evidence = list(dict.fromkeys(f for f in facts if f is not None))
    return {
        "key": indicator.key, "kind": "indicator", "name": indicator.name,
        "scope": indicator.scope, "scope_label": indicator.scope_label,
        "targets": [asdict(t) for t in indicator.targets],
        "observations": [asdict(o) for o in indicator.observations],
        "latest": asdict(indicator.latest) if indicator.latest else None,
        "score": indicator.score, "path": path,
        "evidence": [_evidence(e) for e in evidence],
    }


def agency_subject(agency: AgencyResolution) -> dict[str, Any]:
    """The subject of an answer about an agency: one key, or the body's keys."""
    single = agency.agencies[0] if len(agency.agencies) == 1 else None
    return {"kind": "agency", "key": single.key if single else
            f"agency:{agency.keys[0].removeprefix('agency:').partition('@')[0]}",
            "keys": agency.keys, "symbol": None, "title": agency.name, "name": agency.name,
            "jurisdiction": single.jurisdiction if single else agency.province,
            "matched": agency.matched}


def full_name(name: str, jurisdiction: str | None, kind: str = "body") -> str:
    """A body's name with its province, as letters write it: "Ban Quản lý các Khu công
    nghiệp Bình Dương"; a name that already says its province, a group or a national body
    stays as it is.

    Example:
        >>> full_name("Sở Công Thương", "Bình Dương")
        'Sở Công Thương Bình Dương'
    """
    if not jurisdiction or kind == "group" or fold_compact(jurisdiction) in fold_compact(name):
        return name
    return f"{name} {jurisdiction}"


def _document_subject(document: DocumentRef) -> dict[str, Any]:
    return {"kind": "document", **asdict(document)}


def _without_subject(question: Question) -> str:
    """The question without the words naming its document."""
    if question.subject:
        return question.text.replace(question.subject, " ")
    return question.text


def _topic_text(question: Question) -> str:
    """The words of the question that may say its topic: no document, no section."""
    text = _without_subject(question)
    return re.sub(r"(?i)\b(?:section|sections|mục|muc|phần|phan|part)\s+[IVXL\d.]+\b", " ", text)


def _evidence(evidence: Evidence) -> dict[str, Any]:
    return {"text": evidence.text, "file": evidence.file, "line": evidence.line}

