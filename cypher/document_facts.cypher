// What does each file say about these documents? The store merges the answers (the
// same merge_facts as SQLite) into the Document nodes' own properties.
//
// Parameters:
//   $keys: list of document keys
// Returns: key, file, symbol, doc_type, issuer, jurisdiction, date, year, title, origin_line, confidence, alternatives_json

UNWIND $keys AS key
MATCH (f:File)-[s:STATES]->(d:Document {key: key})
RETURN d.key AS key, f.name AS file, s.symbol AS symbol, s.doc_type AS doc_type,
       s.issuer AS issuer, s.jurisdiction AS jurisdiction, s.date AS date, s.year AS year,
       s.title AS title, s.origin_line AS origin_line, s.confidence AS confidence,
       s.alternatives_json AS alternatives_json
ORDER BY key, file
