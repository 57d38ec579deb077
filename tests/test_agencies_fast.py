"""The scanning shortcuts of ingest/agencies.py give what the plain computations they replace give.

The scanner never splits a whole segment into tokens: it finds head words, token indices, generic
groups and unknown bodies with C-speed scans (:class:`_Scan`, :func:`_head_finder`, …). Each test
here runs a shortcut next to the plain computation (the code it replaced) on the corpus, its folded
and upper-cased twins, and made-up text full of odd characters.
"""

from __future__ import annotations

import bisect
import random
import re
import unicodedata
from pathlib import Path

import pytest

from policygraph.ingest import agencies as a
from policygraph.ingest import agency_match as am
from policygraph.ingest.textfold import fold

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FILES = ["binhphuoc_sct_bao-cao_2022-2024.txt", "binhduong_kh-7099-ubnd_2024_ocr.txt",
         "bentre_sct_kinh-te-tuan-hoan_2024.txt", "binhphuoc_kh-317-ubnd_2021.txt"]
# Words and characters the shortcuts treat specially: head words and their OCR spellings, generic
# groups, unknown bodies, separators of every kind, non-ASCII token characters.
PIECES = ["Sở", "S6", "S¢", "s§", "B§", "SỞ", "Công Thương", "Cong Thuong", "Kế hoạch và Đầu tư", "Ủy ban nhân dân",
          "UBND", "tỉnh", "Bình Phước", "các", "sở", "ban", "ngành", "địa phương", "huyện", "thị xã", "thành phố",
          "Trung tâm", "Khuyến công", "Hội", "Cục", "Thuế", "Trường Cao đẳng", "Viện", "Chi cục", "05 tỉnh", "vùng",
          "Đông Nam Bộ", "khóa", "XIII", "Ban Chấp hành", "Đảng", "SCT", "187/SCT-TM", "Tỉnh ủy", "số", "công nghiệp",
          ",", ".", ";", ":", "(", ")", "-", "–", "/", "“", "”", "'", "!", "?", "\n", "  ", "\t", "\u00a0", "\u2009",
          "\x1c", "\x85", "&", "§", "¢", "…", "•", "ﬁ", "€", "Ð", "İ", "Σ", "x", "1", "_"]


def corpus_texts() -> list[str]:
    texts = []
    for name in FILES:
        text = unicodedata.normalize("NFC", (CORPUS / name).read_text(encoding="utf-8"))
        texts += [text, fold(text), text.upper()]
    return texts


def made_up_texts(count: int = 60, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    joins = ["", " ", " ", "\n", ", "]
    return ["".join(rnd.choice(PIECES) + rnd.choice(joins) for _ in range(rnd.randrange(1, 120))) for _ in range(count)]


ALL_TEXTS = corpus_texts() + made_up_texts()


def plain_covering(tokens: list[tuple[str, int, int]], start: int, end: int) -> tuple[int, int]:
    """The token range the scanner took from bisecting the token offsets."""
    starts, ends = [t[1] for t in tokens], [t[2] for t in tokens]
    return bisect.bisect_left(starts, start), bisect.bisect_left(ends, end) + 1


@pytest.mark.parametrize("text", ALL_TEXTS[-60:] + ALL_TEXTS[:3], ids=lambda t: str(len(t)))
def test_token_indices_from_counting_match_bisecting(text: str) -> None:
    folded = fold(text)
    tokens = am.tokenize(folded)
    rnd = random.Random(len(text))
    offsets = sorted(rnd.randrange(len(text) + 1) for _ in range(200))
    pairs = [(s, min(len(text) + 1, s + rnd.randrange(1, 40))) for s in offsets]
    spans = [a._Span(-1, -1, s, e, None, 5.0) for s, e in pairs]  # type: ignore[arg-type]
    a._Scan.of(folded).number(spans)
    for span, (s, e) in zip(spans, pairs):
        first, last = plain_covering(tokens, s, e)
        assert (span.first, span.last, span.priority) == (first, last, (last - first) * 10 + 5.0)


@pytest.mark.parametrize("text", ALL_TEXTS, ids=lambda t: str(len(t)))
def test_head_finder_finds_every_head_and_its_reach(text: str) -> None:
    folded = fold(text)
    tokens = am.tokenize(folded)
    heads = a._head_index()
    plain = []
    for i, (word, start, _) in enumerate(tokens):
        if word in heads:
            reach = min(len(tokens), i + heads[word].longest + 1) - 1
            plain.append((heads[word].head, start, tokens[reach][2]))
    finder, forms = a._head_finder()
    fast = [(forms[m.lastindex - 1].head, m.start(), m.end(m.lastindex) - 1)
            for m in finder.finditer(a._Scan.of(folded).words)]
    assert fast == plain


def plain_windows(text, tokens, words, i, longest):  # type: ignore[no-untyped-def]
    """The windows as the scanner built them from the whole segment's tokens."""
    folded = [am.canon_head(words[i])]
    accented = [text[tokens[i][1] : tokens[i][2]].lower()]
    typed = am.has_diacritics(accented[0])
    yield folded[:], accented[:] if typed else None
    for last in range(i + 1, min(i + longest, len(words))):
        gap_start, (word, start, end) = tokens[last - 1][2], tokens[last]
        if re.search(r"[;:.()]", text[gap_start:end]):
            return
        if last == i + 1 and "," in text[gap_start:start]:
            return
        folded.append(word)
        accented.append(text[start:end].lower())
        typed = typed or am.has_diacritics(accented[-1])
        yield folded[:], accented[:] if typed else None


def plain_best_window(text, tokens, words, i, forms):  # type: ignore[no-untyped-def]
    best = None
    for size, (folded, accented) in enumerate(plain_windows(text, tokens, words, i, forms.longest + 1), start=1):
        if accented is not None and size > 1 and folded[1][:1] not in forms.second_initials:
            break
        for form in forms.candidates(folded, accented):
            if accented is not None and size > 1 and len(form.tokens) > 1 and folded[1][:1] != form.tokens[1][:1]:
                continue
            if form.abbreviation and len(form.tokens) == 1 and a._in_symbol(text, tokens[i][1], tokens[i][2]):
                continue
            score = am.score_window(folded, form, accented)
            if score and (best is None or (score, size, -form.order) > (best[0], best[1], -best[2].order)):
                best = (score, size, form)
    return best


def plain_window_span(text, tokens, words, i, score, size, form):  # type: ignore[no-untyped-def]
    last = i + size
    if form.entry.level == "province" and a._OTHER_PROVINCES.match(" ".join(words[last : last + 2])):
        span = a._other_provinces_span(text, tokens, words, i, last, form)
        return span.last - span.first, span.start, span.end, span.match
    last += am.province_suffix_len(words, last) if form.entry.level == "province" else 0
    if form.entry.kind == "party" and words[last : last + 1] == ["khoa"] and last + 1 < len(words):
        last += 2 if re.fullmatch(r"[ivxl1]+", words[last + 1]) else 0
    return last - i, tokens[i][1], tokens[last - 1][2], am.entry_match(form.entry, score)


@pytest.mark.parametrize("text", ALL_TEXTS, ids=lambda t: str(len(t)))
def test_windows_and_spans_read_from_the_head_match_the_whole_segment(text: str) -> None:
    """Reading tokens from the head word on, as far as needed, and memoising scores on the printed
    window give the best window and span that the whole segment's tokens gave."""
    folded = fold(text)
    tokens = am.tokenize(folded)
    words = [t[0] for t in tokens]
    heads = a._head_index()
    for i, word in enumerate(words):
        if word not in heads:
            continue
        best = a._best_window(text, folded, tokens[i][1], heads[word])
        assert best == plain_best_window(text, tokens, words, i, heads[word]), text[tokens[i][1] : tokens[i][1] + 60]
        if best is not None:
            span, _ = a._window_span(text, folded, tokens[i][1], *best)
            assert (span.last - span.first, span.start, span.end, span.match) == plain_window_span(
                text, tokens, words, i, *best)


@pytest.mark.parametrize("text", ALL_TEXTS, ids=lambda t: str(len(t)))
def test_unknown_bodies_tried_at_their_openings_match_a_plain_scan(text: str) -> None:
    openings = sorted(o.start() for finder in a._unknown_openings() for o in finder.finditer(text))
    assert [m.span() for m in a.matches_at(a._UNKNOWN_HEAD, text, openings)] == [
        m.span() for m in a._UNKNOWN_HEAD.finditer(text)]


@pytest.mark.parametrize("printed", [
    "", " ", "Sở  Công\tThương", " a " * 400, "x" * 2000, " " * 1500 + "y" * 10, ("ab \n\t" * 300) + "tail",
    "\u00a0\u2009lead " + "w " * 600,
])
def test_context_reads_a_prefix_of_a_long_line(printed: str) -> None:
    assert a._context(printed) == re.sub(r"\s+", " ", printed).strip()[:300]


def plain_choose(spans):  # type: ignore[no-untyped-def]
    taken: set[int] = set()
    chosen = []
    for span in sorted(spans, key=lambda s: (-s.priority, s.start)):
        cover = set(range(span.first, span.last))
        if cover & taken:
            continue
        taken |= cover
        chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


@pytest.mark.parametrize("seed", range(20))
def test_choosing_with_a_byte_per_token_matches_sets(seed: int) -> None:
    rnd = random.Random(seed)
    spans = []
    for _ in range(rnd.randrange(0, 60)):
        first = rnd.randrange(0, 50)
        last = first + rnd.choice([0, 1, 1, 2, 3, 5, 8])
        spans.append(a._Span(first, last, rnd.randrange(0, 300), 0, None, float(rnd.choice([5, 10, 20, 20.9, 30]))))  # type: ignore[arg-type]
    assert [id(s) for s in a._choose(spans)] == [id(s) for s in plain_choose(spans)]


def test_typed_windows_that_open_a_spelling_may_score() -> None:
    """typed_may_score stops a typed window only when no spelling opens with its words, allowing one
    typo in the spellings _accented_score allows one in."""
    for forms in {forms.head: forms for forms in a._head_index().values()}.values():
        for form in am.form_index()[forms.head]:
            for n in range(1, len(form.accented) + 1):
                assert forms.typed_may_score(form.accented[:n])
                if not form.exact_only and len(form.accented_target) >= 12:
                    typo = list(form.accented[:n])
                    typo[-1] = typo[-1][:-1] + ("x" if typo[-1][-1:] != "x" else "y")
                    assert forms.typed_may_score(typo)
    so = a._head_index()["so"]
    assert not so.typed_may_score(["số", "liệu"]) and so.typed_may_score(["số"])
