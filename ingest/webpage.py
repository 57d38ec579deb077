"""The host document of a file without an official header: a news item or a web page.

binhphuoc_kh-317-ubnd_2021.txt opens "Ngày 20 tháng 10 năm 2021, Ủy ban nhân dân tỉnh
Bình Phước vừa ban hành Kế hoạch số 317/KH-UBND về việc …": the file *is* that plan.
bentre_sct_kinh-te-tuan-hoan_2024.txt is a department's web report: its title is the
upper-case line ("TÌNH HÌNH THỰC HIỆN ĐỀ ÁN …"), its date the "Cập nhật: 06/09/2024",
its issuer the department whose mailbox the page lists (sct@bentre.gov.vn).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..graph.model import Document, DocType, Evidence, Origin
from .dates import find_date
from .resolve import document_key, unnumbered_key
from .split import Segment
from .symbols import find_symbols
from .textfold import LOWER, fold

_LEAD = re.compile(r"(?P<issuer>(?:uy ban|ubnd|hoi dong|so |tinh uy|ban )[^,.;]{3,80}?)\s+(?:vua |da )?ban hanh\s+"
                   r"(?P<type>ke hoach|quyet dinh|nghi quyet|chuong trinh|chi thi|ket luan)\s+(?:so\s+)?$")
_LEAD_LINES = 3
_TITLE_AFTER = re.compile(r"^\s*(?:ve viec|ve)\s+(?P<title>[^\n]{5,300}?)(?:[.;]\s|$)")
_UPPER_TITLE = re.compile(rf"^[^{LOWER}]{{20,}}$")
_MAILBOX_UNITS = {"sct": "Sở Công Thương", "skhdt": "Sở Kế hoạch và Đầu tư", "stc": "Sở Tài chính",
                  "ubnd": "Ủy ban nhân dân"}
_REPORT_WORDS = ("tinh hinh thuc hien", "ket qua", "bao cao", "tong ket", "so ket")


def read_web_host(file: str, lines: Sequence[str], segment: Segment, province: str | None) -> Document:
    """The document a header-less file is.

    Args:
        file: file name, for keys and evidence.
        lines: the file's clean lines.
        segment: the (only) segment.
        province: the province the file is mostly about.

    Returns:
        A numbered document when the lead says "vừa ban hành Kế hoạch số …",
        otherwise an unnumbered one titled by the page's upper-case heading.
    """
    lead = _announced_document(file, lines, segment, province)
    return lead if lead is not None else _titled_page(file, lines, segment, province)


def _announced_document(file: str, lines: Sequence[str], segment: Segment, province: str | None) -> Document | None:
    """"… vừa ban hành Kế hoạch số 317/KH-UBND về việc …" in the first lines."""
    for n in range(segment.first, min(segment.last, segment.first + _LEAD_LINES) + 1):
        line = lines[n - 1]
        for match in find_symbols(line):
            lead = _LEAD.search(fold(line[: match.start]))
            if not lead:
                continue
            date = find_date(line[: match.start])
            year = date.year if date else match.symbol.year
            title = _TITLE_AFTER.match(fold(line[match.end:]))
            issuer = line[lead.start("issuer"): lead.end("issuer")].strip()
            return Document(
                key=document_key(match.symbol.canonical, None if match.symbol.national else province, year),
                symbol=match.symbol.canonical, doc_type=match.symbol.doc_type, issuer=issuer,
                jurisdiction=None if match.symbol.national else province,
                date=date.iso if date else None, year=year,
                title=line[match.end + title.start("title"): match.end + title.end("title")].strip(" .”\"")
                if title else None,
                origin=Origin(file, n), mentions=[Evidence(file, n, line.strip()[:300])],
            )
    return None


def _titled_page(file: str, lines: Sequence[str], segment: Segment, province: str | None) -> Document:
    """An unnumbered page: upper-case heading as title, "Cập nhật" date, mailbox issuer."""
    title_line = next((n for n in range(segment.first, segment.last + 1) if _is_upper_title(lines[n - 1])),
                      segment.first)
    title = lines[title_line - 1].strip()
    folded_title = fold(title)
    doc_type = DocType.REPORT if any(w in folded_title for w in _REPORT_WORDS) else DocType.OTHER
    if folded_title.startswith("ke hoach"):
        doc_type = DocType.PLAN
    date = _page_date(lines, segment)
    return Document(
        key=unnumbered_key(file, title_line), symbol=None, doc_type=doc_type,
        issuer=_mailbox_issuer(lines, segment, province), jurisdiction=province,
        date=date, year=int(date[:4]) if date else None, title=_sentence_case(title),
        origin=Origin(file, title_line), mentions=[Evidence(file, title_line, title[:300])],
    )


def _is_upper_title(line: str) -> bool:
    """An upper-case heading with words in it; a phone number line is not one (bentre:4)."""
    text = line.strip()
    return bool(_UPPER_TITLE.match(text)) and sum(c.isalpha() for c in text) >= 15


def _page_date(lines: Sequence[str], segment: Segment) -> str | None:
    for n in range(segment.first, segment.last + 1):
        if "cap nhat" in fold(lines[n - 1]) or "ngay dang" in fold(lines[n - 1]):
            found = find_date(lines[n - 1])
            if found:
                return found.iso
    return None


def _mailbox_issuer(lines: Sequence[str], segment: Segment, province: str | None) -> str | None:
    """"sct@bentre.gov.vn" in the page's contact block → "Sở Công Thương tỉnh Bến Tre"."""
    for n in range(segment.first, min(segment.last, segment.first + 12) + 1):
        found = re.search(r"\b([a-z]+)@[a-z]+\.gov\.vn", lines[n - 1].lower())
        if found and found.group(1) in _MAILBOX_UNITS:
            unit = _MAILBOX_UNITS[found.group(1)]
            return f"{unit} tỉnh {province}" if province else unit
    return None


def _sentence_case(title: str) -> str:
    """"TÌNH HÌNH THỰC HIỆN ĐỀ ÁN" → "Tình hình thực hiện đề án" (names stay as printed otherwise)."""
    return title[:1] + title[1:].lower() if title.isupper() else title
