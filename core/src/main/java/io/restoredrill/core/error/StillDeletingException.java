package io.restoredrill.core.error;

/**
 * Something the drill deleted is still being deleted, and the step must wait for it to be gone (an Aurora
 * cluster's drill instance, before AWS Backup is told it may delete the cluster). Retryable: the state
 * machine retries the step.
 */
public final class StillDeletingException extends DrillException {

    public StillDeletingException(String message) {
        super(message);
    }

    @Override
    public Category category() {
        return Category.DRILL_FAILED;
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
