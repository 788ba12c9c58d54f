package io.restoredrill.local.download;

import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.ManifestInvalidException;
import io.restoredrill.core.run.PhaseContext;
import io.restoredrill.local.backup.BackupManifest;
import io.restoredrill.local.existing.ExistingBackup;
import io.restoredrill.local.files.Bytes;
import io.restoredrill.local.state.Downloaded;
import io.restoredrill.local.state.LocalDrillState;
import java.nio.file.Path;
import java.util.List;

/**
 * Download: makes the existing backup readable here (a file or directory is read where it lies), with the signed
 * manifest drill backup stored beside it. With a manifest key the manifest and its signature are required; without
 * one, a backup that has them is refused rather than drilled without the comparison they allow.
 */
public final class DownloadStep {

    public LocalDrillState download(LocalDrillState state, PhaseContext context) {
        ExistingBackup existing = state.plan().existing();
        Path backup = existing.store().fetch(existing.backup(), state.workspace().fetched(), context.deadline());
        Path dir = state.workspace().privateDir().resolve("manifest");
        Path manifest = null;
        for (String encryption : List.of(".age", ".gpg", "")) {
            manifest = existing.store().fetchBeside(existing.backup(), BackupManifest.SUFFIX + encryption, dir).orElse(null);
            if (manifest != null) {
                break;
            }
        }
        Path signature = existing.store().fetchBeside(existing.backup(), BackupManifest.SIGNATURE_SUFFIX, dir).orElse(null);
        requireManifestAsKeyed(existing, manifest, signature);
        context.detail((existing.store().inPlace() ? "Read in place: " + backup
                : "Downloaded " + Bytes.format(existing.backup().bytes()) + " from " + existing.uri())
                + (manifest != null ? ", with its signed manifest" : "") + ".");
        return state.withDownloaded(new Downloaded(backup, manifest, signature));
    }

    private static void requireManifestAsKeyed(ExistingBackup existing, Path manifest, Path signature) {
        if (existing.manifestKey() == null) {
            if (manifest != null || signature != null) {
                throw new InvalidInputException("The backup " + existing.uri() + " has a signed manifest from drill backup;"
                        + " give --manifest-key FILE, the public key of the key that signed it, so the drill checks the"
                        + " manifest and compares the restored copy with it.");
            }
            return;
        }
        if (manifest == null) {
            throw new ManifestInvalidException("The backup " + existing.uri() + " has no manifest beside it ("
                    + existing.backup().fileName() + BackupManifest.SUFFIX + ".age), but --manifest-key says its backups"
                    + " are signed: it was not made by drill backup, or its manifest was removed.");
        }
        if (signature == null) {
            throw new ManifestInvalidException("The manifest of the backup " + existing.uri() + " has no signature beside"
                    + " it (" + existing.backup().fileName() + BackupManifest.SIGNATURE_SUFFIX + "): it cannot be trusted;"
                    + " it was removed after drill backup stored it.");
        }
    }
}
