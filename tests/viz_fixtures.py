"""A hostile little world for the page tests: titles, sentences, scopes and a file name
that try to run script (issue #5: "a title containing <script> or \\" onmouseover= is shown
as text").

- 66/KH-UBND (a plan) has the hostile title; so does a scheme with no number, whose
  *label* is then that title (shortened), so it reaches the canvas, lists and tooltips.
- 66/KH-UBND implements 12-KL/TU (title with an ``<img onerror>``), with a hostile
  sentence and scope as evidence, read from a file whose name holds markup.

Run ``python -m tests.viz_fixtures hostile-dev.db`` for a dev database.

Example:
    >>> hostile_file_graph().documents[0].title == HOSTILE_TITLE
    True
"""

from __future__ import annotations

import hashlib
import sys

from policygraph.graph.model import (
    DocType,
    Document,
    Evidence,
    FileGraph,
    Relation,
    RelationType,
)
from policygraph.graph.sqlite_store import SQLiteStore

#: The issue's own example: closes an attribute and opens an event handler.
HOSTILE_TITLE = '<script>window.__pwned=1</script>" onmouseover="window.__pwned=2'
HOSTILE_CONCLUSION_TITLE = 'Kết luận <img src=x onerror="window.__pwned=3">'
HOSTILE_SENTENCE = ("Thực hiện <script>window.__pwned=4</script> Kết luận số 12-KL/TU "
                    "<img src=x onerror=window.__pwned=5>")
HOSTILE_SCOPE = '<b onmouseover="window.__pwned=6">Điều 1</b>'
HOSTILE_FILE = 'bao-cao_<i onclick="window.__pwned=7">x</i>.txt'

PLAN = "doc:66/KH-UBND@binh-phuoc:2024"
SCHEME = "scheme:binh-phuoc:hostile"
CONCLUSION = "doc:12-KL/TU@binh-phuoc:2024"


def hostile_file_graph() -> FileGraph:
    """The hostile file: three documents, two relations, evidence everywhere."""
    ev = Evidence(HOSTILE_FILE, 3, HOSTILE_SENTENCE)
    documents = [
        Document(PLAN, "66/KH-UBND", DocType.PLAN, "UBND tỉnh", "Bình Phước", "2024-03-01",
                 2024, HOSTILE_TITLE, mentions=[ev]),
        Document(SCHEME, None, DocType.SCHEME, "UBND tỉnh", "Bình Phước", "2024", 2024,
                 HOSTILE_TITLE, mentions=[Evidence(HOSTILE_FILE, 4, HOSTILE_TITLE)]),
        Document(CONCLUSION, "12-KL/TU", DocType.CONCLUSION, "Tỉnh ủy", "Bình Phước",
                 "2024-01-05", 2024, HOSTILE_CONCLUSION_TITLE, mentions=[ev]),
    ]
    relations = [
        Relation(PLAN, CONCLUSION, RelationType.IMPLEMENTS, ev, HOSTILE_SCOPE),
        Relation(PLAN, SCHEME, RelationType.IMPLEMENTS,
                 Evidence(HOSTILE_FILE, 4, "triển khai " + HOSTILE_TITLE)),
    ]
    digest = hashlib.sha256(repr((documents, relations)).encode("utf-8")).hexdigest()
    return FileGraph(HOSTILE_FILE, digest, "utf-8", documents, relations)


def write_hostile_store(store: SQLiteStore) -> SQLiteStore:
    """Write the hostile file into ``store`` and return it.

    Example:
        >>> write_hostile_store(SQLiteStore(":memory:")).stats()["documents"]
        3
    """
    store.write_file_graph(hostile_file_graph())
    return store


if __name__ == "__main__":  # python -m tests.viz_fixtures hostile-dev.db
    with SQLiteStore(sys.argv[1] if len(sys.argv) > 1 else "hostile-dev.db") as dev:
        print(write_hostile_store(dev).stats())
