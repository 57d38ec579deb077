"""Parallel extraction (ingest/parallel.py, ``policygraph ingest --jobs``): real worker
processes, a real SQLite file; the store must end byte for byte as a one-process ingest
leaves it, bad files included."""

from __future__ import annotations

import json
import os
import shutil
from concurrent.futures import Future
from pathlib import Path

import pytest
from click.testing import CliRunner

from policygraph.api.cli import cli
from policygraph.ingest.parallel import _settled, jobs_wanted
from tests.conftest import CORPUS, OCR_PLAN, corpus_file


def _ingest_and_export(folder: Path, db: Path, jobs: int) -> tuple[str, str]:
    runner = CliRunner()
    ingested = runner.invoke(cli, ["ingest", str(folder), "--db", str(db), "--silent", "--json",
                                   "--jobs", str(jobs)])
    assert ingested.exit_code == 0, ingested.output
    exported = runner.invoke(cli, ["export", "--format", "jsonl", "--db", str(db)])
    assert exported.exit_code == 0
    return ingested.stdout, exported.stdout


@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two corpus files beside an empty file and a PNG renamed .txt."""
    corpus_file(OCR_PLAN)  # skips when the corpus is not beside the repository
    folder = tmp_path_factory.mktemp("mixed")
    for name in ("binhduong_kh-7099-ubnd_2024_ocr.txt", "binhphuoc_kh-317-ubnd_2021.txt",
                 "bentre_sct_kinh-te-tuan-hoan_2024.txt"):
        shutil.copy(CORPUS / name, folder / name)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    return folder


def test_two_processes_end_with_the_same_store(mixed_folder: Path, tmp_path: Path) -> None:
    one_summary, one = _ingest_and_export(mixed_folder, tmp_path / "one.db", jobs=1)
    two_summary, two = _ingest_and_export(mixed_folder, tmp_path / "two.db", jobs=2)
    assert one == two and one.count('"kind": "document"') > 10
    assert _statuses(one_summary) == _statuses(two_summary)
    assert _statuses(two_summary)["empty.txt"] == "failed"
    assert _statuses(two_summary)["image.txt"] == "failed"


def test_a_second_parallel_ingest_changes_nothing(mixed_folder: Path, tmp_path: Path) -> None:
    _, first = _ingest_and_export(mixed_folder, tmp_path / "again.db", jobs=2)
    summary, second = _ingest_and_export(mixed_folder, tmp_path / "again.db", jobs=2)
    assert first == second
    assert set(_statuses(summary).values()) == {"unchanged", "failed"}


def _statuses(summary_json: str) -> dict[str, str]:
    return {row["name"]: row["status"] for row in json.loads(summary_json)}


def test_jobs_zero_means_one_per_cpu() -> None:
    assert jobs_wanted(0) == (os.cpu_count() or 1)
    assert jobs_wanted(3) == 3
    with pytest.raises(ValueError, match="jobs must be 0"):
        jobs_wanted(-1)


def test_a_dead_worker_fails_its_file_not_the_run() -> None:
    future: Future = Future()
    future.set_exception(RuntimeError("worker killed"))
    item, extracted, began = _settled(("file.txt", future, 1.0))
    assert (item, began) == ("file.txt", 1.0)
    assert isinstance(extracted, str) and extracted.startswith("extraction error:") and "worker killed" in extracted


def test_the_cli_refuses_negative_jobs(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path), "--db", str(tmp_path / "x.db"), "--jobs", "-1"])
    assert result.exit_code == 2 and "--jobs" in result.output
