package io.restoredrill.aws.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.restoredrill.core.model.Budgets;
import java.time.Duration;
import java.time.Instant;

/**
 * The state a drill carries from one state-machine step to the next (docs/state.md). It names
 * everything the drill creates and never holds a secret: the restored database's password lives
 * only in the drill's Secrets Manager secret.
 *
 * @param snapshotArn the snapshot being restored: given (EXISTING), or set by Snapshot
 * @param copyArn     its copy in the recovery region, set by Copy
 */
public record DrillState(
        String drillId,
        SourceRef source,
        String sourceRegion,
        String recoveryRegion,
        SnapshotMode snapshotMode,
        String snapshotArn,
        boolean sourceRegionDown,
        DrillNames names,
        RestoreTarget restore,
        Budgets budgets,
        @JsonProperty("ttlSeconds") Duration ttl,
        Instant startedAt,
        Instant expiresAt,
        boolean dryRun,
        boolean retainSnapshots,
        String copyArn) {

    /** The state once the snapshot to restore is known (taken now, or picked). */
    public DrillState withSnapshot(String arn) {
        return new DrillState(drillId, source, sourceRegion, recoveryRegion, snapshotMode, arn, sourceRegionDown, names,
                restore, budgets, ttl, startedAt, expiresAt, dryRun, retainSnapshots, copyArn);
    }

    /** The state once the copy in the recovery region exists. */
    public DrillState withCopy(String arn) {
        return new DrillState(drillId, source, sourceRegion, recoveryRegion, snapshotMode, snapshotArn, sourceRegionDown,
                names, restore, budgets, ttl, startedAt, expiresAt, dryRun, retainSnapshots, arn);
    }

    public java.util.Map<String, String> tags() {
        return DrillTags.of(drillId, source.identifier(), expiresAt);
    }
}
