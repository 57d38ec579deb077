"""The lower half of a document: its tasks, the agencies named in them, its indicators."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..graph.model import Agency, Document, Indicator, Task
from .split import Segment


@dataclass(slots=True)
class Structure:
    tasks: list[Task] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)


def extract_structure(lines: Sequence[str], segment: Segment, file: str, host: Document,
                      province: str | None) -> Structure:
    """Tasks, agencies and indicators of one document (segment)."""
    return Structure()
