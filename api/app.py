"""The HTTP API: ``create_app(db)`` builds a read-only FastAPI app over one store.

Routers per area, all under ``/api``: documents and search (``routes_documents``),
lineage and the graph view (``routes_lineage``), questions (``routes_ask``), tasks,
agencies and indicators (``routes_structure``). OpenAPI docs
at ``/docs``, the schema at ``/openapi.json``. Errors have one JSON shape
(``api.errors``).

Example:
    >>> from ..graph.sqlite_store import SQLiteStore
    >>> app = create_app(SQLiteStore(":memory:"))
    >>> app.title
    'PolicyGraph'
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from .. import __version__
from ..graph.store import Store, open_store
from ..viz import routes_pages
from . import routes_ask, routes_documents, routes_lineage, routes_structure
from .errors import install_error_handlers

_DESCRIPTION = """\
Lineage of Vietnamese policy documents, with evidence: which plans implement a conclusion,
what a plan rests on, what amends a resolution.

Documents contain `/` in their symbols (`361-KL/TU`, `07/2019/NQ-HĐND`), so every endpoint
takes the document as the **query parameter** `doc` — a symbol in any spelling
(`361/KL-TU`, `790/QD-TTg`), a type and number (`ke hoach 327`), a title, or a key
(`doc:361-KL/TU@binh-phuoc:2022`). A symbol shared by several documents answers 409 with
their keys; `/api/resolve` lists them as data.

Errors are always `{"error": {"status", "message", "hint"}}`. Depth is at most 10 and
result size at most 1000.
"""


def create_app(db: str | Path | Store) -> FastAPI:
    """Build the API over a store.

    Args:
        db: the store's path or URI (opened now, closed when the app shuts down; an SQLite
            file must exist), or an open Store (tests; the caller closes it).

    Returns:
        The FastAPI app.

    Raises:
        FileNotFoundError: ``db`` is a path to no file.

    Example:
        >>> create_app("no-such.db")
        Traceback (most recent call last):
        FileNotFoundError: No store at no-such.db. Ingest documents first: ...
    """
    store, owned = _store_of(db)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            store.close()

    app = FastAPI(title="PolicyGraph", version=__version__, description=_DESCRIPTION,
                  lifespan=lifespan)
    app.state.store = store
    install_error_handlers(app)
    for module in (routes_documents, routes_lineage, routes_ask, routes_structure):
        app.include_router(module.router)
    app.include_router(routes_pages.router)  # browser pages at / and /doc, files at /static
    return app


def _store_of(db: str | Path | Store) -> tuple[Store, bool]:
    """The store, and whether the app opened it (and so closes it)."""
    if not isinstance(db, (str, Path)):
        return db, False
    target = str(db)
    if "://" not in target and target != ":memory:" and not Path(target).exists():
        raise FileNotFoundError(f"No store at {target}. Ingest documents first: "
                                f"policygraph ingest PATH --db {target}")
    return open_store(target), True
