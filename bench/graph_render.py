"""Graph render time in headless chromium: from navigation to the graph drawn with its
data (vis-network's first ``afterDrawing`` after the merge, stamped by graph.js as
``pgGraph.drawnAt`` in ms since navigation start), for neighbourhoods of 50, 500 and
2,000 documents. Not a test: run it on demand, put the table in BENCHMARKS.md.

How the sample is made (``synthetic_file_graph``): one centre, a Kết luận, and N - 1
documents each one relation from it, in the corpus's mix: plans implementing it (40 %),
reports reporting on it (25 %), decisions implementing it (15 %), official letters
citing it (10 %), resolutions it rests on (5 %), schemes it approves... so the kinds fill
several rows of the top-down layout. ``/api/graph`` returns at most 1,000 nodes
(``api/deps.py`` MAX_LIMIT), so the 2,000 case is the page's own expand path: the
centre's 1,000, then a click on a hub plan that has the other 1,000 around it; it is
timed to the draw after that merge. The standalone export (``policygraph viz``, pyvis,
no cap) is timed too: from opening the file to its first draw.

Each run uses a fresh browser context (cold cache), Debian's /usr/bin/chromium with the
test flags (software rendering: --disable-gpu). Three runs per size; the table shows the
median and the range, the JSON every run. "Data fetched at" is when the page had both its
/api/graph and /api/tasks answers; "drawn" is stamped on the frame after vis-network's
afterDrawing, so it includes rasterising the canvas.

Run: .venv/bin/python -m bench.graph_render [--sizes 50 500 2000] [--runs 3] [--json FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from policygraph.graph.model import (
    DocType,
    Document,
    Evidence,
    FileGraph,
    Relation,
    RelationType,
)
from policygraph.graph.sqlite_store import SQLiteStore
from policygraph.viz.standalone import write_standalone

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
API_CAP = 1000  # /api/graph's limit (api/deps.py MAX_LIMIT)
FILE = "bench_synthetic.txt"
CENTRE = "doc:1-KL/TU@bench:2024"
HUB = "doc:1/KH-UBND@bench:2024"
R = RelationType
# (share, doc type, symbol pattern, relation, neighbour is the source?)
MIX = [
    (40, DocType.PLAN, "{n}/KH-UBND", R.IMPLEMENTS, True),
    (25, DocType.REPORT, "{n}/BC-SCT", R.REPORTS_ON, True),
    (15, DocType.DECISION, "{n}/QĐ-UBND", R.IMPLEMENTS, True),
    (10, DocType.OFFICIAL_LETTER, "{n}/UBND-TH", R.REFERENCES, True),
    (5, DocType.RESOLUTION, "{n}-NQ/TW", R.BASED_ON, False),
    (5, DocType.SCHEME, "{n}/ĐA-UBND", R.APPROVES, False),
]


# --- the synthetic stores -------------------------------------------------------------------------


def synthetic_file_graph(size: int) -> FileGraph:
    """A file whose graph has ``size`` documents around CENTRE (see the module docstring).

    Up to API_CAP documents sit one relation from the centre; beyond that the first plan
    (HUB) carries the rest, one relation from it, so one expand brings them all.
    """
    docs = [_document(CENTRE, "1-KL/TU", DocType.CONCLUSION)]
    relations: list[Relation] = []
    near = min(size - 1, API_CAP)  # the centre's page shows the centre and these
    for i in range(near):
        doc_type, symbol, relation, is_source = _kind_of(i, near)
        key = HUB if i == 0 else f"doc:{symbol.format(n=i + 2)}@bench:2024"
        docs.append(_document(key, symbol.format(n=1 if i == 0 else i + 2), doc_type))
        ends = (key, CENTRE) if is_source else (CENTRE, key)
        relations.append(_relation(*ends, relation, i + 1))
    for j in range(size - near - 1):
        key = f"doc:{j + 2}/BC-BQL@bench:2024"
        docs.append(_document(key, f"{j + 2}/BC-BQL", DocType.REPORT))
        relations.append(_relation(key, HUB, R.REPORTS_ON, 10_000 + j))
    digest = hashlib.sha256(f"{FILE}:{size}".encode()).hexdigest()
    return FileGraph(FILE, digest, "utf-8", docs, relations)


def _kind_of(i: int, total: int) -> tuple[DocType, str, RelationType, bool]:
    """The i-th neighbour's kind, so the shares of MIX hold for any total (HUB is a plan)."""
    position = (i * 100) // max(total, 1)
    start = 0
    for share, doc_type, symbol, relation, is_source in MIX:
        if position < start + share:
            return doc_type, symbol, relation, is_source
        start += share
    return MIX[0][1], MIX[0][2], MIX[0][3], MIX[0][4]


def _document(key: str, symbol: str, doc_type: DocType) -> Document:
    return Document(key, symbol, doc_type, "UBND tỉnh Thử Nghiệm", "Thử Nghiệm", "2024-01-01",
                    2024, f"Văn bản tổng hợp {symbol} về phát triển công nghiệp",
                    mentions=[Evidence(FILE, 1, symbol)])


def _relation(source: str, target: str, kind: RelationType, line: int) -> Relation:
    return Relation(source, target, kind, Evidence(FILE, line, f"Câu văn số {line} nói về "
                                                               "quan hệ này."))


def build_store(size: int, folder: Path) -> Path:
    db = folder / f"graph-{size}.db"
    with SQLiteStore(db) as store:
        store.write_file_graph(synthetic_file_graph(size))
    return db


# --- the server and the browser ---------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(db: Path) -> Iterator[str]:
    """``policygraph serve`` on a free port until the block ends."""
    port = _free_port()
    script = Path(sys.executable).with_name("policygraph")
    process = subprocess.Popen([str(script), "serve", "--db", str(db), "--port", str(port),
                                "--log-level", "warning"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/api/stats", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


def time_page(browser: Any, base: str, size: int) -> dict[str, float]:
    """One run of the served page; ms since navigation start."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(f"{base}/doc?doc={CENTRE}&limit={API_CAP}")
        page.wait_for_function("window.pgGraph && pgGraph.draws >= 1", timeout=300_000)
        run = page.evaluate("({fetched: pgGraph.fetchedAt, drawn: pgGraph.drawnAt, "
                            "nodes: pgGraph.nodes.length})")
        if size > API_CAP:  # the page's expand path: click the hub, merge, redraw
            clicked = page.evaluate("performance.now()")
            page.evaluate(f"pgGraph.expand({json.dumps(HUB)})")
            page.wait_for_function("pgGraph.draws >= 2", timeout=300_000)
            after = page.evaluate("({drawn: pgGraph.drawnAt, nodes: pgGraph.nodes.length})")
            run.update(expand=after["drawn"] - clicked, drawn=after["drawn"], nodes=after["nodes"])
        return run
    finally:
        context.close()


def time_export(browser: Any, html: Path) -> dict[str, float]:
    """One run of the standalone file; ms since navigation start."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.route("**/*", lambda r: r.abort() if not r.request.url.startswith("file:")
                  else r.continue_())
    page = context.new_page()
    try:
        page.goto(html.as_uri())
        page.wait_for_function("window.pgStandalone && pgStandalone.draws >= 1",
                               timeout=300_000)
        return page.evaluate("({drawn: pgStandalone.drawnAt, nodes: pgStandalone.nodes.length})")
    finally:
        context.close()


def time_api(base: str, size: int) -> float:
    """Server time of the page's /api/graph call(s), ms (best of three)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        httpx.get(f"{base}/api/graph", params={"doc": CENTRE, "limit": API_CAP}, timeout=120)
        if size > API_CAP:
            httpx.get(f"{base}/api/graph", params={"doc": HUB, "limit": API_CAP}, timeout=120)
        best = min(best, (time.perf_counter() - start) * 1000)
    return best


# --- the report --------------------------------------------------------------------------------


def measure(sizes: list[int], runs: int) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    results = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size in sizes:
            db = build_store(size, Path(tmp))
            html = Path(tmp) / f"graph-{size}.html"
            with SQLiteStore(db) as store:
                start = time.perf_counter()
                write_standalone(store, CENTRE, html, depth=2, limit=size)
                export_ms = (time.perf_counter() - start) * 1000
            with serve(db) as base:
                api_ms = time_api(base, size)
                page_runs = [time_page(browser, base, size) for _ in range(runs)]
            file_runs = [time_export(browser, html) for _ in range(runs)]
            results.append({"size": size, "api_ms": api_ms, "export_write_ms": export_ms,
                            "export_bytes": html.stat().st_size, "page": page_runs,
                            "export": file_runs})
            print(f"{size}: done", file=sys.stderr)
        browser.close()
    return results


def markdown(results: list[dict[str, Any]]) -> str:
    def span(values: list[float]) -> str:
        return (f"{statistics.median(values):,.0f} ({min(values):,.0f}–{max(values):,.0f})")

    lines = [
        "| nodes | page: navigation → drawn, ms | data fetched at, ms "
        "| expand click → drawn, ms | `policygraph viz` file: open → drawn, ms "
        "| file size | API time (server), ms |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        page, export = r["page"], r["export"]
        expand = span([p["expand"] for p in page]) if "expand" in page[0] else "—"
        lines.append(
            f"| {page[0]['nodes']:,} | {span([p['drawn'] for p in page])} "
            f"| {span([p['fetched'] for p in page])} | {expand} "
            f"| {span([e['drawn'] for e in export])} | {r['export_bytes'] / 2**20:.1f} MB "
            f"| {r['api_ms']:,.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 2000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="Also write every run as JSON here.")
    args = parser.parse_args(argv)
    results = measure(args.sizes, args.runs)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results))
    print()
    print(markdown(results))


if __name__ == "__main__":
    main()
