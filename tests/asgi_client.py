"""A synchronous in-process client for the app: httpx's ASGITransport on one event loop.

Why not ``starlette.testclient.TestClient``: with plain ``httpx`` installed, starlette 1.x
warns at import that it wants ``httpx2``, and our tests treat warnings as errors. This
wrapper needs nothing more than httpx, and runs requests through the real ASGI app.

Example:
    >>> from policygraph.api.app import create_app
    >>> from policygraph.graph.sqlite_store import SQLiteStore
    >>> with AppClient(create_app(SQLiteStore(":memory:"))) as client:
    ...     client.get("/api/stats").status_code
    200
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx


class AppClient:
    """``get`` (and ``request``) against an ASGI app, in process.

    Args:
        app: the ASGI application.
        base_url: the URL the app believes it is served at.
        raise_app_exceptions: re-raise an exception the app let escape (False: return the
            500 response the app sent, as a real server would).
    """

    def __init__(self, app: Any, base_url: str = "http://testserver",
                 raise_app_exceptions: bool = True) -> None:
        self._runner = asyncio.Runner()
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=raise_app_exceptions)
        self._client = httpx.AsyncClient(transport=transport, base_url=base_url)

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """Send one request and return the full response."""
        return self._runner.run(self._client.request(method, url, **kwargs))

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        """GET ``url`` (query parameters in the URL or as ``params=``)."""
        return self.request("GET", url, **kwargs)

    def close(self) -> None:
        """Close the client and its event loop."""
        self._runner.run(self._client.aclose())
        self._runner.close()

    def __enter__(self) -> AppClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
