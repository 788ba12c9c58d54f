package io.restoredrill.local.existing;

import io.restoredrill.core.error.InvalidInputException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a team keeps its backups: a file, a directory tree, or an S3 bucket prefix (any S3-compatible
 * endpoint). Close it when done.
 */
public interface BackupStore extends AutoCloseable {

    /**
     * @param location a file or directory path, or {@code s3://bucket[/prefix]}
     * @param region   the bucket's region for {@code s3://}; {@code null}: the AWS SDK's default region chain
     * @throws InvalidInputException when the location is malformed or does not exist
     */
    static BackupStore open(String location, String region) {
        return open("--from", location, region, false);
    }

    /**
     * A location that {@code drill backup} writes to: a directory (created by the first backup stored) or
     * {@code s3://bucket[/prefix]}.
     *
     * @param option the option that named it, for errors
     */
    static BackupStore openForWriting(String option, String location, String region) {
        return open(option, location, region, true);
    }

    private static BackupStore open(String option, String location, String region, boolean writing) {
        if (location == null || location.isBlank()) {
            throw new InvalidInputException(option + " needs a backup location: " + (writing ? "" : "a file, ")
                    + "a directory or s3://bucket/prefix.");
        }
        String trimmed = location.trim();
        if (trimmed.toLowerCase(Locale.ROOT).startsWith("s3://")) {
            return S3BackupStore.open(option, trimmed, region, writing);
        }
        if (trimmed.contains("://")) {
            throw new InvalidInputException(option + " " + trimmed + " uses an unsupported scheme; give "
                    + (writing ? "" : "a file, ") + "a directory or s3://bucket/prefix.");
        }
        try {
            return writing ? FileBackupStore.openForWriting(option, Path.of(trimmed)) : FileBackupStore.open(Path.of(trimmed));
        } catch (InvalidPathException e) {
            throw new InvalidInputException(option + " " + trimmed + " is not a valid path; give " + (writing ? "" : "a file, ")
                    + "a directory or s3://bucket/prefix.", e);
        }
    }

    /** Every backup at the location, in no particular order. */
    List<StoredBackup> list();

    /** Where a backup lives, for reports: a path or an {@code s3://} URI. */
    String uri(StoredBackup backup);

    /**
     * Makes the backup readable on this machine: a local one is read where it is; a remote one is
     * downloaded into {@code downloadDir}, which must be private to the drill.
     *
     * @return the local file or directory to read
     */
    Path fetch(StoredBackup backup, Path downloadDir, Instant deadline);

    /** Whether {@link #fetch} reads the backup in place, without a copy. */
    boolean inPlace();

    /**
     * The file stored beside a backup under its name plus {@code suffix} (its manifest, its signature), made readable
     * here as {@link #fetch} makes the backup.
     *
     * @return empty when there is none
     */
    Optional<Path> fetchBeside(StoredBackup backup, String suffix, Path downloadDir);

    /**
     * Stores {@code file} under {@code name} (relative to the location, {@code /}-separated), replacing an older one of
     * that name; a partial file is never left under the name.
     */
    void put(Path file, String name);

    /** Deletes what is stored under {@code name}; nothing there is no error. */
    void delete(String name);

    @Override
    default void close() {
    }
}
