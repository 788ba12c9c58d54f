package io.restoredrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.core.json.Json;
import io.restoredrill.local.log.DrillLog;
import io.restoredrill.local.log.DrillLogEntry;
import io.restoredrill.local.DrillFileReport;
import io.restoredrill.testing.MotoServer;
import io.restoredrill.testing.PostgresFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * End to end: a team's monthly drill of eleven databases from one S3 prefix (moto), as one drill file lists
 * them; each restored and verified with its own suite and budgets, one stale backup named among them.
 */
class DrillFileTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static final int DATABASES = 11;

    @TempDir
    Path tmp;

    @Test
    void elevenDatabasesAreDrilledFromOnePrefixInOneRunAndTheStaleOneIsNamed() throws Exception {
        // GIVEN eleven databases' nightly backups under one prefix, age-encrypted; db07's newest is last week's
        PostgresFixture.reachableByServer(tmp);
        Path key = tmp.resolve("backups.key");
        String recipient = AgeKeygen.generate(key);
        String tonight = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "");
        String lastWeek = Instant.now().minus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "");
        try (PostgresFixture source = PostgresFixture.start(); S3Client s3 = MotoS3.client(MOTO, Region.EU_WEST_1)) {
            s3.createBucket(b -> b.bucket("team-backups").createBucketConfiguration(c -> c.locationConstraint("eu-west-1")));
            for (int i = 1; i <= DATABASES; i++) {
                String db = String.format("db%02d", i);
                source.createDatabase(db);
                source.execute(db, "CREATE TABLE ledger (id int PRIMARY KEY, amount int); "
                        + "INSERT INTO ledger SELECT g, g FROM generate_series(1, " + (i * 10) + ") g;");
                boolean stale = db.equals("db07");
                // a plain dump's time is its name's (an archive's own header time would win)
                Path backup = Backups.make(source, db, stale ? "--format=plain" : "--format=custom",
                        (stale ? "| gzip " : "") + "| age -r " + recipient, tmp.resolve("made").resolve(db));
                String objectKey = "nightly/" + db + "/" + db + "-" + (stale ? lastWeek + ".sql.gz.age" : tonight + ".dump.age");
                s3.putObject(b -> b.bucket("team-backups").key(objectKey), RequestBody.fromFile(backup));
            }
        }
        // AND a drill file listing them, db03 with a suite of its own
        Files.writeString(tmp.resolve("db03-suite.yaml"), "rowCount:\n  - {table: ledger, min: 30, max: 30}\n");
        StringBuilder file = new StringBuilder("""
                from: s3://team-backups/nightly/
                region: eu-west-1
                identity: backups.key
                rto: 15m
                rpo: 26h
                budgets: {download: 1m, decrypt: 1m, restore: 10m, verify: 3m}
                databases:
                """);
        for (int i = 1; i <= DATABASES; i++) {
            file.append(String.format("  - name: db%02d%n", i));
            if (i == 3) {
                file.append("    suite: db03-suite.yaml\n");
            }
        }
        Path drillFile = Files.writeString(tmp.resolve("monthly.yaml"), file.toString());

        // WHEN the drill file is run
        Map<String, String> environment = new LinkedHashMap<>(MotoS3.environment(MOTO));
        DrillProcess.Result result = DrillProcess.run(environment, "local", "--drill-file", drillFile.toString(),
                "--out", tmp.resolve("out").toString(), "--work-dir", Files.createDirectories(tmp.resolve("work")).toString());

        // THEN ten pass and db07 fails as a stale backup, named in the last line; each has its report and log row
        assertThat(result.exitCode()).as(result.all()).isEqualTo(1);
        assertThat(result.lastLine()).isEqualTo("Restore drill FAILED — 1 of 11 databases did not pass: db07.");
        assertThat(result.stdout()).containsPattern("db07 +FAILED +Stale backup: the restored data is 7d");
        assertThat(result.stdout().lines().filter(line -> line.matches("  db\\d\\d +PASSED .*"))).hasSize(10);
        List<DrillLogEntry> entries = new DrillLog(tmp.resolve("out")).entries();
        assertThat(entries).hasSize(DATABASES);
        assertThat(entries).filteredOn(e -> e.source().equals("db05")).singleElement()
                .satisfies(e -> assertThat(e.rows()).isEqualTo(50));
        assertThat(entries).filteredOn(e -> e.source().equals("db07")).singleElement()
                .satisfies(e -> assertThat(e.backupDate()).isBefore(Instant.now().minus(6, ChronoUnit.DAYS)));
        assertThat(Reports.forSource(tmp.resolve("out"), "db03").verification().checks())
                .anyMatch(c -> c.name().contains("ledger") && c.kind().jsonName().equals("rowCount"));
        // AND one run report holds a section per database: verdict, backup time, rows per table, its full report
        Path runs = tmp.resolve("out").resolve("runs");
        Path runJson;
        try (var files = Files.list(runs)) {
            runJson = files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        DrillFileReport run = Json.mapper().readValue(runJson.toFile(), DrillFileReport.class);
        assertThat(run.verdict()).isEqualTo("FAILED");
        assertThat(run.databases()).hasSize(DATABASES);
        assertThat(run.databases()).filteredOn(d -> d.database().equals("db07")).singleElement()
                .satisfies(d -> assertThat(d.reason()).startsWith("Stale backup"));
        assertThat(run.databases()).filteredOn(d -> d.database().equals("db11")).singleElement().satisfies(d -> {
            assertThat(d.verdict()).isEqualTo("PASSED");
            assertThat(d.rows()).containsEntry("public.ledger", 110L);
            assertThat(runs.resolve(d.report())).exists();
        });
        assertThat(result.stdout()).contains("Run report: " + runJson.toString().replace(".json", ".md"));
        Leftovers.assertNone(tmp.resolve("work"));
    }
}
