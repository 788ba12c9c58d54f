package io.restoredrill.core.verify;

import io.restoredrill.core.verify.suite.TableName;

/**
 * One scan of a verification's work: a whole table, or a range of a large table's blocks. The counts and
 * hashes of a table's ranges add up to the table's. A table verified at sampled depth has count units (every row
 * counted, none hashed) and one sample unit (the rows of a sample of its blocks, counted and hashed).
 *
 * @param method    how the rows are hashed, chosen once for every range of a table or pinned to text; {@code null}
 *                  for a whole table or a sample whose scan chooses
 * @param fromBlock the first block of a range, or {@code null} for the whole table
 * @param toBlock   the block after a range's last, or {@code null} for the whole table or the table's last range
 *                  (which reads to its end)
 * @param part      what the unit reads and hashes
 * @param sample    the sample a {@link Part#SAMPLE} unit reads, or {@code null}
 */
public record ScanUnit(TableName table, HashMethod method, Long fromBlock, Long toBlock, Part part,
                       TableSample sample) {

    /** What a unit yields. */
    public enum Part {
        /** The rows' count and content hash. */
        ALL,
        /** The rows' count only: the table's content is hashed over a sample. */
        COUNT,
        /** The count and content hash of the rows in a sample of the table's blocks. */
        SAMPLE
    }

    public ScanUnit {
        part = part == null ? Part.ALL : part;
    }

    boolean isRange() {
        return fromBlock != null;
    }

    String describe() {
        if (part == Part.SAMPLE) {
            return table + " sample " + sample.describe();
        }
        return isRange() ? table + " blocks " + fromBlock + (toBlock == null ? "–end" : "–" + (toBlock - 1)) : table.toString();
    }
}
