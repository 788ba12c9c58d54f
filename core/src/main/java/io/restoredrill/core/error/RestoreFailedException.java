package io.restoredrill.core.error;

/** Restoring the snapshot into the throwaway target failed. */
public final class RestoreFailedException extends DrillException {

    public RestoreFailedException(String message) {
        super(message);
    }

    public RestoreFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Category category() {
        return Category.DRILL_FAILED;
    }
}
