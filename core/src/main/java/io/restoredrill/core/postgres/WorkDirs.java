package io.restoredrill.core.postgres;

import io.restoredrill.core.error.EnvironmentException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/** Temporary directories for a drill's clusters and dumps, and their removal. */
public final class WorkDirs {

    public static final String PREFIX = "restore-drill-";

    private WorkDirs() {
    }

    /**
     * Creates a private directory under {@code parent} that the server user can traverse (but not
     * list) so it can reach the cluster directories inside it.
     *
     * @param setting where the user chooses {@code parent} (the local drill's {@code --work-dir}), for the messages
     */
    public static Path create(Path parent, String name, String setting) {
        if (!Files.isDirectory(parent)) {
            throw new EnvironmentException("The work directory " + parent + " does not exist or is not a directory;"
                    + " create it or give " + setting + " an existing directory.");
        }
        try {
            Path dir = Files.createTempDirectory(parent, PREFIX + name + "-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            return dir;
        } catch (IOException e) {
            throw new EnvironmentException("Cannot create a work directory in " + parent + ": " + e.getMessage()
                    + "; give " + setting + " a writable directory.", e);
        }
    }

    public static Path systemTemp() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Deletes a directory tree; a missing tree is fine. */
    public static void deleteRecursively(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
