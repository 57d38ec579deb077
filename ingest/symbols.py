"""Document symbols (số ký hiệu): parse one, canonicalise it, find them all in a text.

Three families (domain.md §1); ``Symbol.canonical`` prints each one way::

    family     canonical shape                 examples
    state      N/TYPE-ISSUER[-UNIT]            327/KH-UBND, 1489/QĐ-TTg
               N/ISSUER-UNIT  (công văn)       1297/SKHĐT-QLQH, 3555/UBND-TH
    normative  N/YEAR/TYPE-ISSUER              07/2019/NQ-HĐND, 80/2021/NĐ-CP
               N/YEAR/QHnn    (law)            45/2019/QH14
    party      N-TYPE/ISSUER[-ISSUER]          361-KL/TU, 05-QC/BTCTU-BDVTU

The issuer decides the family: ``361/KL-TU`` is a Party symbol spelled state-style and
canonicalises to ``361-KL/TU``. When the issuer is unknown the printed shape decides.

Spellings repaired at full confidence: spaces around ``/`` and ``-``, en/em dashes,
letter case of known codes (``17-Ctr/TU``), ``D`` for ``Đ`` in known codes (``QD``,
``HDND``, ``SKHDT``), ``Ð`` (U+00D0) for ``Đ``. Repairs that are a reading, not a
spelling, lower ``SymbolMatch.confidence`` (see the ``_CONFIDENCE_*`` constants):
a glued type and issuer (``1707/QĐUBND``), a footnote digit glued on (``361-KL/TU2``),
an issuer cut by a line break (``361-KL/T\\nU``), OCR separators (``111:CTr/TU``,
``29—NQ{TW``) and OCR digits (``llql/NQ—CP`` → ``111/NQ-CP``).

Not symbols: dates (``25/6/2022``), fractions and scales (``1/2000``, ``24/7``), ranges
(``2021-2025``, ``9-10%``), ``COVID-19``, a code with no issuer (``01/BC``), a number cut
from its issuer by a line break (``339/KH-\\nUBND``: the normaliser joins those first),
and technical standards: ``QCVN 40:2011/BTNMT`` is skipped on purpose, because a
standard is not a node of the lineage graph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from ..graph.model import DocType
from .textfold import fold

__all__ = [
    "NATIONAL_ISSUERS",
    "PARTY_ISSUERS",
    "STATE_ISSUERS",
    "TYPE_CODES",
    "Symbol",
    "SymbolMatch",
    "canonical_symbol",
    "find_blank_symbol",
    "find_symbols",
    "parse_symbol",
]

Family = Literal["state", "normative", "party"]

# Confidence of a match, multiplied together when several repairs were needed.
_CONFIDENCE_REPAIR = 0.9  # glued type+issuer, footnote digit, issuer cut by a line break
_CONFIDENCE_OCR_SEPARATOR = 0.8  # ":" read for "-", "{" read for "/" (binhduong OCR:162-163)
_CONFIDENCE_OCR_DIGITS = 0.6  # "l"/"I" read for "1", "O" for "0" in the number (binhduong OCR:162)

# Type codes. State: NĐ 30/2020 Phụ lục III; normative: NĐ, TT, TTLT, NQLT, L; variants
# seen in practice: CV, QCh, DAn (domain.md §1), BCTĐ (binhphuoc_sct:5038 "1860/BCTĐ-SXD"),
# KL from a ministry (binhphuoc_sct:5069 "690/KL-BKHĐT").
_STATE_TYPES = (
    "NQ QĐ CT QC QyĐ TC TB HD CTr KH PA ĐA DA BC BB TTr HĐ CĐ BGN BTT GUQ GM GGT GNP "
    "PG PC PB SY TrS SL NĐ TT TTLT NQLT L CV QCh DAn BCTĐ KL"
).split()
_PARTY_TYPES = "NQ CT KL QĐ QĐi QC BC TTr TB HD CTr TT BB CV KH".split()
TYPE_CODES: frozenset[str] = frozenset(_STATE_TYPES + _PARTY_TYPES)

# Issuers. National ones need no province (domain.md §1, "Identity").
_NATIONAL_STATE = (
    "CP TTg VPCP QH UBTVQH CTN TANDTC VKSNDTC KTNN NHNN TTCP UBDT BCA BCT BGDĐT BGTVT BKHCN "
    "BKHĐT BLĐTBXH BNG BNNPTNT BNNMT BNV BQP BTC BTNMT BTP BTTTT BVHTTDL BXD BYT BDTTG"
).split()
_LOCAL_STATE = (
    "UBND HĐND VPUBND VPHĐND VPĐĐBQH BQLKKT BQL BCĐ SCT SKHĐT SKHCN STC SNN SNNPTNT STNMT "
    "SXD SGTVT SLĐTBXH SYT SGDĐT STTTT SVHTTDL SVHTT SNV STP SNgV SNNMT SDTTG"
).split()
_NATIONAL_PARTY = "TW VPTW BTCTW BTGTW BDVTW BKTTW BNCTW BTGDVTW UBKTTW".split()
_LOCAL_PARTY = "TU HU QU ThU ĐU ĐUK BCSĐ ĐĐ VPTU BTCTU BTGTU BDVTU BNCTU BTGDVTU UBKTTU ĐUKCQ ĐUKDN".split()

STATE_ISSUERS: frozenset[str] = frozenset(_NATIONAL_STATE + _LOCAL_STATE)
PARTY_ISSUERS: frozenset[str] = frozenset(_NATIONAL_PARTY + _LOCAL_PARTY)
NATIONAL_ISSUERS: frozenset[str] = frozenset(_NATIONAL_STATE + _NATIONAL_PARTY)
# Issuers that really carry digits: the National Assembly term ("45/2019/QH14") and
# numbered steering committees ("BCĐ389"). Digits after any other known issuer are a
# footnote mark glued on by PDF text (binhphuoc_sct:344 "361-KL/TU2").
_DIGIT_ISSUERS = frozenset({"QH", "UBTVQH", "BCĐ"})

_DOC_TYPES: dict[str, DocType] = {
    "NQ": DocType.RESOLUTION, "NQLT": DocType.RESOLUTION, "KL": DocType.CONCLUSION,
    "CTr": DocType.PROGRAMME, "QĐ": DocType.DECISION, "KH": DocType.PLAN,
    "BC": DocType.REPORT, "BCTĐ": DocType.REPORT, "CV": DocType.OFFICIAL_LETTER,
    "ĐA": DocType.SCHEME, "PA": DocType.SCHEME, "DA": DocType.SCHEME, "DAn": DocType.SCHEME,
    "CT": DocType.DIRECTIVE, "NĐ": DocType.DECREE, "TT": DocType.CIRCULAR,
    "TTLT": DocType.CIRCULAR, "L": DocType.LAW, "QC": DocType.REGULATION,
    "QyĐ": DocType.REGULATION, "QĐi": DocType.REGULATION, "QCh": DocType.REGULATION,
    "HD": DocType.GUIDANCE, "TB": DocType.NOTICE, "TTr": DocType.SUBMISSION,
}

_ETH = str.maketrans({"Ð": "Đ", "ð": "đ"})  # Icelandic eth, printed for Đ by some PDF fonts


class _Codebook:
    """Known codes looked up in any case, and with ``D`` for ``Đ`` when that is unambiguous.

    ``HD`` (Hướng dẫn) and ``HĐ`` (Hợp đồng), ``DA`` (Dự án) and ``ĐA`` (Đề án) are all
    real, so ``HD``/``DA`` are never "restored"; ``QD`` → ``QĐ`` is.
    """

    def __init__(self, codes: frozenset[str]) -> None:
        self.codes = codes
        self._by_case = {_case_key(c): c for c in codes}
        by_fold: dict[str, str | None] = {}
        for code in codes:
            key = _fold_key(code)
            by_fold[key] = code if by_fold.get(key, code) == code else None
        self._by_fold = {k: v for k, v in by_fold.items() if v is not None}

    def lookup(self, token: str) -> str | None:
        """The canonical spelling of ``token``, or None when it is not a known code."""
        if token in self.codes:
            return token
        key = _case_key(token)
        return self._by_case.get(key) or self._by_fold.get(key.replace("đ", "d"))


def _case_key(token: str) -> str:
    """Lookup key: eth → Đ, then case-folded ("QĐ" → "qđ")."""
    return token.translate(_ETH).casefold()


def _fold_key(token: str) -> str:
    """Lookup key with đ → d too ("QĐ" → "qd")."""
    return _case_key(token).replace("đ", "d")


_TYPES = _Codebook(TYPE_CODES)
_ISSUERS = _Codebook(STATE_ISSUERS | PARTY_ISSUERS)


@dataclass(frozen=True)
class Symbol:
    """A document symbol, its parts in canonical spelling.

    Equality is all fields equal: two documents with the same symbol may still differ by
    issuing body or year (domain.md §1, "Identity"); that is the resolver's business.
    """

    number: str
    year: int | None
    type_code: str | None
    issuer: str
    family: Family

    @property
    def canonical(self) -> str:
        """The printed form: ``327/KH-UBND``, ``07/2019/NQ-HĐND``, ``361-KL/TU``."""
        code = f"{self.type_code}-{self.issuer}" if self.type_code else self.issuer
        if self.family == "party" and self.type_code:
            return f"{self.number}-{self.type_code}/{self.issuer}"
        if self.family == "normative":
            return f"{self.number}/{self.year}/{code}"
        return f"{self.number}/{code}"

    @property
    def doc_type(self) -> DocType:
        """The document kind the type code (and family) says; công văn when there is none."""
        if self.type_code is None:
            law = self.family == "normative" and _is_assembly(self.issuer)
            return DocType.LAW if law else DocType.OFFICIAL_LETTER
        if self.family == "party" and self.type_code == "TT":
            return DocType.OTHER  # Party "TT" is Thông tri, not Thông tư
        return _DOC_TYPES.get(self.type_code, DocType.OTHER)

    @property
    def national(self) -> bool:
        """True when the (first) issuer needs no province: TW, CP, TTg, QH14, BCT…"""
        return _strip_digits(self.issuer.split("-")[0])[0] in NATIONAL_ISSUERS

    def __str__(self) -> str:
        return self.canonical


@dataclass(frozen=True)
class SymbolMatch:
    """A symbol found in text: ``text[start:end] == raw``; confidence 1.0 unless repaired."""

    start: int
    end: int
    raw: str
    symbol: Symbol
    confidence: float


def _is_assembly(issuer: str) -> bool:
    """The National Assembly, with or without its term: "QH", "QH14"."""
    return _strip_digits(issuer)[0] == "QH"


def _strip_digits(token: str) -> tuple[str, str]:
    """Split trailing digits off a code: ``"QH14"`` → ``("QH", "14")``."""
    head = token.rstrip("0123456789")
    return head, token[len(head):]


# --- the pattern -------------------------------------------------------------------

_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_GAP = "[ \\t\u00a0]*"
# A code is letters (ASCII, Đ, or eth) then optional digits, ending at a non-letter:
# Vietnamese words ("Hội", "ngày") fail on their first accented letter.
_CODE = "[A-Za-z\u0110\u0111\u00d0\u00f0]+[0-9]*(?![^\\W_])"
_SYMBOL = re.compile(
    # The number: digits, or OCR glyphs for them ("llql", binhduong OCR:162); checked by
    # _read_number. Starting on a plain character class lets the regex engine skip ahead
    # to candidates (about 5x faster than leading with the lookbehinds). The lookbehinds
    # then look before that first character: not inside a word, a date ("30/9/2021"), a
    # range ("2021-2025") or a standard ("QCVN 40:2011/BTNMT", binhphuoc_sct:4883);
    # "Số:327/KH-UBND" is fine.
    "(?P<num>[0-9lI|O](?<![^\\W_].)(?<![/.," + _DASHES + "].)(?<![0-9]:.)[0-9lI|oOq]{0,5})"
    "(?:" + _GAP + "/" + _GAP + "(?P<year>(?:19|20)[0-9]{2})(?=" + _GAP + "/))?"
    + _GAP + "(?P<sep1>[/:" + _DASHES + "])" + _GAP + "(?P<code1>" + _CODE + ")"
    "(?:" + _GAP + "(?P<sep2>[/{" + _DASHES + "])" + _GAP + "(?P<code2>" + _CODE + "))?"
    # Joint issuers and units take no spaces: "327/KH-UBND - UBND tỉnh" must stop at UBND.
    "(?P<units>(?:[" + _DASHES + "]" + _CODE + ")*)"
)
_UNIT_SPLIT = re.compile("[" + _DASHES + "]")
# The rest of an issuer cut by a table cell: "365-KL/T" + "\n" + "U" (binhphuoc_sct:72-73).
_CONTINUATION = re.compile("\\r?\\n[ \\t]*([A-Za-z\u0110\u0111]+)(?![^\\W_])")
# "Số:" / OCR "S6:" / "sé" before a number: matched on folded text (one char per char).
_NUMBER_WORD = re.compile(r"(?<![a-z0-9])s[o6e]\s*:?", re.ASCII)
# OCR glyphs for digits. "q" is dropped: in "llql/NQ—CP" (binhduong OCR:162, for 111/NQ-CP)
# the scanner split one "1" into "ql".
_OCR_DIGITS = str.maketrans({"l": "1", "I": "1", "|": "1", "o": "0", "O": "0", "q": None})


@dataclass(frozen=True)
class _Parts:
    """The pieces of one regex match: number, optional year, separators and codes."""

    number: str
    year: str | None
    sep1: str | None  # never None from the pattern; typed like _sep's result
    sep2: str | None
    codes: tuple[str, ...]  # code1, then code2 and units when present
    end: int  # end of the matched text (grows when a cut issuer is joined)
    confidence: float = 1.0  # lowered by repairs made before interpretation


@dataclass(frozen=True)
class _Reading:
    """What a match means: the symbol, how sure, and footnote digits to leave out of the span."""

    symbol: Symbol
    confidence: float
    trim: int = 0


# --- public API --------------------------------------------------------------------


def parse_symbol(text: str) -> Symbol | None:
    """Read one symbol in any spelling.

    Args:
        text: a symbol alone, optionally after "Số:" and with trailing punctuation.

    Returns:
        The Symbol, or None when ``text`` is not a symbol.

    Example:
        >>> parse_symbol("361/KL-TU").canonical
        '361-KL/TU'
    """
    candidate = _strip_number_word(text.strip()).rstrip(" .,;)")
    match = _SYMBOL.fullmatch(candidate)
    if match is None:
        return None
    reading = _interpret(_parts_of(match))
    return reading.symbol if reading else None


def canonical_symbol(text: str) -> str | None:
    """The canonical printed form of one symbol, or None when ``text`` is not one.

    Example:
        >>> canonical_symbol("12/2021/NQHĐND")
        '12/2021/NQ-HĐND'
    """
    symbol = parse_symbol(text)
    return symbol.canonical if symbol else None


def find_symbols(text: str) -> list[SymbolMatch]:
    """Every symbol in ``text``, in text order, non-overlapping.

    Matches do not cross line breaks, except an issuer cut by a table cell when the two
    halves join into a known issuer ("361-KL/T\\nU"). A footnote digit glued on
    ("361-KL/TU2") is left out of the span.

    Args:
        text: normalised (NFC) text; offsets are offsets into it.

    Returns:
        SymbolMatch objects in text order.

    Example:
        >>> [m.symbol.canonical for m in find_symbols("Kết luận số 361/KL-TU ngày 25/6/2022")]
        ['361-KL/TU']
    """
    found: list[SymbolMatch] = []
    pos = 0
    while (match := _SYMBOL.search(text, pos)) is not None:
        parts = _join_cut_issuer(text, _parts_of(match))
        reading = _interpret_printed(parts.number, parts.year, parts.sep1, parts.sep2, parts.codes, parts.confidence)
        if reading is None:
            pos = match.start() + 1  # a valid symbol may start inside a rejected span
            continue
        end = parts.end - reading.trim
        found.append(SymbolMatch(match.start(), end, text[match.start():end],
                                 reading.symbol, round(reading.confidence, 3)))
        pos = end
    return found


def find_blank_symbol(line: str) -> str | None:
    """The type-issuer code of a header line whose number is left blank.

    Drafts and reports print ``Số:      /BC-SCT`` and fill the number in by hand.

    Args:
        line: one header line.

    Returns:
        The canonical code with its leading separator ("/BC-SCT", "/SCT-VP", "-BC/TU"),
        or None when the line has no blank-number symbol.

    Example:
        >>> find_blank_symbol("Số:           /SCT-VP Bình Phước, ngày       tháng 11 năm 2022")
        '/SCT-VP'
    """
    for word in _NUMBER_WORD.finditer(fold(line)):
        rest = line[word.end():]
        blank = rest.lstrip(" \t\u00a0._…")
        if not blank.startswith(("/", "-", "\u2013", "\u2014")):
            continue  # a printed number: find_symbols' business
        match = _SYMBOL.match("0" + blank)
        if match is None or match.group("year"):
            continue
        reading = _interpret(_parts_of(match))
        if reading is not None:
            return reading.symbol.canonical[1:]
    return None


# --- reading a match ---------------------------------------------------------------


def _strip_number_word(text: str) -> str:
    """Drop a leading "Số:" / "S6" / "sé" (OCR, binhduong:3 "S6: 7099/KH-UBND")."""
    word = _NUMBER_WORD.match(fold(text))
    return text[word.end():].lstrip() if word else text


def _parts_of(match: re.Match[str]) -> _Parts:
    units = tuple(u for u in _UNIT_SPLIT.split(match.group("units")) if u)
    codes = (match.group("code1"),) + ((match.group("code2"),) if match.group("code2") else ()) + units
    return _Parts(match.group("num"), match.group("year"), _sep(match.group("sep1")),
                  _sep(match.group("sep2")), codes, match.end())


def _sep(raw: str | None) -> str | None:
    """Any dash → "-"; "/", ":" and "{" stay as they are (":" and "{" are OCR)."""
    if raw is None or raw in "/:{":
        return raw
    return "-"


def _join_cut_issuer(text: str, parts: _Parts) -> _Parts:
    """Join "T" + "\\n" + "U" into "TU" when only the joined code is a known issuer."""
    cont = _CONTINUATION.match(text, parts.end)
    last = parts.codes[-1]
    if cont is None or len(parts.codes) < 2 or _ISSUERS.lookup(last):
        return parts
    if last + cont.group(1) not in _ISSUERS.codes:
        return parts  # exact spelling only: "TH" + "\n" + "U" must not become ThU
    return replace(parts, codes=parts.codes[:-1] + (last + cont.group(1),), end=cont.end(),
                   confidence=parts.confidence * _CONFIDENCE_REPAIR)


@lru_cache(maxsize=4096)
def _interpret_printed(
    number: str, year: str | None, sep1: str | None, sep2: str | None, codes: tuple[str, ...], confidence: float
) -> _Reading | None:
    """``_interpret`` of the parts printed so, which do not depend on where: a report cites
    the same few documents again and again. The readings are frozen, so they can be shared."""
    return _interpret(_Parts(number, year, sep1, sep2, codes, end=0, confidence=confidence))


def _read_number(raw: str) -> tuple[str, float] | None:
    """The printed digits, repairing OCR letters ("llql" → "111", binhduong OCR:162)."""
    if raw.isdigit():
        return raw, 1.0
    if len(raw) < 2 or not any(c in "0123456789lI|" for c in raw):
        return None  # "oo", "qO": words, not damaged digits
    digits = raw.translate(_OCR_DIGITS)
    return (digits, _CONFIDENCE_OCR_DIGITS) if digits.isdigit() else None


def _interpret(parts: _Parts) -> _Reading | None:
    """Decide the family from the shape and the issuer, and canonicalise every code.

    CASE 1: a year after the number → normative. CASE 2: "/" after the number → state
    (or Party spelled state-style). CASE 3: a dash or ":" after the number → Party.
    """
    number = _read_number(parts.number)
    if number is None:
        return None
    if parts.year is not None:
        reading = _normative(parts)
    elif parts.sep1 == "/":
        reading = _state_shaped(parts)
    else:
        reading = _party_shaped(parts)
    if reading is None:
        return None
    confidence = reading.confidence * parts.confidence
    if number[1] == 1.0:
        return _Reading(reading.symbol, confidence, reading.trim)
    if not _all_known(reading.symbol):
        return None  # OCR digits only when the rest is a clean, known symbol
    symbol = replace(reading.symbol, number=number[0])
    return _Reading(symbol, confidence * number[1], reading.trim)


def _all_known(symbol: Symbol) -> bool:
    """A known type code and a known (first) issuer."""
    head = _strip_digits(symbol.issuer.split("-")[0])[0]
    return symbol.type_code is not None and _ISSUERS.lookup(head) is not None


def _normative(parts: _Parts) -> _Reading | None:
    """``07/2019/NQ-HĐND``, ``45/2019/QH14``, glued ``12/2021/NQHĐND``."""
    year = int(parts.year or 0)
    head, rest = parts.codes[0], list(parts.codes[1:])
    if rest and parts.sep2 == "-":
        type_code, confidence = _TYPES.lookup(head), 1.0
    elif not rest and _is_assembly(head.upper()):
        return _build(parts.number, year, None, [head.upper()], "normative", 1.0)
    elif not rest:
        type_code, first = _split_glued(head) or (None, "")
        rest, confidence = [first], _CONFIDENCE_REPAIR
    else:
        return None
    if type_code is None:
        return None
    return _build(parts.number, year, type_code, rest, "normative", confidence)


def _state_shaped(parts: _Parts) -> _Reading | None:
    """``327/KH-UBND``, công văn ``1297/SKHĐT-QLQH``, state-spelled Party ``361/KL-TU``."""
    head, rest = parts.codes[0], list(parts.codes[1:])
    if rest and parts.sep2 != "-":
        return None  # "N/X/Y" is a date or a unit ratio, not a symbol
    type_code = _TYPES.lookup(head)
    if type_code is not None:
        return _build(parts.number, None, type_code, rest, None, 1.0) if rest else None
    if _ISSUERS.lookup(head) is None and (glued := _split_glued(head)):
        return _build(parts.number, None, glued[0], [glued[1], *rest], None, _CONFIDENCE_REPAIR)
    if not rest:
        return None  # "01/BC", "2011/BTNMT": no issuer-unit, too weak to call a symbol
    return _build(parts.number, None, None, [head, *rest], "state", 1.0)


def _party_shaped(parts: _Parts) -> _Reading | None:
    """``361-KL/TU``, OCR ``111:CTr/TU`` and ``29—NQ{TW``."""
    if len(parts.codes) < 2 or parts.sep2 not in ("/", "{"):
        return None
    type_code = _TYPES.lookup(parts.codes[0])
    if type_code is None:
        return None
    ocr = parts.sep1 == ":" or parts.sep2 == "{"
    if ocr and _ISSUERS.lookup(parts.codes[1]) is None:
        return None  # an OCR separator is believable only between known codes
    confidence = _CONFIDENCE_OCR_SEPARATOR if ocr else 1.0
    return _build(parts.number, None, type_code, list(parts.codes[1:]), "party", confidence)


def _split_glued(code: str) -> tuple[str, str] | None:
    """``QĐUBND`` → ``("QĐ", "UBND")``: a known type glued to a known issuer (binhphuoc_sct:5586)."""
    for cut in range(len(code) - 1, 0, -1):
        type_code = _TYPES.lookup(code[:cut])
        # The rest must be a known issuer: "TTXT" (a centre, binhphuoc_sct:1121) is not TT + XT.
        if type_code and _ISSUERS.lookup(_strip_digits(code[cut:])[0]):
            return type_code, code[cut:]
    return None


def _build(number: str, year: int | None, type_code: str | None, segments: list[str],
           shape: Family | None, confidence: float) -> _Reading | None:
    """Canonicalise the issuer segments and settle the family.

    ``shape`` is the family the spelling suggests, or None for "N/TYPE-ISSUER", which the
    issuer settles: Party issuer → party, else state.
    """
    issuer = _issuer(segments)
    if issuer is None:
        return None
    text, trim = issuer
    family: Family = shape or ("party" if text.split("-")[0] in PARTY_ISSUERS else "state")
    if family == "party" and text.split("-")[0] in STATE_ISSUERS:
        family = "state"  # a known state issuer outranks a Party-style spelling
    if trim:
        confidence *= _CONFIDENCE_REPAIR
    return _Reading(Symbol(number, year, type_code, text, family), confidence, trim)


def _issuer(segments: list[str]) -> tuple[str, int] | None:
    """Canonical issuer ("SKHĐT-QLQH") and the footnote digits dropped from the last segment."""
    out: list[str] = []
    trim = 0
    for i, segment in enumerate(segments):
        read = _issuer_segment(segment, first=i == 0, last=i == len(segments) - 1)
        if read is None:
            return None
        out.append(read[0])
        trim = read[1]
    return "-".join(out), trim


def _issuer_segment(token: str, *, first: bool, last: bool) -> tuple[str, int] | None:
    """One issuer code in canonical spelling, and how many footnote digits it lost.

    Known codes take their canonical spelling; unknown ones keep the printed case
    (issuers are open-ended: "TTXT-XTTM", binhphuoc_sct:1121) but must look like an
    abbreviation. A lower-case unknown unit after a known head is upper-cased.
    """
    head, digits = _strip_digits(token)
    known = _ISSUERS.lookup(head)
    if known is not None:
        if not digits or known in _DIGIT_ISSUERS:
            return known + digits, 0
        return (known, len(digits)) if last else None
    token = token.translate(_ETH)
    if _looks_like_code(head):
        return token, 0
    if not first and head.islower() and len(head) >= 2:
        return token.upper(), 0
    return None


def _looks_like_code(head: str) -> bool:
    """An abbreviation: two capitals first ("QLQH", "SNgV"); a lone "T" is a cut issuer."""
    return len(head) >= 2 and head[:2].isupper()
