"""Stage 7, resolve: one node per real document, one stable key per node.

Identity is symbol + issuing body with its jurisdiction + year (domain.md §1):
- national issuers (TW, CP, TTg, ministries, QH) need no province;
- a local issuer's province is the one stated ("của UBND tỉnh Bình Phước"), else the
  host document's own province (a Bình Phước report citing "Kế hoạch 327/KH-UBND"
  means Bình Phước's);
- the year comes from the symbol (normative family) or a stated date; mentions of
  the same symbol and province without a date join the dated one when there is
  exactly one, and stay a separate, less confident node otherwise.
Documents known by name are clustered with rapidfuzz (``named_identity.cluster_names``).
Short forms ("Kết luận trên") point at the nearest preceding document of their type.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..graph.model import Document, Evidence
from .named_identity import cluster_keys
from .references import Reference
from .gazetteer import slugify
from .textfold import fold_compact

_BACKREF_REACH = 3000  # characters a short form may look back


def document_key(symbol: str, jurisdiction: str | None, year: int | None) -> str:
    """The stable key of a numbered document.

    Example:
        >>> document_key("361-KL/TU", "Bình Phước", 2022)
        'doc:361-KL/TU@binh-phuoc:2022'
    """
    where = f"@{slugify(jurisdiction)}" if jurisdiction else ""
    when = f":{year}" if year else ""
    return f"doc:{symbol}{where}{when}"


def unnumbered_key(file: str, line: int) -> str:
    """The key of an ingested document without a number: its file and header line."""
    return f"doc:{file}#L{line}"


@dataclass(slots=True)
class Resolution:
    """Keys for every reference (None where a short form found nothing to point at)."""

    keys: list[str | None]
    documents: dict[str, Document]


def resolve_references(
    refs: Sequence[Reference],
    lines: Sequence[int],
    file: str,
    mention_texts: Sequence[str],
    host_jurisdictions: Sequence[str | None],
) -> Resolution:
    """Give each reference the key of the document it names, and build those documents.

    Args:
        refs: references of one file, in text order (offsets comparable within a segment).
        lines: the raw line of each reference.
        file: the file name, for evidence.
        mention_texts: the text shown as each reference's evidence.
        host_jurisdictions: for each reference, the province of the document citing it,
            used for local issuers that state none.

    Returns:
        The key of each reference and the documents, merged per key.
    """
    keys: list[str | None] = [None] * len(refs)
    _resolve_symbols(refs, keys, host_jurisdictions)
    _resolve_named(refs, keys)
    _resolve_backrefs(refs, keys)
    documents: dict[str, Document] = {}
    for i, ref in enumerate(refs):
        key = keys[i]
        if key is None:
            continue
        doc = documents.get(key) or _new_document(key, ref, host_jurisdictions[i])
        documents[key] = doc
        _absorb(doc, ref, Evidence(file, lines[i], mention_texts[i]))
    for doc in documents.values():
        _settle(doc)
    return Resolution(keys, documents)


def _resolve_symbols(refs: Sequence[Reference], keys: list[str | None],
                     host_jurisdictions: Sequence[str | None]) -> None:
    """Numbered references: key by symbol, province and year; undated ones join a dated twin."""
    numbered: list[tuple[int, str, str | None, int | None]] = []  # (index, symbol, place, year)
    years_seen: dict[tuple[str, str | None], set[int]] = defaultdict(set)
    for i, ref in enumerate(refs):
        symbol = ref.symbol
        if ref.kind != "symbol" or symbol is None:
            continue
        canonical = symbol.canonical  # a property that formats the symbol: read it once
        place = None if symbol.national else (ref.jurisdiction or host_jurisdictions[i])
        numbered.append((i, canonical, place, ref.year))
        if ref.year:
            years_seen[(canonical, place)].add(ref.year)
    for i, canonical, place, year in numbered:
        if year is None:
            known = years_seen.get((canonical, place), set())
            year = next(iter(known)) if len(known) == 1 else None
        keys[i] = document_key(canonical, place, year)


def _resolve_named(refs: Sequence[Reference], keys: list[str | None]) -> None:
    """Named documents: cluster spellings; each cluster keyed by its representative name."""
    named = [i for i, r in enumerate(refs) if r.kind == "named" and r.name]
    for i, key in zip(named, cluster_keys([refs[i].name or "" for i in named]), strict=True):
        keys[i] = key


def _resolve_backrefs(refs: Sequence[Reference], keys: list[str | None]) -> None:
    """Short forms: the nearest resolved document of the same type before them, or else
    just after them in the same passage ("phê duyệt Đề án, … thực hiện Đề án “X”")."""
    for i, ref in enumerate(refs):
        if ref.kind != "backref":
            continue
        keys[i] = _nearest(refs, keys, i, range(i - 1, -1, -1)) or _nearest(refs, keys, i, range(i + 1, len(refs)))


def _nearest(refs: Sequence[Reference], keys: Sequence[str | None], i: int, order: range) -> str | None:
    ref = refs[i]
    for j in order:
        other = refs[j]
        if abs(ref.start - other.start) > _BACKREF_REACH:
            return None
        if keys[j] and other.doc_type == ref.doc_type and other.kind != "backref":
            return keys[j]
    return None


def _new_document(key: str, ref: Reference, host_jurisdiction: str | None) -> Document:
    symbol = ref.symbol.canonical if ref.symbol else None
    national = ref.symbol.national if ref.symbol else False
    return Document(
        key=key,
        symbol=symbol,
        doc_type=ref.doc_type,
        jurisdiction=None if national else (ref.jurisdiction or (host_jurisdiction if symbol else None)),
        title=ref.name if ref.kind == "named" else None,
        confidence=ref.confidence,
    )


def _absorb(doc: Document, ref: Reference, evidence: Evidence) -> None:
    """Add one mention's facts; disagreeing titles are kept as alternatives, with evidence."""
    doc.mentions.append(evidence)
    doc.confidence = max(doc.confidence, ref.confidence)
    if ref.date and (doc.date is None or len(ref.date) > len(doc.date)):
        doc.date = ref.date
    if ref.issuer and (doc.issuer is None or len(ref.issuer) > len(doc.issuer)):
        doc.issuer = ref.issuer
    if ref.title:
        doc.alternatives.append({"title": ref.title, "file": evidence.file, "line": evidence.line,
                                 "text": ref.statement or evidence.text})
    if ref.kind == "named" and ref.name and len(ref.name) > len(doc.title or ""):
        doc.title = ref.name


def _settle(doc: Document) -> None:
    """Pick the title most mentions state; keep every distinct statement, with its evidence."""
    if doc.year is None and doc.date:
        doc.year = int(doc.date[:4])
    if not doc.alternatives:
        return
    folded = [fold_compact(a["title"]) for a in doc.alternatives]  # each title folded once
    best_folded, _ = Counter(folded).most_common(1)[0]
    if doc.title is None:
        doc.title = next(a["title"] for a, f in zip(doc.alternatives, folded) if f == best_folded)
    distinct: dict[str, dict] = {}
    for alt, f in zip(doc.alternatives, folded):
        distinct.setdefault(f, {**alt, "basis": "stated"})
    doc.alternatives = list(distinct.values())
