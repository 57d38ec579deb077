"""Scan a segment of text for every agency it names: :func:`find_agency_mentions`.

Gazetteer bodies (each head word's best window of tokens, scored by :mod:`.agency_match`), generic
groups ("các Sở, ban, ngành") and bodies not in the gazetteer (capitalised words after a head word),
each with its raw spelling and line; overlaps keep the longer name.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from operator import attrgetter

from rapidfuzz.distance import Levenshtein

from policygraph.ingest.agency_match import (
    HEAD_VARIANTS,
    TOKEN_SEPARATORS,
    AgencyMatch,
    Form,
    canon_head,
    entry_match,
    form_index,
    group_match,
    has_diacritics,
    longest_province_suffix,
    match_agency,
    opens_province_suffix,
    province_suffix_len,
    score_window,
    token_matches,
    tokenize,
    unify_tones,
)
from policygraph.ingest.gazetteer import GENERIC_GROUPS, GenericGroup, slugify
from policygraph.ingest.lines import line_starts
from policygraph.ingest.scan import has_top_level_bar, matches_at
from policygraph.ingest.textfold import fold

__all__ = ["AgencyMention", "find_agency_mentions"]


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


@dataclass(slots=True)
class _Span:
    """A candidate mention: token range, offsets and what it matched.

    The segment is never split into tokens as a whole: a span found by pattern (generic group,
    unknown body) is made with ``first = last = -1`` and its bonus as ``priority``, a gazetteer window
    with its token range counted from its own first token; :meth:`_Scan.number` makes both token
    indices of the segment (and the priority of the first kind).
    """

    first: int
    last: int  # exclusive token index
    start: int
    end: int
    match: AgencyMatch
    priority: float


def find_agency_mentions(
    lines: Sequence[str], first_line: int, file: str, jurisdiction: str | None = None,
    folded: str | None = None,
) -> list[AgencyMention]:
    """Find every agency named in a segment: gazetteer bodies, generic groups and unknown bodies.

    Names may run across line breaks ("Uy ban nhan\\ndan cac huyén"); the mention's line is where it
    starts. Overlaps keep the longer name ("Ban Thường vụ Tỉnh ủy" over "Tỉnh ủy").

    Args:
        lines: the cleaned lines of the segment.
        first_line: the raw 1-based line number of ``lines[0]``.
        file: the file name, for evidence.
        jurisdiction: the document's province, if known.
        folded: ``fold("\\n".join(lines))`` when the caller has it (it need not be folded again).

    Returns:
        The mentions in text order.

    Example:
        >>> [m.match.canonical for m in find_agency_mentions(["S6 Cong Thuong chu tri"], 1, "f.txt")]
        ['Sở Công Thương']
    """
    text = "\n".join(lines)
    folded = fold(text) if folded is None else folded
    scan = _Scan.of(folded)
    spans = _generic_spans(folded) + _gazetteer_spans(text, folded, scan) + _unknown_spans(text, scan)
    chosen = _choose(scan.number(spans))
    starts = line_starts(lines)
    contexts: dict[tuple[int, int], str] = {}
    return [_mention(text, lines, s, starts, first_line, file, contexts) for s in chosen]


def _line_index(line_starts: Sequence[int], offset: int) -> int:
    """The index of the line holding ``offset``."""
    return max(0, bisect.bisect_right(line_starts, offset) - 1)


def _context(printed: str) -> str:
    """The first 300 characters of ``printed`` with white space collapsed and stripped.

    Collapsing a prefix gives a prefix of the whole collapsed (a word cut short is a prefix of the
    word): a line of a table kilobytes long is read only as far as needed.
    """
    if len(printed) > _CONTEXT_READ:
        head = " ".join(printed[:_CONTEXT_READ].split())
        if len(head) >= _CONTEXT_SIZE:
            return head[:_CONTEXT_SIZE]
    return " ".join(printed.split())[:_CONTEXT_SIZE]


_CONTEXT_SIZE = 300
_CONTEXT_READ = 1000


def _mention(
    text: str,
    lines: Sequence[str],
    span: _Span,
    line_starts: Sequence[int],
    first_line: int,
    file: str,
    contexts: dict[tuple[int, int], str],
) -> AgencyMention:
    """Build the public mention for a chosen span (``contexts``: the lines' texts already built,
    since a line often names several bodies)."""
    first, last = _line_index(line_starts, span.start), _line_index(line_starts, max(span.start, span.end - 1))
    context = contexts.get((first, last))
    if context is None:
        context = contexts[first, last] = _context(" ".join(lines[first : last + 1]))
    raw = " ".join(text[span.start : span.end].split())  # white space collapsed and stripped
    return AgencyMention(raw, first_line + first, file, span.match, span.start, span.end, context)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SEPARATOR = re.compile(f"[{TOKEN_SEPARATORS}]")
_OTHER_BYTE = 0xFF  # a token character that no head word holds


@dataclass(frozen=True, slots=True)
class _Scan:
    """A folded text as bytes that C-speed methods search instead of splitting it into tokens.

    ``words`` has a space for each separator and each token character as itself (a non-ASCII one as
    a byte of its own if a head word holds it, else as 0xFF); ``mask`` has "a" for each token
    character and a space for each separator. Both are padded with a space at each end: byte
    ``k + 1`` is character ``k``, so a token starts at character ``p`` where ``mask[p:p + 2]`` is
    " a" and ends at ``q`` where ``mask[q:q + 2]`` is "a ".
    """

    words: bytes
    mask: bytes

    @classmethod
    def of(cls, folded: str) -> _Scan:
        """Scan a folded text (about a millisecond for a 300 KB report)."""
        if folded.isascii():
            core = folded.encode("ascii")
        else:
            core = _NON_ASCII.sub(lambda m: _non_ascii_byte(m.group()), folded).encode("latin-1")
        words = (b" " + core + b" ").translate(_word_table())
        return cls(words, words.translate(_MASK_TABLE))

    def number(self, spans: list[_Span]) -> list[_Span]:
        """Give each span its token indices in the segment (see :class:`_Span`), in place.

        ``first`` is the number of tokens starting before the span, ``last`` one more than the
        number of tokens ending before its end (the token range that bisecting the token offsets
        gave, odd spans that open or close inside a token included).
        """
        starts = self._counts(b" a", [s.start for s in spans])
        ends = self._counts(b"a ", [s.end for s in spans if s.first < 0])
        for span in spans:
            base = starts[span.start]
            if span.first < 0:
                span.first, span.last = base, ends[span.end] + 1
                span.priority = (span.last - span.first) * 10 + span.priority
            else:
                span.first += base
                span.last += base
        return spans

    def _counts(self, pair: bytes, offsets: list[int]) -> dict[int, int]:
        """For each offset, how many token starts (``pair`` " a") or ends ("a ") lie before it;
        counted from one offset to the next, so the text is read once."""
        counts: dict[int, int] = {}
        total = previous = 0
        for offset in sorted(set(offsets)):
            total += self.mask.count(pair, previous, offset + 1)
            counts[offset] = total
            previous = offset
        return counts


_MASK_TABLE = bytes(32 if b == 32 else ord("a") for b in range(256))


@lru_cache(maxsize=1)
def _word_table() -> bytes:
    """Translate a folded text's bytes for :attr:`_Scan.words`: each ASCII separator to a space."""
    return bytes(32 if b < 128 and _SEPARATOR.match(chr(b)) else b for b in range(256))


@lru_cache(maxsize=None)
def _non_ascii_byte(char: str) -> str:
    """The latin-1 stand-in for a non-ASCII character in :attr:`_Scan.words`."""
    if _SEPARATOR.match(char):
        return " "
    held = _head_characters()
    return chr(0x80 + held.index(char)) if char in held else chr(_OTHER_BYTE)


@lru_cache(maxsize=1)
def _head_characters() -> str:
    """The non-ASCII characters of the head words ("¢" of "s¢"), each given a byte of its own."""
    held = "".join(sorted({c for word in _head_index() for c in word if not c.isascii()}))
    assert 0x80 + len(held) < _OTHER_BYTE, "one byte per character"
    return held


def _word_bytes(word: str) -> bytes:
    """A head word as :attr:`_Scan.words` spells it."""
    return "".join(c if c.isascii() else _non_ascii_byte(c) for c in word).encode("latin-1")


def _generic_spans(folded: str) -> list[_Span]:
    """Spans of generic groups ("các Sở, ban, ngành"), matched by pattern on folded text.

    Each group is tried only where one of the groups sharing its opening matches
    (:func:`_generic_finders`), which is a handful of places in a report.
    """
    places: dict[int, list[int]] = {}
    for finder, members in _generic_finders():
        found = [m.start() for m in finder.finditer(folded)]
        places.update(dict.fromkeys(members, found))
    spans: list[_Span] = []
    for number, (group, scanner, opening) in enumerate(_generic_scanners()):
        if opening is None:
            matches: Iterator[re.Match[str]] = scanner.finditer(folded)
        else:
            matches = matches_at(scanner, folded, places[number])
        for m in matches:
            match = group_match(group.name, group.district_level)
            spans.append(_Span(-1, -1, m.start(), m.end(), match, 5.0))
    return spans


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


@lru_cache(maxsize=1)
def _generic_finders() -> tuple[tuple[re.Pattern[str], tuple[int, ...]], ...]:
    """For each opening of _OPENINGS in use, a regex finding where one of the groups that open so
    matches, with those groups' indices.

    The regex is the opening's (its literal first letter lets ``re`` skip ahead), then a
    look-behind that steps back over that letter to try every such group there at once.
    """
    members: dict[re.Pattern[str], list[int]] = {}
    for number, (_, _, opening) in enumerate(_generic_scanners()):
        if opening is not None:
            members.setdefault(opening, []).append(number)
    finders = []
    for opening, numbers in members.items():
        letter = opening.pattern[0]
        assert letter.isalpha() and opening.pattern[1] == "(", "an opening starts with a literal letter"
        groups = "|".join(GENERIC_GROUPS[n].pattern for n in numbers)
        finders.append((re.compile(f"{opening.pattern}(?<=(?<![a-z])(?=(?:{groups})(?![a-z])){letter})"), tuple(numbers)))
    return tuple(finders)


def _opening(pattern: str) -> re.Pattern[str] | None:
    """The start-finder for a pattern that is one of _OPENINGS followed by more of the sequence
    (no "|" outside brackets, which could let a match open otherwise, nor a quantifier right after)."""
    for prefix, finder in _OPENINGS:
        rest = pattern[len(prefix):]
        if pattern.startswith(prefix) and not rest.startswith(("*", "+", "?", "{")) and not has_top_level_bar(pattern):
            return finder
    return None


def _in_symbol(text: str, start: int, end: int) -> bool:
    """True for an abbreviation inside a document symbol ("187/SCT-TM", "1297/SKHĐT-QLQH"): it names
    the issuer of a letter, not an agency acting in the text (gold NOTES, binhphuoc_sct_bao-cao)."""
    return text[start - 1 : start] in {"/", "-"} or text[end : end + 1] in {"/", "-"}


def _gazetteer_spans(text: str, folded: str, scan: _Scan) -> list[_Span]:
    """Spans of gazetteer bodies: at each head word, the best-scoring window of tokens."""
    finder, heads = _head_finder()
    spans: list[_Span] = []
    memo, margin = _WINDOW_MEMO, _MEMO_MARGIN
    for m in finder.finditer(scan.words):
        reach = m.lastindex or 0  # the group of the words after the head, which says which head
        forms, start = heads[reach - 1], m.start()
        # The best window depends only on the printed words from the head on (and the few
        # characters around them that _window_tokens and _in_symbol look at): memoise on that
        # text, since a report names "Sở Công Thương" hundreds of times.
        key = (forms.head, text[start - margin if start > margin else 0 : m.end(reach) - 1 + margin])
        best = memo.get(key, _NOT_YET)
        if best is _NOT_YET:
            best = _best_window(text, folded, start, forms)
            if len(_WINDOW_MEMO) >= _MEMO_SIZE:
                _WINDOW_MEMO.clear()
            _WINDOW_MEMO[key] = best
        if best is not None:
            # The span too is memoised when it depends on nothing past the window but the word
            # after it, which the key holds when the window is not the longest.
            made = _SPAN_MEMO.get(key)
            if made is None:
                span, local = _window_span(text, folded, start, *best)
                if local and best[1] <= forms.longest:
                    _SPAN_MEMO[key] = (span.end - start, span.last, span.match, span.priority)
                spans.append(span)
            else:
                spans.append(_Span(0, made[1], start, start + made[0], made[2], made[3]))
    if len(_SPAN_MEMO) >= _MEMO_SIZE:
        _SPAN_MEMO.clear()
    return spans


@lru_cache(maxsize=1)
def _head_finder() -> tuple[re.Pattern[bytes], list[_HeadForms]]:
    """A regex over :attr:`_Scan.words` finding each head word, and the spellings by the number of
    the group it fills: the words after the head that a window may take (the memo key's reach).

    It opens with the space before the head, a literal ``re`` skips ahead to, then branches on the
    head's first letter; the words after the head are alternatives, most words first, which ``re``
    tries much faster than a repeated group.
    """
    heads = _head_index()
    by_first: dict[bytes, list[str]] = {}
    for word in sorted(heads, key=len, reverse=True):
        by_first.setdefault(_word_bytes(word)[:1], []).append(word)
    groups: list[_HeadForms] = []  # by group number - 1 (group 0 is the whole match)
    branches = []
    for first, words in by_first.items():
        alternatives = []
        for word in words:
            groups.append(heads[word])
            after = b"|".join(b" +[^ ]+" * n for n in range(heads[word].longest, -1, -1))
            alternatives.append(re.escape(_word_bytes(word)[1:]) + b"(?= )(?=(" + after + b"))")
        branches.append(re.escape(first) + b"(?:" + b"|".join(alternatives) + b")")
    return re.compile(b" (?:" + b"|".join(branches) + b")"), groups


_NOT_YET = object()
_SPAN_MEMO: dict[tuple[str, str], tuple[int, int, AgencyMatch, float]] = {}
_MEMO_MARGIN = 16
_MEMO_SIZE = 100_000
_WINDOW_MEMO: dict[tuple[str, str], tuple[float, int, Form] | None] = {}


@dataclass(frozen=True, slots=True)
class _HeadForms:
    """The spellings of one head word, sorted so that a window is scored only against those that
    can give it a score above 0 (see :meth:`candidates`)."""

    head: str
    longest: int  # tokens in the longest spelling
    second_initials: frozenset[str]  # first letters of the second words
    exact: dict[str, tuple[Form, ...]]  # by " ".join(tokens)
    exact_accented: dict[str, tuple[Form, ...]]  # by accented_target
    one_typo_accented: dict[int, tuple[Form, ...]]  # by token count: _accented_score's Levenshtein case
    near_exact: dict[int, tuple[Form, ...]]  # by token count: _near_exact's Levenshtein case
    fuzzy: dict[int, tuple[Form, ...]]  # by token count: fuzz.ratio in score_window
    typed_openings: dict[int, frozenset[str]]  # by n: the first n accented words of each spelling
    typo_openings: dict[int, frozenset[str]]  # by n: the same, of the spellings one typo may match

    @classmethod
    def of(cls, head: str, forms: Sequence[Form]) -> _HeadForms:
        def grouped(key: Callable[[Form], object], keep: Callable[[Form], bool]) -> dict:
            groups: dict = {}
            for form in forms:
                if keep(form):
                    groups.setdefault(key(form), []).append(form)
            return {k: tuple(v) for k, v in groups.items()}

        def count(f: Form) -> int:
            return len(f.tokens)

        def openings(keep: Callable[[Form], bool]) -> dict[int, frozenset[str]]:
            found: dict[int, set[str]] = {}
            for form in forms:
                if keep(form):
                    for n in range(1, len(form.accented) + 1):
                        found.setdefault(n, set()).add(unify_tones(form.accented[:n]))
            return {n: frozenset(texts) for n, texts in found.items()}

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
            openings(lambda f: True),
            openings(lambda f: not f.exact_only and len(f.accented_target) >= 12),
        )

    def typed_may_score(self, accented: Sequence[str]) -> bool:
        """Whether a window printed with diacritics, or a longer one it opens, may score above 0.

        Such a window scores only when equal to a spelling up to tone placement, or one typo
        away from a long one of as many words (:func:`_accented_score`); a typo keeps the words
        apart, so the window's words must open a spelling's, up to one typo where one is allowed.
        """
        text, size = unify_tones(accented), len(accented)
        if text in self.typed_openings.get(size, ()):
            return True
        return any(abs(len(opening) - len(text)) <= 1 and Levenshtein.distance(text, opening, score_cutoff=1) <= 1
                   for opening in self.typo_openings.get(size, ()))

    def candidates(self, window: Sequence[str], accented: Sequence[str] | None) -> list[Form]:
        """Every spelling that :func:`score_window` can score above 0 for this window (maybe more).

        Text with diacritics scores only an equal spelling or, for a long one of as many words,
        one typo (so a length within one). Folded text scores an equal spelling, a short one of
        as many words with one slip, or by fuzz.ratio one a word shorter, as long or a word longer.
        """
        size = len(window)
        if accented is not None:
            text = unify_tones(accented)
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
    heads = {head: _HeadForms.of(head, forms) for head, forms in form_index().items()}
    printed = {word for word in HEAD_VARIANTS if canon_head(word) in heads}
    return {**{w: heads[w] for w in heads if canon_head(w) == w}, **{w: heads[canon_head(w)] for w in printed}}


def _best_window(text: str, folded: str, start: int, forms: _HeadForms) -> tuple[float, int, Form] | None:
    """(score, size, spelling) of the best window starting with the head word at ``start``, or None.

    Windows one token shorter or longer than a spelling absorb OCR splits and merges. The best is
    the highest score, then the longer window, then the spelling listed first.
    """
    best: tuple[float, int, Form] | None = None
    window: list[re.Match[str]] = []
    words: list[str] = []  # the window's words, built only when a window is not memoised yet
    accented: list[str] = []
    typed = False
    for size, token in enumerate(_window_tokens(text, folded, start, forms.longest + 1), start=1):
        window.append(token)
        # Memoised on the printed window, which is all the scores depend on: the same few
        # words follow a head word again and again ("công nghiệp", "tỉnh Bình Phước").
        key = (forms.head, text[start : token.end()])
        found = _SCORE_MEMO.get(key)
        if found is None:
            built = len(words)
            _extend_words(text, window, words, accented)
            typed = typed or any(map(_typed, accented[built:]))
            found = _window_scores(forms, words, accented if typed else None)
            if len(_SCORE_MEMO) >= _MEMO_SIZE:
                _SCORE_MEMO.clear()
            _SCORE_MEMO[key] = found
        stop, scores = found
        if stop:
            break
        for score, form in scores:
            if form.abbreviation and len(form.tokens) == 1 and _in_symbol(text, start, window[0].end()):
                continue
            if best is None or (score, size, -form.order) > (best[0], best[1], -best[2].order):
                best = (score, size, form)
    return best


_WindowScores = tuple[bool, tuple[tuple[float, Form], ...]]
_SCORE_MEMO: dict[tuple[str, str], _WindowScores] = {}


def _window_scores(forms: _HeadForms, words: Sequence[str], accented: Sequence[str] | None) -> _WindowScores:
    """Whether the windows stop before this window, and if not every spelling of ``forms`` that
    scores above 0 on it, with its score (memoised on the words: windows printed apart, "Sở Công
    Thương", "SỞ CÔNG THƯƠNG", "Sở  Công\nThương", often read the same)."""
    key = (forms.head, tuple(words), None if accented is None else tuple(accented))
    found = _WORDS_MEMO.get(key)
    if found is None:
        if len(_WORDS_MEMO) >= _MEMO_SIZE:
            _WORDS_MEMO.clear()
        found = _WORDS_MEMO[key] = _window_scores_now(forms, words, accented)
    return found


_WORDS_MEMO: dict[tuple[str, tuple[str, ...], tuple[str, ...] | None], _WindowScores] = {}


def _window_scores_now(forms: _HeadForms, words: Sequence[str], accented: Sequence[str] | None) -> _WindowScores:
    """:func:`_window_scores`, computed."""
    if accented is not None and len(words) > 1 and words[1][:1] not in forms.second_initials:
        return (True, ())  # typed text: every spelling this long or longer fails the test below
    if accented is not None and not forms.typed_may_score(accented):
        return (True, ())  # typed text: no window this long or longer can score
    second = words[1][:1] if accented is not None and len(words) > 1 else None
    return (False, tuple(
        (score, form)
        for form in forms.candidates(words, accented)
        # typed text: the second word must at least start alike (keeps "số …" cheap)
        if not (second is not None and len(form.tokens) > 1 and second != form.tokens[1][:1])
        and (score := score_window(words, form, accented))
    ))


def _window_tokens(text: str, folded: str, start: int, longest: int) -> Iterator[re.Match[str]]:
    """The last tokens of the windows of 1 to ``longest`` tokens from the token at ``start``,
    shortest first (a window is its first token to its last).

    A name does not run across sentence punctuation, nor put a comma right after its head word:
    the windows stop there (every longer one would cross it too). Each window is the previous one
    and a token, so only that token and the gap before it are looked at, and tokens are read only
    as far as the windows go.
    """
    matches = token_matches(folded, start)
    head = next(matches)
    yield head
    gap_start = head.end()
    for size, m in enumerate(islice(matches, longest - 1), start=2):
        token_start, token_end = m.span()
        if _SENTENCE_PUNCTUATION.search(text, gap_start, token_end):
            return
        if size == 2 and "," in text[gap_start:token_start]:
            return
        yield m
        gap_start = token_end


def _extend_words(text: str, window: Sequence[re.Match[str]], words: list[str], accented: list[str]) -> None:
    """Add the window's tokens that ``words`` and ``accented`` do not hold yet: the folded word
    (the head canonical) and its accented twin (lower case)."""
    for m in window[len(words) :]:
        words.append(m.group() if words else canon_head(m.group()))
        accented.append(text[m.start() : m.end()].lower())


_typed = lru_cache(maxsize=1 << 14)(has_diacritics)  # words repeat, and each is asked about once a window


_SENTENCE_PUNCTUATION = re.compile(r"[;:.()]")


# "Sở Công Thương 05 tỉnh trong vùng Đông Nam Bộ" (binhphuoc_sct_bao-cao_2022-2024.txt:397) are the
# departments of other provinces, not this province's Sở: a group of their own, named as printed.
_OTHER_PROVINCES = re.compile(r"(?:\d+|cac|mot so) tinh\b")


def _other_provinces_span(
    text: str, tokens: Sequence[tuple[str, int, int]], words: Sequence[str], i: int, last: int, form: Form
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


def _window_span(text: str, folded: str, start: int, score: float, size: int, form: Form) -> tuple[_Span, bool]:
    """The span of a matched window of ``size`` tokens from offset ``start``, a trailing "(tỉnh)
    <province>" or Party term included; its token range counts from the window's first token.
    Also whether it depends on nothing past the window but the word after it."""
    entry = form.entry
    # Only a provincial body or a Party committee reads past its window, and only when the next
    # word may open what it reads: then read as far as it may.
    reads_on = entry.level == "province" or entry.kind == "party"
    tokens = tokenize(folded, start, size + 1 if reads_on else size)
    if not (reads_on and len(tokens) > size and _may_follow(tokens[size][0])):
        return _Span(0, size, start, tokens[size - 1][2], entry_match(entry, score), size * 10 + score / 100), True
    tokens = tokenize(folded, start, size + _suffix_reach())
    words = [t[0] for t in tokens]
    last = size
    if entry.level == "province" and _OTHER_PROVINCES.match(" ".join(words[last : last + 2])):
        tokens = tokenize(folded, start, size + _REGION_REACH)
        return _other_provinces_span(text, tokens, [t[0] for t in tokens], 0, last, form), False
    last += province_suffix_len(words, last) if entry.level == "province" else 0
    if entry.kind == "party" and words[last : last + 1] == ["khoa"] and last + 1 < len(words):
        # The term of a Party committee belongs to its name: "Ban Chấp hành Trung ương Đảng khóa XIII"
        # (binhduong_kh-7099-ubnd_2024_ocr.txt:17, OCR "XI11I" at 67).
        last += 2 if re.fullmatch(r"[ivxl1]+", words[last + 1]) else 0
    match = entry_match(entry, score)
    return _Span(0, last, start, tokens[last - 1][2], match, last * 10 + score / 100), False


def _may_follow(word: str) -> bool:
    """Whether a word after a window may open what _window_span adds to it: "(tỉnh) <province>",
    "<n>/các tỉnh" (_OTHER_PROVINCES) or a Party term "khóa"."""
    return opens_province_suffix(word) or word in {"cac", "mot", "khoa"} or word.isdigit()


# Tokens after the window that _other_provinces_span reads: "<n> tỉnh trong vùng" and up to six
# capitalised words (it stops 10 tokens on).
_REGION_REACH = 12


@lru_cache(maxsize=1)
def _suffix_reach() -> int:
    """Tokens after the window that _window_span reads: "tỉnh <province>", then "khóa <term>"."""
    return longest_province_suffix() + 2


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


def _unknown_spans(text: str, scan: _Scan) -> list[_Span]:
    """Spans of bodies not in the gazetteer, read from capitalisation after a head word.

    Their priority is below every gazetteer span, so "Cục Thú y công nhận" stays "Cục Thú y".
    """
    spans: list[_Span] = []
    openings = sorted(o.start() for finder in _unknown_openings() for o in finder.finditer(text))
    for m in matches_at(_UNKNOWN_HEAD, text, openings):
        end = _name_run_end(text, m.end())
        if end <= m.end():
            continue
        match = match_agency(text[m.start() : end])
        if match is None or match.generic:
            continue
        spans.append(_Span(-1, -1, m.start(), end, match, -10_000.0))
        if match.kind == "district":
            spans += _elided_districts(text, end, m.group("head"))
    return spans


# The words an _UNKNOWN_HEAD match opens with: it is tried only where one is printed.
_UNKNOWN_OPENINGS = ("Trường ", "Trung tâm", "Tham tán", "Tổng cục", "Câu lạc bộ", "Chi cục", "Cục",
                     "Hiệp hội", "Hội", "Viện", "UBND ", "Ủy ban nhân dân ")


@lru_cache(maxsize=1)
def _unknown_openings() -> tuple[re.Pattern[str], ...]:
    """One regex per first letter of _UNKNOWN_OPENINGS finding where they are printed: a literal
    first letter lets ``re`` skip ahead, where _UNKNOWN_HEAD, with its look-behind, would be tried
    at every character; the rest is a look-ahead, so every place is found."""
    by_first: dict[str, list[str]] = {}
    for words in _UNKNOWN_OPENINGS:
        by_first.setdefault(words[0], []).append(re.escape(words[1:]))
    return tuple(re.compile(re.escape(first) + "(?=" + "|".join(rests) + ")") for first, rests in by_first.items())


# "UBND thành phố Đồng Xoài, huyện Đồng Phú" (binhphuoc_sct_bao-cao_2022-2024.txt:1329): the second
# district's "UBND" is elided, it is a body all the same.
_ELIDED_DISTRICT = re.compile(r"\s*(?:,|và)\s*(?P<unit>huyện|thị xã|thành phố|quận)\s+(?=[A-ZĐ])")


def _elided_districts(text: str, pos: int, head: str) -> list[_Span]:
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
        spans.append(_Span(-1, -1, m.start("unit"), end, match, -10_000.0))
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
    taken = bytearray(max((s.last for s in spans), default=0) + 1)  # 1 for each token taken
    chosen: list[_Span] = []
    for span in sorted(spans, key=lambda s: (-s.priority, s.start)):
        first, last = span.first, span.last
        if first < last:
            if taken.find(1, first, last) >= 0:
                continue
            taken[first:last] = b"\x01" * (last - first)
        chosen.append(span)
    return sorted(chosen, key=attrgetter("start"))
