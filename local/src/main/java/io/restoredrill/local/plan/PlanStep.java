package io.restoredrill.local.plan;

import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.IoReason;
import io.restoredrill.core.error.ToolMissingException;
import io.restoredrill.local.log.DrillLog;
import io.restoredrill.local.log.DrillLogEntry;
import io.restoredrill.local.log.LogVerification;
import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.postgres.OsUser;
import io.restoredrill.core.postgres.PgBinaries;
import io.restoredrill.core.postgres.ProcessResult;
import io.restoredrill.core.postgres.ThrowawayCluster;
import io.restoredrill.core.report.ReportJson;
import io.restoredrill.core.run.DrillIds;
import io.restoredrill.core.run.PhaseContext;
import io.restoredrill.core.run.ProgressListener;
import io.restoredrill.core.verify.PreviousDrill;
import io.restoredrill.local.LocalDrillOptions;
import io.restoredrill.local.copy.RecoveryLocation;
import io.restoredrill.local.crypto.AgeEncryption;
import io.restoredrill.local.existing.ExistingBackup;
import io.restoredrill.local.existing.ExistingBackupOptions;
import io.restoredrill.local.physical.BaseBackup;
import io.restoredrill.local.physical.PgBackRest;
import io.restoredrill.local.physical.PgBackRestSet;
import io.restoredrill.local.physical.PhysicalBackup;
import io.restoredrill.local.physical.PhysicalOptions;
import io.restoredrill.local.postgres.SourceDatabase;
import io.restoredrill.local.publish.MetricsTextfile;
import io.restoredrill.local.state.LocalDrillState;
import io.restoredrill.local.state.Planned;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plan: checks everything the drill needs before it touches anything (output and copy directories, keys, the drill
 * log's chain, the backup or the source and its server version), finds PostgreSQL programs of the source's major
 * version or newer, and reads the previous drill to compare with. A plan that fails leaves nothing behind.
 */
public final class PlanStep {

    private final LocalDrillOptions options;
    private final ProgressListener listener;

    public PlanStep(LocalDrillOptions options, ProgressListener listener) {
        this.options = options;
        this.listener = listener;
    }

    public LocalDrillState plan(LocalDrillState state, PhaseContext context) {
        OsUser.requireReachableByServerUser(state.workspace().restoreData(), LocalDrillOptions.WORK_DIR);
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
        if (options.physicalBackup()) {
            return state.withPlan(planPhysical(state, verifiedLog(), context));
        }
        if (options.existingBackup()) {
            options.from().orElseThrow().physical().targetTime().ifPresent(time -> {
                throw new InvalidInputException("--target-time applies to physical backups (pg_basebackup, pgBackRest);"
                        + " " + options.from().orElseThrow().location() + " is not one: a dump holds one point in time.");
            });
            options.from().orElseThrow().physical().walArchive().ifPresent(dir -> {
                throw new InvalidInputException("--wal-archive applies to a pg_basebackup backup; "
                        + options.from().orElseThrow().location() + " is not one (no base.tar there).");
            });
            DrillLog log = verifiedLog();
            return state.withPlan(planExisting(log, context));
        }
        RecoveryLocation location = RecoveryLocation.parse(
                options.copyTo().orElse(state.workspace().recovery().toString()), options.recoveryRegion().orElse(null));
        try {
            return state.withPlan(planSource(state, verifiedLog(), location, context));
        } catch (RuntimeException e) {
            location.close();
            throw e;
        }
    }

    /** The drill log in the output directory, once its chain verifies: a drill never extends a broken one. */
    private DrillLog verifiedLog() {
        DrillLog log = new DrillLog(options.outDir());
        LogVerification verification = log.verify();
        if (!verification.ok()) {
            throw new InvalidInputException("The drill log in " + options.outDir() + " fails verification ("
                    + verification.problems().get(0).message() + "); a drill will not extend a broken chain: run "
                    + "'drill log verify --dir " + options.outDir() + "' and investigate, or pass another --out.");
        }
        return log;
    }

    private Planned planExisting(DrillLog log, PhaseContext context) {
        ExistingBackup existing = ExistingBackup.choose(options.from().orElseThrow(), options.identity());
        try {
            PgBinaries binaries = PgBinaries.find(options.pgBin(), LocalDrillOptions.PG_BIN, 0);
            String sourceName = DrillIds.sourceName(options.sourceName().orElse(existing.name()));
            PreviousDrill previous = previousDrill(log, sourceName);
            context.detail(existing.describe() + "; tools " + binaries.version() + " in " + binaries.dir()
                    + (previous == null ? "; first drill of this backup" : "; comparing with drill " + previous.drillId())
                    + ".");
            return new Planned(sourceName, existing.expectedDatabase(), null, binaries, null, existing, null, previous);
        } catch (RuntimeException e) {
            existing.close();
            throw e;
        }
    }

    /**
     * A physical backup: the base backup or pgBackRest set to recover, PostgreSQL programs of exactly its major
     * version, and a target time no later than now (PostgreSQL could never reach a time after the drill began).
     */
    private Planned planPhysical(LocalDrillState state, DrillLog log, PhaseContext context) {
        ExistingBackupOptions from = options.from().orElseThrow();
        PhysicalOptions physical = from.physical();
        physical.targetTime().ifPresent(time -> {
            if (time.isAfter(state.startedAt())) {
                throw new InvalidInputException("--target-time " + time + " is after the drill's start ("
                        + state.startedAt() + "); no archive can hold it yet.");
            }
        });
        physical.walArchive().ifPresent(dir -> requireReadableByServer(dir, "--wal-archive"));
        PhysicalBackup backup;
        if (physical.pgBackRest()) {
            PgBackRest tool = PgBackRest.configure(from.location(), physical.stanza().orElseThrow(),
                    physical.pgbackrestConfig(), state.workspace().root().resolve("pgbackrest"));
            PgBackRestSet set = tool.choose(from.location(), from.backup(), physical.targetTime(), context.deadline());
            backup = new PhysicalBackup(null, set, physical, set.major());
        } else {
            BaseBackup base = BaseBackup.choose(Path.of(from.location()), from.backup(), physical.targetTime());
            backup = new PhysicalBackup(base, null, physical, base.major(context.deadline()));
        }
        PgBinaries binaries = PgBinaries.find(options.pgBin(), LocalDrillOptions.PG_BIN, backup.major());
        if (binaries.major() != backup.major()) {
            throw new ToolMissingException("Backup " + backup.name() + " is of PostgreSQL " + backup.major() + ", and a"
                    + " physical copy runs only on that major version; the PostgreSQL found is " + binaries.version()
                    + ". Install PostgreSQL " + backup.major() + " or name its bin directory with " + LocalDrillOptions.PG_BIN + ".");
        }
        String sourceName = DrillIds.sourceName(options.sourceName().orElse(from.database().orElse(backup.name())));
        PreviousDrill previous = previousDrill(log, sourceName);
        context.detail(backup.describe() + "; tools " + binaries.version() + " in " + binaries.dir()
                + (previous == null ? "; first drill of this backup" : "; comparing with drill " + previous.drillId()) + ".");
        return new Planned(sourceName, from.database().orElse(null), null, binaries, null, null, null, previous, backup);
    }

    /** The server user replays WAL from the directory, so it must be able to read it. */
    private static void requireReadableByServer(Path dir, String option) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(option + " " + dir + " is not a directory.");
        }
        OsUser.requireReachableByServerUser(dir.resolve("x"), option);
        ProcessResult readable = OsUser.serverRunner().run(List.of("test", "-r", dir.toString(), "-a", "-x", dir.toString()),
                Map.of(), java.time.Instant.now().plusSeconds(30));
        if (!readable.succeeded()) {
            throw new InvalidInputException(option + " " + dir + " cannot be read by the '" + OsUser.POSTGRES + "' user,"
                    + " which replays the WAL; let it read the directory (as PostgreSQL's archive_command wrote it).");
        }
    }

    private Planned planSource(LocalDrillState state, DrillLog log, RecoveryLocation location, PhaseContext context) {
        PgBinaries binaries = null;
        SourceDatabase source;
        String sourceName;
        if (options.demo()) {
            binaries = PgBinaries.find(options.pgBin(), LocalDrillOptions.PG_BIN, 0);
            listener.note("Preparing the demo source: a generated shop database (5 tables, 298,000 rows)…");
            ThrowawayCluster demo = state.workspace().track(
                    DemoSource.start(binaries, state.workspace().sourceData(), context.deadline()));
            source = DemoSource.database(demo);
            sourceName = options.sourceName().map(DrillIds::sourceName).orElse(DemoSource.NAME);
        } else {
            source = options.source().orElseThrow();
            sourceName = DrillIds.sourceName(options.sourceName().orElse(source.database()));
        }
        SourceDatabase.ServerVersion version = source.serverVersion();
        String serverVersion = version.version();
        if (binaries == null) {
            binaries = PgBinaries.find(options.pgBin(), LocalDrillOptions.PG_BIN, version.major());
        }
        PreviousDrill previous = previousDrill(log, sourceName);
        context.detail("Source " + sourceName + " (PostgreSQL " + serverVersion + "), tools " + binaries.version() + " in "
                + binaries.dir() + (previous == null ? "; first drill of this source" : "; comparing with drill "
                        + previous.drillId()) + ".");
        return new Planned(sourceName, source.database(), serverVersion, binaries, source, null, location, previous);
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
}
