package io.restoredrill.aws.restoretest;

import io.restoredrill.aws.drill.RestoreTestJob;
import io.restoredrill.core.error.InvalidInputException;
import io.restoredrill.core.error.RestoreFailedException;
import io.restoredrill.core.error.UnsafeTargetException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.Function;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.DescribeRestoreJobResponse;
import software.amazon.awssdk.services.backup.model.ResourceNotFoundException;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;

/**
 * Asks AWS Backup about a restore test's job before the drill touches anything: the job must exist,
 * be COMPLETED, have been started by one of this deployment's restore testing plans and by the one
 * named, and have created the very resource named. An event or an execution input alone is not proof:
 * anyone can send either.
 */
public final class RestoreJobs {

    /** For a Plan without an AWS Backup client: refuses every restore test. */
    public static final RestoreJobs NONE = new RestoreJobs(null, Set.of());

    private final Function<String, BackupClient> backupInRegion;
    private final Set<String> deploymentPlans;

    /** @param deploymentPlans the ARNs of this deployment's restore testing plans ({@code RESTORE_TESTING_PLAN_ARNS}) */
    public RestoreJobs(Function<String, BackupClient> backupInRegion, Set<String> deploymentPlans) {
        this.backupInRegion = backupInRegion;
        this.deploymentPlans = Set.copyOf(deploymentPlans);
    }

    /** {@code RESTORE_TESTING_PLAN_ARNS}: comma-separated; none when unset. */
    public static Set<String> planArns(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(arn -> !arn.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** What the drill takes from the job: when AWS Backup restored, and how old the backup was. */
    public record Confirmed(Instant restoreStarted, Instant restoreCompleted, Instant recoveryPointCreated, String resourceType) {
    }

    public Confirmed confirm(RestoreTestJob job, String region) {
        if (backupInRegion == null) {
            throw new InvalidInputException("This Plan has no AWS Backup client, so it cannot check restore job "
                    + job.restoreJobId() + "; restore tests run in the restore-test state machine of the deployment.");
        }
        DescribeRestoreJobResponse described;
        try {
            described = backupInRegion.apply(region).describeRestoreJob(r -> r.restoreJobId(job.restoreJobId()));
        } catch (ResourceNotFoundException e) {
            throw new UnsafeTargetException("AWS Backup in " + region + " has no restore job " + job.restoreJobId()
                    + "; the drill will not touch " + job.createdResourceArn() + ".");
        }
        String by = described.createdBy() == null ? null : described.createdBy().restoreTestingPlanArn();
        if (!deploymentPlans.contains(job.restoreTestingPlanArn())) {
            throw new UnsafeTargetException("Restore testing plan " + job.restoreTestingPlanArn() + " is not one of this"
                    + " deployment's " + deploymentPlans + "; the drill will not touch what its jobs restored.");
        }
        if (!job.restoreTestingPlanArn().equals(by)) {
            throw new UnsafeTargetException("Restore job " + job.restoreJobId() + " was "
                    + (by == null ? "not started by a restore testing plan" : "started by restore testing plan " + by)
                    + ", not by " + job.restoreTestingPlanArn() + "; the drill will not touch what it restored.");
        }
        if (described.status() == RestoreJobStatus.FAILED || described.status() == RestoreJobStatus.ABORTED) {
            throw new RestoreFailedException("AWS Backup's restore job " + job.restoreJobId() + " ended "
                    + described.statusAsString() + (described.statusMessage() == null ? "" : ": " + described.statusMessage()) + ".");
        }
        if (described.status() != RestoreJobStatus.COMPLETED) {
            throw new InvalidInputException("Restore job " + job.restoreJobId() + " is " + described.statusAsString()
                    + ", not COMPLETED: its database cannot be verified yet.");
        }
        if (!job.createdResourceArn().equals(described.createdResourceArn())) {
            throw new UnsafeTargetException("Restore job " + job.restoreJobId() + " created " + described.createdResourceArn()
                    + ", not " + job.createdResourceArn() + "; the drill changes only the job's own resource.");
        }
        return new Confirmed(described.creationDate(), described.completionDate(), described.recoveryPointCreationDate(),
                described.resourceType());
    }
}
