package io.restoredrill.core.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The few shapes of catalog query the drill runs over JDBC, written once. */
public final class Queries {

    /** What to do with each row of a result. */
    @FunctionalInterface
    public interface RowHandler {
        void handle(ResultSet rows) throws SQLException;
    }

    private Queries() {
    }

    /** Runs {@code sql} and hands every row to {@code handler}. */
    public static void forEachRow(Connection connection, String sql, RowHandler handler) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                handler.handle(rows);
            }
        }
    }

    /** The first column of the first row, as text; {@code parameters} bind the query's {@code ?} in order. */
    public static String scalar(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = prepared(connection, sql, parameters); ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** Whether the query, its {@code ?} bound to {@code parameters} in order, returns a row. */
    public static boolean exists(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = prepared(connection, sql, parameters); ResultSet rows = statement.executeQuery()) {
            return rows.next();
        }
    }

    private static PreparedStatement prepared(Connection connection, String sql, String... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }
}
