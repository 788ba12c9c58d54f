package io.restoredrill.local.existing;

import java.time.Instant;

/**
 * One backup found at a backup location: a file (a dump, perhaps compressed and encrypted) or a pg_dump
 * directory-format dump.
 *
 * @param name         the path or key below the location, with {@code /} separators
 * @param database     the database it is a backup of, as its name says
 * @param takenAt      when it was taken: the timestamp in its name, else the object's or file's time
 * @param timeFromName whether {@code takenAt} came from the name
 * @param bytes        its size (a directory's: the sum of its files)
 * @param directory    whether it is a directory-format dump
 */
public record StoredBackup(String name, String database, Instant takenAt, boolean timeFromName, long bytes,
                           boolean directory) {

    /** The last path segment, e.g. {@code shop-2026-12-05T0200Z.dump.age}. */
    public String fileName() {
        return name.substring(name.lastIndexOf('/') + 1);
    }
}
