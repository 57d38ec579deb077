// Record one ingested file (created, or updated when re-ingested).
//
// Parameters:
//   $name: string, the file name (FileGraph.file)
//   $sha256: string, the fingerprint the ingest compares
//   $encoding: string, the encoding the file was read with
//   $ingested_at: string, ISO 8601 UTC time of the write
//   $documents: int, how many documents the file holds
//   $relations: int, how many relations the file holds
// Returns: nothing

MERGE (f:File {name: $name})
SET f.sha256 = $sha256,
    f.encoding = $encoding,
    f.ingested_at = $ingested_at,
    f.documents = $documents,
    f.relations = $relations
