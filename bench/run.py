"""Run every benchmark in turn (`make bench`); each prints its own JSON. Copy the numbers
into BENCHMARKS.md with the date and how loaded the machine was.

Run: .venv/bin/python -m bench.run
"""

from __future__ import annotations

from . import extraction_stages, graph_render, ingest_throughput, lineage_latency


def main() -> None:
    print("== ingest throughput (corpus repeated to 50 MB)")
    ingest_throughput.main(["--mb", "50"])
    print("== ingest of text never seen (the corpus once, fresh process)")
    ingest_throughput.main(["--mb", "0"])
    print("== extraction time by stage (corpus, warm)")
    extraction_stages.main([])
    print("== lineage latency (100,000 synthetic documents)")
    lineage_latency.main([])
    print("== graph render in headless chromium")
    graph_render.main([])


if __name__ == "__main__":
    main()
