package io.restoredrill.aws.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A drill's execution input exactly as the schedule or a person sends it (docs/state.md). Every
 * field but {@code source} is optional; {@link InputParser} fills defaults and validates.
 */
record ExecutionInput(
        String source,
        String sourceRegion,
        String recoveryRegion,
        String snapshotMode,
        String snapshotArn,
        String restoreTime,
        String recoveryVault,
        Boolean sourceRegionDown,
        Restore restore,
        String database,
        BudgetsInput budgets,
        JsonNode suite,
        String suiteKey,
        String ttl,
        Boolean dryRun,
        Boolean retainSnapshots,
        Boolean keep,
        RestoreTest restoreTest,
        String drillId) {

    record Restore(String instanceClass, String subnetGroup, List<String> securityGroupIds, String kmsKeyId) {
    }

    /** Set by the restore-test validator: the AWS Backup restore job whose restored database is verified. */
    record RestoreTest(String restoreJobId, String restoreTestingPlanArn, String createdResourceArn, String recoveryPointArn) {
    }

    record BudgetsInput(String rto, String rpo, Map<String, String> phases) {
    }
}
