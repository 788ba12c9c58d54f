package io.restoredrill.core.error;

/**
 * A point-in-time drill's target time lies after the last transaction its WAL archive holds: PostgreSQL ended
 * recovery before the target was reached, so the archive cannot restore that point.
 */
public final class TargetTimeBeyondArchiveException extends DrillException {

    public TargetTimeBeyondArchiveException(String message) {
        super(message);
    }

    public TargetTimeBeyondArchiveException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Category category() {
        return Category.DRILL_FAILED;
    }
}
