package io.restoredrill.local.existing;

import io.restoredrill.core.error.InvalidInputException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

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
        if (location == null || location.isBlank()) {
            throw new InvalidInputException("--from needs a backup location: a file, a directory or s3://bucket/prefix.");
        }
        String trimmed = location.trim();
        if (trimmed.toLowerCase(Locale.ROOT).startsWith("s3://")) {
            return S3BackupStore.open(trimmed, region);
        }
        if (trimmed.contains("://")) {
            throw new InvalidInputException("--from " + trimmed + " uses an unsupported scheme; give a file, a directory"
                    + " or s3://bucket/prefix.");
        }
        try {
            return FileBackupStore.open(Path.of(trimmed));
        } catch (InvalidPathException e) {
            throw new InvalidInputException("--from " + trimmed + " is not a valid path; give a file, a directory"
                    + " or s3://bucket/prefix.", e);
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

    @Override
    default void close() {
    }
}
