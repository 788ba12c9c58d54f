package io.restoredrill.local.backup;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Where {@code drill backup} stores a database's backups below its location:
 * {@code <database>/<database>-<UTC time>.dump[.age|.gpg]}, beside it the manifest and its signature. The name's time
 * and database are what {@code drill local --from} reads to pick the newest backup of a database.
 */
public final class BackupLayout {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private BackupLayout() {
    }

    /** The database's name as a path segment: characters other than letters, digits, '.', '_' and '-' become '_'. */
    public static String folder(String database) {
        String safe = database.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.startsWith(".") ? "_" + safe.substring(1) : safe;
    }

    /** The stored name of a backup of {@code database} taken at {@code takenAt}, encrypted with {@code suffix}. */
    public static String backupName(String database, Instant takenAt, String suffix) {
        return folder(database) + "/" + folder(database) + "-" + STAMP.format(takenAt) + ".dump" + suffix;
    }

    /** The stored name of the manifest of {@code backupName}, encrypted with {@code suffix}. */
    public static String manifestName(String backupName, String suffix) {
        return backupName + BackupManifest.SUFFIX + suffix;
    }

    public static String signatureName(String backupName) {
        return backupName + BackupManifest.SIGNATURE_SUFFIX;
    }

    /** Every name that may sit beside a backup, whichever encryption its manifest had, to delete with it. */
    public static List<String> besides(String backupName) {
        return List.of(manifestName(backupName, ""), manifestName(backupName, ".age"), manifestName(backupName, ".gpg"),
                signatureName(backupName));
    }
}
