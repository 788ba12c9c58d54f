package io.restoredrill.local.existing;

import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.IoReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import io.restoredrill.core.error.CopyFailedException;
import io.restoredrill.local.files.FileTree;
import java.util.Optional;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Backups in this machine's file system: one file, one directory-format dump, or a tree of them. Read in place. */
final class FileBackupStore implements BackupStore {

    private static final int MAX_DEPTH = 8;

    private final String option;
    private final Path root;

    private FileBackupStore(String option, Path root) {
        this.option = option;
        this.root = root;
    }

    static FileBackupStore open(Path location) {
        if (!Files.exists(location)) {
            throw new InvalidInputException("--from " + location + " does not exist; give a backup file, a directory of"
                    + " backups or s3://bucket/prefix.");
        }
        if (!Files.isReadable(location)) {
            throw new InvalidInputException("--from " + location + " is not readable; check its permissions.");
        }
        return new FileBackupStore("--from", location.toAbsolutePath().normalize());
    }

    /** A directory to store backups in; one that does not exist yet is created by the first {@link #put}. */
    static FileBackupStore openForWriting(String option, Path location) {
        Path absolute = location.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new InvalidInputException(option + " " + location + " is a file; name the directory backups go to.");
        }
        Path existing = absolute;
        while (!Files.exists(existing) && existing.getParent() != null) {
            existing = existing.getParent();
        }
        if (!Files.isDirectory(existing) || !Files.isWritable(existing)) {
            throw new InvalidInputException(option + " " + location + (existing.equals(absolute) ? " is not writable"
                    : " cannot be created in " + existing) + "; name a directory you can write to.");
        }
        return new FileBackupStore(option, absolute);
    }

    @Override
    public List<StoredBackup> list() {
        if (!Files.exists(root)) {
            return List.of();
        }
        try {
            if (Files.isRegularFile(root)) {
                // The parent's name may be the database's: /backups/shop/2026-12-05.dump.
                String name = root.getParent() == null ? root.getFileName().toString()
                        : root.getParent().getFileName() + "/" + root.getFileName();
                return List.of(backup(root, name, false));
            }
            if (isDirectoryDump(root)) {
                return List.of(backup(root, root.getFileName().toString(), true));
            }
            List<StoredBackup> found = new ArrayList<>();
            List<Path> dumpDirectories = new ArrayList<>();
            try (Stream<Path> paths = Files.walk(root, MAX_DEPTH)) {
                for (Path path : paths.sorted().toList()) {
                    if (path.equals(root) || dumpDirectories.stream().anyMatch(path::startsWith)) {
                        continue;
                    }
                    String name = root.relativize(path).toString().replace('\\', '/');
                    if (Files.isDirectory(path) && isDirectoryDump(path)) {
                        dumpDirectories.add(path);
                        found.add(backup(path, name, true));
                    } else if (Files.isRegularFile(path) && BackupFiles.isBackup(path.getFileName().toString())
                            && !name.contains("/.")) {
                        found.add(backup(path, name, false));
                    }
                }
            }
            return found;
        } catch (IOException e) {
            throw new InvalidInputException(option + " " + root + " cannot be listed (" + IoReason.of(e)
                    + "); check its permissions.", e);
        }
    }

    @Override
    public String uri(StoredBackup backup) {
        return resolve(backup).toString();
    }

    @Override
    public Path fetch(StoredBackup backup, Path downloadDir, Instant deadline) {
        return resolve(backup);
    }

    @Override
    public boolean inPlace() {
        return true;
    }

    @Override
    public Optional<Path> fetchBeside(StoredBackup backup, String suffix, Path downloadDir) {
        Path beside = resolve(backup).resolveSibling(resolve(backup).getFileName() + suffix);
        return Files.isRegularFile(beside) ? Optional.of(beside) : Optional.empty();
    }

    @Override
    public void put(Path file, String name) {
        Path target = resolve(name);
        Path partial = target.resolveSibling("." + target.getFileName() + ".part");
        try {
            Files.createDirectories(target.getParent());
            Files.copy(file, partial, StandardCopyOption.REPLACE_EXISTING);
            // On disk before it has its name, and the name on disk before older backups may be pruned.
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel directory = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
                directory.force(true);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new CopyFailedException("Cannot store " + target + " (" + IoReason.of(e) + "); check the permissions"
                    + " and free space of " + root + ".", e);
        }
    }

    @Override
    public void delete(String name) {
        Path target = resolve(name);
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            throw new CopyFailedException("Cannot delete " + target + " (" + IoReason.of(e) + "); check the permissions"
                    + " of " + target.getParent() + ".", e);
        }
    }

    private Path resolve(String name) {
        if (!FileTree.isSafeRelative(name)) {
            throw new IllegalArgumentException("not a relative name: " + name);
        }
        return root.resolve(name);
    }

    private Path resolve(StoredBackup backup) {
        if (Files.isRegularFile(root) || isDirectoryDump(root)) {
            return root;
        }
        return root.resolve(backup.name());
    }

    private static boolean isDirectoryDump(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.anyMatch(child -> BackupFiles.isToc(child.getFileName().toString()));
        } catch (IOException e) {
            return false;
        }
    }

    private static StoredBackup backup(Path path, String name, boolean directory) throws IOException {
        long bytes;
        Instant modified;
        if (directory) {
            bytes = 0;
            modified = Instant.EPOCH;
            try (Stream<Path> files = Files.walk(path)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    bytes += attributes.size();
                    Instant time = attributes.lastModifiedTime().toInstant();
                    modified = time.isAfter(modified) ? time : modified;
                }
            }
        } else {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            bytes = attributes.size();
            modified = attributes.lastModifiedTime().toInstant();
        }
        var stamp = BackupNames.timestamp(name);
        return new StoredBackup(name, BackupNames.database(name).orElse(null), stamp.orElse(modified),
                stamp.isPresent(), bytes, directory);
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
