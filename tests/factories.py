"""Factories for the graph's values, so tests read like data (eyecite ``test_factories``).

Each ``make_*`` returns a realistic object taken from the corpus (line numbers are the
corpus files' own), and any field can be overridden by keyword. Two ready-made files:

- :func:`make_file_graph`: the Bình Phước Sở Công Thương report, where plan 245/KH-UBND
  is said to implement Kết luận 361-KL/TU (line 4413).
- :func:`make_plan_file_graph`: the Bình Dương plan 7099/KH-UBND (OCR), with its bases,
  a task led by Sở Công Thương, and a GRDP target.

Run ``python -m tests.factories dev.db`` to write both into a dev database.

Example:
    >>> make_relation().evidence.line
    4413
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import replace
from collections.abc import Iterable
from typing import Any

from policygraph.graph.model import (
    Agency,
    DocType,
    Document,
    Evidence,
    FileGraph,
    Indicator,
    Observation,
    Origin,
    Relation,
    RelationType,
    Target,
    Task,
)

REPORT_FILE = "binhphuoc_sct_bao-cao_2022-2024.txt"
PLAN_FILE = "binhduong_kh-7099-ubnd_2024_ocr.txt"

# Document keys: symbol, issuing province, year (domain.md §1, "Identity").
KL_361 = "361-KL/TU@BinhPhuoc-2022"
KH_245 = "245/KH-UBND@BinhPhuoc-2023"
QD_1656 = "1656/QĐ-UBND@BinhPhuoc-2022"
REPORT = "BC-SCT@BinhPhuoc-2024-KCN"
KH_7099 = "7099/KH-UBND@BinhDuong-2024"
NQ_111 = "111/NQ-CP@2024"
CTR_111 = "111-CTr/TU@BinhDuong-2023"
NQ_29 = "29-NQ/TW@2022"
SCT_BD = "so-cong-thuong@BinhDuong"

# Plan 7099 line 177 (OCR, kept as read): Sở Công Thương leads task III.2.d.
SCT_LEADS = "d) S6 Cong Thuong chu tri, phdi hop voi cac Sé, ban, nganh"
# Report line 337: the report's section on 361-KL/TU.
ON_361 = "2. Đối với Kết luận của Ban Thường vụ Tỉnh ủy số 361-KL/TU."

# Report line 4413, cut by the PDF's line breaks (kept: evidence is the raw text).
IMPLEMENTS_361 = (
    "Kế hoạch số 245/KH-UBND ngày 28/7/2023 về việc phát triển khu công nghiệp, khu kinh "
    "tế tỉnh Bình Phước thực hiện Kết luận số 361-KL/TU của Ban Thường vụ Tỉnh ủy"
)


def sha256_of(text: str) -> str:
    """The hex sha256 of some text, as FileGraph.sha256 holds it.

    Example:
        >>> len(sha256_of("x"))
        64
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_evidence(**overrides: Any) -> Evidence:
    """Evidence: by default the report's sentence on 245/KH-UBND implementing 361-KL/TU.

    Example:
        >>> make_evidence(line=1).line
        1
    """
    fields: dict[str, Any] = {"file": REPORT_FILE, "line": 4413, "text": IMPLEMENTS_361}
    return Evidence(**(fields | overrides))


def make_document(**overrides: Any) -> Document:
    """A document: by default Kết luận 361-KL/TU as the report cites it (no origin).

    Example:
        >>> make_document().symbol
        '361-KL/TU'
    """
    fields: dict[str, Any] = {
        "key": KL_361,
        "symbol": "361-KL/TU",
        "doc_type": DocType.CONCLUSION,
        "issuer": "Ban Thường vụ Tỉnh ủy Bình Phước",
        "jurisdiction": "Bình Phước",
        "date": "2022-06-25",
        "year": 2022,
        "title": "Phát triển khu kinh tế, khu và cụm công nghiệp",
        "origin": None,
        "mentions": [
            make_evidence(line=337, text=ON_361),
            make_evidence(line=4413, text="thực hiện Kết luận số 361-KL/TU của Ban Thường vụ"),
        ],
        "confidence": 0.9,
        "alternatives": [],
    }
    return Document(**(fields | overrides))


def make_plan_245(**overrides: Any) -> Document:
    """Kế hoạch 245/KH-UBND of UBND tỉnh Bình Phước, as the report cites it.

    Example:
        >>> make_plan_245().doc_type
        <DocType.PLAN: 'plan'>
    """
    fields: dict[str, Any] = {
        "key": KH_245,
        "symbol": "245/KH-UBND",
        "doc_type": DocType.PLAN,
        "issuer": "Ủy ban nhân dân tỉnh Bình Phước",
        "date": "2023-07-28",
        "year": 2023,
        "title": "Về việc phát triển khu công nghiệp, khu kinh tế tỉnh Bình Phước",
        "mentions": [make_evidence(line=4413, text="Kế hoạch số 245/KH-UBND ngày 28/7/2023")],
    }
    return make_document(**(fields | overrides))


def make_relation(**overrides: Any) -> Relation:
    """A relation: by default 245/KH-UBND implements 361-KL/TU (report line 4413).

    Example:
        >>> make_relation(type=RelationType.AMENDS, scope="Điều 7").scope
        'Điều 7'
    """
    fields: dict[str, Any] = {
        "source": KH_245,
        "target": KL_361,
        "type": RelationType.IMPLEMENTS,
        "evidence": make_evidence(),
        "scope": None,
        "confidence": 1.0,
    }
    return Relation(**(fields | overrides))


def make_agency(**overrides: Any) -> Agency:
    """Sở Công Thương tỉnh Bình Dương, with the OCR spelling as an alias (7099 line 177).

    Example:
        >>> make_agency().aliases
        ['S6 Cong Thuong', 'SCT']
    """
    fields: dict[str, Any] = {
        "key": SCT_BD,
        "name": "Sở Công Thương",
        "jurisdiction": "Bình Dương",
        "aliases": ["S6 Cong Thuong", "SCT"],
        "kind": "body",
        "valid_until": None,
        "successor": None,
        "mentions": [make_evidence(file=PLAN_FILE, line=177, text=SCT_LEADS)],
    }
    return Agency(**(fields | overrides))


def make_task(**overrides: Any) -> Task:
    """Task III.2.d of plan 7099/KH-UBND, led by Sở Công Thương (line 177).

    Example:
        >>> make_task().lead
        ['so-cong-thuong@BinhDuong']
    """
    fields: dict[str, Any] = {
        "key": f"{KH_7099}#III.2.d",
        "plan": KH_7099,
        "section": "III.2.d",
        "text": "Phát triển công nghiệp hỗ trợ, công nghiệp chế biến, chế tạo",
        "lead": [SCT_BD],
        "coordinate": ["cac-so-ban-nganh@BinhDuong"],
        "evidence": make_evidence(file=PLAN_FILE, line=177, text=SCT_LEADS),
    }
    return Task(**(fields | overrides))


def make_indicator(**overrides: Any) -> Indicator:
    """GRDP growth 9-10%/year to 2030, set by plan 7099/KH-UBND (line 100).

    Example:
        >>> make_indicator().targets[0].value_max
        10.0
    """
    evidence = make_evidence(file=PLAN_FILE, line=100,
                             text="Toéng san pham trong tinh (GRDP) tiang binh quan 9-10%/nim")
    fields: dict[str, Any] = {
        "key": f"{KH_7099}#grdp-growth",
        "name": "Tốc độ tăng trưởng GRDP bình quân",
        "scope": KH_7099,
        "targets": [Target(9.0, "%/năm", 2030, "range", value_max=10.0, raw="9-10%/nim",
                           evidence=evidence)],
        "observations": [],
    }
    return Indicator(**(fields | overrides))


def make_observation(**overrides: Any) -> Observation:
    """A reported value: cashew output 35.420 tỷ đồng in 2023 (report line 1572).

    Example:
        >>> make_observation().value
        35420.0
    """
    fields: dict[str, Any] = {
        "value": 35420.0,
        "unit": "tỷ đồng",
        "period": "2023",
        "source": REPORT,
        "raw": "năm 2023 đạt 35.420 tỷ đồng",
        "evidence": make_evidence(line=1572, text="Giá trị sản xuất hạt điều các loại và vỏ "
                                                  "hạt điều: năm 2023 đạt 35.420 tỷ đồng"),
    }
    return Observation(**(fields | overrides))


def make_file_graph(**overrides: Any) -> FileGraph:
    """The Bình Phước report: the report itself (origin line 8), 361-KL/TU, 245/KH-UBND,
    1656/QĐ-UBND; 245 implements 361 and 1656; the report reports on 361; one observed value.

    Example:
        >>> [d.symbol for d in make_file_graph().documents]
        [None, '361-KL/TU', '245/KH-UBND', '1656/QĐ-UBND']
    """
    report = make_document(
        key=REPORT, symbol=None, doc_type=DocType.REPORT, issuer="Sở Công Thương tỉnh Bình Phước",
        date="2024", year=2024, title="Báo cáo kết quả thực hiện Kết luận số 361-KL/TU",
        origin=Origin(REPORT_FILE, 8), confidence=1.0,
        mentions=[make_evidence(line=8, text="BÁO CÁO")],
    )
    qd_1656 = make_document(
        key=QD_1656, symbol="1656/QĐ-UBND", doc_type=DocType.DECISION,
        issuer="Ủy ban nhân dân tỉnh Bình Phước", date="2022-09-09", year=2022,
        title="Phê duyệt đề án phát triển công nghiệp Bình Phước",
        mentions=[make_evidence(line=4417, text="Quyết định 1656/QĐ-UBND ngày 09/9/2022")],
    )
    fields: dict[str, Any] = {
        "file": REPORT_FILE,
        "sha256": sha256_of(REPORT_FILE),
        "encoding": "utf-8",
        "documents": [report, make_document(), make_plan_245(), qd_1656],
        "relations": [
            make_relation(),
            make_relation(target=QD_1656, evidence=make_evidence(
                line=4417, text="và Quyết định 1656/QĐ-UBND ngày 09/9/2022 của UBND tỉnh")),
            make_relation(source=REPORT, type=RelationType.REPORTS_ON,
                          evidence=make_evidence(line=337, text=ON_361)),
        ],
        "indicators": [make_indicator(key=f"{QD_1656}#cashew-output",
                                      name="Giá trị sản xuất hạt điều các loại và vỏ hạt điều",
                                      scope=QD_1656, targets=[],
                                      observations=[make_observation()])],
    }
    return FileGraph(**(fields | overrides))


def make_plan_file_graph(**overrides: Any) -> FileGraph:
    """Plan 7099/KH-UBND of Bình Dương (OCR): based on 29-NQ/TW and 111/NQ-CP, implementing
    111-CTr/TU; one task, one agency, one indicator.

    Example:
        >>> make_plan_file_graph().documents[0].origin
        Origin(file='binhduong_kh-7099-ubnd_2024_ocr.txt', line=1)
    """
    def cited(key: str, symbol: str, doc_type: DocType, issuer: str, date: str, line: int,
              text: str) -> Document:
        return make_document(key=key, symbol=symbol, doc_type=doc_type, issuer=issuer,
                             jurisdiction=None, date=date, year=int(date[:4]), title=None,
                             mentions=[make_evidence(file=PLAN_FILE, line=line, text=text)])

    def relation(target: str, type_: RelationType, line: int, text: str) -> Relation:
        return make_relation(source=KH_7099, target=target, type=type_,
                             evidence=make_evidence(file=PLAN_FILE, line=line, text=text))

    plan = make_document(
        key=KH_7099, symbol="7099/KH-UBND", doc_type=DocType.PLAN,
        issuer="Ủy ban nhân dân tỉnh Bình Dương", jurisdiction="Bình Dương", date="2024-12-13",
        year=2024, title="Thực hiện Nghị quyết số 111/NQ-CP ngày 22/7/2024 của Chính phủ và "
                         "Chương trình số 111-CTr/TU ngày 17/3/2023 của Tỉnh ủy",
        origin=Origin(PLAN_FILE, 1), confidence=1.0,
        mentions=[make_evidence(file=PLAN_FILE, line=3, text="S6: 7099/KH-UBND Binh Duwong, "
                                                             "ngay 13 thang 12 nam 2024")],
    )
    fields: dict[str, Any] = {
        "file": PLAN_FILE,
        "sha256": sha256_of(PLAN_FILE),
        "encoding": "utf-8",
        "documents": [
            plan,
            cited(NQ_29, "29-NQ/TW", DocType.RESOLUTION, "Ban Chấp hành Trung ương", "2022-11-17",
                  11, "Can ctr Nghi quyét s6 29-NQ/TW ngay 17/11/2022"),
            cited(NQ_111, "111/NQ-CP", DocType.RESOLUTION, "Chính phủ", "2024-07-22", 15,
                  "Can ctr Nghi quyét sé 111/NQ-CP ngay 22/7/2024"),
            cited(CTR_111, "111-CTr/TU", DocType.PROGRAMME, "Tỉnh ủy Bình Dương", "2023-03-17",
                  6, "Chuwong trinh s6 111-CTr/TU ngay 17/3/2023"),
        ],
        "relations": [
            relation(NQ_29, RelationType.BASED_ON, 11,
                     "Can ctr Nghi quyét s6 29-NQ/TW ngay 17/11/2022"),
            relation(NQ_111, RelationType.BASED_ON, 15,
                     "Can ctr Nghi quyét sé 111/NQ-CP ngay 22/7/2024"),
            relation(CTR_111, RelationType.IMPLEMENTS, 6,
                     "Thuc hién Nghi quyét s6 111/NQ-CP ngay 22/7/2024 ciia Chinh phi va "
                     "Chuwong trinh s6 111-CTr/TU"),
        ],
        "tasks": [make_task()],
        "agencies": [make_agency()],
        "indicators": [make_indicator()],
    }
    return FileGraph(**(fields | overrides))


def make_edges_file_graph(
    edges: str | Iterable[tuple[str, str, RelationType | str]],
    file: str = "synthetic.txt",
    relation_type: RelationType = RelationType.IMPLEMENTS,
) -> FileGraph:
    """A FileGraph of plans linked as drawn: ``"A>B B>C"`` (A implements B…), or triples.

    Every key named becomes a plan document of ``file`` with one mention; relation ``i``
    sits on line ``i + 1``. Keys keep their order of first appearance.

    Example:
        >>> g = make_edges_file_graph("A>B B>C")
        >>> [d.key for d in g.documents], [(r.source, r.target) for r in g.relations]
        (['A', 'B', 'C'], [('A', 'B'), ('B', 'C')])
    """
    if isinstance(edges, str):
        triples = [(*edge.split(">"), relation_type) for edge in edges.split()]
    else:
        triples = list(edges)
    keys = list(dict.fromkeys(k for a, b, _ in triples for k in (a, b)))
    documents = [
        Document(key, f"{n}/KH-UBND", DocType.PLAN,
                 mentions=[Evidence(file, n + 1, f"Kế hoạch {key}")])
        for n, key in enumerate(keys)
    ]
    relations = [
        Relation(a, b, RelationType(t), Evidence(file, n + 1, f"{a} thực hiện {b}"))
        for n, (a, b, t) in enumerate(triples)
    ]
    return FileGraph(file, sha256_of(" ".join(f"{a}>{b}" for a, b, _ in triples)), "utf-8",
                     documents=documents, relations=relations)


def moved_to(graph: FileGraph, file: str) -> FileGraph:
    """The same graph as if read from another file: every Evidence and Origin follows.

    Example:
        >>> moved_to(make_file_graph(), "copy.txt").relations[0].evidence.file
        'copy.txt'
    """
    def ev(e: Any) -> Any:
        return replace(e, file=file) if e is not None else None

    return replace(
        graph, file=file,
        documents=[replace(d, origin=ev(d.origin), mentions=[ev(m) for m in d.mentions])
                   for d in graph.documents],
        relations=[replace(r, evidence=ev(r.evidence)) for r in graph.relations],
        tasks=[replace(t, evidence=ev(t.evidence)) for t in graph.tasks],
        agencies=[replace(a, mentions=[ev(m) for m in a.mentions]) for a in graph.agencies],
        indicators=[replace(i, targets=[replace(t, evidence=ev(t.evidence)) for t in i.targets],
                            observations=[replace(o, evidence=ev(o.evidence))
                                          for o in i.observations])
                    for i in graph.indicators],
    )


if __name__ == "__main__":  # a dev database: python -m tests.factories dev.db
    from policygraph.graph.sqlite_store import SQLiteStore

    with SQLiteStore(sys.argv[1] if len(sys.argv) > 1 else "policygraph-dev.db") as store:
        store.write_file_graph(make_file_graph())
        store.write_file_graph(make_plan_file_graph())
        print(store.stats())
