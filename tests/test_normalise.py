"""Tests for ingest.normalise: table rows from the corpus, then properties.

Rows cite their source as ``file:line``; "bao-cao" is
binhphuoc_sct_bao-cao_2022-2024.txt, "ocr" binhduong_kh-7099-ubnd_2024_ocr.txt,
"bentre" bentre_sct_kinh-te-tuan-hoan_2024.txt.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policygraph.ingest.normalise import CLEANERS, DEFAULT_STEPS, CleanText, fold, normalise_text

CORPUS = Path(__file__).parents[2] / "shared" / "corpus"
BAO_CAO = CORPUS / "binhphuoc_sct_bao-cao_2022-2024.txt"
OCR = CORPUS / "binhduong_kh-7099-ubnd_2024_ocr.txt"


# ---------------------------------------------------------------------------
# Table: raw text -> clean text, default steps
# ---------------------------------------------------------------------------

DEFAULT_ROWS = [
    # --- symbols cut across a line break: the break moves, the lines stay ---
    pytest.param(
        "Kế  hoạch  số  339/KH-\nUBND  ngày  18/11/2022",
        "Kế hoạch số 339/KH-UBND\nngày 18/11/2022",
        id="bao-cao:66 339/KH- newline UBND, doubled spaces",
    ),
    pytest.param(
        "Kết luận \n365-KL/T\nU\n", "Kết luận\n365-KL/TU\n\n", id="bao-cao:71 365-KL/T newline U (table cell)"
    ),
    pytest.param(
        "361-KL/T\nU\n Stt Tên đề án Nội dung đề án",
        "361-KL/TU\n\nStt Tên đề án Nội dung đề án",
        id="bao-cao:137 361-KL/T newline U, then the table header",
    ),
    pytest.param(
        "triển khai thực hiện Chương trình hành động số 17-\nCTr/TU theo từng nhiệm vụ được phân công",
        "triển khai thực hiện Chương trình hành động số 17-CTr/TU\ntheo từng nhiệm vụ được phân công",
        id="bao-cao:253 17- newline CTr/TU",
    ),
    pytest.param(
        "07/2019/NQ-HĐND ngày 05/7/2019 của HĐND tỉnh; Nghị quyết 08/2023/NQ-\nHĐND ngày 12/7/2023 của HĐND tỉnh",
        "07/2019/NQ-HĐND ngày 05/7/2019 của HĐND tỉnh; Nghị quyết 08/2023/NQ-HĐND\nngày 12/7/2023 của HĐND tỉnh",
        id="bao-cao:1472 normative 08/2023/NQ- newline HĐND",
    ),
    pytest.param(
        "Kế hoạch của UBND tỉnh; Công văn số 1666/SCT-\n\nCN ngày 21/11/2023 đề nghị",
        "Kế hoạch của UBND tỉnh; Công văn số 1666/SCT-CN\n\nngày 21/11/2023 đề nghị",
        id="bao-cao:1548 công văn 1666/SCT- blank line CN (unit code)",
    ),
    pytest.param(
        "theo Kế hoạch số 326/KH-\n\nUBND ngày 31/10/2022 của UBND tỉnh, ",
        "theo Kế hoạch số 326/KH-UBND\n\nngày 31/10/2022 của UBND tỉnh,",
        id="bao-cao:1659 326/KH- blank line UBND",
    ),
    pytest.param(
        "ban hành Quyết định số 721/QĐ- \n\nUBND ngày 05/5/2023 về phê duyệt",
        "ban hành Quyết định số 721/QĐ-UBND\n\nngày 05/5/2023 về phê duyệt",
        id="bao-cao:2566 721/QĐ- trailing space, blank line, UBND",
    ),
    pytest.param(
        "ban hành Quyết định số 61/QĐ-\n\nTTg phê duyệt quy hoạch chung",
        "ban hành Quyết định số 61/QĐ-TTg\n\nphê duyệt quy hoạch chung",
        id="bao-cao:4518 61/QĐ- blank line TTg (mixed-case issuer)",
    ),
    pytest.param(
        "Kế hoạch số 327/KH-\n UBND ngày 31/10/2022",
        "Kế hoạch số 327/KH-UBND\nngày 31/10/2022",
        id="domain.md: 327/KH- newline, indented UBND",
    ),
    pytest.param(
        "Nghi quyét sb 24-\nNQ/TW, ngay 07/10/2022 cua Bo Chinh tri",
        "Nghi quyét sb 24-NQ/TW\n, ngay 07/10/2022 cua Bo Chinh tri",
        id="ocr:57 OCR text, 24- newline NQ/TW",
    ),
    pytest.param(
        "Chuong trinh s 111-\nCTr/TU ngay 17/3/2023 cta Tinh uy",
        "Chuong trinh s 111-CTr/TU\nngay 17/3/2023 cta Tinh uy",
        id="ocr:65 OCR text, 111- newline CTr/TU",
    ),
    pytest.param(
        "theo Kế hoạch số 339/KH\n-UBND ngày 5", "theo Kế hoạch số 339/KH-UBND\nngày 5", id="cut before the hyphen"
    ),
    pytest.param(
        "Nghị quyết số 07/\n2019/NQ-HĐND ngày 05/7/2019",
        "Nghị quyết số 07/2019/NQ-HĐND\nngày 05/7/2019",
        id="cut after the number of a normative symbol",
    ),
    # --- what must NOT join ---
    pytest.param(
        "tỉnh Bình Phước lần thứ XI, nhiệm kỳ 2020–\n2025 như sau:",
        "tỉnh Bình Phước lần thứ XI, nhiệm kỳ 2020-\n2025 như sau:",
        id="bao-cao:25 year range cut: dash normalised, not joined",
    ),
    pytest.param(
        "Kế  hoạch  số  327/KH-\n\nKết luận \n361-KL/T\nU",
        "Kế hoạch số 327/KH-\n\nKết luận\n361-KL/TU\n",
        id="bao-cao:134 327/KH- whose continuation is 28 lines away: left alone",
    ),
    pytest.param(
        "Chương trình hành động số 17-CTr/TU\nUBND tỉnh đã ban hành",
        "Chương trình hành động số 17-CTr/TU\nUBND tỉnh đã ban hành",
        id="complete symbol followed by a line starting with UBND",
    ),
    pytest.param(
        "thực hiện Kết luận số 360-KL/TU \nTrong đó", "thực hiện Kết luận số 360-KL/TU\nTrong đó", id="bao-cao:1550"
    ),
    pytest.param("ngày 25/\n6/2022", "ngày 25/\n6/2022", id="a date cut after the slash"),
    pytest.param("số 339/KH-\nngày 18/11/2022", "số 339/KH-\nngày 18/11/2022", id="continuation is not a code"),
    pytest.param("số 339/KH-\n\n\n\n\nUBND", "số 339/KH-\n\n\n\n\nUBND", id="more than three blank lines apart"),
    pytest.param(
        "Quyết định số 1707/QĐUBND ",
        "Quyết định số 1707/QĐUBND",
        id="bao-cao:5586 missing hyphen is the extractor's business",
    ),
    # --- footnote calls glued to symbols ---
    pytest.param(
        "theo các Kết luận 360-KL/TU và Kết luận 361-KL/TU2.",
        "theo các Kết luận 360-KL/TU và Kết luận 361-KL/TU 2.",
        id="bao-cao:344 footnote 2 glued to 361-KL/TU",
    ),
    pytest.param(
        "luận 360-KL/TU và Kết luận 361-KL/TU1.",
        "luận 360-KL/TU và Kết luận 361-KL/TU 1.",
        id="bao-cao:748 footnote 1 glued to 361-KL/TU",
    ),
    pytest.param("Kết luận 365-KL/T\nU2. Tiếp", "Kết luận 365-KL/TU 2\n. Tiếp", id="cut symbol with a glued footnote"),
    pytest.param(
        "Luật số 45/2019/QH14 ngày", "Luật số 45/2019/QH14 ngày", id="QH14 is the legislature, not a footnote"
    ),
    pytest.param("Kế hoạch 12/KH-BCĐ389 ngày", "Kế hoạch 12/KH-BCĐ389 ngày", id="BCĐ389 is a committee name"),
    pytest.param("Kết luận 361-KL/TU² ngày", "Kết luận 361-KL/TU ngày", id="superscript footnote call dropped"),
    pytest.param("diện tích 6.834 m² và 12 km²", "diện tích 6.834 m² và 12 km²", id="m² is a unit, not a footnote"),
    # --- PDF glyph damage and Unicode forms ---
    pytest.param("SỞ CÔNG THƢƠNG ", "SỞ CÔNG THƯƠNG", id="bao-cao:1499 U+01A2 for Ư"),
    pytest.param(
        "D. PHƢƠNG HƢỚNG NHIỆM VỤ TRONG THỜI GIAN TỚI ",
        "D. PHƯƠNG HƯỚNG NHIỆM VỤ TRONG THỜI GIAN TỚI",
        id="bao-cao:2821 U+01A2 twice",
    ),
    pytest.param("Sở Công Thƣơng tỉnh", "Sở Công Thương tỉnh", id="bao-cao U+01A3 for ư"),
    pytest.param(
        " CỘNG HÕA XÃ HỘI CHỦ NGHĨA VIỆT NAM ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", id="bao-cao:1505 HÕA for HÒA"
    ),
    pytest.param("Võ Văn Kiệt, NGÕ 5, VÕ NGUYÊN, nêu rõ", "Võ Văn Kiệt, NGÕ 5, VÕ NGUYÊN, nêu rõ", id="real Õ/õ stay"),
    pytest.param(
        "S\u01a1\u0309 Công Thương báo cáo kết quả thực hiện như sau:",
        "Sở Công Thương báo cáo kết quả thực hiện như sau:",
        id="bao-cao:239 NFD ơ + U+0309",
    ),
    pytest.param("h\u01b0\u01a1\u0309ng", "hưởng", id="bao-cao NFD hưởng"),
    pytest.param(
        "dự án kinh tế tuần hoàn giai\xa0đoạn 2022-2024 như sau:",
        "dự án kinh tế tuần hoàn giai đoạn 2022-2024 như sau:",
        id="bentre:14 NBSP",
    ),
    pytest.param(
        "Kế\u00adhoạch\u200b số\ufeff 339", "Kếhoạch số 339", id="soft hyphen, zero-width space, stray BOM dropped"
    ),
    pytest.param(
        "\uf0b7 Sở Công Thương chủ trì", "- Sở Công Thương chủ trì", id="Symbol-font bullet becomes a list dash"
    ),
    pytest.param("Ðề án", "Đề án", id="Icelandic eth used for Đ"),
    pytest.param("a\u200b\u0301", "á", id="deleting a zero-width char recomposes"),
    # --- dashes ---
    pytest.param("Độc lập – Tự do – Hạnh phúc", "Độc lập - Tự do - Hạnh phúc", id="bao-cao:163-style en dash motto"),
    pytest.param(
        "29—NQ{TW ngay 17/11/2022, Nghi quy,ét SO llql/NQ—CP",
        "29-NQ{TW ngay 17/11/2022, Nghi quy,ét SO llql/NQ-CP",
        id="ocr:162 em dashes",
    ),
    pytest.param("29\u2011NQ/TW \u2212 5 \u2012 6", "29-NQ/TW - 5 - 6", id="non-breaking hyphen, minus, figure dash"),
    # --- Word field codes (not in the corpus; text pasted from .docx) ---
    pytest.param(
        'Căn cứ HYPERLINK "https://vbpl.vn/tw/Pages/vbpq-toanvan.aspx?ItemID=149217" Nghị định 80/2021/NĐ-CP',
        "Căn cứ Nghị định 80/2021/NĐ-CP",
        id="HYPERLINK with URL",
    ),
    pytest.param('{ HYPERLINK \\l "_Toc1234" }I. MỤC TIÊU', "I. MỤC TIÊU", id="HYPERLINK to a bookmark, braces"),
    pytest.param("I. MỤC TIÊU\tPAGEREF _Toc1234 \\h 3", "I. MỤC TIÊU\t3", id="PAGEREF in a table of contents"),
    pytest.param("ngày 5 \\* MERGEFORMAT tháng 6", "ngày 5 tháng 6", id="MERGEFORMAT switch"),
    # --- spaces and line ends ---
    pytest.param("Stt\tTên đề án\t\tGhi chú\t", "Stt\tTên đề án\t\tGhi chú\t", id="tabs separate table cells: kept"),
    pytest.param("   Sở  Công   Thương   ", "Sở Công Thương", id="space runs collapsed, edges stripped"),
    pytest.param(
        "dòng 1\r\ndòng 2\rvẫn dòng 2\fdòng 2\r\n", "dòng 1\ndòng 2 vẫn dòng 2 dòng 2\n", id="CRLF, lone CR, form feed"
    ),
]


@pytest.mark.parametrize(("raw", "expected"), DEFAULT_ROWS)
def test_normalise_default_steps(raw: str, expected: str) -> None:
    clean = normalise_text(raw)
    assert clean.text == expected
    assert clean.raw == raw
    assert clean.text.count("\n") == raw.count("\n")


# ---------------------------------------------------------------------------
# Table: single steps
# ---------------------------------------------------------------------------

STEP_ROWS = [
    pytest.param("nfc", "S\u01a1\u0309", "Sở", id="nfc: bao-cao:239"),
    pytest.param("pdf_glyphs", "THƢƠNG  ", "THƯƠNG  ", id="pdf_glyphs leaves spaces alone"),
    pytest.param("dashes", "2021–2025", "2021-2025", id="dashes: bao-cao:146"),
    pytest.param("symbol_breaks", "số 339/KH-\nUBND ngày", "số 339/KH-UBND\n ngày", id="symbol_breaks keeps the rest"),
    pytest.param(
        "symbol_breaks", "số 339/KH–\nUBND ngày", "số 339/KH–\nUBND ngày", id="symbol_breaks needs dashes first"
    ),
    pytest.param("footnote_markers", "361-KL/TU2.", "361-KL/TU 2.", id="footnote_markers: bao-cao:344"),
    pytest.param("spaces", "  a  \t  b  \n  c ", "a \t b\nc", id="spaces"),
    pytest.param("line_ends", "a\r\nb", "a\nb", id="line_ends"),
]


@pytest.mark.parametrize(("step", "raw", "expected"), STEP_ROWS)
def test_single_step(step: str, raw: str, expected: str) -> None:
    assert normalise_text(raw, [step]).text == expected


def test_steps_accept_callables() -> None:
    assert normalise_text("Kế hoạch", ["nfc", str.upper]).text == "KẾ HOẠCH"


def test_unknown_step_lists_valid_names() -> None:
    with pytest.raises(ValueError, match="unknown normalisation step 'nfd'; valid steps: line_ends, nfc,"):
        normalise_text("x", ["nfd"])


def test_step_that_adds_a_line_is_refused() -> None:
    def split_sentences(text: str) -> str:
        return text.replace(". ", ".\n")

    with pytest.raises(ValueError, match="'split_sentences' changed the line count from 1 to 2"):
        normalise_text("Một. Hai.", [split_sentences])


def test_default_steps_are_registered() -> None:
    assert set(DEFAULT_STEPS) == set(CLEANERS)


# ---------------------------------------------------------------------------
# The real corpus files
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bao_cao() -> CleanText:
    return normalise_text(BAO_CAO.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (66, "Kế hoạch số 339/KH-UBND"),
        (67, "ngày 18/11/2022"),
        (72, "365-KL/TU"),
        (73, ""),
        (91, "Kế hoạch số 326/KH-UBND"),
        (97, "360-KL/TU"),
        (111, "Kế hoạch số 325/KH-UBND"),
        (117, "362-KL/TU"),
        (134, "Kế hoạch số 327/KH-"),
        (137, "361-KL/TU"),
        (190, "363-KL/TU"),
        (210, "Kế hoạch số 340/KH-UBND"),
        (216, "366-KL/TU"),
        (344, "theo các Kết luận 360-KL/TU và Kết luận 361-KL/TU 2."),
        (1499, "SỞ CÔNG THƯƠNG"),
        (1505, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (1550, "ngày 21/11/2023 đề nghị báo cáo kết quả thực hiện Kết luận số 360-KL/TU"),
    ],
)
def test_bao_cao_lines(bao_cao: CleanText, line: int, expected: str) -> None:
    assert bao_cao.line_text(line) == expected


def test_every_cut_symbol_in_the_corpus_is_joined() -> None:
    # After normalising, a line may end in an open symbol only at bao-cao:134,
    # whose continuation "UBND ngày 31/10/2022" is 28 lines further (:162).
    open_symbol = re.compile(r"(?:[0-9]+(?:/[0-9]{4})?[-/](?:[A-Za-zĐđ]+[-/])*|[0-9]+-[A-Za-zĐđ]+/[A-ZĐ])$")
    leftovers = []
    for path in sorted(CORPUS.glob("*.txt")):
        clean = normalise_text(path.read_text(encoding="utf-8"))
        for n, line in enumerate(clean.text.split("\n"), start=1):
            match = open_symbol.search(line)
            if match and not re.fullmatch(r"(?:19|20)[0-9]{2}-", match.group()):  # year ranges "2021-"
                leftovers.append((path.name, n, line[-30:]))
    assert leftovers == [("binhphuoc_sct_bao-cao_2022-2024.txt", 134, "Kế hoạch số 327/KH-")]


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name)
def test_corpus_keeps_lines_and_is_stable(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    clean = normalise_text(raw)
    assert clean.line_count == raw.count("\n") + 1
    assert normalise_text(clean.text).text == clean.text
    assert unicodedata.is_normalized("NFC", clean.text)
    assert "Ƣ" not in clean.text and "ƣ" not in clean.text


def test_ocr_text_is_not_repaired() -> None:
    clean = normalise_text(OCR.read_text(encoding="utf-8"))
    assert clean.line_text(3) == "S6: 7099/KH-UBND Binh Duwong, ngay 13 thang 12 nam 2024"


# ---------------------------------------------------------------------------
# CleanText: line lookups point at the raw file
# ---------------------------------------------------------------------------


def test_line_at_points_at_raw_line(bao_cao: CleanText) -> None:
    offset = bao_cao.text.index("Kế hoạch số 340/KH-UBND")
    line = bao_cao.line_at(offset)
    assert line == 210
    assert bao_cao.raw_line_text(line) == "Kế  hoạch  số  340/KH-"
    assert bao_cao.raw.split("\n")[line - 1] == bao_cao.raw_line_text(line)  # same as `sed -n 210p`


def test_line_lookups_at_the_edges() -> None:
    clean = normalise_text("a\r\nb\n")
    assert [clean.line_at(i) for i in range(len(clean.text) + 1)] == [1, 1, 2, 2, 3]
    assert clean.line_text(3) == ""
    assert clean.raw_line_text(1) == "a"
    with pytest.raises(IndexError, match=re.escape("line 4 is out of range; the text has lines 1..3")):
        clean.line_text(4)
    with pytest.raises(IndexError, match="offset 6 is outside the text"):
        clean.line_at(6)


# ---------------------------------------------------------------------------
# fold
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kế  hoạch số 7099/KH-UBND", "ke hoach so 7099/kh-ubnd"),
        ("Sở Công Thương", "so cong thuong"),
        ("ĐỀ ÁN", "de an"),
        ("KE HOACH", "ke hoach"),  # ocr:4
        ("ti€p tuc", "tiep tuc"),  # ocr:12
        ("k¥ nang s6", "ky nang s6"),  # ocr:108; "s6" is not guessed
        ("S\u01a1\u0309", "so"),  # combining marks dropped too
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_fold_keep_length_maps_offsets() -> None:
    text = "Kế hoạch  số 339/KH-UBND của Ủy ban"
    folded = fold(text, keep_length=True)
    assert len(folded) == len(text)
    start = folded.index("uy ban")
    assert text[start : start + 6] == "Ủy ban"


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

# Text made of the pieces the steps react to, so that hypothesis reaches them.
_PIECES = st.sampled_from(
    [
        "\n",
        "\r",
        "\r\n",
        " ",
        "  ",
        "\t",
        "-",
        "/",
        "–",
        "—",
        "\xa0",
        "\u200b",
        "\u00ad",
        "\ufeff",
        "\ufffd",
        "\uf0b7",
        "\u0301",
        "\u0309",
        "\u031b",
        "a",
        "o",
        "ơ",
        "U",
        "T",
        "TU",
        "KH",
        "UBND",
        "CTr",
        "KL",
        "QĐ",
        "HÕA",
        "Ƣ",
        "ƣ",
        "m",
        "²",
        "¹",
        "0",
        "17",
        "339",
        "2021",
        "HĐND",
        "TTg",
        "QH14",
        "2",
        ".",
        ",",
        'HYPERLINK "x" ',
        "\\* MERGEFORMAT",
        "PAGEREF _T \\h ",
        "{",
        "}",
        "Kế hoạch số ",
        "ngày",
    ]
)
VIETNAMESE_LIKE = st.lists(_PIECES, max_size=40).map("".join)
ANY_TEXT = st.text(max_size=200)


@settings(max_examples=300, deadline=None)
@given(st.one_of(VIETNAMESE_LIKE, ANY_TEXT))
def test_line_count_is_preserved(raw: str) -> None:
    clean = normalise_text(raw)
    assert clean.text.count("\n") == raw.count("\n")
    assert clean.line_count == raw.count("\n") + 1


@settings(max_examples=300, deadline=None)
@given(st.one_of(VIETNAMESE_LIKE, ANY_TEXT))
def test_normalising_twice_equals_once(raw: str) -> None:
    once = normalise_text(raw).text
    assert normalise_text(once).text == once


@pytest.mark.parametrize("step", sorted(CLEANERS))
@settings(max_examples=100, deadline=None)
@given(raw=st.one_of(VIETNAMESE_LIKE, ANY_TEXT))
def test_each_step_keeps_lines(step: str, raw: str) -> None:
    assert CLEANERS[step](raw).count("\n") == raw.count("\n")


@settings(max_examples=200, deadline=None)
@given(st.one_of(VIETNAMESE_LIKE, ANY_TEXT))
def test_default_output_is_nfc(raw: str) -> None:
    assert unicodedata.is_normalized("NFC", normalise_text(raw).text)


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_fold_keep_length(text: str) -> None:
    assert len(fold(text, keep_length=True)) == len(text)
