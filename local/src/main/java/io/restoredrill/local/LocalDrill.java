package io.restoredrill.local;

import io.restoredrill.core.error.DrillException;
import io.restoredrill.core.error.EnvironmentException;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.IoReason;
import io.restoredrill.core.error.RestoreFailedException;
import io.restoredrill.core.error.SnapshotFailedException;
import io.restoredrill.core.error.UnexpectedFailureException;
import io.restoredrill.core.error.VerificationFailedException;
import io.restoredrill.core.log.DrillLog;
import io.restoredrill.core.log.DrillLogEntry;
import io.restoredrill.core.log.LogVerification;
import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.model.PhaseResult;
import io.restoredrill.core.model.SnapshotInfo;
import io.restoredrill.core.model.SourceInfo;
import io.restoredrill.core.model.Verdict;
import io.restoredrill.core.postgres.OsUser;
import io.restoredrill.core.postgres.PgBinaries;
import io.restoredrill.core.postgres.ThrowawayCluster;
import io.restoredrill.core.postgres.WorkDirs;
import io.restoredrill.core.report.ReportFiles;
import io.restoredrill.core.report.ReportJson;
import io.restoredrill.core.run.DrillIds;
import io.restoredrill.core.run.PhaseContext;
import io.restoredrill.core.run.PhaseRecorder;
import io.restoredrill.core.run.ProgressListener;
import io.restoredrill.core.run.Verdicts;
import io.restoredrill.core.verify.Inventory;
import io.restoredrill.core.verify.InventoryScanner;
import io.restoredrill.core.verify.PreviousDrill;
import io.restoredrill.core.verify.ProgramChecks;
import io.restoredrill.core.verify.SourceCatalog;
import io.restoredrill.core.verify.VerificationRequest;
import io.restoredrill.core.verify.VerificationResult;
import io.restoredrill.core.verify.VerificationRunner;
import io.restoredrill.core.verify.suite.VerificationSuite;
import io.restoredrill.local.backup.BackupManifest;
import io.restoredrill.local.cleanup.KeptClusters;
import io.restoredrill.local.copy.RecoveryLocation;
import io.restoredrill.local.crypto.AgeEncryption;
import io.restoredrill.local.files.Bytes;
import io.restoredrill.local.plan.DemoSource;
import io.restoredrill.local.postgres.ExportedSnapshot;
import io.restoredrill.local.postgres.PgDump;
import io.restoredrill.local.postgres.PgRestore;
import io.restoredrill.local.postgres.PlainRestore;
import io.restoredrill.local.postgres.RestoreList;
import io.restoredrill.local.postgres.SourceDatabase;
import io.restoredrill.local.postgres.SourceRoles;
import io.restoredrill.local.publish.MetricsTextfile;
import io.restoredrill.local.snapshot.Manifest;
import io.restoredrill.local.state.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Postgres engine: a whole restore drill on one machine. Snapshot is {@code pg_dump}, Copy
 * moves the dump (optionally encrypted) to a recovery location, Restore brings it into a throwaway
 * loopback-only cluster, Verify runs the suite, Cleanup removes everything the drill created and
 * Publish writes the report and the drill-log entry.
 *
 * <p>Configuration errors stop the drill without a report (exit 2 at the command line); a drill
 * that ran and failed is cleaned up and published as FAILED (exit 1).
 */
public final class LocalDrill {

    static final List<Phase> PHASES = List.of(Phase.PLAN, Phase.SNAPSHOT, Phase.COPY, Phase.RESTORE,
            Phase.VERIFY, Phase.CLEANUP, Phase.PUBLISH);
    /** The phases of a drill of an existing backup ({@code --from}): nothing is dumped, the backup is fetched. */
    static final List<Phase> EXISTING_BACKUP_PHASES = List.of(Phase.PLAN, Phase.DOWNLOAD, Phase.DECRYPT, Phase.RESTORE,
            Phase.VERIFY, Phase.CLEANUP, Phase.PUBLISH);

    private final LocalDrillOptions options;
    private final ProgressListener listener;
    private final Clock clock;

    public LocalDrill(LocalDrillOptions options, ProgressListener listener, Clock clock) {
        this.options = options;
        this.listener = listener;
        this.clock = clock;
    }

    /** Mutable state of one run, confined to the thread running it (and the shutdown hook's release). */
    private static final class Run {
        String drillId;
        Instant startedAt;
        Workspace workspace;
        PgBinaries binaries;
        SourceDatabase source;
        /** The database restored and verified: the source's, or the one an existing backup is of. */
        String database;
        String sourceName;
        String serverVersion;
        ExistingBackup existing;
        RecoveryLocation location;
        PreviousDrill previous;
        Instant snapshotTakenAt;
        Inventory sourceInventory;
        SourceCatalog sourceCatalog;
        boolean ownershipRestored;
        Manifest manifest;
        ThrowawayCluster restored;
        VerificationResult verification;
        List<String> leftovers = List.of();
        boolean copied;
        boolean released;
        DrillOutcome.KeptCluster kept;
    }

    public DrillOutcome run() {
        Run run = new Run();
        run.startedAt = clock.instant();
        run.drillId = DrillIds.next(clock);
        run.workspace = Workspace.create(options.workParent(), run.drillId);
        PhaseRecorder recorder = new PhaseRecorder(options.budgets(), clock, listener);
        Interruption interruption = new Interruption();
        Thread onInterrupt = interruption.install(() -> release(run, false));
        DrillException failure = null;
        try {
            interruption.checkpoint();
            recorder.run(Phase.PLAN, context -> plan(run, context));
            if (options.existingBackup()) {
                interruption.checkpoint();
                recorder.run(Phase.DOWNLOAD, context -> run.existing.download(context));
                interruption.checkpoint();
                recorder.run(Phase.DECRYPT, context -> run.existing.decrypt(context));
                interruption.checkpoint();
                recorder.run(Phase.RESTORE, context -> restoreExisting(run, context));
            } else {
                interruption.checkpoint();
                recorder.run(Phase.SNAPSHOT, context -> snapshot(run, context));
                interruption.checkpoint();
                recorder.run(Phase.COPY, context -> copy(run, context));
                interruption.checkpoint();
                recorder.run(Phase.RESTORE, context -> restore(run, context));
            }
            interruption.checkpoint();
            recorder.run(Phase.VERIFY, context -> verify(run, context));
        } catch (DrillException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new UnexpectedFailureException("Unexpected error in Restore Drill itself: " + e
                    + " (please report it; the report says in which phase).", e);
        } finally {
            if (failure != null) {
                recorder.notRunAfterFailure(options.existingBackup() ? EXISTING_BACKUP_PHASES : PHASES);
            }
            interruption.cleaning();
            cleanup(run, recorder, options.keep() && !interruption.requested());
            interruption.cleaned();
            Interruption.uninstall(onInterrupt);
        }
        if (interruption.requested()) {
            throw Interruption.interrupted();
        }
        if (failure != null && failure.category() == DrillException.Category.CONFIGURATION) {
            throw failure;
        }
        return recorder.call(Phase.PUBLISH, context -> publish(run, recorder, context));
    }

    // ---- Plan ----------------------------------------------------------------------------------

    private void plan(Run run, PhaseContext context) {
        OsUser.requireReachableByServerUser(run.workspace.restoreData());
        requireWritableDirectoryOrAbsent(options.outDir(), "--out");
        options.textfileDir().ifPresent(MetricsTextfile::requireWritable);
        options.copyTo().filter(copyTo -> !copyTo.startsWith("s3://"))
                .ifPresent(copyTo -> requireWritableDirectoryOrAbsent(Path.of(copyTo), "--copy-to"));
        if (options.encrypted() && options.identity().isEmpty()) {
            throw new InvalidInputException("--encrypt-to needs --identity FILE (the matching age identity) "
                    + "so the drill can decrypt the dump to restore it.");
        }
        options.identity().ifPresent(identity -> {
            if (!Files.isReadable(identity)) {
                throw new InvalidInputException("--identity " + identity + " is not a readable file.");
            }
        });
        if (options.encrypted()) {
            AgeEncryption.requireIdentityOpens(options.encryptTo(), options.identity().orElseThrow());
        }
        if (!options.existingBackup()) {
            run.location = RecoveryLocation.parse(options.copyTo().orElse(run.workspace.recovery().toString()),
                    options.recoveryRegion().orElse(null));
        }
        DrillLog log = new DrillLog(options.outDir());
        LogVerification verification = log.verify();
        if (!verification.ok()) {
            throw new InvalidInputException("The drill log in " + options.outDir() + " fails verification ("
                    + verification.problems().get(0).message() + "); a drill will not extend a broken chain: run "
                    + "'drill log verify --dir " + options.outDir() + "' and investigate, or pass another --out.");
        }
        if (options.existingBackup()) {
            run.existing = ExistingBackup.plan(options, run.workspace, context);
            run.binaries = PgBinaries.find(options.pgBin(), 0);
            run.sourceName = DrillIds.sourceName(options.sourceName().orElse(run.existing.name()));
            run.database = run.existing.expectedDatabase();
            run.previous = previousDrill(log, run.sourceName);
            context.detail(run.existing.describe() + "; tools " + run.binaries.version() + " in " + run.binaries.dir()
                    + (run.previous == null ? "; first drill of this backup" : "; comparing with drill " + run.previous.drillId())
                    + ".");
            return;
        }
        if (options.demo()) {
            run.binaries = PgBinaries.find(options.pgBin(), 0);
            listener.note("Preparing the demo source: a generated shop database (5 tables, 298,000 rows)…");
            ThrowawayCluster demo = run.workspace.track(
                    DemoSource.start(run.binaries, run.workspace.sourceData(), context.deadline()));
            run.source = DemoSource.database(demo);
            run.sourceName = options.sourceName().map(DrillIds::sourceName).orElse(DemoSource.NAME);
        } else {
            run.source = options.source().orElseThrow();
            run.sourceName = DrillIds.sourceName(options.sourceName().orElse(run.source.database()));
        }
        run.database = run.source.database();
        int major;
        try (Connection connection = run.source.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT current_setting('server_version'), "
                     + "current_setting('server_version_num')::int / 10000")) {
            rows.next();
            run.serverVersion = rows.getString(1);
            major = rows.getInt(2);
        } catch (SQLException e) {
            throw new InvalidInputException("Cannot read the source's server version: " + e.getMessage() + ".");
        }
        if (!options.demo()) {
            run.binaries = PgBinaries.find(options.pgBin(), major);
        }
        run.previous = previousDrill(log, run.sourceName);
        context.detail("Source " + run.sourceName + " (PostgreSQL " + run.serverVersion + "), tools "
                + run.binaries.version() + " in " + run.binaries.dir()
                + (run.previous == null ? "; first drill of this source" : "; comparing with drill " + run.previous.drillId())
                + ".");
    }

    private static void requireWritableDirectoryOrAbsent(Path dir, String option) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException(option + " " + dir + " is a file, not a directory; name a directory.");
        }
        if (Files.isDirectory(dir) && !Files.isWritable(dir)) {
            throw new InvalidInputException(option + " " + dir + " is not writable; name a directory you can write to.");
        }
        if (!Files.exists(dir)) {
            requireCreatable(dir.toAbsolutePath(), option);
        }
    }

    /** Creates the missing directories as a probe and removes them again: a plan leaves nothing behind. */
    private static void requireCreatable(Path dir, String option) {
        Path firstMissing = dir;
        while (firstMissing.getParent() != null && !Files.exists(firstMissing.getParent())) {
            firstMissing = firstMissing.getParent();
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InvalidInputException(option + " " + dir + " cannot be created (" + IoReason.of(e)
                    + "); name a directory you can write to.");
        } finally {
            for (Path created = dir; created != null && created.startsWith(firstMissing); created = created.getParent()) {
                try {
                    Files.deleteIfExists(created);
                } catch (IOException e) {
                    break;
                }
            }
        }
    }

    private static PreviousDrill previousDrill(DrillLog log, String sourceName) {
        Optional<DrillLogEntry> entry = log.latest(sourceName, true);
        if (entry.isEmpty()) {
            return null;
        }
        Path report = log.reportPath(entry.get());
        if (!Files.isReadable(report)) {
            return null;
        }
        DrillReport previous = ReportJson.read(report);
        if (previous.verification() == null || previous.verification().inventory() == null) {
            return null;
        }
        return PreviousDrill.of(previous.drillId(), previous.verification());
    }

    // ---- Snapshot ------------------------------------------------------------------------------

    private void snapshot(Run run, PhaseContext context) {
        Path dump = run.workspace.dump();
        boolean exact = options.compareSource() || options.demo();
        try (ExportedSnapshot snapshot = ExportedSnapshot.open(run.source)) {
            run.snapshotTakenAt = clock.instant();
            SourceCatalog.Reading catalog = SourceCatalog.read(snapshot.connection(), () -> snapshot.join(run.source));
            PgDump.run(run.binaries, run.source, dump, options.jobs(), snapshot.id(), context.deadline());
            // Sequence values are not transactional: read inside the snapshot, they are those of now, after the dump.
            run.sourceCatalog = catalog.afterDump(snapshot.connection());
            SourceRoles.read(snapshot.connection()).write(dump);
            if (exact) {
                run.sourceInventory = InventoryScanner.scan(() -> snapshot.join(run.source),
                        options.suite().parallelism(), options.suite().checkTimeout());
            }
        } catch (SQLException e) {
            throw new SnapshotFailedException(
                    "Cannot read the source inside the dump's snapshot: " + e.getMessage() + ".", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotFailedException("Interrupted while taking the snapshot.", e);
        }
        Path outgoing = dump;
        if (options.encrypted()) {
            outgoing = run.workspace.encrypted();
            AgeEncryption.encryptDirectory(dump, outgoing, options.encryptTo());
            deleteQuietly(dump);
        }
        run.manifest = Manifest.create(outgoing);
        run.manifest.write(outgoing);
        context.detail("pg_dump --format=directory --jobs=" + options.jobs() + ": " + run.manifest.files() + " files, "
                + Bytes.format(run.manifest.totalBytes())
                + (options.encrypted() ? ", encrypted to " + options.encryptTo().size() + " age recipient(s)" : "")
                + "; source catalog" + (run.sourceInventory == null ? "" : " and inventory") + " read in the same snapshot.");
    }

    // ---- Copy ----------------------------------------------------------------------------------

    private void copy(Run run, PhaseContext context) {
        Path outgoing = options.encrypted() ? run.workspace.encrypted() : run.workspace.dump();
        run.location.put(outgoing, run.drillId);
        run.copied = true;
        deleteQuietly(outgoing);
        context.detail("Copied " + (run.manifest.files() + 1) + " files to " + run.location.uri(run.drillId) + ".");
    }

    // ---- Restore -------------------------------------------------------------------------------

    private void restore(Run run, PhaseContext context) {
        Path fetched = run.workspace.fetched();
        run.location.get(run.drillId, fetched);
        Manifest.read(fetched).verify(fetched);
        Path dump = fetched;
        if (options.encrypted()) {
            dump = run.workspace.decrypted();
            AgeEncryption.decryptDirectory(fetched, dump, options.identity().orElseThrow());
        }
        run.restored = run.workspace.track(
                ThrowawayCluster.start(run.binaries, run.workspace.restoreData(), context.deadline()));
        RestoreList list = RestoreList.prepare(run.restored, dump, run.workspace.restoreList(), context.deadline());
        requireDatabase(list.database(), run.database);
        // The roles are created even under --no-owner: a row-level security policy names its roles, with or without
        // owners, and cannot be restored without them.
        SourceRoles roles = SourceRoles.readFrom(dump);
        if (roles != null) {
            roles.createIn(run.restored);
        }
        run.ownershipRestored = roles != null && !options.noOwner();
        if (run.database.equals("postgres")) {
            run.sourceCatalog = run.sourceCatalog.withoutDatabaseProperties();
        }
        if (list.materializedViewsNotRefreshed() > 0) {
            run.sourceCatalog = run.sourceCatalog.withMaterializedViewsUnpopulated();
        }
        PgRestore.run(run.restored, run.database, dump, list, options.jobs(), run.ownershipRestored,
                context.deadline());
        deleteQuietly(fetched);
        deleteQuietly(run.workspace.decrypted());
        context.detail("Checksums verified; pg_restore --jobs=" + options.jobs() + " into a new PostgreSQL "
                + run.binaries.version() + " cluster on 127.0.0.1:" + run.restored.port()
                + (run.ownershipRestored ? " with the source's " + roles.roles().size()
                        + (roles.roles().size() == 1 ? " role" : " roles") + ", owners and privileges"
                        : ", without owners and privileges (--no-owner)") + list.summary() + ".");
    }

    private static void requireDatabase(String dumped, String expected) {
        if (dumped != null && expected != null && !dumped.equals(expected)) {
            throw new RestoreFailedException("The backup is of database " + dumped + ", not " + expected
                    + ": the wrong database was backed up, or its backup was mixed up with another's.");
        }
    }

    /** Restores an existing backup: pg_restore for an archive, psql for a plain SQL dump. */
    private void restoreExisting(Run run, PhaseContext context) {
        ExistingBackup existing = run.existing;
        ExistingBackup.Contents contents = existing.contents(run.binaries, context.deadline());
        run.serverVersion = contents.dumpedFrom();
        Optional<BackupManifest> manifest = existing.manifest();
        if (manifest.isPresent()) {
            requireDatabase(contents.database(), manifest.get().database());
            run.serverVersion = manifest.get().serverVersion();
            run.sourceInventory = manifest.get().inventory();
            run.sourceCatalog = manifest.get().catalog();
        }
        if (contents.dumpedFromMajor() > 0 && contents.dumpedFromMajor() != run.binaries.major()) {
            run.binaries = PgBinaries.find(options.pgBin(), contents.dumpedFromMajor());
        }
        requireDatabase(contents.database(), run.database);
        if (run.database == null) {
            run.database = contents.database() != null ? contents.database() : existing.name();
        }
        run.restored = run.workspace.track(
                ThrowawayCluster.start(run.binaries, run.workspace.restoreData(), context.deadline()));
        SourceRoles roles = contents.roles();
        roles.createIn(run.restored);
        String how;
        if (run.sourceCatalog != null && run.database.equals("postgres")) {
            run.sourceCatalog = run.sourceCatalog.withoutDatabaseProperties();
        }
        if (run.sourceCatalog != null && contents.list() != null && contents.list().materializedViewsNotRefreshed() > 0) {
            run.sourceCatalog = run.sourceCatalog.withMaterializedViewsUnpopulated();
        }
        if (contents.list() != null) {
            int jobs = existing.format().parallel() ? options.jobs() : 1;
            run.ownershipRestored = !options.noOwner();
            PgRestore.run(run.restored, run.database, existing.dump(), contents.list(), jobs, run.ownershipRestored,
                    context.deadline());
            how = "pg_restore --jobs=" + jobs + contents.list().summary();
        } else {
            run.ownershipRestored = true;
            PlainRestore.run(run.restored, run.database, existing.dump(), contents.createsDatabase(), context.deadline());
            how = "psql (plain SQL)";
        }
        existing.releasePlaintext();
        context.detail(how + " into a new PostgreSQL " + run.binaries.version() + " cluster on 127.0.0.1:"
                + run.restored.port() + ", database " + run.database
                + (run.ownershipRestored ? " with the " + roles.roles().size() + " role(s) the dump names, owners and privileges"
                        : ", without owners and privileges (--no-owner)") + ".");
    }

    // ---- Verify --------------------------------------------------------------------------------

    private void verify(Run run, PhaseContext context) {
        VerificationSuite suite = options.suite();
        String database = run.database;
        VerificationRunner runner = new VerificationRunner(() -> run.restored.connect(database), suite);
        run.verification = runner.run(
                new VerificationRequest(run.startedAt, run.previous, run.sourceInventory, true, context.deadline(),
                        run.serverVersion, run.sourceCatalog, run.ownershipRestored));
        if (!suite.programs().isEmpty()) {
            Map<String, String> copy = new HashMap<>(run.restored.clientEnvironment());
            copy.put("PGDATABASE", database);
            run.verification = run.verification.withChecks(ProgramChecks.run(suite.programs(), copy, context.deadline()));
        }
        long failed = run.verification.failures().size();
        String summary = run.verification.checks().size() + " checks, " + failed + " failed; "
                + run.verification.inventory().tables().size() + " tables, " + run.verification.inventory().totalRows() + " rows";
        if (failed > 0) {
            throw new VerificationFailedException(Verdicts.failureReason(List.of(), run.verification, null,
                    options.budgets()).orElse(summary));
        }
        context.detail(summary + ".");
    }

    // ---- Cleanup -------------------------------------------------------------------------------

    /**
     * Stops and removes everything the drill started. With {@code keep}, the restored cluster (if
     * it is up) stays, and how to reach and stop it is said at once, before anything else can fail.
     */
    private void cleanup(Run run, PhaseRecorder recorder, boolean keep) {
        boolean keepRestored = keep && run.restored != null && run.restored.running();
        try {
            recorder.run(Phase.CLEANUP, context -> {
                release(run, keepRestored);
                if (!run.leftovers.isEmpty()) {
                    throw new EnvironmentException(
                            "Cleanup could not remove: " + String.join("; ", run.leftovers) + ".");
                }
                context.detail((keepRestored
                        ? "Stopped the other clusters and removed the drill's files; the restored cluster keeps running (--keep)"
                        : "Stopped every cluster and removed the work directory")
                        + (options.retainCopy() && run.copied ? "; the copy stays at " + run.location.uri(run.drillId) : "") + ".");
            });
        } catch (RuntimeException e) {
            // Recorded as a failed Cleanup phase; the verdict and report say so.
        }
        if (keepRestored) {
            run.kept = KeptClusters.describe(run.restored, run.database, run.workspace.root());
            listener.note("The restored cluster keeps running (--keep).");
            listener.note("Connect: " + run.kept.connect());
            listener.note("Stop:    " + run.kept.stop());
        }
    }

    private void release(Run run, boolean keepRestored) {
        synchronized (run) {
            releaseOnce(run, keepRestored);
        }
    }

    private void releaseOnce(Run run, boolean keepRestored) {
        if (run.released) {
            return;
        }
        run.released = true;
        List<String> leftovers = new ArrayList<>(run.workspace.release(keepRestored ? run.restored : null));
        if (run.copied && run.location != null && !options.retainCopy()) {
            try {
                run.location.delete(run.drillId);
            } catch (RuntimeException e) {
                leftovers.add(run.location.uri(run.drillId) + " (" + e.getMessage() + ")");
            }
        }
        if (run.location != null) {
            run.location.close();
        }
        if (run.existing != null) {
            run.existing.close();
        }
        run.leftovers = leftovers;
    }

    // ---- Publish -------------------------------------------------------------------------------

    private DrillOutcome publish(Run run, PhaseRecorder recorder, PhaseContext context) {
        Duration rto = recorder.rto();
        List<PhaseResult> phases = recorder.results();
        Instant newest = run.verification == null ? null : run.verification.newestData();
        Instant takenAt = run.existing != null ? run.existing.takenAt() : run.snapshotTakenAt;
        Duration rpo = newest != null ? maxZero(Duration.between(newest, run.startedAt))
                : takenAt == null ? null : maxZero(Duration.between(takenAt, run.startedAt));
        Optional<String> reason = Verdicts.failureReason(phases, run.verification, rto, rpo, options.budgets());
        SnapshotInfo snapshot = run.existing != null ? run.existing.snapshotInfo()
                : run.manifest == null ? null : new SnapshotInfo(run.drillId, run.snapshotTakenAt, run.manifest.totalBytes(),
                        run.manifest.files(), run.manifest.sha256(), run.location == null ? null : run.location.uri(run.drillId),
                        options.encrypted());
        String url = run.source != null ? run.source.displayUrl() : run.existing != null ? run.existing.uri() : null;
        DrillReport report = new DrillReport(DrillReport.SCHEMA_VERSION, run.drillId, "postgres",
                new SourceInfo(run.sourceName, "postgres", url, run.serverVersion),
                options.operator(), run.startedAt, clock.instant(), snapshot,
                options.budgets(), phases, run.verification, rto, rpo,
                reason.isPresent() ? Verdict.FAILED : Verdict.PASSED, reason.orElse(null));
        ReportFiles files = ReportFiles.write(options.outDir(), report);
        DrillLog log = new DrillLog(options.outDir());
        log.append(report, files.json(), options.operator());
        options.textfileDir().ifPresent(dir -> MetricsTextfile.write(dir, report, log.latest(run.sourceName, true)));
        context.detail("Report and drill-log entry written to " + files.json().getParent()
                + options.textfileDir().map(dir -> ", metrics to " + MetricsTextfile.file(dir, run.sourceName)).orElse("") + ".");
        return new DrillOutcome(report, files, Optional.ofNullable(run.kept));
    }

    private static Duration maxZero(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    private static void deleteQuietly(Path dir) {
        try {
            WorkDirs.deleteRecursively(dir);
        } catch (IOException e) {
            // The workspace release removes whatever is left.
        }
    }
}
