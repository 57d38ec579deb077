// Setup 010: the lookups that are not keys: documents by symbol, and every per-file
// contribution by its file, so replacing or removing one file never scans the graph.
// Idempotent (IF NOT EXISTS): Neo4jStore runs every setup file, in name order, on open.
//
// Parameters: none
// Returns: nothing

CREATE INDEX document_symbol IF NOT EXISTS FOR (d:Document) ON (d.symbol);
CREATE INDEX relates_type IF NOT EXISTS FOR ()-[r:RELATES]-() ON (r.type);
CREATE INDEX relates_file IF NOT EXISTS FOR ()-[r:RELATES]-() ON (r.file);
CREATE INDEX of_plan_file IF NOT EXISTS FOR ()-[r:OF_PLAN]-() ON (r.file);
CREATE INDEX leads_file IF NOT EXISTS FOR ()-[r:LEADS]-() ON (r.file);
CREATE INDEX coordinates_file IF NOT EXISTS FOR ()-[r:COORDINATES]-() ON (r.file);
CREATE INDEX framed_by_file IF NOT EXISTS FOR ()-[r:FRAMED_BY]-() ON (r.file);
CREATE INDEX target_file IF NOT EXISTS FOR (t:Target) ON (t.file);
CREATE INDEX observation_file IF NOT EXISTS FOR (o:Observation) ON (o.file);
