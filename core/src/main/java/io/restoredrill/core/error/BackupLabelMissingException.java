package io.restoredrill.core.error;

/**
 * A base backup has no {@code backup_label}. Without it PostgreSQL starts recovery from the copied pg_control's
 * checkpoint, which was written last, and makes a silently corrupt copy; so a drill refuses it before any start.
 */
public final class BackupLabelMissingException extends DrillException {

    public BackupLabelMissingException(String message) {
        super(message);
    }

    public BackupLabelMissingException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Category category() {
        return Category.DRILL_FAILED;
    }
}
