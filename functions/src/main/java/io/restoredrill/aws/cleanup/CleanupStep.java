package io.restoredrill.aws.cleanup;

import io.restoredrill.aws.drill.DrillTags;
import io.restoredrill.aws.drill.SnapshotMode;
import io.restoredrill.aws.rds.DrillResource;
import io.restoredrill.aws.state.CleanupResult;
import io.restoredrill.aws.state.DrillState;
import io.restoredrill.aws.state.Progress;
import io.restoredrill.core.error.UnsafeTargetException;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.model.PhaseStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Cleanup: deletes what the drill created, and only that: the restored instance (or Aurora writer
 * and cluster), the drill's snapshots in both regions (unless retained) and the drill's secret.
 * Every resource's tags are read first; if any lacks {@code restore-drill:managed=true} or carries
 * another drill's id, nothing at all is deleted and {@link UnsafeTargetException} names it. Not
 * found counts as already done, so Cleanup can run any number of times. A drill kept for inspection
 * ({@code keep}) leaves the restored copy and its secret to the Janitor, which removes them when the
 * drill's time to live has passed, and says how to reach them. A restore test's database and backup
 * are AWS Backup's, which deletes them after the validation window: only the Aurora instance the drill
 * added and the drill's secret are deleted.
 */
public final class CleanupStep {

    private final Function<String, RdsClient> rdsInRegion;
    private final Function<String, SecretsManagerClient> secretsInRegion;
    private final Clock clock;

    public CleanupStep(Function<String, RdsClient> rdsInRegion, Function<String, SecretsManagerClient> secretsInRegion,
                       Clock clock) {
        this.rdsInRegion = rdsInRegion;
        this.secretsInRegion = secretsInRegion;
        this.clock = clock;
    }

    public DrillState cleanup(DrillState state) {
        Progress progress = state.progress().started(Phase.CLEANUP, clock.instant());
        RdsClient recovery = rdsInRegion.apply(state.recoveryRegion());
        List<String> gone = new ArrayList<>();
        List<DrillResource> targets = new ArrayList<>();
        // Order matters: an Aurora cluster can be deleted only once its writer is being deleted.
        List<DrillResource> kept = new ArrayList<>();
        List<DrillResource> restored = state.keep() ? kept : targets;
        collect(DrillResource.instance(recovery, state.names().writer()), state.names().writer(), restored, gone);
        if (state.restoreTest() == null) { // a restore test's database is AWS Backup's, which deletes it
            collect(DrillResource.instance(recovery, state.names().restored()), state.names().restored(), restored, gone);
            collect(DrillResource.cluster(recovery, state.names().restored()), state.names().restored() + " (cluster)",
                    restored, gone);
        }
        if (!state.retainSnapshots() && state.restoreTest() == null) {
            collect(DrillResource.snapshot(recovery, state.names().copy()), state.names().copy(), targets, gone);
            if (state.snapshotMode() == SnapshotMode.NEW && !state.sourceRegionDown()) {
                collect(DrillResource.snapshot(rdsInRegion.apply(state.sourceRegion()), state.names().snapshot()),
                        state.names().snapshot(), targets, gone);
            }
        }
        collect(DrillResource.secret(secretsInRegion.apply(state.recoveryRegion()), state.names().secret()),
                state.names().secret(), restored, gone);
        requireAllOwned(targets, state.drillId());
        requireAllOwned(kept, state.drillId());
        List<String> deleted = new ArrayList<>();
        for (DrillResource target : targets) {
            target.delete();
            deleted.add(target.describe());
        }
        String detail = (deleted.isEmpty() ? "Nothing was left to delete." : "Deleted " + String.join(", ", deleted) + ".")
                + (kept.isEmpty() ? "" : " " + KeptForInspection.describe(state, kept));
        return state.with(progress.withCleanup(new CleanupResult(deleted, gone))
                .finished(Phase.CLEANUP, clock.instant(), PhaseStatus.PASSED, detail));
    }

    /** Refuses the whole cleanup when one resource is not this drill's: a partial delete would hide the problem. */
    static void requireAllOwned(List<DrillResource> targets, String drillId) {
        for (DrillResource target : targets) {
            Map<String, String> tags = target.tags();
            if (!DrillTags.ownedBy(tags, drillId)) {
                throw new UnsafeTargetException("Cleanup refused: " + target.describe() + " (" + target.arn()
                        + ") does not carry this drill's tags (" + DrillTags.MANAGED + "=" + tags.get(DrillTags.MANAGED)
                        + ", " + DrillTags.DRILL_ID + "=" + tags.get(DrillTags.DRILL_ID) + "); nothing was deleted.");
            }
        }
    }

    private static void collect(Optional<DrillResource> found, String name, List<DrillResource> targets, List<String> gone) {
        found.ifPresentOrElse(targets::add, () -> gone.add(name));
    }
}
