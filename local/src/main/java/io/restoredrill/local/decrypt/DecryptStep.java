package io.restoredrill.local.decrypt;

import io.restoredrill.core.error.BackupUnreadableException;
import io.restoredrill.core.error.ChecksumMismatchException;
import io.restoredrill.core.error.ManifestInvalidException;
import io.restoredrill.core.run.PhaseContext;
import io.restoredrill.local.backup.BackupManifest;
import io.restoredrill.local.backup.ManifestSignature;
import io.restoredrill.local.existing.BackupUnwrapper;
import io.restoredrill.local.existing.ExistingBackup;
import io.restoredrill.local.existing.UnwrappedBackup;
import io.restoredrill.local.files.Bytes;
import io.restoredrill.local.files.FileTree;
import io.restoredrill.local.files.Sha256;
import io.restoredrill.local.state.Downloaded;
import io.restoredrill.local.state.LocalDrillState;
import io.restoredrill.local.state.Opened;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decrypt: checks the backup's signed manifest (its signature, then the backup's size and SHA-256) before anything
 * is opened, then takes off the backup's encryption and compression into the drill's private directory. A backup
 * read in place is copied while it is hashed, and only that copy is opened: what was checked is what is restored.
 */
public final class DecryptStep {

    public LocalDrillState decrypt(LocalDrillState state, PhaseContext context) {
        ExistingBackup existing = state.plan().existing();
        Downloaded downloaded = state.downloaded();
        Path privateDir = state.workspace().privateDir();
        Path backup = downloaded.backup();
        BackupManifest manifest = null;
        String manifestSha256 = null;
        if (downloaded.manifest() != null) {
            byte[] json = checkedManifestJson(existing, downloaded, privateDir);
            manifest = BackupManifest.parse(json, existing.uri() + BackupManifest.SUFFIX);
            manifestSha256 = Sha256.of(json);
            backup = checkedBackup(existing, manifest, backup, privateDir);
        }
        UnwrappedBackup unwrapped = new BackupUnwrapper(existing.keys()).unwrap(backup, existing.uri(), privateDir);
        boolean ours = !existing.store().inPlace() || !backup.equals(downloaded.backup());
        if (ours && !unwrapped.inPlace()) {
            state.workspace().discard(backup);
        }
        context.detail((unwrapped.layers().isEmpty() ? "Neither encrypted nor compressed"
                : "Took off " + String.join(", then ", unwrapped.layers())) + ": pg_dump " + unwrapped.format().displayName()
                + " format" + (unwrapped.inPlace() ? ", restored from where it is"
                        : ", " + Bytes.format(size(unwrapped.dump())) + " in the drill's private directory")
                + (manifest != null ? "; manifest signature and the backup's SHA-256 checked" : "") + ".");
        return state.withOpened(new Opened(unwrapped, manifest, manifestSha256));
    }

    /** The manifest's JSON, once its signature is checked. */
    private static byte[] checkedManifestJson(ExistingBackup existing, Downloaded downloaded, Path privateDir) {
        String label = existing.uri() + BackupManifest.SUFFIX;
        byte[] json = new BackupUnwrapper(existing.keys()).plaintext(downloaded.manifest(), label, privateDir);
        byte[] signature;
        try {
            signature = Files.readAllBytes(downloaded.signature());
        } catch (IOException e) {
            throw new ManifestInvalidException("Cannot read the signature of " + label + " (" + e.getMessage() + ").", e);
        }
        if (!ManifestSignature.verifies(json, signature, existing.manifestKey())) {
            throw new ManifestInvalidException("The manifest of the backup " + existing.uri() + " does not match its"
                    + " signature under --manifest-key " + existing.options().manifestKey().orElseThrow() + ": it was"
                    + " edited after drill backup signed it, or it was signed with another key.");
        }
        return json;
    }

    /** The backup, once it is shown to be the one the manifest describes; a file read in place, as a checked copy. */
    private static Path checkedBackup(ExistingBackup existing, BackupManifest manifest, Path backup, Path privateDir) {
        if (!manifest.backup().equals(existing.backup().fileName())) {
            throw new ChecksumMismatchException("The manifest beside " + existing.uri() + " describes another backup, "
                    + manifest.backup() + ": the files were renamed or mixed up after drill backup stored them.");
        }
        Path checked = backup;
        Sha256.Digest digest;
        try {
            if (existing.store().inPlace() && Files.isRegularFile(backup)) {
                // What is checked must be what is restored: a file read where it lies could be swapped in between.
                checked = privateDir.resolve("checked-" + backup.getFileName());
                digest = Sha256.copy(backup, checked);
            } else {
                digest = Sha256.of(backup);
            }
        } catch (IOException e) {
            throw new BackupUnreadableException("Cannot read the backup " + existing.uri() + " to check it against its"
                    + " manifest (" + e.getMessage() + ").", e);
        }
        if (!digest.hex().equals(manifest.backupSha256()) || digest.size() != manifest.backupBytes()) {
            throw new ChecksumMismatchException("The backup " + existing.uri() + " is not the one its signed manifest"
                    + " describes: it has " + digest.size() + " bytes and SHA-256 " + digest.hex() + ", the manifest"
                    + " records " + manifest.backupBytes() + " bytes and " + manifest.backupSha256() + "; it was replaced"
                    + " or damaged after drill backup stored it.");
        }
        return checked;
    }

    private static long size(Path path) {
        try {
            return Files.isDirectory(path) ? FileTree.regularFiles(path).stream()
                    .mapToLong(file -> path.resolve(file).toFile().length()).sum() : Files.size(path);
        } catch (IOException e) {
            return 0;
        }
    }
}
