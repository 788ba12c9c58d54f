package io.restoredrill.local.postgres;

import io.restoredrill.core.error.SnapshotFailedException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A read-only repeatable-read transaction on the source whose snapshot pg_dump dumps and the
 * source's catalog (and, for an exact comparison, its inventory) is read in, so both see exactly the
 * same data. It lives until closed.
 */
public final class ExportedSnapshot implements AutoCloseable {

    private final Connection connection;
    private final String id;

    private ExportedSnapshot(Connection connection, String id) {
        this.connection = connection;
        this.id = id;
    }

    public static ExportedSnapshot open(SourceDatabase source) {
        Connection connection = source.connect();
        try {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                try (ResultSet rows = statement.executeQuery("SELECT pg_export_snapshot()")) {
                    rows.next();
                    return new ExportedSnapshot(connection, rows.getString(1));
                }
            }
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new SnapshotFailedException("Cannot export a snapshot on the source (pg_dump dumps it, and the drill "
                    + "reads the source's catalog inside it): " + e.getMessage() + ".", e);
        }
    }

    public String id() {
        return id;
    }

    /** The connection that exported the snapshot, inside it: read it, but never end its transaction. */
    public Connection connection() {
        return connection;
    }

    /** A new connection that sees this snapshot. */
    public Connection join(SourceDatabase source) throws SQLException {
        Connection joined = source.connect();
        try {
            joined.setAutoCommit(false);
            try (Statement statement = joined.createStatement()) {
                statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                statement.execute("SET TRANSACTION SNAPSHOT '" + id.replace("'", "''") + "'");
            }
            return joined;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(joined);
            throw e;
        }
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // The transaction ends with the connection either way.
        }
    }
}
