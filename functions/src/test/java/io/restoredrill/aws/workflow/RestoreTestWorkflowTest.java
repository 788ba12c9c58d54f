package io.restoredrill.aws.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.aws.Events;
import io.restoredrill.aws.handler.RestoreTestValidatorHandler;
import io.restoredrill.aws.restoretest.AnswerStep;
import io.restoredrill.aws.restoretest.RestoreTestPlans;
import io.restoredrill.aws.restoretest.ValidationAnswer;
import io.restoredrill.aws.restoretest.ValidatorStep;
import io.restoredrill.aws.testing.BackupApiStandIn.RestoreJob;
import io.restoredrill.aws.testing.BackupApiStandIn.Validation;
import io.restoredrill.aws.testing.BackupApiStandIn;
import io.restoredrill.aws.testing.MotoRds;
import io.restoredrill.aws.testing.StatusRewriter;
import io.restoredrill.aws.workflow.LocalExecution.Execution;
import io.restoredrill.core.deployment.DrillTagKeys;
import io.restoredrill.core.error.PublishFailedException;
import io.restoredrill.core.error.StillDeletingException;
import io.restoredrill.core.json.Json;
import io.restoredrill.testing.MotoServer;
import io.restoredrill.testing.PostgresFixture;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.backup.model.RestoreValidationStatus;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * AWS Backup restore testing with Restore Drill as its validator, end to end: the sample EventBridge event
 * (events/restore-job-completed.json) turned into {@link ScheduledEvent} as the Lambda Java runtime does,
 * the real validator handler starting the restore-test state machine on moto's Step Functions, and
 * statemachine/restore-test.asl.json run by aws-local-stepfunctions on the input the validator sent, every
 * Task served by the real handlers under their deployed roles. AWS Backup's restore jobs,
 * DescribeRestoreJob and PutRestoreValidationResult are answered by {@link BackupApiStandIn} (moto has no
 * restore testing); the restore job's database is created on moto as restore testing leaves it (tagged
 * {@code awsbackup-restore-test}, in the isolated subnet group, an Aurora cluster without an instance), and a
 * real PostgreSQL over TLS stands in for what it holds.
 */
class RestoreTestWorkflowTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    static final String REGION = WorkflowWorld.RECOVERY_REGION;
    static final String PLAN_ARN = "arn:aws:backup:eu-west-1:123456789012:restore-testing-plan:"
            + "restore_drill_shop_prod-0b3c5d7e-2f4a-4c6e-8a0b-1d3f5a7c9e0b";
    static final String OTHER_PLAN_ARN = "arn:aws:backup:eu-west-1:123456789012:restore-testing-plan:someone_elses-1";
    static final String JOB_ID = "7D1F2C3B-9A8E-4F60-B5D4-3C2B1A0F9E8D";
    static final String INSTANCE = "awsbackup-restore-test-7d1f2c3b9a8e";
    static final String CLUSTER = "awsbackup-restore-test-aurora-5e6f";
    static final String RECOVERY_POINT = "arn:aws:rds:eu-west-1:123456789012:snapshot:awsbackup:copyjob-3c1f0a9e";
    static final String MACHINE = "restore-drill-restore-test";

    @TempDir
    static Path workDir;
    static WorkflowTier tier;
    static Path definition;

    WorkflowWorld world;
    BackupApiStandIn backup;
    String machineArn;
    Instant restoreStarted;

    @BeforeAll
    static void start() throws Exception {
        tier = WorkflowTier.start(workDir, WorkflowWorld::startShopStandIn);
        definition = Definitions.write(workDir, "restore-test.json", Definitions.restoreTestWithFunctionNames());
    }

    @AfterAll
    static void stop() {
        if (tier != null) {
            tier.close();
        }
    }

    @BeforeEach
    void world() throws Exception {
        world = new WorkflowWorld(MOTO, tier.restoredStandIn, tier.ca.certificate());
        backup = new BackupApiStandIn(WorkflowWorld.RECOVERY_REGION, List.of());
        tier.lambda.serve(world.restoreTestFunctions(backup, Set.of(PLAN_ARN)));
        machineArn = world.aws.stepFunctions().apply(REGION).createStateMachine(r -> r.name(MACHINE)
                .definition(Definitions.restoreTestWithFunctionNames())
                .roleArn("arn:aws:iam::123456789012:role/" + MACHINE)).stateMachineArn();
        restoreStarted = world.clock.instant().minus(Duration.ofMinutes(38)).truncatedTo(ChronoUnit.SECONDS);
    }

    @AfterEach
    void close() {
        backup.close();
        world.close();
    }

    @Test
    void aCompletedRestoreOfAnRdsInstanceIsVerifiedPublishedAndAnsweredSuccessfulOnceAndOnlyTheDrillsSecretIsRemoved() {
        // GIVEN restore testing restored shop-prod's recovery point into the isolated network, as the stack's
        // selection overrides say, and AWS Backup sent its COMPLETED event
        String created = restoredInstance(INSTANCE, "restore-drill-isolated", world.securityGroup);
        backup.addRestoreJob(job(created, "RDS"));

        // WHEN the validator handles the event and the restore-test state machine runs on what it started
        Execution execution = validateAndRun(event(created, "RDS", PLAN_ARN));

        // THEN the drill passed: Restore found the database isolated, every step ran, the report is PASSED
        assertThat(execution.status()).as("%s", execution).isEqualTo("SUCCEEDED");
        assertThat(execution.path()).containsExactly("Plan", "Restore", "WaitRestore", "CheckRestore", "RestoreReady?",
                "Credentials", "Verify", "VerifyDone?", "Cleanup", "Publish", "AnswerRestoreTest", "Outcome?", "Passed?", "DrillPassed");
        JsonNode report = world.report();
        assertThat(report.get("verdict").asText()).isEqualTo("PASSED");
        assertThat(phases(report)).containsExactly("Restore:PASSED", "Credentials:PASSED", "Verify:PASSED", "Cleanup:PASSED");
        assertThat(report.at("/snapshot/id").asText()).isEqualTo(RECOVERY_POINT);
        assertThat(report.at("/phases/0/start").asText()).isEqualTo(restoreStarted.toString());
        assertThat(rows(report)).isEqualTo(250 + 1_200);
        assertThat(world.metrics).anyMatch(line -> line.contains("\"DrillPassed\":1"));
        // AND AWS Backup was told VALIDATING, then exactly one result: SUCCESSFUL, pointing at the report
        assertThat(backup.validations()).extracting(Validation::status).containsExactly("VALIDATING", "SUCCESSFUL");
        assertThat(backup.validations().get(1).message()).startsWith("Restore Drill PASSED: 1450 rows verified.")
                .contains(execution.output().at("/progress/report/key").asText());
        // AND the restore job's database is left to AWS Backup; the drill's secret is gone, nothing else changed
        assertThat(world.inventory()).containsExactlyInAnyOrderElementsOf(withBefore("instance eu-west-1 " + INSTANCE));
    }

    @Test
    void aCompletedRestoreOfAnAuroraClusterGetsOneDrillInstanceForTheVerificationWhichCleanupRemovesAgain() {
        // GIVEN restore testing restored an Aurora cluster, which it brings back without an instance
        String created = restoredCluster(CLUSTER);
        backup.addRestoreJob(job(created, "Aurora"));

        // WHEN the validator handles the event and the state machine runs
        Execution execution = validateAndRun(event(created, "Aurora", PLAN_ARN));

        // THEN the drill added its writer to the cluster, verified through the cluster's endpoint and passed
        assertThat(execution.status()).as("%s", execution).isEqualTo("SUCCEEDED");
        JsonNode report = world.report();
        assertThat(report.get("verdict").asText()).isEqualTo("PASSED");
        assertThat(rows(report)).isEqualTo(250 + 1_200);
        String writer = execution.output().at("/names/writer").asText();
        assertThat(report.toString()).contains("Deleted instance " + writer);
        // AND exactly one result, SUCCESSFUL; the cluster is AWS Backup's to delete, the drill's writer is gone
        assertThat(backup.validations()).extracting(Validation::status).containsExactly("VALIDATING", "SUCCESSFUL");
        assertThat(world.inventory()).containsExactlyInAnyOrderElementsOf(withBefore("cluster eu-west-1 " + CLUSTER));
    }

    @Test
    void aRestoredCopyThatFailsTheSourcesSuiteIsAnsweredFailedNamingTheFailedCheck() {
        // GIVEN the source's suite wants at least 5,000 orders, and the restored copy holds 1,200
        String created = restoredInstance(INSTANCE, "restore-drill-isolated", world.securityGroup);
        backup.addRestoreJob(job(created, "RDS"));
        String plans = "{\"" + PLAN_ARN + "\": {\"source\": \"shop-prod\", \"suite\": {\"rowCount\": "
                + "[{\"table\": \"public.orders\", \"min\": 5000}]}}}";

        // WHEN the restore test runs
        Execution execution = run(validator(plans).validate(event(created, "RDS", PLAN_ARN)));

        // THEN the drill failed and published its report; AWS Backup got FAILED with the check and what it measured
        assertThat(execution.status()).as("%s", execution).isEqualTo("FAILED");
        assertThat(execution.path()).endsWith("Publish", "AnswerRestoreTest", "Outcome?", "Passed?", "DrillFailed");
        assertThat(world.report().get("verdict").asText()).isEqualTo("FAILED");
        assertThat(backup.validations()).extracting(Validation::status).containsExactly("VALIDATING", "FAILED");
        assertThat(backup.validations().get(1).message()).startsWith("Restore Drill FAILED: check 'public.orders' failed")
                .contains("1200").contains("Failed checks: public.orders.");
    }

    @Test
    void aRestoreOutsideTheIsolatedNetworkIsNeitherTouchedNorVerifiedAndIsAnsweredFailedWithTheReason() {
        // GIVEN a selection without the stack's overrides: AWS Backup restored into another subnet group
        world.aws.apply(REGION).createDBSubnetGroup(r -> r.dbSubnetGroupName("default").dbSubnetGroupDescription("default VPC")
                .subnetIds(world.aws.apply(REGION).describeDBSubnetGroups(d -> d.dbSubnetGroupName("restore-drill-isolated"))
                        .dbSubnetGroups().get(0).subnets().stream().map(s -> s.subnetIdentifier()).toList()));
        String created = restoredInstance(INSTANCE, "default", world.securityGroup);
        backup.addRestoreJob(job(created, "RDS"));

        // WHEN the restore test runs
        Execution execution = validateAndRun(event(created, "RDS", PLAN_ARN));

        // THEN Restore refused it by name; no password was set, nothing verified; AWS Backup got FAILED with the reason
        assertThat(execution.status()).as("%s", execution).isEqualTo("FAILED");
        assertThat(execution.path()).doesNotContain("Credentials", "Verify");
        assertThat(world.report().get("failureReason").asText()).contains("RestoreNotIsolatedException")
                .contains("subnet group 'default'");
        assertThat(backup.validations()).extracting(Validation::status).containsExactly("VALIDATING", "FAILED");
        assertThat(backup.validations().get(1).message()).contains("RestoreNotIsolatedException");
        assertThat(world.inventory()).containsExactlyInAnyOrderElementsOf(withBefore("instance eu-west-1 " + INSTANCE));
    }

    @Test
    void anInputThatNamesAResourceItsRestoreJobDidNotCreateIsRefusedByPlanAndNothingIsAnswered() {
        // GIVEN a restore job that created one instance, and an execution input (someone's StartExecution) naming another
        String created = restoredInstance(INSTANCE, "restore-drill-isolated", world.securityGroup);
        backup.addRestoreJob(job(created, "RDS"));
        String other = restoredInstance("awsbackup-restore-test-other", "restore-drill-isolated", world.securityGroup);
        String input = Events.with(Events.with(Events.with(Events.with(Events.with(Events.with(
                        "{\"source\": \"shop-prod\", \"snapshotMode\": \"RESTORE_TEST\"}",
                        "restoreTest.restoreJobId", JOB_ID), "restoreTest.restoreTestingPlanArn", PLAN_ARN),
                "restoreTest.createdResourceArn", other), "restoreTest.recoveryPointArn", RECOVERY_POINT),
                "drillId", "forged-1"), "database", "shop");

        // WHEN the restore-test state machine runs on it
        Execution execution = tier.local.run(definition, input, Map.of());

        // THEN Plan refused it before anything was created, and AnswerRestoreTest refused to answer for a job the input
        // does not describe: a validation status cannot be changed, so a forged FAILED would stand against the real drill
        assertThat(execution.status()).as("%s", execution).isEqualTo("FAILED");
        assertThat(execution.path()).as("%s", execution).containsExactly("Plan", "AnswerRestoreTest", "AnswerFailed");
        assertThat(execution.error()).isEqualTo("io.restoredrill.core.error.UnsafeTargetException");
        assertThat(execution.cause()).contains("nothing was answered");
        assertThat(backup.validations()).isEmpty();
        assertThat(world.evidenceKeys()).isEmpty();
    }

    @Test
    void aRestoredDatabaseWithoutAwsBackupsRestoreTestTagGetsNoPasswordAndTheDrillFailsSayingWhy() {
        // GIVEN the job's database has lost its awsbackup-restore-test tag (a tag-enforcing automation stripped it)
        String created = restoredInstance(INSTANCE, "restore-drill-isolated", world.securityGroup);
        world.aws.apply(REGION).removeTagsFromResource(r -> r.resourceName(created)
                .tagKeys(DrillTagKeys.AWS_BACKUP_RESTORE_TEST));
        backup.addRestoreJob(job(created, "RDS"));

        // WHEN the restore test runs
        Execution execution = validateAndRun(event(created, "RDS", PLAN_ARN));

        // THEN Credentials refused to change its password, nothing was verified, and AWS Backup was told FAILED and why
        assertThat(execution.status()).as("%s", execution).isEqualTo("FAILED");
        assertThat(execution.path()).doesNotContain("Verify");
        assertThat(world.report().get("failureReason").asText()).contains("Credentials failed with UnsafeTargetException")
                .contains("lacks the awsbackup-restore-test tag");
        assertThat(backup.validations()).extracting(Validation::status).containsExactly("VALIDATING", "FAILED");
    }

    @Test
    void aStartTheStateMachineRefusesIsAnsweredFailedAtOnce() {
        // GIVEN the restore-test state machine is gone (a stack half deleted)
        String created = restoredInstance(INSTANCE, "restore-drill-isolated", world.securityGroup);
        backup.addRestoreJob(job(created, "RDS"));
        stepFunctions().deleteStateMachine(r -> r.stateMachineArn(machineArn));

        // WHEN the completed job's event arrives
        ValidatorStep.Outcome outcome = validator(planInput()).validate(event(created, "RDS", PLAN_ARN));

        // THEN no drill started, and AWS Backup holds FAILED with the reason, never VALIDATING in silence
        assertThat(outcome.started()).isFalse();
        assertThat(backup.validations()).extracting(Validation::status).containsExactly("FAILED");
        assertThat(backup.validations().get(0).message()).startsWith("Restore Drill could not start its drill of " + created);
    }

    @Test
    void eventsOfOtherPlansOtherStatusesOtherServicesOrMalformedChangeNothingAndSayWhy() {
        // GIVEN a completed restore job of this deployment's plan, and events that are not about it
        String created = restoredInstance(INSTANCE, "restore-drill-isolated", world.securityGroup);
        backup.addRestoreJob(job(created, "RDS"));
        String sample = Events.read("restore-job-completed.json");
        Map<String, String> events = Map.of(
                "another plan", Events.with(sample, "detail.restoreTestingPlanArn", OTHER_PLAN_ARN),
                "a failed job", Events.with(sample, "detail.status", "FAILED"),
                "a job without a plan", Events.with(sample, "detail.restoreTestingPlanArn", null),
                "an EBS volume", Events.with(sample, "detail.resourceType", "EBS"),
                "another service", Events.with(sample, "source", "aws.rds"),
                "no job id", Events.with(sample, "detail.restoreJobId", ""),
                "a job id of another type", Events.with(sample, "detail.restoreJobId", 7),
                "no detail", Events.with(sample, "detail", null),
                "no region", Events.with(sample, "region", null),
                "another resource than the job's", Events.with(sample, "detail.createdResourceArn",
                        created.replace(INSTANCE, "awsbackup-restore-test-other")));

        // WHEN the validator handles each
        List<String> answers = new ArrayList<>();
        events.forEach((what, json) -> answers.add(what + ": " + new RestoreTestValidatorHandler(validator(planInput()))
                .handleRequest(scheduledEvent(json), null)));

        // THEN each was ignored with its reason; AWS Backup was told nothing and no execution started
        assertThat(answers).hasSize(10).allMatch(answer -> answer.contains(": Ignored: "));
        assertThat(answers).anyMatch(a -> a.startsWith("another plan") && a.contains("not one of this deployment's"))
                .anyMatch(a -> a.startsWith("a failed job") && a.contains("is FAILED"))
                .anyMatch(a -> a.startsWith("another resource") && a.contains("does not match AWS Backup's record"));
        assertThat(backup.validations()).isEmpty();
        assertThat(stepFunctions().listExecutions(r -> r.stateMachineArn(machineArn)).executions()).isEmpty();
    }

    @Test
    void anEventDeliveredAgainAfterTheAnswerStartsNothing() {
        // GIVEN a restore test that ran and was answered
        String created = restoredInstance(INSTANCE, "restore-drill-isolated", world.securityGroup);
        backup.addRestoreJob(job(created, "RDS"));
        ScheduledEvent event = event(created, "RDS", PLAN_ARN);
        assertThat(validateAndRun(event).status()).isEqualTo("SUCCEEDED");

        // WHEN EventBridge delivers the same event again
        ValidatorStep.Outcome again = validator(planInput()).validate(event);

        // THEN it is ignored: the job is validated already, and AWS Backup still holds one result
        assertThat(again.started()).isFalse();
        assertThat(again.detail()).contains("validated already (SUCCESSFUL)");
        assertThat(backup.validations()).extracting(Validation::status).containsExactly("VALIDATING", "SUCCESSFUL");
    }

    @Test
    void anExecutionThatTimedOutBeforeItsAnswerIsAnsweredFailedByTheValidatorAndAnAnsweredOneIsLeftAlone() {
        // GIVEN a restore test the validator started (AWS Backup holds VALIDATING), whose execution then timed out
        String created = restoredInstance(INSTANCE, "restore-drill-isolated", world.securityGroup);
        backup.addRestoreJob(job(created, "RDS"));
        ValidatorStep validator = validator(planInput());
        assertThat(validator.validate(event(created, "RDS", PLAN_ARN)).started()).isTrue();
        String executionArn = stepFunctions().listExecutions(r -> r.stateMachineArn(machineArn)).executions().get(0)
                .executionArn();
        String input = stepFunctions().describeExecution(r -> r.executionArn(executionArn)).input();
        String timedOut = Events.with(Events.with(Events.with(Events.read("restore-test-execution-timed-out.json"),
                "detail.executionArn", executionArn), "detail.stateMachineArn", machineArn), "detail.input", input);

        // WHEN Step Functions' status change reaches the validator, and then once more
        ValidatorStep.Outcome first = validator.validate(scheduledEvent(timedOut));
        ValidatorStep.Outcome again = validator.validate(scheduledEvent(timedOut));

        // THEN AWS Backup was told FAILED, naming the execution and how it ended; the second delivery changed nothing
        assertThat(backup.validations()).extracting(Validation::status).containsExactly("VALIDATING", "FAILED");
        assertThat(backup.validations().get(1).message()).contains(executionArn).contains("ended TIMED_OUT before answering")
                .contains("States.Timeout");
        assertThat(first.detail()).startsWith("Answered FAILED for restore job " + JOB_ID);
        assertThat(again.detail()).contains("validated already (FAILED)");
        // AND a succeeded execution, or one of another state machine, is left alone
        assertThat(validator.validate(scheduledEvent(Events.with(timedOut, "detail.status", "SUCCEEDED"))).detail())
                .contains("answered AWS Backup itself");
        assertThat(validator.validate(scheduledEvent(Events.with(timedOut, "detail.stateMachineArn",
                machineArn.replace(MACHINE, "restore-drill")))).detail()).contains("not of the restore-test state machine");
        assertThat(backup.validations()).hasSize(2);
    }

    @Test
    void aReportThatCannotBePublishedIsAnsweredFailedWithPublishsReason() {
        // GIVEN a restore test whose Publish fails every time (the evidence bucket refuses the report)
        String created = restoredInstance(INSTANCE, "restore-drill-isolated", world.securityGroup);
        backup.addRestoreJob(job(created, "RDS"));
        Map<String, RequestStreamHandler> functions = world.restoreTestFunctions(backup, Set.of(PLAN_ARN));
        functions.put("Publish", Faults.alwaysFails(() -> new PublishFailedException("Injected: the bucket refused.")));
        tier.lambda.serve(functions);

        // WHEN the restore test runs
        Execution execution = validateAndRun(event(created, "RDS", PLAN_ARN));

        // THEN the execution failed with Publish's error, and AWS Backup was told FAILED with it, not left VALIDATING
        assertThat(execution.path()).endsWith("Publish", "AnswerRestoreTest", "Outcome?", "PublishFailed");
        assertThat(backup.validations()).extracting(Validation::status).containsExactly("VALIDATING", "FAILED");
        assertThat(backup.validations().get(1).message()).startsWith("Restore Drill could not publish its report:")
                .contains("PublishFailedException").contains("Injected: the bucket refused.");
    }

    @Test
    void aDrillInstanceStillBeingDeletedHoldsTheAnswerBackAndARetriedAnswerChangesNothing() throws Exception {
        // GIVEN an Aurora restore test that passed, whose drill instance Cleanup is still deleting (moto deletes at once,
        // so its describe answer says "deleting" once)
        String created = restoredCluster(CLUSTER);
        backup.addRestoreJob(job(created, "Aurora"));
        String writer = "drill-shop-prod-20261207-writer";
        world.aws.apply(REGION).createDBInstance(r -> r.dbInstanceIdentifier(writer).dbClusterIdentifier(CLUSTER)
                .engine("aurora-postgresql").dbInstanceClass("db.t4g.medium"));
        JsonNode state = Json.mapper().readTree(Events.with(Events.with(Events.with(Events.with(Events.with("{}",
                "restoreTest.restoreJobId", JOB_ID), "restoreTest.createdResourceArn", created), "names.writer", writer),
                "progress.report", Map.of("bucket", "evidence", "key", "reports/shop-prod/x.json", "verdict", "PASSED")),
                "progress.verification.rowsVerified", 1450));
        try (MotoRds deleting = new MotoRds(MOTO, new StatusRewriter().then("deleting"))) {
            MotoRds answering = deleting.as(world.roles, "AnswerRestoreTest");
            AnswerStep answer = new AnswerStep(region -> backup.client(region, answering), answering, REGION, Set.of(PLAN_ARN));

            // WHEN AnswerRestoreTest runs while the instance is being deleted THEN it waits, telling AWS Backup nothing
            assertThatThrownBy(() -> answer.answer(state)).isInstanceOf(StillDeletingException.class).hasMessageContaining(writer);
            assertThat(backup.validations()).isEmpty();

            // WHEN it runs again once the instance is gone, and once more (a retried invocation)
            world.aws.apply(REGION).deleteDBInstance(r -> r.dbInstanceIdentifier(writer).skipFinalSnapshot(true));
            ValidationAnswer first = answer.answer(state);
            ValidationAnswer again = answer.answer(state);

            // THEN AWS Backup got one SUCCESSFUL, and the retry returned it without a second call
            assertThat(first.status()).isEqualTo(RestoreValidationStatus.SUCCESSFUL);
            assertThat(again).isEqualTo(first);
            assertThat(backup.validations()).extracting(Validation::status).containsExactly("SUCCESSFUL");
        }
    }

    private Execution validateAndRun(ScheduledEvent event) {
        return run(validator(planInput()).validate(event));
    }

    /** Runs the restore-test definition on the input the validator gave moto's StartExecution. */
    private Execution run(ValidatorStep.Outcome outcome) {
        assertThat(outcome.started()).as(outcome.detail()).isTrue();
        SfnClient sfn = stepFunctions();
        String executionArn = sfn.listExecutions(r -> r.stateMachineArn(machineArn)).executions().get(0).executionArn();
        String input = sfn.describeExecution(r -> r.executionArn(executionArn)).input();
        return tier.local.run(definition, input, Map.of());
    }

    private SfnClient stepFunctions() {
        return world.aws.stepFunctions().apply(REGION);
    }

    /** The validator as deployed: its role's clients, the stack's plan map and state machine. */
    private ValidatorStep validator(String plans) {
        MotoRds validator = world.as("RestoreTestValidator");
        return new ValidatorStep(region -> backup.client(region, validator), validator.stepFunctions(), machineArn,
                RestoreTestPlans.parse(plans), world.clock);
    }

    /** The stack's RESTORE_TESTS: the plan tests shop-prod, database shop, with the default checks. */
    private static String planInput() {
        return "{\"" + PLAN_ARN + "\": {\"source\": \"shop-prod\", \"database\": \"shop\"}}";
    }

    private RestoreJob job(String created, String type) {
        return new RestoreJob(JOB_ID, PLAN_ARN, created, RECOVERY_POINT, type, "COMPLETED", restoreStarted,
                restoreStarted.plus(Duration.ofMinutes(37)), restoreStarted.minus(Duration.ofHours(5)));
    }

    /** The sample event, about this job's resource. */
    private static ScheduledEvent event(String created, String type, String plan) {
        String json = Events.with(Events.with(Events.with(Events.read("restore-job-completed.json"),
                "detail.createdResourceArn", created), "detail.resourceType", type), "detail.restoreTestingPlanArn", plan);
        return scheduledEvent(json);
    }

    /** What the Lambda Java runtime hands a {@code RequestHandler<ScheduledEvent, ?>} for this JSON. */
    static ScheduledEvent scheduledEvent(String json) {
        return LambdaEventSerializers.serializerFor(ScheduledEvent.class, ScheduledEvent.class.getClassLoader())
                .fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** An RDS instance as restore testing leaves it: AWS Backup's name and tag, the given network. */
    private String restoredInstance(String name, String subnetGroup, String securityGroup) {
        return world.aws.apply(REGION).createDBInstance(r -> r.dbInstanceIdentifier(name).engine("postgres")
                .engineVersion(PostgresFixture.engineVersion()).dbInstanceClass("db.t4g.medium").dbName("shop")
                .masterUsername("postgres").masterUserPassword("restored-by-backup-1").allocatedStorage(20)
                .dbSubnetGroupName(subnetGroup).vpcSecurityGroupIds(securityGroup).publiclyAccessible(false)
                .tags(restoreTestTag())).dbInstance().dbInstanceArn();
    }

    /** An Aurora cluster as restore testing leaves it: no instance, in the isolated network. */
    private String restoredCluster(String name) {
        return world.aws.apply(REGION).createDBCluster(r -> r.dbClusterIdentifier(name).engine("aurora-postgresql")
                .engineVersion("15.4").databaseName("shop").masterUsername("postgres").masterUserPassword("restored-by-backup-1")
                .dbSubnetGroupName("restore-drill-isolated").vpcSecurityGroupIds(world.securityGroup)
                .tags(restoreTestTag())).dbCluster().dbClusterArn();
    }

    private static Tag restoreTestTag() {
        return Tag.builder().key(DrillTagKeys.AWS_BACKUP_RESTORE_TEST).value("restore_drill_shop_prod").build();
    }

    private static List<String> withBefore(String restored) {
        List<String> expected = new ArrayList<>(DrillWorkflowTest.BEFORE);
        expected.add(restored);
        return expected;
    }

    private static List<String> phases(JsonNode report) {
        return StreamSupport.stream(report.get("phases").spliterator(), false)
                .map(phase -> phase.get("phase").asText() + ":" + phase.get("status").asText()).toList();
    }

    private static long rows(JsonNode report) {
        return StreamSupport.stream(report.at("/verification/inventory/tables").spliterator(), false)
                .mapToLong(table -> table.get("rows").asLong()).sum();
    }
}
