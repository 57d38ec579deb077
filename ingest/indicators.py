"""Extract indicators: targets a document sets and values a report states, with period and evidence.

One public function, :func:`extract_indicators`. A segment is read sentence by sentence (line breaks
inside a sentence ignored, so "35.420 tỷ\\n\\nđồng" is one quantity); every quantity with a unit
(:func:`policygraph.ingest.numbers.find_quantities`) becomes a :class:`Target` or an
:class:`Observation` of the indicator named by the words before it:

- ``"Giá trị sản xuất hạt điều …: năm 2023 đạt 35.420 tỷ đồng"`` → observation of "Giá trị sản xuất
  hạt điều …", period "2023" (binhphuoc_sct_bao-cao_2022-2024.txt:1572);
- ``"phấn đấu đến năm 2030 … đạt 30% GRDP"``, ``"chỉ tiêu từ 15% trở lên"`` → target, year 2030;
- in a plan every quantity is a target; in a report only those announced by "phấn đấu", "mục tiêu",
  "chỉ tiêu", "kế hoạch", "định hướng", "dự kiến".

"…, năm 2023 đạt 3.750 tỷ đồng" with no name of its own takes the previous quantity's name; "chiếm
9,57% so với giá trị sản xuất công nghiệp toàn tỉnh" becomes the share "tỷ trọng <name> trong …";
"tỷ trọng A - B - C tương ứng là x% - y% - z%" gives one indicator per part. Changes ("tăng 2,74% so
với cùng kỳ") are not indicators of their own.

Tab-separated table rows are read too: the first cell names the indicator, year-like header cells give
the period.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from policygraph.graph.model import Evidence, Indicator, Observation, Target
from policygraph.ingest.gazetteer import slugify
from policygraph.ingest.lines import line_starts
from policygraph.ingest.numbers import UNIT_AFTER_DIGIT, Quantity, find_quantities, parse_vn_number
from policygraph.ingest.textfold import fold

__all__ = ["extract_indicators"]

logger = logging.getLogger(__name__)

_TARGET_CUE = re.compile(r"phan dau|muc tieu|chi tieu|ke hoach|dinh huong|du kien|toi thieu|it nhat")
# A change, not a value, when these words come right before the number ("tăng 2,74% so với …"):
# the regex (?:tang|giam)(?: binh quan)?\s*$ as a suffix test.
_CHANGE_WORDS = ("tang", "giam", "tang binh quan", "giam binh quan")
_SO_VOI = re.compile(r"\s*so voi")
# Words that announce a value rather than name it: stripped from the end of a name.
_TRAILING_WORDS = (
    r"(?:nam \d{4}|(?:den|toi) (?:nam|n.m) \d{4}|giai doan \d{4}\s*-\s*\d{4}|\d{1,2} thang dau nam \d{4}"
    r"|thang \d{1,2}/\d{4}|hien nay|den nay|hien co|uoc(?: thuc hien)?|du kien|dat(?: duoc)?|la|1a|chiem|khoang|tuong ung"
    r"|tong(?: cong)?|voi|co|duoc|trong do|bao gom|gom|tro len|tu|tren|duoi|it nhat|toi thieu|toi da|muc"
    r"|phan dau|chi tieu|muc tieu|theo|binh quan|tang|tiang|ting|giam|len|xuong|thu hut|ho tro|hinh thanh|cho|tai|va|:|,|-|\+)"
)
# (?:\s|^)WORDS\s*$ as two patterns: the one opening with white space lets the regex engine skip
# from one white-space character to the next instead of trying every character.
_TRAILING_AFTER_SPACE = re.compile(r"\s" + _TRAILING_WORDS + r"\s*$")
_TRAILING_AT_START = re.compile(_TRAILING_WORDS + r"\s*$")
# The last word of each _TRAILING_WORDS alternative that does not end with a year: a match must end
# the text (but for white space) with one of these as a word of its own, or with a digit.
_TRAILING_LAST_WORDS = frozenset(
    "nay co uoc hien kien dat duoc la 1a chiem khoang ung tong cong voi do gom len tu tren duoi nhat thieu da"
    " muc dau tieu theo quan tang tiang ting giam xuong hut tro thanh cho tai va : , - +".split()
)
_LEADING = re.compile(r"^(?:[-+•:;,.)\s]|(?:va|voi|trong do|tuy nhien|dong thoi|ngoai ra|rieng)\b)+")
_PERIOD_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(\d\d?) thang dau nam (\d{4})"), "{0} tháng đầu năm {1}"),  # \d\d?: a digit opens it
    (re.compile(r"giai doan (\d{4})\s*-\s*(\d{4})"), "{0}-{1}"),
    (re.compile(r"(?:den|toi) (?:nam|n.m) (\d{4})"), "{0}"),
    (re.compile(r"thang (\d{1,2})/(\d{4})"), "{0}/{1}"),
    (re.compile(r"nam (\d{4})"), "{0}"),
    (re.compile(r"(hien nay|den nay|hien co)"), "hiện nay"),
)
_YEAR_CONTEXT = re.compile(r"(?:den|toi) (?:nam|n.m) ((?:19|20)\d\d)")


class _Sentence:
    """A sentence with collapsed whitespace, and where it lies in the segment.

    The map back to segment offsets (``offsets``) is built on first use: only sentences that
    hold a quantity need it.
    """

    __slots__ = ("text", "_raw_text", "_raw_start", "_offsets")

    def __init__(self, text: str, raw_text: str, raw_start: int) -> None:
        self.text = text
        self._raw_text, self._raw_start = raw_text, raw_start
        self._offsets: _OffsetMap | None = None

    @property
    def offsets(self) -> _OffsetMap:
        """Segment offset of each character of ``text``."""
        if self._offsets is None:
            self._offsets = _OffsetMap(self._raw_text, self._raw_start, self.text)
        return self._offsets


@dataclass(frozen=True, slots=True)
class _Reading:
    """One quantity read in context."""

    name: str
    quantity: Quantity
    is_target: bool
    period: str | None
    year: int | None
    line: int
    sentence: str


def extract_indicators(
    lines: Sequence[str],
    first_line: int,
    file: str,
    doc_key: str,
    is_report: bool,
    jurisdiction: str | None = None,
    folded: str | None = None,
) -> list[Indicator]:
    """Extract the indicators of one document segment.

    Args:
        lines: the cleaned lines of the segment.
        first_line: the raw 1-based line number of ``lines[0]``.
        file: the file name, for evidence.
        doc_key: the key of the document; it is the indicators' scope and the observations' source.
        is_report: True for a report (values are observations unless announced as targets).
        jurisdiction: the document's province (unused for now; kept for a stable signature).
        folded: ``fold("\\n".join(lines))`` when the caller has it (it need not be folded again).

    Returns:
        Indicators in order of first appearance, each with its targets and observations.

    Example:
        >>> [i.name for i in extract_indicators(["Kim ngạch xuất khẩu năm 2023 đạt 394,33 triệu USD."],
        ...                                      1, "f.txt", "bc-1", True)]
        ['Kim ngạch xuất khẩu']
    """
    text = "\n".join(lines)
    segment = _Segment(text, lines, first_line, is_report, folded)
    readings: list[_Reading] = []
    for sentence in _quantity_sentences(text, segment.folded):
        readings += _read_sentence(segment, sentence)
    readings += _table_readings(lines, first_line, is_report)
    return _to_indicators(readings, file, doc_key)


class _Segment:
    """The segment being read: its text folded once, where its lines start, and (built on first
    use) the "đến năm 2030" headings that give targets their year."""

    __slots__ = ("text", "folded", "starts", "first_line", "is_report", "_year_context")

    def __init__(self, text: str, lines: Sequence[str], first_line: int, is_report: bool,
                 folded: str | None = None) -> None:
        self.text, self.first_line, self.is_report = text, first_line, is_report
        # One character for one: fold(text)[a:b] == fold(text[a:b]), so a caller's slice will do.
        self.folded = fold(text) if folded is None else folded
        self.starts = line_starts(lines)
        self._year_context: tuple[list[int], list[int], list[int]] | None = None

    def line_of(self, offset: int) -> int:
        """Raw line number of a segment offset."""
        return _line_of(self.starts, offset, self.first_line)

    def context_year(self, offset: int) -> int | None:
        """The target year from the heading above ("2. Các chỉ tiêu cụ thể đến năm 2030"), if
        close: the last "đến năm YYYY" within the 1500 characters before ``offset``.

        Reads the matches of the whole segment, found once: the pattern cannot match inside one
        of its own matches, so the matches inside a window are those of the whole text that lie in
        it (what searching the window itself finds)."""
        if self._year_context is None:
            found = list(_YEAR_CONTEXT.finditer(self.folded))
            self._year_context = ([m.start() for m in found], [m.end() for m in found], [int(m[1]) for m in found])
        starts, ends, years = self._year_context
        last = bisect.bisect_right(ends, offset) - 1
        return years[last] if last >= 0 and starts[last] >= max(0, offset - 1500) else None


def _line_of(starts: Sequence[int], offset: int, first_line: int) -> int:
    """Raw line number of a segment offset."""
    return first_line + max(0, bisect.bisect_right(starts, offset) - 1)


def _sentences(text: str) -> list[_Sentence]:
    """Split into sentences (". " before a capital or a bullet; a line break before a bullet or a
    numbered item), collapsing whitespace."""
    sentences: list[_Sentence] = []
    start = 0
    for end in [*_sentence_ends(text), len(text)]:
        raw = text[start:end]
        words = raw.split()  # the same white space as _WORD_RUN's
        if words:
            sentences.append(_Sentence(" ".join(words), raw, start))
        start = end
    return sentences


def _quantity_sentences(text: str, folded: str) -> list[_Sentence]:
    """The sentences of ``_sentences(text)`` that may hold a quantity with a unit, in order.

    ``folded`` is ``fold(text)``. One search of the whole text finds where a unit follows a digit
    (numbers.UNIT_AFTER_DIGIT, which allows for the white space collapsing does away with); only
    the sentences holding such a place are built. The others have no quantity with a unit, so
    reading them gives nothing.
    """
    hints = [m.start() for m in UNIT_AFTER_DIGIT.finditer(folded)]
    if not hints:
        return []
    ends = _sentence_ends(text)
    sentences: list[_Sentence] = []
    last = -1
    for hint in hints:
        k = bisect.bisect_right(ends, hint)  # the sentence ending at ends[k] holds the hint
        if k != last:
            last = k
            start = ends[k - 1] if k else 0
            raw = text[start : ends[k] if k < len(ends) else len(text)]
            sentences.append(_Sentence(" ".join(raw.split()), raw, start))
    return sentences


def _sentence_ends(text: str) -> list[int]:
    """Where sentences end, in order: after a word's final "." / "!" / "?" (``_ends_sentence``),
    and at the first line break after a word when the next line opens an item (``_breaks_here``).

    Each kind is found by one regex over the text. ``_SENTENCE_STOP`` is ``_ends_sentence`` itself
    (white space then an opening within the 7 characters it looks at), but for the capital,
    tested on its match. ``_ITEM_BREAK`` finds every line break before an item opening, however far
    on; ``_breaks_here`` then keeps those whose opening lies in its window, and the line before
    must not be blank: its break is then the first after the line's last word.
    """
    ends = {m.end() for m in _SENTENCE_STOP.finditer(text) if m[1] in "-+•" or m[1].isupper()}
    for m in _ITEM_BREAK.finditer(text):
        i = m.start()
        if i and _ends_a_line_with_words(text, i) and _breaks_here(text, i):
            ends.add(i)
    return sorted(ends)


class _OffsetMap:
    """Segment offset of each character of a collapsed sentence.

    ``text`` is the raw sentence stripped, with each white-space run made one space (``_sentences``).
    Only the runs that are not already one space shift the characters after them, so the map
    keeps just those: where each falls in ``text``, and how far the raw text is ahead after it.
    A character on a run's space maps to the run's first character.
    """

    __slots__ = ("_at", "_ahead", "_start")

    def __init__(self, raw: str, raw_start: int, text: str) -> None:
        stripped = raw.strip()
        lead = raw.find(stripped[:1]) if stripped else 0
        self._start = raw_start + lead
        self._at: list[int] = []
        self._ahead: list[int] = []
        if stripped == text:
            return  # one space between words already: no run shifts anything
        ahead = 0
        for m in _IRREGULAR_SPACE.finditer(raw, lead, lead + len(stripped)):
            self._at.append(m.start() - lead - ahead)
            ahead += m.end() - m.start() - 1
            self._ahead.append(ahead)

    def __getitem__(self, i: int) -> int:
        k = bisect.bisect_left(self._at, i)  # the runs before character i
        return self._start + i + (self._ahead[k - 1] if k else 0)


# A white-space run that collapsing changes: longer than one character, or not a space
# (\s{2,}|[^\S ] written to open with \s, so that the regex engine skips to white space).
_IRREGULAR_SPACE = re.compile(r"\s(?:\s+|(?<=[^\S ]))")


_WORD_RUN = re.compile(r"\S+")


def _ends_a_line_with_words(text: str, i: int) -> bool:
    """True when the line break at ``i`` (> 0) ends a line that is not blank."""
    return not text[i - 1].isspace() or bool(text[text.rfind("\n", 0, i) + 1 : i].strip())


def _ends_sentence(text: str, i: int) -> bool:
    """A "." ends a sentence before whitespace and a capital letter or a bullet, not inside 35.420."""
    after = text[i + 1 : i + 8]
    if text[i] == ";":
        return False  # clauses stay together: "năm 2022 đạt …; năm 2023 đạt …" share a name
    return bool(_SPACE_THEN_OPENING.match(after)) and (after.lstrip()[:1].isupper() or after.lstrip()[:1] in "-+•")


def _breaks_here(text: str, i: int) -> bool:
    """A line break ends a sentence when the next line opens a bullet or numbered item."""
    return bool(_ITEM_OPENING.match(text[i + 1 : i + 12]))


_SPACE_THEN_OPENING = re.compile(r"\s+(?:[-+•]|[^\W\d_])")
_ITEM_OPENING = re.compile(r"\s*(?:[-+•]\s|\d{1,2}(?:\.\d{1,2})*\.\s|[a-zđ]\)\s|[IVX]+\.\s)")
# _ends_sentence as one regex: the mark, white space, and the opening (group 1) within 7 characters.
_SENTENCE_STOP = re.compile(r"[.!?](?=\s{1,6}([-+•]|[^\W\d_]))")
# A line break before an item opening at any distance: the ones _breaks_here may keep.
_ITEM_BREAK = re.compile(r"\n(?=" + _ITEM_OPENING.pattern + ")")


def _read_sentence(segment: _Segment, sentence: _Sentence) -> list[_Reading]:
    """Read every quantity of one sentence into a named, dated reading."""
    readings: list[_Reading] = []
    text = sentence.text
    folded = fold(text)
    quantities = find_quantities(text, folded, with_unit=True)
    if not quantities:
        return readings
    names = _respectively(text, folded, quantities)
    periods = _Periods(folded)
    is_report = segment.is_report
    previous_end = 0
    for n, q in enumerate(quantities):
        if folded[previous_end : q.start].rstrip().endswith(_CHANGE_WORDS) and _SO_VOI.match(folded, q.end):
            previous_end = q.end
            continue  # "tăng 2,74% so với cùng kỳ" is a change, not a value
        name = names.get(n) or _name(text, folded, previous_end, q, readings)
        if not name:
            logger.debug("no name for %r in %r", q.raw, text[:80])
            previous_end = q.end
            continue
        is_target = not is_report or _announces_target(folded, previous_end, q.start)
        period = periods.within(previous_end, q.start) or periods.last_before(q.start)
        offset = sentence.offsets[q.start]
        year = _year(period) or (segment.context_year(offset) if is_target else None)
        readings.append(_Reading(name, q, is_target, period, year, segment.line_of(offset), text[:300]))
        previous_end = q.end
    return readings


def _announces_target(folded: str, start: int, end: int) -> bool:
    """True when the clause right before a number sets a goal ("phấn đấu", "chỉ tiêu", "dự kiến
    đến năm 2025"): at most 120 characters back, not beyond the last ":" or ";"."""
    start = max(start, end - 120, folded.rfind(":", start, end) + 1, folded.rfind(";", start, end) + 1)
    return bool(_TARGET_CUE.search(folded, start, end))


# Nouns that open the name of a measured thing ("Giá trị sản xuất …", "tỷ lệ …", "Kim ngạch …").
_MEASURE_NOUNS = (
    r"gia tri|kim ngach|t[yi] trong|t[yi] (?:le|1\S)|dien tich|san luong|toc do|nang suat|suat dau tu"
    r"|tong (?:von|muc|so|kinh phi|cong suat)|von dau tu|doanh thu|grdp|thu nhap|cong suat|quy mo|chi so|so luong"
    r"|dong gop|thu hut dau tu|kinh phi|luu thong|luu chuyen|tong san pham"
).split("|")
# (?<![a-z])(?:nouns)(?![a-z]), with the look-behind moved after each noun's first letter (the same
# test on the same character) so that the pattern opens with a letter: the regex engine then skips
# to the next possible first letter instead of trying every character.
_MEASURE = re.compile(
    "(?:" + "|".join(f"{noun[0]}(?<![a-z]{noun[0]}){noun[1:]}" for noun in _MEASURE_NOUNS) + ")(?![a-z])"
)
_MONEY = {"tỷ đồng", "triệu đồng", "nghìn đồng", "đồng", "tỷ USD", "triệu USD", "USD"}


def _name(text: str, folded: str, start: int, q: Quantity, earlier: Sequence[_Reading]) -> str:
    """The measured thing, read from the words before the number.

    In order: a share "chiếm X% so với Y" of the last money value; the clause before the number
    if it names something (widened over commas while it is only one or two words: "tỷ lệ lao động
    qua đào tạo có bằng cấp, chứng chỉ"); the last name with the same unit when the clause only
    announces a period ("…, năm 2023 đạt 3.750 tỷ đồng", bentre_sct_kinh-te-tuan-hoan_2024.txt:15);
    "Số <unit> <words after>" ("07 CCN được thành lập").
    """
    end = _trim_end(folded, start, q.start)
    if folded[start : q.start].rstrip().endswith("chiem"):  # chiem\s*$
        base = next((r.name for r in reversed(earlier) if r.quantity.unit in _MONEY), None)
        tail = _SHARE_OF.match(folded, q.end)
        if base and tail:
            return f"tỷ trọng {base} trong {text[tail.start(1) : tail.end(1)].strip()}"
    if earlier and _OPENING_BRACKET.match(folded, start, q.start):
        return earlier[-1].name  # "30% trở lên (tăng từ 4.000 ha trở lên)": the same thing in ha
    bounds = [start] + [m.end() for m in _CLAUSE_BREAK.finditer(folded, start, end)]
    if start > 0 and earlier:
        bounds = bounds[1:]  # the words right after a value complete it ("chiếm 28,09% kim ngạch …")
    for clause_start in reversed(bounds[-3:]):
        name = _measured(text, folded, clause_start, end)
        if name and (_MEASURE.search(fold(name)) or len(name.split()) >= 4):
            return name
    same = next((r.name for r in reversed(earlier) if r.quantity.unit == q.unit), None)
    if same:
        return same
    return _measured(text, folded, _last_clause_start(folded, start, end), end) or _count_name(text, folded, q)


# Where a name may start: after ":", ";", ",", or "và" before a period ("… và 6 tháng đầu năm 2024").
_CLAUSE_BREAK = re.compile(r"[:;,]|\s(?:va)\s(?=\d{1,2} thang|nam \d{4}|uoc|du kien)")
# What a share is of: "chiếm 9,57% so với giá trị sản xuất công nghiệp toàn tỉnh".
_SHARE_OF = re.compile(r"\s*(?:so voi|trong|tren)?\s*([^,;()]{3,80}?)(?=\s+va\s|[,;()]|$)")
_OPENING_BRACKET = re.compile(r"\s*\(")
_LETTERS = re.compile(r"[^\W\d_]{2,}")
_ONLY_ANNOUNCES = re.compile(r"\W*(?:so voi|den thoi diem|tai thoi diem)\b")


def _measured(text: str, folded: str, start: int, end: int) -> str:
    """The name in [start, end): the words, cut to a measure noun when they run long; empty when
    they only announce ("Đến thời điểm hiện tại") or compare ("so với …")."""
    start = _last_clause_start(folded, start, end, 24)
    piece = folded[start:end].strip()
    if not _LETTERS.search(piece) or _ONLY_ANNOUNCES.match(piece):
        return ""
    if len(piece.split()) > 8:
        m = next(_MEASURE.finditer(folded, start, end), None)
        start = m.start() if m is not None else _last_clause_start(folded, start, end)
    return _clean(text, folded, start, end)


def _count_name(text: str, folded: str, q: Quantity) -> str:
    """"07 CCN được thành lập" → "Số CCN được thành lập": the unit and the words after it."""
    if q.unit in _MONEY or q.unit in {"%", "%/năm", "ha", "tấn", "MW", "MWp", "kWp", "kV", "kWh"}:
        return ""
    after = re.match(r"[^,;:.()]{0,60}", text[q.end :])
    words = (after.group() if after else "").split()[:6]
    unit_text = re.sub(r"^[\d.,/\s]+", "", q.raw.split(" ", 1)[-1]) if " " in q.raw else q.unit or ""
    return " ".join(["Số", unit_text, *words]).strip()


def _trim_end(folded: str, start: int, end: int) -> int:
    """Move ``end`` left past announcing words ("năm 2023 đạt", "ước", ":").

    ``folded`` is a collapsed sentence (single spaces), so a match of ``(?:\\s|^)_TRAILING_WORDS\\s*$`` is at most
    ``_TRAILING_SPAN`` characters long and it is searched for there only: it must end at ``end``."""
    while end > start:
        window = max(start, end - _TRAILING_SPAN)
        last = folded[window:end].rsplit(None, 1)
        if not last or not (last[-1][-1].isdigit() or last[-1] in _TRAILING_LAST_WORDS):
            break  # the usual case: no announcing word at the end, no need to search
        m = _TRAILING_AFTER_SPACE.search(folded, window, end)
        if window == 0 and (m is None or m.start() > 0):
            m = _TRAILING_AT_START.match(folded, 0, end) or m  # (?:\s|^): "^" at the text's start
        if m is None or m.end() != end:
            break
        end = m.start()
    return end


# The longest trailing match with single spaces: a space, "giai doan 2021 - 2030" or "12 thang dau
# nam 2024" (21 characters), a space; with room to spare.
_TRAILING_SPAN = 40


def _last_clause_start(folded: str, start: int, end: int, limit: int = 14) -> int:
    """Where the name can start: after the last ";", and no more than ``limit`` words before ``end``."""
    semi = folded.rfind(";", start, end)
    start = semi + 1 if semi >= 0 else start
    if len(folded[start:end].split()) <= limit:  # the usual case, without a match per word
        return start
    words = list(_WORD_RUN.finditer(folded, start, end))
    return words[-limit].start()


def _clean(text: str, folded: str, start: int, end: int) -> str:
    """The printed words of [start, end), without leading connectors, whitespace collapsed."""
    lead = _LEADING.match(folded, start, end)
    start = lead.end() if lead else start
    # ``text`` is a collapsed sentence: its white space is single spaces already.
    return text[start:end].strip(" ,:;-+(")


_RESPECTIVELY = re.compile(
    r"t[yi] (?:trong|le)\s+((?:[^-;]+?\s-\s){1,6}[^-;]+?)\s+(?:\S+\s+){0,4}tu\S*ng\s+\S+\s+(?:la|1a)\s"
)


def _respectively(text: str, folded: str, quantities: Sequence[Quantity]) -> dict[int, str]:
    """Names for "tỷ trọng A - B - C tương ứng là x% - y% - z%" (binhduong_kh-7099-ubnd_2024_ocr.txt:102):
    one indicator per part. Returns {quantity index: name}."""
    names: dict[int, str] = {}
    for m in _RESPECTIVELY.finditer(folded):
        parts = [p.strip() for p in m.group(1).split(" - ")]
        following = [i for i, q in enumerate(quantities) if q.start >= m.end()][: len(parts)]
        if len(following) != len(parts):
            continue
        offset = m.start(1)
        for i, part in zip(following, parts):
            at = folded.index(part, offset)
            offset = at + len(part)
            part_end = _trim_end(folded, at, at + len(part))
            names[i] = f"{text[m.start() : m.start(1)].strip()} {text[at:part_end].strip()}".strip()
    return names


def _period(folded: str, start: int, end: int) -> str | None:
    """The last period expression in ``folded[start:end]`` ("6 tháng đầu năm 2024", "2023",
    "2021-2030"): the one ending last, then the longest."""
    if not _ANY_PERIOD.search(folded, start, end):
        return None  # the usual case, without a search per pattern
    best: tuple[int, int, str] | None = None  # (end, -start, period): the last, then the longest
    for pattern, template in _PERIOD_PATTERNS:
        for m in pattern.finditer(folded, start, end):
            candidate = (m.end(), -m.start(), template.format(*m.groups()))
            if best is None or candidate[:2] > best[:2]:
                best = candidate
    return best[2] if best else None


# A part of every period expression: where none is, _period has nothing to find.
_ANY_PERIOD = re.compile(r"n.m \d{4}|giai doan|thang \d|hien nay|den nay|hien co")


class _Periods:
    """``_period`` for the quantities of one sentence, from one search per pattern.

    A period pattern matches at a place in one way only (its matches there all end at the same
    place), and never inside one of its own matches. So the matches in ``folded[start:end]`` are
    the matches in all of ``folded`` that lie in it, unless one of those runs across ``start``
    (then the text is searched again, as ``_period`` does).
    """

    __slots__ = ("_folded", "_matches")

    def __init__(self, folded: str) -> None:
        self._folded = folded
        self._matches: list[tuple[int, int, str]] | None = None  # (end, -start, period)

    def _all(self) -> list[tuple[int, int, str]]:
        if self._matches is None:
            self._matches = []
            if _ANY_PERIOD.search(self._folded):
                self._matches = [(m.end(), -m.start(), template.format(*m.groups()))
                                 for pattern, template in _PERIOD_PATTERNS for m in pattern.finditer(self._folded)]
        return self._matches

    def within(self, start: int, end: int) -> str | None:
        """``_period(folded, start, end)``: the last period expression in [start, end)."""
        matches = self._all()
        if any(-minus_start < start < match_end for match_end, minus_start, _ in matches):
            return _period(self._folded, start, end)
        return self._best(m for m in matches if m[0] <= end and -m[1] >= start)

    def last_before(self, end: int) -> str | None:
        """``_period(folded, 0, end)``: the last period expression ending by ``end``."""
        return self._best(m for m in self._all() if m[0] <= end)

    @staticmethod
    def _best(candidates: Iterable[tuple[int, int, str]]) -> str | None:
        """The one ending last, then the longest; the first of equals (as ``_period`` keeps it)."""
        best: tuple[int, int, str] | None = None
        for candidate in candidates:
            if best is None or candidate[:2] > best[:2]:
                best = candidate
        return best[2] if best else None


def _year(period: str | None) -> int | None:
    """The last year in a period."""
    years = _YEARS.findall(period or "")
    return int(years[-1]) if years else None


_YEARS = re.compile(r"(?:19|20)\d\d")


# --- tables ---------------------------------------------------------------------------------


def _table_readings(lines: Sequence[str], first_line: int, is_report: bool) -> list[_Reading]:
    """Tab-separated rows: the first cell names the indicator, the header row gives periods."""
    readings: list[_Reading] = []
    header: list[str] | None = None
    for index, line in enumerate(lines):
        if "\t" not in line:  # one cell: not a row
            header = None
            continue
        cells = [c.strip() for c in line.split("\t")]
        values = [parse_vn_number(c) for c in cells[1:]]
        if header is None or all(v is None for v in values):
            header = cells
            continue
        name, unit = _row_name(cells[0])
        for column, value in enumerate(values, start=1):
            if value is None or not name:
                continue
            period = header[column] if column < len(header) else None
            year = _year(period)
            raw = cells[column]
            q = Quantity(0, len(raw), value, None, unit, "=", raw)
            readings.append(_Reading(name, q, not is_report, period, year, first_line + index, line.strip()[:300]))
    return readings


def _row_name(cell: str) -> tuple[str, str | None]:
    """Split "Giá trị sản xuất (tỷ đồng)" into the name and the unit in brackets."""
    m = re.match(r"(.*?)\s*\(([^()]{1,20})\)\s*$", cell)
    return (m[1].strip(), m[2].strip()) if m else (cell.strip(), None)


# --- assembly -------------------------------------------------------------------------------


def _to_indicators(readings: Sequence[_Reading], file: str, doc_key: str) -> list[Indicator]:
    """Group readings by (scope, folded name) into Indicators with stable keys."""
    indicators: dict[str, Indicator] = {}
    scope = slugify(doc_key)
    slugs: dict[str, str] = {}  # names repeat: slugify each once
    for r in readings:
        slug = slugs.get(r.name)
        if slug is None:
            slug = slugs[r.name] = slugify(r.name)[:80]
        key = f"indicator:{scope}:{slug}"
        indicator = indicators.setdefault(key, Indicator(key, r.name, doc_key))
        evidence = Evidence(file, r.line, r.sentence)
        q = r.quantity
        if r.is_target:
            indicator.targets.append(Target(q.value, q.unit, r.year, q.comparator, q.value_max, q.raw, evidence))
        else:
            indicator.observations.append(Observation(q.value, q.unit, r.period, doc_key, q.raw, evidence))
    return list(indicators.values())
