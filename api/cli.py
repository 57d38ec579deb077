"""The ``policygraph`` command.

Every command takes ``--db FILE`` (default ``policygraph.db``, or ``$POLICYGRAPH_DB``).
Data goes to stdout, progress and summaries to stderr. Exit codes: 0 success (ingest
exits 0 even when some files were bad: they are listed), 1 a failure the message
explains, 2 a usage error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .. import __version__
from ..graph.store import SchemaError, Store, open_store

F = TypeVar("F", bound=Callable[..., Any])


def db_option(function: F) -> F:
    """The ``--db`` option, the same in every command."""
    return click.option(
        "--db", "db", default="policygraph.db", envvar="POLICYGRAPH_DB", show_default=True,
        help="The store: an SQLite file (created if missing), or a bolt:// / neo4j:// URI.",
    )(function)


def _open(db: str, must_exist: bool = False) -> Store:
    """Open the store or explain what is wrong and how to fix it."""
    if must_exist and "://" not in db and db != ":memory:" and not Path(db).exists():
        raise click.ClickException(
            f"no store at {db}. Ingest documents first: policygraph ingest PATH --db {db}"
        )
    try:
        return open_store(db)
    except SchemaError as error:
        raise click.ClickException(str(error)) from error


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="policygraph")
def cli() -> None:
    """Trace Vietnamese policy documents: ingest texts, build the lineage graph with
    evidence, and ask it questions.

    Example: policygraph ingest ../shared/corpus && policygraph ask "which plans implement 361-KL/TU?"
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--max-size", default=200, show_default=True, type=click.IntRange(1),
              help="Refuse files larger than this many MB.")
@click.option("--silent", is_flag=True, help="No progress bar.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
              help="Processes extracting at once (0: one per CPU). The store ends the same "
                   "whatever the number.")
def ingest(paths: tuple[Path, ...], db: str, max_size: int, silent: bool, as_json: bool, jobs: int) -> None:
    """Ingest files and folders (.txt, .md, .html) into the store.

    Example: policygraph ingest ../shared/corpus --db policygraph.db --jobs 0

    Each file is written in one transaction: re-ingesting an unchanged file changes
    nothing, and a file that cannot be read is listed with the reason while the rest
    is ingested.
    """
    from ..ingest.pipeline import ingest_paths
    from ..ingest.read import iter_sources
    from .summary import format_summary

    items = list(iter_sources(paths))
    store = _open(db)
    try:
        with click.progressbar(length=len(items), label="Ingesting", file=sys.stderr,
                               hidden=silent or not sys.stderr.isatty(),
                               item_show_func=lambda o: o.name if o else "") as bar:
            report = ingest_paths(paths, store, progress=lambda o: bar.update(1, o),
                                  max_bytes=max_size * 2**20, jobs=jobs)
        if as_json:
            click.echo(json.dumps([_outcome(o) for o in report.outcomes], ensure_ascii=False, indent=2))
        click.echo(format_summary(report, store.stats()), err=True)
    finally:
        store.close()


def _outcome(outcome: Any) -> dict[str, Any]:
    fields = ("name", "status", "reason", "encoding", "documents", "relations", "tasks", "seconds", "size")
    return {f: getattr(outcome, f) for f in fields}


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "neo4j-csv", "graphml", "gexf"]),
              default="jsonl", show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write here instead of stdout (a folder for neo4j-csv).")
def export(db: str, fmt: str, output: Path | None) -> None:
    """Export the whole graph.

    Example: policygraph export --format jsonl -o graph.jsonl
    """
    from ..graph.export import export_jsonl

    store = _open(db, must_exist=True)
    try:
        if fmt == "jsonl":
            if output:
                with output.open("w", encoding="utf-8") as out:
                    count = export_jsonl(store, out)
                click.echo(f"{count} records written to {output}", err=True)
            else:
                export_jsonl(store, sys.stdout)
        elif fmt == "neo4j-csv":
            from ..graph.neo4j_csv import export_neo4j_csv

            if output is None:
                raise click.UsageError("--format neo4j-csv writes a folder: pass -o FOLDER")
            written = export_neo4j_csv(store, output)
            click.echo(f"{len(written)} CSV files written to {output}", err=True)
        else:
            from ..graph.networkx_export import write_network

            if output is None:
                raise click.UsageError(f"--format {fmt} needs -o FILE")
            write_network(store, output, fmt)
            click.echo(f"graph written to {output}", err=True)
    finally:
        store.close()


@cli.command(name="eval")
@click.option("--gold", "gold", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A gold folder: one sub-folder per corpus file (see shared/gold/README.md).")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--markdown", is_flag=True, help="Print the table as Markdown (for the README).")
@click.option("--questions", is_flag=True,
              help="Instead, ask the gold list questions through /api/ask and count exact answers.")
def evaluate(gold: Path, db: str, as_json: bool, markdown: bool, questions: bool) -> None:
    """Score the store against hand-checked gold annotations: precision, recall, F1.

    Example: policygraph eval --gold ../shared/gold
    """
    from ..graph.export import iter_records
    from ..ingest.evaluate import evaluate as run_eval

    store = _open(db, must_exist=True)
    try:
        if questions:
            from .ask_eval import evaluate_questions

            asked = evaluate_questions(store, gold, iter_records(store))
            click.echo(json.dumps(asked.to_json(), ensure_ascii=False, indent=2) if as_json else asked.to_table())
            return
        report = run_eval(iter_records(store), gold)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    elif markdown:
        click.echo(report.to_markdown())
    else:
        click.echo(report.to_table())


@cli.command()
@db_option
@click.option("--neo4j", "uri", envvar="NEO4J_URI", required=True, metavar="URI",
              help="The Neo4j server: bolt://HOST:7687 or neo4j://HOST:7687 (or $NEO4J_URI).")
@click.option("--user", envvar="NEO4J_USER", default="neo4j", show_default=True, help="Or $NEO4J_USER.")
@click.option("--password", envvar="NEO4J_PASSWORD", default=None, help="Or $NEO4J_PASSWORD.")
@click.option("--database", envvar="NEO4J_DATABASE", default=None, help="Neo4j database name (default: the server's).")
@click.option("--prune", is_flag=True, help="Also remove files from Neo4j that the SQLite store no longer has.")
def push(db: str, uri: str, user: str, password: str | None, database: str | None, prune: bool) -> None:
    """Copy the SQLite store into Neo4j, file by file (idempotent: pushing twice changes nothing).

    Example: NEO4J_PASSWORD=… policygraph push --neo4j bolt://localhost:7687
    """
    from ..graph.neo4j_push import push_to_neo4j
    from ..graph.neo4j_store import Neo4jStore
    from ..graph.store import StoreError

    source = _open(db, must_exist=True)
    try:
        target = Neo4jStore(uri, user=user, password=password, database=database)
    except StoreError as error:
        source.close()
        raise click.ClickException(str(error)) from error
    try:
        files = source.files()
        with click.progressbar(length=len(files), label="Pushing", file=sys.stderr,
                               hidden=not sys.stderr.isatty()) as bar:
            pushed = push_to_neo4j(source, target, progress=lambda _: bar.update(1), prune=prune)
        click.echo(f"{len(pushed)} files pushed to {uri}. Neo4j now holds "
                   + ", ".join(f"{v} {k}" for k, v in target.stats().items() if "." not in k) + ".", err=True)
    except StoreError as error:
        raise click.ClickException(str(error)) from error
    finally:
        target.close()
        source.close()


from .cli_query import register_query_commands  # noqa: E402  (serve, ask, show)

register_query_commands(cli, db_option)
from .cli_structure import register_structure_commands  # noqa: E402  (tasks, agencies, indicators)
register_structure_commands(cli, db_option)

from ..viz.cli_viz import register_viz_command  # noqa: E402  (viz: a standalone HTML page)

register_viz_command(cli, db_option)


def main() -> None:  # pragma: no cover - console entry point
    cli()


if __name__ == "__main__":  # python -m policygraph.api.cli
    cli()
