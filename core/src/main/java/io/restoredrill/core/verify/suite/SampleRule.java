package io.restoredrill.core.verify.suite;

/**
 * A table verified at sampled depth: its rows counted exactly, its content hashed over a sample of {@code percent} of
 * its blocks ({@code TABLESAMPLE SYSTEM (percent) REPEATABLE (seed)}) instead of every row.
 *
 * @param seed the sample's seed, or {@code null}: a new one each drill, recorded in the report
 */
public record SampleRule(TableName table, double percent, Long seed) {
}
