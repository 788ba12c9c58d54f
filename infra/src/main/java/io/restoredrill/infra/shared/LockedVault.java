package io.restoredrill.infra.shared;

import io.restoredrill.infra.config.DrillConfig.LockMode;
import io.restoredrill.infra.config.DrillConfig.VaultLock;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.backup.BackupVault;
import software.amazon.awscdk.services.backup.LockConfiguration;
import software.amazon.awscdk.services.kms.IKey;
import software.constructs.Construct;

/**
 * An AWS Backup vault with Vault Lock. COMPLIANCE (the default) has a grace period of
 * {@code changeableForDays}; after it nobody, root included, can remove the lock or shorten the
 * retention of what the vault holds. GOVERNANCE (no grace period) can be removed by principals
 * allowed {@code backup:DeleteBackupVaultLockConfiguration}: for test accounts.
 */
public final class LockedVault {

    private LockedVault() {
    }

    public static BackupVault create(Construct scope, String id, String name, VaultLock lock, IKey key) {
        LockConfiguration.Builder configuration = LockConfiguration.builder()
                .minRetention(Duration.days(lock.minRetentionDays()));
        if (lock.maxRetentionDays() != null) {
            configuration.maxRetention(Duration.days(lock.maxRetentionDays()));
        }
        if (lock.mode() == LockMode.COMPLIANCE) {
            configuration.changeableFor(Duration.days(lock.changeableForDays()));
        }
        return BackupVault.Builder.create(scope, id)
                .backupVaultName(name)
                .encryptionKey(key)
                .lockConfiguration(configuration.build())
                .blockRecoveryPointDeletion(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }
}
