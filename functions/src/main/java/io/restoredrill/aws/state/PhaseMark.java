package io.restoredrill.aws.state;

import io.restoredrill.core.model.Phase;
import io.restoredrill.core.model.PhaseStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * When one phase of an AWS drill started and ended. A phase spans several Lambda invocations
 * (Restore starts it, the last CheckRestore ends it), so its marks travel in the state.
 *
 * @param status {@code null} while the phase runs
 */
public record PhaseMark(Phase phase, Instant start, Instant end, PhaseStatus status, String detail) {

    public PhaseMark {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(start, "start");
    }

    static PhaseMark started(Phase phase, Instant at) {
        return new PhaseMark(phase, at, null, null, null);
    }

    PhaseMark end(Instant at, PhaseStatus outcome, String sentence) {
        return new PhaseMark(phase, start, at, outcome, sentence);
    }
}
