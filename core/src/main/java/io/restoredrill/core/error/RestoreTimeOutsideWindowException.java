package io.restoredrill.core.error;

/**
 * The restore time a point-in-time drill asks for lies outside the restore window of the source's replicated
 * automated backups (before the earliest or after the latest restorable time). The message quotes the time and
 * the window, so the input can be fixed; nothing was created.
 */
public final class RestoreTimeOutsideWindowException extends DrillException {

    public RestoreTimeOutsideWindowException(String message) {
        super(message);
    }

    @Override
    public Category category() {
        return Category.CONFIGURATION;
    }
}
