package io.restoredrill.local.state;

import io.restoredrill.local.backup.BackupManifest;
import io.restoredrill.local.existing.UnwrappedBackup;

/**
 * An existing backup with its encryption and compression taken off.
 *
 * @param unwrapped      the dump pg_restore or psql reads, and what was taken off to get it
 * @param manifest       the backup's signed manifest, checked against the backup; {@code null} when it has none
 * @param manifestSha256 the SHA-256 of the manifest's JSON, for the report; {@code null} when it has none
 */
public record Opened(UnwrappedBackup unwrapped, BackupManifest manifest, String manifestSha256) {

    /** Whether the backup was encrypted, with age or gpg. */
    public boolean encrypted() {
        return unwrapped.layers().stream().anyMatch(layer -> layer.startsWith("age") || layer.equals("gpg"));
    }
}
