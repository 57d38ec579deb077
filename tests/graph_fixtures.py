"""A small lineage world for the query, API and ask tests, built with code.

Four files, written into a real SQLite store (``write_lineage_store``):

- the Bình Phước report: 245/KH-UBND implements 361-KL/TU; 1656/QĐ-UBND approves the
  industry scheme and implements 361-KL/TU; 327/KH-UBND implements the scheme;
  361-KL/TU rests on 17-CTr/TU, which rests on 29-NQ/TW; 339/KH-UBND is based on
  361-KL/TU; 340/KH-UBND implements 339 and is based on 1656; the report reports on
  339 and 361.
- the Bình Dương plan 7099/KH-UBND: based on 29-NQ/TW, 111/NQ-CP and Bình Dương's own
  361-KL/TU (the same symbol as Bình Phước's: ambiguity); implements 111-CTr/TU and the
  provincial master plan, which 790/QĐ-TTg approves.
- HĐND resolutions: 08/2023 amends "một số Điều" of 07/2019; 04/2022 amends Điều 3 of
  01/2022 and repeals its Điều 5; 20/2023/QĐ-UBND replaces 12/2020/QĐ-UBND; 15/2023
  corrects 20/2023.
- a cycle: 1 → 2 → 3 → 1 (based_on), and 4 implements 1.

Run ``python -m tests.graph_fixtures lineage-dev.db`` for a dev database.

Example:
    >>> file_graph(HDND_FILE).relations[0].scope
    'một số Điều'
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass

from policygraph.graph.model import (
    DocType,
    Document,
    Evidence,
    FileGraph,
    Origin,
    Relation,
    RelationType,
)
from policygraph.graph.sqlite_store import SQLiteStore

R = RelationType
REPORT_FILE = "binhphuoc_sct_bao-cao_2022-2024.txt"
PLAN_FILE = "binhduong_kh-7099-ubnd_2024_ocr.txt"
HDND_FILE = "binhphuoc_hdnd_nghi-quyet_2023.txt"
CYCLE_FILE = "cycle_test.txt"
FILES = (REPORT_FILE, PLAN_FILE, HDND_FILE, CYCLE_FILE)

# Keys as the resolver writes them (ingest.resolve.document_key).
KL361_BP = "doc:361-KL/TU@binh-phuoc:2022"
KL361_BD = "doc:361-KL/TU@binh-duong:2024"
KH245 = "doc:245/KH-UBND@binh-phuoc:2023"
QD1656 = "doc:1656/QĐ-UBND@binh-phuoc:2022"
SCHEME = "scheme:binh-phuoc:de-an-phat-trien-cong-nghiep"
KH327 = "doc:327/KH-UBND@binh-phuoc:2022"
CTR17 = "doc:17-CTr/TU@binh-phuoc:2021"
NQ29 = "doc:29-NQ/TW:2022"
KH339 = "doc:339/KH-UBND@binh-phuoc:2023"
KH340 = "doc:340/KH-UBND@binh-phuoc:2023"
REPORT = f"doc:{REPORT_FILE}#L8"
KH7099 = "doc:7099/KH-UBND@binh-duong:2024"
NQ111 = "doc:111/NQ-CP:2024"
CTR111 = "doc:111-CTr/TU@binh-duong:2023"
QD790 = "doc:790/QĐ-TTg:2024"
MASTER_PLAN = "scheme:binh-duong:quy-hoach-tinh"
NQ07 = "doc:07/2019/NQ-HĐND@binh-phuoc:2019"
NQ08 = "doc:08/2023/NQ-HĐND@binh-phuoc:2023"
NQ01 = "doc:01/2022/NQ-HĐND@binh-phuoc:2022"
NQ04 = "doc:04/2022/NQ-HĐND@binh-phuoc:2022"
QD12 = "doc:12/2020/QĐ-UBND@binh-phuoc:2020"
QD20 = "doc:20/2023/QĐ-UBND@binh-phuoc:2023"
QD15 = "doc:15/2023/QĐ-UBND@binh-phuoc:2023"
CYCLE = [f"doc:{n}/KH-UBND@thu-nghiem:2020" for n in (1, 2, 3, 4)]

BP_UBND = "Ủy ban nhân dân tỉnh Bình Phước"
BP_HDND = "Hội đồng nhân dân tỉnh Bình Phước"


def _doc(key: str, symbol: str | None, doc_type: DocType, issuer: str | None,
         jurisdiction: str | None, date: str | None, title: str | None) -> Document:
    year = int(date[:4]) if date else None
    return Document(key, symbol, doc_type, issuer, jurisdiction, date, year, title)


DOCUMENTS: dict[str, Document] = {d.key: d for d in [
    _doc(KL361_BP, "361-KL/TU", DocType.CONCLUSION, "Ban Thường vụ Tỉnh ủy Bình Phước",
         "Bình Phước", "2022-06-25", "Phát triển khu kinh tế, khu và cụm công nghiệp"),
    _doc(KL361_BD, "361-KL/TU", DocType.CONCLUSION, "Ban Thường vụ Tỉnh ủy Bình Dương",
         "Bình Dương", "2024-03-02", "Về phát triển kinh tế tuần hoàn"),
    _doc(KH245, "245/KH-UBND", DocType.PLAN, BP_UBND, "Bình Phước", "2023-07-28",
         "Phát triển khu công nghiệp, khu kinh tế tỉnh Bình Phước"),
    _doc(QD1656, "1656/QĐ-UBND", DocType.DECISION, BP_UBND, "Bình Phước", "2022-09-09",
         "Phê duyệt Đề án phát triển công nghiệp tỉnh Bình Phước"),
    _doc(SCHEME, None, DocType.SCHEME, BP_UBND, "Bình Phước", "2022",
         "Đề án phát triển công nghiệp tỉnh Bình Phước giai đoạn 2021-2025"),
    _doc(KH327, "327/KH-UBND", DocType.PLAN, BP_UBND, "Bình Phước", "2022-11-17",
         "Triển khai Đề án phát triển công nghiệp"),
    _doc(CTR17, "17-CTr/TU", DocType.PROGRAMME, "Tỉnh ủy Bình Phước", "Bình Phước",
         "2021-03-01", "Chương trình hành động phát triển công nghiệp"),
    _doc(NQ29, "29-NQ/TW", DocType.RESOLUTION, "Ban Chấp hành Trung ương", None,
         "2022-11-17", "Về tiếp tục đẩy mạnh công nghiệp hóa, hiện đại hóa đất nước"),
    _doc(KH339, "339/KH-UBND", DocType.PLAN, BP_UBND, "Bình Phước", "2023-10-02",
         "Thu hút đầu tư vào các khu công nghiệp"),
    _doc(KH340, "340/KH-UBND", DocType.PLAN, BP_UBND, "Bình Phước", "2023-10-03",
         "Hạ tầng cụm công nghiệp"),
    _doc(REPORT, None, DocType.REPORT, "Sở Công Thương tỉnh Bình Phước", "Bình Phước",
         "2024", "Báo cáo kết quả thực hiện Kết luận số 361-KL/TU"),
    _doc(KH7099, "7099/KH-UBND", DocType.PLAN, "Ủy ban nhân dân tỉnh Bình Dương",
         "Bình Dương", "2024-12-13", "Thực hiện Nghị quyết số 111/NQ-CP của Chính phủ"),
    _doc(NQ111, "111/NQ-CP", DocType.RESOLUTION, "Chính phủ", None, "2024-07-22", None),
    _doc(CTR111, "111-CTr/TU", DocType.PROGRAMME, "Tỉnh ủy Bình Dương", "Bình Dương",
         "2023-03-17", None),
    _doc(QD790, "790/QĐ-TTg", DocType.DECISION, "Thủ tướng Chính phủ", None, "2024-08-03",
         "Phê duyệt Quy hoạch tỉnh Bình Dương thời kỳ 2021-2030"),
    _doc(MASTER_PLAN, None, DocType.SCHEME, "Thủ tướng Chính phủ", "Bình Dương", "2024",
         "Quy hoạch tỉnh Bình Dương thời kỳ 2021-2030, tầm nhìn đến năm 2050"),
    _doc(NQ07, "07/2019/NQ-HĐND", DocType.RESOLUTION, BP_HDND, "Bình Phước", "2019-07-12",
         "Quy định mức chi hỗ trợ phát triển cụm công nghiệp"),
    _doc(NQ08, "08/2023/NQ-HĐND", DocType.RESOLUTION, BP_HDND, "Bình Phước", "2023-07-14",
         "Sửa đổi, bổ sung một số Điều của Nghị quyết số 07/2019/NQ-HĐND"),
    _doc(NQ01, "01/2022/NQ-HĐND", DocType.RESOLUTION, BP_HDND, "Bình Phước", "2022-03-10",
         "Quy định chính sách khuyến công"),
    _doc(NQ04, "04/2022/NQ-HĐND", DocType.RESOLUTION, BP_HDND, "Bình Phước", "2022-08-20",
         "Sửa đổi Điều 3 và bãi bỏ Điều 5 Nghị quyết số 01/2022/NQ-HĐND"),
    _doc(QD12, "12/2020/QĐ-UBND", DocType.DECISION, BP_UBND, "Bình Phước", "2020-05-05",
         "Quy chế quản lý cụm công nghiệp"),
    _doc(QD20, "20/2023/QĐ-UBND", DocType.DECISION, BP_UBND, "Bình Phước", "2023-06-01",
         "Quy chế quản lý cụm công nghiệp (thay thế)"),
    _doc(QD15, "15/2023/QĐ-UBND", DocType.DECISION, BP_UBND, "Bình Phước", "2023-06-20",
         "Đính chính Quyết định số 20/2023/QĐ-UBND"),
    *[_doc(k, f"{n}/KH-UBND", DocType.PLAN, "Ủy ban nhân dân thử nghiệm", "Thử Nghiệm",
           "2020-01-0" + str(n), f"Kế hoạch vòng {n}") for n, k in enumerate(CYCLE, 1)],
]}

# Documents ingested from a file (their own header), not only cited.
ORIGINS: dict[str, tuple[str, int]] = {REPORT: (REPORT_FILE, 8), KH7099: (PLAN_FILE, 1),
                                       NQ08: (HDND_FILE, 1)}


@dataclass(frozen=True)
class Rel:
    """One relation as a file states it: ends, type, line, sentence, scope."""

    source: str
    target: str
    type: RelationType
    line: int
    text: str
    scope: str | None = None


RELATIONS: dict[str, list[Rel]] = {
    REPORT_FILE: [
        Rel(KH245, KL361_BP, R.IMPLEMENTS, 4413, "Kế hoạch số 245/KH-UBND ngày 28/7/2023 về "
            "việc phát triển khu công nghiệp, khu kinh tế tỉnh Bình Phước thực hiện Kết luận "
            "số 361-KL/TU của Ban Thường vụ Tỉnh ủy"),
        Rel(QD1656, SCHEME, R.APPROVES, 4417, "Quyết định số 1656/QĐ-UBND ngày 09/9/2022 phê "
            "duyệt Đề án phát triển công nghiệp tỉnh Bình Phước giai đoạn 2021-2025"),
        Rel(QD1656, KL361_BP, R.IMPLEMENTS, 4418, "Quyết định 1656/QĐ-UBND ban hành để thực "
            "hiện Kết luận số 361-KL/TU"),
        Rel(KH327, SCHEME, R.IMPLEMENTS, 4420, "Kế hoạch số 327/KH-UBND ngày 17/11/2022 triển "
            "khai thực hiện Đề án phát triển công nghiệp"),
        Rel(KL361_BP, CTR17, R.BASED_ON, 60, "Căn cứ Chương trình số 17-CTr/TU của Tỉnh ủy"),
        Rel(CTR17, NQ29, R.BASED_ON, 61, "Chương trình 17-CTr/TU thực hiện theo Nghị quyết "
            "số 29-NQ/TW"),
        Rel(KH339, KL361_BP, R.BASED_ON, 90, "Căn cứ Kết luận số 361-KL/TU, UBND tỉnh ban "
            "hành Kế hoạch số 339/KH-UBND"),
        Rel(KH340, KH339, R.IMPLEMENTS, 95, "Kế hoạch số 340/KH-UBND thực hiện Kế hoạch số "
            "339/KH-UBND"),
        Rel(KH340, QD1656, R.BASED_ON, 96, "Căn cứ Quyết định số 1656/QĐ-UBND"),
        Rel(REPORT, KH339, R.REPORTS_ON, 20, "Báo cáo kết quả thực hiện Kế hoạch số "
            "339/KH-UBND"),
        Rel(REPORT, KL361_BP, R.REPORTS_ON, 337, "2. Đối với Kết luận của Ban Thường vụ Tỉnh "
            "ủy số 361-KL/TU."),
    ],
    PLAN_FILE: [
        Rel(KH7099, CTR111, R.IMPLEMENTS, 6, "Chuwong trinh s6 111-CTr/TU ngay 17/3/2023"),
        Rel(KH7099, KL361_BD, R.BASED_ON, 9, "Can cu Ket luan s6 361-KL/TU ngay 02/3/2024"),
        Rel(KH7099, NQ29, R.BASED_ON, 11, "Can ctr Nghi quyét s6 29-NQ/TW ngay 17/11/2022"),
        Rel(KH7099, NQ111, R.BASED_ON, 15, "Can ctr Nghi quyét sé 111/NQ-CP ngay 22/7/2024"),
        Rel(KH7099, MASTER_PLAN, R.IMPLEMENTS, 20, "trién khai Quy hoach tinh Binh Duong"),
        Rel(QD790, MASTER_PLAN, R.APPROVES, 21, "Quyet dinh s6 790/QD-TTg ngay 03/8/2024 phe "
            "duyét Quy hoach tinh Binh Duong"),
    ],
    HDND_FILE: [
        Rel(NQ08, NQ07, R.AMENDS, 5, "Sửa đổi, bổ sung một số Điều của Nghị quyết số "
            "07/2019/NQ-HĐND", "một số Điều"),
        Rel(NQ04, NQ01, R.AMENDS, 7, "Sửa đổi Điều 3 Nghị quyết số 01/2022/NQ-HĐND", "Điều 3"),
        Rel(NQ04, NQ01, R.REPEALS, 8, "Bãi bỏ Điều 5 Nghị quyết số 01/2022/NQ-HĐND", "Điều 5"),
        Rel(QD20, QD12, R.REPLACES, 12, "Quyết định này thay thế Quyết định số "
            "12/2020/QĐ-UBND"),
        Rel(QD15, QD20, R.CORRECTS, 14, "Đính chính Quyết định số 20/2023/QĐ-UBND"),
    ],
    CYCLE_FILE: [
        Rel(CYCLE[0], CYCLE[1], R.BASED_ON, 1, "Căn cứ Kế hoạch số 2/KH-UBND"),
        Rel(CYCLE[1], CYCLE[2], R.BASED_ON, 2, "Căn cứ Kế hoạch số 3/KH-UBND"),
        Rel(CYCLE[2], CYCLE[0], R.BASED_ON, 3, "Căn cứ Kế hoạch số 1/KH-UBND"),
        Rel(CYCLE[3], CYCLE[0], R.IMPLEMENTS, 4, "Thực hiện Kế hoạch số 1/KH-UBND"),
    ],
}


def file_graph(file: str) -> FileGraph:
    """The FileGraph of one fixture file: its relations, and every document they name (plus
    documents that come from the file), each mentioned at the first line naming it.

    Example:
        >>> len(file_graph(CYCLE_FILE).documents)
        4
    """
    rels = RELATIONS[file]
    first_line: dict[str, tuple[int, str]] = {}
    for key, (origin_file, line) in ORIGINS.items():
        if origin_file == file:
            first_line[key] = (line, "header")
    for rel in rels:
        for key in (rel.source, rel.target):
            first_line.setdefault(key, (rel.line, rel.text))
    documents = []
    for key in sorted(first_line):
        line, text = first_line[key]
        doc = DOCUMENTS[key]
        origin = Origin(file, ORIGINS[key][1]) if ORIGINS.get(key, ("",))[0] == file else None
        documents.append(Document(doc.key, doc.symbol, doc.doc_type, doc.issuer,
                                  doc.jurisdiction, doc.date, doc.year, doc.title, origin,
                                  [Evidence(file, line, text)]))
    relations = [Relation(r.source, r.target, r.type, Evidence(file, r.line, r.text), r.scope)
                 for r in rels]
    digest = hashlib.sha256(repr((documents, relations)).encode("utf-8")).hexdigest()
    return FileGraph(file, digest, "utf-8", documents, relations)


def write_lineage_store(store: SQLiteStore) -> SQLiteStore:
    """Write every fixture file into ``store`` and return it.

    Example:
        >>> write_lineage_store(SQLiteStore(":memory:")).stats()["files"]
        4
    """
    for file in FILES:
        store.write_file_graph(file_graph(file))
    return store


if __name__ == "__main__":  # python -m tests.graph_fixtures lineage-dev.db
    with SQLiteStore(sys.argv[1] if len(sys.argv) > 1 else "lineage-dev.db") as dev:
        print(write_lineage_store(dev).stats())
