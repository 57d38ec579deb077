// Lint Cypher statements with Neo4j's own language support (@neo4j-cypher/language-support,
// the linter of Neo4j Browser, Workspace and the VS Code extension).
//
// Reads JSON on stdin:
//   {"statements": [{"name": "...", "query": "...", "parameters": ["key", ...]}],
//    "schema": {"labels": [...], "relationshipTypes": [...], "propertyKeys": [...]}}
// (a bare array of statements is accepted too, with no schema).
// Prints JSON on stdout: [{"name", "severity", "message", "line", "column", "offset"}],
// one object per diagnostic; [] when every statement is clean. Exit 0 unless the input is
// unreadable (exit 2).
//
// What it reports, for Cypher 5 (Neo4j 5.x): syntax errors, semantic errors (undefined
// variables, wrong types), parameters not declared in the file's header, labels,
// relationship types and property keys outside the schema, and any function or procedure
// that a plain Neo4j 5 lacks. The function and procedure lists are the ones the package
// ships as testData.mockSchema (a recorded Neo4j 5 catalogue) minus APOC: PolicyGraph
// needs no plugin.
//
// Usage (tests/test_cypher.py runs it): node lint.mjs < statements.json

import { lintCypherQuery, testData } from '@neo4j-cypher/language-support';

const VERSION = 'CYPHER 5';

function readStdin() {
  return new Promise((resolve, reject) => {
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => { data += chunk; });
    process.stdin.on('end', () => resolve(data));
    process.stdin.on('error', reject);
  });
}

function withoutPlugins(registry) {
  return Object.fromEntries(Object.entries(registry ?? {}).filter(([name]) => !name.startsWith('apoc.')));
}

function dbSchema(schema, parameters) {
  const mock = testData.mockSchema;
  return {
    ...schema,
    defaultLanguage: VERSION,
    parameters: Object.fromEntries(parameters.map((name) => [name, null])),
    functions: { [VERSION]: withoutPlugins(mock.functions?.[VERSION]) },
    procedures: { [VERSION]: withoutPlugins(mock.procedures?.[VERSION]) },
  };
}

function lintOne({ name, query, parameters = [] }, schema) {
  const { diagnostics } = lintCypherQuery(query, dbSchema(schema, parameters));
  return diagnostics.map((d) => ({
    name,
    severity: d.severity === 1 ? 'error' : 'warning',
    message: d.message,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    offset: d.offsets?.start ?? null,
  }));
}

async function main() {
  let input;
  try {
    input = JSON.parse(await readStdin());
  } catch (e) {
    process.stderr.write(`lint.mjs: stdin is not JSON (${e.message}); send {"statements": [{"name", "query", "parameters"}]}\n`);
    process.exit(2);
  }
  const statements = Array.isArray(input) ? input : input.statements ?? [];
  const schema = Array.isArray(input) ? {} : input.schema ?? {};
  const diagnostics = statements.flatMap((s) => lintOne(s, schema));
  process.stdout.write(JSON.stringify(diagnostics, null, 1) + '\n');
}

main();
