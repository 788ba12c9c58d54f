package io.restoredrill.core.error;

/** A phase, or the restore as a whole (RTO), took longer than its budget. */
public final class BudgetExceededException extends DrillException {

    public BudgetExceededException(String message) {
        super(message);
    }

    public BudgetExceededException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Category category() {
        return Category.DRILL_FAILED;
    }
}
