// Store the targets one file sets for its indicators: a Target node each, in order.
//
// Parameters:
//   $file: string, the file name
//   $rows: list of maps {indicator, seq, value, unit, year, comparator, value_max, raw,
//          line, evidence}, seq the target's position in the indicator's list
// Returns: nothing

UNWIND $rows AS row
MATCH (i:Indicator {key: row.indicator})
MERGE (i)-[:HAS_TARGET]->(t:Target {file: $file, seq: row.seq})
SET t.value = row.value,
    t.unit = row.unit,
    t.year = row.year,
    t.comparator = row.comparator,
    t.value_max = row.value_max,
    t.raw = row.raw,
    t.line = row.line,
    t.evidence = row.evidence
