"""Lineage query latency on a synthetic graph of >= 100,000 documents.

Measures, in one run on one machine:
- in-process p50/p99 of ``graph.queries`` implementers / upstream / supersession on the
  SQLite store (200 subjects each, drawn with a fixed seed);
- the same questions over HTTP against ``policygraph serve`` in a subprocess (httpx);
- the server's start-up time (spawn → first 200 on /api/stats) and its resident memory;
- the baseline: the same three questions on a networkx DiGraph loaded in memory
  (load time, memory growth, p50/p99).

Run: .venv/bin/python -m bench.lineage_latency [--documents 100000] [--db bench/out/lineage.db]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import httpx
import networkx as nx

from policygraph.graph import queries
from policygraph.graph.sqlite_store import SQLiteStore

from .synthetic import build_store

SAMPLES = 200


def _percentiles(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]
    return {"p50_ms": round(statistics.median(ordered) * 1000, 3), "p99_ms": round(p99 * 1000, 3)}


def _time(call: Callable[[str], object], keys: list[str]) -> dict[str, float]:
    spent = []
    for key in keys:
        began = time.perf_counter()
        call(key)
        spent.append(time.perf_counter() - began)
    return _percentiles(spent)


def _subjects(store: SQLiteStore, rng: random.Random) -> dict[str, list[str]]:
    """Conclusions (implementers), plans (upstream), council resolutions (supersession)."""
    keys = [d.key for d in store.documents()]
    pick = lambda marker: rng.sample([k for k in keys if marker in k], SAMPLES)  # noqa: E731
    return {"implementers": pick("-KL/TU@"), "upstream": pick("/KH-UBND@"), "supersession": pick("/NQ-UBND@")}


def in_process(store: SQLiteStore, subjects: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    calls = {"implementers": lambda k: queries.implementers(store, k),
             "upstream": lambda k: queries.upstream(store, k),
             "supersession": lambda k: queries.supersession(store, k)}
    return {name: _time(call, subjects[name]) for name, call in calls.items()}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def over_http(db: Path, subjects: dict[str, list[str]]) -> dict[str, object]:
    port = _free_port()
    command = [sys.executable, "-m", "policygraph.api.cli", "serve", "--db", str(db), "--port", str(port),
               "--log-level", "warning"]
    began = time.perf_counter()
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=30) as client:
            while True:
                try:
                    if client.get("/api/stats").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.02)
            startup = time.perf_counter() - began
            routes = {"implementers": "/api/implementers", "upstream": "/api/lineage/up",
                      "supersession": "/api/supersession"}
            result: dict[str, object] = {name: _time(lambda k, r=route: client.get(r, params={"doc": k}).raise_for_status(),
                                                     subjects[name]) for name, route in routes.items()}
        result["startup_s"] = round(startup, 3)
        result["server_rss_mb"] = _rss_mb(server.pid)
        return result
    finally:
        server.terminate()
        server.wait(timeout=10)


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def networkx_baseline(store: SQLiteStore, subjects: dict[str, list[str]]) -> dict[str, object]:
    """The same three questions on an in-memory networkx graph of the whole store."""
    tracemalloc.start()
    began = time.perf_counter()
    graph = nx.MultiDiGraph()
    for relation in store.relations():
        graph.add_edge(relation.source, relation.target, type=relation.type.value,
                       evidence=relation.evidence.text, line=relation.evidence.line)
    load = time.perf_counter() - began
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    def typed(edges: object, wanted: set[str]) -> bool:
        return any(d["type"] in wanted for d in edges.values())  # type: ignore[attr-defined]

    def implementers(key: str) -> list[str]:
        approved = [t for _, t, d in graph.out_edges(key, data=True) if d["type"] == "approves"]
        found = []
        for proxy in [key, *approved]:
            found += [s for s, _, d in graph.in_edges(proxy, data=True) if d["type"] == "implements"]
        return found

    def upstream(key: str) -> set[str]:
        seen, frontier = {key}, [key]
        for _ in range(10):
            step = []
            for node in frontier:
                for _, target, d in graph.out_edges(node, data=True):
                    if d["type"] in {"based_on", "implements"} and target not in seen:
                        seen.add(target)
                        step.append(target)
                for source, _, d in graph.in_edges(node, data=True):
                    if d["type"] == "approves" and source not in seen:
                        seen.add(source)
                        step.append(source)
            frontier = step
        return seen

    def supersession(key: str) -> list[tuple[str, str]]:
        wanted = {"amends", "replaces", "repeals", "corrects"}
        return ([(s, d["type"]) for s, _, d in graph.in_edges(key, data=True) if d["type"] in wanted]
                + [(t, d["type"]) for _, t, d in graph.out_edges(key, data=True) if d["type"] in wanted])

    result: dict[str, object] = {"load_s": round(load, 2), "memory_mb": round(peak / 2**20, 1)}
    for name, call in (("implementers", implementers), ("upstream", upstream), ("supersession", supersession)):
        result[name] = _time(call, subjects[name])
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("bench/out/lineage.db"))
    args = parser.parse_args(argv)
    args.db.parent.mkdir(parents=True, exist_ok=True)
    if not args.db.exists():
        build_store(str(args.db), args.documents)
    store = SQLiteStore(args.db)
    try:
        subjects = _subjects(store, random.Random(11))
        report = {
            "documents": store.stats()["documents"],
            "relations": store.stats()["relations"],
            "machine": f"{os.cpu_count()} cores",
            "in_process_sqlite": in_process(store, subjects),
            "http": over_http(args.db, subjects),
            "networkx_in_memory": networkx_baseline(store, subjects),
        }
    finally:
        store.close()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
