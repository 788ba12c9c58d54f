package io.restoredrill.aws.sequence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.restoredrill.aws.Events;
import io.restoredrill.aws.check.CheckStep;
import io.restoredrill.aws.cleanup.CleanupStep;
import io.restoredrill.aws.copy.CopyStep;
import io.restoredrill.aws.credentials.CredentialsStep;
import io.restoredrill.aws.credentials.DatabaseSecret;
import io.restoredrill.aws.handler.CheckCopyHandler;
import io.restoredrill.aws.handler.CheckRestoreHandler;
import io.restoredrill.aws.handler.CheckSnapshotHandler;
import io.restoredrill.aws.handler.CleanupHandler;
import io.restoredrill.aws.handler.CopyHandler;
import io.restoredrill.aws.handler.CredentialsHandler;
import io.restoredrill.aws.handler.PlanHandler;
import io.restoredrill.aws.handler.PublishHandler;
import io.restoredrill.aws.handler.RestoreHandler;
import io.restoredrill.aws.handler.SnapshotHandler;
import io.restoredrill.aws.handler.VerifyHandler;
import io.restoredrill.aws.plan.DrillDefaults;
import io.restoredrill.aws.drill.DrillTags;
import io.restoredrill.aws.plan.InputParser;
import io.restoredrill.aws.plan.PlanStep;
import io.restoredrill.aws.publish.DrillMetrics;
import io.restoredrill.aws.publish.EmfLines;
import io.restoredrill.aws.publish.PublishSettings;
import io.restoredrill.aws.publish.PublishStep;
import io.restoredrill.aws.rds.RdsTags;
import io.restoredrill.aws.restore.RestoreStep;
import io.restoredrill.aws.snapshot.SnapshotStep;
import io.restoredrill.aws.state.DrillState;
import io.restoredrill.aws.state.RestoredEndpoint;
import io.restoredrill.aws.testing.DeployedRoles;
import io.restoredrill.aws.testing.MotoRds;
import io.restoredrill.aws.testing.TestCa;
import io.restoredrill.aws.testing.Throttler;
import io.restoredrill.aws.testing.Throttler.Call;
import io.restoredrill.aws.verify.RdsCaBundle;
import io.restoredrill.aws.verify.VerifyStep;
import io.restoredrill.core.error.ThrottledException;
import io.restoredrill.core.json.Json;
import io.restoredrill.core.model.Verdict;
import io.restoredrill.testing.MotoServer;
import io.restoredrill.testing.PostgresFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Throttling at every AWS call of every Task. A whole drill on moto first records which calls each
 * Task makes (so a call added later is covered without editing this test); then, for each
 * (Task, call), a fresh drill runs with that call answered by the service's real throttling error
 * (see {@link Throttler}: the SDK parses it and applies its own retries) for as long as that Task
 * runs. The Task must fail with the retryable {@link ThrottledException} the state machine retries,
 * and the same Task run again on the same input, as that Retry does, must carry the drill to a
 * PASSED report with nothing of it left: retries are safe after any call.
 */
class ThrottlingAtEveryCallTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static final String SAMPLE_KEY = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";
    private static final String BUCKET = "restore-drill-evidence";
    private static final List<String> REGIONS = List.of("eu-central-1", "eu-west-1");

    @TempDir
    static Path certificates;
    static TestCa ca;
    static PostgresFixture postgres;
    static String input;
    static String topic;
    /** Every Task runs as its deployed role, moto enforcing IAM from the end of {@link #world()} on. */
    static DeployedRoles roles;

    /** One call made while one Task ran. */
    record TaskCall(String task, Call call) {
        @Override
        public String toString() {
            return task + " → " + call;
        }
    }

    @BeforeAll
    static void restoredDatabaseStandIn() {
        // the restored copy's stand-in: a real PostgreSQL serving TLS, as in FullDrillOnMotoTest
        ca = TestCa.create(certificates);
        postgres = PostgresFixture.start(ca.issue("localhost"));
        postgres.execute("postgres", "CREATE ROLE admin LOGIN SUPERUSER");
        postgres.createDatabase("shop");
        postgres.execute("shop", "CREATE TABLE orders (id int PRIMARY KEY, total numeric); "
                + "INSERT INTO orders SELECT g, g * 1.5 FROM generate_series(1, 500) g;");
    }

    /** The source in eu-central-1; the isolated network, KMS key, evidence bucket and topic in eu-west-1. */
    private static void world() {
        try (MotoRds aws = new MotoRds(MOTO)) {
            aws.apply("eu-central-1").createDBInstance(r -> r.dbInstanceIdentifier("shop-prod").engine("postgres").engineVersion(PostgresFixture.engineVersion())
                    .dbInstanceClass("db.t4g.medium").masterUsername("admin").masterUserPassword("not-used-1")
                    .allocatedStorage(20).dbName("shop"));
            String securityGroup = aws.createIsolatedNetwork("eu-west-1");
            String key = aws.createKmsKey("eu-west-1");
            aws.s3().apply("eu-west-1").createBucket(r -> r.bucket(BUCKET).objectLockEnabledForBucket(true)
                    .createBucketConfiguration(c -> c.locationConstraint("eu-west-1")));
            topic = aws.sns().apply("eu-west-1").createTopic(r -> r.name("restore-drill")).topicArn();
            input = Events.with(Events.read("plan.json").replace(SAMPLE_KEY, key),
                    "restore.securityGroupIds", List.of(securityGroup));
            roles = DeployedRoles.enforce(MOTO, new DeployedRoles.Deployment("eu-central-1", "eu-west-1", BUCKET, key, topic));
        }
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> aThrottledCallFailsItsTaskWithThrottledExceptionAndTheRetriedTaskFinishesTheDrill() {
        // GIVEN every call that two whole drills make (the second one also reads the first one's report)
        world();
        Set<TaskCall> calls = new LinkedHashSet<>();
        for (String drillId : List.of("thr-record-1", "thr-record-2")) {
            try (Drill drill = new Drill(drillId)) {
                assertThat(drill.runThrottling(null).progress().report().verdict()).isEqualTo(Verdict.PASSED);
                drill.calls.stream().filter(call -> Drill.TASKS.contains(call.task())).forEach(calls::add);
            }
        }
        assertThat(calls).extracting(c -> c.task()).containsAll(Drill.TASKS);

        // WHEN each call is throttled in a drill of its own, THEN ... (each dynamic test)
        int[] number = {0};
        return calls.stream().map(call -> DynamicTest.dynamicTest(call.toString(),
                () -> throttledDrillRecovers("thr-" + (++number[0]), call)));
    }

    private static void throttledDrillRecovers(String drillId, TaskCall throttle) {
        try (Drill drill = new Drill(drillId)) {
            DrillState done = drill.runThrottling(throttle);

            // THEN the Task failed with the retryable ThrottledException, naming the service's own error
            assertThat(drill.throttledFailure).as("%s should fail with ThrottledException", throttle)
                    .isInstanceOf(ThrottledException.class)
                    .hasMessageContaining("kept throttling after the SDK's retries");
            assertThat(((ThrottledException) drill.throttledFailure).retryable()).isTrue();
            // AND the SDK had retried before giving up (its own policy, not ours)
            assertThat(drill.throttledAnswers).as("answers throttled").isGreaterThan(1);
            // AND the Task run again on the same input carried the drill to a PASSED report
            assertThat(done.progress().report().verdict()).as(done.progress().report().failureReason())
                    .isEqualTo(Verdict.PASSED);
            // AND nothing of this drill is left in either region: no half-made duplicate survived the retry
            drill.assertNothingLeft();
        }
    }

    /** One drill through every handler in the state machine's order, with its own clients. */
    private static final class Drill implements AutoCloseable {

        static final List<String> TASKS = List.of("Plan", "Snapshot", "CheckSnapshot", "Copy", "CheckCopy", "Restore",
                "CheckRestore", "Credentials", "Verify", "Cleanup", "Publish");

        private final String drillId;
        private final Throttler throttler = new Throttler();
        private final Set<TaskCall> calls = new LinkedHashSet<>();
        private volatile String task;
        private final MotoRds aws;
        private final Map<String, MotoRds> functions = new java.util.HashMap<>();
        private final Clock clock = Clock.systemUTC();
        private Throwable throttledFailure;
        private int throttledAnswers;

        Drill(String drillId) {
            this.drillId = drillId;
            ExecutionInterceptor callRecorder = new ExecutionInterceptor() {
                @Override
                public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                    calls.add(new TaskCall(task, Throttler.callOf(attributes)));
                }
            };
            this.aws = new MotoRds(MOTO, callRecorder, throttler);
        }

        private RequestStreamHandler handler(String name) {
            MotoRds as = functions.computeIfAbsent(name, function -> aws.as(roles, function));
            return switch (name) {
                case "Plan" -> new PlanHandler(new InputParser(DrillDefaults.fromEnvironment(Map.of()), clock),
                        new PlanStep(as, clock));
                case "Snapshot" -> new SnapshotHandler(new SnapshotStep(as, as.backup(), clock));
                case "CheckSnapshot" -> new CheckSnapshotHandler(new CheckStep(as, clock));
                case "Copy" -> new CopyHandler(new CopyStep(as, clock));
                case "CheckCopy" -> new CheckCopyHandler(new CheckStep(as, clock));
                case "Restore" -> new RestoreHandler(new RestoreStep(as, clock));
                case "CheckRestore" -> new CheckRestoreHandler(new CheckStep(as, clock));
                case "Credentials" -> new CredentialsHandler(new CredentialsStep(as, as.secrets(), roles.secretGuard(), clock));
                case "Verify" -> new VerifyHandler(new VerifyStep(as.secrets(), as.s3(), BUCKET,
                        new RdsCaBundle(ca.certificate()), clock, duration -> { }));
                case "Cleanup" -> new CleanupHandler(new CleanupStep(as, as.secrets(), clock));
                case "Publish" -> new PublishHandler(new PublishStep(as.s3(), as.sns(),
                        new DrillMetrics(new EmfLines(line -> { })), new PublishSettings(BUCKET, topic, null), clock));
                default -> throw new IllegalArgumentException(name);
            };
        }

        /** Runs the drill; while {@code throttle}'s Task runs its call is throttled, then the Task is retried. */
        DrillState runThrottling(TaskCall throttle) {
            String state = Events.with(input, "drillId", drillId);
            for (String name : TASKS) {
                task = name;
                if (throttle != null && throttle.task().equals(name)) {
                    throttler.arm(throttle.call());
                    String before = state;
                    throttledFailure = catchThrowable(() -> invoke(handler(name), before));
                    throttledAnswers = throttler.throttled();
                    throttler.disarm();
                }
                String output = invoke(handler(name), state);
                task = "(the test, between Tasks)";
                state = afterTask(name, output);
            }
            return read(state);
        }

        /** What RDS does between Tasks that moto cannot: the endpoint is the local server, the password applies. */
        private String afterTask(String name, String state) {
            DrillState drill = read(state);
            if (name.equals("CheckRestore")) {
                RestoredEndpoint endpoint = drill.progress().endpoint();
                return write(drill.with(drill.progress().withEndpoint(new RestoredEndpoint(endpoint.arn(), "localhost",
                        postgres.cluster().port(), endpoint.username()))));
            }
            if (name.equals("Credentials")) {
                String password = DatabaseSecret.parse(aws.secrets().apply("eu-west-1")
                        .getSecretValue(r -> r.secretId(drill.progress().secretArn())).secretString(), "test").password();
                postgres.execute("postgres", "ALTER ROLE " + drill.progress().endpoint().username()
                        + " PASSWORD '" + password + "'");
            }
            return state;
        }

        void assertNothingLeft() {
            for (String region : REGIONS) {
                RdsClient rds = aws.apply(region);
                assertThat(rds.describeDBInstances().dbInstances()).allSatisfy(i ->
                        assertThat(RdsTags.read(rds, i.dbInstanceArn()).get(DrillTags.DRILL_ID)).isNotEqualTo(drillId));
                assertThat(rds.describeDBSnapshots(r -> r.snapshotType("manual")).dbSnapshots()).allSatisfy(s ->
                        assertThat(RdsTags.read(rds, s.dbSnapshotArn()).get(DrillTags.DRILL_ID)).isNotEqualTo(drillId));
            }
            assertThat(aws.secrets().apply("eu-west-1").listSecrets().secretList())
                    .noneSatisfy(s -> assertThat(s.name()).contains(drillId));
            assertThat(aws.apply("eu-central-1").describeDBInstances().dbInstances())
                    .filteredOn(i -> i.dbInstanceIdentifier().equals("shop-prod")).singleElement()
                    .satisfies(i -> assertThat(i.dbInstanceStatus()).isEqualTo("available"));
        }

        private static String invoke(RequestStreamHandler handler, String event) {
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
                return out.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static DrillState read(String json) {
            try {
                return Json.mapper().readValue(json, DrillState.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static String write(DrillState state) {
            try {
                return Json.mapper().writeValueAsString(state);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Fails when a Task was refused a call its deployed role does not allow. */
        @Override
        public void close() {
            aws.close();
            roles.assertNothingDenied();
        }
    }
}
