package io.restoredrill.local.restore;

import io.restoredrill.core.postgres.PgBinaries;
import io.restoredrill.core.postgres.ThrowawayCluster;
import io.restoredrill.core.run.PhaseContext;
import io.restoredrill.local.LocalDrillOptions;
import io.restoredrill.local.backup.BackupManifest;
import io.restoredrill.local.existing.ExistingBackup;
import io.restoredrill.local.postgres.PgRestore;
import io.restoredrill.local.postgres.PlainRestore;
import io.restoredrill.local.state.Expected;
import io.restoredrill.local.state.LocalDrillState;
import io.restoredrill.local.state.Opened;
import io.restoredrill.local.state.Restored;
import io.restoredrill.local.state.Workspace;

/**
 * Restore of an existing backup: reads what the dump says of itself, picks the programs of the major version it was
 * dumped from, creates the roles it names, and restores it into a new throwaway cluster: pg_restore for an archive,
 * psql for a plain SQL dump. What the copy must hold comes from the backup's signed manifest when it has one.
 */
public final class ExistingRestoreStep {

    private final LocalDrillOptions options;

    public ExistingRestoreStep(LocalDrillOptions options) {
        this.options = options;
    }

    /**
     * What Restore decides from the dump before it restores anything: the programs of the major version it was dumped
     * from, the database, and what the copy must hold (from the signed manifest when there is one).
     */
    public record Prepared(DumpContents contents, PgBinaries binaries, Expected expected) {
    }

    public Prepared prepare(LocalDrillState state, PhaseContext context) {
        Workspace workspace = state.workspace();
        ExistingBackup existing = state.plan().existing();
        Opened opened = state.opened();
        PgBinaries binaries = state.plan().binaries();
        DumpContents contents = DumpContents.read(opened.unwrapped(), binaries, workspace, context.deadline());
        BackupManifest manifest = opened.manifest();
        if (manifest != null) {
            RestoreStep.requireDatabase(contents.database(), manifest.database());
        }
        RestoreStep.requireDatabase(contents.database(), state.plan().database());
        if (contents.dumpedFromMajor() > 0 && contents.dumpedFromMajor() != binaries.major()) {
            binaries = PgBinaries.find(options.pgBin(), LocalDrillOptions.PG_BIN, contents.dumpedFromMajor());
        }
        String database = state.plan().database() != null ? state.plan().database()
                : contents.database() != null ? contents.database() : existing.name();
        Expected expected = manifest != null
                ? new Expected(database, manifest.serverVersion(), manifest.takenAt(), manifest.inventory(),
                        RestoreStep.comparable(manifest.catalog(), database, contents.list()))
                : new Expected(database, contents.dumpedFrom(), contents.list() != null && contents.list().createdAt() != null
                        ? contents.list().createdAt() : existing.backup().takenAt(), null, null);
        return new Prepared(contents, binaries, expected);
    }

    /** @param state the state with {@code prepared}'s expectations already handed on, so a failed restore reports them */
    public LocalDrillState restore(LocalDrillState state, Prepared prepared, PhaseContext context) {
        Workspace workspace = state.workspace();
        Opened opened = state.opened();
        DumpContents contents = prepared.contents();
        PgBinaries binaries = prepared.binaries();
        String database = prepared.expected().database();
        ThrowawayCluster cluster = workspace.track(
                ThrowawayCluster.start(binaries, workspace.restoreData(), context.deadline()));
        contents.roles().createIn(cluster);
        boolean ownershipRestored;
        String how;
        if (contents.list() != null) {
            int jobs = opened.unwrapped().format().parallel() ? options.jobs() : 1;
            ownershipRestored = !options.noOwner();
            PgRestore.run(cluster, database, opened.unwrapped().dump(), contents.list(), jobs, ownershipRestored,
                    context.deadline());
            how = "pg_restore --jobs=" + jobs + contents.list().summary();
        } else {
            ownershipRestored = true;
            PlainRestore.run(cluster, database, opened.unwrapped().dump(), contents.createsDatabase(), context.deadline());
            how = "psql (plain SQL)";
        }
        if (!opened.unwrapped().inPlace()) {
            workspace.discard(opened.unwrapped().dump());
        }
        context.detail(how + " into a new PostgreSQL " + binaries.version() + " cluster on 127.0.0.1:" + cluster.port()
                + ", database " + database + (ownershipRestored ? " with the " + contents.roles().roles().size()
                        + " role(s) the dump names, owners and privileges" : ", without owners and privileges (--no-owner)")
                + ".");
        return state.withExpected(prepared.expected())
                .withRestored(new Restored(cluster, database, binaries, ownershipRestored));
    }
}
