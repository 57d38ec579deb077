"""Extract the tasks of a plan (or the tasks a report restates), with their lead and coordinators.

One public function, :func:`extract_tasks`. The steps, each a private function:

1. ``_outline``: read the numbering (``III.``, ``1.``, ``2.1.``, ``a)``, ``(1).``; OCR ``¢)`` and a second
   ``d)`` read as ``c)`` and ``đ)``) into items with a section path such as ``III.1.b``.
2. ``_task_items``: pick the items that are tasks.

   - Under a plan heading ("NHIỆM VỤ, GIẢI PHÁP", "NỘI DUNG", OCR "NHIEM VU, GIAI PHAP") or after an
     intro sentence ("Các nội dung chủ yếu của Kế hoạch bao gồm:"), every leaf item is a task
     (binhduong_kh-7099-ubnd_2024_ocr.txt: each lettered item under III.n).
   - Under a report heading ("Kết quả thực hiện các nhiệm vụ…"), every numbered item down to two
     levels is a restated task, parents included (binhphuoc_sct_bao-cao_2022-2024.txt:1613-1615).
   - In a table with an "Đơn vị chủ trì" column, each numbered row is a task (ibid. 49-217).
   - A "Trong thời gian tới, …: a; b; c" paragraph lists tasks separated by ";"
     (bentre_sct_kinh-te-tuan-hoan_2024.txt:21); in "thời gian tới" / "đề xuất" sections, a bullet
     is a task only when it names its lead (ibid. 596, 612).

3. ``_roles``: "X chủ trì, phối hợp với Y, Z" → lead [X], coordinate [Y, Z]; "X phối hợp với Y" and
   "X, Y tổ chức…" → the subject leads. Names are resolved through the agency registry.

A task a report restates belongs to the plan the report cites in its opening ("Căn cứ Kế hoạch số
326/KH-UBND"), through the caller's ``resolve_plan``; without one, every task belongs to ``doc_key``.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, count
from operator import add

from policygraph.graph.model import Evidence, Task
from policygraph.ingest.agencies import AgencyMention, find_agency_mentions
from policygraph.ingest.agency_registry import AgencyRegistry
from policygraph.ingest.textfold import fold

__all__ = ["extract_tasks"]

logger = logging.getLogger(__name__)

# Vietnamese alphabet order of lettered items: a) b) c) d) đ) e) g) h) i) k)…
_LETTERS = "abcdđeghiklmnopqrstuvxy"
_RANK = {"upper": 0, "roman": 1, "num": 2, "letter": 10, "paren": 11}

_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("roman", re.compile(r"(?P<m>[IVX]{1,5})\.\s+(?=\S)")),
    ("upper", re.compile(r"(?P<m>[A-H])\.\s+(?=[A-ZĐ][^\W\d_]*[A-ZĐ\u00c0-\u1ef9]\b|[A-ZĐ]{2})")),
    ("num", re.compile(r"(?P<m>\d{1,2}(?:\.\d{1,2}){1,3})\.?\s*(?=[^\W\d])")),
    ("num", re.compile(r"(?P<m>\d{1,2})\.\s*(?=[^\W\d])")),
    # OCR reads "c)" as "¢)" (binhduong_kh-7099-ubnd_2024_ocr.txt:158, 208, 264).
    ("letter", re.compile(r"(?P<m>[a-zđ¢])\)\s*(?=\S)")),
    ("paren", re.compile(r"\((?P<m>\d{1,2})\)\.?\s*(?=\S)")),
)
# How each marker above opens (roman, upper, num, letter, paren): a line opening otherwise has none.
_MARKER_OPENING = re.compile(r"[IVX]{1,5}\.|[A-H]\.|\d|[a-zđ¢]\)|\(\d")
# The markers above as one pattern, tried in their order: alternative i captures its label in
# group "m<i>", so ``lastgroup`` tells which one matched.
_MARKER = re.compile("|".join(f"(?:{pattern.pattern.replace('(?P<m>', f'(?P<m{i}>')})"
                              for i, (_, pattern) in enumerate(_MARKERS)))
_MARKER_KIND = {f"m{i}": kind for i, (kind, _) in enumerate(_MARKERS)}

# Headings and intro sentences, matched on folded text.
_PLAN_SECTION = re.compile(
    r"nhiem vu,?\s*(?:va\s+)?giai phap|giai phap,?\s*(?:va\s+)?nhiem vu|^(?:cac\s+)?nhiem vu(?:\s+chu yeu|\s+trong tam|\s+cu the)?\W*$"
    r"|noi dung chu yeu|^noi dung(?:\s+thuc hien)?\W*$"
)
_REPORT_SECTION = re.compile(
    r"^(?:ket qua|ve)?\s*thuc hien(?: cac)? nhiem vu|^ket qua thuc hien\W*$|ket qua thuc hien cac nhiem vu"
)
_NOT_TASK_SECTION = re.compile(r"muc tieu|chi tieu|ket luan|danh gia|kho khan|kien nghi")
_FUTURE_SECTION = re.compile(r"thoi gian toi|phuong huong|de xuat")
_FUTURE_PARAGRAPH = re.compile(r"^\W*trong thoi gian toi\b")
_STOP_SECTION = re.compile(r"^\W*noi nhan\b")
# The words of the two patterns above, to find in the whole folded text (_lines_opening).
_FUTURE_WORDS = re.compile(r"trong thoi gian toi\b")
_STOP_WORDS = re.compile(r"noi nhan\b")
_NON_WORDS = re.compile(r"\W*")
_TABLE_HEADER = re.compile(r"\bstt\b.*\bdon vi chu tri\b")
# The same, led by the literal "stt" for a fast scan of the whole text: the look-behind is the \b.
_TABLE_HEADER_TEXT = re.compile(r"stt(?<!\wstt)\b.*\bdon vi chu tri\b")

# Role cues on folded text; OCR spellings from binhduong_kh-7099-ubnd_2024_ocr.txt:145-446
# ("chi tri", "phdi hop", "phbi hop", "phéi hop", "ph01 hop", "vOi", "véi", "vai1").
# Each opens with its literal ("ch", "ph") so that a search skips to it fast; the look-behind
# after it checks that no letter or digit comes before the literal.
_LEAD_CUE = re.compile(r"ch(?<![a-z0-9]ch)[a-z]{1,2}\s+tri(?![a-z])")
_COORD_CUE = re.compile(r"ph(?<![a-z0-9]ph)[a-z0-9]{1,3}\s+h[o0]p(?:\s+(?:v[a-z0-9]{1,3}|cung))?(?![a-z])")
_LABEL_CUE = re.compile(r"(?:don vi|co quan)\s+ch[a-z]{1,2}\s+tri(?![a-z])")
# The two halves of _LABEL_CUE, each led by its literal (:func:`_label_cue`).
_LABEL_CUES = (re.compile(r"don vi\s+ch[a-z]{1,2}\s+tri(?![a-z])"), re.compile(r"co quan\s+ch[a-z]{1,2}\s+tri(?![a-z])"))
_CONNECTOR = re.compile(r"[\s,;]*(?:(?:va|voi|cung|&)[\s,;]+)*[\s,;]*")
_LEAD_GAP = re.compile(r"[\s,]*(?:da\s+|duoc giao\s+|la don vi\s+)?")
# Gaps on folded text (matched with pos/endpos: none looks outside its span).
_LABEL_BEFORE_CUE = re.compile(r"[\W\d]*(?:(?:don vi|co quan)\s+)?")
_NO_WORDS = re.compile(r"[\W\d]*")
_COMMAS = re.compile(r"[\s,]*")
_COLON = re.compile(r"\s*:\s*")
_SUBJECT_VERB = re.compile(r"\s*(?:tham muu|to chuc|chu dong|trien khai|xay dung|thuc hien|ph[a-z0-9]{1,3}\s+h[o0]p)")


@dataclass(slots=True)
class _Item:
    """One numbered item of the outline."""

    kind: str
    label: str
    rank: int
    start: int  # line index of the marker
    heading_at: int  # offset in the segment text where the heading starts (after the marker)
    path: str
    parent: int | None
    children: list[int] = field(default_factory=list)
    end: int = 0  # line index where the item's own text ends (next item, exclusive)
    intro_task: bool = False  # introduced by a task intro sentence ("… bao gồm:")


@dataclass(frozen=True, slots=True)
class _Segment:
    """The segment text with its line offsets, folded copy and agency mentions.

    ``folded_line(i)`` is ``fold(lines[i])``, cut from ``folded`` (fold keeps offsets), so that
    the passes over the lines fold nothing again; ``headings`` caches :func:`_heading` by
    the item's first line, since every item asks for its ancestors' headings.

    ``mention_starts`` holds the mentions' starts when the mentions come in text order (as
    ``find_agency_mentions`` gives them), for bisecting; None otherwise. ``span_starts`` and
    ``span_reach`` are the mentions' (start, end) sorted by start and the running maximum of
    their ends: whether an offset falls inside a mention is one bisect. ``lines_apart`` is
    True when ``text`` is the lines joined by "\n" with no "\n" inside a line, so that a
    regex over the whole text finds what a loop over the lines would.
    """

    lines: Sequence[str]
    text: str
    folded: str
    starts: tuple[int, ...]
    mentions: tuple[AgencyMention, ...]
    first_line: int
    file: str
    mention_starts: tuple[int, ...] | None
    span_starts: tuple[int, ...]
    span_reach: tuple[int, ...]
    lines_apart: bool
    headings: dict[int, str] = field(default_factory=dict)
    sections: dict[int, str] = field(default_factory=dict)  # _section_of by the item's first line
    folded_headings: dict[int, str] = field(default_factory=dict)  # _folded_heading, likewise
    stop: list[int] = field(default_factory=list)  # _stop_line, once computed

    def offset(self, index: int) -> int:
        """Offset of line ``index`` (the text's end for an index past the last line)."""
        return self.starts[index] if index < len(self.starts) else len(self.text)

    def line_of(self, offset: int) -> int:
        """Raw 1-based line number of an offset."""
        return self.first_line + max(0, bisect.bisect_right(self.starts, offset) - 1)

    def folded_line(self, index: int) -> str:
        """``fold(lines[index])``."""
        start = self.starts[index]
        return self.folded[start : start + len(self.lines[index])]

    def folded_lines(self) -> Iterator[str]:
        """``fold(line)`` for each line, in order."""
        return map(self.folded_line, range(len(self.lines)))

    def index_of(self, offset: int) -> int:
        """Index of the line holding ``offset`` (0 for an offset before the text)."""
        return max(0, bisect.bisect_right(self.starts, offset) - 1)


@dataclass(frozen=True, slots=True)
class _Found:
    """A task before it gets its key: where, which section, its text and role agency keys.

    ``restated`` marks a task a report restates from the plan it cites (not a task of ``doc_key``).
    """

    line: int
    section: str
    text: str
    lead: list[str]
    coordinate: list[str]
    restated: bool = False


def extract_tasks(
    lines: Sequence[str],
    first_line: int,
    file: str,
    doc_key: str,
    jurisdiction: str | None,
    registry: AgencyRegistry,
    resolve_plan: Callable[[str], str | None] | None = None,
    mentions: Sequence[AgencyMention] | None = None,
    folded: str | None = None,
) -> list[Task]:
    """Extract the tasks of one document segment, with lead and coordinating agencies.

    Agencies named in a role are recorded in ``registry`` (generic groups included, printed name
    normalised); their keys fill ``Task.lead`` and ``Task.coordinate``.

    A report restates the tasks of a plan it cites in its opening ("Căn cứ Kế hoạch số 326/KH-UBND",
    "Thực hiện Kế hoạch số 339/KH-UBND"): those tasks get ``plan = resolve_plan("326/KH-UBND")``
    when the caller can resolve the symbol to a document key, else ``doc_key``.

    Args:
        lines: the cleaned lines of the segment (NFC, dashes as "-"; OCR text keeps its damage).
        first_line: the raw 1-based line number of ``lines[0]``.
        file: the file name, for evidence.
        doc_key: the key of the document the segment is; tasks are keyed ``task:<doc_key>#<section>``.
        jurisdiction: the document's province, or None.
        registry: where agencies are recorded.
        resolve_plan: maps a plan reference as printed (a symbol "326/KH-UBND", "17-Ctr/TU", or a
            scheme by name 'Đề án “Phát triển …”') to a document key, or None when unknown; without
            it every task belongs to ``doc_key``.
        mentions: the segment's agency mentions when the caller found them already
            (``find_agency_mentions`` is the costliest step; it need not run twice).
        folded: ``fold("\\n".join(lines))`` when the caller has it (it need not be folded twice).

    Returns:
        The tasks in text order.

    Example:
        >>> tasks = extract_tasks(["III. NHIEM VU, GIAI PHAP", "1. Cong nghiep", "a) S6 Cong Thuong chu tri"],
        ...                       1, "f.txt", "kh-1", "Bình Dương", AgencyRegistry())
        >>> [(t.section, t.lead) for t in tasks]
        [('III.1.a', ['agency:so-cong-thuong@binh-duong'])]
    """
    segment = _segment(lines, first_line, file, jurisdiction, mentions, folded)
    items = _outline(segment)
    found = [_item_task(segment, items, item, mode, jurisdiction, registry) for item, mode in _task_items(segment, items)]
    found += _table_tasks(segment, jurisdiction, registry)
    found += _future_bullet_tasks(segment, items, jurisdiction, registry)
    found += _future_paragraph_tasks(segment, items, jurisdiction, registry)
    restated = _restated_plan(segment, items)
    plan = (resolve_plan(restated) if resolve_plan and restated else None) or doc_key
    return _to_tasks(sorted(found, key=lambda t: t.line), doc_key, plan, file)


def _segment(lines: Sequence[str], first_line: int, file: str, jurisdiction: str | None,
             mentions: Sequence[AgencyMention] | None = None, folded: str | None = None) -> _Segment:
    """Prepare the segment: joined text, folded copy, line offsets and agency mentions."""
    text = "\n".join(lines)
    # Line i starts after the i lines before it and their i newlines (map and accumulate run in C).
    starts = tuple(map(add, accumulate(map(len, lines[:-1]), initial=0), count())) if lines else ()
    found = tuple(mentions) if mentions is not None else tuple(
        find_agency_mentions(lines, first_line, file, jurisdiction))
    if folded is None or len(folded) != len(text):
        folded = fold(text)
    lines_apart = text.count("\n") == len(lines) - 1
    mention_starts = tuple(m.start for m in found)
    in_order = all(a <= b for a, b in zip(mention_starts, mention_starts[1:]))
    spans = sorted((m.start, m.end) for m in found)
    return _Segment(lines, text, folded, starts, found, first_line, file,
                    mention_starts if in_order else None, tuple(start for start, _ in spans),
                    tuple(accumulate((end for _, end in spans), max)), lines_apart)


# --- 1. outline -----------------------------------------------------------------------------


def _outline(segment: _Segment) -> list[_Item]:
    """Read numbered items into a tree; lines that are not items belong to the item above them.

    Only the lines that may open with a marker are visited (:func:`_marker_lines`); whether an
    intro sentence ("… bao gồm:") announces an item is asked of the text line just before it.
    """
    items: list[_Item] = []
    stack: list[int] = []
    roots: list[int] = []
    off_sequence: set[int] = set()  # lines whose marker does not follow the numbering
    previous_item = -1  # line index of the last item placed
    for index in _marker_lines(segment):
        line = segment.lines[index]
        stripped = line.lstrip()
        marker = _read_marker(stripped)
        if marker is None:
            continue
        kind, label, width = marker
        item = _place(items, stack, roots, kind, label, index,
                      segment.offset(index) + len(line) - len(stripped) + width)
        if item is None:
            logger.debug("%s:%d: %r does not follow the numbering; read as text", segment.file, segment.first_line + index, label)
            off_sequence.add(index)
            continue
        item.intro_task = (_intro_before(segment, index, previous_item, off_sequence)
                           or _sibling_intro(items, roots, item))
        previous_item = index
    for i, item in enumerate(items):
        item.end = items[i + 1].start if i + 1 < len(items) else len(segment.lines)
    return items


# A line that may open with a marker (``_MARKER_OPENING`` after its indent), in "\n" + text.
_MARKER_LINE = re.compile(r"\n[^\S\n]*(?:[IVX]{1,5}\.|[A-H]\.|\d|[a-zđ¢]\)|\(\d)")


def _marker_lines(segment: _Segment) -> list[int]:
    """Indices of the lines whose text (after the indent) may open with a numbering marker."""
    if not segment.lines:
        return []
    if segment.lines_apart:  # one regex pass over the text instead of a loop over the lines
        starts = segment.starts
        return [bisect.bisect_left(starts, m.start()) for m in _MARKER_LINE.finditer("\n" + segment.text)]
    return [i for i, line in enumerate(segment.lines) if _MARKER_OPENING.match(line.lstrip())]


def _intro_before(segment: _Segment, index: int, previous_item: int, off_sequence: set[int]) -> bool:
    """Whether the last text line between the previous item and line ``index`` introduces a list of
    tasks (:func:`_is_task_intro`); blank lines and markers off the numbering are not text."""
    for before in range(index - 1, previous_item, -1):
        if before in off_sequence:
            continue
        line = segment.lines[before]
        if line.strip():  # fold(line).strip(): fold keeps every character a space or not
            return _is_task_intro(segment, before)
    return False


def _read_marker(stripped: str) -> tuple[str, str, int] | None:
    """(kind, label, marker width) when the line opens with a numbering marker."""
    if not _MARKER_OPENING.match(stripped):
        return None  # most lines: no marker can start with their first character
    m = _MARKER.match(stripped)
    if m is None:
        return None
    group = m.lastgroup
    return _MARKER_KIND[group], m[group], m.end()  # type: ignore[index]


def _place(items: list[_Item], stack: list[int], roots: list[int], kind: str, label: str, index: int,
           heading_at: int) -> _Item | None:
    """Put a marker in the tree, or return None when its number does not follow its siblings.

    ``roots`` holds the indices of the items without a parent (:func:`_roots`), kept up to date."""
    rank = _RANK[kind] + (label.count(".") if kind == "num" else 0)
    depth = len(stack)
    while depth and items[stack[depth - 1]].rank >= rank:
        depth -= 1
    parent = stack[depth - 1] if depth else None
    family = items[parent].children if parent is not None else roots
    previous = next((items[c].label for c in reversed(family) if items[c].kind == kind and items[c].rank == rank), None)
    label = _sequence_label(kind, label, previous, items[parent] if parent is not None else None)
    if label is None:
        return None
    del stack[depth:]
    path = _path(items[parent].path if parent is not None else "", items[parent].label if parent is not None else "", kind, label)
    item = _Item(kind, label, rank, index, heading_at, path, parent)
    items.append(item)
    family.append(len(items) - 1)
    stack.append(len(items) - 1)
    return item


def _roots(items: Sequence[_Item]) -> list[int]:
    """Indices of the items without a parent."""
    return [i for i, item in enumerate(items) if item.parent is None]


def _sequence_label(kind: str, label: str, previous: str | None, parent: _Item | None) -> str | None:
    """The item's label after checking it follows the previous sibling (None: not an item).

    A numbered line must be 1 or the previous number + 1, so "2025. Trong đó" or a page number is
    body text; "1.2" must sit under "1". Letters follow the Vietnamese order; OCR "¢" and a second
    "d" take the expected letter (binhduong_kh-7099-ubnd_2024_ocr.txt:177: the second "d)" is "đ)").
    """
    if kind == "letter":
        expected = _LETTERS[_LETTERS.index(previous) + 1] if previous and previous in _LETTERS[:-1] else "a"
        if label == expected or (label in {"¢", "d"} and expected in {"c", "đ"}):
            return expected
        return label if previous is None and label == "a" else None
    if kind == "num" and "." in label:
        head, _, last = label.rpartition(".")
        if parent is None or parent.kind != "num" or parent.label != head:
            return None
        number = int(last)
    elif kind in {"num", "paren"}:
        number = int(label)
    else:
        return label  # roman and upper-case section letters are taken as printed
    prev = int(previous.rpartition(".")[2]) if previous else 0
    if number == 1 or number == prev + 1:
        return label
    return None


def _path(parent_path: str, parent_label: str, kind: str, label: str) -> str:
    """Section path: "III.1.b"; a multi-level number ("2.1") does not repeat its parent ("2")."""
    own = f"({label})" if kind == "paren" else label
    if kind == "num" and "." in label and parent_label and label.startswith(parent_label + "."):
        base = parent_path[: -len(parent_label)].rstrip(".")
        return f"{base}.{own}" if base else own
    return f"{parent_path}.{own}" if parent_path else own


def _is_task_intro(segment: _Segment, index: int) -> bool:
    """True when the paragraph ending at line ``index`` introduces a list of tasks with ":"."""
    line = segment.folded_line(index).strip()
    if not line.endswith(":"):
        return False
    paragraph = " ".join(segment.folded_line(i).strip() for i in range(max(0, index - 4), index + 1))
    tail = paragraph[-240:]
    return bool(re.search(r"nhiem vu|noi dung chu yeu|giai phap", tail)) and not _FUTURE_SECTION.search(tail)


def _sibling_intro(items: Sequence[_Item], roots: Sequence[int], item: _Item) -> bool:
    """True when the item's previous sibling of the same kind opened a task list after an intro."""
    family = items[item.parent].children if item.parent is not None else roots
    previous = next((items[c] for c in reversed(family) if items[c] is not item and items[c].kind == item.kind), None)
    return previous is not None and previous.intro_task


# --- 2. which items are tasks ---------------------------------------------------------------


def _heading(segment: _Segment, item: _Item) -> str:
    """The item's heading: from the marker to the first sentence end (". ", ":"), running on to the
    next line only while that line continues the sentence (starts in lower case)."""
    heading = segment.headings.get(item.start)
    if heading is None:
        heading = segment.headings[item.start] = _read_heading(segment, item)
    return heading


def _read_heading(segment: _Segment, item: _Item) -> str:
    """:func:`_heading`, uncached."""
    joined = ""  # the stripped pieces so far, joined by spaces
    for index in range(item.start, item.end):
        line = segment.lines[index]
        piece = segment.text[item.heading_at : segment.offset(index) + len(line)] if index == item.start else line
        stripped = piece.strip()
        if not stripped:
            continue
        if joined and not _continues(segment, index, joined, piece):
            break
        # No sentence end so far (else we returned), and a piece ends in no space: only the new
        # piece can hold one.
        searched = len(joined)
        joined = f"{joined} {stripped}" if joined else stripped
        cut = _HEADING_END.search(joined, searched)
        if cut:
            return joined[: cut.end()]
    return _SPACES.sub(" ", joined).strip()


# A sentence end: "." not after a digit ("2.1."), or ":", before a space or the end. Written
# "(?<!\d)\.(?=\s|$)|:(?=\s|$)" it would be tried at every position; led by the character class
# the engine skips to the next "." or ":" at once.
_HEADING_END = re.compile(r"[.:](?<!\d\.)(?=\s|$)")
_SPACES = re.compile(r"\s+")
_OPENS_WITH_LETTER = re.compile(r"\s*[^\W\d_]")
_OPEN_ENDING = re.compile(r"(?:,|-|\b(?:va|voi|cac|cua|cho))\s*$")  # on folded text


def _continues(segment: _Segment, index: int, before: str, piece: str) -> bool:
    """True when line ``index`` continues the sentence before it: it starts in lower case, or the
    sentence broke after a comma or connector ("…, nganh," then "Uy ban…", binhduong_kh-7099-ubnd_2024_ocr.txt:426),
    or an agency name runs across the break."""
    start = segment.offset(index)
    earlier = bisect.bisect_left(segment.span_starts, start)  # the mentions that start before the line
    if earlier and segment.span_reach[earlier - 1] > start:  # one of them runs into it
        return True
    if not _OPENS_WITH_LETTER.match(piece):
        return False
    # ``before`` ends in no space, so an open ending is in its last four characters (a connector
    # of up to three letters and the character before it, for the \b).
    return not piece.lstrip()[:1].isupper() or bool(_OPEN_ENDING.search(fold(before[-4:])))


def _section_mode(segment: _Segment, items: Sequence[_Item], item: _Item) -> tuple[str, int] | None:
    """("plan" | "report" | "future", depth below the section heading) for the item, or None."""
    depth, current = 0, item
    if item.intro_task:
        return _intro_mode(segment, items, item), 1
    while current.parent is not None:
        depth += 1
        current = items[current.parent]
        section = _section_of(segment, current)
        if section == "none":
            return None
        if section:
            return section, depth
        if current.intro_task:
            return _intro_mode(segment, items, current), depth + 1
    return None


def _folded_heading(segment: _Segment, item: _Item) -> str:
    """``fold(_heading(segment, item))``, cached by the item's first line."""
    folded = segment.folded_headings.get(item.start)
    if folded is None:
        folded = segment.folded_headings[item.start] = fold(_heading(segment, item))
    return folded


def _section_of(segment: _Segment, item: _Item) -> str:
    """What an item's heading makes of the items under it: "future", "report", "plan", "none"
    (not tasks: "Mục tiêu", "Khó khăn"…), or "" (the heading says nothing). Cached by line."""
    section = segment.sections.get(item.start)
    if section is None:
        heading = _folded_heading(segment, item)[:200]
        if _FUTURE_SECTION.search(heading):
            section = "future"
        elif _NOT_TASK_SECTION.search(heading) and not _REPORT_SECTION.search(heading):
            section = "none"
        elif _REPORT_SECTION.search(heading):
            section = "report"
        elif _PLAN_SECTION.search(heading):
            section = "plan"
        else:
            section = ""
        segment.sections[item.start] = section
    return section


def _intro_mode(segment: _Segment, items: Sequence[_Item], item: _Item) -> str:
    """Whether the intro sentence of the item's list announces results ("Kết quả thực hiện…") or
    plan contents ("Các nội dung chủ yếu của Kế hoạch bao gồm:")."""
    siblings = items[item.parent].children if item.parent is not None else _roots(items)
    first = next((items[c] for c in siblings if items[c].intro_task), item)
    before = segment.folded[max(0, first.heading_at - 400) : first.heading_at]
    return "report" if "ket qua thuc hien" in before else "plan"


def _task_items(segment: _Segment, items: Sequence[_Item]) -> list[tuple[_Item, str]]:
    """The items that are tasks, with the mode that made them so."""
    stop = _stop_line(segment)
    chosen: list[tuple[_Item, str]] = []
    for item in items:
        if item.start >= stop:
            break
        found = _section_mode(segment, items, item)
        if found is None:
            continue
        mode, depth = found
        numbered = [c for c in item.children if items[c].kind in {"num", "letter", "paren"}]
        if mode == "plan" and not numbered:
            chosen.append((item, mode))
        elif mode == "report" and depth <= 2 and item.kind in {"num", "letter", "paren"}:
            chosen.append((item, mode))
        elif mode == "future" and _names_own_lead(segment, item):
            chosen.append((item, mode))
    return chosen


def _stop_line(segment: _Segment) -> int:
    """Index of the "Nơi nhận" line (distribution list): nothing after it is a task."""
    if not segment.stop:
        segment.stop.append(next(_lines_opening(segment, _STOP_WORDS, _STOP_SECTION), len(segment.lines)))
    return segment.stop[0]


def _lines_opening(segment: _Segment, words: re.Pattern[str], opening: re.Pattern[str]) -> Iterator[int]:
    """Indices, in order, of the lines that ``opening`` (``^\\W*`` then ``words``) matches folded.

    ``words`` starts with a literal, which the regex engine finds fast in the whole folded text;
    a hit counts when nothing but non-word characters come before it on its line."""
    if not segment.lines_apart:
        yield from (i for i, folded in enumerate(segment.folded_lines()) if opening.match(folded))
        return
    folded = segment.folded
    for hit in words.finditer(folded):
        line_start = folded.rfind("\n", 0, hit.start()) + 1
        if _NON_WORDS.fullmatch(folded, line_start, hit.start()):
            yield segment.index_of(hit.start())


def _names_own_lead(segment: _Segment, item: _Item) -> bool:
    """A proposed task counts only when it says who leads it ("Sở Công Thương chủ trì…")."""
    start = item.heading_at
    end = min(segment.offset(item.end), start + 300)
    lead, _, _ = _roles(segment, start, end, plan=False)
    return bool(lead)


# --- 3. roles -------------------------------------------------------------------------------


def _mentions_between(segment: _Segment, start: int, end: int) -> list[AgencyMention]:
    """Agency mentions starting in [start, end)."""
    starts = segment.mention_starts
    if starts is None:  # mentions out of text order: keep theirs
        return [m for m in segment.mentions if start <= m.start < end]
    return list(segment.mentions[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)])


def _run_after(segment: _Segment, mentions: Sequence[AgencyMention], pos: int) -> list[AgencyMention]:
    """The mentions that follow ``pos`` separated only by connectors (",", "và", "với")."""
    run: list[AgencyMention] = []
    for m in mentions:
        if m.start < pos:
            continue
        if not _CONNECTOR.fullmatch(segment.folded, pos, m.start):
            break
        run.append(m)
        pos = m.end
    return run


def _run_before(segment: _Segment, mentions: Sequence[AgencyMention], pos: int, gap: re.Pattern[str]) -> list[AgencyMention]:
    """The mentions that end just before ``pos`` (last gap matched by ``gap``), in text order."""
    run: list[AgencyMention] = []
    pattern = gap
    for m in reversed(mentions):
        if m.end > pos:
            continue
        if not pattern.fullmatch(segment.folded, m.end, pos):
            break
        run.append(m)
        pos, pattern = m.start, _CONNECTOR
    return run[::-1]


def _roles(
    segment: _Segment, start: int, end: int, *, plan: bool
) -> tuple[list[AgencyMention], list[AgencyMention], bool]:
    """(lead, coordinate, lead is explicit) read from the text in [start, end)."""
    mentions = _mentions_between(segment, start, end)
    folded = segment.folded
    lead_cue = _LEAD_CUE.search(folded, start, end)
    coord_cue = _COORD_CUE.search(folded, lead_cue.end() if lead_cue else start, end)
    lead: list[AgencyMention] = []
    explicit = False
    if lead_cue:
        lead, explicit = _run_before(segment, mentions, lead_cue.start(), _LEAD_GAP), True
        if not lead and _LABEL_BEFORE_CUE.fullmatch(folded, start, lead_cue.start()):
            lead = _after_label(segment, mentions, lead_cue.end())
    if not lead and coord_cue and mentions and not lead_cue:
        lead = _run_before(segment, mentions, coord_cue.start(), _COMMAS)
    if not lead and not lead_cue and mentions and _NO_WORDS.fullmatch(folded, start, mentions[0].start):
        subject = _run_after(segment, mentions, start)
        # In a plan an item that opens with bodies names them as its subject (7099 III.1.a: "Các
        # Sở, ban, ngành, UBND các huyện … tổ chức phổ biến"); elsewhere a verb must follow.
        if subject and (plan or _SUBJECT_VERB.match(folded, subject[-1].end) and _specific(subject)):
            lead = subject
    coordinate: list[AgencyMention] = []
    # Every "phối hợp (với) X" of the clause counts: "…; phối hợp các ngành, địa phương…; phối hợp
    # với các cơ quan chức năng có thẩm quyền…" (binhphuoc_sct_bao-cao_2022-2024.txt:1050-1057).
    for cue in _COORD_CUE.finditer(folded, coord_cue.start() if coord_cue else end, end):
        coordinate += [m for m in _run_after(segment, mentions, cue.end()) if m not in coordinate]
    return lead, coordinate, explicit


def _label_cue(folded: str, start: int, end: int) -> re.Match[str] | None:
    """``_LABEL_CUE.search(folded, start, end)``: the leftmost of its two halves (they open with
    different letters, so never at one place), each found at C speed by its literal."""
    found = [m for m in (cue.search(folded, start, end) for cue in _LABEL_CUES) if m]
    return min(found, key=lambda m: m.start()) if found else None


def _after_label(segment: _Segment, mentions: Sequence[AgencyMention], pos: int) -> list[AgencyMention]:
    """"Đơn vị chủ trì: X" / "Cơ quan chủ trì: X": the names after the colon."""
    colon = _COLON.match(segment.folded, pos)
    return _run_after(segment, mentions, colon.end()) if colon else []


def _specific(mentions: Sequence[AgencyMention]) -> bool:
    """True when at least two named bodies (not generic groups) are listed."""
    return sum(not m.match.generic for m in mentions) >= 2


def _body_coordinators(segment: _Segment, start: int, end: int) -> list[AgencyMention]:
    """Coordinators from body sentences that open with "Phối hợp (với) X"
    (binhduong_kh-7099-ubnd_2024_ocr.txt:378, III.6.a)."""
    found: list[AgencyMention] = []
    mentions = _mentions_between(segment, start, end)
    for cue in _COORD_CUE.finditer(segment.folded, start, end):
        opens_sentence = re.search(r"(?:^|[.;:]\s*|\n\s*[-+]\s*)$", segment.text[max(0, cue.start() - 4) : cue.start()])
        if segment.text[cue.start()].isupper() and opens_sentence:
            found += _run_after(segment, mentions, cue.end())
    return found


def _issuer(segment: _Segment) -> list[AgencyMention]:
    """The body named last in the letterhead (before "CỘNG HÒA…"), e.g. "SỞ CÔNG THƯƠNG"."""
    for index, folded in zip(range(12), segment.folded_lines()):
        if "cong hoa xa hoi" in folded:
            head = _mentions_between(segment, 0, segment.offset(index))
            named = [m for m in head if not m.match.generic]
            return named[-1:]
    return []


def _item_task(
    segment: _Segment,
    items: Sequence[_Item],
    item: _Item,
    mode: str,
    jurisdiction: str | None,
    registry: AgencyRegistry,
) -> _Found:
    """Build (line, section, text, lead keys, coordinate keys) for one task item."""
    heading = _heading(segment, item)
    head_end = min(segment.offset(item.end), item.heading_at + max(len(heading), 1) + 1)
    lead, coordinate, _ = _roles(segment, item.heading_at, head_end, plan=mode == "plan")
    body_start, body_end = head_end, segment.offset(item.end)
    if mode == "plan":
        coordinate += _body_coordinators(segment, body_start, body_end)
        label = _label_cue(segment.folded, body_start, body_end)
        if not lead and label:
            lead = _after_label(segment, _mentions_between(segment, label.end(), body_end), label.end())
    elif not lead:
        lead, body_coordinate = _body_lead(segment, body_start, body_end)
        coordinate += body_coordinate
    if not lead and _LEAD_CUE.match(segment.folded, item.heading_at):
        lead = _issuer(segment)  # "2.1. Chủ trì tham mưu…": the reporting body leads
    if not lead and item.intro_task:
        lead = _intro_subject(segment, items, item)
    text = _task_text(segment, item, heading)
    lead_keys = _keys(lead, jurisdiction, registry)
    coordinate_keys = [k for k in _keys(coordinate, jurisdiction, registry) if k not in lead_keys]
    restated = mode in {"report", "future"}
    return _Found(segment.line_of(item.heading_at), item.path, text, lead_keys, coordinate_keys, restated)


def _intro_subject(segment: _Segment, items: Sequence[_Item], item: _Item) -> list[AgencyMention]:
    """The body that is the subject of the sentence introducing a task list ("…, Sở Công Thương đã
    luôn tập trung … Kết quả thực hiện các nhiệm vụ, giải pháp … như sau:",
    bentre_sct_kinh-te-tuan-hoan_2024.txt:14): it leads the items that name no lead."""
    siblings = items[item.parent].children if item.parent is not None else _roots(items)
    first = next((items[c] for c in siblings if items[c].intro_task), item)
    end = segment.offset(first.start)
    start = segment.offset(max(0, first.start - 6))
    for m in _mentions_between(segment, start, end):
        if not m.match.generic and re.match(r"\s*(?:da|dang|tiep tuc|luon)\b", segment.folded[m.end : m.end + 12]):
            return [m]
    return []


def _body_lead(segment: _Segment, start: int, end: int) -> tuple[list[AgencyMention], list[AgencyMention]]:
    """A report item's lead from its body: "Sở Kế hoạch và Đầu tư đã chủ trì phối hợp với…"
    (binhphuoc_sct_bao-cao_2022-2024.txt:5699)."""
    for cue in _LEAD_CUE.finditer(segment.folded, start, end):
        lead, coordinate, _ = _roles(segment, max(start, cue.start() - 200), min(end, cue.end() + 300), plan=False)
        if lead:
            return lead, coordinate
    return [], []


def _task_text(segment: _Segment, item: _Item, heading: str) -> str:
    """The task's text: its heading, followed by its first bullet when the heading only names roles,
    or, with no bullet, by the words after the roles' colon ("Ban Quản lý các Khu công nghiệp chủ trì
    phối hợp với …: xây dựng chương trình …", binhduong_kh-7099-ubnd_2024_ocr.txt:235-238)."""
    text = heading
    if heading.endswith(":"):
        body = segment.text[item.heading_at + len(heading) : segment.offset(item.end)]
        # A bullet opens a line: the dash of "giai đoạn 2021-2025" is not one (317/KH-UBND:7).
        bullet = _FIRST_BULLET.match(body) or _NEXT_BULLET.search(body)
        if bullet:
            first_bullet = re.sub(r"\s+", " ", bullet.group(1)).strip()
            text = f"{heading} {first_bullet}"
        elif _ROLES_ONLY.search(fold(heading)) and (run_on := _RUN_ON.match(body)):
            words = " ".join(run_on.group(1).split())
            text = f"{heading} {words}"
    return text[:500]


# A bullet, at the body's start or at a line's: "(?:^|\n)[ \t]*[-+•]…" split in two so that the
# search is led by the literal "\n" (the engine skips to it fast) rather than tried everywhere.
_BULLET_ITEM = r"[ \t]*[-+•]\s*(.+?)(?:\n\s*\n|\n\s*[-+•]|$)"
_FIRST_BULLET = re.compile(_BULLET_ITEM, re.S)
_NEXT_BULLET = re.compile("\n" + _BULLET_ITEM, re.S)
# A heading that only names who leads and coordinates; the task follows its colon.
_ROLES_ONLY = re.compile(r"\bchu tri\b|\bphoi hop\b")  # on folded text
# The words after the colon, up to the sentence's end or a blank line.
_RUN_ON = re.compile(r"[ \t]*(\S[^;]*?)(?:[.;](?=\s|$)|\n[ \t]*\n|$)", re.S)


def _keys(mentions: Sequence[AgencyMention], jurisdiction: str | None, registry: AgencyRegistry) -> list[str]:
    """Record mentions in the registry; their keys, first occurrence order, no duplicates."""
    keys: list[str] = []
    for m in mentions:
        key = registry.add(m, jurisdiction)
        if key not in keys:
            keys.append(key)
    return keys


# --- other task shapes ----------------------------------------------------------------------


def _table_tasks(
    segment: _Segment, jurisdiction: str | None, registry: AgencyRegistry
) -> list[_Found]:
    """Rows of a table with an "Đơn vị chủ trì" column, flattened one cell per line
    (binhphuoc_sct_bao-cao_2022-2024.txt:49-217): the lead is the first body named after the title."""
    tasks: list[_Found] = []
    header = _table_header(segment)
    if header is None:
        return tasks
    rows: list[tuple[int, str]] = []
    for index in range(header + 1, len(segment.lines)):
        m = _ROW_NUMBER.match(segment.lines[index])
        if m and int(m[1]) == len(rows) + 1:
            rows.append((index, m[1]))
        elif _STOP_SECTION.match(segment.folded_line(index)) or _ROMAN_HEADING.match(segment.lines[index]):
            break
    for n, (index, number) in enumerate(rows):
        end = rows[n + 1][0] if n + 1 < len(rows) else min(len(segment.lines), index + 40)
        title_end = _paragraph_end(segment, index)
        mentions = _mentions_between(segment, segment.offset(title_end), segment.offset(end))
        lead = [m for m in mentions if not m.match.generic][:1]
        title = re.sub(r"\s+", " ", " ".join(segment.lines[index:title_end])).strip()
        title = re.sub(r"^\d{1,2}\s+", "", title)
        lead_keys = _keys(lead, jurisdiction, registry)
        tasks.append(_Found(segment.first_line + index, f"PL.{number}", title[:500], lead_keys, [], True))
    return tasks


_ROW_NUMBER = re.compile(r"\s*(\d{1,2})\s+(?=[^\W\d])")
_ROMAN_HEADING = re.compile(r"\s*[IVX]+\.\s")


def _table_header(segment: _Segment) -> int | None:
    """Index of the first line holding a table header "STT … Đơn vị chủ trì", or None."""
    if not segment.lines_apart:
        return next((i for i, folded in enumerate(segment.folded_lines()) if _TABLE_HEADER.search(folded)), None)
    # The header cannot span lines ("." stops at "\n"): the first hit in the text is on the first line.
    hit = _TABLE_HEADER_TEXT.search(segment.folded)
    return segment.index_of(hit.start()) if hit else None


def _paragraph_end(segment: _Segment, index: int) -> int:
    """Index of the first blank line after ``index``."""
    for i in range(index + 1, len(segment.lines)):
        if not segment.lines[i].strip():
            return i
    return len(segment.lines)


def _future_paragraph_tasks(
    segment: _Segment, items: Sequence[_Item], jurisdiction: str | None, registry: AgencyRegistry
) -> list[_Found]:
    """A "Trong thời gian tới, …: a; b; c" paragraph: one task per clause, led by the reporting body
    unless the clause names its lead (bentre_sct_kinh-te-tuan-hoan_2024.txt:21)."""
    tasks: list[_Found] = []
    item_lines = {item.start for item in items}
    for index in _lines_opening(segment, _FUTURE_WORDS, _FUTURE_PARAGRAPH):
        if index in item_lines:
            continue
        start = segment.offset(index)
        end = segment.offset(_paragraph_end(segment, index))
        colon = segment.text.find(":", start, end)
        clauses = _clauses(segment.text, colon + 1, end) if colon >= 0 else []
        if len(clauses) < 3:
            continue
        for n, (a, b) in enumerate(clauses, start=1):
            lead, coordinate, _ = _roles(segment, a, b, plan=False)
            lead = lead or _reporter(segment, start)
            text = re.sub(r"\s+", " ", segment.text[a:b]).strip(" ;./")
            lead_keys = _keys(lead, jurisdiction, registry)
            coord_keys = [k for k in _keys(coordinate, jurisdiction, registry) if k not in lead_keys]
            tasks.append(_Found(segment.line_of(a), f"TGT.{n}", text[:500], lead_keys, coord_keys))
    return tasks


def _future_bullet_tasks(
    segment: _Segment, items: Sequence[_Item], jurisdiction: str | None, registry: AgencyRegistry
) -> list[_Found]:
    """Bullets of a "thời gian tới" / "đề xuất" section that name their lead
    (binhphuoc_sct_bao-cao_2022-2024.txt:596 "Sở Công Thương, Sở KHĐT, Ban QLKKT tham mưu…",
    612 "Sở Công Thương chủ trì…"); other proposals there are not tasks."""
    tasks: list[_Found] = []
    stop = _stop_line(segment)
    for n, item in enumerate(items):
        if item.kind not in {"upper", "roman", "num"} or not _FUTURE_SECTION.search(_folded_heading(segment, item)):
            continue
        end = next((later.start for later in items[n + 1 :] if later.rank <= item.rank), len(segment.lines))
        lines = segment.lines
        bullets = [i for i in range(item.start + 1, min(end, stop)) if _BULLET.match(lines[i])]
        for ordinal, index in enumerate(bullets, start=1):
            start = segment.offset(index) + _BULLET_MARK.match(segment.lines[index]).end()  # type: ignore[union-attr]
            stop_at = segment.offset(bullets[ordinal] if ordinal < len(bullets) else end)
            lead, _, _ = _roles(segment, start, min(stop_at, start + 300), plan=False)
            if not lead:
                continue
            _, coordinate, _ = _roles(segment, start, stop_at, plan=False)
            text = re.sub(r"\s+", " ", segment.text[start:stop_at]).strip()
            lead_keys = _keys(lead, jurisdiction, registry)
            coord_keys = [k for k in _keys(coordinate, jurisdiction, registry) if k not in lead_keys]
            tasks.append(_Found(segment.line_of(start), f"{item.path}-{ordinal}", text[:500], lead_keys, coord_keys, True))
    return tasks


_BULLET = re.compile(r"\s*[-+•]\s")
_BULLET_MARK = re.compile(r"\s*[-+•]\s*")


def _reporter(segment: _Segment, before: int) -> list[AgencyMention]:
    """The body a report speaks for: the last body of its letterhead, else the first body said to act
    ("Sở Công Thương đã luôn tập trung…", bentre_sct_kinh-te-tuan-hoan_2024.txt:14). Its own plans
    for "thời gian tới" are its tasks."""
    issuer = _issuer(segment)
    if issuer:
        return issuer
    for m in _mentions_between(segment, 0, before):
        if not m.match.generic and re.match(r"\s*(?:da|dang|tiep tuc|luon)\b", segment.folded[m.end : m.end + 12]):
            return [m]
    return []


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the ";"-separated clauses of text[start:end], blank ones dropped."""
    spans, pos = [], start
    for m in re.finditer(";", text[start:end]):
        spans.append((pos, start + m.start()))
        pos = start + m.end()
    spans.append((pos, end))
    return [(a + len(text[a:b]) - len(text[a:b].lstrip()), b) for a, b in spans if text[a:b].strip(" ./\n")]


_PLAN_SYMBOL = re.compile(
    r"(?:ke\s+hoach|chuong\s+trinh(?:\s+hanh\s+dong)?)\s+(?:so\s+)?(\d{1,5}\s*[/-]\s*(?:kh|ctr)\s*[/-]\s*[a-z0-9-]*[a-z0-9])"
)


# A scheme known by name: 'Đề án “Phát triển khu công nghiệp, …”' (binhphuoc_sct_bao-cao_2022-2024.txt:4366).
_NAMED_SCHEME = re.compile(r"Đề án\s*[“\"][^”\"]{10,300}[”\"]")


def _restated_plan(segment: _Segment, items: Sequence[_Item]) -> str | None:
    """The plan a report restates, as printed in its opening (before the first numbered item): a
    plan symbol ("Căn cứ Kế hoạch số 326/KH-UBND", binhphuoc_sct_bao-cao_2022-2024.txt:1522;
    "Chương trình hành động số 17-Ctr/TU", ibid. 12), else a scheme by name ('Đề án “…”', ibid. 4366);
    None when the opening cites neither."""
    end = min(segment.offset(items[0].start) if items else len(segment.text), 4000)
    m = _PLAN_SYMBOL.search(segment.folded, 0, end)
    if m is not None:
        return re.sub(r"\s+", "", segment.text[m.start(1) : m.end(1)])
    scheme = _NAMED_SCHEME.search(segment.text, 0, end)
    return " ".join(scheme.group().split()) if scheme else None


def _to_tasks(found: Sequence[_Found], doc_key: str, plan: str, file: str) -> list[Task]:
    """Turn found tasks into Tasks with stable, unique keys; restated ones belong to ``plan``."""
    tasks: list[Task] = []
    seen: set[str] = set()
    for f in found:
        key = f"task:{doc_key}#{f.section}"
        if key in seen:
            key = f"{key}@{f.line}"  # the same number twice in one segment: tell them apart by line
        seen.add(key)
        evidence = Evidence(file, f.line, f.text[:300])
        owner = plan if f.restated else doc_key
        tasks.append(Task(key, owner, f.section, f.text, list(f.lead), list(f.coordinate), evidence))
    return tasks
