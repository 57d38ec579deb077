// Is there a document with this key?
//
// Parameters:
//   $key: string, the document key
// Returns: found

RETURN EXISTS { MATCH (:Document {key: $key}) } AS found
