// Which nodes does one file speak of? Read before its contributions are deleted, so the
// store knows which documents to re-merge and which nodes may be left unreferenced.
//
// Parameters:
//   $file: string, the file name
// Returns: documents, tasks, stated_agencies, assigned_agencies, indicators

RETURN
  COLLECT { MATCH (:File {name: $file})-[:STATES]->(d:Document) RETURN d.key } AS documents,
  COLLECT { MATCH (t:Task)-[:OF_PLAN {file: $file}]->(:Document) RETURN t.key } AS tasks,
  COLLECT { MATCH (:File {name: $file})-[:STATES_AGENCY]->(a:Agency) RETURN a.key } AS stated_agencies,
  COLLECT { MATCH (a:Agency)-[:LEADS|COORDINATES {file: $file}]->(:Task) RETURN DISTINCT a.key } AS assigned_agencies,
  COLLECT { MATCH (:File {name: $file})-[:STATES_INDICATOR]->(i:Indicator) RETURN i.key } AS indicators
