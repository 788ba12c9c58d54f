package io.restoredrill.local;

import io.restoredrill.core.error.SnapshotFailedException;
import io.restoredrill.core.postgres.PgBinaries;
import io.restoredrill.core.postgres.ProcessResult;
import io.restoredrill.core.postgres.ProcessRunner;
import io.restoredrill.core.verify.SourceCatalog;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code pg_dump} in directory format with parallel jobs: the local engine's snapshot. */
final class PgDump {

    private PgDump() {
    }

    /**
     * Dumps the source into {@code target} (which must not exist).
     *
     * @param snapshotId an exported snapshot to dump exactly, or {@code null}
     */
    static void run(PgBinaries binaries, SourceDatabase source, Path target, int jobs, String snapshotId, Instant deadline) {
        List<String> command = new ArrayList<>(List.of(binaries.program("pg_dump").toString(),
                "--format=directory", "--jobs=" + jobs, "--file=" + target, "--no-password"));
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
