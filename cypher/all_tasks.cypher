// Every task, once per file that states it, with that file's plan, section, text,
// evidence and agencies (lead, coordinate: maps {agency, seq}). The store keeps one
// statement per task: the plan's own file's, else the first file's by name.
//
// Parameters: none
// Returns: key, file, seq, plan, section, text, line, evidence, plan_origin_file, lead, coordinate

MATCH (t:Task)
MATCH (t)-[s:OF_PLAN]->(p:Document)
RETURN t.key AS key, s.file AS file, s.seq AS seq, p.key AS plan, s.section AS section,
       s.text AS text, s.line AS line, s.evidence AS evidence,
       p.origin_file AS plan_origin_file,
       COLLECT {
         MATCH (a:Agency)-[l:LEADS {file: s.file}]->(t)
         RETURN {agency: a.key, seq: l.seq}
       } AS lead,
       COLLECT {
         MATCH (a:Agency)-[c:COORDINATES {file: s.file}]->(t)
         RETURN {agency: a.key, seq: c.seq}
       } AS coordinate
ORDER BY key, file
