"""ingest/scan.py: a word scanner finds exactly what its pattern's finditer finds."""

from __future__ import annotations

import pytest

from policygraph.ingest.named_backrefs import _BACK_SCAN
from policygraph.ingest.named_vocab import TRIGGER_SCAN
from policygraph.ingest.scan import WordScanner, leading_words, skeleton_regex


def test_leading_words() -> None:
    assert leading_words(r"ke\s+hoach") == {"ke"}
    assert leading_words(r"(?:de|phuong|du)\s+an") == {"de", "phuong", "du"}
    assert leading_words(r"chu[a-z]{0,2}ong\s+trinh") == {"chu"}
    assert leading_words(r"abc?d") == {"ab"}
    for unknown in (r"[a-z]+", r"ab|cd", r"(?:a(?:b|c))", r"\s+x", r"(?:ab)?c"):
        with pytest.raises(ValueError):
            leading_words(unknown)


@pytest.mark.parametrize("scanner", [TRIGGER_SCAN, _BACK_SCAN])
def test_word_scanner_is_finditer(scanner) -> None:  # type: ignore[no-untyped-def]
    words = ["ke hoach", "xke hoach", "de an", "du  an", "chuong trinh", "chuwong\ntrinh", "luat", "luatx",
             "nghi quyet dai hoi", "quy hoach", "quy dinh", "ket luan", "thong tu", "to trinh", "chien luoc"]
    tails = [" nay", " tren", " neu tren", " do", "", ",", "1", " x"]
    text = " ".join(f"{'(' if i % 3 else ''}{w}{t}" for i, w in enumerate(words) for t in tails)
    for sample in (text, text[1:], "ke hoach nay", "luat", ""):
        expected = [(m.span(), m.groupdict()) for m in scanner.pattern.finditer(sample)]
        assert [(m.span(), m.groupdict()) for m in scanner.finditer(sample)] == expected
    assert any(True for _ in scanner.finditer(text))


def test_skeleton_regex() -> None:
    assert skeleton_regex(r"ke\s+hoach") == "ke +hoach"
    assert skeleton_regex(r"chu[a-z]{0,2}ong\s+trinh") == "chu[a-z]{0,2}ong +trinh"
    assert skeleton_regex(r"nghi\s+quyet(?=\s+dai\s+hoi(?![a-z0-9]))") == "nghi +quyet"
    assert skeleton_regex(r"(?:de|phuong|du)\s+an") == "(?:de|phuong|du) +an"
    for other in (r"ke\s*hoach", r"ke.hoach", r"(?:ke)?\s+hoach", r"ke\s+hoach|luat", r"\d+"):
        with pytest.raises(ValueError):
            skeleton_regex(other)


def test_skeleton_finder_sees_matches_inside_others() -> None:
    """A match may open on the second word of a failed one ("hoach" after "ke")."""
    scanner = WordScanner([("a", r"ke\s+hoach(?=\s+x)"), ("b", r"hoach\s+dinh"), ("c", r"(?:de|du)\s+an")], "(?![a-z0-9])")
    assert scanner._skeleton_finder is not None
    for sample in ("ke hoach dinh", "ke hoach x", "ke hoach, dinh", "de an du an", "xde an", "de an1", "", "hoach  dinh"):
        expected = [(m.span(), m.groupdict()) for m in scanner.pattern.finditer(sample)]
        assert [(m.span(), m.groupdict()) for m in scanner.finditer(sample)] == expected
