// Store what one file says about each indicator: its name (STATES_INDICATOR from the
// file) and the document that frames it (FRAMED_BY, when the file names one).
//
// Parameters:
//   $file: string, the file name
//   $rows: list of maps {key, seq, name, scope}, scope a document key or null
// Returns: nothing

MATCH (f:File {name: $file})
UNWIND $rows AS row
MERGE (i:Indicator {key: row.key})
MERGE (f)-[s:STATES_INDICATOR]->(i)
SET s.seq = row.seq,
    s.name = row.name
WITH i, row
OPTIONAL MATCH (d:Document {key: row.scope})
FOREACH (scope IN CASE WHEN d IS NULL THEN [] ELSE [d] END |
  MERGE (i)-[:FRAMED_BY {file: $file}]->(scope)
)
