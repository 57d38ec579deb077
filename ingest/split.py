"""Stage 3, split: cut a file that holds several documents at each document header.

A header is the national motto block ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", or
"ĐẢNG CỘNG SẢN VIỆT NAM" for Party documents), with the issuer block just above it
and the ``Số:`` line below. binhphuoc_sct_bao-cao_2022-2024.txt holds nine reports
joined end to end (lines 5, 221, 655, …); the OCR plan has issuer and motto on one
line ("UY BAN NHAN DAN CONG HOA XA HQI CHU NGHIA VIET NAM"). A file with no header
(a web page, a news item) is one segment.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .textfold import LOWER, fold

# Folded, tolerant of OCR: "xa hqi", "chu nghia viet nam", "doc lap - tu do".
_MOTTO = re.compile(r"c[oô]ng h[oò]a x[aã] h[oôq]i ch[uủ] ngh[iĩ]a vi[eệ]t nam|dang cong san viet nam")
_ISSUER_LINE = re.compile(rf"^[^{LOWER}0-9]{{3,60}}$")  # no lower-case letter, no digit
_NUMBER_LINE = re.compile(r"^\s*(?:s[oốô6]|s[eé])\s*:", re.IGNORECASE)
_SIGNATURE = re.compile(r"giam doc|chu tich|truong ban|bi thu|nguoi ky|noi nhan")
# Issuer lines, the "Số:" line and the blank lines PDF layout puts between them.
_MAX_HEADER_LINES_ABOVE = 10


@dataclass(frozen=True, slots=True)
class Segment:
    """One document inside a file: lines ``first``..``last`` (1-based, inclusive).

    ``motto_line`` is the line of the national motto (None for a file without header).
    """

    first: int
    last: int
    motto_line: int | None


def split_documents(lines: Sequence[str], folded: str | None = None) -> list[Segment]:
    """Cut ``lines`` (the clean lines of one file) into one segment per document header.

    Args:
        lines: clean text lines; ``lines[0]`` is line 1.
        folded: ``fold("\\n".join(lines))`` when the caller has it (it need not be folded twice).

    Returns:
        Segments in file order covering every line once. Text before the first
        header belongs to the first segment.

    Example:
        >>> split_documents(["UBND TỈNH X", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 1/KH-UBND"])
        [Segment(first=1, last=3, motto_line=2)]
    """
    if not lines:
        return []
    if folded is None:
        folded = fold("\n".join(lines))  # one fold for the file, not one per line
    mottos = _motto_lines(lines, folded)
    if not mottos:
        return [Segment(1, len(lines), None)]
    starts = [_header_start(lines, n) for n in mottos]
    starts[0] = 1
    ends = [s - 1 for s in starts[1:]] + [len(lines)]
    return [Segment(s, e, m) for s, e, m in zip(starts, ends, mottos, strict=True)]


# Every motto ends in "việt nam": a literal-led pattern finds the few lines worth a look fast.
_MOTTO_END = re.compile(r"vi[eệ]t nam")


def _motto_lines(lines: Sequence[str], folded: str) -> list[int]:
    """The 1-based numbers of the motto lines (:func:`_is_motto`); ``folded`` is the folded text."""
    if folded.count("\n") != len(lines) - 1:  # a line holding "\n": the slow way, which refuses it
        return [n for n, (line, low) in enumerate(zip(lines, folded.split("\n"), strict=True), start=1)
                if _is_motto(line, low)]
    mottos: list[int] = []
    index, pos = 0, 0  # the line at ``pos`` and its number - 1
    for hit in _MOTTO_END.finditer(folded):
        index += folded.count("\n", pos, hit.start())
        pos = hit.start()
        if mottos and mottos[-1] == index + 1:
            continue  # a second hit on a motto line
        start = folded.rfind("\n", 0, pos) + 1
        end = folded.find("\n", pos)
        if _is_motto(lines[index], folded[start : end if end >= 0 else len(folded)]):
            mottos.append(index + 1)
    return mottos


def _is_motto(line: str, folded: str) -> bool:
    """A motto line is upper case; "nước Cộng hòa xã hội chủ nghĩa Việt Nam" in prose is not.

    binhphuoc_sct_bao-cao_2022-2024.txt:2174 has the phrase inside a sentence.
    """
    if "nam" not in folded or not _MOTTO.search(folded):
        return False
    letters = [c for c in line if c.isalpha()]
    return sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _header_start(lines: Sequence[str], motto_line: int) -> int:
    """Walk up from the motto over the issuer block ("UBND TỈNH BÌNH PHƯỚC / SỞ CÔNG THƯƠNG")."""
    start = motto_line
    n = motto_line - 1
    while n >= 1 and motto_line - n <= _MAX_HEADER_LINES_ABOVE:
        text = lines[n - 1].strip()
        if text and not (_ISSUER_LINE.match(text) or _NUMBER_LINE.match(text)):
            break
        if _SIGNATURE.search(fold(text)):  # the previous document's signer, not our issuer
            break
        if text:
            start = n
        n -= 1
    return start
