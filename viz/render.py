"""The one Jinja environment of the pages and the standalone export.

Autoescape is always on (not only for ``.html`` names): every title, symbol and sentence
comes from a document someone else wrote, and issue #5 asks that a title containing
``<script>`` or ``" onmouseover=`` show as text. Data for scripts goes through ``tojson``,
which also escapes ``<``, ``>`` and ``&``, so a ``</script>`` inside a title cannot close
the script element that carries it.

Example:
    >>> ENV.from_string("{{ t }}").render(t="<script>")
    '&lt;script&gt;'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .style import (
    KINDS,
    RELATIONS,
    STATUSES,
    TASK_LINKS,
    graph_style,
    kind_style,
    legend_kinds,
    status_style,
)

HERE = Path(__file__).resolve().parent
TEMPLATES_DIR = HERE / "templates"
STATIC_DIR = HERE / "static"
#: The vendored vis-network build (npm vis-network@10.1.5, standalone/umd): the version is
#: in the name so an upgrade is a new file, never a silent change (style.md, viz/).
VIS_NETWORK = "vis-network-10.1.5.min.js"

ENV = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=True,
    undefined=StrictUndefined,  # a misspelt variable fails the HTML tests, not the reader
    trim_blocks=True,
    lstrip_blocks=True,
)
ENV.globals.update(
    kinds=KINDS,
    relations=RELATIONS,
    task_links=TASK_LINKS,
    statuses=STATUSES,
    legend_kinds=legend_kinds(),
    graph_style=graph_style(),
    vis_network=VIS_NETWORK,
    kind_style=kind_style,
    status_style=status_style,
)


def render_template(name: str, **context: Any) -> str:
    """Render one template of ``viz/templates`` with the shared globals.

    Args:
        name: the template's file name (``document.html``).
        **context: its variables.

    Returns:
        The HTML text.

    Example:
        >>> render_template("_badge.html", status="repealed").strip()[:22]
        '<span class="pg-badge"'
    """
    return ENV.get_template(name).render(**context)


def static_text(name: str) -> str:
    """The text of a file in ``viz/static``, for inlining into the standalone export.

    Example:
        >>> static_text("app.css").startswith("/*")
        True
    """
    return (STATIC_DIR / name).read_text(encoding="utf-8")
