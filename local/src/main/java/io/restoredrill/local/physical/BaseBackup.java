package io.restoredrill.local.physical;

import io.restoredrill.core.error.BackupUnreadableException;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.IoReason;
import io.restoredrill.core.postgres.ProcessResult;
import io.restoredrill.core.postgres.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@code pg_basebackup} backup. In tar format ({@code -Ft}): the directory holding {@code base.tar} (optionally
 * {@code .gz}, {@code .zst}, {@code .lz4}), the {@code pg_wal.tar} of its streamed WAL when it was taken with
 * {@code -X stream}, and its {@code backup_manifest}. In plain format ({@code -Fp}): the copied data directory itself,
 * which the drill copies and never starts a server in.
 *
 * @param dir      the backup's directory
 * @param base     the data directory's archive, or for the plain format the data directory ({@code dir})
 * @param walTar   the streamed WAL's archive; empty when the WAL is in the base archive or only in a WAL archive
 * @param manifest {@code backup_manifest}; empty when taken with {@code --no-manifest}
 * @param takenAt  when the backup ended (its archive's modification time; for the plain format, its manifest's or
 *                 pg_control's, which pg_basebackup writes last)
 */
public record BaseBackup(Path dir, Path base, Optional<Path> walTar, Optional<Path> manifest, Instant takenAt,
                         long bytes) {

    private static final List<String> SUFFIXES = List.of("", ".gz", ".zst", ".lz4");

    /** Whether {@code location} is a base backup's directory, or a directory of them. */
    public static boolean looksLike(Path location) {
        if (!Files.isDirectory(location)) {
            return false;
        }
        if (isBackup(location)) {
            return true;
        }
        return !backupsIn(location).isEmpty();
    }

    /**
     * The backup a drill restores from {@code location}: the location itself when it is one; else, of the backup
     * directories in it, the one named, else the newest that ended before the target time, else the newest.
     */
    public static BaseBackup choose(Path location, Optional<String> named, Optional<Instant> targetTime) {
        if (isBackup(location)) {
            return of(location);
        }
        List<BaseBackup> backups = backupsIn(location).stream().map(BaseBackup::of)
                .sorted(Comparator.comparing(BaseBackup::takenAt)).toList();
        if (backups.isEmpty()) {
            throw new InvalidInputException("No pg_basebackup backup (a directory with base.tar) found at " + location
                    + "; take one with 'pg_basebackup -Ft -D DIR' or name its directory with --from.");
        }
        if (named.isPresent()) {
            return backups.stream().filter(b -> b.name().equals(named.get())).findFirst()
                    .orElseThrow(() -> new InvalidInputException("No base backup named " + named.get() + " in " + location
                            + "; the newest there is " + backups.get(backups.size() - 1).name() + "."));
        }
        if (targetTime.isPresent()) {
            return backups.stream().filter(b -> !b.takenAt().isAfter(targetTime.get()))
                    .reduce((older, newer) -> newer)
                    .orElseThrow(() -> new InvalidInputException("No base backup in " + location + " ended before the"
                            + " target time " + targetTime.get() + "; the oldest ended at " + backups.get(0).takenAt()
                            + ". Choose a later --target-time."));
        }
        return backups.get(backups.size() - 1);
    }

    static BaseBackup of(Path dir) {
        Path manifest = dir.resolve("backup_manifest");
        Optional<Path> manifestFile = Files.isRegularFile(manifest) ? Optional.of(manifest) : Optional.empty();
        if (isPlain(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                long bytes = files.filter(Files::isRegularFile).mapToLong(BaseBackup::size).sum();
                Path endedBy = manifestFile.orElse(dir.resolve("global/pg_control"));
                return new BaseBackup(dir, dir, Optional.empty(), manifestFile,
                        Files.getLastModifiedTime(endedBy).toInstant(), bytes);
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new InvalidInputException("Cannot read the base backup in " + dir + " (" + e.getMessage() + ").");
            }
        }
        Path base = archive(dir, "base").orElseThrow(() -> new InvalidInputException(
                dir + " holds no base.tar; give the directory pg_basebackup wrote."));
        try {
            long bytes = Files.size(base);
            Optional<Path> wal = archive(dir, "pg_wal");
            if (wal.isPresent()) {
                bytes += Files.size(wal.get());
            }
            return new BaseBackup(dir, base, wal, manifestFile, Files.getLastModifiedTime(base).toInstant(), bytes);
        } catch (IOException e) {
            throw new InvalidInputException("Cannot read the base backup in " + dir + " (" + IoReason.of(e) + ").");
        }
    }

    public String name() {
        return dir.getFileName().toString();
    }

    public boolean plain() {
        return base.equals(dir);
    }

    /**
     * The backup's tablespaces other than the data directory: {@code <oid>.tar} beside base.tar, or the plain format's
     * {@code pg_tblspc} links, which point outside the backup (a copy following them would write there).
     */
    public List<Path> tablespaces() {
        Path where = plain() ? dir.resolve("pg_tblspc") : dir;
        if (!Files.isDirectory(where)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(where)) {
            return files.filter(f -> plain() || f.getFileName().toString().matches("[0-9]+\\.tar(\\.(gz|zst|lz4))?"))
                    .sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The PostgreSQL major version the backup is of, from its {@code PG_VERSION}. */
    public int major(Instant deadline) {
        if (plain()) {
            try {
                String version = Files.readString(dir.resolve("PG_VERSION")).strip();
                if (version.matches("[0-9]+")) {
                    return Integer.parseInt(version);
                }
            } catch (IOException e) {
                // said below
            }
            throw new BackupUnreadableException(dir + "/PG_VERSION does not name a PostgreSQL major version.");
        }
        List<String> command = tar(base);
        command.addAll(List.of("--to-stdout", "--occurrence=1", "PG_VERSION"));
        ProcessResult result = ProcessRunner.asCurrentUser().run(command, Map.of(), deadline);
        String version = result.output().strip();
        if (!result.succeeded() || !version.matches("[0-9]+")) {
            throw new BackupUnreadableException(base + " has no PG_VERSION: it is not a base backup's archive, or it"
                    + " is damaged (" + (result.succeeded() ? "PG_VERSION reads '" + cut(version) + "'" : result.reason()) + ").");
        }
        return Integer.parseInt(version);
    }

    /**
     * Unpacks the backup into {@code dataDir} as the drill's own user, never the archive's owners: the data directory,
     * then the streamed WAL into its {@code pg_wal}. A plain backup is copied, so the user's copy is never changed.
     */
    public void unpack(Path dataDir, Instant deadline) {
        if (plain()) {
            copy(dir, dataDir, deadline);
            return;
        }
        extract(base, dataDir, deadline);
        walTar.ifPresent(wal -> extract(wal, dataDir.resolve("pg_wal"), deadline));
    }

    private static void copy(Path from, Path into, Instant deadline) {
        try {
            Files.createDirectories(into);
        } catch (IOException e) {
            throw new BackupUnreadableException("Cannot create " + into + " to copy " + from + " (" + IoReason.of(e) + ").");
        }
        ProcessResult result = ProcessRunner.asCurrentUser().run(List.of("cp", "--recursive", "--no-dereference",
                "--preserve=mode,timestamps", from + "/.", into.toString()), Map.of(), deadline);
        if (!result.succeeded()) {
            throw new BackupUnreadableException("Cannot copy " + from + ": " + (result.timedOut()
                    ? "stopped at the Restore budget's deadline" : result.reason()) + ".");
        }
    }

    private static void extract(Path archive, Path into, Instant deadline) {
        try {
            Files.createDirectories(into);
        } catch (IOException e) {
            throw new BackupUnreadableException("Cannot create " + into + " to unpack " + archive + " (" + IoReason.of(e) + ").");
        }
        List<String> command = tar(archive);
        command.addAll(List.of("--no-same-owner", "--directory", into.toString()));
        ProcessResult result = ProcessRunner.asCurrentUser().run(command, Map.of(), deadline);
        if (!result.succeeded()) {
            throw new BackupUnreadableException("Cannot unpack " + archive + ": " + (result.timedOut()
                    ? "stopped at the Restore budget's deadline" : result.reason()) + ".");
        }
    }

    /** {@code tar --extract} of {@code archive}, decompressed by what its name says pg_basebackup compressed it with. */
    private static List<String> tar(Path archive) {
        List<String> command = new ArrayList<>(List.of("tar", "--extract", "--file", archive.toString()));
        String name = archive.getFileName().toString();
        if (name.endsWith(".gz")) {
            command.add("--gzip");
        } else if (name.endsWith(".zst")) {
            command.add("--zstd");
        } else if (name.endsWith(".lz4")) {
            command.add("--use-compress-program=lz4");
        }
        return command;
    }

    private static Optional<Path> archive(Path dir, String stem) {
        return SUFFIXES.stream().map(suffix -> dir.resolve(stem + ".tar" + suffix)).filter(Files::isRegularFile).findFirst();
    }

    private static boolean isBackup(Path dir) {
        return archive(dir, "base").isPresent() || isPlain(dir);
    }

    /** A plain-format base backup: a data directory's files, with its version and control file. */
    private static boolean isPlain(Path dir) {
        return Files.isRegularFile(dir.resolve("PG_VERSION")) && Files.isRegularFile(dir.resolve("global/pg_control"));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Path> backupsIn(Path location) {
        try (Stream<Path> children = Files.list(location)) {
            return children.filter(Files::isDirectory).filter(BaseBackup::isBackup).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String cut(String text) {
        return text.length() <= 20 ? text : text.substring(0, 20) + "…";
    }
}
