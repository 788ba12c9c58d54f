package io.restoredrill.core.error;

/**
 * A defect in Restore Drill itself, not in the backup: an error nobody named. The drill still
 * cleans up and publishes a FAILED report that says in which phase it happened.
 */
public final class UnexpectedFailureException extends DrillException {

    public UnexpectedFailureException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Category category() {
        return Category.DRILL_FAILED;
    }
}
