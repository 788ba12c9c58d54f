package io.restoredrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.model.RestorePoint;
import io.restoredrill.core.verify.CheckStatus;
import io.restoredrill.testing.MotoServer;
import io.restoredrill.testing.PostgresFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * End to end with the real {@code pgbackrest} (the Debian package the test tools install; missing, this class fails):
 * a repository set up by hand as a new user would (stanza-create, archive-push as archive_command, a full backup),
 * drilled to a point in time with exact rows, from its directory and from S3 (moto), and broken for real: a WAL gap,
 * a backup set without its backup_label.
 */
class PgBackRestDrillTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static final String STANZA = "shop";
    /** moto checks no signature here; the drill must still never print or store the key secret. */
    private static final String S3_SECRET = "team-s3-secret-never-printed";

    private static ArchivingSource source;
    private static Path repo;
    private static Path config;
    private static final List<ArchivingSource.Batch> batches = new ArrayList<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void createStanzaBackUpThenCommitFourBatches(@TempDir Path dir) throws Exception {
        PostgresFixture.reachableByServer(dir);
        Path home = ArchivingSource.forServer(Files.createDirectories(dir.resolve("pgbackrest")));
        repo = ArchivingSource.forServer(Files.createDirectories(dir.resolve("repo")));
        config = home.resolve("pgbackrest.conf");
        source = ArchivingSource.start(dir, "pgbackrest --config=" + config + " --stanza=" + STANZA + " archive-push %p");
        Files.writeString(config, """
                [global]
                repo1-path=%s
                repo1-retention-full=2
                lock-path=%s/lock
                log-path=%s/log
                log-level-file=off
                log-level-console=warn
                start-fast=y

                [%s]
                pg1-path=%s
                pg1-port=%d
                pg1-socket-path=%s
                pg1-user=%s
                """.formatted(repo, home, home, STANZA, source.fixture.cluster().dataDir(),
                source.fixture.cluster().port(), source.socketDir, source.fixture.cluster().user()));
        ArchivingSource.forServer(config);
        pgbackrest("stanza-create");
        pgbackrest("check");
        pgbackrest("backup", "--type=full");
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
        // GIVEN a time between batches 2 and 3, and the repository as it is
        Instant target = batches.get(1).after();
        List<String> before = tree(repo);

        // WHEN the stanza is drilled to it, with the user's configuration and checks that read the restored rows
        DrillProcess.Result result = drill(repo, List.of("--target-time", target.toString(), "--suite",
                suite(target, "0,1,2").toString()));

        // THEN it passes with exactly batches 0, 1 and 2, and reports the backup set and the point reached
        assertThat(result.exitCode()).as(result.all()).isZero();
        DrillReport report = Reports.only(tmp.resolve("out"));
        assertThat(report.rowsVerified()).isEqualTo(120);
        assertThat(report.verification().checks()).filteredOn(c -> c.name().startsWith("restored "))
                .hasSize(2).allMatch(c -> c.status() == CheckStatus.PASSED);
        assertThat(report.snapshot().id()).matches("\\d{8}-\\d{6}F");
        assertThat(report.snapshot().recoveryLocation()).isEqualTo("pgbackrest:" + STANZA + "/" + report.snapshot().id()
                + "@" + repo);
        assertThat(report.restorePoint().kind()).isEqualTo(RestorePoint.Kind.TARGET_TIME);
        assertThat(report.restorePoint().restoredTo()).isBefore(target).isAfter(batches.get(0).after());
        // AND the repository was only read
        assertThat(tree(repo)).isEqualTo(before);
        Leftovers.assertNone(work());
    }

    @Test
    void aGapInTheRepositorysWalArchiveFailsNamingTheSegment() throws Exception {
        // GIVEN a copy of the repository whose archive lost batch 3's segment
        Path broken = copyOfRepo();
        try (Stream<Path> files = Files.walk(broken.resolve("archive"))) {
            for (Path segment : files.filter(f -> f.getFileName().toString().startsWith(batches.get(2).segment() + "-"))
                    .toList()) {
                Files.delete(segment);
            }
        }

        // WHEN it is drilled to the end of the archive
        DrillProcess.Result result = drill(broken, List.of());

        // THEN it fails naming the segment
        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        assertThat(result.stdout()).contains("The WAL archive has a gap: segment " + batches.get(2).segment());
        Leftovers.assertNone(work());
    }

    @Test
    void aBackupSetWithoutItsBackupLabelIsANamedError() throws Exception {
        // GIVEN a copy of the repository whose backup set lost backup_label
        Path broken = copyOfRepo();
        try (Stream<Path> files = Files.walk(broken.resolve("backup"))) {
            for (Path label : files.filter(f -> f.getFileName().toString().startsWith("backup_label")).toList()) {
                Files.delete(label);
            }
        }

        // WHEN it is drilled
        DrillProcess.Result result = drill(broken, List.of());

        // THEN pgBackRest's missing-file error is named as the missing label
        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        assertThat(result.stdout()).contains("has no backup_label");
        Leftovers.assertNone(work());
    }

    @Test
    void aStanzaInAnS3RepositoryIsDrilledWithTheS3OptionsOfTheTeamsConfiguration() throws Exception {
        // GIVEN the repository in an S3 bucket (moto, behind a TLS front: pgBackRest speaks only HTTPS to S3),
        // and the team's configuration for it, with the endpoint and keys the drill must use and never print
        String bucket = "team-pgbackrest";
        try (S3Client s3 = MotoS3.client(MOTO, Region.US_EAST_1); TlsFront front = TlsFront.before(MOTO.endpoint(), tmp)) {
            s3.createBucket(b -> b.bucket(bucket));
            try (Stream<Path> files = Files.walk(repo)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    s3.putObject(b -> b.bucket(bucket).key("pgbackrest/" + repo.relativize(file)), file);
                }
            }
            Path s3Config = ArchivingSource.forServer(Files.writeString(tmp.resolve("s3.conf"), """
                    [global]
                    repo1-type=s3
                    repo1-path=/pgbackrest
                    repo1-s3-bucket=%s
                    repo1-s3-endpoint=127.0.0.1
                    repo1-storage-port=%d
                    repo1-s3-region=us-east-1
                    repo1-s3-key=%s
                    repo1-s3-key-secret=%s
                    repo1-s3-uri-style=path
                    repo1-storage-verify-tls=n
                    """.formatted(bucket, front.port(), "team-key-id", S3_SECRET)));
            Instant target = batches.get(2).after();

            // WHEN the stanza is drilled from the bucket to a time between batches 3 and 4
            PostgresFixture.reachableByServer(tmp);
            DrillProcess.Result result = DrillProcess.run("local", "--from", "s3://" + bucket + "/pgbackrest", "--stanza",
                    STANZA, "--pgbackrest-config", s3Config.toString(), "--target-time", target.toString(), "--suite",
                    suite(target, "0,1,2,3").toString(), "--name", "shop", "--out", tmp.resolve("out").toString(),
                    "--work-dir", work().toString());

            // THEN the real pgbackrest restored it and fetched its WAL from S3, with exactly batches 0 to 3
            assertThat(result.exitCode()).as(result.all()).isZero();
            DrillReport report = Reports.only(tmp.resolve("out"));
            assertThat(report.rowsVerified()).isEqualTo(130);
            assertThat(report.snapshot().recoveryLocation()).endsWith("@s3://" + bucket + "/pgbackrest");
            assertThat(result.all()).doesNotContain(S3_SECRET);
            try (Stream<Path> evidence = Files.walk(tmp.resolve("out"))) {
                for (Path file : evidence.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(file)).as(file.toString()).doesNotContain(S3_SECRET);
                }
            }
        }
        Leftovers.assertNone(work());
    }

    @Test
    void anUnknownStanzaIsRefusedAtPlan() throws Exception {
        DrillProcess.Result result = drill(repo, List.of(), "nosuch");

        assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
        assertThat(result.stderr()).contains("stanza nosuch");
        Leftovers.assertNone(work());
    }

    private static void pgbackrest(String... command) {
        List<String> full = new ArrayList<>(List.of("pgbackrest", "--config=" + config, "--stanza=" + STANZA));
        full.addAll(List.of(command));
        source.serverUser(full, Map.of());
    }

    private Path copyOfRepo() throws IOException, InterruptedException {
        Path copy = tmp.resolve("repo-copy");
        PostgresFixture.reachableByServer(tmp);
        Process cp = new ProcessBuilder("cp", "-a", repo.toString(), copy.toString()).inheritIO().start();
        assertThat(cp.waitFor()).isZero();
        return copy;
    }

    private static List<String> tree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(f -> dir.relativize(f).toString()).sorted().toList();
        }
    }

    private Path suite(Instant target, String batchesExpected) throws IOException {
        return ArchivingSource.exactRowsSuite(tmp.resolve("suite.yaml"), target, batchesExpected);
    }

    private DrillProcess.Result drill(Path repository, List<String> arguments) throws IOException {
        return drill(repository, arguments, STANZA);
    }

    private DrillProcess.Result drill(Path repository, List<String> arguments, String stanza) throws IOException {
        PostgresFixture.reachableByServer(tmp);
        List<String> command = new ArrayList<>(List.of("local", "--from", repository.toString(), "--stanza", stanza,
                "--pgbackrest-config", config.toString()));
        command.addAll(arguments);
        command.addAll(List.of("--name", "shop", "--out", tmp.resolve("out").toString(), "--work-dir", work().toString()));
        return DrillProcess.run(command.toArray(String[]::new));
    }

    private Path work() throws IOException {
        return Files.createDirectories(tmp.resolve("work"));
    }
}
