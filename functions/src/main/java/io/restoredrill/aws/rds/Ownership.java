package io.restoredrill.aws.rds;

import io.restoredrill.aws.drill.RestoreTestJob;
import io.restoredrill.core.deployment.DrillTagKeys;
import io.restoredrill.aws.drill.DrillTags;
import io.restoredrill.core.error.UnsafeTargetException;
import java.util.Map;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Refuses any name that already belongs to a resource this drill does not own. A resource of that
 * name with this drill's tags is fine: it is a retried step's own work.
 */
public final class Ownership {

    private Ownership() {
    }

    public static void requireFreeOrOwned(RdsClient rds, String region, String name, String drillId) {
        String arn = existingArn(rds, name);
        if (arn == null) {
            return;
        }
        Map<String, String> tags = RdsTags.read(rds, arn);
        if (!DrillTags.ownedBy(tags, drillId)) {
            throw new UnsafeTargetException("'" + name + "' already exists in " + region + " and is not this drill's ("
                    + (tags.containsKey(DrillTags.MANAGED) ? "tagged for drill '" + tags.get(DrillTags.DRILL_ID) + "'"
                            : "no " + DrillTags.MANAGED + " tag")
                    + "); the drill will not touch it. Use another drillId.");
        }
    }

    /**
     * For a retried step that found a resource of its own name: go on only if it is this drill's.
     *
     * @return the ARN, for the step's result
     */
    public static String requireOwnedBy(RdsClient rds, String arn, String drillId) {
        if (!DrillTags.ownedBy(RdsTags.read(rds, arn), drillId)) {
            throw new UnsafeTargetException(arn + " already exists and is not drill " + drillId
                    + "'s; the drill will not use it.");
        }
        return arn;
    }

    /**
     * For a restore test: the resource must be the one its AWS Backup restore job created (Plan asked AWS
     * Backup), named as AWS Backup names what a restore testing plan restores, and carry the tag AWS Backup
     * puts on it. The tag alone is not proof: anyone may tag.
     */
    public static void requireRestoreTestResource(RdsClient rds, RestoreTestJob job, String arn, String refusal) {
        if (!job.createdResourceArn().equals(arn)) {
            throw new UnsafeTargetException("The drill " + refusal + ": " + arn + " is not what restore job "
                    + job.restoreJobId() + " created (" + job.createdResourceArn() + ").");
        }
        if (!job.identifier().startsWith(DrillTagKeys.AWS_BACKUP_RESTORE_TEST_NAME_PREFIX)) {
            throw new UnsafeTargetException("The drill " + refusal + ": " + job.identifier() + " is not named as AWS Backup"
                    + " names a restore test's database (" + DrillTagKeys.AWS_BACKUP_RESTORE_TEST_NAME_PREFIX + "…).");
        }
        if (!RdsTags.read(rds, arn).containsKey(DrillTagKeys.AWS_BACKUP_RESTORE_TEST)) {
            throw new UnsafeTargetException("The drill " + refusal + ": " + arn + " lacks the "
                    + DrillTagKeys.AWS_BACKUP_RESTORE_TEST + " tag AWS Backup puts on what a restore testing plan restores.");
        }
    }

    /** The ARN of the instance, cluster, snapshot or cluster snapshot of that name, looked up as Cleanup does. */
    private static String existingArn(RdsClient rds, String name) {
        return DrillResource.instance(rds, name)
                .or(() -> DrillResource.cluster(rds, name))
                .or(() -> DrillResource.snapshot(rds, name))
                .map(DrillResource::arn)
                .orElse(null);
    }
}
