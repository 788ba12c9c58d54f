package io.restoredrill.local.state;

import io.restoredrill.core.postgres.PgBinaries;
import io.restoredrill.core.postgres.ThrowawayCluster;

/**
 * The restored copy.
 *
 * @param cluster           the throwaway loopback-only cluster it runs in
 * @param database          the restored database
 * @param binaries          the programs the cluster runs: those of the dump's major version for an existing backup
 * @param ownershipRestored whether owners and privileges were restored, and so are compared
 */
public record Restored(ThrowawayCluster cluster, String database, PgBinaries binaries, boolean ownershipRestored) {
}
