"""Vietnamese provinces: recognise a province name in any spelling (accented, OCR, upper case).

The 63 provinces before the 1 July 2025 merger (the corpus predates it) plus the
new names used after it (domain.md §3). Matching is on diacritic-folded text so
OCR lines such as ``TINH BINH DUONG`` resolve to "Bình Dương".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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
    """A pattern for every folded province name, and the table from folded name to canonical one.

    The names go in as a trie ("b(?:a…|inh (?:d(?:inh|uong)|…))") rather than a flat 67-way
    alternation: the regex engine then rejects most positions on one character. A name must
    not follow a letter: the pattern consumes the character before it, which is much cheaper
    than a look-behind at every position (callers put a space before the text so that a
    name can open it). In the trie a longer name is tried before a shorter one it extends,
    as the flat alternation, longest first, did.
    """
    table = {fold(name).replace(" - ", " "): name for name in PROVINCES}
    table.update(_ALIASES)
    return re.compile(rf"[^a-z](?P<name>{_trie(table)})(?![a-z])"), table


def _trie(words: Iterable[str]) -> str:
    """A regex matching exactly ``words``, factored on common prefixes, longest match first."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def branch(node: dict[str, dict]) -> str:
        ways = [re.escape(char) + branch(child) for char, child in sorted(node.items()) if char]
        if not ways:
            return ""
        body = ways[0] if len(ways) == 1 else f"(?:{'|'.join(ways)})"
        return f"(?:{body})?" if "" in node else body  # greedy: the longer word first

    return branch(root)


def find_provinces(text: str) -> list[str]:
    """Every province named in ``text``, canonical spelling, in text order.

    Example:
        >>> find_provinces("UBND TỈNH BÌNH PHƯỚC và tinh Binh Duong")
        ['Bình Phước', 'Bình Dương']
    """
    return find_folded_provinces(fold(text))


def find_folded_provinces(folded: str) -> list[str]:
    """:func:`find_provinces` of a text already folded (``fold(text)``)."""
    pattern, table = _pattern()
    return [table[m["name"]] for m in pattern.finditer(" " + folded.replace(" - ", " "))]


def province_of(text: str) -> str | None:
    """The first province named in ``text``, or None."""
    pattern, table = _pattern()
    first = pattern.search(" " + fold(text).replace(" - ", " "))
    return table[first["name"]] if first else None
