// Write the merged attributes onto Document nodes (what users see in Neo4j Browser).
//
// Parameters:
//   $rows: list of maps {key, symbol, doc_type, issuer, jurisdiction, date, year, title,
//          origin_file, origin_line, confidence, alternatives_json}
// Returns: nothing

UNWIND $rows AS row
MATCH (d:Document {key: row.key})
SET d.symbol = row.symbol,
    d.doc_type = row.doc_type,
    d.issuer = row.issuer,
    d.jurisdiction = row.jurisdiction,
    d.date = row.date,
    d.year = row.year,
    d.title = row.title,
    d.origin_file = row.origin_file,
    d.origin_line = row.origin_line,
    d.confidence = row.confidence,
    d.alternatives_json = row.alternatives_json
