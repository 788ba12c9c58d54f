package io.restoredrill.core.verify;

import io.restoredrill.core.verify.suite.TableName;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Counts and hashes every user table, several tables at once. Used on the restored copy and, for
 * an exact comparison, on the source inside the dump's own snapshot. It reads only.
 */
public final class InventoryScanner {

    /** One table's scan: its inventory, or why it could not be scanned. */
    record TableScan(TableName table, TableInventory inventory, Duration took, String error) {
    }

    private InventoryScanner() {
    }

    /** Scans every table of the database that {@code source} opens, with {@code parallelism} connections. */
    public static Inventory scan(ConnectionSource source, int parallelism, Duration perTableTimeout)
            throws SQLException, InterruptedException {
        return scan(source, parallelism, perTableTimeout, true);
    }

    /** As {@link #scan(ConnectionSource, int, Duration)}; {@code typedHash} false hashes every table as text. */
    public static Inventory scan(ConnectionSource source, int parallelism, Duration perTableTimeout, boolean typedHash)
            throws SQLException, InterruptedException {
        HashMethod pinned = typedHash ? null : HashMethod.TEXT;
        ExecutorService executor = Executors.newFixedThreadPool(parallelism, Verifier.threads("inventory"));
        ConnectionSource settled = () -> {
            Connection connection = source.open();
            SessionSettings.apply(connection);
            return connection;
        };
        try (ConnectionPool pool = new ConnectionPool(settled, parallelism)) {
            List<TableName> tables = pool.use(Catalog::userTables);
            int version = pool.use(Catalog::serverVersionNum);
            List<Future<TableScan>> futures = new ArrayList<>();
            for (TableName table : tables) {
                futures.add(executor.submit(() -> scanTable(pool, table, pinned, version,
                        new CheckBudget(perTableTimeout, null))));
            }
            Map<TableName, List<TableName>> trees = pool.use(connection -> Catalog.partitionTrees(connection, version));
            List<TableScan> scans = new ArrayList<>();
            for (Future<TableScan> future : futures) {
                scans.add(Verifier.await(future));
            }
            scans.addAll(Partitions.rollUp(scans, trees));
            List<TableInventory> inventory = new ArrayList<>();
            for (TableScan scan : scans) {
                if (scan.error() != null) {
                    throw new SQLException("cannot scan " + scan.table() + ": " + scan.error());
                }
                inventory.add(scan.inventory());
            }
            return new Inventory(inventory);
        } finally {
            executor.shutdownNow();
        }
    }

    static TableScan scanTable(ConnectionPool pool, TableName table, HashMethod method, int serverVersionNum,
                               CheckBudget budget) {
        ScanResult result = scanUnit(pool, new ScanUnit(table, method, null, null, ScanUnit.Part.ALL, null), 0,
                serverVersionNum, budget);
        return result.error() != null ? new TableScan(table, null, result.took(), result.error())
                : new TableScan(table, new TableInventory(table.schema(), table.table(), result.rows(), result.hash(),
                        false, result.method()), result.took(), null);
    }

    /**
     * Counts and hashes one unit of a plan: a whole table, or a range of its blocks. Returns {@code null} when the
     * unit goes back to the queue: too little of the invocation's slice was left to start it, or the slice's end cut
     * it short.
     */
    static ScanResult scanUnit(ConnectionPool pool, ScanUnit unit, int position, int serverVersionNum, CheckBudget budget) {
        long started = System.nanoTime();
        CheckBudget.Allowance allowance = budget.allow();
        if (allowance instanceof CheckBudget.NextSlice) {
            return null;
        }
        if (!(allowance instanceof CheckBudget.Run run)) {
            return new ScanResult(position, 0, null, unit.method(), Duration.ZERO, CheckBudget.DEADLINE_PASSED);
        }
        try {
            return pool.use(connection -> count(connection, unit, position, serverVersionNum, run.time(), started));
        } catch (SQLException e) {
            if ("57014".equals(e.getSQLState()) && run.sliceBound()) {
                if (budget.requeue(run)) {
                    return null;
                }
                return new ScanResult(position, 0, null, unit.method(), Duration.ofNanos(System.nanoTime() - started),
                        "not finished: " + budget.longerThanSlice());
            }
            return new ScanResult(position, 0, null, unit.method(), Duration.ofNanos(System.nanoTime() - started),
                    Verifier.describe(e, run.time()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ScanResult(position, 0, null, unit.method(), Duration.ofNanos(System.nanoTime() - started),
                    "interrupted");
        }
    }

    private static ScanResult count(Connection connection, ScanUnit unit, int position, int serverVersionNum,
                                    Duration timeout, long started) throws SQLException {
        HashMethod method = unit.part() == ScanUnit.Part.COUNT ? null : unit.method();
        // Read once: it both chooses the method of a unit that has none and gives the typed hash its 64-bit terms.
        TypedShape shape = unit.part() != ScanUnit.Part.COUNT && (method == HashMethod.TYPED
                || method == null && serverVersionNum >= ContentHash.TYPED_SINCE)
                ? typedShape(connection, unit.table(), timeout) : null;
        if (unit.part() != ScanUnit.Part.COUNT && method == null) {
            method = shape == null ? HashMethod.TEXT : hashMethod(connection, unit.table(), shape, timeout);
        }
        List<ContentHash.WideColumn> wide = method == HashMethod.TYPED ? shape.wide() : List.of();
        String query = switch (unit.part()) {
            case COUNT -> ContentHash.count(unit.table(), unit.fromBlock(), unit.toBlock());
            case SAMPLE -> ContentHash.sample(unit.table(), serverVersionNum, method, wide, unit.sample());
            case ALL -> unit.isRange()
                    ? ContentHash.query(unit.table(), serverVersionNum, method, wide, unit.fromBlock(), unit.toBlock())
                    : ContentHash.query(unit.table(), serverVersionNum, method, wide);
        };
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(Verifier.seconds(timeout));
            try (ResultSet rows = statement.executeQuery(query)) {
                rows.next();
                long count = rows.getLong(1);
                BigDecimal sum = rows.getBigDecimal(2);
                return new ScanResult(position, count, unit.part() == ScanUnit.Part.COUNT ? null : ContentHash.format(sum), method,
                        Duration.ofNanos(System.nanoTime() - started), null);
            }
        }
    }

    /** What the typed hash must know of the table's columns ({@link ContentHash#typedShape}). */
    static TypedShape typedShape(Connection connection, TableName table, Duration timeout) throws SQLException {
        boolean oidValued = false;
        boolean collation = false;
        boolean arrays = false;
        boolean folded = false;
        Map<String, ContentHash.WideColumn> wide = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(ContentHash.typedShape())) {
            statement.setQueryTimeout(Verifier.seconds(timeout));
            statement.setString(1, table.sql());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String column = rows.getString(1);
                    boolean nested = rows.getBoolean(2);
                    oidValued |= rows.getBoolean(3);
                    collation |= rows.getBoolean(4);
                    arrays |= rows.getBoolean(5);
                    String bits = rows.getString(6);
                    if (bits != null && (nested || bits.equals("other"))) {
                        folded = true;
                    } else if (bits != null) {
                        wide.put(column, new ContentHash.WideColumn(column, bits.equals("epoch")));
                    }
                }
            }
        }
        return new TypedShape(new TextReasons(oidValued, collation, arrays, folded), List.copyOf(wide.values()));
    }

    /**
     * Typed where the server has it and every column's type can be hashed so, faithfully (not an enum's or an object
     * reference's OID, an ICU sort key, an array's elements alone, nor a 64-bit value inside another:
     * {@link ContentHash#typedShape}); else text.
     */
    static HashMethod hashMethod(Connection connection, TableName table, int serverVersionNum, Duration timeout)
            throws SQLException {
        return serverVersionNum < ContentHash.TYPED_SINCE ? HashMethod.TEXT
                : hashMethod(connection, table, typedShape(connection, table, timeout), timeout);
    }

    /** As {@link #hashMethod(Connection, TableName, int, Duration)} on a 14+ server, with the table's shape read. */
    private static HashMethod hashMethod(Connection connection, TableName table, TypedShape shape, Duration timeout)
            throws SQLException {
        if (shape.reasons().any()) {
            return HashMethod.TEXT;
        }
        // Inside a transaction (the source's snapshot) a failed probe must not abort it.
        Savepoint savepoint = connection.getAutoCommit() ? null : connection.setSavepoint();
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(Verifier.seconds(timeout));
            statement.executeQuery(ContentHash.typedProbe(table)).close();
            return HashMethod.TYPED;
        } catch (SQLException e) {
            if (!"42883".equals(e.getSQLState())) { // undefined_function: "could not identify a hash function"
                throw e;
            }
            if (savepoint != null) {
                connection.rollback(savepoint);
            }
            return HashMethod.TEXT;
        } finally {
            if (savepoint != null && !connection.isClosed()) {
                try {
                    connection.releaseSavepoint(savepoint);
                } catch (SQLException released) {
                    // Rolled back to it already: nothing to release.
                }
            }
        }
    }
}
