package io.restoredrill.core.verify;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Where a verification running in slices keeps its progress while a slice runs: {@code save} gets it after planning
 * and at least every {@code every} while checks run, so that an invocation that dies midway loses at most that much.
 */
public record Checkpoint(Duration every, Consumer<VerificationProgress> save) {

    /** For a verification that runs in one go: nothing to keep. */
    public static final Checkpoint NONE = new Checkpoint(Duration.ofDays(1), progress -> { });

    /** Every 30 seconds. */
    public static Checkpoint every30Seconds(Consumer<VerificationProgress> save) {
        return new Checkpoint(Duration.ofSeconds(30), save);
    }
}
