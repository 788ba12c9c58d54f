package io.restoredrill.local.existing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Where {@code drill backup} stores a database's backups below its location:
 * {@code <database>/<database>-<UTC time>.dump[.age|.gpg]}, beside it the manifest and its signature. The name's time
 * and database are what {@code drill local --from} reads to pick the newest backup of a database.
 */
public final class BackupLayout {

    /** Appended to a backup's name for its manifest, before the encryption's own suffix. */
    public static final String MANIFEST_SUFFIX = ".manifest.json";
    /** Appended to a backup's name for its manifest's signature. */
    public static final String SIGNATURE_SUFFIX = ".manifest.sig";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String HEX = "0123456789ABCDEF";
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_%-]+-\\d{8}T\\d{6}Z\\.dump(?:\\.age|\\.gpg)?");
    /** {@code <folder>/<folder>-<stamp>.dump[.age|.gpg]}, optionally below other folders. */
    private static final Pattern NAME = Pattern.compile("(?:.*/)?([A-Za-z0-9_%-]+)/([A-Za-z0-9_%-]+)-(\\d{8}T\\d{6}Z)"
            + "\\.dump(?:\\.age|\\.gpg)?");

    private BackupLayout() {
    }

    /**
     * The database's name as a path segment, one to one: UTF-8 bytes other than letters, digits, '_' and '-' (and a
     * '.') are percent-encoded, as in a URI, so {@code my db} is {@code my%20db} and no two names share a folder.
     */
    public static String folder(String database) {
        StringBuilder folder = new StringBuilder();
        for (byte b : database.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
                folder.append((char) c);
            } else {
                folder.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
            }
        }
        return folder.toString();
    }

    /**
     * What a name in this layout says: the database (decoded) and the snapshot's time.
     *
     * @return empty for any name not written by {@code drill backup}
     */
    public static Optional<Parsed> parse(String name) {
        Matcher matcher = NAME.matcher(name);
        if (!matcher.matches() || !matcher.group(1).equals(matcher.group(2))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Parsed(URLDecoder.decode(matcher.group(1).replace("+", "%2B"), StandardCharsets.UTF_8),
                    STAMP.parse(matcher.group(3), Instant::from)));
        } catch (IllegalArgumentException | DateTimeException e) {
            return Optional.empty();
        }
    }

    /** Whether a file name (without folders) is that of a backup drill backup wrote, whatever its database. */
    static boolean isBackupFileName(String fileName) {
        return FILE_NAME.matcher(fileName).matches();
    }

    /** A backup's name as {@link #parse} reads it. */
    public record Parsed(String database, Instant takenAt) {
    }

    /** The stored name of a backup of {@code database} taken at {@code takenAt}, encrypted with {@code suffix}. */
    public static String backupName(String database, Instant takenAt, String suffix) {
        return folder(database) + "/" + folder(database) + "-" + STAMP.format(takenAt) + ".dump" + suffix;
    }

    /** The stored name of the manifest of {@code backupName}, encrypted with {@code suffix}. */
    public static String manifestName(String backupName, String suffix) {
        return backupName + MANIFEST_SUFFIX + suffix;
    }

    public static String signatureName(String backupName) {
        return backupName + SIGNATURE_SUFFIX;
    }

    /** Every name that may sit beside a backup, whichever encryption its manifest had, to delete with it. */
    public static List<String> besides(String backupName) {
        return List.of(manifestName(backupName, ""), manifestName(backupName, ".age"), manifestName(backupName, ".gpg"),
                signatureName(backupName));
    }
}
