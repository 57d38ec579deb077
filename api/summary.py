"""The table ``policygraph ingest`` prints at the end: one row per file, then totals."""

from __future__ import annotations

from ..ingest.pipeline import IngestReport

_STATUS_MARK = {"ingested": "ok", "unchanged": "unchanged", "failed": "FAILED"}


def format_summary(report: IngestReport, stats: dict[str, int]) -> str:
    """A fixed-width table of every file's outcome, the failures' reasons, and store totals.

    Example:
        >>> print(format_summary(IngestReport(), {"documents": 0, "relations": 0}))  # doctest: +ELLIPSIS
        file ...
    """
    rows = [("file", "status", "encoding", "docs", "relations", "tasks", "MB/s")]
    for o in report.outcomes:
        speed = f"{o.size / 2**20 / o.seconds:.1f}" if o.seconds > 0 and o.size else ""
        rows.append((o.name, _STATUS_MARK.get(o.status, o.status), o.encoding, str(o.documents),
                     str(o.relations), str(o.tasks), speed))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    failed = report.failed
    if failed:
        lines.append("")
        lines.append(f"{len(failed)} file(s) not ingested:")
        lines.extend(f"  {o.name}: {o.reason}" for o in failed)
    done = sum(o.status == "ingested" for o in report.outcomes)
    same = sum(o.status == "unchanged" for o in report.outcomes)
    lines.append("")
    lines.append(f"{done} ingested, {same} unchanged, {len(failed)} failed. Store now holds "
                 + ", ".join(f"{stats.get(k, 0)} {k}" for k in ("documents", "relations", "tasks", "agencies",
                                                                "indicators")) + ".")
    return "\n".join(lines)
