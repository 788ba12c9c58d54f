package io.restoredrill.aws.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.restoredrill.aws.Events;
import io.restoredrill.aws.credentials.CredentialsStep;
import io.restoredrill.aws.credentials.DatabaseSecret;
import io.restoredrill.aws.handler.CredentialsHandler;
import io.restoredrill.aws.handler.VerifyHandler;
import io.restoredrill.aws.rds.RdsTags;
import io.restoredrill.aws.state.DrillState;
import io.restoredrill.aws.state.RestoredEndpoint;
import io.restoredrill.aws.state.VerificationRef;
import io.restoredrill.aws.testing.DeployedRoles;
import io.restoredrill.aws.testing.MotoRds;
import io.restoredrill.aws.testing.TestClock;
import io.restoredrill.aws.testing.RequestRecorder;
import io.restoredrill.aws.testing.TestCa;
import io.restoredrill.aws.testing.Timelines;
import io.restoredrill.core.error.BudgetExceededException;
import io.restoredrill.core.error.VerificationFailedException;
import io.restoredrill.core.json.Json;
import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.report.ReportJson;
import io.restoredrill.core.report.SampleReports;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.model.PhaseStatus;
import io.restoredrill.core.verify.Inventory;
import io.restoredrill.core.verify.InventoryScanner;
import io.restoredrill.core.verify.VerificationResult;
import io.restoredrill.core.verify.schema.SchemaInventory;
import io.restoredrill.core.verify.schema.SchemaReader;
import io.restoredrill.testing.MotoServer;
import io.restoredrill.testing.PostgresFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Credentials then Verify against a real PostgreSQL server serving TLS with a certificate for
 * {@code localhost} from a CA made by the test (it stands in for Amazon RDS's CAs), with moto for
 * RDS, Secrets Manager and S3. Moto's restored instance has a made-up endpoint, so the state's
 * endpoint host and port are the local server's: it stands in for the restored database, and the
 * test itself applies the password RDS would apply after ModifyDBInstance.
 */
class VerifyStepTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static final String BUCKET = "restore-drill-evidence";
    /** The sample's latest moment: the end of Credentials in events/verify.json. */
    private static final Instant SAMPLE_NOW = Instant.parse("2026-11-22T04:41:17Z");
    private static final long CUSTOMERS = 250;
    private static final long ORDERS = 1_200;

    @TempDir
    static Path certificates;
    static TestCa ca;
    static PostgresFixture postgres;

    private final RequestRecorder recorder = new RequestRecorder();
    private final MotoRds aws = new MotoRds(MOTO, recorder);
    private final TestClock clock = new TestClock(Instant.now());
    private final List<Duration> pauses = new ArrayList<>();

    @BeforeAll
    static void startTlsServer() {
        ca = TestCa.create(certificates);
        postgres = PostgresFixture.start(ca.issue("localhost"));
        // RDS's master user may create amcheck (rds_superuser); a superuser stands in for it here.
        postgres.execute("postgres", "CREATE ROLE postgres LOGIN SUPERUSER PASSWORD 'set-by-each-test-0'");
        postgres.createDatabase("shop");
        postgres.execute("shop", """
                CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
                INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 250) g;
                CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL REFERENCES customers, total numeric(10, 2));
                INSERT INTO orders SELECT g, 1 + g % 250, g * 1.25 FROM generate_series(1, 1200) g;
                """);
    }

    @AfterAll
    static void stopServer() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void evidenceBucket() {
        aws.s3().apply("eu-west-1").createBucket(r -> r.bucket(BUCKET)
                .createBucketConfiguration(c -> c.locationConstraint("eu-west-1")));
    }

    @AfterEach
    void close() {
        aws.close();
    }

    /** A pause that moves the test's clock instead of sleeping. */
    private void pause(Duration duration) {
        pauses.add(duration);
        clock.advance(duration);
    }

    private VerifyStep verifyStep(RdsCaBundle trust) {
        return new VerifyStep(aws.secrets(), aws.s3(), BUCKET, trust, clock, this::pause);
    }

    private RdsCaBundle testCa() {
        return new RdsCaBundle(ca.certificate());
    }

    /**
     * A sample event moved to now, its endpoint pointing at the local server under the given host name, its source
     * running the local server's version (the restored copy's version is compared with the source's).
     */
    private String event(String sample, String host) {
        String moved = Timelines.moved(Events.read(sample), SAMPLE_NOW, clock.instant());
        return Events.with(Events.with(Events.with(moved, "progress.endpoint.host", host), "progress.endpoint.port",
                postgres.cluster().port()), "source.engineVersion", PostgresFixture.engineVersion());
    }

    /** events/verify.json with a secret on moto holding the given password (as Credentials would have stored it). */
    private DrillState verifyInput(String host, String password) throws IOException {
        DrillState state = Json.mapper().readValue(event("verify.json", host), DrillState.class);
        String arn = aws.secrets().apply("eu-west-1").createSecret(r -> r.name(state.names().secret()).secretString(
                new DatabaseSecret("postgres", host, postgres.cluster().port(), "postgres", password, "shop").toJson())).arn();
        return state.with(state.progress().withSecret(arn));
    }

    private static void setServerPassword(String password) {
        postgres.execute("postgres", "ALTER ROLE postgres PASSWORD '" + password.replace("'", "''") + "'");
    }

    private static String invoke(RequestStreamHandler handler, String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static long count(String table) throws SQLException {
        try (Connection connection = postgres.connect("shop"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    void credentialsThenVerifyLogInWithTheNewPasswordOverVerifiedTlsAndStoreTheFullResult() throws Exception {
        // GIVEN the restored instance on moto with the drill's tags, and the sample Credentials event pointing at it
        String credentialsEvent = event("credentials.json", "localhost");
        DrillState planned = Json.mapper().readValue(credentialsEvent, DrillState.class);
        aws.apply("eu-west-1").createDBInstance(r -> r.dbInstanceIdentifier(planned.names().restored()).engine("postgres")
                .dbInstanceClass("db.t4g.medium").allocatedStorage(20).masterUsername("postgres")
                .masterUserPassword("from-the-source-1").tags(RdsTags.of(planned.tags())));

        // WHEN the Credentials handler runs
        String credentialed = invoke(new CredentialsHandler(new CredentialsStep(aws, aws.secrets(),
                DeployedRoles.Deployment.of("eu-central-1", "eu-west-1", "arn:aws:kms:eu-west-1:123456789012:key/any").secretGuard(), clock)), credentialsEvent);

        // THEN ModifyDBInstance asked RDS to apply, at once, exactly the password the secret holds
        DrillState afterCredentials = Json.mapper().readValue(credentialed, DrillState.class);
        String password = DatabaseSecret.parse(aws.secrets().apply("eu-west-1")
                .getSecretValue(r -> r.secretId(afterCredentials.progress().secretArn())).secretString(), "test").password();
        ModifyDbInstanceRequest modify = recorder.sent(ModifyDbInstanceRequest.class).get(0);
        assertThat(modify.applyImmediately()).isTrue();
        assertThat(modify.masterUserPassword()).isEqualTo(password);
        assertThat(credentialed).doesNotContain(password);

        // WHEN the Verify handler runs on that output, while "RDS" applies the new password only after the first try
        VerifyStep verify = new VerifyStep(aws.secrets(), aws.s3(), BUCKET, testCa(), clock, duration -> {
            pause(duration);
            setServerPassword(password);
        });
        String verified = invoke(new VerifyHandler(verify), credentialed);

        // THEN the refused first login was retried once, after a pause of a few seconds
        assertThat(pauses).containsExactly(Duration.ofSeconds(5));
        // AND the state points at the stored result, whose totals are the real tables' counts
        DrillState done = Json.mapper().readValue(verified, DrillState.class);
        VerificationRef ref = done.progress().verification();
        assertThat(ref.bucket()).isEqualTo(BUCKET);
        assertThat(ref.key()).isEqualTo("verification/shop-prod/20261122-040000-3fa9c2.json");
        assertThat(ref.rowsVerified()).isEqualTo(count("customers") + count("orders")).isEqualTo(CUSTOMERS + ORDERS);
        assertThat(ref.passed()).isTrue();
        assertThat(ref.failedChecks()).isZero();
        assertThat(done.progress().mark(Phase.VERIFY).orElseThrow().status()).isEqualTo(PhaseStatus.PASSED);
        assertThat(done.progress().mark(Phase.VERIFY).orElseThrow().detail()).isEqualTo("2 tables, 1,450 rows verified; 0 checks failed.");
        String stored = aws.s3().apply("eu-west-1").getObjectAsBytes(r -> r.bucket(BUCKET).key(ref.key())).asUtf8String();
        JsonNode tables = Json.mapper().readTree(stored).at("/inventory/tables");
        assertThat(StreamSupport.stream(tables.spliterator(), false).map(t -> t.get("table").asText() + "=" + t.get("rows").asLong()))
                .containsExactly("customers=" + count("customers"), "orders=" + count("orders"));
        // AND the checks really ran on the server, amcheck over both primary keys included, and all passed
        JsonNode checks = Json.mapper().readTree(stored).get("checks");
        assertThat(StreamSupport.stream(checks.spliterator(), false).map(c -> c.get("kind").asText() + ":" + c.get("status").asText()))
                .containsExactlyInAnyOrder("serverVersion:PASSED", "userData:PASSED", "tableInventory:PASSED",
                        "tableInventory:PASSED", "amcheck:PASSED", "amcheck:PASSED");
        // AND the password is in no output
        assertThat(verified).doesNotContain(password);
        assertThat(stored).doesNotContain(password);
    }

    @Test
    void theRestoredCopyIsComparedWithTheNewestEarlierDrillThatPassed() throws Exception {
        // GIVEN in the evidence bucket a passed report of an earlier drill of this source (much bigger tables),
        // a newer failed one, and a report of another source
        DrillReport passed = SampleReports.passed();
        put("reports/shop-prod/2026/20261121-040000-aaaaaa.json", ReportJson.write(passed));
        put("reports/shop-prod/2026/20261121-050000-bbbbbb.json", ReportJson.write(SampleReports.failed()));
        put("reports/shop-prod-eu/2026/20261122-030000-cccccc.json", ReportJson.write(passed));
        setServerPassword("right-password-2");
        DrillState state = verifyInput("localhost", "right-password-2");

        // WHEN Verify runs
        DrillState done = verifyStep(testCa()).verify(state);

        // THEN its result holds the comparison with the passed drill, which fails: tables went missing or shrank
        JsonNode stored = Json.mapper().readTree(aws.s3().apply("eu-west-1")
                .getObjectAsBytes(r -> r.bucket(BUCKET).key(done.progress().verification().key())).asUtf8String());
        JsonNode comparison = StreamSupport.stream(stored.get("checks").spliterator(), false)
                .filter(c -> c.get("kind").asText().equals("previousInventory")).findFirst().orElseThrow();
        assertThat(comparison.get("name").asText()).isEqualTo("previous drill " + passed.drillId());
        assertThat(comparison.get("status").asText()).isEqualTo("FAILED");
        assertThat(done.progress().verification().passed()).isFalse();
        assertThat(done.progress().verification().failedChecks()).isEqualTo(1);
    }

    @Test
    void anObjectGoneSinceTheLastPassedDrillFailsTheDrillNamingIt() throws Exception {
        // GIVEN a passed earlier drill whose tables match the copy's, but whose schema had a view the copy lacks
        postgres.execute("shop", "CREATE VIEW big_customers AS SELECT id FROM customers WHERE id > 100");
        SchemaInventory then;
        try (Connection connection = postgres.connect("shop")) {
            then = SchemaReader.read(connection);
        } finally {
            postgres.execute("shop", "DROP VIEW big_customers");
        }
        Inventory tables = InventoryScanner.scan(() -> postgres.connect("shop"), 2, Duration.ofMinutes(1));
        DrillReport sample = SampleReports.passed();
        DrillReport passed = new DrillReport(sample.schemaVersion(), sample.drillId(), sample.engine(), sample.source(),
                sample.operator(), sample.startedAt(), sample.finishedAt(), sample.snapshot(), sample.restorePoint(), sample.budgets(),
                sample.phases(), new VerificationResult(List.of(), tables, "15", null, then), sample.rto(), sample.rpo(),
                sample.verdict(), null);
        put("reports/shop-prod/2026/20261121-040000-aaaaaa.json", ReportJson.write(passed));
        setServerPassword("right-password-3");

        // WHEN Verify runs
        DrillState done = verifyStep(testCa()).verify(verifyInput("localhost", "right-password-3"));

        // THEN the tables compare fine, but the schema check names the gone view and fails the drill: with no source
        // catalog on the AWS engine, the last passed drill is the reference
        JsonNode stored = Json.mapper().readTree(aws.s3().apply("eu-west-1")
                .getObjectAsBytes(r -> r.bucket(BUCKET).key(done.progress().verification().key())).asUtf8String());
        Map<String, JsonNode> byKind = new java.util.HashMap<>();
        stored.get("checks").forEach(c -> byKind.put(c.get("kind").asText(), c));
        assertThat(byKind.get("previousInventory").get("status").asText()).isEqualTo("PASSED");
        assertThat(byKind.get("previousSchema").get("status").asText()).isEqualTo("FAILED");
        assertThat(byKind.get("previousSchema").get("detail").asText()).contains("Gone: view public.big_customers.");
        assertThat(done.progress().verification().failedChecks()).isEqualTo(1);
        // AND the copy's schema is stored with the result, for the next drill to compare with
        assertThat(stored.get("schema").get("objects").size()).isGreaterThan(5);
    }

    @Test
    void aCopyRestoredOnAnotherMajorVersionThanTheSourceFailsTheDrillNamingBoth() throws Exception {
        // GIVEN a source that runs the next major version after the restored copy's
        int copyMajor = Integer.parseInt(PostgresFixture.engineVersion().split("\\.")[0]);
        setServerPassword("right-password-4");
        DrillState state = verifyInput("localhost", "right-password-4");
        String sourceVersion = (copyMajor + 1) + ".2";
        DrillState upgraded = Json.mapper().readValue(Events.with(Json.mapper().writeValueAsString(state),
                "source.engineVersion", sourceVersion), DrillState.class);

        // WHEN Verify runs
        DrillState done = verifyStep(testCa()).verify(upgraded);

        // THEN the server version check fails, naming both majors: the copy is not the database the source would get back
        JsonNode stored = Json.mapper().readTree(aws.s3().apply("eu-west-1")
                .getObjectAsBytes(r -> r.bucket(BUCKET).key(done.progress().verification().key())).asUtf8String());
        JsonNode version = StreamSupport.stream(stored.get("checks").spliterator(), false)
                .filter(c -> c.get("kind").asText().equals("serverVersion")).findFirst().orElseThrow();
        assertThat(version.get("status").asText()).isEqualTo("FAILED");
        assertThat(version.get("expected").asText()).isEqualTo("major " + (copyMajor + 1));
        assertThat(done.progress().verification().passed()).isFalse();
    }

    @Test
    void theSuiteOfTheExecutionInputRunsOnTheRestoredCopyAndEachOfItsRulesIsAFailedOrPassedCheck() throws Exception {
        // GIVEN a drill whose input gave a suite: a row bound the copy misses, and an SQL rule it keeps
        setServerPassword("right-password-5");
        DrillState state = verifyInput("localhost", "right-password-5");
        String suite = "{\"rowCount\": [{\"table\": \"public.orders\", \"min\": 5000}], \"sql\": [{\"name\":"
                + " \"every order has its customer\", \"query\": \"SELECT count(*) FROM orders o LEFT JOIN customers c"
                + " ON c.id = o.customer_id WHERE c.id IS NULL\", \"expect\": 0}]}";
        DrillState withSuite = Json.mapper().readValue(Events.with(Json.mapper().writeValueAsString(state), "suite", suite),
                DrillState.class);

        // WHEN Verify runs
        DrillState done = verifyStep(testCa()).verify(withSuite);

        // THEN both rules ran on the copy: the row bound failed naming the real count, the SQL rule passed
        JsonNode stored = Json.mapper().readTree(aws.s3().apply("eu-west-1")
                .getObjectAsBytes(r -> r.bucket(BUCKET).key(done.progress().verification().key())).asUtf8String());
        Map<String, String> byKind = new java.util.TreeMap<>();
        stored.get("checks").forEach(c -> {
            if (c.get("kind").asText().equals("rowCount") || c.get("kind").asText().equals("sql")) {
                byKind.put(c.get("kind").asText(), c.get("status").asText() + " " + c.get("measured").asText());
            }
        });
        assertThat(byKind).containsExactly(Map.entry("rowCount", "FAILED " + ORDERS), Map.entry("sql", "PASSED 0"));
        assertThat(done.progress().verification().passed()).isFalse();
        assertThat(done.progress().verification().failedChecks()).isEqualTo(1);
    }

    private void put(String key, String body) {
        aws.s3().apply("eu-west-1").putObject(r -> r.bucket(BUCKET).key(key),
                software.amazon.awssdk.core.sync.RequestBody.fromString(body));
    }

    @Test
    void aCertificateForAnotherHostFailsVerifyFullAtOnceWithAClearError() throws Exception {
        // GIVEN the server's certificate names localhost, and the endpoint is 127.0.0.1
        setServerPassword("right-password-1");
        DrillState state = verifyInput("127.0.0.1", "right-password-1");

        // WHEN Verify runs THEN it fails without retrying, naming the host, the port and the cause
        assertThatThrownBy(() -> verifyStep(testCa()).verify(state))
                .isInstanceOf(VerificationFailedException.class)
                .hasMessageStartingWith("Verify could not connect to the restored database at 127.0.0.1:" + postgres.cluster().port()
                        + " (database 'shop', user 'postgres', sslmode=verify-full): ")
                .hasMessageContaining("The hostname 127.0.0.1 could not be verified")
                .hasMessageEndingWith("the server's certificate must name this host and be signed by a CA in the trusted bundle"
                        + " (the shipped Amazon RDS bundle, or RDS_CA_BUNDLE).")
                .message().doesNotContain("right-password-1");
        assertThat(pauses).isEmpty();
        assertThat(aws.s3().apply("eu-west-1").listObjectsV2(r -> r.bucket(BUCKET)).contents()).isEmpty();
    }

    @Test
    void theShippedRdsBundleDoesNotTrustACertificateFromAnotherCa() throws Exception {
        setServerPassword("right-password-2");
        DrillState state = verifyInput("localhost", "right-password-2");

        assertThatThrownBy(() -> verifyStep(new RdsCaBundle(null)).verify(state))
                .isInstanceOf(VerificationFailedException.class)
                .hasMessageContaining("at localhost:" + postgres.cluster().port())
                .hasMessageContaining("signed by a CA in the trusted bundle");
        assertThat(pauses).isEmpty();
    }

    @Test
    void aPasswordTheServerRefusesEndsInAClearErrorAfterBoundedRetries() throws Exception {
        // GIVEN the secret holds a password the server does not accept
        setServerPassword("the-servers-password-3");
        String wrong = "not-the-password-4fQx9";
        DrillState state = verifyInput("localhost", wrong);

        // WHEN Verify runs THEN it retries every 5 s for at most 5 minutes, then fails naming the secret, not the password
        assertThatThrownBy(() -> verifyStep(testCa()).verify(state))
                .isInstanceOf(VerificationFailedException.class)
                .hasMessageContaining("at localhost:" + postgres.cluster().port() + " (database 'shop', user 'postgres', sslmode=verify-full)"
                        + " after 60 attempts over 4m 55s")
                .hasMessageContaining("password authentication failed for user \"postgres\"")
                .hasMessageContaining("the password in secret " + state.progress().secretArn() + " was not accepted; run Credentials again.")
                .message().doesNotContain(wrong);
        assertThat(pauses).hasSize(59).allMatch(Duration.ofSeconds(5)::equals);
    }

    @Test
    void aPortNobodyListensOnIsRetriedForABoundedTimeThenNamed() throws Exception {
        // GIVEN an endpoint whose port nothing listens on (as while RDS restarts the database)
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        DrillState sample = verifyInput("localhost", "any-password-6");
        RestoredEndpoint endpoint = sample.progress().endpoint();
        DrillState state = sample.with(sample.progress().withEndpoint(
                new RestoredEndpoint(endpoint.arn(), endpoint.host(), closedPort, endpoint.username())));

        assertThatThrownBy(() -> verifyStep(testCa()).verify(state))
                .isInstanceOf(VerificationFailedException.class)
                .hasMessageContaining("at localhost:" + closedPort + " (database 'shop', user 'postgres', sslmode=verify-full)"
                        + " after 60 attempts over 4m 55s: Connection to localhost:" + closedPort + " refused")
                .hasMessageEndingWith("check that the restored database is available and its security group admits the verifier.");
        assertThat(pauses).hasSize(59);
    }

    @Test
    void aVerificationEndingPastItsDeadlineIsABudgetFailureThatKeepsItsEvidence() throws Exception {
        // GIVEN checks that take longer than Verify's 10-minute budget: the test's clock jumps 11 minutes
        // when the result is stored (the verification itself runs for real, well within its deadline)
        setServerPassword("right-password-5");
        DrillState state = verifyInput("localhost", "right-password-5");
        ExecutionInterceptor elevenMinutesLater = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof PutObjectRequest put && !put.key().contains(".progress-")) {
                    clock.advance(Duration.ofMinutes(11));
                }
            }
        };
        try (MotoRds slowS3 = new MotoRds(MOTO, elevenMinutesLater)) {
            VerifyStep step = new VerifyStep(aws.secrets(), slowS3.s3(), BUCKET, testCa(), clock, this::pause);

            // WHEN Verify runs THEN it fails on its budget, and says where what it verified is
            assertThatThrownBy(() -> step.verify(state))
                    .isInstanceOf(BudgetExceededException.class)
                    .hasMessage("Verify ran past its deadline after 11m 00s: Verify's budget is 10m 00s; what it verified is in"
                            + " s3://restore-drill-evidence/verification/shop-prod/20261122-040000-3fa9c2.json.");
        }
        assertThat(aws.s3().apply("eu-west-1").listObjectsV2(r -> r.bucket(BUCKET)).contents())
                .extracting(S3Object::key).containsExactlyInAnyOrder("verification/shop-prod/20261122-040000-3fa9c2.json",
                        "verification/shop-prod/20261122-040000-3fa9c2.progress-" + state.startedAt().toEpochMilli() + ".json");
    }

    @Test
    void verifyCannotStartAfterItsDeadline() throws Exception {
        // GIVEN the sample's own timeline, whose RTO from the restore's start ended before now
        DrillState state = Json.mapper().readValue(Events.read("verify.json"), DrillState.class);

        assertThatThrownBy(() -> verifyStep(testCa()).verify(state))
                .isInstanceOf(BudgetExceededException.class)
                .hasMessage("Verify could not start before its deadline: the RTO budget of 1h 00m from the restore's start"
                        + " ends at 2026-11-22T05:19:35Z.");
    }

    @Test
    void theDeadlineIsTheEarlierOfVerifysBudgetAndTheRtoFromTheRestoresStart() throws Exception {
        DrillState sample = Json.mapper().readValue(Events.read("verify.json"), DrillState.class);
        Instant verifyStart = Instant.parse("2026-11-22T04:41:20Z");

        // Restore began 04:19:35 with a 1 h RTO (05:19:35); Verify's own budget of 10 min ends first
        assertThat(VerifyDeadline.of(sample, verifyStart).at()).isEqualTo(Instant.parse("2026-11-22T04:51:20Z"));
        // a Verify starting 55 min after the restore is bound by the RTO instead
        assertThat(VerifyDeadline.of(sample, Instant.parse("2026-11-22T05:14:35Z")))
                .isEqualTo(new VerifyDeadline(Instant.parse("2026-11-22T05:19:35Z"),
                        "the RTO budget of 1h 00m from the restore's start ends at 2026-11-22T05:19:35Z"));
    }
}
