"""Read Vietnamese numbers and quantities: ``35.420 tỷ đồng``, ``15,5%``, ``9-10%``, ``khoảng 56%``.

Vietnamese writes ``.`` for thousands and ``,`` for decimals (domain.md §3). Quantities carry a unit
(%, tỷ đồng, triệu USD, ha, con, doanh nghiệp…) and a comparator read from the words around them
(``khoảng`` → ``~``, ``trên`` → ``>``, ``từ … trở lên`` → ``>=``, ``dưới`` → ``<=``). OCR text without
diacritics is read too (``ty dong``, ``trieu USD``, ``tro 1én``): keywords are matched on folded text.

Years (``năm 2025``, ``2021-2030``), dates (``25/6/2022``) and document numbers (``326/KH-UBND``) are
not quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .textfold import fold

__all__ = ["Quantity", "find_quantities", "parse_vn_number"]


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit and comparator, found in a text.

    ``start``/``end`` are offsets into the text given to :func:`find_quantities`; ``raw`` is
    ``text[start:end]`` (comparator words and unit included). ``comparator`` is one of ``"="``,
    ``"~"``, ``">"``, ``">="``, ``"<="``, ``"range"``.
    """

    start: int
    end: int
    value: float
    value_max: float | None
    unit: str | None
    comparator: str
    raw: str


_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_DIGITS_AND_MARKS = re.compile(r"\d+(?:[.,]\d+)*")


def parse_vn_number(s: str) -> float | None:
    """Parse one number written the Vietnamese way.

    ``.`` groups thousands when every group after the first has three digits; ``,`` is the decimal
    mark. A ``,`` before a ``.`` is read the English way (``1,234.5``), as some tables do.

    Args:
        s: the digits as printed, e.g. ``"35.420"``, ``"15,5"``, ``"1.234,5"``, ``"05"``.

    Returns:
        The value, or None when ``s`` is not a number.

    Example:
        >>> parse_vn_number("35.420"), parse_vn_number("15,5"), parse_vn_number("1.234,5")
        (35420.0, 15.5, 1234.5)
    """
    s = s.strip().replace(" ", "")
    if not s or not _DIGITS_AND_MARKS.fullmatch(s):
        return None
    if "," in s and "." in s:
        if s.index(",") < s.index("."):  # English style: 1,234.5
            return float(s.replace(",", ""))
        return float(s.replace(".", "").replace(",", "."))
    if "." in s:
        if _THOUSANDS.fullmatch(s):
            return float(s.replace(".", ""))
        return float(s) if s.count(".") == 1 else None
    if "," in s:
        head, _, tail = s.rpartition(",")
        if "," in head:  # 1,234,567: English thousands
            return float(s.replace(",", ""))
        return float(f"{head}.{tail}")
    return float(s)


# Units as (folded regex, canonical label); longest first so "triệu USD/ha" wins over "triệu USD".
# OCR spellings seen in binhduong_kh-7099-ubnd_2024_ocr.txt:100-116 ("%/nim", "ty do la My").
_UNITS: list[tuple[str, str]] = [
    (r"%\s*/\s*n[aiă]m", "%/năm"),
    (r"trieu usd\s*/\s*ha", "triệu USD/ha"),
    (r"ty (?:usd|do la my)", "tỷ USD"),
    (r"trieu (?:usd|do la my)", "triệu USD"),
    (r"(?:usd|do la my)", "USD"),
    (r"ty dong", "tỷ đồng"),
    (r"trieu dong", "triệu đồng"),
    (r"nghin dong|ngan dong", "nghìn đồng"),
    (r"dong(?! (?:bo|thoi|gop|nai|xoai|phu|nam|thap|luc))", "đồng"),
    (r"%", "%"),
    (r"tan\s*/\s*ha", "tấn/ha"),
    (r"tan", "tấn"),
    (r"kg", "kg"),
    (r"ha", "ha"),
    (r"km2|km", "km"),
    (r"m2|m²", "m2"),
    (r"mwp", "MWp"),
    (r"kwp", "kWp"),
    (r"mw", "MW"),
    (r"kwh", "kWh"),
    (r"kv", "kV"),
    (r"trieu con", "triệu con"),
    (r"con", "con"),
    (r"doanh nghiep|dn", "doanh nghiệp"),
    (r"hop tac xa|htx", "hợp tác xã"),
    (r"cum cong nghiep|ccn", "cụm công nghiệp"),
    (r"khu cong nghiep|kcn", "khu công nghiệp"),
    (r"cum", "cụm"),
    (r"du an", "dự án"),
    (r"de an", "đề án"),
    (r"co so", "cơ sở"),
    (r"lao dong", "lao động"),
    (r"nguoi", "người"),
    (r"ho(?: dan| gia dinh)?", "hộ"),
    (r"cho", "chợ"),
    (r"sieu thi", "siêu thị"),
    (r"trung tam thuong mai|tttm", "trung tâm thương mại"),
    (r"cua hang", "cửa hàng"),
    (r"san pham", "sản phẩm"),
    (r"lop", "lớp"),
    (r"luot", "lượt"),
    (r"tram", "trạm"),
    (r"giao dich", "giao dịch"),
    (r"nha may", "nhà máy"),
    (r"gian hang", "gian hàng"),
    (r"tai khoan", "tài khoản"),
    (r"the", "thẻ"),
    (r"vu", "vụ"),
    (r"nuoc", "nước"),
    (r"he thong", "hệ thống"),
    (r"thue bao", "thuê bao"),
    (r"doanh nhan", "doanh nhân"),
    (r"mo hinh", "mô hình"),
    (r"phien", "phiên"),
    (r"xa", "xã"),
    (r"huyen", "huyện"),
    (r"don vi", "đơn vị"),
    (r"nha dau tu", "nhà đầu tư"),
    (r"thon", "thôn"),
    (r"hoi (?:cho|nghi|thao)", "sự kiện"),
]
# Each unit ends in an empty group named after it: the unit patterns hold no capturing group of
# their own, so the group a match took is its ``lastgroup``. At the end rather than around the unit
# so that most alternatives open with a letter, which the regex engine tests before entering one.
_UNIT_RE = re.compile(
    r"\s?(?:" + "|".join(f"(?:{pat})(?P<u{i}>)" for i, (pat, _) in enumerate(_UNITS)) + r")(?![a-z0-9])"
)
_UNIT_LABEL = {f"u{i}": label for i, (_, label) in enumerate(_UNITS)}


def _loose_unit(pattern: str) -> str:
    """A unit pattern that also matches where white space is not collapsed: any run of white
    space where it has a space, and without its negative look-ahead ("đồng" but not "đồng bộ")."""
    return _NEGATIVE_LOOKAHEAD.sub("", pattern).replace(" ", r"\s+")


_NEGATIVE_LOOKAHEAD = re.compile(r"\(\?!(?:[^()]|\([^()]*\))*\)")
# Where a quantity with a unit may be: a digit, then a unit (or the "%" of "45%-50%"). Every
# quantity with a unit that find_quantities reads in a sentence holds a match (its number ends with
# a digit, its unit follows), also when the text is searched before its white space is collapsed:
# text without a match has no such quantity.
UNIT_AFTER_DIGIT = re.compile(
    r"\d\s*(?:%|(?:" + "|".join(_loose_unit(pat) for pat, _ in _UNITS) + r")(?![a-z0-9]))"
)

_NUM = r"\d+(?:[.,]\d+)*"
# A number, maybe a range ("9-10%", "45%-50%", "3,0-3,5") or a fraction ("09/19"), not glued to
# letters, symbols or other numbers on its left. The look-behind sits after the first digit
# (``(?<![\w/.,:-]\d)`` there is ``(?<![\w/.,:-])`` before it) so that the pattern opens with a
# digit, which lets the regex engine skip to the next digit instead of trying every character.
_NUMBER_RE = re.compile(
    rf"(?P<a>\d(?<![\w/.,:-]\d)\d*(?:[.,]\d+)*)(?:\s*(?P<au>%)?\s*(?:-|den)\s*(?P<b>{_NUM}))?(?:/(?P<den>{_NUM}))?"
)
_DATE_RE = re.compile(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{1,2}/(?:19|20)\d\d")
_YEAR_BEFORE = re.compile(r"(?:nam|giai doan|ky|den|tu|so sanh|khoa|quy|nien do)\s*$")
# What makes a year-like number a quantity after all: "2000 ha", "2025 doanh nghiệp".
_UNIT_AFTER_YEAR = re.compile(r"\s?(?:%|ha\b|ty\b|trieu\b|usd|con\b|tan\b|doanh|lao|nguoi)")
_REF_BEFORE = re.compile(
    r"\b(?:iso|qcvn|tcvn|iec|ohsas|sa|brc|euro|bts|so|ngay|thang|dieu|khoan|muc|diem|lan thu|phu luc|ty|ti)\s*$"
)

# Comparator words read in the few folded words before the number (domain.md §3; the brief's table),
# first match wins. A word counts when only white space follows it and it opens the text or follows
# white space or "(". Plain suffix tests: a regex search anchored at the end ("\\s*$") would be tried
# at every character of the text before the number.
_BEFORE: list[tuple[tuple[str, ...], str]] = [
    (("khong qua", "khong vuot qua"), "<="),
    (("toi da",), "<="),
    (("duoi", "dudi"), "<="),
    (("toi thieu", "it nhat"), ">="),
    (("tren", "hon"), ">"),
    (("khoang", "gan", "xap xi"), "~"),
]
_ANY_BEFORE = tuple(word for words, _ in _BEFORE for word in words)
# "từ 15% trở lên" (binhphuoc_sct_bao-cao_2022-2024.txt:1584); OCR "tro 1én" (binhduong…_ocr.txt:115).
_TRO_LEN = re.compile(r"\s*tr[oe] [l1]en")
_TU_WORDS = ("tu", "tir")
_LIST_DASH_BEFORE = re.compile(r"%\s+-\s+$")
_LIST_DASH_AFTER = re.compile(r"\s*%?\s+-\s+\d")


def find_quantities(text: str, folded: str | None = None, *, with_unit: bool = False) -> list[Quantity]:
    """Find the quantities in a text: a number with a unit, a comparator, or both.

    Bare numbers (no unit, no comparator word), years, dates and document numbers are skipped.

    Args:
        text: one sentence or line, with or without diacritics.
        folded: ``fold(text)`` when the caller has it already.
        with_unit: keep only the quantities with a unit (what indicators read); the same as
            filtering the full result, without reading comparators for numbers that have none.

    Returns:
        The quantities in text order.

    Example:
        >>> [(q.value, q.unit, q.comparator) for q in find_quantities("đạt khoảng 15.800 USD")]
        [(15800.0, 'USD', '~')]
    """
    folded = fold(text) if folded is None else folded
    found: list[Quantity] = []
    pos = 0
    search = _NUMBER_RE.search
    while (m := search(folded, pos)) is not None:
        q, pos = _read_quantity(text, folded, m, with_unit)
        if q is not None:
            found.append(q)
    return found


def _read_quantity(text: str, folded: str, m: re.Match[str], with_unit: bool = False) -> tuple[Quantity | None, int]:
    """Read one number match; returns (the Quantity or None, where to search next).

    With ``with_unit``, a number without a unit gives None (and the same place to search next)."""
    if with_unit and m["b"] is None and _UNIT_RE.match(folded, m.end()) is None \
            and _TRO_LEN.match(folded, m.end()) is None:
        # Most numbers (dates, symbols, article numbers) have no unit: without "trở lên" after
        # them, the search goes on right after them whatever else they are.
        return None, m.end()
    value = parse_vn_number(m["a"])
    value_max = parse_vn_number(m["b"]) if m["b"] else None
    end = m.end()
    is_list = m["b"] is not None and (
        _LIST_DASH_BEFORE.search(folded, 0, m.start()) is not None or _LIST_DASH_AFTER.match(folded, m.end())
    )
    if m["b"] is not None and (is_list or value_max is None or value is None or value_max <= value):
        # "64% - 28% - 2% - 6%" (binhduong_kh-7099-ubnd_2024_ocr.txt:103) is a list, not a range.
        value_max = None
        end = m.end("au") if m["au"] else m.end("a")
    if value is None or _is_reference(folded, m, end, value, value_max):
        return None, max(end, m.start() + 1)
    unit, unit_end = _read_unit(folded, end, m["au"])
    if unit is None and folded[end : end + 1].isalnum():
        return None, end  # glued to letters that are not a unit: "4G", "3a"
    end = unit_end
    before = folded[max(0, m.start() - 30) : m.start()]
    if with_unit and unit is None:
        tail = _TRO_LEN.match(folded, end)
        return None, (tail.end() if tail and _word_before(before, _TU_WORDS) >= 0 else end)
    comparator, start = _read_comparator(before, m.start())
    tail = _TRO_LEN.match(folded, end)
    if tail and (tu := _word_before(before, _TU_WORDS)) >= 0:
        comparator, end, start = ">=", tail.end(), m.start() - (len(before) - tu)
    if value_max is not None and comparator == "=":
        comparator = "range"
    if unit is None and (comparator == "=" or _is_year(value)):
        return None, end
    return Quantity(start, end, value, value_max, unit, comparator, text[start:end]), end


def _is_date(folded: str, m: re.Match[str]) -> bool:
    """True when "a/den" reads as a date (day/month, month/year) and no unit follows."""
    if not _DATE_RE.fullmatch(folded[m.start() : m.end()]):
        return False
    a, den = int(float(parse_vn_number(m["a"]) or 0)), int(float(parse_vn_number(m["den"]) or 0))
    plausible = (1 <= a <= 31 and 1 <= den <= 12) or (1 <= a <= 12 and 1945 <= den <= 2100)
    return plausible and _UNIT_RE.match(folded, m.end()) is None


def _is_year(value: float) -> bool:
    """True for a plausible calendar year (1945-2100)."""
    return value.is_integer() and 1945 <= value <= 2100


def _is_reference(folded: str, m: re.Match[str], end: int, value: float, value_max: float | None) -> bool:
    """True for a date, a year, a year range, a symbol part or a code (``ISO 9001``, ``số 111``)."""
    start = m.start()
    if m["den"] and (end < m.end() or _is_date(folded, m)):
        return True  # "25/6/2022", "9/2023"
    if folded[end : end + 1] == "/" and not m["den"] and not folded[end + 1 : end + 2].isspace():
        return True  # "326/KH-UBND", "07/2019/NQ-HĐND"
    if _REF_BEFORE.search(folded[max(0, start - 12) : start]):
        return True
    if _is_year(value) and (value_max is None or _is_year(value_max)):
        if value_max is not None:
            return True  # "2021-2030"
        if _YEAR_BEFORE.search(folded[max(0, start - 16) : start]):
            return True
        after = folded[end : end + 8]
        return _UNIT_AFTER_YEAR.match(after) is None
    return False


def _read_unit(folded: str, end: int, percent_in_range: str | None) -> tuple[str | None, int]:
    """Read the unit right after a number; returns (canonical unit, new end)."""
    um = _UNIT_RE.match(folded, end)
    if um is None:
        return ("%" if percent_in_range else None), end
    return _UNIT_LABEL[um.lastgroup], um.end()  # type: ignore[index]


def _read_comparator(before: str, start: int) -> tuple[str, int]:
    """Read a comparator word just before a number; returns (comparator, start of the span)."""
    if before.rstrip().endswith(_ANY_BEFORE):
        for words, comparator in _BEFORE:
            at = _word_before(before, words)
            if at >= 0:
                return comparator, start - (len(before) - at)
    return "=", start


def _word_before(before: str, words: tuple[str, ...]) -> int:
    """Where the leftmost of ``words`` that end ``before`` (but for white space) starts, if it opens
    ``before`` or follows white space or "("; -1 if none does. The regex
    ``(?:^|(?<=[\\s(]))(?:w1|w2)\\s*$`` as a suffix test."""
    stripped = before.rstrip()
    best = -1
    for word in words:
        if stripped.endswith(word):
            at = len(stripped) - len(word)
            if (at == 0 or stripped[at - 1].isspace() or stripped[at - 1] == "(") and (best < 0 or at < best):
                best = at
    return best
