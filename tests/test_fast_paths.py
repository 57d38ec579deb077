"""The fast paths of the ingest stages give what the plain computation they replace gives.

Each test builds the simple reference (a loop over the lines, the pattern as first written) and
compares it with the fast path on the real corpus text (clean, raw, and in the shapes the
perturbed copies take: upper case, no diacritics, CRLF-free joined lines) and on edge cases.
"""

from __future__ import annotations

import re
from bisect import bisect_left

import pytest

from policygraph.ingest import places, relations, split, tables, tasks
from policygraph.ingest.agency_registry import AgencyRegistry
from policygraph.ingest.agencies import find_agency_mentions
from policygraph.ingest.normalise import normalise_text
from policygraph.ingest.textfold import fold
from tests.conftest import BAO_CAO, BEN_TRE, NEWS_317, OCR_PLAN, corpus_file

NAMES = [BAO_CAO, BEN_TRE, NEWS_317, OCR_PLAN]


def _texts() -> list[str]:
    """Corpus texts, clean and raw, plus upper-case and diacritic-free copies of the clean ones."""
    found = []
    for name in NAMES:
        raw = corpus_file(name).read_text(encoding="utf-8")
        clean = normalise_text(raw).text
        found += [clean, raw, clean.upper(), fold(clean), clean.replace("\n\n", "\n")]
    return found


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _texts()


# --- textfold properties the fast paths rely on -------------------------------------------


def test_fold_keeps_spaces_newlines_and_colons() -> None:
    """``fold`` maps one character to one, a space to a space and nothing else to one, and
    likewise for "\\n" and ":" (tasks, split and header test those before folding)."""
    chars = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF)
    folded = fold(chars)
    assert len(folded) == len(chars)
    for char, low in zip(chars, folded):
        if low.isspace() != char.isspace() or (low == "\n") != (char == "\n") or (low == ":") != (char == ":"):
            pytest.fail(f"fold({char!r}) == {low!r}")
    assert fold(chars[:5000]) + fold(chars[5000:]) == folded  # one character at a time, whatever the cut


# --- places ---------------------------------------------------------------------------------


def _flat_provinces(text: str) -> list[str]:
    """The province scan as first written: a look-behind and a flat alternation, longest first."""
    _, table = places._pattern()
    alternation = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    pattern = re.compile(rf"(?<![a-z])(?:{alternation})(?![a-z])")
    return [table[m.group(0)] for m in pattern.finditer(fold(text).replace(" - ", " "))]


@pytest.mark.parametrize("text", [
    "", "hue", "xhue hue, Huế-Thừa Thiên - Huế", "tp. ho chi minh tp ho chi minh thanh pho ho chi minhx",
    "Bà Rịa - Vũng Tàu; ba ria vung tau; quang namdinh; quang nam dinh", "2ha noi_ha noi3ha noi",
])
def test_province_trie_equals_flat_alternation(text: str) -> None:
    assert places.find_provinces(text) == _flat_provinces(text)
    assert places.province_of(text) == (_flat_provinces(text) or [None])[0]


def test_province_trie_on_corpus(texts: list[str]) -> None:
    for text in texts:
        assert places.find_provinces(text) == _flat_provinces(text)


# --- relations ------------------------------------------------------------------------------


def _sentences_reference(text: str) -> list[int]:
    return [m.end() for m in relations._SENTENCE_END.finditer(text)]


@pytest.mark.parametrize("text", [
    "", ".", "\n", "a.\n\nII. Nội dung", "a.\n\n  II. Nội dung", "a:\n \n Căn cứ", ".\n\n- x", ";\n\nKẾ HOẠCH\nx",
    "Căn cứ\nThực hiện\n\nCăn cứ", "x.\n\n\nY", "1. A. B: C\n- d\n+ e\n• f\nV/v g\nABCD\n", "”\n\nA\"\n\nB!\n\nC?\n\nD",
])
def test_sentence_ends_equal_the_pattern(text: str) -> None:
    assert relations._sentence_ends(text) == _sentences_reference(text)


def test_sentence_ends_on_corpus(texts: list[str]) -> None:
    for text in texts:
        assert relations._sentence_ends(text) == _sentences_reference(text)


def test_sentences_with_picks_the_sentences_holding_offsets(texts: list[str]) -> None:
    text = texts[0]
    spans = relations._sentences(text)
    offsets = sorted({0, 5, len(text) // 3, len(text) // 2, len(text) - 1, *range(0, len(text), 997)})
    expected = [(a, b) for a, b in spans if any(a <= o < b for o in offsets)]
    assert relations._sentences_with(text, offsets) == expected


def _first_cue_pattern() -> re.Pattern[str]:
    """The cue pattern as first written: "\\b(?P<c0>…)|\\b(?P<c1>…)|…"."""
    ws = relations._WS
    return re.compile("|".join(
        f"\\b(?P<c{i}>{p.replace(' ', ws).replace('(?<!da' + ws, '(?<!da' + chr(92) + 's').replace('(?<!quy' + ws, '(?<!quy' + chr(92) + 's')})"
        for i, (p, _) in enumerate(relations._CUES)))


def test_cue_pattern_finds_what_the_first_one_found(texts: list[str]) -> None:
    first = _first_cue_pattern()
    for text in texts[::5] + ["quy dinh chinh sach; da ban hanh de an; can cu, cian cir; thwc hién;"]:
        folded = fold(text)
        assert ([(m.span(), m.lastgroup) for m in relations._CUE_RE.finditer(folded)]
                == [(m.span(), m.lastgroup) for m in first.finditer(folded)])


def test_every_cue_opens_with_a_cue_letter() -> None:
    """``_CUE_RE`` checks the first letter before trying the cues: each cue must open with one."""
    probe = "de nghi bao cao ket qua danh gia trien khai tinh hinh thuc hien doi voi sua doi bo sung bai bo " \
            "dieu chinh thay the huy bo het hieu luc dinh chinh quy dinh chi tiet huong dan thi hanh trinh x " \
            "phe duyet lay y kien gop y nhan duoc ban hanh kem theo can cu tren co so bam sat cu the hoa"
    first = _first_cue_pattern()
    assert {m.group()[0] for m in first.finditer(probe)} <= set(relations._CUE_LETTERS)
    for pattern, _ in relations._CUES:
        for alternative in re.split(r"\|(?![^(]*\))", pattern):
            head = re.sub(r"^\(\?<!\w+ \)|^\(\?:", "", alternative)
            assert head[0] in relations._CUE_LETTERS, alternative


# --- split, tables --------------------------------------------------------------------------


def test_motto_lines_equal_a_loop_over_the_lines(texts: list[str]) -> None:
    for text in texts:
        lines = text.split("\n")
        folded = fold(text)
        expected = [n for n, (line, low) in enumerate(zip(lines, folded.split("\n")), start=1)
                    if split._is_motto(line, low)]
        assert split._motto_lines(lines, folded) == expected


def test_next_header_equals_the_pattern_at_every_line() -> None:
    def reference(folded: str, start: int) -> re.Match[str] | None:
        for match in tables._HEADER.finditer(folded, start):
            if sum(word in match.group("rest") for word in tables._COLUMN_WORDS) >= 2:
                return match
        return None

    text = fold(corpus_file(BAO_CAO).read_text(encoding="utf-8"))
    samples = [text, "stt ten noi dung\ntt x\n  tt ghi chu ket qua", "x stt ten noi dung\nstt ten tien do", "tt"]
    for folded in samples:
        for start in sorted({0, 1, 2, 5, len(folded) // 2, *range(0, len(folded), 4099)}):
            got, want = tables._next_header(folded, start), reference(folded, start)
            assert (got and got.span()) == (want and want.span())


# --- tasks ----------------------------------------------------------------------------------


def _segment(lines: list[str]) -> tasks._Segment:
    mentions = find_agency_mentions(lines, 1, "f.txt", None)
    return tasks._segment(lines, 1, "f.txt", None, mentions)


@pytest.fixture(scope="module")
def segments(texts: list[str]) -> list[tasks._Segment]:
    return [_segment(text.split("\n")) for text in texts[::5]]


def test_segment_offsets_and_folds(segments: list[tasks._Segment]) -> None:
    for segment in segments:
        starts, pos = [], 0
        for line in segment.lines:
            starts.append(pos)
            pos += len(line) + 1
        assert list(segment.starts) == starts and segment.lines_apart
        assert list(segment.folded_lines()) == [fold(line) for line in segment.lines]


def test_marker_lines_equal_a_loop_over_the_lines(segments: list[tasks._Segment]) -> None:
    for segment in segments:
        expected = [i for i, line in enumerate(segment.lines) if tasks._MARKER_OPENING.match(line.lstrip())]
        assert tasks._marker_lines(segment) == expected


def test_one_marker_pattern_reads_what_the_six_read() -> None:
    def reference(stripped: str) -> tuple[str, str, int] | None:
        for kind, pattern in tasks._MARKERS:
            m = pattern.match(stripped)
            if m:
                return kind, m["m"], m.end()
        return None

    for line in ["III. NHIEM VU", "A. MỤC TIÊU", "A. Mục", "2.1. Xây", "2.1 Xây", "12. a", "1.2.3.4. x", "a) x",
                 "đ) x", "¢) x", "(1) x", "(12). x", "2025. Trong", "IV.x", "b)", "(3)", "1.", "V/v"]:
        assert tasks._read_marker(line) == reference(line), line


@pytest.mark.parametrize("opening, words", [
    (tasks._STOP_SECTION, tasks._STOP_WORDS), (tasks._FUTURE_PARAGRAPH, tasks._FUTURE_WORDS)])
def test_lines_opening_equal_a_loop_over_the_lines(segments: list[tasks._Segment], opening: re.Pattern[str],
                                                   words: re.Pattern[str]) -> None:
    extra = _segment(["Nơi nhận:", "- x", "  -- noi nhan", "a noi nhan", "(trong thoi gian toi)", "trong thoi gian toix"])
    for segment in [*segments, extra]:
        expected = [i for i, folded in enumerate(segment.folded_lines()) if opening.match(folded)]
        assert list(tasks._lines_opening(segment, words, opening)) == expected


def test_table_header_equals_a_loop_over_the_lines(segments: list[tasks._Segment]) -> None:
    extra = _segment(["x", "Stt Tên đề án Đơn vị chủ trì", "STT Đơn vị chủ trì"])
    for segment in [*segments, extra]:
        expected = next((i for i, folded in enumerate(segment.folded_lines()) if tasks._TABLE_HEADER.search(folded)),
                        None)
        assert tasks._table_header(segment) == expected


def test_mentions_between_and_inside_a_mention(segments: list[tasks._Segment]) -> None:
    for segment in segments:
        bounds = sorted({0, len(segment.text), *(m.start for m in segment.mentions[::7]),
                         *(m.end for m in segment.mentions[::11]), *range(0, len(segment.text), 1237)})
        for start, end in zip(bounds, bounds[3:]):
            assert tasks._mentions_between(segment, start, end) == [
                m for m in segment.mentions if start <= m.start < end]
        for offset in bounds:
            inside = any(m.start < offset < m.end for m in segment.mentions)
            before = bisect_left(segment.span_starts, offset)
            assert inside == bool(before and segment.span_reach[before - 1] > offset)


def test_tasks_with_the_callers_fold_equal_tasks_without() -> None:
    lines = corpus_file(OCR_PLAN).read_text(encoding="utf-8").split("\n")
    plain = tasks.extract_tasks(lines, 1, OCR_PLAN, "kh", "Bình Dương", AgencyRegistry())
    given = tasks.extract_tasks(lines, 1, OCR_PLAN, "kh", "Bình Dương", AgencyRegistry(),
                                folded=fold("\n".join(lines)))
    assert given == plain and plain


# --- pipeline -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "a", "a\n", "\n\n", "ab\ncd\n\nef"])
def test_line_starts_equal_the_newlines(text: str) -> None:
    from policygraph.ingest.lines import line_starts as _line_starts

    assert _line_starts(text.split("\n")) == [0, *(m.end() for m in re.finditer("\n", text))]


def test_label_cue_and_first_bullet_equal_their_patterns(texts: list[str]) -> None:
    label = tasks._LABEL_CUE
    bullet = re.compile(r"(?:^|\n)[ \t]*[-+•]\s*(.+?)(?:\n\s*\n|\n\s*[-+•]|$)", re.S)
    samples = ["don vi chu tri: x co quan chi tri", "co quan  chu  tri don vi chu tri", "- a\n- b", "\n- a", "x\n+ b\n\nc",
               " • a", "-", "a-b\n -c"]
    for text in [*samples, *(fold(t[:20000]) for t in texts[::5])]:
        for start, end in [(0, len(text)), (3, len(text) // 2)]:
            got, want = tasks._label_cue(text, start, end), label.search(text, start, end)
            assert (got and got.span()) == (want and want.span())
        got, want = tasks._FIRST_BULLET.match(text) or tasks._NEXT_BULLET.search(text), bullet.search(text)
        assert (got and (got.span(1), got.group(1))) == (want and (want.span(1), want.group(1)))


def test_sentence_ends_stop_past_an_offset(texts: list[str]) -> None:
    text = texts[0]
    full = relations._sentence_ends(text)
    for past in [0, 1, len(text) // 2, full[-1] if full else 0, len(text)]:
        cut = next((i for i, end in enumerate(full) if end > past), len(full) - 1)
        assert relations._sentence_ends(text, past=past) == full[: cut + 1]


def test_line_starts_doctest() -> None:
    import doctest

    from policygraph.ingest import lines

    failures, attempted = doctest.testmod(lines)
    assert attempted and not failures
