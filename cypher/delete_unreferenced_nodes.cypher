// Delete those of these tasks, agencies and indicators that nothing refers to any more.
//
// Parameters:
//   $tasks: list of task keys
//   $agencies: list of agency keys
//   $indicators: list of indicator keys
// Returns: nothing

OPTIONAL MATCH (t:Task)
WHERE t.key IN $tasks AND NOT EXISTS { (t)--() }
WITH collect(t) AS tasks
OPTIONAL MATCH (a:Agency)
WHERE a.key IN $agencies AND NOT EXISTS { (a)--() }
WITH tasks, collect(a) AS agencies
OPTIONAL MATCH (i:Indicator)
WHERE i.key IN $indicators AND NOT EXISTS { (i)--() }
WITH tasks, agencies, collect(i) AS indicators
FOREACH (node IN tasks + agencies + indicators | DELETE node)
