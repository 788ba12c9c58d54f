package io.restoredrill.core.verify;

import io.restoredrill.core.verify.suite.RowCountRule;
import io.restoredrill.core.verify.suite.TableName;
import io.restoredrill.core.verify.suite.VerificationSuite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Checks derived from the inventory alone: no further queries. */
final class InventoryChecks {

    private static final int LISTED = 5;

    private final VerificationSuite suite;
    private final Inventory inventory;
    private final Map<String, InventoryScanner.TableScan> scans;

    InventoryChecks(VerificationSuite suite, Inventory inventory, List<InventoryScanner.TableScan> scans) {
        this.suite = suite;
        this.inventory = inventory;
        this.scans = scans.stream().collect(Collectors.toMap(s -> s.table().qualifiedName(), Function.identity()));
    }

    /** One result per table: its count and hash, matched against the source's when known. */
    List<CheckResult> perTable(Inventory expected) {
        Map<String, TableInventory> source = expected == null ? Map.of() : expected.byName();
        List<CheckResult> results = new ArrayList<>();
        for (InventoryScanner.TableScan scan : scans.values().stream()
                .sorted((a, b) -> a.table().qualifiedName().compareTo(b.table().qualifiedName())).toList()) {
            String name = scan.table().qualifiedName();
            TableInventory want = source.get(name);
            String expectedText = want == null ? null : describe(want);
            if (scan.error() != null) {
                results.add(new CheckResult(name, CheckKind.TABLE_INVENTORY, CheckStatus.ERROR, null, expectedText,
                        scan.took(), "The table could not be counted: " + scan.error() + "."));
                continue;
            }
            TableInventory got = scan.inventory();
            if (want == null) {
                results.add(new CheckResult(name, CheckKind.TABLE_INVENTORY, CheckStatus.PASSED, describe(got), null,
                        scan.took(), got.partitioned() ? "Sum of its partitions: " + got.rows() + " rows."
                                : "Counted " + got.rows() + " rows."));
            } else {
                boolean same = want.rows() == got.rows() && want.contentHash().equals(got.contentHash());
                results.add(new CheckResult(name, CheckKind.TABLE_INVENTORY, same ? CheckStatus.PASSED : CheckStatus.FAILED,
                        describe(got), expectedText, scan.took(), same
                                ? "Rows and content match the source at the snapshot."
                                : want.rows() != got.rows()
                                        ? "The restored table has " + got.rows() + " rows; the source had " + want.rows() + "."
                                        : "Same row count, but the content differs from the source."));
            }
        }
        return results;
    }

    CheckResult againstSource(Inventory expected) {
        Map<String, TableInventory> restored = inventory.byName();
        List<String> missing = expected.tables().stream().map(TableInventory::qualifiedName)
                .filter(name -> !restored.containsKey(name) && !scans.containsKey(name)).toList();
        Map<String, TableInventory> source = expected.byName();
        List<String> extra = scans.keySet().stream().filter(name -> !source.containsKey(name)).sorted().toList();
        boolean ok = missing.isEmpty() && extra.isEmpty();
        String detail = ok ? "Every one of the source's " + expected.tables().size() + " tables is in the restored copy."
                : (missing.isEmpty() ? "" : "Missing from the restored copy: " + list(missing) + ". ")
                  + (extra.isEmpty() ? "" : "Not in the source: " + list(extra) + ".");
        return new CheckResult("source tables", CheckKind.SOURCE_INVENTORY, ok ? CheckStatus.PASSED : CheckStatus.FAILED,
                scans.size() + " tables", expected.tables().size() + " tables", Duration.ZERO, detail.strip());
    }

    CheckResult againstPrevious(PreviousDrill previous) {
        Map<String, TableInventory> now = inventory.byName();
        List<String> problems = new ArrayList<>();
        for (TableInventory before : previous.inventory().tables()) {
            TableInventory current = now.get(before.qualifiedName());
            if (current == null) {
                if (!scans.containsKey(before.qualifiedName())) {
                    problems.add(before.qualifiedName() + " is missing");
                }
            } else if (current.rows() < before.rows() * (1 - suite.rowCountDropThreshold())) {
                problems.add(String.format("%s dropped from %d to %d rows", before.qualifiedName(), before.rows(), current.rows()));
            }
        }
        String threshold = Math.round(suite.rowCountDropThreshold() * 100) + "%";
        return new CheckResult("previous drill " + previous.drillId(), CheckKind.PREVIOUS_INVENTORY,
                problems.isEmpty() ? CheckStatus.PASSED : CheckStatus.FAILED,
                inventory.tables().size() + " tables, " + inventory.totalRows() + " rows",
                previous.inventory().tables().size() + " tables, no table down more than " + threshold,
                Duration.ZERO, problems.isEmpty()
                        ? "No table went missing or lost more than " + threshold + " of its rows since drill " + previous.drillId() + "."
                        : "Since drill " + previous.drillId() + ": " + list(problems) + ".");
    }

    CheckResult expectedTables() {
        List<String> missing = suite.tables().stream().map(TableName::qualifiedName)
                .filter(name -> !scans.containsKey(name)).toList();
        return new CheckResult("expected tables", CheckKind.TABLES, missing.isEmpty() ? CheckStatus.PASSED : CheckStatus.FAILED,
                (suite.tables().size() - missing.size()) + " of " + suite.tables().size() + " present",
                suite.tables().size() + " present", Duration.ZERO,
                missing.isEmpty() ? "Every expected table exists." : "Missing: " + list(missing) + ".");
    }

    List<CheckResult> rowCounts() {
        List<CheckResult> results = new ArrayList<>();
        for (RowCountRule rule : suite.rowCount()) {
            String name = rule.table().qualifiedName();
            String expected = (rule.min() == null ? "" : "≥ " + rule.min()) + (rule.min() != null && rule.max() != null ? " and " : "")
                    + (rule.max() == null ? "" : "≤ " + rule.max());
            InventoryScanner.TableScan scan = scans.get(name);
            if (scan == null) {
                results.add(new CheckResult(name, CheckKind.ROW_COUNT, CheckStatus.FAILED, "no such table", expected,
                        Duration.ZERO, "The table " + name + " does not exist in the restored copy."));
            } else if (scan.error() != null) {
                results.add(new CheckResult(name, CheckKind.ROW_COUNT, CheckStatus.ERROR, null, expected, scan.took(),
                        "The table could not be counted: " + scan.error() + "."));
            } else {
                long rows = scan.inventory().rows();
                boolean ok = (rule.min() == null || rows >= rule.min()) && (rule.max() == null || rows <= rule.max());
                results.add(new CheckResult(name, CheckKind.ROW_COUNT, ok ? CheckStatus.PASSED : CheckStatus.FAILED,
                        Long.toString(rows), expected, scan.took(),
                        ok ? "The row count is within bounds." : "The table has " + rows + " rows, outside " + expected + "."));
            }
        }
        return results;
    }

    private static String describe(TableInventory table) {
        return table.rows() + " rows, hash " + table.contentHash();
    }

    private static String list(List<String> items) {
        return items.size() <= LISTED ? String.join(", ", items)
                : String.join(", ", items.subList(0, LISTED)) + " and " + (items.size() - LISTED) + " more";
    }
}
