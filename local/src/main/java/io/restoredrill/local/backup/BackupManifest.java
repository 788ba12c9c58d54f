package io.restoredrill.local.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.restoredrill.core.error.ManifestInvalidException;
import io.restoredrill.core.json.Json;
import io.restoredrill.core.verify.Inventory;
import io.restoredrill.core.verify.SourceCatalog;
import io.restoredrill.local.existing.BackupLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What {@code drill backup} saw in the source when it dumped a database, taken inside the dump's own snapshot, so
 * that a later drill of the backup compares the restored copy with it exactly, without the source: every table's
 * exact row count and content hash, the schema, the server's version, and the stored backup's size and SHA-256.
 *
 * <p>It is stored beside the backup as {@code <backup>}{@value #SUFFIX} (encrypted as the backup is, since it names
 * every object and hashes small tables), with its Ed25519 signature of the plaintext in
 * {@code <backup>}{@value #SIGNATURE_SUFFIX}.
 *
 * @param format        {@value #FORMAT}
 * @param database      the database dumped
 * @param takenAt       when the snapshot was taken
 * @param serverVersion the source's {@code server_version}
 * @param backup        the stored backup's file name
 * @param backupBytes   its size as stored (after compression and encryption)
 * @param backupSha256  the SHA-256 of its bytes as stored
 * @param encryption    {@code age}, {@code gpg} or {@code none}
 * @param inventory     every table's exact rows and content hash at the snapshot
 * @param catalog       the schema at the snapshot and the sequences after the dump
 */
public record BackupManifest(String format, String database, Instant takenAt, String serverVersion, String backup,
                             long backupBytes, String backupSha256, String encryption, Inventory inventory,
                             SourceCatalog catalog) {

    public static final String FORMAT = "restore-drill-backup-manifest/1";
    /** Appended to the backup's name, before the encryption's own suffix. */
    public static final String SUFFIX = BackupLayout.MANIFEST_SUFFIX;
    public static final String SIGNATURE_SUFFIX = BackupLayout.SIGNATURE_SUFFIX;

    public byte[] toJson() {
        try {
            return Json.mapper().writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a manifest is plain data", e);
        }
    }

    /**
     * @param label where it was read from, for errors
     * @throws ManifestInvalidException when it is not a manifest of this format
     */
    public static BackupManifest parse(byte[] json, String label) {
        BackupManifest manifest;
        try {
            manifest = Json.mapper().readValue(json, BackupManifest.class);
        } catch (IOException e) {
            throw new ManifestInvalidException("The manifest " + label + " is not valid JSON (" + cut(e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage())
                    + "); it was damaged after drill backup wrote it.", e);
        }
        if (!FORMAT.equals(manifest.format()) || manifest.inventory() == null || manifest.catalog() == null
                || manifest.backupSha256() == null || manifest.database() == null || manifest.takenAt() == null) {
            throw new ManifestInvalidException("The manifest " + label + " is not a " + FORMAT + " manifest (its format"
                    + " is " + manifest.format() + "); make the backup again with this version of drill backup.");
        }
        return manifest;
    }

    private static String cut(String message) {
        String line = String.valueOf(message).lines().findFirst().orElse("");
        return line.length() > 120 ? line.substring(0, 120) + "…" : line;
    }

    @Override
    public String toString() {
        return "BackupManifest[" + database + " at " + takenAt + ", " + backup + "]";
    }

    /** For logs and tests: the JSON as text. */
    public String text() {
        return new String(toJson(), StandardCharsets.UTF_8);
    }
}
