package io.restoredrill.core.verify;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Small helpers shared by the verification classes. */
final class Verifier {

    private Verifier() {
    }

    static ThreadFactory threads(String name) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "restore-drill-" + name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    static int seconds(Duration timeout) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
    }

    /** A one-line reason for a failed statement; a cancelled one is reported as the timeout it was. */
    static String describe(SQLException e, Duration timeout) {
        if ("57014".equals(e.getSQLState())) {
            return "timed out after " + io.restoredrill.core.time.Durations.format(timeout);
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message).replaceFirst("^ERROR: ", "");
    }

    /** Tasks catch their own failures; anything else escaping one is a bug worth surfacing. */
    static <T> T await(Future<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("verification task failed unexpectedly", e.getCause());
        }
    }
}
