package io.restoredrill.local.physical;

import io.restoredrill.core.error.BackupUnreadableException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One backup set of a pgBackRest repository, as {@code pgbackrest info} lists it.
 *
 * @param repo      the repository: a path or {@code s3://bucket/path}
 * @param config    the drill's own pgBackRest configuration for this repository (in its workspace)
 * @param archiveId the archive the set's WAL lies in ({@code 15-1})
 * @param bytes     the set's size in the repository
 */
public record PgBackRestSet(String repo, String stanza, String label, String type, Instant stoppedAt, String archiveId,
                            long bytes, Path config) {

    /** The PostgreSQL major version of the set's database, as its archive id ({@code 15-1}) says. */
    public int major() {
        try {
            return Integer.parseInt(archiveId.split("-")[0].split("\\.")[0]);
        } catch (NumberFormatException e) {
            throw new BackupUnreadableException("pgBackRest's archive id " + archiveId + " names no PostgreSQL version.");
        }
    }

    public String uri() {
        return "pgbackrest:" + stanza + "/" + label + "@" + repo;
    }
}
