"""Dates as Vietnamese documents print them, in any spelling.

"ngày 25/6/2022", "ngày 17 tháng 11 năm 2022", OCR "ngay 22/7/2024", a header with
the day left blank ("ngày     tháng 5 năm 2023" → "2023-05"), web "Cập nhật: 06/09/2024".
Matching runs on folded text, so offsets are those of the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .textfold import fold

_NUMERIC = re.compile(r"(?<![\d/])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d{2})(?!\d)")
_WORDS = re.compile(
    r"ngay\s*(\d{1,2})?\s*thang\s*(\d{1,2})?\s*nam\s*((?:19|20)\d{2})(?!\d)"
)


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date found in text: ``iso`` is yyyy-mm-dd, or yyyy-mm / yyyy when parts are blank."""

    start: int
    end: int
    iso: str
    year: int


def find_dates(text: str) -> list[DateMatch]:
    """Every date in ``text``, in text order.

    Example:
        >>> [d.iso for d in find_dates("ngày 25/6/2022 và ngày 17 tháng 11 năm 2022")]
        ['2022-06-25', '2022-11-17']
    """
    folded = fold(text)
    found = [m for m in (_numeric(x) for x in _NUMERIC.finditer(folded)) if m]
    found += [m for m in (_worded(x) for x in _WORDS.finditer(folded)) if m]
    found.sort(key=lambda d: d.start)
    return found


def find_date(text: str) -> DateMatch | None:
    """The first date in ``text``, or None."""
    found = find_dates(text)
    return found[0] if found else None


def _numeric(match: re.Match[str]) -> DateMatch | None:
    day, month, year = (int(g) for g in match.groups())
    return _make(match, year, month, day)


def _worded(match: re.Match[str]) -> DateMatch | None:
    day, month, year = match.groups()
    return _make(match, int(year), int(month) if month else None, int(day) if day else None)


def _make(match: re.Match[str], year: int, month: int | None, day: int | None) -> DateMatch | None:
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= 31:
        return None
    if month is None:
        iso = f"{year:04d}"
    elif day is None:
        iso = f"{year:04d}-{month:02d}"
    else:
        iso = f"{year:04d}-{month:02d}-{day:02d}"
    return DateMatch(match.start(), match.end(), iso, year)
