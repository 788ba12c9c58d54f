package io.restoredrill.local.postgres;

import io.restoredrill.core.error.RestoreFailedException;
import io.restoredrill.core.postgres.ProcessResult;
import io.restoredrill.core.postgres.ProcessRunner;
import io.restoredrill.core.postgres.ThrowawayCluster;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pg_restore} of a directory-format dump into a throwaway cluster, recreating the database
 * with its original encoding and locale, and with its owners and privileges when the source's roles
 * were created first. Tablespaces, publications and subscriptions are left out: the copy must not
 * depend on the source's storage, and must never connect anywhere.
 */
public final class PgRestore {

    private PgRestore() {
    }

    /**
     * Restores the dump of {@code database}. A dump of the {@code postgres} database goes into the
     * new cluster's own {@code postgres} database, which already exists; any other is recreated.
     */
    public static void run(ThrowawayCluster target, String database, Path dump, RestoreList list, int jobs, boolean withOwners,
                    Instant deadline) {
        List<String> command = new ArrayList<>(List.of(target.binaries().program("pg_restore").toString(),
                "--dbname=postgres", "--jobs=" + jobs, "--no-password",
                "--no-tablespaces", "--no-publications", "--no-subscriptions"));
        if (!withOwners) {
            command.addAll(List.of("--no-owner", "--no-privileges"));
        }
        if (!database.equals("postgres")) {
            command.add("--create");
        }
        command.add("--use-list=" + list.file());
        command.add(dump.toString());
        ProcessResult result = ProcessRunner.asCurrentUser().run(command, target.clientEnvironment(), deadline);
        if (result.timedOut()) {
            throw new RestoreFailedException("pg_restore was stopped at the Restore deadline before it finished.");
        }
        if (!result.succeeded()) {
            throw new RestoreFailedException("pg_restore failed: " + PgErrors.firstError(result) + ".");
        }
    }
}
