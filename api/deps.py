"""What every route needs: the store, the ``doc`` parameter and its resolution, the limits.

Symbols contain ``/`` (``361-KL/TU``, ``07/2019/NQ-HĐND``), so a document is never a path
segment: routes take it as the query parameter ``doc`` (``?doc=361-KL/TU``, URL-encoded
or not), in any spelling, or as a key (``doc:361-KL/TU@binh-phuoc:2022``, ``scheme:…``).

Example:
    >>> MAX_DEPTH, MAX_LIMIT
    (10, 1000)
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Query, Request

from ..graph.queries import resolve_subject
from ..graph.results import DocumentRef
from ..graph.search import candidates_of
from ..graph.store import Store
from .errors import ApiError

#: Upper bounds of the API (the issue: depth <= 10, result size <= 1000).
MAX_DEPTH = 10
MAX_LIMIT = 1000
MAX_TEXT = 500

DOC_DESCRIPTION = (
    "The document: a symbol in any spelling (361-KL/TU, 361/KL-TU, 790/QD-TTg), a type and "
    "number (ke hoach 327), a title, or a key (doc:361-KL/TU@binh-phuoc:2022). Symbols "
    "contain '/', so the document is a query parameter, never part of the path. A symbol "
    "several documents share answers 409 with their keys: add the province or year "
    "(361-KL/TU Bình Phước) or pass a key."
)


def get_store(request: Request) -> Store:
    """The app's store (opened by ``create_app``)."""
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]
DocParam = Annotated[str, Query(description=DOC_DESCRIPTION, min_length=1, max_length=MAX_TEXT,
                                examples=["361-KL/TU"])]


def document_of(store: Store, doc: str, parameter: str = "doc") -> DocumentRef:
    """The one document ``doc`` names, or the API error that says why not.

    Args:
        store: the app's store.
        doc: the parameter's value (key, symbol, type + number, title).
        parameter: the parameter's name, for the message.

    Returns:
        The document.

    Raises:
        ApiError: 404 with close matches, or 409 with the candidates' keys.

    Example:
        >>> from ..graph.sqlite_store import SQLiteStore
        >>> document_of(SQLiteStore(":memory:"), "361-KL/TU")
        Traceback (most recent call last):
        policygraph.api.errors.ApiError: 404: No document matches doc='361-KL/TU'.
    """
    found = resolve_subject(store, doc)
    if found.status == "found" and found.document is not None:
        return found.document
    if found.status == "ambiguous":
        listed = "; ".join(candidates_of(found.candidates))
        raise ApiError(409, f"{parameter}={doc!r} names {len(found.candidates)} documents.",
                       f"Pass one of these keys as {parameter}=: {listed}.")
    near = ", ".join(f"{s.label} ({s.key})" for s in found.suggestions)
    hint = (f"Close matches: {near}." if near else "Nothing close either.")
    raise ApiError(404, f"No document matches {parameter}={doc!r}.",
                   f"{hint} Search with /api/search?q={quote(doc)}.")
