"""The query commands of ``policygraph``: ``serve``, ``ask`` and ``show``.

``api/cli.py`` adds them to its group with ``register_query_commands(cli, db_option)``,
which also gives them the group's own ``--db`` option. This module does not import
``cli.py`` at import time: under ``python -m policygraph.api.cli`` that module runs as
``__main__`` and a top-level import back into it would be circular. They take ``--db`` like
every command; data goes to stdout, messages to stderr. Exit
codes: 0 answered, 1 a failure the message explains (no store, a document not found or
ambiguous, a question not understood), 2 a usage error.

Example:
    >>> group = click.Group()
    >>> register_query_commands(group, click.option("--db", default="policygraph.db"))
    >>> sorted(group.commands)
    ['ask', 'serve', 'show']
"""

from __future__ import annotations

import os

import json
from dataclasses import asdict
from collections.abc import Callable
from typing import Any

import click

from ..graph.model import RelationType
from ..graph.queries import downstream, resolve_subject, upstream
from ..graph.results import DocumentRef
from ..graph.search import candidates_of
from ..graph.store import Store, StoreError

_URI_SCHEMES = ("bolt://", "bolt+s://", "neo4j://", "neo4j+s://")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on (0.0.0.0 for every interface).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
@click.option("--store", "backend", type=click.Choice(["sqlite", "neo4j"]), default=None,
              help="The kind of store --db names (default: neo4j for a bolt:// or neo4j:// "
                   "URI, else sqlite).")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]),
              help="uvicorn's log level.")
def serve(db: str, host: str, port: int, backend: str | None, log_level: str) -> None:
    """Serve the read-only HTTP API (OpenAPI docs at /docs).

    Example: policygraph serve --db policygraph.db --host 127.0.0.1 --port 8000
    """
    import uvicorn

    from .app import create_app

    db = _backend_target(db, backend)
    try:
        app = create_app(db)
    except FileNotFoundError as error:
        raise click.ClickException(str(error)) from error
    except StoreError as error:  # SchemaError, or a store that cannot be reached
        raise click.ClickException(str(error)) from error
    except ModuleNotFoundError as error:
        raise click.ClickException(
            f"Cannot open {db}: {error}. Neo4j support (graph/neo4j_store.py) is not "
            "installed yet; serve an SQLite store with --db FILE.") from error
    click.echo(f"Serving {db} at http://{host}:{port}/api (docs: http://{host}:{port}/docs)",
               err=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level)


def _backend_target(db: str, backend: str | None) -> str:
    """What to open: ``--store neo4j`` without a URI in --db takes $NEO4J_URI (with
    $NEO4J_USER / $NEO4J_PASSWORD); a --store that contradicts --db is refused."""
    is_uri = db.startswith(_URI_SCHEMES)
    if backend == "neo4j" and not is_uri:
        uri = os.environ.get("NEO4J_URI", "")
        if uri.startswith(_URI_SCHEMES):
            return uri
        raise click.UsageError("--store neo4j needs a Neo4j URI: set NEO4J_URI (bolt://HOST:7687 or "
                               f"neo4j://HOST:7687) or pass it as --db; got --db {db!r} and no NEO4J_URI.")
    if backend == "sqlite" and is_uri:
        raise click.UsageError(f"--store sqlite needs an SQLite file as --db, got the URI "
                               f"{db!r}. Drop --store, or pass --store neo4j.")
    return db


@click.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True,
              help="Print the answer as JSON, exactly as GET /api/ask returns it.")
def ask(question: str, db: str, as_json: bool) -> None:
    """Answer a question about the lineage, in Vietnamese or English.

    Example: policygraph ask "which plans implement 361-KL/TU?"

    The same function answers GET /api/ask. Exits 1 when the question was not understood
    or its document was not found or is ambiguous.
    """
    from .ask import answer_question

    store = _open_existing(db)
    try:
        answer = answer_question(store, question)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(answer, ensure_ascii=False, indent=2))
    else:
        click.echo(format_answer(answer))
    if answer["intent"] is None or answer["subject"] is None:
        raise SystemExit(1)


def format_answer(answer: dict[str, Any]) -> str:
    """An ask answer for the terminal: the sentence, then each answer with its evidence.

    Example:
        >>> format_answer({"text": "Nothing.", "answers": [], "candidates": []})
        'Nothing.'
    """
    lines = [answer["text"]]
    for item in answer["answers"]:
        name = (item.get("label") or item.get("symbol") or item.get("name")
                or _task_name(item) or item["key"])
        title = item.get("title") or item.get("text")
        lines.append(f"  • {name}" + (f" — {title}" if title and title != name else ""))
        for ev in item["evidence"]:
            lines.append(f"      {ev['file']}:{ev['line']}: {ev['text']}")
    for candidate in answer.get("candidates", []):
        lines.append(f"  ? {candidate['key']}")
    return "\n".join(lines)


def _task_name(item: dict[str, Any]) -> str | None:
    """A task answer's name: "7099/KH-UBND III.1.đ (Sở Công Thương)"."""
    if item.get("kind") != "task":
        return None
    lead = f" ({', '.join(item['lead'])})" if item.get("lead") else ""
    return f"{item.get('plan_label') or item.get('plan')} {item['section']}{lead}"


@click.command()
@click.argument("document")
@click.option("--depth", default=3, show_default=True, type=click.IntRange(0, 10),
              help="How many relations to walk (at most 10).")
@click.option("--down", is_flag=True, help="Show the tree below the document instead of above.")
@click.option("--type", "types", multiple=True,
              type=click.Choice([str(t) for t in RelationType]),
              help="Relation types to follow (repeatable; default: based_on, implements, "
                   "approves).")
@click.option("--json", "as_json", is_flag=True, help="Print the lineage as JSON.")
def show(document: str, db: str, depth: int, down: bool, types: tuple[str, ...],
         as_json: bool) -> None:
    """Print a document's lineage as a tree, with Vietnamese relation labels and evidence.

    Example: policygraph show 7099/KH-UBND --depth 3

    DOCUMENT is a symbol in any spelling (361/KL-TU), "ke hoach 327", a title or a key.
    """
    from .tree import render_tree

    store = _open_existing(db)
    try:
        key = _resolve(store, document).key
        walk = downstream if down else upstream
        lineage = walk(store, key, depth, list(types) or None)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(asdict(lineage), ensure_ascii=False, indent=2))
    else:
        click.echo(render_tree(lineage))


def _resolve(store: Store, text: str) -> DocumentRef:
    """The one document ``text`` names, or a ClickException that says how to pick one."""
    found = resolve_subject(store, text)
    if found.status == "found" and found.document is not None:
        return found.document
    if found.status == "ambiguous":
        listed = "\n  ".join(candidates_of(found.candidates))
        raise click.ClickException(
            f"{text!r} names {len(found.candidates)} documents:\n  {listed}\n"
            "Pass one key instead, or add the province or year (\"361-KL/TU Bình Phước\").")
    near = ", ".join(s.label for s in found.suggestions)
    raise click.ClickException(f"No document matches {text!r}."
                               + (f" Close matches: {near}." if near else "")
                               + " Look documents up with: policygraph ask \"...\"")


def _open_existing(db: str) -> Store:
    """Open the store as every command does (cli._open: a clear error when it is missing)."""
    from .cli import _open  # at run time: see the module docstring

    return _open(db, must_exist=True)


def register_query_commands(group: click.Group,
                            db_option: Callable[[click.Command], click.Command]) -> None:
    """Add ``serve``, ``ask`` and ``show`` to a click group, with the group's ``--db`` option.

    Args:
        group: the ``policygraph`` group (cli.py).
        db_option: the ``--db`` decorator every command shares (``cli.db_option``).

    Example:
        >>> group = click.Group()
        >>> register_query_commands(group, click.option("--db"))
        >>> [p.name for p in group.commands["ask"].params][-1]
        'db'
    """
    for command in (serve, ask, show):
        if not any(param.name == "db" for param in command.params):
            db_option(command)  # click appends the option to an existing Command
        group.add_command(command)
