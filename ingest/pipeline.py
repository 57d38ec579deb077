"""The ingest chain: read → normalise → split → header → references → resolve → relations.

``extract_file`` turns one file into a ``FileGraph`` (pure: no store). ``ingest_paths``
runs it over files and folders and writes each file in one store transaction, so a
kill mid-ingest leaves every file either fully in or fully out. A damaged file is
reported with its name and reason; the rest is ingested.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..graph.model import Document, DocType, Evidence, FileGraph, Origin, Relation, RelationType
from ..graph.store import Store, StoreError
from .header import Header, read_header
from .lines import line_starts
from .normalise import CleanText, normalise_text
from .parallel import extraction_pool, jobs_wanted
from .places import find_folded_provinces
from .read import Source, UnreadableFile, iter_sources, read_source
from .references import Reference, find_references
from .relations import HOST, Link, classify_links
from .resolve import Resolution, document_key, resolve_references, unnumbered_key
from .split import Segment, split_documents
from .textfold import fold
from .structure import extract_structure
from .tables import find_rows, table_relations
from .webpage import read_web_host

log = logging.getLogger(__name__)

# Bumped whenever extraction changes, so re-ingesting an unchanged file re-extracts it.
EXTRACTOR_VERSION = "2"
_EVIDENCE_CHARS = 300


@dataclass(slots=True)
class FileOutcome:
    """What happened to one file: ``ingested``, ``unchanged`` or ``failed`` (with a reason)."""

    name: str
    status: str
    reason: str = ""
    encoding: str = ""
    documents: int = 0
    relations: int = 0
    tasks: int = 0
    seconds: float = 0.0
    size: int = 0


@dataclass(slots=True)
class IngestReport:
    """Every file's outcome, in the order they were met."""

    outcomes: list[FileOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]


@dataclass(slots=True)
class _Host:
    """The document a segment is, as its header (or a web page's lead) describes it."""

    document: Document
    header: Header | None


def extract_file(source: Source) -> FileGraph:
    """Extract the graph of one read file.

    Args:
        source: a file read by ``read.read_source``.

    Returns:
        Its documents, relations, tasks, agencies and indicators, with evidence.
    """
    clean = normalise_text(source.text)
    lines = clean.text.split("\n")
    graph = FileGraph(file=source.name, sha256=_fingerprint(source), encoding=source.encoding)
    folded = fold(clean.text)  # fold keeps offsets: each part's fold is a slice of it
    province = _file_province(clean.text, folded)
    starts = line_starts(lines)
    parts = [_read_part(source.name, lines, segment, clean, province, starts, folded)
             for segment in split_documents(lines, folded)]
    resolution = _resolve_file(parts, source.name, clean, province)
    documents: dict[str, Document] = {}
    relations: list[Relation] = []
    first = 0
    for part in parts:
        _merge(documents, part.host.document)
        keys = resolution.keys[first: first + len(part.refs)]
        first += len(part.refs)
        links = classify_links(part.text, part.refs, part.host.document.doc_type, _preamble_end(part.text),
                               part.folded)
        stated = [rel for link in links if (rel := _relation(link, part, keys, clean, source.name))]
        relations.extend(_with_rows(part, keys, stated, resolution, clean, source.name))
    for doc in resolution.documents.values():
        _merge(documents, doc)
    structure = extract_structure(lines, [(p.segment, documents[p.host.document.key]) for p in parts],
                                  source.name, documents, folded, starts)
    graph.tasks, graph.agencies, graph.indicators = structure.tasks, structure.agencies, structure.indicators
    graph.relations = _dedupe(relations)
    _note_implied_topics(documents, graph.relations)
    graph.documents = sorted(documents.values(), key=lambda d: d.key)
    return graph


_TOPIC_TARGETS = {DocType.CONCLUSION, DocType.RESOLUTION, DocType.PROGRAMME, DocType.DIRECTIVE}


def _note_implied_topics(documents: dict[str, Document], relations: Sequence[Relation]) -> None:
    """Keep, beside a conclusion's stated title, the topic its implementing plans state.

    bao-cao:244-245 says "361-KL/TU về Phát triển công nghiệp hỗ trợ", while bao-cao:4413 has
    "Kế hoạch số 245/KH-UBND … về việc phát triển khu công nghiệp, khu kinh tế … thực hiện Kết luận
    số 361-KL/TU". Both statements stay on the document, each with its evidence.
    """
    for rel in relations:
        target, source = documents.get(rel.target), documents.get(rel.source)
        if rel.type.value != "implements" or target is None or source is None or not source.title:
            continue
        if target.doc_type not in _TOPIC_TARGETS:
            continue
        topic = {"title": source.title, "basis": f"implemented by {source.symbol or source.key}",
                 "file": rel.evidence.file, "line": rel.evidence.line, "text": rel.evidence.text}
        if topic not in target.alternatives:
            target.alternatives.append(topic)


@dataclass(slots=True)
class _Part:
    """One document of a file, read: its host, text, and the references in it."""

    segment: Segment
    host: _Host
    offset: int  # where the segment's text starts in the file's clean text
    text: str
    folded: str  # fold(text), computed once
    refs: list[Reference]


def _read_part(file: str, lines: Sequence[str], segment: Segment, clean: CleanText, province: str | None,
               starts: Sequence[int], folded_file: str) -> _Part:
    host = _host_of(file, lines, segment, province)
    start = starts[segment.first - 1]
    end = starts[segment.last] if segment.last < len(starts) else len(clean.text)
    text = clean.text[start:end]
    folded = folded_file[start:end]
    refs = [r for r in find_references(text, folded) if not _is_host_mention(r, host.document)]
    return _Part(segment, host, start, text, folded, refs)


def _resolve_file(parts: Sequence[_Part], file: str, clean: CleanText, province: str | None) -> Resolution:
    """Resolve every reference of the file at once, so that "361-KL/TU" dated in one report
    and undated in the next is one document."""
    shifted, lines, texts, places = [], [], [], []
    for part in parts:
        for ref in part.refs:
            shifted.append(replace(ref, start=ref.start + part.offset, end=ref.end + part.offset))
            lines.append(clean.line_at(part.offset + ref.start))
            texts.append(_mention_text(part.text, ref))
            places.append(part.host.document.jurisdiction or province)
    return resolve_references(shifted, lines, file, texts, places)


_REPORTED_TYPES = {DocType.PROGRAMME, DocType.PLAN}
_ACROSS_CELLS = {RelationType.IMPLEMENTS, RelationType.BASED_ON}


def _with_rows(part: _Part, keys: Sequence[str | None], stated: list[Relation], resolution: Resolution,
               clean: CleanText, file: str) -> list[Relation]:
    """The part's stated relations and what the rows of its tables imply (``tables``).

    Inside a table a cue reaches across cells: "Tiến độ thực hiện | … 5 Đề án …" is not the
    host implementing the scheme of row 5. The host reports on each row's scheme instead.
    """
    rows = find_rows(part.text, part.folded)
    if not rows:
        return stated
    host = part.host.document.key
    table_line = clean.line_at(part.offset + rows[0].start)
    opening = [r.target for r in stated if r.source == host and r.type is RelationType.REPORTS_ON
               and r.evidence.line < table_line and (doc := resolution.documents.get(r.target)) is not None
               and doc.doc_type in _REPORTED_TYPES]
    known = {doc.symbol: key for key, doc in resolution.documents.items() if doc.symbol}
    implied = table_relations(part.text, part.folded, part.refs, keys, host, opening[0] if opening else None,
                              known, lambda at: clean.line_at(part.offset + at), file)
    subjects = {r.target for r in implied if r.source == host and r.type is RelationType.REPORTS_ON}
    kept = [r for r in stated if not (r.source == host and r.target in subjects and r.evidence.line >= table_line
                                      and r.type in _ACROSS_CELLS)]
    return kept + implied


def _fingerprint(source: Source) -> str:
    return f"{source.sha256}:{EXTRACTOR_VERSION}"


def _file_province(text: str, folded: str | None = None) -> str | None:
    """The province a file is mostly about ("tỉnh Bình Phước" most often named).

    ``folded`` is ``fold(text)`` when the caller has it (it need not be folded twice)."""
    counts: dict[str, int] = {}
    head = fold(text[:200_000]) if folded is None else folded[:200_000]
    for name in find_folded_provinces(head):
        counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda k: (counts[k], k)) if counts else None


def _host_of(file: str, lines: Sequence[str], segment: Segment, province: str | None) -> _Host:
    """The document a segment is: from its header, or from a web page's lead."""
    header = read_header(lines, segment)
    if header is None:
        return _Host(read_web_host(file, lines, segment, province), None)
    jurisdiction = header.jurisdiction or province
    if header.symbol:
        year = int(header.date[:4]) if header.date else None
        key = document_key(header.symbol, jurisdiction, year)
    else:
        key = unnumbered_key(file, header.line)
    doc = Document(
        key=key, symbol=header.symbol, doc_type=header.doc_type, issuer=header.issuer,
        jurisdiction=jurisdiction, date=header.date, year=int(header.date[:4]) if header.date else None,
        title=header.title, origin=Origin(file, header.line),
        mentions=[Evidence(file, header.line, lines[header.line - 1].strip())],
    )
    return _Host(doc, header)


_FIRST_HEADING = re.compile(r"^[ \t]*(?:I|1|A)\.[ \t]+\S", re.MULTILINE)
_PREAMBLE_MAX = 6000


def _preamble_end(text: str) -> int:
    """Where a document's body starts: its first "I." heading, or a few thousand characters in."""
    found = _FIRST_HEADING.search(text)
    return min(found.start(), _PREAMBLE_MAX) if found else min(len(text), _PREAMBLE_MAX)


def _is_host_mention(ref: Reference, host: Document) -> bool:
    """The host's own number printed in its header is not a citation."""
    return bool(ref.symbol and host.symbol and ref.symbol.canonical == host.symbol and ref.date is None)


def _mention_text(text: str, ref: Reference) -> str:
    left = ref.prefix_start if ref.prefix_start is not None else ref.start
    right = ref.tail_end or ref.end
    return re.sub(r"\s+", " ", text[left:right]).strip()[:_EVIDENCE_CHARS]


def _relation(link: Link, part: _Part, keys: Sequence[str | None], clean: CleanText, file: str) -> Relation | None:
    """A store relation from a link, with the sentence as evidence."""
    refs, host, text, offset = part.refs, part.host.document, part.text, part.offset
    source = host.key if link.source == HOST else keys[link.source]
    target = keys[link.target]
    if source is None or target is None or source == target:
        return None
    anchor = refs[link.source] if link.source != HOST else refs[link.target]
    line = clean.line_at(offset + anchor.start)
    sentence = _evidence(text, link.start, link.end, anchor)
    return Relation(source, target, link.type, Evidence(file, line, sentence), link.scope, link.confidence)


def _evidence(text: str, start: int, end: int, anchor: Reference) -> str:
    """The sentence, cut to at most 300 characters around the anchor, one line."""
    sentence = text[start:end]
    if len(sentence) > _EVIDENCE_CHARS:
        left = max(start, (anchor.prefix_start or anchor.start) - 60)
        sentence = text[left: left + _EVIDENCE_CHARS]
    return re.sub(r"\s+", " ", sentence).strip()


def _merge(documents: dict[str, Document], doc: Document) -> None:
    """Merge two views of one document within a file: the origin's facts win."""
    have = documents.get(doc.key)
    if have is None:
        documents[doc.key] = doc
        return
    first, second = (doc, have) if doc.origin and not have.origin else (have, doc)
    for name in ("issuer", "jurisdiction", "date", "year", "title", "origin", "symbol"):
        if getattr(first, name) is None:
            setattr(first, name, getattr(second, name))
    if first.doc_type is DocType.OTHER:
        first.doc_type = second.doc_type
    first.mentions = sorted(set(first.mentions) | set(second.mentions), key=lambda e: (e.line, e.text))
    first.alternatives = first.alternatives + [a for a in second.alternatives if a not in first.alternatives]
    first.confidence = max(first.confidence, second.confidence)
    documents[doc.key] = first


def _dedupe(relations: Iterable[Relation]) -> list[Relation]:
    """One relation per (source, target, type, line); a typed link makes a plain
    ``references`` between the same pair from the same sentence redundant."""
    seen: dict[tuple[str, str, str, int], Relation] = {}
    for rel in relations:
        seen.setdefault((rel.source, rel.target, rel.type.value, rel.evidence.line), rel)
    typed = {(r.source, r.target, r.evidence.line) for r in seen.values() if r.type.value != "references"}
    kept = [r for r in seen.values() if r.type.value != "references" or (r.source, r.target, r.evidence.line)
            not in typed]
    return sorted(kept, key=lambda r: (r.source, r.target, r.type.value, r.evidence.line))


def ingest_paths(
    paths: Sequence[str | Path],
    store: Store,
    progress: Callable[[FileOutcome], None] | None = None,
    max_bytes: int = 200 * 2**20,
    jobs: int = 1,
) -> IngestReport:
    """Ingest files and folders into ``store``: one transaction per file.

    Args:
        paths: files and folders (folders are walked recursively).
        store: where the graph goes.
        progress: called after each file with its outcome (for a progress bar).
        max_bytes: files larger than this are refused, with the reason.
        jobs: processes extracting at once (1: this process only; 0: one per CPU). Files are still
            written one at a time, in the order met, so the store ends the same.

    Returns:
        The outcome of every file. Never raises for a bad file.

    Example:
        >>> ingest_paths(["../shared/corpus"], open_store(":memory:"))  # doctest: +SKIP
    """
    report = IngestReport()

    def done(outcome: FileOutcome) -> None:
        report.outcomes.append(outcome)
        if progress:
            progress(outcome)

    items = _prepared(iter_sources(Path(p) for p in paths), store, max_bytes)
    if jobs_wanted(jobs) == 1:
        for prepared, began in items:
            done(prepared if isinstance(prepared, FileOutcome)
                 else _write(store, prepared, extract_safely(prepared), began))
        return report
    with extraction_pool(jobs) as pool:
        for prepared, extracted, began in pool.in_order(items):
            done(prepared if isinstance(prepared, FileOutcome) else _write(store, prepared, extracted, began))
    return report


def _prepared(items: Iterable[Path | UnreadableFile], store: Store,
              max_bytes: int) -> Iterator[tuple[FileOutcome | Source, float]]:
    """Each item prepared (``_prepare``), with the moment its work began."""
    for item in items:
        began = time.perf_counter()
        yield _prepare(item, store, max_bytes), began


def _prepare(item: Path | UnreadableFile, store: Store, max_bytes: int) -> FileOutcome | Source:
    """Read one file: its Source to extract, or its outcome when there is nothing to extract
    (unreadable, refused, or unchanged since it was last ingested)."""
    if isinstance(item, UnreadableFile):
        return FileOutcome(Path(item.path).name or str(item.path), "failed", item.reason)
    try:
        source = read_source(item, max_bytes=max_bytes)
    except UnreadableFile as error:
        return FileOutcome(item.name, "failed", error.reason)
    record = store.file_record(source.name)
    if record is not None and record.sha256 == _fingerprint(source):
        return FileOutcome(source.name, "unchanged", encoding=source.encoding, documents=record.documents,
                           relations=record.relations, size=source.size)
    return source


def extract_safely(source: Source) -> FileGraph | str:
    """``extract_file``, with an extractor bug turned into its one-line reason: it must not
    stop the run (and crosses a process boundary as text)."""
    try:
        return extract_file(source)
    except Exception as error:
        log.exception("extraction failed on %s", source.name)
        return f"extraction error: {error!r}"


def _write(store: Store, source: Source, extracted: FileGraph | str, began: float) -> FileOutcome:
    """Write one extracted file in its own transaction; its outcome."""
    if isinstance(extracted, str):
        return FileOutcome(source.name, "failed", extracted, source.encoding)
    try:
        store.write_file_graph(extracted)
    except StoreError as error:  # the file's transaction rolled back; the run goes on
        log.error("could not write %s: %s", source.name, error)
        return FileOutcome(source.name, "failed", f"store refused the file: {error}", source.encoding)
    return FileOutcome(source.name, "ingested", encoding=source.encoding, documents=len(extracted.documents),
                       relations=len(extracted.relations), tasks=len(extracted.tasks),
                       seconds=time.perf_counter() - began, size=source.size)
