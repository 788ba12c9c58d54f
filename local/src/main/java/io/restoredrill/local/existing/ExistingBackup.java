package io.restoredrill.local.existing;

import io.restoredrill.core.error.CopyFailedException;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.local.backup.ManifestSignature;
import io.restoredrill.local.files.Bytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;

/**
 * The existing backup a drill restores ({@code drill local --from}), as Plan chose it, with the store it lies in
 * and the keys that open it and check its manifest.
 *
 * @param manifestKey the public key drill backup's manifests must be signed with; {@code null}: none given
 */
public record ExistingBackup(ExistingBackupOptions options, BackupKeys keys, BackupStore store, StoredBackup backup,
                             PublicKey manifestKey) implements AutoCloseable {

    /**
     * Opens the store and picks the backup: the one named, else the newest of the database.
     *
     * @param ageIdentity the age identity that opens age-encrypted backups
     */
    public static ExistingBackup choose(ExistingBackupOptions options, Optional<Path> ageIdentity) {
        options.gpgHome().ifPresent(home -> {
            if (!Files.isDirectory(home)) {
                throw new InvalidInputException("--gpg-homedir " + home + " is not a directory; give the GnuPG home"
                        + " that holds the backups' secret key.");
            }
        });
        PublicKey manifestKey = options.manifestKey()
                .map(key -> ManifestSignature.verifyingKey(key, "--manifest-key")).orElse(null);
        BackupStore store = BackupStore.open(options.location(), options.region().orElse(null));
        try {
            List<StoredBackup> backups;
            try {
                backups = store.list();
            } catch (CopyFailedException e) {
                throw new InvalidInputException(e.getMessage(), e);
            }
            StoredBackup chosen = BackupChoice.pick(store, backups, options.backup(), options.database());
            return new ExistingBackup(options, new BackupKeys(ageIdentity, options.gpgHome()), store, chosen, manifestKey);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The source's name for reports and the drill log: the database the backup is of. */
    public String name() {
        return backup.database() != null ? backup.database() : "backup";
    }

    /** The database the restored copy must be of: the one asked for with --database; else whichever the dump is of. */
    public String expectedDatabase() {
        return options.database().orElse(null);
    }

    public String uri() {
        return store.uri(backup);
    }

    public String describe() {
        return "Backup " + uri() + " (" + Bytes.format(backup.bytes()) + ", taken " + backup.takenAt()
                + (backup.timeFromName() ? " as its name says" : ", the time of the file") + ")";
    }

    @Override
    public void close() {
        store.close();
    }
}
