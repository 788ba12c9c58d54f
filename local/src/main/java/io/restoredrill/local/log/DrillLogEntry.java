package io.restoredrill.local.log;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.model.RestorePoint;
import io.restoredrill.core.model.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One line of {@code drill-log.jsonl}; the fields are described in docs/drill-log.md.
 *
 * @param date        when the drill finished
 * @param source      the source's short name
 * @param backupDate  when the restored snapshot's data was frozen
 * @param restorePoint where a point-in-time recovery ended ({@code target time …, data to …, LSN …}); absent for a
 *                    snapshot or dump, whose point is {@code backupDate}. Older lines lack it, so their hashes hold.
 * @param tables      user tables inventoried in the restored copy
 * @param rows        rows counted in the restored copy
 * @param report      the report JSON, relative to the log directory, with {@code /} separators
 * @param prevSha256  SHA-256 of the previous line's bytes, or {@link #FIRST_PREV_SHA256} for the first entry
 * @param entrySha256 SHA-256 of this line's JSON without its {@code entrySha256} member
 */
@JsonPropertyOrder({"seq", "date", "operator", "drillId", "source", "engine", "backupDate", "restorePoint", "durationSeconds",
        "tables", "rows", "result", "failureReason", "report", "reportSha256", "prevSha256", "entrySha256"})
public record DrillLogEntry(
        long seq,
        Instant date,
        String operator,
        String drillId,
        String source,
        String engine,
        Instant backupDate,
        @JsonInclude(JsonInclude.Include.NON_NULL) String restorePoint,
        @JsonProperty("durationSeconds") Duration duration,
        int tables,
        long rows,
        Verdict result,
        String failureReason,
        String report,
        String reportSha256,
        String prevSha256,
        @JsonInclude(JsonInclude.Include.NON_NULL) String entrySha256) {

    public static final String FIRST_PREV_SHA256 = "0".repeat(64);

    public boolean passed() {
        return result == Verdict.PASSED;
    }

    static DrillLogEntry unsealed(long seq, DrillReport report, String operator, String reportPath,
                                  String reportSha256, String prevSha256) {
        Duration duration = report.totalDuration();
        return new DrillLogEntry(
                seq,
                report.finishedAt() != null ? report.finishedAt() : Instant.now(),
                operatorOf(report, operator),
                report.drillId(),
                report.source() == null ? null : report.source().name(),
                report.engine(),
                report.snapshot() == null ? null : report.snapshot().takenAt(),
                restorePointOf(report),
                duration == null ? null : duration.truncatedTo(ChronoUnit.MILLIS),
                tablesOf(report),
                report.rowsVerified(),
                report.verdict(),
                report.failureReason(),
                reportPath,
                reportSha256,
                prevSha256,
                null);
    }

    DrillLogEntry withEntrySha256(String hash) {
        return new DrillLogEntry(seq, date, operator, drillId, source, engine, backupDate, restorePoint, duration, tables, rows,
                result, failureReason, report, reportSha256, prevSha256, hash);
    }

    private static String restorePointOf(DrillReport report) {
        RestorePoint point = report.restorePoint();
        if (point == null || point.kind() == RestorePoint.Kind.SNAPSHOT) {
            return null;
        }
        return point.describe() + (point.restoredTo() == null ? "" : ", data to " + point.restoredTo())
                + (point.lsn() == null ? "" : ", LSN " + point.lsn());
    }

    private static String operatorOf(DrillReport report, String operator) {
        if (operator != null && !operator.isBlank()) {
            return operator;
        }
        return report.operator() != null && !report.operator().isBlank() ? report.operator() : "unknown";
    }

    private static int tablesOf(DrillReport report) {
        return report.verification() == null || report.verification().inventory() == null
                ? 0 : report.verification().inventory().tables().size();
    }
}
