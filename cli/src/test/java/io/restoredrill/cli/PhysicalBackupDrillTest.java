package io.restoredrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.model.PhaseResult;
import io.restoredrill.core.model.PhaseStatus;
import io.restoredrill.core.model.RestorePoint;
import io.restoredrill.core.verify.CheckStatus;
import io.restoredrill.testing.PostgresFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@code drill local --from} a pg_basebackup and a WAL archive, both made by hand with the real tools as a
 * team makes them (pg_basebackup -Ft, archive_command), recovered to a point in time and verified; and each way such
 * a backup can be broken, made for real, failing with the fault named.
 */
class PhysicalBackupDrillTest {

    private static ArchivingSource source;
    private static Path archive;
    private static Path baseBackup;
    private static Path plainBackup;
    private static final List<ArchivingSource.Batch> batches = new ArrayList<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void backUpThenCommitFourBatches(@TempDir Path dir) throws Exception {
        PostgresFixture.reachableByServer(dir);
        archive = ArchivingSource.forServer(Files.createDirectories(dir.resolve("archive")));
        source = ArchivingSource.start(dir, "test ! -f " + archive + "/%f && cp %p " + archive + "/%f");
        baseBackup = source.baseBackup(ArchivingSource.forServer(Files.createDirectories(dir.resolve("base")))
                .resolve("2026-12-07"), "-Ft", "-z", "-X", "stream");
        plainBackup = source.baseBackup(ArchivingSource.forServer(Files.createDirectories(dir.resolve("plain")))
                .resolve("2026-12-07"), "-Fp", "-X", "stream");
        for (int batch = 1; batch <= 4; batch++) {
            batches.add(source.commitBatch(batch));
        }
    }

    @AfterAll
    static void stopSource() {
        source.close();
    }

    @Test
    void aDrillToATargetTimeHoldsExactlyTheRowsCommittedUpToIt() throws Exception {
        // GIVEN the base backup (batch 0), four batches committed after it, and a time between batches 2 and 3
        Instant target = batches.get(1).after();
        List<String> archived = listing(archive);

        // WHEN it is drilled to that time, with checks that read the restored rows and their commit times
        DrillProcess.Result result = drill(List.of("--from", baseBackup.getParent().toString(), "--wal-archive",
                archive.toString(), "--target-time", target.toString(), "--suite", suite(target, "0,1,2").toString()));

        // THEN it passes with exactly batches 0, 1 and 2: every row committed up to the target and none after
        assertThat(result.exitCode()).as(result.all()).isZero();
        DrillReport report = Reports.only(tmp.resolve("out"));
        assertThat(report.rowsVerified()).isEqualTo(120);
        assertThat(report.verification().checks()).filteredOn(c -> c.name().startsWith("restored "))
                .hasSize(2).allMatch(c -> c.status() == CheckStatus.PASSED);
        assertThat(report.phases().stream().map(PhaseResult::phase))
                .containsExactly(Phase.PLAN, Phase.RESTORE, Phase.VERIFY, Phase.CLEANUP);
        // AND the report states the point reached and how: the last commit replayed is batch 2's, before the target
        RestorePoint point = report.restorePoint();
        assertThat(point.kind()).isEqualTo(RestorePoint.Kind.TARGET_TIME);
        assertThat(point.targetTime()).isEqualTo(target);
        assertThat(point.restoredTo()).isBefore(target).isAfter(batches.get(0).after());
        assertThat(point.lsn()).matches("[0-9A-F]+/[0-9A-F]+");
        assertThat(point.timeline()).isEqualTo(2);
        assertThat(point.obtainedBy()).contains("stopped before the first commit after the target");
        assertThat(report.rpo().toMillis()).isEqualTo(java.time.Duration.between(point.restoredTo(), report.startedAt()).toMillis());
        assertThat(markdownReport()).contains("Restore point", "target time " + target);
        assertThat(Files.readString(tmp.resolve("out/drill-log.md"))).contains("restored to target time " + target);
        // AND the archive was only read: the promoted copy pushed no history file or segment into it
        assertThat(listing(archive)).isEqualTo(archived);
        Leftovers.assertNone(work());
    }

    @Test
    void theRecoveredCopyReachesNothingItListensOnLoopbackArchivesNothingAndFollowsNoPrimary() throws Exception {
        // GIVEN a drill to the end of the archive, kept running (--keep)
        DrillProcess.Result result = drill(List.of("--from", baseBackup.toString(), "--wal-archive", archive.toString(),
                "--keep"));
        assertThat(result.exitCode()).as(result.all()).isZero();
        Matcher connect = Pattern.compile("Connect: PGPASSFILE=(\\S+) psql -h 127\\.0\\.0\\.1 -p (\\d+) -U (restore_drill_\\w+) shop")
                .matcher(result.stdout());
        Matcher stop = KeepDrillTest.STOP.matcher(result.stdout());
        assertThat(connect.find()).as(result.stdout()).isTrue();
        assertThat(stop.find()).as(result.stdout()).isTrue();
        int port = Integer.parseInt(connect.group(2));
        try {
            // THEN the copy runs under the drill's settings, not the source's (which archive to the archive it read)
            Properties login = new Properties();
            login.setProperty("user", connect.group(3));
            login.setProperty("password", Files.readString(Path.of(connect.group(1))).strip().split(":", 5)[4]);
            try (Connection copy = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/shop", login);
                 ResultSet settings = copy.createStatement().executeQuery("SELECT current_setting('archive_mode'),"
                         + " current_setting('archive_command'), current_setting('primary_conninfo'),"
                         + " current_setting('listen_addresses'), pg_is_in_recovery(), (SELECT count(*) FROM t)")) {
                settings.next();
                assertThat(settings.getString(1)).isEqualTo("off");
                assertThat(settings.getString(2)).isEqualTo("(disabled)");
                assertThat(settings.getString(3)).isEmpty();
                assertThat(settings.getString(4)).isEqualTo("127.0.0.1");
                assertThat(settings.getBoolean(5)).isFalse();
                assertThat(settings.getLong(6)).isEqualTo(140);
            }
            assertThat(ProcNet.listeningAddresses(port)).containsExactly("0100007F");
        } finally {
            Process stopping = new ProcessBuilder("bash", "-c", stop.group(1)).redirectErrorStream(true).start();
            assertThat(stopping.waitFor(2, TimeUnit.MINUTES)).isTrue();
        }
        Leftovers.assertNone(work());
    }

    @Test
    void aPlainFormatBaseBackupIsCopiedAndRecoveredLeavingTheTeamsCopyAsItWas() throws Exception {
        // GIVEN a plain-format base backup (-Fp): a data directory a server could be started in by mistake
        Instant target = batches.get(1).after();
        Map<String, Long> before = fingerprints(plainBackup);

        // WHEN it is drilled to a time between batches 2 and 3
        DrillProcess.Result result = drill(List.of("--from", plainBackup.toString(), "--wal-archive", archive.toString(),
                "--target-time", target.toString(), "--suite", suite(target, "0,1,2").toString()));

        // THEN it passes with exactly batches 0 to 2, and the team's directory gained, lost and changed no file
        assertThat(result.exitCode()).as(result.all()).isZero();
        assertThat(Reports.only(tmp.resolve("out")).rowsVerified()).isEqualTo(120);
        assertThat(fingerprints(plainBackup)).isEqualTo(before);
        Leftovers.assertNone(work());
    }

    @Test
    void aDrillToTheEndOfTheArchiveHoldsEveryArchivedCommit() throws Exception {
        // WHEN the backup is drilled without a target time
        DrillProcess.Result result = drill(List.of("--from", baseBackup.toString(), "--wal-archive", archive.toString(),
                "--suite", suite(Instant.now(), "0,1,2,3,4").toString()));

        // THEN every batch whose segment was archived is there, and the restore point is the last of them
        assertThat(result.exitCode()).as(result.all()).isZero();
        DrillReport report = Reports.only(tmp.resolve("out"));
        assertThat(report.rowsVerified()).isEqualTo(140);
        assertThat(report.restorePoint().kind()).isEqualTo(RestorePoint.Kind.END_OF_ARCHIVE);
        assertThat(report.restorePoint().restoredTo()).isAfter(batches.get(2).after()).isBefore(batches.get(3).after());
        assertThat(result.stdout()).contains("to the end of the WAL archive");
    }

    @Test
    void aGapInTheWalArchiveFailsNamingTheMissingSegment() throws Exception {
        // GIVEN a copy of the archive that lost batch 3's segment
        Path broken = copyOfArchive();
        Files.delete(broken.resolve(batches.get(2).segment()));

        // WHEN the backup is drilled to the end of that archive, and to a time after the gap
        DrillProcess.Result toEnd = drill(List.of("--from", baseBackup.toString(), "--wal-archive", broken.toString()));
        DrillReport report = Reports.only(tmp.resolve("out"));
        DrillProcess.Result toTarget = drill(tmp.resolve("out-target"), List.of("--from", baseBackup.toString(), "--wal-archive", broken.toString(),
                "--target-time", batches.get(3).after().toString()));

        // THEN both fail naming the segment, where PostgreSQL itself would have promoted at the gap in silence
        for (DrillProcess.Result result : List.of(toEnd, toTarget)) {
            assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
            assertThat(result.stdout()).contains("The WAL archive has a gap: segment " + batches.get(2).segment()
                    + " is missing");
        }
        assertThat(phase(report, Phase.RESTORE).status()).isEqualTo(PhaseStatus.FAILED);
        assertThat(report.failureReason()).contains(batches.get(2).segment());
        Leftovers.assertNone(work());
    }

    @Test
    void aDamagedSegmentInTheArchiveFailsNamingItInsteadOfPassingForTheArchivesEnd() throws Exception {
        // GIVEN a copy of the archive whose batch 3 segment was replaced by a damaged compressed file
        Path broken = copyOfArchive();
        String segment = batches.get(2).segment();
        Files.delete(broken.resolve(segment));
        Files.write(broken.resolve(segment + ".gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3});
        ArchivingSource.forServer(broken.resolve(segment + ".gz"));

        // WHEN the backup is drilled to the end of that archive
        DrillProcess.Result result = drill(List.of("--from", baseBackup.toString(), "--wal-archive", broken.toString()));

        // THEN replay stops there as a failure that names the segment, not as a shorter archive that passes
        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        assertThat(result.stdout()).contains("WAL segment " + segment + " is in the archive but cannot be read");
        Leftovers.assertNone(work());
    }

    @Test
    void aBaseBackupWithoutItsBackupLabelIsRefusedBeforeAnyServerStarts() throws Exception {
        // GIVEN a base backup (uncompressed, with its manifest) whose archive lost backup_label
        Path backup = source.baseBackup(ArchivingSource.forServer(Files.createDirectories(tmp.resolve("nolabel")))
                .resolve("b"), "-Ft", "-X", "stream");
        source.serverUser(List.of("tar", "--delete", "-f", backup.resolve("base.tar").toString(), "backup_label"), Map.of());

        // WHEN it is drilled
        DrillProcess.Result result = drill(List.of("--from", backup.toString(), "--wal-archive", archive.toString()));

        // THEN it fails naming the missing file, and nothing was started or left
        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        assertThat(result.stdout()).contains("has no backup_label", "silently corrupt copy");
        assertThat(Reports.only(tmp.resolve("out")).restorePoint()).isNull();
        Leftovers.assertNone(work());
    }

    @Test
    void aTargetTimeBeyondTheArchiveEndIsNamedWithTheLastCommitItHolds() throws Exception {
        // GIVEN a time after the last archived commit
        Instant target = Instant.now().minusMillis(10);

        // WHEN the backup is drilled to it
        DrillProcess.Result result = drill(List.of("--from", baseBackup.toString(), "--wal-archive", archive.toString(),
                "--target-time", target.toString()));

        // THEN it fails saying the archive ends before the target, and when its last transaction was
        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        assertThat(result.stdout()).contains("The target time " + target + " is beyond the end of the WAL archive",
                "its last transaction is at " + batches.get(3).after().toString().substring(0, 16));
        Leftovers.assertNone(work());
    }

    @Test
    void aTargetTimeAfterTheDrillStartsOrForADumpIsRefusedAtPlan() throws Exception {
        DrillProcess.Result future = drill(List.of("--from", baseBackup.toString(), "--target-time",
                Instant.now().plusSeconds(3600).toString()));
        DrillProcess.Result garbled = drill(List.of("--from", baseBackup.toString(), "--target-time", "yesterday noon"));

        assertThat(future.exitCode()).as(future.all()).isEqualTo(2);
        assertThat(future.stderr()).contains("is after the drill's start");
        assertThat(garbled.exitCode()).as(garbled.all()).isEqualTo(2);
        assertThat(garbled.stderr()).contains("--target-time 'yesterday noon' is not a time");
        Leftovers.assertNone(work());
    }

    private Path suite(Instant target, String batchesExpected) throws IOException {
        return ArchivingSource.exactRowsSuite(tmp.resolve("suite.yaml"), target, batchesExpected);
    }

    private Path copyOfArchive() throws IOException {
        Path copy = ArchivingSource.forServer(Files.createDirectories(tmp.resolve("archive-copy")));
        for (String name : listing(archive)) {
            ArchivingSource.forServer(Files.copy(archive.resolve(name), copy.resolve(name)));
        }
        return copy;
    }

    /** Every file under {@code dir} and its size and modification time, as one number each. */
    private static Map<String, Long> fingerprints(Path dir) throws IOException {
        Map<String, Long> files = new java.util.TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(file).toString(), Files.size(file) * 31 + Files.getLastModifiedTime(file).toMillis());
            }
        }
        return files;
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private DrillProcess.Result drill(List<String> arguments) throws IOException {
        return drill(tmp.resolve("out"), arguments);
    }

    private DrillProcess.Result drill(Path out, List<String> arguments) throws IOException {
        PostgresFixture.reachableByServer(tmp);
        List<String> command = new ArrayList<>(List.of("local"));
        command.addAll(arguments);
        command.addAll(List.of("--name", "shop", "--out", out.toString(), "--work-dir", work().toString()));
        return DrillProcess.run(command.toArray(String[]::new));
    }

    private String markdownReport() throws IOException {
        try (Stream<Path> files = Files.walk(tmp.resolve("out"))) {
            return Files.readString(files.filter(f -> f.toString().endsWith(".md"))
                    .filter(f -> !f.getFileName().toString().startsWith("drill-log")).findFirst().orElseThrow());
        }
    }

    private Path work() throws IOException {
        return Files.createDirectories(tmp.resolve("work"));
    }

    private static PhaseResult phase(DrillReport report, Phase phase) {
        return report.phases().stream().filter(p -> p.phase() == phase).findFirst().orElseThrow();
    }
}
