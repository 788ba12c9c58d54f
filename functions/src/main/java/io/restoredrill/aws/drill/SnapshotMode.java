package io.restoredrill.aws.drill;

/** Which backup a drill restores. */
public enum SnapshotMode {
    /** Take a new manual snapshot now. */
    NEW,
    /** The newest automated snapshot of the source. */
    LATEST_AUTOMATED,
    /** The newest AWS Backup recovery point of the source in the recovery-region vault. */
    LATEST_RECOVERY_POINT,
    /** A snapshot named by ARN in the input. */
    EXISTING,
    /** What an AWS Backup restore testing plan already restored: the drill verifies it where it is (docs/restore-testing.md). */
    RESTORE_TEST,
    /**
     * A point in time of the source's automated backups replicated to the recovery region: the latest restorable
     * time, or the input's {@code restoreTime}; no snapshot and no copy of the drill's own (RDS DB instances only).
     */
    PITR
}
