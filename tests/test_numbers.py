"""Vietnamese numbers and quantities (ingest/numbers.py). Rows cite the corpus line they come from."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policygraph.ingest.numbers import find_quantities, parse_vn_number

PARSE_ROWS = [
    # (printed, value)
    ("35.420", 35420.0),  # "." groups thousands: binhphuoc_sct_bao-cao_2022-2024.txt:1572
    ("15,5", 15.5),  # "," is the decimal mark
    ("1.234,5", 1234.5),  # both
    ("5.020,521", 5020.521),  # bentre_sct_kinh-te-tuan-hoan_2024.txt:15
    ("353.803.000", 353803000.0),  # binhphuoc_sct_bao-cao_2022-2024.txt:1257
    ("05", 5.0),  # counts are zero-padded: "05 nhà máy", bentre…:20
    ("1,234.5", 1234.5),  # English style, seen in some tables (gold README)
    ("2,5", 2.5),  # "2,5 tấn/ha", binhphuoc…:2380
    ("4.0", 4.0),  # not three digits after the dot: a decimal ("công nghiệp 4.0")
    ("abc", None),
    ("", None),
]


@pytest.mark.parametrize(("printed", "value"), PARSE_ROWS, ids=[r[0] or "empty" for r in PARSE_ROWS])
def test_parse_vn_number(printed: str, value: float | None) -> None:
    assert parse_vn_number(printed) == value


@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_round_trip(n: int) -> None:
    """Any integer printed with "." thousands separators reads back."""
    printed = f"{n:,}".replace(",", ".")
    assert parse_vn_number(printed) == n


QUANTITY_ROWS = [
    # (text, [(value, value_max, unit, comparator), …])
    ("năm 2023 đạt 35.420 tỷ đồng", [(35420.0, None, "tỷ đồng", "=")]),  # binhphuoc…:1572
    ("tiang binh quan 9-10%/nim", [(9.0, 10.0, "%/năm", "range")]),  # OCR, binhduong…_ocr.txt:100
    ("dat khoang 15.800 USD", [(15800.0, None, "USD", "~")]),  # OCR "khoảng", binhduong…_ocr.txt:101
    ("dong duoc dao tao dat trén 80%.", [(80.0, None, "%", ">")]),  # OCR "trên", binhduong…_ocr.txt:108
    ("hơn 1.190 lượt tư vấn", [(1190.0, None, "lượt", ">")]),  # binhphuoc…:1258
    ("khó đạt được chỉ tiêu từ 15% trở lên", [(15.0, None, "%", ">=")]),  # binhphuoc…:1584
    ("tang tir 30% tro 1én", [(30.0, None, "%", ">=")]),  # OCR "từ … trở lên", binhduong…_ocr.txt:115
    ("hỗ trợ ít nhất 02 HTX", [(2.0, None, "hợp tác xã", ">=")]),  # binhphuoc…:2510
    ("bố trí tối thiểu 01 KCN", [(1.0, None, "khu công nghiệp", ">=")]),  # binhphuoc…:4236
    ("ty 1& lao dong dudi 2%", [(2.0, None, "%", "<=")]),  # OCR "dưới", binhduong…_ocr.txt:106
    ("không quá 5 ha", [(5.0, None, "ha", "<=")]),
    ("tối đa 10%", [(10.0, None, "%", "<=")]),
    ("đạt 3,0-3,5 triệu USD/ha", [(3.0, 3.5, "triệu USD/ha", "range")]),  # binhphuoc…:4456
    ("từ 2,2 - 2,6 triệu USD/ha", [(2.2, 2.6, "triệu USD/ha", "range")]),  # binhphuoc…:4454
    ("đạt 413,26 triệu USD", [(413.26, None, "triệu USD", "=")]),  # bentre…:15
    ("dat 21 ty do la My", [(21.0, None, "tỷ USD", "=")]),  # OCR, binhduong…_ocr.txt:116
    (  # a list, not ranges: binhduong…_ocr.txt:103
        "tuwong tng 1a 64% - 28% - 2% - 6%",
        [(64.0, None, "%", "="), (28.0, None, "%", "="), (2.0, None, "%", "="), (6.0, None, "%", "=")],
    ),
    ("có 09/19 dự án điện gió", [(9.0, None, "dự án", "=")]),  # a fraction, bentre…:20
    ("3 triệu con heo", [(3.0, None, "triệu con", "=")]),  # binhphuoc…:1710
    ("năm 2025", []),  # a year
    ("giai đoạn 2021-2030", []),  # a year range
    ("ngày 25/6/2022 và tháng 9/2023", []),  # dates
    ("Kế hoạch số 326/KH-UBND ngày 31/10/2022", []),  # a symbol and a date
    ("Nghị định số 31/2023/NĐ-CP", []),  # a normative symbol
    ("chứng nhận ISO 9001 và công nghiệp 4.0", []),  # codes, no unit
    ("Giá so sánh 2010", []),  # a base year
]


@pytest.mark.parametrize(("text", "expected"), QUANTITY_ROWS, ids=[r[0][:40] for r in QUANTITY_ROWS])
def test_find_quantities(text: str, expected: list[tuple[float, float | None, str, str]]) -> None:
    found = find_quantities(text)
    assert [(q.value, q.value_max, q.unit, q.comparator) for q in found] == expected
    for q in found:  # the span is the raw text, comparator words included
        assert text[q.start : q.end] == q.raw


def test_raw_keeps_comparator_words() -> None:
    # binhphuoc_sct_bao-cao_2022-2024.txt:1584
    [q] = find_quantities("chỉ tiêu từ 15% trở lên theo mục tiêu")
    assert q.raw == "từ 15% trở lên"
