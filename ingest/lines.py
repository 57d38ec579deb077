"""Where each line of a segment starts, in its lines joined by "\\n" (shared by the readers)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate, count
from operator import add


def line_starts(lines: Sequence[str]) -> list[int]:
    """Offset in ``"\\n".join(lines)`` of the first character of each line (index 0 is line 1).

    Line i starts after the i lines before it and their i newlines (map and accumulate run in C).

    Example:
        >>> line_starts(["ab", "", "c"])
        [0, 3, 4]
    """
    return list(map(add, accumulate(map(len, lines[:-1]), initial=0), count())) if lines else []
