// Delete those of these documents that no file speaks of any more. A plain DELETE: it
// fails, rolling the write back, if a relation still points at one (it never should).
//
// Parameters:
//   $keys: list of document keys
// Returns: nothing

UNWIND $keys AS key
MATCH (d:Document {key: key})
WHERE NOT EXISTS { (:File)-[:STATES]->(d) }
DELETE d
