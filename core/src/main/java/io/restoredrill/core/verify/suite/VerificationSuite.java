package io.restoredrill.core.verify.suite;

import java.time.Duration;
import java.util.List;

/**
 * What to verify beyond the zero-config checks, and how: the parsed form of a suite file
 * (docs/verification.md).
 *
 * @param checkTimeout          the longest any single check may run
 * @param parallelism           connections and threads used at once
 * @param amcheck               whether to check B-tree indexes with amcheck
 * @param heapAllIndexed        amcheck's heapallindexed: also prove every row is in each index (slower)
 * @param rowCountDropThreshold a table losing more than this fraction of rows since the previous
 *                              drill fails the comparison
 * @param requireAllChecks      a check that cannot run (amcheck that cannot be installed) fails the drill instead of
 *                              passing it with the check marked not run
 * @param expectEmpty           the database is meant to hold no rows: only then may a drill pass without user data
 * @param schema                read the copy's schema and compare it with the source's and the previous drill's
 *                              (on unless the suite turns it off)
 * @param programs              the team's own programs run against the restored copy (local engine)
 * @param sampled               tables too large to hash whole within the budget: counted exactly, their content
 *                              hashed over a sample of their blocks
 * @param typedHash             hash rows by their columns' own hash functions where the server and the types allow
 *                              ({@code contentHash: typed}, the default); {@code false} hashes every table's text form
 *                              ({@code contentHash: text}), slower and blind to less, except where the source's
 *                              inventory hashed a table typed
 */
public record VerificationSuite(
        Duration checkTimeout,
        int parallelism,
        boolean amcheck,
        boolean heapAllIndexed,
        double rowCountDropThreshold,
        List<TableName> tables,
        List<RowCountRule> rowCount,
        List<FreshnessRule> freshness,
        List<SqlRule> sql,
        boolean requireAllChecks,
        boolean expectEmpty,
        boolean schema,
        List<ProgramRule> programs,
        List<SampleRule> sampled,
        boolean typedHash) {

    public static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofMinutes(10);
    public static final double DEFAULT_ROW_COUNT_DROP_THRESHOLD = 0.10;

    public VerificationSuite {
        tables = List.copyOf(tables);
        rowCount = List.copyOf(rowCount);
        freshness = List.copyOf(freshness);
        sql = List.copyOf(sql);
        programs = List.copyOf(programs);
        sampled = List.copyOf(sampled);
    }

    /** The sample rule of {@code table}, or {@code null} when it is verified in full. */
    public SampleRule sampleOf(TableName table) {
        return sampled.stream().filter(rule -> rule.table().equals(table)).findFirst().orElse(null);
    }

    /** The zero-config suite. */
    public static VerificationSuite defaults() {
        return new VerificationSuite(DEFAULT_CHECK_TIMEOUT, defaultParallelism(), true, false,
                DEFAULT_ROW_COUNT_DROP_THRESHOLD, List.of(), List.of(), List.of(), List.of(), false, false, true, List.of(),
                List.of(), true);
    }

    public static int defaultParallelism() {
        return Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    public VerificationSuite withCheckTimeout(Duration value) {
        return new VerificationSuite(value, parallelism, amcheck, heapAllIndexed, rowCountDropThreshold,
                tables, rowCount, freshness, sql, requireAllChecks, expectEmpty, schema, programs, sampled, typedHash);
    }

    public VerificationSuite withParallelism(int value) {
        return new VerificationSuite(checkTimeout, value, amcheck, heapAllIndexed, rowCountDropThreshold,
                tables, rowCount, freshness, sql, requireAllChecks, expectEmpty, schema, programs, sampled, typedHash);
    }
}
