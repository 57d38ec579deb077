"""The task, agency and indicator commands of ``policygraph``: ``tasks``, ``agencies`` and
``indicators``.

``api/cli.py`` adds them to its group with ``register_structure_commands(cli, db_option)``
(like ``cli_query``), which also gives them the group's ``--db`` option. They call the
queries ``GET /api/tasks``, ``/api/agency/tasks``, ``/api/agencies`` and
``/api/indicators`` call, and ``--json`` prints the same JSON. Data goes to stdout; exit
codes: 0 answered, 1 a failure the message explains (no store, a document or agency not
found, an ambiguous document), 2 a usage error.

Example:
    >>> group = click.Group()
    >>> register_structure_commands(group, click.option("--db", default="policygraph.db"))
    >>> sorted(group.commands)
    ['agencies', 'indicators', 'tasks']
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

import click

from ..graph import queries_structure as qs
from ..graph.structure_results import IndicatorEntry, TaskEntry
from .ask_structure_text import number, target_phrase


def _json_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True,
                        help="Print JSON, exactly as the matching /api endpoint returns it.")(
        command)


@click.command()
@click.argument("document")
@click.option("--agency", default=None, metavar="TEXT",
              help="Only the tasks of this agency: any spelling, abbreviation (SCT) or "
                   "English name (Department of Industry and Trade).")
@click.option("--role", type=click.Choice(qs.ROLES), default="any", show_default=True,
              help="With --agency: tasks it leads, coordinates (not as lead), or either.")
@_json_option
def tasks(document: str, db: str, agency: str | None, role: str, as_json: bool) -> None:
    """List a plan's tasks with their lead, coordinators and evidence.

    Example: policygraph tasks 7099/KH-UBND --agency "Sở Công Thương" --role lead

    DOCUMENT is a symbol in any spelling, "ke hoach 7099", a title or a key.
    """
    from .cli_query import _open_existing, _resolve

    store = _open_existing(db)
    try:
        plan = _resolve(store, document)
        if agency is None:
            result: Any = qs.plan_tasks(store, plan.key)
        else:
            result = qs.agency_tasks(store, agency, plan.key, role)
    except qs.AgencyNotFound as error:
        near = f" Close names: {', '.join(error.suggestions)}." if error.suggestions else ""
        raise click.ClickException(
            f"No agency matches {agency!r}.{near} Look agencies up with: policygraph agencies "
            f"\"{agency}\"") from error
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(asdict(result), ensure_ascii=False, indent=2))
        return
    if agency is not None:
        click.echo(f"{result.agency} ({role}) in {plan.label}: {len(result.tasks)} task(s)")
    else:
        click.echo(f"{plan.label}: {len(result.tasks)} task(s)")
    for task in result.tasks:
        click.echo(format_task(task))


@click.command()
@click.argument("query", required=False)
@click.option("--limit", default=1000, show_default=True, type=click.IntRange(1, 1000),
              help="The most agencies to list.")
@_json_option
def agencies(query: str | None, db: str, limit: int, as_json: bool) -> None:
    """List agencies, or those alike QUERY (the body it names first), with their
    province and 2025 successor.

    Example: policygraph agencies "So Ke hoach va Dau tu"
    """
    from .cli_query import _open_existing

    store = _open_existing(db)
    try:
        result = qs.list_agencies(store, query, limit)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(asdict(result), ensure_ascii=False, indent=2))
        return
    for hit in result.agencies:
        place = f" ({hit.jurisdiction})" if hit.jurisdiction else ""
        until = f"  until {hit.valid_until} → {hit.successor}" if hit.valid_until else ""
        click.echo(f"{hit.key}  {hit.name}{place}{until}")
    if result.truncated:
        click.echo(f"… cut at {limit}; pass --limit or a QUERY.", err=True)
    if query and not result.agencies:
        raise click.ClickException(f"No agency is alike {query!r}. List them all with: "
                                   "policygraph agencies")


@click.command()
@click.argument("document")
@click.option("--no-reports", is_flag=True,
              help="Only the indicators the document itself frames, not those of the "
                   "reports on it.")
@_json_option
def indicators(document: str, db: str, no_reports: bool, as_json: bool) -> None:
    """List a document's indicators: each target beside the latest value reported.

    Example: policygraph indicators 7099/KH-UBND

    DOCUMENT is a symbol in any spelling, "ke hoach 7099", a title or a key.
    """
    from .cli_query import _open_existing, _resolve

    store = _open_existing(db)
    try:
        doc = _resolve(store, document)
        result = qs.document_indicators(store, doc.key, include_reports=not no_reports)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(asdict(result), ensure_ascii=False, indent=2))
        return
    click.echo(f"{doc.label}: {len(result.indicators)} indicator(s)")
    for indicator in result.indicators:
        click.echo(format_indicator(indicator))


def format_task(task: TaskEntry) -> str:
    """A task for the terminal: section, plan, lead, coordinators, text, evidence.

    Example:
        >>> from ..graph.model import Evidence
        >>> t = TaskEntry("k", "III.2.c", "Xây dựng…", "p", "7099/KH-UBND", "7099/KH-UBND",
        ...               ["Sở Công Thương"], [], ["a"], [], Evidence("f.txt", 208, "…"))
        >>> print(format_task(t))
          III.2.c  [7099/KH-UBND]  chủ trì: Sở Công Thương
              Xây dựng…
              f.txt:208
    """
    lines = [f"  {task.section}  [{task.plan_label}]  chủ trì: {', '.join(task.lead) or '—'}"
             + (f"; phối hợp: {', '.join(task.coordinate)}" if task.coordinate else "")]
    lines.append(f"      {' '.join(task.text.split())}")
    if task.evidence:
        lines.append(f"      {task.evidence.file}:{task.evidence.line}")
    return "\n".join(lines)


def format_indicator(indicator: IndicatorEntry) -> str:
    """An indicator for the terminal: name, then each target with its latest value."""
    lines = [f"  {indicator.name}  [{indicator.scope_label or '—'}]"]
    for target in indicator.targets:
        latest = target.latest
        reached = (f"{number(latest.value, 'vi') if latest.value is not None else latest.raw}"
                   f"{' ' + latest.unit if latest.unit else ''} ({latest.period or '—'}; "
                   f"{latest.evidence.file}:{latest.evidence.line})"
                   if latest and latest.evidence else "—")
        where = f"{target.evidence.file}:{target.evidence.line}" if target.evidence else ""
        lines.append(f"      target {target_phrase(asdict(target), 'en')}  ({where})  "
                     f"latest: {reached}")
    if not indicator.targets:
        for value in indicator.observations[:3]:
            where = f"{value.evidence.file}:{value.evidence.line}" if value.evidence else ""
            lines.append(f"      reported {value.raw} ({value.period or '—'}; {where})")
    return "\n".join(lines)


def register_structure_commands(group: click.Group,
                                db_option: Callable[[click.Command], click.Command]) -> None:
    """Add ``tasks``, ``agencies`` and ``indicators`` to a click group, with its ``--db``.

    Args:
        group: the ``policygraph`` group (cli.py).
        db_option: the ``--db`` decorator every command shares (``cli.db_option``).

    Example:
        >>> group = click.Group()
        >>> register_structure_commands(group, click.option("--db"))
        >>> [p.name for p in group.commands["tasks"].params][-1]
        'db'
    """
    for command in (tasks, agencies, indicators):
        if not any(param.name == "db" for param in command.params):
            db_option(command)
        group.add_command(command)
