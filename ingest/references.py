"""Stage 5, references: every document a text cites, with what the text says about it.

Three kinds of mention, returned together in text order:

1. ``symbol``: a numbered citation ("Kết luận số 361-KL/TU ngày 25/6/2022 của Ban
   Thường vụ Tỉnh ủy Bình Phước về …"), with the type word before it, and the date,
   issuer (with jurisdiction) and title (trích yếu) after it when the text states them;
2. ``named``: a document known by name ("Đề án “Phát triển công nghiệp nông thôn …”");
3. ``backref``: a short form pointing back ("Kết luận trên", "Kế hoạch này", and a bare
   "Đề án" right after "phê duyệt"), for the resolver to attach to a nearby document.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate

from ..graph.model import DocType
from .dates import find_date
from .named import find_named_documents
from .named_backrefs import find_back_references
from .places import province_of
from .scan import matches_at
from .symbols import Symbol, SymbolMatch, find_symbols
from .textfold import fold

# The type word printed before a number: "Kết luận (của Ban Thường vụ Tỉnh ủy) số".
TYPE_WORDS: dict[str, DocType] = {
    "ket luan": DocType.CONCLUSION,
    "ke hoach": DocType.PLAN,
    "quyet dinh": DocType.DECISION,
    "nghi quyet": DocType.RESOLUTION,
    "chuong trinh": DocType.PROGRAMME,
    "cong van": DocType.OFFICIAL_LETTER,
    "thong bao": DocType.NOTICE,
    "bao cao": DocType.REPORT,
    "to trinh": DocType.SUBMISSION,
    "chi thi": DocType.DIRECTIVE,
    "nghi dinh": DocType.DECREE,
    "thong tu": DocType.CIRCULAR,
    "huong dan": DocType.GUIDANCE,
    "de an": DocType.SCHEME,
    "quy dinh": DocType.REGULATION,
    "cong dien": DocType.OTHER,
}
_TYPE_WORD = re.compile(
    r"ket luan|ke hoach|quyet dinh|nghi quyet|chuong trinh(?: hanh dong)?|cong van|thong bao"
    r"|bao cao|to trinh|chi thi|nghi dinh|thong tu|huong dan|de an|quy dinh|cong dien".replace(" ", r"\s+")
)
# What may stand between the type word and the number: "của Ban Thường vụ Tỉnh ủy", "số", ":".
_TYPE_TAIL = re.compile(
    r"(?:\s+(?:cua|ctia|cta|ciia)\s+(?:ban thuong vu |ban chap hanh |btv |bch )?"
    r"(?:tinh uy|ubnd tinh|uy ban nhan dan tinh|hdnd tinh|hoi dong nhan dan tinh|thu tuong chinh phu|chinh phu"
    r"|bo chinh tri|ban bi thu|trung uong|so [a-z ]{3,30}?))?"
    r"\s*(?:s[a-z0-9]?\b\.?)?\s*:?\s*$".replace(" ", r"\s+")  # "số", OCR "s6", "sé", "sb", "s"
)
_ISSUER_AFTER = re.compile(
    r"^\s*,?\s*(?:cua|ctia|cta|ciia|cua)\s+(?P<issuer>[^;.\n]{2,90}?)"
    r"(?=\s+(?:ve|vé|quy dinh|phe duyet|ban hanh|thuc hien|trien khai|sua doi|dieu chinh|huong dan|de nghi"
    r"|tham muu|giao|da|duoc|nay|tren)\b|[;.,(]|$)"
)
_TITLE_AFTER = re.compile(
    r"^\s*,?\s*(?P<cue>ve viec|ve|quy dinh|phe duyet|ban hanh)\s+(?P<title>[^;]{5,300}?)"
    r"(?=;|\.\s|\.$|\n\s*\n|\s+(?:cua (?:ubnd|uy ban|so|ban|tinh|hdnd|thu tuong|chinh phu))\b|$)"
)
_ISSUER_WINDOW = 140
_TITLE_WINDOW = 360
# A report cites the same documents, dated and issued alike, again and again: remember the
# readings (both are functions of the string alone, and give frozen or plain values).
_date_in = lru_cache(maxsize=4096)(find_date)
_province_in = lru_cache(maxsize=4096)(province_of)


@dataclass(slots=True)
class Reference:
    """One mention of a document in a text, with what the text says about it.

    Offsets are in the text given to ``find_references``; ``line`` is filled by the caller.
    """

    start: int
    end: int
    raw: str
    kind: str  # "symbol" | "named" | "backref"
    doc_type: DocType
    symbol: Symbol | None = None
    name: str | None = None
    date: str | None = None
    year: int | None = None
    issuer: str | None = None
    jurisdiction: str | None = None
    title: str | None = None
    prefix_start: int | None = None  # where the type word before the number starts
    tail_end: int | None = None  # end of the date/issuer phrase that follows
    statement: str | None = None  # the words stating the title, from the type word to the title's end
    confidence: float = 1.0


def find_references(text: str, folded: str | None = None) -> list[Reference]:
    """Every document cited in ``text`` (clean text of one document), in text order.

    Args:
        text: normalised text (NFC, dashes folded), line breaks kept.
        folded: ``fold(text)`` when the caller has it already (it costs a pass over the text).

    Returns:
        References sorted by start offset; numbered citations, named documents and
        back references do not overlap (a name inside a numbered citation's title is kept:
        it is the document the title is about).

    Example:
        >>> [r.symbol.canonical for r in find_references("Căn cứ Kết luận số 361-KL/TU ngày 25/6/2022")]
        ['361-KL/TU']
    """
    folded = fold(text) if folded is None else folded
    refs = [_symbol_reference(text, folded, m) for m in find_symbols(text)]
    numbered = [r.start for r in refs]  # find_symbols gives them in text order
    taken = _Spans([(r.start, r.end) for r in refs])
    for elided in _elided_party_symbols(text, folded):
        if not taken.overlaps(elided.start, elided.end):
            refs.append(_symbol_reference(text, folded, elided))
            taken.add(elided.start, elided.end)
    for named in find_named_documents(text, folded):
        inner = _first_inside(refs, numbered, named.start, named.end)
        if inner is not None:
            # "Kế hoạch hành động thực hiện Quyết định số 1968/QĐ-TTg" (bao-cao:1291): a plan named by
            # what it carries out. Keep both; the plan's span stops where its cue starts.
            refs.append(Reference(named.start, _name_head_end(folded, named.start, inner), named.raw, "named",
                                  named.kind, name=named.name, confidence=named.confidence))
        elif not taken.overlaps(named.start, named.end):
            refs.append(Reference(named.start, named.end, named.raw, "named", named.kind,
                                  name=named.name, confidence=named.confidence))
    taken = _Spans([(r.start, r.end) for r in refs])
    for back in [*find_back_references(text, folded), *_bare_objects(folded, text)]:
        if not taken.overlaps(back.start, back.end):
            refs.append(Reference(back.start, back.end, back.phrase, "backref", back.kind, confidence=0.6))
            taken.add(back.start, back.end)
    refs.sort(key=lambda r: r.start)
    return refs


def _first_inside(refs: list[Reference], numbered: list[int], start: int, end: int) -> Reference | None:
    """The first reference in ``refs`` that lies inside ``[start, end)``.

    ``refs`` opens with the numbered citations, whose starts are ``numbered`` (ascending): among
    those, only the ones starting from ``start`` and up to ``end`` can lie inside.
    """
    for i in range(bisect_left(numbered, start), len(numbered)):
        ref = refs[i]
        if ref.start > end:
            break
        if ref.end <= end:
            return ref
    for ref in refs[len(numbered):]:
        if start <= ref.start and ref.end <= end:
            return ref
    return None


class _Spans:
    """Spans ``[start, end)`` that others must not overlap: sorted by start with the running
    maximum of their ends, so a test is a bisection; spans added later are few and kept apart."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self._starts = [s for s, _ in spans]
        self._max_end = list(accumulate((e for _, e in spans), max))
        self._added: list[tuple[int, int]] = []

    def overlaps(self, start: int, end: int) -> bool:
        """Some span overlaps ``[start, end)`` (what ``_overlaps`` says of them all)."""
        before_end = bisect_left(self._starts, end)  # the spans that start before ``end``
        if before_end and self._max_end[before_end - 1] > start:
            return True
        return _overlaps(start, end, self._added)

    def add(self, start: int, end: int) -> None:
        self._added.append((start, end))


@dataclass(frozen=True, slots=True)
class _Bare:
    start: int
    end: int
    kind: DocType
    phrase: str


_BARE_OBJECT = re.compile(
    r"(?:phe\s+duyet|ban\s+hanh)\s+(?P<noun>de\s+an|chuong\s+trinh|quy\s+hoach)(?=\s*(?:[,.;)]|va\b|cua\b|$))"
)
_BARE_KINDS = {"de an": DocType.SCHEME, "chuong trinh": DocType.PROGRAMME, "quy hoach": DocType.OTHER}
# _BARE_OBJECT split by its verb: each part opens with a literal, which ``re`` skips to fast.
_BARE_OBJECT_BY_VERB = tuple(
    re.compile(verb + _BARE_OBJECT.pattern[_BARE_OBJECT.pattern.index(")") + 1:])
    for verb in _BARE_OBJECT.pattern[3: _BARE_OBJECT.pattern.index(")")].split("|")
)


def _bare_object_matches(folded: str) -> list[re.Match[str]]:
    """``_BARE_OBJECT.finditer(folded)``: the matches of its two verbs, merged in text order.
    Exact: no match of one verb can overlap another's (neither verb's letters, nor a noun's,
    hold a "phe" or a "ban" after their first)."""
    return sorted((m for verb in _BARE_OBJECT_BY_VERB for m in verb.finditer(folded)), key=lambda m: m.start())


def _bare_objects(folded: str, text: str) -> list[_Bare]:
    """A bare "Đề án" right after "phê duyệt" / "ban hành": the scheme named nearby.

    bao-cao:1115 "Quyết định số 1866/QĐ-UBND … về việc phê duyệt Đề án, Kế hoạch số 340…"
    approves the Đề án the report is about; the resolver points it at that scheme.
    """
    found = []
    for match in _bare_object_matches(folded):
        noun = " ".join(match.group("noun").split())
        found.append(_Bare(match.start("noun"), match.end("noun"), _BARE_KINDS[noun],
                           text[match.start("noun"): match.end("noun")]))
    return found


_HEAD_CUE = re.compile(r"\s(?:thuc\s+hien|trien\s+khai)\b")


def _name_head_end(folded: str, start: int, inner: Reference) -> int:
    """Where a name that contains a citation stops being the name's own words."""
    left = inner.prefix_start if inner.prefix_start is not None else inner.start
    cue = _HEAD_CUE.search(folded, start, left)
    return cue.start() if cue else left


# "Chương trình hành động 17-TU của Tỉnh ủy" (bao-cao:6296): a Party number with its type
# code left out; the type word before it says which (17-CTr/TU).
_ELIDED_PARTY = re.compile(r"\b(?P<word>chuong\s+trinh(?:\s+hanh\s+dong)?|ket\s+luan|nghi\s+quyet|chi\s+thi)"
                           r"\s+(?:so\s+)?(?P<number>\d{1,4})-(?P<issuer>tu|tw)\b(?![/-])")
_ELIDED_CODES = {"chuong": "CTr", "ket": "KL", "nghi": "NQ", "chi": "CT"}
# Where an _ELIDED_PARTY match can be: it holds "-tu" or "-tw" after a digit, and has at
# most 25 other printed characters before it ("chuong trinh hanh dong so 1234").
_ELIDED_ANCHOR = re.compile(r"-t[uw]")
_ELIDED_MAX_PRINTED = 25


def _elided_party_matches(folded: str) -> Iterator[re.Match[str]]:
    """``_ELIDED_PARTY.finditer(folded)``, tried only shortly before each "-tu"/"-tw"."""
    starts: set[int] = set()
    for anchor in _ELIDED_ANCHOR.finditer(folded):
        at = anchor.start()
        if at == 0 or not folded[at - 1].isdecimal():  # what \d matches
            continue
        reach = 64
        while reach < at and len("".join(folded[at - reach: at].split())) <= _ELIDED_MAX_PRINTED:
            reach *= 2  # a long run of white space: look further back
        starts.update(range(max(0, at - reach), at))
    return matches_at(_ELIDED_PARTY, folded, sorted(starts))
_ELIDED_CONFIDENCE = 0.8


def _elided_party_symbols(text: str, folded: str) -> list[SymbolMatch]:
    """Party numbers printed without their type code, completed from the type word."""
    found = []
    for m in _elided_party_matches(folded):
        code = _ELIDED_CODES[m.group("word").split()[0]]
        whole = find_symbols(f"{m.group('number')}-{code}/{m.group('issuer').upper()}")
        if whole:
            start, end = m.start("number"), m.end("issuer")
            found.append(replace(whole[0], start=start, end=end, raw=text[start:end],
                                 confidence=min(whole[0].confidence, _ELIDED_CONFIDENCE)))
    return found


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _symbol_reference(text: str, folded: str, match) -> Reference:  # type: ignore[no-untyped-def]
    """Build a Reference from a symbol match and the words around it."""
    symbol: Symbol = match.symbol
    ref = Reference(match.start, match.end, match.raw, "symbol", symbol.doc_type, symbol=symbol,
                    confidence=match.confidence)
    before = folded[max(0, match.start - 80): match.start]
    word = _type_word_before(before)
    if word:
        ref.prefix_start = match.start - len(before) + word.start()
        if symbol.type_code is None:  # công văn numbers carry no type: trust the word
            ref.doc_type = TYPE_WORDS.get(" ".join(word.group(0).split()[:2]), symbol.doc_type)
    _read_tail(text, folded, ref)
    ref.year = symbol.year or (int(ref.date[:4]) if ref.date else None)
    return ref


def _type_word_before(before: str) -> re.Match[str] | None:
    """The type word closest before a number ("Kết luận của BTV Tỉnh ủy số"), if any."""
    for word in reversed(list(_TYPE_WORD.finditer(before))):  # the last that the number may follow
        if _TYPE_TAIL.match(before, word.end()):
            return word
    return None


def _read_tail(text: str, folded: str, ref: Reference) -> None:
    """Date, issuer and title stated right after the number."""
    pos = ref.end
    date = _date_in(text[pos: pos + 40]) if _DATE_MAY_FOLLOW.match(folded, pos) else None
    if date and text[pos: pos + date.start].strip(" ,\n") in {"", "ngày", "ngay"} | _date_lead(text, pos, date.start):
        ref.date = date.iso
        pos += date.end
    issuer = _ISSUER_AFTER.match(folded[pos: pos + _ISSUER_WINDOW])
    if issuer:
        ref.issuer = _squash(text[pos + issuer.start("issuer"): pos + issuer.end("issuer")])
        ref.jurisdiction = _province_in(ref.issuer)
        pos += issuer.end()
    ref.tail_end = pos
    title = _TITLE_AFTER.match(folded[pos: pos + _TITLE_WINDOW])
    if title:
        ref.title = _squash(text[pos + title.start("title"): pos + title.end("title")])
        if title.group("cue") in {"phe duyet", "ban hanh", "quy dinh"}:
            ref.title = _squash(text[pos + title.start("cue"): pos + title.end("title")])
        left = ref.prefix_start if ref.prefix_start is not None else ref.start
        ref.statement = _squash(text[left: pos + title.end("title")])


# What must follow a number for a date to be read after it: the words _read_tail lets
# stand between them, then a date's first character (a digit, or "ngày" of "ngày … tháng
# … năm …"). A necessary condition only, so find_date is asked when it holds.
_DATE_MAY_FOLLOW = re.compile(r"[ ,\n]*(?:(?:ban hanh )?ngay[ ,\n]*)?(?:\d|ngay)")


def _date_lead(text: str, pos: int, date_start: int) -> set[str]:
    """Accept only a date that directly follows the number ("ngày" and spaces between)."""
    lead = fold(text[pos: pos + date_start]).strip(" ,\n")
    return {lead} if lead in {"ngay", "ngày", "ban hanh ngay"} else set()


def _squash(text: str) -> str:
    """One line, single spaces, no stray punctuation at the ends."""
    # Same as collapsing each run of white space to one space: the spaces at the ends go anyway.
    return " ".join(text.split()).strip(" ,;:-“”\"")
