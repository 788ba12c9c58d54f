package io.restoredrill.core.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The part of a verification one invocation runs: from its start until shortly before the invocation must end (a
 * Lambda's timeout). A check the slice's end cuts short goes back to the queue for the next slice, unless it had
 * (nearly) the whole slice to itself: then it can never fit, and it ends in an error that says so.
 */
record Slice(Instant start, Instant end, AtomicInteger started) {

    Slice(Instant start, Instant end) {
        this(start, end, new AtomicInteger());
    }

    /**
     * Counts a check that starts in this slice; the first may start however little is left, so that every slice makes
     * progress (a verification whose invocations leave too little time still ends, one check per invocation).
     */
    boolean mayStart() {
        if (over()) {
            return started.compareAndSet(0, 1);
        }
        started.incrementAndGet();
        return true;
    }

    /** Below this (or a tenth of a short slice), a check does not start in this slice: it would only be cut. */
    private static final Duration TOO_LITTLE = Duration.ofSeconds(1);

    Duration left() {
        return Duration.between(Instant.now(), end);
    }

    boolean over() {
        Duration tenth = length().dividedBy(10);
        return left().compareTo(tenth.compareTo(TOO_LITTLE) < 0 ? tenth : TOO_LITTLE) < 0;
    }

    /** Whether a check that started at {@code started} had at least nine tenths of the slice. */
    boolean hadWholeSlice(Instant started) {
        return Duration.between(started, end).multipliedBy(10).compareTo(Duration.between(start, end).multipliedBy(9)) >= 0;
    }

    Duration length() {
        return Duration.between(start, end);
    }
}
