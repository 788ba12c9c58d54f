package io.restoredrill.aws.restoretest;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.aws.clients.AwsFailures;
import io.restoredrill.aws.drill.SnapshotMode;
import io.restoredrill.core.error.DrillException;
import io.restoredrill.core.json.Json;
import io.restoredrill.core.run.DrillIds;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.backup.BackupClient;
import software.amazon.awssdk.services.backup.model.DescribeRestoreJobResponse;
import software.amazon.awssdk.services.backup.model.ResourceNotFoundException;
import software.amazon.awssdk.services.backup.model.RestoreJobStatus;
import software.amazon.awssdk.services.backup.model.RestoreValidationStatus;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/**
 * The restore-test validator: on AWS Backup's "Restore Job State Change" event for a COMPLETED job of one of
 * this deployment's restore testing plans, it checks the job with AWS Backup (the event alone proves
 * nothing), starts the restore-test state machine, which verifies the restored database and answers
 * SUCCESSFUL or FAILED (docs/restore-testing.md), and then reports VALIDATING. An event delivered twice
 * starts one execution, its name being the job's, and says VALIDATING once: never after the answer.
 *
 * <p>On Step Functions' "Execution Status Change" event of a restore-test execution that ended FAILED,
 * TIMED_OUT or ABORTED, it answers FAILED for the deployment's job still VALIDATING: an execution stopped
 * by its timeout or by hand never reaches its own answer. Every other event is ignored with one log line and
 * changes nothing.
 */
public final class ValidatorStep {

    static final String SOURCE = "aws.backup";
    static final String DETAIL_TYPE = "Restore Job State Change";
    static final String STATES_SOURCE = "aws.states";
    static final String EXECUTION_DETAIL_TYPE = "Step Functions Execution Status Change";
    /** How an execution can end without having answered AWS Backup. */
    static final Set<String> UNANSWERED_ENDS = Set.of("FAILED", "TIMED_OUT", "ABORTED");
    /** The restore testing resource types a drill verifies: RDS instances and Aurora clusters. */
    static final Set<String> RESOURCE_TYPES = Set.of("RDS", "Aurora");
    private static final Logger LOG = LoggerFactory.getLogger(ValidatorStep.class);

    private final Function<String, BackupClient> backupInRegion;
    private final Function<String, SfnClient> stepFunctionsInRegion;
    private final String stateMachineArn;
    private final RestoreTestPlans plans;
    private final Clock clock;

    public ValidatorStep(Function<String, BackupClient> backupInRegion, Function<String, SfnClient> stepFunctionsInRegion,
                         String stateMachineArn, RestoreTestPlans plans, Clock clock) {
        this.backupInRegion = backupInRegion;
        this.stepFunctionsInRegion = stepFunctionsInRegion;
        this.stateMachineArn = stateMachineArn;
        this.plans = plans;
        this.clock = clock;
    }

    /** What the validator did with one event. */
    public record Outcome(boolean started, String detail) {

        static Outcome ignored(String why) {
            LOG.info("Ignored: {}", why);
            return new Outcome(false, "Ignored: " + why);
        }
    }

    public Outcome validate(ScheduledEvent event) {
        if (event != null && STATES_SOURCE.equals(event.getSource()) && EXECUTION_DETAIL_TYPE.equals(event.getDetailType())) {
            return executionEnded(event);
        }
        if (event == null || !SOURCE.equals(event.getSource()) || !DETAIL_TYPE.equals(event.getDetailType())) {
            return Outcome.ignored("not an AWS Backup restore job event (source " + (event == null ? null : event.getSource())
                    + ", detail-type " + (event == null ? null : event.getDetailType()) + ").");
        }
        Map<String, Object> detail = event.getDetail() == null ? Map.of() : event.getDetail();
        String jobId = text(detail, "restoreJobId");
        String plan = text(detail, "restoreTestingPlanArn");
        String status = text(detail, "status");
        String created = text(detail, "createdResourceArn");
        String type = text(detail, "resourceType");
        if (jobId == null || event.getRegion() == null) {
            return Outcome.ignored("the event names no restore job or region.");
        }
        if (plan == null) {
            return Outcome.ignored("restore job " + jobId + " was not started by a restore testing plan.");
        }
        Optional<ObjectNode> input = plans.inputOf(plan);
        if (input.isEmpty()) {
            return Outcome.ignored("restore job " + jobId + " belongs to restore testing plan " + plan
                    + ", not one of this deployment's.");
        }
        if (!RestoreJobStatus.COMPLETED.toString().equals(status)) {
            return Outcome.ignored("restore job " + jobId + " is " + status + "; only a COMPLETED job has a database to verify.");
        }
        if (!RESOURCE_TYPES.contains(type)) {
            return Outcome.ignored("restore job " + jobId + " restored a " + type + " resource; drills verify "
                    + RESOURCE_TYPES + ".");
        }
        BackupClient backup = backupInRegion.apply(event.getRegion());
        Optional<DescribeRestoreJobResponse> described = describe(backup, jobId);
        if (described.isEmpty()) {
            return Outcome.ignored("AWS Backup in " + event.getRegion() + " has no restore job " + jobId + ".");
        }
        DescribeRestoreJobResponse job = described.get();
        String jobPlan = job.createdBy() == null ? null : job.createdBy().restoreTestingPlanArn();
        if (!plan.equals(jobPlan) || job.status() != RestoreJobStatus.COMPLETED || created == null
                || !created.equals(job.createdResourceArn())) {
            return Outcome.ignored("the event does not match AWS Backup's record of restore job " + jobId + " (plan "
                    + jobPlan + ", status " + job.statusAsString() + ", created " + job.createdResourceArn() + ").");
        }
        if (answered(job)) {
            return Outcome.ignored("restore job " + jobId + " is validated already (" + job.validationStatusAsString() + ").");
        }
        String drillId = DrillIds.next(clock);
        String name = executionName(jobId);
        ObjectNode drill = input.get();
        drill.put("snapshotMode", SnapshotMode.RESTORE_TEST.name());
        drill.put("drillId", drillId);
        ObjectNode restoreTest = drill.putObject("restoreTest");
        restoreTest.put("restoreJobId", jobId);
        restoreTest.put("restoreTestingPlanArn", plan);
        restoreTest.put("createdResourceArn", created);
        restoreTest.put("recoveryPointArn", job.recoveryPointArn());
        String arn;
        try {
            arn = stepFunctionsInRegion.apply(event.getRegion()).startExecution(r -> r.stateMachineArn(stateMachineArn)
                    .name(name).input(drill.toString())).executionArn();
        } catch (ExecutionAlreadyExistsException e) {
            return Outcome.ignored("restore job " + jobId + " has its execution " + name + " already.");
        } catch (SdkException e) {
            RuntimeException failure = AwsFailures.translate(e);
            if (failure instanceof DrillException named && named.retryable()) {
                throw failure; // Lambda retries the event, then puts it into the dead-letter queue
            }
            String why = "Restore Drill could not start its drill of " + created + ": " + failure.getMessage();
            backup.putRestoreValidationResult(r -> r.restoreJobId(jobId).validationStatus(RestoreValidationStatus.FAILED)
                    .validationStatusMessage(ValidationAnswer.cut(why)));
            LOG.warn("{}", why);
            return new Outcome(false, why);
        }
        // Only a fresh start says VALIDATING: a later delivery must not follow the execution's own answer.
        backup.putRestoreValidationResult(r -> r.restoreJobId(jobId).validationStatus(RestoreValidationStatus.VALIDATING)
                .validationStatusMessage("Restore Drill is verifying " + created + " (drill " + drillId + ", execution "
                        + name + ")."));
        LOG.info("Started {} for restore job {} of plan {}", arn, jobId, plan);
        return new Outcome(true, "Started " + arn + " (drill " + drillId + ") for restore job " + jobId + ".");
    }

    /** The safety net: a restore-test execution that ended without its answer gets FAILED answered for it. */
    private Outcome executionEnded(ScheduledEvent event) {
        Map<String, Object> detail = event.getDetail() == null ? Map.of() : event.getDetail();
        String execution = text(detail, "executionArn");
        String status = text(detail, "status");
        if (!stateMachineArn.equals(text(detail, "stateMachineArn")) || event.getRegion() == null) {
            return Outcome.ignored("execution " + execution + " is not of the restore-test state machine.");
        }
        if (!UNANSWERED_ENDS.contains(status)) {
            return Outcome.ignored("execution " + execution + " is " + status + "; it answered AWS Backup itself.");
        }
        String jobId = restoreJobOf(text(detail, "input"));
        if (jobId == null) {
            return Outcome.ignored("execution " + execution + " carries no restoreTest.restoreJobId in its input.");
        }
        BackupClient backup = backupInRegion.apply(event.getRegion());
        Optional<DescribeRestoreJobResponse> described = describe(backup, jobId);
        if (described.isEmpty()) {
            return Outcome.ignored("AWS Backup in " + event.getRegion() + " has no restore job " + jobId + ".");
        }
        DescribeRestoreJobResponse job = described.get();
        if (answered(job)) {
            return Outcome.ignored("restore job " + jobId + " is validated already (" + job.validationStatusAsString() + ").");
        }
        String jobPlan = job.createdBy() == null ? null : job.createdBy().restoreTestingPlanArn();
        if (plans.inputOf(jobPlan).isEmpty() || !executionName(jobId).equals(text(detail, "name"))
                || !Objects.equals(job.createdResourceArn(), createdResourceOf(text(detail, "input")))) {
            return Outcome.ignored("execution " + execution + " is not the validator's for restore job " + jobId + " (plan "
                    + jobPlan + ", created " + job.createdResourceArn() + ").");
        }
        String error = text(detail, "error");
        String why = ValidationAnswer.cut("Restore Drill's execution " + execution + " ended " + status
                + " before answering" + (error == null ? "" : " (" + error + ")") + "; its report, if any, holds the verdict.");
        backup.putRestoreValidationResult(r -> r.restoreJobId(jobId).validationStatus(RestoreValidationStatus.FAILED)
                .validationStatusMessage(why));
        LOG.warn("{}", why);
        return new Outcome(false, "Answered FAILED for restore job " + jobId + ": " + why);
    }

    private static Optional<DescribeRestoreJobResponse> describe(BackupClient backup, String jobId) {
        try {
            return Optional.of(backup.describeRestoreJob(r -> r.restoreJobId(jobId)));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static boolean answered(DescribeRestoreJobResponse job) {
        return job.validationStatus() != null && AnswerStep.FINAL.contains(job.validationStatus());
    }

    private static String restoreJobOf(String input) {
        return restoreTestField(input, "restoreJobId");
    }

    private static String createdResourceOf(String input) {
        return restoreTestField(input, "createdResourceArn");
    }

    /** A field of the execution input's {@code restoreTest}, or {@code null} when the input is not such JSON. */
    private static String restoreTestField(String input, String field) {
        if (input == null) {
            return null;
        }
        try {
            String value = Json.mapper().readTree(input).path("restoreTest").path(field).asText("");
            return value.isBlank() ? null : value;
        } catch (IOException e) {
            return null;
        }
    }

    /** Step Functions' execution names: at most 80 letters, digits, hyphens and underscores. */
    static String executionName(String jobId) {
        String name = "restore-test-" + jobId.replaceAll("[^A-Za-z0-9_-]", "-");
        return name.length() <= 80 ? name : name.substring(0, 80);
    }

    private static String text(Map<String, Object> detail, String field) {
        Object value = detail.get(field);
        return value instanceof String s && !s.isBlank() ? s : null;
    }
}
