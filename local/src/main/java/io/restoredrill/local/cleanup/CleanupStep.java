package io.restoredrill.local.cleanup;

import io.restoredrill.core.error.EnvironmentException;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.postgres.ThrowawayCluster;
import io.restoredrill.core.run.PhaseRecorder;
import io.restoredrill.core.run.ProgressListener;
import io.restoredrill.local.DrillOutcome;
import io.restoredrill.local.LocalDrillOptions;
import io.restoredrill.local.copy.RecoveryLocation;
import io.restoredrill.local.state.LocalDrillState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cleanup: stops every cluster the drill started and removes its work directory and its copy at the recovery
 * location (unless kept). It runs whatever phase the drill stopped in, once: from the drill itself, or from the
 * interrupt hook when the drill never gets there.
 */
public final class CleanupStep {

    private final LocalDrillOptions options;
    private final ProgressListener listener;
    private boolean released;

    public CleanupStep(LocalDrillOptions options, ProgressListener listener) {
        this.options = options;
        this.listener = listener;
    }

    /**
     * Runs Cleanup as a phase of its own: a failure is recorded (the verdict and report say so), never thrown. With
     * {@code keep}, the restored cluster (if it is up) stays, and how to reach and stop it is said at once, before
     * anything else can fail.
     */
    public Optional<DrillOutcome.KeptCluster> cleanup(LocalDrillState state, PhaseRecorder recorder, boolean keep) {
        Optional<ThrowawayCluster> kept = keep
                ? state.workspace().restoreCluster().filter(ThrowawayCluster::running) : Optional.empty();
        RecoveryLocation location = state.plan() == null ? null : state.plan().location();
        try {
            recorder.run(Phase.CLEANUP, context -> {
                List<String> leftovers = release(state, kept.orElse(null));
                if (!leftovers.isEmpty()) {
                    throw new EnvironmentException("Cleanup could not remove: " + String.join("; ", leftovers) + ".");
                }
                context.detail((kept.isPresent()
                        ? "Stopped the other clusters and removed the drill's files; the restored cluster keeps running (--keep)"
                        : "Stopped every cluster and removed the work directory")
                        + (options.retainCopy() && state.copyBegun() ? "; whatever Copy wrote stays at " + location.uri(state.drillId())
                                : "") + ".");
            });
        } catch (RuntimeException e) {
            // Recorded as a failed Cleanup phase.
        }
        return kept.map(cluster -> {
            DrillOutcome.KeptCluster described = KeptClusters.describe(cluster, database(state), state.workspace().root());
            listener.note("The restored cluster keeps running (--keep).");
            listener.note("Connect: " + described.connect());
            listener.note("Stop:    " + described.stop());
            return described;
        });
    }

    /**
     * Stops and removes everything the drill made, at most once.
     *
     * @param keep the cluster to leave running, or {@code null}
     * @return what could not be removed
     */
    public synchronized List<String> release(LocalDrillState state, ThrowawayCluster keep) {
        if (released) {
            return List.of();
        }
        released = true;
        List<String> leftovers = new ArrayList<>(state.workspace().release(keep));
        RecoveryLocation location = state.plan() == null ? null : state.plan().location();
        if (location != null) {
            if (state.copyBegun() && !options.retainCopy()) {
                try {
                    location.delete(state.drillId());
                } catch (RuntimeException e) {
                    leftovers.add(location.uri(state.drillId()) + " (" + e.getMessage() + ")");
                }
            }
            location.close();
        }
        if (state.plan() != null && state.plan().existing() != null) {
            state.plan().existing().close();
        }
        return leftovers;
    }

    private static String database(LocalDrillState state) {
        if (state.restored() != null) {
            return state.restored().database();
        }
        if (state.expected() != null && state.expected().database() != null) {
            return state.expected().database();
        }
        return state.plan() != null && state.plan().database() != null ? state.plan().database() : "postgres";
    }
}
