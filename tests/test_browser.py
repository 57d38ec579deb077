"""Real-browser flows (issue #5): Debian's chromium driven by Playwright against
``policygraph serve`` running as a subprocess on a store ingested from the shared corpus.

Never ``playwright install``: the tests use /usr/bin/chromium and skip, naming the reason,
when it is absent. Screenshots go to ``test-artifacts/`` (gitignored) for a person to look
at. Deselect with ``-m "not browser"``.

Fixtures are module-scoped, not session-scoped: Playwright's sync API keeps an asyncio
loop running in this thread while it is open, and the in-process AppClient of later
modules (test_viz_pages.py) cannot run its own loop until Playwright has stopped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from policygraph.api.cli import cli
from policygraph.graph.sqlite_store import SQLiteStore
from tests import viz_fixtures as hostile
from tests.live_server import ingest_corpus, serve_database

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
DRAWN_MS = 20_000
IMPLEMENTS_361 = "thực hiện Kết luận số 361-KL/TU"


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared corpus, ingested with ``policygraph ingest`` into a fresh database."""
    if not CORPUS.is_dir():
        pytest.skip(f"corpus {CORPUS} is not there: the browser tests ingest the shared corpus")
    db = tmp_path_factory.mktemp("browser") / "corpus.db"
    ingest_corpus(CORPUS, db)
    return db


@pytest.fixture(scope="module")
def corpus_server(corpus_db: Path) -> Iterator[str]:
    with serve_database(corpus_db) as base:
        yield base


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("browser-hostile") / "hostile.db"
    with SQLiteStore(db) as store:
        hostile.write_hostile_store(store)
    return db


@pytest.fixture(scope="module")
def hostile_server(hostile_db: Path) -> Iterator[str]:
    with serve_database(hostile_db) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (make browser-deps installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    """A fresh page; fails the test if the page threw an uncaught error."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == [], f"errors in the page: {errors}"


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def wait_drawn(page: Any, state: str = "pgGraph", draws: int = 1) -> None:
    """Until vis-network has drawn the data (graph.js counts its afterDrawing events)."""
    page.wait_for_function(f"window.{state} && window.{state}.draws >= {draws}",
                           timeout=DRAWN_MS)


def open_document(page: Any, base: str, doc: str) -> None:
    page.goto(f"{base}/doc?doc={doc}")
    wait_drawn(page)


def symbols(page: Any, view: str = "pgGraph.nodeView") -> list[str]:
    return page.evaluate(f"{view}.get().map(n => n.symbol || n.name)")


def edge_point(page: Any, state: str, edge_id: str) -> dict[str, float]:
    """Page coordinates of a point on an edge that hits that edge and no node.

    The middle of the two node centres lies on a vertical cubic Bézier (its control points
    are symmetric); near it the other points of the segment are tried too. Only public
    vis-network calls: getPositions, canvasToDOM, getEdgeAt, getNodeAt.
    """
    point = page.evaluate("""([state, id]) => {
        const net = window[state].network;
        const edge = window[state].edges.get(id);
        const ends = net.getPositions([edge.from, edge.to]);
        const a = ends[edge.from], b = ends[edge.to];
        for (const t of [0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7]) {
            const dom = net.canvasToDOM({x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t});
            if (net.getEdgeAt(dom) === id && net.getNodeAt(dom) === undefined) return dom;
        }
        return null;
    }""", [state, edge_id])
    assert point, f"no clickable point found on edge {edge_id}"
    box = page.locator("#pg-graph canvas").bounding_box()
    return {"x": box["x"] + point["x"], "y": box["y"] + point["y"]}


def node_point(page: Any, state: str, key: str) -> dict[str, float]:
    dom = page.evaluate("""([state, key]) => {
        const net = window[state].network;
        return net.canvasToDOM(net.getPositions([key])[key]);
    }""", [state, key])
    box = page.locator("#pg-graph canvas").bounding_box()
    return {"x": box["x"] + dom["x"], "y": box["y"] + dom["y"]}


def find_edge(page: Any, state: str, source: str, relation: str, target: str) -> str:
    """The id of the edge source -relation-> target, ends named by symbol."""
    found = page.evaluate("""([state, source, relation, target]) => {
        const s = window[state];
        const edge = s.edges.get().find(e => e.relation === relation
            && s.nodes.get(e.from).symbol === source && s.nodes.get(e.to).symbol === target);
        return edge ? edge.id : null;
    }""", [state, source, relation, target])
    assert found, f"no {source} -{relation}-> {target} edge"
    return str(found)


# --- the served pages ----------------------------------------------------------------------------


def test_search_suggestion_opens_the_document_graph(page: Any, corpus_server: str) -> None:
    page.goto(corpus_server + "/")
    page.locator("#pg-search-input").press_sequentially("361-KL/TU", delay=15)
    suggestion = page.locator("#pg-suggestions li").filter(
        has=page.locator(".pg-suggestion-symbol", has_text=re.compile(r"^361-KL/TU$")))
    suggestion.wait_for()
    shot(page, "search-suggestions.png")
    suggestion.click()
    page.wait_for_url(re.compile(r"/doc\?doc=doc%3A361-KL%2FTU"))
    wait_drawn(page)
    assert "245/KH-UBND" in symbols(page)
    assert page.locator("#pg-doc-title").inner_text() == "361-KL/TU"
    # The lists mirror the canvas for keyboards and screen readers.
    assert page.locator("#pg-node-list li", has_text="245/KH-UBND").count() == 1
    assert page.evaluate("document.querySelector('#pg-graph canvas') !== null")
    shot(page, "document-361-KL-TU.png")


def test_search_without_diacritics_finds_the_resolution(page: Any, corpus_server: str) -> None:
    page.goto(corpus_server + "/")
    page.locator("#pg-search-input").press_sequentially("07/2019/NQ-HDND", delay=10)
    page.locator("#pg-suggestions li").first.wait_for()
    first = page.locator("#pg-suggestions li .pg-suggestion-symbol").first.inner_text()
    assert first == "07/2019/NQ-HĐND"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/doc\?doc=doc%3A07%2F2019"))
    wait_drawn(page)
    assert page.locator("#pg-doc-title").inner_text() == "07/2019/NQ-HĐND"


def test_clicking_an_edge_shows_its_evidence(page: Any, corpus_server: str) -> None:
    open_document(page, corpus_server, "361-KL/TU")
    edge = find_edge(page, "pgGraph", "245/KH-UBND", "implements", "361-KL/TU")
    where = edge_point(page, "pgGraph", edge)
    page.mouse.click(where["x"], where["y"])
    panel = page.locator("#pg-panel-body")
    panel.locator("blockquote").first.wait_for()
    text = panel.inner_text()
    assert IMPLEMENTS_361 in text
    assert "Văn bản thực hiện" in text
    assert "binhphuoc_sct_bao-cao_2022-2024.txt" in text
    assert re.search(r"dòng \d+", text)
    shot(page, "edge-evidence.png")


def test_a_link_read_from_a_table_row_is_drawn_faint_and_says_so(page: Any, corpus_server: str) -> None:
    # bao-cao:136 "Kết luận 361-KL/TU" in the "Ghi chú" cell of the 17-CTr/TU appendix (ingest/tables.py)
    open_document(page, corpus_server, "361-KL/TU")
    implied = find_edge(page, "pgGraph", "361-KL/TU", "implements", "17-CTr/TU")
    stated = find_edge(page, "pgGraph", "245/KH-UBND", "implements", "361-KL/TU")
    opacity = "([id]) => pgGraph.edges.get(id).color.opacity"
    assert page.evaluate(opacity, [implied]) < 1 and page.evaluate(opacity, [stated]) == 1
    where = edge_point(page, "pgGraph", implied)
    page.mouse.click(where["x"], where["y"])
    panel = page.locator("#pg-panel-body")
    panel.locator("blockquote").first.wait_for()
    assert "suy ra từ vị trí" in panel.inner_text()


def test_clicking_a_node_expands_it(page: Any, corpus_server: str) -> None:
    open_document(page, corpus_server, "361-KL/TU")
    assert "1656/QĐ-UBND" not in symbols(page)
    key = page.evaluate("pgGraph.nodes.get().find(n => n.symbol === '245/KH-UBND').id")
    where = node_point(page, "pgGraph", key)
    page.mouse.click(where["x"], where["y"])
    page.wait_for_function("pgGraph.loads >= 2 && pgGraph.draws >= 2", timeout=DRAWN_MS)
    assert "1656/QĐ-UBND" in symbols(page)
    assert page.locator("#pg-panel-body").inner_text().startswith("245/KH-UBND")
    shot(page, "expanded-245-KH-UBND.png")


def test_filter_to_amends_only(page: Any, corpus_server: str) -> None:
    open_document(page, corpus_server, "07/2019/NQ-HĐND")
    assert page.locator(".pg-meta .pg-badge").inner_text() == "Đã sửa đổi"
    loaded = page.evaluate("pgGraph.edges.get().map(e => e.relation)")
    assert "amends" in loaded and "references" in loaded
    page.locator("#pg-filters button[data-filter=none]").click()
    assert page.evaluate("pgGraph.edgeView.length") == 0
    page.locator("#pg-filters input[value=amends]").check()
    shown = page.evaluate("""pgGraph.edgeView.get().map(e =>
        [pgGraph.nodes.get(e.from).symbol, e.relation, pgGraph.nodes.get(e.to).symbol])""")
    assert shown == [["08/2023/NQ-HĐND", "amends", "07/2019/NQ-HĐND"]]
    assert sorted(symbols(page)) == ["07/2019/NQ-HĐND", "08/2023/NQ-HĐND"]
    assert page.locator("#pg-edge-list li").count() == 1
    assert page.locator("#pg-edge-list li").get_attribute("data-relation") == "amends"
    shot(page, "filter-amends-07-2019-NQ-HDND.png")
    page.locator("#pg-filters button[data-filter=all]").click()
    assert page.evaluate("pgGraph.edgeView.length") == len(loaded)


def test_a_plan_shows_its_tasks_and_their_agencies(page: Any, corpus_server: str) -> None:
    # Issue #5: rows top-down ... plan → task → agency; the task links come from /api/tasks.
    open_document(page, corpus_server, "7099/KH-UBND")
    rows = page.evaluate("""() => {
        const net = pgGraph.network, y = k => net.getPositions([k])[k].y;
        const nodes = pgGraph.nodeView.get();
        const first = kind => nodes.find(n => n.kind === kind).id;
        return [y(first('programme')), y(first('plan')), y(first('task')), y(first('agency'))];
    }""")
    assert rows == sorted(rows) and len(set(rows)) == 4, rows
    lead = page.locator("#pg-edge-list li[data-relation=lead]",
                        has_text=re.compile(r"III\.1\.đ — Chủ trì → Sở Công Thương"))
    lead.locator("button").click()
    panel = page.locator("#pg-panel-body").inner_text()
    assert panel.startswith("Chủ trì") and "S6 Cong Thuong chu tri" in panel
    assert "binhduong_kh-7099-ubnd_2024_ocr.txt" in panel and "dòng 177" in panel
    shot(page, "plan-7099-tasks-agencies.png")


# --- the standalone export ------------------------------------------------------------------


def offline_context(browser: Any) -> tuple[Any, list[str], list[str]]:
    """A context that may load file: URLs only; returns it, the blocked and the failed."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    blocked: list[str] = []
    failed: list[str] = []

    def only_files(route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", only_files)
    context.on("requestfailed", lambda request: failed.append(request.url))
    return context, blocked, failed


def test_viz_export_opens_from_disk_with_no_network(browser: Any, corpus_db: Path,
                                                    tmp_path: Path) -> None:
    out = tmp_path / "lineage.html"
    result = CliRunner().invoke(cli, ["viz", "361-KL/TU", "-o", str(out), "--depth", "1",
                                      "--db", str(corpus_db)])
    assert result.exit_code == 0, result.output
    context, blocked, failed = offline_context(browser)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(out.as_uri())
        wait_drawn(page, "pgStandalone")
        assert page.locator("#pg-graph canvas").count() == 1
        assert "245/KH-UBND" in symbols(page, "pgStandalone.nodeView")
        # Drawn, not only loaded: the centre node's fill is on the canvas.
        fill = page.evaluate("""() => {
            const s = window.pgStandalone, net = s.network;
            const key = s.nodes.get().find(n => n.symbol === '361-KL/TU').id;
            const at = net.canvasToDOM(net.getPositions([key])[key]);
            const canvas = document.querySelector('#pg-graph canvas');
            const ratio = canvas.width / canvas.clientWidth;
            return Array.from(canvas.getContext('2d').getImageData(
                Math.round(at.x * ratio), Math.round(at.y * ratio) + 8, 1, 1).data);
        }""")
        assert fill[:3] == [0xFF, 0xF1, 0xA8], fill  # the conclusion's yellow
        edge = find_edge(page, "pgStandalone", "245/KH-UBND", "implements", "361-KL/TU")
        where = edge_point(page, "pgStandalone", edge)
        page.mouse.click(where["x"], where["y"])
        assert IMPLEMENTS_361 in page.locator("#pg-panel-body").inner_text()
        shot(page, "viz-export-offline.png")
    finally:
        context.close()
    assert blocked == [] and failed == [], (blocked, failed)
    assert errors == []


# --- escaping ----------------------------------------------------------------------------------


def test_injected_script_in_a_title_does_not_run(page: Any, hostile_server: str) -> None:
    open_document(page, hostile_server, "66/KH-UBND")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator(".pg-doc-name").inner_text() == hostile.HOSTILE_TITLE
    # The scheme's label *is* the title: it is on the canvas and in the lists as text.
    assert page.locator("#pg-node-list li", has_text="<script>window.__pwned=1").count() == 1
    # Hover a node (vis-network's tooltip) and open every edge's evidence in the panel.
    scheme = node_point(page, "pgGraph", hostile.SCHEME)
    page.mouse.move(scheme["x"], scheme["y"])
    page.locator("div.vis-tooltip").filter(has_text="window.__pwned=1").wait_for(state="visible")
    for button in page.locator("#pg-edge-list button").all():
        button.click()
    edge = find_edge(page, "pgGraph", "66/KH-UBND", "implements", "12-KL/TU")
    page.evaluate("id => pgGraph.selectEdge(id, true)", edge)
    panel = page.locator("#pg-panel-body").inner_text()
    assert hostile.HOSTILE_SENTENCE in panel and hostile.HOSTILE_SCOPE in panel
    assert hostile.HOSTILE_FILE in panel
    # Suggestions write titles as text too.
    page.locator("#pg-search-input").press_sequentially("66/KH-UBND", delay=10)
    page.locator("#pg-suggestions li .pg-suggestion-title").first.wait_for()
    assert page.locator("#pg-suggestions li .pg-suggestion-title").first.inner_text() == (
        hostile.HOSTILE_TITLE)
    shot(page, "hostile-title-escaped.png")
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_injected_script_does_not_run_in_the_export(browser: Any, hostile_db: Path,
                                                    tmp_path: Path) -> None:
    out = tmp_path / "hostile.html"
    result = CliRunner().invoke(cli, ["viz", "66/KH-UBND", "-o", str(out),
                                      "--db", str(hostile_db)])
    assert result.exit_code == 0, result.output
    context, blocked, _ = offline_context(browser)
    page = context.new_page()
    try:
        page.goto(out.as_uri())
        wait_drawn(page, "pgStandalone")
        scheme = node_point(page, "pgStandalone", hostile.SCHEME)
        page.mouse.move(scheme["x"], scheme["y"])
        page.locator("div.vis-tooltip").filter(has_text="window.__pwned=1").wait_for(
            state="visible")
        assert page.locator(".pg-doc-name").inner_text() == hostile.HOSTILE_TITLE
        assert page.evaluate("typeof window.__pwned") == "undefined"
    finally:
        context.close()
    assert blocked == []
