package io.restoredrill.core.error;

/** The source database, instance or cluster does not exist. */
public final class SourceNotFoundException extends DrillException {

    public SourceNotFoundException(String message) {
        super(message);
    }

    public SourceNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Category category() {
        return Category.CONFIGURATION;
    }
}
