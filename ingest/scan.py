"""Find what ``pattern.finditer(text)`` finds, trying the pattern only where a match can start.

A regex that opens with a look-behind (``(?<![a-z0-9])(?:ke\\s+hoach|…)``) keeps ``re`` from
skipping ahead to a likely first character: it is tried at every offset of a 320 KB report.
:class:`WordScanner` first finds the offsets where one of the alternatives' leading words is
printed (a plain alternation of literal words, which ``re`` skips to quickly) and tries the
pattern only there (:func:`matches_at`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

__all__ = [
    "WordScanner", "has_top_level_bar", "leading_words", "matches_at", "skeleton_regex", "starts_near_words", "word_skeleton",
]


def matches_at(scanner: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """What ``scanner.finditer(text)`` finds, given every offset where a match can start (sorted):
    the leftmost match, then the leftmost after its end, and so on."""
    pos = 0
    for start in starts:
        if start >= pos and (m := scanner.match(text, start)) is not None:
            yield m
            pos = m.end()


_QUANTIFIERS = ("?", "*", "+", "{")


def leading_words(pattern: str) -> frozenset[str]:
    """The literal lower-case words a regex's every match opens with: ``ke\\s+hoach`` → {"ke"},
    ``(?:de|phuong|du)\\s+an`` → {"de", "phuong", "du"}, ``chu[a-z]{0,2}ong`` → {"chu"}.

    Raises:
        ValueError: for a pattern of another shape, rather than guess (a word missed here would
            be a match missed).
    """
    if has_top_level_bar(pattern):
        raise ValueError(f"no leading words known for {pattern!r}")
    if pattern.startswith("(?:"):
        end = pattern.find(")")
        body, rest = pattern[3:end], pattern[end + 1 :]
        if end < 0 or "(" in body or "[" in body or "\\" in body.replace("\\s", "") or rest.startswith(_QUANTIFIERS):
            raise ValueError(f"no leading words known for {pattern!r}")
        return frozenset().union(*(leading_words(alternative) for alternative in body.split("|")))
    m = re.match(r"[a-z]+", pattern)
    word = m.group() if m else ""
    if pattern[len(word) : len(word) + 1] in _QUANTIFIERS:
        word = word[:-1]  # "ab?" opens with "a" only
    if not word:
        raise ValueError(f"no leading words known for {pattern!r}")
    return frozenset({word})


def has_top_level_bar(pattern: str) -> bool:
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


class WordScanner:
    """``pattern.finditer`` for ``(?<![a-z0-9])(?:(?P<name>alternative)|…)<tail>``, the pattern it
    builds (``pattern``), tried only where one of the alternatives' leading words is printed.

    Exact: a match opens with a leading word, so the word finder meets its start. The finder steps
    over the letters of each word it finds, but no match starts after a letter (the look-behind).

    A pattern whose every match ends on one of a few rare words ("Kế hoạch này": "này") is
    found faster from those words (``last_words``, see :func:`starts_near_words`).
    """

    def __init__(
        self, alternatives: Sequence[tuple[str, str]], tail: str, last_words: Iterable[str] = (), words_before: int = 0
    ) -> None:
        """``alternatives``: (group name, regex) pairs; ``tail``: the regex after them.

        ``last_words``: when given, every match must hold one of them as a whole word (letters
        a-z and digits between other characters), its start at most ``words_before`` whole
        words before it, and only white space between its words.

        A pattern whose tail is ``(?![a-z0-9])`` (it ends on a whole word) and whose
        alternatives are plain words (see :func:`skeleton_regex`) is looked for on the text's
        :func:`word_skeleton` first, alternatives and all.
        """
        self.pattern = re.compile("(?<![a-z0-9])(?:" + "|".join(f"(?P<{n}>{p})" for n, p in alternatives) + ")" + tail)
        words = frozenset().union(*(leading_words(p) for _, p in alternatives))
        self._finder = re.compile("|".join(sorted(words)))
        self._last_words = tuple(sorted(last_words))
        self._words_before = words_before
        self._skeleton_finder = _skeleton_finder([p for _, p in alternatives]) if tail == _WHOLE_WORD_END else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches of ``pattern`` in ``text``, as ``pattern.finditer(text)`` gives them."""
        if self._last_words:
            return matches_at(self.pattern, text, starts_near_words(text, self._last_words, self._words_before))
        if self._skeleton_finder is not None:
            starts = [m.start() for m in self._skeleton_finder.finditer(word_skeleton(text))]
            return matches_at(self.pattern, text, starts)
        return matches_at(self.pattern, text, (m.start() for m in self._finder.finditer(text)))


_WHOLE_WORD_END = "(?![a-z0-9])"
# A regex made of plain words: letters, white space, letter wildcards, a group of letter
# alternatives, and a look-ahead at the end.
_PLAIN_WORDS = re.compile(r"(?:[a-z]+|\\s\+|\[a-z\]\{\d+,\d+\}|\(\?:[a-z|]+\))+(?P<ahead>\(\?=.*\))?")


def skeleton_regex(alternative: str) -> str:
    """What ``alternative`` (a regex of plain words) becomes on a :func:`word_skeleton`:
    ``nghi\\s+quyet(?=\\s+dai)`` → ``nghi +quyet``. It matches wherever the alternative
    matches a run of whole words, and maybe elsewhere (the look-ahead is left out).

    Raises:
        ValueError: for a regex of another shape.
    """
    plain = _PLAIN_WORDS.fullmatch(alternative)
    if plain is None:
        raise ValueError(f"not a regex of plain words: {alternative!r}")
    body = alternative[: plain.start("ahead")] if plain.group("ahead") else alternative
    return body.replace("\\s+", " +")


def _skeleton_finder(alternatives: Sequence[str]) -> re.Pattern[bytes] | None:
    """One pass over the skeleton for a whole-word match of any alternative: a space, then the
    alternative and a space, looked at and not taken (a match may open inside another's
    words). None when some alternative is not plain words.

    Grouped by first letter (``c(?:hien +luoc|hu…)``): the regex engine then tries fewer
    branches at each space.
    """
    try:
        skeletons = sorted(skeleton_regex(p) for p in alternatives)
    except ValueError:
        return None
    by_letter: dict[str, list[str]] = {}
    for skeleton in skeletons:
        letter = skeleton[0] if skeleton[:2].isalpha() else ""  # a word of two letters or more opens it
        by_letter.setdefault(letter, []).append(skeleton)
    branches = [
        f"{letter}(?:{'|'.join(s[1:] for s in group)})" if letter else "|".join(group)
        for letter, group in sorted(by_letter.items())
    ]
    return re.compile((" (?=(?:" + "|".join(branches) + ") )").encode())


# Every byte but ASCII a-z and 0-9 to a space: what is left of a text is its whole words.
_WORD_BYTES = bytes(c if 48 <= c <= 57 or 97 <= c <= 122 else 32 for c in range(256))


def word_skeleton(text: str) -> bytes:
    """``text`` as one byte per character, a space for every character but a-z and 0-9, with one
    space more at each end: a whole word ``w`` at offset ``i`` is ``b" w "`` at ``i``.

    The last one is kept: the name and back-reference finders look at the same text.
    """
    last = _LAST_SKELETON[0]  # one read: another thread may replace it
    if last is not None and last[0] is text:
        return last[1]
    skeleton = b" " + text.encode("ascii", "replace").translate(_WORD_BYTES) + b" "
    _LAST_SKELETON[0] = (text, skeleton)
    return skeleton


_LAST_SKELETON: list[tuple[str, bytes] | None] = [None]


def starts_near_words(text: str, words: Iterable[str], words_before: int) -> list[int]:
    """Sorted offsets of every whole occurrence of ``words`` in ``text`` and of the (at most
    ``words_before``) whole words before each: the only places a match can start whose words
    are whole words, the last of them one of ``words``.

    Whole words are runs of a-z and 0-9; the search runs on :func:`word_skeleton` with
    ``bytes.find``, which outruns any regex that has no literal to skip to.
    """
    skeleton = word_skeleton(text)
    starts: set[int] = set()
    for word in words:
        needle = f" {word} ".encode()
        at = skeleton.find(needle)
        while at >= 0:
            starts.add(at)  # the skeleton's leading space: its index is the word's offset in text
            space = at  # skeleton index of a space just before a word
            for _ in range(words_before):
                while space > 0 and skeleton[space] == 32:
                    space -= 1
                if space == 0:
                    break
                space = skeleton.rfind(b" ", 0, space)
                starts.add(space)
            at = skeleton.find(needle, at + 1)
    return sorted(starts)
