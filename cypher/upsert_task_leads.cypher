// Store which agencies lead one file's tasks, in the order the file names them.
// An agency named only here (not described by any file) is a node with just its key.
//
// Parameters:
//   $file: string, the file name
//   $rows: list of maps {task, agency, seq}
// Returns: nothing

UNWIND $rows AS row
MATCH (t:Task {key: row.task})
MERGE (a:Agency {key: row.agency})
MERGE (a)-[:LEADS {file: $file, seq: row.seq}]->(t)
