"""Appendix tables: what a row says by where it stands, not by a sentence.

Progress reports end with a table, one row per scheme of the programme they report on
(bao-cao:49-217, "Stt | Tên đề án | Nội dung | Đơn vị chủ trì | Tiến độ thực hiện | Ghi
chú"). PDF text flattens each row into lines: its number and the scheme's name, then the
cells one after another, the "Ghi chú" cell naming the Standing Committee conclusion the
scheme rests on ("Kết luận 365-KL/TU"). No sentence links these documents; the row does:

- the row's *subject* is the document named where the row starts ("1 Kết quả thực hiện
  Đề án phát triển hệ thống thương mại …");
- a plan in the row "về việc triển khai thực hiện Đề án" implements the subject;
- a conclusion, resolution or directive in the row is what the subject rests on;
- the host reports on each subject (the row gives its progress);
- when the host reports on one programme (its "V/v"), each subject and each row's
  conclusion are items of that programme: they implement it.

Links read from position are implied, so they carry a lower confidence than stated ones.
A row is only recognised inside a table: after a header line with "Stt"/"TT" and at least
two column names, rows numbered 1, 2, 3 … in order.

Example:
    >>> header = "Stt Tên đề án Nội dung đề án Đơn vị chủ trì Tiến độ thực hiện Ghi chú"
    >>> [r.number for r in find_rows(header + "\\n1 Đề án A\\n2 Đề án B\\n")]
    [1, 2]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..graph.model import DocType, Evidence, Relation, RelationType
from .references import Reference
from .textfold import fold

__all__ = ["TableRow", "find_rows", "table_relations"]

R = RelationType

# Confidence of what a row implies (stated links carry 0.9, plain mentions 0.6).
ROW_CONFIDENCE = 0.5
_EVIDENCE_CHARS = 300

_COLUMN_WORDS = ("ten", "noi dung", "don vi chu tri", "tien do", "ghi chu", "ket qua", "co quan")
_HEADER = re.compile(r"^[ \t]*(?:stt|tt)\b(?P<rest>[^\n]*)$", re.MULTILINE)
_HEADER_WORD = re.compile("tt")  # in every header line
_ROW_START = re.compile(r"^[ \t]*(?P<number>\d{1,3})[ \t]+(?=\S)", re.MULTILINE)
_CARRIES_OUT = re.compile(r"\b(?:trien\s+khai|thuc\s+hien|cu\s+the\s+hoa)\b")
# "Kế hoạch số 327/KH-" with the rest of the number cut off by a page break (bao-cao:134).
_CUT_SYMBOL = re.compile(r"\bso\s+(?P<number>\d{1,5})/(?P<kind>[a-z]{2,4})-[ \t]*$", re.MULTILINE)
_BASES = {DocType.CONCLUSION, DocType.RESOLUTION, DocType.DIRECTIVE}
_SUBJECT_REACH = 160  # the subject is named within the first characters of its row


@dataclass(frozen=True, slots=True)
class TableRow:
    """One numbered row of a table: its number and span in the text."""

    number: int
    start: int
    end: int


def find_rows(text: str, folded: str | None = None) -> list[TableRow]:
    """The numbered rows of every table in ``text``, in order.

    Args:
        text: clean text of one document.
        folded: ``fold(text)`` when the caller has it.

    Returns:
        Rows whose numbers run 1, 2, 3 … after a table header; a row ends where the next
        one starts, or at the end of the text for the last.
    """
    folded = fold(text) if folded is None else folded
    rows: list[TableRow] = []
    search_from = 0
    while header := _next_header(folded, search_from):
        starts: list[tuple[int, int]] = []
        expected = 1
        for match in _ROW_START.finditer(folded, header.end()):
            if int(match.group("number")) == expected:
                starts.append((expected, match.start()))
                expected += 1
        if not starts:
            search_from = header.end()
            continue
        ends = [start for _, start in starts[1:]] + [len(text)]
        rows.extend(TableRow(n, start, end) for (n, start), end in zip(starts, ends, strict=True))
        break  # the rows run to the end of the text: one table per document
    return rows


def _next_header(folded: str, start: int) -> re.Match[str] | None:
    """The first header line starting at or after ``start`` (``_HEADER`` with two column names).

    A header holds "tt": the lines to try are found with that literal, at C speed, instead of
    trying ``_HEADER`` at every character."""
    line_end = start  # lines before this one are done
    for hit in _HEADER_WORD.finditer(folded, start):
        if hit.start() < line_end:
            continue  # on a line already tried
        line_start = folded.rfind("\n", 0, hit.start()) + 1
        line_end = folded.find("\n", hit.start())
        line_end = len(folded) if line_end < 0 else line_end
        if line_start < start:
            continue  # the line starts before the search: "^" cannot match there
        match = _HEADER.match(folded, line_start)
        if match and sum(word in match.group("rest") for word in _COLUMN_WORDS) >= 2:
            return match
    return None


def table_relations(
    text: str,
    folded: str,
    refs: Sequence[Reference],
    keys: Sequence[str | None],
    host: str,
    reported: str | None,
    known: Mapping[str, str],
    line_at: Callable[[int], int],
    file: str,
) -> list[Relation]:
    """The links the rows of ``text``'s tables imply (see the module docstring).

    Args:
        text, folded: one document's clean text and its fold.
        refs, keys: its references and their resolved keys (aligned).
        host: the key of the document being read.
        reported: the programme the host reports on in its opening, if one.
        known: symbol → key of the file's numbered documents, to complete a cut symbol.
        line_at: offset in ``text`` → line of the raw file.
        file: the file name, for evidence.

    Returns:
        Relations with evidence and confidence ``ROW_CONFIDENCE``.
    """
    relations: list[Relation] = []
    for row in find_rows(text, folded):
        members = [(ref, key) for ref, key in zip(refs, keys, strict=True)
                   if key and row.start <= ref.start < row.end]
        if not members:
            continue
        subject_ref, subject = members[0]
        if subject_ref.start - row.start > _SUBJECT_REACH or subject == host:
            continue

        def relation(source: str, target: str, type_: RelationType, at: int, end: int) -> None:
            if source != target:
                evidence = Evidence(file, line_at(at), _squash(text[at:end]))
                relations.append(Relation(source, target, type_, evidence, None, ROW_CONFIDENCE))

        head_end = _first_line_end(text, subject_ref.end)
        relation(host, subject, R.REPORTS_ON, row.start, head_end)
        if reported and reported != subject:
            relation(subject, reported, R.IMPLEMENTS, row.start, head_end)
        for ref, key in members[1:]:
            if key == subject:
                continue
            if ref.doc_type is DocType.PLAN and _CARRIES_OUT.search(folded, ref.end, row.end):
                relation(key, subject, R.IMPLEMENTS, ref.prefix_start or ref.start, ref.tail_end or ref.end)
            elif ref.doc_type in _BASES:
                at = ref.prefix_start or ref.start
                relation(subject, key, R.BASED_ON, at, ref.tail_end or ref.end)
                if reported and key != reported:
                    relation(key, reported, R.IMPLEMENTS, at, ref.tail_end or ref.end)
        for cut in _CUT_SYMBOL.finditer(folded, row.start, row.end):
            key = _complete(cut, known)
            if key and _CARRIES_OUT.search(folded, cut.end(), row.end):
                line_start = folded.rfind("\n", 0, cut.start()) + 1
                relation(key, subject, R.IMPLEMENTS, line_start, cut.end())
    return relations


def _complete(cut: re.Match[str], known: Mapping[str, str]) -> str | None:
    """The one numbered document of the file whose symbol begins as the cut one does."""
    prefix = fold(f"{cut.group('number')}/{cut.group('kind')}-")
    found = {key for symbol, key in known.items() if fold(symbol).startswith(prefix)}
    return found.pop() if len(found) == 1 else None


def _first_line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def _squash(text: str) -> str:
    return " ".join(text.split())[:_EVIDENCE_CHARS]
