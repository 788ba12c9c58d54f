package io.restoredrill.core.error;

/** The source is not PostgreSQL (RDS for PostgreSQL or Aurora PostgreSQL), which is all a drill can verify. */
public final class UnsupportedEngineException extends DrillException {

    public UnsupportedEngineException(String message) {
        super(message);
    }

    @Override
    public Category category() {
        return Category.CONFIGURATION;
    }
}
