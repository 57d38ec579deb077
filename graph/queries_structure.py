"""Questions about what plans ask of whom, and what they aim at: defined once for every
store, with the ``Store`` verbs ``tasks``, ``agencies``, ``indicators`` (and ``document``,
``status``, ``edges`` for names and reports).

======================  ==============================================================
verb                    answers
======================  ==============================================================
``plan_tasks``          a plan's tasks, in text order, with lead and coordinators
``agency_tasks``        the tasks a body leads / coordinates, across plans or in one
``find_tasks``          tasks whose text is about a topic ("industrial clusters")
``document_indicators`` a document's indicators: each target beside its latest value
``search_indicators``   indicators for a text (name words, the sentence, numbers)
``agency_info``         one body: names, provinces, the 2025 successor chain
``list_agencies``       every agency, or those alike a text
======================  ==============================================================

An agency is named by free text in any spelling ("SCT", "So Cong Thuong", "Department of
Industry and Trade": ``graph.agency_lookup``). Every answer is a dataclass of
``graph.structure_results`` with keys and evidence (file, line, sentence); lists are in a
stated, deterministic order, and ``truncated`` says when a limit cut one.

Exceptions::

    NotFound (graph.store)
    └── AgencyNotFound   no agency matches the text (``suggestions``: close names)

``ValueError`` for an unknown role or a limit below 1.

Example:
    >>> from .sqlite_store import SQLiteStore
    >>> agency_tasks(SQLiteStore(":memory:"), "Sở Công Thương")
    Traceback (most recent call last):
    policygraph.graph.queries_structure.AgencyNotFound: No agency matches 'Sở Công Thương'...
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..ingest.textfold import fold_compact
from .agency_lookup import AgencyResolution, resolve_agency, search_agencies
from .model import Agency, Indicator, Observation, RelationType, Target, Task
from .refs import DocumentRefs
from .store import NotFound, Store
from .structure_results import (
    AgencyHit,
    AgencyInfo,
    AgencyList,
    AgencyProfile,
    AgencyRef,
    AgencyTasks,
    DocumentIndicators,
    IndicatorEntry,
    IndicatorSearch,
    ObservationEntry,
    PlanTasks,
    TargetEntry,
    TaskEntry,
)
from .topics import TopicIndex, numbers_in, topic_terms

__all__ = [
    "ROLES",
    "AgencyNotFound",
    "agency_info",
    "agency_tasks",
    "document_indicators",
    "find_tasks",
    "list_agencies",
    "plan_tasks",
    "search_indicators",
    "section_order",
]

#: Roles an agency can be asked about: leads, is named as coordinator (not lead), either.
ROLES: tuple[str, ...] = ("lead", "coordinate", "any")
DEFAULT_LIMIT = 1000
_MAX_MENTIONS = 5  # mentions shown per agency
_EVIDENCE_WEIGHT = 0.5  # an indicator's sentences count half as much as its name
_NUMBER_BONUS = 2.0  # a number of the question equal to a target's value or year
_NEAR_LINES = 5  # a value this close to a target may be the one reported against it
_YEAR = re.compile(r"(?:19|20)\d\d")
_PART_OF_YEAR = re.compile(r"thang|quy|dau nam|nua nam|cuoi nam")


class AgencyNotFound(NotFound):
    """No agency in the store matches a text; ``suggestions`` holds close names."""

    def __init__(self, text: str, suggestions: Sequence[str] = ()) -> None:
        near = f" Close names: {', '.join(suggestions)}." if suggestions else ""
        super().__init__(f"No agency matches {text!r}.{near} List agencies with "
                         "list_agencies() (GET /api/agencies, policygraph agencies).")
        self.text = text
        self.suggestions = list(suggestions)


# --- tasks ------------------------------------------------------------------------------------


def plan_tasks(store: Store, doc: str, limit: int = DEFAULT_LIMIT) -> PlanTasks:
    """The tasks of one plan (and the tasks reports restate for it), in text order.

    Args:
        store: any Store.
        doc: the plan's document key.
        limit: the most tasks to return.

    Returns:
        PlanTasks; each task with section, text, lead and coordinator names, evidence.

    Raises:
        NotFound: ``doc`` is not a document.

    Example:
        >>> [t.section for t in plan_tasks(store, k7099).tasks][:2]  # doctest: +SKIP
        ['III.1.a', 'III.1.b']
    """
    _check_limit(limit)
    refs = DocumentRefs(store)
    subject = refs.require(doc)
    tasks = _in_text_order(store.tasks(plan=doc))
    entries = _entries(store, refs, tasks[:limit])
    return PlanTasks(subject, entries, truncated=len(tasks) > limit)


def agency_tasks(store: Store, agency: str | AgencyResolution, plan: str | None = None,
                 role: str = "any",
                 limit: int = DEFAULT_LIMIT) -> AgencyTasks:
    """The tasks a body leads or coordinates, across plans or in one.

    The body is named in any spelling: "Sở Công Thương", "So Cong Thuong", "SCT",
    "S6 Cong Thuong", "Department of Industry and Trade", or a key. Without a province in
    the text, every province's agency of that body is searched, or the plan's province
    when ``plan`` is given.

    Args:
        store: any Store.
        agency: the agency's name (any spelling, English too) or key, or an
            AgencyResolution already made (``graph.agency_lookup.resolve_agency``).
        plan: a plan's document key, to keep its tasks only.
        role: ``lead``, ``coordinate`` (named as coordinator and not as lead) or ``any``.
        limit: the most tasks to return.

    Returns:
        AgencyTasks, grouped by plan, in text order; each task says the agency's ``role``.

    Raises:
        AgencyNotFound: no agency matches ``agency``.
        NotFound: ``plan`` is not a document.
        ValueError: an unknown role.

    Example:
        >>> found = agency_tasks(store, "SCT", plan=k7099, role="lead")  # doctest: +SKIP
        >>> [t.section for t in found.tasks]                             # doctest: +SKIP
        ['III.1.đ', 'III.2.c', 'III.3.d', 'III.6.b']
    """
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, got {role!r}.")
    _check_limit(limit)
    refs = DocumentRefs(store)
    subject = refs.require(plan) if plan is not None else None
    name, keys = _agency_keys(store, agency, subject.jurisdiction if subject else None)
    chosen: dict[str, Task] = {}
    for key in keys:
        for task in store.tasks(plan=plan, agency=key):
            if _plays(task, keys, role):
                chosen.setdefault(task.key, task)
    tasks = _in_text_order(chosen.values())
    entries = _entries(store, refs, tasks[:limit])
    for entry in entries:
        entry.role = "lead" if set(entry.lead_keys) & set(keys) else "coordinate"
    query = agency.query if isinstance(agency, AgencyResolution) else agency
    return AgencyTasks(query, name, keys, role, subject, entries, truncated=len(tasks) > limit)


def find_tasks(store: Store, topic: str, plan: str | None = None,
               limit: int = DEFAULT_LIMIT) -> list[TaskEntry]:
    """Tasks whose text is about a topic, best first.

    The topic's terms (``graph.topics.topic_terms``: Vietnamese words in any spelling,
    English words through a glossary) are looked for in each task's text and sentence;
    rarer word pairs weigh more.

    Args:
        store: any Store.
        topic: words or a question ("industrial clusters", "cụm công nghiệp").
        plan: a plan's document key, to search its tasks only.
        limit: the most tasks to return.

    Returns:
        Tasks with ``score`` > 0, by (score descending, text order).

    Raises:
        NotFound: ``plan`` is not a document.

    Example:
        >>> [t.section for t in find_tasks(store, "cụm công nghiệp", k7099)]  # doctest: +SKIP
        ['III.1.đ', 'III.6.b']
    """
    _check_limit(limit)
    refs = DocumentRefs(store)
    if plan is not None:
        refs.require(plan)
    tasks = {t.key: t for t in store.tasks(plan=plan)}
    index = TopicIndex.of({k: _task_words(t) for k, t in tasks.items()})
    ranked = index.rank(topic_terms(topic))
    order = {t.key: i for i, t in enumerate(_in_text_order(tasks.values()))}
    ranked.sort(key=lambda pair: (-pair[1], order[pair[0]]))
    entries = _entries(store, refs, [tasks[k] for k, _ in ranked[:limit]])
    for entry, (_, score) in zip(entries, ranked):
        entry.score = score
    return entries


def _agency_keys(store: Store, text: str | AgencyResolution,
                 jurisdiction: str | None) -> tuple[str, list[str]]:
    """The canonical name and the agency keys a text names (a key stands for itself)."""
    if isinstance(text, AgencyResolution):
        if text.status != "found" or text.name is None:
            raise AgencyNotFound(text.query, [a.name for a in text.suggestions])
        return text.name, text.keys
    if text.startswith("agency:"):
        for agency in store.agencies():
            if agency.key == text:
                return agency.name, [agency.key]
    found = resolve_agency(store, text, jurisdiction)
    if found.status != "found" or found.name is None:
        raise AgencyNotFound(text, [a.name for a in found.suggestions])
    return found.name, found.keys


def _plays(task: Task, keys: Sequence[str], role: str) -> bool:
    """Whether one of ``keys`` has ``role`` in the task."""
    leads = any(k in task.lead for k in keys)
    if role == "lead":
        return leads
    coordinates = any(k in task.coordinate for k in keys)
    return coordinates and not leads if role == "coordinate" else leads or coordinates


def _in_text_order(tasks: Iterable[Task]) -> list[Task]:
    """By plan, then where each was read (file, line), then section in reading order
    (rows of one table share a line: "TGT.2" before "TGT.10"), then key."""
    def where(task: Task) -> tuple[str, str, int, list[tuple[int, int, str]], str]:
        ev = task.evidence
        return (task.plan, ev.file if ev else "", ev.line if ev else 0,
                section_order(task.section), task.key)

    return sorted(tasks, key=where)


_LETTERS = "abcdđeghiklmnopqrstuvxy"  # Vietnamese order of lettered items: d) before đ)
_ROMAN = re.compile(r"[IVXL]+")


def section_order(section: str) -> list[tuple[int, int, str]]:
    """A sort key reading a section as numbered: "III.1.đ" after "III.1.d", "II.10" after
    "II.9".

    Example:
        >>> sorted(["III.1.đ", "III.10.a", "III.1.d", "III.2.a"], key=section_order)
        ['III.1.d', 'III.1.đ', 'III.2.a', 'III.10.a']
    """
    parts = []
    for part in re.split(r"[.\-]", section):
        if part.isdigit():
            parts.append((1, int(part), ""))
        elif _ROMAN.fullmatch(part):
            parts.append((0, _roman(part), ""))
        elif len(part) == 1 and part in _LETTERS:
            parts.append((2, _LETTERS.index(part), ""))
        else:
            parts.append((3, 0, part))
    return parts


def _roman(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for i, char in enumerate(numeral):
        value = values[char]
        total += -value if i + 1 < len(numeral) and values[numeral[i + 1]] > value else value
    return total


def _entries(store: Store, refs: DocumentRefs, tasks: Sequence[Task]) -> list[TaskEntry]:
    """TaskEntries with agency names and plan labels looked up once."""
    names = {a.key: a.name for a in store.agencies()} if tasks else {}
    entries = []
    for task in tasks:
        plan = refs.get(task.plan)
        entries.append(TaskEntry(
            task.key, task.section, task.text, task.plan, plan.symbol, plan.label,
            [names.get(k, k) for k in task.lead], [names.get(k, k) for k in task.coordinate],
            list(task.lead), list(task.coordinate), task.evidence))
    return entries


def _task_words(task: Task) -> str:
    """A task's searchable text: its text and, when longer, the sentence it was read in."""
    sentence = task.evidence.text if task.evidence else ""
    return task.text if sentence in task.text else f"{task.text} {sentence}"


# --- indicators -------------------------------------------------------------------------------


def document_indicators(store: Store, doc: str, include_reports: bool = True,
                        limit: int = DEFAULT_LIMIT) -> DocumentIndicators:
    """A document's indicators, each target beside the latest value reported against it.

    The indicators are those the document sets or frames and, with ``include_reports``,
    those of the reports on it (``reports_on`` relations): a plan's targets and what its
    reports say was reached. A target's latest value is the observation of the same
    indicator, in the same unit, of the latest period (a year beats half a year of the
    same year; "hiện nay" is the report's own year).

    Args:
        store: any Store.
        doc: the document key.
        include_reports: also the indicators of reports on the document.
        limit: the most indicators to return.

    Returns:
        DocumentIndicators; the document's own indicators first, those with targets
        first, then by (scope, key).

    Raises:
        NotFound: ``doc`` is not a document.

    Example:
        >>> [i.name for i in document_indicators(store, k7099).indicators][:1]  # doctest: +SKIP
        ['Tỷ trọng kinh tế số trong GRDP']
    """
    _check_limit(limit)
    refs = DocumentRefs(store)
    subject = refs.require(doc)
    reports = sorted({r.source for r in store.edges(doc, "in", [RelationType.REPORTS_ON])}
                     ) if include_reports else []
    found = [i for scope in (doc, *reports) for i in store.indicators(scope=scope)]
    found.sort(key=lambda i: (i.scope != doc, not i.targets, i.scope or "", i.key))
    entries = [_indicator_entry(i, refs) for i in found[:limit]]
    return DocumentIndicators(subject, entries, reports, truncated=len(found) > limit)


def search_indicators(store: Store, text: str, scope: str | None = None,
                      limit: int = 20) -> IndicatorSearch:
    """Indicators for a text: its words in their names (and, weighing half, in the
    sentences they were read in), and its numbers among their targets.

    A target left without a reported value takes the latest one, in its unit, of another
    hit of the same document: reports state a target and the value reached in sentences
    read under different names (binhphuoc_sct_bao-cao_2022-2024.txt:1580, 1584).

    Args:
        store: any Store.
        text: words of the indicator ("tỷ trọng hạt điều chế biến sâu", "cashew deep
            processing share, 15 % by 2025").
        scope: a document key, to search its indicators only.
        limit: the most indicators to return.

    Returns:
        IndicatorSearch, hits by (score descending, key).

    Example:
        >>> from .sqlite_store import SQLiteStore
        >>> search_indicators(SQLiteStore(":memory:"), "hạt điều").indicators
        []
    """
    _check_limit(limit)
    indicators = {i.key: i for i in store.indicators(scope=scope)}
    terms = topic_terms(text)
    names = TopicIndex.of({k: i.name for k, i in indicators.items()}).rank(terms)
    sentences = TopicIndex.of({k: _sentences(i) for k, i in indicators.items()}).rank(terms)
    scores: dict[str, float] = {}
    for ranked, weight in ((names, 1.0), (sentences, _EVIDENCE_WEIGHT)):
        for key, score in ranked:
            scores[key] = scores.get(key, 0.0) + weight * score
    numbers = set(numbers_in(text))
    for key in scores:
        scores[key] += _NUMBER_BONUS * len(numbers & _numbers_of(indicators[key]))
    ranked_keys = sorted(scores, key=lambda k: (-scores[k], k))
    refs = DocumentRefs(store)
    entries = [_indicator_entry(indicators[k], refs) for k in ranked_keys]
    for entry in entries:
        entry.score = round(scores[entry.key], 2)
    _pair_with_neighbours(entries)
    return IndicatorSearch(text, entries[:limit], truncated=len(ranked_keys) > limit)


def _indicator_entry(indicator: Indicator, refs: DocumentRefs) -> IndicatorEntry:
    """An IndicatorEntry: observations latest first, each target beside its latest value."""
    observations = sorted((_observation(o, refs) for o in indicator.observations),
                          key=lambda o: _period_rank(o, refs), reverse=True)
    targets = [_target(t, observations) for t in indicator.targets]
    scope_label = refs.get(indicator.scope).label if indicator.scope else None
    return IndicatorEntry(indicator.key, indicator.name, indicator.scope, scope_label, targets,
                          observations, observations[0] if observations else None)


def _observation(observation: Observation, refs: DocumentRefs) -> ObservationEntry:
    label = refs.get(observation.source).label if observation.source else None
    return ObservationEntry(observation.value, observation.unit, observation.period,
                            observation.source, label, observation.raw, observation.evidence)


def _target(target: Target, latest_first: list[ObservationEntry]) -> TargetEntry:
    latest = next((o for o in latest_first if _same_unit(target.unit, o.unit)), None)
    return TargetEntry(target.value, target.value_max, target.unit, target.year,
                       target.comparator, target.raw, target.evidence, latest)


def _pair_with_neighbours(entries: list[IndicatorEntry]) -> None:
    """Give a target without a value of its own the nearest value, in its unit, that
    another hit of the same document states within a few lines of it."""
    for entry in entries:
        for target in entry.targets:
            if target.latest is not None or target.evidence is None:
                continue
            near = [(abs(o.evidence.line - target.evidence.line), other.key, o)
                    for other in entries if other is not entry and other.scope == entry.scope
                    for o in other.observations
                    if o.evidence is not None and o.evidence.file == target.evidence.file
                    and abs(o.evidence.line - target.evidence.line) <= _NEAR_LINES
                    and _same_unit(target.unit, o.unit)]
            if near:
                _, key, value = min(near, key=lambda n: (n[0], n[1]))
                target.latest, target.latest_from = value, key


def _period_rank(observation: ObservationEntry, refs: DocumentRefs) -> tuple[int, float, int]:
    """(year, part of the year, line): "2024" > "6 tháng đầu năm 2024" > "2023"; a value
    without a year ("hiện nay") is of its report's year, after the report's dated values."""
    period = fold_compact(observation.period or "")
    years = [int(y) for y in _YEAR.findall(period)]
    line = observation.evidence.line if observation.evidence else 0
    if years:
        return max(years), 0.5 if _PART_OF_YEAR.search(period) else 1.0, line
    source = refs.get(observation.source) if observation.source else None
    year = int(source.date[:4]) if source and source.date and source.date[:4].isdigit() else 0
    return year, 0.9 if "nay" in period else 0.1, line


def _same_unit(wanted: str | None, seen: str | None) -> bool:
    return wanted is None or seen is None or fold_compact(wanted) == fold_compact(seen)


def _sentences(indicator: Indicator) -> str:
    """The sentences an indicator's targets and values were read in."""
    facts: list[Target | Observation] = [*indicator.targets, *indicator.observations]
    return " ".join(dict.fromkeys(f.evidence.text for f in facts if f.evidence))


def _numbers_of(indicator: Indicator) -> set[float]:
    """Values and years of an indicator's targets and observations."""
    found: set[float] = set()
    for target in indicator.targets:
        found.update(float(x) for x in (target.value, target.value_max, target.year)
                     if x is not None)
    for observation in indicator.observations:
        if observation.value is not None:
            found.add(float(observation.value))
    return found


# --- agencies ---------------------------------------------------------------------------------


def agency_info(store: Store, text: str | AgencyResolution) -> AgencyProfile:
    """One body, named in any spelling: its agencies (one per province) with names,
    aliases, kind, the 2025 reorganisation and the number of tasks each leads.

    Args:
        store: any Store.
        text: the body's name, abbreviation, English name, or an agency key (or an
            AgencyResolution already made).

    Returns:
        AgencyProfile; agencies with mentions first, then by key.

    Raises:
        AgencyNotFound: no agency matches ``text``.

    Example:
        >>> profile = agency_info(store, "Sở KH&ĐT Bình Dương")  # doctest: +SKIP
        >>> profile.agencies[0].successor.name                   # doctest: +SKIP
        'Sở Tài chính'
    """
    name, keys = _agency_keys(store, text, None)
    by_key = {a.key: a for a in store.agencies()}
    query = text.query if isinstance(text, AgencyResolution) else text
    return AgencyProfile(query, name, [_info(store, by_key[k], by_key) for k in keys])


def list_agencies(store: Store, query: str | None = None,
                  limit: int = DEFAULT_LIMIT) -> AgencyList:
    """Every agency by key, or those alike ``query`` ranked (the body it names first).

    Args:
        store: any Store.
        query: a name or part of one, any spelling; None for all.
        limit: the most agencies to return.

    Returns:
        AgencyList.

    Example:
        >>> from .sqlite_store import SQLiteStore
        >>> list_agencies(SQLiteStore(":memory:")).agencies
        []
    """
    _check_limit(limit)
    ranked, truncated = search_agencies(store, query, limit)
    hits = [AgencyHit(a.key, a.name, a.jurisdiction, a.kind, list(a.aliases), a.valid_until,
                      a.successor, score) for a, score in ranked]
    return AgencyList(query, hits, truncated)


def _info(store: Store, agency: Agency, by_key: dict[str, Agency]) -> AgencyInfo:
    tasks = store.tasks(agency=agency.key)
    chain = _successors(agency, by_key)
    return AgencyInfo(
        agency.key, agency.name, agency.jurisdiction, agency.kind, list(agency.aliases),
        agency.valid_until, chain[0] if chain else None, chain,
        sum(agency.key in t.lead for t in tasks),
        sum(agency.key in t.coordinate and agency.key not in t.lead for t in tasks),
        list(agency.mentions[:_MAX_MENTIONS]))


def _successors(agency: Agency, by_key: dict[str, Agency]) -> list[AgencyRef]:
    """The chain of successors (a merged department, then its merged province), no cycles."""
    chain: list[AgencyRef] = []
    seen = {agency.key}
    key = agency.successor
    while key is not None and key not in seen:
        seen.add(key)
        known = by_key.get(key)
        chain.append(AgencyRef(key, known.name if known else key,
                               known.jurisdiction if known else None))
        key = known.successor if known else None
    return chain


def _check_limit(limit: int) -> None:
    if limit < 1:
        raise ValueError(f"limit must be >= 1, got {limit}.")
