package io.restoredrill.testing;

import io.restoredrill.core.postgres.PgBinaries;
import io.restoredrill.core.postgres.ServerTls;
import io.restoredrill.core.postgres.ThrowawayCluster;
import io.restoredrill.core.postgres.WorkDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;

/**
 * A real PostgreSQL cluster for a test, from the machine's binaries: the same throwaway clusters
 * the drill uses. Missing binaries fail the test with the install command; nothing is skipped.
 */
public final class PostgresFixture implements AutoCloseable {

    private final Path workDir;
    private final ThrowawayCluster cluster;

    private PostgresFixture(Path workDir, ThrowawayCluster cluster) {
        this.workDir = workDir;
        this.cluster = cluster;
    }

    /**
     * The version of the PostgreSQL every fixture runs, as RDS names an engine version ({@code 15.18}): what a test's
     * source on moto must say it runs, when the restored copy it verifies is a fixture.
     */
    public static String engineVersion() {
        return PgBinaries.find(Optional.empty(), "PATH", 0).version();
    }

    public static PostgresFixture start() {
        return start(null);
    }

    /** @param tls a certificate and key for the server to also serve TLS with, or {@code null} */
    public static PostgresFixture start(ServerTls tls) {
        PgBinaries binaries = PgBinaries.find(Optional.empty(), "PATH", 0);
        Path workDir = WorkDirs.create(WorkDirs.systemTemp(), "test", "java.io.tmpdir");
        try {
            return new PostgresFixture(workDir, ThrowawayCluster.start(binaries, workDir.resolve("data"),
                    Instant.now().plusSeconds(120), tls));
        } catch (RuntimeException e) {
            delete(workDir);
            throw e;
        }
    }

    /**
     * Makes a test's private temporary directory searchable by other users, as the system temp
     * directory is, so a server running as the postgres user can reach clusters inside it.
     */
    public static Path reachableByServer(Path dir) {
        try {
            java.nio.file.Files.setPosixFilePermissions(dir,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ThrowawayCluster cluster() {
        return cluster;
    }

    public Connection connect(String database) throws SQLException {
        return cluster.connect(database);
    }

    /** Runs SQL statements (separated by semicolons on line ends) in one database. */
    public void execute(String database, String sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("fixture SQL failed: " + e.getMessage(), e);
        }
    }

    public void createDatabase(String name) {
        execute("postgres", "CREATE DATABASE " + name);
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } finally {
            delete(workDir);
        }
    }

    private static void delete(Path dir) {
        try {
            WorkDirs.deleteRecursively(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
