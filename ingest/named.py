"""Documents known by name, without a number: find them (:func:`find_named_documents`).

A report cites many documents by name only: schemes ("Đề án phát triển công nghiệp hỗ
trợ … giai đoạn 2021-2025"), plans ("Quy hoạch tỉnh Bình Phước thời kỳ 2021-2030"),
strategies, programmes, laws ("Luật Đầu tư 2020"), trade agreements ("EVFTA"), Party
congress resolutions, and unnumbered plans ("Kế hoạch thực hiện Quyết định số
1968/QĐ-TTg"). The work is shared by a few modules::

    named.find_named_documents(text)          -> [NamedMention]  names, in text order
    named_backrefs.find_back_references(text) -> [BackRef]       "Kế hoạch này", "Kết luận trên"
    named_identity.same_named_document(a, b)  -> bool            two names, one document?
    named_identity.cluster_names(names)       -> [int]           cluster id per name
    named_identity.cluster_keys(names)        -> [str]           key per name, from its cluster
    named_identity.named_key(mention)         -> str             "scheme:phat-trien-…-binh-phuoc-2021-2025"

with the words and patterns in ``named_vocab``, the text's folded and tokenised views in
``named_text``, and the reading and judging of the words after a type word in ``named_read``.

**What counts as a name.** A type word followed by words that single out one document:
a quoted name, a period ("giai đoạn 2021-2025", "thời kỳ 2021-2030", "đến năm 2030"), a
place ("tỉnh Bình Phước", "quốc gia", "Việt Nam"), or a fixed shape (a law's field, a
trade agreement's acronym, "Đại hội … lần thứ XIII", "Kế hoạch thực hiện <numbered
document>"). Generic mentions are not names: a determiner or a count before the type
word ("các Đề án", "04 Đề án"), a draft or a plan still to be written ("dự thảo Kế
hoạch", "xây dựng Kế hoạch"), a numbered citation ("Kế hoạch số 327/KH-UBND", read by
``symbols``), a bare type word ("Đề án,", "Chương trình hành động"), a heading in
capitals, and the host's own promulgation formula ("ban hành Kế hoạch … như sau:").
Each kind's rule is in :func:`~policygraph.ingest.named_read.judge`, with the corpus line
that forced it.

**Matching.** Everything is matched on a diacritic-folded copy of the text (the
package's :func:`~policygraph.ingest.textfold.fold`; ``named_text`` adds an offset
map for raw text), so OCR text without diacritics ("Quy hoach tinh Binh Duong thoi ky
2021-2030") is read by the same patterns; the original text decides letter case (a
capital type word names a document, "quy hoạch" is usually the verb) and gives the
offsets and the printed name.

Nothing here raises on odd input: a candidate that cannot be delimited is dropped and
logged at DEBUG ("don't guess", style.md).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from ..graph.model import DocType
from .named_read import Scan, judge, read_quoted, scan_words, starts_document_or_issuer
from .named_text import PUNCT, SPACE, WORD, FoldedText, whole_text
from .named_vocab import (
    ARTICLE_WORDS,
    CONGRESS_END_RE,
    CONGRESS_WORDS,
    DASHES,
    FTA_RE,
    GENERIC_BEFORE,
    KIND_OF,
    LAW_AND_YEAR_RE,
    LAW_STOPS,
    LAW_YEAR_RE,
    LOWER_OK_RE,
    NUMBERED_RE,
    OPEN_QUOTES,
    PLAN_OF_RE,
    QUOTE_CHARS,
    ROMAN_RE,
    STOP_WORDS,
    TAIL_RE,
    TRIGGER_SCAN,
    TYPE_HEAD_RE,
    UNBORN_BEFORE,
    WINDOWS,
)
from .scan import matches_at, word_skeleton

__all__ = ["NamedMention", "find_named_documents"]

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


# --- finding names ---------------------------------------------------------------------


def find_named_documents(text: str, folded: str | None = None) -> list[NamedMention]:
    """Find documents cited by name, without a number.

    Args:
        text: normalised text (NFC, Ƣ→Ư); line breaks, blank lines and doubled spaces
            may remain.
        folded: ``textfold.fold(text)`` when the caller has it (it saves a pass).

    Returns:
        The mentions in text order. A mention inside another's span (the acronym in
        "Hiệp định … (EVFTA)") is left out, so spans never overlap.

    Example:
        >>> [m.name for m in find_named_documents("duyệt Quy hoạch tỉnh Bình Phước thời kỳ 2021-2030;")]
        ['Quy hoạch tỉnh Bình Phước thời kỳ 2021-2030']
    """
    whole = whole_text(text, folded)
    found: list[NamedMention] = []
    covered_until = -1
    for match in TRIGGER_SCAN.finditer(whole.fold):
        if whole.rpos(match.start()) < covered_until or _cannot_name(whole, match):
            continue
        needs = _NEEDS.get((match.lastgroup, whole.raw[whole.rpos(match.start())].isupper()))
        if needs is not None and not _may_name(whole.fold, match, needs):
            continue  # what reading it would conclude: generic
        for after in WINDOWS:  # most candidates are settled within the first
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


# --- settling a candidate without reading it ---------------------------------------------

# Kinds (kind_detail, capitalised) that ``judge`` names only when quoted or with a period tail
# after the type word: "span" (a "YYYY-YYYY" period), "any" (any period) or "none" (only quoted);
# "long": any period, a place, or eight words; "place": any period, a place, or "đột phá".
# ``_read_plan_of`` also names a capitalised Kế hoạch.
_NEEDS: dict[tuple[str | None, bool], str] = {
    ("ke_hoach", True): "span",
    ("de_an", True): "long",
    ("chuong_trinh", True): "place",
    ("de_an", False): "any",
    ("chien_luoc", True): "any",
    ("phuong_an", True): "none",
    ("du_an", True): "none",
}
# A reader looks no further after the type word than its widest window.
_REACH = WINDOWS[-1]
# What must follow the type word when read_quoted finds an opening quote after it: the rest
# of its last token ("án&UBND" is one), white space, maybe the word "về", and the quote.
_QUOTE_AFTER = re.compile(r"(?:&[a-z0-9]+)*\s*(?:ve\s*)?[" + "".join(sorted(OPEN_QUOTES)) + "]")
# The words a period tail (TAIL_RE) opens with, its comma aside (scan_words tries the tail only
# at a comma or at one of these words, as a whole token).
_TAIL_WORDS = ("den", "gd", "giai", "nhiem", "thoi")
_SPAN_WORDS = ("gd", "giai", "nhiem", "thoi")  # the words of a span


def _may_name(fold: str, match: re.Match[str], needs: str) -> bool:
    """A necessary condition for reading the candidate to give a mention, for the kinds of
    ``_NEEDS``: a quote before or right after the type word, the period they need within
    reach, or (a capitalised Kế hoạch) the plan-of shape."""
    start, end = match.start(), match.end()
    before = start
    while before > 0 and fold[before - 1].isspace():  # what prev_solid skips
        before -= 1
    if (before > 0 and fold[before - 1] in OPEN_QUOTES) or _QUOTE_AFTER.match(fold, end):
        return True
    if needs == "none":
        return False
    if match.lastgroup == "ke_hoach" and PLAN_OF_RE.match(fold, end):
        return True
    reach = _scan_reach(fold, end)
    if _tail_opens_within(fold, end, reach, span=needs == "span"):
        return True
    return needs in {"long", "place"} and _place_or_long(fold, end, reach, long=needs == "long")


# The words a place in a name holds (``named_read._features``): "tỉnh <Tỉnh>", "thành phố
# <Phố>", "quốc gia", "Việt Nam", "toàn quốc".
_PLACE_WORDS = frozenset({b"tinh", b"pho", b"quoc", b"viet"})
_LONG_NAME = 8  # words: a capitalised Đề án this long names one scheme (judge)
# A capitalised Chương trình names one programme with a place or as "Chương trình đột phá" (judge).
_PROGRAMME_WORDS = _PLACE_WORDS | {b"dot"}


def _place_or_long(fold: str, start: int, reach: int, long: bool) -> bool:
    """The whole words in ``[start, reach)`` (a superset of the name's words scan_words may
    read there) hold a place word, or are at least ``_LONG_NAME`` (``long``) or hold "đột"
    (not ``long``)."""
    words = word_skeleton(fold)[start + 1 : reach + 1].split()  # skeleton offset = fold offset + 1
    if long:
        return len(words) >= _LONG_NAME or not _PLACE_WORDS.isdisjoint(words)
    return not _PROGRAMME_WORDS.isdisjoint(words)


# A character scan_words stops at (a token other than a word, white space, or the ",", "-",
# "&", "/" it may read on past); "(" too, unless a short parenthetical it skips opens there.
_SCAN_STOP = re.compile(r"[^a-z0-9&,\-/\s]")


def _scan_reach(fold: str, end: int) -> int:
    """An offset no name read by scan_words after a type word ending at ``end`` reads a
    token from: its widest window's end, or the first character it must stop at."""
    pos, reach = end, end + _REACH
    while (stop := _SCAN_STOP.search(fold, pos, reach)) is not None:
        close = fold.find(")", stop.end(), stop.end() + 60) if stop.group() == "(" else -1
        if close < 0:  # as _parenthetical looks for it; the scan resumes after it
            return stop.start()
        pos = close + 1
    return reach


def _tail_opens_within(fold: str, start: int, reach: int, span: bool) -> bool:
    """A period tail (TAIL_RE; of a "YYYY-YYYY" span if ``span``) has its word at or after
    ``start`` and may open (at a comma before it) before ``reach``.

    Its word lies before ``reach`` or, with a comma before ``reach``, right after the white
    space that follows it; tail words are found as whole words on the text's skeleton.
    """
    last = reach
    while last < len(fold) and fold[last].isspace():
        last += 1
    skeleton = word_skeleton(fold)  # the trigger scan made it: no second pass
    for word in _SPAN_WORDS if span else _TAIL_WORDS:
        needle = f" {word} ".encode()
        at = skeleton.find(needle, start, last + len(needle))  # a whole word ``word`` at fold offset ``at``
        while at >= 0:
            tail = TAIL_RE.match(fold, at)
            if tail is not None and (not span or tail.group("start")) and (at < reach or _comma_before(fold, at) < reach):
                return True
            at = skeleton.find(needle, at + 1, last + len(needle))
    return False


def _comma_before(fold: str, at: int) -> int:
    """Where TAIL_RE's leading ``,?\\s*`` may start at the earliest for a tail word at ``at``."""
    lo = at
    while lo > 0 and fold[lo - 1].isspace():
        lo -= 1
    return lo - 1 if lo > 0 and fold[lo - 1] == "," else lo


def _cannot_name(doc: FoldedText, match: re.Match[str]) -> bool:
    """Cheap tests before reading: a numbered citation, a heading in capitals, or a
    lower-case type word of a kind that needs a capital."""
    first = doc.raw[doc.rpos(match.start())]
    small = first.isalpha() and not first.isupper()  # then no heading: its first letter is small
    group = match.lastgroup
    if not first.isupper() and group not in {"quy_hoach", "de_an", "nghi_quyet_dai_hoi"}:
        return True  # the kind needs a capital (the tests below need not be asked)
    if NUMBERED_RE.match(doc.fold, match.end()) or (not small and _is_heading(doc.rslice(match.start(), match.end()))):
        return True
    if first.isupper():
        return False
    if group == "quy_hoach":
        return not LOWER_OK_RE.match(doc.fold, match.end())
    return False


def _read_candidate(doc: FoldedText, match: re.Match[str]) -> list[NamedMention]:
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
    scan = read_quoted(doc, match, last) or scan_words(doc, last + 1, detail)
    confidence = judge(doc, detail, capital, scan) if scan is not None else None
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
    letters = list(filter(str.isalpha, type_raw))
    return len(letters) > 2 and all(map(str.isupper, letters))


def _generic_before(doc: FoldedText, first: int, detail: str) -> bool:
    """The words before the type word make it generic ("các Đề án", "04 Đề án").

    Coordinated type words share the determiner: "các Chương trình, Kế hoạch, Đề án"
    (sct l.5312), so the walk back skips earlier type words, commas and "và".
    """
    i = doc.prev_solid(first)
    while i is not None and (doc.f(i) in {",", "va", "hoac"} or _type_word_ending_at(doc, i) is not None):
        head = i if doc.f(i) in {",", "va", "hoac"} else _type_word_ending_at(doc, i)
        i = doc.prev_solid(head) if head is not None else None
    if i is None or doc.kinds[i] != WORD:
        return False
    f = doc.f(i)
    if doc.o(i) in GENERIC_BEFORE or (f.isdigit() and len(f) <= 3 and not _not_a_count(doc, i)):
        return True
    before = doc.prev_solid(i)
    pair = (doc.f(before), f) if before is not None and doc.kinds[before] == WORD else None
    if pair == ("noi", "dung"):  # table header "Nội dung đề án" (sct l.49)
        return True
    return detail in {"ke_hoach", "chuong_trinh", "phuong_an"} and pair in UNBORN_BEFORE


def _not_a_count(doc: FoldedText, i: int) -> bool:
    """A number before the type word that is not a count: a table row opening a line
    ("2 Đề án phát triển …", sct l.75; counts carry a leading zero, "04 Đề án", l.1548),
    or an article's number ("khoản 1 điều 32 Luật đầu tư 2014", l.5099)."""
    before = doc.prev_solid(i)
    if before is not None and doc.f(before) in ARTICLE_WORDS:
        return True
    at_line_start = i == 0 or (doc.kinds[i - 1] == SPACE and "\n" in doc.f(i - 1))
    return at_line_start and not doc.f(i).startswith("0")


def _type_word_ending_at(doc: FoldedText, i: int) -> int | None:
    """Start token of a type word whose last word is token ``i``, if any."""
    if doc.kinds[i] != WORD:
        return None
    for back in (2, 0):  # two-word type words ("đề án") first, then "luật"
        j = i - back
        if j >= 0 and doc.kinds[j] == WORD and TYPE_HEAD_RE.fullmatch(doc.fold, doc.starts[j], doc.ends[i]):
            return j
    return None


# --- shapes with their own reader ------------------------------------------------------------


def _read_plan_of(doc: FoldedText, match: re.Match[str]) -> NamedMention | None:
    """An unnumbered plan named after the numbered document it carries out.

    "Kế hoạch hành động thực hiện Quyết định số 1968/QĐ-TTg" (sct l.1291); "Kế hoạch thực
    hiện Nghị quyết số 93/NQ-CP" (bentre l.19). The name ends with the symbol.
    """
    plan = PLAN_OF_RE.match(doc.fold, match.end())
    if plan is None or _is_self_reference(doc, match.start(), plan.end("symbol")):
        return None
    return _mention(doc, match, "ke_hoach", doc.rpos(match.start()), plan.end("symbol"), 0.85, quoted=False)


_PROMULGATE_BEFORE = re.compile(r"ban\s+hanh\s*:?\s*$")
_SENTENCE_END = re.compile(r"[;.]\s|\n\s*\n")


def _is_self_reference(doc: FoldedText, start: int, end: int) -> bool:
    """ "ban hành <name> … như sau:" is the host document's own promulgation formula:
    "UBND tỉnh Bình Dương ban hành Kế hoạch thực hiện Nghị quyết số 111/NQ-CP … như sau:"
    (kh-7099 l.27-31) is plan 7099/KH-UBND itself."""
    if not _PROMULGATE_BEFORE.search(doc.fold[max(0, start - 12) : start]):
        return False
    sentence = _SENTENCE_END.split(doc.fold[end : end + 400], maxsplit=1)[0]
    return "nhu sau" in sentence


def _read_law(doc: FoldedText, match: re.Match[str], last: int) -> list[NamedMention]:
    """A law by its field, with its year if printed.

    "Luật đất \\nđai" (sct l.340), "Luật Chính quyền địa phương thì" (l.5253), "Luật
    \\n\\nTrồng trọt 2018" (l.2400), and two laws in "Luật đầu tư năm 2014 và năm 2020"
    (l.5087). "pháp luật" (lower case) is no law.
    """
    words: list[int] = []
    i = last + 1
    doc.touch_end(i + 24)
    while i < len(doc.kinds) and len(words) < 8:
        if doc.kinds[i] == SPACE:
            # A blank line before the field is PDF layout: "Luật \n\nTrồng trọt" (l.2400).
            if doc.f(i).count("\n") >= 2 and (words or not _field_word_next(doc, i)):
                break
        elif doc.kinds[i] != WORD or doc.f(i).isdigit() or _law_word_stops(doc, i, words):
            break
        elif not words and doc.o(i) in {"sư", "lệ", "pháp"} | STOP_WORDS:
            return []
        else:
            words.append(i)
        i += 1
    if not words:
        return []
    end, confidence = doc.ends[words[-1]], 0.85
    year = LAW_YEAR_RE.match(doc.fold, end)
    if year:
        end, confidence = year.end(), 0.9
    mentions = [_mention(doc, match, "luat", doc.rpos(match.start()), end, confidence, quoted=False)]
    second = LAW_AND_YEAR_RE.match(doc.fold, end) if year else None
    if year and second:
        body = mentions[0].name[: mentions[0].name.rfind(year.group(1))].rstrip()
        start, stop = doc.rpos(second.start(1) if second.group(1) else second.start(2)), doc.rpos(second.end())
        name = f"{body} {second.group(2)}"
        mentions.append(NamedMention(start, stop, DocType.LAW, "luat", name, doc.raw[start:stop], False, 0.8))
    return mentions


def _law_word_stops(doc: FoldedText, i: int, words: list[int]) -> bool:
    """Word ``i`` ends a law's field: a stop word ("Luật Đầu tư quy định …"), or the
    next document ("Luật đầu tư và Nghị định …"). "và" goes on inside a field
    ("Luật Hỗ trợ doanh nghiệp nhỏ và vừa")."""
    o = doc.o(i)
    if o == "và":
        j = doc.next_word(i, 2)
        return j is None or doc.cap(j) or doc.o(j) in LAW_STOPS or doc.f(j).isdigit()
    return o in LAW_STOPS or bool(words and doc.cap(i) and TYPE_HEAD_RE.match(doc.fold, doc.starts[i]))


def _field_word_next(doc: FoldedText, i: int) -> bool:
    """The next token is a word that may open a law's field (not another document or issuer)."""
    j = doc.next_solid(i)
    return j is not None and doc.kinds[j] == WORD and not (doc.cap(j) and starts_document_or_issuer(doc, j))


def _read_congress(doc: FoldedText, match: re.Match[str], last: int) -> NamedMention | None:
    """A Party congress resolution: "Nghị quyết Đại hội Đại biểu toàn quốc lần thứ XIII
    của Đảng, nhiệm kỳ 2021-2026" (sct l.23), "Nghị quyết đại hội Đảng bộ tỉnh lần
    \\n\\nthứ XI" (l.4589). Between "Đại hội" and "lần thứ" only the congress's own
    words and a place may come."""
    for i in range(last + 1, min(last + 41, len(doc.kinds))):
        if doc.kinds[i] == PUNCT:
            return None
        if doc.kinds[i] != WORD:
            continue
        prev = doc.prev_solid(i)
        if prev is not None and doc.f(prev) == "thu" and ROMAN_RE.fullmatch(doc.f(i)):
            tail = CONGRESS_END_RE.match(doc.fold, doc.ends[i])
            end = tail.end() if tail else doc.ends[i]
            return _mention(doc, match, "nghi_quyet_dai_hoi", doc.rpos(match.start()), end, 0.95, quoted=False)
        if doc.f(i) not in CONGRESS_WORDS and not doc.cap(i):
            return None
    doc.touch_end(last + 41)
    return None


def _bare_acronyms(text: str, found: list[NamedMention]) -> list[NamedMention]:
    """Trade agreements cited by acronym alone ("EVFTA, RCEEP, UKVFTA", sct l.1192-1193)."""
    spans = [(m.start, m.end) for m in found]
    out = []
    for match in _fta_matches(text):
        if not any(s <= match.start() < e for s, e in spans):
            name = f"Hiệp định {match.group()}"
            start, end = match.span()
            out.append(NamedMention(start, end, DocType.OTHER, "hiep_dinh", name, match.group(), False, 0.85))
    return out


def _fta_matches(text: str) -> Iterator[re.Match[str]]:
    """``FTA_RE.finditer(text)``, tried only where an acronym can start: a match holds
    "FTA" one to six letters after its start, or opens with RCEP, RCEEP or CPTPP (the
    pattern's look-behind keeps ``re`` from skipping ahead by itself)."""
    starts: set[int] = set()
    for word, nearest, farthest in _FTA_ANCHORS:
        at = text.find(word)
        while at >= 0:
            starts.update(range(max(0, at - farthest), at - nearest + 1))
            at = text.find(word, at + 1)
    return matches_at(FTA_RE, text, sorted(starts))


# The literal words an FTA_RE match holds, and how far before them it may start (nearest, farthest).
_FTA_ANCHORS = (("FTA", 1, 6), ("RCEP", 0, 0), ("RCEEP", 0, 0), ("CPTPP", 0, 0))


# --- building the mention ------------------------------------------------------------------


def _make_mention(
    doc: FoldedText, match: re.Match[str], detail: str, scan: Scan, confidence: float
) -> NamedMention | None:
    """Turn a judged scan into a mention, starting at a quote opened before the type word."""
    start = match.start()
    before = doc.prev_solid(doc.token_at(match.start()))
    if scan.quoted and before is not None and doc.f(before) in OPEN_QUOTES:
        start = doc.starts[before]
    if _is_self_reference(doc, start, scan.end):
        return None
    return _mention(doc, match, detail, doc.rpos(start), scan.end, confidence, scan.quoted)


def _mention(
    doc: FoldedText, match: re.Match[str], detail: str, start: int, fold_end: int, confidence: float, quoted: bool
) -> NamedMention:
    """Assemble a mention: ``start`` is an original offset, ``fold_end`` a folded one."""
    end = doc.rpos(fold_end)
    type_raw = doc.rslice(match.start(), match.end())
    name = _clean_name(type_raw, doc.raw[doc.rpos(match.end()) : end])
    if _looks_like_ocr(name):
        confidence = round(confidence - 0.1, 2)
    return NamedMention(start, end, KIND_OF[detail], detail, name, doc.raw[start:end], quoted, confidence)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_OCR_WORDS = re.compile(r"\b(?:tinh|hoach|giai|doan|phat|trien|nam)\b")


def _looks_like_ocr(name: str) -> bool:
    """A Vietnamese name printed (almost) without diacritics is OCR text: trust it less.

    Example:
        >>> _looks_like_ocr("Quy hoach tinh Binh Duong thoi ky 2021-2030, tim nhin dén nim 2050")
        True
    """
    marked = sum(map(str.isalpha, _NON_ASCII.findall(name)))
    return marked <= 2 and bool(_OCR_WORDS.search(name))


_QUOTES = re.compile(f"[{QUOTE_CHARS}]")
_DASH = re.compile("[" + "".join(map(chr, DASHES)) + "]")
_SPACED_RANGE = re.compile(r"(\d)\s*-\s*(\d)")


def _clean_name(type_raw: str, body: str) -> str:
    """One-line name, quotes removed, the type word first and capitalised.

    Example:
        >>> _clean_name("đề án", " “Phát triển công nghiệp\\nnông thôn tỉnh Bình Phước”")
        'Đề án Phát triển công nghiệp nông thôn tỉnh Bình Phước'
    """
    label = " ".join(type_raw.split())
    text = _QUOTES.sub(" ", unicodedata.normalize("NFC", body))
    if _DASH.search(text):  # translate walks every character: only when there is a dash to fold
        text = text.translate(DASHES)
    text = _SPACED_RANGE.sub(r"\1-\2", " ".join(text.split())).strip(" ,;:.…-")
    return f"{label[:1].upper()}{label[1:]} {text}".strip()
