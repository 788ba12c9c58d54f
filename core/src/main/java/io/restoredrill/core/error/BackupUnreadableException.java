package io.restoredrill.core.error;

/**
 * An existing backup cannot be read: it is truncated or damaged, or it is not in a format a drill restores
 * (pg_dump custom, directory, tar or plain SQL; gzip, zstd or lz4; age or gpg).
 */
public final class BackupUnreadableException extends DrillException {

    public BackupUnreadableException(String message) {
        super(message);
    }

    public BackupUnreadableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Category category() {
        return Category.DRILL_FAILED;
    }
}
