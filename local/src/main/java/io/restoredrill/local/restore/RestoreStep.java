package io.restoredrill.local.restore;

import io.restoredrill.core.error.RestoreFailedException;
import io.restoredrill.core.postgres.ThrowawayCluster;
import io.restoredrill.core.run.PhaseContext;
import io.restoredrill.core.verify.SourceCatalog;
import io.restoredrill.local.LocalDrillOptions;
import io.restoredrill.local.crypto.AgeEncryption;
import io.restoredrill.local.postgres.PgRestore;
import io.restoredrill.local.postgres.RestoreList;
import io.restoredrill.local.postgres.SourceRoles;
import io.restoredrill.local.snapshot.Manifest;
import io.restoredrill.local.state.Expected;
import io.restoredrill.local.state.LocalDrillState;
import io.restoredrill.local.state.Restored;
import io.restoredrill.local.state.Workspace;
import java.nio.file.Path;

/**
 * Restore of the drill's own dump: fetches the copy back from the recovery location, checks every file against the
 * manifest, decrypts it, and restores it with pg_restore into a new throwaway cluster listening on 127.0.0.1 only,
 * with the source's roles, owners and privileges unless {@code --no-owner}.
 */
public final class RestoreStep {

    private final LocalDrillOptions options;

    public RestoreStep(LocalDrillOptions options) {
        this.options = options;
    }

    public LocalDrillState restore(LocalDrillState state, PhaseContext context) {
        Workspace workspace = state.workspace();
        Path fetched = workspace.fetched();
        state.plan().location().get(state.drillId(), fetched);
        Manifest.read(fetched).verify(fetched);
        Path dump = fetched;
        if (options.encrypted()) {
            dump = workspace.decrypted();
            AgeEncryption.decryptDirectory(fetched, dump, options.identity().orElseThrow());
        }
        ThrowawayCluster cluster = workspace.track(
                ThrowawayCluster.start(state.plan().binaries(), workspace.restoreData(), context.deadline()));
        RestoreList list = RestoreList.prepare(cluster, dump, workspace.restoreList(), context.deadline());
        String database = state.plan().database();
        requireDatabase(list.database(), database);
        // The roles are created even under --no-owner: a row-level security policy names its roles, with or without
        // owners, and cannot be restored without them.
        SourceRoles roles = SourceRoles.readFrom(dump);
        if (roles != null) {
            roles.createIn(cluster);
        }
        boolean ownershipRestored = roles != null && !options.noOwner();
        Expected expected = state.expected().withCatalog(comparable(state.expected().catalog(), database, list));
        PgRestore.run(cluster, database, dump, list, options.jobs(), ownershipRestored, context.deadline());
        workspace.discard(fetched);
        workspace.discard(workspace.decrypted());
        context.detail("Checksums verified; pg_restore --jobs=" + options.jobs() + " into a new PostgreSQL "
                + state.plan().binaries().version() + " cluster on 127.0.0.1:" + cluster.port()
                + (ownershipRestored ? " with the source's " + roles.roles().size()
                        + (roles.roles().size() == 1 ? " role" : " roles") + ", owners and privileges"
                        : ", without owners and privileges (--no-owner)") + list.summary() + ".");
        return state.withExpected(expected)
                .withRestored(new Restored(cluster, database, state.plan().binaries(), ownershipRestored));
    }

    /** Fails when the dump is of another database than the one the drill expects (when it expects one). */
    static void requireDatabase(String dumped, String expected) {
        if (dumped != null && expected != null && !dumped.equals(expected)) {
            throw new RestoreFailedException("The backup is of database " + dumped + ", not " + expected
                    + ": the wrong database was backed up, or its backup was mixed up with another's.");
        }
    }

    /**
     * The source's catalog as the restored copy can hold it: the {@code postgres} database is restored into the new
     * cluster's own, whose owner and locale are the cluster's; a materialized view pg_restore leaves unrefreshed is
     * unpopulated.
     */
    static SourceCatalog comparable(SourceCatalog catalog, String database, RestoreList list) {
        if (catalog == null) {
            return null;
        }
        SourceCatalog comparable = "postgres".equals(database) ? catalog.withoutDatabaseProperties() : catalog;
        return list != null && list.materializedViewsNotRefreshed() > 0
                ? comparable.withMaterializedViewsUnpopulated() : comparable;
    }
}
