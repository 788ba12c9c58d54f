package io.restoredrill.local.copy;

import io.restoredrill.core.run.PhaseContext;
import io.restoredrill.local.LocalDrillOptions;
import io.restoredrill.local.snapshot.SnapshotStep;
import io.restoredrill.local.state.LocalDrillState;
import java.nio.file.Path;

/**
 * Copy: puts the dump and its manifest at the recovery location (a directory or {@code s3://bucket/prefix}) under
 * the drill's id, and removes the local dump, so Restore can only restore what the recovery location holds.
 */
public final class CopyStep {

    private final LocalDrillOptions options;

    public CopyStep(LocalDrillOptions options) {
        this.options = options;
    }

    /** @param state the state with {@link LocalDrillState#copyBegun()} already set, so any files put are removed */
    public LocalDrillState copy(LocalDrillState state, PhaseContext context) {
        Path outgoing = SnapshotStep.outgoing(state, options);
        RecoveryLocation location = state.plan().location();
        location.put(outgoing, state.drillId());
        state.workspace().discard(outgoing);
        context.detail("Copied " + (state.dumped().files() + 1) + " files to " + location.uri(state.drillId()) + ".");
        return state;
    }
}
