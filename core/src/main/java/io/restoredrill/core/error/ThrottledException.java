package io.restoredrill.core.error;

/**
 * An AWS API kept refusing calls for their rate after the SDK's own retries. Retryable: the state
 * machine retries the step with backoff and jitter.
 */
public final class ThrottledException extends DrillException {

    public ThrottledException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Category category() {
        return Category.DRILL_FAILED;
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
