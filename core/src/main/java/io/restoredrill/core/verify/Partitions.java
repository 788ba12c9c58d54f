package io.restoredrill.core.verify;

import io.restoredrill.core.verify.suite.TableName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Gives each partitioned table an inventory without scanning it again: its row count is the sum of
 * its leaf partitions' counts, and its hash the sum of their hashes (the hash is additive).
 */
final class Partitions {

    private Partitions() {
    }

    static List<InventoryScanner.TableScan> rollUp(List<InventoryScanner.TableScan> leaves,
                                                    Map<TableName, List<TableName>> trees) {
        Map<TableName, InventoryScanner.TableScan> byTable = leaves.stream()
                .collect(Collectors.toMap(InventoryScanner.TableScan::table, Function.identity(), (a, b) -> a));
        List<InventoryScanner.TableScan> parents = new ArrayList<>();
        for (Map.Entry<TableName, List<TableName>> tree : trees.entrySet()) {
            TableName parent = tree.getKey();
            long rows = 0;
            List<String> hashes = new ArrayList<>();
            java.util.Set<HashMethod> methods = java.util.EnumSet.noneOf(HashMethod.class);
            Duration took = Duration.ZERO;
            TableSample sample = null;
            String error = null;
            for (TableName leaf : tree.getValue()) {
                InventoryScanner.TableScan scan = byTable.get(leaf);
                if (scan == null || scan.error() != null) {
                    error = "partition " + leaf + " could not be counted";
                    break;
                }
                rows += scan.inventory().rows();
                hashes.add(scan.inventory().contentHash());
                methods.add(scan.inventory().method());
                took = took.plus(scan.took());
                TableSample leafSample = scan.inventory().sample();
                if (leafSample != null) {
                    // Some of its rows were hashed over a sample: so is the parent's sum (its rows, the sampled leaves').
                    sample = sample == null ? leafSample : sample.withRows(sample.rows() + leafSample.rows());
                }
            }
            // Partitions share their parent's column types, so one method; were they mixed, text marks the sum.
            HashMethod method = methods.size() == 1 ? methods.iterator().next() : HashMethod.TEXT;
            parents.add(error != null ? new InventoryScanner.TableScan(parent, null, took, error)
                    : new InventoryScanner.TableScan(parent, new TableInventory(parent.schema(), parent.table(), rows,
                            ContentHash.combine(hashes), true, method, sample), took, null));
        }
        return parents;
    }
}
