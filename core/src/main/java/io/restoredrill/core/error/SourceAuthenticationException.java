package io.restoredrill.core.error;

/** The source database rejected the credentials given. */
public final class SourceAuthenticationException extends DrillException {

    public SourceAuthenticationException(String message) {
        super(message);
    }

    public SourceAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Category category() {
        return Category.CONFIGURATION;
    }
}
