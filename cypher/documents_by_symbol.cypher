// Which documents carry this canonical symbol (several when it is ambiguous)?
// Mentions are maps {file, line, text, seq}.
//
// Parameters:
//   $symbol: string, the canonical symbol, e.g. 361-KL/TU
// Returns: key, symbol, doc_type, issuer, jurisdiction, date, year, title, origin_file, origin_line, confidence, alternatives_json, mentions

MATCH (d:Document {symbol: $symbol})
RETURN d.key AS key, d.symbol AS symbol, d.doc_type AS doc_type, d.issuer AS issuer,
       d.jurisdiction AS jurisdiction, d.date AS date, d.year AS year, d.title AS title,
       d.origin_file AS origin_file, d.origin_line AS origin_line, d.confidence AS confidence,
       d.alternatives_json AS alternatives_json,
       COLLECT {
         MATCH (f:File)-[m:MENTIONS]->(d)
         RETURN {file: f.name, line: m.line, text: m.text, seq: m.seq}
       } AS mentions
ORDER BY key
