package io.restoredrill.core.error;

/** A required program (PostgreSQL binaries of a suitable version, for instance) is not installed. */
public final class ToolMissingException extends DrillException {

    public ToolMissingException(String message) {
        super(message);
    }

    public ToolMissingException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Category category() {
        return Category.CONFIGURATION;
    }
}
