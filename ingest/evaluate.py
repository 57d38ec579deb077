"""Score an export against the gold folders: precision, recall and F1 per corpus file.

The measuring stick for the extractor. ``evaluate`` takes the export records
(``interfaces.md``, "Export: JSON Lines": kinds document, relation, task, agency,
indicator) and a gold directory (one folder per corpus file ``<stem>.txt``, see
``../shared/gold/README.md``) and returns an ``EvalReport`` of ``Score`` rows.

Counting, the same for every measure:

- ``tp``: gold items matched (the recall numerator).
- ``fn``: gold items that count and were missed. Gold relations marked ``implied``
  count when found and are never missed (gold README).
- ``fp``: our items that match no gold item. Our extra items are never dropped.
- ``matched_ours``: our items that match (the precision numerator). It equals ``tp``
  for one-to-one measures; for ``links``, ``indicators`` and
  ``relations.typed.explicit`` it is counted on our side.
- precision = matched_ours / (matched_ours + fp); recall = tp / (tp + fn);
  F1 = their harmonic mean. A ratio with a zero denominator is ``None``, not 0 or 1.
- ``ALL`` rows are micro-averages: the counts of every gold folder summed.

"Our items of a file" are: documents with a mention or an ``origin`` in the file;
relations, tasks and indicators whose evidence ``file`` is the file; agencies with a
mention in the file (an agency record without a ``mentions`` field is counted in
every file, and the report says so). ``MEASURE_DEFINITIONS`` defines each measure.

The module reuses none of the extractor's normalisers on purpose: a shared bug would
otherwise cancel out and score as correct.

Exceptions::

    ValueError
     └── GoldFormatError   a gold folder is missing or a gold line is not a JSON object

Example:
    >>> report = evaluate(export_records, Path("../shared/gold"))  # doctest: +SKIP
    >>> print(report.to_table())  # doctest: +SKIP
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from rapidfuzz import fuzz

__all__ = ["ALL", "MEASURES", "MEASURE_DEFINITIONS", "EvalReport", "GoldFormatError", "Score", "evaluate"]

log = logging.getLogger(__name__)

Record = dict[str, Any]
Triple = tuple[str, str, str]

ALL = "ALL"
HOST_LINE_WINDOW = 10  # gold origin_line is the "Số:" line; we may start at the first header line
TITLE_THRESHOLD = 85  # token_set_ratio, folded text
ISSUER_THRESHOLD = 80  # token_set_ratio, folded text; only breaks ties between same-symbol documents
TASK_LINE_WINDOW = 2
TASK_THRESHOLD = 80  # token_set_ratio, folded text
AGENCY_THRESHOLD = 88  # token_sort_ratio, folded text with abbreviations expanded
INDICATOR_LINE_WINDOW = 2
VALUE_REL_TOL = 1e-6
# token_set_ratio scores 100 whenever one text's tokens are a subset of the other's, so
# "Đề án" alone would match every Đề án title; require this many shared tokens (or all
# of the gold text's tokens when it is shorter).
MIN_SHARED_TOKENS = 4

TYPED_RELATION_TYPES = (
    "implements",
    "based_on",
    "approves",
    "amends",
    "replaces",
    "repeals",
    "guides",
    "corrects",
    "reports_on",
)

MEASURES: tuple[str, ...] = (
    "documents",
    "documents.numbered",
    "relations.typed",
    "relations.typed.explicit",
    *(f"relations.{t}" for t in TYPED_RELATION_TYPES),
    "relations.all",
    "links",
    "tasks",
    "tasks.lead",
    "tasks.coordinate",
    "agencies",
    "indicators",
)

_RELATION_RULE = (
    "Our relations of the file are collapsed to distinct (source key, target key, type); both "
    "keys map to gold ids through the document matching, and a relation with an unmatched "
    "endpoint cannot match. Gold rows without `layer` are layer 'doc', without `implied` are "
    "explicit. An implied gold row is a tp when found and never a fn."
)

MEASURE_DEFINITIONS: dict[str, str] = {
    "documents": (
        "One-to-one matching of our documents of the file to gold documents, in four passes: "
        "(1) numbered gold (`numbered: true`): our symbol equals the gold id after NFC, casefold, "
        "Đ→D, dashes unified, spaces removed and split at '-' and '/' (361/KL-TU ≡ 361-KL/TU, "
        "17-Ctr/TU ≡ 17-CTr/TU, 790/QD-TTg ≡ 790/QĐ-TTg); of several of ours with that symbol "
        "the best by date, issuer and type agreement matches and the rest are fp; "
        "(2) source reports/hosts (`origin_line` or `host`): our document whose origin is in the "
        f"file within ±{HOST_LINE_WINDOW} lines of origin_line, nearest first; "
        "(3) numbered gold still unmatched: our symbol equals one of its printed `variants` "
        "(normalised as in 1) that is no other gold document's id; "
        "(4) other unnumbered gold: rapidfuzz token_set_ratio ≥ "
        f"{TITLE_THRESHOLD} between folded text of our title or a mention in the file and the gold "
        f"title or a variant, sharing ≥ min({MIN_SHARED_TOKENS}, gold tokens) tokens, types "
        "compatible, our document without a symbol; best score first (greedy)."
    ),
    "documents.numbered": (
        "The `documents` matching restricted to numbered gold documents and to ours with a symbol."
    ),
    "relations.typed": (
        "Gold: layer 'doc', type ≠ references. Ours: type ≠ references. tp: gold (source, target, "
        "type) found among ours; fn: explicit ones not found; fp: ours not in that gold set. "
        + _RELATION_RULE
    ),
    "relations.typed.explicit": (
        "As relations.typed but tp counts explicit gold rows only (the gold NOTES' core set); "
        "precision is that of relations.typed (an implied gold row found is not an error)."
    ),
    **{
        f"relations.{t}": f"As relations.typed, restricted to type '{t}' on both sides." for t in TYPED_RELATION_TYPES
    },
    "relations.all": (
        "All gold layers (doc and container_mention) and all our relations, references included, "
        "on (source, target, type). " + _RELATION_RULE
    ),
    "links": (
        "A gold relation of any layer and type is linked when ours has any relation between the "
        "same two documents, in either direction and of any type. tp: linked gold rows; fn: "
        "explicit gold rows not linked. Precision is informational: our distinct unordered "
        "document pairs that are a gold pair, over all our pairs."
    ),
    "tasks": (
        "One-to-one matching of our tasks of the file to gold tasks: same plan (our plan key "
        f"mapped through the document matching) and (|line − gold line| ≤ {TASK_LINE_WINDOW} or "
        f"token_set_ratio ≥ {TASK_THRESHOLD} between our folded text and the gold task or evidence, "
        f"sharing ≥ min({MIN_SHARED_TOKENS}, gold tokens) tokens); pairs meeting both tests first, "
        "then by similarity, then by line distance."
    ),
    "tasks.lead": (
        "On matched tasks whose gold lead is non-empty: our lead agency keys become names through "
        "our agency records (name, aliases), each mapped to the best gold agency (name or variant, "
        f"token_sort_ratio ≥ {AGENCY_THRESHOLD}, folded, abbreviations expanded); tp/fp/fn are "
        "elements of the gold set vs our set, summed over tasks. An unmapped agency of ours is fp."
    ),
    "tasks.coordinate": "As tasks.lead, for coordinators, on matched tasks whose gold coordinate is non-empty.",
    "agencies": (
        "One-to-one matching of our agencies of the file (name or any alias) to gold agencies (name "
        f"or any variant): token_sort_ratio ≥ {AGENCY_THRESHOLD} on folded text with common "
        "abbreviations expanded (UBND, HĐND, KH&ĐT, NN&PTNT, TN&MT, BQL, KCN …); best score first."
    ),
    "indicators": (
        "Recall over gold rows whose category is not 'operational': a row is found when a target "
        "or observation of ours in the file has a value (or value_max) equal within 1e-6 relative "
        "to a gold target, actual or projected value, its line (own line, else the indicator's) "
        f"within ±{INDICATOR_LINE_WINDOW} of the gold line or other_lines. Gold strings are read "
        "both ways (35.420 = 35420 or 35.42); years are ignored in free-text targets. "
        "Precision is informational: our indicator records of the file with a value matching any "
        "gold row (operational rows included) over all of them."
    ),
}

_RECALL_ONLY = frozenset({"links", "indicators"})


class GoldFormatError(ValueError):
    """A gold directory or file cannot be read as the gold README describes."""


@dataclass(frozen=True, slots=True)
class Score:
    """One row of the report: a measure on one corpus file, or on ``ALL`` of them.

    ``precision_informational`` marks recall-only measures (``links``, ``indicators``),
    whose precision is a lower bound shown for information.
    """

    corpus_file: str
    measure: str
    tp: int
    fp: int
    fn: int
    precision: float | None
    recall: float | None
    f1: float | None
    matched_ours: int
    precision_informational: bool = False


@dataclass(slots=True)
class _Counts:
    """Raw counts of one measure; ``matched_ours`` None means "equals tp" (one-to-one)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    matched_ours: int | None = None

    def add(self, other: _Counts) -> None:
        """Sum ``other`` into self (micro-averaging)."""
        mine = self.tp if self.matched_ours is None else self.matched_ours
        theirs = other.tp if other.matched_ours is None else other.matched_ours
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.matched_ours = mine + theirs


@dataclass(slots=True)
class EvalReport:
    """Scores per corpus file and ``ALL``, the notes that qualify them, and the definitions."""

    scores: list[Score]
    corpus_files: list[str]
    notes: list[str] = field(default_factory=list)

    def get(self, corpus_file: str, measure: str) -> Score:
        """The row for one file (or ``ALL``) and measure.

        Example:
            >>> report.get("ALL", "documents").f1  # doctest: +SKIP
        """
        for score in self.scores:
            if score.corpus_file == corpus_file and score.measure == measure:
                return score
        known = ", ".join([*self.corpus_files, ALL])
        raise KeyError(f"no score for ({corpus_file!r}, {measure!r}); files are {known}; measures are {MEASURES}")

    def to_table(self) -> str:
        """A fixed-width text table, one row per (file, measure); informational precision is starred."""
        header = ("file", "measure", "tp", "fp", "fn", "P", "R", "F1")
        rows = [header, *(_cells(s) for s in self.scores)]
        widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
        lines = [
            "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
            for r in rows
        ]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join([*lines, "", *_footer(self.notes)])

    def to_markdown(self) -> str:
        """The same table in Markdown, for the README."""
        lines = [
            "| file | measure | tp | fp | fn | precision | recall | F1 |",
            "|---|---|---:|---:|---:|---:|---:|---:|",
        ]
        lines += ["| " + " | ".join(_cells(s)) + " |" for s in self.scores]
        return "\n".join([*lines, "", *_footer(self.notes)])

    def to_json(self) -> dict[str, Any]:
        """Plain data: scores, notes, files and the definition of every measure."""
        return {
            "corpus_files": list(self.corpus_files),
            "scores": [asdict(s) for s in self.scores],
            "notes": list(self.notes),
            "definitions": dict(MEASURE_DEFINITIONS),
        }


def evaluate(records: Iterable[Record], gold_dir: Path) -> EvalReport:
    """Score export records against every gold folder under ``gold_dir``.

    Args:
        records: the export's JSON Lines records as dicts (interfaces.md); other kinds are ignored.
        gold_dir: the gold root (one folder per corpus file stem) or a single gold folder.

    Returns:
        An ``EvalReport`` with every measure of ``MEASURES`` per corpus file, then ``ALL``.

    Example:
        >>> report = evaluate(json_lines, Path("../shared/gold"))  # doctest: +SKIP
        >>> report.get("ALL", "relations.typed").recall  # doctest: +SKIP
    """
    export = _split_export(records)
    notes: list[str] = []
    unlocated = [a.get("key") for a in export.agencies.values() if "mentions" not in a]
    if unlocated:
        notes.append(
            f"{len(unlocated)} agency records carry no `mentions`: they are counted in every file, "
            "so agency precision per file is a lower bound."
        )
    totals: dict[str, _Counts] = {m: _Counts() for m in MEASURES}
    scores: list[Score] = []
    corpus_files: list[str] = []
    for folder in _gold_folders(gold_dir):
        gold = _load_gold(folder)
        corpus_file = f"{gold.stem}.txt"
        corpus_files.append(corpus_file)
        for measure, counts in _score_folder(gold, export, notes).items():
            scores.append(_score(corpus_file, measure, counts))
            totals[measure].add(counts)
    scores += [_score(ALL, m, totals[m]) for m in MEASURES]
    return EvalReport(scores, corpus_files, notes)


# --- reading --------------------------------------------------------------------------


@dataclass(slots=True)
class _Gold:
    """The five gold files of one corpus file, as rows."""

    stem: str
    documents: list[Record]
    relations: list[Record]
    tasks: list[Record]
    agencies: list[Record]
    indicators: list[Record]


@dataclass(slots=True)
class _Export:
    """Export records by kind; agencies by key, for lead/coordinate look-ups."""

    documents: list[Record] = field(default_factory=list)
    relations: list[Record] = field(default_factory=list)
    tasks: list[Record] = field(default_factory=list)
    agencies: dict[str, Record] = field(default_factory=dict)
    indicators: list[Record] = field(default_factory=list)


def _split_export(records: Iterable[Record]) -> _Export:
    """Sort records by ``kind``; a record of another kind is skipped with a debug log."""
    export = _Export()
    for record in records:
        kind = record.get("kind")
        if kind == "agency":
            export.agencies[str(record.get("key"))] = record
        elif kind in ("document", "relation", "task", "indicator"):
            getattr(export, f"{kind}s").append(record)
        else:
            log.debug("skipping export record of kind %r", kind)
    return export


def _gold_folders(gold_dir: Path) -> list[Path]:
    """The gold folders under ``gold_dir`` (or ``gold_dir`` itself when it is one)."""
    gold_dir = Path(gold_dir)
    if (gold_dir / "documents.jsonl").is_file():
        return [gold_dir]
    if not gold_dir.is_dir():
        raise GoldFormatError(f"gold directory {gold_dir} does not exist; pass the gold root, e.g. ../shared/gold")
    folders = sorted(p for p in gold_dir.iterdir() if (p / "documents.jsonl").is_file())
    if not folders:
        raise GoldFormatError(
            f"{gold_dir} holds no gold folder (a folder with documents.jsonl); pass the gold root, e.g. ../shared/gold"
        )
    return folders


def _load_gold(folder: Path) -> _Gold:
    """Read one gold folder; a missing file other than documents.jsonl is empty."""
    return _Gold(
        stem=folder.name,
        documents=_read_jsonl(folder / "documents.jsonl"),
        relations=_read_jsonl(folder / "relations.jsonl"),
        tasks=_read_jsonl(folder / "tasks.jsonl"),
        agencies=_read_jsonl(folder / "agencies.jsonl"),
        indicators=_read_jsonl(folder / "indicators.jsonl"),
    )


def _read_jsonl(path: Path) -> list[Record]:
    """The JSON objects of a JSON Lines file, blank lines skipped."""
    if not path.is_file():
        log.warning("gold file %s is missing; scored as empty", path)
        return []
    rows: list[Record] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            message = f"{path}:{number}: not valid JSON ({error.msg}); write one object per line"
            raise GoldFormatError(message) from error
        if not isinstance(row, dict):
            raise GoldFormatError(f"{path}:{number}: expected a JSON object, got {type(row).__name__}")
        rows.append(row)
    return rows


# --- text -------------------------------------------------------------------------------

_NON_WORD = re.compile(r"[^\w&]+")
_DASHES = re.compile("[\u2010-\u2015\u2212]")


def _strip_marks(text: str) -> str:
    """Casefold and drop Vietnamese diacritics (đ → d); Ƣ, a PDF glyph glitch for Ư, too."""
    text = unicodedata.normalize("NFD", text.replace("Ƣ", "U").replace("ƣ", "u"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold().replace("đ", "d")


def _fold(text: object) -> str:
    """Folded words of ``text``: no diacritics, lower case, punctuation to spaces."""
    return _fold_str(text) if isinstance(text, str) else ""


@lru_cache(maxsize=65536)
def _fold_str(text: str) -> str:
    """``_fold`` for a string, cached: matching compares the same names thousands of times."""
    return " ".join(_NON_WORD.sub(" ", _strip_marks(text)).replace("&", " ").split())


def _normalize_symbol(symbol: object) -> str:
    """A document number in comparable form: ``361/KL-TU`` and ``361-KL/TU`` → ``361-kl-tu``."""
    if not isinstance(symbol, str):
        return ""
    text = unicodedata.normalize("NFC", symbol).casefold().replace("đ", "d")
    text = _DASHES.sub("-", re.sub(r"\s+", "", text))
    return "-".join(part for part in re.split(r"[-/]", text) if part)


def _similarity(ours: str, gold: str) -> float:
    """token_set_ratio of two folded texts, 0 unless they share enough tokens (see MIN_SHARED_TOKENS)."""
    a, b = _fold(ours), _fold(gold)
    if not a or not b:
        return 0.0
    gold_tokens = set(b.split())
    if len(set(a.split()) & gold_tokens) < min(MIN_SHARED_TOKENS, len(gold_tokens)):
        return 0.0
    return float(fuzz.token_set_ratio(a, b))


def _best_similarity(ours: Sequence[str], gold: Sequence[str]) -> float:
    """The best ``_similarity`` over all pairs of texts."""
    return max((_similarity(o, g) for o in ours for g in gold), default=0.0)


def _closeness(ours: Sequence[str], gold: Sequence[str]) -> float:
    """Whole-string closeness (token_sort_ratio), to break ties between titles that all
    contain a short gold variant ("đề án phát triển công nghiệp Bình Phước" is a subset of
    several Đề án titles, so token_set_ratio gives each of them 100)."""
    return max((float(fuzz.token_sort_ratio(_fold(o), _fold(g))) for o in ours for g in gold), default=0.0)


# --- places -------------------------------------------------------------------------------


def _file_stem(name: object) -> str | None:
    """``binhphuoc_kh-317-ubnd_2021`` for a file name or path (either slash)."""
    if not isinstance(name, str) or not name:
        return None
    return PurePosixPath(name.replace("\\", "/")).stem


def _as_int(value: object) -> int | None:
    """An int line number, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _place(record: Record) -> tuple[str | None, int | None]:
    """File stem and line of a record: its own ``file``/``line``, else its ``evidence`` dict."""
    file, line = record.get("file"), record.get("line")
    evidence = record.get("evidence")
    if isinstance(evidence, dict):
        file = file or evidence.get("file")
        line = line if line is not None else evidence.get("line")
    return _file_stem(file), _as_int(line)


def _mentions(record: Record) -> list[Record]:
    """The record's mention dicts (documents and agencies)."""
    mentions = record.get("mentions")
    return [m for m in mentions if isinstance(m, dict)] if isinstance(mentions, list) else []


def _origin(document: Record) -> tuple[str | None, int | None]:
    """File stem and line of a document's origin, or (None, None)."""
    origin = document.get("origin")
    return _place(origin) if isinstance(origin, dict) else (None, None)


def _document_in_file(document: Record, stem: str) -> bool:
    """True when the document has its origin or a mention in the file."""
    return _origin(document)[0] == stem or any(_file_stem(m.get("file")) == stem for m in _mentions(document))


# --- documents ------------------------------------------------------------------------------

# Gold type → our doc_types that denote the same kind of document. Gold "Other" and
# our "other" (or no type) are compatible with anything: be lenient on identity, the
# type is not what `documents` measures. Đề án vs Kế hoạch stays strict, because
# "Kế hoạch thực hiện Đề án X" and "Đề án X" are the pair a title match confuses.
_COMPATIBLE_TYPES: dict[str, frozenset[str]] = {
    "NghiQuyet": frozenset({"resolution"}),
    "KetLuan": frozenset({"conclusion", "notice"}),
    "ChuongTrinh": frozenset({"programme"}),
    "QuyetDinh": frozenset({"decision"}),
    "KeHoach": frozenset({"plan"}),
    "BaoCao": frozenset({"report", "official_letter"}),
    "CongVan": frozenset({"official_letter", "report"}),
    "DeAn": frozenset({"scheme"}),
    "ChiThi": frozenset({"directive"}),
    "NghiDinh": frozenset({"decree"}),
    "ThongTu": frozenset({"circular"}),
    "ToTrinh": frozenset({"submission"}),
    # 78/TB-UBND is printed as "Kết luận số 78/TB-UBND" (binhphuoc NOTES, call 11).
    "ThongBao": frozenset({"notice", "conclusion"}),
}


def _types_compatible(gold: Record, ours: Record) -> bool:
    """Whether our doc_type may denote the gold document's type."""
    allowed = _COMPATIBLE_TYPES.get(str(gold.get("type")))
    our_type = ours.get("doc_type")
    return allowed is None or our_type in (None, "", "other") or our_type in allowed


def _agreement(gold: Record, ours: Record) -> int:
    """How well two same-symbol documents agree: date (2 exact, 1 same year), issuer, type."""
    score = 0
    gold_date, our_date = str(gold.get("date") or ""), str(ours.get("date") or "")
    if gold_date and our_date:
        score += 2 if gold_date == our_date else int(gold_date[:4] == our_date[:4])
    issuers = (_fold(gold.get("issuer")), _fold(ours.get("issuer")))
    if all(issuers) and fuzz.token_set_ratio(*issuers) >= ISSUER_THRESHOLD:
        score += 1
    return score + int(_types_compatible(gold, ours))


def _is_host(gold: Record) -> bool:
    """A source report or the file's own document (gold README: `host` / `origin_line`)."""
    return gold.get("host") is True or gold.get("origin_line") is not None


def _host_line(gold: Record) -> int | None:
    """Gold origin_line, else the first mention line of a host."""
    line = _as_int(gold.get("origin_line"))
    if line is None and isinstance(gold.get("lines"), list) and gold["lines"]:
        line = _as_int(gold["lines"][0])
    return line


@dataclass(slots=True)
class _DocMatching:
    """The document matching of one file: our key → gold id, one to one."""

    ours: list[Record]
    gold: list[Record]
    gold_of: dict[str, str] = field(default_factory=dict)

    def _matched_gold(self) -> set[str]:
        """Gold ids already matched."""
        return set(self.gold_of.values())

    def free_ours(self) -> list[Record]:
        """Our documents not matched yet, in export order."""
        return [o for o in self.ours if str(o.get("key")) not in self.gold_of]

    def free_gold(self, keep: Callable[[Record], bool]) -> list[Record]:
        """Gold documents not matched yet that pass ``keep``, in gold order."""
        matched = self._matched_gold()
        return [g for g in self.gold if str(g.get("id")) not in matched and keep(g)]

    def assign(self, pairs: Iterable[tuple[Record, Record]]) -> None:
        """Greedily accept (gold, ours) pairs in the given order, skipping any already used."""
        matched = self._matched_gold()
        for gold, ours in pairs:
            gold_id, key = str(gold.get("id")), str(ours.get("key"))
            if gold_id not in matched and key not in self.gold_of:
                self.gold_of[key] = gold_id
                matched.add(gold_id)


def _match_documents(gold_docs: list[Record], documents: list[Record], stem: str) -> _DocMatching:
    """Match our documents of the file to the gold documents (MEASURE_DEFINITIONS['documents'])."""
    ours = [d for d in documents if d.get("key") is not None and _document_in_file(d, stem)]
    matching = _DocMatching(ours=ours, gold=gold_docs)
    _match_by_symbol(matching)
    _match_by_origin(matching, stem)
    _match_by_variant(matching)
    _match_by_title(matching, stem)
    return matching


def _match_by_symbol(matching: _DocMatching) -> None:
    """Pass 1: numbered gold ids against our symbols; the best-agreeing duplicate wins."""
    pairs: list[tuple[int, int, int, Record, Record]] = []
    for g_index, gold in enumerate(matching.gold):
        if gold.get("numbered") is not True:
            continue
        gold_symbol = _normalize_symbol(gold.get("id"))
        for o_index, ours in enumerate(matching.ours):
            if gold_symbol and _normalize_symbol(ours.get("symbol")) == gold_symbol:
                pairs.append((-_agreement(gold, ours), g_index, o_index, gold, ours))
    matching.assign((g, o) for *_, g, o in sorted(pairs, key=lambda p: p[:3]))


def _match_by_origin(matching: _DocMatching, stem: str) -> None:
    """Pass 2: hosts by our origin within HOST_LINE_WINDOW lines of the gold origin_line, nearest first."""
    pairs: list[tuple[int, int, int, Record, Record]] = []
    for g_index, gold in enumerate(matching.free_gold(_is_host)):
        line = _host_line(gold)
        for o_index, ours in enumerate(matching.free_ours()):
            file, our_line = _origin(ours)
            if line is not None and file == stem and our_line is not None:
                distance = abs(our_line - line)
                if distance <= HOST_LINE_WINDOW:
                    pairs.append((distance, g_index, o_index, gold, ours))
    matching.assign((g, o) for *_, g, o in sorted(pairs, key=lambda p: p[:3]))


def _match_by_variant(matching: _DocMatching) -> None:
    """Pass 3: numbered gold still free, by a printed variant that is no other gold id."""
    gold_ids = {_normalize_symbol(g.get("id")) for g in matching.gold if g.get("numbered") is True}
    for gold in matching.free_gold(lambda g: g.get("numbered") is True):
        variants = {_normalize_symbol(v) for v in gold.get("variants") or [] if isinstance(v, str)}
        variants -= gold_ids | {""}
        for ours in matching.free_ours():
            if _normalize_symbol(ours.get("symbol")) in variants:
                matching.assign([(gold, ours)])
                break


def _match_by_title(matching: _DocMatching, stem: str) -> None:
    """Pass 4: unnumbered, non-host gold by fuzzy title; ours without a symbol; best score first."""
    pairs: list[tuple[float, int, int, Record, Record]] = []
    gold_free = matching.free_gold(lambda g: g.get("numbered") is not True and not _is_host(g))
    ours_free = [o for o in matching.free_ours() if not o.get("symbol")]
    for g_index, gold in enumerate(gold_free):
        gold_texts = [t for t in [gold.get("title"), *(gold.get("variants") or [])] if isinstance(t, str)]
        for o_index, ours in enumerate(ours_free):
            if not _types_compatible(gold, ours):
                continue
            texts = _document_texts(ours, stem)
            score = _best_similarity(texts, gold_texts)
            if score >= TITLE_THRESHOLD:
                pairs.append((-score, -_closeness(texts, gold_texts), g_index, o_index, gold, ours))
    matching.assign((g, o) for *_, g, o in sorted(pairs, key=lambda p: p[:4]))


def _document_texts(document: Record, stem: str) -> list[str]:
    """Our title and the texts of our mentions in the file."""
    texts = [document.get("title")]
    texts += [m.get("text") for m in _mentions(document) if _file_stem(m.get("file")) == stem]
    return [t for t in texts if isinstance(t, str) and t.strip()]


def _score_documents(matching: _DocMatching) -> dict[str, _Counts]:
    """`documents` and `documents.numbered` from a matching."""
    numbered_gold = {str(g.get("id")) for g in matching.gold if g.get("numbered") is True}
    with_symbol = {str(o.get("key")) for o in matching.ours if o.get("symbol")}
    tp_numbered = sum(1 for k, g in matching.gold_of.items() if g in numbered_gold and k in with_symbol)
    tp = len(matching.gold_of)
    return {
        "documents": _Counts(tp=tp, fp=len(matching.ours) - tp, fn=len(matching.gold) - tp),
        "documents.numbered": _Counts(
            tp=tp_numbered, fp=len(with_symbol) - tp_numbered, fn=len(numbered_gold) - tp_numbered
        ),
    }


# --- relations -----------------------------------------------------------------------------


def _gold_triples(rows: list[Record], keep: Callable[[Record], bool]) -> dict[Triple, bool]:
    """Gold (source, target, type) → implied; a triple is implied only if every row of it is."""
    triples: dict[Triple, bool] = {}
    for row in rows:
        if keep(row):
            triple = (str(row.get("source")), str(row.get("target")), str(row.get("type")))
            triples[triple] = triples.get(triple, True) and row.get("implied") is True
    return triples


def _layer(row: Record) -> str:
    """A gold relation's layer; the small folders have none and are all 'doc'."""
    return str(row.get("layer") or "doc")


def _our_triples(relations: list[Record], stem: str, keep: Callable[[str], bool]) -> set[Triple]:
    """Distinct (source key, target key, type) of our relations evidenced in the file."""
    return {
        (str(r.get("source")), str(r.get("target")), str(r.get("type")))
        for r in relations
        if _place(r)[0] == stem and keep(str(r.get("type")))
    }


def _score_triples(ours: set[Triple], gold: dict[Triple, bool], gold_of: dict[str, str]) -> _Counts:
    """tp/fp/fn of our triples against gold triples through the document mapping."""
    mapped = [(gold_of.get(s), gold_of.get(t), r) for s, t, r in ours]
    found = {m for m in mapped if m in gold}
    matched_ours = sum(1 for m in mapped if m in gold)
    missed = sum(1 for triple, implied in gold.items() if triple not in found and not implied)
    return _Counts(tp=len(found), fp=len(ours) - matched_ours, fn=missed, matched_ours=matched_ours)


def _score_relations(gold: _Gold, relations: list[Record], gold_of: dict[str, str]) -> dict[str, _Counts]:
    """relations.typed, .typed.explicit, .<type> and .all for one file."""
    stem = gold.stem
    typed_gold = _gold_triples(gold.relations, lambda r: _layer(r) == "doc" and r.get("type") != "references")
    typed_ours = _our_triples(relations, stem, lambda t: t != "references")
    typed = _score_triples(typed_ours, typed_gold, gold_of)
    explicit_gold = {triple: False for triple, implied in typed_gold.items() if not implied}
    explicit_tp = _score_triples(typed_ours, explicit_gold, gold_of).tp
    counts = {
        "relations.typed": typed,
        # Same fp and precision as relations.typed: finding an implied gold relation is not an error.
        "relations.typed.explicit": _Counts(explicit_tp, typed.fp, typed.fn, typed.matched_ours),
    }
    for rtype in TYPED_RELATION_TYPES:
        type_gold = _gold_triples(gold.relations, lambda r, t=rtype: _layer(r) == "doc" and r.get("type") == t)
        type_ours = _our_triples(relations, stem, lambda t, want=rtype: t == want)
        counts[f"relations.{rtype}"] = _score_triples(type_ours, type_gold, gold_of)
    all_gold = _gold_triples(gold.relations, lambda r: True)
    counts["relations.all"] = _score_triples(_our_triples(relations, stem, lambda t: True), all_gold, gold_of)
    return counts


def _score_links(gold: _Gold, relations: list[Record], gold_of: dict[str, str]) -> _Counts:
    """`links`: any relation of ours between the two documents of a gold relation."""
    ours = {frozenset((s, t)) for s, t, _ in _our_triples(relations, gold.stem, lambda t: True)}
    mapped = {pair: frozenset(gold_of.get(k) for k in pair) for pair in ours}
    all_gold = _gold_triples(gold.relations, lambda r: True)
    gold_pairs = {frozenset((s, t)) for s, t, _ in all_gold}
    linked = {triple for triple in all_gold if frozenset(triple[:2]) in mapped.values()}
    matched_ours = sum(1 for m in mapped.values() if None not in m and m in gold_pairs)
    missed = sum(1 for triple, implied in all_gold.items() if triple not in linked and not implied)
    return _Counts(tp=len(linked), fp=len(ours) - matched_ours, fn=missed, matched_ours=matched_ours)


# --- agencies ------------------------------------------------------------------------------

# Common abbreviations in agency names, on casefolded text without diacritics, with
# "&" kept and spaces around it removed (domain.md §3: "Sở NN&PTNT", "Ban QLKKT").
_AGENCY_ABBREVIATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), expansion)
    for pattern, expansion in (
        (r"\bubnd\b", "uy ban nhan dan"),
        (r"\bhdnd\b", "hoi dong nhan dan"),
        (r"\bkh&dt\b|\bkhdt\b", "ke hoach va dau tu"),
        (r"\bkh&cn\b|\bkhcn\b", "khoa hoc va cong nghe"),
        (r"\bnn&ptnt\b|\bnnptnt\b", "nong nghiep va phat trien nong thon"),
        (r"\btn&mt\b|\btnmt\b", "tai nguyen va moi truong"),
        (r"\btt&tt\b|\btttt\b", "thong tin va truyen thong"),
        (r"\bld-?tb&xh\b|\bldtbxh\b", "lao dong thuong binh va xa hoi"),
        (r"\bgd&dt\b|\bgddt\b", "giao duc va dao tao"),
        (r"\bvh-?tt&dl\b|\bvhttdl\b", "van hoa the thao va du lich"),
        (r"\bgtvt\b", "giao thong van tai"),
        (r"\bptnt\b", "phat trien nong thon"),
        (r"\bqlkkt\b", "quan ly khu kinh te"),
        (r"\bbql\b", "ban quan ly"),
        (r"\bkcn\b", "khu cong nghiep"),
        (r"\bkkt\b", "khu kinh te"),
        (r"\bccn\b", "cum cong nghiep"),
        (r"\bxttm\b", "xuc tien thuong mai"),
        (r"\bmttq\b", "mat tran to quoc"),
    )
)


@lru_cache(maxsize=65536)
def _fold_agency(name: str) -> str:
    """Folded agency name with the common abbreviations written out."""
    text = re.sub(r"\s*&\s*", "&", _strip_marks(name))
    for pattern, expansion in _AGENCY_ABBREVIATIONS:
        text = pattern.sub(expansion, text)
    return _fold(text)


def _agency_score(ours: Sequence[str], gold: Sequence[str]) -> float:
    """Best token_sort_ratio between any of our names and any gold name or variant."""
    ours_folded = [f for f in map(_fold_agency, ours) if f]
    gold_folded = [f for f in map(_fold_agency, gold) if f]
    return max((fuzz.token_sort_ratio(o, g) for o in ours_folded for g in gold_folded), default=0.0)


def _gold_agency_names(agency: Record) -> list[str]:
    """A gold agency's name and variants."""
    return [n for n in [agency.get("name"), *(agency.get("variants") or [])] if isinstance(n, str)]


def _our_agency_names(agency: Record) -> list[str]:
    """Our agency's name and aliases."""
    return [n for n in [agency.get("name"), *(agency.get("aliases") or [])] if isinstance(n, str)]


def _agency_in_file(agency: Record, stem: str) -> bool:
    """Mentioned in the file; without a `mentions` field, counted in every file (see evaluate)."""
    if "mentions" not in agency:
        return True
    return any(_file_stem(m.get("file")) == stem for m in _mentions(agency))


def _score_agencies(gold: _Gold, export: _Export) -> _Counts:
    """`agencies`: one-to-one best-score matching of our agencies of the file."""
    ours = [a for a in export.agencies.values() if _agency_in_file(a, gold.stem)]
    pairs: list[tuple[float, int, int]] = []
    for g_index, gold_agency in enumerate(gold.agencies):
        for o_index, our_agency in enumerate(ours):
            score = _agency_score(_our_agency_names(our_agency), _gold_agency_names(gold_agency))
            if score >= AGENCY_THRESHOLD:
                pairs.append((-score, g_index, o_index))
    used_gold: set[int] = set()
    used_ours: set[int] = set()
    for _, g_index, o_index in sorted(pairs):
        if g_index not in used_gold and o_index not in used_ours:
            used_gold.add(g_index)
            used_ours.add(o_index)
    tp = len(used_gold)
    return _Counts(tp=tp, fp=len(ours) - tp, fn=len(gold.agencies) - tp)


def _gold_agency_of(names: Sequence[str], gold_agencies: list[Record]) -> str | None:
    """The canonical gold name best matching any of ``names``, if it passes the threshold."""
    best, best_name = 0.0, None
    for agency in gold_agencies:
        score = _agency_score(names, _gold_agency_names(agency))
        if score > best:
            best, best_name = score, agency.get("name")
    return str(best_name) if best >= AGENCY_THRESHOLD and best_name is not None else None


# --- tasks ----------------------------------------------------------------------------------


def _match_tasks(gold: _Gold, tasks: list[Record], gold_of: dict[str, str]) -> tuple[list[tuple[Record, Record]], int]:
    """One-to-one (gold task, our task) pairs, and how many of our tasks are in the file."""
    ours = [t for t in tasks if _place(t)[0] == gold.stem]
    candidates: list[tuple[int, float, int, int, int]] = []
    for g_index, gold_task in enumerate(gold.tasks):
        gold_line = _as_int(gold_task.get("line"))
        gold_texts = [t for t in (gold_task.get("task"), gold_task.get("evidence")) if isinstance(t, str)]
        for o_index, our_task in enumerate(ours):
            if gold_of.get(str(our_task.get("plan"))) != gold_task.get("plan"):
                continue
            our_line = _place(our_task)[1]
            distance = abs(our_line - gold_line) if our_line is not None and gold_line is not None else 10**9
            similarity = _best_similarity([str(our_task.get("text") or "")], gold_texts)
            near, similar = distance <= TASK_LINE_WINDOW, similarity >= TASK_THRESHOLD
            if near or similar:
                candidates.append((-(near and similar), -similarity, distance, g_index, o_index))
    pairs: list[tuple[Record, Record]] = []
    used_gold: set[int] = set()
    used_ours: set[int] = set()
    for *_, g_index, o_index in sorted(candidates):
        if g_index not in used_gold and o_index not in used_ours:
            used_gold.add(g_index)
            used_ours.add(o_index)
            pairs.append((gold.tasks[g_index], ours[o_index]))
    return pairs, len(ours)


def _our_role_names(keys: object, export: _Export, gold_agencies: list[Record]) -> set[str]:
    """Gold canonical names for our agency keys; an unmappable one stays as ``?key`` (an fp)."""
    names: set[str] = set()
    for key in keys if isinstance(keys, list) else []:
        agency = export.agencies.get(str(key))
        # A lead given as a name rather than a key is read as the name.
        our_names = _our_agency_names(agency) if agency else [str(key)]
        names.add(_gold_agency_of(our_names, gold_agencies) or f"?{key}")
    return names


def _score_roles(pairs: list[tuple[Record, Record]], role: str, export: _Export, gold: _Gold) -> _Counts:
    """tasks.lead / tasks.coordinate: set agreement on matched tasks with a non-empty gold role."""
    counts = _Counts()
    canonical = {str(a.get("name")) for a in gold.agencies}
    for gold_task, our_task in pairs:
        # Gold roles use agencies.jsonl names; any other spelling is mapped like ours.
        expected = {n if n in canonical else _gold_agency_of([n], gold.agencies) or n
                    for n in map(str, gold_task.get(role) or [])}
        if not expected:
            continue
        got = _our_role_names(our_task.get(role), export, gold.agencies)
        counts.tp += len(expected & got)
        counts.fp += len(got - expected)
        counts.fn += len(expected - got)
    return counts


def _score_tasks(gold: _Gold, export: _Export, gold_of: dict[str, str]) -> dict[str, _Counts]:
    """tasks, tasks.lead, tasks.coordinate for one file."""
    pairs, n_ours = _match_tasks(gold, export.tasks, gold_of)
    return {
        "tasks": _Counts(tp=len(pairs), fp=n_ours - len(pairs), fn=len(gold.tasks) - len(pairs)),
        "tasks.lead": _score_roles(pairs, "lead", export, gold),
        "tasks.coordinate": _score_roles(pairs, "coordinate", export, gold),
    }


# --- indicators -----------------------------------------------------------------------------

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_YEAR = re.compile(r"(?:19|20)\d\d")


def _readings(token: str) -> set[float]:
    """Both readings of a printed number: Vietnamese (35.420 = 35420, 15,5 = 15.5) and the reverse.

    Gold README: running text writes 35.420 for thirty-five thousand; some tables do the reverse.
    """
    values: set[float] = set()
    for thousands, decimal in ((".", ","), (",", ".")):
        digits = token.replace(thousands, "")
        if digits.count(decimal) <= 1:
            values.add(float(digits.replace(decimal, ".")))
    return values


def _numbers_in(text: str, skip_years: bool) -> set[float]:
    """Every number printed in ``text``; bare years dropped when ``skip_years``."""
    values: set[float] = set()
    for token in _NUMBER.findall(text):
        if not (skip_years and _YEAR.fullmatch(token)):
            values |= _readings(token)
    return values


def _values_of(item: object, free_text: bool) -> set[float]:
    """Numbers of a gold or export value: a number, a string, or a dict (value/min/max/value_max/raw)."""
    if isinstance(item, bool) or item is None:
        return set()
    if isinstance(item, int | float):
        return {float(item)}
    if isinstance(item, str):
        # Free-text targets say "by 2025", "(2021-2025)": years there are not values.
        return _numbers_in(item, skip_years=free_text)
    if isinstance(item, list):
        return set().union(*(_values_of(i, free_text) for i in item))
    if isinstance(item, dict):
        values = set().union(*(_values_of(item.get(k), False) for k in ("value", "min", "max", "value_max")))
        raw = item.get("raw")
        return values | (_numbers_in(raw, skip_years=True) if isinstance(raw, str) else set())
    return set()


def _gold_indicator_values(row: Record) -> set[float]:
    """Every value a gold indicator row states: target, actual and projected."""
    values = _values_of(row.get("target"), free_text=True)
    for key in ("actual", "projected"):
        values |= _values_of(row.get(key) or [], free_text=False)
    return values


def _gold_indicator_lines(row: Record) -> set[int]:
    """The gold line and other_lines of an indicator row."""
    lines = {_as_int(row.get("line"))} | {_as_int(n) for n in row.get("other_lines") or []}
    return {n for n in lines if n is not None}


def _our_indicator_values(indicator: Record, stem: str) -> list[tuple[float, int | None]] | None:
    """(value, line) of our targets and observations evidenced in the file.

    None when the indicator is not in the file at all (neither its own place nor any value).
    """
    own_file, own_line = _place(indicator)
    in_file = own_file == stem
    out: list[tuple[float, int | None]] = []
    for item in [*(indicator.get("targets") or []), *(indicator.get("observations") or [])]:
        if not isinstance(item, dict):
            continue
        file, line = _place(item)
        if (file or own_file) != stem:
            continue
        in_file = True
        line = line if line is not None else own_line
        for key in ("value", "value_max"):
            out += [(v, line) for v in _values_of(item.get(key), free_text=False)]
    return out if in_file else None


def _same_value(a: float, b: float) -> bool:
    """Equal within VALUE_REL_TOL relative (exact for zero)."""
    return abs(a - b) <= VALUE_REL_TOL * max(abs(a), abs(b))


def _indicator_matches(ours: list[tuple[float, int | None]], values: set[float], lines: set[int]) -> bool:
    """True when one of our (value, line) equals a gold value near a gold line."""
    return any(
        line is not None
        and any(abs(line - g) <= INDICATOR_LINE_WINDOW for g in lines)
        and any(_same_value(value, v) for v in values)
        for value, line in ours
    )


def _score_indicators(gold: _Gold, indicators: list[Record]) -> _Counts:
    """`indicators`: recall on non-operational gold rows; informational precision on our records."""
    ours = [v for v in (_our_indicator_values(i, gold.stem) for i in indicators) if v is not None]
    rows = [(r, _gold_indicator_values(r), _gold_indicator_lines(r)) for r in gold.indicators]
    scored = [(values, lines) for r, values, lines in rows if r.get("category") != "operational"]
    found = sum(1 for values, lines in scored if any(_indicator_matches(o, values, lines) for o in ours))
    matched_ours = sum(1 for o in ours if any(_indicator_matches(o, values, lines) for _, values, lines in rows))
    return _Counts(tp=found, fp=len(ours) - matched_ours, fn=len(scored) - found, matched_ours=matched_ours)


# --- one folder -----------------------------------------------------------------------------


def _score_folder(gold: _Gold, export: _Export, notes: list[str]) -> dict[str, _Counts]:
    """Every measure for one gold folder, in MEASURES order; appends notes on oddities."""
    matching = _match_documents(gold.documents, export.documents, gold.stem)
    lines_in_file = sum(1 for r in export.relations if _place(r)[0] == gold.stem)
    distinct = len(_our_triples(export.relations, gold.stem, lambda t: True))
    if lines_in_file > distinct:
        notes.append(
            f"{gold.stem}.txt: {lines_in_file - distinct} relation lines repeat a (source, target, type) "
            "already exported for this file and are counted once."
        )
    counts: dict[str, _Counts] = {}
    counts.update(_score_documents(matching))
    counts.update(_score_relations(gold, export.relations, matching.gold_of))
    counts["links"] = _score_links(gold, export.relations, matching.gold_of)
    counts.update(_score_tasks(gold, export, matching.gold_of))
    counts["agencies"] = _score_agencies(gold, export)
    counts["indicators"] = _score_indicators(gold, export.indicators)
    return {m: counts[m] for m in MEASURES}


# --- rendering ------------------------------------------------------------------------------


def _score(corpus_file: str, measure: str, counts: _Counts) -> Score:
    """A report row from raw counts; a ratio with a zero denominator is None.

    Example:
        >>> _score("a.txt", "documents", _Counts(tp=3, fp=1, fn=1)).f1
        0.75
    """
    matched = counts.tp if counts.matched_ours is None else counts.matched_ours
    precision = _ratio(matched, matched + counts.fp)
    recall = _ratio(counts.tp, counts.tp + counts.fn)
    f1 = None
    if precision == 0 or recall == 0:
        f1 = 0.0  # F1 is 0 whenever either side is 0, even when the other is undefined
    elif precision is not None and recall is not None:
        f1 = 2 * precision * recall / (precision + recall)
    informational = measure in _RECALL_ONLY
    return Score(corpus_file, measure, counts.tp, counts.fp, counts.fn, precision, recall, f1, matched, informational)


def _ratio(numerator: int, denominator: int) -> float | None:
    """numerator / denominator, or None when nothing was there to count."""
    return numerator / denominator if denominator else None


def _fmt(value: float | None, star: bool = False) -> str:
    """Three decimals, '–' for None, '*' for informational."""
    text = "–" if value is None else f"{value:.3f}"
    return text + ("*" if star and value is not None else "")


def _cells(score: Score) -> tuple[str, ...]:
    """The table cells of one score."""
    return (
        score.corpus_file,
        score.measure,
        str(score.tp),
        str(score.fp),
        str(score.fn),
        _fmt(score.precision, score.precision_informational),
        _fmt(score.recall),
        _fmt(score.f1, score.precision_informational),
    )


def _footer(notes: list[str]) -> list[str]:
    """Legend and notes printed under a table."""
    legend = [
        "* informational precision (recall-only measure); '–' means nothing to count.",
        "Implied gold relations count when found and are never missed; ALL = micro-average.",
    ]
    return legend + [f"Note: {n}" for n in notes]
