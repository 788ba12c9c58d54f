package io.restoredrill.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.restoredrill.core.verify.CheckResult;
import io.restoredrill.core.verify.CheckStatus;
import io.restoredrill.core.verify.VerificationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The evidence of one drill; its JSON form is documented in docs/report-format.md.
 *
 * @param rto           restore start to verification finished, or {@code null} if the drill never got there
 * @param restorePoint  the point in time the copy holds and how it was found, {@code null} before Restore
 * @param rpo           drill start minus the newest data in the restored copy
 * @param failureReason one sentence, {@code null} when the drill passed
 */
@JsonPropertyOrder({"schemaVersion", "drillId", "engine", "verdict", "failureReason", "source", "operator",
        "startedAt", "finishedAt", "snapshot", "restorePoint", "budgets", "rtoSeconds", "rpoSeconds", "phases", "verification"})
public record DrillReport(
        int schemaVersion,
        String drillId,
        String engine,
        SourceInfo source,
        String operator,
        Instant startedAt,
        Instant finishedAt,
        SnapshotInfo snapshot,
        RestorePoint restorePoint,
        Budgets budgets,
        List<PhaseResult> phases,
        VerificationResult verification,
        @JsonProperty("rtoSeconds") Duration rto,
        @JsonProperty("rpoSeconds") Duration rpo,
        Verdict verdict,
        String failureReason) {

    public static final int SCHEMA_VERSION = 1;

    public DrillReport {
        Objects.requireNonNull(drillId, "drillId");
        Objects.requireNonNull(verdict, "verdict");
        phases = List.copyOf(phases);
    }

    public boolean passed() {
        return verdict == Verdict.PASSED;
    }

    /** The checks that could not run (amcheck that cannot be installed): a pass with these is a pass with less proof. */
    public List<CheckResult> checksNotRun() {
        return verification == null ? List.of()
                : verification.checks().stream().filter(c -> c.status() == CheckStatus.SKIPPED).toList();
    }

    /** The verdict as people read it first: {@code PASSED}, {@code PASSED with 1 check not run}, or {@code FAILED}. */
    public String verdictHeadline() {
        if (!passed()) {
            return "FAILED";
        }
        int notRun = checksNotRun().size();
        return notRun == 0 ? "PASSED" : "PASSED with " + notRun + (notRun == 1 ? " check" : " checks") + " not run";
    }

    /** Total rows counted in the restored copy, 0 when verification did not run. */
    public long rowsVerified() {
        return verification == null || verification.inventory() == null ? 0 : verification.inventory().totalRows();
    }

    public Duration totalDuration() {
        return startedAt == null || finishedAt == null ? null : Duration.between(startedAt, finishedAt);
    }
}
