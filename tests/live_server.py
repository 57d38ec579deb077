"""``policygraph serve`` as a real subprocess on a free port, for browser tests and the
render benchmark (datasette's ``ds_localhost_http_server`` / ``wait_until_responds``).

Example:
    >>> with serve_database(Path("lineage.db")) as base:  # doctest: +SKIP
    ...     httpx.get(base + "/api/stats").json()["documents"]
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

STARTUP_SECONDS = 30.0


class ServerError(RuntimeError):
    """The server exited or did not answer in time; the message carries its output."""


def free_port() -> int:
    """A port nobody listens on now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def policygraph_command() -> list[str]:
    """The installed console script next to this Python, else the module."""
    script = Path(sys.executable).with_name("policygraph")
    return [str(script)] if script.exists() else [sys.executable, "-m", "policygraph.api.cli"]


@contextmanager
def serve_database(db: Path) -> Iterator[str]:
    """Run ``policygraph serve --db DB`` until the block ends; yields the base URL.

    Raises:
        ServerError: the server died or did not answer ``/api/stats`` within 30 s.
    """
    port = free_port()
    command = [*policygraph_command(), "serve", "--db", str(db), "--host", "127.0.0.1",
               "--port", str(port), "--log-level", "warning"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_responds(f"{base}/api/stats", process)
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


def ingest_corpus(corpus: Path, db: Path) -> None:
    """``policygraph ingest CORPUS --db DB`` as a subprocess, as a user runs it.

    Raises:
        ServerError: the command failed (its output is in the message).
    """
    done = subprocess.run([*policygraph_command(), "ingest", str(corpus), "--db", str(db),
                           "--silent"], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ServerError(f"policygraph ingest exited {done.returncode}:\n{done.stderr}")


def _wait_until_responds(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            raise ServerError(f"policygraph serve exited with {process.returncode}:\n{output}")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise ServerError(f"{url} did not answer within {STARTUP_SECONDS} s")
