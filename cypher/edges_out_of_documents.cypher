// Which relations leave these documents (optionally only some types)? One step of a
// traversal, or the outgoing edges of one document.
//
// Parameters:
//   $keys: list of document keys (the sources)
//   $types: list of relation types to keep, or null for all
// Returns: source, target, type, file, line, evidence, scope, confidence, seq

UNWIND $keys AS key
MATCH (s:Document {key: key})-[r:RELATES]->(t:Document)
WHERE $types IS NULL OR r.type IN $types
RETURN s.key AS source, t.key AS target, r.type AS type, r.file AS file, r.line AS line,
       r.evidence AS evidence, r.scope AS scope, r.confidence AS confidence, r.seq AS seq
ORDER BY source, target, type, file, line, evidence, seq
