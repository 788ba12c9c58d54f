package io.restoredrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.core.model.DrillReport;
import io.restoredrill.testing.MotoServer;
import io.restoredrill.testing.PostgresFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** End to end: the dump encrypted with age before it leaves the host, and copied through S3 (moto). */
class RecoveryLocationDrillTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    @TempDir
    Path tmp;

    @Test
    void anEncryptedDrillPassesAndItsRetainedCopyIsReadableOnlyWithTheKeyByTheStandardAgeTool() throws Exception {
        // GIVEN a key pair made by the standard age-keygen
        PostgresFixture.reachableByServer(tmp);
        Path key = tmp.resolve("drill.key");
        String recipient = AgeKeygen.generate(key);
        Path copies = Files.createDirectories(tmp.resolve("copies"));

        // WHEN the demo drill encrypts to it and keeps its copy
        DrillProcess.Result result = DrillProcess.run("local", "--encrypt-to", recipient, "--identity", key.toString(),
                "--copy-to", copies.toString(), "--retain-copy", "--out", tmp.resolve("out").toString(),
                "--work-dir", Files.createDirectories(tmp.resolve("work")).toString());

        // THEN it passes, the copy holds only age files and the manifest, and age -d reads them back into a dump
        assertThat(result.exitCode()).as(result.all()).isZero();
        DrillReport report = Reports.only(tmp.resolve("out"));
        assertThat(report.snapshot().encrypted()).isTrue();
        Path copy = copies.resolve(report.drillId());
        try (Stream<Path> files = Files.list(copy)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .contains("toc.dat.age", "MANIFEST.sha256")
                    .allMatch(name -> name.endsWith(".age") || name.equals("MANIFEST.sha256"));
        }
        assertThat(run(copy, "sha256sum", "--strict", "-c", "MANIFEST.sha256").exitCode).isZero();
        Path toc = tmp.resolve("toc.dat");
        assertThat(run(copy, "age", "-d", "-i", key.toString(), "-o", toc.toString(), "toc.dat.age").exitCode).isZero();
        assertThat(new String(Files.readAllBytes(toc), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("PGDMP");
        Leftovers.assertNone(tmp.resolve("work"));
    }

    @Test
    void aDrillCopiesThroughS3AndRemovesItsObjectsAtCleanup() throws Exception {
        // GIVEN a bucket in the recovery region on the emulator
        PostgresFixture.reachableByServer(tmp);
        try (S3Client s3 = MotoS3.client(MOTO, Region.EU_WEST_1)) {
            s3.createBucket(b -> b.bucket("drill-copies")
                    .createBucketConfiguration(c -> c.locationConstraint("eu-west-1")));

            // WHEN the demo drill uses it as the recovery location
            DrillProcess.Result result = DrillProcess.run(MotoS3.environment(MOTO),
                    "local", "--copy-to", "s3://drill-copies/local", "--recovery-region", "eu-west-1",
                    "--out", tmp.resolve("out").toString(),
                    "--work-dir", Files.createDirectories(tmp.resolve("work")).toString());

            // THEN it passes, the report names the S3 copy, and Cleanup removed every object of the drill
            assertThat(result.exitCode()).as(result.all()).isZero();
            DrillReport report = Reports.only(tmp.resolve("out"));
            assertThat(report.snapshot().recoveryLocation()).isEqualTo("s3://drill-copies/local/" + report.drillId());
            // the dump's 6 files, the source's roles and the manifest
            assertThat(result.stdout()).contains("Copied 8 files to s3://drill-copies/local/" + report.drillId());
            List<S3Object> left = s3.listObjectsV2(b -> b.bucket("drill-copies")).contents();
            assertThat(left).isEmpty();
            Leftovers.assertNone(tmp.resolve("work"));
        }
    }


    private record Run(int exitCode, String output) {
    }

    private static Run run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), output);
    }
}
