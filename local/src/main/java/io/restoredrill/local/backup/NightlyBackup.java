package io.restoredrill.local.backup;

import io.restoredrill.core.error.DrillException;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.UnexpectedFailureException;
import io.restoredrill.core.postgres.PgBinaries;
import io.restoredrill.core.postgres.Queries;
import io.restoredrill.core.postgres.WorkDirs;
import io.restoredrill.local.Bytes;
import io.restoredrill.local.MetricsTextfile;
import java.time.Duration;
import io.restoredrill.local.SourceDatabase;
import io.restoredrill.local.existing.BackupStore;
import io.restoredrill.local.existing.StoredBackup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code drill backup}: the nightly side. Everything is checked first (keys, location, every database and the tools
 * for its version); then each database is backed up in turn ({@link DatabaseBackup}) and its older backups pruned by
 * the retention tiers. A database that fails does not stop the others, and is never pruned.
 */
public final class NightlyBackup {

    /** How one database's backup ended. */
    public record Result(String database, Optional<DatabaseBackup.Stored> stored, List<String> pruned,
                         Optional<DrillException> failure) {

        public boolean succeeded() {
            return failure.isEmpty();
        }
    }

    /** A database checked in the plan: its connection and the pg_dump for its version. */
    private record Planned(SourceDatabase database, String serverVersion, PgBinaries binaries) {
    }

    private final BackupOptions options;
    private final Consumer<String> output;
    private final Clock clock;

    public NightlyBackup(BackupOptions options, Consumer<String> output, Clock clock) {
        this.options = options;
        this.output = output;
        this.clock = clock;
    }

    /**
     * @throws DrillException of the configuration category when something must be fixed before any backup can be made
     */
    public List<Result> run() {
        if (options.encryption().name().equals("none") && !options.unencrypted()) {
            throw new InvalidInputException("drill backup encrypts every backup: give --encrypt-to age1… (or"
                    + " --gpg-recipient KEY), or --unencrypted to store backups in the clear on purpose.");
        }
        options.encryption().requireUsable();
        options.textfileDir().ifPresent(MetricsTextfile::requireWritable);
        PrivateKey signingKey = ManifestSignature.signingKey(options.signingKey(), "--signing-key");
        try (BackupStore store = BackupStore.openForWriting("--to", options.location(), options.region().orElse(null))) {
            List<Planned> planned = options.effectiveDatabases().stream().map(this::plan).toList();
            List<StoredBackup> existing;
            try {
                existing = store.list();
            } catch (io.restoredrill.core.error.CopyFailedException e) {
                throw new InvalidInputException("--to: " + e.getMessage(), e);
            }
            if (options.dryRun()) {
                planned.forEach(database -> describe(database, store, existing));
                return List.of();
            }
            List<Result> results = new ArrayList<>();
            for (Planned database : planned) {
                results.add(backUp(database, store, signingKey));
            }
            return results;
        }
    }

    private Planned plan(String name) {
        SourceDatabase database = options.source().withDatabase(name);
        String version;
        int major;
        try (Connection connection = database.connect()) {
            version = DatabaseBackup.serverVersion(connection);
            major = Integer.parseInt(Queries.scalar(connection, "SELECT current_setting('server_version_num')::int / 10000"));
        } catch (SQLException e) {
            throw new InvalidInputException("Cannot read the server version of database " + name + ": "
                    + e.getMessage() + ".", e);
        }
        return new Planned(database, version, PgBinaries.find(options.pgBin(), major));
    }

    private void describe(Planned planned, BackupStore store, List<StoredBackup> existing) {
        String database = planned.database().database();
        Instant now = clock.instant();
        String name = BackupLayout.backupName(database, now, options.encryption().suffix());
        output.accept("Would dump " + database + " (PostgreSQL " + planned.serverVersion() + ") with "
                + planned.binaries().program("pg_dump") + " to " + uri(store, name) + ", "
                + (options.encryption().name().equals("none") ? "unencrypted" : "encrypted with " + options.encryption().name())
                + ", with a signed manifest.");
        List<String> pruned = toPrune(existing, database, Optional.of(new StoredBackup(name, BackupLayout.folder(database),
                now, true, 0, false)));
        if (options.retention().prunes()) {
            output.accept("Would prune " + pruned.size() + " older backup(s) of " + database + " (keep " + options.retention()
                    + ")" + (pruned.isEmpty() ? "." : ": " + String.join(", ", pruned) + "."));
        }
    }

    private Result backUp(Planned planned, BackupStore store, PrivateKey signingKey) {
        long started = System.nanoTime();
        Result result = attempt(planned, store, signingKey);
        options.textfileDir().ifPresent(dir -> {
            try {
                BackupMetricsTextfile.write(dir, result.database(), clock.instant(),
                        Duration.ofNanos(System.nanoTime() - started), result.stored(), result.pruned().size());
            } catch (DrillException e) {
                output.accept("  " + e.getMessage());
            }
        });
        return result;
    }

    private Result attempt(Planned planned, BackupStore store, PrivateKey signingKey) {
        String database = planned.database().database();
        output.accept("▶ " + database + ": dumping and scanning in one snapshot (PostgreSQL " + planned.serverVersion() + ")…");
        Path privateDir = null;
        try {
            privateDir = privateDir(database);
            DatabaseBackup.Stored stored = new DatabaseBackup(store, options.encryption(), signingKey, clock)
                    .run(planned.database(), planned.binaries(), planned.serverVersion(), privateDir);
            List<String> pruned = prune(store, database);
            output.accept("✔ " + database + ": " + stored.uri() + " — " + Bytes.format(stored.bytes()) + ", "
                    + stored.tables() + (stored.tables() == 1 ? " table, " : " tables, ") + stored.rows() + " rows, manifest signed"
                    + (options.retention().prunes() ? "; pruned " + pruned.size() + " older backup(s)" : "") + ".");
            return new Result(database, Optional.of(stored), pruned, Optional.empty());
        } catch (DrillException e) {
            output.accept("✘ " + database + ": FAILED — " + e.getMessage());
            return new Result(database, Optional.empty(), List.of(), Optional.of(e));
        } catch (RuntimeException e) {
            UnexpectedFailureException failure = new UnexpectedFailureException("Unexpected error in Restore Drill itself"
                    + " while backing up " + database + ": " + e + " (please report it).", e);
            output.accept("✘ " + database + ": FAILED — " + failure.getMessage());
            return new Result(database, Optional.empty(), List.of(), Optional.of(failure));
        } finally {
            if (privateDir != null) {
                try {
                    WorkDirs.deleteRecursively(privateDir);
                } catch (IOException e) {
                    output.accept("  (could not remove " + privateDir + ": " + e.getMessage() + "; remove it by hand)");
                }
            }
        }
    }

    private Path privateDir(String database) {
        Path dir = WorkDirs.create(options.workDir(), "backup-" + BackupLayout.folder(database));
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new io.restoredrill.core.error.EnvironmentException("Cannot make " + dir + " private (" + e.getMessage()
                    + "); pass --work-dir with a directory on a POSIX file system.", e);
        }
        return dir;
    }

    /** Deletes the backups of {@code database} that no retention tier keeps, with their manifests and signatures. */
    private List<String> prune(BackupStore store, String database) {
        if (!options.retention().prunes()) {
            return List.of();
        }
        List<String> pruned = toPrune(store.list(), database, Optional.empty());
        for (String name : pruned) {
            store.delete(name);
            BackupLayout.besides(name).forEach(store::delete);
        }
        return pruned;
    }

    /**
     * The names of the backups of {@code database} that the tiers do not keep. Only backups in the database's own
     * folder whose names carry their time are considered: nothing else at the location is ever deleted.
     */
    private List<String> toPrune(List<StoredBackup> stored, String database, Optional<StoredBackup> added) {
        if (!options.retention().prunes()) {
            return List.of();
        }
        String folder = BackupLayout.folder(database) + "/";
        List<RetentionPolicy.Dated<String>> candidates = new ArrayList<>();
        for (StoredBackup backup : stored) {
            if (backup.name().startsWith(folder) && backup.timeFromName() && !backup.directory()
                    && BackupLayout.folder(database).equals(backup.database())) {
                candidates.add(new RetentionPolicy.Dated<>(backup.name(), backup.takenAt()));
            }
        }
        added.ifPresent(backup -> candidates.add(new RetentionPolicy.Dated<>(backup.name(), backup.takenAt())));
        List<String> kept = options.retention().keep(candidates);
        return candidates.stream().map(RetentionPolicy.Dated::item).filter(name -> !kept.contains(name)).sorted().toList();
    }

    private static String uri(BackupStore store, String name) {
        String location = store.toString();
        return location.endsWith("/") ? location + name : location + "/" + name;
    }
}
