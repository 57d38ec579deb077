"""Tests for ingest.symbols: parsing, canonical spelling and finding số ký hiệu.

Tables first (eyecite style: each row says where it comes from), then real corpus lines
at exact positions, then property tests over generated symbols.
"""

from __future__ import annotations

import doctest
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policygraph.graph.model import DocType
from policygraph.ingest import symbols
from policygraph.ingest.symbols import (
    NATIONAL_ISSUERS,
    PARTY_ISSUERS,
    STATE_ISSUERS,
    TYPE_CODES,
    Symbol,
    canonical_symbol,
    find_blank_symbol,
    find_symbols,
    parse_symbol,
)

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SCT = "binhphuoc_sct_bao-cao_2022-2024.txt"
OCR = "binhduong_kh-7099-ubnd_2024_ocr.txt"
BENTRE = "bentre_sct_kinh-te-tuan-hoan_2024.txt"
KH317 = "binhphuoc_kh-317-ubnd_2021.txt"

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")


def corpus_text(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


def corpus_line(name: str, number: int) -> str:
    """1-based line, counting ``\\n`` only (like ``sed -n Np``)."""
    return corpus_text(name).split("\n")[number - 1]


# --- raw → canonical -----------------------------------------------------------------

CANONICAL = [
    # The three families, domain.md §1.
    ("327/KH-UBND", "327/KH-UBND"),
    ("1656/QĐ-UBND", "1656/QĐ-UBND"),
    ("1297/SKHĐT-QLQH", "1297/SKHĐT-QLQH"),  # công văn: issuer-unit, no type
    ("1489/QĐ-TTg", "1489/QĐ-TTg"),
    ("07/2019/NQ-HĐND", "07/2019/NQ-HĐND"),
    ("80/2021/NĐ-CP", "80/2021/NĐ-CP"),
    ("38/2020/QĐ-TTg", "38/2020/QĐ-TTg"),
    ("28/2018/TT-BNNPTNT", "28/2018/TT-BNNPTNT"),
    ("45/2019/QH14", "45/2019/QH14"),  # law: QH14 keeps its term number
    ("29-NQ/TW", "29-NQ/TW"),
    ("17-CTr/TU", "17-CTr/TU"),
    ("361-KL/TU", "361-KL/TU"),
    ("1297-CV/TU", "1297-CV/TU"),
    ("05-QC/BTCTU-BDVTU", "05-QC/BTCTU-BDVTU"),  # joint Party issuers
    ("3555/UBND-TH", "3555/UBND-TH"),
    ("187/SCT-TM", "187/SCT-TM"),
    ("1664/SCT-CN", "1664/SCT-CN"),
    ("2019/KH-SCT", "2019/KH-SCT"),  # domain.md: a number that looks like a year
    # Spelling, domain.md §1 "How symbols look in real text".
    ("361/KL-TU", "361-KL/TU"),  # binhphuoc_sct:4407, Party symbol spelled state-style
    ("362/KL-TU", "362-KL/TU"),  # binhphuoc_sct:3889
    ("17-Ctr/TU", "17-CTr/TU"),  # binhphuoc_sct:12
    ("327 / KH - UBND", "327/KH-UBND"),  # spaces around separators
    ("245/KH- UBND", "245/KH-UBND"),  # binhphuoc_sct:5164
    ("327/KH–UBND", "327/KH-UBND"),  # en dash
    ("29 — NQ / TW", "29-NQ/TW"),  # em dash and spaces
    ("790/QD-TTg", "790/QĐ-TTg"),  # binhduong OCR:20, D for Đ
    ("07/2019/NQ-HDND", "07/2019/NQ-HĐND"),
    ("80/2021/ND-CP", "80/2021/NĐ-CP"),
    ("1297/SKHDT-QLQH", "1297/SKHĐT-QLQH"),
    ("1656/QÐ-UBND", "1656/QĐ-UBND"),  # Icelandic eth (U+00D0) printed for Đ
    ("12/2021/NQHĐND", "12/2021/NQ-HĐND"),  # binhphuoc_sct:2315, hyphen lost
    ("1707/QĐUBND", "1707/QĐ-UBND"),  # binhphuoc_sct:5586, hyphen lost
    ("327/kh-ubnd", "327/KH-UBND"),  # lower case
    ("3555/ubnd-th", "3555/UBND-TH"),  # lower-case unit after a known issuer
    ("29-nq/tw", "29-NQ/TW"),
    ("17-CTR/TU", "17-CTr/TU"),
    ("5/QĐ-TTG", "5/QĐ-TTg"),
    ("361-KL/TU2", "361-KL/TU"),  # binhphuoc_sct:344, footnote digit glued on
    ("361-KL/TU1", "361-KL/TU"),  # binhphuoc_sct:748
    ("07/2019/NQ-HĐND1", "07/2019/NQ-HĐND"),  # footnote after HĐND, which never carries digits
    ("123/BC-BCĐ389", "123/BC-BCĐ389"),  # Ban Chỉ đạo 389: the digits are the issuer's
    ("12/2021/NQ-HĐND.", "12/2021/NQ-HĐND"),  # sentence punctuation
    # "Số" and its OCR spellings before the number are not part of the symbol.
    ("S6: 7099/KH-UBND", "7099/KH-UBND"),  # binhduong OCR:3
    ("s6 111/NQ-CP", "111/NQ-CP"),  # binhduong OCR:6
    ("sé 111/NQ-CP", "111/NQ-CP"),  # binhduong OCR:15
    ("Số: 327/KH-UBND", "327/KH-UBND"),
    # OCR, binhduong OCR:162-163.
    ("111:CTr/TU", "111-CTr/TU"),
    ("29—NQ{TW", "29-NQ/TW"),
    ("llql/NQ—CP", "111/NQ-CP"),
    ("I0/KH-UBND", "10/KH-UBND"),
    # Open-ended issuers and units from binhphuoc_sct.
    ("431/TTXT-XTTM", "431/TTXT-XTTM"),  # :1121, not TT (circular) + XT
    ("218/TTr-SNN-KH", "218/TTr-SNN-KH"),  # :1929
    ("64/KH-HĐND-KTNS", "64/KH-HĐND-KTNS"),  # :4581
    ("1860/BCTĐ-SXD", "1860/BCTĐ-SXD"),  # :5038, Báo cáo thẩm định
    ("690/KL-BKHĐT", "690/KL-BKHĐT"),  # :5069, a ministry's conclusion is a state symbol
    ("2293/BQL-QHXDTNMT", "2293/BQL-QHXDTNMT"),  # :4240
    # A known state issuer outranks a Party-style spelling.
    ("12-CT/UBND", "12/CT-UBND"),
]


@pytest.mark.parametrize(("raw", "expected"), CANONICAL, ids=[r for r, _ in CANONICAL])
def test_canonical_symbol(raw: str, expected: str) -> None:
    assert canonical_symbol(raw) == expected


NOT_SYMBOLS = [
    "25/6/2022",  # a date (domain.md §1)
    "30/9/2021",
    "ngày 30/9/2021",
    "1/2000",  # đồ án tỷ lệ 1/2000, binhphuoc_sct:5032
    "1/3",
    "24/7",
    "2021-2025",  # a period, binhphuoc_sct:352
    "2021–2025",
    "9-10%",
    "COVID-19",
    "QCVN 40:2011/BTNMT",  # a standard, binhphuoc_sct:4883: skipped on purpose
    "40:2011/BTNMT",
    "2011/BTNMT",  # N/ISSUER with no unit is too weak to call
    "01/BC",  # a code without an issuer
    "327/KH-",  # cut by a line break (binhphuoc_sct:134): the normaliser joins it
    "365-KL/T",  # cut issuer without its second half
    "17-TU",  # binhphuoc_sct:6296 shorthand for 17-CTr/TU: no type code, not a symbol
    "5/KL/TU",  # N/X/Y is a ratio or a date shape
    "kWh/m2/ngày",
    "m3/ngày",
    "0271.3879.123",
    "sct@bentre.gov.vn",
    "http://www.tcpdf.org",
    "oo/KH-UBND",  # no digit-like glyph at all
    "lo/XYZ-AB",  # OCR digits are believed only before known codes
    "",
    "Kế hoạch",
]


@pytest.mark.parametrize("raw", NOT_SYMBOLS)
def test_not_a_symbol(raw: str) -> None:
    assert parse_symbol(raw) is None
    assert canonical_symbol(raw) is None


NOTHING_TO_FIND = [
    "ngày 25/6/2022 của Tỉnh ủy",
    "Đồ án phân khu tỷ lệ 1/2000 KCN Chơn Thành II",  # binhphuoc_sct:5032
    "giai đoạn 2021-2025, định hướng đến năm 2030",
    "tăng trưởng 9-10%/năm",
    "phòng chống dịch COVID-19 trên địa bàn",
    "cột A, QCVN 40:2011/BTNMT trước khi xả",  # binhphuoc_sct:4883
    "hỗ trợ 24/7",
    "ĐT: 0271.3879.123, Email: sct@bentre.gov.vn",
    "Powered by TCPDF (http://www.tcpdf.org/2022/KH-UBND)",
    "3,0 triệu USD/ha đến 3,5 triệu USD/ha",  # binhphuoc_sct:4836
    "kWh/m2/ngày",
    "1 - Năm 2022 dã",  # binhphuoc_sct:319
    "06 tháng đầu năm 2023: Kim ngạch",  # binhphuoc_sct:484
    "Hội chợ VIFA ASEAN 2023 - Hội chợ Quốc tế",  # binhphuoc_sct:2230
    "Chương trình hành động 17-TU của Tỉnh ủy",  # binhphuoc_sct:6296
    "Kế hoạch số 339/KH-\nUBND ngày 18/11/2022",  # binhphuoc_sct:66: not across lines
    "Số:        /BC-SCT Bình Phước",  # binhphuoc_sct:224: blank number
]


@pytest.mark.parametrize("text", NOTHING_TO_FIND)
def test_find_nothing(text: str) -> None:
    assert find_symbols(text) == []


# --- what a symbol means -------------------------------------------------------------

MEANING = [
    # (symbol, family, doc_type, national)
    ("327/KH-UBND", "state", DocType.PLAN, False),
    ("1297/SKHĐT-QLQH", "state", DocType.OFFICIAL_LETTER, False),
    ("3555/UBND-TH", "state", DocType.OFFICIAL_LETTER, False),
    ("130/CV-SCT", "state", DocType.OFFICIAL_LETTER, False),  # binhphuoc_sct:4599
    ("1786/VPCP-CN", "state", DocType.OFFICIAL_LETTER, True),  # binhphuoc_sct:4551
    ("2162/TTg-KTN", "state", DocType.OFFICIAL_LETTER, True),  # binhphuoc_sct:4498
    ("1489/QĐ-TTg", "state", DocType.DECISION, True),
    ("13/CT-TTg", "state", DocType.DIRECTIVE, True),  # bentre:19
    ("78/TB-UBND", "state", DocType.NOTICE, False),
    ("82/TTr-UBND", "state", DocType.SUBMISSION, False),
    ("1860/BCTĐ-SXD", "state", DocType.REPORT, False),
    ("12/HD-SCT", "state", DocType.GUIDANCE, False),
    ("12/HĐ-SCT", "state", DocType.OTHER, False),  # Hợp đồng, not Hướng dẫn
    ("12/ĐA-UBND", "state", DocType.SCHEME, False),
    ("12/PA-UBND", "state", DocType.SCHEME, False),
    ("12/DAn-UBND", "state", DocType.SCHEME, False),
    ("12/QyĐ-UBND", "state", DocType.REGULATION, False),
    ("12/GM-UBND", "state", DocType.OTHER, False),
    ("690/KL-BKHĐT", "state", DocType.CONCLUSION, True),
    ("07/2019/NQ-HĐND", "normative", DocType.RESOLUTION, False),
    ("80/2021/NĐ-CP", "normative", DocType.DECREE, True),
    ("28/2018/TT-BNNPTNT", "normative", DocType.CIRCULAR, True),
    ("45/2019/QH14", "normative", DocType.LAW, True),
    ("29-NQ/TW", "party", DocType.RESOLUTION, True),
    ("17-CTr/TU", "party", DocType.PROGRAMME, False),
    ("361-KL/TU", "party", DocType.CONCLUSION, False),
    ("1297-CV/TU", "party", DocType.OFFICIAL_LETTER, False),
    ("05-QC/BTCTU-BDVTU", "party", DocType.REGULATION, False),
    ("05-QĐi/TW", "party", DocType.REGULATION, True),
    ("05-TT/TU", "party", DocType.OTHER, False),  # Party TT is Thông tri, not Thông tư
    ("36-HD/VPTW", "party", DocType.GUIDANCE, True),  # domain.md §1
]


@pytest.mark.parametrize(("raw", "family", "doc_type", "national"), MEANING, ids=[m[0] for m in MEANING])
def test_meaning(raw: str, family: str, doc_type: DocType, national: bool) -> None:
    symbol = parse_symbol(raw)
    assert symbol is not None
    assert (symbol.family, symbol.doc_type, symbol.national) == (family, doc_type, national)


def test_fields() -> None:
    assert parse_symbol("07/2019/NQ-HDND") == Symbol("07", 2019, "NQ", "HĐND", "normative")
    assert parse_symbol("361/KL-TU") == Symbol("361", None, "KL", "TU", "party")
    assert parse_symbol("1297/SKHĐT-QLQH") == Symbol("1297", None, None, "SKHĐT-QLQH", "state")
    assert parse_symbol("45/2019/QH14") == Symbol("45", 2019, None, "QH14", "normative")
    assert str(parse_symbol("17-Ctr/TU")) == "17-CTr/TU"


def test_code_sets_do_not_collide() -> None:
    # A type code that is also an issuer would make "N/X-Y" ambiguous (type or công văn).
    assert not TYPE_CODES & (STATE_ISSUERS | PARTY_ISSUERS)
    assert not STATE_ISSUERS & PARTY_ISSUERS
    assert NATIONAL_ISSUERS <= STATE_ISSUERS | PARTY_ISSUERS


# --- find_symbols on real corpus lines -------------------------------------------------

CORPUS_LINES = [
    # (file, line, [(column, raw, canonical, confidence)])
    (SCT, 12, [(16, "17-Ctr/TU", "17-CTr/TU", 1.0)]),
    (SCT, 17, [(22, "3555/UBND-TH", "3555/UBND-TH", 1.0)]),
    (SCT, 232, [(22, "1297-CV/TU", "1297-CV/TU", 1.0)]),
    # Footnote digits stay out of the span.
    (SCT, 344, [(18, "360-KL/TU", "360-KL/TU", 1.0), (40, "361-KL/TU", "361-KL/TU", 0.9)]),
    (SCT, 748, [(5, "360-KL/TU", "360-KL/TU", 1.0), (27, "361-KL/TU", "361-KL/TU", 0.9)]),
    (SCT, 667, [(45, "1573/SKHĐT-QLQH", "1573/SKHĐT-QLQH", 1.0)]),
    (SCT, 1121, [(19, "431/TTXT-XTTM", "431/TTXT-XTTM", 1.0)]),
    (SCT, 1929, [(56, "218/TTr-SNN-KH", "218/TTr-SNN-KH", 1.0)]),
    (SCT, 2315, [(48, "12/2021/NQHĐND", "12/2021/NQ-HĐND", 0.9)]),
    (SCT, 2576, [(0, "21-CT/TW", "21-CT/TW", 1.0)]),
    (SCT, 4407, [(0, "361/KL-TU", "361-KL/TU", 1.0), (25, "327/KH-UBND", "327/KH-UBND", 1.0)]),
    (SCT, 4531, [(0, "482/QĐ- UBND", "482/QĐ-UBND", 1.0)]),
    (SCT, 4581, [(45, "64/KH-HĐND-KTNS", "64/KH-HĐND-KTNS", 1.0)]),
    (SCT, 5038, [(3, "1860/BCTĐ-SXD", "1860/BCTĐ-SXD", 1.0), (56, "1865/BCTĐ-SXD", "1865/BCTĐ-SXD", 1.0)]),
    (SCT, 5164, [(0, "245/KH- UBND", "245/KH-UBND", 1.0)]),
    (SCT, 5586, [(60, "1707/QĐUBND", "1707/QĐ-UBND", 0.9)]),
    (SCT, 4883, []),  # QCVN 40:2011/BTNMT
    (SCT, 5032, []),  # tỷ lệ 1/2000
    (SCT, 6296, []),  # "Chương trình hành động 17-TU"
    (OCR, 3, [(4, "7099/KH-UBND", "7099/KH-UBND", 1.0)]),
    (OCR, 6, [(24, "111/NQ-CP", "111/NQ-CP", 1.0)]),
    (OCR, 20, [(21, "790/QD-TTg", "790/QĐ-TTg", 1.0)]),
    (OCR, 162, [(0, "29—NQ{TW", "29-NQ/TW", 0.8), (41, "llql/NQ—CP", "111/NQ-CP", 0.6)]),
    (OCR, 163, [(9, "111:CTr/TU", "111-CTr/TU", 0.8)]),
    (BENTRE, 19, [(1667, "93/NQ-CP", "93/NQ-CP", 1.0), (1853, "13/CT-TTg", "13/CT-TTg", 1.0)]),
    (KH317, 1, [(84, "317/KH-UBND", "317/KH-UBND", 1.0)]),
]


@needs_corpus
@pytest.mark.parametrize(("name", "line", "expected"), CORPUS_LINES, ids=[f"{r[0][:12]}:{r[1]}" for r in CORPUS_LINES])
def test_find_on_corpus_line(name: str, line: int, expected: list[tuple[int, str, str, float]]) -> None:
    text = corpus_line(name, line)
    found = [(m.start, m.raw, m.symbol.canonical, m.confidence) for m in find_symbols(text)]
    assert found == expected
    for match in find_symbols(text):
        assert text[match.start:match.end] == match.raw


@needs_corpus
@pytest.mark.parametrize("line", [72, 97, 117, 137, 190, 216])
def test_issuer_cut_by_table_cell(line: int) -> None:
    # binhphuoc_sct: "365-KL/T" / "U" on the next line (domain.md §1, "cut by a table cell").
    text = corpus_text(SCT)
    cut = [m for m in find_symbols(text) if "\n" in m.raw]
    at_line = [m for m in cut if text.count("\n", 0, m.start) + 1 == line]
    assert len(at_line) == 1
    match = at_line[0]
    assert match.raw.endswith("KL/T\nU") and match.symbol.issuer == "TU"
    assert match.symbol.family == "party" and match.confidence == 0.9


# Every match over the whole corpus was reviewed by eye: no false positives. The misses
# are symbols cut across lines in the raw files (20, e.g. binhphuoc_sct:66 "339/KH-\nUBND"),
# which the normaliser joins first, and the shorthand "17-TU" (binhphuoc_sct:6296).
CORPUS_COUNTS = {BENTRE: 6, OCR: 22, KH317: 1, SCT: 273}


@needs_corpus
@pytest.mark.parametrize(("name", "count"), CORPUS_COUNTS.items())
def test_corpus_counts(name: str, count: int) -> None:
    found = find_symbols(corpus_text(name))
    assert len(found) == count
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))  # text order, no overlap
    for match in found:
        assert canonical_symbol(match.symbol.canonical) == match.symbol.canonical


@needs_corpus
def test_speed() -> None:
    # The brief asks for at least 10 MB/s on corpus text; best of three to ride out noise.
    text = "".join(corpus_text(n) for n in CORPUS_COUNTS) * 8
    size = len(text.encode("utf-8")) / 1e6
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        find_symbols(text)
        best = min(best, time.perf_counter() - start)
    assert size / best >= 10


def test_stops_at_the_symbol() -> None:
    # A spaced dash after a complete symbol starts ordinary text, not another unit.
    text = "Kế hoạch 327/KH-UBND - UBND tỉnh giao"
    [match] = find_symbols(text)
    assert match.raw == "327/KH-UBND"


def test_text_order_and_offsets() -> None:
    text = "Căn cứ 29-NQ/TW, 111/NQ-CP và 07/2019/NQ-HDND; ngày 22/7/2024."
    found = find_symbols(text)
    assert [m.symbol.canonical for m in found] == ["29-NQ/TW", "111/NQ-CP", "07/2019/NQ-HĐND"]
    assert [text[m.start:m.end] for m in found] == ["29-NQ/TW", "111/NQ-CP", "07/2019/NQ-HDND"]


# --- blank numbers -------------------------------------------------------------------

BLANKS = [
    ("Số:           /SCT-VP Bình Phước, ngày       tháng 11 năm 2022", "/SCT-VP"),  # binhphuoc_sct:8
    ("Số:        /BC-SCT Bình Phước, ngày     tháng 5 năm 2023", "/BC-SCT"),  # binhphuoc_sct:224
    ("      Số:               /BC-SCT ", "/BC-SCT"),  # binhphuoc_sct:1503
    ("Số: ......../KH-UBND", "/KH-UBND"),  # dotted blank
    ("S6:      /BC-SCT", "/BC-SCT"),  # OCR "S6"
    ("Số:      -BC/TU", "-BC/TU"),  # a Party report
    ("Số:      /KL-TU", "-KL/TU"),  # Party code spelled state-style
    ("S6: 7099/KH-UBND Binh Duwong", None),  # binhduong OCR:3: numbered
    ("Số liệu năm 2023", None),
    ("Kính gửi: Ủy ban nhân dân tỉnh", None),
]


@pytest.mark.parametrize(("line", "expected"), BLANKS)
def test_find_blank_symbol(line: str, expected: str | None) -> None:
    assert find_blank_symbol(line) == expected


def test_docstring_examples_run() -> None:
    result = doctest.testmod(symbols)
    assert result.attempted > 0 and result.failed == 0


# --- properties ------------------------------------------------------------------------

_PARTY_TYPES = ["NQ", "CT", "KL", "QĐ", "QĐi", "QC", "BC", "TTr", "TB", "HD", "CTr", "TT", "BB", "CV", "KH"]
_UNITS = ["TH", "CN", "TM", "QLQH", "KGVX", "KT", "VP", "XTTM"]


def _fold_d(code: str) -> str:
    return code.replace("Đ", "D")


def _unambiguous_folds(codes: frozenset[str]) -> frozenset[str]:
    """Codes whose ``D``-for-``Đ`` spelling names no other code (not HĐ/HD, ĐA/DA)."""
    keys = [_fold_d(c).casefold() for c in codes]
    return frozenset(c for c in codes if "Đ" in c and keys.count(_fold_d(c).casefold()) == 1)


_FOLDABLE = _unambiguous_folds(TYPE_CODES) | _unambiguous_folds(STATE_ISSUERS | PARTY_ISSUERS)
_unknown_codes = st.from_regex(r"X[A-Z]{1,4}", fullmatch=True)
_numbers = st.from_regex(r"[0-9]{1,4}", fullmatch=True)
_units = st.lists(st.sampled_from(_UNITS) | _unknown_codes, max_size=2)


@st.composite
def _issuers(draw: st.DrawFn, heads: list[str], min_units: int = 0) -> str:
    head = draw(st.sampled_from(heads) | _unknown_codes)
    units = draw(_units.filter(lambda u: len(u) >= min_units))
    return "-".join([head, *units])


@st.composite
def symbols_(draw: st.DrawFn) -> Symbol:
    """Canonical Symbols of every family and shape."""
    number = draw(_numbers)
    shape = draw(st.sampled_from(["state", "công văn", "normative", "law", "party"]))
    state_heads = sorted(STATE_ISSUERS - {"QH", "UBTVQH", "BCĐ"})
    if shape == "state":
        return Symbol(number, None, draw(st.sampled_from(sorted(TYPE_CODES))), draw(_issuers(state_heads)), "state")
    if shape == "công văn":
        return Symbol(number, None, None, draw(_issuers(state_heads, min_units=1)), "state")
    year = draw(st.integers(1990, 2030))
    if shape == "normative":
        return Symbol(number, year, draw(st.sampled_from(sorted(TYPE_CODES))), draw(_issuers(state_heads)), "normative")
    if shape == "law":
        return Symbol(number, year, None, f"QH{draw(st.integers(10, 15))}", "normative")
    return Symbol(number, None, draw(st.sampled_from(_PARTY_TYPES)), draw(_issuers(sorted(PARTY_ISSUERS))), "party")


@given(symbols_())
def test_canonical_is_a_fixed_point(symbol: Symbol) -> None:
    assert parse_symbol(symbol.canonical) == symbol
    assert canonical_symbol(symbol.canonical) == symbol.canonical


def _respell(code: str, lower: bool, fold_d: bool) -> str:
    """A code as it may be printed: lower case, and/or D for Đ where unambiguous."""
    if fold_d and code in _FOLDABLE:
        code = _fold_d(code)
    return code.lower() if lower else code


@st.composite
def variants(draw: st.DrawFn) -> tuple[Symbol, str]:
    """A canonical Symbol and one of its printed spellings."""
    symbol = draw(symbols_())
    gap = st.sampled_from(["", " ", "  "])
    dash = st.sampled_from(["-", "\u2013", "\u2014"])

    def sep(char: str) -> str:
        return draw(gap) + char + draw(gap)

    type_code = symbol.type_code and _respell(symbol.type_code, draw(st.booleans()), draw(st.booleans()))
    head, *units = symbol.issuer.split("-")
    known = head in STATE_ISSUERS | PARTY_ISSUERS and not head.startswith("QH")
    head = _respell(head, known and draw(st.booleans()), draw(st.booleans()))
    if symbol.family == "party":
        text = f"{symbol.number}{sep(draw(dash))}{type_code}{sep('/')}{'-'.join([head, *units])}"
    elif type_code is None and symbol.family == "state":
        # công văn: the head-unit dash is the symbol's second separator and may be spaced.
        text = f"{symbol.number}{sep('/')}{head}{sep(draw(dash))}{'-'.join(units)}"
    else:
        issuer = "-".join([head, *units])
        code = f"{type_code}{sep(draw(dash))}{issuer}" if type_code else issuer
        year = f"{sep('/')}{symbol.year}" if symbol.year else ""
        text = f"{symbol.number}{year}{sep('/')}{code}"
    return symbol, text


@given(variants())
def test_variants_canonicalise_to_the_same_symbol(case: tuple[Symbol, str]) -> None:
    symbol, text = case
    assert parse_symbol(text) == symbol
    sentence = f"Thực hiện {text} ngày 25/6/2022."
    [match] = find_symbols(sentence)
    assert match.symbol == symbol
    assert match.raw == text and match.start == len("Thực hiện ")
