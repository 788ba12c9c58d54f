package io.restoredrill.core.error;

/** One or more verification checks failed or could not run. */
public final class VerificationFailedException extends DrillException {

    public VerificationFailedException(String message) {
        super(message);
    }

    public VerificationFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Category category() {
        return Category.DRILL_FAILED;
    }
}
