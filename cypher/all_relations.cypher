// Every relation between documents, with its provenance (file, line, evidence).
//
// Parameters: none
// Returns: source, target, type, file, line, evidence, scope, confidence, seq

MATCH (s:Document)-[r:RELATES]->(t:Document)
RETURN s.key AS source, t.key AS target, r.type AS type, r.file AS file, r.line AS line,
       r.evidence AS evidence, r.scope AS scope, r.confidence AS confidence, r.seq AS seq
ORDER BY source, target, type, file, line, evidence, seq
