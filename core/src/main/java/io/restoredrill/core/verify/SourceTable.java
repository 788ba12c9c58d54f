package io.restoredrill.core.verify;

import io.restoredrill.core.verify.suite.TableName;

/**
 * What the source's catalog said of one of its tables inside the dump's snapshot, without scanning it.
 *
 * @param exactRows     the exact count, for a small table counted in the snapshot, else {@code null}
 * @param estimatedRows the statistics' live rows ({@code pg_stat_all_tables.n_live_tup}), or the planner's estimate
 *                      ({@code pg_class.reltuples}) where the statistics were reset, or {@code null} for a table never
 *                      vacuumed or analyzed
 */
public record SourceTable(String schema, String table, Long exactRows, Long estimatedRows) {

    public String qualifiedName() {
        return TableName.display(schema, table);
    }
}
