package io.restoredrill.local.copy;

import io.restoredrill.core.error.CopyFailedException;
import io.restoredrill.core.error.InvalidInputException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the local engine keeps the copy of a snapshot: a directory or an S3 bucket. Each snapshot is stored
 * under its name, one object or file per file of the snapshot directory. Close it when done.
 */
public interface RecoveryLocation extends AutoCloseable {

    /**
     * @param spec   a directory path, or {@code s3://bucket} or {@code s3://bucket/prefix}
     * @param region the bucket's AWS region; required for {@code s3://}, ignored for a directory
     * @throws InvalidInputException when the spec or the region is missing or malformed
     */
    static RecoveryLocation parse(String spec, String region) {
        if (spec == null || spec.isBlank()) {
            throw new InvalidInputException("A recovery location is required; give a directory path or"
                    + " s3://bucket/prefix.");
        }
        String trimmed = spec.trim();
        if (trimmed.toLowerCase(Locale.ROOT).startsWith("s3://")) {
            return S3Location.parse(trimmed, region);
        }
        if (trimmed.contains("://")) {
            throw new InvalidInputException("Recovery location '" + trimmed + "' uses an unsupported scheme;"
                    + " give a directory path or s3://bucket/prefix.");
        }
        try {
            return new DirectoryLocation(Path.of(trimmed));
        } catch (InvalidPathException e) {
            throw new InvalidInputException("Recovery location '" + trimmed + "' is not a valid directory path;"
                    + " give a directory path or s3://bucket/prefix.", e);
        }
    }

    /** Where the snapshot {@code name} lives, for reports: a {@code file:} or {@code s3://} URI. */
    String uri(String name);

    /**
     * Copies every regular file of {@code snapshotDir} under {@code name}.
     *
     * @throws InvalidInputException when the name is malformed or the directory is missing or empty
     * @throws CopyFailedException   when {@code name} already exists or the copy fails; nothing is left behind
     */
    void put(Path snapshotDir, String name);

    /**
     * Copies the snapshot {@code name} into {@code targetDir}, which is created when absent and must be empty.
     *
     * @throws CopyFailedException when there is no such snapshot or the copy fails; {@code targetDir} is emptied again
     */
    void get(String name, Path targetDir);

    /** Deletes the snapshot {@code name}; deleting one that does not exist does nothing. */
    void delete(String name);

    @Override
    default void close() {
    }
}
