"""Read the words after a document's type word, and judge whether they name one document.

:func:`read_quoted` and :func:`scan_words` find where a name ends (a :class:`Scan`);
:func:`judge` decides, kind by kind, whether it singles out one document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .named_text import PUNCT, SPACE, WORD, FoldedText, fold_raw
from .named_vocab import (
    ACRONYM_ALIASES,
    ACRONYM_RE,
    CLOSE_QUOTES,
    DANGLING,
    DANGLING_ASCII,
    EVENT_PROGRAMMES,
    FTA_RE,
    ISSUER_HEADS,
    MAX_WORDS,
    NOT_FIRST,
    OPEN_QUOTES,
    PROGRAMME_FRAME,
    ROMAN_RE,
    STOP_WORDS,
    STOP_WORDS_ASCII,
    TAIL_RE,
    TYPE_HEAD_RE,
)

__all__ = ["Scan", "judge", "read_quoted", "scan_words", "starts_document_or_issuer"]


@dataclass
class Scan:
    """A name read after a type word: where it ends and what singles it out."""

    end: int  # folded offset just after the name
    words: list[int]  # token indices of the name's words
    quoted: bool = False
    period: bool = False  # a period tail: "giai đoạn 2021-2025", "đến năm 2030"
    span: bool = False  # the period is a range "YYYY-YYYY"
    alias: str | None = None  # "(EVFTA)", "(Quy hoạch Điện VIII)"


# --- reading a name after a type word ----------------------------------------------------


def read_quoted(doc: FoldedText, match: re.Match[str], last: int) -> Scan | None:
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
    i = last if before is not None and doc.f(before) in OPEN_QUOTES else _opening_quote_after(doc, last)
    if i is None:
        return None
    close = _closing_quote(doc, doc.ends[i])
    if close is None:
        return None
    words = [k for k in range(i + 1, doc.token_at(close)) if doc.kinds[k] == WORD]
    if len(words) < 3:  # `Đề án “Phát triển”` names nothing
        return None
    period = TAIL_RE.search(doc.fold, doc.starts[words[0]], close) is not None
    return Scan(end=close + 1, words=words, quoted=True, period=period)


def _opening_quote_after(doc: FoldedText, last: int) -> int | None:
    """Token of the quote opening a name right after the type word (or after "về")."""
    i = doc.next_solid(last)
    if i is not None and doc.f(i) == "ve":  # "Đề án về “…”"
        i = doc.next_solid(i)
    return i if i is not None and doc.f(i) in OPEN_QUOTES else None


def _closing_quote(doc: FoldedText, pos: int) -> int | None:
    """Folded offset of the quote closing a name that starts at ``pos`` (≤ 500 chars).

    An opening quote first means the quotes do not pair up: no quoted name.
    """
    for k in range(pos, min(pos + 500, len(doc.fold))):
        if doc.fold[k] in CLOSE_QUOTES:
            doc.touch_end(doc.token_at(k) + 1)
            return k
        if doc.fold[k] == "“":
            return None
    return None


def scan_words(doc: FoldedText, i: int, detail: str) -> Scan | None:
    """Read an unquoted name word by word from token ``i``.

    The name ends at a period tail (kept), a stop word, a new document's type word, an
    issuer, a bullet or numbered line, a blank line before a capital (a new table cell,
    sct l.120-124), or punctuation other than an inner comma, dash or short
    parenthetical.
    """
    words: list[int] = []
    paren_end: int | None = None  # folded end of the last parenthetical taken
    alias: str | None = None
    kinds, tokens = doc.kinds, doc.tokens  # read once per token: the loop is the hot path
    while i < len(kinds) and len(words) < MAX_WORDS:
        kind = kinds[i]
        if kind == SPACE:
            if "\n" in tokens[i] and _line_break_stops(doc, i, words):
                break
        elif words and tokens[i] in _TAIL_OPENERS and (tail := _tail_at(doc, i)) is not None:
            scan = Scan(end=tail.end(), words=words, period=True, span=bool(tail.group("start")))
            _extend_alias(doc, scan)
            return scan
        elif kind == PUNCT:
            par = _parenthetical(doc, i) if words and tokens[i] == "(" else None
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
    return Scan(end=max(end, paren_end or 0), words=words, alias=alias)


def _tail_at(doc: FoldedText, i: int) -> re.Match[str] | None:
    """A period tail starting at token ``i`` ("giai đoạn 2021-2025, định hướng …")."""
    if doc.tokens[i] not in _TAIL_OPENERS and doc.kinds[i] != SPACE:
        return None  # TAIL_RE could not match here: no need to try it
    tail = TAIL_RE.match(doc.fold, doc.starts[i])
    return tail if tail is not None and tail.end() > doc.starts[i] + 1 else None


# The tokens other than white space a period tail (TAIL_RE) can open with: its optional
# comma, or its first word (each of which white space must follow, so it is a whole token).
_TAIL_OPENERS = {",", "giai", "gd", "thoi", "nhiem", "den"}


def _can_start_name(doc: FoldedText, i: int) -> bool:
    """The first word after the type word can open a name."""
    o = doc.o(i)
    if doc.f(i).isdigit() or o in STOP_WORDS or o in NOT_FIRST:
        return False
    return not (doc.cap(i) and TYPE_HEAD_RE.match(doc.fold, doc.starts[i]))


def _line_break_stops(doc: FoldedText, i: int, words: list[int]) -> bool:
    """A line break (token ``i``) ends the name before a bullet, a numbered line or a new cell."""
    j = doc.next_solid(i)
    if j is None:
        return True
    f = doc.f(j)
    if f in {"-", "+", "•", "*", "…"}:
        return True
    nxt = doc.next_solid(j)
    after = doc.f(nxt) if nxt is not None else ""
    spaced = j + 1 < len(doc.kinds) and doc.kinds[j + 1] == SPACE
    if f.isdigit() and len(f) <= 2 and (after in {".", ")"} or spaced):
        return True  # "2 Đề án …" (table row, sct l.75), "1.1. Cây điều" (l.1615)
    if (ROMAN_RE.fullmatch(f) and after == "." and doc.cap(j)) or (len(f) == 1 and f.isalpha() and after == ")"):
        return True  # "II. KẾT QUẢ", "a) …"
    if doc.f(i).count("\n") >= 2:
        # A blank line: PDF layout when the sentence goes on in lower case (sct l.1110)
        # or inside a place name ("tỉnh Bình \n\nPhước", l.3009); a new table cell or
        # paragraph otherwise (l.122-124).
        if f.isdigit() and words and doc.fold[doc.ends[words[-1]] : doc.starts[i]].strip() == "-":
            return False
        if len(words) >= 2 and doc.cap(words[-1]) and doc.f(words[-2]) in {"tinh", "pho"} and doc.cap(j):
            return False
        return not (doc.kinds[j] == WORD and not doc.cap(j) and not f.isdigit())
    return False


def _punct_continues(doc: FoldedText, i: int, words: list[int]) -> bool:
    """Punctuation token ``i`` stays inside the name: a comma before more of the name
    ("thương mại, thương mại điện tử"), a dash inside a proper name ("Việt Nam - EU",
    "Khu Quản lý - Thương Mại", sct l.4528), "&" or "/"."""
    j = doc.next_solid(i)
    if not words or j is None or doc.kinds[j] != WORD:
        return False
    char = doc.f(i)
    if char == ",":
        if _stops_at(doc, j, words[-1]) or doc.o(j) in {"và", "cụ"}:
            return False
        return not (doc.cap(j) and starts_document_or_issuer(doc, j))
    if char == "-":
        return doc.cap(j) or doc.f(j).isdigit()
    return char in "&/"


def _parenthetical(doc: FoldedText, i: int) -> tuple[int, str | None] | None:
    """A short parenthetical inside a name, up to its closing token: an alias ("(EVFTA)",
    "(Hiệp định RCEP)", "(Quy hoạch Điện VIII)") or a phase ("(giai \\nđoạn I)", sct l.4528)."""
    close = doc.fold.find(")", doc.ends[i], doc.ends[i] + 60)
    if close < 0 or "\n\n" in doc.fold[doc.ends[i] : close]:
        return None
    inner_raw = doc.rslice(doc.ends[i], close).strip()
    inner = " ".join(fold_raw(inner_raw).split())
    j = doc.token_at(close)
    if ACRONYM_RE.fullmatch(inner_raw):
        return j, ACRONYM_ALIASES.get(inner, inner)
    head = TYPE_HEAD_RE.match(inner)
    if head:
        rest = inner[head.end() :].strip()
        return j, ACRONYM_ALIASES.get(rest, rest) or None
    if _PHASE.fullmatch(inner):
        return j, None
    return None


_PHASE = re.compile(r"giai doan [ivx]+")


def _extend_alias(doc: FoldedText, scan: Scan) -> None:
    """Take an alias right after a period: "… có xét tới năm 2045 (Quy hoạch Điện VIII)"."""
    i = doc.token_at(scan.end)
    j = i if i < len(doc.kinds) and doc.kinds[i] != SPACE else (doc.next_solid(i) if i < len(doc.kinds) else None)
    if j is None or doc.f(j) != "(" or "\n" in doc.fold[scan.end : doc.starts[j]]:
        return
    par = _parenthetical(doc, j)
    if par is not None and par[1]:
        scan.end, scan.alias = doc.ends[par[0]], par[1]


def starts_document_or_issuer(doc: FoldedText, j: int) -> bool:
    """Token ``j`` (capitalised) opens another document or an issuer."""
    return bool(TYPE_HEAD_RE.match(doc.fold, doc.starts[j])) or doc.f(j) in ISSUER_HEADS


def _stops_at(doc: FoldedText, i: int, prev: int) -> bool:
    """Word ``i`` ends the name (``prev`` is the last word taken).

    Examples of where names stop:
        "Luật đầu tư và Nghị định số …" stops at "và": a new document follows;
        "… của hợp tác xã nông nghiệp" goes on, "… của UBND tỉnh" stops (sct l.2504);
        "… gắn với xây dựng nông thôn mới năm 2023" stops at "năm 2023" (l.2508);
        "… thương mại tự do Việt Nam" goes on past "do" (l.1194).
    """
    o, f = doc.o(i), doc.tokens[i]
    if doc.cap(i):
        if TYPE_HEAD_RE.match(doc.fold, doc.starts[i]):
            return True
        return f in ISSUER_HEADS and not doc.cap(prev)
    if o in STOP_WORDS or (o.isascii() and f in STOP_WORDS_ASCII):
        return True
    if o not in _READ_ON and f not in _COUNTED:  # none of the rules below can stop at it
        if i + 4 >= len(doc.kinds):
            doc.next_word(i, 3)  # asked of every such word as the rules do: it notes a window too short
        return False
    j = doc.next_word(i, 3)  # called for every such word: it notes a window too short
    if j is None:
        nxt_f = nxt_o = ""
        opens_other = False
    elif o in _NEEDS_NEXT:  # the next word's reading costs: only for the words that ask for it
        nxt_f, nxt_o = doc.f(j), doc.o(j)
        opens_other = doc.cap(j) and starts_document_or_issuer(doc, j)
    else:
        nxt_f, nxt_o, opens_other = doc.f(j), "", False
    if o == "và":
        return j is None or opens_other or nxt_o in {"các", "năm", "những"} or nxt_o in STOP_WORDS
    if o == "của":
        return j is None or doc.cap(j)
    if o == "theo":
        return j is None or doc.cap(j) or nxt_o in {"quy", "đó", "các", "kế", "nội", "tinh"}
    if o == "với":
        return doc.o(prev) != "gắn"  # "gắn với" belongs to names (sct l.1931)
    if o == "trong":
        return j is None or opens_other or nxt_o in {"đó", "năm", "thời", "quá", "kỳ", "các", "khi"}
    if f in _COUNTED and (nxt_f.isdigit() or doc.fold.startswith(":", doc.ends[i])):
        return True  # "năm 2023", "số 1656/QĐ-UBND"; "một số sản phẩm" goes on
    if o == "do":
        return doc.o(prev) != "tự"
    return (o, nxt_o) in {("hàng", "năm"), ("về", "việc")} or (o == "trên" and nxt_f == "co")


# The words of _stops_at that read the next word's original spelling or case.
_NEEDS_NEXT = {"và", "theo", "trong", "hàng", "về"}
# The lower-case words (original spelling, and folded) _stops_at has a rule for, after the stop words.
_READ_ON = {"và", "của", "theo", "với", "trong", "do", "hàng", "về", "trên"}
_COUNTED = {"nam", "so"}


def _trim_dangling(doc: FoldedText, words: list[int]) -> list[int]:
    """Drop words a name does not end on ("… tỉnh Bình Phước giai", sct l.122)."""
    while words:
        o, f = doc.o(words[-1]), doc.f(words[-1])
        if not (o in DANGLING or (o.isascii() and o in DANGLING_ASCII) or (f.isdigit() and len(f) < 4)):
            break
        words = words[:-1]
    return words


def _is_acronym(doc: FoldedText, i: int) -> bool:
    """Token ``i`` is a trade-agreement acronym as printed ("EVFTA", "RCEP")."""
    folded = doc.f(i)  # an acronym is ASCII, so folds to itself in lower case: test that first
    if not (folded.endswith("fta") or folded in _FTA_FOLDS):
        return False
    return bool(FTA_RE.fullmatch(doc.rslice(doc.starts[i], doc.ends[i])))


_FTA_FOLDS = {"rcep", "rceep", "cptpp"}


# --- judging a name ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Features:
    """What singles a name out, read from its words."""

    place: bool  # "tỉnh Bình Phước", "quốc gia", "Việt Nam", "toàn quốc"
    province: bool  # "tỉnh <Name>" exactly
    acronym: bool
    vietnam: bool
    anchor: int | None  # the last capitalised word or national place (token index)


def _features(doc: FoldedText, words: list[int]) -> _Features:
    """Read the place, acronym and proper-noun anchor of a name's words."""
    folded = [doc.tokens[i] for i in words]
    caps = doc.caps(words)
    place = province = acronym = vietnam = False
    anchor = None
    last = len(words) - 1
    for k, i in enumerate(words):
        word = folded[k]
        nxt = folded[k + 1] if k < last else ""
        if k < last and caps[k + 1] and word in {"tinh", "pho"}:
            place = province = True
        if (word, nxt) in {("quoc", "gia"), ("viet", "nam"), ("toan", "quoc")}:
            place, anchor = True, words[k + 1]
            vietnam = vietnam or word == "viet"
        acronym = acronym or ((word.endswith("fta") or word in _FTA_FOLDS) and _is_acronym(doc, i))
        if caps[k] and k > 0:
            anchor = i
    return _Features(place, province, acronym, vietnam, anchor)


def judge(doc: FoldedText, detail: str, capital: bool, scan: Scan) -> float | None:
    """Decide whether a scanned name names one document, and how surely.

    Args:
        doc: the text.
        detail: the type word's kind_detail.
        capital: the type word is capitalised as printed.
        scan: the name read (a period-less Quy hoạch is shortened in place).

    Returns:
        The confidence, or None for a generic mention.
    """
    first = " ".join(doc.f(i) for i in scan.words[:2])
    if scan.quoted:
        # Lower case only for a scheme: `đề án “Phát triển …”` (kh-317 l.1); a quoted
        # `chương trình “Kết nối tri thức sáng tạo”` is an event (sct l.3314), a quoted
        # `dự án “Xây dựng, vận hành Cổng thông tin …”` a project (l.2374).
        if (not capital and detail != "de_an") or (detail == "chuong_trinh" and first in EVENT_PROGRAMMES):
            return None
        return 0.95
    if detail in {"phuong_an", "du_an"}:
        return None  # quoted only: "phương án phát triển cụm công nghiệp" is part of a plan (sct l.4569)
    # The features are read only for the kinds below that ask for them.
    if detail == "quy_hoach":
        return _judge_zoning(doc, capital, scan, _features(doc, scan.words), first)
    if not capital:
        # "đề án phát triển công nghiệp Bình Phước" (sct l.5259) is a loose paraphrase.
        return 0.85 if detail == "de_an" and scan.period else None
    if detail == "de_an":
        if scan.period or _features(doc, scan.words).place:
            return 0.9 if scan.period else 0.85
        # A long descriptive name still names one scheme: "Đề án nâng cao …" (sct l.2504).
        return 0.7 if len(scan.words) >= 8 else None
    if detail == "chien_luoc":
        return 0.9 if scan.period else None
    if detail == "chuong_trinh":
        return _judge_programme(doc, scan, first)
    if detail == "ke_hoach":
        # Only a plan with a stated span (sct l.351); "Kế hoạch Phát triển thương mại
        # điện tử tỉnh Bình Phước" (l.1288) and "Kế hoạch kiểm tra …" (l.284) are generic.
        return 0.8 if scan.span else None
    if detail == "hiep_dinh":
        feats = _features(doc, scan.words)
        if feats.acronym or (scan.alias and FTA_RE.fullmatch(scan.alias.upper())):
            return 0.9  # "(FTA)" alone names no agreement
        return 0.8 if feats.vietnam else None  # "… giữa Việt Nam và Liên minh châu Âu" (l.1195)
    return None


def _judge_programme(doc: FoldedText, scan: Scan, first: str) -> float | None:
    """Chương trình: a period, a place with a topic, or a breakthrough programme.

    Not named: events ("Chương trình kết nối giao thương …", sct l.2236), "Chương trình
    hành động" alone, "Chương trình làm việc của Sở" (l.1137).
    """
    if first in EVENT_PROGRAMMES or (doc.f(scan.words[0]) == "hanh" and len(scan.words) < 3):
        return None
    if scan.period:
        return 0.9
    topic = [i for i in scan.words if doc.f(i) not in PROGRAMME_FRAME and not doc.cap(i)]
    if len(topic) >= 2 and _features(doc, scan.words).place:
        return 0.85  # "Chương trình mục tiêu quốc gia xây dựng nông thôn mới" (l.5486)
    # "Chương trình đột phá …" is a standing kind of provincial programme (l.669).
    return 0.75 if first.startswith("dot pha") else None


def _judge_zoning(doc: FoldedText, capital: bool, scan: Scan, feats: _Features, first: str) -> float | None:
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


def _starts_with(doc: FoldedText, words: list[int], phrase: str) -> bool:
    """The name's words start with ``phrase`` (folded)."""
    wanted = phrase.split()
    return [doc.f(i) for i in words[: len(wanted)]] == wanted


def _cut_at_anchor(doc: FoldedText, scan: Scan, feats: _Features, minimum: int) -> None:
    """End a period-less Quy hoạch name at its last proper noun (sct l.4533: "… (giai đoạn I) gặp …")."""
    if scan.alias is not None:
        return
    keep = minimum
    if feats.anchor is not None and feats.anchor in scan.words:
        keep = max(keep, scan.words.index(feats.anchor) + 1)
    scan.words = scan.words[:keep]
    scan.end = doc.ends[scan.words[-1]]
