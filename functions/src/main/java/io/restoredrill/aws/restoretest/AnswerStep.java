package io.restoredrill.aws.restoretest;

import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.StillDeletingException;
import io.restoredrill.core.error.UnsafeTargetException;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.DescribeRestoreJobResponse;
import software.amazon.awssdk.services.backup.model.ResourceNotFoundException;
import software.amazon.awssdk.services.backup.model.RestoreValidationStatus;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

/**
 * AnswerRestoreTest: tells AWS Backup how its restore job's validation ended, with
 * PutRestoreValidationResult ({@link ValidationAnswer}). The restore-test state machine runs it on every
 * path that ends a drill, so a restore test never stays VALIDATING in silence. It answers only for a job one
 * of this deployment's plans started for the very resource the state names (a refused, forged input gets
 * no answer: a validation status, once set, cannot be changed); a job answered already is left as it is (a
 * retried invocation). An Aurora cluster's drill instance must be gone first: AWS Backup deletes the cluster
 * once it has the answer, which an instance of the drill's would block ({@link StillDeletingException},
 * retried by the state machine).
 */
public final class AnswerStep {

    /** The statuses AWS Backup keeps once set: VALIDATING is the one interim status. */
    static final Set<RestoreValidationStatus> FINAL = Set.of(RestoreValidationStatus.SUCCESSFUL,
            RestoreValidationStatus.FAILED, RestoreValidationStatus.TIMED_OUT);

    private final Function<String, BackupClient> backupInRegion;
    private final Function<String, RdsClient> rdsInRegion;
    private final String region;
    private final Set<String> deploymentPlans;

    /**
     * @param region          the function's own region, the recovery region, where the plans run their jobs
     * @param deploymentPlans the ARNs of this deployment's restore testing plans ({@code RESTORE_TESTING_PLAN_ARNS})
     */
    public AnswerStep(Function<String, BackupClient> backupInRegion, Function<String, RdsClient> rdsInRegion, String region,
                      Set<String> deploymentPlans) {
        this.backupInRegion = backupInRegion;
        this.rdsInRegion = rdsInRegion;
        this.region = region;
        this.deploymentPlans = Set.copyOf(deploymentPlans);
    }

    /** @return what was answered, or what AWS Backup held already */
    public ValidationAnswer answer(JsonNode state) {
        String jobId = state.path("restoreTest").path("restoreJobId").asText("");
        String created = state.path("restoreTest").path("createdResourceArn").asText("");
        if (jobId.isBlank() || created.isBlank()) {
            throw new InvalidInputException("The state has no restoreTest.restoreJobId and createdResourceArn: only the"
                    + " restore-test state machine answers AWS Backup, for the restore job its validator started it for.");
        }
        BackupClient backup = backupInRegion.apply(region);
        DescribeRestoreJobResponse job;
        try {
            job = backup.describeRestoreJob(r -> r.restoreJobId(jobId));
        } catch (ResourceNotFoundException e) {
            throw new UnsafeTargetException("AWS Backup in " + region + " has no restore job " + jobId + "; nothing was answered.");
        }
        String plan = job.createdBy() == null ? null : job.createdBy().restoreTestingPlanArn();
        if (!deploymentPlans.contains(plan) || !created.equals(job.createdResourceArn())) {
            throw new UnsafeTargetException("Restore job " + jobId + " (plan " + plan + ", created " + job.createdResourceArn()
                    + ") is not a job of this deployment's restore testing plans for " + created + "; nothing was answered.");
        }
        if (job.validationStatus() != null && FINAL.contains(job.validationStatus())) { // a retried invocation
            return new ValidationAnswer(job.validationStatus(), job.validationStatusMessage());
        }
        requireDrillInstanceGone(state);
        ValidationAnswer answer = ValidationAnswer.of(state);
        backup.putRestoreValidationResult(r -> r.restoreJobId(jobId)
                .validationStatus(answer.status()).validationStatusMessage(answer.message()));
        return answer;
    }

    /** The instance the drill added to an Aurora cluster, if Cleanup is still deleting it. */
    private void requireDrillInstanceGone(JsonNode state) {
        String writer = state.path("names").path("writer").asText("");
        if (writer.isBlank() || !state.path("restoreTest").path("createdResourceArn").asText().contains(":cluster:")) {
            return;
        }
        List<DBInstance> found;
        try {
            found = rdsInRegion.apply(region).describeDBInstances(r -> r.dbInstanceIdentifier(writer)).dbInstances();
        } catch (DbInstanceNotFoundException e) {
            return;
        }
        if (!found.isEmpty() && "deleting".equals(found.get(0).dbInstanceStatus())) {
            throw new StillDeletingException("The drill's instance " + writer + " is still being deleted; AWS Backup is"
                    + " answered once it is gone, so that it can delete the cluster.");
        }
    }
}
