package io.restoredrill.aws.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.aws.Events;
import io.restoredrill.aws.testing.MotoRds;
import io.restoredrill.aws.testing.StatusRewriter;
import io.restoredrill.aws.verify.Slicing;
import io.restoredrill.aws.workflow.LocalExecution.Execution;
import io.restoredrill.core.error.BudgetExceededException;
import io.restoredrill.core.error.CopyFailedException;
import io.restoredrill.core.error.PublishFailedException;
import io.restoredrill.core.error.RestoreFailedException;
import io.restoredrill.core.error.SnapshotFailedException;
import io.restoredrill.core.error.SuiteFileInvalidException;
import io.restoredrill.core.error.ThrottledException;
import io.restoredrill.core.error.UnsafeTargetException;
import io.restoredrill.core.error.VerificationFailedException;
import io.restoredrill.core.json.Json;
import io.restoredrill.core.verify.Inventory;
import io.restoredrill.core.verify.InventoryScanner;
import io.restoredrill.core.verify.TableInventory;
import io.restoredrill.testing.MotoServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The workflow tier: statemachine/restore-drill.asl.json executed by aws-local-stepfunctions, every
 * Task served by the real Java handlers through a loopback Lambda Invoke endpoint, their AWS calls
 * on moto, Verify against a real PostgreSQL over verify-full TLS that stands in for the restored
 * database, Waits and Retry pauses taking no time. One moto, one PostgreSQL and one endpoint serve
 * every test of the class; moto is reset before each.
 */
class DrillWorkflowTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    static final String DRILL_ARN = "arn:aws:states:eu-west-1:123456789012:stateMachine:restore-drill";

    /** What moto holds before every drill, and must hold again after it. */
    static final List<String> BEFORE = List.of("instance eu-central-1 shop-prod",
            "snapshot eu-central-1 " + WorkflowWorld.EARLIER_SNAPSHOT);

    static final List<String> HAPPY_PATH = List.of("Plan", "DryRun?", "Snapshot", "WaitSnapshot", "CheckSnapshot",
            "SnapshotReady?", "Copy", "WaitCopy", "CheckCopy", "CopyReady?", "Restore", "WaitRestore", "CheckRestore",
            "RestoreReady?", "Credentials", "Verify", "VerifyDone?", "Cleanup", "Publish", "Passed?", "DrillPassed");

    @TempDir
    static Path workDir;
    static WorkflowTier tier;
    static Path drill;
    static Path fleet;

    WorkflowWorld world;

    @BeforeAll
    static void start() throws Exception {
        tier = WorkflowTier.start(workDir, WorkflowWorld::startShopStandIn);
        drill = Definitions.write(workDir, "restore-drill.json", Definitions.drillWithFunctionNames());
        fleet = Definitions.write(workDir, "restore-drill-fleet.json", Definitions.substituted(
                Definitions.read(Definitions.FLEET), Map.of("DrillStateMachineArn", DRILL_ARN)));
    }

    @AfterAll
    static void stop() {
        if (tier != null) {
            tier.close();
        }
    }

    @BeforeEach
    void world() {
        world = new WorkflowWorld(MOTO, tier.restoredStandIn, tier.ca.certificate());
        tier.lambda.serve(world.functions());
    }

    @AfterEach
    void close() {
        world.close();
    }

    private Execution runDrill(String input) {
        return tier.local.run(drill, input, Map.of());
    }

    private static String manualStart() {
        return Events.read("manual-start.json");
    }

    private void serve(String task, RequestStreamHandler handler) {
        Map<String, RequestStreamHandler> functions = new java.util.HashMap<>(world.functions());
        functions.put(task, handler);
        tier.lambda.serve(functions);
    }

    @Test
    void aManualStartRunsEveryStepCleansUpAndPublishesAPassedReport() {
        // WHEN the drill state machine runs on the manual execution input
        Execution execution = runDrill(manualStart());

        // THEN every state ran once, in order, each Task by its own function, and the execution succeeded
        assertThat(execution.status()).as("%s", execution).isEqualTo("SUCCEEDED");
        assertThat(execution.path()).containsExactlyElementsOf(HAPPY_PATH);
        assertThat(tier.lambda.invocations()).containsExactlyElementsOf(Definitions.TASKS);
        // AND its output is the final state, pointing at the stored report, which says PASSED
        JsonNode report = world.report();
        assertThat(execution.output().at("/progress/report/verdict").asText()).isEqualTo("PASSED");
        assertThat(execution.output().at("/progress/report/key").asText()).endsWith("/" + report.get("drillId").asText() + ".json");
        assertThat(report.get("verdict").asText()).isEqualTo("PASSED");
        assertThat(report.get("failureReason").isNull()).isTrue();
        assertThat(phases(report)).containsExactly("Snapshot:PASSED", "Copy:PASSED", "Restore:PASSED", "Credentials:PASSED",
                "Verify:PASSED", "Cleanup:PASSED");
        assertThat(StreamSupport.stream(report.at("/verification/inventory/tables").spliterator(), false)
                .mapToLong(table -> table.get("rows").asLong()).sum()).isEqualTo(250 + 1_200);
        assertThat(world.metrics).anyMatch(line -> line.contains("\"DrillPassed\":1"));
        // AND nothing of the drill is left: the source and the snapshot taken before the drill are untouched
        assertThat(world.inventory()).containsExactlyInAnyOrderElementsOf(BEFORE);
        assertThat(world.aws.apply("eu-central-1").describeDBSnapshots(r -> r.dbSnapshotIdentifier(WorkflowWorld.EARLIER_SNAPSHOT))
                .dbSnapshots().get(0).status()).isEqualTo("available");
    }

    @Test
    void theInputsSuiteTravelsFromPlanToVerifyAndARuleTheCopyMissesFailsThePublishedDrill() {
        // GIVEN the manual input with a suite: orders must hold at least 5,000 rows (the restored copy has 1,200)
        String input = Events.with(manualStart(), "suite", Map.of("rowCount",
                List.of(Map.of("table", "public.orders", "min", 5000))));

        // WHEN the drill state machine runs on it
        Execution execution = runDrill(input);

        // THEN every step ran, the drill was published as FAILED, naming the rule and the rows the copy holds, and the
        // execution failed with that reason
        assertThat(execution.status()).as("%s", execution).isEqualTo("FAILED");
        assertThat(execution.path()).endsWith("Verify", "VerifyDone?", "Cleanup", "Publish", "Passed?", "DrillFailed");
        assertThat(execution.toString()).contains("check 'public.orders' failed: The table has 1200 rows, outside ≥ 5000.");
        JsonNode report = world.report();
        assertThat(report.get("verdict").asText()).isEqualTo("FAILED");
        assertThat(report.get("failureReason").asText()).contains("public.orders").contains("1200");
        assertThat(StreamSupport.stream(report.at("/verification/checks").spliterator(), false)
                .filter(check -> check.get("kind").asText().equals("rowCount"))
                .map(check -> check.get("status").asText() + " " + check.get("measured").asText()))
                .containsExactly("FAILED 1200");
    }

    @Test
    void aSuiteTheInputNamesByKeyIsReadFromTheBucketByPlanAndARuleTheCopyMissesFailsTheDrill() {
        // GIVEN a suite file (YAML, with a comment) the team keeps under suites/ in the deployment's bucket: orders must
        // hold at least 5,000 rows (the restored copy has 1,200)
        world.aws.s3().apply(WorkflowWorld.RECOVERY_REGION).putObject(r -> r.bucket(WorkflowWorld.BUCKET)
                .key("suites/shop-prod/checks.yaml"), RequestBody.fromString("""
                        # the shop's own checks
                        rowCount:
                          - {table: public.orders, min: 5000}
                        """));
        String input = Events.with(manualStart(), "suiteKey", "shop-prod/checks.yaml");

        // WHEN the drill runs on an input that names it
        Execution execution = runDrill(input);

        // THEN Verify ran its rule and the drill failed naming it
        assertThat(execution.status()).as("%s", execution).isEqualTo("FAILED");
        assertThat(execution.toString()).contains("check 'public.orders' failed: The table has 1200 rows, outside ≥ 5000.");
        assertThat(world.report().get("failureReason").asText()).contains("public.orders").contains("1200");
    }

    @Test
    void aSuiteKeyWithNoSuiteBehindItIsRefusedByPlanAndNothingIsCreated() throws Exception {
        Execution execution = runDrill(Events.with(manualStart(), "suiteKey", "shop-prod/missing.yaml"));

        assertThat(execution.status()).as("%s", execution).isEqualTo("FAILED");
        assertThat(execution.path()).containsExactly("Plan", "PlanRefused");
        assertThat(execution.error()).isEqualTo(SuiteFileInvalidException.class.getName());
        assertThat(Json.mapper().readTree(execution.cause()).get("errorMessage").asText()).isEqualTo("Suite s3://"
                + WorkflowWorld.BUCKET + "/suites/shop-prod/missing.yaml does not exist (or Plan may not read it): upload"
                + " the suite file there, or give the suite inline in 'suite'.");
        assertThat(world.inventory()).containsExactlyInAnyOrderElementsOf(BEFORE);
    }

    @Test
    void aCopyWhoseNewestDataIsOlderThanTheRpoIsAFailedStaleBackupAndItsDataRpoIsPublishedForTheAlarm() {
        // GIVEN the restored copy's newest event is three days older than the drill's start, a suite whose freshness rule
        // allows one day, and an RPO budget of 26 hours
        tier.restoredStandIn.execute("shop", "CREATE TABLE events (at timestamptz NOT NULL);"
                + " INSERT INTO events VALUES (now() - interval '3 days'), (now() - interval '5 days')");
        try {
            String input = Events.with(Events.with(manualStart(), "budgets.rpo", "26h"), "suite",
                    Map.of("freshness", List.of(Map.of("table", "public.events", "column", "at", "maxLag", "1d"))));

            // WHEN the drill runs
            Execution execution = runDrill(input);

            // THEN it failed: the freshness rule names the data's age, and the report's RPO is the data's, not the
            // snapshot's (about three days)
            assertThat(execution.status()).as("%s", execution).isEqualTo("FAILED");
            JsonNode report = world.report();
            assertThat(report.get("verdict").asText()).isEqualTo("FAILED");
            assertThat(StreamSupport.stream(report.at("/verification/checks").spliterator(), false)
                    .filter(check -> check.get("kind").asText().equals("freshness"))
                    .map(check -> check.get("status").asText())).containsExactly("FAILED");
            assertThat(report.get("rpoSeconds").asDouble()).isBetween(3 * 86_400.0 - 3_600, 3 * 86_400.0 + 3_600);
            // AND the metric the source's rpo-over-budget alarm watches carries that age
            assertThat(world.metrics).anyMatch(line -> line.matches("(?s).*\"SnapshotAgeSeconds\":2[56]\\d{4}(\\.\\d+)?[,}].*"));
            assertThat(world.inventory()).containsExactlyInAnyOrderElementsOf(BEFORE);
        } finally {
            tier.restoredStandIn.execute("shop", "DROP TABLE events");
        }
    }

    @Test
    void aDrillStartedWithKeepPassesAndLeavesTheRestoredCopyAndItsSecretSayingHowToConnect() {
        // WHEN a drill runs with keep
        Execution execution = runDrill(Events.with(manualStart(), "keep", true));

        // THEN it passed, and the restored instance and its secret are left (until the TTL; the Janitor removes them)
        assertThat(execution.status()).as("%s", execution).isEqualTo("SUCCEEDED");
        List<String> left = world.inventory();
        assertThat(left).containsAll(BEFORE);
        assertThat(left).filteredOn(item -> !BEFORE.contains(item)).hasSize(2)
                .anyMatch(item -> item.startsWith("instance eu-west-1 drill-shop-prod-"))
                .anyMatch(item -> item.startsWith("secret eu-west-1 restore-drill/shop-prod/"));
        // AND the report's Cleanup phase says how to reach it, never with the password itself
        JsonNode cleanup = StreamSupport.stream(world.report().get("phases").spliterator(), false)
                .filter(phase -> phase.get("phase").asText().equals("Cleanup")).findFirst().orElseThrow();
        assertThat(cleanup.get("detail").asText()).contains("Kept for inspection until").contains("psql \"host=")
                .contains("aws secretsmanager get-secret-value --secret-id");
    }

    /** An invocation that failed after its handler did its work (as a Lambda timing out after its last AWS call). */
    @ParameterizedTest(name = "a failure at {0} is caught, cleaned up and reported as a failed {1}")
    @CsvSource({
            "Snapshot,      Snapshot",
            "CheckSnapshot, Snapshot",
            "Copy,          Copy",
            "CheckCopy,     Copy",
            "Restore,       Restore",
            "CheckRestore,  Restore",
            "Credentials,   Credentials",
            "Verify,        Verify"})
    void aFailureAtAnyTaskEndsInCleanupAPublishedFailedReportAndAFailedExecution(String task, String phase) {
        // GIVEN the task's invocation fails after its handler ran
        RuntimeException failure = failureOf(task);
        serve(task, Faults.afterItsWork(world.functions().get(task), () -> failure));

        // WHEN the drill runs
        Execution execution = runDrill(manualStart());

        // THEN the failure was caught once (no retry of a terminal error), and Cleanup and Publish ran before the Fail state
        assertThat(execution.status()).as("%s", execution).isEqualTo("FAILED");
        assertThat(execution.eventsOf("StateRetried", task)).isEmpty();
        assertThat(execution.eventsOf("StateCaught", task)).hasSize(1);
        List<String> path = execution.path();
        assertThat(path.subList(path.size() - 5, path.size())).containsExactly(task, "Cleanup", "Publish", "Passed?", "DrillFailed");
        assertThat(path.subList(0, path.size() - 4)).containsExactlyElementsOf(HAPPY_PATH.subList(0, HAPPY_PATH.indexOf(task) + 1));
        // AND the stored report is FAILED, naming the phase, the error and its message; the execution's cause is the same sentence
        JsonNode report = world.report();
        String reason = phase + " failed with " + failure.getClass().getSimpleName() + ": " + failure.getMessage();
        assertThat(report.get("verdict").asText()).isEqualTo("FAILED");
        assertThat(report.get("failureReason").asText()).isEqualTo(reason);
        assertThat(phases(report)).contains(phase + ":FAILED", "Cleanup:PASSED");
        assertThat(execution.error()).isEqualTo("io.restoredrill.DrillFailed");
        assertThat(execution.cause()).isEqualTo(reason);
        // AND nothing the drill created is left, though the state never learned of what the failed task created
        assertThat(world.inventory()).containsExactlyInAnyOrderElementsOf(BEFORE);
    }

    @Test
    void aVerifyLambdaThatKeepsTimingOutIsRetriedTwiceThenCaughtCleanedUpAndReportedAsAFailedDrill() {
        // GIVEN the Verify function runs out of time after its work, every time, as Lambda reports it (errorType
        // Sandbox.Timedout)
        serve("Verify", Faults.afterItsWork(world.functions().get("Verify"), () -> new LambdaEndpoint.RuntimeFailure(
                "Sandbox.Timedout", "2026-11-22T04:52:04.000Z 3f1c… Task timed out after 900.00 seconds")));

        // WHEN the drill runs
        Execution execution = runDrill(manualStart());

        // THEN the timeout is retried twice (a killed invocation goes on from its checkpoint), then caught; Cleanup and
        // Publish run; the drill fails naming Verify and the timeout
        assertThat(execution.status()).as("%s", execution).isEqualTo("FAILED");
        assertThat(execution.eventsOf("StateRetried", "Verify")).hasSize(2);
        List<String> path = execution.path();
        assertThat(path.subList(path.size() - 5, path.size())).containsExactly("Verify", "Cleanup", "Publish", "Passed?",
                "DrillFailed");
        JsonNode report = world.report();
        assertThat(report.get("verdict").asText()).isEqualTo("FAILED");
        assertThat(report.get("failureReason").asText()).startsWith("Verify failed with Sandbox.Timedout")
                .contains("Task timed out after 900.00 seconds");
        assertThat(world.inventory()).containsExactlyInAnyOrderElementsOf(BEFORE);
    }

    @Test
    void aVerificationLongerThanOneInvocationGoesOnInTheNextAndOneKilledMidwayFromItsCheckpoint() throws Exception {
        // GIVEN the restored copy also holds a table of 60,000 rows, and what one uninterrupted scan of the copy finds
        tier.restoredStandIn.execute("shop", "CREATE TABLE ledger AS SELECT g AS id, 'entry ' || g AS note"
                + " FROM generate_series(1, 60000) g");
        try {
            Inventory whole = InventoryScanner.scan(() -> tier.restoredStandIn.connect("shop"), 2, Duration.ofMinutes(1));
            // AND Verify invocations whose slices are over as soon as they start (so each runs its first check or two,
            // as an invocation must, and leaves the rest), reading tables 64 blocks per scan; the third invocation is
            // killed (its Lambda timing out) after its work
            serve("Verify", Faults.nthCallAfterItsWork(world.verify(new Slicing(Duration.ZERO, Duration.ofMillis(1), 64,
                    Duration.ofMillis(20))), 3, () -> new LambdaEndpoint.RuntimeFailure("Sandbox.Timedout",
                    "2026-12-06T04:52:04.000Z 3f1c… Task timed out after 900.00 seconds")));

            // WHEN the drill runs
            Execution execution = runDrill(manualStart());

            // THEN Verify ran again and again, the state machine looping through VerifyDone? until it was done; the
            // killed invocation was retried once, and the drill passed
            assertThat(execution.status()).as("%s", execution).isEqualTo("SUCCEEDED");
            List<String> path = execution.path();
            long verifies = path.stream().filter("Verify"::equals).count();
            assertThat(verifies).isGreaterThanOrEqualTo(4);
            assertThat(path.stream().filter("VerifyDone?"::equals).count()).isEqualTo(verifies);
            assertThat(execution.eventsOf("StateRetried", "Verify")).hasSize(1);
            // AND the published inventory is exactly what one uninterrupted scan finds: every table's rows and hash
            JsonNode report = world.report();
            assertThat(report.get("verdict").asText()).isEqualTo("PASSED");
            Inventory published = Json.mapper().treeToValue(report.at("/verification/inventory"), Inventory.class);
            assertThat(published.tables()).containsExactlyInAnyOrderElementsOf(whole.tables());
            assertThat(published.find("public.ledger")).get().extracting(TableInventory::rows).isEqualTo(60_000L);
            assertThat(world.inventory()).containsExactlyInAnyOrderElementsOf(BEFORE);
        } finally {
            tier.restoredStandIn.execute("shop", "DROP TABLE ledger");
        }
    }

    private static RuntimeException failureOf(String task) {
        String message = "Injected by the workflow test: " + task + " failed after doing its work.";
        Map<String, Supplier<RuntimeException>> failures = Map.of(
                "Snapshot", () -> new SnapshotFailedException(message),
                "CheckSnapshot", () -> new SnapshotFailedException(message),
                "Copy", () -> new CopyFailedException(message),
                "CheckCopy", () -> new CopyFailedException(message),
                "Restore", () -> new RestoreFailedException(message),
                "CheckRestore", () -> new RestoreFailedException(message),
                "Credentials", () -> new UnsafeTargetException(message),
                "Verify", () -> new VerificationFailedException(message));
        return failures.get(task).get();
    }

    @Test
    void aPollThatNeverCompletesFailsOnThePhaseBudget() {
        // GIVEN a snapshot RDS keeps reporting as 'creating', and a Snapshot budget of 5 minutes
        StatusRewriter stillCreating = new StatusRewriter().then(Collections.nCopies(50, "creating").toArray(String[]::new));
        try (MotoRds checks = new MotoRds(MOTO, stillCreating)) {
            tier.lambda.serve(world.functions(checks));

            // WHEN the drill runs (each WaitSnapshot moves the clock by its 60 seconds)
            Execution execution = runDrill(Events.with(manualStart(), "budgets.phases.snapshot", "5m"));

            // THEN CheckSnapshot looked five times, the fifth at the budget's end failed the drill with the budget error
            assertThat(tier.lambda.invocations().stream().filter("CheckSnapshot"::equals)).hasSize(5);
            assertThat(execution.eventsOf("StateFailed", "CheckSnapshot")).singleElement()
                    .extracting(LocalExecution.Event::error).isEqualTo(BudgetExceededException.class.getName());
            assertThat(execution.status()).as("%s", execution).isEqualTo("FAILED");
            assertThat(execution.path()).endsWith("CheckSnapshot", "Cleanup", "Publish", "Passed?", "DrillFailed");
            assertThat(execution.cause()).isEqualTo("Snapshot failed with BudgetExceededException: Snapshot was stopped after"
                    + " 5m 00s: its budget is 5m 00s (last status 'creating').");
            assertThat(world.report().get("verdict").asText()).isEqualTo("FAILED");
            assertThat(world.inventory()).containsExactlyInAnyOrderElementsOf(BEFORE);
        }
    }

    @Test
    void aThrottledCallIsRetriedAndTheDrillStillPasses() {
        // GIVEN Copy's first call is throttled beyond the SDK's own retries
        serve("Copy", Faults.firstCallFails(world.functions().get("Copy"),
                new ThrottledException("Rate exceeded for CopyDBSnapshot; the step is retried.", null)));

        // WHEN the drill runs
        Execution execution = runDrill(manualStart());

        // THEN the state machine retried Copy once, and the drill passed
        assertThat(execution.eventsOf("StateRetried", "Copy")).hasSize(1);
        assertThat(tier.lambda.invocations().stream().filter("Copy"::equals)).hasSize(2);
        assertThat(execution.status()).as("%s", execution).isEqualTo("SUCCEEDED");
        assertThat(world.report().get("verdict").asText()).isEqualTo("PASSED");
        assertThat(world.inventory()).containsExactlyInAnyOrderElementsOf(BEFORE);
    }

    @Test
    void aDryRunEndsWithThePlanAndCreatesNothing() {
        Execution execution = runDrill(Events.with(manualStart(), "dryRun", true));

        assertThat(execution.status()).as("%s", execution).isEqualTo("SUCCEEDED");
        assertThat(execution.path()).containsExactly("Plan", "DryRun?", "Planned");
        assertThat(tier.lambda.invocations()).containsExactly("Plan");
        assertThat(execution.output().get("dryRun").asBoolean()).isTrue();
        assertThat(execution.output().at("/names/restored").asText()).startsWith("drill-shop-prod-");
        assertThat(world.inventory()).containsExactlyInAnyOrderElementsOf(BEFORE);
        assertThat(world.evidenceKeys()).isEmpty();
    }

    @Test
    void withTheSourceRegionDownTheDrillRestoresTheNewestRecoveryRegionCopyAndLeavesThatCopyAlone() {
        // GIVEN a backup of the source already copied to the recovery region (as AWS Backup's copy action does)
        world.aws.apply("eu-west-1").copyDBSnapshot(r -> r.sourceDBSnapshotIdentifier(
                        "arn:aws:rds:eu-central-1:123456789012:snapshot:" + WorkflowWorld.EARLIER_SNAPSHOT)
                .targetDBSnapshotIdentifier("shop-prod-backup-copy").kmsKeyId(world.kmsKey).sourceRegion("eu-central-1"));

        // WHEN a drill runs with the source region down
        Execution execution = runDrill("{\"source\": \"shop-prod\", \"sourceRegionDown\": true, \"database\": \"shop\"}");

        // THEN it went from Plan straight to Restore, passed, and left the recovery-region copy where it was
        assertThat(execution.status()).as("%s", execution).isEqualTo("SUCCEEDED");
        assertThat(execution.path()).containsExactlyElementsOf(HAPPY_PATH.stream()
                .filter(state -> !state.contains("Snapshot") && !state.contains("Copy")).toList());
        assertThat(world.report().get("verdict").asText()).isEqualTo("PASSED");
        List<String> expected = new ArrayList<>(BEFORE);
        expected.add("snapshot eu-west-1 shop-prod-backup-copy");
        assertThat(world.inventory()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aPlanThatRefusesTheInputFailsAtOnceWithPlansErrorAndCreatesNothing() throws Exception {
        Execution execution = runDrill("{\"source\": \"missing-db\"}");

        assertThat(execution.status()).as("%s", execution).isEqualTo("FAILED");
        assertThat(execution.path()).containsExactly("Plan", "PlanRefused");
        assertThat(execution.error()).isEqualTo("io.restoredrill.core.error.SourceNotFoundException");
        // the cause is the Java runtime's error document, as Step Functions passes it on
        JsonNode cause = Json.mapper().readTree(execution.cause());
        assertThat(cause.get("errorType").asText()).isEqualTo("io.restoredrill.core.error.SourceNotFoundException");
        assertThat(cause.get("errorMessage").asText()).contains("missing-db");
        assertThat(tier.lambda.invocations()).containsExactly("Plan");
        assertThat(world.inventory()).containsExactlyInAnyOrderElementsOf(BEFORE);
        assertThat(world.evidenceKeys()).isEmpty();
    }

    @Test
    void aCleanupThatFailsIsReportedAndFailsAnOtherwiseGoodDrill() {
        serve("Cleanup", Faults.alwaysFails(() -> new UnsafeTargetException("Injected by the workflow test: Cleanup refused.")));

        Execution execution = runDrill(manualStart());

        assertThat(execution.status()).as("%s", execution).isEqualTo("FAILED");
        assertThat(execution.path()).endsWith("Verify", "VerifyDone?", "Cleanup", "Publish", "Passed?", "DrillFailed");
        assertThat(execution.cause()).isEqualTo("Cleanup failed with UnsafeTargetException: Injected by the workflow test:"
                + " Cleanup refused.");
        assertThat(world.report().get("verdict").asText()).isEqualTo("FAILED");
        // what Cleanup could not delete is left for the Janitor, which removes it past the drill's TTL
        assertThat(world.inventory()).hasSizeGreaterThan(BEFORE.size());
    }

    @Test
    void aReportThatCannotBeStoredFailsTheExecutionWithPublishsOwnErrorAfterCleanup() {
        serve("Publish", Faults.alwaysFails(() -> new PublishFailedException("Injected by the workflow test: the bucket refused.")));

        Execution execution = runDrill(manualStart());

        assertThat(execution.status()).as("%s", execution).isEqualTo("FAILED");
        assertThat(execution.path()).endsWith("Verify", "VerifyDone?", "Cleanup", "Publish", "PublishFailed");
        assertThat(execution.error()).isEqualTo(PublishFailedException.class.getName());
        assertThat(execution.cause()).contains("Injected by the workflow test: the bucket refused.");
        assertThat(world.inventory()).containsExactlyInAnyOrderElementsOf(BEFORE);
    }

    @Test
    void theFleetDrillsEverySourceAndAFailedSourceDoesNotStopTheOthers() {
        // GIVEN the scheduled fleet input, with one source that exists and one that does not
        String input = Events.with(Events.read("schedule.json"), "sources",
                List.of(Map.of("source", "shop-prod"), Map.of("source", "missing-db")));

        // WHEN the fleet state machine runs
        Execution execution = tier.local.run(fleet, input, Map.of(DRILL_ARN, drill));

        // THEN both drills ran as their own executions: one passed, one failed in Plan; the fleet ends with the summary
        assertThat(execution.status()).as("%s", execution).isEqualTo("SUCCEEDED");
        assertThat(execution.nested()).extracting(Execution::status).containsExactlyInAnyOrder("SUCCEEDED", "FAILED");
        JsonNode summary = execution.output();
        assertThat(summary.get("total").asInt()).isEqualTo(2);
        assertThat(summary.get("failed").asInt()).isEqualTo(1);
        assertThat(summary.get("failedSources")).extracting(JsonNode::asText).containsExactly("missing-db");
        JsonNode passed = summary.at("/drills/0");
        assertThat(passed.get("source").asText()).isEqualTo("shop-prod");
        assertThat(passed.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(passed.get("verdict").asText()).isEqualTo("PASSED");
        JsonNode failed = summary.at("/drills/1");
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("error").asText()).isEqualTo("States.TaskFailed");
        assertThat(failed.get("cause").asText()).contains("io.restoredrill.core.error.SourceNotFoundException");
        // AND the schedule's defaults reached the drill: its budgets are the fleet's
        assertThat(world.report().at("/budgets/phaseSeconds/Copy").asDouble()).isEqualTo(7_200.0);
        assertThat(world.inventory()).containsExactlyInAnyOrderElementsOf(BEFORE);
    }

    @Test
    void aDryRunOfTheWholeScheduleSucceedsForEverySourceWithAnEmptyListOfFailures() {
        // GIVEN both sources of the scheduled input exist, and the schedule asks for a dry run
        world.aws.apply("eu-central-1").createDBInstance(r -> r.dbInstanceIdentifier("billing-db").engine("postgres")
                .dbInstanceClass("db.t4g.medium").masterUsername("postgres").masterUserPassword("not-used-2").allocatedStorage(20));
        String input = Events.with(Events.read("schedule.json"), "defaults.dryRun", true);

        // WHEN the fleet runs
        Execution execution = tier.local.run(fleet, input, Map.of(DRILL_ARN, drill));

        // THEN each source was planned in its own drill execution, nothing failed, and nothing was created
        assertThat(execution.status()).as("%s", execution).isEqualTo("SUCCEEDED");
        assertThat(execution.nested()).extracting(Execution::status).containsExactly("SUCCEEDED", "SUCCEEDED");
        JsonNode summary = execution.output();
        assertThat(summary.get("total").asInt()).isEqualTo(2);
        assertThat(summary.get("failed").asInt()).isZero();
        assertThat(summary.get("failedSources")).isEmpty();
        assertThat(summary.get("drills")).extracting(d -> d.get("source").asText() + ":" + d.get("dryRun").asBoolean())
                .containsExactly("shop-prod:true", "billing-db:true");
        assertThat(execution.nested()).extracting(nested -> nested.output().at("/source/identifier").asText() + ":"
                + nested.output().at("/budgets/phaseSeconds/Restore").asInt())
                .containsExactlyInAnyOrder("shop-prod:2700", "billing-db:5400");
        assertThat(tier.lambda.invocations()).containsExactly("Plan", "Plan");
        assertThat(world.evidenceKeys()).isEmpty();
    }

    @Test
    void aFleetInputAskingForMoreThanFiveConcurrentDrillsIsRefusedBeforeAnyStarts() {
        Execution execution = tier.local.run(fleet, Events.with(Events.read("schedule.json"), "maxConcurrency", 8),
                Map.of(DRILL_ARN, drill));

        assertThat(execution.status()).as("%s", execution).isEqualTo("FAILED");
        assertThat(execution.error()).isEqualTo("io.restoredrill.InvalidFleetInput");
        assertThat(execution.cause()).contains("from 1 to 5");
        assertThat(execution.nested()).isEmpty();
        assertThat(tier.lambda.invocations()).isEmpty();
    }

    static List<String> phases(JsonNode report) {
        return StreamSupport.stream(report.get("phases").spliterator(), false)
                .map(p -> p.get("phase").asText() + ":" + p.get("status").asText()).toList();
    }
}
