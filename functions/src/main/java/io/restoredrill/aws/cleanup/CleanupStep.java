package io.restoredrill.aws.cleanup;

import io.restoredrill.aws.plan.DrillState;
import io.restoredrill.aws.plan.DrillTags;
import io.restoredrill.aws.plan.SnapshotMode;
import io.restoredrill.aws.rds.RdsTags;
import io.restoredrill.core.error.UnsafeTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbClusterSnapshotNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSnapshotNotFoundException;

/**
 * Cleanup: deletes what the drill created, and only that. Every resource's tags are read first;
 * if any carries no {@code restore-drill:managed=true} or another drill's id, nothing at all is
 * deleted and {@link UnsafeTargetException} names it. Not found counts as already done.
 * (The restored Aurora cluster arrives with the Restore step; snapshots of both kinds are handled.)
 */
public final class CleanupStep {

    /** What was deleted (or found already gone), for the report. */
    public record Result(List<String> deleted, List<String> alreadyGone) {
    }

    private record Target(RdsClient rds, String kind, String name, String arn) {
    }

    private final Function<String, RdsClient> rdsInRegion;

    public CleanupStep(Function<String, RdsClient> rdsInRegion) {
        this.rdsInRegion = rdsInRegion;
    }

    public Result cleanup(DrillState state) {
        RdsClient recovery = rdsInRegion.apply(state.recoveryRegion());
        List<String> gone = new ArrayList<>();
        List<Target> targets = new ArrayList<>();
        instance(recovery, state.names().restored()).ifPresentOrElse(targets::add, () -> gone.add(state.names().restored()));
        if (!state.retainSnapshots()) {
            snapshot(recovery, state.names().copy()).ifPresentOrElse(targets::add, () -> gone.add(state.names().copy()));
            if (state.snapshotMode() == SnapshotMode.NEW && !state.sourceRegionDown()) {
                snapshot(rdsInRegion.apply(state.sourceRegion()), state.names().snapshot())
                        .ifPresentOrElse(targets::add, () -> gone.add(state.names().snapshot()));
            }
        }
        for (Target target : targets) {
            Map<String, String> tags = RdsTags.read(target.rds(), target.arn());
            if (!DrillTags.ownedBy(tags, state.drillId())) {
                throw new UnsafeTargetException("Cleanup refused: " + target.kind() + " " + target.arn()
                        + " does not carry this drill's tags (" + DrillTags.MANAGED + "=" + tags.get(DrillTags.MANAGED)
                        + ", " + DrillTags.DRILL_ID + "=" + tags.get(DrillTags.DRILL_ID) + "); nothing was deleted.");
            }
        }
        List<String> deleted = new ArrayList<>();
        for (Target target : targets) {
            if (target.kind().equals("instance")) {
                target.rds().deleteDBInstance(r -> r.dbInstanceIdentifier(target.name()).skipFinalSnapshot(true)
                        .deleteAutomatedBackups(true));
            } else if (target.kind().equals("snapshot")) {
                target.rds().deleteDBSnapshot(r -> r.dbSnapshotIdentifier(target.name()));
            } else {
                target.rds().deleteDBClusterSnapshot(r -> r.dbClusterSnapshotIdentifier(target.name()));
            }
            deleted.add(target.name());
        }
        return new Result(deleted, gone);
    }

    private static Optional<Target> instance(RdsClient rds, String name) {
        try {
            return Optional.of(new Target(rds, "instance", name,
                    rds.describeDBInstances(r -> r.dbInstanceIdentifier(name)).dbInstances().get(0).dbInstanceArn()));
        } catch (DbInstanceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Optional<Target> snapshot(RdsClient rds, String name) {
        try {
            return Optional.of(new Target(rds, "snapshot", name,
                    rds.describeDBSnapshots(r -> r.dbSnapshotIdentifier(name)).dbSnapshots().get(0).dbSnapshotArn()));
        } catch (DbSnapshotNotFoundException e) {
            try {
                return Optional.of(new Target(rds, "cluster snapshot", name, rds.describeDBClusterSnapshots(
                        r -> r.dbClusterSnapshotIdentifier(name)).dbClusterSnapshots().get(0).dbClusterSnapshotArn()));
            } catch (DbClusterSnapshotNotFoundException notCluster) {
                return Optional.empty();
            }
        }
    }
}
