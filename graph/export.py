"""The JSON Lines export of a whole graph (interfaces.md, "Export: JSON Lines"), and its reader.

One JSON object per line, each with ``kind``: documents, then relations, agencies, tasks
and indicators (``graph.store.iter_all``'s order), each kind in its store's documented
order. Vietnamese stays unescaped (``ensure_ascii=False``), and nothing varies between
runs, so two exports of one store are byte-identical and diff cleanly.

Extensions to the contract (interfaces.md allows adding fields): ``confidence`` on
documents and relations; ``agency_kind``, ``valid_until`` and ``successor`` on agencies
(``kind`` is taken by the line kind); ``value_max`` on targets (the top of a "9-10%" range).

Example:
    >>> import io
    >>> from .sqlite_store import SQLiteStore
    >>> out = io.StringIO()
    >>> export_jsonl(SQLiteStore(":memory:"), out)
    0
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any, TextIO

from .model import Agency, Document, Evidence, Indicator, Relation, Task
from .status import derive_status
from .store import Store

__all__ = ["export_jsonl", "iter_records", "read_jsonl", "to_record"]


def iter_records(store: Store) -> Iterator[dict[str, Any]]:
    """Every node and edge as its export object, in export order.

    Documents (with status derived from the relations already in hand: the same
    ``derive_status`` every store's ``status()`` calls, without a query per document),
    then relations, agencies, tasks and indicators.

    Example:
        >>> next(iter_records(store))["kind"]  # doctest: +SKIP
        'document'
    """
    relations = list(store.relations())
    incoming: defaultdict[str, list[Relation]] = defaultdict(list)
    for relation in relations:
        incoming[relation.target].append(relation)
    yield from chain(
        (_document(d, str(derive_status(incoming[d.key]))) for d in store.documents()),
        (_relation(r) for r in relations),
        (_agency(a) for a in store.agencies()),
        (_task(t) for t in store.tasks()),
        (_indicator(i) for i in store.indicators()),
    )


def export_jsonl(store: Store, out: TextIO) -> int:
    """Write the whole graph as JSON Lines.

    Args:
        store: any Store (only its reading verbs are used).
        out: a text stream; one ``\\n``-terminated line per node or edge.

    Returns:
        The number of lines written.

    Example:
        >>> import sys
        >>> export_jsonl(store, sys.stdout)  # doctest: +SKIP
        {"kind": "document", "key": "doc:361-KL/TU@binh-phuoc:2022", "symbol": "361-KL/TU", ...}
    """
    count = 0
    for record in iter_records(store):
        out.write(_dumps(record) + "\n")
        count += 1
    return count


def to_record(item: Document | Relation | Agency | Task | Indicator,
              status: str | None = None) -> dict[str, Any]:
    """One node or edge as its export object (``status`` is required for documents).

    Args:
        item: a model object.
        status: the document's derived status.

    Returns:
        The dict :func:`export_jsonl` writes for it.

    Example:
        >>> to_record(Agency("sct-bd", "Sở Công Thương", "Bình Dương"))["kind"]
        'agency'
    """
    match item:
        case Document():
            if status is None:
                raise ValueError("to_record(document) needs its status: store.status(key)")
            return _document(item, status)
        case Relation():
            return _relation(item)
        case Agency():
            return _agency(item)
        case Task():
            return _task(item)
        case Indicator():
            return _indicator(item)
    raise TypeError(f"cannot export {type(item).__name__}; expected a Document, Relation, "
                    "Agency, Task or Indicator")


def read_jsonl(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """Parse JSON Lines (an export, a gold file), skipping blank lines.

    Args:
        lines: an open text file or any iterable of lines.

    Returns:
        An iterator of the objects, in order.

    Raises:
        ValueError: a line is not a JSON object; the message gives its 1-based number.

    Example:
        >>> list(read_jsonl(['{"kind": "agency"}', '']))
        [{'kind': 'agency'}]
    """
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as e:
            raise ValueError(f"line {number} is not JSON: {e.msg} (column {e.colno}); each "
                             "line must hold one JSON object") from e
        if not isinstance(value, dict):
            raise ValueError(f"line {number} is a JSON {type(value).__name__}, not an object")
        yield value


def _document(d: Document, status: str) -> dict[str, Any]:
    """A document line."""
    return {
        "kind": "document", "key": d.key, "symbol": d.symbol, "doc_type": str(d.doc_type),
        "issuer": d.issuer, "jurisdiction": d.jurisdiction, "date": d.date, "year": d.year,
        "title": d.title, "status": status,
        "origin": {"file": d.origin.file, "line": d.origin.line} if d.origin else None,
        "mentions": [_evidence(m) for m in d.mentions],
        "confidence": _number(d.confidence),
        # Other readings the sources give (a title stated differently, a topic implied by an
        # implementing plan), each with its evidence: conflicts are shown, not settled silently.
        "alternatives": list(d.alternatives),
    }


def _relation(r: Relation) -> dict[str, Any]:
    """A relation line: evidence text, file and line flattened, as the contract has it."""
    return {
        "kind": "relation", "source": r.source, "target": r.target, "type": str(r.type),
        "evidence": r.evidence.text, "file": r.evidence.file, "line": r.evidence.line,
        "scope": r.scope, "confidence": _number(r.confidence),
    }


def _task(t: Task) -> dict[str, Any]:
    """A task line; ``file``/``line`` are null for a task without evidence."""
    return {
        "kind": "task", "key": t.key, "plan": t.plan, "section": t.section, "text": t.text,
        "lead": list(t.lead), "coordinate": list(t.coordinate),
        "file": t.evidence.file if t.evidence else None,
        "line": t.evidence.line if t.evidence else None,
    }


def _agency(a: Agency) -> dict[str, Any]:
    """An agency line."""
    return {
        "kind": "agency", "key": a.key, "name": a.name, "jurisdiction": a.jurisdiction,
        "aliases": sorted(a.aliases), "agency_kind": a.kind, "valid_until": a.valid_until,
        "successor": a.successor, "mentions": [_evidence(m) for m in a.mentions],
    }


def _indicator(i: Indicator) -> dict[str, Any]:
    """An indicator line with its targets and observations."""
    return {
        "kind": "indicator", "key": i.key, "name": i.name, "scope": i.scope,
        "targets": [{"value": _number(t.value), "unit": t.unit, "year": t.year,
                     "comparator": t.comparator, "value_max": _number(t.value_max), "raw": t.raw,
                     "evidence": _evidence(t.evidence) if t.evidence else None}
                    for t in i.targets],
        "observations": [{"value": _number(o.value), "unit": o.unit, "period": o.period,
                          "source": o.source, "raw": o.raw,
                          "evidence": _evidence(o.evidence) if o.evidence else None}
                         for o in i.observations],
    }


def _evidence(e: Evidence) -> dict[str, Any]:
    """A mention as ``{file, line, text}``."""
    return {"file": e.file, "line": e.line, "text": e.text}


def _number(value: float | None) -> float | int | None:
    """A whole float as an int (``15``, as interfaces.md writes it, not ``15.0``)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


# Characters str.splitlines() breaks on that json.dumps leaves raw with ensure_ascii=False
# (it escapes the ASCII controls itself). Escaped, one object stays one line for every reader.
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _dumps(record: dict[str, Any]) -> str:
    """One line of JSON, Vietnamese unescaped, line separators escaped; NaN refused."""
    return json.dumps(record, ensure_ascii=False, allow_nan=False).translate(_LINE_BREAKS)
