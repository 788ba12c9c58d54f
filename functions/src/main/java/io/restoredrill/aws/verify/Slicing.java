package io.restoredrill.aws.verify;

import io.restoredrill.core.verify.VerificationRunner;
import java.time.Duration;
import java.time.Instant;

/**
 * How Verify spreads a verification over invocations: each stops starting checks {@code margin} before its Lambda
 * times out (time to store the progress and return), runs at most {@code longest} (none in production), scans large
 * tables in ranges of {@code rangeBlocks} blocks, and stores its progress every {@code checkpointEvery}.
 */
public record Slicing(Duration margin, Duration longest, long rangeBlocks, Duration checkpointEvery) {

    /** A minute before the timeout; progress stored every minute (each version is kept, like all evidence). */
    public static final Slicing DEFAULT = new Slicing(Duration.ofMinutes(1), null, VerificationRunner.DEFAULT_RANGE_BLOCKS,
            Duration.ofMinutes(1));

    /** When this invocation's slice ends, or {@code null} when the invocation has no time limit. */
    Instant end(Instant now, Instant invocationEnd) {
        Instant end = invocationEnd == null ? null : invocationEnd.minus(margin);
        if (longest != null && (end == null || now.plus(longest).isBefore(end))) {
            end = now.plus(longest);
        }
        return end;
    }
}
