package io.restoredrill.core.verify;

import io.restoredrill.core.error.VerificationFailedException;
import io.restoredrill.core.verify.VerificationProgress.SchemaOutcome;
import io.restoredrill.core.verify.schema.SchemaComparison;
import io.restoredrill.core.verify.schema.SchemaInventory;
import io.restoredrill.core.verify.schema.SchemaKind;
import io.restoredrill.core.verify.schema.SchemaReader;
import io.restoredrill.core.verify.suite.SampleRule;
import io.restoredrill.core.verify.suite.TableName;
import io.restoredrill.core.verify.suite.VerificationSuite;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs the zero-config checks and a suite's rules against a database (normally the restored copy)
 * over a small pool of connections, each check with a timeout, and returns every check's result
 * with what it measured and how long it took. It never throws for a failed check: only when the
 * database cannot be reached at all.
 *
 * <p>The work is planned first ({@link VerificationPlan}: tables, and block ranges of large ones, indexes, rules), so
 * it can also run in slices, one per invocation of a function with a time limit: {@link #runSlice} goes on from a
 * {@link VerificationProgress} until the work is done or the slice ends, and {@link #finish} turns the finished
 * progress into the same result one uninterrupted {@link #run} gives. The copy under verification does not change
 * between slices (it is read only, and nothing else writes it), so the parts add up to the whole.
 */
public final class VerificationRunner {

    /** Tables larger than this many blocks (1 GiB of 8 kB blocks) are scanned in ranges of as many blocks. */
    public static final long DEFAULT_RANGE_BLOCKS = 131_072;

    private static final java.security.SecureRandom SEEDS = new java.security.SecureRandom();

    private final ConnectionSource source;
    private final VerificationSuite suite;
    private final long rangeBlocks;

    public VerificationRunner(ConnectionSource source, VerificationSuite suite) {
        this(source, suite, DEFAULT_RANGE_BLOCKS);
    }

    /** @param rangeBlocks the most blocks one scan reads of a table (PostgreSQL 14+; older servers scan tables whole) */
    public VerificationRunner(ConnectionSource source, VerificationSuite suite, long rangeBlocks) {
        if (rangeBlocks < 1) {
            throw new IllegalArgumentException("rangeBlocks must be at least 1, got " + rangeBlocks);
        }
        this.source = source;
        this.suite = suite;
        this.rangeBlocks = rangeBlocks;
    }

    /** Plans and runs every check in one go. */
    public VerificationResult run(VerificationRequest request) {
        return finish(runSlice(null, request, null, Checkpoint.NONE), request);
    }

    /**
     * Runs one invocation's share of the verification: plans it when {@code progress} is {@code null}, then runs what
     * is left until all is done or {@code sliceEnd} is near. {@code checkpoint} gets the progress right after planning
     * and regularly while checks run, so that an invocation that dies midway loses little; the returned progress is the
     * slice's last word.
     *
     * @param sliceEnd when this invocation must stop starting and running checks, or {@code null} for no limit
     */
    public VerificationProgress runSlice(VerificationProgress progress, VerificationRequest request, Instant sliceEnd,
                                         Checkpoint checkpoint) {
        return runSlice(progress, request, Instant.now(), sliceEnd, checkpoint);
    }

    /**
     * {@link #runSlice(VerificationProgress, VerificationRequest, Instant, Checkpoint)}, in an invocation that started at
     * {@code sliceStart}: a check the slice's end cuts short can never fit only when it had nearly all the time from
     * there, so time the invocation spent before (logging in, planning) does not count against a check.
     */
    public VerificationProgress runSlice(VerificationProgress progress, VerificationRequest request, Instant sliceStart,
                                         Instant sliceEnd, Checkpoint checkpoint) {
        try {
            return slice(progress, request, sliceStart, sliceEnd, checkpoint);
        } catch (SQLException e) {
            throw new VerificationFailedException("Cannot query the restored database: "
                    + Verifier.describe(e, suite.checkTimeout()) + ".", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VerificationFailedException("Verification was interrupted.", e);
        }
    }

    /** The result of a finished verification: every check, in the order one uninterrupted run reports them. */
    public VerificationResult finish(VerificationProgress progress, VerificationRequest request) {
        if (!progress.finished()) {
            throw new IllegalStateException("the verification has " + progress.remaining() + " checks and scans to run");
        }
        VerificationPlan plan = progress.plan();
        List<InventoryScanner.TableScan> tableScans = new ArrayList<>(tableScans(progress));
        tableScans.addAll(Partitions.rollUp(tableScans, plan.partitionTrees()));
        Inventory inventory = new Inventory(tableScans.stream()
                .filter(s -> s.inventory() != null).map(InventoryScanner.TableScan::inventory).toList());
        InventoryChecks inventoryChecks = new InventoryChecks(suite, inventory, tableScans);

        List<CheckResult> checks = new ArrayList<>();
        checks.add(plan.versionCheck());
        checks.add(UserData.check(inventory, suite.expectEmpty()));
        if (request.expected() != null || request.sourceCatalog() != null) {
            checks.add(inventoryChecks.againstSource(request.expected(), request.sourceCatalog()));
        }
        SchemaOutcome schema = progress.schema() == null ? new SchemaOutcome(null, List.of()) : progress.schema();
        checks.addAll(schema.checks());
        if (request.previous() != null) {
            checks.add(inventoryChecks.againstPrevious(request.previous()));
        }
        if (!suite.tables().isEmpty()) {
            checks.add(inventoryChecks.expectedTables());
        }
        checks.addAll(inventoryChecks.perTable(request.expected(), request.sourceCatalog()));
        checks.addAll(inventoryChecks.rowCounts());
        checks.addAll(unsampled(plan));
        if (plan.amcheckUnavailable() != null) {
            checks.add(plan.amcheckUnavailable());
        }
        for (int i = 0; i < plan.indexes().size(); i++) {
            checks.add(progress.amchecks().get(i));
        }
        for (int i = 0; i < plan.freshnessChecks(); i++) {
            checks.add(progress.freshness().get(i));
        }
        for (int i = 0; i < plan.sqlChecks(); i++) {
            checks.add(progress.sql().get(i));
        }
        return new VerificationResult(checks, inventory, plan.serverVersion(), progress.newestData(), schema.inventory());
    }

    /** A sample rule that names no table the copy scans would leave a large table hashed in full, or none: say so. */
    private List<CheckResult> unsampled(VerificationPlan plan) {
        List<CheckResult> results = new ArrayList<>();
        for (SampleRule rule : suite.sampled()) {
            if (plan.scans().stream().noneMatch(unit -> unit.table().equals(rule.table()))) {
                String name = rule.table().qualifiedName();
                boolean parent = plan.partitions().stream().anyMatch(tree -> tree.parent().equals(rule.table()));
                results.add(new CheckResult(name, CheckKind.TABLES, CheckStatus.FAILED,
                        parent ? "a partitioned table" : "no such table", "a table or leaf partition to sample",
                        Duration.ZERO, parent ? "The suite samples " + name + ", a partitioned table, which holds no rows"
                                + " of its own: sample its partitions instead."
                                : "The suite samples " + name + ", which the restored copy does not hold."));
            }
        }
        return results;
    }

    /** Each table's scan: the sum of its ranges, or the first error among them. */
    private static List<InventoryScanner.TableScan> tableScans(VerificationProgress progress) {
        List<ScanUnit> units = progress.plan().scans();
        Map<TableName, List<Integer>> unitsByTable = new LinkedHashMap<>();
        for (int i = 0; i < units.size(); i++) {
            unitsByTable.computeIfAbsent(units.get(i).table(), table -> new ArrayList<>()).add(i);
        }
        List<InventoryScanner.TableScan> scans = new ArrayList<>();
        unitsByTable.forEach((table, positions) -> {
            long rows = 0;
            Duration took = Duration.ZERO;
            List<String> hashes = new ArrayList<>();
            HashMethod method = null;
            TableSample sample = null;
            String error = null;
            for (int position : positions) {
                ScanResult result = progress.scans().get(position);
                ScanUnit unit = units.get(position);
                took = took.plus(result.took());
                if (result.error() != null) {
                    error = error != null ? error : unit.isRange() || unit.part() == ScanUnit.Part.SAMPLE
                            ? unit.describe() + ": " + result.error() : result.error();
                    continue;
                }
                if (unit.part() == ScanUnit.Part.SAMPLE) {
                    sample = unit.sample().withRows(result.rows());
                } else {
                    rows += result.rows();
                }
                if (result.hash() != null) {
                    hashes.add(result.hash());
                    method = result.method();
                }
            }
            scans.add(error != null ? new InventoryScanner.TableScan(table, null, took, error)
                    : new InventoryScanner.TableScan(table, new TableInventory(table.schema(), table.table(), rows,
                            ContentHash.combine(hashes), false, method, sample), took, null));
        });
        return scans;
    }

    private VerificationProgress slice(VerificationProgress progress, VerificationRequest request, Instant sliceStart,
                                       Instant sliceEnd,
                                       Checkpoint checkpoint) throws SQLException, InterruptedException {
        Connection first = source.open();
        VerificationProgress current = progress;
        try {
            if (current == null) {
                current = VerificationProgress.start(plan(first, request.installAmcheck(), request.sourceVersion(),
                        request.expected()));
                // Before any check: a slice that dies now must not plan again (amcheck would then seem the copy's own).
                checkpoint.save().accept(current);
            }
            readOnly(first);
        } catch (SQLException | RuntimeException e) {
            close(first, e);
            throw e;
        }
        if (current.plan().freshnessChecks() != suite.freshness().size() || current.plan().sqlChecks() != suite.sql().size()) {
            close(first, null);
            throw new IllegalArgumentException("the suite is not the one the verification was planned with");
        }
        ExecutorService executor = Executors.newFixedThreadPool(suite.parallelism(), Verifier.threads("verify"));
        ConnectionSource readOnly = () -> readOnly(source.open());
        // The first connection becomes the pool's first: one login (a SCRAM exchange) fewer.
        try (ConnectionPool pool = new ConnectionPool(readOnly, suite.parallelism(), first)) {
            Slice slice = sliceEnd == null ? null : new Slice(sliceStart, sliceEnd);
            return new SliceRun(current, pool, request, new CheckBudget(suite.checkTimeout(), request.deadline(), slice))
                    .run(executor, checkpoint);
        } finally {
            executor.shutdownNow();
        }
    }

    /** One slice's checks: what is left of the plan, their results gathered as they finish. */
    private final class SliceRun {

        private final VerificationProgress before;
        private final ConnectionPool pool;
        private final VerificationRequest request;
        private final CheckBudget budget;
        private final SqlChecks sqlChecks;
        private volatile SchemaOutcome schema;
        private final Map<Integer, ScanResult> scans;
        private final Map<Integer, CheckResult> amchecks;
        private final Map<Integer, CheckResult> freshness;
        private final Map<Integer, CheckResult> sql;

        SliceRun(VerificationProgress before, ConnectionPool pool, VerificationRequest request, CheckBudget budget) {
            this.before = before;
            this.pool = pool;
            this.request = request;
            this.budget = budget;
            this.sqlChecks = new SqlChecks(pool, budget, request.drillStart(), before.newestData());
            this.schema = before.schema();
            this.scans = new ConcurrentHashMap<>(before.scans());
            this.amchecks = new ConcurrentHashMap<>(before.amchecks());
            this.freshness = new ConcurrentHashMap<>(before.freshness());
            this.sql = new ConcurrentHashMap<>(before.sql());
        }

        VerificationProgress run(ExecutorService executor, Checkpoint checkpoint)
                throws InterruptedException {
            VerificationPlan plan = before.plan();
            ExecutorCompletionService<Void> completions = new ExecutorCompletionService<>(executor);
            List<Future<Void>> submitted = new ArrayList<>();
            if (plan.readSchema() && schema == null) {
                submitted.add(completions.submit(() -> {
                    schema = schema(pool, request, plan.amcheckInstalled());
                    return null;
                }));
            }
            for (int i = 0; i < plan.scans().size(); i++) {
                int position = i;
                if (!scans.containsKey(position)) {
                    submitted.add(completions.submit(() -> record(scans, position, InventoryScanner.scanUnit(pool,
                            plan.scans().get(position), position, plan.serverVersionNum(), budget))));
                }
            }
            // Started largest first, like the tables; reported in the catalog's name order.
            List<Integer> indexes = new ArrayList<>();
            for (int i = 0; i < plan.indexes().size(); i++) {
                if (!amchecks.containsKey(i)) {
                    indexes.add(i);
                }
            }
            indexes.sort(Comparator.comparingLong((Integer i) -> plan.indexes().get(i).bytes()).reversed());
            for (int position : indexes) {
                submitted.add(completions.submit(() -> record(amchecks, position,
                        sqlChecks.amcheck(plan.indexes().get(position), suite.heapAllIndexed()))));
            }
            for (int i = 0; i < plan.freshnessChecks(); i++) {
                int position = i;
                if (!freshness.containsKey(position)) {
                    submitted.add(completions.submit(() -> record(freshness, position,
                            sqlChecks.freshness(suite.freshness().get(position)))));
                }
            }
            for (int i = 0; i < plan.sqlChecks(); i++) {
                int position = i;
                if (!sql.containsKey(position)) {
                    submitted.add(completions.submit(() -> record(sql, position, sqlChecks.sql(suite.sql().get(position)))));
                }
            }
            long nextCheckpoint = System.nanoTime() + checkpoint.every().toNanos();
            for (int finished = 0; finished < submitted.size(); ) {
                Future<Void> done = completions.poll(Math.max(0, nextCheckpoint - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (done != null) {
                    Verifier.await(done);
                    finished++;
                }
                if (System.nanoTime() >= nextCheckpoint) {
                    checkpoint.save().accept(progress(before.slices()));
                    nextCheckpoint = System.nanoTime() + checkpoint.every().toNanos();
                }
            }
            return progress(before.slices() + 1);
        }

        /** A check or scan that goes back to the queue ({@code null}) leaves no result. */
        private static <T> Void record(Map<Integer, T> results, int position, T result) {
            if (result != null) {
                results.put(position, result);
            }
            return null;
        }

        private VerificationProgress progress(int slices) {
            return new VerificationProgress(before.plan(), schema, Map.copyOf(scans), Map.copyOf(amchecks),
                    Map.copyOf(freshness), Map.copyOf(sql), sqlChecks.newestData(), slices);
        }
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
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
    }

    /** Reads what to check and splits it into units; may install amcheck, so this runs before the connection is read only. */
    private VerificationPlan plan(Connection connection, boolean installAmcheck, String sourceVersion, Inventory expected)
            throws SQLException {
        long started = System.nanoTime();
        String version = Catalog.serverVersion(connection);
        int versionNum = Catalog.serverVersionNum(connection);
        CheckResult versionCheck = ServerVersions.check(version, sourceVersion, Duration.ofNanos(System.nanoTime() - started));
        List<ScanUnit> scans = scanUnits(connection, Catalog.sizedUserTables(connection), versionNum, expected);
        List<VerificationPlan.PartitionTree> partitions = Catalog.partitionTrees(connection, versionNum).entrySet().stream()
                .map(tree -> new VerificationPlan.PartitionTree(tree.getKey(), tree.getValue())).toList();
        if (!suite.amcheck()) {
            return plan(version, versionNum, versionCheck, false, null, partitions, List.of(), scans);
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
            return plan(version, versionNum, versionCheck, false, skipped, partitions, List.of(), scans);
        }
        return plan(version, versionNum, versionCheck, !hadAmcheck, null, partitions, Catalog.btreeIndexes(connection),
                scans);
    }

    private VerificationPlan plan(String version, int versionNum, CheckResult versionCheck, boolean amcheckInstalled,
                                  CheckResult amcheckUnavailable, List<VerificationPlan.PartitionTree> partitions,
                                  List<BtreeIndex> indexes, List<ScanUnit> scans) {
        return new VerificationPlan(version, versionNum, versionCheck, amcheckInstalled, amcheckUnavailable, partitions,
                indexes, scans, suite.schema(), suite.freshness().size(), suite.sql().size());
    }

    /**
     * One unit per table, largest first; a table of more than {@link #rangeBlocks} blocks is split into ranges of that
     * many blocks (the last reads to the table's end), all hashed by the method chosen for the table here. A table the
     * suite samples is counted the same way, unhashed, and has one more unit: its sample, whose seed is chosen here
     * when the suite gives none. A table is hashed as the source's inventory ({@code expected}, e.g. a manifest) hashed
     * it, so its hashes compare, and else as text when the suite says so.
     */
    private List<ScanUnit> scanUnits(Connection connection, List<Catalog.SizedTable> tables, int versionNum,
                                     Inventory expected) {
        List<ScanUnit> units = new ArrayList<>();
        for (Catalog.SizedTable table : tables) {
            SampleRule rule = suite.sampleOf(table.name());
            ScanUnit.Part part = rule == null ? ScanUnit.Part.ALL : ScanUnit.Part.COUNT;
            boolean ranges = versionNum >= ContentHash.BLOCK_RANGES_SINCE && table.blocks() > rangeBlocks;
            HashMethod pinned = pinnedMethod(connection, table.name(), expected, versionNum);
            HashMethod method = pinned != null ? pinned
                    : ranges && rule == null ? rangeMethod(connection, table.name(), versionNum) : null;
            if (!ranges || (rule == null && method == null)) {
                units.add(new ScanUnit(table.name(), pinned, null, null, part, null));
            } else {
                for (long from = 0; from < table.blocks(); from += rangeBlocks) {
                    Long to = from + rangeBlocks >= table.blocks() ? null : from + rangeBlocks;
                    units.add(new ScanUnit(table.name(), method, from, to, part, null));
                }
            }
            if (rule != null) {
                long seed = rule.seed() != null ? rule.seed() : SEEDS.nextInt(Integer.MAX_VALUE);
                units.add(new ScanUnit(table.name(), pinned, null, null, ScanUnit.Part.SAMPLE,
                        new TableSample(rule.percent(), seed, 0)));
            }
        }
        return units;
    }

    /**
     * The method a table must be hashed by, or {@code null} to choose. Where the source's inventory hashed the table,
     * its method, so the hashes compare: whatever the suite says, unless it was the first typed form and that cannot
     * be made again of a sound copy (OIDs a restore makes anew, ICU sort keys: then the table is hashed as the suite
     * says and only the counts compare). Elsewhere text when the suite says so.
     */
    private HashMethod pinnedMethod(Connection connection, TableName table, Inventory expected, int versionNum) {
        HashMethod source = expected == null ? null : expected.find(table.qualifiedName())
                .filter(want -> want.contentHash() != null).map(TableInventory::method).orElse(null);
        HashMethod chosen = suite.typedHash() ? null : HashMethod.TEXT;
        if (source == null) {
            return chosen;
        }
        return switch (source) {
            case TEXT -> HashMethod.TEXT;
            // The scan chooses as the source's did: typed wherever that is faithful, which the schemas share.
            case TYPED -> null;
            case TYPED_V1 -> versionNum >= ContentHash.TYPED_SINCE && firstTypedFormReproducible(connection, table)
                    ? HashMethod.TYPED_V1 : chosen;
        };
    }

    private boolean firstTypedFormReproducible(Connection connection, TableName table) {
        try {
            return InventoryScanner.typedShape(connection, table, suite.checkTimeout()).reasons().firstTypedFormReproducible();
        } catch (SQLException e) {
            return false; // the scan reports what fails
        }
    }

    /** The method for every range of a table, or {@code null} to scan it whole (whose scan then reports the error). */
    private HashMethod rangeMethod(Connection connection, TableName table, int versionNum) {
        try {
            return InventoryScanner.hashMethod(connection, table, versionNum, suite.checkTimeout());
        } catch (SQLException e) {
            return null;
        }
    }
}
