// How big is the graph? Tasks, agencies and indicators count those some file states
// (an agency only named as a task's lead is not counted, as in SQLite).
//
// Parameters: none
// Returns: documents, relations, files, tasks, agencies, indicators

RETURN
  COUNT { MATCH (:Document) } AS documents,
  COUNT { MATCH ()-[:RELATES]->() } AS relations,
  COUNT { MATCH (:File) } AS files,
  COUNT { MATCH (t:Task) WHERE EXISTS { (t)-[:OF_PLAN]->(:Document) } } AS tasks,
  COUNT { MATCH (a:Agency) WHERE EXISTS { (:File)-[:STATES_AGENCY]->(a) } } AS agencies,
  COUNT { MATCH (i:Indicator) WHERE EXISTS { (:File)-[:STATES_INDICATOR]->(i) } } AS indicators
