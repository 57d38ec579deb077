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


def split_documents(lines: Sequence[str]) -> list[Segment]:
    """Cut ``lines`` (the clean lines of one file) into one segment per document header.

    Args:
        lines: clean text lines; ``lines[0]`` is line 1.

    Returns:
        Segments in file order covering every line once. Text before the first
        header belongs to the first segment.

    Example:
        >>> split_documents(["UBND TỈNH X", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 1/KH-UBND"])
        [Segment(first=1, last=3, motto_line=2)]
    """
    if not lines:
        return []
    folded = fold("\n".join(lines)).split("\n")  # one fold for the file, not one per line
    mottos = [n for n, (line, low) in enumerate(zip(lines, folded, strict=True), start=1) if _is_motto(line, low)]
    if not mottos:
        return [Segment(1, len(lines), None)]
    starts = [_header_start(lines, n) for n in mottos]
    starts[0] = 1
    ends = [s - 1 for s in starts[1:]] + [len(lines)]
    return [Segment(s, e, m) for s, e, m in zip(starts, ends, mottos, strict=True)]


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
