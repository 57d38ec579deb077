"""Stage 6, relations: type each link between documents from the words that state it.

Works sentence by sentence on one document's text. For each cited document (a
reference) it asks: which words stand between it and the reference before it?

1. A cue right before it ("thực hiện", "phê duyệt", "sửa đổi, bổ sung … một số Điều
   của", "thay thế", "bãi bỏ", "hướng dẫn", "đính chính", "báo cáo kết quả thực hiện")
   links the *previous* document to it: "Kế hoạch số 245/KH-UBND … thực hiện Kết luận
   số 361-KL/TU" → 245 implements 361. A cue only reaches the next document if no other
   document noun stands between them ("phê duyệt Đề án, Kế hoạch số 340" approves the
   Đề án, not the Kế hoạch).
2. A bare list separator ("và", ",") carries the previous link on ("thực hiện Kết luận
   361 … và Quyết định 1656" → 245 implements 1656 too).
3. Otherwise the sentence's opening cue ("Căn cứ …", "Thực hiện …", "Đối với …")
   links the host document (the one being read) to it; with no cue the host merely
   ``references`` it.

Who may do what (domain.md §2): only legal instruments amend, replace or repeal;
only decisions and resolutions approve (a Tờ trình that "trình … phê duyệt" merely
references); a report "thực hiện Kế hoạch X" reports on X (gold NOTES, judgement 6).
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..graph.model import DocType, RelationType
from .references import Reference
from .textfold import LOWER, UPPER, fold

HOST = -1  # index standing for the document being read

# Cue phrases on folded text; alternation order matters: longer phrases first.
_CUES: list[tuple[str, str]] = [
    (r"de nghi bao cao|bao cao ket qua(?: trien khai)?(?: thuc hien)?|bao cao (?:danh gia )?tinh hinh"
     r"(?: trien khai)?(?: thuc hien)?|bao cao danh gia(?: viec)?(?: trien khai)?|danh gia (?:viec )?trien khai"
     r"|ket qua (?:trien khai )?thuc hien|tinh hinh (?:trien khai )?thuc hien|doi voi", "report"),
    (r"sua doi,? bo sung,? bai bo|sua doi,? bai bo", "amends+repeals"),
    (r"sua doi(?:,? bo sung)?|dieu chinh(?:,? bo sung)?", "amends"),
    (r"thay the", "replaces"),
    (r"bai bo|huy bo|het hieu luc", "repeals"),
    (r"(?<!quy )dinh chinh(?! sach)", "corrects"),  # not "quy định chính sách" (bao-cao:3272)
    (r"quy dinh chi tiet(?: va huong dan)?(?: thi hanh)?|huong dan thi hanh|huong dan thuc hien", "guides"),
    (r"trinh [^;.]{0,40}?phe duyet|trinh [^;.]{0,40}?ban hanh|lay y kien|gop y|nhan duoc", "references"),
    (r"phe duyet|ban hanh kem theo|(?<!da )ban hanh(?= (?:de an|chuong trinh|chien luoc|quy che|quy dinh))",
     "approves"),
    (r"ci?an c(?:u|tr|ir|it|ut)\b|tren co so|bam sat", "based_on"),
    (r"(?:trien khai )?th[uyw]c hi[eé]n|trien khai|cu the hoa", "implements"),
]
_WS = r"\s+"
_CUE_LETTERS = "bcdghklnpqst"  # every cue opens with one of these (test_relations checks it)
# The cues as one pattern, group "c<i>" for cue i: "\b(?P<c0>…)|\b(?P<c1>…)|…", with the "\b" said
# once and the first letter checked before any cue is tried (the same matches, twice as fast).
_CUE_RE = re.compile(rf"\b(?=[{_CUE_LETTERS}])(?:" + "|".join(
    f"(?P<c{i}>{p.replace(' ', _WS).replace('(?<!da' + _WS, '(?<!da' + chr(92) + 's').replace('(?<!quy' + _WS, '(?<!quy' + chr(92) + 's')})"
    for i, (p, _) in enumerate(_CUES)) + ")")
_DOC_NOUN = re.compile(
    r"\b(?:de\s+an|ke\s+hoach|quyet\s+dinh|nghi\s+quyet|chuong\s+trinh|ket\s+luan|cong\s+van|chien\s+luoc"
    r"|quy\s+hoach|nghi\s+dinh|thong\s+tu|chi\s+thi|bao\s+cao|to\s+trinh|luat|hiep\s+dinh|quy\s+che)\b"
)
# Where a sentence ends, as five alternatives (tried in this order at each position):
_SENTENCE_END_PARTS = (
    rf"[.:](?=\s+(?:[{UPPER}\-•+(]|\d+\.))",  # a full stop or colon before a capital or a numbered item
    r"\n\s*(?=[-•+]\s|\d+\.\s|[IVX]+\.\s|V/v\s)",  # a bullet, numbered heading or "V/v" starts a line
    # A blank line ends a paragraph only after closing punctuation, or before a new "Căn cứ" /
    # "Thực hiện": PDF text puts blank lines between wrapped lines (bao-cao:661-663).
    rf"(?<=[.;:!?”\"])[ \t]*\n[ \t]*\n(?=\s*[{UPPER}])",
    r"\n[ \t]*(?:\n[ \t]*)?(?=(?:Căn cứ|Can c|Cian c|Thực hiện|Thuc hi|Kính gửi))",
    rf"\n(?=[ \t]*[{UPPER}][^{LOWER}\n]{{3,}}\n)",  # an upper-case line (a title such as "KẾ HOẠCH")
)
_SENTENCE_END = re.compile("|".join(_SENTENCE_END_PARTS))
assert all(_SENTENCE_END_PARTS[i].startswith(r"\n") for i in (1, 3, 4)), "_SENTENCE_END_SEARCHES drops that"
# The same alternatives as (alternative, pattern, lead) for _sentence_ends: each pattern opens with
# one literal character, which the engine skips to at C speed (a class such as "[.:]" it tests
# at every character, ten times slower). An alternative opening with a class is one pattern per
# character; the third finds the punctuation it looks behind for, one (``lead``) character
# before its match proper.
_END_MARKS, _AFTER_MARK = ".;:!?”\"", _SENTENCE_END_PARTS[2].removeprefix("(?<=[.;:!?”\\\"])")
_SENTENCE_END_SEARCHES: tuple[tuple[int, re.Pattern[str], int], ...] = (
    *((0, re.compile(re.escape(mark) + _SENTENCE_END_PARTS[0].removeprefix("[.:]")), 0) for mark in ".:"),
    # The three alternatives that open with "\n", in one pattern: group "a<i>" tells which matched.
    (1, re.compile(r"\n(?:" + "|".join(f"(?P<a{i}>{_SENTENCE_END_PARTS[i][2:]})" for i in (1, 3, 4)) + ")"), 0),
    *((2, re.compile(re.escape(mark) + _AFTER_MARK), 1) for mark in _END_MARKS),
)
_SCOPE = re.compile(
    r"(?:mot\s+so|cac)\s+(?:dieu|khoan|diem)|(?:dieu|khoan|diem|chuong|muc|phu\s+luc)\s+[\divx]+"
    r"(?:(?:,|\s+va)\s+[\divx]+)*(?:\s+(?:khoan|diem)\s+[\da-z]+)*"
)
# What a cue may carry out other than a document: "thực hiện chủ trương đầu tư theo Luật đầu tư"
# (bao-cao:5103) implements a decision in principle, in accordance with the law.
_OTHER_OBJECT = re.compile(r"^\s*chu\s+truong\b")
_REQUEST = re.compile(r"\bde\s+nghi\s+bao\s+cao\b")
_LOCAL_REACH = 60  # how far before a reference the host's own cue may stand
_PASSIVE = re.compile(r"\bduoc\b[^;]{0,80}?(?:phe\s+duyet|ban\s+hanh)\s+(?:tai|theo|kem\s+theo)\s*$")
_ISSUED_BEFORE = re.compile(r"\bban\s+hanh\s*$")
_NOUN_OF = {DocType.PLAN: "ke hoach", DocType.DECISION: "quyet dinh", DocType.RESOLUTION: "nghi quyet",
            DocType.PROGRAMME: "chuong trinh", DocType.CONCLUSION: "ket luan", DocType.SCHEME: "de an"}
_LEGAL_CHANGE = {"amends+repeals", "amends", "replaces", "repeals", "corrects"}
_AMENDERS = {DocType.DECISION, DocType.RESOLUTION, DocType.DECREE, DocType.CIRCULAR, DocType.LAW,
             DocType.REGULATION, DocType.DIRECTIVE, DocType.OTHER}
_APPROVERS = {DocType.DECISION, DocType.RESOLUTION, DocType.DECREE, DocType.OTHER}
_HOST_CUES = {"based_on", "implements", "report"}


@dataclass(frozen=True, slots=True)
class Link:
    """A typed link between two references (``HOST`` for the document being read)."""

    source: int
    target: int
    type: RelationType
    start: int  # evidence span in the text
    end: int
    scope: str | None = None
    confidence: float = 1.0


def classify_links(text: str, refs: Sequence[Reference], host_type: DocType,
                   preamble_end: int | None = None, folded: str | None = None) -> list[Link]:
    """Type every link the text states between its host and the references, and among them.

    Args:
        text: the clean text of one document (the host).
        refs: its references, in text order.
        host_type: the host's type (a report reports on what it "thực hiện").
        preamble_end: offset where the body starts (the first "I." heading). The host
            rests on or implements what its preamble cites; "triển khai thực hiện Kế hoạch
            6613" inside a task is a task's pointer, not the plan's basis
            (binhduong_kh-7099-ubnd_2024_ocr.txt:376).

    Returns:
        Links in text order. Every reference gets at least one link from the host
        (``references`` when nothing more specific is said).

    Example:
        >>> # "Kế hoạch số 245/KH-UBND … thực hiện Kết luận số 361-KL/TU" → Link(0, 1, implements)
    """
    folded = fold(text) if folded is None else folded
    body = len(text) if preamble_end is None else preamble_end
    links: list[Link] = []
    starts = [r.start for r in refs]  # refs come in text order
    for start, end in _sentences_with(text, starts):
        members = list(range(bisect_left(starts, start), bisect_left(starts, end)))
        if members:  # none only for refs out of text order (every sentence is read then)
            links.extend(_sentence_links(text, folded, start, end, refs, members, host_type, start < body))
    return links


def _sentences_with(text: str, offsets: Sequence[int]) -> list[tuple[int, int]]:
    """The spans of :func:`_sentences` that hold one of ``offsets``, in order."""
    if not offsets:
        return []
    if any(a > b for a, b in zip(offsets, offsets[1:])):  # not in text order: take every sentence
        return _sentences(text)
    ends = _sentence_ends(text, past=offsets[-1])  # the sentence of the last offset ends the work
    spans: list[tuple[int, int]] = []
    for offset in offsets:
        if spans and offset < spans[-1][1]:
            continue  # in the sentence just taken
        i = bisect_right(ends, offset)  # the sentence after the i ends at or before the offset
        span = (ends[i - 1] if i else 0, ends[i] if i < len(ends) else len(text))
        if span[0] <= offset < span[1]:
            spans.append(span)
    return spans


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: cut at ". " / "; " / ": " before a capital, and before bullets."""
    spans, start = [], 0
    for end in _sentence_ends(text):
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return spans


def _sentence_ends(text: str, past: int | None = None) -> list[int]:
    """The ends of the matches ``_SENTENCE_END.finditer(text)`` gives, found faster.

    The engine would try each of the pattern's five alternatives at every character. Here each
    piece of ``_SENTENCE_END_SEARCHES`` searches on its own and a heap holds the next match of
    each: the leftmost one, on a tie the earlier alternative, is the pattern's match (two pieces
    of one alternative never match at one position: they open with different characters); the
    search goes on from its end, as finditer does (no alternative matches empty). With ``past``,
    the search stops at the first end after that offset.
    """
    ends: list[int] = []
    heap = [found for piece in range(len(_SENTENCE_END_SEARCHES)) if (found := _next_end(text, piece, 0))]
    heapq.heapify(heap)
    while heap:
        _, _, end, piece = heapq.heappop(heap)
        ends.append(end)
        if past is not None and end > past:
            break
        while heap and heap[0][0] < end:  # overlapped by this match: search again after it
            other = heapq.heappop(heap)[3]
            if found := _next_end(text, other, end):
                heapq.heappush(heap, found)
        if found := _next_end(text, piece, end):
            heapq.heappush(heap, found)
    return ends


def _next_end(text: str, piece: int, pos: int) -> tuple[int, int, int, int] | None:
    """(start, alternative, end, piece) of the first match of ``piece`` at or after ``pos``."""
    alternative, pattern, lead = _SENTENCE_END_SEARCHES[piece]
    match = pattern.search(text, max(pos - lead, 0))
    if match is None:
        return None
    if match.lastgroup:  # the "\n" alternatives
        alternative = int(match.lastgroup[1:])
    return match.start() + lead, alternative, match.end(), piece


def _sentence_links(text: str, folded: str, start: int, end: int, refs: Sequence[Reference],
                    members: list[int], host_type: DocType, in_preamble: bool) -> list[Link]:
    """Links stated inside one sentence."""
    first = refs[members[0]]
    stated = _last_cue(folded[start: _left(first)], anchor=_left(first) - start, opening=True)
    # The host rests on / carries out only what its preamble cites; "Thực hiện …" in the body
    # speaks of some other act, whose document may follow ("…, Sở đã ban hành Tờ trình 218").
    opening = None if stated in {"based_on", "implements"} and not in_preamble else stated
    links: list[Link] = []
    carried: Link | None = None
    opened: list[int] = []  # references the opening cue linked the host to
    for pos, index in enumerate(members):
        ref = refs[index]
        prev = refs[members[pos - 1]] if pos else None
        gap_start = (prev.tail_end or prev.end) if prev else start
        gap = folded[gap_start: _left(ref)]
        cue = _last_cue(gap, anchor=len(gap), own_noun=_NOUN_OF.get(ref.doc_type))
        if cue is None and prev is not None and ref.kind != "symbol" and _ISSUED_BEFORE.search(gap):
            cue = "approves"  # "Quyết định 1642/QĐ-UBND … về việc ban hành Đề án …" (bao-cao:3855)
        local = None
        if cue and (prev is None or not _subject_is_prev(gap, cue)):
            # Not the previous document's act: the host's own, if the cue stands right before.
            local = cue if _cue_end(gap, cue) >= len(gap) - _LOCAL_REACH else None
            cue = None
        if cue and prev is not None:
            made = _cited_links(members[pos - 1], index, refs, cue, _scope(gap, text, gap_start), start, end,
                                passive=bool(_PASSIVE.search(gap)))
            links.extend(made)
            carried = made[0] if made and made[0].type is not RelationType.REFERENCES else None
            if ref.kind == "backref" or (carried and carried.type is RelationType.APPROVES):
                carried = None  # "phê duyệt Đề án, Kế hoạch số 340" lists a new item, not a second object
            if made and not any(m.source == HOST for m in made):
                # A report citing the request it answers reports on what was asked: "Công văn
                # 1664/SCT-CN … đề nghị báo cáo kết quả thực hiện Kết luận 361" (bao-cao:4405).
                answers = cue == "report" and host_type is DocType.REPORT and _REQUEST.search(gap)
                links.append(_host_link(index, "report" if answers else "references", host_type, refs,
                                        start, end))
            continue
        if carried and prev is not None and _is_list_gap(gap):
            links.append(Link(carried.source, index, carried.type, start, end, carried.scope, 0.8))
            links.append(_host_link(index, "references", host_type, refs, start, end))
            continue
        carried = None
        if opened and _ISSUED_BEFORE.search(gap):
            # "Thực hiện Quyết định 1968/QĐ-TTg …, UBND tỉnh đã ban hành Kế hoạch 95/KH-UBND" (bao-cao:1850):
            # the document issued implements what the sentence opened with.
            links.extend(Link(index, t, RelationType.IMPLEMENTS, start, end, None, 0.8) for t in opened)
            links.append(_host_link(index, "references", host_type, refs, start, end))
            continue
        if local == "report" or (local in {"based_on", "implements"} and in_preamble):
            # A cue of the host's own right before this reference, after a ";" or a new subject.
            links.append(_host_link(index, local, host_type, refs, start, end))
            if local == "implements" and pos == len(opened):
                opened.append(index)
            continue
        link = _host_link(index, opening or "references", host_type, refs, start, end)
        if stated == "implements" and pos == len(opened):
            opened.append(index)
        links.append(link)
    return links


def _left(ref: Reference) -> int:
    return ref.prefix_start if ref.prefix_start is not None else ref.start


def _last_cue(gap: str, anchor: int, opening: bool = False, own_noun: str | None = None) -> str | None:
    """The cue that governs what follows ``gap``: the last one, unless a document noun
    (the object of that cue) stands between it and the end."""
    found = None
    for cue in _cues_in(gap):
        if found is not None and found[2] in _LEGAL_CHANGE and cue[2] not in _LEGAL_CHANGE:
            continue  # "sửa đổi … Quy định ban hành kèm theo Nghị quyết 01": the change governs
        found = cue
    if found is None:
        return None
    found_start, found_end, found_kind = found
    between = gap[found_end: anchor]
    if own_noun:  # "triển khai Kế hoạch thực Kế hoạch số 325" (bao-cao:3875): the same noun again
        between = re.sub(own_noun.replace(" ", r"\s+"), " ", between)
    if _DOC_NOUN.search(between) or (found_kind == "implements" and _OTHER_OBJECT.search(between)):
        return None
    if opening and found_start > 40:  # an opening cue stands at the head of the sentence
        return None
    return found_kind


@lru_cache(maxsize=64)
def _cues_in(gap: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, kind) of each cue in ``gap``, in order: a gap is read by up to three steps."""
    return tuple((m.start(), m.end(), _CUES[int(m.lastgroup[1:])][1])  # type: ignore[index]
                 for m in _CUE_RE.finditer(gap))


def _cue_end(gap: str, kind: str) -> int:
    return max((end for _, end, cue in _cues_in(gap) if cue == kind), default=0)


def _subject_is_prev(gap: str, kind: str) -> bool:
    """The previous document is the cue's subject unless a ";" or another document noun
    stands before the cue ("…1968/QĐ-TTg; Kế hoạch thực hiện Quyết định số 1163", bao-cao:1291)."""
    cue_at = max((start for start, _, cue in _cues_in(gap) if cue == kind), default=0)
    # What the previous document issues is still the previous document ("111/NQ-CP … ban hành
    # Chương trình hành động … thực hiện Nghị quyết 29-NQ/TW", binhduong_kh-7099:15).
    head = re.sub(r"ban\s+hanh\s+" + _DOC_NOUN.pattern, " ", gap[:cue_at])
    # A cue's own words are no other subject: "đề nghị báo cáo kết quả thực hiện" (bao-cao:4405).
    head = _CUE_RE.sub(" ", head)
    return ";" not in head and not _DOC_NOUN.search(head)


def _is_list_gap(gap: str) -> bool:
    """Only separators, dates and issuer phrases between two references ("…; và …")."""
    stripped = re.sub(r"ngay \d{1,2}[/ ]\S*|cua [^,;]{0,60}|\d{1,2}/\d{1,2}/\d{4}|[\s,]|va\b", "", gap)
    return ";" not in gap and len(stripped) <= 3


def _scope(gap: str, text: str, gap_start: int) -> str | None:
    """The part a change touches ("một số Điều", "Điều 7"), as printed."""
    found = _SCOPE.search(gap)
    if not found:
        return None
    return re.sub(r"\s+", " ", text[gap_start + found.start(): gap_start + found.end()])


def _cited_links(src: int, dst: int, refs: Sequence[Reference], cue: str, scope: str | None,
                 start: int, end: int, passive: bool = False) -> list[Link]:
    """Links between two cited documents, checked against who may do what."""
    source_type = refs[src].doc_type
    kinds = cue.split("+")
    if kinds == ["approves"] and passive:
        # "Quy hoạch tỉnh … đã được Thủ tướng phê duyệt tại Quyết định số 1489/QĐ-TTg" (bao-cao:1637)
        if refs[dst].doc_type in _APPROVERS:
            return [Link(dst, src, RelationType.APPROVES, start, end, None, 0.8)]
        return []
    made = []
    for kind in kinds:
        rel = _allowed(kind, source_type)
        if rel is None:
            continue
        made.append(Link(src, dst, rel, start, end, scope if kind in {"amends", "repeals"} else None,
                         0.9 if kind != "references" else 0.7))
    return made


def _allowed(kind: str, source_type: DocType) -> RelationType | None:
    """The relation a cue makes between two cited documents, or None when not a relation."""
    if kind in {"amends", "replaces", "repeals", "corrects"}:
        return RelationType(kind) if source_type in _AMENDERS else RelationType.REFERENCES
    if kind == "approves":
        return RelationType.APPROVES if source_type in _APPROVERS else RelationType.REFERENCES
    if kind in {"report", "implements"} and source_type is DocType.REPORT:
        return RelationType.REPORTS_ON  # "Báo cáo số 80/BC-SCT … đánh giá … thực hiện Nghị quyết" (bao-cao:4587)
    if kind == "report":
        return RelationType.REFERENCES
    return RelationType(kind)


def _host_link(index: int, cue: str, host_type: DocType, refs: Sequence[Reference],
               start: int, end: int) -> Link:
    """The host's link to one reference, from the sentence's opening cue."""
    target_type = refs[index].doc_type
    if cue not in _HOST_CUES:
        rel = RelationType.REFERENCES
    elif cue == "report":
        rel = RelationType.REPORTS_ON if host_type in {DocType.REPORT, DocType.OFFICIAL_LETTER} \
            else RelationType.REFERENCES
    elif cue == "implements" and host_type is DocType.REPORT and target_type is not DocType.OFFICIAL_LETTER:
        rel = RelationType.REPORTS_ON
    else:
        rel = RelationType(cue)
    return Link(HOST, index, rel, start, end, None, 0.9 if rel is not RelationType.REFERENCES else 0.6)
