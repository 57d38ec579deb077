"""The real corpus, ingested once per test run with ``policygraph ingest`` into a temporary
folder: the store the task, agency and indicator tests question.

Each test module declares its own session fixture calling :func:`corpus_store_path`; the
path is built once and shared, so the corpus is ingested once however many modules ask.
For a dev database: ``policygraph ingest ../shared/corpus --db /tmp/issue4.db``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from policygraph.api.cli import cli
from tests.conftest import CORPUS, OCR_PLAN, corpus_file

_BUILT: dict[str, Path] = {}

#: The plan of Bình Dương the tests ask about (binhduong_kh-7099-ubnd_2024_ocr.txt).
KH_7099 = "doc:7099/KH-UBND@binh-duong:2024"
SCT_BD = "agency:so-cong-thuong@binh-duong"


def corpus_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store of the whole corpus (ingested on the first call, then reused)."""
    if "db" not in _BUILT:
        corpus_file(OCR_PLAN)  # skips, naming the folder, when the corpus is not beside us
        path = tmp_path_factory.mktemp("corpus") / "corpus.db"
        result = CliRunner().invoke(cli, ["ingest", str(CORPUS), "--db", str(path), "--silent"])
        assert result.exit_code == 0, result.output
        _BUILT["db"] = path
    return _BUILT["db"]
