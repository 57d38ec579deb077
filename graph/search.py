"""Find documents from what a person types: a symbol in any spelling, a type and a number,
or title words without diacritics and with typos.

Two verbs:
- :func:`search` ranks documents for a text (a search box).
- :func:`resolve_subject` decides what document a text names: exactly one, several (a
  symbol two provinces or two years share is never merged: the caller picks), or none,
  with close matches.

Matching folds diacritics (``ingest.textfold.fold``), canonicalises symbols
(``ingest.symbols``: ``361/KL-TU`` → ``361-KL/TU``, ``790/QD-TTg`` → ``790/QĐ-TTg``) and
scores title words with rapidfuzz. The index of the store's documents is built once and
rebuilt when the store's files or counts change.

Example:
    >>> from .sqlite_store import SQLiteStore
    >>> search(SQLiteStore(":memory:"), "ke hoach 327").hits
    []
"""

from __future__ import annotations

import re
import threading
import unicodedata
import weakref
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from ..ingest.symbols import canonical_symbol, find_symbols
from ..ingest.textfold import fold
from .model import DocType, Document
from .refs import DocumentRefs
from .results import DocumentRef, Resolution, SearchHit, SearchResult
from .store import Store

__all__ = ["TYPE_PATTERN", "TYPE_WORDS", "doc_type_named", "resolve_subject", "search"]

# Document kinds by the words people use for them (folded, Vietnamese then English).
TYPE_WORDS: dict[str, DocType] = {
    "nghi quyet": DocType.RESOLUTION, "ket luan": DocType.CONCLUSION,
    "chuong trinh": DocType.PROGRAMME, "quyet dinh": DocType.DECISION,
    "ke hoach": DocType.PLAN, "bao cao": DocType.REPORT, "cong van": DocType.OFFICIAL_LETTER,
    "de an": DocType.SCHEME, "phuong an": DocType.SCHEME, "du an": DocType.SCHEME,
    "chi thi": DocType.DIRECTIVE, "nghi dinh": DocType.DECREE, "thong tu": DocType.CIRCULAR,
    "luat": DocType.LAW, "quy dinh": DocType.REGULATION, "quy che": DocType.REGULATION,
    "huong dan": DocType.GUIDANCE, "thong bao": DocType.NOTICE, "to trinh": DocType.SUBMISSION,
    "resolution": DocType.RESOLUTION, "conclusion": DocType.CONCLUSION,
    "programme": DocType.PROGRAMME, "program": DocType.PROGRAMME,
    "decision": DocType.DECISION, "plan": DocType.PLAN, "report": DocType.REPORT,
    "official letter": DocType.OFFICIAL_LETTER, "letter": DocType.OFFICIAL_LETTER,
    "scheme": DocType.SCHEME, "project": DocType.SCHEME, "directive": DocType.DIRECTIVE,
    "decree": DocType.DECREE, "circular": DocType.CIRCULAR, "law": DocType.LAW,
    "regulation": DocType.REGULATION, "guidance": DocType.GUIDANCE,
    "guideline": DocType.GUIDANCE, "notice": DocType.NOTICE, "submission": DocType.SUBMISSION,
}
#: TYPE_WORDS as one regex alternation, longest first ("chuong trinh" before "chuong").
TYPE_PATTERN = "|".join(sorted((re.escape(w) for w in TYPE_WORDS), key=len, reverse=True))
# "ke hoach 327", "Kết luận số 361", "plan no. 245" (on folded text).
_TYPED_NUMBER = re.compile(rf"\b({TYPE_PATTERN})s?\s+(?:so\s+|no\.?\s+|number\s+)?(\d{{1,6}})\b")
_BARE_NUMBER = re.compile(r"^\s*(?:so\s+|no\.?\s+)?(\d{1,6})\s*$")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_WORD = re.compile(r"[a-z0-9]+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Words too common to say anything about a title.
_STOP = frozenset("cua va ve cac cho the cai nay nhung so of and the a an on for in to".split())

SCORE_SYMBOL = 100.0  # the canonical symbol itself
SCORE_COMPACT = 99.0  # the same letters and digits, other separators ("361 KL TU")
SCORE_TYPED_NUMBER = 95.0  # "ke hoach 327": type and number
SCORE_NUMBER = 80.0  # "327" alone
_NEAR_SYMBOL = 80.0  # rapidfuzz ratio for a near spelling of a symbol ("316-KL/TU")
_NEAR_WORD = 80.0  # rapidfuzz ratio for a title word with a typo ("ngiep" ~ "nghiep")
_TITLE_WEIGHT = 0.9  # title matches rank below symbol matches
_SYMBOL_WEIGHT = 0.9  # near spellings rank below exact ones
_LIKENESS_WEIGHT = 0.15  # share of a title score from likeness to the whole title
_MAX_COMPACT = 30  # longer texts are sentences, not symbols


@dataclass(slots=True)
class _Index:
    """What search needs of every document, folded once."""

    documents: dict[str, Document] = field(default_factory=dict)
    by_symbol: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_compact: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_number: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    words: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    titles: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    titles_of: dict[str, str] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)


_CACHE: weakref.WeakKeyDictionary[object, tuple[object, _Index]] = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()


# --- public verbs -------------------------------------------------------------------------


def search(store: Store, text: str, limit: int = 20, min_score: float = 60.0) -> SearchResult:
    """Rank documents for a text: symbol in any spelling, type + number, or title words.

    Args:
        store: any Store.
        text: what the user typed: ``361/KL-TU``, ``790/QD-TTg``, ``ke hoach 327``,
            ``phat trien cong nghiep`` (diacritics and small typos do not matter).
        limit: the most hits to return; ``truncated`` says when more scored.
        min_score: hits scoring below this (0–100) are left out.

    Returns:
        Hits ordered by (score descending, key).

    Example:
        >>> from .sqlite_store import SQLiteStore
        >>> search(SQLiteStore(":memory:"), "361/KL-TU").truncated
        False
    """
    query = _clean(text)
    index = _index_of(store)
    scores: dict[str, tuple[float, str]] = {}
    for key, score, matched in _score(index, query):
        if score >= min_score and score > scores.get(key, (0.0, ""))[0]:
            scores[key] = (round(score, 1), matched)
    ranked = sorted(scores.items(), key=lambda item: (-item[1][0], item[0]))
    refs = _refs(store, index)
    hits = [SearchHit(refs.get(key), score, matched) for key, (score, matched) in ranked[:limit]]
    return SearchResult(query=text, hits=hits, truncated=len(ranked) > limit)


def resolve_subject(store: Store, text: str, context: str | None = None,
                    suggestions: int = 5) -> Resolution:
    """Decide which document a text names.

    In order: a document key; a symbol in any spelling (the whole text, or the first one
    in it); a type and a number (``ke hoach 327``); an exact title; a title typed with its
    kind ("Đề án phát triển công nghiệp hỗ trợ"), when one document of that kind matches it
    clearly best (several as good are candidates). When several documents
    match, the ``context`` (or the text) narrows them by a province or a year it names
    ("361-KL/TU Bình Phước"); otherwise all are returned as candidates: never merged.

    Args:
        store: any Store.
        text: a key, a symbol, ``type number`` or a title.
        context: the sentence the text came from, for narrowing (default: ``text``).
        suggestions: how many close matches to offer when nothing matches.

    Returns:
        A Resolution: ``found``, ``ambiguous`` (with candidates) or ``not_found`` (with
        close matches by symbol or title).

    Example:
        >>> from .sqlite_store import SQLiteStore
        >>> resolve_subject(SQLiteStore(":memory:"), "361/KL-TU").status
        'not_found'
    """
    query = _clean(text)
    if not query:
        return Resolution(query=text, status="not_found")
    index = _index_of(store)
    refs = _refs(store, index)
    if refs.known(query):
        return Resolution(query=text, status="found", document=refs.get(query))
    keys = _narrow(index, _matching_keys(store, index, query), context or text)
    if len(keys) == 1:
        return Resolution(query=text, status="found", document=refs.get(keys[0]))
    if keys:
        return Resolution(query=text, status="ambiguous", candidates=[refs.get(k) for k in keys])
    titled = _by_typed_title(store, query, text)
    if titled is not None:
        return titled
    near = search(store, query, limit=suggestions, min_score=50.0)
    return Resolution(query=text, status="not_found",
                      suggestions=[hit.document for hit in near.hits], truncated=near.truncated)


# A title typed with its kind ("Đề án phát triển công nghiệp hỗ trợ 2021-2025") names the
# best title match of that kind when it scores this well and this far ahead of the next.
_TYPED_TITLE_SCORE = 80.0
_TYPED_TITLE_LEAD = 5.0
_LEADING_TYPE = re.compile(rf"^\s*({TYPE_PATTERN})\b")


def _by_typed_title(store: Store, query: str, text: str) -> Resolution | None:
    """The document of the kind the query opens with whose title it names, clearly best;
    several equally good ones are candidates; None when the query names no kind or none fits."""
    kind = _LEADING_TYPE.match(fold(query))
    if kind is None:
        return None
    wanted = TYPE_WORDS[kind.group(1)]
    hits = [h for h in search(store, query, limit=20, min_score=_TYPED_TITLE_SCORE).hits
            if h.document.doc_type == wanted and h.matched == "title"]
    if not hits:
        return None
    close = [h for h in hits if hits[0].score - h.score < _TYPED_TITLE_LEAD]
    if len(close) == 1:
        return Resolution(query=text, status="found", document=close[0].document)
    return Resolution(query=text, status="ambiguous", candidates=[h.document for h in close])


def doc_type_named(text: str) -> DocType | None:
    """The document kind a word names, in Vietnamese (any diacritics) or English.

    Example:
        >>> doc_type_named("Kế hoạch"), doc_type_named("plans")
        (<DocType.PLAN: 'plan'>, <DocType.PLAN: 'plan'>)
    """
    words = " ".join(_WORD.findall(fold(_nfc(text))))
    return TYPE_WORDS.get(words) or TYPE_WORDS.get(words.removesuffix("s"))


# --- matching ---------------------------------------------------------------------------------


def _score(index: _Index, query: str) -> Iterable[tuple[str, float, str]]:
    """Every (key, score, how it matched) the query earns; a key may come several times."""
    if not query:
        return
    for symbol in _symbols_in(query):
        for key in index.by_symbol.get(symbol, ()):
            yield key, SCORE_SYMBOL, "symbol"
    compact = _compact(query)
    if any(c.isdigit() for c in compact) and 3 <= len(compact) <= _MAX_COMPACT:
        for key in index.by_compact.get(compact, ()):
            yield key, SCORE_COMPACT, "symbol"
        near = process.extract(compact, list(index.by_compact), scorer=fuzz.ratio,
                               score_cutoff=_NEAR_SYMBOL, limit=None)
        for other, score, _ in near:
            for key in index.by_compact[other]:
                yield key, score * _SYMBOL_WEIGHT, "symbol~"
    folded = " ".join(_WORD.findall(fold(query)))
    for doc_type, number in _typed_numbers(folded):
        for key in index.by_number.get(number, ()):
            if index.documents[key].doc_type == doc_type:
                yield key, SCORE_TYPED_NUMBER, "number"
    if bare := _BARE_NUMBER.match(folded):
        for key in index.by_number.get(bare.group(1), ()):
            yield key, SCORE_NUMBER, "number"
    words = _TYPED_NUMBER.sub(" ", folded)
    for key, coverage in _title_scores(index, words).items():
        # Coverage says the words are there; likeness to the whole title ranks the titles
        # that are mostly those words first.
        likeness = fuzz.token_sort_ratio(words, index.titles_of.get(key, ""))
        score = (1 - _LIKENESS_WEIGHT) * coverage + _LIKENESS_WEIGHT * likeness
        yield key, score * _TITLE_WEIGHT, "title"


def _matching_keys(store: Store, index: _Index, query: str) -> list[str]:
    """Keys of the documents a query names exactly (symbol, type + number, or title)."""
    symbols = _symbols_in(query)
    if symbols:
        docs = store.documents_by_symbol(symbols[0])
        if docs:
            return sorted(d.key for d in docs)
        return sorted(index.by_compact.get(_compact(symbols[0]), []))
    folded = " ".join(_WORD.findall(fold(query)))
    typed = _typed_numbers(folded)
    if typed:
        doc_type, number = typed[0]
        return sorted(k for k in index.by_number.get(number, ())
                      if index.documents[k].doc_type == doc_type)
    exact = index.titles.get(folded, [])
    if exact:
        return sorted(exact)
    full = [k for k, s in _title_scores(index, folded).items() if s >= 100.0]
    words = [w for w in folded.split() if w not in _STOP]
    return sorted(full) if len(full) == 1 and len(words) >= 3 else []


def _narrow(index: _Index, keys: list[str], context: str) -> list[str]:
    """Keep the keys whose province, then year, the context names, if that leaves some."""
    if len(keys) < 2:
        return keys
    folded = " " + " ".join(_WORD.findall(fold(_nfc(context)))) + " "
    by_place = [k for k in keys if index.places.get(k) and f" {index.places[k]} " in folded]
    if by_place:
        keys = by_place
    years = {int(y) for y in _YEAR.findall(folded)}
    by_year = [k for k in keys if index.documents[k].year in years]
    return by_year if by_year else keys


def _title_scores(index: _Index, folded: str) -> dict[str, float]:
    """Per document, the share (0–100) of the query's words found among its title, issuer
    and jurisdiction words, each word scored by its best rapidfuzz ratio (typos forgiven
    from 80; words of one or two letters and numbers must match exactly)."""
    words = [w for w in folded.split() if w not in _STOP]
    if not words:
        return {}
    vocabulary = list(index.words)
    best: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(words))
    for i, word in enumerate(words):
        if len(word) <= 2 or word.isdigit():
            matches = [(word, 100.0, 0)] if word in index.words else []
        else:
            matches = process.extract(word, vocabulary, scorer=fuzz.ratio,
                                      score_cutoff=_NEAR_WORD, limit=None)
        for other, score, _ in matches:
            for key in index.words[other]:
                best[key][i] = max(best[key][i], score)
    return {key: sum(scores) / len(words) for key, scores in best.items()}


def _typed_numbers(folded: str) -> list[tuple[DocType, str]]:
    """(kind, number) pairs like "ke hoach 327" in folded text, in text order."""
    return [(TYPE_WORDS[m.group(1)], m.group(2).lstrip("0") or "0")
            for m in _TYPED_NUMBER.finditer(folded)]


def _symbols_in(text: str) -> list[str]:
    """Canonical symbols: the whole text if it is one, else each one found in it."""
    whole = canonical_symbol(text)
    if whole:
        return [whole]
    return list(dict.fromkeys(m.symbol.canonical for m in find_symbols(text)))


# --- the index ------------------------------------------------------------------------------


def _index_of(store: Store) -> _Index:
    """The store's index, rebuilt when its files or counts changed since it was built."""
    # Every write goes through write_file_graph/remove_file, which change the files table:
    # its rows alone tell whether the index is stale (counting rows cost tens of ms at 100k).
    fingerprint = tuple((f.name, f.sha256, f.ingested_at) for f in store.files())
    try:
        with _CACHE_LOCK:
            cached = _CACHE.get(store)
    except TypeError:  # a store that cannot be weakly referenced: no cache
        return _build_index(store.documents())
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    index = _build_index(store.documents())
    with _CACHE_LOCK:
        _CACHE[store] = (fingerprint, index)
    return index


def _build_index(documents: Iterable[Document]) -> _Index:
    """Fold every document's symbol, number, title, issuer and jurisdiction once."""
    index = _Index()
    for doc in documents:
        index.documents[doc.key] = doc
        if doc.symbol:
            index.by_symbol[doc.symbol].append(doc.key)
            index.by_compact[_compact(doc.symbol)].append(doc.key)
            if number := re.match(r"\d+", doc.symbol):
                index.by_number[number.group().lstrip("0") or "0"].append(doc.key)
        if doc.title:
            folded = " ".join(_WORD.findall(fold(_nfc(doc.title))))
            index.titles[folded].append(doc.key)
            index.titles_of[doc.key] = folded
        if doc.jurisdiction:
            index.places[doc.key] = " ".join(_WORD.findall(fold(_nfc(doc.jurisdiction))))
        for text in (doc.title, doc.issuer, doc.jurisdiction):
            for word in _WORD.findall(fold(_nfc(text or ""))):
                index.words[word].add(doc.key)
    return index


def _refs(store: Store, index: _Index) -> DocumentRefs:
    """DocumentRefs that reuse the index's documents instead of reading them again."""
    refs = DocumentRefs(store)
    refs.prime(index.documents)
    return refs


def _compact(text: str) -> str:
    """Folded letters and digits only: ``361/KL-TU`` and ``361 kl tu`` → ``361kltu``."""
    return _NON_ALNUM.sub("", fold(_nfc(text)))


def _clean(text: str) -> str:
    """NFC, single spaces, trimmed."""
    return " ".join(_nfc(text).split())


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def candidates_of(refs: list[DocumentRef]) -> list[str]:
    """One line per candidate: key (issuer, jurisdiction, date), for messages.

    Example:
        >>> candidates_of([])
        []
    """
    lines = []
    for ref in refs:
        about = ", ".join(x for x in (ref.issuer, ref.jurisdiction, ref.date) if x)
        lines.append(f"{ref.key} ({about})" if about else ref.key)
    return lines
