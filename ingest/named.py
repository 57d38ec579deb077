"""Documents known by name, without a number: find them, and tell when two names are one.

A report cites many documents by name only: schemes ("Đề án phát triển công nghiệp hỗ
trợ … giai đoạn 2021-2025"), plans ("Quy hoạch tỉnh Bình Phước thời kỳ 2021-2030"),
strategies, programmes, laws ("Luật Đầu tư 2020"), trade agreements ("EVFTA"), Party
congress resolutions, and unnumbered plans ("Kế hoạch thực hiện Quyết định số
1968/QĐ-TTg"). This module finds those names and clusters their spellings::

    find_named_documents(text)  -> [NamedMention]   names, in text order
    find_back_references(text)  -> [BackRef]        "Kế hoạch này", "Kết luận trên"
    same_named_document(a, b)   -> bool             two names, one document?
    cluster_names(names)        -> [int]            cluster id per name
    cluster_keys(names)         -> [str]            key per name, from its cluster
    named_key(mention)          -> str              "scheme:phat-trien-…-binh-phuoc-2021-2025"

**What counts as a name.** A type word followed by words that single out one document:
a quoted name, a period ("giai đoạn 2021-2025", "thời kỳ 2021-2030", "đến năm 2030"), a
place ("tỉnh Bình Phước", "quốc gia", "Việt Nam"), or a fixed shape (a law's field, a
trade agreement's acronym, "Đại hội … lần thứ XIII", "Kế hoạch thực hiện <numbered
document>"). Generic mentions are not names: a determiner or a count before the type
word ("các Đề án", "04 Đề án"), a draft or a plan still to be written ("dự thảo Kế
hoạch", "xây dựng Kế hoạch"), a numbered citation ("Kế hoạch số 327/KH-UBND", read by
``symbols``), a bare type word ("Đề án,", "Chương trình hành động"), a heading in
capitals, and the host's own promulgation formula ("ban hành Kế hoạch … như sau:").
Each kind's rule is in :func:`_judge`, with the corpus line that forced it.

**Matching.** Everything is matched on a diacritic-folded copy of the text (the
package's :func:`~policygraph.ingest.textfold.fold`; :func:`_fold_text` adds an offset
map for raw text), so OCR text without diacritics ("Quy hoach tinh Binh Duong thoi ky
2021-2030") is read by the same patterns; the original text decides letter case (a
capital type word names a document, "quy hoạch" is usually the verb) and gives the
offsets and the printed name.

**Identity.** A name is read into facets (:func:`_signature`): kind, topic words, place,
period, a law's year, an acronym, a congress number. Two names are one document when no
stated facet conflicts and the topic (or acronym) agrees; a missing facet conflicts with
nothing, except a law's year. :func:`cluster_names` judges names alone: cluster the
names of one file (or one jurisdiction), since "Quy hoạch tỉnh" or "Kế hoạch thực hiện
Nghị quyết số 93/NQ-CP" mean a different document in each province.

Nothing here raises on odd input: a candidate that cannot be delimited is dropped and
logged at DEBUG ("don't guess", style.md).
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ..graph.model import DocType
from .textfold import fold

__all__ = [
    "BackRef",
    "NamedMention",
    "cluster_keys",
    "cluster_names",
    "find_back_references",
    "find_named_documents",
    "named_key",
    "same_named_document",
]

logger = logging.getLogger(__name__)


# --- public values ---------------------------------------------------------------------


@dataclass(frozen=True)
class NamedMention:
    """A document named in the text, without a number.

    ``start``/``end`` span the whole mention in the given text, type word and quotes
    included; ``raw`` is ``text[start:end]``. ``name`` is the cleaned name: one line,
    single spaces, quotes removed, the type word first and capitalised. ``kind_detail``
    tells the type words apart: ``de_an``, ``phuong_an``, ``du_an``, ``quy_hoach``,
    ``chien_luoc``, ``hiep_dinh``, ``chuong_trinh``, ``luat``, ``ke_hoach``,
    ``nghi_quyet_dai_hoi``.
    """

    start: int
    end: int
    kind: DocType
    kind_detail: str | None
    name: str
    raw: str
    quoted: bool
    confidence: float


@dataclass(frozen=True)
class BackRef:
    """A short form pointing back at an earlier document of ``kind`` ("Kế hoạch này")."""

    start: int
    end: int
    kind: DocType
    phrase: str


# --- folding: textfold.fold, plus what raw text needs -------------------------------

# This module also reads raw text, not yet normalised (test_raw_text_gives_same_offsets:
# binhphuoc_sct has decomposed lines 239-642 and PDF Ƣ), so on top of textfold.fold it
# folds what normalise.py would have fixed: PDF Ƣ/ƣ, typographic dashes, and combining
# marks, which it drops. Dropping changes the length, hence the offset map.
_RAW_TEXT_FOLDS = {
    "ƣ": "u", "Ƣ": "u",  # PDF glyph damage: Ƣ/ƣ printed for Ư/ư (domain.md §4)
    "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-",  # dashes
}  # fmt: skip


@lru_cache(maxsize=1)
def _raw_text_chars() -> re.Pattern[str]:
    """The characters this module folds unlike ``textfold.fold``: ``_RAW_TEXT_FOLDS`` and
    combining marks; anything beyond the BMP is matched too, which covers the marks there."""
    marks = "".join(chr(c) for c in range(0x300, 0x10000) if unicodedata.combining(chr(c)))
    return re.compile("[" + re.escape("".join(_RAW_TEXT_FOLDS) + marks) + "\U00010000-\U0010ffff]")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """Fold one character: as ``textfold.fold``, but "" for a combining mark."""
    if char in _RAW_TEXT_FOLDS:
        return _RAW_TEXT_FOLDS[char]
    return "" if unicodedata.combining(char) else fold(char)


def _fold_text(text: str) -> tuple[str, list[int] | None]:
    """Fold a text for matching, keeping a map back to the original offsets.

    Args:
        text: any text (NFC expected; NFD and Ƣ tolerated).

    Returns:
        ``(folded, offsets)``: ``offsets[i]`` is the index in ``text`` of ``folded[i]``,
        with one extra entry ``len(text)``; None when every character folded to one.

    Example:
        >>> _fold_text("Đề án")
        ('de an', None)
    """
    if not _raw_text_chars().search(text):  # normalised text: the package's fold
        return fold(text), None
    table = {c: _fold_char(c) for c in set(text)}
    if all(len(v) == 1 for v in table.values()):
        return text.translate({ord(c): v for c, v in table.items()}), None
    parts: list[str] = []
    offsets: list[int] = []
    for i, char in enumerate(text):
        parts.append(table[char])
        offsets.extend([i] * len(table[char]))
    offsets.append(len(text))
    return "".join(parts), offsets


def _fold(text: str) -> str:
    """Folded form of a short string.

    Example:
        >>> _fold("Quy hoạch tỉnh Bình Phước")
        'quy hoach tinh binh phuoc'
    """
    return _fold_text(text)[0]


# --- the text, three ways --------------------------------------------------------------

# Token kinds are the regex group numbers: 1 word, 2 space, 3 anything else.
_TOKEN_RE = re.compile(r"([a-z0-9]+(?:&[a-z0-9]+)*)|(\s+)|(.)", re.S)
_WORD, _SPACE, _PUNCT = 1, 2, 3


class _Text:
    """A text as raw (offsets, case), folded (matching) and tokens of the folded copy.

    Tokens may cover only a window ``[lo, hi)``: tokenising a 320 KB report whole costs
    more than reading all its names, so each candidate gets a window (:meth:`window`)
    and is read again in a wider one if a reader ran into its end (``edge``). Token
    indices are local to the window; offsets are not.
    """

    def __init__(
        self, raw: str, folded: tuple[str, list[int] | None] | None = None, lo: int = 0, hi: int | None = None
    ) -> None:
        self.raw = raw
        self.fold, self._offsets = folded if folded is not None else _fold_text(raw)
        self.hi = len(self.fold) if hi is None else hi
        self.edge = False
        tokens = list(_TOKEN_RE.finditer(self.fold, lo, self.hi))
        self.starts = [m.start() for m in tokens]
        self.ends = [m.end() for m in tokens]
        self.kinds: list[int | None] = [m.lastindex for m in tokens]

    def window(self, start: int, end: int, before: int = 80, after: int = 220) -> _Text:
        """The same text, tokenised only around folded span ``[start, end)``."""
        lo, hi = max(0, start - before), min(len(self.fold), end + after)
        while 0 < lo < start and not self.fold[lo - 1].isspace():
            lo += 1
        while end < hi < len(self.fold) and not self.fold[hi].isspace():
            hi -= 1
        return _Text(self.raw, (self.fold, self._offsets), lo, hi)

    def touch_end(self, i: int) -> None:
        """Note that token ``i`` was wanted beyond the window's last token."""
        if i >= len(self.kinds) and self.hi < len(self.fold):
            self.edge = True

    def rpos(self, pos: int) -> int:
        """Original offset of folded position ``pos``."""
        return pos if self._offsets is None else self._offsets[pos]

    def rslice(self, start: int, end: int) -> str:
        """The original text of folded span ``[start, end)``, NFC."""
        return unicodedata.normalize("NFC", self.raw[self.rpos(start) : self.rpos(end)])

    def token_at(self, pos: int) -> int:
        """Index of the first token starting at or after folded position ``pos``."""
        return bisect_left(self.starts, pos)

    def f(self, i: int) -> str:
        """Folded text of token ``i``."""
        return self.fold[self.starts[i] : self.ends[i]]

    def o(self, i: int) -> str:
        """Original text of token ``i``, lower case."""
        return self.rslice(self.starts[i], self.ends[i]).lower()

    def cap(self, i: int) -> bool:
        """Token ``i`` starts with a capital letter in the original."""
        return self.raw[self.rpos(self.starts[i])].isupper()

    def next_word(self, i: int, limit: int = 8) -> int | None:
        """Index of the next word token after ``i`` within ``limit`` tokens."""
        for j in range(i + 1, min(i + 1 + limit, len(self.kinds))):
            if self.kinds[j] == _WORD:
                return j
        self.touch_end(i + 1 + limit)
        return None

    def next_solid(self, i: int) -> int | None:
        """Index of the next non-space token after ``i``."""
        j = i + 1
        while j < len(self.kinds) and self.kinds[j] == _SPACE:
            j += 1
        self.touch_end(j)
        return j if j < len(self.kinds) else None

    def prev_solid(self, i: int) -> int | None:
        """Index of the previous non-space token before ``i``."""
        j = i - 1
        while j >= 0 and self.kinds[j] == _SPACE:
            j -= 1
        return j if j >= 0 else None


# --- vocabulary ------------------------------------------------------------------------

# (folded pattern, DocType, kind_detail); every pattern is a whole word sequence.
_KINDS: list[tuple[str, DocType, str]] = [
    (r"de\s+an", DocType.SCHEME, "de_an"),
    (r"phuong\s+an", DocType.SCHEME, "phuong_an"),
    (r"du\s+an", DocType.SCHEME, "du_an"),
    (r"quy\s+hoach", DocType.OTHER, "quy_hoach"),
    (r"chien\s+luoc", DocType.OTHER, "chien_luoc"),
    (r"hiep\s+dinh", DocType.OTHER, "hiep_dinh"),
    (r"chu[a-z]{0,2}ong\s+trinh", DocType.PROGRAMME, "chuong_trinh"),  # OCR "Chuwong trinh" (kh-7099 l.7)
    (r"luat", DocType.LAW, "luat"),
    (r"ke\s+hoach", DocType.PLAN, "ke_hoach"),
    (r"nghi\s+quyet(?=\s+dai\s+hoi(?![a-z0-9]))", DocType.RESOLUTION, "nghi_quyet_dai_hoi"),
]
_KIND_OF = {detail: kind for _, kind, detail in _KINDS}
_TRIGGER_RE = re.compile("(?<![a-z0-9])(?:" + "|".join(f"(?P<{d}>{p})" for p, _, d in _KINDS) + ")(?![a-z0-9])")
# A lower-case type word may still name a document only in these shapes (see _judge).
_LOWER_OK_RE = re.compile(r"\s+(?:tinh|chung\s+xay|phan\s+khu\s+chuc)(?![a-z])")

# Any document type word: where the next document starts, a name stops.
_TYPE_HEAD_RE = re.compile(
    r"(?:de\s+an|phuong\s+an|du\s+an|quy\s+hoach|chien\s+luoc|hiep\s+dinh|chu[a-z]{0,2}ong\s+trinh"
    r"|luat|ke\s+hoach|quyet\s+dinh|nghi\s+quyet|nghi\s+dinh|thong\s+tu|cong\s+van|ket\s+luan"
    r"|chi\s+thi|bao\s+cao|to\s+trinh|thong\s+bao|huong\s+dan|quy\s+che|quy\s+dinh|hoi\s+nghi"
    r"|cuoc\s+van\s+dong)(?![a-z0-9])"
)
# A numbered citation right after the type word: "Kế hoạch số 327/KH-UBND",
# "Chương trình hành động 17-TU" (sct l.6296), OCR "s6 111-CTr/TU" (kh-7099 l.7).
_NUMBERED_RE = re.compile(r"\s*(?:hanh\s+dong\s+)?(?:(?:so|s\d|s)\s*)?[:.]?\s*\d+\s*[/:{-]")
_SYMBOL = r"\d+\s*[/:{-]\s*[a-z0-9&]+(?:\s*[/-]\s*[a-z0-9&]+)*"
_THUC_HIEN = r"th[a-z]{0,2}c\s+hi[a-z]{0,2}n"  # thực hiện; OCR "thyc hién"
# "Kế hoạch [hành động] thực hiện | triển khai [thực hiện] <numbered document>"
# (sct l.1291, l.1295; bentre l.19).
_PLAN_OF_RE = re.compile(
    rf"\s+(?:hanh\s+dong\s+)?(?:{_THUC_HIEN}|trien\s+khai(?:\s+{_THUC_HIEN})?)\s+"
    r"(?:nghi\s+quyet|quyet\s+dinh|chi\s+thi|ket\s+luan|chu[a-z]{0,2}ong\s+trinh(?:\s+hanh\s+dong)?"
    r"|ke\s+hoach|nghi\s+dinh|thong\s+tu|cong\s+van|thong\s+bao)"
    rf"\s+(?:(?:so|s\d|s)\s*)?(?P<symbol>{_SYMBOL})"
)

_YEAR = r"(?:19|20)\d\d"
_NAM = r"n[a-z]m"  # năm; OCR "nim", "ndm" (kh-7099 l.21, l.30)
# A period: "giai đoạn 2021-2025, định hướng đến năm 2030", "thời kỳ 2021-2030, tầm nhìn
# đến năm 2050", "GĐ 2022 - 2025", "đến năm 2025", and "2021-230" (sct l.1023, a typo).
_TAIL_RE = re.compile(
    rf"""
    ,?\s*
    (?:(?:giai\s+doan|gd|thoi\s+ky|nhiem\s+ky)\s+
         (?:(?P<start>{_YEAR})\s*-\s*(?P<end>\d{{2,4}})|den\s+(?:{_NAM}\s+)?(?P<end1>{_YEAR}))
      |den\s+(?:{_NAM}\s+)?(?P<end2>{_YEAR}))
    (?P<more>(?:\s*,?\s*(?:va\s+)?(?:dinh\s+huong|t[a-z]m\s+nh[a-z]n|co\s+xet\s+(?:toi|den))
              \s+(?:den\s+)?(?:{_NAM}\s+)?{_YEAR})*)
    """,
    re.X,
)
_YEAR_RE = re.compile(_YEAR)
_LAW_YEAR_RE = re.compile(rf"\s+(?:{_NAM}\s+)?({_YEAR})(?![0-9])")
_LAW_AND_YEAR_RE = re.compile(rf"\s+va\s+({_NAM}\s+)?({_YEAR})(?![0-9])")  # "năm 2014 và năm 2020"
# "… lần thứ XIII [của Đảng][, nhiệm kỳ 2021-2026]" (sct l.23-24).
_CONGRESS_END_RE = re.compile(
    rf"(?:\s+cua\s+dang(?![a-z]))?(?:,?\s*(?:nhiem\s+ky|giai\s+doan)\s+{_YEAR}\s*-\s*{_YEAR})?"
)

_OPEN_QUOTES = {"“", '"', "«", "„"}
_CLOSE_QUOTES = {"”", '"', "»"}
_QUOTE_CHARS = '“”"«»„'
_DASHES = {ord(c): "-" for c in "\u2013\u2014\u2010\u2011\u2012\u2212"}

# A word before the type word that makes the mention generic: "các Đề án", "từng Đề án",
# the table header "Tên đề án" (sct l.49). Counts are caught apart ("04 Đề án", l.1548).
_GENERIC_BEFORE = {
    "các", "những", "mọi", "từng", "nhiều", "một", "hai", "ba", "bốn", "tên", "cac", "nhung", "tung",
}  # fmt: skip
# Before a plan or programme: not yet a document. "dự thảo Kế hoạch Xúc tiến …" (sct
# l.1139), "Xây dựng Kế hoạch triển khai theo …" (l.5360).
_UNBORN_BEFORE = {("du", "thao"), ("xay", "dung")}
# Numbers that are not counts: "khoản 1 điều 32 Luật đầu tư 2014" (sct l.5099).
_ARTICLE_WORDS = {"dieu", "khoan", "diem", "chuong", "muc", "luc"}

# Words that end a name (original spelling, lower case): the rest of the sentence starts.
_STOP_WORDS = {
    "đã", "được", "đang", "sẽ", "ngày", "tại", "nhằm", "để", "thì", "mà", "gồm", "như",
    "bởi", "nên", "vì", "khi", "nhưng", "thuộc", "chưa", "không", "cũng", "vẫn", "phải",
    "cần", "đạt", "gặp", "nay", "này",
}  # fmt: skip
_STOP_WORDS_ASCII = {"duoc", "ngay", "nham", "gom", "nhu"}  # OCR text: unambiguous folds only
# Words that cannot open a name: "Đề án và …", "Đề án của …", "Đề án này".
_NOT_FIRST = {"và", "hoặc", "các", "của", "trên", "nêu", "đó", "theo", "với", "cho", "trong", "này"}
# Capitalised words that open an issuer: "… của UBND tỉnh", "…, Sở Công Thương báo cáo".
_ISSUER_HEADS = {
    "ubnd", "uy", "so", "bo", "thu", "chinh", "hdnd", "hoi", "tinh", "ban", "van", "trung", "cuc", "tong", "ttg",
}  # fmt: skip
# Words a name does not end on: a table cell cut it ("… tỉnh Bình Phước giai", sct l.122).
# The ASCII set serves OCR text and leaves out "nam" ("Việt Nam").
_DANGLING = {
    "giai", "đoạn", "định", "hướng", "đến", "năm", "tầm", "nhìn", "và", "của", "các",
    "trên", "tại", "với", "về", "thời", "kỳ", "trong", "theo", "cho", "là",
}  # fmt: skip
_DANGLING_ASCII = {_fold(w) for w in _DANGLING} - {"nam"}
_MAX_WORDS = 45  # an unquoted name longer than this has lost its end
_WINDOWS = (120, 400, 1200)  # characters read after a type word, widened on demand

# Programmes that are events, not documents: "Chương trình kết nối giao thương giữa
# doanh nghiệp …" (sct l.2236), "Chương trình khảo sát, đánh giá …" (l.2328).
_EVENT_PROGRAMMES = {
    "ket noi", "khao sat", "tap huan", "lam viec", "dao tao", "tu van", "hop tac", "mua sam", "uu dai",
    "xuc tien dau tu",
}  # fmt: skip
# The frame of a programme's name, which says nothing of its topic.
_PROGRAMME_FRAME = {"quoc", "gia", "tinh", "muc", "tieu", "hanh", "dong"}

# Trade agreements cited by acronym alone: "Hiệp định EVFTA, RCEEP, UKVFTA" (sct l.1192).
_FTA_RE = re.compile(r"(?<![A-Za-z0-9])(?:[A-Z]{1,6}FTA|RCEP|RCEEP|CPTPP)(?![A-Za-z0-9])")
_ACRONYM_ALIASES = {"rceep": "rcep"}  # the corpus's misspelling (sct l.1193, l.2067)
_ACRONYM_RE = re.compile(r"[A-ZĐ&]{2,10}")
_ROMAN_RE = re.compile(r"[ivxl]+")
_CONGRESS_WORDS = {"dai", "hoi", "bieu", "dang", "bo", "toan", "quoc", "tinh", "thanh", "pho", "huyen", "lan", "thu"}
_LAW_STOPS = {
    "quy", "thì", "có", "đã", "được", "của", "theo", "tại", "để", "số", "về", "khoản", "điều",
    "các", "mới", "hiện", "hành", "sửa", "trong", "này", "trên", "đó", "và", "năm", "hoặc",
    "với", "do", "nên", "cho",
}  # fmt: skip


# --- finding names ---------------------------------------------------------------------


@dataclass
class _Scan:
    """A name read after a type word: where it ends and what singles it out."""

    end: int  # folded offset just after the name
    words: list[int]  # token indices of the name's words
    quoted: bool = False
    period: bool = False  # a period tail: "giai đoạn 2021-2025", "đến năm 2030"
    span: bool = False  # the period is a range "YYYY-YYYY"
    alias: str | None = None  # "(EVFTA)", "(Quy hoạch Điện VIII)"


def find_named_documents(text: str) -> list[NamedMention]:
    """Find documents cited by name, without a number.

    Args:
        text: normalised text (NFC, Ƣ→Ư); line breaks, blank lines and doubled spaces
            may remain.

    Returns:
        The mentions in text order. A mention inside another's span (the acronym in
        "Hiệp định … (EVFTA)") is left out, so spans never overlap.

    Example:
        >>> [m.name for m in find_named_documents("duyệt Quy hoạch tỉnh Bình Phước thời kỳ 2021-2030;")]
        ['Quy hoạch tỉnh Bình Phước thời kỳ 2021-2030']
    """
    whole = _Text(text, lo=0, hi=0)  # folded, not tokenised
    found: list[NamedMention] = []
    covered_until = -1
    for match in _TRIGGER_RE.finditer(whole.fold):
        if whole.rpos(match.start()) < covered_until or _cannot_name(whole, match):
            continue
        for after in _WINDOWS:  # most candidates are settled within the first
            doc = whole.window(match.start(), match.end(), after=after)
            mentions = _read_candidate(doc, match)
            if not doc.edge:
                break
        for mention in mentions:
            found.append(mention)
            covered_until = max(covered_until, mention.end)
    found.extend(_bare_acronyms(text, found))
    found.sort(key=lambda m: m.start)
    return found


def _cannot_name(doc: _Text, match: re.Match[str]) -> bool:
    """Cheap tests before reading: a numbered citation, a heading in capitals, or a
    lower-case type word of a kind that needs a capital."""
    if _NUMBERED_RE.match(doc.fold, match.end()) or _is_heading(doc.rslice(match.start(), match.end())):
        return True
    if doc.raw[doc.rpos(match.start())].isupper():
        return False
    if match.lastgroup == "quy_hoach":
        return not _LOWER_OK_RE.match(doc.fold, match.end())
    return match.lastgroup not in {"de_an", "nghi_quyet_dai_hoi"}


def _read_candidate(doc: _Text, match: re.Match[str]) -> list[NamedMention]:
    """Read one type word: its mention(s), or none when the mention is generic."""
    detail = match.lastgroup or ""
    last = doc.token_at(match.end()) - 1
    capital = doc.raw[doc.rpos(match.start())].isupper()
    if _generic_before(doc, doc.token_at(match.start()), detail):
        return []
    # CASE 1: shapes with their own reader.
    if detail == "luat":
        return _read_law(doc, match, last) if capital else []
    if detail == "nghi_quyet_dai_hoi":
        return _listed(_read_congress(doc, match, last))
    if detail == "ke_hoach" and capital and (plan := _read_plan_of(doc, match)) is not None:
        return [plan]
    # CASE 2: a quoted or unquoted name, judged by kind.
    scan = _read_quoted(doc, match, last) or _scan_words(doc, last + 1, detail)
    confidence = _judge(doc, detail, capital, scan) if scan is not None else None
    if scan is None or confidence is None:
        logger.debug("named: generic %s at %d", detail, doc.rpos(match.start()))
        return []
    return _listed(_make_mention(doc, match, detail, scan, confidence))


def _listed(mention: NamedMention | None) -> list[NamedMention]:
    return [] if mention is None else [mention]


def _is_heading(type_raw: str) -> bool:
    """A type word in capitals is a heading or title, not a citation.

    The host's own title "TÌNH HÌNH THỰC HIỆN ĐỀ ÁN …" (bentre l.8), "KE HOACH" (kh-7099 l.4).
    """
    letters = [c for c in type_raw if c.isalpha()]
    return len(letters) > 2 and all(c.isupper() for c in letters)


def _generic_before(doc: _Text, first: int, detail: str) -> bool:
    """The words before the type word make it generic ("các Đề án", "04 Đề án").

    Coordinated type words share the determiner: "các Chương trình, Kế hoạch, Đề án"
    (sct l.5312), so the walk back skips earlier type words, commas and "và".
    """
    i = doc.prev_solid(first)
    while i is not None and (doc.f(i) in {",", "va", "hoac"} or _type_word_ending_at(doc, i) is not None):
        head = i if doc.f(i) in {",", "va", "hoac"} else _type_word_ending_at(doc, i)
        i = doc.prev_solid(head) if head is not None else None
    if i is None or doc.kinds[i] != _WORD:
        return False
    f = doc.f(i)
    if doc.o(i) in _GENERIC_BEFORE or (f.isdigit() and len(f) <= 3 and not _not_a_count(doc, i)):
        return True
    before = doc.prev_solid(i)
    pair = (doc.f(before), f) if before is not None and doc.kinds[before] == _WORD else None
    if pair == ("noi", "dung"):  # table header "Nội dung đề án" (sct l.49)
        return True
    return detail in {"ke_hoach", "chuong_trinh", "phuong_an"} and pair in _UNBORN_BEFORE


def _not_a_count(doc: _Text, i: int) -> bool:
    """A number before the type word that is not a count: a table row opening a line
    ("2 Đề án phát triển …", sct l.75; counts carry a leading zero, "04 Đề án", l.1548),
    or an article's number ("khoản 1 điều 32 Luật đầu tư 2014", l.5099)."""
    before = doc.prev_solid(i)
    if before is not None and doc.f(before) in _ARTICLE_WORDS:
        return True
    at_line_start = i == 0 or (doc.kinds[i - 1] == _SPACE and "\n" in doc.f(i - 1))
    return at_line_start and not doc.f(i).startswith("0")


def _type_word_ending_at(doc: _Text, i: int) -> int | None:
    """Start token of a type word whose last word is token ``i``, if any."""
    if doc.kinds[i] != _WORD:
        return None
    for back in (2, 0):  # two-word type words ("đề án") first, then "luật"
        j = i - back
        if j >= 0 and doc.kinds[j] == _WORD and _TYPE_HEAD_RE.fullmatch(doc.fold, doc.starts[j], doc.ends[i]):
            return j
    return None


# --- reading a name after a type word ----------------------------------------------------


def _read_quoted(doc: _Text, match: re.Match[str], last: int) -> _Scan | None:
    """A quoted name: `Đề án “Phát triển …”`, or `“Chiến lược Sở hữu trí tuệ …”` with the
    quote before the type word (sct l.2352).

    Args:
        doc: the text.
        match: the type word.
        last: index of the type word's last token.

    Returns:
        The scan up to the closing quote, or None when the name is not quoted.
    """
    before = doc.prev_solid(doc.token_at(match.start()))
    i = last if before is not None and doc.f(before) in _OPEN_QUOTES else _opening_quote_after(doc, last)
    if i is None:
        return None
    close = _closing_quote(doc, doc.ends[i])
    if close is None:
        return None
    words = [k for k in range(i + 1, doc.token_at(close)) if doc.kinds[k] == _WORD]
    if len(words) < 3:  # `Đề án “Phát triển”` names nothing
        return None
    period = _TAIL_RE.search(doc.fold, doc.starts[words[0]], close) is not None
    return _Scan(end=close + 1, words=words, quoted=True, period=period)


def _opening_quote_after(doc: _Text, last: int) -> int | None:
    """Token of the quote opening a name right after the type word (or after "về")."""
    i = doc.next_solid(last)
    if i is not None and doc.f(i) == "ve":  # "Đề án về “…”"
        i = doc.next_solid(i)
    return i if i is not None and doc.f(i) in _OPEN_QUOTES else None


def _closing_quote(doc: _Text, pos: int) -> int | None:
    """Folded offset of the quote closing a name that starts at ``pos`` (≤ 500 chars).

    An opening quote first means the quotes do not pair up: no quoted name.
    """
    for k in range(pos, min(pos + 500, len(doc.fold))):
        if doc.fold[k] in _CLOSE_QUOTES:
            doc.touch_end(doc.token_at(k) + 1)
            return k
        if doc.fold[k] == "“":
            return None
    return None


def _scan_words(doc: _Text, i: int, detail: str) -> _Scan | None:
    """Read an unquoted name word by word from token ``i``.

    The name ends at a period tail (kept), a stop word, a new document's type word, an
    issuer, a bullet or numbered line, a blank line before a capital (a new table cell,
    sct l.120-124), or punctuation other than an inner comma, dash or short
    parenthetical.
    """
    words: list[int] = []
    paren_end: int | None = None  # folded end of the last parenthetical taken
    alias: str | None = None
    while i < len(doc.kinds) and len(words) < _MAX_WORDS:
        kind = doc.kinds[i]
        if kind == _SPACE:
            if "\n" in doc.f(i) and _line_break_stops(doc, i, words):
                break
        elif words and (tail := _tail_at(doc, i)) is not None:
            scan = _Scan(end=tail.end(), words=words, period=True, span=bool(tail.group("start")))
            _extend_alias(doc, scan)
            return scan
        elif kind == _PUNCT:
            par = _parenthetical(doc, i) if words and doc.f(i) == "(" else None
            if par is not None:
                i, par_alias = par
                paren_end, alias = doc.ends[i], par_alias or alias
                if detail == "hiep_dinh" and par_alias:
                    break  # "Hiệp định … (EVFTA) Con đường đắc lợi" (sct l.1194)
            elif not _punct_continues(doc, i, words):
                break
        else:
            if not words and not _can_start_name(doc, i):
                return None
            if words and _stops_at(doc, i, words[-1]):
                break
            words.append(i)
            if detail == "hiep_dinh" and _is_acronym(doc, i):
                break  # "Hiệp định EVFTA, RCEEP, UKVFTA": the list goes on as acronyms
        i += 1
    doc.touch_end(i + 1)
    words = _trim_dangling(doc, words)
    if not words:
        return None
    end = doc.ends[words[-1]]
    return _Scan(end=max(end, paren_end or 0), words=words, alias=alias)


def _tail_at(doc: _Text, i: int) -> re.Match[str] | None:
    """A period tail starting at token ``i`` ("giai đoạn 2021-2025, định hướng …")."""
    tail = _TAIL_RE.match(doc.fold, doc.starts[i])
    return tail if tail is not None and tail.end() > doc.starts[i] + 1 else None


def _can_start_name(doc: _Text, i: int) -> bool:
    """The first word after the type word can open a name."""
    o = doc.o(i)
    if doc.f(i).isdigit() or o in _STOP_WORDS or o in _NOT_FIRST:
        return False
    return not (doc.cap(i) and _TYPE_HEAD_RE.match(doc.fold, doc.starts[i]))


def _line_break_stops(doc: _Text, i: int, words: list[int]) -> bool:
    """A line break (token ``i``) ends the name before a bullet, a numbered line or a new cell."""
    j = doc.next_solid(i)
    if j is None:
        return True
    f = doc.f(j)
    if f in {"-", "+", "•", "*", "…"}:
        return True
    nxt = doc.next_solid(j)
    after = doc.f(nxt) if nxt is not None else ""
    spaced = j + 1 < len(doc.kinds) and doc.kinds[j + 1] == _SPACE
    if f.isdigit() and len(f) <= 2 and (after in {".", ")"} or spaced):
        return True  # "2 Đề án …" (table row, sct l.75), "1.1. Cây điều" (l.1615)
    if (_ROMAN_RE.fullmatch(f) and after == "." and doc.cap(j)) or (len(f) == 1 and f.isalpha() and after == ")"):
        return True  # "II. KẾT QUẢ", "a) …"
    if doc.f(i).count("\n") >= 2:
        # A blank line: PDF layout when the sentence goes on in lower case (sct l.1110)
        # or inside a place name ("tỉnh Bình \n\nPhước", l.3009); a new table cell or
        # paragraph otherwise (l.122-124).
        if f.isdigit() and words and doc.fold[doc.ends[words[-1]] : doc.starts[i]].strip() == "-":
            return False
        if len(words) >= 2 and doc.cap(words[-1]) and doc.f(words[-2]) in {"tinh", "pho"} and doc.cap(j):
            return False
        return not (doc.kinds[j] == _WORD and not doc.cap(j) and not f.isdigit())
    return False


def _punct_continues(doc: _Text, i: int, words: list[int]) -> bool:
    """Punctuation token ``i`` stays inside the name: a comma before more of the name
    ("thương mại, thương mại điện tử"), a dash inside a proper name ("Việt Nam - EU",
    "Khu Quản lý - Thương Mại", sct l.4528), "&" or "/"."""
    j = doc.next_solid(i)
    if not words or j is None or doc.kinds[j] != _WORD:
        return False
    char = doc.f(i)
    if char == ",":
        if _stops_at(doc, j, words[-1]) or doc.o(j) in {"và", "cụ"}:
            return False
        return not (doc.cap(j) and _starts_document_or_issuer(doc, j))
    if char == "-":
        return doc.cap(j) or doc.f(j).isdigit()
    return char in "&/"


def _parenthetical(doc: _Text, i: int) -> tuple[int, str | None] | None:
    """A short parenthetical inside a name, up to its closing token: an alias ("(EVFTA)",
    "(Hiệp định RCEP)", "(Quy hoạch Điện VIII)") or a phase ("(giai \\nđoạn I)", sct l.4528)."""
    close = doc.fold.find(")", doc.ends[i], doc.ends[i] + 60)
    if close < 0 or "\n\n" in doc.fold[doc.ends[i] : close]:
        return None
    inner_raw = doc.rslice(doc.ends[i], close).strip()
    inner = " ".join(_fold(inner_raw).split())
    j = doc.token_at(close)
    if _ACRONYM_RE.fullmatch(inner_raw):
        return j, _ACRONYM_ALIASES.get(inner, inner)
    head = _TYPE_HEAD_RE.match(inner)
    if head:
        rest = inner[head.end() :].strip()
        return j, _ACRONYM_ALIASES.get(rest, rest) or None
    if re.fullmatch(r"giai doan [ivx]+", inner):
        return j, None
    return None


def _extend_alias(doc: _Text, scan: _Scan) -> None:
    """Take an alias right after a period: "… có xét tới năm 2045 (Quy hoạch Điện VIII)"."""
    i = doc.token_at(scan.end)
    j = i if i < len(doc.kinds) and doc.kinds[i] != _SPACE else (doc.next_solid(i) if i < len(doc.kinds) else None)
    if j is None or doc.f(j) != "(" or "\n" in doc.fold[scan.end : doc.starts[j]]:
        return
    par = _parenthetical(doc, j)
    if par is not None and par[1]:
        scan.end, scan.alias = doc.ends[par[0]], par[1]


def _starts_document_or_issuer(doc: _Text, j: int) -> bool:
    """Token ``j`` (capitalised) opens another document or an issuer."""
    return bool(_TYPE_HEAD_RE.match(doc.fold, doc.starts[j])) or doc.f(j) in _ISSUER_HEADS


def _stops_at(doc: _Text, i: int, prev: int) -> bool:
    """Word ``i`` ends the name (``prev`` is the last word taken).

    Examples of where names stop:
        "Luật đầu tư và Nghị định số …" stops at "và": a new document follows;
        "… của hợp tác xã nông nghiệp" goes on, "… của UBND tỉnh" stops (sct l.2504);
        "… gắn với xây dựng nông thôn mới năm 2023" stops at "năm 2023" (l.2508);
        "… thương mại tự do Việt Nam" goes on past "do" (l.1194).
    """
    o, f = doc.o(i), doc.f(i)
    if doc.cap(i):
        if _TYPE_HEAD_RE.match(doc.fold, doc.starts[i]):
            return True
        return f in _ISSUER_HEADS and not doc.cap(prev)
    if o in _STOP_WORDS or (o.isascii() and f in _STOP_WORDS_ASCII):
        return True
    j = doc.next_word(i, 3)
    nxt_f = doc.f(j) if j is not None else ""
    nxt_o = doc.o(j) if j is not None else ""
    opens_other = j is not None and doc.cap(j) and _starts_document_or_issuer(doc, j)
    if o == "và":
        return j is None or opens_other or nxt_o in {"các", "năm", "những"} or nxt_o in _STOP_WORDS
    if o == "của":
        return j is None or doc.cap(j)
    if o == "theo":
        return j is None or doc.cap(j) or nxt_o in {"quy", "đó", "các", "kế", "nội", "tinh"}
    if o == "với":
        return doc.o(prev) != "gắn"  # "gắn với" belongs to names (sct l.1931)
    if o == "trong":
        return j is None or opens_other or nxt_o in {"đó", "năm", "thời", "quá", "kỳ", "các", "khi"}
    if f in {"nam", "so"} and (nxt_f.isdigit() or doc.fold.startswith(":", doc.ends[i])):
        return True  # "năm 2023", "số 1656/QĐ-UBND"; "một số sản phẩm" goes on
    if o == "do":
        return doc.o(prev) != "tự"
    return (o, nxt_o) in {("hàng", "năm"), ("về", "việc")} or (o == "trên" and nxt_f == "co")


def _trim_dangling(doc: _Text, words: list[int]) -> list[int]:
    """Drop words a name does not end on ("… tỉnh Bình Phước giai", sct l.122)."""
    while words:
        o, f = doc.o(words[-1]), doc.f(words[-1])
        if not (o in _DANGLING or (o.isascii() and o in _DANGLING_ASCII) or (f.isdigit() and len(f) < 4)):
            break
        words = words[:-1]
    return words


def _is_acronym(doc: _Text, i: int) -> bool:
    """Token ``i`` is a trade-agreement acronym as printed ("EVFTA", "RCEP")."""
    return bool(_FTA_RE.fullmatch(doc.rslice(doc.starts[i], doc.ends[i])))


# --- judging a name ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Features:
    """What singles a name out, read from its words."""

    place: bool  # "tỉnh Bình Phước", "quốc gia", "Việt Nam", "toàn quốc"
    province: bool  # "tỉnh <Name>" exactly
    acronym: bool
    vietnam: bool
    anchor: int | None  # the last capitalised word or national place (token index)


def _features(doc: _Text, words: list[int]) -> _Features:
    """Read the place, acronym and proper-noun anchor of a name's words."""
    folded = [doc.f(i) for i in words]
    place = province = acronym = vietnam = False
    anchor = None
    for k, i in enumerate(words):
        nxt = folded[k + 1] if k + 1 < len(folded) else ""
        if folded[k] in {"tinh", "pho"} and k + 1 < len(words) and doc.cap(words[k + 1]):
            place = province = True
        if (folded[k], nxt) in {("quoc", "gia"), ("viet", "nam"), ("toan", "quoc")}:
            place, anchor = True, words[k + 1]
            vietnam = vietnam or folded[k] == "viet"
        acronym = acronym or _is_acronym(doc, i)
        if doc.cap(i) and k > 0:
            anchor = i
    return _Features(place, province, acronym, vietnam, anchor)


def _judge(doc: _Text, detail: str, capital: bool, scan: _Scan) -> float | None:
    """Decide whether a scanned name names one document, and how surely.

    Args:
        doc: the text.
        detail: the type word's kind_detail.
        capital: the type word is capitalised as printed.
        scan: the name read (a period-less Quy hoạch is shortened in place).

    Returns:
        The confidence, or None for a generic mention.
    """
    feats = _features(doc, scan.words)
    first = " ".join(doc.f(i) for i in scan.words[:2])
    if scan.quoted:
        # Lower case only for a scheme: `đề án “Phát triển …”` (kh-317 l.1); a quoted
        # `chương trình “Kết nối tri thức sáng tạo”` is an event (sct l.3314), a quoted
        # `dự án “Xây dựng, vận hành Cổng thông tin …”` a project (l.2374).
        if (not capital and detail != "de_an") or (detail == "chuong_trinh" and first in _EVENT_PROGRAMMES):
            return None
        return 0.95
    if detail in {"phuong_an", "du_an"}:
        return None  # quoted only: "phương án phát triển cụm công nghiệp" is part of a plan (sct l.4569)
    if detail == "quy_hoach":
        return _judge_zoning(doc, capital, scan, feats, first)
    if not capital:
        # "đề án phát triển công nghiệp Bình Phước" (sct l.5259) is a loose paraphrase.
        return 0.85 if detail == "de_an" and scan.period else None
    if detail == "de_an":
        if scan.period or feats.place:
            return 0.9 if scan.period else 0.85
        # A long descriptive name still names one scheme: "Đề án nâng cao …" (sct l.2504).
        return 0.7 if len(scan.words) >= 8 else None
    if detail == "chien_luoc":
        return 0.9 if scan.period else None
    if detail == "chuong_trinh":
        return _judge_programme(doc, scan, feats, first)
    if detail == "ke_hoach":
        # Only a plan with a stated span (sct l.351); "Kế hoạch Phát triển thương mại
        # điện tử tỉnh Bình Phước" (l.1288) and "Kế hoạch kiểm tra …" (l.284) are generic.
        return 0.8 if scan.span else None
    if detail == "hiep_dinh":
        if feats.acronym or (scan.alias and _FTA_RE.fullmatch(scan.alias.upper())):
            return 0.9  # "(FTA)" alone names no agreement
        return 0.8 if feats.vietnam else None  # "… giữa Việt Nam và Liên minh châu Âu" (l.1195)
    return None


def _judge_programme(doc: _Text, scan: _Scan, feats: _Features, first: str) -> float | None:
    """Chương trình: a period, a place with a topic, or a breakthrough programme.

    Not named: events ("Chương trình kết nối giao thương …", sct l.2236), "Chương trình
    hành động" alone, "Chương trình làm việc của Sở" (l.1137).
    """
    if first in _EVENT_PROGRAMMES or (doc.f(scan.words[0]) == "hanh" and len(scan.words) < 3):
        return None
    if scan.period:
        return 0.9
    topic = [i for i in scan.words if doc.f(i) not in _PROGRAMME_FRAME and not doc.cap(i)]
    if feats.place and len(topic) >= 2:
        return 0.85  # "Chương trình mục tiêu quốc gia xây dựng nông thôn mới" (l.5486)
    # "Chương trình đột phá …" is a standing kind of provincial programme (l.669).
    return 0.75 if first.startswith("dot pha") else None


def _judge_zoning(doc: _Text, capital: bool, scan: _Scan, feats: _Features, first: str) -> float | None:
    """Quy hoạch: most mentions are the verb or the common noun; few are documents.

    Named: a capitalised Quy hoạch with a period (sct l.1023, l.1639); "Quy hoạch tỉnh …"
    (l.4571: the bare "Quy hoạch tỉnh" too); lower-case "quy hoạch tỉnh <Tỉnh>" (kh-7099
    l.384); "quy hoạch chung xây dựng <khu>" (sct l.4520) and "quy hoạch phân khu chức
    năng <Khu …>" (l.4526). Not named: "quy hoạch tỉnh" (kh-7099 l.196), "Quy hoạch vùng
    nguyên liệu gỗ" (a heading, sct l.1657), "Quy hoạch Bô xít" (l.4609).
    """
    if doc.f(scan.words[0]) == "tinh" and (capital or feats.province):
        if not scan.period:
            _cut_at_anchor(doc, scan, feats, minimum=1)
        return 0.9 if scan.period else 0.75
    if first == "chung xay" or (_starts_with(doc, scan.words, "phan khu chuc nang") and feats.anchor is not None):
        if not scan.period:
            _cut_at_anchor(doc, scan, feats, minimum=3)
        return 0.85
    return 0.9 if capital and scan.period else None


def _starts_with(doc: _Text, words: list[int], phrase: str) -> bool:
    """The name's words start with ``phrase`` (folded)."""
    wanted = phrase.split()
    return [doc.f(i) for i in words[: len(wanted)]] == wanted


def _cut_at_anchor(doc: _Text, scan: _Scan, feats: _Features, minimum: int) -> None:
    """End a period-less Quy hoạch name at its last proper noun (sct l.4533: "… (giai đoạn I) gặp …")."""
    if scan.alias is not None:
        return
    keep = minimum
    if feats.anchor is not None and feats.anchor in scan.words:
        keep = max(keep, scan.words.index(feats.anchor) + 1)
    scan.words = scan.words[:keep]
    scan.end = doc.ends[scan.words[-1]]


# --- shapes with their own reader ------------------------------------------------------------


def _read_plan_of(doc: _Text, match: re.Match[str]) -> NamedMention | None:
    """An unnumbered plan named after the numbered document it carries out.

    "Kế hoạch hành động thực hiện Quyết định số 1968/QĐ-TTg" (sct l.1291); "Kế hoạch thực
    hiện Nghị quyết số 93/NQ-CP" (bentre l.19). The name ends with the symbol.
    """
    plan = _PLAN_OF_RE.match(doc.fold, match.end())
    if plan is None or _is_self_reference(doc, match.start(), plan.end("symbol")):
        return None
    return _mention(doc, match, "ke_hoach", doc.rpos(match.start()), plan.end("symbol"), 0.85, quoted=False)


def _is_self_reference(doc: _Text, start: int, end: int) -> bool:
    """ "ban hành <name> … như sau:" is the host document's own promulgation formula:
    "UBND tỉnh Bình Dương ban hành Kế hoạch thực hiện Nghị quyết số 111/NQ-CP … như sau:"
    (kh-7099 l.27-31) is plan 7099/KH-UBND itself."""
    if not re.search(r"ban\s+hanh\s*:?\s*$", doc.fold[max(0, start - 12) : start]):
        return False
    sentence = re.split(r"[;.]\s|\n\s*\n", doc.fold[end : end + 400], maxsplit=1)[0]
    return "nhu sau" in sentence


def _read_law(doc: _Text, match: re.Match[str], last: int) -> list[NamedMention]:
    """A law by its field, with its year if printed.

    "Luật đất \\nđai" (sct l.340), "Luật Chính quyền địa phương thì" (l.5253), "Luật
    \\n\\nTrồng trọt 2018" (l.2400), and two laws in "Luật đầu tư năm 2014 và năm 2020"
    (l.5087). "pháp luật" (lower case) is no law.
    """
    words: list[int] = []
    i = last + 1
    doc.touch_end(i + 24)
    while i < len(doc.kinds) and len(words) < 8:
        if doc.kinds[i] == _SPACE:
            # A blank line before the field is PDF layout: "Luật \n\nTrồng trọt" (l.2400).
            if doc.f(i).count("\n") >= 2 and (words or not _field_word_next(doc, i)):
                break
        elif doc.kinds[i] != _WORD or doc.f(i).isdigit() or _law_word_stops(doc, i, words):
            break
        elif not words and doc.o(i) in {"sư", "lệ", "pháp"} | _STOP_WORDS:
            return []
        else:
            words.append(i)
        i += 1
    if not words:
        return []
    end, confidence = doc.ends[words[-1]], 0.85
    year = _LAW_YEAR_RE.match(doc.fold, end)
    if year:
        end, confidence = year.end(), 0.9
    mentions = [_mention(doc, match, "luat", doc.rpos(match.start()), end, confidence, quoted=False)]
    second = _LAW_AND_YEAR_RE.match(doc.fold, end) if year else None
    if year and second:
        body = mentions[0].name[: mentions[0].name.rfind(year.group(1))].rstrip()
        start, stop = doc.rpos(second.start(1) if second.group(1) else second.start(2)), doc.rpos(second.end())
        name = f"{body} {second.group(2)}"
        mentions.append(NamedMention(start, stop, DocType.LAW, "luat", name, doc.raw[start:stop], False, 0.8))
    return mentions


def _law_word_stops(doc: _Text, i: int, words: list[int]) -> bool:
    """Word ``i`` ends a law's field: a stop word ("Luật Đầu tư quy định …"), or the
    next document ("Luật đầu tư và Nghị định …"). "và" goes on inside a field
    ("Luật Hỗ trợ doanh nghiệp nhỏ và vừa")."""
    o = doc.o(i)
    if o == "và":
        j = doc.next_word(i, 2)
        return j is None or doc.cap(j) or doc.o(j) in _LAW_STOPS or doc.f(j).isdigit()
    return o in _LAW_STOPS or bool(words and doc.cap(i) and _TYPE_HEAD_RE.match(doc.fold, doc.starts[i]))


def _field_word_next(doc: _Text, i: int) -> bool:
    """The next token is a word that may open a law's field (not another document or issuer)."""
    j = doc.next_solid(i)
    return j is not None and doc.kinds[j] == _WORD and not (doc.cap(j) and _starts_document_or_issuer(doc, j))


def _read_congress(doc: _Text, match: re.Match[str], last: int) -> NamedMention | None:
    """A Party congress resolution: "Nghị quyết Đại hội Đại biểu toàn quốc lần thứ XIII
    của Đảng, nhiệm kỳ 2021-2026" (sct l.23), "Nghị quyết đại hội Đảng bộ tỉnh lần
    \\n\\nthứ XI" (l.4589). Between "Đại hội" and "lần thứ" only the congress's own
    words and a place may come."""
    for i in range(last + 1, min(last + 41, len(doc.kinds))):
        if doc.kinds[i] == _PUNCT:
            return None
        if doc.kinds[i] != _WORD:
            continue
        prev = doc.prev_solid(i)
        if prev is not None and doc.f(prev) == "thu" and _ROMAN_RE.fullmatch(doc.f(i)):
            tail = _CONGRESS_END_RE.match(doc.fold, doc.ends[i])
            end = tail.end() if tail else doc.ends[i]
            return _mention(doc, match, "nghi_quyet_dai_hoi", doc.rpos(match.start()), end, 0.95, quoted=False)
        if doc.f(i) not in _CONGRESS_WORDS and not doc.cap(i):
            return None
    doc.touch_end(last + 41)
    return None


def _bare_acronyms(text: str, found: list[NamedMention]) -> list[NamedMention]:
    """Trade agreements cited by acronym alone ("EVFTA, RCEEP, UKVFTA", sct l.1192-1193)."""
    spans = [(m.start, m.end) for m in found]
    out = []
    for match in _FTA_RE.finditer(text):
        if not any(s <= match.start() < e for s, e in spans):
            name = f"Hiệp định {match.group()}"
            start, end = match.span()
            out.append(NamedMention(start, end, DocType.OTHER, "hiep_dinh", name, match.group(), False, 0.85))
    return out


# --- building the mention ------------------------------------------------------------------


def _make_mention(doc: _Text, match: re.Match[str], detail: str, scan: _Scan, confidence: float) -> NamedMention | None:
    """Turn a judged scan into a mention, starting at a quote opened before the type word."""
    start = match.start()
    before = doc.prev_solid(doc.token_at(match.start()))
    if scan.quoted and before is not None and doc.f(before) in _OPEN_QUOTES:
        start = doc.starts[before]
    if _is_self_reference(doc, start, scan.end):
        return None
    return _mention(doc, match, detail, doc.rpos(start), scan.end, confidence, scan.quoted)


def _mention(
    doc: _Text, match: re.Match[str], detail: str, start: int, fold_end: int, confidence: float, quoted: bool
) -> NamedMention:
    """Assemble a mention: ``start`` is an original offset, ``fold_end`` a folded one."""
    end = doc.rpos(fold_end)
    type_raw = doc.rslice(match.start(), match.end())
    name = _clean_name(type_raw, doc.raw[doc.rpos(match.end()) : end])
    if _looks_like_ocr(name):
        confidence = round(confidence - 0.1, 2)
    return NamedMention(start, end, _KIND_OF[detail], detail, name, doc.raw[start:end], quoted, confidence)


def _looks_like_ocr(name: str) -> bool:
    """A Vietnamese name printed (almost) without diacritics is OCR text: trust it less.

    Example:
        >>> _looks_like_ocr("Quy hoach tinh Binh Duong thoi ky 2021-2030, tim nhin dén nim 2050")
        True
    """
    marked = sum(1 for c in name if c.isalpha() and not c.isascii())
    return marked <= 2 and bool(re.search(r"\b(?:tinh|hoach|giai|doan|phat|trien|nam)\b", name))


def _clean_name(type_raw: str, body: str) -> str:
    """One-line name, quotes removed, the type word first and capitalised.

    Example:
        >>> _clean_name("đề án", " “Phát triển công nghiệp\\nnông thôn tỉnh Bình Phước”")
        'Đề án Phát triển công nghiệp nông thôn tỉnh Bình Phước'
    """
    label = " ".join(type_raw.split())
    text = re.sub(f"[{_QUOTE_CHARS}]", " ", unicodedata.normalize("NFC", body)).translate(_DASHES)
    text = re.sub(r"(\d)\s*-\s*(\d)", r"\1-\2", " ".join(text.split())).strip(" ,;:.…-")
    return f"{label[:1].upper()}{label[1:]} {text}".strip()


# --- back references ---------------------------------------------------------------------

_BACK_KINDS: list[tuple[str, DocType]] = [
    (r"ket\s+luan", DocType.CONCLUSION),
    (r"ke\s+hoach", DocType.PLAN),
    (r"(?:de|phuong|du)\s+an", DocType.SCHEME),
    (r"quyet\s+dinh", DocType.DECISION),
    (r"nghi\s+quyet", DocType.RESOLUTION),
    (r"chu[a-z]{0,2}ong\s+trinh", DocType.PROGRAMME),
    (r"cong\s+van", DocType.OFFICIAL_LETTER),
    (r"chi\s+thi", DocType.DIRECTIVE),
    (r"nghi\s+dinh", DocType.DECREE),
    (r"thong\s+tu", DocType.CIRCULAR),
    (r"luat", DocType.LAW),
    (r"quy\s+(?:dinh|che)", DocType.REGULATION),
    (r"huong\s+dan", DocType.GUIDANCE),
    (r"thong\s+bao", DocType.NOTICE),
    (r"to\s+trinh", DocType.SUBMISSION),
    (r"(?:quy\s+hoach|chien\s+luoc|hiep\s+dinh)", DocType.OTHER),
]
_BACK_RE = re.compile(
    r"(?<![a-z0-9])(?:"
    + "|".join(f"(?P<k{i}>{p})" for i, (p, _) in enumerate(_BACK_KINDS))
    + r")\s+(?P<ref>neu\s+tren|noi\s+tren|da\s+neu|nay|tren|do)(?![a-z0-9])"
)
_BACK_WORDS = {"nêu trên", "nói trên", "đã nêu", "này", "trên", "đó"}
_BACK_WORDS_OCR = {"nay", "tren", "neu tren", "noi tren", "da neu"}  # not "do": the preposition
# After "trên" a noun phrase makes it the preposition: "Đề án trên địa bàn tỉnh", "quy
# hoạch trên các lĩnh vực" (sct l.2829), "chương trình trên Đài PTTH" (l.2625, a capital).
_NOT_AFTER_TREN = {
    "các", "những", "một", "mọi", "cả", "từng", "địa", "cơ", "tổng", "toàn", "nền", "mạng",
    "sàn", "thị", "phạm", "lĩnh", "đài", "trang", "website", "dia", "cac", "co",
}  # fmt: skip


def find_back_references(text: str) -> list[BackRef]:
    """Find short forms that point back at a document: "Kế hoạch này", "Kết luận trên".

    Args:
        text: normalised text.

    Returns:
        The short forms in text order; the resolver points each at the nearest
        preceding document of the same kind. Plural forms ("các Đề án trên") are left
        out: they point at several documents.

    Example:
        >>> [(b.kind.value, b.phrase) for b in find_back_references("nội dung tại Kế hoạch trên vào")]
        [('plan', 'Kế hoạch trên')]
    """
    whole = _Text(text, lo=0, hi=0)
    refs = []
    for match in _BACK_RE.finditer(whole.fold):
        doc = whole.window(match.start(), match.end(), after=40)
        if not _is_back_reference(doc, match):
            continue
        index = next(int(name[1:]) for name, value in match.groupdict().items() if value and name[0] == "k")
        start, end = doc.rpos(match.start()), doc.rpos(match.end())
        refs.append(BackRef(start, end, _BACK_KINDS[index][1], " ".join(text[start:end].split())))
    return refs


def _is_back_reference(doc: _Text, match: re.Match[str]) -> bool:
    """The matched "<type word> này/trên/nêu trên/…" points back at one document."""
    ref = " ".join(doc.rslice(match.start("ref"), match.end("ref")).lower().split())
    ocr = doc.rslice(match.start(), match.end()).isascii()
    if ref not in _BACK_WORDS and not (ocr and ref in _BACK_WORDS_OCR):
        return False
    if match.group("ref") == "tren":
        j = doc.next_solid(doc.token_at(match.end()) - 1)
        if j is not None and doc.kinds[j] == _WORD and (doc.cap(j) or doc.o(j) in _NOT_AFTER_TREN):
            return False
    prev = doc.prev_solid(doc.token_at(match.start()))
    return prev is None or doc.o(prev) not in _GENERIC_BEFORE


# --- identity: signatures, comparison, clusters, keys -------------------------------------

# Filler left out of a topic (original spelling; the ASCII forms serve OCR text, where
# "cua" may be "cửa" and is kept).
_TOPIC_DROP = {"các", "của", "về", "và", "ở", "giữa", "những", "năm", "số", "cac", "ve", "va"}
_NATIONAL = {("quoc", "gia"), ("viet", "nam"), ("toan", "quoc")}


@dataclass(frozen=True)
class _Signature:
    """The identity facets of a name, all folded.

    ``topic`` is what the document is about, the other facets taken out; ``province``
    the place ("binh phuoc", or "quoc gia" for a national scope); ``start``/``end``/
    ``horizon`` the period; ``year`` a law's year; ``alias`` an acronym or a
    parenthesised short name; ``congress`` "toan quoc xiii" or "tinh xi".
    """

    kind: str
    topic: tuple[str, ...]
    province: str | None = None
    start: int | None = None
    end: int | None = None
    horizon: int | None = None
    year: int | None = None
    alias: str | None = None
    congress: str | None = None
    odd_period: bool = False  # an end year that is no year ("2021-230", sct l.1023)

    @property
    def facets(self) -> int:
        """How many identity facets the name states."""
        return sum(x is not None for x in (self.province, self.start, self.end, self.horizon, self.alias))


@lru_cache(maxsize=4096)
def _signature(name: str) -> _Signature:
    """Read the identity facets of a name (a NamedMention.name or any printed name).

    Example:
        >>> s = _signature("Đề án “Phát triển công nghiệp hỗ trợ tỉnh Bình Phước giai đoạn 2021-2025”")
        >>> (s.kind, " ".join(s.topic), s.province, s.start, s.end)
        ('de_an', 'phat trien cong nghiep ho tro', 'binh phuoc', 2021, 2025)
    """
    raw = " ".join(re.sub(f"[{_QUOTE_CHARS}]", " ", unicodedata.normalize("NFC", name)).split())
    if _FTA_RE.fullmatch(raw):
        return _Signature("hiep_dinh", (), alias=_ACRONYM_ALIASES.get(raw.lower(), raw.lower()))
    doc = _Text(raw)
    head = _TRIGGER_RE.match(doc.fold)
    kind = head.lastgroup if head and head.lastgroup else "unknown"
    body = head.end() if head else 0
    alias, cut = _signature_alias(doc, body)
    start, end, horizon = _period_facets(doc.fold, body)
    province, topic = _topic_and_place(doc, body, cut)
    year = congress = None
    if kind == "luat" and (found := re.search(rf"(?:{_NAM}\s+)?({_YEAR})\s*$", doc.fold)):
        year = int(found.group(1))
        topic = tuple(w for w in topic if w != found.group(1))
    if kind == "nghi_quyet_dai_hoi":
        congress = _congress_facet(doc.fold)
        province = None if congress and congress.startswith("toan quoc") else province
    if kind == "hiep_dinh":
        province = None  # partners are no place: "Việt Nam - EU (EVFTA)"
        alias = alias or next((_ACRONYM_ALIASES.get(w, w) for w in topic if _FTA_RE.fullmatch(w.upper())), None)
    odd = start is not None and end is None and bool(re.search(rf"{start}\s*-\s*\d", doc.fold))
    return _Signature(kind, topic, province, start, end, horizon, year, alias, congress, odd)


def _signature_alias(doc: _Text, body: int) -> tuple[str | None, list[tuple[int, int]]]:
    """A name's alias (from a parenthetical) and the folded spans to leave out of its topic.

    "(XTTM)" abbreviates words already in the name (sct l.1852) and is no alias;
    "(EVFTA)" and "(Quy hoạch Điện VIII)" are.
    """
    alias = None
    cut: list[tuple[int, int]] = []
    for par in re.finditer(r"\(([^()]{1,60})\)", doc.fold[body:]):
        inner_raw = doc.rslice(body + par.start(1), body + par.end(1)).strip()
        inner = par.group(1).strip()
        head = _TYPE_HEAD_RE.match(inner)
        if _ACRONYM_RE.fullmatch(inner_raw) and _FTA_RE.fullmatch(inner_raw):
            alias = _ACRONYM_ALIASES.get(inner, inner)
        elif head and not _ACRONYM_RE.fullmatch(inner_raw):
            alias = inner[head.end() :].strip() or alias
        cut.append((body + par.start(), body + par.end()))
    return alias, cut


def _period_facets(fold: str, start: int) -> tuple[int | None, int | None, int | None]:
    """(start, end, horizon) of the first period in a folded name; end None if not a year."""
    tail = _TAIL_RE.search(fold, start)
    if tail is None:
        return None, None, None
    first = int(tail.group("start")) if tail.group("start") else None
    end_raw = tail.group("end") or tail.group("end1") or tail.group("end2")
    end = int(end_raw) if end_raw and len(end_raw) == 4 else None  # "2021-230" (sct l.1023)
    years = _YEAR_RE.findall(tail.group("more") or "")
    return first, end, int(years[0]) if years else None


def _congress_facet(fold: str) -> str | None:
    """ "toan quoc xiii" or "tinh xi" for a congress resolution."""
    number = re.search(r"lan\s+thu\s+([ivxl]+)", fold)
    if number is None:
        return None
    level = "toan quoc" if "toan quoc" in fold else "tinh" if re.search(r"\btinh\b", fold) else "?"
    return f"{level} {number.group(1)}"


def _topic_and_place(doc: _Text, body: int, cut: list[tuple[int, int]]) -> tuple[str | None, tuple[str, ...]]:
    """Split a name's body (before its period) into its place and its topic words.

    "trên địa bàn tỉnh" and a "tỉnh" without a name are filler; "tỉnh <Name>" and
    "thành phố <Name>" give the place; "quốc gia", "Việt Nam", "toàn quốc" a national one.
    """
    tail = _TAIL_RE.search(doc.fold, body)
    indices = [
        i for i in range(doc.token_at(body), doc.token_at(tail.start() if tail else len(doc.fold)))
        if doc.kinds[i] == _WORD and not any(a <= doc.starts[i] < b for a, b in cut)
    ]  # fmt: skip
    words = [doc.f(i) for i in indices]
    province: str | None = None
    keep: list[str] = []
    k = 0
    while k < len(words):
        w, nxt = words[k], words[k + 1] if k + 1 < len(words) else ""
        if (w, nxt) in _NATIONAL:
            province, k = province or "quoc gia", k + 2
        elif w in {"tinh", "pho"} and k + 1 < len(words) and doc.cap(indices[k + 1]):
            j = k + 1
            while j < len(words) and doc.cap(indices[j]) and j - k <= 4:
                j += 1
            province, k = " ".join(words[k + 1 : j]), j
        elif words[k : k + 3] == ["tren", "dia", "ban"]:
            k += 3
        else:
            if doc.o(indices[k]) not in _TOPIC_DROP and w != "tinh" and (w, nxt) != ("thanh", "pho"):
                keep.append(w)
            k += 1
    if not keep and "tinh" in words:
        keep = ["tinh"]  # "Quy hoạch tỉnh": the province's own plan
    return province, tuple(keep)


def _conflicts(a: _Signature, b: _Signature) -> bool:
    """Two names that cannot be one document: a stated facet differs.

    Periods differ when the start years differ, or the end years differ, except that a
    differing end with the same start and the same stated horizon is read as a typo:
    "Quy hoạch tỉnh Bình Phước thời kỳ 2021-2023, tầm nhìn đến năm 2050" (sct l.4573)
    for 2021-2030 (l.1639). A law's year must match exactly, a missing year included:
    "Luật Đầu tư" (no year) is kept apart from "Luật Đầu tư 2014" and from 2020.
    """
    typo = a.start is not None and a.start == b.start and a.horizon is not None and a.horizon == b.horizon
    return (
        a.kind != b.kind
        or bool(a.province and b.province and not _close(a.province, b.province))
        or bool(a.start and b.start and a.start != b.start)
        or bool(a.horizon and b.horizon and a.horizon != b.horizon)
        or bool(a.end and b.end and a.end != b.end and not typo)
        or (a.kind == "luat" and a.year != b.year)
        or bool(a.alias and b.alias and a.alias != b.alias)
        or bool(a.congress and b.congress and not _same_congress(a.congress, b.congress))
    )


def _same_congress(a: str, b: str) -> bool:
    """Same congress number, and the same level where both are stated ("toan quoc", "tinh")."""
    (level_a, number_a), (level_b, number_b) = a.rsplit(" ", 1), b.rsplit(" ", 1)
    return number_a == number_b and (level_a == level_b or "?" in (level_a, level_b))


def _close(a: str, b: str) -> bool:
    """Equal, or one OCR slip apart ("binh duwong" for "binh duong")."""
    return a == b or _ocr_slip(a, b)


def _ocr_slip(a: str, b: str) -> bool:
    """Two words one edit apart, both of four letters or more and without digits.

    Numbers never differ by a slip: "1968/QĐ-TTg" is not "1969/QĐ-TTg".
    """
    if min(len(a), len(b)) < 4 or any(c.isdigit() for c in a + b):
        return False
    return Levenshtein.distance(a, b) <= 1


def _same_identity(a: _Signature, b: _Signature) -> bool:
    """Positive evidence that two names are one document, facets aside.

    The same alias or acronym ("EVFTA"), the same congress, or the same topic word for
    word, where a word may differ by one OCR slip and the whole topic must still score
    ≥ 90 with rapidfuzz (a law's field must be equal). Topics never match as subsets:
    "phát triển cụm công nghiệp" is not "phát triển các khu công nghiệp, khu kinh tế,
    cụm công nghiệp" (sct l.144 vs l.120).
    """
    if a.alias and a.alias == b.alias:
        return True
    if a.congress or b.congress:
        return bool(a.congress and b.congress and _same_congress(a.congress, b.congress))
    if not a.topic or len(a.topic) != len(b.topic):
        return False
    if a.kind == "luat":
        return a.topic == b.topic
    if not all(x == y or _ocr_slip(x, y) for x, y in zip(a.topic, b.topic, strict=True)):
        return False
    return fuzz.ratio(" ".join(a.topic), " ".join(b.topic)) >= 90


def same_named_document(a: str, b: str) -> bool:
    """Decide whether two printed names name the same document.

    Rule: no stated facet conflicts (kind, place, period, a law's year, acronym,
    congress; :func:`_conflicts`) and there is positive evidence of identity (the same
    acronym or congress, or the same topic after folding; :func:`_same_identity`). A
    name that leaves a facet out ("… tỉnh Bình Phước" without its period) is compatible
    with one that states it; a law's year is never left out.

    Args:
        a: a name as printed or as cleaned by :func:`find_named_documents`.
        b: another.

    Returns:
        True when they are one document.

    Example:
        >>> same_named_document("Luật Đầu tư 2014", "Luật đầu tư năm 2020")
        False
    """
    sa, sb = _signature(a), _signature(b)
    return not _conflicts(sa, sb) and _same_identity(sa, sb)


def cluster_names(names: Sequence[str]) -> list[int]:
    """Group names that name the same document.

    Rule: names are taken most specific first (:func:`_rank`), so the result does not
    depend on input order; the first name of a cluster is its representative. A later
    name joins a cluster when it does not conflict with the representative
    (:func:`_conflicts`) and shows identity with some member (:func:`_same_identity`).
    A name that could join two clusters stays on its own: "Quy hoạch tỉnh" beside the
    plans of two provinces names neither for certain. Names are judged alone, so
    cluster one file's (or one jurisdiction's) names at a time.

    Args:
        names: printed or cleaned names.

    Returns:
        A cluster id per name, numbered 0, 1, … in order of first appearance.

    Example:
        >>> cluster_names(["Luật Đầu tư 2020", "Luật đầu tư năm 2020", "Luật Đầu tư 2014"])
        [0, 0, 1]
    """
    return _clusters(names)[0]


def cluster_keys(names: Sequence[str]) -> list[str]:
    """A key per name: the key (:func:`named_key`) of its cluster's representative.

    Keys come from the canonical folded signature, not from which spelling came first,
    so wording variants that fold alike share one key in any order. The representative
    is the cluster's most specific name (:func:`_rank`); a new file moves a cluster's key
    only by stating a facet no earlier name stated (a province, a period), which makes
    the key more specific, or by outnumbering the current spelling of a facet.

    Args:
        names: printed or cleaned names.

    Returns:
        One key per name.

    Example:
        >>> cluster_keys(["Quy hoạch tỉnh", "Quy hoạch tỉnh Bình Phước thời kỳ 2021-2030"])[0]
        'other:quy-hoach-tinh-binh-phuoc-2021-2030'
    """
    return _clusters(names)[1]


def _rank(sigs: Sequence[_Signature], names: Sequence[str]) -> list[int]:
    """Order of names, most specific first: most facets, a plausible period, most often
    printed, then by slug and name, so ties never depend on input order.

    A planning period ends on a multiple of five years: "thời kỳ 2021-2023", printed
    three times for "thời kỳ 2021-2030" (sct l.4573, l.4755, l.5362), must not lead.
    """
    counts: dict[_Signature, int] = {}
    for sig in sigs:
        counts[sig] = counts.get(sig, 0) + 1

    def rank(i: int) -> tuple[int, int, int, str, str]:
        sig = sigs[i]
        plausible = not sig.odd_period and (sig.end is None or sig.end % 5 == 0)
        return (-sig.facets, -int(plausible), -counts[sig], _slug(sig), names[i])

    return sorted(range(len(names)), key=rank)


def _clusters(names: Sequence[str]) -> tuple[list[int], list[str]]:
    """Cluster ids (by first appearance) and each name's cluster key."""
    sigs = [_signature(n) for n in names]
    clusters: list[list[int]] = []
    owner = [-1] * len(names)
    for i in _rank(sigs, names):
        fits = [
            c for c, members in enumerate(clusters)
            if not _conflicts(sigs[i], sigs[members[0]]) and any(_same_identity(sigs[i], sigs[m]) for m in members)
        ]  # fmt: skip
        if len(fits) != 1:
            fits = [len(clusters)]
            clusters.append([])
        clusters[fits[0]].append(i)
        owner[i] = fits[0]
    renumber: dict[int, int] = {}
    ids = [renumber.setdefault(c, len(renumber)) for c in owner]
    keys = [_key(sigs[clusters[c][0]]) for c in owner]
    return ids, keys


def named_key(mention: NamedMention | str) -> str:
    """A readable, deterministic key for one named document.

    Args:
        mention: a mention or a name.

    Returns:
        ``"<doc_type>:<slug>"``, the slug made of the folded topic, the place and the
        period's years (a law: its year; an agreement: its acronym; a congress
        resolution: its level and number). A topic of more than twelve words keeps its
        first ten and a short hash of the rest.

    Example:
        >>> named_key("Đề án phát triển công nghiệp hỗ trợ tỉnh Bình Phước giai đoạn 2021-2025")
        'scheme:phat-trien-cong-nghiep-ho-tro-binh-phuoc-2021-2025'
    """
    return _key(_signature(mention.name if isinstance(mention, NamedMention) else mention))


def _key(sig: _Signature) -> str:
    """``<doc_type>:<slug>`` for a signature."""
    kind = _KIND_OF.get(sig.kind, DocType.OTHER)
    return f"{kind.value}:{_slug(sig)}"


def _slug(sig: _Signature) -> str:
    """The slug of a key (see :func:`named_key`)."""
    parts: list[str] = [sig.kind.replace("_", " ")] if sig.kind in {"quy_hoach", "chien_luoc", "hiep_dinh"} else []
    if sig.kind == "hiep_dinh" and sig.alias:
        return _slugify([*parts, sig.alias])
    if sig.kind == "nghi_quyet_dai_hoi" and sig.congress:
        level, number = sig.congress.rsplit(" ", 1)
        return _slugify(["dai hoi", level, sig.province or "", number])
    parts += [*_short_topic(sig.topic), sig.province or ""]
    if sig.start or sig.end:
        parts.append("-".join(str(y) for y in (sig.start, sig.end) if y) if sig.start else f"den {sig.end}")
    if sig.year:
        parts.append(str(sig.year))
    return _slugify(parts)


def _short_topic(topic: tuple[str, ...], limit: int = 12) -> list[str]:
    """The topic words of a slug: all of them, or the first ten and a short hash.

    The hash keeps two long topics that share their first words apart.

    Example:
        >>> _short_topic(("phat", "trien"))
        ['phat', 'trien']
    """
    if len(topic) <= limit:
        return list(topic)
    digest = hashlib.blake2s(" ".join(topic).encode(), digest_size=2).hexdigest()
    return [*topic[: limit - 2], digest]


def _slugify(parts: Sequence[str]) -> str:
    """Join folded words with hyphens, keeping only letters and digits."""
    words = [w for p in parts for w in re.split(r"[^a-z0-9]+", p) if w]
    return "-".join(words) or "unnamed"
