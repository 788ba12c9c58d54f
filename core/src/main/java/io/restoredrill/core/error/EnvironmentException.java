package io.restoredrill.core.error;

/** The machine cannot host the drill: no free port, no writable work directory, no postgres user. */
public final class EnvironmentException extends DrillException {

    public EnvironmentException(String message) {
        super(message);
    }

    public EnvironmentException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Category category() {
        return Category.CONFIGURATION;
    }
}
