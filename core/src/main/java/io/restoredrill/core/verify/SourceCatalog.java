package io.restoredrill.core.verify;

import io.restoredrill.core.error.SnapshotFailedException;
import io.restoredrill.core.postgres.Queries;
import io.restoredrill.core.verify.schema.SchemaInventory;
import io.restoredrill.core.verify.schema.SchemaKind;
import io.restoredrill.core.verify.schema.SchemaReader;
import io.restoredrill.core.verify.schema.SourceSchema;
import io.restoredrill.core.verify.suite.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a restored copy must hold, read from the source's catalog inside the dump's own snapshot, at catalog cost:
 * its schema and its tables with their row counts, exact for the small tables (counted, the smallest first, up to
 * {@link #EXACT_COUNT_BYTES} of table in all) and the planner's estimate for the others.
 *
 * @param schema the source's schema, or {@code null} when only its tables are known
 */
public record SourceCatalog(List<SourceTable> tables, SourceSchema schema) {

    /** The most table data counted exactly at the snapshot; larger tables are compared with their estimate. */
    public static final long EXACT_COUNT_BYTES = 64L << 20;
    /** How to give the drill's role what it must read, when the source refuses it. */
    public static final String READ_EVERYTHING = "the drill's role must read everything it dumps: GRANT pg_read_all_data"
            + " TO it (PostgreSQL 14+) or grant USAGE and SELECT on every schema and table";

    /** How many tables one transaction counts at most (each holds a lock on the table and its indexes). */
    static final int TABLES_PER_TRANSACTION = 200;

    /** A table restored with fewer rows than this fraction of the source's estimate fails. */
    public static final double ESTIMATE_FLOOR = 0.5;

    public SourceCatalog {
        tables = List.copyOf(tables);
    }

    /**
     * The catalog as a copy restored without refreshing its materialized views must match it: every materialized
     * view unpopulated (done when refreshing one could connect to another server).
     */
    public SourceCatalog withMaterializedViewsUnpopulated() {
        return new SourceCatalog(tables, new SourceSchema(schema.atSnapshot().withMaterializedViewsUnpopulated(),
                schema.sequencesAfterDump()));
    }

    /**
     * The catalog as a copy restored into an existing database must match it: without the database's own
     * properties (owner, privileges, encoding and locale), which are the existing database's.
     */
    public SourceCatalog withoutDatabaseProperties() {
        return new SourceCatalog(tables, new SourceSchema(schema.atSnapshot().without(SchemaKind.DATABASE),
                schema.sequencesAfterDump()));
    }

    /**
     * Reads the catalog on {@code snapshot}, a connection inside the dump's snapshot (the one that exported it: no
     * connection to open), before the dump runs. The exact counts run in transactions of
     * {@link #TABLES_PER_TRANSACTION} tables each, the first on {@code snapshot}, the others on connections that
     * {@code inSnapshot} opens: counting locks a table and every index of it until its transaction ends, and one
     * transaction over thousands of tables would fill the server's lock table ("out of shared memory") for every
     * session of the source.
     */
    public static Reading read(Connection snapshot, ConnectionSource inSnapshot) {
        return read(snapshot, inSnapshot, EXACT_COUNT_BYTES);
    }

    static Reading read(Connection snapshot, ConnectionSource inSnapshot, long exactCountBytes) {
        try {
            withoutRowSecurity(snapshot);
            List<Found> found = tableList(snapshot);
            SchemaInventory schema = SchemaReader.read(snapshot);
            return new Reading(counted(snapshot, inSnapshot, found, exactCountBytes), schema);
        } catch (SQLException e) {
            String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new SnapshotFailedException("Cannot read the source's catalog in the dump's snapshot: " + reason
                    + (reason.contains("permission denied") ? "; " + READ_EVERYTHING : "")
                    + (reason.contains("row-level security") ? "; give the drill's role BYPASSRLS, as pg_dump needs it" : "")
                    + ".", e);
        }
    }

    private static Connection open(ConnectionSource inSnapshot) throws SQLException {
        Connection connection = inSnapshot.open();
        try {
            withoutRowSecurity(connection);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /**
     * As pg_dump does: a table whose row-level security would hide rows from this role is an error, not a count of
     * fewer rows.
     */
    private static void withoutRowSecurity(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET row_security = off");
        }
    }

    /** The catalog read before the dump; {@link #afterDump} completes it with the sequences' values after it. */
    public record Reading(List<SourceTable> tables, SchemaInventory schema) {

        public SourceCatalog afterDump(Connection source) {
            try {
                Map<String, Long> after = SchemaReader.sequenceValues(source);
                return new SourceCatalog(tables, new SourceSchema(schema, after));
            } catch (SQLException e) {
                throw new SnapshotFailedException("Cannot read the source's sequences after the dump: "
                        + e.getMessage() + ".", e);
            }
        }
    }

    /** A table of the source's catalog: its estimate and the size of its main fork. */
    private record Found(TableName name, Long estimate, long bytes) {
    }

    private static List<Found> tableList(Connection connection) throws SQLException {
        // The live-row count of the statistics is current to the last seconds of activity (a mass delete shows at
        // once, where reltuples waits for the next vacuum or analyze); after a statistics reset it is 0 with nothing
        // modified since, and reltuples, the planner's estimate, is the better figure.
        String sql = "SELECT n.nspname, c.relname, CASE "
                + "WHEN s.n_live_tup > 0 OR s.n_mod_since_analyze > 0 THEN s.n_live_tup "
                + "WHEN c.reltuples < 0 OR (c.reltuples = 0 AND c.relpages = 0 AND pg_relation_size(c.oid) > 0) THEN NULL "
                + "ELSE c.reltuples::bigint END, "
                + "coalesce(pg_relation_size(c.oid), 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "LEFT JOIN pg_stat_all_tables s ON s.relid = c.oid "
                + "WHERE c.relkind = 'r' AND c.relpersistence <> 't' AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                + "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%' ORDER BY 4, 1, 2";
        List<Found> found = new ArrayList<>();
        Queries.forEachRow(connection, sql, rows -> found.add(new Found(new TableName(rows.getString(1),
                rows.getString(2)), rows.getObject(3, Long.class), rows.getLong(4))));
        return found;
    }

    /** The smallest tables counted exactly, up to {@link #EXACT_COUNT_BYTES} in all; the others by their estimate. */
    private static List<SourceTable> counted(Connection first, ConnectionSource inSnapshot, List<Found> found,
                                             long exactCountBytes) throws SQLException {
        List<Found> toCount = new ArrayList<>();
        long bytes = 0;
        for (Found table : found) {
            if (bytes + table.bytes() > exactCountBytes) {
                break;
            }
            bytes += table.bytes();
            toCount.add(table);
        }
        Map<TableName, Long> counts = new HashMap<>();
        for (int from = 0; from < toCount.size(); from += TABLES_PER_TRANSACTION) {
            // The first batch on the connection that read the catalog (pg_relation_size let go of its locks), the
            // others each in a transaction of its own: no connection to open for most databases.
            try (Connection connection = from == 0 ? null : open(inSnapshot)) {
                for (Found table : toCount.subList(from, Math.min(toCount.size(), from + TABLES_PER_TRANSACTION))) {
                    counts.put(table.name(), count(from == 0 ? first : connection, table.name()));
                }
            }
        }
        return found.stream().map(t -> new SourceTable(t.name().schema(), t.name().table(), counts.get(t.name()),
                t.estimate())).toList();
    }

    private static long count(Connection connection, TableName table) throws SQLException {
        return Long.parseLong(Queries.scalar(connection, "SELECT count(*) FROM ONLY " + table.sql()));
    }
}
