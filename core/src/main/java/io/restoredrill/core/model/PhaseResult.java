package io.restoredrill.core.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One phase of a drill as it happened.
 *
 * @param budget the phase's own time budget, or {@code null} when it has none
 * @param detail one human sentence: what the phase did, or why it failed
 */
public record PhaseResult(
        Phase phase,
        Instant start,
        Instant end,
        @JsonProperty("durationSeconds") Duration duration,
        @JsonProperty("budgetSeconds") Duration budget,
        PhaseStatus status,
        String detail) {

    public PhaseResult {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(status, "status");
    }

    public static PhaseResult of(Phase phase, Instant start, Instant end, Duration budget,
                                 PhaseStatus status, String detail) {
        return new PhaseResult(phase, start, end, Duration.between(start, end), budget, status, detail);
    }

    public boolean overBudget() {
        return budget != null && duration != null && duration.compareTo(budget) > 0;
    }
}
