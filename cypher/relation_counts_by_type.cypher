// How many relations of each type?
//
// Parameters: none
// Returns: type, relations

MATCH ()-[r:RELATES]->()
RETURN r.type AS type, count(*) AS relations
ORDER BY type
