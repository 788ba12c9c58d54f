package io.restoredrill.local.snapshot;

import io.restoredrill.core.error.SnapshotFailedException;
import io.restoredrill.core.run.PhaseContext;
import io.restoredrill.core.verify.Inventory;
import io.restoredrill.core.verify.InventoryScanner;
import io.restoredrill.core.verify.SourceCatalog;
import io.restoredrill.local.LocalDrillOptions;
import io.restoredrill.local.crypto.AgeEncryption;
import io.restoredrill.local.files.Bytes;
import io.restoredrill.local.postgres.ExportedSnapshot;
import io.restoredrill.local.postgres.PgDump;
import io.restoredrill.local.postgres.SourceDatabase;
import io.restoredrill.local.postgres.SourceRoles;
import io.restoredrill.local.state.Expected;
import io.restoredrill.local.state.LocalDrillState;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;

/**
 * Snapshot: {@code pg_dump --format=directory} of the source inside one exported snapshot, in which the source's
 * catalog (and with {@code --compare-source} or the demo, every table's exact rows and content) is read too, so the
 * restored copy is compared with exactly what was dumped. The dump is then encrypted when asked, and every file's
 * checksum written to a manifest.
 */
public final class SnapshotStep {

    private final LocalDrillOptions options;
    private final Clock clock;

    public SnapshotStep(LocalDrillOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
    }

    public LocalDrillState snapshot(LocalDrillState state, PhaseContext context) {
        Path dump = state.workspace().dump();
        SourceDatabase source = state.plan().source();
        boolean exact = options.compareSource() || options.demo();
        Instant takenAt;
        SourceCatalog catalog;
        Inventory inventory = null;
        try (ExportedSnapshot snapshot = ExportedSnapshot.open(source)) {
            takenAt = clock.instant();
            SourceCatalog.Reading reading = SourceCatalog.read(snapshot.connection(), () -> snapshot.join(source));
            PgDump.run(state.plan().binaries(), source, dump, options.jobs(), snapshot.id(), context.deadline());
            // Sequence values are not transactional: read inside the snapshot, they are those of now, after the dump.
            catalog = reading.afterDump(snapshot.connection());
            SourceRoles.read(snapshot.connection()).write(dump);
            if (exact) {
                inventory = InventoryScanner.scan(() -> snapshot.join(source),
                        options.suite().parallelism(), options.suite().checkTimeout(), options.suite().typedHash());
            }
        } catch (SQLException e) {
            throw new SnapshotFailedException(
                    "Cannot read the source inside the dump's snapshot: " + e.getMessage() + ".", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SnapshotFailedException("Interrupted while taking the snapshot.", e);
        }
        Path outgoing = dump;
        if (options.encrypted()) {
            outgoing = state.workspace().encrypted();
            AgeEncryption.encryptDirectory(dump, outgoing, options.encryptTo());
            state.workspace().discard(dump);
        }
        Manifest manifest = Manifest.create(outgoing);
        manifest.write(outgoing);
        context.detail("pg_dump --format=directory --jobs=" + options.jobs() + ": " + manifest.files() + " files, "
                + Bytes.format(manifest.totalBytes())
                + (options.encrypted() ? ", encrypted to " + options.encryptTo().size() + " age recipient(s)" : "")
                + "; source catalog" + (inventory == null ? "" : " and inventory") + " read in the same snapshot.");
        return state.withExpected(new Expected(state.plan().database(), state.plan().serverVersion(), takenAt, inventory, catalog))
                .withDump(manifest);
    }

    /** The directory Snapshot leaves for Copy: the dump, or its encrypted twin. */
    public static Path outgoing(LocalDrillState state, LocalDrillOptions options) {
        return options.encrypted() ? state.workspace().encrypted() : state.workspace().dump();
    }
}
