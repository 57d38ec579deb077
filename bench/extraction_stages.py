"""Wall time of each extraction stage on the corpus, unprofiled: best of N warm rounds.

Each stage's entry point is wrapped with a timer where the pipeline calls it (nested stages,
such as named documents inside references, are counted in both). cProfile slows many small
Python calls more than C calls and so misplaces the time; this does not.

Run: .venv/bin/python -m bench.extraction_stages [--rounds 5] [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import importlib
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

_P = "policygraph.ingest."
# (module, function, label, modules that imported the function by name and call it)
STAGES = [
    ("normalise", "normalise_text", "normalise", ["pipeline"]),
    ("pipeline", "_file_province", "province", []),
    ("split", "split_documents", "split", ["pipeline"]),
    ("header", "read_header", "header", ["pipeline"]),
    ("references", "find_references", "references", ["pipeline"]),
    ("symbols", "find_symbols", "  symbols", ["references"]),
    ("named", "find_named_documents", "  named documents", ["references"]),
    ("relations", "classify_links", "relations", ["pipeline"]),
    ("resolve", "resolve_references", "resolve", ["pipeline"]),
    ("tables", "find_rows", "tables", ["pipeline"]),
    ("structure", "extract_structure", "structure", ["pipeline"]),
    ("agencies", "find_agency_mentions", "  agencies", ["structure", "tasks", "indicators"]),
    ("tasks", "extract_tasks", "  tasks", ["structure"]),
    ("indicators", "extract_indicators", "  indicators", ["structure"]),
]


def _timed(function: Callable, label: str, spent: dict[str, float]) -> Callable:
    def timed(*args, **kwargs):
        began = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - began
    return timed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpus")
    args = parser.parse_args(argv)
    spent: dict[str, float] = defaultdict(float)
    for module, name, label, callers in STAGES:
        original = getattr(importlib.import_module(_P + module), name)
        for holder in [module, *callers]:
            loaded = importlib.import_module(_P + holder)
            if getattr(loaded, name, None) is original:
                setattr(loaded, name, _timed(original, label, spent))
    from policygraph.ingest.pipeline import extract_file
    from policygraph.ingest.read import read_source

    files = sorted(args.corpus.glob("*.txt"))
    sources = [read_source(path) for path in files]
    megabytes = sum(path.stat().st_size for path in files) / 2**20
    for source in sources:  # warm: imports, compiled patterns, gazetteer
        extract_file(source)
    best: tuple[float, dict[str, float]] | None = None
    for _ in range(args.rounds):
        spent.clear()
        began = time.perf_counter()
        for source in sources:
            extract_file(source)
        total = time.perf_counter() - began
        if best is None or total < best[0]:
            best = (total, dict(spent))
    assert best is not None
    total, stages = best
    print(f"extraction of {megabytes:.2f} MB: {total * 1000:.0f} ms ({megabytes / total:.2f} MB/s), best of {args.rounds}")
    for _, _, label, _ in STAGES:
        print(f"{label:20s} {stages.get(label, 0.0) * 1000:7.1f} ms {100 * stages.get(label, 0.0) / total:5.1f} %")


if __name__ == "__main__":
    main()
