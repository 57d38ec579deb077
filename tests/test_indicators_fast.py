"""The indicator fast paths give what the patterns as first written give.

Each test writes the plain computation (the original pattern, tried everywhere) and compares it
with the shortcut on every sentence of the corpus, folded, and on edge cases made to trip it.
"""

from __future__ import annotations

import random
import re

import pytest

from policygraph.ingest import indicators
from policygraph.ingest.normalise import normalise_text
from policygraph.ingest.textfold import fold
from tests.conftest import BAO_CAO, BEN_TRE, NEWS_317, OCR_PLAN, corpus_file

# The pattern _trim_end searched for before its shortcuts: (?:\s|^)WORDS\s*$ within the window.
_PLAIN_TRAILING = re.compile(r"(?:\s|^)" + indicators._TRAILING_WORDS + r"\s*$")
_PLAIN_IRREGULAR_SPACE = re.compile(r"\s{2,}|[^\S ]")


def _plain_trim_end(folded: str, start: int, end: int) -> int:
    while end > start:
        m = _PLAIN_TRAILING.search(folded, max(start, end - indicators._TRAILING_SPAN), end)
        if m is None or m.end() != end:
            break
        end = m.start()
    return end


def _collapsed_sentences() -> list[str]:
    """Every corpus line and sentence-like piece, folded and collapsed to single spaces."""
    found = []
    for name in (BAO_CAO, BEN_TRE, NEWS_317, OCR_PLAN):
        text = normalise_text(corpus_file(name).read_text(encoding="utf-8")).text
        for piece in re.split(r"[.;\n]", fold(text)):
            collapsed = " ".join(piece.split())
            if collapsed:
                found.append(collapsed)
    return found


def test_trim_end_equals_the_plain_search_on_the_corpus() -> None:
    sentences = _collapsed_sentences()
    assert len(sentences) > 1000
    trimmed = 0
    for folded in sentences:
        for end in {len(folded), *(m.start() for m in re.finditer(" ", folded))}:
            for start in (0, min(5, end)):
                fast = indicators._trim_end(folded, start, end)
                assert fast == _plain_trim_end(folded, start, end), (folded, start, end)
                trimmed += fast != end
    assert trimmed > 100  # the comparison covers ends that do get trimmed


@pytest.mark.parametrize("seed", range(5))
def test_trim_end_equals_the_plain_search_on_made_up_endings(seed: int) -> None:
    rnd = random.Random(seed)
    words = ["nam 2023", "den nam 2030", "giai doan 2021 - 2025", "uoc", "dat duoc", "la", "1a", ":", ",", "-",
             "+", "tang", "ting", "san luong", "kim ngach", "xuat khau", "12 thang dau nam 2024",
             "thang 6/2024", "x", "tro len", "muc", "2023", "hien nay", "va"]
    for _ in range(400):
        folded = " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 9)))
        for start in range(0, min(len(folded), 12)):
            assert indicators._trim_end(folded, start, len(folded)) == \
                _plain_trim_end(folded, start, len(folded)), (folded, start)


def test_irregular_space_finds_the_runs_the_plain_pattern_finds() -> None:
    rnd = random.Random(7)
    pieces = [" ", "  ", "\t", "\n", " \n", "\u00a0", "a", "bc", "1", " \t ", "\r"]
    texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 30))) for _ in range(3000)]
    texts += [normalise_text(corpus_file(OCR_PLAN).read_text(encoding="utf-8")).text]
    for text in texts:
        fast = [m.span() for m in indicators._IRREGULAR_SPACE.finditer(text)]
        assert fast == [m.span() for m in _PLAIN_IRREGULAR_SPACE.finditer(text)], repr(text)


def _plain_offsets(raw: str, raw_start: int) -> list[int]:
    """Raw offset of each character of the collapsed sentence: a run's space maps to its first character."""
    offsets, i = [], len(raw) - len(raw.lstrip())
    end = len(raw.rstrip())
    while i < end:
        if raw[i].isspace():
            offsets.append(raw_start + i)
            while raw[i].isspace():
                i += 1
        else:
            offsets.append(raw_start + i)
            i += 1
    return offsets


@pytest.mark.parametrize("seed", range(3))
def test_offset_map_equals_a_walk_over_the_raw_sentence(seed: int) -> None:
    rnd = random.Random(seed)
    pieces = [" ", "  ", "\n", "\t", "\u00a0", "Sản", "lượng", "đạt", "12,5", "%", "-", "tấn."]
    raws = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 25))) for _ in range(2000)]
    raws += corpus_file(BAO_CAO).read_text(encoding="utf-8").split("\n\n")[:200]
    for raw in raws:
        text = " ".join(raw.split())
        if not text:
            continue
        offsets = indicators._OffsetMap(raw, 100, text)
        assert [offsets[i] for i in range(len(text))] == _plain_offsets(raw, 100), repr(raw)
