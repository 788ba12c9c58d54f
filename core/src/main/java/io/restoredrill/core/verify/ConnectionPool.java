package io.restoredrill.core.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A fixed number of connections shared by the verification threads. A connection whose check
 * failed in a way that may leave it unusable (a timeout, an I/O error) is closed and replaced.
 */
final class ConnectionPool implements AutoCloseable {

    @FunctionalInterface
    interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    private final ConnectionSource source;
    private final BlockingQueue<Connection> idle;
    private final List<Connection> all = new ArrayList<>();
    private int opened;
    private final int size;

    ConnectionPool(ConnectionSource source, int size) {
        this.source = source;
        this.size = size;
        this.idle = new ArrayBlockingQueue<>(size);
    }

    /** A pool that starts with {@code first}, an open connection ready for use, and closes it with the others. */
    ConnectionPool(ConnectionSource source, int size, Connection first) {
        this(source, size);
        all.add(first);
        opened = 1;
        idle.add(first);
    }

    <T> T use(SqlWork<T> work) throws SQLException, InterruptedException {
        Connection connection = take();
        boolean healthy = false;
        try {
            T result = work.apply(connection);
            healthy = true;
            return result;
        } catch (SQLException e) {
            healthy = isClientSideHealthy(e) && connection.isValid(5);
            throw e;
        } finally {
            release(connection, healthy);
        }
    }

    private static boolean isClientSideHealthy(SQLException e) {
        String state = e.getSQLState();
        // 57014 = query canceled (our timeout), 08xxx = connection trouble: replace the connection.
        return state != null && !state.equals("57014") && !state.startsWith("08");
    }

    private Connection take() throws SQLException, InterruptedException {
        Connection connection = idle.poll();
        if (connection != null) {
            return connection;
        }
        synchronized (this) {
            if (opened < size) {
                Connection fresh = source.open();
                opened++;
                all.add(fresh);
                return fresh;
            }
        }
        return idle.take();
    }

    private void release(Connection connection, boolean healthy) {
        if (healthy) {
            idle.add(connection);
            return;
        }
        synchronized (this) {
            all.remove(connection);
            opened--;
        }
        closeQuietly(connection);
    }

    @Override
    public synchronized void close() {
        all.forEach(ConnectionPool::closeQuietly);
        all.clear();
        idle.clear();
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing a broken connection has nothing left to report.
        }
    }
}
