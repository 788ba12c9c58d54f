package io.restoredrill.local.existing;

import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.IoReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Backups in this machine's file system: one file, one directory-format dump, or a tree of them. Read in place. */
final class FileBackupStore implements BackupStore {

    private static final int MAX_DEPTH = 8;

    private final Path root;

    private FileBackupStore(Path root) {
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
        return new FileBackupStore(location.toAbsolutePath().normalize());
    }

    @Override
    public List<StoredBackup> list() {
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
            throw new InvalidInputException("--from " + root + " cannot be listed (" + IoReason.of(e)
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
