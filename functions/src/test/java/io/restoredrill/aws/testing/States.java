package io.restoredrill.aws.testing;

import io.restoredrill.aws.drill.RestoreTarget;
import io.restoredrill.aws.state.DrillState;
import java.util.List;

/** Drill states adjusted to what a test created on the emulator. */
public final class States {

    private States() {
    }

    /** The state with the restored database's security group replaced by one that exists on moto. */
    public static DrillState withSecurityGroup(DrillState state, String securityGroup) {
        RestoreTarget target = state.restore();
        return new DrillState(state.drillId(), state.source(), state.sourceRegion(), state.recoveryRegion(),
                state.snapshotMode(), state.recoveryVault(), state.sourceRegionDown(), state.names(),
                new RestoreTarget(target.instanceClass(), target.subnetGroup(), List.of(securityGroup), target.kmsKeyId()),
                state.database(), state.budgets(), state.suite(), state.ttl(), state.startedAt(), state.expiresAt(), state.dryRun(),
                state.retainSnapshots(), state.keep(), state.restoreTest(), state.pointInTime(), state.progress(), state.failure(),
                state.cleanupFailure());
    }
}
