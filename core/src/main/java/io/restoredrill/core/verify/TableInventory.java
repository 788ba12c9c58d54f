package io.restoredrill.core.verify;

import io.restoredrill.core.verify.suite.TableName;

/**
 * One user table as found in a database.
 *
 * @param contentHash order-independent hash of every row's text form, as 16 hex digits
 * @param partitioned whether this is a partitioned table: its rows and hash are the sums over its
 *                    leaf partitions, which are listed too, so it does not count towards totals
 */
public record TableInventory(String schema, String table, long rows, String contentHash, boolean partitioned) {

    /** An ordinary table or leaf partition. */
    public TableInventory(String schema, String table, long rows, String contentHash) {
        this(schema, table, rows, contentHash, false);
    }

    public String qualifiedName() {
        return TableName.display(schema, table);
    }
}
