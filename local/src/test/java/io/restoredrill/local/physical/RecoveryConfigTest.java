package io.restoredrill.local.physical;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration and the restore_command a restored copy runs under, the script run for real by sh. */
class RecoveryConfigTest {

    @TempDir
    Path tmp;

    @Test
    void theSourcesConfigurationIsSetAsideAndTheCopyReachesNothing() throws IOException {
        // GIVEN a restored data directory with the source's configuration: archiving to production, a primary to follow
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("postgresql.conf"), "archive_command = 'aws s3 cp %p s3://prod-wal/%f'\n");
        Files.writeString(data.resolve("postgresql.auto.conf"), "primary_conninfo = 'host=prod-primary'\n");
        Files.writeString(data.resolve("standby.signal"), "");
        Files.createDirectories(data.resolve("pg_replslot/standby1"));

        // WHEN the drill configures it for a replay to a target time
        List<String> moved = RecoveryConfig.write(data, tmp.resolve("aside"), "restore_drill_x",
                Map.of("max_connections", "300"), tmp.resolve("restore-wal"), Optional.of(Instant.parse("2026-12-06T10:00:00.5Z")));

        // THEN nothing of the source's is left in it, and the copy listens on loopback, archives nothing, follows no one
        assertThat(moved).containsExactly("postgresql.conf", "postgresql.auto.conf", "standby.signal");
        assertThat(tmp.resolve("aside/postgresql.conf")).exists();
        String conf = Files.readString(data.resolve("postgresql.conf"));
        assertThat(conf).doesNotContain("prod-wal", "prod-primary")
                .contains("listen_addresses = '127.0.0.1'", "archive_mode = off", "archive_command = ''",
                        "primary_conninfo = ''", "hot_standby = off", "max_connections = 300",
                        "recovery_target_time = '2026-12-06 10:00:00.500000+00:00'", "recovery_target_inclusive = on",
                        "recovery_target_action = 'promote'");
        assertThat(Files.readString(data.resolve("postgresql.auto.conf"))).isEmpty();
        assertThat(Files.readString(data.resolve("pg_hba.conf"))).isEqualTo("host all restore_drill_x 127.0.0.1/32 scram-sha-256\n");
        assertThat(data.resolve("standby.signal")).doesNotExist();
        assertThat(data.resolve("recovery.signal")).exists();
        assertThat(data.resolve("pg_replslot")).isEmptyDirectory();
    }

    @Test
    void theRestoreCommandSaysMissingOnlyWhenTheArchiveHasNoSuchSegmentAndAnUnreadableOneIsFatal() throws Exception {
        // GIVEN an archive with a plain segment, a gzip-compressed one and a damaged compressed one
        Path archive = Files.createDirectories(tmp.resolve("archive"));
        Files.writeString(archive.resolve("000000010000000000000001"), "segment one");
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(archive.resolve("000000010000000000000002.gz")))) {
            gz.write("segment two".getBytes());
        }
        Files.write(archive.resolve("000000010000000000000003.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 9});
        Path script = tmp.resolve("restore-wal");
        Path journal = tmp.resolve("journal");
        RecoveryConfig.writeRestoreCommand(script, journal, RecoveryConfig.directoryFetch(Optional.of(archive)));

        // WHEN PostgreSQL would ask it for each, and for one the archive lacks
        // THEN found segments are copied (exit 0), a missing one is exit 1 and a damaged one exit 126 (fatal to recovery)
        assertThat(fetch(script, "000000010000000000000001")).isZero();
        assertThat(Files.readString(tmp.resolve("000000010000000000000001.out"))).isEqualTo("segment one");
        assertThat(fetch(script, "000000010000000000000002")).isZero();
        assertThat(Files.readString(tmp.resolve("000000010000000000000002.out"))).isEqualTo("segment two");
        assertThat(fetch(script, "000000010000000000000004")).isEqualTo(1);
        assertThat(fetch(script, "000000010000000000000003")).isEqualTo(126);
        assertThat(Files.readAllLines(journal)).containsExactly("000000010000000000000001 found",
                "000000010000000000000002 found", "000000010000000000000004 missing", "000000010000000000000003 error");
        // AND the archive is as it was
        try (var files = Files.list(archive)) {
            assertThat(files.count()).isEqualTo(3);
        }
    }

    private int fetch(Path script, String segment) throws IOException, InterruptedException {
        return new ProcessBuilder(script.toString(), segment, tmp.resolve(segment + ".out").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }
}
