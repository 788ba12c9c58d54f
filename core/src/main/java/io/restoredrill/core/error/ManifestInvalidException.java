package io.restoredrill.core.error;

/**
 * A backup's manifest (written by {@code drill backup}) cannot be trusted: it is missing where one is required, cannot
 * be read, or does not match its signature, so it was edited or signed with another key.
 */
public final class ManifestInvalidException extends DrillException {

    public ManifestInvalidException(String message) {
        super(message);
    }

    public ManifestInvalidException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Category category() {
        return Category.DRILL_FAILED;
    }
}
