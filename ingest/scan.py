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

__all__ = ["WordScanner", "has_top_level_bar", "leading_words", "matches_at"]


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
    """

    def __init__(self, alternatives: Sequence[tuple[str, str]], tail: str) -> None:
        """``alternatives``: (group name, regex) pairs; ``tail``: the regex after them."""
        self.pattern = re.compile("(?<![a-z0-9])(?:" + "|".join(f"(?P<{n}>{p})" for n, p in alternatives) + ")" + tail)
        words = frozenset().union(*(leading_words(p) for _, p in alternatives))
        self._finder = re.compile("|".join(sorted(words)))

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches of ``pattern`` in ``text``, as ``pattern.finditer(text)`` gives them."""
        return matches_at(self.pattern, text, (m.start() for m in self._finder.finditer(text)))
