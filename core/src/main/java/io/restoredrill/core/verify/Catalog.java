package io.restoredrill.core.verify;

import io.restoredrill.core.verify.suite.TableName;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What the verifier needs to know of a database's catalog. */
final class Catalog {

    /** A B-tree index that amcheck can check. */
    record BtreeIndex(String schema, String name, long oid) {
        String qualifiedName() {
            return schema + "." + name;
        }
    }

    private static final String USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema') "
            + "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'";

    private Catalog() {
    }

    /** Every ordinary user table, partitions included and partitioned parents excluded, so rows add up. */
    static List<TableName> userTables(Connection connection) throws SQLException {
        String sql = "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE c.relkind = 'r' AND c.relpersistence <> 't' AND " + USER_SCHEMAS + " ORDER BY 1, 2";
        List<TableName> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                tables.add(new TableName(rows.getString(1), rows.getString(2)));
            }
        }
        return tables;
    }

    static List<BtreeIndex> btreeIndexes(Connection connection) throws SQLException {
        String sql = "SELECT n.nspname, ci.relname, ci.oid FROM pg_index i "
                + "JOIN pg_class ci ON ci.oid = i.indexrelid JOIN pg_am am ON am.oid = ci.relam "
                + "JOIN pg_namespace n ON n.oid = ci.relnamespace "
                + "WHERE am.amname = 'btree' AND ci.relkind = 'i' AND ci.relpersistence <> 't' "
                + "AND i.indisvalid AND i.indisready AND " + USER_SCHEMAS + " ORDER BY 1, 2";
        List<BtreeIndex> indexes = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                indexes.add(new BtreeIndex(rows.getString(1), rows.getString(2), rows.getLong(3)));
            }
        }
        return indexes;
    }

    static String serverVersion(Connection connection) throws SQLException {
        return scalar(connection, "SHOW server_version");
    }

    static int serverVersionNum(Connection connection) throws SQLException {
        return Integer.parseInt(scalar(connection, "SHOW server_version_num"));
    }

    private static String scalar(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
