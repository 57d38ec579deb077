"""The fast paths of reference finding give what the plain computation gives.

Each shortcut in ``references``, ``named``, ``named_text`` and ``scan`` is compared with the
simple computation it replaces, on whole corpus files and on random text built to hit the
edges (doubled and Unicode white space, punctuation between words, accented letters,
digits glued to words).
"""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest

from policygraph.ingest import named_text
from policygraph.ingest.named import _fta_matches
from policygraph.ingest.named_backrefs import _BACK_SCAN
from policygraph.ingest.named_text import SPACE, FoldedText, _fold_text, _fold_whole, _raw_text_chars
from policygraph.ingest.named_vocab import FTA_RE, TRIGGER_SCAN
from policygraph.ingest.references import (
    _BARE_OBJECT,
    _ELIDED_PARTY,
    _bare_object_matches,
    _elided_party_matches,
)
from policygraph.ingest.scan import starts_near_words, word_skeleton
from policygraph.ingest.textfold import fold

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
CORPUS_FILES = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []

_WORDS = (
    "ke hoach nay tren do neu noi da de an du phuong quy dinh che chuong chuwong trinh hanh dong ket luan "
    "nghi quyet dai hoi chi thi so cong van thong tu bao cao luat luoc chien hiep tw tu phe duyet ban hanh "
    "va cua x1 17 361 2021 EVFTA UKVFTA RCEP RCEEP CPTPP FTA AFTA Kế Hoạch Đề án trên này đó ư ƣ"
).split()
_GAPS = [" ", " ", " ", "  ", "\n", "\n\n", "\t", "\u00a0", "\u2003", ", ", ".", "-", "/", "(", "“", "", "_"]


def _random_texts(seed: int, count: int = 300) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(0, 40)):
            word = rng.choice(_WORDS)
            parts.append(word.upper() if rng.random() < 0.05 else word)
            parts.append(rng.choice(_GAPS))
        texts.append("".join(parts))
    return texts


def _corpus_folds() -> list[str]:
    return [fold(unicodedata.normalize("NFC", p.read_text(encoding="utf-8"))) for p in CORPUS_FILES]


def _spans(matches) -> list[tuple[tuple[int, int], dict[str, str | None]]]:  # type: ignore[no-untyped-def]
    return [(m.span(), m.groupdict()) for m in matches]


@pytest.mark.parametrize("scanner", [TRIGGER_SCAN, _BACK_SCAN])
def test_word_scanners_find_what_finditer_finds(scanner) -> None:  # type: ignore[no-untyped-def]
    for text in _random_texts(1) + _corpus_folds():
        folded = fold(text)
        assert _spans(scanner.finditer(folded)) == _spans(scanner.pattern.finditer(folded))


def test_word_skeleton_keeps_offsets() -> None:
    for text in _random_texts(2, 50):
        skeleton = word_skeleton(text)
        assert len(skeleton) == len(text) + 2
        for i, char in enumerate(text):
            assert (skeleton[i + 1] != 32) == bool(re.fullmatch("[a-z0-9]", char))


def test_starts_near_words_are_the_word_starts_before() -> None:
    for text in _random_texts(3, 100):
        folded = fold(text)
        words = [(m.start(), m.group()) for m in re.finditer("[a-z0-9]+", folded)]
        expected = set()
        for k, (start, word) in enumerate(words):
            if word in {"tren", "do"}:
                expected.update(s for s, _ in words[max(0, k - 2) : k + 1])
        assert starts_near_words(folded, ["tren", "do"], 2) == sorted(expected)


def test_fta_matches_are_finditer() -> None:
    texts = _random_texts(4) + [p.read_text(encoding="utf-8") for p in CORPUS_FILES]
    texts += ["EVFTAFTA", "ABCDEFGFTA", "xEVFTA", "EVFTAx", "FTA", "RCEEP RCEP", "CPTPPFTA"]
    for text in texts:
        assert _spans(_fta_matches(text)) == _spans(FTA_RE.finditer(text))


def test_elided_party_matches_are_finditer() -> None:
    spaced = "chuong \n\n" + " " * 300 + "trinh hanh dong so   \n 17-tu; ket luan 05-tw/ nghi quyet 3-tw"
    for folded in [fold(t) for t in _random_texts(5)] + _corpus_folds() + [spaced, "-tu", "1-tu"]:
        assert _spans(_elided_party_matches(folded)) == _spans(_ELIDED_PARTY.finditer(folded))
    assert len(list(_elided_party_matches(spaced))) == 2


def test_bare_object_matches_are_finditer() -> None:
    for folded in [fold(t) for t in _random_texts(6)] + _corpus_folds() + ["phe duyet de an, ban hanh quy hoach"]:
        assert _spans(_bare_object_matches(folded)) == _spans(_BARE_OBJECT.finditer(folded))


def test_raw_text_characters_survive_fold() -> None:
    """The fold given by the caller stands for the raw-text fold exactly when it holds no
    raw-text character, because fold keeps those characters and makes no others."""
    raw = _raw_text_chars()
    for code in [*range(0x10000), 0x10000, 0x1F600, 0x10FFFF]:
        char = chr(code)
        assert (raw.search(char) is None) == (raw.search(fold(char)) is None), hex(code)


def test_fold_whole_with_a_given_fold() -> None:
    texts = _random_texts(7, 100) + [p.read_text(encoding="utf-8") for p in CORPUS_FILES]
    texts += ["Kế hoạch \u0301 này", "Ƣu tiên", "a\u2013b", "emoji \U0001f600", "¢ “x” … •"]
    for text in texts:
        named_text._LAST_WHOLE.clear()
        assert _fold_whole(text, fold(text)) == _fold_text(text)
    named_text._LAST_WHOLE.clear()


_TOKEN_RE = re.compile(r"([a-z0-9]+(?:&[a-z0-9]+)*)|(\s+)|(.)", re.S)


def test_tokens_are_those_of_the_token_regex() -> None:
    texts = _random_texts(8, 200) + ["a&b c&&d &x\u2003\u00a0y\n\n“z”", "", " "]
    texts += [p.read_text(encoding="utf-8")[:20000] for p in CORPUS_FILES]
    for text in texts:
        folded = _fold_text(text)
        for lo, hi in [(0, None), (3, 50), (0, 0), (7, 7)]:
            doc = FoldedText(text, folded, lo, hi)
            tokens = list(_TOKEN_RE.finditer(doc.fold, lo, doc.hi))
            assert doc.starts == [m.start() for m in tokens]
            assert doc.ends == [m.end() for m in tokens]
            assert doc.kinds == [m.lastindex for m in tokens]
            assert [doc.f(i) for i in range(len(tokens))] == [m.group() for m in tokens]


def test_white_space_lies_below_the_kind_table_bound() -> None:
    import sys

    assert all(not chr(c).isspace() for c in range(named_text._WHITESPACE_BELOW, sys.maxunicode + 1))
    assert all(bool(re.match(r"\s", chr(c))) == chr(c).isspace() for c in range(named_text._WHITESPACE_BELOW))


def test_only_digits_fold_to_digits() -> None:
    """references._read_tail looks for a year's "19"/"20" in the raw text before reading a date on its fold."""
    for code in range(0x10000):
        folded = fold(chr(code))
        if folded in set("0123456789"):
            assert folded == chr(code), hex(code)


def test_period_tails_open_with_a_tail_opener() -> None:
    from policygraph.ingest.named_read import _TAIL_OPENERS, _tail_at
    from policygraph.ingest.named_vocab import TAIL_RE

    texts = _random_texts(9, 100) + [p.read_text(encoding="utf-8") for p in CORPUS_FILES]
    texts += ["giai đoạn 2021-2025, đến năm 2030", ", gd 2021-2025", "đến 2030", "giai&x 2021-2025", "den\u00a02030"]
    for text in texts:
        doc = FoldedText(text)
        for i in range(len(doc.kinds)):
            tail = TAIL_RE.match(doc.fold, doc.starts[i])
            plain = tail if tail is not None and tail.end() > doc.starts[i] + 1 else None
            if plain is not None and doc.kinds[i] != SPACE:
                assert doc.f(i) in _TAIL_OPENERS
            assert (_tail_at(doc, i) is None) == (plain is None)


def test_date_guard_changes_no_reference(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """_read_tail asks find_date only when _DATE_MAY_FOLLOW holds: the same references as always asking."""
    from policygraph.ingest import references

    leads = ["", " ", " ngày ", ", ngày", " Ngày ", " ban hành ngày ", " BAN HÀNH NGÀY ", "\nngày\n", " ngay ", " ngày\u00a0",
             " của UBND ngày ", " (ngày ", " ngày  tháng 5 năm 2023", "  ", " ban hanh  ngay "]
    dates = ["25/6/2022", "17 tháng 11 năm 2022", "ngày 17 tháng 11 năm 2022", "2/13/2022", "x"]
    texts = [f"Căn cứ Kết luận số 361-KL/TU{lead}{date} của Ban Thường vụ về việc phát triển;"
             for lead in leads for date in dates]
    texts += [p.read_text(encoding="utf-8") for p in CORPUS_FILES]
    fast = [repr(references.find_references(t)) for t in texts]
    monkeypatch.setattr(references, "_DATE_MAY_FOLLOW", re.compile(""))
    assert fast == [repr(references.find_references(t)) for t in texts]


def test_span_index_and_first_inside_agree_with_plain_scans() -> None:
    from policygraph.graph.model import DocType
    from policygraph.ingest.references import Reference, _first_inside, _overlaps, _Spans

    rng = random.Random(10)
    for _ in range(300):
        spans = [(s, s + rng.randint(0, 30)) for s in sorted(rng.sample(range(0, 400), rng.randint(0, 25)))]
        index = _Spans(list(spans))
        added = [(s, s + rng.randint(0, 30)) for s in rng.sample(range(0, 400), rng.randint(0, 4))]
        for span in added:
            index.add(*span)
        numbered = sorted({s for s, _ in spans})
        refs = [Reference(s, s + rng.randint(0, 30), "", "symbol", DocType.OTHER) for s in numbered]
        refs += [Reference(s, e, "", "named", DocType.OTHER) for s, e in added]
        for _ in range(30):
            start = rng.randint(0, 420)
            end = start + rng.randint(0, 60)
            assert index.overlaps(start, end) == _overlaps(start, end, spans + added)
            inner = [r for r in refs if start <= r.start and r.end <= end]
            assert _first_inside(refs, numbered, start, end) is (inner[0] if inner else None)


def test_squash_is_the_regex_squash() -> None:
    from policygraph.ingest.references import _squash

    for text in _random_texts(11, 300) + [" \u00a0x\u2003 y\n", "-“a”-", " , ", ""]:
        assert _squash(text) == re.sub(r"\s+", " ", text).strip(" ,;:-“”\"")


_NAME_WORDS = (
    "Kế hoạch|kế hoạch|Đề án|đề án|Chiến lược|Phương án|Dự án|dự án|phát triển|công nghiệp|tỉnh|Bình Phước|giai đoạn"
    "|gd|GĐ|thời kỳ|nhiệm kỳ|đến|năm|nim|2021|2021-2025|2025|2030|2021 - 230|định hướng|tầm nhìn|về|ve|thực hiện"
    "|Nghị quyết số 93/NQ-CP|Quyết định số 1968/QĐ-TTg|hành động|(EVFTA)|(giai đoạn I)|(x|)|và|của|UBND|các|04"
    "|Chương trình|chương trình|đột phá|quốc gia|Việt Nam|toàn quốc|thành phố|kết nối|mục tiêu|nông thôn mới"
).split("|")
_NAME_GAPS = [" ", " ", " ", "  ", "\n", "\n\n", "\u00a0", ", ", ",", ". ", ";", "-", " - ", "/", "&", "(", ")", "“", "”",
              '"', "«", "…", ":", "", " ban hành "]


def _name_texts(seed: int, count: int) -> list[str]:
    """Texts dense in type words, period tails, quotes and parentheses."""
    rng = random.Random(seed)
    return ["".join(rng.choice(_NAME_WORDS) + rng.choice(_NAME_GAPS) for _ in range(rng.randint(1, 60)))
            for _ in range(count)]


def test_candidates_settled_without_reading_read_as_generic() -> None:
    """find_named_documents skips a candidate _may_name rejects: reading it in any window gives nothing."""
    from policygraph.ingest import named

    texts = _name_texts(12, 400) + [p.read_text(encoding="utf-8") for p in CORPUS_FILES]
    rejected = dict.fromkeys(named._NEEDS.values(), 0)
    for text in texts:
        whole = named_text.whole_text(text)
        for match in TRIGGER_SCAN.finditer(whole.fold):
            needs = named._NEEDS.get((match.lastgroup, whole.raw[whole.rpos(match.start())].isupper()))
            if needs is None or named._may_name(whole.fold, match, needs):
                continue
            rejected[needs] += 1
            for after in named.WINDOWS:
                assert named._read_candidate(whole.window(match.start(), match.end(), after=after), match) == []
    assert min(rejected.values()) > 10, rejected


def test_tail_opens_within_finds_every_tail_scan_words_may_read() -> None:
    """A tail opening at a comma or whole tail word in ``[start, reach)`` is one _tail_opens_within finds."""
    from policygraph.ingest import named
    from policygraph.ingest.named_vocab import TAIL_RE

    rng = random.Random(15)
    checked = 0
    for text in _name_texts(13, 500):
        folded = named_text.whole_text(text).fold
        for _ in range(10):
            start = rng.randint(0, len(folded))
            reach = min(len(folded), start + rng.randint(0, 120))
            for span in (False, True):
                plain = False
                for at in range(start, reach):
                    opener = folded[at] == "," or (
                        (at == 0 or not re.match("[a-z0-9&]", folded[at - 1]))
                        and re.match(r"(?:den|gd|giai|nhiem|thoi)(?![a-z0-9&])", folded[at:])
                    )
                    tail = TAIL_RE.match(folded, at) if opener else None
                    plain = plain or (tail is not None and tail.end() > at + 1 and (not span or bool(tail.group("start"))))
                checked += plain
                assert named._tail_opens_within(folded, start, reach, span) or not plain
    assert checked > 30


def test_named_documents_are_the_same_without_early_settling(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from policygraph.ingest import named

    texts = _name_texts(14, 400) + [p.read_text(encoding="utf-8") for p in CORPUS_FILES]
    fast = [named.find_named_documents(t) for t in texts]
    monkeypatch.setattr(named, "_NEEDS", {})
    assert fast == [named.find_named_documents(t) for t in texts]


def test_cannot_name_is_the_plain_test() -> None:
    """_cannot_name settles a lower-case type word of a kind that needs a capital first: the same answers."""
    from policygraph.ingest import named
    from policygraph.ingest.named_vocab import LOWER_OK_RE, NUMBERED_RE

    def plain(doc, match):  # type: ignore[no-untyped-def]
        first = doc.raw[doc.rpos(match.start())]
        small = first.isalpha() and not first.isupper()
        if NUMBERED_RE.match(doc.fold, match.end()) or (not small and named._is_heading(doc.rslice(match.start(), match.end()))):
            return True
        if first.isupper():
            return False
        if match.lastgroup == "quy_hoach":
            return not LOWER_OK_RE.match(doc.fold, match.end())
        return match.lastgroup not in {"de_an", "nghi_quyet_dai_hoi"}

    texts = _name_texts(16, 300) + _random_texts(17, 300) + [p.read_text(encoding="utf-8") for p in CORPUS_FILES]
    for text in texts:
        whole = named_text.whole_text(text)
        for match in TRIGGER_SCAN.finditer(whole.fold):
            assert named._cannot_name(whole, match) == plain(whole, match)
