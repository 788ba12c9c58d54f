package io.restoredrill.aws.plan;

import io.restoredrill.core.model.Budgets;
import java.time.Duration;

/** A validated execution input with every default filled in. */
public record DrillRequest(String source, String sourceRegion, String recoveryRegion, SnapshotMode snapshotMode,
                           String snapshotArn, String recoveryVault, boolean sourceRegionDown, RestoreTarget restore,
                           String database, Budgets budgets, String suite,
                           Duration ttl, boolean dryRun, boolean retainSnapshots, boolean keep, String drillId) {
}
