package io.restoredrill.aws.plan;

import io.restoredrill.aws.drill.RestoreTarget;
import io.restoredrill.aws.drill.RestoreTestJob;
import io.restoredrill.aws.drill.SnapshotMode;
import io.restoredrill.core.model.Budgets;
import java.time.Duration;
import java.time.Instant;

/**
 * A validated execution input with every default filled in.
 *
 * @param suite    the input's inline suite as compact JSON, or {@code null}
 * @param restoreTest the AWS Backup restore job to verify ({@code RESTORE_TEST}), else {@code null}
 * @param restoreTime the time a {@code PITR} drill restores to; {@code null} for the latest restorable time
 * @param suiteKey the key under {@code suites/} of the deployment's bucket of the suite to use instead, or {@code null}
 */
public record DrillRequest(String source, String sourceRegion, String recoveryRegion, SnapshotMode snapshotMode,
                           String snapshotArn, Instant restoreTime, String recoveryVault, boolean sourceRegionDown, RestoreTarget restore,
                           String database, Budgets budgets, String suite, String suiteKey,
                           Duration ttl, boolean dryRun, boolean retainSnapshots, boolean keep, RestoreTestJob restoreTest,
                           String drillId) {
}
