// Store the values one file reports for its indicators: an Observation node each, in
// order, REPORTED_IN the document that states it (when the file names one).
//
// Parameters:
//   $file: string, the file name
//   $rows: list of maps {indicator, seq, value, unit, period, source, raw, line, evidence},
//          source a document key or null
// Returns: nothing

UNWIND $rows AS row
MATCH (i:Indicator {key: row.indicator})
MERGE (i)-[:HAS_OBSERVATION]->(o:Observation {file: $file, seq: row.seq})
SET o.value = row.value,
    o.unit = row.unit,
    o.period = row.period,
    o.raw = row.raw,
    o.line = row.line,
    o.evidence = row.evidence
WITH o, row
OPTIONAL MATCH (d:Document {key: row.source})
FOREACH (source IN CASE WHEN d IS NULL THEN [] ELSE [d] END |
  MERGE (o)-[:REPORTED_IN]->(source)
)
