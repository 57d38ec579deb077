"""Diacritic folding for matching Vietnamese text in any spelling (accented, OCR, upper case).

``fold`` keeps the length of NFC text: one character in, one character out. A regex
run over ``fold(text)`` therefore gives spans that are valid in ``text`` itself, which
is how extractors match OCR lines without diacritics ("Nghi quyet so") and keep exact
evidence offsets.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """Map every accented Latin letter to its lower-case base letter (đ → d)."""
    table: dict[int, str] = {ord("Đ"): "d", ord("đ"): "d", ord("Ð"): "d"}
    for code in range(0x00C0, 0x2000):
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0]
        if base != char and base.isascii() and base.isalpha():
            table[code] = base.lower()
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code).lower()
    return table


def fold(text: str) -> str:
    """Lower-case ``text`` and strip Vietnamese diacritics, one character for one.

    Args:
        text: NFC text (decomposed marks would survive as separate characters).

    Returns:
        A string of the same length, lower case, without diacritics.

    Example:
        >>> fold("Kết luận SỐ 361-KL/TU, Đề án")
        'ket luan so 361-kl/tu, de an'
    """
    return text.translate(_fold_table())


def fold_compact(text: str) -> str:
    """``fold`` plus whitespace collapsed and trimmed: for comparing names, not for offsets.

    Example:
        >>> fold_compact("  Sở  Công\\nThương ")
        'so cong thuong'
    """
    return _SPACES.sub(" ", fold(unicodedata.normalize("NFC", text))).strip()


def _letters(predicate_name: str) -> str:
    chars = (chr(c) for c in range(0xC0, 0x1EFA))
    return "".join(c for c in chars if c.isalpha() and getattr(c, predicate_name)())


# Character classes for regexes: Python's `re` has no \p{Lu}, and a range such as
# [À-Ỹ] also spans the lower-case letters between those code points.
UPPER = "A-Z" + _letters("isupper")
LOWER = "a-z" + _letters("islower")
