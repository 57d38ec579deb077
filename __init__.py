"""PolicyGraph: trace Vietnamese policy documents as a graph with evidence.

The verbs most users need::

    from policygraph import ingest_paths, open_store
    store = open_store("policygraph.db")
    report = ingest_paths(["../shared/corpus"], store)
"""

__version__ = "0.1.0"
