// Store what one file says about each of its documents: a STATES relationship from the
// file to the document (merged later from every file's STATES by the store).
//
// Parameters:
//   $file: string, the file name
//   $rows: list of maps {key, seq, symbol, doc_type, issuer, jurisdiction, date, year,
//          title, origin_line, confidence, alternatives_json}, one per document
// Returns: nothing

MATCH (f:File {name: $file})
UNWIND $rows AS row
MERGE (d:Document {key: row.key})
MERGE (f)-[s:STATES]->(d)
SET s.seq = row.seq,
    s.symbol = row.symbol,
    s.doc_type = row.doc_type,
    s.issuer = row.issuer,
    s.jurisdiction = row.jurisdiction,
    s.date = row.date,
    s.year = row.year,
    s.title = row.title,
    s.origin_line = row.origin_line,
    s.confidence = row.confidence,
    s.alternatives_json = row.alternatives_json
