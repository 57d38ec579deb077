// Which relations point at these documents (optionally only some types)? One step of a
// backward traversal, the incoming edges of one document, or what decides its status.
//
// Parameters:
//   $keys: list of document keys (the targets)
//   $types: list of relation types to keep, or null for all
// Returns: source, target, type, file, line, evidence, scope, confidence, seq

UNWIND $keys AS key
MATCH (s:Document)-[r:RELATES]->(t:Document {key: key})
WHERE $types IS NULL OR r.type IN $types
RETURN s.key AS source, t.key AS target, r.type AS type, r.file AS file, r.line AS line,
       r.evidence AS evidence, r.scope AS scope, r.confidence AS confidence, r.seq AS seq
ORDER BY source, target, type, file, line, evidence, seq
