// Every agency, once per file that describes it, with that file's name, aliases and
// mentions (maps {line, text, seq}). The store merges them as SQLite does.
//
// Parameters: none
// Returns: key, file, seq, name, jurisdiction, kind, valid_until, successor, aliases, mentions

MATCH (f:File)-[s:STATES_AGENCY]->(a:Agency)
RETURN a.key AS key, f.name AS file, s.seq AS seq, s.name AS name,
       s.jurisdiction AS jurisdiction, s.kind AS kind, s.valid_until AS valid_until,
       s.successor AS successor, coalesce(s.aliases, []) AS aliases,
       COLLECT {
         MATCH (f)-[m:MENTIONS]->(a)
         RETURN {line: m.line, text: m.text, seq: m.seq}
       } AS mentions
ORDER BY key, file
