package io.restoredrill.local.postgres;

import io.restoredrill.core.error.RestoreFailedException;
import io.restoredrill.core.error.ToolMissingException;
import io.restoredrill.core.postgres.ProcessResult;
import io.restoredrill.core.postgres.ProcessRunner;
import io.restoredrill.core.postgres.Queries;
import io.restoredrill.core.postgres.ThrowawayCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * A plain-format (SQL) dump run by {@code psql} into a throwaway cluster, stopping at the first error. A dump made
 * with {@code --create} creates its own database; any other is run in a new database of the backup's name.
 */
public final class PlainRestore {

    private PlainRestore() {
    }

    public static void run(ThrowawayCluster target, String database, Path sql, boolean createsDatabase, Instant deadline) {
        Path psql = target.binaries().program("psql");
        if (!Files.isExecutable(psql)) {
            throw new ToolMissingException("A plain SQL backup is restored with psql, which is missing from "
                    + target.binaries().dir() + "; install the PostgreSQL client (Debian/Ubuntu: apt-get install -y"
                    + " postgresql-client-" + target.binaries().major() + ").");
        }
        if (!createsDatabase && !database.equals("postgres")) {
            try (Connection connection = target.connect("postgres"); Statement statement = connection.createStatement()) {
                statement.execute(Queries.scalar(connection, "SELECT format('CREATE DATABASE %I TEMPLATE template0', ?)",
                        database));
            } catch (SQLException e) {
                throw new RestoreFailedException("Cannot create database " + database + " for the plain SQL backup: "
                        + e.getMessage() + ".", e);
            }
        }
        ProcessResult result = ProcessRunner.asCurrentUser().run(List.of(psql.toString(), "--no-psqlrc", "--quiet",
                "--no-password", "--set=ON_ERROR_STOP=1", "--dbname=" + (createsDatabase ? "postgres" : database),
                "--file=" + sql), target.clientEnvironment(), deadline);
        if (result.timedOut()) {
            throw new RestoreFailedException("psql was stopped at the Restore deadline before the plain SQL backup finished.");
        }
        if (!result.succeeded()) {
            throw new RestoreFailedException("psql failed on the plain SQL backup: " + PgErrors.firstError(result) + ".");
        }
    }
}
