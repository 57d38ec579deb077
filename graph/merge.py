"""What both stores share: the merge rules, the FileGraph check, and row helpers.

The SQLite store (the reference) and the Neo4j store keep each file's contribution apart
and merge it the same way, with the functions here: :func:`merge_facts` for documents,
:func:`merge_agency` and :func:`merge_indicator` for what several files say of one agency
or indicator, :func:`traversal_from_walk` for the shape of a walk's answer. Both refuse a
FileGraph that does not hold together (:func:`check_graph`) before writing, and both read
per-file document facts with :func:`fact_from_row`. The SQLite store also folds a later
file's fact into a merged document with :func:`merge_appended` (the same result as
merge_facts, without reading every file's facts again). Nothing here touches a database.

Example:
    >>> cited = Document("k", "361-KL/TU", DocType.CONCLUSION, title="Kết luận")
    >>> merge_facts([("a.txt", cited)]).title
    'Kết luận'
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, TypeVar

from .model import (
    Agency,
    DocType,
    Document,
    Evidence,
    FileGraph,
    Indicator,
    Observation,
    Origin,
    Relation,
    RelationType,
    Target,
)
from .store import NotFound, Step, StoreError, Traversal

__all__ = [
    "DIRECTIONS",
    "DOC_TYPE_BY_VALUE",
    "RELATION_TYPE_BY_VALUE",
    "Row",
    "canonical_alternative",
    "check_graph",
    "dumps_json",
    "fact_from_row",
    "group_rows",
    "merge_agency",
    "merge_appended",
    "merge_facts",
    "merge_indicator",
    "not_found",
    "optional_evidence",
    "surely_absent",
    "traversal_from_walk",
    "utc_now",
]

V = TypeVar("V")
#: A row as SQLite returns it (Neo4j records are turned into the same tuples).
Row = tuple[Any, ...]

#: Enum lookups by value, without EnumMeta.__call__ on every row (a 100k-row walk).
RELATION_TYPE_BY_VALUE = {str(t): t for t in RelationType}
DOC_TYPE_BY_VALUE = {str(t): t for t in DocType}
#: json.dumps with these settings, without building an encoder per call (a write encodes
#: thousands of alternatives); encode() keeps no state between calls.
_CANONICAL_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode
_COMPACT_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
#: The (near, far) relation ends of a walk's direction.
DIRECTIONS = {"out": ("source", "target"), "in": ("target", "source")}


# --- checking a FileGraph before a write ----------------------------------------------------


def check_graph(graph: FileGraph) -> None:
    """Refuse a FileGraph that does not hold together, before any write.

    Every document a relation, task, indicator scope or observation names must be among
    the graph's own documents: the store keeps each file's contribution whole, so an edge
    never outlives the facts of its ends when another file is removed. Evidence must come
    from the graph's own file, since removal by file relies on it.
    """
    if _surely_whole(graph):
        return
    problems: list[str] = []
    keys = {d.key for d in graph.documents}
    for kind, items in (("document", graph.documents), ("task", graph.tasks),
                        ("agency", graph.agencies), ("indicator", graph.indicators)):
        counts = Counter(item.key for item in items)
        problems += [f"duplicate {kind} key {key!r}" for key, n in counts.items() if n > 1]
    named = [(f"relation {r.source} -{r.type}-> {r.target}", k)
             for r in graph.relations for k in (r.source, r.target)]
    named += [(f"task {t.key!r} plan", t.plan) for t in graph.tasks]
    named += [(f"indicator {i.key!r} scope", i.scope) for i in graph.indicators if i.scope]
    named += [(f"indicator {i.key!r} observation source", o.source)
              for i in graph.indicators for o in i.observations if o.source]
    problems += [f"{what} names {key!r}, which is not among the file's documents"
                 for what, key in named if key not in keys]
    problems += [f"document {d.key!r} has doc_type {d.doc_type!r}, not a DocType"
                 for d in graph.documents if str(d.doc_type) not in DOC_TYPE_BY_VALUE]
    problems += [f"relation {r.source} -> {r.target} has type {r.type!r}, not a RelationType"
                 for r in graph.relations if str(r.type) not in RELATION_TYPE_BY_VALUE]
    problems += [f"evidence or origin from {ev.file!r} (line {ev.line}), another file"
                 for ev in _all_evidence(graph) if ev.file != graph.file]
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more"
                                           if len(problems) > 5 else "")
        raise StoreError(f"FileGraph of {graph.file!r} does not hold together: {shown}. Add "
                         "each referenced document to FileGraph.documents (with its mention), "
                         "and give every Evidence/Origin the FileGraph's file name.")


def _surely_whole(graph: FileGraph) -> bool:
    """Whether check_graph would find nothing, by a quick pass with sets (every write
    checks thousands of keys and evidence). False says nothing: check_graph then looks
    again, item by item, to name the problems."""
    documents = graph.documents
    keys = {d.key for d in documents}
    if len(keys) != len(documents) or any(len({item.key for item in items}) != len(items)
                                          for items in (graph.tasks, graph.agencies,
                                                        graph.indicators)):
        return False
    named = {k for r in graph.relations for k in (r.source, r.target)}
    named |= {t.plan for t in graph.tasks}
    named |= {i.scope for i in graph.indicators if i.scope}
    named |= {o.source for i in graph.indicators for o in i.observations if o.source}
    if not named <= keys:
        return False
    # Exact types: a member's value is a key of its table; anything else goes the long way.
    if not ({type(d.doc_type) for d in documents} <= {DocType}
            and {type(r.type) for r in graph.relations} <= {RelationType}):
        return False
    files = {m.file for d in documents for m in d.mentions}
    files |= {d.origin.file for d in documents if d.origin is not None}
    files |= {r.evidence.file for r in graph.relations}
    files |= {t.evidence.file for t in graph.tasks if t.evidence is not None}
    files |= {m.file for a in graph.agencies for m in a.mentions}
    files |= {x.evidence.file for i in graph.indicators for x in (*i.targets, *i.observations)
              if x.evidence is not None}
    return files <= {graph.file}


def _all_evidence(graph: FileGraph) -> Iterator[Evidence | Origin]:
    """Every Evidence and Origin in a FileGraph."""
    for d in graph.documents:
        yield from d.mentions
        if d.origin is not None:
            yield d.origin
    yield from (r.evidence for r in graph.relations)
    yield from (t.evidence for t in graph.tasks if t.evidence is not None)
    for a in graph.agencies:
        yield from a.mentions
    for i in graph.indicators:
        yield from (x.evidence for x in (*i.targets, *i.observations) if x.evidence is not None)


# --- merging what several files say ------------------------------------------------------


def merge_facts(facts: Sequence[tuple[str, Document]]) -> Document:
    """Merge what several files say about one document into one Document (mentions aside).

    The file the document comes from (its fact has an ``origin``; the first such file by
    name if several claim it) wins field by field where it states a value. Elsewhere the
    most informative value wins: the longest text (symbol, issuer, jurisdiction, title), the
    most precise date (yyyy-mm-dd over yyyy-mm over yyyy), a type other than ``other``, the
    highest confidence; ties go to the first file by name. The result therefore does not
    depend on the order files were ingested. Alternatives are the union of every file's,
    origin first, then by file name.

    Args:
        facts: ``(file, document as that file describes it)`` pairs, one per file, all
            with the same key.

    Returns:
        The merged document, without mentions.

    Example:
        >>> cited = Document("k", "361-KL/TU", DocType.CONCLUSION, title="Kết luận")
        >>> fuller = Document("k", "361-KL/TU", DocType.CONCLUSION, date="2022-06-25")
        >>> merge_facts([("b.txt", cited), ("a.txt", fuller)]).date
        '2022-06-25'
    """
    ordered = [doc for _, doc in sorted(facts, key=lambda fact: fact[0])]
    if len(ordered) == 1:  # one file's say is the document; the SQL fast path agrees
        return replace(ordered[0], mentions=[])
    origin = next((doc for doc in ordered if doc.origin is not None), None)
    first = [origin, *ordered] if origin else ordered

    def pick(get: Callable[[Document], V | None], rank: Callable[[V], Any]) -> V | None:
        if origin is not None and (value := get(origin)) is not None:
            return value
        return _most_informative([get(doc) for doc in ordered], rank)

    return Document(
        key=ordered[0].key,
        symbol=pick(lambda d: d.symbol, len),
        doc_type=pick(lambda d: d.doc_type if d.doc_type != DocType.OTHER else None,
                      lambda _: 0) or DocType.OTHER,
        issuer=pick(lambda d: d.issuer, len),
        jurisdiction=pick(lambda d: d.jurisdiction, len),
        date=pick(lambda d: d.date, lambda date: date.count("-")),
        year=pick(lambda d: d.year, lambda _: 0),
        title=pick(lambda d: d.title, len),
        origin=origin.origin if origin else None,
        confidence=origin.confidence if origin else max(doc.confidence for doc in ordered),
        alternatives=_union(alt for doc in first for alt in doc.alternatives),
    )


def merge_appended(merged: Document, origin_fact: Document | None, fact: Document) -> Document:
    """One more file's fact merged into a merged document, without the facts behind it.

    :func:`merge_facts` picks each field by a left fold over the facts in file-name order
    (the origin's value first), and unions alternatives the same way. So when ``fact``
    comes from a file that sorts after every file behind ``merged``, one more fold step
    gives what merging all the facts again would:
    ``merge_appended(merge_facts(facts), origin_fact, fact) == merge_facts([*facts, (file,
    fact)])``. A file sorting before them, or a second fact of one file, needs merge_facts.

    Args:
        merged: merge_facts of the earlier files' facts (for one fact, that fact).
        origin_fact: the fact of ``merged``'s origin file, as that file states it (its
            nulls say which fields the other facts decided); None when merged has no origin.
        fact: the later file's fact.

    Returns:
        The merged document, without mentions.

    Example:
        >>> cited = Document("k", "361-KL/TU", DocType.CONCLUSION, title="Kết luận")
        >>> fuller = Document("k", "361-KL/TU", DocType.CONCLUSION, date="2022-06-25")
        >>> merge_appended(cited, None, fuller).date
        '2022-06-25'
    """
    if merged.origin is None and fact.origin is not None:
        origin = fact  # the later file is where the document comes from: its say first
        alternatives = [*fact.alternatives, *merged.alternatives]
    else:
        origin = origin_fact
        alternatives = [*merged.alternatives, *fact.alternatives]

    def pick(get: Callable[[Document], V | None], rank: Callable[[V], Any]) -> V | None:
        if origin is not None and (value := get(origin)) is not None:
            return value
        # Without the origin's value, merged holds the best of the earlier facts.
        return _most_informative([get(merged), get(fact)], rank)

    return Document(
        key=merged.key,
        symbol=pick(lambda d: d.symbol, len),
        doc_type=pick(lambda d: d.doc_type if d.doc_type != DocType.OTHER else None,
                      lambda _: 0) or DocType.OTHER,
        issuer=pick(lambda d: d.issuer, len),
        jurisdiction=pick(lambda d: d.jurisdiction, len),
        date=pick(lambda d: d.date, lambda date: date.count("-")),
        year=pick(lambda d: d.year, lambda _: 0),
        title=pick(lambda d: d.title, len),
        origin=origin.origin if origin else None,
        confidence=origin.confidence if origin else max(merged.confidence, fact.confidence),
        alternatives=_union(alternatives),
    )


def surely_absent(item: object, merged_json: str) -> bool:
    """Whether an alternative is surely not among those of ``merged_json`` (a
    :func:`dumps_json` list), read as text only: one of its string values (or the item
    itself, a string) never appears there JSON-encoded, and an equal item would hold that
    very string. False says nothing: compare :func:`canonical_alternative` forms. An
    extracted alternative names its file, so a later file's are told apart at once.

    Example:
        >>> surely_absent({"file": "b.txt"}, '[{"file":"a.txt"}]')
        True
        >>> surely_absent({"file": "a.txt", "line": 2}, '[{"file":"a.txt","line":1}]')
        False
    """
    strings = ([item] if isinstance(item, str) else
               [v for v in item.values() if isinstance(v, str)] if isinstance(item, dict) else [])
    return any(dumps_json(text) not in merged_json for text in strings)


def _most_informative(values: list[V | None], rank: Callable[[V], Any]) -> V | None:
    """The non-null value of highest rank; the earliest among equals."""
    best: V | None = None
    for value in values:
        if value is not None and (best is None or rank(value) > rank(best)):
            best = value
    return best


def _union(items: Iterable[dict]) -> list[dict]:
    """Dicts without duplicates (compared as canonical JSON), first occurrence kept."""
    seen: set[str] = set()
    out: list[dict] = []
    for item in items:
        canonical = canonical_alternative(item)
        if canonical not in seen:
            seen.add(canonical)
            out.append(item)
    return out


def canonical_alternative(item: object) -> str:
    """The form two alternatives are compared in: JSON with sorted keys.

    Example:
        >>> canonical_alternative({"b": 1, "a": "x"})
        '{"a": "x", "b": 1}'
    """
    return _CANONICAL_JSON(item)


def merge_agency(key: str, rows: list[Row], aliases: list[str], mentions: list[Row]) -> Agency:
    """One agency from its per-file rows ``(key, file, name, jurisdiction, kind,
    valid_until, successor)`` ordered by file: the longest name and jurisdiction, the
    first file's kind, the first stated validity and successor. The other files' names
    join the aliases, sorted."""
    names = [r[2] for r in rows]
    name = _most_informative(names, len) or names[0]
    return Agency(
        key=key,
        name=name,
        jurisdiction=_most_informative([r[3] for r in rows], len),
        aliases=sorted((set(aliases) | set(names)) - {name}),
        kind=rows[0][4],
        valid_until=next((r[5] for r in rows if r[5] is not None), None),
        successor=next((r[6] for r in rows if r[6] is not None), None),
        mentions=[Evidence(m[1], m[2], m[3]) for m in mentions],
    )


def merge_indicator(key: str, rows: list[Row], targets: list[Row],
                    observations: list[Row]) -> Indicator:
    """One indicator from its per-file rows ``(key, file, name, scope)`` ordered by file:
    the longest name, the first stated scope, every file's targets and observations."""
    return Indicator(
        key=key,
        name=_most_informative([r[2] for r in rows], len) or rows[0][2],
        scope=next((r[3] for r in rows if r[3] is not None), None),
        targets=[Target(t[2], t[3], t[4], t[5], t[6], t[7],
                        optional_evidence(t[1], t[8], t[9])) for t in targets],
        observations=[Observation(o[2], o[3], o[4], o[5], o[6],
                                  optional_evidence(o[1], o[7], o[8])) for o in observations],
    )


# --- traversal ----------------------------------------------------------------------------


def traversal_from_walk(start: str, direction: str, depth: dict[str, int],
                        walked: list[Relation], truncated: bool) -> Traversal:
    """Assemble the Traversal of a walk, however the store walked (a recursive CTE in
    SQLite, one query per depth in Neo4j).

    Args:
        start: the start key.
        direction: ``out`` or ``in``.
        depth: the kept keys and their least depths, in (depth, key) order.
        walked: the relations leaving kept keys short of max_depth, in relation order
            (source, target, type, file, line, evidence).
        truncated: whether the limit cut the walk.

    Returns:
        The Traversal: shortest paths (smallest parent key at each step back), and the steps
        between kept keys ordered by far-end depth, then relation order.
    """
    near, far = DIRECTIONS[direction]
    parent: dict[str, str] = {}
    steps: list[Step] = []
    for relation in walked:
        a, b = getattr(relation, near), getattr(relation, far)
        if b not in depth:  # cut by the limit
            continue
        steps.append(Step(relation, depth[b]))
        if depth[b] == depth[a] + 1 and (b not in parent or a < parent[b]):
            parent[b] = a
    reached: dict[str, tuple[int, list[str]]] = {start: (0, [start])}
    for key, d in depth.items():
        if key != start:
            reached[key] = (d, [*reached[parent[key]][1], key])
    steps.sort(key=lambda step: step.depth)  # stable: relation order within a depth
    return Traversal(start=start, steps=steps, reached=reached, truncated=truncated)


# --- rows -> objects, and small shared helpers -----------------------------------------------


def fact_from_row(row: Row) -> Document:
    """A doc_facts row as the Document its file describes (origin file = the row's file)."""
    (key, file, symbol, doc_type, issuer, jurisdiction, date, year, title, origin_line,
     confidence, alternatives) = row
    origin = Origin(file, origin_line) if origin_line is not None else None
    return Document(key, symbol, DOC_TYPE_BY_VALUE[doc_type], issuer, jurisdiction, date, year,
                    title, origin, [], confidence, json.loads(alternatives))


def optional_evidence(file: str, line: int | None, text: str | None) -> Evidence | None:
    """Evidence from a row's file, line and text; None when the row had none."""
    return Evidence(file, line, text) if line is not None and text is not None else None


def group_rows(rows: Iterable[Row]) -> defaultdict[str, list[Row]]:
    """Rows grouped by their first column, in the order they came."""
    groups: defaultdict[str, list[Row]] = defaultdict(list)
    for row in rows:
        groups[row[0]].append(row)
    return groups


def dumps_json(value: object) -> str:
    """Compact JSON, Vietnamese kept as is (how both stores keep ``alternatives``)."""
    try:
        return _COMPACT_JSON(value)
    except TypeError as e:
        raise StoreError(f"Cannot store {value!r} as JSON: {e}. Keep Document.alternatives "
                         "to plain dicts of str, numbers, lists.") from e


def not_found(key: str) -> NotFound:
    """The NotFound for a document key, with how to look one up."""
    return NotFound(f"No document with key {key!r} in the store. Keys come from documents() or "
                    "documents_by_symbol(symbol); a symbol alone (361-KL/TU) is not a key.")


def utc_now() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")
