package io.restoredrill.aws.rds;

import io.restoredrill.core.error.ReplicatedBackupsMissingException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstanceAutomatedBackup;
import software.amazon.awssdk.services.rds.model.DbInstanceAutomatedBackupNotFoundException;

/**
 * The source's automated backups as RDS replicates them to the recovery region
 * ({@code StartDBInstanceAutomatedBackupsReplication}): system snapshots and transaction logs from which
 * {@code RestoreDBInstanceToPointInTime} restores any time in their restore window, there, with the source region down.
 *
 * <p>They are found in the recovery region by what they say of their source: its identifier and the region of its ARN
 * ({@code DBInstanceArn}), and when the source could be resolved its exact ARN; only backups RDS still replicates
 * ({@code replicating}, or {@code active}) and that have a restore window count. Backups of a deleted instance
 * ({@code retained}) do not: a drill proves the recovery of the database as it runs now.
 */
public final class ReplicatedBackups {

    /** The statuses of replicated automated backups that can be restored and are kept up to date. */
    static final Set<String> USABLE = Set.of("replicating", "active");

    /** One replicated automated backup and its restore window when it was read. */
    public record Found(String arn, Instant earliest, Instant latest) {
    }

    private ReplicatedBackups() {
    }

    /**
     * @param sourceArn the source's ARN when its region could be asked, else {@code null} (matched by identifier and region)
     * @throws ReplicatedBackupsMissingException when there is none: replication is not on, or has no restorable time yet
     */
    public static Found find(RdsClient recovery, String source, String sourceArn, String sourceRegion, String recoveryRegion) {
        List<DBInstanceAutomatedBackup> all = recovery.describeDBInstanceAutomatedBackupsPaginator(r -> { })
                .dbInstanceAutomatedBackups().stream().toList();
        return all.stream()
                .filter(b -> source.equals(b.dbInstanceIdentifier()))
                .filter(b -> b.dbInstanceArn() != null && sourceRegion.equals(Arns.region(b.dbInstanceArn())))
                .filter(b -> sourceArn == null || sourceArn.equals(b.dbInstanceArn()))
                .filter(b -> USABLE.contains(b.status()) && b.dbInstanceAutomatedBackupsArn() != null)
                .filter(b -> b.restoreWindow() != null && b.restoreWindow().latestTime() != null)
                .map(b -> new Found(b.dbInstanceAutomatedBackupsArn(), b.restoreWindow().earliestTime(),
                        b.restoreWindow().latestTime()))
                .max(Comparator.comparing(Found::latest))
                .orElseThrow(() -> new ReplicatedBackupsMissingException("No replicated automated backup of '" + source
                        + "' (" + sourceRegion + ") with a restore window is in " + recoveryRegion + ": cross-region"
                        + " replication of its automated backups is not on (or has not replicated yet), so no point in time can"
                        + " be restored there. Turn it on with the source's \"pitr\": {\"retentionDays\": N} in the deployment's"
                        + " configuration (docs/deploy.md), or aws rds start-db-instance-automated-backups-replication --region "
                        + recoveryRegion + " --source-db-instance-arn <source ARN> --kms-key-id <recovery-region key>; then"
                        + " wait for status 'replicating'."));
    }

    /** The restore window of the replicated backups now, read again just before a restore asks for a time in it. */
    public static Found window(RdsClient recovery, String automatedBackupsArn, String recoveryRegion) {
        try {
            DBInstanceAutomatedBackup backup = recovery.describeDBInstanceAutomatedBackups(r -> r
                    .dbInstanceAutomatedBackupsArn(automatedBackupsArn)).dbInstanceAutomatedBackups().stream()
                    .findFirst().orElse(null);
            if (backup != null && USABLE.contains(backup.status()) && backup.restoreWindow() != null
                    && backup.restoreWindow().latestTime() != null) {
                return new Found(automatedBackupsArn, backup.restoreWindow().earliestTime(), backup.restoreWindow().latestTime());
            }
        } catch (DbInstanceAutomatedBackupNotFoundException gone) {
            // said below
        }
        throw new ReplicatedBackupsMissingException("The replicated automated backups " + automatedBackupsArn + " in "
                + recoveryRegion + " are gone or no longer replicating since Plan found them; check the source's"
                + " automated-backup replication (docs/deploy.md) and start the drill again.");
    }
}
