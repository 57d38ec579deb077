"""Task, agency and indicator queries (graph/queries_structure.py, graph/agency_lookup.py,
graph/topics.py) on the real corpus, ingested once with ``policygraph ingest``.

Expected facts are read from the corpus itself: binhduong_kh-7099-ubnd_2024_ocr.txt (plan
7099/KH-UBND, OCR) and binhphuoc_sct_bao-cao_2022-2024.txt (the Bình Phước reports).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from policygraph.graph import queries_structure as qs
from policygraph.graph.agency_lookup import agency_slug, resolve_agency
from policygraph.graph.agency_names import translate_agency_names, vietnamese_name
from policygraph.graph.model import Observation, Target
from policygraph.graph.sqlite_store import SQLiteStore
from policygraph.graph.store import NotFound
from policygraph.graph.topics import numbers_in, topic_terms
from tests import factories
from tests.corpus_store import KH_7099, SCT_BD, corpus_store_path

BAO_CAO = "binhphuoc_sct_bao-cao_2022-2024.txt"
OCR = "binhduong_kh-7099-ubnd_2024_ocr.txt"


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus_store_path(tmp_path_factory)


@pytest.fixture(scope="module")
def store(corpus_db: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(corpus_db) as opened:
        yield opened


# --- resolving an agency ------------------------------------------------------------------------

# (text, canonical name): every spelling of one body resolves to it.
SPELLINGS = [
    ("Sở Công Thương", "Sở Công Thương"),
    ("So Cong Thuong", "Sở Công Thương"),  # no diacritics
    ("S6 Cong Thuong", "Sở Công Thương"),  # OCR, binhduong_kh-7099-ubnd_2024_ocr.txt:177
    ("S¢ Coéng Thuong", "Sở Công Thương"),  # OCR, ibid. 276
    ("SCT", "Sở Công Thương"),  # the gazetteer's abbreviation
    ("Department of Industry and Trade", "Sở Công Thương"),  # English
    ("department of industry & trade", "Sở Công Thương"),
    ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),  # domain.md §3
    ("Department of Agriculture and Rural Development",
     "Sở Nông nghiệp và Phát triển nông thôn"),
    ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
    ("Department of Planning and Investment", "Sở Kế hoạch và Đầu tư"),
    ("Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ"),
    ("Sở Thông tin và Truyền thông", "Sở Thông tin và Truyền thông"),
    ("Department of Science and Technology", "Sở Khoa học và Công nghệ"),
    ("Department of Information and Communications", "Sở Thông tin và Truyền thông"),
    ("Ban QL các KCN", "Ban Quản lý các Khu công nghiệp"),
    ("Industrial Parks Management Board", "Ban Quản lý các Khu công nghiệp"),
    ("Trung tâm XTĐT TMDL", "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch"),
]


@pytest.mark.parametrize(("text", "name"), SPELLINGS, ids=[s[0] for s in SPELLINGS])
def test_every_spelling_resolves_to_the_body(store: SQLiteStore, text: str, name: str) -> None:
    found = resolve_agency(store, text)
    assert found.status == "found" and found.name == name
    assert {agency_slug(k) for k in found.keys} == {agency_slug(found.keys[0])}


def test_a_body_is_one_agency_per_province_narrowed_by_a_province(store: SQLiteStore) -> None:
    everywhere = resolve_agency(store, "Sở Công Thương")
    assert {SCT_BD, "agency:so-cong-thuong@binh-phuoc",
            "agency:so-cong-thuong@ben-tre"} <= set(everywhere.keys)
    assert resolve_agency(store, "Sở Công Thương Bình Dương").keys == [SCT_BD]
    assert resolve_agency(store, "Bến Tre Department of Industry and Trade").keys == [
        "agency:so-cong-thuong@ben-tre"]
    assert resolve_agency(store, "Sở Công Thương", jurisdiction="Bình Dương").keys == [SCT_BD]


def test_similar_departments_are_not_confused(store: SQLiteStore) -> None:
    science = resolve_agency(store, "Sở Khoa học và Công nghệ")
    information = resolve_agency(store, "Sở Thông tin và Truyền thông")
    assert not set(science.keys) & set(information.keys)
    assert resolve_agency(store, "So Khoa hoc va Cong nghe").name == "Sở Khoa học và Công nghệ"
    assert resolve_agency(store, "So Thong tin va Truyen thong").name == \
        "Sở Thông tin và Truyền thông"


def test_an_agency_inside_a_question(store: SQLiteStore) -> None:
    found = resolve_agency(store, "Which tasks does S6 Cong Thuong lead?", sentence=True)
    assert found.name == "Sở Công Thương" and found.matched == "S6 Cong Thuong"
    assert resolve_agency(store, "which plans implement it?", sentence=True).status == \
        "not_found"


def test_an_unknown_name_is_not_guessed_and_gets_close_names(store: SQLiteStore) -> None:
    found = resolve_agency(store, "Sở Công Thươngg Thương mại")
    assert found.status in ("found", "not_found")
    nothing = resolve_agency(store, "Ban Quản lý dự án xyz")
    assert nothing.status == "not_found" and nothing.keys == []
    with pytest.raises(qs.AgencyNotFound, match="No agency matches"):
        qs.agency_tasks(store, "Ban Quản lý dự án xyz")


def test_english_names_become_vietnamese() -> None:
    assert vietnamese_name("Department of Labour, Invalids and Social Affairs") == \
        "Sở Lao động - Thương binh và Xã hội"
    assert vietnamese_name("Provincial People's Committee") == "Ủy ban nhân dân tỉnh"
    assert vietnamese_name("Department of Nothing") is None
    assert translate_agency_names("ask the DOIT and the Economic Zone Management Board") == \
        "ask the Sở Công Thương and the Ban Quản lý Khu kinh tế"


# --- tasks --------------------------------------------------------------------------------------


def test_plan_tasks_in_text_order_with_lead_and_evidence(store: SQLiteStore) -> None:
    found = qs.plan_tasks(store, KH_7099)
    sections = [t.section for t in found.tasks]
    assert sections[:6] == ["III.1.a", "III.1.b", "III.1.c", "III.1.d", "III.1.đ", "III.2.a"]
    first_sct = found.tasks[sections.index("III.1.đ")]
    assert first_sct.lead == ["Sở Công Thương"] and first_sct.lead_keys == [SCT_BD]
    assert first_sct.plan_symbol == "7099/KH-UBND"
    assert first_sct.evidence is not None
    assert (first_sct.evidence.file, first_sct.evidence.line) == (OCR, 177)
    with pytest.raises(NotFound):
        qs.plan_tasks(store, "doc:nothing")


# (agency as asked, role, sections of 7099/KH-UBND): read off the plan's section III.
AGENCY_TASKS = [
    ("Sở Công Thương", "lead", ["III.1.đ", "III.2.c", "III.3.d", "III.6.b"]),
    ("S6 Cong Thuong", "lead", ["III.1.đ", "III.2.c", "III.3.d", "III.6.b"]),
    ("Department of Industry and Trade", "lead", ["III.1.đ", "III.2.c", "III.3.d", "III.6.b"]),
    # "Phối hợp Sở Công Thương, Sở Văn hóa…" inside III.6.a (line 378).
    ("SCT", "coordinate", ["III.6.a"]),
    ("Sở Công Thương", "any", ["III.1.đ", "III.2.c", "III.3.d", "III.6.a", "III.6.b"]),
    ("Sở Khoa học và Công nghệ", "lead", ["III.1.d", "III.3.a"]),
    ("Sở Thông tin và Truyền thông", "lead", ["III.1.c", "III.4.b"]),
    ("Sở Khoa học và Công nghệ", "coordinate", ["III.3.c", "III.3.d"]),
    ("Sở Thông tin và Truyền thông", "coordinate", ["III.3.d"]),
]


@pytest.mark.parametrize(("agency", "role", "sections"), AGENCY_TASKS,
                         ids=[f"{a}-{r}" for a, r, _ in AGENCY_TASKS])
def test_agency_tasks_in_a_plan(store: SQLiteStore, agency: str, role: str,
                                sections: list[str]) -> None:
    found = qs.agency_tasks(store, agency, plan=KH_7099, role=role)
    assert [t.section for t in found.tasks] == sections
    assert all(t.plan == KH_7099 for t in found.tasks)
    if role != "any":
        assert {t.role for t in found.tasks} == {role}


def test_agency_tasks_across_plans_and_provinces(store: SQLiteStore) -> None:
    found = qs.agency_tasks(store, "Department of Industry and Trade", role="lead")
    plans = {t.plan_symbol for t in found.tasks}
    assert {"7099/KH-UBND", "6603/KH-UBND"} <= plans  # Bình Dương and Bến Tre
    assert found.agency == "Sở Công Thương" and len(found.keys) > 1
    by_key = qs.agency_tasks(store, SCT_BD)
    assert by_key.keys == [SCT_BD] and {t.plan for t in by_key.tasks} == {KH_7099}
    with pytest.raises(ValueError, match="role must be one of"):
        qs.agency_tasks(store, "SCT", role="boss")


def test_tasks_on_a_topic(store: SQLiteStore) -> None:
    # "… di dời các doanh nghiệp nằm ngoài khu, cụm công nghiệp … vào khu, cụm công nghiệp"
    # (III.1.đ, binhduong_kh-7099-ubnd_2024_ocr.txt:177-180); the English and Vietnamese
    # topic find it first, and rank by score.
    for topic in ("industrial clusters", "cụm công nghiệp", "cum cong nghiep"):
        clusters = qs.find_tasks(store, topic, plan=KH_7099)
        assert clusters[0].section == "III.1.đ", topic
        scores = [t.score or 0 for t in clusters]
        assert scores == sorted(scores, reverse=True) and scores[-1] > 0
    market = qs.find_tasks(store, "Đề án phát triển thị trường một số sản phẩm chủ yếu")
    assert market[0].lead == ["Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch"]
    assert qs.find_tasks(store, "xyzzy plugh") == []


# --- indicators ---------------------------------------------------------------------------------


def test_document_indicators_set_targets_beside_the_latest_value(store: SQLiteStore) -> None:
    own = qs.document_indicators(store, KH_7099, include_reports=False)
    assert own.indicators and all(i.scope == KH_7099 for i in own.indicators)
    assert all(i.targets for i in own.indicators[:1])
    # 339/KH-UBND: its report (line 5413 on) gives the 2025 target and the 2023 value.
    plan_339 = next(d for d in store.documents() if d.symbol == "339/KH-UBND")
    found = qs.document_indicators(store, plan_339.key)
    assert found.reports
    export = next(i for i in found.indicators if i.name.startswith("Kim ngạch xuất khẩu"))
    target = export.targets[0]
    assert (target.value, target.unit, target.year) == (900.0, "triệu USD", 2025)
    assert target.latest is not None and target.latest.value == 180.0
    assert target.latest.period == "2023" and target.latest.evidence is not None
    assert (target.latest.evidence.file, target.latest.evidence.line) == (BAO_CAO, 5521)


@pytest.mark.parametrize("text", [
    "tỷ trọng hạt điều chế biến sâu",
    "ty trong hat dieu che bien sau",
    "the cashew deep-processing target was ≥ 15 % by 2025 — what was reported?",
])
def test_indicator_search_pairs_the_target_with_its_reported_value(store: SQLiteStore,
                                                                   text: str) -> None:
    # "tỷ trọng chế biến sâu hạt điều hiện nay … chỉ chiếm khoảng 5%" (line 1580) and
    # "tỷ trọng hạt điều chế biến sâu khó đạt được chỉ tiêu từ 15% trở lên" (line 1584).
    best = qs.search_indicators(store, text, limit=5).indicators[0]
    target = best.targets[0]
    assert (target.value, target.unit, target.year, target.comparator) == (15.0, "%", 2025, ">=")
    assert target.evidence is not None and target.evidence.line == 1584
    assert target.latest is not None and target.latest.value == 5.0
    assert target.latest.evidence is not None and target.latest.evidence.line == 1580


def test_latest_value_is_by_period_in_the_targets_unit() -> None:
    # A year beats half of the same year, which beats the year before; a value in another
    # unit is not reported against the target.
    def observed(value: float, unit: str, period: str) -> Observation:
        evidence = factories.make_evidence(file=factories.PLAN_FILE, line=int(value))
        return factories.make_observation(value=value, unit=unit, period=period, source=None,
                                          evidence=evidence)

    indicator = factories.make_indicator(
        targets=[Target(100.0, "tỷ đồng", 2025, "=")],
        observations=[observed(50.0, "tỷ đồng", "2023"), observed(7.0, "%", "2025"),
                      observed(60.0, "tỷ đồng", "6 tháng đầu năm 2024"),
                      observed(80.0, "tỷ đồng", "2024")])
    with SQLiteStore(":memory:") as memory:
        memory.write_file_graph(factories.make_plan_file_graph(indicators=[indicator]))
        [entry] = qs.document_indicators(memory, factories.KH_7099).indicators
    assert [o.value for o in entry.observations] == [7.0, 80.0, 60.0, 50.0]
    assert entry.targets[0].latest is not None and entry.targets[0].latest.value == 80.0


# --- agencies -----------------------------------------------------------------------------------


def test_agency_info_gives_the_2025_successors(store: SQLiteStore) -> None:
    profile = qs.agency_info(store, "Sở KH&ĐT Bình Dương")
    assert profile.name == "Sở Kế hoạch và Đầu tư"
    [info] = profile.agencies
    assert info.key == "agency:so-ke-hoach-va-dau-tu@binh-duong"
    assert info.valid_until == "2025-02-28"  # merged into Sở Tài chính (Nghị định 45/2025)
    assert info.successor is not None and info.successor.name == "Sở Tài chính"
    assert [s.jurisdiction for s in info.successors] == ["Bình Dương", "Thành phố Hồ Chí Minh"]
    assert info.tasks_led >= 3 and info.aliases and info.mentions


def test_list_agencies_all_or_ranked(store: SQLiteStore) -> None:
    everything = qs.list_agencies(store)
    keys = [a.key for a in everything.agencies]
    assert keys == sorted(keys) and len(keys) == len(store.agencies())
    ranked = qs.list_agencies(store, "so cong thuong")
    assert ranked.agencies[0].name == "Sở Công Thương" and ranked.agencies[0].score == 100.0
    assert [a.score for a in ranked.agencies] == sorted((a.score for a in ranked.agencies),
                                                        reverse=True)
    assert qs.list_agencies(store, limit=3).truncated


# --- topics and sections ------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "terms"), [
    ("who coordinates the industrial-cluster tasks?", [("cum", "cong", "nghiep")]),
    ("Cơ quan nào phối hợp các nhiệm vụ về cụm công nghiệp?", [("cum", "cong", "nghiep")]),
    ("chỉ tiêu tỷ trọng hạt điều chế biến sâu đạt bao nhiêu",
     [("ty", "trong", "hat", "dieu", "che", "bien", "sau")]),
    ("Đề án phát triển thị trường", [("de", "an", "phat", "trien", "thi", "truong")]),
    ("cashew deep processing", [("hat", "dieu"), ("che", "bien", "sau")]),
])
def test_topic_terms(text: str, terms: list[tuple[str, ...]]) -> None:
    assert topic_terms(text) == terms


def test_numbers_and_section_order() -> None:
    assert numbers_in("đạt 35.420 tỷ đồng, 15,5% năm 2025") == [35420.0, 15.5, 2025.0]
    assert sorted(["III.10.a", "III.1.đ", "III.1.d", "II.2"], key=qs.section_order) == [
        "II.2", "III.1.d", "III.1.đ", "III.10.a"]
