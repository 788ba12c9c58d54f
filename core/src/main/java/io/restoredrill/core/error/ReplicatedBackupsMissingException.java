package io.restoredrill.core.error;

/**
 * A point-in-time drill ({@code snapshotMode: PITR}) found no replicated automated backup of its source in the
 * recovery region that can be restored: replication of the source's automated backups to that region is not on,
 * not yet replicating, or has no restore window. The message names the source and how to turn replication on.
 */
public final class ReplicatedBackupsMissingException extends DrillException {

    public ReplicatedBackupsMissingException(String message) {
        super(message);
    }

    @Override
    public Category category() {
        return Category.CONFIGURATION;
    }
}
