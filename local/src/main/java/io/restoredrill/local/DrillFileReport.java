package io.restoredrill.local;

import io.restoredrill.core.error.PublishFailedException;
import io.restoredrill.core.json.Json;
import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.time.Durations;
import io.restoredrill.core.verify.TableInventory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evidence of one drill-file run as one report: a section per database with its verdict, backup, rows per
 * table, RTO and RPO, and the path of its full report. Written as {@code <out>/runs/<run id>.json} and {@code .md}.
 *
 * @param verdict {@code PASSED} only when every database passed
 */
public record DrillFileReport(int schemaVersion, String runId, String drillFile, String operator, Instant startedAt,
                              Instant finishedAt, String verdict, List<Section> databases) {

    public static final int SCHEMA_VERSION = 1;

    /**
     * One database.
     *
     * @param verdict  {@code PASSED}, {@code FAILED} or {@code NOT_RUN}
     * @param reason   why it did not pass, or {@code null}
     * @param rows     rows verified per table, {@code schema.table → rows}
     * @param report   its full report's JSON, relative to the run report's directory; {@code null} when not run
     */
    public record Section(String database, String verdict, String reason, String backup, Instant backupTakenAt,
                          long rowsVerified, Map<String, Long> rows, Duration rto, Duration rpo, String report) {
    }

    public static DrillFileReport of(String runId, Path drillFile, String operator, Instant startedAt, Instant finishedAt,
                              List<DatabaseDrills.Result> results, Path runsDir) {
        List<Section> sections = results.stream().map(result -> result.outcome().map(outcome -> {
            DrillReport report = outcome.report();
            Map<String, Long> rows = new LinkedHashMap<>();
            if (report.verification() != null) {
                for (TableInventory table : report.verification().inventory().tables()) {
                    if (!table.partitioned()) {
                        rows.put(table.schema() + "." + table.table(), table.rows());
                    }
                }
            }
            return new Section(result.database(), report.passed() ? "PASSED" : "FAILED", report.failureReason(),
                    report.snapshot() == null ? null : report.snapshot().recoveryLocation(),
                    report.snapshot() == null ? null : report.snapshot().takenAt(), report.rowsVerified(), rows,
                    report.rto(), report.rpo(), runsDir.toAbsolutePath().relativize(
                            outcome.reportFiles().json().toAbsolutePath()).toString());
        }).orElseGet(() -> new Section(result.database(), "NOT_RUN", result.couldNotRun().orElse(null), null, null, 0,
                Map.of(), null, null, null))).toList();
        boolean passed = results.stream().allMatch(DatabaseDrills.Result::passed);
        return new DrillFileReport(SCHEMA_VERSION, runId, drillFile.toString(), operator, startedAt, finishedAt,
                passed ? "PASSED" : "FAILED", sections);
    }

    /** Writes the JSON and the Markdown; returns the Markdown's path. */
    public Path write(Path runsDir) {
        try {
            Files.createDirectories(runsDir);
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(runsDir.resolve(runId + ".json").toFile(), this);
            Path markdown = runsDir.resolve(runId + ".md");
            Files.writeString(markdown, markdown());
            return markdown;
        } catch (IOException e) {
            throw new PublishFailedException("Cannot write the run's report into " + runsDir + " (" + e.getMessage()
                    + "); each database's own report and drill-log entry were written.", e);
        }
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Restore drill of ").append(databases.size()).append(" databases — ").append(verdict).append("\n\n");
        md.append("Drill file `").append(drillFile).append("`, run ").append(runId).append(" by ").append(operator)
                .append(", ").append(startedAt).append(" to ").append(finishedAt).append(".\n\n");
        md.append("| Database | Verdict | Rows | RTO | RPO | Backup taken |\n|---|---|---|---|---|---|\n");
        for (Section s : databases) {
            md.append("| ").append(s.database()).append(" | ").append(s.verdict()).append(" | ").append(s.rowsVerified())
                    .append(" | ").append(Durations.format(s.rto())).append(" | ").append(Durations.format(s.rpo()))
                    .append(" | ").append(s.backupTakenAt() == null ? "—" : s.backupTakenAt()).append(" |\n");
        }
        for (Section s : databases) {
            md.append("\n## ").append(s.database()).append(" — ").append(s.verdict()).append("\n\n");
            if (s.reason() != null) {
                md.append(s.reason().replace("\n", " ")).append("\n\n");
            }
            if (s.backup() != null) {
                md.append("Backup `").append(s.backup()).append("`, taken ").append(s.backupTakenAt()).append(".\n\n");
            }
            if (!s.rows().isEmpty()) {
                md.append("| Table | Rows |\n|---|---|\n");
                s.rows().forEach((table, count) -> md.append("| ").append(table.replace("|", "\\|")).append(" | ").append(count).append(" |\n"));
                md.append('\n');
            }
            if (s.report() != null) {
                md.append("Full report: [").append(s.report()).append("](").append(s.report()).append(").\n");
            }
        }
        return md.toString();
    }
}
