package io.restoredrill.core.error;

/** Taking the snapshot (pg_dump, or the RDS snapshot) failed. */
public final class SnapshotFailedException extends DrillException {

    public SnapshotFailedException(String message) {
        super(message);
    }

    public SnapshotFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Category category() {
        return Category.DRILL_FAILED;
    }
}
