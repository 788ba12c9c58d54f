package io.restoredrill.local.postgres;

import io.restoredrill.core.error.SnapshotFailedException;
import io.restoredrill.core.postgres.PgBinaries;
import io.restoredrill.core.postgres.ProcessResult;
import io.restoredrill.core.postgres.ProcessRunner;
import io.restoredrill.core.verify.SourceCatalog;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pg_dump}: in directory format with parallel jobs for a drill's snapshot, in custom format (one file, as
 * teams keep their nightly backups) for {@code drill backup}.
 */
public final class PgDump {

    private PgDump() {
    }

    /**
     * Dumps the source into {@code target} (which must not exist).
     *
     * @param snapshotId an exported snapshot to dump exactly, or {@code null}
     */
    public static void run(PgBinaries binaries, SourceDatabase source, Path target, int jobs, String snapshotId, Instant deadline) {
        run(binaries, source, List.of("--format=directory", "--jobs=" + jobs), target, snapshotId, deadline);
    }

    /** Dumps the source in custom format into the file {@code target} (which must not exist), inside the snapshot. */
    public static void custom(PgBinaries binaries, SourceDatabase source, Path target, String snapshotId, Instant deadline) {
        run(binaries, source, List.of("--format=custom"), target, snapshotId, deadline);
    }

    private static void run(PgBinaries binaries, SourceDatabase source, List<String> format, Path target,
                            String snapshotId, Instant deadline) {
        List<String> command = new ArrayList<>(List.of(binaries.program("pg_dump").toString()));
        command.addAll(format);
        command.addAll(List.of("--file=" + target, "--no-password"));
        if (snapshotId != null) {
            command.add("--snapshot=" + snapshotId);
        }
        ProcessResult result = ProcessRunner.asCurrentUser().run(command, source.libpqEnvironment(), deadline);
        if (result.timedOut()) {
            throw new SnapshotFailedException("pg_dump was stopped at the Snapshot deadline before it finished.");
        }
        if (!result.succeeded()) {
            String error = PgErrors.firstError(result);
            String fix = error.contains("permission denied") ? "; " + SourceCatalog.READ_EVERYTHING : "";
            throw new SnapshotFailedException("pg_dump failed: " + error + fix + ".");
        }
    }
}
