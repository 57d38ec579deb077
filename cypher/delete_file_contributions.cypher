// Delete everything one file contributed: its statements about documents, agencies and
// indicators, its mentions, relations, task statements, agency assignments, indicator
// framings, targets and observations. Nodes stay; the store re-merges or deletes them after.
// (Collect, then delete: plain Cypher 5, no CALL subqueries, so any Neo4j 5.x runs it.)
//
// Parameters:
//   $file: string, the file name
// Returns: nothing

OPTIONAL MATCH ()-[relation:RELATES {file: $file}]->()
WITH collect(relation) AS relations
OPTIONAL MATCH ()-[statement:OF_PLAN {file: $file}]->()
WITH relations, collect(statement) AS statements
OPTIONAL MATCH ()-[lead:LEADS {file: $file}]->()
WITH relations, statements, collect(lead) AS leads
OPTIONAL MATCH ()-[coordinator:COORDINATES {file: $file}]->()
WITH relations, statements, leads, collect(coordinator) AS coordinators
OPTIONAL MATCH ()-[framing:FRAMED_BY {file: $file}]->()
WITH relations, statements, leads, coordinators, collect(framing) AS framings
OPTIONAL MATCH (:File {name: $file})-[said]->()
WITH relations, statements, leads, coordinators, framings, collect(said) AS sayings
OPTIONAL MATCH (target:Target {file: $file})
WITH relations, statements, leads, coordinators, framings, sayings, collect(target) AS targets
OPTIONAL MATCH (observation:Observation {file: $file})
WITH relations + statements + leads + coordinators + framings + sayings AS edges,
     targets, collect(observation) AS observations
FOREACH (edge IN edges | DELETE edge)
FOREACH (value IN targets + observations | DETACH DELETE value)
