"""The Cypher statements of the Neo4j store, loaded from ``policygraph/cypher/*.cypher``.

One query per file, named for the question it answers; a header comment lists its
``$parameters`` and the columns it returns (cypher/README.md shows the format). Files whose
names start with a digit (``000_constraints.cypher``) are setup files: several statements,
each ending with ``;`` at the end of a line, run in name order when a store opens.

Like datasette's ``derive_named_parameters``, :func:`derive_parameters` reads the
``$names`` a statement uses, so tests can check that every file declares what it uses and
that the store supplies exactly what each file declares.

Example:
    >>> cypher_file("document_exists").parameters
    ('key',)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["CypherFile", "cypher_file", "derive_parameters", "load_cypher_files", "setup_files"]

#: The package holding the .cypher files (package data of ``policygraph.cypher``).
PACKAGE = "policygraph.cypher"

# What the linter is told the database holds (tools/cypher-lint): a label, relationship type
# or property key outside these lists is reported, so a typo fails tests/test_cypher.py.
LABELS = ("Document", "File", "Task", "Agency", "Indicator", "Target", "Observation")
RELATIONSHIP_TYPES = (
    "RELATES", "STATES", "MENTIONS", "OF_PLAN", "LEADS", "COORDINATES", "STATES_AGENCY",
    "STATES_INDICATOR", "FRAMED_BY", "HAS_TARGET", "HAS_OBSERVATION", "REPORTED_IN",
)
PROPERTY_KEYS = (
    # stored on nodes and relationships (cypher/README.md, "Graph model")
    "key", "name", "symbol", "doc_type", "issuer", "jurisdiction", "date", "year", "title",
    "origin_file", "origin_line", "confidence", "alternatives_json", "sha256", "encoding",
    "ingested_at", "documents", "relations", "file", "seq", "line", "text", "type",
    "evidence", "scope", "section", "kind", "valid_until", "successor", "aliases", "value",
    "unit", "comparator", "value_max", "raw", "period",
    # fields of the $rows maps that are not stored under their own name
    "source", "target", "plan", "task", "agency", "indicator",
)

_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_DECLARED = re.compile(r"^//\s+\$([A-Za-z_][A-Za-z0-9_]*)\s*:")
# What a $ inside these is not: comments, string literals, backticked names.
_NOT_CODE = re.compile(r"//[^\n]*|/\*.*?\*/|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`",
                       re.DOTALL)
_STATEMENT_END = re.compile(r";[ \t]*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class CypherFile:
    """One ``.cypher`` file: its statements and the header's contract.

    ``name`` is the file name without ``.cypher``. ``statements`` are what is sent to
    Neo4j (a query file has exactly one). ``parameters`` and ``returns`` are the header's
    declarations, in order.
    """

    name: str
    text: str
    statements: tuple[str, ...]
    parameters: tuple[str, ...]
    returns: tuple[str, ...]

    @property
    def setup(self) -> bool:
        """Whether this is a setup file (constraints, indexes), run on open."""
        return self.name[:1].isdigit()

    @property
    def statement(self) -> str:
        """The one statement of a query file.

        Raises:
            ValueError: a setup file, which holds several.
        """
        if len(self.statements) != 1:
            raise ValueError(f"{self.name}.cypher holds {len(self.statements)} statements; "
                             "use .statements for a setup file")
        return self.statements[0]


def derive_parameters(query: str) -> list[str]:
    """The ``$parameters`` a Cypher text uses, in order of first use, without duplicates.

    Comments, string literals and backticked names are ignored.

    Args:
        query: Cypher text.

    Returns:
        The parameter names, without ``$``.

    Example:
        >>> derive_parameters("MATCH (d {key: $key}) // not $this\\nRETURN '$nor' AS x, $key")
        ['key']
    """
    code = _NOT_CODE.sub(" ", query)
    return list(dict.fromkeys(_PARAMETER.findall(code)))


def parse_cypher_file(name: str, text: str) -> CypherFile:
    """Read one file's header and split its statements.

    Args:
        name: the file name without ``.cypher``.
        text: its content.

    Returns:
        The parsed file.

    Raises:
        ValueError: a header without ``Parameters:`` or ``Returns:``, or a query file
            with other than one statement; the message says what the header must hold.

    Example:
        >>> f = parse_cypher_file("x", "// Q?\\n//\\n// Parameters: none\\n// Returns: n\\nRETURN 1 AS n")
        >>> f.parameters, f.returns, f.statement
        ((), ('n',), 'RETURN 1 AS n')
    """
    header = [line.strip() for line in text.splitlines() if line.strip().startswith("//")]
    returns = next((h.split(":", 1)[1] for h in header if h.startswith("// Returns:")), None)
    if returns is None or not any(h.startswith("// Parameters:") for h in header):
        raise ValueError(f"{name}.cypher: the header comment must have a '// Parameters:' line "
                         "(then one '//   $name: what it is' line each, or 'none') and a "
                         "'// Returns: col, col' line (or 'nothing'); see cypher/README.md")
    parameters = tuple(m.group(1) for h in header if (m := _DECLARED.match(h)))
    columns = tuple(c.strip() for c in returns.split(",") if c.strip())
    statements = _split_statements(text)
    file = CypherFile(name, text, statements, parameters,
                      () if columns == ("nothing",) else columns)
    if not file.setup and len(statements) != 1:
        raise ValueError(f"{name}.cypher holds {len(statements)} statements; a query file holds "
                         "one (only setup files, named 000_…, hold several)")
    return file


def _split_statements(text: str) -> tuple[str, ...]:
    """The statements of a file: comment lines dropped, split at ``;`` ending a line."""
    code = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    return tuple(s.strip() for s in _STATEMENT_END.split(code) if s.strip())


@cache
def load_cypher_files() -> dict[str, CypherFile]:
    """Every ``.cypher`` file of the package, by name, in name order.

    Example:
        >>> "all_documents" in load_cypher_files()
        True
    """
    folder = resources.files(PACKAGE)
    files = sorted((p for p in folder.iterdir() if p.name.endswith(".cypher")),
                   key=lambda p: p.name)
    return {p.name[: -len(".cypher")]: parse_cypher_file(p.name[: -len(".cypher")],
                                                         p.read_text(encoding="utf-8"))
            for p in files}


def cypher_file(name: str) -> CypherFile:
    """One file by name (without ``.cypher``).

    Raises:
        KeyError: no such file; the message lists the ones there are.

    Example:
        >>> cypher_file("all_files").returns[0]
        'name'
    """
    files = load_cypher_files()
    try:
        return files[name]
    except KeyError:
        raise KeyError(f"no cypher/{name}.cypher; the files are: {', '.join(files)}") from None


def setup_files() -> list[CypherFile]:
    """The setup files (constraints, then indexes…), in the order they run.

    Example:
        >>> [f.name for f in setup_files()][:1]
        ['000_constraints']
    """
    return [f for f in load_cypher_files().values() if f.setup]
