"""The task, agency and indicator endpoints (api/routes_structure.py) and their CLI twins
(api/cli_structure.py) on the real corpus: shapes, evidence, limits, the one error shape,
and the same JSON from ``policygraph tasks|agencies|indicators --json``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policygraph.api import cli_structure, routes_structure
from policygraph.api.app import create_app
from policygraph.api.cli import cli
from policygraph.graph.sqlite_store import SQLiteStore
from tests.asgi_client import AppClient
from tests.corpus_store import KH_7099, SCT_BD, corpus_store_path

OCR = "binhduong_kh-7099-ubnd_2024_ocr.txt"
BAO_CAO = "binhphuoc_sct_bao-cao_2022-2024.txt"
SCT_LEADS = ["III.1.đ", "III.2.c", "III.3.d", "III.6.b"]


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus_store_path(tmp_path_factory)


@pytest.fixture(scope="module")
def client(corpus_db: Path) -> Iterator[AppClient]:
    with SQLiteStore(corpus_db) as store, AppClient(create_app(store)) as opened:
        yield opened


def ok(client: AppClient, url: str, **params: Any) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def error(client: AppClient, url: str, status: int, **params: Any) -> dict[str, Any]:
    response = client.get(url, params=params)
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "message", "hint"}
    assert body["error"]["status"] == status
    return dict(body["error"])


# --- /api/tasks ---------------------------------------------------------------------------------


def test_plan_tasks_with_lead_coordinators_and_evidence(client: AppClient) -> None:
    body = ok(client, "/api/tasks", doc="7099/KH-UBND")
    assert body["subject"]["key"] == KH_7099 and body["truncated"] is False
    by_section = {t["section"]: t for t in body["tasks"]}
    task = by_section["III.3.d"]
    assert task["lead"] == ["Sở Công Thương"] and task["lead_keys"] == [SCT_BD]
    assert task["coordinate"] == ["Sở Thông tin và Truyền thông", "Sở Kế hoạch và Đầu tư",
                                  "Sở Khoa học và Công nghệ"]
    assert task["evidence"]["file"] == OCR and task["evidence"]["line"] == 276
    assert task["plan"] == KH_7099 and task["plan_symbol"] == "7099/KH-UBND"


def test_plan_tasks_spelling_and_limit(client: AppClient) -> None:
    same = ok(client, "/api/tasks", doc="ke hoach 7099", limit=2)
    assert [t["section"] for t in same["tasks"]] == ["III.1.a", "III.1.b"]
    assert same["truncated"] is True


# --- /api/agency/tasks --------------------------------------------------------------------------


@pytest.mark.parametrize("agency", ["Sở Công Thương", "So Cong Thuong", "S6 Cong Thuong", "SCT",
                                    "Department of Industry and Trade", SCT_BD])
def test_agency_tasks_in_a_plan_in_any_spelling(client: AppClient, agency: str) -> None:
    body = ok(client, "/api/agency/tasks", agency=agency, doc="7099/KH-UBND", role="lead")
    assert [t["section"] for t in body["tasks"]] == SCT_LEADS
    assert body["agency"] == "Sở Công Thương" and body["keys"] == [SCT_BD]
    assert {t["role"] for t in body["tasks"]} == {"lead"}


def test_agency_tasks_as_coordinator_and_across_plans(client: AppClient) -> None:
    named = ok(client, "/api/agency/tasks", agency="SCT", doc="7099/KH-UBND", role="coordinate")
    assert [t["section"] for t in named["tasks"]] == ["III.6.a"]
    everywhere = ok(client, "/api/agency/tasks", agency="Department of Industry and Trade")
    assert everywhere["plan"] is None and everywhere["role"] == "any"
    assert {"7099/KH-UBND", "6603/KH-UBND"} <= {t["plan_symbol"] for t in everywhere["tasks"]}


def test_similar_agencies_get_their_own_tasks(client: AppClient) -> None:
    science = ok(client, "/api/agency/tasks", agency="Sở Khoa học và Công nghệ",
                 doc="7099/KH-UBND", role="lead")
    information = ok(client, "/api/agency/tasks", agency="Sở Thông tin và Truyền thông",
                     doc="7099/KH-UBND", role="lead")
    assert [t["section"] for t in science["tasks"]] == ["III.1.d", "III.3.a"]
    assert [t["section"] for t in information["tasks"]] == ["III.1.c", "III.4.b"]


# --- /api/agencies and /api/agency ----------------------------------------------------------------


def test_agencies_listed_or_searched(client: AppClient) -> None:
    everything = ok(client, "/api/agencies")
    keys = [a["key"] for a in everything["agencies"]]
    assert keys == sorted(keys) and SCT_BD in keys and everything["query"] is None
    found = ok(client, "/api/agencies", q="So Ke hoach va Dau tu")
    assert found["agencies"][0]["name"] == "Sở Kế hoạch và Đầu tư"
    assert found["agencies"][0]["score"] == 100.0
    cut = ok(client, "/api/agencies", limit=2)
    assert len(cut["agencies"]) == 2 and cut["truncated"] is True


def test_one_agency_with_aliases_and_successors(client: AppClient) -> None:
    body = ok(client, "/api/agency", agency="Sở KH&ĐT Bình Dương")
    [agency] = body["agencies"]
    assert agency["key"] == "agency:so-ke-hoach-va-dau-tu@binh-duong"
    assert "So Ké hoach va Pau tu" in agency["aliases"]  # OCR, binhduong_kh-7099…:145
    assert agency["valid_until"] == "2025-02-28"
    assert agency["successor"]["key"] == "agency:so-tai-chinh@binh-duong"
    assert agency["successors"][-1]["jurisdiction"] == "Thành phố Hồ Chí Minh"
    assert agency["tasks_led"] >= 3 and agency["mentions"][0]["file"] == OCR


# --- /api/indicators ----------------------------------------------------------------------------


def test_document_indicators_targets_beside_latest_values(client: AppClient) -> None:
    body = ok(client, "/api/indicators", doc="339/KH-UBND")
    assert body["reports"]
    export = next(i for i in body["indicators"] if i["name"].startswith("Kim ngạch xuất khẩu"))
    [target] = export["targets"]
    assert (target["value"], target["unit"], target["year"]) == (900.0, "triệu USD", 2025)
    assert target["latest"]["value"] == 180.0 and target["latest"]["period"] == "2023"
    assert target["latest"]["evidence"] == {
        "file": BAO_CAO, "line": 5521,
        "text": target["latest"]["evidence"]["text"]}
    own = ok(client, "/api/indicators", doc="7099/KH-UBND", reports=False)
    assert own["reports"] == [] and all(i["scope"] == KH_7099 for i in own["indicators"])


def test_indicator_search(client: AppClient) -> None:
    body = ok(client, "/api/indicators/search", q="ty trong hat dieu che bien sau", limit=3)
    target = body["indicators"][0]["targets"][0]
    assert (target["value"], target["comparator"], target["year"]) == (15.0, ">=", 2025)
    assert target["latest"]["value"] == 5.0 and target["latest_from"]


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "params", "status", "says"), [
    ("/api/agency/tasks", {"agency": "Ban Quản lý dự án xyz"}, 404, "No agency matches"),
    ("/api/agency", {"agency": "Ban Quản lý dự án xyz"}, 404, "No agency matches"),
    ("/api/agency/tasks", {}, 422, "agency is required"),
    ("/api/agency/tasks", {"agency": "SCT", "role": "boss"}, 422, "role must be one of"),
    ("/api/agency/tasks", {"agency": "SCT", "doc": "9999/KH-XYZ"}, 404, "No document matches"),
    ("/api/tasks", {"doc": "9999/KH-XYZ"}, 404, "No document matches"),
    ("/api/tasks", {"doc": "7099/KH-UBND", "limit": 0}, 422, "limit must be >= 1"),
    ("/api/indicators", {}, 422, "doc is required"),
    ("/api/agencies", {"limit": 1001}, 422, "limit must be <= 1000"),
    ("/api/indicators/search", {"q": ""}, 422, "q must be at least 1"),
])
def test_every_error_has_the_one_shape(client: AppClient, url: str, params: dict[str, Any],
                                       status: int, says: str) -> None:
    body = error(client, url, status, **params)
    assert says in body["message"]
    if "agency" in body["message"] and status == 404:
        assert "/api/agencies?q=" in body["hint"]


def test_openapi_documents_the_new_endpoints(client: AppClient) -> None:
    spec = ok(client, "/openapi.json")
    for path in ("/api/tasks", "/api/agency/tasks", "/api/agencies", "/api/agency",
                 "/api/indicators", "/api/indicators/search"):
        operation = spec["paths"][path]["get"]
        assert operation["description"] or operation["summary"]
        for status, response in operation["responses"].items():
            if status != "200":
                assert response["content"]["application/json"]["schema"]["$ref"].endswith(
                    "/ErrorBody")
    role = next(p for p in spec["paths"]["/api/agency/tasks"]["get"]["parameters"]
                if p["name"] == "role")
    assert set(role["schema"]["enum"]) == {"lead", "coordinate", "any"}


# --- the CLI twins --------------------------------------------------------------------------------


def run(corpus_db: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--db", str(corpus_db)])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(("args", "url", "params"), [
    (["tasks", "7099/KH-UBND", "--agency", "S6 Cong Thuong", "--role", "lead"],
     "/api/agency/tasks", {"agency": "S6 Cong Thuong", "doc": "7099/KH-UBND", "role": "lead"}),
    (["tasks", "7099/KH-UBND"], "/api/tasks", {"doc": "7099/KH-UBND"}),
    (["agencies", "Sở Công Thương"], "/api/agencies", {"q": "Sở Công Thương"}),
    (["indicators", "339/KH-UBND"], "/api/indicators", {"doc": "339/KH-UBND"}),
])
def test_cli_json_is_the_api_json(client: AppClient, corpus_db: Path, args: list[str],
                                  url: str, params: dict[str, Any]) -> None:
    assert json.loads(run(corpus_db, *args, "--json")) == ok(client, url, **params)


def test_cli_text_and_failures(corpus_db: Path) -> None:
    text = run(corpus_db, "tasks", "7099/KH-UBND", "--agency", "SCT", "--role", "coordinate")
    assert "III.6.a" in text and f"{OCR}:368" in text
    assert "Sở Kế hoạch và Đầu tư (Bình Dương)  until 2025-02-28" in run(
        corpus_db, "agencies", "Sở KH&ĐT")
    assert "target ≥ 30 % by 2030" in run(corpus_db, "indicators", "7099/KH-UBND")
    missing = CliRunner().invoke(cli, ["tasks", "7099/KH-UBND", "--agency", "Ban xyz abc",
                                       "--db", str(corpus_db)])
    assert missing.exit_code == 1 and "policygraph agencies" in missing.output
    bad = CliRunner().invoke(cli, ["tasks", "7099/KH-UBND", "--role", "boss",
                                   "--db", str(corpus_db)])
    assert bad.exit_code == 2


@pytest.mark.parametrize("module", [cli_structure, routes_structure], ids=lambda m: m.__name__)
def test_docstring_examples_run(module: object) -> None:
    import doctest

    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert failures == 0
