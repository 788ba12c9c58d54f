package io.restoredrill.aws.drill;

import java.time.Instant;

/**
 * What a point-in-time drill ({@link SnapshotMode#PITR}) restores, as Plan found it in the recovery region: the
 * source's replicated automated backups and the time asked for.
 *
 * @param automatedBackupsArn the replicated automated backups ({@code arn:aws:rds:<recovery>:<account>:auto-backup:ab-…})
 *                            Restore restores from ({@code SourceDBInstanceAutomatedBackupsArn})
 * @param restoreTime         the input's {@code restoreTime}; {@code null} for the latest restorable time
 * @param earliestRestorable  the restore window's start when Plan read it
 * @param latestRestorable    the restore window's end when Plan read it (Restore reads it again just before it asks)
 */
public record PointInTime(String automatedBackupsArn, Instant restoreTime, Instant earliestRestorable,
                          Instant latestRestorable) {

    /** Whether the drill restores to the latest restorable time rather than a time the input chose. */
    public boolean latest() {
        return restoreTime == null;
    }
}
