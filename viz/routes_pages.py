"""The browser pages: ``/`` (search) and ``/doc?doc=…`` (a document and its graph), and
the files they load from ``/static/…``.

Every page has a JSON twin and reads it, never a second data path (style.md, viz/):

=======================  =====================================================================
page                     JSON it is made from
=======================  =====================================================================
``/``                    ``/api/stats``; suggestions: ``/api/search?q=`` (``search.js``)
``/doc?doc=…``           ``/api/document?doc=…`` (server side), then ``/api/graph?doc=…``
                         in the browser (``graph.js``), again for each node expanded
=======================  =====================================================================

The server side calls the API's own route functions, so the page shows exactly what the
JSON says. Symbols contain ``/`` (``361-KL/TU``), so the document is the query parameter
``doc``, as in the API. Errors are HTML pages here (404: nothing matches, with close
matches; 409: several documents share the symbol, pick one; 400: a bad parameter), while
the API answers the same cases in JSON.

Example:
    >>> sorted(r.path for r in router.routes)
    ['/', '/doc', '/static']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from ..api import routes_documents
from ..api.deps import MAX_DEPTH, MAX_LIMIT, MAX_TEXT, StoreDep
from ..graph.queries import resolve_subject
from ..graph.results import DocumentRef
from ..graph.store import Store
from .render import STATIC_DIR, render_template

router = APIRouter(include_in_schema=False)
router.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

#: Depths offered by the page's selector; any 0..MAX_DEPTH works in the URL.
DEPTH_CHOICES = (1, 2, 3)
DEFAULT_LIMIT = 200  # the API's default for /api/graph: a few hundred nodes stay readable

OptionalText = Annotated[str | None, Query()]


class PageError(Exception):
    """A request a page cannot answer: the HTTP status and what to tell the reader."""

    def __init__(self, status: int, heading: str, message: str,
                 choices: Sequence[DocumentRef] = (), choices_heading: str = "",
                 json_url: str | None = None) -> None:
        super().__init__(message)
        self.status, self.heading, self.message = status, heading, message
        self.choices, self.choices_heading, self.json_url = choices, choices_heading, json_url


@router.get("/", response_class=HTMLResponse)
def index_page(store: StoreDep) -> HTMLResponse:
    """The search page: a search box with suggestions, and what the store holds."""
    return _html("index.html", stats=routes_documents.stats(store))


@router.get("/doc", response_class=HTMLResponse)
def document_page(store: StoreDep, doc: OptionalText = None, depth: OptionalText = None,
                  limit: OptionalText = None) -> HTMLResponse:
    """One document: what it is, its status, and the interactive graph around it."""
    try:
        text = _document_text(doc)
        hops = _bounded_int(depth, "depth", 1, 0, MAX_DEPTH)
        size = _bounded_int(limit, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
        key = _document_key(store, text)
    except PageError as error:
        return _error_page(error, query=doc or "")
    detail = routes_documents.get_document(store, key)
    graph_url = "/api/graph?" + urlencode({"doc": key, "depth": hops, "limit": size})
    return _html("document.html", detail=detail, graph_url=graph_url, depth=hops, limit=size,
                 depth_choices=sorted({*DEPTH_CHOICES, hops}), query="")


def _document_text(doc: str | None) -> str:
    """The ``doc`` parameter, or a 400 saying what to pass."""
    text = (doc or "").strip()
    if not text:
        raise PageError(400, "Thiếu văn bản cần xem",
                        "Thêm tham số doc vào địa chỉ, ví dụ /doc?doc=361-KL/TU, "
                        "hoặc gõ số ký hiệu vào ô tìm kiếm.")
    if len(text) > MAX_TEXT:
        raise PageError(400, "Tham số doc quá dài",
                        f"doc dài {len(text)} ký tự; tối đa {MAX_TEXT}.")
    return text


def _bounded_int(value: str | None, name: str, default: int, low: int, high: int) -> int:
    """An integer parameter within [low, high], ``default`` when absent, else a 400."""
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise PageError(400, f"Tham số {name} không hợp lệ",
                        f"{name} phải là số nguyên từ {low} đến {high}, nhận được {value!r}.")
    return number


def _document_key(store: Store, text: str) -> str:
    """The key of the one document ``text`` names (as ``/api/resolve`` says), else the
    404 or 409 page that lets the reader pick."""
    found = resolve_subject(store, text)
    json_url = "/api/resolve?" + urlencode({"doc": text})
    if found.status == "found" and found.document is not None:
        return found.document.key
    if found.status == "ambiguous":
        # domain.md §1: 361-KL/TU is issued by every Tỉnh ủy; never pick one for the reader.
        raise PageError(409, "Nhiều văn bản cùng số ký hiệu",
                        f"«{text}» ứng với {len(found.candidates)} văn bản khác nhau "
                        "(khác cơ quan, địa bàn hoặc năm).", found.candidates,
                        "Chọn một văn bản:", json_url)
    raise PageError(404, "Không tìm thấy văn bản", f"Không có văn bản nào khớp với «{text}».",
                    found.suggestions, "Có phải bạn muốn tìm:" if found.suggestions else "",
                    json_url)


def _error_page(error: PageError, query: str) -> HTMLResponse:
    return _html("error.html", status_code=error.status, status=error.status,
                 heading=error.heading, message=error.message, choices=list(error.choices),
                 choices_heading=error.choices_heading, json_url=error.json_url, query=query)


def _html(template: str, status_code: int = 200, **context: object) -> HTMLResponse:
    context.setdefault("query", "")
    return HTMLResponse(render_template(template, **context), status_code=status_code)
