package io.restoredrill.core.error;

/** Copying the snapshot to the recovery location failed. */
public final class CopyFailedException extends DrillException {

    public CopyFailedException(String message) {
        super(message);
    }

    public CopyFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Category category() {
        return Category.DRILL_FAILED;
    }
}
