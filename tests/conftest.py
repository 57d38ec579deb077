"""Shared fixtures: the real corpus (read from ../shared/corpus, never copied), stores."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
BAO_CAO = "binhphuoc_sct_bao-cao_2022-2024.txt"
OCR_PLAN = "binhduong_kh-7099-ubnd_2024_ocr.txt"
BEN_TRE = "bentre_sct_kinh-te-tuan-hoan_2024.txt"
NEWS_317 = "binhphuoc_kh-317-ubnd_2021.txt"


def corpus_file(name: str) -> Path:
    """A corpus file, or a skip naming what is missing."""
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"corpus file {path} is not there: tests read the shared corpus beside the repo")
    return path


def corpus_lines(name: str) -> list[str]:
    """The lines of a corpus file after the default normalisation."""
    from policygraph.ingest.normalise import normalise_text

    raw = corpus_file(name).read_text(encoding="utf-8")
    return normalise_text(raw).text.split("\n")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@pytest.fixture(autouse=True)
def _clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see a developer's store or Neo4j settings unless they set them."""
    for name in ("POLICYGRAPH_DB",):
        monkeypatch.delenv(name, raising=False)
