package io.restoredrill.aws.state;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.restoredrill.aws.drill.DrillNames;
import io.restoredrill.aws.drill.DrillTags;
import io.restoredrill.aws.drill.PointInTime;
import io.restoredrill.aws.drill.RestoreTarget;
import io.restoredrill.aws.drill.RestoreTestJob;
import io.restoredrill.aws.drill.SnapshotMode;
import io.restoredrill.aws.drill.SourceRef;
import io.restoredrill.core.model.Budgets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The state a drill carries from one state-machine step to the next (docs/state.md): the plan,
 * fixed by Plan, and the {@link Progress} every later step adds to. It names everything the drill
 * creates and never holds a secret: the restored database's password lives only in the drill's
 * Secrets Manager secret.
 *
 * @param recoveryVault the AWS Backup vault in the recovery region ({@code LATEST_RECOVERY_POINT})
 * @param database      the database Verify checks in the restored copy
 * @param suite         the verification suite as JSON (the format of a {@code --suite} file), validated by Plan;
 *                      {@code null} for the default checks
 * @param keep           leave the restored instance or cluster and its secret for inspection until {@code expiresAt},
 *                       when the Janitor removes them
 * @param restoreTest    the AWS Backup restore job whose restored database this drill verifies ({@code RESTORE_TEST}),
 *                       else {@code null}
 * @param pointInTime    the replicated automated backups and the time a point-in-time drill ({@code PITR}) restores,
 *                       found by Plan; else {@code null}
 * @param failure        set by the state machine's Catch ({@code ResultPath: $.failure}) when a step failed
 * @param cleanupFailure set by Cleanup's own Catch ({@code ResultPath: $.cleanupFailure}), so a failed
 *                       Cleanup is reported without hiding the failure that led to it
 */
public record DrillState(
        String drillId,
        SourceRef source,
        String sourceRegion,
        String recoveryRegion,
        SnapshotMode snapshotMode,
        String recoveryVault,
        boolean sourceRegionDown,
        DrillNames names,
        RestoreTarget restore,
        String database,
        Budgets budgets,
        String suite,
        @JsonProperty("ttlSeconds") Duration ttl,
        Instant startedAt,
        Instant expiresAt,
        boolean dryRun,
        boolean retainSnapshots,
        boolean keep,
        RestoreTestJob restoreTest,
        PointInTime pointInTime,
        Progress progress,
        DrillFailure failure,
        DrillFailure cleanupFailure) {

    public DrillState {
        progress = progress == null ? Progress.EMPTY : progress;
    }

    public DrillState with(Progress next) {
        return new DrillState(drillId, source, sourceRegion, recoveryRegion, snapshotMode, recoveryVault, sourceRegionDown,
                names, restore, database, budgets, suite, ttl, startedAt, expiresAt, dryRun, retainSnapshots, keep, restoreTest,
                pointInTime, next, failure, cleanupFailure);
    }

    /**
     * Snapshot and Copy are not this drill's: the source region is down, AWS Backup restored already, or RDS restores
     * a point in time of the replicated automated backups.
     */
    public boolean skipsSnapshotAndCopy() {
        return sourceRegionDown || restoreTest != null || pointInTime != null;
    }

    public Map<String, String> tags() {
        return DrillTags.of(drillId, source.identifier(), expiresAt);
    }
}
