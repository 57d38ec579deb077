// Store where one file mentions its documents: a MENTIONS relationship per mention,
// with the line and the text (the evidence).
//
// Parameters:
//   $file: string, the file name
//   $rows: list of maps {key, seq, line, text}, seq numbering the file's mentions
// Returns: nothing

MATCH (f:File {name: $file})
UNWIND $rows AS row
MATCH (d:Document {key: row.key})
MERGE (f)-[m:MENTIONS {seq: row.seq}]->(d)
SET m.line = row.line,
    m.text = row.text
