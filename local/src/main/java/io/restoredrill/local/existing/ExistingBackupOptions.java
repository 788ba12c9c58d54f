package io.restoredrill.local.existing;

import io.restoredrill.local.physical.BaseBackup;
import io.restoredrill.local.physical.PhysicalOptions;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which existing backup a drill restores ({@code drill local --from}).
 *
 * @param location a dump file, a directory of backups, or {@code s3://bucket/prefix}
 * @param region   the bucket's region for {@code s3://}; empty: {@code AWS_REGION}
 * @param backup   the name or file name of the backup to restore; empty: the newest
 * @param database the database whose backups to consider; empty: the only one at the location
 * @param gpgHome  the GnuPG home directory with the key of gpg-encrypted backups; empty: gpg's default
 * @param manifestKey the Ed25519 public key that signs the backups' manifests ({@code drill backup}): each backup must
 *                    then have a manifest it signed, and the restored copy is compared with it; empty: none expected
 * @param physical    how a physical backup (pg_basebackup, pgBackRest) is recovered: WAL archive, stanza, target time
 */
public record ExistingBackupOptions(String location, Optional<String> region, Optional<String> backup,
                                    Optional<String> database, Optional<Path> gpgHome, Optional<Path> manifestKey,
                                    PhysicalOptions physical) {

    /** A dump's options. */
    public ExistingBackupOptions(String location, Optional<String> region, Optional<String> backup,
                                 Optional<String> database, Optional<Path> gpgHome, Optional<Path> manifestKey) {
        this(location, region, backup, database, gpgHome, manifestKey, PhysicalOptions.NONE);
    }

    /** Whether the location holds a physical backup: a pgBackRest repository (a stanza is named) or pg_basebackup's output. */
    public boolean physicalBackup() {
        return physical.pgBackRest() || !location.startsWith("s3://") && BaseBackup.looksLike(Path.of(location));
    }
}
