"""Task extraction with lead and coordinating agencies (ingest/tasks.py).

Snippets are real corpus lines (file:line in each row's comment); whole-file tests read
``../shared/corpus`` cleaned as the input contract says.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from policygraph.graph.model import Task
from policygraph.ingest.agency_registry import AgencyRegistry
from policygraph.ingest.tasks import extract_tasks

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
OCR_PLAN = "binhduong_kh-7099-ubnd_2024_ocr.txt"
REPORTS = "binhphuoc_sct_bao-cao_2022-2024.txt"


def corpus_lines(name: str) -> list[str]:
    """A corpus file cleaned as the input contract says: NFC, Ƣ → Ư, dashes as "-"."""
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"shared corpus not found at {path}; check out shared/ beside the repository")
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    text = re.sub("[–—‑]", "-", text.replace("Ƣ", "Ư").replace("ƣ", "ư"))
    return text.split("\n")


def roles(task: Task) -> tuple[list[str], list[str]]:
    """Lead and coordinate keys without the "agency:" prefix and the province."""
    short = lambda keys: [k.removeprefix("agency:").split("@")[0] for k in keys]  # noqa: E731
    return short(task.lead), short(task.coordinate)


PLAN_HEAD = ["III. NHIỆM VỤ, GIẢI PHÁP", "1. Nhóm nhiệm vụ"]

ROLE_ROWS = [
    # (item lines under PLAN_HEAD, lead, coordinate)
    (  # OCR "chi tri", "phbi hop"; the group runs onto the next line: binhduong…_ocr.txt:145-146
        ["b) So Ké hoach va Pau tu chi tri phbi hop voi cac So, ban, nganh, Uy ban nhan", "dan cac huyén, thanh phd:"],
        ["so-ke-hoach-va-dau-tu"],
        ["cac-so-ban-nganh", "uy-ban-nhan-dan-cac-huyen-thanh-pho"],
    ),
    (  # three named coordinators, then the task verb: binhduong…_ocr.txt:276-279
        [
            "d) S¢ Coéng Thuong chu tri phdi hop véi S& Thong tin va Truyén thong, So Ké",
            "hoach va Pau Tu, S& Khoa hoc va Cong ngh¢ hd tro, huodng dan doanh nghiép thuc",
        ],
        ["so-cong-thuong"],
        ["so-thong-tin-va-truyen-thong", "so-ke-hoach-va-dau-tu", "so-khoa-hoc-va-cong-nghe"],
    ),
    (  # only "phối hợp": the subject leads (binhduong…_ocr.txt:257-258)
        ["b) S¢ Lao dong - Thuong binh va Xa hoi phéi hop véi cac So, ban, nganh, Uy", "ban nhan dan cac huyén, thanh pho:"],
        ["so-lao-dong-thuong-binh-va-xa-hoi"],
        ["cac-so-ban-nganh", "uy-ban-nhan-dan-cac-huyen-thanh-pho"],
    ),
    (  # no role words: the bodies that open the item are its subject (binhduong…_ocr.txt:138)
        ["a) Cac so, ban nganh, Uy ban nhan dan cac huyén, thanh phd t6 chitc pho bién,"],
        ["cac-so-ban-nganh", "uy-ban-nhan-dan-cac-huyen-thanh-pho"],
        [],
    ),
    (  # a body sentence that opens with "Phối hợp" adds coordinators (binhduong…_ocr.txt:376-379)
        [
            "a) SO Tai nguyén va Mo6i truong chu tri:",
            "- Trién khai thuc hién hiéu qua Ké hoach s6 6613/KH-UBND. Phdi hop S& Cong",
            "Thuong, S& Vian hoa, Thé thao va Du lich xay dung giai phap.",
        ],
        ["so-tai-nguyen-va-moi-truong"],
        ["so-cong-thuong", "so-van-hoa-the-thao-va-du-lich"],
    ),
    (  # with diacritics, list split on "," and "và", generic group kept
        ["a) Sở Công Thương chủ trì, phối hợp với Sở Tài chính, Sở Xây dựng và các đơn vị liên quan triển khai."],
        ["so-cong-thuong"],
        ["so-tai-chinh", "so-xay-dung", "cac-don-vi-co-lien-quan"],
    ),
    (  # "Giao X chủ trì"
        ["a) Giao Sở Y tế chủ trì, phối hợp với UBND các huyện, thị xã, thành phố tổ chức thực hiện."],
        ["so-y-te"],
        ["uy-ban-nhan-dan-cac-huyen-thi-xa-thanh-pho"],
    ),
    (  # "Đơn vị chủ trì: X"
        ["a) Xây dựng cơ sở dữ liệu ngành.", "- Đơn vị chủ trì: Sở Thông tin và Truyền thông."],
        ["so-thong-tin-va-truyen-thong"],
        [],
    ),
]


@pytest.mark.parametrize(("item", "lead", "coordinate"), ROLE_ROWS, ids=[r[0][0][:40] for r in ROLE_ROWS])
def test_lead_and_coordinate(item: list[str], lead: list[str], coordinate: list[str]) -> None:
    tasks = extract_tasks(PLAN_HEAD + item, 1, "f.txt", "kh-test", "Bình Dương", AgencyRegistry())
    assert len(tasks) == 1
    assert roles(tasks[0]) == (lead, coordinate)


def test_generic_groups_are_registered_as_groups() -> None:
    registry = AgencyRegistry()
    lines = PLAN_HEAD + ["a) Sở Công Thương chủ trì, phối hợp với các Sở, ban, ngành triển khai."]
    [task] = extract_tasks(lines, 1, "f.txt", "kh-test", "Bình Dương", registry)
    group = registry.get(task.coordinate[0])
    assert (group.key, group.name, group.kind) == ("agency:cac-so-ban-nganh@binh-duong", "các Sở, ban, ngành", "group")


@pytest.fixture(scope="module")
def ocr_plan() -> tuple[list[Task], AgencyRegistry]:
    registry = AgencyRegistry()
    lines = corpus_lines(OCR_PLAN)
    return extract_tasks(lines, 1, OCR_PLAN, "7099/KH-UBND", "Bình Dương", registry), registry


def test_a_roles_only_heading_runs_on_to_the_task(ocr_plan: tuple[list[Task], AgencyRegistry]) -> None:
    # binhduong_kh-7099-ubnd_2024_ocr.txt:235-238: "d) Ban Quan ly cac Khu cong nghiep … chu tri phoi hop
    # voi …: xdy dung chuong trinh va ke hoach nang cao chat luong cac khu cong nghiep …" — no bullet.
    tasks, _ = ocr_plan
    task = next(t for t in tasks if t.section == "III.2.d")
    assert "nang cao chat luong cac khu cong nghiép" in task.text
    assert task.text.rstrip().endswith("cong nghiép 4.0")  # the sentence's end, not the next item


def test_ocr_plan_sections(ocr_plan: tuple[list[Task], AgencyRegistry]) -> None:
    # binhduong_kh-7099-ubnd_2024_ocr.txt:133-451: seven groups under III, each lettered item a task.
    tasks, _ = ocr_plan
    assert [t.section for t in tasks] == [
        "III.1.a", "III.1.b", "III.1.c", "III.1.d", "III.1.đ",  # OCR: the second "d)" (line 177) is đ
        "III.2.a", "III.2.b", "III.2.c", "III.2.d",  # "¢)" at line 208 is c
        "III.3.a", "III.3.b", "III.3.c", "III.3.d",
        "III.4.a", "III.4.b", "III.4.c", "III.4.d",
        "III.5.a", "III.5.b",
        "III.6.a", "III.6.b",
        "III.7.a", "III.7.b", "III.7.c",
    ]  # fmt: skip
    assert len({t.key for t in tasks}) == len(tasks)
    assert tasks[0].key == "task:7099/KH-UBND#III.1.a" and tasks[0].plan == "7099/KH-UBND"


OCR_LEAD_ROWS = [
    # (section, evidence line, lead slug) — binhduong_kh-7099-ubnd_2024_ocr.txt
    ("III.1.b", 145, "so-ke-hoach-va-dau-tu"),  # "So Ké hoach va Pau tu chi tri"
    ("III.1.c", 158, "so-thong-tin-va-truyen-thong"),
    ("III.1.đ", 177, "so-cong-thuong"),  # "S6 Cong Thuong chu tri"
    ("III.2.d", 235, "ban-quan-ly-cac-khu-cong-nghiep"),  # "Ban Quan 1y cac Khu cong nghiép Binh Duong"
    ("III.3.c", 264, "so-giao-duc-va-dao-tao"),  # "S& Gido dyc va DPao tao"
    ("III.4.a", 284, "so-giao-thong-van-tai"),
    ("III.4.d", 319, "so-nong-nghiep-va-phat-trien-nong-thon"),
    ("III.5.b", 351, "lien-minh-hop-tac-xa-tinh"),  # "Lién minh Hop tac x&"
    ("III.7.c", 446, "so-xay-dung"),  # only "phối hợp": subject leads
]


@pytest.mark.parametrize(("section", "line", "lead"), OCR_LEAD_ROWS, ids=[r[0] for r in OCR_LEAD_ROWS])
def test_ocr_plan_leads(ocr_plan: tuple[list[Task], AgencyRegistry], section: str, line: int, lead: str) -> None:
    tasks, _ = ocr_plan
    task = next(t for t in tasks if t.section == section)
    assert task.evidence is not None and task.evidence.line == line
    assert roles(task)[0] == [lead]


def test_ocr_plan_coordinators(ocr_plan: tuple[list[Task], AgencyRegistry]) -> None:
    tasks, registry = ocr_plan
    by_section = {t.section: t for t in tasks}
    # binhduong…_ocr.txt:264-265 "phoi hop véi S6 Khoa hoc va Cong nghé va cac don vi ¢6 lién quan"
    assert roles(by_section["III.3.c"])[1] == ["so-khoa-hoc-va-cong-nghe", "cac-don-vi-co-lien-quan"]
    # binhduong…_ocr.txt:243-244 a named Sở before the generic groups
    assert roles(by_section["III.3.a"])[1] == ["so-ke-hoach-va-dau-tu", "cac-so-ban-nganh", "uy-ban-nhan-dan-cac-huyen-thanh-pho"]
    assert registry.get("agency:uy-ban-nhan-dan-cac-huyen-thanh-pho@binh-duong").valid_until == "2025-06-30"


def test_report_restates_tasks_under_results_heading() -> None:
    # binhphuoc_sct_bao-cao_2022-2024.txt:1099-1496: "2. Kết quả thực hiện" lists 2.1 … 2.9.
    lines = corpus_lines(REPORTS)[1098:1496]
    tasks = extract_tasks(lines, 1099, REPORTS, "BC-SCT@1102", "Bình Phước", AgencyRegistry())
    assert [t.section for t in tasks] == [f"I.2.{n}" for n in range(1, 10)]
    assert tasks[0].evidence is not None and tasks[0].evidence.line == 1145
    # "2.1. Chủ trì tham mưu …" has no subject: the body in the letterhead ("SỞ CÔNG THƯƠNG") leads.
    assert roles(tasks[0])[0] == ["so-cong-thuong"]


def test_report_tasks_two_levels_deep() -> None:
    # binhphuoc_sct_bao-cao_2022-2024.txt:1611-1943: "II. Kết quả thực hiện các nhiệm vụ năm 2023":
    # 1, 1.1 … are tasks, 4.2.1 (a third level) is not.
    lines = corpus_lines(REPORTS)[1496:2982]
    sections = [t.section for t in extract_tasks(lines, 1497, REPORTS, "BC-SCT@1503", "Bình Phước", AgencyRegistry())]
    assert sections[:3] == ["B.II.1", "B.II.1.1", "B.II.1.2"]
    assert "B.II.4.2" in sections and "B.II.4.2.1" not in sections
    assert sections[-1] == "B.II.12"


def test_report_lead_from_body() -> None:
    # binhphuoc_sct_bao-cao_2022-2024.txt:5697-5700: "Sở Kế hoạch và Đầu tư đã chủ trì phối hợp với
    # các đơn vị có liên quan" in the body of 2.3.
    lines = corpus_lines(REPORTS)[5406:]
    tasks = extract_tasks(lines, 5407, REPORTS, "BC-SCT@5413", "Bình Phước", AgencyRegistry())
    task = next(t for t in tasks if t.section == "II.2.3")
    assert roles(task) == (["so-ke-hoach-va-dau-tu"], ["cac-don-vi-co-lien-quan"])


def test_table_rows_with_lead_column() -> None:
    # binhphuoc_sct_bao-cao_2022-2024.txt:49-217: a table flattened one cell per line, column
    # "Đơn vị chủ trì".
    lines = corpus_lines(REPORTS)[:217]
    tasks = extract_tasks(lines, 1, REPORTS, "SCT-VP@8", "Bình Phước", AgencyRegistry())
    assert [(t.section, t.evidence.line if t.evidence else None) for t in tasks] == [
        ("PL.1", 51), ("PL.2", 75), ("PL.3", 100), ("PL.4", 120), ("PL.5", 166), ("PL.6", 193),
    ]  # fmt: skip
    assert [roles(t)[0] for t in tasks][-2:] == [["so-cong-thuong"], ["trung-tam-xuc-tien-dau-tu-thuong-mai-va-du-lich"]]


def test_proposals_count_only_with_a_named_lead() -> None:
    # binhphuoc_sct_bao-cao_2022-2024.txt:591-624: of the "IV. Đề xuất … thời gian tới" bullets, only
    # those naming their lead are tasks (596: three bodies "tham mưu"; 612: "Sở Công Thương chủ trì").
    lines = corpus_lines(REPORTS)[217:651]
    tasks = extract_tasks(lines, 218, REPORTS, "BC-SCT@224", "Bình Phước", AgencyRegistry())
    assert [t.evidence.line for t in tasks if t.evidence] == [596, 612]
    assert roles(tasks[0])[0] == ["so-cong-thuong", "so-ke-hoach-va-dau-tu", "ban-quan-ly-khu-kinh-te"]
    assert roles(tasks[1]) == (["so-cong-thuong"], ["cac-nganh-dia-phuong"])


def test_intro_sentence_and_future_paragraph() -> None:
    # bentre_sct_kinh-te-tuan-hoan_2024.txt:14-21: "… nhiệm vụ, giải pháp … như sau:" then 1. … 6.;
    # line 21 "Trong thời gian tới, …: a; b; …" lists fourteen clauses.
    lines = corpus_lines("bentre_sct_kinh-te-tuan-hoan_2024.txt")
    tasks = extract_tasks(lines, 1, "bentre.txt", "bentre-2024", "Bến Tre", AgencyRegistry())
    assert [t.section for t in tasks[:6]] == ["1", "2", "3", "4", "5", "6"]
    assert [t.section for t in tasks[6:]] == [f"TGT.{n}" for n in range(1, 15)]
    # The intro's subject ("Sở Công Thương đã luôn tập trung", line 14) leads the numbered items.
    assert roles(tasks[0])[0] == ["so-cong-thuong"]
    # Line 20: "phối hợp với địa phương và các sở, ngành có liên quan".
    assert roles(tasks[5])[1] == ["dia-phuong", "cac-so-nganh-co-lien-quan"]
    # The report's own plans for "thời gian tới" are led by the reporting body.
    assert all(roles(t)[0] == ["so-cong-thuong"] for t in tasks[6:])


def test_plan_described_in_news_item() -> None:
    # binhphuoc_kh-317-ubnd_2021.txt:26-32: "Các nội dung chủ yếu của Kế hoạch bao gồm:" then (1). (2). (3).
    lines = corpus_lines("binhphuoc_kh-317-ubnd_2021.txt")
    tasks = extract_tasks(lines, 1, "317.txt", "317/KH-UBND", "Bình Phước", AgencyRegistry())
    assert [(t.section, t.evidence.line if t.evidence else None) for t in tasks] == [("(1)", 7), ("(2)", 9), ("(3)", 11)]
    assert tasks[0].text.startswith("Triển khai đầu tư phát triển hạ tầng kỹ thuật")
    # Its bullets run inline after ":"; the dash of "giai đoạn 2021-2025" opens no bullet.
    assert "2025;" not in tasks[0].text and tasks[0].text.endswith("công nghiệp nông thôn:")


def test_keys_are_stable() -> None:
    lines = corpus_lines(OCR_PLAN)
    first = [t.key for t in extract_tasks(lines, 1, OCR_PLAN, "kh", "Bình Dương", AgencyRegistry())]
    second = [t.key for t in extract_tasks(lines, 1, OCR_PLAN, "kh", "Bình Dương", AgencyRegistry())]
    assert first == second


PLAN_ROWS = [
    # (file, first line, last line, reference the resolver is asked for)
    (REPORTS, 1497, 2982, "326/KH-UBND"),  # "Căn cứ Kế hoạch số 326/KH-UBND", binhphuoc…:1522
    (REPORTS, 1, 217, "17-Ctr/TU"),  # "Chương trình hành động số 17-Ctr/TU", binhphuoc…:12
    # The opening cites only the approving decision; the report's title names the scheme (binhphuoc…:4366).
    (REPORTS, 4355, 5406, "Đề án “Phát triển khu công nghiệp, khu kinh tế, cụm công nghiệp tỉnh Bình Phước giai đoạn 2021 - 2025, định hướng đến năm 2030”"),
]


@pytest.mark.parametrize(("name", "first", "last", "reference"), PLAN_ROWS, ids=[r[3][:20] for r in PLAN_ROWS])
def test_restated_tasks_belong_to_the_cited_plan(name: str, first: int, last: int, reference: str) -> None:
    asked: list[str] = []

    def resolve(ref: str) -> str:
        asked.append(ref)
        return "plan-key"

    lines = corpus_lines(name)[first - 1 : last]
    tasks = extract_tasks(lines, first, name, "report-key", "Bình Phước", AgencyRegistry(), resolve_plan=resolve)
    assert asked == [reference]
    assert tasks and {t.plan for t in tasks} == {"plan-key"}
    assert all(t.key.startswith("task:report-key#") for t in tasks)  # keys stay with the segment


def test_own_tasks_stay_with_the_document() -> None:
    # bentre_sct_kinh-te-tuan-hoan_2024.txt:14-21: items 1-6 restate 6603/KH-UBND ("Thực hiện Kế hoạch
    # số 6603/KH-UBND"); the "Trong thời gian tới" clauses are the report's own.
    lines = corpus_lines("bentre_sct_kinh-te-tuan-hoan_2024.txt")
    tasks = extract_tasks(lines, 1, "b.txt", "bentre-2024", "Bến Tre", AgencyRegistry(), resolve_plan={"6603/KH-UBND": "kh-6603"}.get)
    assert [t.plan for t in tasks] == ["kh-6603"] * 6 + ["bentre-2024"] * 14
    # Unknown to the resolver: the tasks stay with the report.
    tasks = extract_tasks(lines, 1, "b.txt", "bentre-2024", "Bến Tre", AgencyRegistry(), resolve_plan=lambda ref: None)
    assert {t.plan for t in tasks} == {"bentre-2024"}


@pytest.mark.parametrize("name", ["binhphuoc_sct_bao-cao_2022-2024.txt", "binhduong_kh-7099-ubnd_2024_ocr.txt",
                                  "bentre_sct_kinh-te-tuan-hoan_2024.txt", "binhphuoc_kh-317-ubnd_2021.txt"])
def test_marker_opening_filter_keeps_every_marker(name: str) -> None:
    """_read_marker's quick test on a line's opening rejects only lines no marker pattern matches."""
    from policygraph.ingest.tasks import _MARKERS, _read_marker

    for line in corpus_lines(name):
        for stripped in (line.lstrip(), line.lstrip().upper(), line.lstrip().lower()):
            plain = next(((kind, m["m"], m.end()) for kind, p in _MARKERS if (m := p.match(stripped))), None)
            assert _read_marker(stripped) == plain
