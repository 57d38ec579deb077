"""The store as a networkx graph, and GraphML / GEXF files for Gephi, yEd or Cytoscape.

Documents are nodes (key, symbol, type, title, status…), relations are edges (type,
evidence sentence, file, line, scope); several relations between two documents stay
several edges (a MultiDiGraph). GraphML and GEXF take no null values: a missing value is
written as an empty string.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from .status import derive_status
from .store import Store


def to_networkx(store: Store) -> nx.MultiDiGraph:
    """Every document and relation of ``store`` as a MultiDiGraph.

    Example:
        >>> from .sqlite_store import SQLiteStore
        >>> to_networkx(SQLiteStore(":memory:")).number_of_nodes()
        0
    """
    graph = nx.MultiDiGraph()
    relations = list(store.relations())
    incoming: dict[str, list] = {}
    for relation in relations:
        incoming.setdefault(relation.target, []).append(relation)
    for doc in store.documents():
        graph.add_node(doc.key, **_clean({
            "symbol": doc.symbol, "doc_type": str(doc.doc_type), "title": doc.title, "issuer": doc.issuer,
            "jurisdiction": doc.jurisdiction, "date": doc.date,
            "status": str(derive_status(incoming.get(doc.key, []))),
            "label": doc.symbol or (doc.title or doc.key)[:60]}))
    for relation in relations:
        graph.add_edge(relation.source, relation.target, **_clean({
            "type": str(relation.type), "evidence": relation.evidence.text, "file": relation.evidence.file,
            "line": relation.evidence.line, "scope": relation.scope}))
    return graph


def write_network(store: Store, path: Path, fmt: str) -> None:
    """Write the store's graph to ``path`` as ``graphml`` or ``gexf``.

    Raises:
        ValueError: another format.
    """
    graph = to_networkx(store)
    if fmt == "graphml":
        nx.write_graphml(graph, path)
    elif fmt == "gexf":
        nx.write_gexf(graph, path)
    else:
        raise ValueError(f"unknown network format {fmt!r}: use graphml or gexf")


def _clean(values: dict[str, object]) -> dict[str, object]:
    """GraphML/GEXF have no null: write a missing value as an empty string."""
    return {k: ("" if v is None else v) for k, v in values.items()}
