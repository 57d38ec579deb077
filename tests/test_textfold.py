"""Tests for ingest.textfold: the package's one fold, and its fast path.

Rows cite their source as ``file:line``; "ocr" is binhduong_kh-7099-ubnd_2024_ocr.txt.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policygraph.ingest.textfold import fold, fold_compact

FOLD_ROWS = [
    pytest.param("Kết luận SỐ 361-KL/TU, Đề án", "ket luan so 361-kl/tu, de an", id="accents, capitals, Đ"),
    pytest.param("ti€p tục", "tiep tuc", id="ocr:12 € read for ế"),
    pytest.param("k¥ năng S6", "ky nang s6", id="ocr:108 ¥ read for ỹ; S6 is not guessed"),
    pytest.param("ÐÔNG ðô", "dong do", id="Ð/ð: đ in mis-decoded VISCII text"),
    pytest.param("S¢ Công Thương", "s¢ cong thuong", id="ocr:145 ¢ kept (agencies reads S¢ as Sở)"),
    pytest.param("Sơ\u0309 “x” — ƣ", "so\u0309 “x” — ƣ", id="marks, quotes, dashes and PDF ƣ kept"),
    pytest.param("Øresund Ωμέγα 一", "øresund ωμεγα 一", id="other scripts: lower-case base letter"),
]


@pytest.mark.parametrize(("text", "expected"), FOLD_ROWS)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_fold_long_text_across_chunks() -> None:
    # Long enough for several 16k chunks, with a character the fast path does not hold.
    text = "Quy hoạch tỉnh Bình Phước — ĐỀ ÁN “x” " * 2000 + "Ω" + "Kế hoạch. " * 2000
    expected = "quy hoach tinh binh phuoc — de an “x” " * 2000 + "ω" + "ke hoach. " * 2000
    assert fold(text) == expected


def test_fold_compact() -> None:
    assert fold_compact("  Sở  Công\nThương ") == "so cong thuong"
    assert fold_compact("Se\u0301") == "se"  # NFC first, so a decomposed mark folds too


# Vietnamese letters and the corpus's other characters, with a few from elsewhere.
_VIETNAMESE = "aăâeêioôơuưyđAĂÂEÊIOÔƠUƯYĐàáảãạầấẩẫậềếểễệờớởỡợừứửữựỳýỷỹỵ ẠẦẤẨẪẬỀẾỂỄỆỜỚỞỠỢỪỨỬỮỰ"
_ALPHABET = st.sampled_from(_VIETNAMESE + "0123456789 .,;:/-\n\t“”…€¥¢\u0301\u0323ƣƢ–—") | st.characters()


@settings(max_examples=300, deadline=None)
@given(st.text(_ALPHABET, max_size=300))
def test_fold_is_per_character_on_both_paths(text: str) -> None:
    # A character the fast path does not hold ("一") sends the text through str.translate;
    # without it, the text goes through the codec: both must fold every character alike.
    assert fold(text + "一") == fold(text) + "一" == "".join(map(fold, text)) + "一"
    assert len(fold(text)) == len(text)


@settings(max_examples=200, deadline=None)
@given(st.text(_ALPHABET, max_size=300))
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)
