"""Find the agency a text names, in any spelling, among a store's agencies.

An agency is one body in one province (``agency:so-cong-thuong@binh-duong``); "Sở Công
Thương" names the body in every province. :func:`resolve_agency` therefore returns the
*body* (canonical name) and every store key of it, narrowed to a province when the text
or the caller names one. The steps:

1. English names become Vietnamese (``graph.agency_names``: "Department of Industry and
   Trade" → "Sở Công Thương").
2. ``ingest.agency_match`` reads the name the way extraction does: full names, abbreviations
   ("SCT", "Sở NN&PTNT"), no diacritics ("So Cong Thuong"), OCR damage ("S6 Cong Thuong"),
   with a high bar on the distinctive words so "Sở Khoa học và Công nghệ" never becomes
   "Sở Thông tin và Truyền thông". The matched gazetteer slug picks the store keys.
3. Bodies the gazetteer does not know are found by their stored names and aliases
   (folded; whole words inside a question, rapidfuzz for a bare name).

Only ``Store.agencies`` is used, so every store answers the same.

Example:
    >>> from .sqlite_store import SQLiteStore
    >>> resolve_agency(SQLiteStore(":memory:"), "Sở Công Thương").status
    'not_found'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from ..ingest.agencies import AgencyMention, find_agency_mentions
from ..ingest.agency_match import match_agency
from ..ingest.gazetteer import PROVINCES
from ..ingest.textfold import fold_compact
from .agency_names import translate_agency_names
from .model import Agency
from .store import Store

__all__ = ["AgencyResolution", "agency_slug", "resolve_agency", "search_agencies"]

_FUZZY_NAME = 88.0  # rapidfuzz token_sort_ratio for a bare name no rule matched
_SEARCH_MIN = 70.0  # the lowest score search_agencies lists
_PART_WEIGHT = 0.9  # a query matching part of a name ranks below one matching it whole
_SUGGEST_MIN = 75.0  # the lowest WRatio offered as a close name
_MIN_NAME = 6  # stored names shorter than this are not looked for inside a sentence
_NON_WORD = re.compile(r"[^a-z0-9]+")


@dataclass(slots=True)
class AgencyResolution:
    """The body a text names, and its agencies in the store.

    ``status`` is ``found`` (``keys`` holds one key per province, those with mentions
    first) or ``not_found`` (``suggestions`` holds close names; ``name`` the canonical name
    when the text names a body the gazetteer knows but the store does not hold). ``matched`` is the part of
    the text that named it; ``province`` the province the text (or caller) narrowed to.
    """

    query: str
    status: str
    name: str | None = None
    keys: list[str] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    matched: str | None = None
    province: str | None = None
    suggestions: list[Agency] = field(default_factory=list)


def agency_slug(key: str) -> str:
    """The body part of an agency key, without the province.

    Example:
        >>> agency_slug("agency:so-cong-thuong@binh-duong")
        'so-cong-thuong'
    """
    return key.removeprefix("agency:").partition("@")[0]


def resolve_agency(store: Store, text: str, jurisdiction: str | None = None, *,
                   sentence: bool = False) -> AgencyResolution:
    """The agency ``text`` names, in any spelling or in English.

    Args:
        store: any Store.
        text: a name ("SCT", "So Cong Thuong", "Department of Industry and Trade") or, with
            ``sentence``, a question naming one somewhere.
        jurisdiction: keep the agencies of this province when some are (a plan's province).
        sentence: ``text`` is a sentence: look for a name inside it, never fuzz the whole.

    Returns:
        An AgencyResolution.

    Example:
        >>> from .sqlite_store import SQLiteStore
        >>> resolve_agency(SQLiteStore(":memory:"), "who leads?", sentence=True).keys
        []
    """
    cleaned = " ".join(unicodedata.normalize("NFC", text).split())
    translated = translate_agency_names(cleaned)
    agencies = store.agencies()
    by_slug: dict[str, list[Agency]] = {}
    for agency in agencies:
        by_slug.setdefault(agency_slug(agency.key), []).append(agency)
    found = _by_gazetteer(translated, by_slug, sentence) or _by_stored_name(
        translated, agencies, by_slug, sentence)
    if found is None:
        return AgencyResolution(cleaned, "not_found", name=_known_body(translated, sentence),
                                suggestions=_close(agencies, translated) if not sentence else [])
    name, matched, bodies = found
    province = _province_in(translated) or jurisdiction
    narrowed = [a for a in bodies if province and fold_compact(a.jurisdiction or "")
                == fold_compact(province)]
    chosen = sorted(narrowed or bodies, key=lambda a: (not a.mentions, a.key))
    return AgencyResolution(cleaned, "found", name, [a.key for a in chosen], chosen, matched,
                            province if narrowed else None)


def search_agencies(store: Store, text: str | None = None,
                    limit: int = 1000) -> tuple[list[tuple[Agency, float]], bool]:
    """Agencies ranked for a text (all of them, by key, without one).

    The body :func:`resolve_agency` finds comes first (score 100); then names and aliases
    alike the text (folded rapidfuzz ratio, or 0.9 × partial ratio; at least 70).

    Args:
        store: any Store.
        text: a name or part of one, any spelling; None for every agency.
        limit: the most agencies to return.

    Returns:
        ``([(agency, score), ...], truncated)``, by (score descending, key).

    Example:
        >>> from .sqlite_store import SQLiteStore
        >>> search_agencies(SQLiteStore(":memory:"), "Sở Công Thương")
        ([], False)
    """
    agencies = store.agencies()
    if not text or not text.strip():
        ranked = [(a, 100.0) for a in agencies]
        return ranked[:limit], len(ranked) > limit
    resolved = set(resolve_agency(store, text).keys)
    query = fold_compact(translate_agency_names(text))
    scored = []
    for agency in agencies:
        score = 100.0 if agency.key in resolved else max(
            _likeness(query, fold_compact(n)) for n in (agency.name, *agency.aliases))
        if score >= _SEARCH_MIN:
            scored.append((agency, round(float(score), 1)))
    scored.sort(key=lambda pair: (-pair[1], pair[0].key))
    return scored[:limit], len(scored) > limit


# --- steps ------------------------------------------------------------------------------------

_Found = tuple[str, str, list[Agency]]  # (canonical name, words that named it, agencies)


def _by_gazetteer(text: str, by_slug: dict[str, list[Agency]], sentence: bool) -> _Found | None:
    """Step 2: the extractor's reading. A bare name is matched whole; in a sentence, the
    first named body wins, a generic group ("các Sở, ban, ngành") only when no body is named."""
    if not sentence:
        match = match_agency(text)
        if match is not None and by_slug.get(match.slug):
            return match.canonical, text, by_slug[match.slug]
    mentions = find_agency_mentions([text], 1, "<question>")
    for mention in sorted(mentions, key=_preference):
        if by_slug.get(mention.match.slug):
            return mention.match.canonical, mention.raw, by_slug[mention.match.slug]
    return None


def _known_body(text: str, sentence: bool) -> str | None:
    """The canonical name of a gazetteer body the text names ("Sở Y tế"), or None."""
    if not sentence:
        match = match_agency(text)
        return match.canonical if match is not None and match.entry is not None else None
    known = [m for m in find_agency_mentions([text], 1, "<question>") if m.match.entry]
    return known[0].match.canonical if known else None


def _preference(mention: AgencyMention) -> tuple[int, int]:
    """Known bodies first, then unknown bodies, then generic groups; then text order."""
    rank = 2 if mention.match.generic else 0 if mention.match.entry is not None else 1
    return rank, mention.start


def _by_stored_name(text: str, agencies: list[Agency], by_slug: dict[str, list[Agency]],
                    sentence: bool) -> _Found | None:
    """Step 3: a stored name or alias: as whole words in a sentence (the longest), or
    alike a bare name as a whole (rapidfuzz token_sort_ratio on folded text)."""
    folded = " " + " ".join(_NON_WORD.split(fold_compact(text))).strip() + " "
    names = [(" ".join(_NON_WORD.split(fold_compact(n))).strip(), a)
             for a in agencies for n in (a.name, *a.aliases)]
    if sentence:
        inside = [(n, a) for n, a in names if len(n) >= _MIN_NAME and f" {n} " in folded]
        if not inside:
            return None
        name, agency = max(inside, key=lambda pair: (len(pair[0]), pair[1].key))
        return agency.name, name, by_slug[agency_slug(agency.key)]
    best = process.extractOne(folded.strip(), [n for n, _ in names], scorer=fuzz.token_sort_ratio,
                              score_cutoff=_FUZZY_NAME)
    if best is None:
        return None
    agency = names[best[2]][1]
    return agency.name, text, by_slug[agency_slug(agency.key)]


def _likeness(query: str, name: str) -> float:
    """How alike a query and a name are: the whole name, or (worth a little less) a part of
    a longer name ("Sở Công" in "Sở Công Thương")."""
    whole = fuzz.ratio(query, name)
    part = _PART_WEIGHT * fuzz.partial_ratio(query, name) if len(query) >= 4 else 0.0
    return max(whole, part)


def _province_in(text: str) -> str | None:
    """A province the text names ("Bến Tre", "binh duong"), the longest first."""
    folded = " " + " ".join(_NON_WORD.split(fold_compact(text))) + " "
    for province in sorted(PROVINCES, key=len, reverse=True):
        if f" {' '.join(_NON_WORD.split(fold_compact(province))).strip()} " in folded:
            return province
    return None


def _close(agencies: list[Agency], text: str, limit: int = 5) -> list[Agency]:
    """Agencies with names alike the text, for a "did you mean"."""
    query = fold_compact(text)
    scored = sorted(((max(fuzz.WRatio(query, fold_compact(n)) for n in (a.name, *a.aliases)), a)
                     for a in agencies), key=lambda pair: (-pair[0], pair[1].key))
    seen: set[str] = set()
    close = []
    for score, agency in scored:
        if score < _SUGGEST_MIN or len(close) >= limit:
            break
        if agency.name not in seen:
            seen.add(agency.name)
            close.append(agency)
    return close
