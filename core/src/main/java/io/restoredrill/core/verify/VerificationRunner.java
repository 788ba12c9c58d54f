package io.restoredrill.core.verify;

import io.restoredrill.core.error.VerificationFailedException;
import io.restoredrill.core.verify.schema.SchemaComparison;
import io.restoredrill.core.verify.schema.SchemaInventory;
import io.restoredrill.core.verify.schema.SchemaKind;
import io.restoredrill.core.verify.schema.SchemaReader;
import io.restoredrill.core.verify.suite.VerificationSuite;
import io.restoredrill.core.verify.suite.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs the zero-config checks and a suite's rules against a database (normally the restored copy)
 * over a small pool of connections, each check with a timeout, and returns every check's result
 * with what it measured and how long it took. It never throws for a failed check: only when the
 * database cannot be reached at all.
 */
public final class VerificationRunner {

    private final ConnectionSource source;
    private final VerificationSuite suite;

    public VerificationRunner(ConnectionSource source, VerificationSuite suite) {
        this.source = source;
        this.suite = suite;
    }

    public VerificationResult run(VerificationRequest request) {
        try {
            return runChecks(request);
        } catch (SQLException e) {
            throw new VerificationFailedException("Cannot query the restored database: "
                    + Verifier.describe(e, suite.checkTimeout()) + ".", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VerificationFailedException("Verification was interrupted.", e);
        }
    }

    private VerificationResult runChecks(VerificationRequest request) throws SQLException, InterruptedException {
        long started = System.nanoTime();
        Connection first = source.open();
        Setup setup;
        try {
            setup = prepare(first, started, request.installAmcheck(), request.sourceVersion());
            readOnly(first);
        } catch (SQLException | RuntimeException e) {
            close(first, e);
            throw e;
        }
        ExecutorService executor = Executors.newFixedThreadPool(suite.parallelism(), Verifier.threads("verify"));
        ConnectionSource readOnly = () -> readOnly(source.open());
        // The setup's connection becomes the pool's first: one login (a SCRAM exchange) fewer.
        try (ConnectionPool pool = new ConnectionPool(readOnly, suite.parallelism(), first)) {
            CheckBudget budget = new CheckBudget(suite.checkTimeout(), request.deadline());
            Future<SchemaOutcome> schema = executor.submit(() -> schema(pool, request, setup.amcheckInstalled()));
            List<Future<InventoryScanner.TableScan>> scans = new ArrayList<>();
            for (TableName table : setup.tables()) {
                scans.add(executor.submit(() -> InventoryScanner.scanTable(pool, table, setup.versionNum(), budget)));
            }
            SqlChecks sqlChecks = new SqlChecks(pool, budget, request.drillStart());
            // Started largest first, like the tables; reported in the catalog's name order.
            Map<Catalog.BtreeIndex, Future<CheckResult>> amcheckByIndex = new HashMap<>();
            setup.indexes().stream().sorted(Comparator.comparingLong(Catalog.BtreeIndex::bytes).reversed())
                    .forEach(index -> amcheckByIndex.put(index,
                            executor.submit(() -> sqlChecks.amcheck(index, suite.heapAllIndexed()))));
            List<Future<CheckResult>> amchecks = setup.indexes().stream().map(amcheckByIndex::get).toList();
            List<Future<CheckResult>> freshness = submitAll(executor,
                    suite.freshness().stream().map(rule -> (Callable<CheckResult>) () -> sqlChecks.freshness(rule)).toList());
            List<Future<CheckResult>> sql = submitAll(executor,
                    suite.sql().stream().map(rule -> (Callable<CheckResult>) () -> sqlChecks.sql(rule)).toList());

            List<InventoryScanner.TableScan> tableScans = new ArrayList<>();
            for (Future<InventoryScanner.TableScan> scan : scans) {
                tableScans.add(Verifier.await(scan));
            }
            tableScans.addAll(Partitions.rollUp(tableScans, setup.partitions()));
            Inventory inventory = new Inventory(tableScans.stream()
                    .filter(s -> s.inventory() != null).map(InventoryScanner.TableScan::inventory).toList());
            InventoryChecks inventoryChecks = new InventoryChecks(suite, inventory, tableScans);

            List<CheckResult> checks = new ArrayList<>();
            checks.add(setup.versionCheck());
            checks.add(UserData.check(inventory, suite.expectEmpty()));
            if (request.expected() != null || request.sourceCatalog() != null) {
                checks.add(inventoryChecks.againstSource(request.expected(), request.sourceCatalog()));
            }
            SchemaOutcome schemaOutcome = Verifier.await(schema);
            checks.addAll(schemaOutcome.checks());
            if (request.previous() != null) {
                checks.add(inventoryChecks.againstPrevious(request.previous()));
            }
            if (!suite.tables().isEmpty()) {
                checks.add(inventoryChecks.expectedTables());
            }
            checks.addAll(inventoryChecks.perTable(request.expected(), request.sourceCatalog()));
            checks.addAll(inventoryChecks.rowCounts());
            if (setup.amcheckUnavailable() != null) {
                checks.add(setup.amcheckUnavailable());
            }
            checks.addAll(awaitAll(amchecks));
            List<CheckResult> freshnessResults = awaitAll(freshness);
            checks.addAll(freshnessResults);
            checks.addAll(awaitAll(sql));
            return new VerificationResult(checks, inventory, setup.serverVersion(), sqlChecks.newestData(),
                    schemaOutcome.inventory());
        } finally {
            executor.shutdownNow();
        }
    }

    /** @param amcheckInstalled whether the verifier created amcheck in the copy (it is then not the copy's own) */
    private record Setup(String serverVersion, int versionNum, CheckResult versionCheck, boolean amcheckInstalled,
                         List<TableName> tables, Map<TableName, List<TableName>> partitions,
                         List<Catalog.BtreeIndex> indexes, CheckResult amcheckUnavailable) {
    }

    /** The copy's schema (or {@code null} when not read) and its comparisons. */
    private record SchemaOutcome(SchemaInventory inventory, List<CheckResult> checks) {
    }

    /**
     * Reads the copy's schema on one of the pool's connections, while the others scan, and compares it: catalog
     * queries and comparisons of tens of thousands of objects take long enough on a wide schema to be worth overlapping.
     */
    private SchemaOutcome schema(ConnectionPool pool, VerificationRequest request, boolean amcheckInstalled)
            throws InterruptedException {
        if (!suite.schema()) {
            return new SchemaOutcome(null, List.of());
        }
        boolean sourceKnown = request.sourceCatalog() != null && request.sourceCatalog().schema() != null;
        boolean previousKnown = request.previous() != null && request.previous().schema() != null;
        SchemaInventory inventory;
        long started = System.nanoTime();
        try {
            inventory = pool.use(SchemaReader::read);
        } catch (SQLException e) {
            String error = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            return new SchemaOutcome(null, sourceKnown || previousKnown ? List.of(new CheckResult("schema",
                    CheckKind.SOURCE_SCHEMA, CheckStatus.ERROR, null, "as in the source",
                    Duration.ofNanos(System.nanoTime() - started), "The copy's catalog could not be read: " + error + "."))
                    : List.of());
        }
        if (amcheckInstalled) {
            inventory = inventory.without(SchemaKind.EXTENSION, "amcheck");
        }
        List<CheckResult> checks = new ArrayList<>();
        if (sourceKnown) {
            checks.addAll(SchemaComparison.againstSource(inventory, request.sourceCatalog().schema(),
                    request.ownershipRestored()));
        }
        if (previousKnown) {
            checks.add(SchemaComparison.againstPrevious(inventory, request.previous().drillId(),
                    request.previous().schema(), sourceKnown));
        }
        return new SchemaOutcome(inventory, checks);
    }

    private static Connection readOnly(Connection connection) throws SQLException {
        SessionSettings.apply(connection);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET default_transaction_read_only = on");
        }
        return connection;
    }

    private static void close(Connection connection, Exception failure) {
        try {
            connection.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** Reads what to check; may install amcheck, so this runs before the connection is made read-only. */
    private Setup prepare(Connection connection, long started, boolean installAmcheck, String sourceVersion)
            throws SQLException {
        String version = Catalog.serverVersion(connection);
        int versionNum = Catalog.serverVersionNum(connection);
        CheckResult versionCheck = ServerVersions.check(version, sourceVersion, Duration.ofNanos(System.nanoTime() - started));
        List<TableName> tables = Catalog.userTables(connection);
        Map<TableName, List<TableName>> partitions = Catalog.partitionTrees(connection, versionNum);
        if (!suite.amcheck()) {
            return new Setup(version, versionNum, versionCheck, false, tables, partitions, List.of(), null);
        }
        long amcheckStarted = System.nanoTime();
        boolean hadAmcheck = Catalog.hasExtension(connection, "amcheck");
        String unavailable = AmcheckInstaller.ensure(connection, installAmcheck);
        if (unavailable != null) {
            CheckResult skipped = suite.requireAllChecks()
                    ? new CheckResult("amcheck", CheckKind.AMCHECK, CheckStatus.ERROR, null, null,
                            Duration.ofNanos(System.nanoTime() - amcheckStarted), "B-tree indexes could not be checked: "
                            + unavailable + "; the suite requires every check to run (requireAllChecks).")
                    : new CheckResult("amcheck", CheckKind.AMCHECK, CheckStatus.SKIPPED, null, null,
                            Duration.ofNanos(System.nanoTime() - amcheckStarted),
                            "B-tree indexes were not checked: " + unavailable + ".");
            return new Setup(version, versionNum, versionCheck, false, tables, partitions, List.of(), skipped);
        }
        return new Setup(version, versionNum, versionCheck, !hadAmcheck, tables, partitions,
                Catalog.btreeIndexes(connection), null);
    }

    private static List<Future<CheckResult>> submitAll(ExecutorService executor, List<Callable<CheckResult>> tasks) {
        return tasks.stream().map(executor::submit).toList();
    }

    private static List<CheckResult> awaitAll(List<Future<CheckResult>> futures) throws InterruptedException {
        List<CheckResult> results = new ArrayList<>();
        for (Future<CheckResult> future : futures) {
            results.add(Verifier.await(future));
        }
        return results;
    }
}
