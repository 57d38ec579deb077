// Store one file's tasks: an OF_PLAN relationship from each task to its plan, carrying
// what this file says of the task (section, text, evidence).
//
// Parameters:
//   $file: string, the file name
//   $rows: list of maps {key, seq, plan, section, text, line, evidence}
// Returns: nothing

UNWIND $rows AS row
MATCH (p:Document {key: row.plan})
MERGE (t:Task {key: row.key})
MERGE (t)-[s:OF_PLAN {file: $file}]->(p)
SET s.seq = row.seq,
    s.section = row.section,
    s.text = row.text,
    s.line = row.line,
    s.evidence = row.evidence
