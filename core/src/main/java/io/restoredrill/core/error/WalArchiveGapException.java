package io.restoredrill.core.error;

/**
 * A WAL archive misses a segment between a base backup's start and the newest segment it holds: no point in
 * time after the gap can be restored. Replaying to the end, PostgreSQL stops at a gap as at the archive's end and
 * promotes without a word, so the drill names the gap from the archive's listing.
 */
public final class WalArchiveGapException extends DrillException {

    public WalArchiveGapException(String message) {
        super(message);
    }

    public WalArchiveGapException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Category category() {
        return Category.DRILL_FAILED;
    }
}
