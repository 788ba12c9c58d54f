package io.restoredrill.cli;

import io.restoredrill.core.postgres.OsUser;
import io.restoredrill.core.postgres.ProcessResult;
import io.restoredrill.testing.PostgresFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real PostgreSQL that archives its WAL as a team's would ({@code archive_command}), with a {@code shop.t} table
 * the tests commit batches of rows into, each batch's segment switched out and archived before the next.
 * Also serves a Unix socket in its own directory (pgBackRest connects through it).
 */
final class ArchivingSource implements AutoCloseable {

    final PostgresFixture fixture;
    final Path socketDir;

    private ArchivingSource(PostgresFixture fixture, Path socketDir) {
        this.fixture = fixture;
        this.socketDir = socketDir;
    }

    /** @param archiveCommand the archive_command, run by the server user */
    static ArchivingSource start(Path dir, String archiveCommand) throws IOException {
        PostgresFixture fixture = PostgresFixture.start();
        Path socketDir = forServer(Files.createDirectories(dir.resolve("socket")));
        Path data = fixture.cluster().dataDir();
        Path hba = data.resolve("pg_hba.conf");
        Files.writeString(hba, "local all all trust\n" + Files.readString(hba));
        Files.writeString(data.resolve("postgresql.conf"), "\nwal_level = replica\narchive_mode = on\n"
                + "archive_command = '" + archiveCommand.replace("'", "''") + "'\ntrack_commit_timestamp = on\n"
                + "unix_socket_directories = '" + socketDir + "'\n", StandardOpenOption.APPEND);
        ArchivingSource source = new ArchivingSource(fixture, socketDir);
        source.serverUser(List.of(fixture.cluster().binaries().program("pg_ctl").toString(), "restart", "-D",
                data.toString(), "-m", "fast", "-w", "-l", data.resolve("server.log").toString()), Map.of());
        fixture.createDatabase("shop");
        fixture.execute("shop", "CREATE TABLE t (id int PRIMARY KEY, batch int NOT NULL,"
                + " committed_at timestamptz NOT NULL DEFAULT clock_timestamp());"
                + " INSERT INTO t (id, batch) SELECT g, 0 FROM generate_series(1, 100) g");
        return source;
    }

    /**
     * A suite whose checks read the restored rows themselves: which batches are there, and that none was committed
     * after {@code target} (by its commit timestamp, which the restored copy keeps).
     */
    static Path exactRowsSuite(Path file, Instant target, String batchesExpected) throws IOException {
        return Files.writeString(file, """
                sql:
                  - name: restored batches
                    query: SELECT string_agg(DISTINCT batch::text, ',' ORDER BY batch::text) FROM t
                    expect: "%s"
                  - name: restored rows committed after the target
                    query: SELECT count(*) FROM t WHERE pg_xact_commit_timestamp(xmin) > '%s'::timestamptz
                    expect: 0
                """.formatted(batchesExpected, target));
    }

    /** A directory the server user owns, in a test's directory it can reach. */
    static Path forServer(Path dir) {
        PostgresFixture.reachableByServer(dir.getParent());
        OsUser.giveToServerUser(dir);
        return dir;
    }

    /** pg_basebackup as a team takes it, into {@code into} (which must not exist). */
    Path baseBackup(Path into, String... options) {
        List<String> command = new ArrayList<>(List.of(fixture.cluster().binaries().program("pg_basebackup").toString(),
                "-h", "127.0.0.1", "-p", Integer.toString(fixture.cluster().port()), "-U", fixture.cluster().user(),
                "-D", into.toString(), "--checkpoint=fast"));
        command.addAll(List.of(options));
        serverUser(command, Map.of("PGPASSWORD", fixture.cluster().password()));
        return into;
    }

    /**
     * One batch of rows, committed.
     *
     * @param after   a time after its commit and before the next batch's
     * @param segment the WAL segment its commit is in
     */
    record Batch(Instant after, String segment) {
    }

    /**
     * Commits ten rows of {@code batch} (ids batch*1000…), then switches to a new WAL segment and waits until the one
     * holding the commit is archived.
     */
    Batch commitBatch(int batch) throws SQLException, InterruptedException {
        fixture.execute("shop", "INSERT INTO t (id, batch) SELECT g, " + batch + " FROM generate_series("
                + batch * 1000 + ", " + (batch * 1000 + 9) + ") g");
        Instant after = Instant.parse(query("SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC',"
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"));
        Thread.sleep(50);
        String segment = query("SELECT pg_walfile_name(pg_switch_wal())");
        awaitArchived(segment);
        return new Batch(after, segment);
    }

    /** The segment the source is writing now, never archived until it is switched out. */
    String currentSegment() throws SQLException {
        return query("SELECT pg_walfile_name(pg_current_wal_lsn())");
    }

    void awaitArchived(String segment) throws SQLException, InterruptedException {
        for (int i = 0; i < 300; i++) {
            String last = query("SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver");
            if (last.length() >= 24 && last.substring(0, 24).compareTo(segment) >= 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("segment " + segment + " was not archived in 30 s");
    }

    String query(String sql) throws SQLException {
        try (Connection connection = fixture.connect("shop"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** Runs a program as the server user, as the team's cron job would. */
    ProcessResult serverUser(List<String> command, Map<String, String> environment) {
        ProcessResult result = OsUser.serverRunner().run(command, new HashMap<>(environment), Instant.now().plusSeconds(300));
        if (!result.succeeded()) {
            throw new IllegalStateException(String.join(" ", command.subList(0, Math.min(2, command.size())))
                    + " failed: " + result.output());
        }
        return result;
    }

    @Override
    public void close() {
        fixture.close();
    }
}
