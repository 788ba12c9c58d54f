package io.restoredrill.core.verify;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.restoredrill.core.verify.suite.TableName;

/**
 * One user table as found in a database.
 *
 * @param contentHash order-independent hash of every row, as 16 hex digits
 * @param partitioned whether this is a partitioned table: its rows and hash are the sums over its
 *                    leaf partitions, which are listed too, so it does not count towards totals
 * @param hashMethod  how the rows were hashed ({@code null} in reports from before there was a choice: text)
 * @param sample      the sample of its blocks the content hash covers when the table was verified at sampled depth
 *                    (its count is still exact), or {@code null} when every row was hashed
 */
public record TableInventory(String schema, String table, long rows, String contentHash, boolean partitioned,
                             HashMethod hashMethod, @JsonInclude(JsonInclude.Include.NON_NULL) TableSample sample) {

    public TableInventory(String schema, String table, long rows, String contentHash, boolean partitioned,
                          HashMethod hashMethod) {
        this(schema, table, rows, contentHash, partitioned, hashMethod, null);
    }

    /** An ordinary table or leaf partition hashed as text. */
    public TableInventory(String schema, String table, long rows, String contentHash) {
        this(schema, table, rows, contentHash, false, HashMethod.TEXT);
    }

    public TableInventory(String schema, String table, long rows, String contentHash, boolean partitioned) {
        this(schema, table, rows, contentHash, partitioned, HashMethod.TEXT);
    }

    /** The method, reading a report from before there was a choice as text. */
    public HashMethod method() {
        return hashMethod == null ? HashMethod.TEXT : hashMethod;
    }

    /** Whether this table's content hash can be compared with {@code other}'s: both hashed the same way, every row. */
    public boolean hashComparableWith(TableInventory other) {
        return method() == other.method() && sample == null && other.sample() == null;
    }

    public String qualifiedName() {
        return TableName.display(schema, table);
    }
}
