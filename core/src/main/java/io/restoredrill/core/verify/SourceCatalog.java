package io.restoredrill.core.verify;

import io.restoredrill.core.error.SnapshotFailedException;
import io.restoredrill.core.verify.schema.SchemaInventory;
import io.restoredrill.core.verify.schema.SchemaKind;
import io.restoredrill.core.verify.schema.SchemaReader;
import io.restoredrill.core.verify.schema.SourceSchema;
import io.restoredrill.core.verify.suite.TableName;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
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

    /** Reads the catalog on {@code snapshot}, a connection inside the dump's snapshot, before the dump runs. */
    public static Reading read(Connection snapshot) {
        try {
            // As pg_dump does: a table whose row-level security would hide rows from this role is an error, not a count
            // of fewer rows.
            try (Statement statement = snapshot.createStatement()) {
                statement.execute("SET row_security = off");
            }
            return new Reading(tables(snapshot), SchemaReader.read(snapshot));
        } catch (SQLException e) {
            String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new SnapshotFailedException("Cannot read the source's catalog in the dump's snapshot: " + reason
                    + (reason.contains("permission denied") ? "; " + READ_EVERYTHING : "")
                    + (reason.contains("row-level security") ? "; give the drill's role BYPASSRLS, as pg_dump needs it" : "")
                    + ".", e);
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

    private static List<SourceTable> tables(Connection connection) throws SQLException {
        String sql = "SELECT n.nspname, c.relname, CASE WHEN c.reltuples < 0 OR (c.reltuples = 0 AND c.relpages = 0 "
                + "AND pg_relation_size(c.oid) > 0) THEN NULL ELSE c.reltuples::bigint END, "
                + "coalesce(pg_relation_size(c.oid), 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE c.relkind = 'r' AND c.relpersistence <> 't' AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                + "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%' ORDER BY 4, 1, 2";
        List<SourceTable> tables = new ArrayList<>();
        long counted = 0;
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            List<Object[]> found = new ArrayList<>();
            while (rows.next()) {
                found.add(new Object[] {rows.getString(1), rows.getString(2), rows.getObject(3, Long.class), rows.getLong(4)});
            }
            for (Object[] table : found) {
                long bytes = (Long) table[3];
                Long exact = null;
                if (counted + bytes <= EXACT_COUNT_BYTES) {
                    counted += bytes;
                    exact = count(connection, new TableName((String) table[0], (String) table[1]));
                }
                tables.add(new SourceTable((String) table[0], (String) table[1], exact, (Long) table[2]));
            }
        }
        return tables;
    }

    private static long count(Connection connection, TableName table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM ONLY " + table.sql())) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
