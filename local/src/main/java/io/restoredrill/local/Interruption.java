package io.restoredrill.local;

import io.restoredrill.core.error.EnvironmentException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C or SIGTERM during a drill. The JVM runs shutdown hooks while the drill's own thread keeps
 * going, so the hook does not clean up behind the drill's back: it stops the child programs
 * (pg_dump, initdb, pg_restore), keeps new ones from surviving, and waits for the drill's own
 * Cleanup. Only if that never comes does it release the workspace itself.
 */
public final class Interruption {

    private static final Duration WAIT_FOR_CLEANUP = Duration.ofSeconds(90);

    private volatile boolean requested;
    private volatile boolean cleaning;
    private final CountDownLatch cleaned = new CountDownLatch(1);

    /** Registers the hook; {@code fallback} releases everything if the drill does not clean up. */
    public Thread install(Runnable fallback) {
        Thread hook = new Thread(() -> onSignal(fallback), "restore-drill-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private void onSignal(Runnable fallback) {
        requested = true;
        Instant until = Instant.now().plus(WAIT_FOR_CLEANUP);
        try {
            do {
                if (!cleaning) {
                    ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
                }
            } while (!cleaned.await(200, TimeUnit.MILLISECONDS) && Instant.now().isBefore(until));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (cleaned.getCount() > 0) {
            fallback.run();
        }
    }

    /** Stops the drill between phases once a signal came. */
    public void checkpoint() {
        if (requested) {
            throw interrupted();
        }
    }

    public boolean requested() {
        return requested;
    }

    /** Cleanup is running: its own pg_ctl calls must not be killed. */
    public void cleaning() {
        cleaning = true;
    }

    public void cleaned() {
        cleaned.countDown();
    }

    public static EnvironmentException interrupted() {
        return new EnvironmentException("The drill was interrupted; everything it had started was stopped and removed.");
    }

    public static void uninstall(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running or has run.
        }
    }
}
