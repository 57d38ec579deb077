// Store one file's relations between documents: a RELATES relationship each, its type a
// property (see README: why not one relationship type per relation type), with provenance.
//
// Parameters:
//   $file: string, the file name
//   $rows: list of maps {seq, source, target, type, line, evidence, scope, confidence}
// Returns: nothing

UNWIND $rows AS row
MATCH (s:Document {key: row.source})
MATCH (t:Document {key: row.target})
MERGE (s)-[r:RELATES {file: $file, seq: row.seq}]->(t)
SET r.type = row.type,
    r.line = row.line,
    r.evidence = row.evidence,
    r.scope = row.scope,
    r.confidence = row.confidence
