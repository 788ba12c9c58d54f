package io.restoredrill.core.verify.suite;

/** The table must hold at least {@code min} and at most {@code max} rows (either may be absent). */
public record RowCountRule(TableName table, Long min, Long max) {
}
