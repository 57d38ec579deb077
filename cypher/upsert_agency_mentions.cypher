// Store where one file mentions its agencies: a MENTIONS relationship per mention.
//
// Parameters:
//   $file: string, the file name
//   $rows: list of maps {key, seq, line, text}, seq numbering the file's agency mentions
// Returns: nothing

MATCH (f:File {name: $file})
UNWIND $rows AS row
MATCH (a:Agency {key: row.key})
MERGE (f)-[m:MENTIONS {seq: row.seq}]->(a)
SET m.line = row.line,
    m.text = row.text
