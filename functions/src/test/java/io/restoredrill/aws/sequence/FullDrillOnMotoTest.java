package io.restoredrill.aws.sequence;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
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
import io.restoredrill.aws.testing.DeployedRoles;
import io.restoredrill.aws.testing.MotoRds;
import io.restoredrill.aws.testing.RequestRecorder;
import io.restoredrill.aws.testing.TestCa;
import io.restoredrill.aws.verify.RdsCaBundle;
import io.restoredrill.aws.verify.VerifyStep;
import io.restoredrill.core.json.Json;
import io.restoredrill.core.model.Verdict;
import io.restoredrill.testing.MotoServer;
import io.restoredrill.testing.PostgresFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * A whole drill through every handler, in the state machine's order, cross-region on moto, for an
 * RDS instance and for an Aurora cluster: each handler gets the previous one's JSON output. Verify
 * runs against a real PostgreSQL serving TLS: moto's restored endpoint is made up, so between
 * CheckRestore and Credentials the endpoint's host and port are pointed at the local server, and
 * the test applies the new master password as RDS would after ModifyDBInstance/ModifyDBCluster.
 * Each handler runs as its deployed role, its calls authorized against its synthesized policy
 * ({@link DeployedRoles}).
 */
class FullDrillOnMotoTest {

    @org.junit.jupiter.api.extension.RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static final String SAMPLE_KEY = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";
    private static final String BUCKET = "restore-drill-evidence";
    private static final Path CAPTURED_LOG = Path.of("target", "test-logs", "functions.jsonl");

    @TempDir
    static Path certificates;
    static TestCa ca;
    static PostgresFixture postgres;

    private final RequestRecorder recorder = new RequestRecorder();
    private final MotoRds aws = new MotoRds(MOTO, recorder);
    private final Clock clock = Clock.systemUTC();
    private final List<String> emf = new ArrayList<>();

    @BeforeAll
    static void restoredDatabaseStandIn() {
        ca = TestCa.create(certificates);
        postgres = PostgresFixture.start(ca.issue("localhost"));
        // the master users the restored copies inherit from their sources (superusers stand in for rds_superuser)
        postgres.execute("postgres", "CREATE ROLE admin LOGIN SUPERUSER; CREATE ROLE ledger_admin LOGIN SUPERUSER");
        for (String database : List.of("shop", "ledger")) {
            postgres.createDatabase(database);
            postgres.execute(database, """
                    CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL);
                    INSERT INTO accounts SELECT g, 'owner ' || g FROM generate_series(1, 300) g;
                    CREATE TABLE entries (id bigint PRIMARY KEY, account_id int REFERENCES accounts, amount numeric(12, 2));
                    INSERT INTO entries SELECT g, 1 + g % 300, g * 0.5 FROM generate_series(1, 2000) g;
                    """);
        }
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @AfterEach
    void close() {
        aws.close();
    }

    private static String invoke(RequestStreamHandler handler, String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String edit(String json, UnaryOperator<DrillState> change) throws IOException {
        return Json.mapper().writeValueAsString(change.apply(Json.mapper().readValue(json, DrillState.class)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"instance", "cluster"})
    void everyHandlerInTurnDrillsTheSourceVerifiesTheCopyPublishesAPassAndLeavesNothingOfTheDrill(String kind)
            throws Exception {
        // GIVEN the source in eu-central-1 with a manual snapshot nobody's drill made, the isolated network, KMS
        // key, evidence bucket and topic in eu-west-1
        RdsClient source = aws.apply("eu-central-1");
        RdsClient recovery = aws.apply("eu-west-1");
        boolean cluster = kind.equals("cluster");
        String sourceName = cluster ? "ledger" : "shop-prod";
        if (cluster) {
            source.createDBCluster(r -> r.dbClusterIdentifier("ledger").engine("aurora-postgresql").engineVersion(PostgresFixture.engineVersion())
                    .masterUsername("ledger_admin").masterUserPassword("not-used-1").databaseName("ledger"));
            source.createDBClusterSnapshot(r -> r.dbClusterIdentifier("ledger").dbClusterSnapshotIdentifier("ledger-manual"));
        } else {
            source.createDBInstance(r -> r.dbInstanceIdentifier("shop-prod").engine("postgres").engineVersion(PostgresFixture.engineVersion()).dbInstanceClass("db.t4g.medium")
                    .masterUsername("admin").masterUserPassword("not-used-1").allocatedStorage(20).dbName("shop"));
            source.createDBSnapshot(r -> r.dbInstanceIdentifier("shop-prod").dbSnapshotIdentifier("shop-manual"));
        }
        String securityGroup = aws.createIsolatedNetwork("eu-west-1");
        String key = aws.createKmsKey("eu-west-1");
        aws.s3().apply("eu-west-1").createBucket(r -> r.bucket(BUCKET).objectLockEnabledForBucket(true)
                .createBucketConfiguration(c -> c.locationConstraint("eu-west-1")));
        String topic = aws.sns().apply("eu-west-1").createTopic(r -> r.name("restore-drill")).topicArn();
        String input = Events.with(Events.with(Events.read("plan.json")
                .replace(SAMPLE_KEY, key), "source", sourceName), "restore.securityGroupIds", List.of(securityGroup));
        // AND every function runs as its deployed role (moto enforces IAM from here on)
        DeployedRoles roles = DeployedRoles.enforce(MOTO, new DeployedRoles.Deployment("eu-central-1", "eu-west-1", BUCKET,
                key, topic));
        MotoRds snapshot = aws.as(roles, "Snapshot");
        MotoRds credentials = aws.as(roles, "Credentials");
        MotoRds verify = aws.as(roles, "Verify");
        MotoRds cleanup = aws.as(roles, "Cleanup");
        MotoRds publish = aws.as(roles, "Publish");

        // WHEN every handler runs on the previous one's output
        String state = invoke(new PlanHandler(new InputParser(DrillDefaults.fromEnvironment(Map.of()), clock),
                new PlanStep(aws.as(roles, "Plan"), clock)), input);
        state = invoke(new SnapshotHandler(new SnapshotStep(snapshot, snapshot.backup(), clock)), state);
        state = invoke(new CheckSnapshotHandler(new CheckStep(aws.as(roles, "CheckSnapshot"), clock)), state);
        state = invoke(new CopyHandler(new CopyStep(aws.as(roles, "Copy"), clock)), state);
        state = invoke(new CheckCopyHandler(new CheckStep(aws.as(roles, "CheckCopy"), clock)), state);
        state = invoke(new RestoreHandler(new RestoreStep(aws.as(roles, "Restore"), clock)), state);
        state = invoke(new CheckRestoreHandler(new CheckStep(aws.as(roles, "CheckRestore"), clock)), state);
        state = edit(state, s -> s.with(s.progress().withEndpoint(new io.restoredrill.aws.state.RestoredEndpoint(
                s.progress().endpoint().arn(), "localhost", postgres.cluster().port(), s.progress().endpoint().username()))));
        state = invoke(new CredentialsHandler(new CredentialsStep(credentials, credentials.secrets(), roles.secretGuard(), clock)), state);
        DrillState credentialed = Json.mapper().readValue(state, DrillState.class);
        String password = DatabaseSecret.parse(aws.secrets().apply("eu-west-1")
                .getSecretValue(r -> r.secretId(credentialed.progress().secretArn())).secretString(), "test").password();
        postgres.execute("postgres", "ALTER ROLE " + credentialed.progress().endpoint().username() + " PASSWORD '" + password + "'");
        state = invoke(new VerifyHandler(new VerifyStep(verify.secrets(), verify.s3(), BUCKET, new RdsCaBundle(ca.certificate()),
                clock, duration -> { })), state);
        state = invoke(new CleanupHandler(new CleanupStep(cleanup, cleanup.secrets(), clock)), state);
        String published = invoke(new PublishHandler(new PublishStep(publish.s3(), publish.sns(),
                new DrillMetrics(new EmfLines(emf::add)), new PublishSettings(BUCKET, topic, null), clock)), state);

        // THEN no function was refused a call its deployed role does not allow
        roles.assertNothingDenied();
        // AND the drill PASSED: its report in the evidence bucket counts the real rows of the restored copy
        DrillState done = Json.mapper().readValue(published, DrillState.class);
        assertThat(done.progress().report().verdict()).as(done.progress().report().failureReason()).isEqualTo(Verdict.PASSED);
        String reportJson = aws.s3().apply("eu-west-1").getObjectAsBytes(r -> r.bucket(BUCKET).key(done.progress().report().key()))
                .asUtf8String();
        JsonNode report = Json.mapper().readTree(reportJson);
        assertThat(report.path("engine").asText()).isEqualTo("aws");
        assertThat(report.at("/verification/inventory/tables")).extracting(t -> t.path("table").asText() + "=" + t.path("rows").asLong())
                .containsExactly("accounts=300", "entries=2000");
        assertThat(report.path("phases")).extracting(p -> p.path("phase").asText() + ":" + p.path("status").asText())
                .containsExactly("Snapshot:PASSED", "Copy:PASSED", "Restore:PASSED", "Credentials:PASSED", "Verify:PASSED",
                        "Cleanup:PASSED");
        assertThat(report.path("rtoSeconds").isNumber()).isTrue();
        // AND moto holds nothing the drill made: no drill-tagged instance, cluster, snapshot or secret in either region
        for (RdsClient region : List.of(source, recovery)) {
            assertThat(region.describeDBInstances().dbInstances()).allSatisfy(i ->
                    assertThat(RdsTags.read(region, i.dbInstanceArn())).doesNotContainKey(DrillTags.MANAGED));
            assertThat(region.describeDBClusters().dbClusters()).allSatisfy(c ->
                    assertThat(RdsTags.read(region, c.dbClusterArn())).doesNotContainKey(DrillTags.MANAGED));
            assertThat(region.describeDBSnapshots(r -> r.snapshotType("manual")).dbSnapshots()).allSatisfy(s ->
                    assertThat(RdsTags.read(region, s.dbSnapshotArn())).doesNotContainKey(DrillTags.MANAGED));
            assertThat(region.describeDBClusterSnapshots(r -> r.snapshotType("manual")).dbClusterSnapshots()).allSatisfy(s ->
                    assertThat(RdsTags.read(region, s.dbClusterSnapshotArn())).doesNotContainKey(DrillTags.MANAGED));
        }
        assertThat(aws.secrets().apply("eu-west-1").listSecrets().secretList()).isEmpty();
        // AND the source and the snapshot nobody's drill made are untouched
        if (cluster) {
            assertThat(source.describeDBClusters().dbClusters()).singleElement()
                    .satisfies(c -> assertThat(c.status()).isEqualTo("available"));
            assertThat(source.describeDBClusterSnapshots(r -> r.snapshotType("manual")).dbClusterSnapshots())
                    .extracting(s -> s.dbClusterSnapshotIdentifier()).containsExactly("ledger-manual");
        } else {
            assertThat(source.describeDBInstances().dbInstances()).singleElement()
                    .satisfies(i -> assertThat(i.dbInstanceStatus()).isEqualTo("available"));
            assertThat(source.describeDBSnapshots(r -> r.snapshotType("manual")).dbSnapshots())
                    .extracting(DBSnapshot::dbSnapshotIdentifier).containsExactly("shop-manual");
        }
        // AND the generated password appears in no state output, report, evidence object, notification,
        // metric or log line (it lives only in the secret, now deleted)
        String verification = aws.s3().apply("eu-west-1").getObjectAsBytes(r -> r.bucket(BUCKET)
                .key(done.progress().verification().key())).asUtf8String();
        List<String> outputs = new ArrayList<>(List.of(state, published, reportJson, verification));
        outputs.addAll(emf);
        recorder.sent(PublishRequest.class).forEach(p -> outputs.add(p.subject() + "\n" + p.message()));
        outputs.add(Files.readString(CAPTURED_LOG));
        assertThat(outputs).allSatisfy(text -> assertThat(text).doesNotContain(password));
        // AND every log line of this drill's tasks carries its drill id
        assertThat(Files.readAllLines(CAPTURED_LOG)).filteredOn(l -> l.contains("\"task\":\"Verify\""))
                .isNotEmpty().allSatisfy(l -> assertThat(l).contains("\"drill_id\""));
    }
}
