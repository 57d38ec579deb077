"""Vietnamese provinces: recognise a province name in any spelling (accented, OCR, upper case).

The 63 provinces before the 1 July 2025 merger (the corpus predates it) plus the
new names used after it (domain.md §3). Matching is on diacritic-folded text so
OCR lines such as ``TINH BINH DUONG`` resolve to "Bình Dương".
"""

from __future__ import annotations

import re
from functools import lru_cache

from .gazetteer import PROVINCES as GAZETTEER_PROVINCES
from .textfold import fold

# The provinces of the gazetteer (the 63 before the 1 July 2025 merger, with their
# successors there), plus "Huế", the city's name after it (domain.md §3).
PROVINCES: tuple[str, ...] = (*GAZETTEER_PROVINCES, "Huế")

# Spellings that differ from the canonical one beyond diacritics.
_ALIASES: dict[str, str] = {
    "tp ho chi minh": "Thành phố Hồ Chí Minh",
    "tp. ho chi minh": "Thành phố Hồ Chí Minh",
    "ho chi minh": "Thành phố Hồ Chí Minh",
    "ba ria vung tau": "Bà Rịa - Vũng Tàu",
    "thua thien hue": "Thừa Thiên Huế",
}


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """One alternation over every folded province name, longest first."""
    table = {fold(name).replace(" - ", " "): name for name in PROVINCES}
    table.update(_ALIASES)
    alternation = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    return re.compile(rf"(?<![a-z])(?:{alternation})(?![a-z])"), table


def find_provinces(text: str) -> list[str]:
    """Every province named in ``text``, canonical spelling, in text order.

    Example:
        >>> find_provinces("UBND TỈNH BÌNH PHƯỚC và tinh Binh Duong")
        ['Bình Phước', 'Bình Dương']
    """
    pattern, table = _pattern()
    folded = fold(text).replace(" - ", " ")
    return [table[m.group(0)] for m in pattern.finditer(folded)]


def province_of(text: str) -> str | None:
    """The first province named in ``text``, or None."""
    found = find_provinces(text)
    return found[0] if found else None
