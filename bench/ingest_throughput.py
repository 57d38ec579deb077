"""Ingest throughput (MB/s of text) and peak memory on the corpus repeated to >= 50 MB.

How the sample is made: every file of ../shared/corpus is copied N times under distinct
names (`<stem>-copy<k>.txt`, each with its copy number appended so no two are identical
and none is skipped as unchanged) until the total passes the target size. The run ingests
that folder into a fresh SQLite file, in this process, one core (``--jobs N``: N processes
extract, this one writes).

The copies repeat the same text, so whatever an extractor remembers per process (the scores
of agency-name windows, symbol readings, dates) is found again in every later copy. ``--mb 0``
ingests the corpus once in this fresh process instead: text never seen before, the speed a
new folder of documents gets.

Run: .venv/bin/python -m bench.ingest_throughput [--mb 50] [--corpus ../shared/corpus] [--jobs N]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path

from policygraph.graph.sqlite_store import SQLiteStore
from policygraph.ingest.pipeline import ingest_paths

# Stage entry points: (file suffix, function name). Cumulative time of each, so C calls
# (regex, str.translate) count toward the stage that made them. Nested stages overlap:
# find_references includes find_symbols and find_named_documents.
STAGES = {
    "read": ("ingest/read.py", "read_source"),
    "normalise": ("ingest/normalise.py", "normalise_text"),
    "split": ("ingest/split.py", "split_documents"),
    "header": ("ingest/header.py", "read_header"),
    "references (all)": ("ingest/references.py", "find_references"),
    "  symbols": ("ingest/symbols.py", "find_symbols"),
    "  named documents": ("ingest/named.py", "find_named_documents"),
    "  back references": ("ingest/named_backrefs.py", "find_back_references"),
    "relations": ("ingest/relations.py", "classify_links"),
    "resolve": ("ingest/resolve.py", "resolve_references"),
    "tasks/agencies/indicators": ("ingest/structure.py", "extract_structure"),
    "store write": ("graph/sqlite_store.py", "write_file_graph"),
}


def make_sample(corpus: Path, folder: Path, megabytes: int) -> int:
    """Copy the corpus files under distinct names until ``megabytes`` is passed; return bytes."""
    files = sorted(corpus.glob("*.txt"))
    total, copy = 0, 0
    while copy == 0 or total < megabytes * 2**20:
        for path in files:
            text = path.read_text(encoding="utf-8") + f"\n(bản sao {copy})\n"
            target = folder / f"{path.stem}-copy{copy:03d}.txt"
            target.write_text(text, encoding="utf-8")
            total += target.stat().st_size
        copy += 1
    return total


def _stage_seconds(stats: pstats.Stats) -> dict[str, float]:
    """Cumulative seconds per stage entry point."""
    seconds = {}
    for name, (suffix, function) in STAGES.items():
        seconds[name] = sum(cumtime for (filename, _, func), (_, _, _, cumtime, _) in stats.stats.items()  # type: ignore[attr-defined]
                            if filename.endswith(suffix) and func == function)
    return seconds


def run(corpus: Path, megabytes: int, profile: bool, jobs: int = 1) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample"
        sample.mkdir()
        size = make_sample(corpus, sample, megabytes)
        store = SQLiteStore(Path(tmp) / "bench.db")
        profiler = cProfile.Profile() if profile else None
        began = time.perf_counter()
        if profiler:
            profiler.enable()
        report = ingest_paths([sample], store, jobs=jobs)
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - began
        stats = store.stats()
        store.close()
    result: dict[str, object] = {
        "megabytes": round(size / 2**20, 1),
        "files": len(report.outcomes),
        "failed": len(report.failed),
        "seconds": round(seconds, 2),
        "mb_per_s": round(size / 2**20 / seconds, 2),
        "jobs": jobs,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        # Worker processes (--jobs > 1): the largest one's peak.
        "peak_rss_worker_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "documents": stats.get("documents"),
        "relations": stats.get("relations"),
        "profiled": profile,
    }
    if profiler:
        buffer = io.StringIO()
        parsed = pstats.Stats(profiler, stream=buffer)
        stage = _stage_seconds(parsed)
        result["time_by_stage_pct_of_run"] = {k: round(100 * v / seconds, 1) for k, v in stage.items()}
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=50, help="size of the sample in MB (default 50; 0: the "
                        "corpus once, text this process has never seen: no cache of earlier files helps)")
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpus")
    parser.add_argument("--profile", action="store_true", help="also attribute time to stages (slower; "
                        "this process only, so with --jobs 1)")
    parser.add_argument("--jobs", type=int, default=1, help="extracting processes (default 1: one core)")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.corpus, args.mb, args.profile, args.jobs), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
