package io.restoredrill.core.verify;

import io.restoredrill.core.verify.suite.RowCountRule;
import io.restoredrill.core.verify.suite.TableName;
import io.restoredrill.core.verify.suite.VerificationSuite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /**
     * One result per table: its count and hash, matched against the source's exact inventory when known, else
     * against what the source's catalog said at the snapshot (an exact count for a small table, an estimate for a
     * large one).
     */
    List<CheckResult> perTable(Inventory expected, SourceCatalog catalog) {
        Map<String, TableInventory> source = expected == null ? Map.of() : expected.byName();
        Map<String, SourceTable> estimated = catalog == null ? Map.of() : catalog.tables().stream()
                .collect(Collectors.toMap(SourceTable::qualifiedName, Function.identity()));
        List<CheckResult> results = new ArrayList<>();
        for (InventoryScanner.TableScan scan : scans.values().stream()
                .sorted((a, b) -> a.table().qualifiedName().compareTo(b.table().qualifiedName())).toList()) {
            String name = scan.table().qualifiedName();
            TableInventory want = source.get(name);
            SourceTable said = estimated.get(name);
            String expectedText = want != null ? describe(want) : said == null ? null : describe(said);
            if (scan.error() != null) {
                results.add(new CheckResult(name, CheckKind.TABLE_INVENTORY, CheckStatus.ERROR, null, expectedText,
                        scan.took(), "The table could not be counted: " + scan.error() + "."));
                continue;
            }
            TableInventory got = scan.inventory();
            if (want != null) {
                boolean hashes = want.hashComparableWith(got);
                boolean same = want.rows() == got.rows() && (!hashes || want.contentHash().equals(got.contentHash()));
                results.add(new CheckResult(name, CheckKind.TABLE_INVENTORY, same ? CheckStatus.PASSED : CheckStatus.FAILED,
                        describe(got), expectedText, scan.took(), want.rows() != got.rows()
                                ? "The restored table has " + got.rows() + " rows; the source had " + want.rows() + "."
                                : !hashes && (got.sample() != null || want.sample() != null) ? "Rows match the source at"
                                        + " the snapshot; the content was not compared: the copy's was hashed over a sample"
                                        + " of its blocks (sampled depth), the source's over every row."
                                : !hashes ? "Rows match the source at the snapshot; the content was not compared: the source"
                                        + " was hashed " + want.method().jsonName() + ", the copy " + got.method().jsonName() + "."
                                : same ? "Rows and content match the source at the snapshot."
                                : "Same row count, but the content differs from the source."));
            } else if (said != null) {
                results.add(againstCatalog(scan, said, expectedText));
            } else {
                results.add(new CheckResult(name, CheckKind.TABLE_INVENTORY, CheckStatus.PASSED, describe(got), null,
                        scan.took(), (got.partitioned() ? "Sum of its partitions: " + got.rows() + " rows."
                                : "Counted " + got.rows() + " rows.") + (got.sample() == null ? ""
                                : " Sampled depth: every row counted, the content of " + got.sample().rows()
                                + " rows read and hashed (" + got.sample().describe() + ").")));
            }
        }
        return results;
    }

    private static CheckResult againstCatalog(InventoryScanner.TableScan scan, SourceTable said, String expectedText) {
        TableInventory got = scan.inventory();
        String name = scan.table().qualifiedName();
        if (said.exactRows() != null) {
            boolean same = said.exactRows() == got.rows();
            return new CheckResult(name, CheckKind.TABLE_INVENTORY, same ? CheckStatus.PASSED : CheckStatus.FAILED,
                    describe(got), expectedText, scan.took(), same
                            ? "Counted " + got.rows() + " rows, as the source held at the snapshot."
                            : "The restored table has " + got.rows() + " rows; the source held " + said.exactRows()
                            + " at the snapshot" + (got.rows() == 0 ? " (a backup without this table's data)." : "."));
        }
        if (said.estimatedRows() == null) {
            return new CheckResult(name, CheckKind.TABLE_INVENTORY, CheckStatus.PASSED, describe(got), expectedText,
                    scan.took(), "Counted " + got.rows() + " rows; the source had no row estimate for this table (never "
                    + "vacuumed or analyzed), so only an exact inventory of the source can compare it.");
        }
        long floor = (long) Math.ceil(said.estimatedRows() * SourceCatalog.ESTIMATE_FLOOR);
        boolean enough = got.rows() >= floor;
        return new CheckResult(name, CheckKind.TABLE_INVENTORY, enough ? CheckStatus.PASSED : CheckStatus.FAILED,
                describe(got), expectedText, scan.took(), enough
                        ? "Counted " + got.rows() + " rows; the source's statistics said about " + said.estimatedRows() + "."
                        : "The restored table has " + got.rows() + " rows; the source's statistics said about "
                        + said.estimatedRows() + " at the snapshot, and fewer than "
                        + Math.round(SourceCatalog.ESTIMATE_FLOOR * 100) + "% of that means rows were lost"
                        + (got.rows() == 0 ? " (a backup without this table's data)." : "."));
    }

    /** Every table the source had is in the copy, and none it did not have. */
    CheckResult againstSource(Inventory expected, SourceCatalog catalog) {
        boolean exact = expected != null;
        List<String> names = exact ? expected.tables().stream().map(TableInventory::qualifiedName).toList()
                : catalog.tables().stream().map(SourceTable::qualifiedName).toList();
        Map<String, TableInventory> restored = inventory.byName();
        List<String> missing = names.stream()
                .filter(name -> !restored.containsKey(name) && !scans.containsKey(name)).sorted().toList();
        Set<String> source = new HashSet<>(names);
        // The catalog lists leaf tables only; a partitioned parent is the schema check's to compare.
        List<String> extra = scans.values().stream()
                .filter(s -> exact || s.inventory() == null || !s.inventory().partitioned())
                .map(s -> s.table().qualifiedName()).filter(name -> !source.contains(name)).sorted().toList();
        boolean ok = missing.isEmpty() && extra.isEmpty();
        String detail = ok ? "Every one of the source's " + names.size() + " tables is in the restored copy."
                : (missing.isEmpty() ? "" : "Missing from the restored copy: " + list(missing) + ". ")
                  + (extra.isEmpty() ? "" : "Not in the source: " + list(extra) + ".");
        return new CheckResult("source tables", CheckKind.SOURCE_INVENTORY, ok ? CheckStatus.PASSED : CheckStatus.FAILED,
                (scans.size() - (exact ? 0 : scans.values().stream().filter(s -> s.inventory() != null
                        && s.inventory().partitioned()).count())) + " tables", names.size() + " tables", Duration.ZERO,
                detail.strip());
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
        String hash = table.rows() + " rows, " + table.method().jsonName() + " hash " + table.contentHash();
        return table.sample() == null ? hash : hash + " of a sample (" + table.sample().describe() + ", "
                + table.sample().rows() + " rows)";
    }

    private static String describe(SourceTable table) {
        return table.exactRows() != null ? table.exactRows() + " rows (counted at the snapshot)"
                : table.estimatedRows() != null ? "about " + table.estimatedRows() + " rows (statistics), at least "
                        + (long) Math.ceil(table.estimatedRows() * SourceCatalog.ESTIMATE_FLOOR)
                : "unknown (no statistics)";
    }

    private static String list(List<String> items) {
        return items.size() <= LISTED ? String.join(", ", items)
                : String.join(", ", items.subList(0, LISTED)) + " and " + (items.size() - LISTED) + " more";
    }
}
