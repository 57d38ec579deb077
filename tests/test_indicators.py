"""Indicators: targets and reported values (ingest/indicators.py).

Snippets are real corpus lines (file:line in each comment); whole-file tests read ``../shared/corpus``.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from policygraph.graph.model import Indicator
from policygraph.ingest.indicators import extract_indicators

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def corpus_lines(name: str) -> list[str]:
    """A corpus file cleaned as the input contract says: NFC, Ƣ → Ư, dashes as "-"."""
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"shared corpus not found at {path}; check out shared/ beside the repository")
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    text = re.sub("[–—‑]", "-", text.replace("Ƣ", "Ư").replace("ƣ", "ư"))
    return text.split("\n")


def by_value(indicators: list[Indicator], value: float) -> Indicator:
    """The indicator holding a target or observation with this value."""
    for indicator in indicators:
        if any(x.value == value for x in [*indicator.targets, *indicator.observations]):
            return indicator
    raise AssertionError(f"no indicator holds {value}: {[i.name for i in indicators]}")


def test_report_values_across_a_line_break() -> None:
    # binhphuoc_sct_bao-cao_2022-2024.txt:1572-1574: "35.420 tỷ" and "đồng" sit on two lines.
    lines = corpus_lines("binhphuoc_sct_bao-cao_2022-2024.txt")[1571:1574]
    [indicator] = extract_indicators(lines, 1572, "bp.txt", "BC-SCT@1503", True)
    assert indicator.name == "Giá trị sản xuất hạt điều các loại và vỏ hạt điều"
    assert indicator.targets == []
    assert [(o.value, o.unit, o.period, o.evidence.line if o.evidence else None) for o in indicator.observations] == [
        (35420.0, "tỷ đồng", "2023", 1572),
        (43444.0, "tỷ đồng", "2025", 1574),  # "ước năm 2025 đạt": an estimate, still reported
    ]
    assert indicator.observations[0].source == "BC-SCT@1503"
    assert indicator.key == "indicator:bc-sct-1503:gia-tri-san-xuat-hat-dieu-cac-loai-va-vo-hat-dieu"


def test_report_target_announced_by_chi_tieu() -> None:
    # binhphuoc_sct_bao-cao_2022-2024.txt:1582-1584: "Dự kiến đến năm 2025, … chỉ tiêu từ 15% trở lên".
    lines = corpus_lines("binhphuoc_sct_bao-cao_2022-2024.txt")[1577:1584]
    indicators = extract_indicators(lines, 1578, "bp.txt", "BC-SCT@1503", True)
    target = by_value(indicators, 15.0).targets[0]
    assert (target.comparator, target.unit, target.year, target.raw) == (">=", "%", 2025, "từ 15% trở lên")
    observed = by_value(indicators, 5.0).observations[0]  # "chỉ chiếm khoảng 5%" now
    assert observed.period == "hiện nay"


OCR_TARGET_ROWS = [
    # (value, comparator, value_max, unit) — binhduong_kh-7099-ubnd_2024_ocr.txt:98-116, a plan: all targets to 2030
    (9.0, "range", 10.0, "%/năm"),  # "tiang binh quan 9-10%/nim", line 100
    (15800.0, "~", None, "USD"),  # "dat khoang 15.800 USD", line 101
    (30.0, "=", None, "%"),  # "ty trong kinh té s6 dat 30% GRDP", line 103
    (2.0, "<=", None, "%"),  # "dudi 2%", line 106
    (80.0, ">", None, "%"),  # "dat trén 80%", line 108
    (88.0, "range", 90.0, "%"),  # "88-90%", line 110
    (4000.0, ">=", None, "ha"),  # "tang tir 4.000 ha tré 1én", line 115
    (21.0, "=", None, "tỷ USD"),  # "21 ty do la My", line 116
]


@pytest.fixture(scope="module")
def ocr_targets() -> list[Indicator]:
    lines = corpus_lines("binhduong_kh-7099-ubnd_2024_ocr.txt")
    return extract_indicators(lines, 1, "ocr.txt", "7099/KH-UBND", False, "Bình Dương")


@pytest.mark.parametrize(("value", "comparator", "value_max", "unit"), OCR_TARGET_ROWS, ids=[str(r[0]) for r in OCR_TARGET_ROWS])
def test_ocr_plan_targets(ocr_targets: list[Indicator], value: float, comparator: str, value_max: float | None, unit: str) -> None:
    found = [(t.comparator, t.value_max, t.unit, t.year) for i in ocr_targets for t in i.targets if t.value == value]
    assert (comparator, value_max, unit, 2030) in found
    assert all(i.observations == [] and i.scope == "7099/KH-UBND" for i in ocr_targets)


def test_respectively_list_gives_one_indicator_per_part(ocr_targets: list[Indicator]) -> None:
    # binhduong_kh-7099-ubnd_2024_ocr.txt:101-103 "ty trong cong nghiép - dich vu - nong nghiép - thué …
    # tuwong tng 1a 64% - 28% - 2% - 6%"
    names = [by_value(ocr_targets, v).name for v in (64.0, 28.0, 6.0)]
    assert names[0].endswith("cong nghiép") and names[1].endswith("dich vu") and "thué san pham" in names[2]
    assert len(set(names)) == 3


def test_values_without_a_name_take_the_previous_one() -> None:
    # bentre_sct_kinh-te-tuan-hoan_2024.txt:15: one long sentence, a value per year, shares between.
    text = (
        "Kim ngạch xuất khẩu dừa năm 2022 đạt 413,26 triệu USD, chiếm 28,09% kim ngạch xuất khẩu toàn tỉnh, "
        "năm 2023 đạt 394,33 triệu USD, giảm 4,58% so với cùng kỳ, chiếm 28,09% kim ngạch xuất khẩu toàn tỉnh "
        "và 6 tháng đầu năm 2024 ước đạt 193,27 triệu USD, tăng 16,14% so với cùng kỳ."
    )
    indicators = extract_indicators([text], 15, "bentre.txt", "bentre-2024", True)
    export = by_value(indicators, 413.26)
    assert export.name == "Kim ngạch xuất khẩu dừa"
    assert [(o.value, o.period) for o in export.observations] == [
        (413.26, "2022"),
        (394.33, "2023"),
        (193.27, "6 tháng đầu năm 2024"),
    ]
    share = by_value(indicators, 28.09)
    assert share.name == "tỷ trọng Kim ngạch xuất khẩu dừa trong kim ngạch xuất khẩu toàn tỉnh"
    # Changes against last year ("giảm 4,58% so với cùng kỳ") are not indicators of their own.
    assert all(x.value not in {4.58, 16.14} for i in indicators for x in [*i.targets, *i.observations])


def test_counts_are_named_by_their_noun() -> None:
    # bentre_sct_kinh-te-tuan-hoan_2024.txt:15 "Đến thời điểm hiện tại, 07 CCN được thành lập"
    [indicator] = extract_indicators(["Đến thời điểm hiện tại, 07 CCN được thành lập."], 15, "b.txt", "bc", True)
    assert indicator.name == "Số CCN được thành lập"
    assert indicator.observations[0].value == 7.0


def test_tab_separated_table() -> None:
    lines = ["Chỉ tiêu\t2022\t2023", "Giá trị sản xuất (tỷ đồng)\t3.650\t3.750"]
    [indicator] = extract_indicators(lines, 40, "t.txt", "bc", True)
    assert indicator.name == "Giá trị sản xuất"
    assert [(o.value, o.unit, o.period, o.evidence.line if o.evidence else None) for o in indicator.observations] == [
        (3650.0, "tỷ đồng", "2022", 41),
        (3750.0, "tỷ đồng", "2023", 41),
    ]


def test_years_dates_and_symbols_are_not_indicators() -> None:
    # binhphuoc_sct_bao-cao_2022-2024.txt:1522 "Căn cứ Kế hoạch số 326/KH-UBND ngày 31/10/2022 …"
    lines = ["Căn cứ Kế hoạch số 326/KH-UBND ngày 31/10/2022 của UBND tỉnh giai đoạn 2021-2025, định hướng đến năm 2030."]
    assert extract_indicators(lines, 1522, "bp.txt", "bc", True) == []


def test_keys_are_stable_and_unique() -> None:
    lines = corpus_lines("bentre_sct_kinh-te-tuan-hoan_2024.txt")
    first = [i.key for i in extract_indicators(lines, 1, "b.txt", "bentre-2024", True)]
    second = [i.key for i in extract_indicators(lines, 1, "b.txt", "bentre-2024", True)]
    assert first == second and len(first) == len(set(first))


# --- sentence splitting and the digit prefilter (speed work must not change what is read) ---------


def test_fold_makes_no_digit_of_a_non_digit() -> None:
    """extract_indicators skips sentences without a digit; that is safe only if folding (which
    find_quantities does before looking for numbers) never turns another character into one."""
    from policygraph.ingest.textfold import fold

    digit = re.compile(r"\d")
    made = [hex(c) for c in range(0x110000)
            if not 0xD800 <= c < 0xE000 and digit.match(fold(chr(c))) and not digit.match(chr(c))]
    assert made == []


def _sentences_word_by_word(text: str) -> list[tuple[str, list[int]]]:
    """The splitter as first written, word by word: (collapsed text, segment offset of each char)."""
    from policygraph.ingest.indicators import _breaks_here, _ends_sentence

    sentences, words, starts = [], [], []
    previous_end = 0
    for word in re.finditer(r"\S+", text):
        if words and (nl := text.find("\n", previous_end, word.start())) >= 0 and _breaks_here(text, nl):
            sentences.append((words, starts))
            words, starts = [], []
        previous_end = word.end()
        words.append(word.group())
        starts.append(word.start())
        if word.group()[-1] in ".!?" and _ends_sentence(text, word.end() - 1):
            sentences.append((words, starts))
            words, starts = [], []
    if words:
        sentences.append((words, starts))
    out = []
    for ws, ss in sentences:
        offsets = []
        for w, s in zip(ws, ss):
            offsets += [s + k for k in range(len(w))] + [-1]
        out.append((" ".join(ws), offsets[:-1]))
    return out


@pytest.mark.parametrize("name", ["binhphuoc_sct_bao-cao_2022-2024.txt", "binhduong_kh-7099-ubnd_2024_ocr.txt"])
def test_sentences_match_the_word_by_word_splitter(name: str) -> None:
    from policygraph.ingest.indicators import _sentences

    text = "\n".join(corpus_lines(name))
    # Also with the white space shuffled: breaks, runs of spaces, tabs, no-break spaces.
    spaces = [" ", "  ", "\n", " \n ", "\n\n", "\t", "\n      ", "\u00a0", ". "]
    shuffled = "".join(w + spaces[i % len(spaces)] for i, w in enumerate(text.split(" ")))
    for sample in (text, shuffled):
        expected = _sentences_word_by_word(sample)
        got = _sentences(sample)
        assert [s.text for s in got] == [t for t, _ in expected]
        for sentence, (_, offsets) in zip(got, expected):
            assert [sentence.offsets[i] for i in range(len(sentence.text)) if sentence.text[i] != " "] == \
                [o for o in offsets if o >= 0]
