package io.restoredrill.aws.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.restoredrill.core.model.Budgets;
import java.time.Duration;
import java.time.Instant;

/**
 * The state a drill carries from one state-machine step to the next (docs/state.md). It names
 * everything the drill creates and never holds a secret: the restored database's password lives
 * only in the drill's Secrets Manager secret.
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
        boolean retainSnapshots) {
}
