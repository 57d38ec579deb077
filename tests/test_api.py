"""The HTTP API (api/app.py and its routers) through the real ASGI app, in process.

Every error path is checked for the one error shape; schemathesis fuzzes every endpoint
against the app's own OpenAPI schema (no 5xx, responses conform).
"""

from __future__ import annotations

import doctest
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings

from policygraph.api import (
    app as app_module,
)
from policygraph.api import (
    ask_followups,
    ask_text,
    ask_topic,
    deps,
    errors,
    intents,
    routes_ask,
    routes_documents,
    routes_lineage,
    schemas,
    tree,
)
from policygraph.api.app import create_app
from policygraph.graph.sqlite_store import SQLiteStore
from policygraph.graph.store import StoreError
from tests import graph_fixtures as fx
from tests.asgi_client import AppClient


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file database holding the lineage world."""
    path = tmp_path_factory.mktemp("api") / "lineage.db"
    with SQLiteStore(path) as store:
        fx.write_lineage_store(store)
    return path


@pytest.fixture(scope="module")
def app(db_path: Path) -> Iterator[FastAPI]:
    """The app, built from the database path as `policygraph serve` builds it."""
    built = create_app(str(db_path))
    yield built
    built.state.store.close()


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[AppClient]:
    with AppClient(app) as opened:
        yield opened


def ok(client: AppClient, url: str, **params: Any) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def assert_error(response: Any, status: int, *words: str) -> dict[str, Any]:
    """The one error shape, with the status, and the words the message or hint must hold."""
    assert response.status_code == status, response.text
    body = response.json()
    assert list(body) == ["error"]
    assert set(body["error"]) == {"status", "message", "hint"}
    assert body["error"]["status"] == status
    assert body["error"]["message"] and body["error"]["hint"]
    said = body["error"]["message"] + " " + body["error"]["hint"]
    for word in words:
        assert word in said, said
    return body["error"]


# --- documents ---------------------------------------------------------------------------------


def test_documents_are_paged_by_key(client: AppClient) -> None:
    first = ok(client, "/api/documents", limit=10)
    assert first["total"] == len(fx.DOCUMENTS)
    assert [d["key"] for d in first["documents"]] == sorted(fx.DOCUMENTS)[:10]
    assert first["next_offset"] == 10 and first["truncated"] is True
    last = ok(client, "/api/documents", offset=20, limit=10)
    assert len(last["documents"]) == len(fx.DOCUMENTS) - 20
    assert last["next_offset"] is None and last["truncated"] is False


def test_documents_filtered_by_type_and_province(client: AppClient) -> None:
    plans = ok(client, "/api/documents", doc_type="plan", jurisdiction="binh phuoc")
    assert {d["symbol"] for d in plans["documents"]} == {"245/KH-UBND", "327/KH-UBND",
                                                         "339/KH-UBND", "340/KH-UBND"}


@pytest.mark.parametrize("doc", [
    "245/KH-UBND", "245/kh-ubnd", "ke hoach 245", fx.KH245,
    "361-KL/TU Bình Phước", "361/KL-TU binh phuoc",
])
def test_one_document_by_symbol_spelling_or_key(client: AppClient, doc: str) -> None:
    body = ok(client, "/api/document", doc=doc)
    assert body["document"]["key"] in (fx.KH245, fx.KL361_BP)


def test_one_document_with_its_relations_and_evidence(client: AppClient) -> None:
    body = ok(client, "/api/document", doc="1656/QĐ-UBND")
    assert body["document"]["symbol"] == "1656/QĐ-UBND"
    assert [(e["target"], e["type"]) for e in body["outgoing"]] == [
        (fx.KL361_BP, "implements"), (fx.SCHEME, "approves")]
    assert [e["source"] for e in body["incoming"]] == [fx.KH340]
    assert body["outgoing"][0]["evidence"] == {
        "file": fx.REPORT_FILE, "line": 4418,
        "text": "Quyết định 1656/QĐ-UBND ban hành để thực hiện Kết luận số 361-KL/TU"}
    assert body["mentions"] and body["files"] == [fx.REPORT_FILE]


def test_a_key_with_hash_and_slash_survives_the_url(client: AppClient) -> None:
    # Raw in the query string: "/" needs no escaping there; "#" and "@" do (httpx encodes).
    assert ok(client, "/api/document", doc=fx.REPORT)["document"]["key"] == fx.REPORT
    raw = client.get("/api/document?doc=07/2019/NQ-H%C4%90ND")
    assert raw.json()["document"]["key"] == fx.NQ07


def test_ambiguous_document_is_409_with_the_candidates(client: AppClient) -> None:
    error = assert_error(client.get("/api/document", params={"doc": "361-KL/TU"}), 409,
                         "names 2 documents", fx.KL361_BP, fx.KL361_BD, "Bình Dương")
    assert "doc=" in error["hint"]


def test_unknown_document_is_404_with_close_matches(client: AppClient) -> None:
    assert_error(client.get("/api/document", params={"doc": "316-KL/TU"}), 404,
                 "No document matches doc='316-KL/TU'", "361-KL/TU", "/api/search?q=")


def test_resolve_lists_candidates_as_data(client: AppClient) -> None:
    body = ok(client, "/api/resolve", doc="361/KL-TU")
    assert body["status"] == "ambiguous"
    assert [(c["key"], c["jurisdiction"], c["date"]) for c in body["candidates"]] == [
        (fx.KL361_BD, "Bình Dương", "2024-03-02"), (fx.KL361_BP, "Bình Phước", "2022-06-25")]
    assert ok(client, "/api/resolve", doc="nothing like it")["status"] == "not_found"


def test_search(client: AppClient) -> None:
    body = ok(client, "/api/search", q="790/QD-TTg")
    assert body["hits"][0]["document"]["key"] == fx.QD790
    assert body["hits"][0]["matched"] == "symbol"
    limited = ok(client, "/api/search", q="binh phuoc", limit=2)
    assert len(limited["hits"]) == 2 and limited["truncated"] is True


def test_stats(client: AppClient) -> None:
    body = ok(client, "/api/stats")
    assert body["documents"] == len(fx.DOCUMENTS)
    assert body["relations.amends"] == 2 and body["files"] == 4


# --- lineage ---------------------------------------------------------------------------------


def test_lineage_up_with_depth_and_types(client: AppClient) -> None:
    body = ok(client, "/api/lineage/up", doc="327/KH-UBND", depth=2)
    assert [(e["document"]["key"], e["depth"]) for e in body["entries"]] == [
        (fx.SCHEME, 1), (fx.QD1656, 2)]
    assert body["entries"][1]["via"][0]["evidence"]["line"] == 4417
    only = ok(client, "/api/lineage/up", doc="7099/KH-UBND", types=["based_on"])
    assert {e["document"]["symbol"] for e in only["entries"]} == {"29-NQ/TW", "111/NQ-CP",
                                                                  "361-KL/TU"}


def test_lineage_down(client: AppClient) -> None:
    body = ok(client, "/api/lineage/down", doc="29-NQ/TW", depth=1)
    assert [e["document"]["key"] for e in body["entries"]] == [fx.CTR17, fx.KH7099]
    assert body["direction"] == "down"


def test_implementers(client: AppClient) -> None:
    body = ok(client, "/api/implementers", doc="361-KL/TU Bình Phước")
    assert [(i["document"]["symbol"], i["via"]) for i in body["implementers"]] == [
        ("1656/QĐ-UBND", "direct"), ("245/KH-UBND", "direct"), ("327/KH-UBND", "scheme")]
    assert body["implementers"][2]["path"] == [fx.KL361_BP, fx.QD1656, fx.SCHEME, fx.KH327]


def test_supersession(client: AppClient) -> None:
    body = ok(client, "/api/supersession", doc="07/2019/NQ-HĐND")
    assert body["status"] == "amended"
    assert [(l["document"]["symbol"], l["type"], l["scope"]) for l in body["by"]] == [
        ("08/2023/NQ-HĐND", "amends", "một số Điều")]


def test_graph_neighbourhood_nodes_and_edges(client: AppClient) -> None:
    body = ok(client, "/api/graph", doc="245/KH-UBND", depth=1)
    assert {n["key"] for n in body["nodes"]} == {fx.KH245, fx.KL361_BP}
    node = body["nodes"][0]
    assert {"key", "label", "symbol", "doc_type", "status", "title"} <= set(node)
    assert body["edges"] == [{
        "source": fx.KH245, "target": fx.KL361_BP, "type": "implements", "scope": None,
        "evidence": {"file": fx.REPORT_FILE, "line": 4413,
                     "text": fx.RELATIONS[fx.REPORT_FILE][0].text}, "confidence": 1.0}]


def test_path(client: AppClient) -> None:
    body = ok(client, "/api/path", **{"from": "245/KH-UBND", "to": "340/KH-UBND"})
    assert body["found"] is True and body["keys"][0] == fx.KH245 and len(body["keys"]) == 4
    assert_error(client.get("/api/path", params={"from": "245/KH-UBND", "to": "nothing"}), 404,
                 "to='nothing'")


# --- errors: one shape everywhere ------------------------------------------------------------


@pytest.mark.parametrize(("url", "status", "words"), [
    ("/api/lineage/up?doc=327/KH-UBND&depth=11", 422, ["depth must be <= 10"]),
    ("/api/lineage/down?doc=327/KH-UBND&depth=-1", 422, ["depth must be >= 0"]),
    ("/api/lineage/up?doc=327/KH-UBND&limit=1001", 422, ["limit must be <= 1000"]),
    ("/api/graph?doc=327/KH-UBND&limit=0", 422, ["limit must be >= 1"]),
    ("/api/documents?limit=lots", 422, ["limit must be an integer, got 'lots'"]),
    ("/api/lineage/up?doc=327/KH-UBND&types=cites", 422, ["types must be one of", "based_on"]),
    ("/api/lineage/up", 422, ["doc is required", "/docs"]),
    ("/api/ask", 422, ["q is required"]),
    ("/api/search?q=", 422, ["q must be at least 1 character"]),
    ("/api/ask?q=" + "x" * 501, 422, ["q must be at most 500 characters"]),
    ("/api/implementers?doc=999/KH-UBND", 404, ["No document matches", "7099/KH-UBND"]),
    ("/api/supersession?doc=361-KL/TU", 409, ["names 2 documents"]),
    ("/api/no-such-endpoint", 404, ["No endpoint at /api/no-such-endpoint", "/docs"]),
])
def test_every_error_has_the_one_shape(client: AppClient, url: str, status: int,
                                       words: list[str]) -> None:
    assert_error(client.get(url), status, *words)


def test_the_api_is_read_only(app: FastAPI, client: AppClient) -> None:
    methods = {m for route in app.routes for m in getattr(route, "methods", set())}
    assert methods <= {"GET", "HEAD"}
    response = client.request("POST", "/api/stats")
    assert_error(response, 405, "POST is not allowed", "read-only")
    assert response.headers["allow"] == "GET"


class _BrokenStore:
    """A store whose reads fail, to reach the 503 and 500 paths (a fake at the seam)."""

    def stats(self) -> dict[str, int]:
        raise StoreError("database is locked")

    def documents(self) -> Any:
        raise RuntimeError("boom")


def test_store_failures_and_bugs_keep_the_shape() -> None:
    broken = create_app(_BrokenStore())  # type: ignore[arg-type]
    with AppClient(broken, raise_app_exceptions=False) as client:
        assert_error(client.get("/api/stats"), 503, "database is locked", "--db")
        assert_error(client.get("/api/documents"), 500, "RuntimeError", "bug")


def test_missing_database_is_refused_with_the_fix(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="policygraph ingest PATH --db"):
        create_app(str(tmp_path / "nothing.db"))


# --- documentation ------------------------------------------------------------------------------


def test_openapi_documents_the_doc_parameter_and_errors(client: AppClient) -> None:
    assert client.get("/docs").status_code == 200
    spec = ok(client, "/openapi.json")
    up = spec["paths"]["/api/lineage/up"]["get"]
    doc = next(p for p in up["parameters"] if p["name"] == "doc")
    assert doc["in"] == "query" and "'/'" in doc["description"]
    depth = next(p for p in up["parameters"] if p["name"] == "depth")
    assert depth["schema"]["maximum"] == 10
    for path_item in spec["paths"].values():
        for operation in path_item.values():
            for status, response in operation["responses"].items():
                if status != "200":
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref.endswith("/ErrorBody"), (status, ref)


# --- schemathesis ------------------------------------------------------------------------------

# An eager schema: schemathesis' lazy ``from_fixture`` reads ``Function._nodeid``, which
# pytest 9 no longer has. The app is built at import over an in-memory store (no file to
# clean up), closed by the fixture below.
_FUZZ_STORE = fx.write_lineage_store(SQLiteStore(":memory:"))
fuzzed = schemathesis.openapi.from_asgi("/openapi.json", create_app(_FUZZ_STORE))


@pytest.fixture(scope="module", autouse=True)
def _close_fuzz_store() -> Iterator[None]:
    yield
    _FUZZ_STORE.close()


@fuzzed.parametrize()
@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: Any) -> None:
    """No 5xx, and every response (errors too) conforms to the OpenAPI schema."""
    case.call_and_validate()


@pytest.mark.parametrize("module", [
    app_module, ask_followups, ask_text, ask_topic, deps, errors, intents, routes_ask,
    routes_documents, routes_lineage, schemas, tree,
], ids=lambda m: m.__name__)
def test_docstring_examples_run(module: object) -> None:
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert failures == 0
