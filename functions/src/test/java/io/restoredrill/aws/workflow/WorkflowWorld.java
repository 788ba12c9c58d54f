package io.restoredrill.aws.workflow;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.aws.Events;
import io.restoredrill.aws.check.CheckStep;
import io.restoredrill.aws.cleanup.CleanupStep;
import io.restoredrill.aws.copy.CopyStep;
import io.restoredrill.aws.credentials.CredentialsStep;
import io.restoredrill.aws.credentials.DatabaseSecret;
import io.restoredrill.aws.handler.AnswerRestoreTestHandler;
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
import io.restoredrill.aws.plan.InputParser;
import io.restoredrill.aws.plan.PlanStep;
import io.restoredrill.aws.plan.SuiteObjects;
import io.restoredrill.aws.publish.DrillMetrics;
import io.restoredrill.aws.publish.EmfLines;
import io.restoredrill.aws.publish.PublishSettings;
import io.restoredrill.aws.publish.PublishStep;
import io.restoredrill.aws.restore.RestoreStep;
import io.restoredrill.aws.restoretest.AnswerStep;
import io.restoredrill.aws.restoretest.RestoreJobs;
import io.restoredrill.aws.snapshot.SnapshotStep;
import io.restoredrill.aws.testing.BackupApiStandIn;
import io.restoredrill.aws.testing.DeployedRoles;
import io.restoredrill.aws.testing.MotoRds;
import io.restoredrill.aws.testing.TestCa;
import io.restoredrill.aws.testing.TestClock;
import io.restoredrill.aws.verify.RdsCaBundle;
import io.restoredrill.aws.verify.Slicing;
import io.restoredrill.aws.verify.VerifyStep;
import io.restoredrill.core.json.Json;
import io.restoredrill.testing.MotoServer;
import io.restoredrill.testing.PostgresFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What one workflow test drills, on moto: the source instance {@code shop-prod} in eu-central-1
 * (database {@code shop}) with a snapshot someone took before the drill, and the recovery-region
 * stack's parts in eu-west-1 (isolated network, KMS key, Object Lock evidence bucket, SNS topic);
 * and the real handlers wired to it as the CDK stack wires them, with a clock that the polling
 * loops' Waits move (the Wait states themselves take no time in the tests).
 */
final class WorkflowWorld implements AutoCloseable {

    static final String SOURCE_REGION = "eu-central-1";
    static final String RECOVERY_REGION = "eu-west-1";
    static final String SOURCE = "shop-prod";
    static final String EARLIER_SNAPSHOT = "shop-prod-before-drill";
    static final String BUCKET = "restore-drill-evidence-123456789012-eu-west-1";
    /** The Seconds of WaitSnapshot, WaitCopy and WaitRestore. */
    static final Duration POLL = Duration.ofSeconds(60);

    final MotoServer moto;
    final MotoRds aws;
    /** What every handler reads the time from; the Waits move it by {@link #advance}. */
    final Clock clock;
    private final Consumer<Duration> advance;
    final List<String> metrics = new CopyOnWriteArrayList<>();
    private final PostgresFixture restoredStandIn;
    private final RdsCaBundle trust;
    final String securityGroup;
    final String kmsKey;
    final String topicArn;
    /** Every function runs as its deployed role, moto enforcing IAM from the end of the setup on. */
    final DeployedRoles roles;

    /**
     * @param restoredStandIn the local PostgreSQL (TLS, certificate for localhost) that plays the
     *                        restored database, which moto only pretends to run
     */
    WorkflowWorld(MotoServer moto, PostgresFixture restoredStandIn, Path caCertificate) {
        this(moto, restoredStandIn, caCertificate, new TestClock(Instant.now()));
    }

    private WorkflowWorld(MotoServer moto, PostgresFixture restoredStandIn, Path caCertificate, TestClock clock) {
        this(moto, restoredStandIn, caCertificate, clock, clock::advance);
    }

    /**
     * @param clock        the handlers' clock
     * @param advance      moves that clock, as a Wait state's Seconds or Verify's pause would
     * @param interceptors see the exact requests every handler sends (e.g. a {@link io.restoredrill.aws.testing.RequestRecorder})
     */
    WorkflowWorld(MotoServer moto, PostgresFixture restoredStandIn, Path caCertificate, Clock clock,
                  Consumer<Duration> advance, ExecutionInterceptor... interceptors) {
        this.moto = moto;
        this.aws = new MotoRds(moto, interceptors);
        this.clock = clock;
        this.advance = advance;
        this.restoredStandIn = restoredStandIn;
        this.trust = new RdsCaBundle(caCertificate);
        RdsClient source = aws.apply(SOURCE_REGION);
        source.createDBInstance(r -> r.dbInstanceIdentifier(SOURCE).engine("postgres").engineVersion(PostgresFixture.engineVersion())
                .dbInstanceClass("db.t4g.medium").dbName("shop").masterUsername("postgres")
                .masterUserPassword("not-used-1").allocatedStorage(20));
        source.createDBSnapshot(r -> r.dbInstanceIdentifier(SOURCE).dbSnapshotIdentifier(EARLIER_SNAPSHOT)
                .tags(Tag.builder().key("team").value("shop").build()));
        securityGroup = aws.createIsolatedNetwork(RECOVERY_REGION);
        kmsKey = aws.createKmsKey(RECOVERY_REGION);
        aws.s3().apply(RECOVERY_REGION).createBucket(r -> r.bucket(BUCKET).objectLockEnabledForBucket(true)
                .createBucketConfiguration(c -> c.locationConstraint(RECOVERY_REGION)));
        topicArn = aws.sns().apply(RECOVERY_REGION).createTopic(r -> r.name("restore-drill")).topicArn();
        roles = DeployedRoles.enforce(moto, new DeployedRoles.Deployment(SOURCE_REGION, RECOVERY_REGION, BUCKET, kmsKey,
                topicArn));
    }

    /**
     * The PostgreSQL (TLS, certificate for localhost) that plays the restored copy of {@code shop-prod}: database
     * {@code shop} with 250 customers and 1,200 orders, and the master user {@code postgres} (RDS's may create
     * amcheck as rds_superuser; a superuser stands in for it).
     */
    static PostgresFixture startShopStandIn(TestCa ca) {
        PostgresFixture standIn = PostgresFixture.start(ca.issue("localhost"));
        standIn.execute("postgres", "CREATE ROLE postgres LOGIN SUPERUSER PASSWORD 'set-by-credentials-0'");
        standIn.createDatabase("shop");
        standIn.execute("shop", """
                CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
                INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 250) g;
                CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL REFERENCES customers, total numeric(10, 2));
                INSERT INTO orders SELECT g, 1 + g % 250, g * 1.25 FROM generate_series(1, 1200) g;
                """);
        return standIn;
    }

    /** The Lambda environment the recovery-region stack gives the Plan function. */
    Map<String, String> planEnvironment() {
        return Map.of("SOURCE_REGION", SOURCE_REGION, "RECOVERY_REGION", RECOVERY_REGION,
                "RESTORE_SUBNET_GROUP", "restore-drill-isolated", "RESTORE_SECURITY_GROUP_IDS", securityGroup,
                "RECOVERY_KMS_KEY_ID", kmsKey, "RECOVERY_VAULT", "restore-drill-recovery");
    }

    /**
     * Every function of the drill state machine, by function name (= state name), as deployed: each
     * with its own role's credentials, its calls authorized against its synthesized policy.
     */
    Map<String, RequestStreamHandler> functions() {
        return functions(aws);
    }

    /** @param checks the clients the Check steps describe resources with (e.g. with a status rewriter) */
    Map<String, RequestStreamHandler> functions(MotoRds checks) {
        Map<String, RequestStreamHandler> functions = new LinkedHashMap<>();
        functions.put("Plan", new PlanHandler(new InputParser(DrillDefaults.fromEnvironment(planEnvironment()), clock),
                new PlanStep(as("Plan"), new SuiteObjects(as("Plan").s3(), BUCKET), clock)));
        MotoRds snapshot = as("Snapshot");
        functions.put("Snapshot", new SnapshotHandler(new SnapshotStep(snapshot, snapshot.backup(), clock)));
        functions.put("CheckSnapshot", afterAWait(new CheckSnapshotHandler(new CheckStep(checks.as(roles, "CheckSnapshot"), clock))));
        functions.put("Copy", new CopyHandler(new CopyStep(as("Copy"), clock)));
        functions.put("CheckCopy", afterAWait(new CheckCopyHandler(new CheckStep(checks.as(roles, "CheckCopy"), clock))));
        functions.put("Restore", new RestoreHandler(new RestoreStep(as("Restore"), clock)));
        functions.put("CheckRestore", atTheStandIn(afterAWait(new CheckRestoreHandler(new CheckStep(checks.as(roles, "CheckRestore"),
                clock)))));
        MotoRds credentials = as("Credentials");
        functions.put("Credentials", appliedByTheStandIn(new CredentialsHandler(new CredentialsStep(credentials,
                credentials.secrets(), roles.secretGuard(), clock))));
        functions.put("Verify", verify(Slicing.DEFAULT));
        MotoRds cleanup = as("Cleanup");
        functions.put("Cleanup", new CleanupHandler(new CleanupStep(cleanup, cleanup.secrets(), clock)));
        MotoRds publish = as("Publish");
        functions.put("Publish", new PublishHandler(new PublishStep(publish.s3(), publish.sns(),
                new DrillMetrics(new EmfLines(metrics::add)), new PublishSettings(BUCKET, topicArn, null), clock)));
        return functions;
    }

    /**
     * The functions of the restore-test state machine, as deployed: Plan asks AWS Backup (the stand-in) about
     * the restore job, AnswerRestoreTest answers it there; both know the deployment's restore testing plans.
     */
    Map<String, RequestStreamHandler> restoreTestFunctions(BackupApiStandIn backup, Set<String> plans) {
        Map<String, RequestStreamHandler> functions = functions();
        MotoRds plan = as("Plan");
        functions.put("Plan", new PlanHandler(new InputParser(DrillDefaults.fromEnvironment(planEnvironment()), clock),
                new PlanStep(plan, new SuiteObjects(plan.s3(), BUCKET),
                        new RestoreJobs(region -> backup.client(region, plan), plans), clock)));
        MotoRds answer = as("AnswerRestoreTest");
        functions.put("AnswerRestoreTest", new AnswerRestoreTestHandler(new AnswerStep(region -> backup.client(region, answer),
                answer, RECOVERY_REGION, plans)));
        return functions;
    }

    /** The Verify function, its verification spread over invocations as {@code slicing} says. */
    RequestStreamHandler verify(Slicing slicing) {
        MotoRds verify = as("Verify");
        return new VerifyHandler(new VerifyStep(verify.secrets(), verify.s3(), BUCKET, trust, clock, advance::accept,
                slicing));
    }

    /** The clients of one function, as deployed. */
    MotoRds as(String function) {
        return aws.as(roles, function);
    }

    /** A Check runs after its Wait state, which the tests run in no time: the clock moves by the Wait's Seconds. */
    private RequestStreamHandler afterAWait(RequestStreamHandler check) {
        return (input, output, context) -> {
            advance.accept(POLL);
            check.handleRequest(input, output, context);
        };
    }

    /**
     * Test-only: moto's restored instance has a made-up endpoint, so CheckRestore's answer is pointed at
     * the local PostgreSQL that stands in for the restored database (host localhost, its port).
     */
    private RequestStreamHandler atTheStandIn(RequestStreamHandler checkRestore) {
        return (input, output, context) -> {
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            checkRestore.handleRequest(input, answer, context);
            String state = answer.toString(StandardCharsets.UTF_8);
            if (!Json.mapper().readTree(state).at("/progress/endpoint").isMissingNode()) {
                state = Events.with(Events.with(state, "progress.endpoint.host", "localhost"), "progress.endpoint.port",
                        restoredStandIn.cluster().port());
            }
            output.write(state.getBytes(StandardCharsets.UTF_8));
        };
    }

    /**
     * Test-only: RDS applies the master password that Credentials set with ModifyDBInstance; the
     * stand-in's role gets the password the drill's secret holds, as RDS would give it.
     */
    private RequestStreamHandler appliedByTheStandIn(RequestStreamHandler credentials) {
        return (input, output, context) -> {
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            credentials.handleRequest(input, answer, context);
            String secretArn = Json.mapper().readTree(answer.toByteArray()).at("/progress/secretArn").asText();
            DatabaseSecret secret = DatabaseSecret.parse(aws.secrets().apply(RECOVERY_REGION)
                    .getSecretValue(r -> r.secretId(secretArn)).secretString(), secretArn);
            restoredStandIn.execute("postgres", "ALTER ROLE \"" + secret.username() + "\" PASSWORD '"
                    + secret.password().replace("'", "''") + "'");
            output.write(answer.toByteArray());
        };
    }

    /** Everything RDS and Secrets Manager hold in both regions, as "kind region name". */
    List<String> inventory() {
        List<String> found = new ArrayList<>();
        for (String region : List.of(SOURCE_REGION, RECOVERY_REGION)) {
            RdsClient rds = aws.apply(region);
            rds.describeDBInstances().dbInstances().forEach(i -> found.add("instance " + region + " " + i.dbInstanceIdentifier()));
            rds.describeDBClusters().dbClusters().forEach(c -> found.add("cluster " + region + " " + c.dbClusterIdentifier()));
            rds.describeDBSnapshots(r -> r.snapshotType("manual")).dbSnapshots()
                    .forEach(s -> found.add("snapshot " + region + " " + s.dbSnapshotIdentifier()));
            rds.describeDBClusterSnapshots(r -> r.snapshotType("manual")).dbClusterSnapshots()
                    .forEach(s -> found.add("cluster snapshot " + region + " " + s.dbClusterSnapshotIdentifier()));
            aws.secrets().apply(region).listSecrets().secretList().forEach(s -> found.add("secret " + region + " " + s.name()));
        }
        return found;
    }

    /** The report Publish stored for the source: there is exactly one per test. */
    JsonNode report() {
        List<String> keys = aws.s3().apply(RECOVERY_REGION).listObjectsV2(r -> r.bucket(BUCKET).prefix("reports/" + SOURCE + "/"))
                .contents().stream().map(S3Object::key).filter(k -> k.matches("reports/" + SOURCE + "/\\d{4}/[^/]+\\.json"))
                .toList();
        if (keys.size() != 1) {
            throw new AssertionError("expected one report of " + SOURCE + " in the evidence bucket, found " + keys);
        }
        try {
            return Json.mapper().readTree(aws.s3().apply(RECOVERY_REGION)
                    .getObjectAsBytes(r -> r.bucket(BUCKET).key(keys.get(0))).asByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> evidenceKeys() {
        return aws.s3().apply(RECOVERY_REGION).listObjectsV2(r -> r.bucket(BUCKET)).contents().stream()
                .map(S3Object::key).toList();
    }

    /** Fails the test when a function was refused a call its deployed role does not allow. */
    @Override
    public void close() {
        aws.close();
        roles.assertNothingDenied();
    }
}
