package io.restoredrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.json.Json;
import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.model.PhaseResult;
import io.restoredrill.core.model.PhaseStatus;
import io.restoredrill.core.report.ReportJson;
import io.restoredrill.core.verify.CheckKind;
import io.restoredrill.core.verify.CheckResult;
import io.restoredrill.core.verify.CheckStatus;
import io.restoredrill.testing.PostgresFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end: `drill local` with no source, as a new user's first command, through the real main. */
class EmbeddedDefaultDrillTest {

    private static final long DEMO_ROWS = 298_000;

    @TempDir
    Path tmp;

    @Test
    void theEmbeddedDefaultPassesTwiceChainsTheDrillLogAndLeavesNothingBehind() throws Exception {
        PostgresFixture.reachableByServer(tmp);
        Path out = tmp.resolve("reports");
        Path work = Files.createDirectories(tmp.resolve("work"));

        // WHEN a new user runs the embedded default
        DrillProcess.Result first = DrillProcess.run("local", "--out", out.toString(), "--work-dir", work.toString());

        // THEN it passes, says so on its last line, and shows each phase starting and ending
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.lastLine()).matches("Restore drill PASSED — " + DEMO_ROWS + " rows verified in .+ \\(RTO budget 15m 00s\\)");
        for (String phase : List.of("Plan", "Snapshot", "Copy", "Restore", "Verify", "Cleanup", "Publish")) {
            assertThat(first.stdout()).contains("▶ " + phase).containsPattern("✔ " + phase + " +\\d");
        }
        // AND it wrote the three report files, with every table matching the source exactly
        DrillReport report = Reports.only(out);
        Path reportDir = out.resolve("demo");
        assertThat(reportDir.resolve(report.drillId() + ".md")).isNotEmptyFile();
        assertThat(Files.readString(reportDir.resolve(report.drillId() + ".html"))).contains("id=\"timeline\"");
        assertThat(first.stdout()).contains("Report: " + reportDir.resolve(report.drillId() + ".html"));
        assertThat(report.phases()).extracting(PhaseResult::phase).containsExactly(
                Phase.PLAN, Phase.SNAPSHOT, Phase.COPY, Phase.RESTORE, Phase.VERIFY, Phase.CLEANUP);
        assertThat(report.phases()).allMatch(p -> p.status() == PhaseStatus.PASSED);
        assertThat(report.rowsVerified()).isEqualTo(DEMO_ROWS);
        assertThat(report.verification().inventory().tables()).hasSize(5);
        List<CheckResult> tables = report.verification().checks().stream()
                .filter(c -> c.kind() == CheckKind.TABLE_INVENTORY).toList();
        assertThat(tables).hasSize(5).allSatisfy(c -> {
            assertThat(c.status()).isEqualTo(CheckStatus.PASSED);
            assertThat(c.measured()).isEqualTo(c.expected());
        });
        assertThat(report.verification().checks()).anySatisfy(c -> {
            assertThat(c.kind()).isEqualTo(CheckKind.SOURCE_INVENTORY);
            assertThat(c.status()).isEqualTo(CheckStatus.PASSED);
        });
        assertThat(report.verification().checks()).filteredOn(c -> c.kind() == CheckKind.AMCHECK)
                .hasSizeGreaterThanOrEqualTo(8).allMatch(c -> c.status() == CheckStatus.PASSED);
        // AND nothing is left running or on disk
        Leftovers.assertNone(work);

        // WHEN it runs a second time
        DrillProcess.Result second = DrillProcess.run("local", "--out", out.toString(), "--work-dir", work.toString());

        // THEN it passes, compares with the first drill, and the log holds two chained entries
        assertThat(second.exitCode()).as(second.all()).isZero();
        List<String> log = Files.readAllLines(out.resolve("drill-log.jsonl"), StandardCharsets.UTF_8);
        assertThat(log).hasSize(2);
        JsonNode newest = Json.mapper().readTree(log.get(1));
        assertThat(newest.get("prevSha256").asText()).isEqualTo(sha256(log.get(0)));
        assertThat(newest.get("seq").asInt()).isEqualTo(2);
        DrillReport secondReport = ReportJson.read(out.resolve(newest.get("report").asText()));
        assertThat(secondReport.verification().checks()).anySatisfy(c -> {
            assertThat(c.kind()).isEqualTo(CheckKind.PREVIOUS_INVENTORY);
            assertThat(c.name()).contains(report.drillId());
            assertThat(c.status()).isEqualTo(CheckStatus.PASSED);
        });
        assertThat(Files.readString(out.resolve("drill-log.md"))).contains(report.drillId()).contains(secondReport.drillId());
        Leftovers.assertNone(work);

        // AND `drill log verify` passes on it, then fails once one byte of the first entry is edited
        DrillProcess.Result intact = DrillProcess.run("log", "verify", "--dir", out.toString());
        assertThat(intact.exitCode()).as(intact.all()).isZero();
        String edited = log.get(0).replace("\"rows\":" + DEMO_ROWS, "\"rows\":" + (DEMO_ROWS + 1));
        assertThat(edited).isNotEqualTo(log.get(0));
        Files.write(out.resolve("drill-log.jsonl"), List.of(edited, log.get(1)), StandardCharsets.UTF_8);
        DrillProcess.Result tampered = DrillProcess.run("log", "verify", "--dir", out.toString());
        assertThat(tampered.exitCode()).isEqualTo(1);
        assertThat(tampered.stdout()).contains("line 1");
    }

    private static String sha256(String line) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.UTF_8)));
    }
}
