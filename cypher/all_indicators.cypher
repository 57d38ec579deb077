// Every indicator, once per file that states it, with that file's name, framing document
// (scope), targets and observations (maps; seq orders them). The store merges them.
//
// Parameters: none
// Returns: key, file, seq, name, scope, targets, observations

MATCH (i:Indicator)
MATCH (f:File)-[s:STATES_INDICATOR]->(i)
OPTIONAL MATCH (i)-[:FRAMED_BY {file: f.name}]->(d:Document)
RETURN i.key AS key, f.name AS file, s.seq AS seq, s.name AS name, d.key AS scope,
       COLLECT {
         MATCH (i)-[:HAS_TARGET]->(t:Target {file: f.name})
         RETURN t {.seq, .value, .unit, .year, .comparator, .value_max, .raw, .line, .evidence}
       } AS targets,
       COLLECT {
         MATCH (i)-[:HAS_OBSERVATION]->(o:Observation {file: f.name})
         OPTIONAL MATCH (o)-[:REPORTED_IN]->(source:Document)
         RETURN o {.seq, .value, .unit, .period, .raw, .line, .evidence, source: source.key}
       } AS observations
ORDER BY key, file
