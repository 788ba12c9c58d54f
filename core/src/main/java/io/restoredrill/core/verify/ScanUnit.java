package io.restoredrill.core.verify;

import io.restoredrill.core.verify.suite.TableName;

/**
 * One scan of a verification's work: a whole table, or a range of a large table's blocks. The counts and
 * hashes of a table's ranges add up to the table's.
 *
 * @param method    how the rows are hashed, chosen once for every range of a table; {@code null} for a whole
 *                  table, whose scan chooses
 * @param fromBlock the first block of a range, or {@code null} for the whole table
 * @param toBlock   the block after a range's last, or {@code null} for the whole table or the table's last range
 *                  (which reads to its end)
 */
public record ScanUnit(TableName table, HashMethod method, Long fromBlock, Long toBlock) {

    static ScanUnit whole(TableName table) {
        return new ScanUnit(table, null, null, null);
    }

    boolean isRange() {
        return fromBlock != null;
    }

    String describe() {
        return isRange() ? table + " blocks " + fromBlock + (toBlock == null ? "–end" : "–" + (toBlock - 1)) : table.toString();
    }
}
