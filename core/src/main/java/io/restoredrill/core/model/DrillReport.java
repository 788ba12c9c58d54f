package io.restoredrill.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.restoredrill.core.verify.VerificationResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The evidence of one drill; its JSON form is documented in docs/report-format.md.
 *
 * @param rto           restore start to verification finished, or {@code null} if the drill never got there
 * @param rpo           drill start minus the newest data in the restored copy
 * @param failureReason one sentence, {@code null} when the drill passed
 */
@JsonPropertyOrder({"schemaVersion", "drillId", "engine", "verdict", "failureReason", "source", "operator",
        "startedAt", "finishedAt", "snapshot", "budgets", "rtoSeconds", "rpoSeconds", "phases", "verification"})
public record DrillReport(
        int schemaVersion,
        String drillId,
        String engine,
        SourceInfo source,
        String operator,
        Instant startedAt,
        Instant finishedAt,
        SnapshotInfo snapshot,
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

    /** Total rows counted in the restored copy, 0 when verification did not run. */
    public long rowsVerified() {
        return verification == null || verification.inventory() == null ? 0 : verification.inventory().totalRows();
    }

    public Duration totalDuration() {
        return startedAt == null || finishedAt == null ? null : Duration.between(startedAt, finishedAt);
    }
}
