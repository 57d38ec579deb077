"""Short forms that point back at an earlier document: "Kế hoạch này", "Kết luận trên".

The resolver points each at the nearest preceding document of the same kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..graph.model import DocType
from .named_text import WORD, FoldedText, whole_text
from .named_vocab import GENERIC_BEFORE
from .scan import WordScanner

__all__ = ["BackRef", "find_back_references"]


@dataclass(frozen=True)
class BackRef:
    """A short form pointing back at an earlier document of ``kind`` ("Kế hoạch này")."""

    start: int
    end: int
    kind: DocType
    phrase: str


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
# Every match ends on "trên", "nêu", "này" or "đó", at most three words after its start (a
# two-word type word and "nêu"/"nói"/"đã"): found from those words, which are few.
_BACK_SCAN = WordScanner(
    [(f"k{i}", p) for i, (p, _) in enumerate(_BACK_KINDS)],
    r"\s+(?P<ref>neu\s+tren|noi\s+tren|da\s+neu|nay|tren|do)(?![a-z0-9])",
    last_words=("tren", "neu", "nay", "do"),
    words_before=3,
)
_BACK_RE = _BACK_SCAN.pattern
_BACK_WORDS = {"nêu trên", "nói trên", "đã nêu", "này", "trên", "đó"}
_BACK_WORDS_OCR = {"nay", "tren", "neu tren", "noi tren", "da neu"}  # not "do": the preposition
# After "trên" a noun phrase makes it the preposition: "Đề án trên địa bàn tỉnh", "quy
# hoạch trên các lĩnh vực" (sct l.2829), "chương trình trên Đài PTTH" (l.2625, a capital).
_NOT_AFTER_TREN = {
    "các", "những", "một", "mọi", "cả", "từng", "địa", "cơ", "tổng", "toàn", "nền", "mạng",
    "sàn", "thị", "phạm", "lĩnh", "đài", "trang", "website", "dia", "cac", "co",
}  # fmt: skip


def find_back_references(text: str, folded: str | None = None) -> list[BackRef]:
    """Find short forms that point back at a document: "Kế hoạch này", "Kết luận trên".

    Args:
        text: normalised text.
        folded: ``textfold.fold(text)`` when the caller has it (it saves a pass).

    Returns:
        The short forms in text order; the resolver points each at the nearest
        preceding document of the same kind. Plural forms ("các Đề án trên") are left
        out: they point at several documents.

    Example:
        >>> [(b.kind.value, b.phrase) for b in find_back_references("nội dung tại Kế hoạch trên vào")]
        [('plan', 'Kế hoạch trên')]
    """
    whole = whole_text(text, folded)
    refs = []
    for match in _BACK_SCAN.finditer(whole.fold):
        doc = whole.window(match.start(), match.end(), after=40)
        if not _is_back_reference(doc, match):
            continue
        index = next(int(name[1:]) for name, value in match.groupdict().items() if value and name[0] == "k")
        start, end = doc.rpos(match.start()), doc.rpos(match.end())
        refs.append(BackRef(start, end, _BACK_KINDS[index][1], " ".join(text[start:end].split())))
    return refs


def _is_back_reference(doc: FoldedText, match: re.Match[str]) -> bool:
    """The matched "<type word> này/trên/nêu trên/…" points back at one document."""
    ref = " ".join(doc.rslice(match.start("ref"), match.end("ref")).lower().split())
    ocr = doc.rslice(match.start(), match.end()).isascii()
    if ref not in _BACK_WORDS and not (ocr and ref in _BACK_WORDS_OCR):
        return False
    if match.group("ref") == "tren":
        j = doc.next_solid(doc.token_at(match.end()) - 1)
        if j is not None and doc.kinds[j] == WORD and (doc.cap(j) or doc.o(j) in _NOT_AFTER_TREN):
            return False
    prev = doc.prev_solid(doc.token_at(match.start()))
    return prev is None or doc.o(prev) not in GENERIC_BEFORE
