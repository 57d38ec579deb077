"""The cypher/ files: Neo4j's own linter finds nothing, headers tell the truth, all are used.

No server needed: the linter is Neo4j's Cypher language support (npm
``@neo4j-cypher/language-support``, the one inside Neo4j Browser), run with the machine's
Node.js by ``tools/cypher-lint/lint.mjs``. ``make lint-deps`` (part of ``make test``)
installs it with ``npm ci``.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from policygraph.graph import neo4j_push, neo4j_records, neo4j_rows, neo4j_store, neo4j_traverse
from policygraph.graph.cypher_files import (
    LABELS,
    PROPERTY_KEYS,
    RELATIONSHIP_TYPES,
    derive_parameters,
    load_cypher_files,
    parse_cypher_file,
    setup_files,
)

REPO = Path(__file__).resolve().parents[1]
LINT_DIR = REPO / "tools" / "cypher-lint"
README = REPO / "cypher" / "README.md"
FILES = load_cypher_files()
QUERY_FILES = [f for f in FILES.values() if not f.setup]
#: The Neo4j store's modules: the statements it names are in neo4j_store (reads, deletes)
#: and neo4j_rows (the batched upserts).
STORE_MODULES = (neo4j_store, neo4j_rows, neo4j_records, neo4j_traverse, neo4j_push)


def store_source() -> str:
    """The source of every module of the Neo4j store, one text."""
    return "\n".join(Path(m.__file__).read_text(encoding="utf-8") for m in STORE_MODULES)


def lint(statements: list[dict[str, Any]], schema: bool = True) -> list[dict[str, Any]]:
    """Run lint.mjs on ``[{name, query, parameters}]``; its diagnostics."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not on PATH: the Cypher linter runs on Node.js 20+ (apt-get install nodejs)")
    if not (LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        pytest.fail(f"the Cypher linter is not installed: run `make lint-deps` (or `cd {LINT_DIR} && npm ci`)")
    payload: dict[str, Any] = {"statements": statements}
    if schema:
        payload["schema"] = {"labels": list(LABELS), "relationshipTypes": list(RELATIONSHIP_TYPES),
                             "propertyKeys": list(PROPERTY_KEYS)}
    done = subprocess.run([node, "lint.mjs"], cwd=LINT_DIR, input=json.dumps(payload),
                          capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def every_statement() -> list[dict[str, Any]]:
    """Every statement the store can send, with its file's declared parameters."""
    return [{"name": f"{f.name}.cypher#{n}", "query": statement, "parameters": list(f.parameters)}
            for f in FILES.values() for n, statement in enumerate(f.statements, start=1)]


def readme_examples() -> list[str]:
    """The ```cypher blocks of cypher/README.md (pasted into Neo4j Browser by users)."""
    return re.findall(r"```cypher\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)


# Statements that must NOT lint clean: zero diagnostics elsewhere must mean something.
BAD = [
    {"name": "bad: undeclared, misspelt, unknown", "parameters": [],
     "query": "MATCH (d:Documnt {key: $key})-[r:RELATES]->(t) "
              "RETURN d.kye, coalese(r.type), undefined_variable"},
    {"name": "bad: a plugin", "parameters": [], "query": "RETURN apoc.text.join(['a'], ',') AS x"},
    {"name": "bad: syntax", "parameters": [], "query": "MATCH (n RETURN n"},
]


@pytest.fixture(scope="module")
def diagnostics() -> dict[str, list[dict[str, Any]]]:
    """One linter run over every statement, the README's examples and BAD, by name."""
    examples = [{"name": f"README example {n}", "query": q, "parameters": []}
                for n, q in enumerate(readme_examples(), start=1)]
    found: dict[str, list[dict[str, Any]]] = {}
    for d in lint(every_statement() + examples + BAD):
        found.setdefault(d["name"], []).append(d)
    return found


def _shown(found: list[dict[str, Any]]) -> str:
    return "\n".join(f"{d['name']}:{d['line']}:{d['column']}: {d['severity']}: {d['message']}"
                     for d in found)


def test_every_statement_passes_neo4j_cypher_linter(diagnostics: dict[str, list]) -> None:
    found = [d for s in every_statement() for d in diagnostics.get(s["name"], [])]
    assert found == [], _shown(found)


def test_readme_examples_pass_the_linter(diagnostics: dict[str, list]) -> None:
    assert len(readme_examples()) >= 5
    found = [d for name, ds in diagnostics.items() if name.startswith("README") for d in ds]
    assert found == [], _shown(found)


def test_linter_catches_what_it_should(diagnostics: dict[str, list]) -> None:
    messages = [d["message"] for d in diagnostics[BAD[0]["name"]]]
    assert any("Parameter $key is not defined" in m for m in messages), messages
    assert any("Documnt" in m for m in messages), messages
    assert any(m.startswith("kye ") for m in messages), messages
    assert any("coalese" in m for m in messages), messages
    assert any("undefined_variable" in m for m in messages), messages
    assert diagnostics[BAD[1]["name"]] and diagnostics[BAD[2]["name"]]


@pytest.mark.parametrize("file", FILES.values(), ids=lambda f: f.name)
def test_header_declares_exactly_the_parameters_used(file: Any) -> None:
    used = derive_parameters("\n".join(file.statements))
    assert sorted(used) == sorted(file.parameters), (
        f"{file.name}.cypher uses ${', $'.join(used)} but declares ${', $'.join(file.parameters)}")


@pytest.mark.parametrize("file", QUERY_FILES, ids=lambda f: f.name)
def test_header_returns_are_the_returned_columns(file: Any) -> None:
    statement = file.statement
    if not file.returns:
        assert not re.search(r"^RETURN\b", statement, re.MULTILINE), f"{file.name} returns rows"
        return
    for column in file.returns:
        assert re.search(rf"\bAS {column}\b", statement), f"{file.name}.cypher: no 'AS {column}'"
    final = statement[statement.rindex("\nRETURN") if "\nRETURN" in statement else 0:]
    assert len(re.findall(r"\bAS (\w+)\s*(?:,|$|\n)", final)) >= len(file.returns)


def test_setup_files_are_ordered_and_idempotent() -> None:
    names = [f.name for f in setup_files()]
    assert names[:2] == ["000_constraints", "010_indexes"]
    assert names == sorted(names)
    for file in setup_files():
        assert file.parameters == () and file.returns == ()
        for statement in file.statements:
            assert "IF NOT EXISTS" in statement, statement


def test_keys_are_unique_and_symbols_indexed() -> None:
    constraints = "\n".join(FILES["000_constraints"].statements)
    for label, prop in (("Document", "key"), ("Agency", "key"), ("Task", "key"),
                        ("Indicator", "key"), ("File", "name")):
        assert re.search(rf"FOR \(\w+:{label}\) REQUIRE \w+\.{prop} IS UNIQUE", constraints)
    assert "FOR (d:Document) ON (d.symbol)" in "\n".join(FILES["010_indexes"].statements)


def test_every_query_file_is_used_by_the_store() -> None:
    # Static half; tests/test_neo4j_store.py checks the store really sends each one.
    source = store_source()
    unused = [f.name for f in QUERY_FILES if f'"{f.name}"' not in source]
    assert unused == []


def test_the_store_sends_no_cypher_of_its_own() -> None:
    for module in STORE_MODULES:
        source = Path(module.__file__).read_text(encoding="utf-8")
        for keyword in ("MATCH (", "MERGE (", "UNWIND $", "DETACH DELETE"):
            assert keyword not in source, \
                f"{Path(module.__file__).name} holds Cypher ({keyword}): put it in cypher/"


def test_schema_is_documented_in_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    for name in (*LABELS, *RELATIONSHIP_TYPES):
        assert f"`{name}`" in readme or f":{name}" in readme, f"{name} is not in cypher/README.md"
    for file in FILES.values():
        assert f"{file.name}.cypher" in readme, f"{file.name}.cypher is not listed in cypher/README.md"


def test_header_format_errors_say_how_to_fix() -> None:
    with pytest.raises(ValueError, match="Parameters:"):
        parse_cypher_file("nohead", "MATCH (n) RETURN n")
    with pytest.raises(ValueError, match="holds 2 statements"):
        parse_cypher_file("two", "// Parameters: none\n// Returns: n\nRETURN 1 AS n;\nRETURN 2 AS n;")


@pytest.mark.parametrize(("query", "expected"), [
    ("MATCH (d {key: $key}) RETURN d", ["key"]),
    ("UNWIND $rows AS row SET x.a = row.a, x.b = $file", ["rows", "file"]),
    ("RETURN '$not' AS a, \"$nor\" AS b, `$neither` AS c // $comment", []),
    ("RETURN $a + $a AS x /* $b */", ["a"]),
])
def test_derive_parameters(query: str, expected: list[str]) -> None:
    assert derive_parameters(query) == expected
