// Setup 000: one node per key. Each constraint also backs the key lookups with an index.
// Idempotent (IF NOT EXISTS): Neo4jStore runs every setup file, in name order, on open.
//
// Parameters: none
// Returns: nothing

CREATE CONSTRAINT document_key IF NOT EXISTS FOR (d:Document) REQUIRE d.key IS UNIQUE;
CREATE CONSTRAINT task_key IF NOT EXISTS FOR (t:Task) REQUIRE t.key IS UNIQUE;
CREATE CONSTRAINT agency_key IF NOT EXISTS FOR (a:Agency) REQUIRE a.key IS UNIQUE;
CREATE CONSTRAINT indicator_key IF NOT EXISTS FOR (i:Indicator) REQUIRE i.key IS UNIQUE;
CREATE CONSTRAINT file_name IF NOT EXISTS FOR (f:File) REQUIRE f.name IS UNIQUE;
