// Forget one file, once delete_file_contributions has removed all it said.
// A plain DELETE: it fails, rolling the write back, if anything still hangs off the file.
//
// Parameters:
//   $name: string, the file name
// Returns: nothing

MATCH (f:File {name: $name})
DELETE f
