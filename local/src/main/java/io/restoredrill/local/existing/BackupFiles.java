package io.restoredrill.local.existing;

import java.util.List;
import java.util.Locale;

/** Which files at a backup location are backups, and which sit beside them (checksums, logs, manifests). */
final class BackupFiles {

    /** A directory holding this file (or its encrypted twin) is a pg_dump directory-format dump. */
    static final String TOC = "toc.dat";

    /** drill backup's manifest beside a backup, encrypted as the backup is ({@code .manifest.json.age}). */
    private static final String MANIFEST = ".manifest.json";

    private static final List<String> SIDECARS = List.of(".sha256", ".sha512", ".sha1", ".md5", ".sum", ".sig",
            ".json", ".log", ".txt", ".md", ".yaml", ".yml", ".lock", ".tmp", ".part");

    private BackupFiles() {
    }

    static boolean isBackup(String fileName) {
        if (BackupLayout.isBackupFileName(fileName)) {
            return true;
        }
        String lower = fileName.toLowerCase(Locale.ROOT);
        return !lower.startsWith(".") && !lower.startsWith("restore-drill") && SIDECARS.stream().noneMatch(lower::endsWith)
                && !lower.contains(MANIFEST);
    }

    static boolean isToc(String fileName) {
        return fileName.equals(TOC) || fileName.startsWith(TOC + ".");
    }
}
