"""The browser pages (viz/routes_pages.py) and the standalone export (viz/standalone.py,
``policygraph viz``) as HTML, through the in-process app and ``html.parser``: their
structure, that every script and style is PolicyGraph's own (no CDN), and that text from
documents is escaped (issue #5). The real-browser flows are in test_browser.py.
"""

from __future__ import annotations

import doctest
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from fastapi import FastAPI

from policygraph.api.app import create_app
from policygraph.api.cli import cli
from policygraph.graph.model import RELATION_LABELS, DocType, RelationType, Status
from policygraph.graph.sqlite_store import SQLiteStore
from policygraph.viz import cli_viz, render, routes_pages, standalone, style
from tests import factories
from tests import graph_fixtures as fx
from tests import viz_fixtures as hostile
from tests.asgi_client import AppClient

STATIC = Path(__file__).resolve().parents[1] / "viz" / "static"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Page(HTMLParser):
    """A parsed page: every element with its attributes, the text by element id, and the
    text of each <label>.

    ``html.parser`` reads script and style contents as raw text, as browsers do, so a
    ``<script>`` inside a JSON block or inlined library is not mistaken for an element.
    """

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.texts: dict[str, list[str]] = {}
        self.labels: list[tuple[list[dict[str, str]], str]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._open: list[tuple[str, str | None]] = []  # (tag, id) of open elements
        self._label: tuple[list[dict[str, str]], list[str]] | None = None
        self._script: tuple[dict[str, str], list[str]] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attributes))
        if tag == "label":
            self._label = ([], [])
        if tag == "input" and self._label is not None:
            self._label[0].append(attributes)
        if tag == "script":
            self._script = (attributes, [])
        if tag not in VOID:
            self._open.append((tag, attributes.get("id")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._label is not None:
            self.labels.append((self._label[0], " ".join("".join(self._label[1]).split())))
            self._label = None
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._label is not None:
            self._label[1].append(data)
        if self._script is not None:
            self._script[1].append(data)
        for _, element_id in self._open:
            if element_id:
                self.texts.setdefault(element_id, []).append(data)

    def text(self, element_id: str) -> str:
        """The text inside the element with this id, whitespace collapsed."""
        return " ".join(" ".join(self.texts.get(element_id, [])).split())

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        """Elements of a tag whose attributes include these (``class_`` for class)."""
        wanted = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
        return [a for t, a in self.elements
                if t == tag and all(a.get(k) == v for k, v in wanted.items())]

    def urls(self) -> list[str]:
        """Every src and href value on the page."""
        return [a[k] for _, a in self.elements for k in ("src", "href") if k in a]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    path = tmp_path_factory.mktemp("pages") / "lineage.db"
    with SQLiteStore(path) as store:
        fx.write_lineage_store(store)
    built = create_app(str(path))
    yield built
    built.state.store.close()


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[AppClient]:
    with AppClient(app) as opened:
        yield opened


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.db"
    with SQLiteStore(path) as store:
        hostile.write_hostile_store(store)
    return path


@pytest.fixture(scope="module")
def hostile_client(hostile_db: Path) -> Iterator[AppClient]:
    built = create_app(str(hostile_db))
    with AppClient(built) as opened:
        yield opened
    built.state.store.close()


def page(client: AppClient, url: str, status: int = 200) -> Page:
    response = client.get(url)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    return Page(response.text)


# --- the search page ---------------------------------------------------------------------------


def test_home_page_has_the_search_form_and_suggestion_list(client: AppClient) -> None:
    home = page(client, "/")
    form = home.find("form", id="pg-search")
    assert form == [{"id": "pg-search", "class": "pg-search", "action": "/doc", "method": "get",
                     "role": "search", "autocomplete": "off"}]
    (box,) = home.find("input", id="pg-search-input")
    assert box["name"] == "doc" and box["role"] == "combobox"
    assert box["aria-controls"] == "pg-suggestions"
    assert home.find("ul", id="pg-suggestions", role="listbox")
    assert home.find("script", src="/static/search.js")
    # The store's counts, from /api/stats (the page's JSON twin, linked as alternate).
    assert home.find("link", rel="alternate", type="application/json", href="/api/stats")
    assert f"Văn bản {len(fx.DOCUMENTS)}" in home.text("pg-main")


def test_the_search_box_submits_to_the_document_page_without_javascript(
        client: AppClient) -> None:
    # The form's GET: /doc?doc=<typed text>; a symbol in another spelling still resolves.
    doc = page(client, "/doc?doc=07/2019/NQ-HDND")
    assert doc.text("pg-doc-title") == "07/2019/NQ-HĐND"


# --- the document page -------------------------------------------------------------------------


def test_document_page_shows_what_the_document_is_and_its_status(client: AppClient) -> None:
    doc = page(client, "/doc?doc=07/2019/NQ-HĐND")
    assert doc.text("pg-doc-title") == "07/2019/NQ-HĐND"
    badges = [a for a in doc.find("span", class_="pg-badge") if a["data-status"] == "amended"]
    assert badges, "the amended badge is on the page"
    main = doc.text("pg-main")
    assert "Nghị quyết Đã sửa đổi" in main
    assert "Quy định mức chi hỗ trợ phát triển cụm công nghiệp" in main
    assert "Hội đồng nhân dân tỉnh Bình Phước" in main


def test_document_page_reads_the_api_json(client: AppClient) -> None:
    doc = page(client, "/doc?doc=07/2019/NQ-HĐND")
    (twin,) = doc.find("link", rel="alternate", type="application/json")
    assert client.get(twin["href"]).json()["document"]["key"] == fx.NQ07
    (root,) = doc.find("div", id="pg-graph")
    assert root["data-center"] == fx.NQ07 and root["data-graph-api"] == "/api/graph"
    url = urlsplit(root["data-graph-url"])
    assert url.path == "/api/graph"
    assert parse_qs(url.query) == {"doc": [fx.NQ07], "depth": ["1"], "limit": ["200"]}
    graph = client.get(root["data-graph-url"]).json()
    assert {n["key"] for n in graph["nodes"]} == {fx.NQ07, fx.NQ08}
    assert [e["type"] for e in graph["edges"]] == ["amends"]


def test_document_page_passes_depth_and_limit_to_the_graph(client: AppClient) -> None:
    doc = page(client, f"/doc?doc={fx.KH327}&depth=3&limit=50")
    (root,) = doc.find("div", id="pg-graph")
    assert parse_qs(urlsplit(root["data-graph-url"]).query) == {
        "doc": [fx.KH327], "depth": ["3"], "limit": ["50"]}
    assert doc.find("option", value="3", selected="")


def test_filters_offer_every_relation_type_with_its_vietnamese_label(client: AppClient) -> None:
    doc = page(client, "/doc?doc=07/2019/NQ-HĐND")
    boxes = {inputs[0]["value"]: (inputs[0], text) for inputs, text in doc.labels
             if inputs and inputs[0].get("name") == "relation"}
    # The model's relation types, then the plan -> task -> agency links of /api/tasks.
    assert list(boxes) == [*(str(t) for t in RelationType), "has_task", "lead", "coordinate"]
    for relation, (box, text) in boxes.items():
        assert box["type"] == "checkbox" and "checked" in box
        expected = (style.TASK_LINKS[relation].label if relation in style.TASK_LINKS
                    else RELATION_LABELS[RelationType(relation)][0])
        assert text == expected
    assert [boxes[k][1] for k in ("has_task", "lead", "coordinate")] == [
        "Nhiệm vụ của kế hoạch", "Chủ trì", "Phối hợp"]
    assert doc.find("button", type="button", **{"data_filter": "none"})
    assert doc.find("button", type="button", **{"data_filter": "all"})


def test_legend_names_every_kind_status_and_relation(client: AppClient) -> None:
    doc = page(client, "/doc?doc=07/2019/NQ-HĐND")
    text = doc.text("pg-legend")
    assert text.startswith("Chú giải")
    for status in ("Còn hiệu lực", "Đã sửa đổi", "Hết hiệu lực một phần", "Bị thay thế",
                   "Hết hiệu lực"):
        assert status in text
    for label, _ in RELATION_LABELS.values():
        assert label in text
    for kind in ("Nghị quyết", "Chương trình", "Kết luận", "Quyết định", "Đề án", "Kế hoạch",
                 "Nhiệm vụ", "Cơ quan"):
        assert kind in text
    for link in ("Nhiệm vụ của kế hoạch", "Chủ trì", "Phối hợp"):
        assert link in text


def test_document_page_has_the_panel_and_the_accessible_lists(client: AppClient) -> None:
    doc = page(client, "/doc?doc=07/2019/NQ-HĐND")
    for element_id in ("pg-panel", "pg-panel-body", "pg-node-list", "pg-edge-list",
                       "pg-graph-status"):
        assert any(a.get("id") == element_id for _, a in doc.elements), element_id
    assert doc.find("section", id="pg-panel")[0]["aria-live"] == "polite"


# --- no CDN ---------------------------------------------------------------------------------


PAGES = ["/", "/doc?doc=07/2019/NQ-HĐND", f"/doc?doc={fx.KL361_BP}",
         "/doc?doc=361-KL/TU", "/doc?doc=316-KL/TU", "/doc", "/doc?doc=x&depth=99"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_load_only_policygraphs_own_files(client: AppClient, url: str) -> None:
    response = client.get(url)
    doc = Page(response.text)
    for value in doc.urls():
        assert not re.match(r"(https?:)?//", value), f"{url}: external URL {value}"
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", response.text)
    scripts = [a["src"] for a, _ in doc.scripts if "src" in a]
    assert scripts and all(s.startswith("/static/") for s in scripts)
    for attrs, body in doc.scripts:  # inline scripts are only data
        assert "src" in attrs or attrs.get("type") == "application/json", body[:80]
    styles = [a["href"] for a in doc.find("link", rel="stylesheet")]
    assert styles == ["/static/app.css"]
    for asset in [*scripts, *styles]:
        fetched = client.get(asset)
        assert fetched.status_code == 200, asset
        assert fetched.headers["content-type"].startswith(("text/javascript", "text/css"))


def test_vendored_vis_network_carries_its_version_and_licence(client: AppClient) -> None:
    doc = page(client, "/doc?doc=07/2019/NQ-HĐND")
    assert doc.find("script", src="/static/vis-network-10.1.5.min.js")
    body = client.get("/static/vis-network-10.1.5.min.js").text
    assert "@version 10.1.5" in body[:600] and "Apache 2.0" in body[:600]
    licence = (STATIC / "vis-network-10.1.5.LICENSE.txt").read_text(encoding="utf-8")
    assert "The MIT License" in licence and "Apache License" in licence


def test_our_scripts_never_write_html() -> None:
    # Issue #5: in JS use textContent, never innerHTML with data.
    for script in sorted(STATIC.glob("*.js")):
        if script.name.startswith("vis-network-"):
            continue
        source = script.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write"):
            assert sink not in source, f"{script.name} uses {sink}"


# --- errors are pages too ---------------------------------------------------------------------


@pytest.mark.parametrize(("url", "status", "words"), [
    ("/doc?doc=316-KL/TU", 404, ["Không tìm thấy văn bản", "361-KL/TU"]),
    ("/doc?doc=361-KL/TU", 409, ["Nhiều văn bản cùng số ký hiệu", "Bình Phước", "Bình Dương"]),
    ("/doc", 400, ["Thiếu văn bản cần xem", "/doc?doc=361-KL/TU"]),
    ("/doc?doc=%20", 400, ["Thiếu văn bản cần xem"]),
    ("/doc?doc=" + "x" * 501, 400, ["tối đa 500"]),
    ("/doc?doc=29-NQ/TW&depth=11", 400, ["depth phải là số nguyên từ 0 đến 10"]),
    ("/doc?doc=29-NQ/TW&limit=abc", 400, ["limit phải là số nguyên từ 1 đến 1000"]),
])
def test_document_page_errors_are_html_pages(client: AppClient, url: str, status: int,
                                             words: list[str]) -> None:
    doc = page(client, url, status)
    assert doc.find("section", class_="pg-message", data_status=str(status))
    text = doc.text("pg-main")
    for word in words:
        assert word in text, text


def test_ambiguous_symbol_lists_each_document_as_a_link(client: AppClient) -> None:
    doc = page(client, "/doc?doc=361-KL/TU", 409)
    links = {a["href"] for a in doc.find("a") if a.get("href", "").startswith("/doc?doc=")}
    keys = {parse_qs(urlsplit(href).query)["doc"][0] for href in links}
    assert keys == {fx.KL361_BP, fx.KL361_BD}
    assert doc.find("a", href="/api/resolve?doc=361-KL%2FTU")


# --- escaping -------------------------------------------------------------------------------


def test_hostile_titles_are_text_on_the_document_page(hostile_client: AppClient) -> None:
    response = hostile_client.get("/doc?doc=66/KH-UBND")
    assert response.status_code == 200
    html = response.text
    assert hostile.HOSTILE_TITLE not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;&#34; onmouseover=&#34;" in html
    doc = Page(html)
    assert hostile.HOSTILE_TITLE in doc.text("pg-main")
    for _, attrs in doc.elements:
        assert not any(name.startswith("on") for name in attrs), attrs
    assert [a for a, _ in doc.scripts if "src" not in a] == [
        {"type": "application/json", "id": "pg-style"}]


def test_hostile_titles_and_queries_are_text_on_error_pages(
        hostile_client: AppClient) -> None:
    # The scheme has no number, so its label is the hostile title; the 404 page suggests
    # it, and echoes the hostile query back into the search box.
    query = '<script>window.__pwned=8</script>" onmouseover="window.__pwned=9'
    response = hostile_client.get("/doc", params={"doc": query})
    assert response.status_code == 404
    assert "<script>window.__pwned" not in response.text
    doc = Page(response.text)
    for _, attrs in doc.elements:
        assert not any(name.startswith("on") for name in attrs), attrs
    assert doc.find("input", id="pg-search-input")[0]["value"] == query
    links = [a["href"] for a in doc.find("a") if a.get("href", "").startswith("/doc?doc=")]
    assert "/doc?doc=scheme%3Abinh-phuoc%3Ahostile" in links
    assert hostile.HOSTILE_TITLE in doc.text("pg-main")


# --- the standalone export ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def lineage_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("viz") / "lineage.db"
    with SQLiteStore(path) as store:
        fx.write_lineage_store(store)
    return path


def export(db: Path, out: Path, *args: str) -> Page:
    result = CliRunner().invoke(cli, ["viz", *args, "-o", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return Page(out.read_text(encoding="utf-8"))


def test_viz_writes_one_self_contained_file(lineage_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "lineage.html"
    doc = export(lineage_db, out, "327/KH-UBND", "--depth", "3")
    # Nothing to fetch: no src, no stylesheet link, only the inline "data:," favicon.
    assert doc.urls() == ["data:,"]
    assert not doc.find("link", rel="stylesheet")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""",
                         out.read_text(encoding="utf-8").split("<script>", 1)[0])
    inline = [body for attrs, body in doc.scripts if not attrs]
    assert len(inline) == 1 + len(standalone.INLINE_SCRIPTS)
    assert "@version 10.1.5" in inline[0][:600]
    data = json.loads(next(body for attrs, body in doc.scripts if attrs.get("id") == "pg-data"))
    keys = {n["id"] for n in data["nodes"]}
    assert {fx.KH327, fx.SCHEME, fx.QD1656, fx.KL361_BP} <= keys
    implements = [e for e in data["edges"] if e["relation"] == "implements"
                  and e["from"] == fx.KH327]
    assert implements[0]["evidence"] == [{"file": fx.REPORT_FILE, "line": 4420, "text": (
        "Kế hoạch số 327/KH-UBND ngày 17/11/2022 triển khai thực hiện Đề án phát triển "
        "công nghiệp")}]
    assert data["options"]["layout"]["hierarchical"]["direction"] == "UD"
    levels = {n["id"]: n["level"] for n in data["nodes"]}
    assert levels[fx.KL361_BP] < levels[fx.QD1656] < levels[fx.KH327]


def test_viz_adds_the_plans_tasks_and_their_agencies(tmp_path: Path) -> None:
    db = tmp_path / "plan.db"
    with SQLiteStore(db) as store:
        store.write_file_graph(factories.make_plan_file_graph())
    doc = export(db, tmp_path / "plan.html", "7099/KH-UBND")
    data = json.loads(next(body for attrs, body in doc.scripts if attrs.get("id") == "pg-data"))
    kinds = {n["id"]: (n["kind"], n["level"], n["status"]) for n in data["nodes"]}
    task = next(k for k, (kind, _, _) in kinds.items() if kind == "task")
    agency = next(k for k, (kind, _, _) in kinds.items() if kind == "agency")
    assert kinds[task][2] is None and kinds[agency][2] is None  # no status badge
    assert kinds[factories.KH_7099][1] < kinds[task][1] < kinds[agency][1]  # plan, task, agency
    links = {(e["from"], e["relation"], e["to"]): e for e in data["edges"]}
    assert (factories.KH_7099, "has_task", task) in links
    lead = links[(task, "lead", agency)]
    assert lead["evidence"][0]["text"] == factories.SCT_LEADS


def test_viz_page_has_filters_legend_and_panel(lineage_db: Path, tmp_path: Path) -> None:
    doc = export(lineage_db, tmp_path / "hdnd.html", "07/2019/NQ-HĐND")
    values = [inputs[0]["value"] for inputs, _ in doc.labels if inputs]
    assert values == [*(str(t) for t in RelationType), *style.TASK_LINKS]
    assert "Đã sửa đổi" in doc.text("pg-main") and "Chú giải" in doc.text("pg-main")
    assert any(a.get("id") == "pg-panel-body" for _, a in doc.elements)


def test_viz_escapes_hostile_titles(hostile_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "hostile.html"
    doc = export(hostile_db, out, "66/KH-UBND")
    html = out.read_text(encoding="utf-8")
    assert hostile.HOSTILE_TITLE not in html
    assert hostile.HOSTILE_TITLE in doc.text("pg-main")
    for _, attrs in doc.elements:
        assert not any(name.startswith("on") for name in attrs), attrs
    # The titles travel as JSON with <, > and & escaped: they cannot close the element.
    data = next(body for attrs, body in doc.scripts if attrs.get("id") == "pg-data")
    assert "</script" not in data and "\\u003cscript\\u003e" in data
    titles = {n["docTitle"] for n in json.loads(data)["nodes"]}
    assert hostile.HOSTILE_TITLE in titles
    assert len(doc.scripts) == 3 + len(standalone.INLINE_SCRIPTS)


@pytest.mark.parametrize(("args", "words"), [
    (["361-KL/TU"], ["names 2 documents", fx.KL361_BP, fx.KL361_BD]),
    (["316-KL/TU"], ["No document matches", "Close matches: 361-KL/TU"]),
])
def test_viz_explains_a_document_it_cannot_pick(lineage_db: Path, tmp_path: Path,
                                                args: list[str], words: list[str]) -> None:
    result = CliRunner().invoke(cli, ["viz", *args, "-o", str(tmp_path / "x.html"),
                                      "--db", str(lineage_db)])
    assert result.exit_code == 1
    for word in words:
        assert word in result.output
    assert not (tmp_path / "x.html").exists()


def test_viz_refuses_a_missing_store_and_an_unwritable_file(lineage_db: Path,
                                                            tmp_path: Path) -> None:
    missing = CliRunner().invoke(cli, ["viz", "29-NQ/TW", "--db", str(tmp_path / "no.db")])
    assert missing.exit_code == 1 and "policygraph ingest PATH --db" in missing.output
    unwritable = CliRunner().invoke(cli, ["viz", "29-NQ/TW", "-o",
                                          str(tmp_path / "no-such-dir" / "x.html"),
                                          "--db", str(lineage_db)])
    assert unwritable.exit_code == 1 and "Pass -o with a path" in unwritable.output


def test_inline_assets_refuse_text_that_would_end_the_element(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(standalone, "static_text", lambda name: "var s = '</script>';")
    with pytest.raises(ValueError, match="cannot be inlined"):
        standalone.inline_asset("x.js")


# --- the style tables ----------------------------------------------------------------------------


def test_style_covers_every_kind_relation_and_status() -> None:
    assert {str(t) for t in DocType} <= set(style.KINDS)
    assert list(style.RELATIONS) == [str(t) for t in RelationType]
    assert set(style.STATUSES) == {str(s) for s in Status}
    assert [style.STATUSES[s].label for s in ("in_force", "amended", "partly_repealed",
                                              "replaced", "repealed")] == [
        "Còn hiệu lực", "Đã sửa đổi", "Hết hiệu lực một phần", "Bị thay thế", "Hết hiệu lực"]
    patterns = {(r.colour, r.dashes) for r in style.RELATIONS.values()}
    assert len(patterns) == len(style.RELATIONS), "each relation type looks different"


def test_levels_run_top_down_in_the_issues_order() -> None:
    # Issue #5: resolution → programme → conclusion → decision/scheme → plan → task → agency.
    level = {k: v.level for k, v in style.KINDS.items()}
    assert (level["resolution"] < level["programme"] < level["conclusion"]
            < level["decision"] == level["scheme"] < level["plan"] < level["task"]
            < level["agency"])


@pytest.mark.parametrize("module", [style, render, routes_pages, standalone, cli_viz],
                         ids=lambda m: m.__name__)
def test_docstring_examples_run(module: object) -> None:
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert failures == 0
