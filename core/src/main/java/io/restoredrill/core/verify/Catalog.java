package io.restoredrill.core.verify;

import io.restoredrill.core.postgres.Queries;
import io.restoredrill.core.verify.suite.TableName;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the verifier needs to know of a database's catalog. */
final class Catalog {

    /** A user table and the blocks of its main fork (what a scan of its heap reads), to split a large one. */
    record SizedTable(TableName name, long blocks) {
    }

    private static final String USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema') "
            + "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'";

    private Catalog() {
    }

    /**
     * Every ordinary user table, partitions included and partitioned parents excluded, so rows add up;
     * largest first (heap and TOAST, what a scan reads), so that the longest scans start first and the
     * connections of a pool finish together instead of one of them scanning a big table alone at the end.
     */
    static List<TableName> userTables(Connection connection) throws SQLException {
        return sizedUserTables(connection).stream().map(SizedTable::name).toList();
    }

    /** {@link #userTables}, each with its heap's size in blocks (measured, not the planner's estimate). */
    static List<SizedTable> sizedUserTables(Connection connection) throws SQLException {
        String sql = "SELECT n.nspname, c.relname, coalesce(pg_relation_size(c.oid) / current_setting('block_size')::bigint, 0)"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE c.relkind = 'r' AND c.relpersistence <> 't' AND " + USER_SCHEMAS
                + " ORDER BY pg_table_size(c.oid) DESC NULLS LAST, 1, 2";
        List<SizedTable> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                tables.add(new SizedTable(new TableName(rows.getString(1), rows.getString(2)), rows.getLong(3)));
            }
        }
        return tables;
    }

    /**
     * Every partitioned table with its leaf partitions (PostgreSQL 12+, which has
     * {@code pg_partition_tree}; older servers yield none).
     */
    static Map<TableName, List<TableName>> partitionTrees(Connection connection, int serverVersionNum) throws SQLException {
        Map<TableName, List<TableName>> trees = new LinkedHashMap<>();
        if (serverVersionNum < 120000) {
            return trees;
        }
        String sql = "SELECT n.nspname, c.relname, ln.nspname, l.relname FROM pg_class c "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "CROSS JOIN LATERAL pg_partition_tree(c.oid) t "
                + "JOIN pg_class l ON l.oid = t.relid JOIN pg_namespace ln ON ln.oid = l.relnamespace "
                + "WHERE c.relkind = 'p' AND t.isleaf AND l.relkind = 'r' AND " + USER_SCHEMAS + " ORDER BY 1, 2, 3, 4";
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                trees.computeIfAbsent(new TableName(rows.getString(1), rows.getString(2)), k -> new ArrayList<>())
                        .add(new TableName(rows.getString(3), rows.getString(4)));
            }
        }
        // A partitioned table with no partitions yet holds no rows.
        String empty = "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE c.relkind = 'p' AND " + USER_SCHEMAS;
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(empty)) {
            while (rows.next()) {
                trees.putIfAbsent(new TableName(rows.getString(1), rows.getString(2)), new ArrayList<>());
            }
        }
        return trees;
    }

    /** Every valid B-tree index of the user's tables, by name, with its size (to check the largest first). */
    static List<BtreeIndex> btreeIndexes(Connection connection) throws SQLException {
        String sql = "SELECT n.nspname, ci.relname, ci.oid, coalesce(pg_relation_size(ci.oid), 0) FROM pg_index i "
                + "JOIN pg_class ci ON ci.oid = i.indexrelid JOIN pg_am am ON am.oid = ci.relam "
                + "JOIN pg_namespace n ON n.oid = ci.relnamespace "
                + "WHERE am.amname = 'btree' AND ci.relkind = 'i' AND ci.relpersistence <> 't' "
                + "AND i.indisvalid AND i.indisready AND " + USER_SCHEMAS + " ORDER BY 1, 2";
        List<BtreeIndex> indexes = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                indexes.add(new BtreeIndex(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getLong(4)));
            }
        }
        return indexes;
    }

    static boolean hasExtension(Connection connection, String name) throws SQLException {
        return Queries.exists(connection, "SELECT 1 FROM pg_extension WHERE extname = ?", name);
    }

    static String serverVersion(Connection connection) throws SQLException {
        return Queries.scalar(connection, "SHOW server_version");
    }

    static int serverVersionNum(Connection connection) throws SQLException {
        return Integer.parseInt(Queries.scalar(connection, "SHOW server_version_num"));
    }
}
