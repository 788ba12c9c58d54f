package io.restoredrill.local.copy;

import io.restoredrill.core.postgres.WorkDirs;
import io.restoredrill.core.error.CopyFailedException;
import io.restoredrill.local.files.FileTree;
import io.restoredrill.core.error.IoReason;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A recovery location on a file system (another disk, a mounted share): each snapshot is a subdirectory.
 * A snapshot appears under its name only once it is complete: it is copied into a hidden staging
 * directory first and then renamed.
 */
public final class DirectoryLocation implements RecoveryLocation {

    private final Path root;

    public DirectoryLocation(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public String uri(String name) {
        CopyInputs.requireName(name);
        String uri = root.resolve(name).toUri().toString();
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    @Override
    public void put(Path snapshotDir, String name) {
        CopyInputs.requireName(name);
        List<String> files = CopyInputs.snapshotFiles(snapshotDir);
        Path target = root.resolve(name);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw alreadyExists(name);
        }
        Path staging;
        try {
            Files.createDirectories(root);
            staging = Files.createTempDirectory(root, "." + name + ".partial-");
        } catch (IOException e) {
            throw new CopyFailedException("Cannot create recovery directory " + root + " (" + IoReason.of(e)
                    + "); check that its parent exists and is writable.", e);
        }
        try {
            FileTree.copy(snapshotDir, staging, files);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            removeStaging(staging, e);
            if (e instanceof FileAlreadyExistsException || Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw alreadyExists(name);
            }
            throw new CopyFailedException("Cannot copy " + snapshotDir + " to " + target + " (" + IoReason.of(e)
                    + "); check the free space and permissions of " + root + ".", e);
        }
    }

    @Override
    public void get(String name, Path targetDir) {
        CopyInputs.requireName(name);
        Path source = root.resolve(name);
        if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new CopyFailedException("No snapshot named '" + name + "' exists in " + root
                    + "; check the name and the recovery location.");
        }
        List<String> files;
        try {
            files = FileTree.regularFiles(source);
        } catch (IOException e) {
            throw new CopyFailedException("Cannot list " + source + " (" + IoReason.of(e) + "); check its permissions.",
                    e);
        }
        CopyInputs.prepareTarget(targetDir);
        FileTree.emptiedOnFailure(targetDir, () -> {
            try {
                FileTree.copy(source, targetDir, files);
            } catch (IOException e) {
                throw new CopyFailedException("Cannot copy " + source + " to " + targetDir + " (" + IoReason.of(e)
                        + "); check the free space and permissions of " + targetDir + ".", e);
            }
        });
    }

    @Override
    public void delete(String name) {
        CopyInputs.requireName(name);
        Path target = root.resolve(name);
        try {
            WorkDirs.deleteRecursively(target);
        } catch (IOException e) {
            throw new CopyFailedException("Cannot delete " + target + " (" + IoReason.of(e)
                    + "); check the permissions of " + root + ".", e);
        }
    }

    @Override
    public String toString() {
        return root.toString();
    }

    private CopyFailedException alreadyExists(String name) {
        return new CopyFailedException("Recovery location " + root + " already holds a snapshot named '" + name
                + "'; delete it first or choose another name.");
    }

    private static void removeStaging(Path staging, IOException failure) {
        try {
            WorkDirs.deleteRecursively(staging);
        } catch (IOException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }
}
