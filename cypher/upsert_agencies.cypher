// Store what one file says about each agency: a STATES_AGENCY relationship from the file.
//
// Parameters:
//   $file: string, the file name
//   $rows: list of maps {key, seq, name, jurisdiction, kind, valid_until, successor, aliases}
// Returns: nothing

MATCH (f:File {name: $file})
UNWIND $rows AS row
MERGE (a:Agency {key: row.key})
MERGE (f)-[s:STATES_AGENCY]->(a)
SET s.seq = row.seq,
    s.name = row.name,
    s.jurisdiction = row.jurisdiction,
    s.kind = row.kind,
    s.valid_until = row.valid_until,
    s.successor = row.successor,
    s.aliases = row.aliases
