// Which tasks does this plan set? Every file's statement of each task any file places
// under the plan (lead, coordinate: maps {agency, seq}).
//
// Parameters:
//   $plan: string, the plan's document key
// Returns: key, file, seq, plan, section, text, line, evidence, plan_origin_file, lead, coordinate

MATCH (:Document {key: $plan})<-[:OF_PLAN]-(t:Task)
WITH DISTINCT t
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
