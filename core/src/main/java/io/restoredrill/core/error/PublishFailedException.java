package io.restoredrill.core.error;

/** The report, drill log entry or notification could not be written. */
public final class PublishFailedException extends DrillException {

    public PublishFailedException(String message) {
        super(message);
    }

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Category category() {
        return Category.DRILL_FAILED;
    }
}
