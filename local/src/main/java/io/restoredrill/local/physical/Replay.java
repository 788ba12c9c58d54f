package io.restoredrill.local.physical;

import io.restoredrill.core.error.EnvironmentException;
import io.restoredrill.core.error.IoReason;
import io.restoredrill.core.error.RestoreFailedException;
import io.restoredrill.core.postgres.OsUser;
import io.restoredrill.core.postgres.PgBinaries;
import io.restoredrill.core.postgres.ProcessResult;
import io.restoredrill.core.postgres.ProcessRunner;
import io.restoredrill.core.postgres.ThrowawayCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The restored copy's first server lifetime: archive recovery until the target or the archive's end, then promotion;
 * then a standalone backend creates the drill's role. The role cannot be created before, because the catalog is the
 * source's and a server in recovery writes nothing; and no one can connect during replay, because the only role
 * {@code pg_hba.conf} admits does not exist yet and {@code hot_standby} is off.
 */
public final class Replay {

    /** postmaster.pid's line with the postmaster's state ({@code LOCK_FILE_LINE_PM_STATUS}): starting, standby, ready, stopping. */
    private static final int PID_FILE_STATUS_LINE = 8;

    private Replay() {
    }

    /** What the first lifetime left: the server log's lines of it, and whether the server came up (promoted). */
    public record Outcome(boolean promoted, boolean timedOut, ReplayLog log) {
    }

    /** @param track registers the replaying server with the drill's workspace, which stops it if the drill is interrupted */
    public static Outcome run(PgBinaries binaries, Path dataDir, Instant deadline, UnaryOperator<ThrowawayCluster> track) {
        ThrowawayCluster server = track.apply(ThrowawayCluster.attach(binaries, dataDir));
        try {
            return replay(binaries, dataDir, deadline);
        } finally {
            server.close();
        }
    }

    private static Outcome replay(PgBinaries binaries, Path dataDir, Instant deadline) {
        Path log = dataDir.resolve("server.log");
        long seconds = deadline == null ? 86_400 : Math.max(1, Duration.between(Instant.now(), deadline).toSeconds());
        ProcessResult started = OsUser.serverRunner().run(List.of(binaries.program("pg_ctl").toString(), "start",
                "-D", dataDir.toString(), "-l", log.toString(), "-w", "-t", Long.toString(seconds),
                "-o", "-p " + ThrowawayCluster.freeLoopbackPort()), Map.of(), deadline);
        boolean promoted = started.succeeded() && awaitPromotion(dataDir, deadline);
        ProcessResult stopped = OsUser.serverRunner().run(List.of(binaries.program("pg_ctl").toString(), "stop",
                "-D", dataDir.toString(), "-m", promoted ? "fast" : "immediate", "-w", "-t", "120"), Map.of(),
                Instant.now().plusSeconds(150));
        if (promoted && !stopped.succeeded()) {
            throw new RestoreFailedException("The restored copy replayed its WAL but did not shut down cleanly: "
                    + stopped.reason() + ".");
        }
        try {
            return new Outcome(promoted, started.timedOut() || deadline != null && !Instant.now().isBefore(deadline),
                    ReplayLog.parse(Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : ""));
        } catch (IOException e) {
            throw new EnvironmentException("Cannot read the restored copy's server log " + log + " (" + IoReason.of(e) + ").", e);
        }
    }

    /**
     * pg_ctl's wait ends when recovery begins (the postmaster then reports "standby", hot standby or not), so the
     * end of replay is awaited here: the postmaster reports "ready" once it promoted, and is gone if recovery failed.
     */
    private static boolean awaitPromotion(Path dataDir, Instant deadline) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        while (deadline == null || Instant.now().isBefore(deadline)) {
            List<String> lines;
            try {
                lines = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
            } catch (IOException e) {
                lines = List.of();
            }
            if (lines.isEmpty() || !postmasterAlive(lines.get(0))) {
                return false;
            }
            if (lines.size() >= PID_FILE_STATUS_LINE && lines.get(PID_FILE_STATUS_LINE - 1).strip().equals("ready")) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static boolean postmasterAlive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid.strip())).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Creates {@code role}, a superuser logging in with {@code password}, through a standalone backend, which runs
     * as the bootstrap superuser whatever roles the source had. The statement goes through a file only the server
     * user reads, removed at once.
     */
    public static void createRole(PgBinaries binaries, Path dataDir, Path scratch, String role, String password,
                                  Instant deadline) {
        Path sql = scratch.resolve("create-role.sql");
        if (Files.exists(dataDir.resolve("recovery.signal"))) {
            throw new RestoreFailedException("The restored copy is still in recovery; the drill's role cannot be created.");
        }
        try {
            OsUser.writePrivateFile(sql, "CREATE ROLE \"" + role + "\" SUPERUSER LOGIN PASSWORD '" + password + "';\n");
            ProcessResult result = OsUser.serverRunner().run(List.of("sh", "-c",
                    "exec \"$0\" --single -D \"$1\" postgres < \"$2\"", binaries.program("postgres").toString(),
                    dataDir.toString(), sql.toString()), Map.of(), deadline);
            if (!result.succeeded() || result.output().contains("ERROR:")) {
                throw new RestoreFailedException("Cannot create the drill's role in the restored copy: "
                        + (result.output().contains("ERROR:") ? lineWith(result.output(), "ERROR:") : result.reason()) + ".");
            }
        } catch (IOException e) {
            throw new EnvironmentException("Cannot write " + sql + " (" + IoReason.of(e) + ").", e);
        } finally {
            try {
                Files.deleteIfExists(sql);
            } catch (IOException e) {
                // The workspace goes with Cleanup.
            }
        }
    }

    /** Hands the unpacked data directory to the server user, private as PostgreSQL requires. */
    public static void giveToServer(Path dataDir, Instant deadline) {
        try {
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new EnvironmentException("Cannot make " + dataDir + " private (" + IoReason.of(e) + ").", e);
        }
        if (OsUser.isRoot()) {
            ProcessResult result = ProcessRunner.asCurrentUser().run(List.of("chown", "-R", OsUser.POSTGRES + ":",
                    dataDir.toString()), Map.of(), deadline);
            if (!result.succeeded()) {
                throw new EnvironmentException("Cannot give " + dataDir + " to the " + OsUser.POSTGRES + " user: "
                        + result.reason() + ".");
            }
        }
    }

    private static String lineWith(String output, String marker) {
        return output.lines().filter(l -> l.contains(marker)).findFirst().orElse("").strip();
    }
}
