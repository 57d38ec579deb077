// What does the store know of this ingested file? No row when it was never ingested.
//
// Parameters:
//   $name: string, the file name
// Returns: name, sha256, encoding, ingested_at, documents, relations

MATCH (f:File {name: $name})
RETURN f.name AS name, f.sha256 AS sha256, f.encoding AS encoding,
       f.ingested_at AS ingested_at, f.documents AS documents, f.relations AS relations
