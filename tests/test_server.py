"""``policygraph serve`` as a real server (a uvicorn subprocess on a free port, queried with
httpx), and the ``serve`` / ``show`` commands' failures and output."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from policygraph.api.cli import cli
from policygraph.graph.sqlite_store import SQLiteStore
from tests import graph_fixtures as fx

STARTUP_SECONDS = 30.0


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "lineage.db"
    with SQLiteStore(path) as store:
        fx.write_lineage_store(store)
    return path


def free_port() -> int:
    """A port nobody listens on now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def policygraph_command() -> list[str]:
    """The installed console script next to this Python, else the module."""
    script = Path(sys.executable).with_name("policygraph")
    return [str(script)] if script.exists() else [sys.executable, "-m", "policygraph.api.cli"]


def wait_until_responds(url: str, process: subprocess.Popen[bytes]) -> None:
    """Poll ``url`` until it answers 200; fail with the server's output if it dies first."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            pytest.fail(f"policygraph serve exited with {process.returncode}:\n{output}")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(f"{url} did not answer within {STARTUP_SECONDS} s")


@pytest.fixture(scope="module")
def server(db_path: Path) -> Iterator[str]:
    """``policygraph serve`` in a subprocess; yields its base URL and stops it after."""
    port = free_port()
    command = [*policygraph_command(), "serve", "--db", str(db_path), "--host", "127.0.0.1",
               "--port", str(port), "--log-level", "warning"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_responds(f"{base}/api/stats", process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()


def test_real_server_answers_lineage_questions(server: str) -> None:
    with httpx.Client(base_url=server, timeout=10.0) as client:
        stats = client.get("/api/stats").json()
        assert stats["documents"] == len(fx.DOCUMENTS)
        body = client.get("/api/implementers", params={"doc": "361-KL/TU Bình Phước"}).json()
        assert [i["document"]["symbol"] for i in body["implementers"]] == [
            "1656/QĐ-UBND", "245/KH-UBND", "327/KH-UBND"]
        answer = client.get("/api/ask", params={
            "q": "Kế hoạch nào thực hiện Kết luận 361-KL/TU Bình Phước?"}).json()
        assert answer["intent"] == "implementers" and answer["language"] == "vi"
        assert [a["symbol"] for a in answer["answers"]] == ["245/KH-UBND", "327/KH-UBND"]


def test_real_server_keeps_slashes_in_symbols(server: str) -> None:
    # A raw "/" in the query string, as a person types it into the address bar.
    response = httpx.get(f"{server}/api/document?doc=07/2019/NQ-HĐND", timeout=10.0)
    assert response.json()["document"]["key"] == fx.NQ07


def test_real_server_errors_and_docs(server: str) -> None:
    response = httpx.get(f"{server}/api/lineage/up", params={"doc": "x", "depth": 11},
                         timeout=10.0)
    assert response.status_code == 422
    assert response.json() == {"error": {
        "status": 422, "message": "depth must be <= 10",
        "hint": "See the parameters of GET /api/lineage/up at /docs."}}
    assert httpx.get(f"{server}/docs", timeout=10.0).status_code == 200
    assert "/api/ask" in httpx.get(f"{server}/openapi.json", timeout=10.0).json()["paths"]


# --- serve and show from the command line --------------------------------------------------------


def test_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "policygraph ingest PATH --db" in result.output


def test_serve_refuses_a_store_kind_that_contradicts_db(db_path: Path) -> None:
    neo = CliRunner().invoke(cli, ["serve", "--db", str(db_path), "--store", "neo4j"])
    assert neo.exit_code == 2 and "bolt://HOST:7687" in neo.output
    lite = CliRunner().invoke(cli, ["serve", "--db", "bolt://localhost:7687",
                                    "--store", "sqlite"])
    assert lite.exit_code == 2 and "Drop --store" in lite.output


def test_show_draws_the_tree_above_with_vietnamese_labels(db_path: Path) -> None:
    result = CliRunner().invoke(cli, ["show", "327/KH-UBND", "--depth", "3",
                                      "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Kế hoạch 327/KH-UBND — Triển khai Đề án phát triển công nghiệp",
        "└── Văn bản thực hiện: Đề án phát triển công nghiệp tỉnh Bình Phước giai đoạn 2021… "
        f"({fx.REPORT_FILE}:4420)",
        "    └── Được phê duyệt bởi: Quyết định 1656/QĐ-UBND — Phê duyệt Đề án phát triển công "
        f"nghiệp tỉnh Bình Phước ({fx.REPORT_FILE}:4417)",
        "        └── Văn bản thực hiện: Kết luận 361-KL/TU — Phát triển khu kinh tế, khu và cụm "
        f"công nghiệp ({fx.REPORT_FILE}:4418)",
    ]


def test_show_down_and_status(db_path: Path) -> None:
    result = CliRunner().invoke(cli, ["show", "12/2020/QD-UBND", "--down", "--type", "replaces",
                                      "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].endswith("[hết hiệu lực (đã bị thay thế)]")
    assert lines[1].startswith("└── Bị thay thế: Quyết định 20/2023/QĐ-UBND")
    up = CliRunner().invoke(cli, ["show", "29-NQ/TW", "--db", str(db_path)])
    assert up.output.splitlines()[-1] == "(nothing above it)"


def test_show_notes_relations_it_does_not_draw(db_path: Path) -> None:
    result = CliRunner().invoke(cli, ["show", "4/KH-UBND", "--depth", "5", "--db", str(db_path)])
    assert "1 more relation(s) among these documents not drawn" in result.output


def test_show_ambiguous_or_unknown_exits_1_with_the_fix(db_path: Path) -> None:
    ambiguous = CliRunner().invoke(cli, ["show", "361-KL/TU", "--db", str(db_path)])
    assert ambiguous.exit_code == 1
    assert fx.KL361_BP in ambiguous.output and fx.KL361_BD in ambiguous.output
    unknown = CliRunner().invoke(cli, ["show", "316-KL/TU", "--db", str(db_path)])
    assert unknown.exit_code == 1 and "Close matches: 361-KL/TU" in unknown.output


def test_show_json(db_path: Path) -> None:
    import json

    result = CliRunner().invoke(cli, ["show", "327/KH-UBND", "--json", "--db", str(db_path)])
    body = json.loads(result.output)
    assert body["direction"] == "up" and body["entries"][0]["document"]["key"] == fx.SCHEME
