package io.restoredrill.core.error;

/** The source database cannot be reached: wrong host or port, refused, or timed out. */
public final class SourceUnreachableException extends DrillException {

    public SourceUnreachableException(String message) {
        super(message);
    }

    public SourceUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Category category() {
        return Category.CONFIGURATION;
    }
}
