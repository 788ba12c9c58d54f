package io.restoredrill.core.error;

/**
 * A point-in-time drill of a source RDS cannot restore to a point in time in another region: an Aurora cluster,
 * whose automated backups RDS does not replicate across regions. The message names the closest drill that is
 * supported (docs/deploy.md, "Aurora").
 */
public final class PointInTimeUnsupportedException extends DrillException {

    public PointInTimeUnsupportedException(String message) {
        super(message);
    }

    @Override
    public Category category() {
        return Category.CONFIGURATION;
    }
}
