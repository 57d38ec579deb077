"""A synthetic lineage graph of any size, shaped like the corpus, for benchmarks.

Per province (one file each, so each is one store transaction):
  Party resolution (national, shared) ← provincial programme ← conclusions ← decisions
  approving schemes ← plans implementing the schemes and the conclusions ← reports on the
  plans; resolutions of the provincial council amending earlier ones.
Every relation carries an evidence sentence, as real ones do. Keys follow the ingest's
scheme (``doc:<symbol>@<province>:<year>``). Deterministic: the same size gives the same graph.

Run: .venv/bin/python -m bench.synthetic 100000 bench.db
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator

from policygraph.graph.model import Document, DocType, Evidence, FileGraph, Relation, RelationType

NATIONAL = ["29-NQ/TW", "111/NQ-CP", "24-NQ/TW", "1489/QĐ-TTg"]
# Documents per province, by kind (about 1,000 per province).
SHAPE = {"programme": 5, "conclusion": 40, "decision": 150, "scheme": 150, "plan": 400, "report": 200,
         "resolution": 55}


def _doc(key: str, symbol: str | None, kind: DocType, file: str, line: int, title: str) -> Document:
    return Document(key=key, symbol=symbol, doc_type=kind, title=title, year=2023,
                    mentions=[Evidence(file, line, f"{symbol or title} …")])


def _rel(source: str, target: str, kind: RelationType, file: str, line: int, text: str,
         scope: str | None = None) -> Relation:
    return Relation(source, target, kind, Evidence(file, line, text), scope)


def province_graph(index: int, rng: random.Random) -> FileGraph:
    """One province's file: about 1,000 documents and 2,000 relations."""
    place = f"tinh-{index:04d}"
    file = f"synthetic-{index:04d}.txt"
    docs: dict[str, Document] = {}
    rels: list[Relation] = []
    line = 0

    def add(kind: DocType, code: str, n: int, title: str) -> list[str]:
        nonlocal line
        keys = []
        for i in range(n):
            line += 1
            symbol = f"{i + 1}-{code}/TU" if kind in {DocType.PROGRAMME, DocType.CONCLUSION} else (
                None if kind is DocType.SCHEME else f"{i + 1}/{code}-UBND")
            key = f"doc:{symbol}@{place}:2023" if symbol else f"scheme:{place}-{i + 1}"
            docs[key] = _doc(key, symbol, kind, file, line, f"{title} {i + 1} tỉnh {index}")
            keys.append(key)
        return keys

    national = []
    for symbol in NATIONAL:
        key = f"doc:{symbol}:2022"
        docs[key] = _doc(key, symbol, DocType.RESOLUTION, file, 1, f"Văn bản trung ương {symbol}")
        national.append(key)
    programmes = add(DocType.PROGRAMME, "CTr", SHAPE["programme"], "Chương trình hành động")
    conclusions = add(DocType.CONCLUSION, "KL", SHAPE["conclusion"], "Kết luận")
    decisions = add(DocType.DECISION, "QĐ", SHAPE["decision"], "Quyết định phê duyệt Đề án")
    schemes = add(DocType.SCHEME, "ĐA", SHAPE["scheme"], "Đề án phát triển")
    plans = add(DocType.PLAN, "KH", SHAPE["plan"], "Kế hoạch thực hiện")
    reports = add(DocType.REPORT, "BC", SHAPE["report"], "Báo cáo kết quả")
    councils = add(DocType.RESOLUTION, "NQ", SHAPE["resolution"], "Nghị quyết HĐND")

    def link(sources: list[str], targets: list[str], kind: RelationType, cue: str) -> None:
        nonlocal line
        for source in sources:
            target = rng.choice(targets)
            line += 1
            rels.append(_rel(source, target, kind, file, line, f"{source} {cue} {target}"))

    link(programmes, national, RelationType.IMPLEMENTS, "thực hiện")
    link(conclusions, programmes, RelationType.IMPLEMENTS, "thực hiện")
    link(decisions, conclusions, RelationType.BASED_ON, "căn cứ")
    for decision, scheme in zip(decisions, schemes, strict=True):
        line += 1
        rels.append(_rel(decision, scheme, RelationType.APPROVES, file, line, f"{decision} phê duyệt {scheme}"))
    link(plans, schemes, RelationType.IMPLEMENTS, "triển khai thực hiện")
    link(plans, conclusions, RelationType.IMPLEMENTS, "thực hiện Kết luận")
    link(reports, plans, RelationType.REPORTS_ON, "báo cáo kết quả thực hiện")
    for older, newer in zip(councils, councils[1:]):
        if rng.random() < 0.3:
            line += 1
            rels.append(_rel(newer, older, RelationType.AMENDS, file, line, f"{newer} sửa đổi {older}", "Điều 2"))
    return FileGraph(file=file, sha256=f"synthetic-{index}", encoding="utf-8",
                     documents=sorted(docs.values(), key=lambda d: d.key), relations=rels)


def synthetic_graphs(documents: int, seed: int = 7) -> Iterator[FileGraph]:
    """Province files until about ``documents`` documents exist."""
    rng = random.Random(seed)
    per_province = sum(SHAPE.values())
    for index in range(max(1, round(documents / per_province))):
        yield province_graph(index, rng)


def build_store(path: str, documents: int) -> None:
    from policygraph.graph.sqlite_store import SQLiteStore

    with SQLiteStore(path) as store:
        for graph in synthetic_graphs(documents):
            store.write_file_graph(graph)


if __name__ == "__main__":
    build_store(sys.argv[2] if len(sys.argv) > 2 else "bench.db", int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
