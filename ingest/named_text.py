"""A text as the named-document readers see it: raw, folded for matching, and tokenised.

The folded copy is the package's :func:`~policygraph.ingest.textfold.fold`, plus what raw
(not yet normalised) text needs, with a map back to the original offsets.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache
from itertools import accumulate, repeat
from operator import itemgetter

from .textfold import fold

__all__ = ["PUNCT", "SPACE", "WORD", "FoldedText", "fold_raw", "whole_text"]


# --- folding: textfold.fold, plus what raw text needs -------------------------------

# This module also reads raw text, not yet normalised (test_raw_text_gives_same_offsets:
# binhphuoc_sct has decomposed lines 239-642 and PDF Ƣ), so on top of textfold.fold it
# folds what normalise.py would have fixed: PDF Ƣ/ƣ, typographic dashes, and combining
# marks, which it drops. Dropping changes the length, hence the offset map.
_RAW_TEXT_FOLDS = {
    "ƣ": "u", "Ƣ": "u",  # PDF glyph damage: Ƣ/ƣ printed for Ư/ư (domain.md §4)
    "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-",  # dashes
}  # fmt: skip


@lru_cache(maxsize=1)
def _raw_text_chars() -> re.Pattern[str]:
    """The characters this module folds unlike ``textfold.fold``: ``_RAW_TEXT_FOLDS`` and
    combining marks; anything beyond the BMP is matched too, which covers the marks there."""
    marks = "".join(chr(c) for c in range(0x300, 0x10000) if unicodedata.combining(chr(c)))
    return re.compile("[" + re.escape("".join(_RAW_TEXT_FOLDS) + marks) + "\U00010000-\U0010ffff]")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """Fold one character: as ``textfold.fold``, but "" for a combining mark."""
    if char in _RAW_TEXT_FOLDS:
        return _RAW_TEXT_FOLDS[char]
    return "" if unicodedata.combining(char) else fold(char)


def _fold_text(text: str) -> tuple[str, list[int] | None]:
    """Fold a text for matching, keeping a map back to the original offsets.

    Args:
        text: any text (NFC expected; NFD and Ƣ tolerated).

    Returns:
        ``(folded, offsets)``: ``offsets[i]`` is the index in ``text`` of ``folded[i]``,
        with one extra entry ``len(text)``; None when every character folded to one.

    Example:
        >>> _fold_text("Đề án")
        ('de an', None)
    """
    if not _raw_text_chars().search(text):  # normalised text: the package's fold
        return fold(text), None
    table = {c: _fold_char(c) for c in set(text)}
    if all(len(v) == 1 for v in table.values()):
        return text.translate({ord(c): v for c, v in table.items()}), None
    parts: list[str] = []
    offsets: list[int] = []
    for i, char in enumerate(text):
        parts.append(table[char])
        offsets.extend([i] * len(table[char]))
    offsets.append(len(text))
    return "".join(parts), offsets


_LAST_WHOLE: list[tuple[str, tuple[str, list[int] | None]]] = []


def _fold_whole(text: str, folded: str | None = None) -> tuple[str, list[int] | None]:
    """``_fold_text(text)``, kept for the last text: the named-document and back-reference
    readers each fold the same document text (the same object, hence the ``is``).

    ``folded`` is ``textfold.fold(text)`` when the caller has it: a text without the
    characters of :func:`_raw_text_chars` folds to exactly that. ``fold`` keeps those
    characters as they are (Ƣ becomes ƣ), so looking for them in ``folded`` finds them.
    """
    last = _LAST_WHOLE[0] if _LAST_WHOLE else None  # one read: another thread may replace it
    if last is not None and last[0] is text:
        return last[1]
    result = (folded, None) if folded is not None and _plain_fold(folded) else _fold_text(text)
    _LAST_WHOLE[:] = [(text, result)]
    return result


def _plain_fold(folded: str) -> bool:
    """``folded`` holds none of the characters of :func:`_raw_text_chars`.

    Folded text is ASCII but for a few signs, so a charmap encoding of 256 characters
    none of which is such a character accepts it at C speed; the search decides otherwise.
    """
    try:
        codecs.charmap_encode(folded, "strict", _plain_codec())
    except UnicodeEncodeError:
        return _raw_text_chars().search(folded) is None
    return True


# Signs folded text holds besides ASCII and Latin-1 (typography, bullets, arrows); none is a
# dash or mark that _RAW_TEXT_FOLDS or _raw_text_chars covers.
_PLAIN_SIGNS = "“”‘’…•ﬁﬂ„‚‹›′″‰†‡™€←→↑↓≤≥≈≠∞●■□▪"


@lru_cache(maxsize=1)
def _plain_codec() -> object:
    """An encoding map of ASCII, printable Latin-1 and ``_PLAIN_SIGNS``: 256 characters."""
    chars = "".join(map(chr, range(128))) + "".join(map(chr, range(0xA0, 0x100))) + _PLAIN_SIGNS
    assert len(set(chars)) == len(chars) == 256 and not _raw_text_chars().search(chars)
    return codecs.charmap_build(chars)


def fold_raw(text: str) -> str:
    """Folded form of a short string.

    Example:
        >>> fold_raw("Quy hoạch tỉnh Bình Phước")
        'quy hoach tinh binh phuoc'
    """
    return _fold_text(text)[0]


# --- the text, three ways --------------------------------------------------------------

# Tokens: a word (ASCII letters and digits, "&" inside), a run of white space, or any
# other single character; the kinds are their numbers in ``kinds``.
WORD, SPACE, PUNCT = 1, 2, 3
# (Possessive: a token never gives back a character, so the engine keeps no backtrack points.)
_TOKEN = re.compile(r"[a-z0-9]++(?:&[a-z0-9]++)*+|\s++|.", re.S)
# A token's kind follows from its first character. Every character ``\s`` matches (what
# str.isspace holds) lies below U+3001 (tests/test_references_fast.py checks it).
_WHITESPACE_BELOW = 0x3001
_KIND_OF_FIRST: dict[str, int] = {
    **{chr(c): SPACE for c in range(_WHITESPACE_BELOW) if chr(c).isspace()},
    **dict.fromkeys("abcdefghijklmnopqrstuvwxyz0123456789", WORD),
}


class FoldedText:
    """A text as raw (offsets, case), folded (matching) and tokens of the folded copy.

    Tokens may cover only a window ``[lo, hi)``: tokenising a 320 KB report whole costs
    more than reading all its names, so each candidate gets a window (:meth:`window`)
    and is read again in a wider one if a reader ran into its end (``edge``). Token
    indices are local to the window; offsets are not.
    """

    def __init__(
        self, raw: str, folded: tuple[str, list[int] | None] | None = None, lo: int = 0, hi: int | None = None
    ) -> None:
        self.raw = raw
        self.fold, self._offsets = folded if folded is not None else _fold_whole(raw)
        self.hi = len(self.fold) if hi is None else hi
        self.edge = False
        # Tokens cover the window without gaps, so one C-level findall gives their texts and
        # their lengths give the offsets: no match object per token.
        self.tokens: list[str] = _TOKEN.findall(self.fold, lo, self.hi)
        bounds = list(accumulate(map(len, self.tokens), initial=lo))
        self.starts = bounds[:-1]
        self.ends = bounds[1:]
        self.kinds: list[int | None] = list(map(_KIND_OF_FIRST.get, map(itemgetter(0), self.tokens), repeat(PUNCT)))

    def window(self, start: int, end: int, before: int = 80, after: int = 220) -> FoldedText:
        """The same text, tokenised only around folded span ``[start, end)``."""
        lo, hi = max(0, start - before), min(len(self.fold), end + after)
        while 0 < lo < start and not self.fold[lo - 1].isspace():
            lo += 1
        while end < hi < len(self.fold) and not self.fold[hi].isspace():
            hi -= 1
        return FoldedText(self.raw, (self.fold, self._offsets), lo, hi)

    def touch_end(self, i: int) -> None:
        """Note that token ``i`` was wanted beyond the window's last token."""
        if i >= len(self.kinds) and self.hi < len(self.fold):
            self.edge = True

    def rpos(self, pos: int) -> int:
        """Original offset of folded position ``pos``."""
        return pos if self._offsets is None else self._offsets[pos]

    def rslice(self, start: int, end: int) -> str:
        """The original text of folded span ``[start, end)``, NFC."""
        offsets = self._offsets
        text = self.raw[start:end] if offsets is None else self.raw[offsets[start] : offsets[end]]
        return text if text.isascii() else unicodedata.normalize("NFC", text)  # ASCII is NFC

    def token_at(self, pos: int) -> int:
        """Index of the first token starting at or after folded position ``pos``."""
        return bisect_left(self.starts, pos)

    def f(self, i: int) -> str:
        """Folded text of token ``i``."""
        return self.tokens[i]

    def o(self, i: int) -> str:
        """Original text of token ``i``, lower case."""
        start, end, offsets = self.starts[i], self.ends[i], self._offsets  # rslice, inline: called per word
        text = self.raw[start:end] if offsets is None else self.raw[offsets[start] : offsets[end]]
        return (text if text.isascii() else unicodedata.normalize("NFC", text)).lower()

    def cap(self, i: int) -> bool:
        """Token ``i`` starts with a capital letter in the original."""
        start = self.starts[i]
        return self.raw[start if self._offsets is None else self._offsets[start]].isupper()

    def caps(self, tokens: list[int]) -> list[bool]:
        """``cap(i)`` for each token ``i`` of ``tokens``."""
        raw, starts, offsets = self.raw, self.starts, self._offsets
        if offsets is None:
            return [raw[starts[i]].isupper() for i in tokens]
        return [raw[offsets[starts[i]]].isupper() for i in tokens]

    def next_word(self, i: int, limit: int = 8) -> int | None:
        """Index of the next word token after ``i`` within ``limit`` tokens."""
        for j in range(i + 1, min(i + 1 + limit, len(self.kinds))):
            if self.kinds[j] == WORD:
                return j
        self.touch_end(i + 1 + limit)
        return None

    def next_solid(self, i: int) -> int | None:
        """Index of the next non-space token after ``i``."""
        j = i + 1
        while j < len(self.kinds) and self.kinds[j] == SPACE:
            j += 1
        self.touch_end(j)
        return j if j < len(self.kinds) else None

    def prev_solid(self, i: int) -> int | None:
        """Index of the previous non-space token before ``i``."""
        j = i - 1
        while j >= 0 and self.kinds[j] == SPACE:
            j -= 1
        return j if j >= 0 else None


def whole_text(raw: str, folded: str | None = None) -> FoldedText:
    """A document text folded whole and not tokenised, for :meth:`FoldedText.window`.

    ``folded``: ``textfold.fold(raw)`` when the caller has it, which saves folding again.
    """
    return FoldedText(raw, _fold_whole(raw, folded), lo=0, hi=0)
