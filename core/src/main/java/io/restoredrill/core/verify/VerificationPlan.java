package io.restoredrill.core.verify;

import io.restoredrill.core.verify.suite.TableName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A verification's work, decided once on the database under verification before any check runs, so that a
 * verification spread over several invocations does exactly what one uninterrupted run does.
 *
 * @param versionCheck       the server version's check, made while planning
 * @param amcheckInstalled   whether the verifier created amcheck in the copy (it is then not the copy's own)
 * @param amcheckUnavailable why indexes are not checked, as a check, or {@code null}
 * @param partitions         every partitioned table with its leaf partitions
 * @param indexes            the B-tree indexes amcheck checks, in name order
 * @param scans              the tables, largest first; a table larger than a range is split into ranges of blocks
 * @param readSchema         whether the copy's schema is read and compared
 * @param freshnessChecks    how many freshness rules the suite has
 * @param sqlChecks          how many SQL rules the suite has
 */
public record VerificationPlan(String serverVersion, int serverVersionNum, CheckResult versionCheck,
                               boolean amcheckInstalled, CheckResult amcheckUnavailable, List<PartitionTree> partitions,
                               List<BtreeIndex> indexes, List<ScanUnit> scans, boolean readSchema, int freshnessChecks,
                               int sqlChecks) {

    /** A partitioned table and its leaf partitions. */
    public record PartitionTree(TableName parent, List<TableName> leaves) {
    }

    public VerificationPlan {
        partitions = List.copyOf(partitions);
        indexes = List.copyOf(indexes);
        scans = List.copyOf(scans);
    }

    Map<TableName, List<TableName>> partitionTrees() {
        Map<TableName, List<TableName>> trees = new LinkedHashMap<>();
        partitions.forEach(tree -> trees.put(tree.parent(), tree.leaves()));
        return trees;
    }

    /** How many checks and scans the plan holds. */
    public int units() {
        return (readSchema ? 1 : 0) + scans.size() + indexes.size() + freshnessChecks + sqlChecks;
    }
}
