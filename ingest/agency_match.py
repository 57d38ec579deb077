"""Match one printed agency name against the gazetteer: :func:`match_agency`.

It turns a name ("S6 Cong Thuong", "Sở NN&PTNT", "các Sở, ban, ngành") into an :class:`AgencyMatch`:
canonical name, score, generic flag. It compares folded text (no diacritics) with rapidfuzz, and
compares the distinctive part after the head word ("Sở", "Bộ") with a high bar, so "Sở Khoa học và
Công nghệ" never merges with "Sở Thông tin và Truyền thông". An unknown name becomes a new agency
named as printed; it is never merged by a guess.

Names are compared folded with :func:`policygraph.ingest.textfold.fold` (exported here as
:func:`fold_text` too). It keeps offsets (one output character per input character), so spans found on
folded text index the original. The scanner (:mod:`policygraph.ingest.agencies`) scores its windows
with the spellings and scores defined here.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from policygraph.ingest.gazetteer import (
    GENERIC_GROUPS,
    PROVINCES,
    GazetteerEntry,
    GenericGroup,
    load_gazetteer,
    slugify,
)
from policygraph.ingest.textfold import fold

__all__ = [
    "HEAD_VARIANTS",
    "TOKEN_SEPARATORS",
    "AgencyMatch",
    "Form",
    "canon_head",
    "clean_name",
    "entry_match",
    "fold_text",
    "form_index",
    "group_match",
    "has_diacritics",
    "longest_province_suffix",
    "opens_province_suffix",
    "match_agency",
    "province_suffix_len",
    "score_window",
    "token_matches",
    "tokenize",
    "unify_tones",
]

logger = logging.getLogger(__name__)

# Scores are rapidfuzz ratios (0-100) on folded text. A whole name must reach _MIN_SCORE and its
# distinctive part (after "Sở", "Bộ", "Cục"…) _MIN_DISTINCT: OCR damage costs a few points
# ("So Ké hoach va Pau tu" ≈ 94), a different department costs far more ("Tài chính"/"Tư pháp" ≈ 40).
_MIN_SCORE = 86.0
_MIN_DISTINCT = 82.0
# What separates tokens (white space, punctuation, hyphens), as the body of a character class: a
# token is a run of anything else. Scanners that look for tokens without listing them share it.
TOKEN_SEPARATORS = r"\s,.;:()\[\]\"“”'‘’!?/–\-"
_TOKEN = re.compile(f"[^{TOKEN_SEPARATORS}]+")

# OCR spellings of the short head words, seen in binhduong_kh-7099-ubnd_2024_ocr.txt
# ("S6", "S&", "S¢", "Sé&", "SO", "Sa" for Sở at lines 145-446; "B§" for Bộ at line 419).
HEAD_VARIANTS: dict[str, str] = {
    **dict.fromkeys(["so", "s6", "s&", "s¢", "se&", "se", "sa", "s0", "so&", "s§"], "so"),
    **dict.fromkeys(["bo", "b§", "b0", "bg"], "bo"),
}
# Type words that open a body's name and say nothing about which body it is; the words after them
# are compared on their own ("Ủy ban nhân dân tỉnh" ≠ "Ủy ban nhân dân các huyện").
_TYPE_PREFIXES: tuple[tuple[str, ...], ...] = tuple(
    tuple(p.split())
    for p in (
        "uy ban nhan dan",
        "hoi dong nhan dan",
        "ngan hang nha nuoc",
        "ban chap hanh",
        "ban thuong vu",
        "ban quan ly",
        "ban chu nhiem",
        "bo chi huy",
        "phong",
        "trung tam",
        "chi cuc",
        "tong cuc",
        "van phong",
        "thuong truc",
        "lien minh",
        "uy ban",
        "so",
        "bo",
        "cuc",
        "ban",
        "hoi",
        "dai",
    )
)


#: The package's fold (:func:`policygraph.ingest.textfold.fold`) under this module's old name.
fold_text = fold


@dataclass(frozen=True, slots=True)
class AgencyMatch:
    """What a printed name was resolved to.

    ``slug`` identifies the body (gazetteer slug, or the slug of the printed name when unknown);
    ``score`` is 100 for an exact match or a generic group, lower for a fuzzy match, 0 for a body not
    in the gazetteer (a new agency named as printed); ``entry`` is None for unknown bodies and groups.
    """

    canonical: str
    slug: str
    score: float
    generic: bool
    kind: str
    level: str  # national | province | district
    entry: GazetteerEntry | None = None


@dataclass(frozen=True, slots=True)
class Form:
    """One spelling of a gazetteer entry, tokenised and folded for comparison."""

    entry: GazetteerEntry
    tokens: tuple[str, ...]  # folded, head canonical
    accented: tuple[str, ...]  # lower case with diacritics, for text printed with diacritics
    exact_only: bool
    abbreviation: bool
    order: int  # position among the spellings of its head word: earlier wins a tie
    target: str = field(init=False)  # " ".join(tokens)
    accented_target: str = field(init=False)  # " ".join(accented), tone placement unified
    type_prefix: int = field(init=False)  # _type_prefix_len(tokens)

    def __post_init__(self) -> None:
        # Computed once here rather than at each of the thousands of windows scored per file.
        object.__setattr__(self, "target", " ".join(self.tokens))
        object.__setattr__(self, "accented_target", unify_tones(self.accented))
        object.__setattr__(self, "type_prefix", _type_prefix_len(self.tokens))


def tokenize(folded: str, start: int = 0, limit: int | None = None) -> list[tuple[str, int, int]]:
    """Split folded text into (token, start, end); punctuation and hyphens separate tokens.

    ``start`` (the start of a token, or 0) and ``limit`` (how many tokens at most) read only a part
    of a long text: the tokens are those of the whole text, offsets included.
    """
    return [(m.group(), m.start(), m.end()) for m in islice(_TOKEN.finditer(folded, start), limit)]


def token_matches(folded: str, start: int = 0) -> Iterator[re.Match[str]]:
    """The tokens of folded text from ``start`` (the start of a token, or 0) on, as regex matches,
    for a scanner that reads only as far as it needs."""
    return _TOKEN.finditer(folded, start)


def canon_head(token: str) -> str:
    """Map OCR spellings of a head word to the word ("s6" → "so")."""
    return HEAD_VARIANTS.get(token, token)


@lru_cache(maxsize=1)
def form_index() -> dict[str, tuple[Form, ...]]:
    """Index every gazetteer spelling by its (canonical) first token."""
    index: dict[str, list[Form]] = {}
    for entry in load_gazetteer():
        for spelling in (entry.name, *entry.aliases):
            spans = tokenize(fold(spelling))
            if not spans:
                continue
            tokens = (canon_head(spans[0][0]), *(t for t, _, _ in spans[1:]))
            accented = tuple(spelling[a:b].lower() for _, a, b in spans)
            # Abbreviations ("SKHĐT", "Sở KHĐT", "UBND tỉnh") and short names are too short to fuzz.
            abbreviation = any(sum(c.isupper() for c in word) > 1 for word in spelling.split())
            exact_only = abbreviation or len(" ".join(tokens)) <= 10
            forms = index.setdefault(tokens[0], [])
            forms.append(Form(entry, tokens, accented, exact_only, abbreviation, len(forms)))
    return {head: tuple(forms) for head, forms in index.items()}


def score_window(window: Sequence[str], form: Form, accented: Sequence[str] | None = None) -> float:
    """Score a window of folded tokens (head canonical) against one spelling; 0 when rejected.

    ``accented`` is the same window in lower case with its diacritics, given when the text was
    printed with diacritics: then only case and punctuation may differ, because a fuzzy match on
    folded text would take "số trong thương" for "Sở Công Thương" (binhphuoc_sct_bao-cao_2022-2024.txt).
    """
    if accented is not None:
        return _accented_score(accented, form)
    text, target = " ".join(window), form.target
    if text == target:
        return 100.0
    if form.exact_only:
        return _near_exact(window, form)
    score = fuzz.ratio(text, target)
    if score < _MIN_SCORE:
        return 0.0
    prefix = form.type_prefix
    if 0 < prefix < len(form.tokens) and not _same_distinctive(window[prefix:], form.tokens[prefix:]):
        return 0.0
    return float(score)


def _accented_score(window: Sequence[str], form: Form) -> float:
    """Text with diacritics: equal up to case and punctuation, or one typo in a long name
    ("Ủy ban nhân đân tỉnh", binhphuoc_kh-317-ubnd_2021.txt:1)."""
    text, target = unify_tones(window), form.accented_target
    if text == target:
        return 100.0
    if form.exact_only or len(target) < 12 or len(window) != len(form.accented):
        return 0.0
    return 95.0 if Levenshtein.distance(text, target) <= 1 else 0.0


# Old and new tone placement, both in print: "hoá"/"hóa", "thuỷ"/"thủy", "uỷ"/"ủy".
_TONE_VARIANTS = {"hoá": "hóa", "hoà": "hòa", "thuỷ": "thủy", "uỷ": "ủy", "khoẻ": "khỏe"}


def unify_tones(words: Sequence[str]) -> str:
    """Lower-case accented words joined by spaces, each in the new tone placement."""
    return " ".join(_TONE_VARIANTS.get(w, w) for w in words)


def _same_distinctive(tail: Sequence[str], target: Sequence[str]) -> bool:
    """Compare what follows the type words: "Khoa học và Công nghệ" vs "Thông tin và Truyền thông".

    The first word must start alike ("Bo vé khoa hoc" at binhduong_kh-7099-ubnd_2024_ocr.txt:76 is
    not "Bộ Khoa học"); a short part allows one OCR slip ("Tinh ty" for "Tỉnh ủy", ibid. 420) but not
    a different word ("Nội vụ" vs "Ngoại vụ").
    """
    if not tail or tail[0][:1] != target[0][:1] and fuzz.ratio(tail[0], target[0]) < 60:
        return False
    text, goal = " ".join(tail), " ".join(target)
    if len(goal) > 10:
        return fuzz.ratio(text, goal) >= _MIN_DISTINCT
    return fuzz.ratio(text, goal) >= 90 or len(goal) >= 5 and Levenshtein.distance(text, goal) <= 1


def _near_exact(window: Sequence[str], form: Form) -> float:
    """Short spellings: one OCR slip allowed in a long-enough word ("Chinh phi", "Tinh ty"), none in
    abbreviations or in the distinctive word of a Sở/Bộ ("Sở Y tế")."""
    if len(window) != len(form.tokens) or form.tokens[0] in {"so", "bo"} or form.abbreviation:
        return 0.0
    target = form.target
    if len(target) >= 7 and window[0] == form.tokens[0] and Levenshtein.distance(" ".join(window), target) <= 1:
        return 90.0
    return 0.0


def _type_prefix_len(tokens: Sequence[str]) -> int:
    """Length of the longest type prefix ("uy ban nhan dan", "so") that opens ``tokens``."""
    return max((len(p) for p in _TYPE_PREFIXES if tuple(tokens[: len(p)]) == p), default=0)


def _best_form(window: Sequence[str], accented: Sequence[str] | None = None) -> tuple[Form | None, float]:
    """The best gazetteer spelling for exactly this window of tokens, with its score."""
    best: tuple[Form | None, float] = (None, 0.0)
    for form in form_index().get(window[0], ()):
        if abs(len(form.tokens) - len(window)) > 1:
            continue
        score = score_window(window, form, accented)
        if score > best[1] or score == best[1] and best[0] is not None and len(form.tokens) > len(best[0].tokens):
            best = (form, score)
    return best


def match_agency(name: str, jurisdiction: str | None = None) -> AgencyMatch | None:
    """Resolve one printed agency name.

    Generic groups ("các Sở, ban, ngành", "UBND các huyện, thị xã, thành phố") come back with
    ``generic=True`` and the group's normalised name. Known bodies come back with their canonical
    name; a trailing province ("Sở Công Thương tỉnh Bến Tre") is ignored for matching. Anything else
    is a new agency named as printed (whitespace collapsed), with ``entry=None``.

    Args:
        name: the name as printed, OCR damage included ("S6 Cong Thuong").
        jurisdiction: the province of the document, if known (not used for matching yet; kept so the
            signature does not change when province-specific bodies are added).

    Returns:
        The match, or None when ``name`` holds no letters or names a business ("Công ty …").

    Example:
        >>> match_agency("So Ké hoach va Pau tu", "Bình Dương").canonical
        'Sở Kế hoạch và Đầu tư'
    """
    cleaned = clean_name(name)
    if not re.search(r"[^\W\d_]", cleaned) or _COMPANY.match(fold(cleaned)):
        return None
    folded = fold(cleaned)
    group = _generic_group(folded)
    if group is not None:
        return group
    spans = tokenize(folded)
    tokens = _strip_province([t for t, _, _ in spans])
    # "Sở Công Thương tỉnh Bến Tre": try with and without the "tỉnh" left by the province.
    for size in (len(tokens), len(tokens) - 1) if tokens[-1:] == ["tinh"] else (len(tokens),):
        if size < 1:
            continue
        window = [canon_head(tokens[0]), *tokens[1:size]]
        accented = [cleaned[a:b].lower() for _, a, b in spans[:size]] if has_diacritics(cleaned) else None
        form, score = _best_form(window, accented)
        if form is not None:
            return entry_match(form.entry, score)
    return _unknown_match(cleaned)


# Businesses are out of scope (gold NOTES of binhphuoc_sct_bao-cao_2022-2024: "Private companies are
# excluded"): a name opening with one of these words is not an agency.
_COMPANY = re.compile(r"(?:cong ty|tap doan|tong cong ty|ngan hang (?:tmcp|thuong mai)|doanh nghiep|cua hang|sieu thi)\b")


def clean_name(name: str) -> str:
    """Collapse whitespace and strip punctuation around a printed name."""
    return re.sub(r"\s+", " ", name).strip(" ,.;:-–()")


def _generic_group(folded: str) -> AgencyMatch | None:
    """Match a whole folded name against the generic groups."""
    name = folded.strip()
    for group, pattern in _generic_patterns():
        if pattern.fullmatch(name):
            return group_match(group.name, group.district_level)
    return None


@lru_cache(maxsize=1)
def _generic_patterns() -> tuple[tuple[GenericGroup, re.Pattern[str]], ...]:
    """Each generic group with its pattern for a whole name, compiled once."""
    return tuple((g, re.compile(g.pattern + r"(?:\s+(?:tinh|trong tinh|co lien quan))?")) for g in GENERIC_GROUPS)


def group_match(name: str, district_level: bool) -> AgencyMatch:
    """An AgencyMatch for a generic group."""
    level = "district" if district_level else "province"
    return AgencyMatch(name, slugify(name), 100.0, True, "group", level)


def entry_match(entry: GazetteerEntry, score: float) -> AgencyMatch:
    """An AgencyMatch for a gazetteer entry."""
    return AgencyMatch(entry.name, entry.slug, score, False, entry.kind, entry.level, entry)


_UNKNOWN_KINDS: tuple[tuple[str, str], ...] = (
    (r"(?:ubnd|uy ban nhan dan) (?:huyen|thi xa|thanh pho|quan)\b", "district"),
    (r"phong .* cap huyen", "district"),
    (r"(?:truong|vien|trung tam|dai|bao)\b", "service_unit"),
    (r"tham tan\b", "national"),
    (r"(?:hoi|hiep hoi|cau lac bo|lien minh|lien doan)\b", "association"),
    (r"(?:so|cuc|chi cuc|tong cuc|ban|bo)\b", "department"),
)


def _unknown_match(cleaned: str) -> AgencyMatch:
    """A new agency named as printed; kind guessed from its head word."""
    folded = fold(cleaned)
    kind = next((k for pattern, k in _UNKNOWN_KINDS if re.match(pattern, folded)), "body")
    level = "district" if kind == "district" else "national" if kind == "national" else "province"
    logger.debug("not in the gazetteer, kept as printed: %r (%s)", cleaned, kind)
    return AgencyMatch(cleaned, slugify(cleaned), 0.0, False, kind, level)


@lru_cache(maxsize=1)
def _province_tokens() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Folded token lists of province names by their first token, longest first."""
    names = {fold(n) for n in PROVINCES} | {fold(n.replace("Thành phố ", "")) for n in PROVINCES}
    lists = {tuple(t for t, _, _ in tokenize(n)) for n in names}
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for tokens in sorted(lists, key=len, reverse=True):
        by_first.setdefault(tokens[0], []).append(tokens)
    return {first: tuple(lists) for first, lists in by_first.items()}


def longest_province_suffix() -> int:
    """The most tokens :func:`province_suffix_len` can count: "tỉnh" and the longest province."""
    return 1 + max(len(tokens) for lists in _province_tokens().values() for tokens in lists)


def opens_province_suffix(token: str) -> bool:
    """Whether :func:`province_suffix_len` may count anything from this token on ("tinh" or the
    first word of a province)."""
    return token == "tinh" or token in _province_tokens()


def province_suffix_len(tokens: Sequence[str], at: int) -> int:
    """How many tokens from ``at`` spell "(tỉnh) <province>" — 0 when none."""
    offset = 1 if at < len(tokens) and tokens[at] == "tinh" else 0
    if at + offset >= len(tokens):
        return 0
    for province in _province_tokens().get(tokens[at + offset], ()):
        n = len(province)
        if tuple(tokens[at + offset : at + offset + n]) == province:
            return offset + n
    return 0


def _strip_province(tokens: list[str]) -> list[str]:
    """Drop a trailing "<province>" from a folded token list (the shortest suffix that is one)."""
    for cut in range(len(tokens) - 1, 0, -1):
        if province_suffix_len(tokens, cut) == len(tokens) - cut:
            return tokens[:cut]
    return tokens


def has_diacritics(text: str) -> bool:
    """True when a name was printed with Vietnamese diacritics (not OCR that lost them).

    OCR output keeps a few stray accents ("Ké", "nghiép"), so the test looks for the letters only
    Vietnamese uses (ơ, ư, ă, đ and the dotted/hooked vowels) rather than any accent. It is asked
    of each candidate name, not of the whole document, so OCR and typed text can share a segment.
    """
    return any(c in _VIETNAMESE_LETTERS for c in text.lower())


_VIETNAMESE_LETTERS = frozenset("ơưăđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
