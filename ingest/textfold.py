"""Diacritic folding for matching Vietnamese text in any spelling (accented, OCR, upper case).

The package's one fold: ``normalise.fold`` and ``agency_match.fold_text`` are this fold under
other names, and ``named_text`` adds an offset map for raw text on top of it.

``fold`` keeps the length of its input: one character in, one character out. A regex
run over ``fold(text)`` therefore gives spans that are valid in ``text`` itself, which
is how extractors match OCR lines without diacritics ("Nghi quyet so") and keep exact
evidence offsets. ``fold_compact`` also collapses white space, for comparing names.

``fold`` runs over whole documents, so it goes through a charmap codec (C speed) for
the 256 characters Vietnamese text is made of, and through ``str.translate`` for the
rare block of text holding anything else; both give the same result.

Example:
    >>> fold("Kết luận SỐ 361-KL/TU, Đề án"), fold_compact("  Sở  Công\\nThương ")
    ('ket luan so 361-kl/tu, de an', 'so cong thuong')
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _codecs import _EncodingMap

__all__ = ["LOWER", "UPPER", "fold", "fold_compact"]

_SPACES = re.compile(r"\s+")
# Letters a fold cannot get from Unicode decomposition. Ð/ð: đ as mis-decoded VISCII
# text shows it. €/¥: OCR misreads of ê/ế and ỹ (binhduong_kh-7099-ubnd_2024_ocr.txt
# l.12 "ti€p", l.108 "k¥ nang"); neither sign occurs in correct Vietnamese.
_SPECIAL = {"Đ": "d", "đ": "d", "Ð": "d", "ð": "d", "€": "e", "¥": "y"}
# Scripts below U+2000 (Latin, Greek, Cyrillic…) are folded; higher code points are kept.
_FOLDED_BELOW = 0x2000
# What the fast path reads: NUL first (charmap_build needs it there to build its fast
# map), the other ASCII characters of text, the 134 Vietnamese letters, then what the
# corpus holds besides: "¢" (OCR "S¢" for Sở), typography, the OCR misreads, and for raw
# text not yet normalised (``named`` reads it) PDF Ƣ/ƣ, dashes, no-break space and the
# five tone marks of decomposed (NFD) lines. Exactly 256 characters.
_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_EXTRAS = "¢…“”’‘•§ﬁ€¥ƣƢ–—\u00a0\u0300\u0301\u0303\u0309\u0323"
# A chunk of text goes through the fast path whole, or (holding some other character)
# through str.translate: 16k characters keep a stray character's cost small.
_CHUNK = 1 << 14


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """Map each character to its lower-case base letter (ế → e, Ø → ø, Đ → d) where that
    is one character and differs; a combining mark stays, to keep the length."""
    table: dict[int, str] = {}
    for code in range(_FOLDED_BELOW):
        char = chr(code)
        if char.islower() and not unicodedata.decomposition(char):
            continue  # already folded: skip the NFD below for most letters
        base = "".join(c for c in unicodedata.normalize("NFD", char)
                       if not unicodedata.combining(c)).lower()
        if len(base) == 1 and base != char:
            table[code] = base
    table.update({ord(char): folded for char, folded in _SPECIAL.items()})
    return table


@lru_cache(maxsize=1)
def _fast_codec() -> tuple[_EncodingMap, str]:
    """The fast path: an encoding map of the 256 characters, and their folds by byte."""
    letters = (unicodedata.normalize("NFC", vowel + tone)
               for vowel in _VOWELS + _VOWELS.upper() for tone in _TONES)
    ascii_ = "".join(chr(c) for c in range(128) if c in (0, 9, 10, 11, 12, 13) or 32 <= c < 127)
    chars = ascii_ + "".join(c for c in letters if not c.isascii()) + "Đđ" + _EXTRAS
    assert len(set(chars)) == len(chars) == 256, "one byte per character; only speed hangs on it"
    return codecs.charmap_build(chars), chars.translate(_fold_table())


def _fold_chunk(text: str) -> str:
    """Fold one chunk through the codec, or through str.translate if it holds another
    character (the codec refuses it)."""
    encoding_map, folds = _fast_codec()
    try:
        encoded, _ = codecs.charmap_encode(text, "strict", encoding_map)
    except UnicodeEncodeError:
        return text.translate(_fold_table())
    return codecs.charmap_decode(encoded, "strict", folds)[0]


def fold(text: str) -> str:
    """Lower-case ``text`` and strip Vietnamese diacritics, one character for one.

    Also folds Ð/ð to d and the OCR misreads € → e, ¥ → y. Characters from U+2000 up and
    combining marks are kept as they are.

    Args:
        text: NFC text (decomposed marks would survive as separate characters).

    Returns:
        A string of the same length, lower case, without diacritics.

    Example:
        >>> fold("Kết luận SỐ 361-KL/TU, Đề án")
        'ket luan so 361-kl/tu, de an'
    """
    if text.isascii():
        return text.lower()  # what the table does to ASCII, at C speed for short keys
    if len(text) <= _CHUNK:
        return _fold_chunk(text)
    return "".join([_fold_chunk(text[i: i + _CHUNK]) for i in range(0, len(text), _CHUNK)])


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
