package io.restoredrill.local.backup;

import io.restoredrill.core.error.DrillException;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.UnexpectedFailureException;
import io.restoredrill.core.postgres.PgBinaries;
import io.restoredrill.core.postgres.WorkDirs;
import io.restoredrill.local.Interruption;
import io.restoredrill.local.LocalDrillOptions;
import io.restoredrill.local.existing.BackupLayout;
import io.restoredrill.local.existing.BackupStore;
import io.restoredrill.local.existing.StoredBackup;
import io.restoredrill.local.files.Bytes;
import io.restoredrill.local.postgres.SourceDatabase;
import io.restoredrill.local.publish.MetricsTextfile;
import io.restoredrill.local.state.Planned;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
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

    /**
     * How one database's backup ended.
     *
     * @param failure      why nothing was stored
     * @param pruneFailure why older backups could not be pruned, after this one was stored
     */
    public record Result(String database, Optional<DatabaseBackup.Stored> stored, List<String> pruned,
                         Optional<DrillException> failure, Optional<DrillException> pruneFailure) {

        /** Whether the backup was stored (pruning aside). */
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
    /** The private directory of the database being backed up, for the interrupt hook. */
    private volatile Path currentPrivateDir;

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
            // Ctrl-C or SIGTERM (a timer's stop): pg_dump is killed, the database's private directory removed.
            Interruption interruption = new Interruption();
            Thread hook = interruption.install(() -> deletePrivateDir(currentPrivateDir));
            try {
                List<Result> results = new ArrayList<>();
                for (Planned database : planned) {
                    interruption.checkpoint();
                    results.add(backUp(database, store, signingKey));
                }
                interruption.checkpoint();
                return results;
            } finally {
                interruption.cleaned();
                Interruption.uninstall(hook);
            }
        }
    }

    private Planned plan(String name) {
        SourceDatabase database = options.source().withDatabase(name);
        SourceDatabase.ServerVersion server = database.serverVersion();
        String version = server.version();
        int major = server.major();
        return new Planned(database, version, PgBinaries.find(options.pgBin(), LocalDrillOptions.PG_BIN, major));
    }

    private void describe(Planned planned, BackupStore store, List<StoredBackup> existing) {
        String database = planned.database().database();
        Instant now = clock.instant();
        String name = BackupLayout.backupName(database, now, options.encryption().suffix());
        output.accept("Would dump " + database + " (PostgreSQL " + planned.serverVersion() + ") with "
                + planned.binaries().program("pg_dump") + " to " + uri(store, name) + ", "
                + (options.encryption().name().equals("none") ? "unencrypted" : "encrypted with " + options.encryption().name())
                + ", with a signed manifest.");
        List<String> pruned = toPrune(existing, database, new StoredBackup(name, database, now, true, 0, false), now);
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
            currentPrivateDir = privateDir;
            DatabaseBackup.Stored stored = new DatabaseBackup(store, options.encryption(), signingKey, clock)
                    .run(planned.database(), planned.binaries(), planned.serverVersion(), privateDir);
            List<String> pruned = List.of();
            Optional<DrillException> pruneFailure = Optional.empty();
            try {
                pruned = prune(store, database, stored);
            } catch (DrillException e) {
                pruneFailure = Optional.of(e);
            }
            output.accept("✔ " + database + ": " + uri(store, stored.name()) + " — " + Bytes.format(stored.bytes()) + ", "
                    + stored.tables() + (stored.tables() == 1 ? " table, " : " tables, ") + stored.rows() + " rows, manifest signed"
                    + (options.retention().prunes() && pruneFailure.isEmpty() ? "; pruned " + pruned.size() + " older backup(s)" : "")
                    + ".");
            pruneFailure.ifPresent(e -> output.accept("✘ " + database + ": pruning FAILED — " + e.getMessage()));
            return new Result(database, Optional.of(stored), pruned, Optional.empty(), pruneFailure);
        } catch (DrillException e) {
            output.accept("✘ " + database + ": FAILED — " + e.getMessage());
            return new Result(database, Optional.empty(), List.of(), Optional.of(e), Optional.empty());
        } catch (RuntimeException e) {
            UnexpectedFailureException failure = new UnexpectedFailureException("Unexpected error in Restore Drill itself"
                    + " while backing up " + database + ": " + e + " (please report it).", e);
            output.accept("✘ " + database + ": FAILED — " + failure.getMessage());
            return new Result(database, Optional.empty(), List.of(), Optional.of(failure), Optional.empty());
        } finally {
            if (privateDir != null && !deletePrivateDir(privateDir)) {
                output.accept("  (could not remove " + privateDir + "; remove it by hand: it may hold a plaintext dump)");
            }
            currentPrivateDir = null;
        }
    }

    private static boolean deletePrivateDir(Path dir) {
        try {
            WorkDirs.deleteRecursively(dir);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Path privateDir(String database) {
        Path dir = WorkDirs.create(options.workDir(), "backup-" + BackupLayout.folder(database), LocalDrillOptions.WORK_DIR);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new io.restoredrill.core.error.EnvironmentException("Cannot make " + dir + " private (" + e.getMessage()
                    + "); pass --work-dir with a directory on a POSIX file system.", e);
        }
        return dir;
    }

    /** Deletes the backups of {@code database} that no retention tier keeps, with their manifests and signatures. */
    private List<String> prune(BackupStore store, String database, DatabaseBackup.Stored stored) {
        if (!options.retention().prunes()) {
            return List.of();
        }
        List<String> pruned = toPrune(store.list(), database, new StoredBackup(stored.name(), database, stored.takenAt(),
                true, stored.bytes(), false), clock.instant());
        for (String name : pruned) {
            store.delete(name);
            BackupLayout.besides(name).forEach(store::delete);
        }
        return pruned;
    }

    /**
     * The names of the backups of {@code database} that the tiers do not keep. Only names in drill backup's exact
     * layout for this database ({@link BackupLayout#parse}) are considered, and never one dated after {@code now} (a
     * name planted with a future date must not push real backups out) nor the one just stored: nothing else at the
     * location is ever deleted.
     *
     * @param added the backup this run stores (or, in a dry run, would store)
     */
    private List<String> toPrune(List<StoredBackup> stored, String database, StoredBackup added, Instant now) {
        if (!options.retention().prunes()) {
            return List.of();
        }
        List<RetentionPolicy.Dated<String>> candidates = new ArrayList<>();
        for (StoredBackup backup : stored) {
            Optional<BackupLayout.Parsed> parsed = BackupLayout.parse(backup.name());
            if (parsed.isPresent() && parsed.get().database().equals(database) && !parsed.get().takenAt().isAfter(now)
                    && !backup.directory() && !backup.name().equals(added.name())) {
                candidates.add(new RetentionPolicy.Dated<>(backup.name(), parsed.get().takenAt()));
            }
        }
        candidates.add(new RetentionPolicy.Dated<>(added.name(), added.takenAt()));
        List<String> kept = options.retention().keep(candidates);
        return candidates.stream().map(RetentionPolicy.Dated::item)
                .filter(name -> !kept.contains(name) && !name.equals(added.name())).sorted().toList();
    }

    private static String uri(BackupStore store, String name) {
        String location = store.toString();
        return location.endsWith("/") ? location + name : location + "/" + name;
    }
}
