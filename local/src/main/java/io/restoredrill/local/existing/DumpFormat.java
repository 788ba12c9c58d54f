package io.restoredrill.local.existing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** The formats of {@code pg_dump}, told apart by their first bytes. */
public enum DumpFormat {
    CUSTOM("custom", ".dump"),
    DIRECTORY("directory", ""),
    TAR("tar", ".tar"),
    PLAIN("plain SQL", ".sql");

    private static final byte[] CUSTOM_MAGIC = "PGDMP".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAR_MAGIC = "ustar".getBytes(StandardCharsets.US_ASCII);
    private static final int TAR_MAGIC_OFFSET = 257;
    private static final String[] PLAIN_STARTS = {"--", "SET ", "\\connect", "CREATE ", "BEGIN", "SELECT pg_catalog."};

    private final String displayName;
    private final String extension;

    DumpFormat(String displayName, String extension) {
        this.displayName = displayName;
        this.extension = extension;
    }

    public String displayName() {
        return displayName;
    }

    String extension() {
        return extension;
    }

    /** Whether pg_restore reads it ({@link #PLAIN} is run by psql). */
    public boolean archive() {
        return this != PLAIN;
    }

    /** Whether pg_restore can restore it with several jobs. */
    public boolean parallel() {
        return this == CUSTOM || this == DIRECTORY;
    }

    /** The format of a file whose first bytes are {@code head} (at least 512 of them when the file is that long). */
    static Optional<DumpFormat> of(byte[] head, int length) {
        if (startsWith(head, length, CUSTOM_MAGIC)) {
            return Optional.of(CUSTOM);
        }
        if (length >= TAR_MAGIC_OFFSET + TAR_MAGIC.length && Arrays.equals(head, TAR_MAGIC_OFFSET,
                TAR_MAGIC_OFFSET + TAR_MAGIC.length, TAR_MAGIC, 0, TAR_MAGIC.length)) {
            return Optional.of(TAR);
        }
        String text = new String(head, 0, length, StandardCharsets.UTF_8).stripLeading();
        if (text.contains("PostgreSQL database dump")) {
            return Optional.of(PLAIN);
        }
        for (String start : PLAIN_STARTS) {
            if (text.startsWith(start) && text.chars().limit(512).noneMatch(c -> c == 0 || c == 0xFFFD)) {
                return Optional.of(PLAIN);
            }
        }
        return Optional.empty();
    }

    static boolean startsWith(byte[] head, int length, byte[] magic) {
        return length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }
}
