package io.restoredrill.aws.snapshot;

import io.restoredrill.core.error.SnapshotFailedException;
import java.util.Comparator;
import java.util.Set;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.RecoveryPointByBackupVault;
import software.amazon.awssdk.services.backup.model.RecoveryPointStatus;
import software.amazon.awssdk.services.backup.model.ResourceNotFoundException;

/**
 * The newest finished AWS Backup recovery point of a source in the recovery-region vault. An RDS
 * recovery point is an RDS snapshot (its ARN is a snapshot or cluster-snapshot ARN), so the drill
 * restores it through the RDS API like any other snapshot, without copying it again.
 */
final class RecoveryPoints {

    private static final Set<RecoveryPointStatus> FINISHED = Set.of(RecoveryPointStatus.COMPLETED,
            RecoveryPointStatus.AVAILABLE);

    private RecoveryPoints() {
    }

    static String newest(BackupClient backup, String vault, String sourceArn, String region) {
        try {
            return backup.listRecoveryPointsByBackupVaultPaginator(r -> r.backupVaultName(vault).byResourceArn(sourceArn))
                    .recoveryPoints().stream()
                    .filter(p -> FINISHED.contains(p.status()) && p.creationDate() != null)
                    .max(Comparator.comparing(RecoveryPointByBackupVault::creationDate))
                    .map(RecoveryPointByBackupVault::recoveryPointArn)
                    .orElseThrow(() -> new SnapshotFailedException("Vault '" + vault + "' in " + region
                            + " holds no completed recovery point of " + sourceArn
                            + "; check the backup plan's copy action to this region, or use snapshotMode NEW."));
        } catch (ResourceNotFoundException e) {
            throw new SnapshotFailedException("AWS Backup vault '" + vault + "' does not exist in " + region
                    + "; deploy the recovery-region stack or fix recoveryVault.", e);
        }
    }
}
