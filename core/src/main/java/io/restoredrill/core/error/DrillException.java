package io.restoredrill.core.error;

/**
 * Base of every failure Restore Drill names. Each failure is its own subclass in this package, so
 * the fully qualified class name is a stable error name: the AWS Lambda runtime reports it as the
 * error type, the state machine's {@code ErrorEquals} matches it, and the CLI maps its
 * {@link Category} to an exit code.
 *
 * <p>Messages are one human sentence that names the problem and, where there is one, the fix.
 * They never contain a secret.
 */
public abstract class DrillException extends RuntimeException {

    /** What kind of failure this is, which decides the CLI exit code. */
    public enum Category {
        /** The drill ran and failed: a phase, a check or a budget. Exit code 1. */
        DRILL_FAILED(1),
        /** Bad configuration or environment: argument, missing tool, unreachable source. Exit code 2. */
        CONFIGURATION(2);

        private final int exitCode;

        Category(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    protected DrillException(String message) {
        super(message);
    }

    protected DrillException(String message, Throwable cause) {
        super(message, cause);
    }

    public abstract Category category();

    /** Whether repeating the same step may succeed (throttling, a transient fault). */
    public boolean retryable() {
        return false;
    }

    public int exitCode() {
        return category().exitCode();
    }
}
