"""Find agencies in text, match them to the gazetteer, and gather them into :class:`Agency` nodes.

Three steps, one public function each:

- :func:`match_agency` turns one printed name ("S6 Cong Thuong", "Sở NN&PTNT", "các Sở, ban,
  ngành") into an :class:`AgencyMatch`: canonical name, score, generic flag. It compares folded text
  (no diacritics) with rapidfuzz, and compares the distinctive part after the head word ("Sở", "Bộ")
  with a high bar, so "Sở Khoa học và Công nghệ" never merges with "Sở Thông tin và Truyền thông".
  An unknown name becomes a new agency named as printed; it is never merged by a guess.
- :func:`find_agency_mentions` scans a segment of lines and returns every agency named in it, with
  its raw spelling and line.
- :class:`AgencyRegistry` accumulates mentions into :class:`~policygraph.graph.model.Agency` nodes with
  stable keys (``agency:so-cong-thuong@binh-duong``; national bodies have no ``@``), aliases, evidence
  and the 2025 reorganisation (``valid_until``, ``successor``).

Names are compared folded with :func:`policygraph.ingest.textfold.fold` (exported here as
:func:`fold_text` too). It keeps offsets (one output character per input character), so spans found on
folded text index the original.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from policygraph.graph.model import Agency, Evidence
from policygraph.ingest.gazetteer import (
    DISTRICT_LAST_DAY,
    GENERIC_GROUPS,
    PROVINCE_LAST_DAY,
    PROVINCES,
    GazetteerEntry,
    GenericGroup,
    load_gazetteer,
    province_successor,
    slugify,
)
from policygraph.ingest.textfold import fold

__all__ = [
    "AgencyMatch",
    "AgencyMention",
    "AgencyRegistry",
    "find_agency_mentions",
    "fold_text",
    "match_agency",
]

logger = logging.getLogger(__name__)

# Scores are rapidfuzz ratios (0-100) on folded text. A whole name must reach _MIN_SCORE and its
# distinctive part (after "Sở", "Bộ", "Cục"…) _MIN_DISTINCT: OCR damage costs a few points
# ("So Ké hoach va Pau tu" ≈ 94), a different department costs far more ("Tài chính"/"Tư pháp" ≈ 40).
_MIN_SCORE = 86.0
_MIN_DISTINCT = 82.0
_TOKEN = re.compile(r"[^\s,.;:()\[\]\"“”'‘’!?/–\-]+")

# OCR spellings of the short head words, seen in binhduong_kh-7099-ubnd_2024_ocr.txt
# ("S6", "S&", "S¢", "Sé&", "SO", "Sa" for Sở at lines 145-446; "B§" for Bộ at line 419).
_HEAD_VARIANTS: dict[str, str] = {
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
class AgencyMention:
    """One agency named in a text: raw spelling as printed, where, and what it matched.

    ``start``/``end`` index the segment text (``"\\n".join(lines)``); ``line`` is the raw 1-based line
    where the mention starts; ``context`` is the text of the line(s) it spans.
    """

    raw: str
    line: int
    file: str
    match: AgencyMatch
    start: int
    end: int
    context: str


@dataclass(frozen=True, slots=True)
class _Form:
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
        object.__setattr__(self, "accented_target", _unify_tones(self.accented))
        object.__setattr__(self, "type_prefix", _type_prefix_len(self.tokens))


def _tokens(folded: str) -> list[tuple[str, int, int]]:
    """Split folded text into (token, start, end); punctuation and hyphens separate tokens."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(folded)]


def _canon_head(token: str) -> str:
    """Map OCR spellings of a head word to the word ("s6" → "so")."""
    return _HEAD_VARIANTS.get(token, token)


@lru_cache(maxsize=1)
def _form_index() -> dict[str, tuple[_Form, ...]]:
    """Index every gazetteer spelling by its (canonical) first token."""
    index: dict[str, list[_Form]] = {}
    for entry in load_gazetteer():
        for spelling in (entry.name, *entry.aliases):
            spans = _tokens(fold(spelling))
            if not spans:
                continue
            tokens = (_canon_head(spans[0][0]), *(t for t, _, _ in spans[1:]))
            accented = tuple(spelling[a:b].lower() for _, a, b in spans)
            # Abbreviations ("SKHĐT", "Sở KHĐT", "UBND tỉnh") and short names are too short to fuzz.
            abbreviation = any(sum(c.isupper() for c in word) > 1 for word in spelling.split())
            exact_only = abbreviation or len(" ".join(tokens)) <= 10
            forms = index.setdefault(tokens[0], [])
            forms.append(_Form(entry, tokens, accented, exact_only, abbreviation, len(forms)))
    return {head: tuple(forms) for head, forms in index.items()}


def _score(window: Sequence[str], form: _Form, accented: Sequence[str] | None = None) -> float:
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


def _accented_score(window: Sequence[str], form: _Form) -> float:
    """Text with diacritics: equal up to case and punctuation, or one typo in a long name
    ("Ủy ban nhân đân tỉnh", binhphuoc_kh-317-ubnd_2021.txt:1)."""
    text, target = _unify_tones(window), form.accented_target
    if text == target:
        return 100.0
    if form.exact_only or len(target) < 12 or len(window) != len(form.accented):
        return 0.0
    return 95.0 if Levenshtein.distance(text, target) <= 1 else 0.0


# Old and new tone placement, both in print: "hoá"/"hóa", "thuỷ"/"thủy", "uỷ"/"ủy".
_TONE_VARIANTS = {"hoá": "hóa", "hoà": "hòa", "thuỷ": "thủy", "uỷ": "ủy", "khoẻ": "khỏe"}


def _unify_tones(words: Sequence[str]) -> str:
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


def _near_exact(window: Sequence[str], form: _Form) -> float:
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


def _best_form(window: Sequence[str], accented: Sequence[str] | None = None) -> tuple[_Form | None, float]:
    """The best gazetteer spelling for exactly this window of tokens, with its score."""
    best: tuple[_Form | None, float] = (None, 0.0)
    for form in _form_index().get(window[0], ()):
        if abs(len(form.tokens) - len(window)) > 1:
            continue
        score = _score(window, form, accented)
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
    cleaned = _clean_name(name)
    if not re.search(r"[^\W\d_]", cleaned) or _COMPANY.match(fold(cleaned)):
        return None
    folded = fold(cleaned)
    group = _generic_group(folded)
    if group is not None:
        return group
    spans = _tokens(folded)
    tokens = _strip_province([t for t, _, _ in spans])
    # "Sở Công Thương tỉnh Bến Tre": try with and without the "tỉnh" left by the province.
    for size in (len(tokens), len(tokens) - 1) if tokens[-1:] == ["tinh"] else (len(tokens),):
        if size < 1:
            continue
        window = [_canon_head(tokens[0]), *tokens[1:size]]
        accented = [cleaned[a:b].lower() for _, a, b in spans[:size]] if _has_diacritics(cleaned) else None
        form, score = _best_form(window, accented)
        if form is not None:
            return _entry_match(form.entry, score)
    return _unknown_match(cleaned)


# Businesses are out of scope (gold NOTES of binhphuoc_sct_bao-cao_2022-2024: "Private companies are
# excluded"): a name opening with one of these words is not an agency.
_COMPANY = re.compile(r"(?:cong ty|tap doan|tong cong ty|ngan hang (?:tmcp|thuong mai)|doanh nghiep|cua hang|sieu thi)\b")


def _clean_name(name: str) -> str:
    """Collapse whitespace and strip punctuation around a printed name."""
    return re.sub(r"\s+", " ", name).strip(" ,.;:-–()")


def _generic_group(folded: str) -> AgencyMatch | None:
    """Match a whole folded name against the generic groups."""
    for group in GENERIC_GROUPS:
        if re.fullmatch(group.pattern + r"(?:\s+(?:tinh|trong tinh|co lien quan))?", folded.strip()):
            return _group_match(group.name, group.district_level)
    return None


def _group_match(name: str, district_level: bool) -> AgencyMatch:
    """An AgencyMatch for a generic group."""
    level = "district" if district_level else "province"
    return AgencyMatch(name, slugify(name), 100.0, True, "group", level)


def _entry_match(entry: GazetteerEntry, score: float) -> AgencyMatch:
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
    lists = {tuple(t for t, _, _ in _tokens(n)) for n in names}
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for tokens in sorted(lists, key=len, reverse=True):
        by_first.setdefault(tokens[0], []).append(tokens)
    return {first: tuple(lists) for first, lists in by_first.items()}


def _province_suffix_len(tokens: Sequence[str], at: int) -> int:
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
        if _province_suffix_len(tokens, cut) == len(tokens) - cut:
            return tokens[:cut]
    return tokens


# --- scanning -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Span:
    """A candidate mention: token range, offsets and what it matched."""

    first: int
    last: int  # exclusive token index
    start: int
    end: int
    match: AgencyMatch
    priority: float


def find_agency_mentions(
    lines: Sequence[str], first_line: int, file: str, jurisdiction: str | None = None
) -> list[AgencyMention]:
    """Find every agency named in a segment: gazetteer bodies, generic groups and unknown bodies.

    Names may run across line breaks ("Uy ban nhan\\ndan cac huyén"); the mention's line is where it
    starts. Overlaps keep the longer name ("Ban Thường vụ Tỉnh ủy" over "Tỉnh ủy").

    Args:
        lines: the cleaned lines of the segment.
        first_line: the raw 1-based line number of ``lines[0]``.
        file: the file name, for evidence.
        jurisdiction: the document's province, if known.

    Returns:
        The mentions in text order.

    Example:
        >>> [m.match.canonical for m in find_agency_mentions(["S6 Cong Thuong chu tri"], 1, "f.txt")]
        ['Sở Công Thương']
    """
    text = "\n".join(lines)
    folded = fold(text)
    tokens = _tokens(folded)
    indexed = _Tokens.of(tokens)
    spans = _generic_spans(folded, indexed) + _gazetteer_spans(text, tokens) + _unknown_spans(text, indexed)
    chosen = _choose(spans)
    line_starts = _line_starts(lines)
    return [_mention(text, lines, s, line_starts, first_line, file) for s in chosen]


def _line_starts(lines: Sequence[str]) -> list[int]:
    """Offsets of each line's first character in ``"\\n".join(lines)``."""
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    return starts


def _line_index(line_starts: Sequence[int], offset: int) -> int:
    """The index of the line holding ``offset``."""
    return max(0, bisect.bisect_right(line_starts, offset) - 1)


_SPACES = re.compile(r"\s+")


def _mention(
    text: str, lines: Sequence[str], span: _Span, line_starts: Sequence[int], first_line: int, file: str
) -> AgencyMention:
    """Build the public mention for a chosen span."""
    first, last = _line_index(line_starts, span.start), _line_index(line_starts, max(span.start, span.end - 1))
    context = _SPACES.sub(" ", " ".join(lines[first : last + 1])).strip()[:300]
    raw = _SPACES.sub(" ", text[span.start : span.end]).strip()
    return AgencyMention(raw, first_line + first, file, span.match, span.start, span.end, context)


@dataclass(frozen=True, slots=True)
class _Tokens:
    """Tokens of a folded text with their start and end offsets, for bisecting."""

    items: Sequence[tuple[str, int, int]]
    starts: Sequence[int]
    ends: Sequence[int]

    @classmethod
    def of(cls, items: Sequence[tuple[str, int, int]]) -> _Tokens:
        """Index a token list."""
        return cls(items, list(map(itemgetter(1), items)), list(map(itemgetter(2), items)))

    def covering(self, start: int, end: int) -> tuple[int, int]:
        """The token range [first, last) covering the text span [start, end)."""
        return bisect.bisect_left(self.starts, start), bisect.bisect_left(self.ends, end) + 1


def _generic_spans(folded: str, tokens: _Tokens) -> list[_Span]:
    """Spans of generic groups ("các Sở, ban, ngành"), matched by pattern on folded text."""
    spans: list[_Span] = []
    openings: dict[re.Pattern[str], list[int]] = {}
    for group, scanner, opening in _generic_scanners():
        if opening is None:
            found: Iterator[re.Match[str]] = scanner.finditer(folded)
        else:
            if opening not in openings:
                openings[opening] = [m.start() for m in opening.finditer(folded)]
            found = _matches_at(scanner, folded, openings[opening])
        for m in found:
            first, last = tokens.covering(m.start(), m.end())
            match = _group_match(group.name, group.district_level)
            spans.append(_Span(first, last, m.start(), m.end(), match, (last - first) * 10 + 5.0))
    return spans


def _matches_at(scanner: re.Pattern[str], text: str, starts: Sequence[int]) -> Iterator[re.Match[str]]:
    """What ``scanner.finditer(text)`` finds, given every offset where a match can start (sorted):
    the leftmost match, then the leftmost after its end, and so on."""
    pos = 0
    for start in starts:
        if start >= pos and (m := scanner.match(text, start)) is not None:
            yield m
            pos = m.end()


# How the generic groups' patterns open, and a quick regex that finds every offset where such an
# opening (after a non-letter) starts: a group is then tried only there, not at every character.
# The literal first letter lets `re` skip ahead; the look-ahead lets openings overlap.
_OPENINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (r"c\S{1,3}c\s+", re.compile(r"c(?<![a-z]c)(?=\S{1,3}c\s)")),
    (r"cac\s+", re.compile(r"c(?<![a-z]c)(?=\S{1,3}c\s)")),
    (r"(?:uy\s+ban\s+nh\S{1,3}n\s+d\S{1,2}n|ubnd)", re.compile(r"u(?<![a-z]u)(?=y\s|bnd)")),
    (r"dia\s+", re.compile(r"d(?<![a-z]d)(?=ia\s)")),
)


@lru_cache(maxsize=1)
def _generic_scanners() -> tuple[tuple[GenericGroup, re.Pattern[str], re.Pattern[str] | None], ...]:
    """Each generic group with its compiled scanner and, when its pattern opens in a known way,
    the regex of where it can start (None: scan the whole text)."""
    return tuple(
        (group, re.compile(r"(?<![a-z])" + group.pattern + r"(?![a-z])"), _opening(group.pattern))
        for group in GENERIC_GROUPS
    )


def _opening(pattern: str) -> re.Pattern[str] | None:
    """The start-finder for a pattern that is one of _OPENINGS followed by more of the sequence
    (no "|" outside brackets, which could let a match open otherwise, nor a quantifier right after)."""
    for prefix, finder in _OPENINGS:
        rest = pattern[len(prefix):]
        if pattern.startswith(prefix) and not rest.startswith(("*", "+", "?", "{")) and not _has_top_level_bar(pattern):
            return finder
    return None


def _has_top_level_bar(pattern: str) -> bool:
    """True when a regex has an alternative "|" outside every group and character class."""
    depth, in_class, escaped = 0, False, False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
    return False


def _has_diacritics(text: str) -> bool:
    """True when a name was printed with Vietnamese diacritics (not OCR that lost them).

    OCR output keeps a few stray accents ("Ké", "nghiép"), so the test looks for the letters only
    Vietnamese uses (ơ, ư, ă, đ and the dotted/hooked vowels) rather than any accent. It is asked
    of each candidate name, not of the whole document, so OCR and typed text can share a segment.
    """
    return any(c in _VIETNAMESE_LETTERS for c in text.lower())


_VIETNAMESE_LETTERS = frozenset("ơưăđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")


def _in_symbol(text: str, start: int, end: int) -> bool:
    """True for an abbreviation inside a document symbol ("187/SCT-TM", "1297/SKHĐT-QLQH"): it names
    the issuer of a letter, not an agency acting in the text (gold NOTES, binhphuoc_sct_bao-cao)."""
    return text[start - 1 : start] in {"/", "-"} or text[end : end + 1] in {"/", "-"}


def _gazetteer_spans(text: str, tokens: Sequence[tuple[str, int, int]]) -> list[_Span]:
    """Spans of gazetteer bodies: at each head word, the best-scoring window of tokens."""
    words = list(map(itemgetter(0), tokens))
    heads = _head_index()
    spans: list[_Span] = []
    for i in [i for i, word in enumerate(words) if word in heads]:
        forms = heads[words[i]]
        # The best window depends only on the printed words from token i on (and the few
        # characters around them that _window_ok and _in_symbol look at): memoise on that
        # text, since a report names "Sở Công Thương" hundreds of times.
        reach = min(len(tokens), i + forms.longest + 1) - 1
        key = (forms.head, text[max(0, tokens[i][1] - _MEMO_MARGIN): tokens[reach][2] + _MEMO_MARGIN])
        if key in _WINDOW_MEMO:
            best = _WINDOW_MEMO[key]
        else:
            best = _best_window(text, tokens, words, i, forms)
            if len(_WINDOW_MEMO) >= _MEMO_SIZE:
                _WINDOW_MEMO.clear()
            _WINDOW_MEMO[key] = best
        if best is not None:
            spans.append(_window_span(text, tokens, words, i, *best))
    return spans


_MEMO_MARGIN = 16
_MEMO_SIZE = 100_000
_WINDOW_MEMO: dict[tuple[str, str], tuple[float, int, _Form] | None] = {}


@dataclass(frozen=True, slots=True)
class _HeadForms:
    """The spellings of one head word, sorted so that a window is scored only against those that
    can give it a score above 0 (see :meth:`candidates`)."""

    head: str
    longest: int  # tokens in the longest spelling
    second_initials: frozenset[str]  # first letters of the second words
    exact: dict[str, tuple[_Form, ...]]  # by " ".join(tokens)
    exact_accented: dict[str, tuple[_Form, ...]]  # by accented_target
    one_typo_accented: dict[int, tuple[_Form, ...]]  # by token count: _accented_score's Levenshtein case
    near_exact: dict[int, tuple[_Form, ...]]  # by token count: _near_exact's Levenshtein case
    fuzzy: dict[int, tuple[_Form, ...]]  # by token count: fuzz.ratio in _score

    @classmethod
    def of(cls, head: str, forms: Sequence[_Form]) -> _HeadForms:
        def grouped(key: Callable[[_Form], object], keep: Callable[[_Form], bool]) -> dict:
            groups: dict = {}
            for form in forms:
                if keep(form):
                    groups.setdefault(key(form), []).append(form)
            return {k: tuple(v) for k, v in groups.items()}

        def count(f: _Form) -> int:
            return len(f.tokens)

        return cls(
            head,
            max(count(f) for f in forms),
            frozenset(f.tokens[1][:1] for f in forms if len(f.tokens) > 1),
            grouped(lambda f: f.target, lambda f: True),
            grouped(lambda f: f.accented_target, lambda f: True),
            grouped(count, lambda f: not f.exact_only and len(f.accented_target) >= 12),
            grouped(count, lambda f: f.exact_only and f.tokens[0] not in {"so", "bo"} and not f.abbreviation
                    and len(f.target) >= 7),
            grouped(count, lambda f: not f.exact_only),
        )

    def candidates(self, window: Sequence[str], accented: Sequence[str] | None) -> list[_Form]:
        """Every spelling that :func:`_score` can score above 0 for this window (maybe more).

        Text with diacritics scores only an equal spelling or, for a long one of as many words,
        one typo (so a length within one). Folded text scores an equal spelling, a short one of
        as many words with one slip, or by fuzz.ratio one a word shorter, as long or a word longer.
        """
        size = len(window)
        if accented is not None:
            text = _unify_tones(accented)
            near = [f for f in self.one_typo_accented.get(size, ()) if abs(len(f.accented_target) - len(text)) <= 1]
            return [*self.exact_accented.get(text, ()), *near]
        text = " ".join(window)
        near = [f for f in self.near_exact.get(size, ()) if abs(len(f.target) - len(text)) <= 1]
        fuzzy = [f for n in (size - 1, size, size + 1) for f in self.fuzzy.get(n, ())]
        return [*self.exact.get(text, ()), *near, *fuzzy]


@lru_cache(maxsize=1)
def _head_index() -> dict[str, _HeadForms]:
    """The spellings by every printed word that opens them: the canonical head ("so") and its
    OCR spellings ("s6"), so that scanning asks one dict per word."""
    heads = {head: _HeadForms.of(head, forms) for head, forms in _form_index().items()}
    printed = {word for word in _HEAD_VARIANTS if _canon_head(word) in heads}
    return {**{w: heads[w] for w in heads if _canon_head(w) == w}, **{w: heads[_canon_head(w)] for w in printed}}


def _best_window(
    text: str, tokens: Sequence[tuple[str, int, int]], words: Sequence[str], i: int, forms: _HeadForms
) -> tuple[float, int, _Form] | None:
    """(score, size, spelling) of the best window starting at token ``i``, or None.

    Windows one token shorter or longer than a spelling absorb OCR splits and merges. The best is
    the highest score, then the longer window, then the spelling listed first.
    """
    best: tuple[float, int, _Form] | None = None
    for size, (folded, accented) in enumerate(_windows(text, tokens, words, i, forms.longest + 1), start=1):
        if accented is not None and size > 1 and folded[1][:1] not in forms.second_initials:
            break  # typed text: every spelling this long or longer fails the second-word test below
        for form in forms.candidates(folded, accented):
            if accented is not None and size > 1 and len(form.tokens) > 1 and folded[1][:1] != form.tokens[1][:1]:
                continue  # typed text: the second word must at least start alike (keeps "số …" cheap)
            if form.abbreviation and len(form.tokens) == 1 and _in_symbol(text, tokens[i][1], tokens[i][2]):
                continue
            score = _score(folded, form, accented)
            if score and (best is None or (score, size, -form.order) > (best[0], best[1], -best[2].order)):
                best = (score, size, form)
    return best


def _windows(
    text: str, tokens: Sequence[tuple[str, int, int]], words: Sequence[str], i: int, longest: int
) -> Iterator[tuple[list[str], list[str] | None]]:
    """The windows of 1 to ``longest`` tokens from token ``i``, shortest first: the folded words
    (head canonical) and, for typed text, their accented twins.

    A name does not run across sentence punctuation, nor put a comma right after its head word:
    the windows stop there (every longer one would cross it too). Each window is the previous one
    and a token, so only that token and the gap before it are looked at.
    """
    folded = [_canon_head(words[i])]
    accented = [text[tokens[i][1] : tokens[i][2]].lower()]
    typed = _has_diacritics(accented[0])
    yield folded[:], accented[:] if typed else None
    for last in range(i + 1, min(i + longest, len(words))):
        gap_start, (word, start, end) = tokens[last - 1][2], tokens[last]
        if _SENTENCE_PUNCTUATION.search(text, gap_start, end):
            return
        if last == i + 1 and "," in text[gap_start:start]:
            return
        folded.append(word)
        accented.append(text[start:end].lower())
        typed = typed or _has_diacritics(accented[-1])
        yield folded[:], accented[:] if typed else None


_SENTENCE_PUNCTUATION = re.compile(r"[;:.()]")


# "Sở Công Thương 05 tỉnh trong vùng Đông Nam Bộ" (binhphuoc_sct_bao-cao_2022-2024.txt:397) are the
# departments of other provinces, not this province's Sở: a group of their own, named as printed.
_OTHER_PROVINCES = re.compile(r"(?:\d+|cac|mot so) tinh\b")


def _other_provinces_span(
    text: str, tokens: Sequence[tuple[str, int, int]], words: Sequence[str], i: int, last: int, form: _Form
) -> _Span:
    """A group span "Sở X <n> tỉnh [trong] vùng <Region>", the region being its capitalised words."""
    end = last + 2
    if words[end : end + 1] == ["trong"] and words[end + 1 : end + 2] == ["vung"]:
        end += 1
    if words[end : end + 1] == ["vung"]:
        end += 1
        while end < len(words) and end - last < 10 and text[tokens[end][1]].isupper():
            end += 1
    printed = " ".join(text[tokens[last][1] : tokens[end - 1][2]].split())
    name = f"{form.entry.name} {printed}"
    match = AgencyMatch(name, slugify(name), 0.0, False, "group", "province")  # named bodies, not a generic group
    return _Span(i, end, tokens[i][1], tokens[end - 1][2], match, (end - i) * 10.0)


def _window_span(
    text: str, tokens: Sequence[tuple[str, int, int]], words: Sequence[str], i: int, score: float, size: int, form: _Form
) -> _Span:
    """The span of a matched window, a trailing "(tỉnh) <province>" or Party term included."""
    last = i + size
    if form.entry.level == "province" and _OTHER_PROVINCES.match(" ".join(words[last : last + 2])):
        return _other_provinces_span(text, tokens, words, i, last, form)
    last += _province_suffix_len(words, last) if form.entry.level == "province" else 0
    if form.entry.kind == "party" and words[last : last + 1] == ["khoa"] and last + 1 < len(words):
        # The term of a Party committee belongs to its name: "Ban Chấp hành Trung ương Đảng khóa XIII"
        # (binhduong_kh-7099-ubnd_2024_ocr.txt:17, OCR "XI11I" at 67).
        last += 2 if re.fullmatch(r"[ivxl1]+", words[last + 1]) else 0
    match = _entry_match(form.entry, score)
    return _Span(i, last, tokens[i][1], tokens[last - 1][2], match, (last - i) * 10 + score / 100)


# Unknown bodies: a head word, then a run of capitalised words (lower-case words only between two
# capitalised ones). Heads that are events, not bodies ("Hội nghị", "Hội chợ") are excluded.
_UNKNOWN_HEAD = re.compile(
    r"(?<![\w])(?P<head>Trường (?:Cao đẳng|Đại học|Trung cấp|Phổ thông)|Câu lạc bộ|Hiệp hội|Hội(?! (?:nghị|chợ|thảo|đồng|diễn|thi|viên|nhập))"
    r"|Trung tâm(?! Hội (?:chợ|nghị))|Viện|Tham tán|Chi cục|Tổng cục|Cục|(?:UBND|Ủy ban nhân dân) (?:huyện|thị xã|thành phố|quận))\s+"
)
_NEXT_HEAD = re.compile(r"(?:Sở|Bộ|Ban|Cục|Tổng cục|Chi cục|UBND|Ủy ban|Trung tâm|Trường|Hội|Viện|Câu lạc bộ)\b")
_NAME_WORD = re.compile(r"[^\s,.;:()\"“”]+")
# Words that end a name: function words, and verbs that follow a subject ("Trường Cao đẳng Công
# nghiệp cao su ký kết…", binhphuoc_sct_bao-cao_2022-2024.txt:3253; "… cây điều khảo nghiệm", ibid. 2408).
_STOP_WORDS = frozenset(
    "đã đang sẽ chủ phối tham tổ có được về để trên tại với cho của theo trong năm ngày số "
    "là nhằm đề cùng và/hoặc thì khi nếu như các những một ký khảo hỗ thực tiếp liên sắp "
    "xây làm báo tăng giải trình kiểm chỉ hướng cung đôn".split()
)


def _unknown_spans(text: str, tokens: _Tokens) -> list[_Span]:
    """Spans of bodies not in the gazetteer, read from capitalisation after a head word.

    Their priority is below every gazetteer span, so "Cục Thú y công nhận" stays "Cục Thú y".
    """
    spans: list[_Span] = []
    for m in _UNKNOWN_HEAD.finditer(text):
        end = _name_run_end(text, m.end())
        if end <= m.end():
            continue
        match = match_agency(text[m.start() : end])
        if match is None or match.generic:
            continue
        first, last = tokens.covering(m.start(), end)
        spans.append(_Span(first, last, m.start(), end, match, (last - first) * 10 - 10_000.0))
        if match.kind == "district":
            spans += _elided_districts(text, tokens, end, m.group("head"))
    return spans


# "UBND thành phố Đồng Xoài, huyện Đồng Phú" (binhphuoc_sct_bao-cao_2022-2024.txt:1329): the second
# district's "UBND" is elided, it is a body all the same.
_ELIDED_DISTRICT = re.compile(r"\s*(?:,|và)\s*(?P<unit>huyện|thị xã|thành phố|quận)\s+(?=[A-ZĐ])")


def _elided_districts(text: str, tokens: _Tokens, pos: int, head: str) -> list[_Span]:
    """District People's Committees listed after a first one, with the "UBND" head left out."""
    spans: list[_Span] = []
    prefix = "UBND" if head.startswith("UBND") else "Ủy ban nhân dân"
    while (m := _ELIDED_DISTRICT.match(text, pos)) is not None:
        end = _name_run_end(text, m.end())
        if end <= m.end():
            break
        match = match_agency(f"{prefix} {text[m.start('unit') : end]}")
        if match is None:
            break
        first, last = tokens.covering(m.start("unit"), end)
        spans.append(_Span(first, last, m.start("unit"), end, match, (last - first) * 10 - 10_000.0))
        pos = end
    return spans


def _name_run_end(text: str, pos: int) -> int:
    """End offset of the name starting at ``pos`` (``pos`` when there is none).

    A name is capitalised words, with up to four lower-case words between two of them ("Câu lạc bộ
    Nông dân tỷ phú tỉnh Bình Phước"), or after the last one when punctuation closes the name right
    after ("Trung tâm Nghiên cứu và Phát triển cây điều (", binhphuoc_sct_bao-cao_2022-2024.txt:2406).
    """
    end, capitals, tail, closed = pos, 0, [], True
    for m in _NAME_WORD.finditer(text, pos):
        gap = text[(tail[-1].end() if tail else end) if end > pos else pos : m.start()]
        if re.search(r"[,.;:()\"“”]", gap):
            break
        word = m.group()
        if capitals and tail and _NEXT_HEAD.match(text, m.start()):
            closed = False  # "… Bình Phước và Trung tâm …": a second body starts
            break
        if word[0].isupper():
            end, capitals, tail = m.end(), capitals + 1, []
        elif capitals and word in _STOP_WORDS:
            # A verb or function word closes the name, after a short tail without "và".
            closed = len(tail) <= 3 and not any(t.group() == "và" for t in tail)
            break
        elif capitals and (word.islower() or word in {"&", "-"}) and len(tail) < 4:
            tail.append(m)
        else:
            closed = False
            break
    if not capitals:
        return pos
    if tail and closed:
        end = tail[-1].end()
    return _trim_name(text, pos, end)


def _trim_name(text: str, pos: int, end: int) -> int:
    """Drop trailing connectors and qualifiers from a name run ("và", "huyện", "GĐ" for giai đoạn)."""
    words = list(_NAME_WORD.finditer(text, pos, end))
    while words and words[-1].group() in {"và", "&", "-", "huyện", "tỉnh", "GĐ"}:
        words.pop()
    return words[-1].end() if words else pos


def _choose(spans: list[_Span]) -> list[_Span]:
    """Keep the best non-overlapping spans (longer names first; on a tie a generic group, then the
    better score), in text order."""
    taken: set[int] = set()
    chosen: list[_Span] = []
    for span in sorted(spans, key=lambda s: (-s.priority, s.start)):
        cover = set(range(span.first, span.last))
        if cover & taken:
            continue
        taken |= cover
        chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


# --- registry -------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _province_name(jurisdiction: str | None) -> str | None:
    """The canonical spelling of a province (``"binh duong"`` → ``"Bình Dương"``), or as given."""
    if jurisdiction is None:
        return None
    return _provinces_by_slug().get(slugify(jurisdiction), jurisdiction)


@lru_cache(maxsize=1)
def _provinces_by_slug() -> dict[str, str]:
    return {slugify(n): n for n in PROVINCES}


def _display_name(match: AgencyMatch, province: str | None) -> str:
    """The name to show: "Ủy ban nhân dân tỉnh Bình Dương", "Tỉnh ủy Bình Dương", "Sở Công Thương"."""
    name = match.canonical
    if province is None or match.level == "national" or match.generic or match.entry is None:
        return name
    if name.endswith(" tỉnh"):
        if province.startswith("Thành phố"):
            return f"{name[: -len(' tỉnh')]} {province}"
        return f"{name} {province}"
    if name.endswith("Tỉnh ủy"):
        return f"{name} {province}"
    return name


@dataclass(slots=True)
class AgencyRegistry:
    """Accumulates mentions into Agency nodes, one per (body, province).

    Keys are stable and readable: ``agency:<slug>@<province-slug>`` for provincial bodies and groups,
    ``agency:<slug>`` for national bodies (and for provincial ones when the province is unknown).

    Example:
        >>> registry = AgencyRegistry()
        >>> key = registry.resolve("S6 Cong Thuong", "Bình Dương", Evidence("f.txt", 3, "S6 Cong Thuong chu tri"))
        >>> key, registry.get(key).name
        ('agency:so-cong-thuong@binh-duong', 'Sở Công Thương')
    """

    _agencies: dict[str, Agency] = field(default_factory=dict)
    _evidence_seen: dict[str, set[Evidence]] = field(default_factory=dict)

    def key_for(self, match: AgencyMatch, jurisdiction: str | None) -> str:
        """The stable key of a matched body in a province.

        Args:
            match: what the printed name resolved to.
            jurisdiction: the document's province, or None.

        Returns:
            ``agency:<slug>[@<province-slug>]``.
        """
        province = _province_name(jurisdiction)
        if match.level == "national" or province is None:
            return f"agency:{match.slug}"
        return f"agency:{match.slug}@{slugify(province)}"

    def add(self, mention: AgencyMention, jurisdiction: str | None) -> str:
        """Record one mention and return the key of its agency.

        Args:
            mention: a mention from :func:`find_agency_mentions`.
            jurisdiction: the document's province, or None.

        Returns:
            The agency key.
        """
        evidence = Evidence(mention.file, mention.line, mention.context)
        return self._record(mention.match, mention.raw, jurisdiction, evidence)

    def add_mentions(
        self, mentions: Sequence[AgencyMention], jurisdiction: str | None, *, groups: bool = False
    ) -> list[str]:
        """Record many mentions; generic groups only when ``groups`` is True.

        Generic groups ("các Sở, ban, ngành") are agencies when a task names them in a role, which
        :func:`policygraph.ingest.tasks.extract_tasks` records itself; a group merely mentioned in
        passing is not (the annotation convention of the gold folders).

        Args:
            mentions: mentions from :func:`find_agency_mentions`.
            jurisdiction: the document's province, or None.
            groups: also record generic groups.

        Returns:
            The keys recorded, in mention order.
        """
        return [self.add(m, jurisdiction) for m in mentions if groups or not m.match.generic]

    def resolve(self, name: str, jurisdiction: str | None, evidence: Evidence) -> str | None:
        """Match a printed name and record it; None when the name holds no letters.

        Args:
            name: the name as printed.
            jurisdiction: the document's province, or None.
            evidence: where it was read.

        Returns:
            The agency key, or None.
        """
        match = match_agency(name, jurisdiction)
        if match is None:
            return None
        return self._record(match, _clean_name(name), jurisdiction, evidence)

    def get(self, key: str) -> Agency:
        """The agency with this key (KeyError when it was never recorded)."""
        return self._agencies[key]

    def agencies(self, *, include_successors: bool = False) -> list[Agency]:
        """All recorded agencies, sorted by key.

        Args:
            include_successors: also create the successor bodies named by ``successor`` keys (with no
                mentions), so every key the graph points at exists.

        Returns:
            The agencies.
        """
        if include_successors:
            for agency in list(self._agencies.values()):
                self._materialise_successors(agency)
        return [self._agencies[k] for k in sorted(self._agencies)]

    def _record(self, match: AgencyMatch, raw: str, jurisdiction: str | None, evidence: Evidence) -> str:
        """Add a raw spelling and evidence to the agency of ``match``, creating it when new."""
        key = self.key_for(match, jurisdiction)
        agency = self._agencies.get(key)
        if agency is None:
            agency = self._new_agency(key, match, jurisdiction)
            self._agencies[key] = agency
        if raw and raw not in agency.aliases:
            agency.aliases = sorted({*agency.aliases, raw})
        seen = self._evidence_seen.setdefault(key, set())
        if evidence not in seen:  # a set: a body named 100,000 times in one file stays linear
            seen.add(evidence)
            agency.mentions.append(evidence)
        return key

    def _new_agency(self, key: str, match: AgencyMatch, jurisdiction: str | None) -> Agency:
        """Create the Agency node for a match, with its 2025 end date and successor."""
        province = None if match.level == "national" else _province_name(jurisdiction)
        valid_until, successor = self._reorganisation(match, province)
        kind = "group" if match.generic else match.kind
        return Agency(key, _display_name(match, province), province, [], kind, valid_until, successor)

    def _reorganisation(self, match: AgencyMatch, province: str | None) -> tuple[str | None, str | None]:
        """(valid_until, successor key) from the department merger, else the province merger."""
        entry = match.entry
        if entry is not None and entry.successor is not None:
            successor = next(e for e in load_gazetteer() if e.slug == entry.successor)
            return entry.valid_until, self.key_for(_entry_match(successor, 100.0), province)
        if match.level == "district":
            return DISTRICT_LAST_DAY, None  # the district level was abolished on 1 July 2025
        new_province = province_successor(province)
        if entry is not None and entry.level == "province" and new_province is not None:
            return PROVINCE_LAST_DAY, self.key_for(match, new_province)
        return None, None

    def _materialise_successors(self, agency: Agency) -> None:
        """Create the chain of successor agencies of ``agency`` (no mentions)."""
        while agency.successor is not None and agency.successor not in self._agencies:
            slug, _, province_slug = agency.successor.removeprefix("agency:").partition("@")
            entry = next(e for e in load_gazetteer() if e.slug == slug)
            province = next((n for n in PROVINCES if slugify(n) == province_slug), None)
            successor = self._new_agency(agency.successor, _entry_match(entry, 100.0), province)
            self._agencies[agency.successor] = successor
            agency = successor
