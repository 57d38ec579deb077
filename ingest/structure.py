"""The lower half of a document: its tasks, the agencies named in them, its indicators.

Runs after the documents of a file are resolved, so that a report restating the tasks of
"Kế hoạch số 326/KH-UBND" can attach them to that plan's node (``resolve_plan``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from ..graph.model import Agency, Document, DocType, Indicator, Task
from .agencies import find_agency_mentions
from .agency_registry import AgencyRegistry
from .indicators import extract_indicators
from .named_identity import same_named_document
from .split import Segment
from .symbols import canonical_symbol
from .tasks import extract_tasks


_Keyed = TypeVar("_Keyed", Task, Indicator)


@dataclass(slots=True)
class Structure:
    tasks: list[Task] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)


def extract_structure(
    lines: Sequence[str],
    segments: Iterable[tuple[Segment, Document]],
    file: str,
    documents: dict[str, Document],
    folded: str | None = None,
    line_starts: Sequence[int] | None = None,
) -> Structure:
    """Tasks, agencies and indicators of every document (segment) of one file.

    Args:
        lines: the file's clean lines (``lines[0]`` is line 1).
        segments: each document of the file with the segment it occupies.
        file: the file name, for evidence.
        documents: the file's resolved documents, by key (plans that reports restate).
        folded: ``fold("\\n".join(lines))`` and ``line_starts`` the offset of each line in it, when
            the caller has them: each segment's fold is then a slice, not folded again.

    Returns:
        Tasks and indicators in text order; one agency per body and province.
    """
    registry = AgencyRegistry()
    found = Structure()
    resolve_plan = _plan_resolver(documents)
    for segment, host in segments:
        part = lines[segment.first - 1: segment.last]
        province = host.jurisdiction
        part_fold = _segment_fold(folded, line_starts, segment)  # folded once for all three readers
        mentions = find_agency_mentions(part, segment.first, file, province, part_fold)
        registry.add_mentions(mentions, province)
        found.tasks += extract_tasks(part, segment.first, file, host.key, province, registry, resolve_plan,
                                     mentions, part_fold)
        found.indicators += extract_indicators(part, segment.first, file, host.key,
                                               host.doc_type is DocType.REPORT, province, part_fold)
    found.agencies = registry.agencies(include_successors=True)
    # A file may print the same document twice (a report restating a plan, a page saved twice):
    # its tasks and indicators then come twice under one key; the first printing stands.
    found.tasks = _first_of_each_key(found.tasks)
    found.indicators = _first_of_each_key(found.indicators)
    return found


def _segment_fold(folded: str | None, line_starts: Sequence[int] | None, segment: Segment) -> str | None:
    """The fold of the segment's text (its lines joined by "\\n"), cut from the file's fold."""
    if folded is None or line_starts is None:
        return None
    end = line_starts[segment.last] - 1 if segment.last < len(line_starts) else len(folded)
    return folded[line_starts[segment.first - 1] : end]


def _first_of_each_key(items: list[_Keyed]) -> list[_Keyed]:
    """``items`` without the later ones whose key came already, in order."""
    seen: set[str] = set()
    return [item for item in items if not (item.key in seen or seen.add(item.key))]


def _plan_resolver(documents: dict[str, Document]) -> Callable[[str], str | None]:
    """Map a plan reference as printed ("326/KH-UBND", 'Đề án “Phát triển …”') to a key."""
    by_symbol: dict[str, list[Document]] = {}
    named = [d for d in documents.values() if d.symbol is None and d.title and not d.origin]
    for doc in documents.values():
        if doc.symbol:
            by_symbol.setdefault(doc.symbol, []).append(doc)

    def resolve(printed: str) -> str | None:
        symbol = canonical_symbol(printed)
        if symbol:
            candidates = by_symbol.get(symbol, [])
            return candidates[0].key if len(candidates) == 1 else None
        matches = [d.key for d in named if d.title and same_named_document(printed, d.title)]
        return matches[0] if len(matches) == 1 else None

    return resolve
