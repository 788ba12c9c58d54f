package io.restoredrill.aws.verify;

import java.time.Duration;

/** How Verify waits between connection attempts; tests pass one that moves their clock instead of sleeping. */
@FunctionalInterface
public interface Pause {

    Pause SLEEP = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
