"""Stage 4, header: who issued a document, its number, place, date, type and title.

Reads the block at the top of one segment (see ``split``): the issuer lines, the
``Số:`` line (a number, or a blank one as in ``Số:      /BC-SCT``), "Bình Phước,
ngày … tháng 5 năm 2023", the type title ("BÁO CÁO", "KẾ HOẠCH") and the trích yếu
that follows it, or the ``V/v …`` block of a công văn. OCR headers without
diacritics ("S6: 7099/KH-UBND Binh Duwong, ngay 13 thang 12 nam 2024") are read on
folded text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..graph.model import DocType
from .dates import find_date
from .places import province_of
from .split import Segment
from .symbols import find_blank_symbol, find_symbols, parse_symbol
from .textfold import fold, fold_compact

_HEADER_LINES = 40
_NUMBER_LINE = re.compile(r"^\s*(?:s[oô6e]|so)\s*:", re.IGNORECASE)
_MOTTO_FOLDED = re.compile(r"c[o]ng h[o]a x[a] h[oq]i ch[u] ngh[i]a vi[e]t nam.*$|doc lap.*$")
_BODY_START = re.compile(r"^\s*(?:can c|kinh gui|thuc hien|qua |i\.|1\.|theo |ngay \d)")

# Type titles as printed on their own line, folded.
TYPE_TITLES: dict[str, DocType] = {
    "bao cao": DocType.REPORT,
    "ke hoach": DocType.PLAN,
    "quyet dinh": DocType.DECISION,
    "nghi quyet": DocType.RESOLUTION,
    "chuong trinh": DocType.PROGRAMME,
    "chuong trinh hanh dong": DocType.PROGRAMME,
    "ket luan": DocType.CONCLUSION,
    "to trinh": DocType.SUBMISSION,
    "thong bao": DocType.NOTICE,
    "chi thi": DocType.DIRECTIVE,
    "huong dan": DocType.GUIDANCE,
    "de an": DocType.SCHEME,
    "quy dinh": DocType.REGULATION,
    "quy che": DocType.REGULATION,
    "cong van": DocType.OFFICIAL_LETTER,
}

# Issuer units printed in capitals in the header, and their usual spelling.
_UNITS: dict[str, str] = {
    "so cong thuong": "Sở Công Thương",
    "uy ban nhan dan": "Ủy ban nhân dân",
    "ubnd": "Ủy ban nhân dân",
    "hoi dong nhan dan": "Hội đồng nhân dân",
    "tinh uy": "Tỉnh ủy",
    "ban thuong vu tinh uy": "Ban Thường vụ Tỉnh ủy",
    "so ke hoach va dau tu": "Sở Kế hoạch và Đầu tư",
    "so tai chinh": "Sở Tài chính",
    "so khoa hoc va cong nghe": "Sở Khoa học và Công nghệ",
    "ban quan ly khu kinh te": "Ban Quản lý Khu kinh tế",
}


@dataclass(frozen=True, slots=True)
class Header:
    """What a document's header says. ``line`` is the ``Số:`` line (or the first line)."""

    line: int
    symbol: str | None
    blank_code: str | None  # "/BC-SCT" when the number is left blank
    doc_type: DocType
    issuer: str | None
    jurisdiction: str | None
    place: str | None
    date: str | None
    title: str | None


def read_header(lines: Sequence[str], segment: Segment) -> Header | None:
    """Read the header of ``segment``; None when the segment has no header block.

    Args:
        lines: the clean lines of the whole file (``lines[0]`` is line 1).
        segment: one document of the file, with its motto line.

    Returns:
        The header, or None for a segment without a national motto.

    Example:
        >>> read_header(["UBND TỈNH BÌNH PHƯỚC", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        ...              "Số: 327/KH-UBND Bình Phước, ngày 31 tháng 10 năm 2022", "KẾ HOẠCH",
        ...              "Phát triển cụm công nghiệp"], Segment(1, 5, 2)).symbol
        '327/KH-UBND'
    """
    if segment.motto_line is None:
        return None
    last = min(segment.last, segment.motto_line + _HEADER_LINES)
    numbered = range(segment.first, last + 1)
    # The "Số:" line holds a ":" (fold keeps it, and makes no other character one): test that first.
    number_line = next((n for n in numbered
                        if ":" in lines[n - 1] and _NUMBER_LINE.match(fold(lines[n - 1]))), None)
    symbol, blank_code = _read_number(lines[number_line - 1]) if number_line else (None, None)
    issuer_lines = _issuer_lines(lines, segment)
    jurisdiction = province_of(" ".join(issuer_lines))
    type_line, doc_type = _type_title(lines, segment.motto_line, last)
    if doc_type is None:
        doc_type = _type_from_code(symbol, blank_code)
    date_line = number_line or segment.motto_line
    date = _header_date(lines, date_line, last)
    return Header(
        line=number_line or segment.first,
        symbol=symbol,
        blank_code=blank_code,
        doc_type=doc_type,
        issuer=_issuer_name(issuer_lines, jurisdiction),
        jurisdiction=jurisdiction,
        place=jurisdiction,
        date=date,
        title=_title(lines, type_line, number_line, last),
    )


def _read_number(line: str) -> tuple[str | None, str | None]:
    """The symbol on a ``Số:`` line, or the blank code when the number is left empty."""
    found = find_symbols(line)
    if found:
        return found[0].symbol.canonical, None
    return None, find_blank_symbol(line)


def _issuer_lines(lines: Sequence[str], segment: Segment) -> list[str]:
    """The issuer block: non-blank lines above the motto, minus the number line."""
    assert segment.motto_line is not None
    block = []
    for n in range(segment.first, segment.motto_line + 1):
        text = lines[n - 1].strip()
        if n == segment.motto_line:
            # OCR puts issuer and motto on one line: keep what precedes the motto.
            text = text[: _motto_start(text)].strip()
        if text and not _NUMBER_LINE.match(fold(text)):
            block.append(text)
    after = lines[segment.motto_line].strip() if segment.motto_line < len(lines) else ""
    if block and after and not _MOTTO_FOLDED.match(fold(after)):
        # OCR puts "TINH BINH DUONG Doc lap - Tu do …" on one line: the province half is the issuer's.
        block.insert(len(block) - 1, after[: _motto_start(after)].strip())
    return block


def _motto_start(text: str) -> int:
    match = _MOTTO_FOLDED.search(fold(text))
    return match.start() if match else len(text)


def _issuer_name(issuer_lines: list[str], jurisdiction: str | None) -> str | None:
    """"UBND TỈNH BÌNH PHƯỚC / SỞ CÔNG THƯƠNG" → "Sở Công Thương tỉnh Bình Phước"."""
    if not issuer_lines:
        return None
    unit = fold_compact(issuer_lines[-1])
    unit = re.sub(r"\b(tinh|thanh pho)\b.*$", "", unit).strip()
    name = _UNITS.get(unit) or issuer_lines[-1].strip().title()
    if jurisdiction and fold(jurisdiction) not in fold(name):
        name = f"{name} tỉnh {jurisdiction}"
    return name


def _type_title(lines: Sequence[str], start: int, last: int) -> tuple[int | None, DocType | None]:
    """The line printing the document type alone ("BÁO CÁO"), and that type."""
    for n in range(start, last + 1):
        if not lines[n - 1].strip().isupper():
            continue  # a type title is printed in capitals (the cheap test first)
        folded = fold_compact(lines[n - 1]).strip(" .:")
        if folded in TYPE_TITLES:
            return n, TYPE_TITLES[folded]
    return None, None


def _type_from_code(symbol: str | None, blank_code: str | None) -> DocType:
    """Type from the symbol's type code; a blank number keeps its code ("/BC-SCT", "-BC/TU")."""
    code = symbol or (f"1{blank_code}" if blank_code else "")
    parsed = parse_symbol(code) if code else None
    return parsed.doc_type if parsed else DocType.OTHER


def _header_date(lines: Sequence[str], start: int, last: int) -> str | None:
    """The first "…, ngày … tháng … năm …" at or below the number line."""
    for n in range(start, min(last, start + 8) + 1):
        found = find_date(lines[n - 1])
        if found:
            return found.iso
    return None


def _title(lines: Sequence[str], type_line: int | None, number_line: int | None, last: int) -> str | None:
    """The trích yếu under the type title, or the ``V/v …`` block of a công văn."""
    if type_line is not None:
        return _collect(lines, type_line + 1, last)
    start = number_line or 1
    for n in range(start, last + 1):
        if fold(lines[n - 1]).lstrip().startswith("v/v"):
            text = _collect(lines, n, last)
            return re.sub(r"^V/v\s*", "", text or "", flags=re.IGNORECASE) or None
    return None


def _collect(lines: Sequence[str], first: int, last: int, max_lines: int = 6) -> str | None:
    """Title lines from ``first`` until the body starts (PDF text puts blank lines between)."""
    parts: list[str] = []
    blanks = 0
    for n in range(first, last + 1):
        text = lines[n - 1].strip()
        if not text:
            blanks += 1
            if parts and blanks >= 3:
                break
            continue
        folded = fold(text)
        # A trích yếu may itself open with "Thực hiện …" (binhduong_kh-7099-ubnd_2024_ocr.txt:6).
        if parts and folded.startswith(("thuc hien", "thyc hien")) or _BODY_START.match(folded) and not (
                not parts and folded.startswith(("thuc hien", "thyc hien"))) or text.startswith(
                ("Kính gửi", "(Cập nhật")):
            break
        if set(text) <= set("-_–= "):
            break
        parts.append(text)
        blanks = 0
        if len(parts) >= max_lines:
            break
    title = re.sub(r"\s+", " ", " ".join(parts)).strip()
    return title or None
