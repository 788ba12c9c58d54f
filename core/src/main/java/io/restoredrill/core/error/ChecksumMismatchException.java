package io.restoredrill.core.error;

/** A file at the recovery location does not match the SHA-256 recorded in the snapshot manifest. */
public final class ChecksumMismatchException extends DrillException {

    public ChecksumMismatchException(String message) {
        super(message);
    }

    public ChecksumMismatchException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Category category() {
        return Category.DRILL_FAILED;
    }
}
