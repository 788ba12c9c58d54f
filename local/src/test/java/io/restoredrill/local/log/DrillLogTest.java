package io.restoredrill.local.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.restoredrill.core.error.DrillLogTamperedException;
import io.restoredrill.core.error.PublishFailedException;
import io.restoredrill.local.log.LogProblem.Kind;
import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.model.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrillLogTest {

    @TempDir
    Path dir;

    private DrillLog log;

    @Test
    void threeAppendsFormAChain() throws IOException {
        // GIVEN an empty reports directory
        log = new DrillLog(dir.resolve("drill-reports"));

        // WHEN three drills are appended
        List<DrillLogEntry> appended = appendThree();

        // THEN seq runs 1..3 and each entry's prevSha256 is the SHA-256 of the previous line's bytes
        List<String> lines = lines();
        assertThat(lines).hasSize(3);
        assertThat(appended).extracting(DrillLogEntry::seq).containsExactly(1L, 2L, 3L);
        assertThat(appended.get(0).prevSha256()).isEqualTo("0".repeat(64));
        assertThat(appended.get(1).prevSha256()).isEqualTo(sha256(lines.get(0)));
        assertThat(appended.get(2).prevSha256()).isEqualTo(sha256(lines.get(1)));
        assertThat(log.entries()).isEqualTo(appended);
    }

    @Test
    void entryRecordsTheDrill() throws IOException {
        // GIVEN a failed drill's report written under the reports directory
        log = new DrillLog(dir);
        DrillReport report = DrillReports.failed("d1", "demo", 1234, "public.orders has 3 rows fewer than last time.");
        Path reportJson = DrillReports.write(report, dir);

        // WHEN it is appended by an operator
        DrillLogEntry entry = log.append(report, reportJson, "alice");

        // THEN the entry carries the drill's facts, the relative report path and the report's hash
        assertThat(entry.seq()).isEqualTo(1);
        assertThat(entry.date()).isEqualTo(DrillReports.FINISHED);
        assertThat(entry.operator()).isEqualTo("alice");
        assertThat(entry.drillId()).isEqualTo("d1");
        assertThat(entry.source()).isEqualTo("demo");
        assertThat(entry.engine()).isEqualTo("postgres");
        assertThat(entry.backupDate()).isEqualTo(report.snapshot().takenAt());
        assertThat(entry.duration()).isEqualTo(Duration.ofSeconds(245));
        assertThat(entry.tables()).isEqualTo(2);
        assertThat(entry.rows()).isEqualTo(1234);
        assertThat(entry.result()).isEqualTo(Verdict.FAILED);
        assertThat(entry.failureReason()).isEqualTo("public.orders has 3 rows fewer than last time.");
        assertThat(entry.report()).isEqualTo("demo/d1/report.json");
        assertThat(entry.reportSha256()).isEqualTo(sha256(Files.readAllBytes(reportJson)));
        assertThat(log.reportPath(entry)).isEqualTo(reportJson);

        // AND the line is compact JSON whose entrySha256 covers the line without that member
        String line = lines().get(0);
        assertThat(line).startsWith("{\"seq\":1,\"date\":\"2025-03-01T10:04:05Z\",").contains("\"durationSeconds\":245.000");
        String withoutHash = line.replaceFirst(",\"entrySha256\":\"[0-9a-f]{64}\"}$", "}");
        assertThat(withoutHash).isNotEqualTo(line);
        assertThat(entry.entrySha256()).isEqualTo(sha256(withoutHash));
    }

    @Test
    void intactLogVerifies() throws IOException {
        // GIVEN three appended drills
        log = new DrillLog(dir);
        appendThree();

        // WHEN the log is verified
        LogVerification verification = log.verify();

        // THEN it is intact, and the head hash is the SHA-256 of the last line
        assertThat(verification.ok()).isTrue();
        assertThat(verification.problems()).isEmpty();
        assertThat(verification.warnings()).isEmpty();
        assertThat(verification.entries()).isEqualTo(3);
        assertThat(verification.headSha256()).isEqualTo(sha256(lines().get(2)));
        assertThat(verification.summary()).contains("intact", "3 entries", verification.headSha256());
    }

    @Test
    void missingOrEmptyLogVerifiesWithZeroEntriesAndSaysSo() throws IOException {
        // GIVEN a directory without a log
        log = new DrillLog(dir.resolve("nowhere"));

        // WHEN it is verified
        LogVerification missing = log.verify();

        // THEN it is ok with no entries, says so, and nothing was created
        assertThat(missing.ok()).isTrue();
        assertThat(missing.entries()).isZero();
        assertThat(missing.headSha256()).isNull();
        assertThat(missing.summary()).contains("no entries");
        assertThat(dir.resolve("nowhere")).doesNotExist();

        // AND an empty file verifies the same way
        Files.createFile(dir.resolve(DrillLog.LOG_FILE));
        LogVerification empty = new DrillLog(dir).verify();
        assertThat(empty.ok()).isTrue();
        assertThat(empty.entries()).isZero();
        assertThat(new DrillLog(dir).entries()).isEmpty();
    }

    @Test
    void oneFlippedDigitInAnOlderEntryIsDetected() throws IOException {
        // GIVEN three drills, the second with 2002 rows
        log = new DrillLog(dir);
        appendThree();

        // WHEN one byte of the second line changes: 2002 rows becomes 2003
        List<String> lines = lines();
        lines.set(1, replaceOnce(lines.get(1), "\"rows\":2002,", "\"rows\":2003,"));
        rewrite(lines);

        // THEN verification fails, naming line 2 as edited and line 3's broken link to it
        LogVerification verification = log.verify();
        assertThat(verification.ok()).isFalse();
        assertThat(verification.problems()).anySatisfy(p -> assertProblem(p, 2, Kind.ENTRY_HASH_MISMATCH));
        assertThat(verification.problems()).anySatisfy(p -> assertProblem(p, 3, Kind.PREV_HASH_MISMATCH));
        assertThat(verification.problems()).noneSatisfy(p -> assertThat(p.line()).isEqualTo(1));
        assertThat(verification.summary()).contains("FAILS", "line 2");
    }

    @Test
    void editingTheLastEntryIsDetected() throws IOException {
        // GIVEN three drills
        log = new DrillLog(dir);
        appendThree();

        // WHEN the last entry's result is changed from FAILED to PASSED
        List<String> lines = lines();
        lines.set(2, replaceOnce(lines.get(2), "\"result\":\"FAILED\"", "\"result\":\"PASSED\""));
        rewrite(lines);

        // THEN its own entry hash gives it away
        LogVerification verification = log.verify();
        assertThat(verification.ok()).isFalse();
        assertThat(verification.problems()).singleElement().satisfies(p -> assertProblem(p, 3, Kind.ENTRY_HASH_MISMATCH));
    }

    @Test
    void deletingAMiddleLineIsDetected() throws IOException {
        // GIVEN three drills
        log = new DrillLog(dir);
        appendThree();

        // WHEN the second line is removed
        List<String> lines = lines();
        lines.remove(1);
        rewrite(lines);

        // THEN the entry now on line 2 no longer links to line 1 and its seq skips
        LogVerification verification = log.verify();
        assertThat(verification.ok()).isFalse();
        assertThat(verification.problems()).anySatisfy(p -> assertProblem(p, 2, Kind.PREV_HASH_MISMATCH));
        assertThat(verification.problems()).anySatisfy(p -> assertProblem(p, 2, Kind.SEQ_OUT_OF_ORDER));
    }

    @Test
    void swappingTwoLinesIsDetected() throws IOException {
        // GIVEN three drills
        log = new DrillLog(dir);
        appendThree();

        // WHEN lines 2 and 3 trade places
        List<String> lines = lines();
        lines.add(1, lines.remove(2));
        rewrite(lines);

        // THEN both are out of order and out of the chain
        LogVerification verification = log.verify();
        assertThat(verification.ok()).isFalse();
        for (int line : new int[] {2, 3}) {
            assertThat(verification.problems()).anySatisfy(p -> assertProblem(p, line, Kind.PREV_HASH_MISMATCH));
            assertThat(verification.problems()).anySatisfy(p -> assertProblem(p, line, Kind.SEQ_OUT_OF_ORDER));
        }
    }

    @Test
    void truncatingTheFileMidLineIsDetected() throws IOException {
        // GIVEN three drills
        log = new DrillLog(dir);
        appendThree();

        // WHEN the file loses its last 40 bytes
        Path file = dir.resolve(DrillLog.LOG_FILE);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 40));

        // THEN line 3 is reported as cut short and unreadable
        LogVerification verification = log.verify();
        assertThat(verification.ok()).isFalse();
        assertThat(verification.problems()).anySatisfy(p -> assertProblem(p, 3, Kind.NOT_TERMINATED));
        assertThat(verification.problems()).anySatisfy(p -> assertProblem(p, 3, Kind.UNPARSEABLE));
        assertThatThrownBy(log::entries).isInstanceOf(DrillLogTamperedException.class).hasMessageContaining("Line 3");
    }

    @Test
    void deletingTheFirstLineIsDetected() throws IOException {
        // GIVEN three drills
        log = new DrillLog(dir);
        appendThree();

        // WHEN the first line is removed
        List<String> lines = lines();
        lines.remove(0);
        rewrite(lines);

        // THEN the new first entry does not start the chain
        LogVerification verification = log.verify();
        assertThat(verification.ok()).isFalse();
        assertThat(verification.problems()).anySatisfy(p -> assertProblem(p, 1, Kind.PREV_HASH_MISMATCH));
        assertThat(verification.problems()).anySatisfy(p -> assertProblem(p, 1, Kind.SEQ_OUT_OF_ORDER));
    }

    @Test
    void linesThatAreNotEntriesAreDetected() throws IOException {
        // GIVEN three drills
        log = new DrillLog(dir);
        appendThree();

        // WHEN a blank line, a JSON null and some text are added
        List<String> lines = lines();
        lines.addAll(List.of("", "null", "drill d4 passed, trust me"));
        rewrite(lines);

        // THEN each is named as unparseable and the three real entries are still counted
        LogVerification verification = log.verify();
        assertThat(verification.ok()).isFalse();
        assertThat(verification.entries()).isEqualTo(3);
        assertThat(verification.problems()).extracting(LogProblem::line, LogProblem::kind).containsExactly(
                tuple(4, Kind.UNPARSEABLE),
                tuple(5, Kind.UNPARSEABLE),
                tuple(6, Kind.UNPARSEABLE));
    }

    @Test
    void editingAReportIsDetected() throws IOException {
        // GIVEN three drills
        log = new DrillLog(dir);
        List<DrillLogEntry> entries = appendThree();

        // WHEN the second drill's report is edited after the fact
        Path report = log.reportPath(entries.get(1));
        String original = Files.readString(report);
        String edited = original.replace("\"PASSED\"", "\"FAILED\"");
        assertThat(edited).isNotEqualTo(original);
        Files.writeString(report, edited);

        // THEN verification names the entry whose report no longer matches
        LogVerification verification = log.verify();
        assertThat(verification.ok()).isFalse();
        assertThat(verification.problems()).singleElement().satisfies(p -> assertProblem(p, 2, Kind.REPORT_HASH_MISMATCH));
    }

    @Test
    void aMissingReportIsOnlyAWarning() throws IOException {
        // GIVEN three drills whose first report was archived elsewhere
        log = new DrillLog(dir);
        List<DrillLogEntry> entries = appendThree();
        Files.delete(log.reportPath(entries.get(0)));

        // WHEN the log is verified
        LogVerification verification = log.verify();

        // THEN it still passes, with a warning for line 1
        assertThat(verification.ok()).isTrue();
        assertThat(verification.warnings()).singleElement().satisfies(p -> assertProblem(p, 1, Kind.REPORT_MISSING));
        assertThat(verification.summary()).contains("1 warning");
    }

    @Test
    void appendingToATamperedLogIsRefused() throws IOException {
        // GIVEN a log whose first entry was edited
        log = new DrillLog(dir);
        appendThree();
        List<String> lines = lines();
        lines.set(0, replaceOnce(lines.get(0), "\"operator\":\"alice\"", "\"operator\":\"mallory\""));
        rewrite(lines);
        byte[] before = Files.readAllBytes(dir.resolve(DrillLog.LOG_FILE));

        // WHEN another drill is appended
        DrillReport next = DrillReports.passed("d4", "demo", 4004);
        Path nextJson = DrillReports.write(next, dir);

        // THEN it is refused, naming the broken line, and the log is left as it was
        assertThatThrownBy(() -> log.append(next, nextJson, "alice"))
                .isInstanceOf(DrillLogTamperedException.class)
                .hasMessageContaining("line 1")
                .hasMessageContaining("drill log verify");
        assertThat(Files.readAllBytes(dir.resolve(DrillLog.LOG_FILE))).isEqualTo(before);
    }

    @Test
    void appendingWithoutTheReportFileFailsToPublish() {
        // GIVEN a report that was never written
        log = new DrillLog(dir);
        DrillReport report = DrillReports.passed("d1", "demo", 1001);

        // WHEN it is appended
        // THEN publishing fails with a sentence naming the report, and no entry is written
        assertThatThrownBy(() -> log.append(report, dir.resolve("missing.json"), "alice"))
                .isInstanceOf(PublishFailedException.class)
                .hasMessageContaining("missing.json");
        assertThat(log.entries()).isEmpty();
    }

    @Test
    void latestFindsTheNewestDrillOfASource() {
        // GIVEN passed and failed drills of two sources
        log = new DrillLog(dir);
        append(DrillReports.passed("a1", "alpha", 1000), "alice");
        append(DrillReports.passed("b1", "beta", 1000), "alice");
        append(DrillReports.failed("a2", "alpha", 1000, "amcheck found a corrupt index."), "alice");

        // WHEN the newest drill of a source is looked up
        // THEN passedOnly skips failed drills and other sources never match
        assertThat(log.latest("alpha", false)).map(DrillLogEntry::drillId).contains("a2");
        assertThat(log.latest("alpha", true)).map(DrillLogEntry::drillId).contains("a1");
        assertThat(log.latest("beta", true)).map(DrillLogEntry::drillId).contains("b1");
        assertThat(log.latest("gamma", false)).isEmpty();
    }

    @Test
    void markdownHasOneRowPerEntry() throws IOException {
        // GIVEN three appended drills
        log = new DrillLog(dir);
        appendThree();

        // WHEN the generated Markdown is read
        String md = Files.readString(dir.resolve(DrillLog.MARKDOWN_FILE));

        // THEN it says it is generated, points at the JSONL and has a header plus one row per entry
        assertThat(md).contains("Generated from `drill-log.jsonl`", "source of truth", "drill log verify");
        List<String> table = md.lines().filter(l -> l.startsWith("|")).toList();
        assertThat(table).hasSize(2 + 3);
        assertThat(table.get(0)).isEqualTo(
                "| # | Date | Operator | Drill id | Source | Backup date | Duration | Row counts | Result |");
        assertThat(table.get(2)).isEqualTo("| 1 | 2025-03-01 10:04:05Z | alice | d1 | demo | 2025-03-01 10:00:05Z"
                + " | 4m 05s | 2 tables, 1,001 rows | PASSED |");
        assertThat(table.get(4)).startsWith("| 3 |").endsWith("| FAILED: public.orders lost 3 rows. |");
        assertThat(table).allSatisfy(row -> assertThat(row.split("(?<!\\\\)\\|", -1)).hasSize(11));
    }

    private List<DrillLogEntry> appendThree() {
        return List.of(
                append(DrillReports.passed("d1", "demo", 1001), "alice"),
                append(DrillReports.passed("d2", "demo", 2002), "bob"),
                append(DrillReports.failed("d3", "demo", 3003, "public.orders lost 3 rows."), "alice"));
    }

    private DrillLogEntry append(DrillReport report, String operator) {
        return log.append(report, DrillReports.write(report, log.dir()), operator);
    }

    private List<String> lines() throws IOException {
        return new ArrayList<>(Files.readAllLines(log.logFile(), StandardCharsets.UTF_8));
    }

    private void rewrite(List<String> lines) throws IOException {
        Files.writeString(log.logFile(), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private static String replaceOnce(String text, String from, String to) {
        assertThat(text.split(Pattern.quote(from), -1)).as("occurrences of %s", from).hasSize(2);
        return text.replace(from, to);
    }

    private static void assertProblem(LogProblem problem, int line, Kind kind) {
        assertThat(problem.line()).isEqualTo(line);
        assertThat(problem.kind()).isEqualTo(kind);
        assertThat(problem.toString()).startsWith("line " + line + ": ");
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
