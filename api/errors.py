"""The API's one error shape, built by one function and used on every error path.

Every error is ``{"error": {"status": 404, "message": "...", "hint": "..."}}``: the message
says what was wrong (naming the parameter and its limit: "depth must be <= 10"), the hint
says how to fix it. Handlers turn HTTP errors (unknown route, wrong method, ``ApiError``),
validation errors and store failures into it (datasette ``error_body`` /
``test_error_shape.py`` habit).

Exceptions::

    starlette HTTPException
    └── ApiError        an expected failure with a hint (404 no such document, 409 ambiguous)

Example:
    >>> body = error_body(404, "No document matches 'x'.", "Search with /api/search?q=x")
    >>> body["error"]["status"]
    404
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..graph.store import StoreError

logger = logging.getLogger(__name__)

_DEFAULT_HINTS = {
    400: "Check the request against the API description at /docs.",
    404: "No such endpoint. Every endpoint is listed at /docs (JSON schema: /openapi.json).",
    405: "The API is read-only: use GET. Every endpoint is listed at /docs.",
    422: "Check the parameters against /docs.",
    500: "This is a bug: please report it with the URL that caused it.",
    503: "The store could not answer. Check the database file (policygraph serve --db FILE) "
         "and try again.",
}


class ErrorDetail(BaseModel):
    """The inside of an error: HTTP status, what was wrong, how to fix it."""

    status: int
    message: str
    hint: str


class ErrorBody(BaseModel):
    """Every error response: ``{"error": {"status", "message", "hint"}}``."""

    error: ErrorDetail


def _documented(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


#: OpenAPI ``responses`` for routes that take a document and parameters.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: _documented("No document matches the `doc` parameter (the hint lists close matches)."),
    409: _documented("The `doc` parameter names several documents (the hint lists their keys)."),
    422: _documented("A parameter is missing or out of range (the message names it and its "
                     "limit)."),
}
#: OpenAPI ``responses`` for routes whose only errors are bad parameters.
PARAMETER_ERRORS: dict[int | str, dict[str, Any]] = {422: ERROR_RESPONSES[422]}


class ApiError(StarletteHTTPException):
    """An expected failure: status, message and a hint on how to fix the request.

    Example:
        >>> ApiError(404, "No document matches 'x'.", "Try /api/search?q=x").hint
        'Try /api/search?q=x'
    """

    def __init__(self, status: int, message: str, hint: str) -> None:
        super().__init__(status_code=status, detail=message)
        self.hint = hint


def error_body(status: int, message: str, hint: str | None = None) -> dict[str, Any]:
    """The one JSON error shape.

    Args:
        status: the HTTP status.
        message: what was wrong.
        hint: how to fix it (a default per status when None).

    Returns:
        ``{"error": {"status": ..., "message": ..., "hint": ...}}``.

    Example:
        >>> error_body(422, "depth must be <= 10")["error"]["hint"]
        'Check the parameters against /docs.'
    """
    return {"error": {"status": status, "message": message,
                      "hint": hint or _DEFAULT_HINTS.get(status, _DEFAULT_HINTS[400])}}


def error_response(status: int, message: str, hint: str | None = None,
                   headers: Mapping[str, str] | None = None) -> JSONResponse:
    """A JSONResponse with :func:`error_body`."""
    return JSONResponse(error_body(status, message, hint), status_code=status,
                        headers=dict(headers) if headers else None)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that give every error the one shape.

    Example:
        >>> install_error_handlers(FastAPI())
    """
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StoreError, _store_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected_error)


async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    hint = getattr(exc, "hint", None)
    message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    if exc.status_code == 404 and hint is None:
        message = f"No endpoint at {request.url.path}."
    if exc.status_code == 405 and hint is None:
        message = f"{request.method} is not allowed on {request.url.path}."
    return error_response(exc.status_code, message, hint, exc.headers)


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    message = "; ".join(describe_validation_error(e) for e in exc.errors())
    hint = f"See the parameters of {request.method} {request.url.path} at /docs."
    return error_response(422, message or "The request is not valid.", hint)


async def _store_error(request: Request, exc: StoreError) -> JSONResponse:
    logger.error("store error on %s: %s", request.url.path, exc)
    return error_response(503, f"The store failed: {exc}", None)


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unexpected error on %s", request.url.path, exc_info=exc)
    return error_response(500, f"Internal error: {type(exc).__name__}.", None)


def describe_validation_error(error: Mapping[str, Any]) -> str:
    """One pydantic validation error as a sentence naming the parameter and what is allowed.

    Example:
        >>> describe_validation_error({"loc": ("query", "depth"), "type": "less_than_equal",
        ...                            "ctx": {"le": 10}, "input": "11", "msg": ""})
        'depth must be <= 10'
    """
    name = _parameter(error.get("loc", ()))
    ctx = error.get("ctx") or {}
    kind = error.get("type", "")
    got = error.get("input")
    match kind:
        case "missing":
            return f"{name} is required"
        case "less_than_equal":
            return f"{name} must be <= {ctx.get('le')}"
        case "greater_than_equal":
            return f"{name} must be >= {ctx.get('ge')}"
        case "less_than":
            return f"{name} must be < {ctx.get('lt')}"
        case "greater_than":
            return f"{name} must be > {ctx.get('gt')}"
        case "int_parsing" | "int_type" | "int_from_float":
            return f"{name} must be an integer, got {got!r}"
        case "enum" | "literal_error":
            return f"{name} must be one of {ctx.get('expected')}, got {got!r}"
        case "string_too_short":
            return f"{name} must be at least {ctx.get('min_length')} character(s) long"
        case "string_too_long":
            return f"{name} must be at most {ctx.get('max_length')} characters long"
        case _:
            return f"{name}: {error.get('msg', 'invalid value')}"


def _parameter(loc: Sequence[Any]) -> str:
    """The parameter's name from a pydantic location ``("query", "depth")``."""
    # Drop the source and list indexes: ("query", "types", 1) is the parameter "types".
    parts = [str(p) for p in loc
             if p not in ("query", "path", "body", "header") and not isinstance(p, int)]
    return ".".join(parts) or "request"
