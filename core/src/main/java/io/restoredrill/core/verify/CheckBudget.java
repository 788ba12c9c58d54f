package io.restoredrill.core.verify;

import io.restoredrill.core.time.Durations;
import java.time.Duration;
import java.time.Instant;

/**
 * How long a check may run: its own timeout, cut short by the verification's deadline (the phase budget or the RTO)
 * and by the end of the invocation's slice, if it runs in slices. Worked out when the check starts, so checks that
 * waited in the queue get only what is left.
 *
 * @param slice the invocation's slice, or {@code null} when the verification runs in one go
 */
record CheckBudget(Duration timeout, Instant deadline, Slice slice) {

    CheckBudget(Duration timeout, Instant deadline) {
        this(timeout, deadline, null);
    }

    /** What a check starting now may take. */
    sealed interface Allowance {
    }

    /** The check may run for {@code time}; {@code sliceBound} when the slice's end, not the check's limits, sets it. */
    record Run(Duration time, boolean sliceBound, Instant started) implements Allowance {
    }

    /** The verification's deadline has passed: the check is not run, and says so. */
    record DeadlinePassed() implements Allowance {
    }

    /** Too little of the slice is left: the check waits for the next one. */
    record NextSlice() implements Allowance {
    }

    Allowance allow() {
        Duration time = timeout;
        if (deadline != null) {
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.compareTo(Duration.ofMillis(100)) < 0) {
                return new DeadlinePassed();
            }
            time = left.compareTo(time) < 0 ? left : time;
        }
        if (slice != null) {
            if (!slice.mayStart()) {
                return new NextSlice();
            }
            Duration left = slice.left();
            // A slice's first check, started when the slice is already over, runs on its own limits instead.
            if (!slice.over() && left.compareTo(time) < 0) {
                return new Run(left, true, Instant.now());
            }
        }
        return new Run(time, false, Instant.now());
    }

    /**
     * Whether a check cancelled at its allowance goes back to the queue: the slice's end cut it, and it started late
     * enough in the slice that the next one may give it room.
     */
    boolean requeue(Run run) {
        return run.sliceBound() && !slice.hadWholeSlice(run.started());
    }

    /** Why a check the slice's end cut short although it had the whole slice can never finish. */
    String longerThanSlice() {
        return "it runs longer than one invocation's slice of verification (" + Durations.format(slice.length())
                + ") allows";
    }

    static final String DEADLINE_PASSED = "not run: the verification deadline had passed";
}
