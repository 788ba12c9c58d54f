package io.restoredrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.restoredrill.testing.MotoServer;
import io.restoredrill.testing.PostgresFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The scheduling examples of docs/scheduling.md stay true: systemd accepts the units, the service's own
 * {@code ExecStart} drills real backups from S3 (moto) and writes the Prometheus textfile the alert rules read,
 * and the cron entry runs the very same drill.
 */
class ScheduledDrillExamplesTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static final Path EXAMPLES = Path.of("..", "docs", "examples").toAbsolutePath().normalize();
    private static final Pattern SAMPLE = Pattern.compile("^(restore_drill_[a-z_]+)\\{([^}]*)} (\\S+)$");

    @TempDir
    Path tmp;

    @Test
    void systemdAcceptsTheServiceAndItsTimer() throws Exception {
        // GIVEN the examples, with the drill where this checkout has it
        Path units = Files.createDirectories(tmp.resolve("units"));
        Files.writeString(units.resolve("restore-drill.service"), Files.readString(service())
                .replace("/opt/restore-drill/drill", Path.of("..", "drill").toAbsolutePath().normalize().toString()));
        Files.copy(EXAMPLES.resolve("systemd/restore-drill.timer"), units.resolve("restore-drill.timer"));

        // WHEN systemd checks them
        Process verify = new ProcessBuilder("systemd-analyze", "verify", "--man=no",
                units.resolve("restore-drill.timer").toString(), units.resolve("restore-drill.service").toString())
                .redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        // THEN it finds nothing wrong
        assertThat(verify.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(verify.exitValue()).as("systemd-analyze verify (apt-get install -y systemd): " + output).isZero();
        assertThat(output).isBlank();
    }

    @Test
    void theServicesCommandDrillsTheNewestBackupAndWritesTheTextfileTheAlertsRead() throws Exception {
        // GIVEN nightly age-encrypted backups of shop in the bucket the example names
        PostgresFixture.reachableByServer(tmp);
        Path key = tmp.resolve("backups.key");
        String recipient = AgeKeygen.generate(key);
        Path textfiles = Files.createDirectories(tmp.resolve("node-exporter"));
        try (PostgresFixture source = PostgresFixture.start(); S3Client s3 = MotoS3.client(MOTO, Region.US_EAST_1)) {
            source.createDatabase("shop");
            source.execute("shop", "CREATE TABLE orders (id int PRIMARY KEY); INSERT INTO orders SELECT generate_series(1, 250);");
            s3.createBucket(b -> b.bucket("team-backups"));
            String today = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "");
            Path backup = Backups.make(source, "shop", "--format=custom", "| age -r " + recipient, tmp.resolve("b.age"));
            s3.putObject(b -> b.bucket("team-backups").key("nightly/shop-" + today + ".dump.age"), RequestBody.fromFile(backup));

            // WHEN the service's ExecStart runs, as systemd would run it
            DrillProcess.Result first = runExample(execStart(), key, textfiles);

            // THEN the drill passes and the textfile says so, with every metric the alert rules use
            assertThat(first.exitCode()).as(first.all()).isZero();
            Map<String, Double> metrics = metrics(textfiles.resolve("restore_drill_shop.prom"));
            assertThat(metrics).containsEntry("restore_drill_passed", 1.0)
                    .containsEntry("restore_drill_rows_verified", 250.0)
                    .containsEntry("restore_drill_rto_budget_seconds", 900.0)
                    .containsEntry("restore_drill_rpo_budget_seconds", 26 * 3600.0)
                    .containsKeys("restore_drill_last_run_timestamp_seconds", "restore_drill_last_success_timestamp_seconds",
                            "restore_drill_rto_seconds", "restore_drill_rpo_seconds", "restore_drill_backup_timestamp_seconds");
            for (String used : alertRuleMetrics()) {
                assertThat(metrics).containsKey(used);
            }
            double firstSuccess = metrics.get("restore_drill_last_success_timestamp_seconds");

            // AND WHEN the newest backup is then a broken one, and the cron entry runs the drill
            String later = Instant.now().plusSeconds(60).truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "");
            s3.putObject(b -> b.bucket("team-backups").key("nightly/shop-" + later + ".dump.age"),
                    RequestBody.fromString("-----BEGIN AGE ENCRYPTED FILE-----\ncut short\n"));
            DrillProcess.Result second = runExample(cronCommand(), key, textfiles);

            // THEN it fails, and the textfile says the last drill failed while the last success stays where it was
            assertThat(second.exitCode()).as(second.all()).isEqualTo(1);
            Map<String, Double> after = metrics(textfiles.resolve("restore_drill_shop.prom"));
            assertThat(after).containsEntry("restore_drill_passed", 0.0)
                    .containsEntry("restore_drill_last_success_timestamp_seconds", firstSuccess)
                    .doesNotContainKey("restore_drill_rto_seconds");
            assertThat(after.get("restore_drill_last_run_timestamp_seconds")).isGreaterThan(firstSuccess);
        }
    }

    @Test
    void theCronEntryRunsTheSameDrillAsTheService() throws Exception {
        List<String> service = execStart();
        List<String> cron = cronCommand();
        assertThat(cron.subList(0, cron.indexOf("--operator"))).isEqualTo(service.subList(0, service.indexOf("--operator")));
    }

    // ---- helpers ----

    /** Runs an example's drill command with this machine's paths in place of the example's. */
    private DrillProcess.Result runExample(List<String> command, Path key, Path textfiles) throws IOException {
        assertThat(command.get(0)).isEqualTo("/opt/restore-drill/drill");
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("/etc/restore-drill/backups.key", key.toString());
        paths.put("/var/lib/restore-drill/reports", tmp.resolve("reports").toString());
        paths.put("/var/lib/restore-drill/work", Files.createDirectories(tmp.resolve("work")).toString());
        paths.put("/var/lib/prometheus/node-exporter", textfiles.toString());
        List<String> arguments = new ArrayList<>();
        for (String argument : command.subList(1, command.size())) {
            arguments.add(paths.getOrDefault(argument, argument));
        }
        Map<String, String> environment = new LinkedHashMap<>(MotoS3.environment(MOTO));
        environment.put("AWS_REGION", "us-east-1");
        return DrillProcess.run(environment, arguments.toArray(String[]::new));
    }

    private static Path service() {
        return EXAMPLES.resolve("systemd/restore-drill.service");
    }

    private static List<String> execStart() throws IOException {
        String joined = Files.readString(service()).replace("\\\n", " ");
        String line = joined.lines().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        return Arrays.asList(line.substring("ExecStart=".length()).trim().split("\\s+"));
    }

    private static List<String> cronCommand() throws IOException {
        String line = Files.readAllLines(EXAMPLES.resolve("cron/restore-drill")).stream()
                .filter(l -> l.matches("^[0-9*].*")).findFirst().orElseThrow();
        String drill = line.substring(line.indexOf("/opt/restore-drill/drill"));
        return Arrays.asList(drill.trim().split("\\s+"));
    }

    /** The metric names the alert rules' expressions read. */
    private static List<String> alertRuleMetrics() throws IOException {
        Matcher names = Pattern.compile("restore_drill_[a-z_]+")
                .matcher(Files.readString(EXAMPLES.resolve("prometheus/restore-drill.rules.yml")));
        List<String> found = new ArrayList<>();
        while (names.find()) {
            found.add(names.group());
        }
        assertThat(found).isNotEmpty();
        return found;
    }

    /** The samples labelled only by source, by metric name; every line must be a comment or a well-formed sample. */
    private static Map<String, Double> metrics(Path file) throws IOException {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertThat(sample.matches()).as("a sample line: " + line).isTrue();
            double value = Double.parseDouble(sample.group(3));
            if (sample.group(2).equals("source=\"shop\"")) {
                samples.put(sample.group(1), value);
            }
        }
        return samples;
    }

}
