"""The ``policygraph viz`` command: write a document's neighbourhood as one HTML file that
opens from ``file://`` with no network (``viz.standalone``).

``api/cli.py`` adds it with ``register_viz_command(cli, db_option)``, which also gives it
the group's ``--db`` option (the ``register_query_commands`` pattern of ``api/cli_query.py``:
this module must not import ``cli.py`` at import time). Exit codes: 0 written, 1 a failure
the message explains (no store, a document not found or ambiguous, an unwritable file),
2 a usage error.

Example:
    >>> group = click.Group()
    >>> register_viz_command(group, click.option("--db", default="policygraph.db"))
    >>> sorted(group.commands)
    ['viz']
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from ..api.cli_query import _open_existing as open_existing
from ..api.cli_query import _resolve as resolve_document

MAX_DEPTH = 10  # as the API's
MAX_LIMIT = 5000  # the file has no server behind it; vis-network still draws 5,000 nodes


@click.command(name="viz")
@click.argument("document")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              default=Path("lineage.html"), show_default=True,
              help="The HTML file to write.")
@click.option("--depth", default=2, show_default=True, type=click.IntRange(0, MAX_DEPTH),
              help=f"How many relations away from DOCUMENT to go (at most {MAX_DEPTH}).")
@click.option("--limit", default=500, show_default=True, type=click.IntRange(1, MAX_LIMIT),
              help="The most documents besides DOCUMENT; the page says when more were near.")
def viz(document: str, output: Path, depth: int, limit: int, db: str) -> None:
    """Write the graph around a document as one standalone HTML file.

    Example: policygraph viz 361-KL/TU -o lineage.html --depth 2

    DOCUMENT is a symbol in any spelling (361/KL-TU), "ke hoach 327", a title or a key.
    The file carries every script and style inline (made with pyvis and the vendored
    vis-network), so it opens from disk with no network: click a line for its evidence,
    tick relation types to filter.
    """
    from .standalone import write_standalone

    store = open_existing(db)
    try:
        key = resolve_document(store, document).key
        try:
            export = write_standalone(store, key, output, depth, limit)
        except OSError as error:
            raise click.ClickException(
                f"cannot write {output}: {error.strerror}. "
                "Pass -o with a path in a folder you can write to.") from error
    finally:
        store.close()
    more = " (truncated: raise --limit for more)" if export.truncated else ""
    click.echo(f"{export.subject.label}: {export.nodes} nodes, {export.edges} links "
               f"written to {output}{more}", err=True)


def register_viz_command(group: click.Group,
                         db_option: Callable[[click.Command], click.Command]) -> None:
    """Add ``viz`` to a click group, with the group's ``--db`` option.

    Args:
        group: the ``policygraph`` group (``api/cli.py``).
        db_option: the ``--db`` decorator every command shares (``cli.db_option``).

    Example:
        >>> group = click.Group()
        >>> register_viz_command(group, click.option("--db"))
        >>> [p.name for p in group.commands["viz"].params][-1]
        'db'
    """
    if not any(param.name == "db" for param in viz.params):
        db_option(viz)  # click appends the option to an existing Command
    group.add_command(viz)
