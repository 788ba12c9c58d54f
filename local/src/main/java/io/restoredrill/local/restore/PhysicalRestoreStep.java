package io.restoredrill.local.restore;

import io.restoredrill.core.error.BackupLabelMissingException;
import io.restoredrill.core.error.BackupUnreadableException;
import io.restoredrill.core.error.EnvironmentException;
import io.restoredrill.core.error.IoReason;
import io.restoredrill.core.error.RestoreFailedException;
import io.restoredrill.core.error.TargetTimeBeyondArchiveException;
import io.restoredrill.core.error.WalArchiveGapException;
import io.restoredrill.core.model.RestorePoint;
import io.restoredrill.core.postgres.OsUser;
import io.restoredrill.core.postgres.Passwords;
import io.restoredrill.core.postgres.PgBinaries;
import io.restoredrill.core.postgres.ProcessResult;
import io.restoredrill.core.postgres.ThrowawayCluster;
import io.restoredrill.core.run.PhaseContext;
import io.restoredrill.local.physical.BackupLabel;
import io.restoredrill.local.physical.ControlData;
import io.restoredrill.local.physical.PgBackRest;
import io.restoredrill.local.physical.PhysicalBackup;
import io.restoredrill.local.physical.RecoveryConfig;
import io.restoredrill.local.physical.Replay;
import io.restoredrill.local.physical.ReplayLog;
import io.restoredrill.local.physical.WalArchive;
import io.restoredrill.local.physical.WalSegment;
import io.restoredrill.local.state.Expected;
import io.restoredrill.local.state.LocalDrillState;
import io.restoredrill.local.state.Restored;
import io.restoredrill.local.state.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Restore of a physical backup (pg_basebackup, pgBackRest) to a point in time: lays the backup out in the
 * workspace, refuses it without its backup_label or with a gap in its WAL, configures a copy that reaches nothing,
 * replays WAL to the target time or the archive's end and promotes, then starts the copy for Verify. The restore
 * point the copy reached, and how it was found, go into the report.
 */
public final class PhysicalRestoreStep {

    public LocalDrillState restore(LocalDrillState state, PhaseContext context) {
        Workspace workspace = state.workspace();
        PhysicalBackup backup = state.plan().physical();
        PgBinaries binaries = state.plan().binaries();
        Path data = workspace.restoreData();
        Instant deadline = context.deadline();
        Optional<PgBackRest> pgBackRest = layOut(backup, data, deadline);
        BackupLabel label = label(data, backup);
        if (backup.base() != null) {
            backup.base().manifest().ifPresent(manifest -> verifyManifest(binaries, manifest, data, workspace, deadline));
        }
        ControlData control = ControlData.read(binaries, data, deadline);
        WalArchive.Analysis wal = analyse(backup, pgBackRest, label, control, data, workspace, deadline);
        // Named after the drill: unlike the "drill" of clusters the drill creates, no source role can have this name.
        String role = "restore_drill_" + state.drillId().toLowerCase(Locale.ROOT).replaceAll("[^0-9a-z]", "_");
        String password = Passwords.generate();
        Path script = workspace.root().resolve("restore-wal");
        Path journal = workspace.root().resolve("restore-wal.log");
        RecoveryConfig.writeRestoreCommand(script, journal, pgBackRest
                .map(tool -> RecoveryConfig.commandFetch(tool.archiveGetCommand(data)))
                .orElseGet(() -> RecoveryConfig.directoryFetch(backup.options().walArchive())));
        List<String> moved = RecoveryConfig.write(data, workspace.privateDir().resolve("source-config"), role,
                control.replaySettings(), script, backup.options().targetTime());
        Replay.Outcome outcome = Replay.run(binaries, data, deadline, workspace::track);
        List<String> requests = readJournal(journal);
        if (!outcome.promoted()) {
            throw replayFailure(outcome, requests, backup);
        }
        Replay.createRole(binaries, data, workspace.root(), role, password, deadline);
        ThrowawayCluster cluster = workspace.track(ThrowawayCluster.adopt(binaries, data, role, password, deadline));
        String database = database(cluster, state.plan().database());
        RestorePoint point = restorePoint(backup, outcome.log(), requests, wal);
        context.detail("Replayed " + fetched(requests) + " archived WAL segments of " + backup.name() + " to the "
                + point.describe() + (point.restoredTo() == null ? "" : ", newest commit " + point.restoredTo())
                + (point.lsn() == null ? "" : ", LSN " + point.lsn()) + ", into a PostgreSQL " + binaries.version()
                + " copy on 127.0.0.1:" + cluster.port() + " that archives nothing and follows no primary"
                + (moved.isEmpty() ? "" : "; the source's " + String.join(", ", moved) + " set aside") + "; verifying "
                + database + ".");
        Expected expected = new Expected(database, Integer.toString(backup.major()),
                point.restoredTo() != null ? point.restoredTo() : backup.takenAt(), null, null);
        return state.withExpected(expected).withRestored(new Restored(cluster, database, binaries, true, point));
    }

    /**
     * Puts the backup's files into {@code data}, a directory of the drill's: unpacked or copied from the base backup,
     * or restored by pgBackRest from its repository (the tool is returned, for its WAL).
     */
    private static Optional<PgBackRest> layOut(PhysicalBackup backup, Path data, Instant deadline) {
        if (backup.base() != null) {
            if (!backup.base().tablespaces().isEmpty()) {
                throw new RestoreFailedException("The base backup holds tablespaces (" + backup.base().tablespaces()
                        .stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", "))
                        + "); drills of base backups with tablespaces are not supported yet.");
            }
            backup.base().unpack(data, deadline);
            Replay.giveToServer(data, deadline);
            return Optional.empty();
        }
        PgBackRest pgBackRest = PgBackRest.of(backup.set());
        createForServer(data);
        createForServer(data.resolveSibling("tablespaces"));
        pgBackRest.restore(backup.set(), data, deadline);
        return Optional.of(pgBackRest);
    }

    private static BackupLabel label(Path data, PhysicalBackup backup) {
        Path file = data.resolve("backup_label");
        if (!Files.isRegularFile(file)) {
            throw new BackupLabelMissingException("Backup " + backup.name() + " has no backup_label: without it"
                    + " PostgreSQL would replay from the wrong checkpoint and make a silently corrupt copy. Take the"
                    + " backup again with pg_basebackup (or pgbackrest backup) and keep every file it writes.");
        }
        try {
            return BackupLabel.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BackupUnreadableException("Cannot read backup " + backup.name() + "'s backup_label (" + IoReason.of(e) + ").");
        }
    }

    /** pg_verifybackup against the backup's manifest: every file present, none changed (the WAL is checked by replay). */
    private static void verifyManifest(PgBinaries binaries, Path manifest, Path data, Workspace workspace, Instant deadline) {
        Path copy = workspace.root().resolve("backup_manifest");
        try {
            Files.copy(manifest, copy);
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("r--------"));
            OsUser.giveToServerUser(copy);
        } catch (IOException e) {
            throw new BackupUnreadableException("Cannot read the backup's manifest " + manifest + " (" + IoReason.of(e) + ").");
        }
        ProcessResult result = OsUser.serverRunner().run(List.of(binaries.program("pg_verifybackup").toString(),
                "--no-parse-wal", "--quiet", "--manifest-path=" + copy, data.toString()), Map.of(), deadline);
        if (!result.succeeded()) {
            throw new BackupUnreadableException("The backup does not match its backup_manifest: "
                    + result.output().lines().filter(l -> l.contains("error:")).findFirst().orElse(result.reason()).strip() + ".");
        }
    }

    private static WalArchive.Analysis analyse(PhysicalBackup backup, Optional<PgBackRest> pgBackRest, BackupLabel label,
                                               ControlData control, Path data, Workspace workspace, Instant deadline) {
        Set<String> names = new HashSet<>(list(data.resolve("pg_wal")));
        Function<String, Optional<String>> histories;
        String where;
        if (pgBackRest.isPresent()) {
            names.addAll(pgBackRest.get().archiveNames(backup.set(), deadline));
            Path scratch = backup.set().config().getParent().resolve("spool");
            createForServer(scratch);
            histories = name -> pgBackRest.get().history(name, scratch, deadline);
            where = "stanza " + backup.set().stanza() + "'s archive " + backup.set().archiveId();
        } else {
            Optional<Path> archive = backup.options().walArchive();
            archive.ifPresent(dir -> names.addAll(list(dir)));
            histories = name -> read(archive.map(dir -> dir.resolve(name)).filter(Files::isRegularFile)
                    .orElse(data.resolve("pg_wal").resolve(name)));
            where = archive.map(dir -> "WAL archive " + dir + " and the backup's pg_wal").orElse("the backup's own pg_wal");
        }
        WalArchive.Analysis analysis = WalArchive.analyse(names, label, control.segmentBytes(), histories);
        if (analysis.hasGap()) {
            throw gap(analysis, where);
        }
        return analysis;
    }

    private static WalArchiveGapException gap(WalArchive.Analysis analysis, String where) {
        WalSegment missing = analysis.missing().get(0);
        String more = analysis.missing().size() > 1 ? " (and " + (analysis.missing().size() - 1) + " more)" : "";
        if (analysis.last().isEmpty()) {
            return new WalArchiveGapException("The WAL the backup needs to become consistent is missing: segment "
                    + missing.fileName() + " is in neither " + where + ". Give the archive it was written to with"
                    + " --wal-archive, or take the backup with 'pg_basebackup -X stream'.");
        }
        return new WalArchiveGapException("The WAL archive has a gap: segment " + missing.fileName() + more
                + " is missing from " + where + " before the newest archived segment " + analysis.last().get().fileName()
                + ". Replay would stop there in silence: no point in time after it can be restored.");
    }

    private static RuntimeException replayFailure(Replay.Outcome outcome, List<String> requests, PhysicalBackup backup) {
        ReplayLog log = outcome.log();
        Optional<String> unreadable = requests.stream().filter(r -> r.contains(" error")).findFirst();
        if (unreadable.isPresent()) {
            return new BackupUnreadableException("WAL segment " + unreadable.get().split(" ")[0] + " is in the archive"
                    + " but cannot be read or decompressed; recovery stopped there.");
        }
        if (log.endedBeforeTarget()) {
            Instant target = backup.options().targetTime().orElseThrow();
            return new TargetTimeBeyondArchiveException("The target time " + target + " is beyond the end of the WAL"
                    + " archive: its last transaction is at " + log.lastTransaction().map(Instant::toString)
                    .orElse("the backup's end, " + backup.takenAt()) + ", and recovery ended before reaching the target."
                    + " PostgreSQL reaches a time only by replaying a commit after it, so archive the WAL up to such a"
                    + " commit or choose an earlier --target-time.");
        }
        if (outcome.timedOut()) {
            return new RestoreFailedException("WAL replay did not finish within the Restore budget.");
        }
        String fatal = log.fatal().orElse("the server stopped without saying why");
        if (fatal.contains("requested recovery stop point is before consistent recovery point")) {
            return new RestoreFailedException("The target time " + backup.options().targetTime().orElse(null)
                    + " is before backup " + backup.name() + " became consistent; choose a later --target-time or an"
                    + " older backup.");
        }
        return new RestoreFailedException("PostgreSQL could not replay backup " + backup.name() + ": " + fatal + ".");
    }

    private static RestorePoint restorePoint(PhysicalBackup backup, ReplayLog log, List<String> requests,
                                             WalArchive.Analysis wal) {
        long fetched = fetched(requests);
        String lastFetched = requests.stream().filter(r -> r.endsWith(" found")).reduce((a, b) -> b)
                .map(r -> r.split(" ")[0]).orElse(null);
        Optional<Instant> target = backup.options().targetTime();
        StringBuilder how = new StringBuilder("WAL replay from the backup's start (segment " + wal.first().fileName()
                + ") with " + fetched + " segments from the archive" + (lastFetched == null ? "" : ", the last " + lastFetched));
        if (target.isPresent()) {
            how.append(log.stoppedBefore().map(time -> "; replay stopped before the first commit after the target, at "
                    + time).orElse("; replay reached the target"));
        } else {
            how.append("; replay ran to the end of the archive");
        }
        Instant restoredTo = log.lastTransaction().orElse(null);
        how.append(restoredTo != null
                ? ". The newest commit is PostgreSQL's 'last completed transaction' time; LSN and timeline from its log."
                : ". No transaction was replayed after the backup's start, so the data is as of the backup's end.");
        return new RestorePoint(target.isPresent() ? RestorePoint.Kind.TARGET_TIME : RestorePoint.Kind.END_OF_ARCHIVE,
                target.orElse(null), restoredTo != null ? restoredTo : backup.takenAt(),
                log.redoDoneAt().map(Object::toString).orElse(null), log.newTimeline().orElse(null), how.toString());
    }

    /** The database to verify: the one asked for, else the only one besides postgres and the templates. */
    private static String database(ThrowawayCluster cluster, String asked) {
        List<String> databases = new ArrayList<>();
        try (Connection connection = cluster.connect("postgres"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT datname FROM pg_database WHERE datallowconn"
                     + " AND NOT datistemplate ORDER BY datname")) {
            while (rows.next()) {
                databases.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new RestoreFailedException("The restored copy's databases cannot be listed: " + e.getMessage() + ".", e);
        }
        if (asked != null) {
            if (!databases.contains(asked)) {
                throw new RestoreFailedException("The backup holds no database " + asked + "; it holds "
                        + String.join(", ", databases) + ".");
            }
            return asked;
        }
        List<String> user = databases.stream().filter(d -> !d.equals("postgres")).toList();
        if (user.size() > 1) {
            throw new RestoreFailedException("The backup holds " + user.size() + " databases (" + String.join(", ", user)
                    + "); choose the one to verify with --database NAME.");
        }
        return user.isEmpty() ? "postgres" : user.get(0);
    }

    private static void createForServer(Path dir) {
        try {
            OsUser.createPrivateDirectory(dir);
        } catch (IOException e) {
            throw new EnvironmentException("Cannot create " + dir + " (" + IoReason.of(e) + ").", e);
        }
    }

    private static List<String> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new BackupUnreadableException("Cannot list " + dir + " (" + IoReason.of(e) + ").");
        }
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<String> readJournal(Path journal) {
        try {
            return Files.readAllLines(journal);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** How many distinct segments the restore_command fetched (recovery asks for some twice). */
    private static long fetched(List<String> requests) {
        return requests.stream().filter(r -> r.endsWith(" found")).map(r -> r.split(" ")[0]).distinct().count();
    }
}
