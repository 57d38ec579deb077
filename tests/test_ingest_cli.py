"""`policygraph ingest` end to end: real files, a real SQLite file, bad input, re-ingest, kill -9."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from policygraph.api.cli import cli
from policygraph.graph.export import export_jsonl
from policygraph.graph.sqlite_store import SQLiteStore

from .conftest import BAO_CAO, CORPUS, OCR_PLAN, corpus_file


def _ingest(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["ingest", *args])
    return result.exit_code, result.stdout, result.stderr


def _export(db: Path) -> str:
    import io

    store = SQLiteStore(db)
    try:
        buffer = io.StringIO()
        export_jsonl(store, buffer)
        return buffer.getvalue()
    finally:
        store.close()


@pytest.fixture
def bad_folder(tmp_path: Path) -> Path:
    """A folder of damaged inputs beside one good corpus file."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (folder / "broken.txt").write_bytes("Kế hoạch số 327/KH-UBND".encode() + b"\xff\xfe\xfa garbage \xc3")
    (folder / "good.txt").write_bytes(corpus_file(OCR_PLAN).read_bytes())
    return folder


def test_bad_files_are_named_and_the_rest_is_ingested(tmp_path: Path, bad_folder: Path) -> None:
    db = tmp_path / "pg.db"
    code, out, err = _ingest(str(bad_folder), "--db", str(db), "--json")
    assert code == 0
    outcomes = {o["name"]: o for o in json.loads(out)}
    assert outcomes["good.txt"]["status"] == "ingested"
    for name in ("empty.txt", "binary.txt", "picture.txt", "broken.txt"):
        assert outcomes[name]["status"] == "failed", name
        assert outcomes[name]["reason"], name
    assert "PNG" in outcomes["picture.txt"]["reason"]
    assert "4 file(s) not ingested" in err
    store = SQLiteStore(db)
    assert store.stats()["documents"] >= 8
    store.close()


def _without_read_override() -> list[str]:
    """A command prefix under which permissions bind: root keeps reading through chmod 000
    unless it gives up CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (util-linux setpriv)."""
    if os.geteuid() != 0:
        return []
    if subprocess.run(["which", "setpriv"], capture_output=True).returncode != 0:
        pytest.skip("running as root without setpriv: folder permissions cannot be enforced")
    caps = "-dac_override,-dac_read_search"
    return ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"]


def test_unreadable_folder_is_reported(tmp_path: Path, bad_folder: Path) -> None:
    prefix = _without_read_override()
    locked = bad_folder / "locked"
    locked.mkdir()
    (locked / "secret.txt").write_text("Kế hoạch số 1/KH-UBND", encoding="utf-8")
    locked.chmod(0)
    db = tmp_path / "pg.db"
    command = [*prefix, sys.executable, "-m", "policygraph.api.cli", "ingest", str(bad_folder), "--db", str(db),
               "--json", "--silent"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
    finally:
        locked.chmod(0o755)
    assert done.returncode == 0, done.stderr
    outcomes = {o["name"]: o for o in json.loads(done.stdout)}
    assert outcomes["locked"]["status"] == "failed"
    assert "ermission" in outcomes["locked"]["reason"]
    assert outcomes["good.txt"]["status"] == "ingested"


def test_large_file_is_ingested(tmp_path: Path) -> None:
    # a 50 MB text file: the corpus report repeated
    text = corpus_file(BAO_CAO).read_bytes()
    big = tmp_path / "big.txt"
    with big.open("wb") as out:
        while out.tell() < 50 * 2**20:
            out.write(text)
    code, out, _ = _ingest(str(big), "--db", str(tmp_path / "pg.db"), "--json", "--silent")
    assert code == 0
    assert json.loads(out)[0]["status"] == "ingested"


def test_a_document_printed_twice_in_one_file_is_ingested_once(tmp_path: Path) -> None:
    # the plan saved twice into one file: the same tasks under the same keys, twice
    plan = corpus_file(OCR_PLAN).read_text(encoding="utf-8")
    twice = tmp_path / "twice.txt"
    twice.write_text(plan + "\n" + plan, encoding="utf-8")
    once_db, twice_db = tmp_path / "once.db", tmp_path / "twice.db"
    assert _ingest(str(corpus_file(OCR_PLAN)), "--db", str(once_db), "--silent")[0] == 0
    code, out, _ = _ingest(str(twice), "--db", str(twice_db), "--json", "--silent")
    assert code == 0
    assert json.loads(out)[0]["status"] == "ingested"
    once, again = SQLiteStore(once_db), SQLiteStore(twice_db)
    try:
        assert again.stats()["tasks"] == once.stats()["tasks"] > 20
    finally:
        once.close()
        again.close()


def test_a_graph_the_store_refuses_fails_its_file_only(tmp_path: Path) -> None:
    from policygraph.graph.model import Evidence, FileGraph, Relation, RelationType
    from policygraph.ingest.pipeline import _write
    from policygraph.ingest.read import read_source

    source = read_source(corpus_file(OCR_PLAN))
    # a relation to a document the file never names: check_graph refuses it
    broken = FileGraph(file=source.name, sha256="x", encoding="utf-8", relations=[
        Relation("doc:a", "doc:b", RelationType.IMPLEMENTS, Evidence(source.name, 1, "a"))])
    store = SQLiteStore(tmp_path / "pg.db")
    try:
        outcome = _write(store, source, broken, time.perf_counter())
        assert outcome.status == "failed"
        assert "store refused the file" in outcome.reason and "doc:a" in outcome.reason
        assert store.file_record(source.name) is None
    finally:
        store.close()


def test_reingest_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "pg.db"
    assert _ingest(str(CORPUS), "--db", str(db))[0] == 0
    first = _export(db)
    code, out, _ = _ingest(str(CORPUS), "--db", str(db), "--json")
    assert code == 0
    assert {o["status"] for o in json.loads(out)} == {"unchanged"}
    assert _export(db) == first


def test_kill_during_ingest_leaves_a_consistent_store(tmp_path: Path) -> None:
    """kill -9 mid-ingest: the store opens, passes integrity_check, and the next ingest completes it."""
    folder = tmp_path / "many"
    folder.mkdir()
    text = corpus_file(BAO_CAO).read_text(encoding="utf-8")
    for i in range(12):  # distinct files so each is its own transaction
        (folder / f"report-{i:02d}.txt").write_text(text + f"\n\nBản sao {i}\n", encoding="utf-8")
    db = tmp_path / "pg.db"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, "-m", "policygraph.api.cli", "ingest", str(folder), "--db", str(db),
                             "--silent"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if db.exists() and _files_done(db) >= 2:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        done = conn.execute("SELECT count(*) FROM files").fetchone()[0]
    assert 1 <= done < 12
    code, out, _ = _ingest(str(folder), "--db", str(db), "--json", "--silent")
    assert code == 0
    statuses = [o["status"] for o in json.loads(out)]
    assert statuses.count("unchanged") == done and statuses.count("ingested") == 12 - done


def _files_done(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1) as conn:
            return int(conn.execute("SELECT count(*) FROM files").fetchone()[0])
    except sqlite3.Error:
        return 0
