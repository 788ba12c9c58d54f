package io.restoredrill.core.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long a check may run: its own timeout, cut short by the verification's deadline (the
 * phase budget or the RTO). Worked out when the check starts, so checks that waited in the queue
 * get only what is left.
 */
record CheckBudget(Duration timeout, Instant deadline) {

    /** The time the check may take, or empty when the deadline has already passed. */
    Optional<Duration> remaining() {
        if (deadline == null) {
            return Optional.of(timeout);
        }
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.compareTo(Duration.ofMillis(100)) < 0) {
            return Optional.empty();
        }
        return Optional.of(left.compareTo(timeout) < 0 ? left : timeout);
    }

    static final String DEADLINE_PASSED = "not run: the verification deadline had passed";
}
