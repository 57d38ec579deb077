// Every ingested file, by name.
//
// Parameters: none
// Returns: name, sha256, encoding, ingested_at, documents, relations

MATCH (f:File)
RETURN f.name AS name, f.sha256 AS sha256, f.encoding AS encoding,
       f.ingested_at AS ingested_at, f.documents AS documents, f.relations AS relations
ORDER BY name
