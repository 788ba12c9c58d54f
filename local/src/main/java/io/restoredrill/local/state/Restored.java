package io.restoredrill.local.state;

import io.restoredrill.core.model.RestorePoint;
import io.restoredrill.core.postgres.PgBinaries;
import io.restoredrill.core.postgres.ThrowawayCluster;

/**
 * The restored copy.
 *
 * @param cluster           the throwaway loopback-only cluster it runs in
 * @param database          the restored database
 * @param binaries          the programs the cluster runs: those of the dump's major version for an existing backup
 * @param ownershipRestored whether owners and privileges were restored, and so are compared
 * @param restorePoint      the point in time a physical backup was recovered to; {@code null} for a dump, whose
 *                          point is its snapshot's time
 */
public record Restored(ThrowawayCluster cluster, String database, PgBinaries binaries, boolean ownershipRestored,
                       RestorePoint restorePoint) {

    /** A restored dump. */
    public Restored(ThrowawayCluster cluster, String database, PgBinaries binaries, boolean ownershipRestored) {
        this(cluster, database, binaries, ownershipRestored, null);
    }
}
