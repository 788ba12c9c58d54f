package io.restoredrill.core.error;

/**
 * An AWS API failed in a way that may pass (a 5xx answer, a dropped connection) after the SDK's
 * own retries. Retryable: the state machine retries the step with backoff and jitter.
 */
public final class ServiceUnavailableException extends DrillException {

    public ServiceUnavailableException(String message, Throwable cause) {
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
