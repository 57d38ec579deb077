"""Neo4j bulk-import CSVs of a whole store, and their reader (``export --format neo4j-csv``).

:func:`export_neo4j_csv` writes the graph model of ``cypher/README.md`` (the same nodes,
relationships and properties ``Neo4jStore`` writes) as the node and relationship files
``neo4j-admin database import full`` reads: headers with ``:ID(space)``, ``:START_ID``,
``:END_ID``, ``:TYPE``, ``:LABEL`` and typed columns (``year:int``, ``confidence:double``,
``aliases:string[]``). :func:`import_neo4j_csv` reads them back into any store, file by
file; the round trip is lossless (tests/test_neo4j_csv.py compares JSON Lines exports).

CSV conventions, chosen to match neo4j-admin's defaults:

- comma-separated, UTF-8, a header line first; every text value is double-quoted (a ``"``
  inside is doubled), so an unquoted empty field is a missing value (null) and ``""`` is an
  empty string; fields may span lines (pass ``--multiline-fields=true``);
- arrays (``aliases:string[]``) join their items with ``;``, neo4j-admin's default
  ``--array-delimiter``; an empty array is written as a missing value. An alias holding
  ``;`` cannot be written (ValueError).

Example:
    >>> from .sqlite_store import SQLiteStore
    >>> [p.name for p in export_neo4j_csv(SQLiteStore(":memory:"), tmp_path)][:2]  # doctest: +SKIP
    ['files.csv', 'documents.csv']
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import (
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
from .merge import optional_evidence
from .neo4j_push import read_file_graph
from .neo4j_rows import (
    agency_mention_rows,
    agency_rows,
    document_fact_rows,
    document_mention_rows,
    indicator_rows,
    merged_document_row,
    observation_rows,
    relation_rows,
    target_rows,
    task_coordinator_rows,
    task_lead_rows,
    task_rows,
)
from .store import FileRecord, Store


__all__ = ["ARRAY_DELIMITER", "TABLES", "export_neo4j_csv", "import_neo4j_csv",
           "read_csv", "write_csv"]

#: neo4j-admin's default ``--array-delimiter``.
ARRAY_DELIMITER = ";"

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Table:
    """One CSV file: its name (without ``.csv``) and header cells, in order."""

    name: str
    header: tuple[str, ...]

    @property
    def nodes(self) -> bool:
        """Whether it holds nodes (``--nodes=``) rather than relationships."""
        return any(re.match(r"\w*:ID\(", cell) for cell in self.header)


_DOCUMENT_FIELDS = ("symbol", "doc_type", "issuer", "jurisdiction", "date", "year:int",
                    "title")
#: Every file written, nodes first, as neo4j-admin wants them named on its command line.
TABLES: tuple[Table, ...] = (
    Table("files", ("name:ID(File)", "sha256", "encoding", "ingested_at", "documents:int",
                    "relations:int", ":LABEL")),
    Table("documents", ("key:ID(Document)", *_DOCUMENT_FIELDS, "origin_file",
                        "origin_line:int", "confidence:double", "alternatives_json", ":LABEL")),
    Table("tasks", ("key:ID(Task)", ":LABEL")),
    Table("agencies", ("key:ID(Agency)", ":LABEL")),
    Table("indicators", ("key:ID(Indicator)", ":LABEL")),
    Table("targets", (":ID(Target)", "file", "seq:int", "value:double", "unit", "year:int",
                      "comparator", "value_max:double", "raw", "line:int", "evidence",
                      ":LABEL")),
    Table("observations", (":ID(Observation)", "file", "seq:int", "value:double", "unit",
                           "period", "raw", "line:int", "evidence", ":LABEL")),
    Table("states", (":START_ID(File)", ":END_ID(Document)", ":TYPE", "seq:int",
                     *_DOCUMENT_FIELDS, "origin_line:int", "confidence:double",
                     "alternatives_json")),
    Table("document_mentions", (":START_ID(File)", ":END_ID(Document)", ":TYPE", "seq:int",
                                "line:int", "text")),
    Table("relates", (":START_ID(Document)", ":END_ID(Document)", ":TYPE", "type", "file",
                      "seq:int", "line:int", "evidence", "scope", "confidence:double")),
    Table("of_plan", (":START_ID(Task)", ":END_ID(Document)", ":TYPE", "file", "seq:int",
                      "section", "text", "line:int", "evidence")),
    Table("leads", (":START_ID(Agency)", ":END_ID(Task)", ":TYPE", "file", "seq:int")),
    Table("coordinates", (":START_ID(Agency)", ":END_ID(Task)", ":TYPE", "file", "seq:int")),
    Table("states_agency", (":START_ID(File)", ":END_ID(Agency)", ":TYPE", "seq:int", "name",
                            "jurisdiction", "kind", "valid_until", "successor",
                            "aliases:string[]")),
    Table("agency_mentions", (":START_ID(File)", ":END_ID(Agency)", ":TYPE", "seq:int",
                              "line:int", "text")),
    Table("states_indicator", (":START_ID(File)", ":END_ID(Indicator)", ":TYPE", "seq:int",
                               "name")),
    Table("framed_by", (":START_ID(Indicator)", ":END_ID(Document)", ":TYPE", "file")),
    Table("has_target", (":START_ID(Indicator)", ":END_ID(Target)", ":TYPE")),
    Table("has_observation", (":START_ID(Indicator)", ":END_ID(Observation)", ":TYPE")),
    Table("reported_in", (":START_ID(Observation)", ":END_ID(Document)", ":TYPE")),
)
_TABLE = {table.name: table for table in TABLES}


# --- export ----------------------------------------------------------------------------------


def export_neo4j_csv(store: Store, out_dir: str | Path) -> list[Path]:
    """Write the whole store as neo4j-admin import CSVs, one file per table of :data:`TABLES`.

    Args:
        store: the store to export (an SQLiteStore: each file's contribution is read
            back with :func:`~policygraph.graph.neo4j_push.read_file_graph`).
        out_dir: the folder to write into (created if missing; files are overwritten).

    Returns:
        The paths written, nodes first, in :data:`TABLES` order.

    Raises:
        ValueError: an alias holds ``;`` (the array delimiter).

    Example:
        >>> export_neo4j_csv(store, "neo4j-import")  # doctest: +SKIP
        [PosixPath('neo4j-import/files.csv'), PosixPath('neo4j-import/documents.csv'), ...]
    """
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    records = store.files()
    graphs = [read_file_graph(store, record.name) for record in records]
    rows = _export_rows(records, graphs, list(store.documents()))
    paths = []
    for table in TABLES:
        path = folder / f"{table.name}.csv"
        write_csv(path, table, rows[table.name])
        paths.append(path)
    return paths


def _export_rows(records: list[FileRecord], graphs: list[FileGraph],
                 documents: list[Document]) -> dict[str, list[Row]]:
    """Every table's rows: the per-file rows Neo4jStore writes, plus the nodes they join."""
    rows: dict[str, list[Row]] = {table.name: [] for table in TABLES}
    rows["files"] = [{"name": r.name, "sha256": r.sha256, "encoding": r.encoding,
                      "ingested_at": r.ingested_at, "documents": r.documents,
                      "relations": r.relations, ":LABEL": "File"} for r in records]
    rows["documents"] = [merged_document_row(d) | {":LABEL": "Document"} for d in documents]
    counter = iter(range(1, 2**62))
    for graph in graphs:
        for name, found in _file_rows(graph, counter).items():
            rows[name] += found
    rows["tasks"] = _key_nodes(rows, [("of_plan", ":START_ID")], "Task")
    rows["agencies"] = _key_nodes(rows, [("states_agency", ":END_ID"), ("leads", ":START_ID"),
                                         ("coordinates", ":START_ID")], "Agency")
    rows["indicators"] = _key_nodes(rows, [("states_indicator", ":END_ID")], "Indicator")
    return rows


def _key_nodes(rows: dict[str, list[Row]], ends: list[tuple[str, str]], label: str) -> list[Row]:
    """Node rows of ``label``: the distinct keys at these ends of these relationships."""
    keys = {row[end] for table, end in ends for row in rows[table]}
    return [{"key": key, ":LABEL": label} for key in sorted(keys)]


def _file_rows(graph: FileGraph, counter: Iterator[int]) -> dict[str, list[Row]]:
    """The relationship (and target, observation) rows of one file's contribution.

    The properties are those of Neo4jStore's row functions, so a database imported from
    these files holds what ``policygraph push`` would write.
    """
    f = graph.file
    rows: dict[str, list[Row]] = {
        "states": [_rel(f, r.pop("key"), "STATES", r) for r in document_fact_rows(graph)],
        "document_mentions": [_rel(f, r.pop("key"), "MENTIONS", r)
                              for r in document_mention_rows(graph)],
        "relates": [_rel(r.pop("source"), r.pop("target"), "RELATES", r | {"file": f})
                    for r in relation_rows(graph)],
        "of_plan": [_rel(r.pop("key"), r.pop("plan"), "OF_PLAN", r | {"file": f})
                    for r in task_rows(graph)],
        "leads": [_rel(r.pop("agency"), r.pop("task"), "LEADS", r | {"file": f})
                  for r in task_lead_rows(graph)],
        "coordinates": [_rel(r.pop("agency"), r.pop("task"), "COORDINATES", r | {"file": f})
                        for r in task_coordinator_rows(graph)],
        "states_agency": [_rel(f, r.pop("key"), "STATES_AGENCY", r) for r in agency_rows(graph)],
        "agency_mentions": [_rel(f, r.pop("key"), "MENTIONS", r)
                            for r in agency_mention_rows(graph)],
        "states_indicator": [_rel(f, r["key"], "STATES_INDICATOR",
                                  {"seq": r["seq"], "name": r["name"]})
                             for r in indicator_rows(graph)],
        "framed_by": [_rel(r["key"], r["scope"], "FRAMED_BY", {"file": f})
                      for r in indicator_rows(graph) if r["scope"] is not None],
    }
    rows |= _value_rows(graph, counter)
    return rows


def _value_rows(graph: FileGraph, counter: Iterator[int]) -> dict[str, list[Row]]:
    """Target and Observation nodes of one file, with their HAS_* and REPORTED_IN links."""
    rows: dict[str, list[Row]] = defaultdict(list)
    for row in target_rows(graph):
        node = f"target-{next(counter)}"
        rows["has_target"].append(_rel(row.pop("indicator"), node, "HAS_TARGET", {}))
        rows["targets"].append({":ID": node, "file": graph.file, **row, ":LABEL": "Target"})
    for row in observation_rows(graph):
        node = f"observation-{next(counter)}"
        rows["has_observation"].append(_rel(row.pop("indicator"), node, "HAS_OBSERVATION", {}))
        if (source := row.pop("source")) is not None:
            rows["reported_in"].append(_rel(node, source, "REPORTED_IN", {}))
        rows["observations"].append({":ID": node, "file": graph.file, **row,
                                     ":LABEL": "Observation"})
    return rows


def _rel(start: str, end: str, type_: str, properties: Row) -> Row:
    """A relationship row."""
    return {":START_ID": start, ":END_ID": end, ":TYPE": type_, **properties}


# --- import ----------------------------------------------------------------------------------


def import_neo4j_csv(in_dir: str | Path, store: Store) -> list[str]:
    """Load CSVs written by :func:`export_neo4j_csv` into a store, one file per transaction.

    Only the per-file contributions are read (``states``, ``relates``, …): the store merges
    documents, tasks, agencies and indicators itself, as after an ingest. ``ingested_at``
    becomes the time of this import.

    Args:
        in_dir: the folder holding the CSVs.
        store: the store to write into (an SQLiteStore, or a Neo4jStore).

    Returns:
        The names of the files loaded, in order.

    Raises:
        FileNotFoundError: a CSV is missing; the message names it.
        ValueError: a CSV's header is not the one this version writes.

    Example:
        >>> import_neo4j_csv("neo4j-import", SQLiteStore("copy.db"))  # doctest: +SKIP
        ['binhduong_kh-7099-ubnd_2024_ocr.txt', 'binhphuoc_sct_bao-cao_2022-2024.txt']
    """
    folder = Path(in_dir)
    tables = {table.name: read_csv(folder / f"{table.name}.csv", table) for table in TABLES}
    graphs = _file_graphs(tables)
    for graph in graphs:
        store.write_file_graph(graph)
    return [graph.file for graph in graphs]


def _file_graphs(tables: dict[str, list[Row]]) -> list[FileGraph]:
    """Rebuild every file's FileGraph from the tables, lists in their original order."""
    def per_file(name: str, file_column: str = "file") -> defaultdict[str, list[Row]]:
        grouped: defaultdict[str, list[Row]] = defaultdict(list)
        for row in sorted(tables[name], key=lambda r: r["seq"]):
            grouped[row[file_column]].append(row)
        return grouped

    states, relates, of_plan = per_file("states", ":START_ID"), per_file("relates"), per_file("of_plan")
    mentions = per_file("document_mentions", ":START_ID")
    agencies = per_file("states_agency", ":START_ID")
    agency_mentions = per_file("agency_mentions", ":START_ID")
    indicators = per_file("states_indicator", ":START_ID")
    links = _assignments(tables)
    values = _indicator_values(tables)
    graphs = []
    for record in tables["files"]:
        f = record["name"]
        graphs.append(FileGraph(
            file=f, sha256=record["sha256"], encoding=record["encoding"],
            documents=_documents(f, states[f], mentions[f]),
            relations=[Relation(r[":START_ID"], r[":END_ID"], RelationType(r["type"]),
                                Evidence(f, r["line"], r["evidence"]), r["scope"],
                                r["confidence"]) for r in relates[f]],
            tasks=[Task(r[":START_ID"], r[":END_ID"], r["section"], r["text"],
                        links[f, r[":START_ID"], "LEADS"],
                        links[f, r[":START_ID"], "COORDINATES"],
                        optional_evidence(f, r["line"], r["evidence"])) for r in of_plan[f]],
            agencies=_agencies(f, agencies[f], agency_mentions[f]),
            indicators=[Indicator(r[":END_ID"], r["name"],
                                  values.scopes.get((f, r[":END_ID"])),
                                  values.targets[f, r[":END_ID"]],
                                  values.observations[f, r[":END_ID"]])
                        for r in indicators[f]],
        ))
    return graphs


def _documents(file: str, states: list[Row], mentions: list[Row]) -> list[Document]:
    """Documents as one file describes them (``states`` rows), with its mentions."""
    mentioned: defaultdict[str, list[Evidence]] = defaultdict(list)
    for m in mentions:
        mentioned[m[":END_ID"]].append(Evidence(file, m["line"], m["text"]))
    return [Document(
        key=r[":END_ID"], symbol=r["symbol"], doc_type=DocType(r["doc_type"]),
        issuer=r["issuer"], jurisdiction=r["jurisdiction"], date=r["date"], year=r["year"],
        title=r["title"],
        origin=Origin(file, r["origin_line"]) if r["origin_line"] is not None else None,
        mentions=mentioned[r[":END_ID"]], confidence=r["confidence"],
        alternatives=json.loads(r["alternatives_json"]),
    ) for r in states]


def _agencies(file: str, statements: list[Row], mentions: list[Row]) -> list[Agency]:
    """Agencies as one file describes them (``states_agency`` rows), with its mentions."""
    mentioned: defaultdict[str, list[Evidence]] = defaultdict(list)
    for m in mentions:
        mentioned[m[":END_ID"]].append(Evidence(file, m["line"], m["text"]))
    return [Agency(r[":END_ID"], r["name"], r["jurisdiction"], r["aliases"] or [], r["kind"],
                   r["valid_until"], r["successor"], mentioned[r[":END_ID"]])
            for r in statements]


def _assignments(tables: dict[str, list[Row]]) -> defaultdict[tuple[str, str, str], list[str]]:
    """(file, task, LEADS | COORDINATES) → agency keys, in the file's order."""
    links: defaultdict[tuple[str, str, str], list[str]] = defaultdict(list)
    for name in ("leads", "coordinates"):
        for r in sorted(tables[name], key=lambda r: r["seq"]):
            links[r["file"], r[":END_ID"], r[":TYPE"]].append(r[":START_ID"])
    return links


@dataclass(slots=True)
class _Values:
    """Each (file, indicator)'s scope, targets and observations."""

    scopes: dict[tuple[str, str], str]
    targets: defaultdict[tuple[str, str], list[Target]]
    observations: defaultdict[tuple[str, str], list[Observation]]


def _indicator_values(tables: dict[str, list[Row]]) -> _Values:
    """Scopes, targets and observations, keyed by (file, indicator), in their order."""
    owner = {r[":END_ID"]: r[":START_ID"]
             for name in ("has_target", "has_observation") for r in tables[name]}
    source = {r[":START_ID"]: r[":END_ID"] for r in tables["reported_in"]}
    values = _Values({(r["file"], r[":START_ID"]): r[":END_ID"] for r in tables["framed_by"]},
                     defaultdict(list), defaultdict(list))
    for t in sorted(tables["targets"], key=lambda r: r["seq"]):
        values.targets[t["file"], owner[t[":ID"]]].append(Target(
            t["value"], t["unit"], t["year"], t["comparator"], t["value_max"], t["raw"],
            optional_evidence(t["file"], t["line"], t["evidence"])))
    for o in sorted(tables["observations"], key=lambda r: r["seq"]):
        values.observations[o["file"], owner[o[":ID"]]].append(Observation(
            o["value"], o["unit"], o["period"], source.get(o[":ID"]), o["raw"],
            optional_evidence(o["file"], o["line"], o["evidence"])))
    return values


# --- CSV cells -------------------------------------------------------------------------------


def _field(cell: str) -> tuple[str, str]:
    """A header cell as (row key, type): ``year:int`` → ("year", "int"); ``key:ID(Task)`` →
    ("key", "ID(Task)"); ``:START_ID(File)`` → (":START_ID", "ID(File)"); ``file`` →
    ("file", "string")."""
    name, _, type_ = cell.partition(":")
    if not name:  # :ID(x), :START_ID(x), :END_ID(x), :TYPE, :LABEL
        special, _, space = type_.partition("(")
        return f":{special}", f"ID({space}" if space else special
    return name, type_ or "string"


def write_csv(path: Path, table: Table, rows: Iterable[Row]) -> None:
    """Write one table: the header, then one line per row (cells in header order).

    Example:
        >>> write_csv(Path("tasks.csv"), _TABLE["tasks"], [{"key": "t1", ":LABEL": "Task"}])  # doctest: +SKIP
    """
    fields = [_field(cell) for cell in table.header]
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(table.header) + "\n")
        for row in rows:
            out.write(",".join(_format(row.get(name), type_) for name, type_ in fields) + "\n")


def _format(value: Any, type_: str) -> str:
    """One cell: missing values empty, text always quoted, numbers bare."""
    if value is None:
        return ""
    if type_ == "string[]":
        items = [str(item) for item in value]
        bad = [item for item in items if ARRAY_DELIMITER in item]
        if bad:
            raise ValueError(f"cannot write {bad[0]!r} in an array column: it holds the array "
                             f"delimiter {ARRAY_DELIMITER!r}, which neo4j-admin would split on")
        return _quote(ARRAY_DELIMITER.join(items)) if items else ""
    if type_ == "int":
        return str(int(value))
    if type_ == "double":
        return repr(float(value))
    return _quote(str(value))


def _quote(text: str) -> str:
    """A quoted CSV cell, inner quotes doubled."""
    return '"' + text.replace('"', '""') + '"'


def read_csv(path: Path, table: Table) -> list[Row]:
    """Read one table written by :func:`write_csv`, values typed by the header.

    Raises:
        FileNotFoundError: no such file.
        ValueError: the header differs from ``table``'s, or a line has the wrong number
            of cells; the message names the file and line.
    """
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: import_neo4j_csv needs every file "
                                "export_neo4j_csv writes (" + ", ".join(
                                    f"{t.name}.csv" for t in TABLES) + ")")
    with path.open(encoding="utf-8", newline="") as source:  # keep \r inside cells
        records = _parse_csv(source.read())
    header = tuple(cell or "" for cell in next(records, []))
    if header != table.header:
        raise ValueError(f"{path}: header {','.join(header)!r} is not {','.join(table.header)!r}; "
                         "export the CSVs again with this version of PolicyGraph")
    fields = [_field(cell) for cell in table.header]
    rows = []
    for number, cells in enumerate(records, start=2):
        if len(cells) != len(fields):
            raise ValueError(f"{path}, record {number}: {len(cells)} cells, expected "
                             f"{len(fields)}")
        rows.append({name: _parse(cell, type_) for (name, type_), cell in zip(fields, cells)})
    return rows


def _parse(cell: str | None, type_: str) -> Any:
    """One cell's value: None for a missing value, else typed as the header says."""
    if cell is None:
        return [] if type_ == "string[]" else None
    if type_ == "int":
        return int(cell)
    if type_ == "double":
        return float(cell)
    if type_ == "string[]":
        return cell.split(ARRAY_DELIMITER)
    return cell


def _parse_csv(text: str) -> Iterator[list[str | None]]:
    """Records of RFC 4180 CSV text; an unquoted empty cell is None, a quoted one "".

    Python's csv module (3.11) cannot tell the two apart, and neo4j-admin does: a missing
    value is no property, ``""`` an empty string.
    """
    i, n = 0, len(text)
    while i < n:
        cells: list[str | None] = []
        while True:
            if i < n and text[i] == '"':
                value, i = _quoted(text, i)
                cells.append(value)
            else:
                end = min((j for j in (text.find(",", i), text.find("\n", i)) if j != -1),
                          default=n)
                cells.append(text[i:end] or None)
                i = end
            if i < n and text[i] == ",":
                i += 1
                continue
            i += 1  # the newline ending the record
            break
        yield cells


def _quoted(text: str, i: int) -> tuple[str, int]:
    """The quoted cell starting at ``text[i]``, and the index just after it."""
    parts, i = [], i + 1
    while True:
        end = text.find('"', i)
        if end == -1:
            raise ValueError("a quoted CSV cell is not closed")
        parts.append(text[i:end])
        if text.startswith('""', end):
            parts.append('"')
            i = end + 2
            continue
        return "".join(parts), end + 1
