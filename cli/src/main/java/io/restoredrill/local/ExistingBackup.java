package io.restoredrill.local;

import io.restoredrill.core.error.BackupUnreadableException;
import io.restoredrill.core.error.CopyFailedException;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.RestoreFailedException;
import io.restoredrill.core.model.SnapshotInfo;
import io.restoredrill.core.postgres.PgBinaries;
import io.restoredrill.core.postgres.ProcessResult;
import io.restoredrill.core.postgres.ProcessRunner;
import io.restoredrill.core.postgres.WorkDirs;
import io.restoredrill.core.run.PhaseContext;
import io.restoredrill.local.existing.BackupChoice;
import io.restoredrill.local.existing.BackupKeys;
import io.restoredrill.local.existing.BackupStore;
import io.restoredrill.local.existing.BackupUnwrapper;
import io.restoredrill.local.existing.DumpFormat;
import io.restoredrill.local.existing.DumpScript;
import io.restoredrill.local.existing.StoredBackup;
import io.restoredrill.local.existing.UnwrappedBackup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The front half of a drill of an existing backup ({@code drill local --from}): Plan picks the backup, Download
 * makes it readable here, Decrypt takes off its encryption and compression, and Restore reads what the dump
 * needs (its version, its database, the roles it names) before it is restored.
 */
final class ExistingBackup implements AutoCloseable {

    /**
     * What the dump itself says, read before it is restored.
     *
     * @param list an archive's edited table of contents, for pg_restore; {@code null} for a plain SQL dump
     */
    record Contents(String database, String dumpedFrom, SourceRoles roles, boolean createsDatabase, RestoreList list) {

        int dumpedFromMajor() {
            if (dumpedFrom == null) {
                return 0;
            }
            String major = dumpedFrom.split("\\.")[0].replaceAll("\\D.*", "");
            return major.isEmpty() ? 0 : Integer.parseInt(major);
        }
    }

    private final ExistingBackupOptions options;
    private final BackupKeys keys;
    private final Workspace workspace;
    private final BackupStore store;
    private final StoredBackup backup;
    private Path fetched;
    private UnwrappedBackup unwrapped;
    private RestoreList list;

    private ExistingBackup(ExistingBackupOptions options, BackupKeys keys, Workspace workspace, BackupStore store,
                           StoredBackup backup) {
        this.options = options;
        this.keys = keys;
        this.workspace = workspace;
        this.store = store;
        this.backup = backup;
    }

    static ExistingBackup plan(LocalDrillOptions drill, Workspace workspace, PhaseContext context) {
        ExistingBackupOptions options = drill.from().orElseThrow();
        options.gpgHome().ifPresent(home -> {
            if (!Files.isDirectory(home)) {
                throw new InvalidInputException("--gpg-homedir " + home + " is not a directory; give the GnuPG home"
                        + " that holds the backups' secret key.");
            }
        });
        BackupStore store = BackupStore.open(options.location(), options.region().orElse(null));
        try {
            List<StoredBackup> backups;
            try {
                backups = store.list();
            } catch (CopyFailedException e) {
                throw new InvalidInputException(e.getMessage(), e);
            }
            StoredBackup chosen = BackupChoice.pick(store, backups, options.backup(), options.database());
            return new ExistingBackup(options, new BackupKeys(drill.identity(), options.gpgHome()), workspace, store, chosen);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The source's name for reports and the drill log: the database the backup is of. */
    String name() {
        return backup.database() != null ? backup.database() : "backup";
    }

    /** The database the restored copy must be of: the one asked for with --database; else whichever the dump is of. */
    String expectedDatabase() {
        return options.database().orElse(null);
    }

    String uri() {
        return store.uri(backup);
    }

    String describe() {
        return "Backup " + uri() + " (" + Bytes.format(backup.bytes()) + ", taken " + backup.takenAt()
                + (backup.timeFromName() ? " as its name says" : ", the time of the file") + ")";
    }

    void download(PhaseContext context) {
        fetched = store.fetch(backup, workspace.fetched(), context.deadline());
        context.detail(store.inPlace() ? "Read in place: " + fetched + "."
                : "Downloaded " + Bytes.format(backup.bytes()) + " from " + uri() + ".");
    }

    void decrypt(PhaseContext context) {
        unwrapped = new BackupUnwrapper(keys).unwrap(fetched, uri(), privateDir());
        if (!store.inPlace() && !unwrapped.inPlace()) {
            deleteQuietly(fetched);
        }
        context.detail((unwrapped.layers().isEmpty() ? "Neither encrypted nor compressed"
                : "Took off " + String.join(", then ", unwrapped.layers())) + ": pg_dump " + unwrapped.format().displayName()
                + " format" + (unwrapped.inPlace() ? ", restored from where it is" : ", " + Bytes.format(size(unwrapped.dump()))
                + " in the drill's private directory") + ".");
    }

    DumpFormat format() {
        return unwrapped.format();
    }

    Path dump() {
        return unwrapped.dump();
    }

    Contents contents(PgBinaries binaries, Instant deadline) {
        SourceRoles kept = unwrapped.format() == DumpFormat.DIRECTORY ? SourceRoles.readFrom(unwrapped.dump()) : null;
        if (!unwrapped.format().archive()) {
            DumpScript script = DumpScript.scan(unwrapped.dump());
            return new Contents(script.createdDatabase(), script.dumpedFrom(), roles(script, kept),
                    script.createdDatabase() != null, null);
        }
        try {
            list = RestoreList.prepare(binaries, unwrapped.dump(), workspace.restoreList(), deadline);
        } catch (RestoreFailedException e) {
            throw new BackupUnreadableException(e.getMessage().replaceFirst("\\.$", "") + ": it is truncated or damaged,"
                    + " or made by a newer pg_dump than " + binaries.version() + ".", e);
        }
        Path schema = privateDir().resolve("schema.sql");
        ProcessResult rendered = ProcessRunner.asCurrentUser().run(List.of(binaries.program("pg_restore").toString(),
                "--schema-only", "--create", "--file=" + schema, unwrapped.dump().toString()), Map.of(), deadline);
        if (!rendered.succeeded()) {
            throw new BackupUnreadableException("pg_restore cannot render the backup's schema: "
                    + PgErrors.firstError(rendered) + ".");
        }
        DumpScript script = DumpScript.scan(schema);
        deleteQuietly(schema);
        return new Contents(list.database(), list.dumpedFrom(), roles(script, kept), true, list);
    }

    private static SourceRoles roles(DumpScript script, SourceRoles kept) {
        if (kept != null) {
            return kept;
        }
        return new SourceRoles(script.roles().stream().map(name -> new SourceRoles.Role(name, true)).toList(), List.of());
    }

    /** Removes the plaintext once it is restored; an original read in place is never touched. */
    void releasePlaintext() {
        if (unwrapped != null && !unwrapped.inPlace()) {
            deleteQuietly(unwrapped.dump());
        }
    }

    /** When the backup was taken: the time pg_dump wrote into it, else its name's, else its file's. */
    Instant takenAt() {
        return list != null && list.createdAt() != null ? list.createdAt() : backup.takenAt();
    }

    SnapshotInfo snapshotInfo() {
        boolean encrypted = unwrapped != null && unwrapped.layers().stream().anyMatch(l -> l.startsWith("age") || l.equals("gpg"));
        return new SnapshotInfo(backup.name(), takenAt(), backup.bytes(), 1, null, uri(), encrypted);
    }

    private Path privateDir() {
        return workspace.dump().getParent();
    }

    private static long size(Path path) {
        try {
            return Files.isDirectory(path) ? io.restoredrill.local.files.FileTree.regularFiles(path).stream()
                    .mapToLong(file -> path.resolve(file).toFile().length()).sum() : Files.size(path);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            WorkDirs.deleteRecursively(path);
        } catch (IOException e) {
            // the workspace's release removes whatever is left
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
