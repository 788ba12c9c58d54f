package io.restoredrill.aws.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.aws.Events;
import io.restoredrill.aws.evidence.EvidenceChain;
import io.restoredrill.aws.evidence.Sha256;
import io.restoredrill.aws.handler.PublishHandler;
import io.restoredrill.aws.state.DrillState;
import io.restoredrill.aws.state.PhaseMark;
import io.restoredrill.aws.state.ReportRef;
import io.restoredrill.aws.testing.MotoRds;
import io.restoredrill.aws.testing.RequestRecorder;
import io.restoredrill.core.error.PublishFailedException;
import io.restoredrill.core.json.Json;
import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.model.Phase;
import io.restoredrill.core.model.PhaseResult;
import io.restoredrill.core.model.PhaseStatus;
import io.restoredrill.core.model.Verdict;
import io.restoredrill.core.report.ReportJson;
import io.restoredrill.core.verify.VerificationRequest;
import io.restoredrill.core.verify.VerificationResult;
import io.restoredrill.core.verify.VerificationRunner;
import io.restoredrill.core.verify.suite.VerificationSuite;
import io.restoredrill.testing.MotoServer;
import io.restoredrill.testing.PostgresFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;

/**
 * Publish on moto (S3 evidence bucket with Object Lock, SNS topic), with a verification result that
 * core's runner produced against a real PostgreSQL, and the EMF lines captured from Powertools' own
 * EMF logger.
 */
class PublishStepTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static final String REGION = "eu-west-1";
    private static final String BUCKET = "restore-drill-evidence-123456789012-eu-west-1";
    private static final String DRILL = "20261122-040000-3fa9c2";
    private static final String KEY = "reports/shop-prod/2026/" + DRILL + ".json";
    private static final Instant PUBLISHED = Instant.parse("2026-11-22T04:43:00Z");
    private static final String SCHEMA = """
            CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
            CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int NOT NULL REFERENCES customers(id), total numeric(10,2));
            INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 300) g;
            INSERT INTO orders SELECT g, 1 + g % 300, (g % 997) / 3.0 FROM generate_series(1, 5000) g;
            """;

    private static String verificationJson;
    private static String postgresPassword;

    private final RequestRecorder recorder = new RequestRecorder();
    private final Responses responses = new Responses();
    private final MotoRds aws = new MotoRds(MOTO, recorder, responses, new SmallPages());
    private final List<String> emf = new CopyOnWriteArrayList<>();
    private final Instant testStarted = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private String topicArn;

    /** What core's verification runner finds in a real restored-like database: the object Verify stores. */
    @BeforeAll
    static void verifyARealDatabase() throws Exception {
        try (PostgresFixture postgres = PostgresFixture.start()) {
            postgres.createDatabase("shop");
            postgres.execute("shop", SCHEMA);
            postgresPassword = postgres.cluster().password();
            VerificationResult result = new VerificationRunner(() -> postgres.connect("shop"), VerificationSuite.defaults())
                    .run(new VerificationRequest(Instant.parse("2026-11-22T04:00:00Z"), null, null, true));
            verificationJson = Json.mapper().writeValueAsString(result);
        }
    }

    @AfterAll
    static void forget() {
        verificationJson = null;
        postgresPassword = null;
    }

    @BeforeEach
    void evidenceBucketAndTopic() {
        s3().createBucket(r -> r.bucket(BUCKET).objectLockEnabledForBucket(true)
                .createBucketConfiguration(c -> c.locationConstraint(REGION)));
        topicArn = aws.sns().apply(REGION).createTopic(r -> r.name("restore-drill")).topicArn();
    }

    @AfterEach
    void close() {
        aws.close();
    }

    private S3Client s3() {
        return aws.s3().apply(REGION);
    }

    private PublishStep step(Instant now) {
        return step(now, BUCKET);
    }

    private PublishStep step(Instant now, String bucket) {
        return new PublishStep(aws.s3(), aws.sns(), new DrillMetrics(new EmfLines(emf::add)),
                new PublishSettings(bucket, topicArn, null), Clock.fixed(now, ZoneOffset.UTC));
    }

    /** Stores the verification result as Verify would, and records its version and SHA-256 in the event. */
    private String uploadVerification(String event) throws Exception {
        JsonNode ref = Json.mapper().readTree(event).at("/progress/verification");
        String versionId = s3().putObject(r -> r.bucket(ref.get("bucket").asText()).key(ref.get("key").asText()),
                RequestBody.fromString(verificationJson)).versionId();
        return Events.with(Events.with(event, "progress.verification.versionId", versionId),
                "progress.verification.sha256", Sha256.hex(verificationJson.getBytes(StandardCharsets.UTF_8)));
    }

    private byte[] object(String key) {
        return s3().getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asByteArray();
    }

    private static DrillState state(String json) throws Exception {
        return Json.mapper().readValue(json, DrillState.class);
    }

    /**
     * The captured EMF lines, each stamped with the time it was emitted (checked, then left out of the
     * comparison); within one document the order of metric definitions carries no meaning, so it is sorted.
     */
    private List<JsonNode> emfDocuments() throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        for (String line : emf) {
            JsonNode document = Json.mapper().readTree(line);
            long stamped = document.at("/_aws/Timestamp").asLong();
            assertThat(Instant.ofEpochMilli(stamped)).isBetween(testStarted, Instant.now());
            ((ObjectNode) document.get("_aws")).remove("Timestamp");
            documents.add(sortedMetrics(document));
        }
        return documents;
    }

    private static JsonNode sortedMetrics(JsonNode document) {
        var directive = (ObjectNode) document.at("/_aws/CloudWatchMetrics/0");
        List<JsonNode> metrics = new ArrayList<>();
        directive.get("Metrics").forEach(metrics::add);
        metrics.sort(Comparator.comparing(m -> m.get("Name").asText()));
        directive.putArray("Metrics").addAll(metrics);
        return document;
    }

    /** One EMF document as CloudWatch expects it, for exact comparison. */
    private static JsonNode emfDocument(List<String> dimensions, Map<String, String> dimensionValues,
                                        List<Object[]> metrics) throws Exception {
        var root = Json.mapper().createObjectNode();
        var aws = root.putObject("_aws");
        var directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", "RestoreDrill");
        var names = directive.putArray("Metrics");
        metrics.forEach(m -> names.addObject().put("Name", (String) m[0]).put("Unit", (String) m[2]));
        var set = directive.putArray("Dimensions").addArray();
        dimensions.forEach(set::add);
        dimensionValues.forEach(root::put);
        root.put("drillId", DRILL);
        metrics.forEach(m -> root.put((String) m[0], ((Number) m[1]).doubleValue()));
        return sortedMetrics(root);
    }

    /** Verify's result with every table's row count set to zero: what a forger would write. */
    private static String forgedVerification() throws Exception {
        JsonNode forged = Json.mapper().readTree(verificationJson);
        forged.findParents("rows").forEach(table -> ((com.fasterxml.jackson.databind.node.ObjectNode) table).put("rows", 0));
        return forged.toString();
    }

    @Test
    void aVerificationResultOverwrittenAfterVerifyWroteItIsNeverWhatPublishReports() throws Exception {
        // GIVEN the result Verify stored, and then another write to the same key (the bucket policy allows only
        // Verify's role to write there; this is what it guards against)
        String event = uploadVerification(Events.read("publish.json"));
        JsonNode ref = Json.mapper().readTree(event).at("/progress/verification");
        s3().putObject(r -> r.bucket(BUCKET).key(ref.get("key").asText()), RequestBody.fromString(forgedVerification()));

        // WHEN Publish runs
        ReportRef published = step(PUBLISHED).publish(state(event)).progress().report();

        // THEN it read the version Verify wrote: the report holds the rows Verify counted
        JsonNode report = Json.mapper().readTree(object(published.key()));
        assertThat(report.at("/verification/inventory/tables")).extracting(t -> t.path("table").asText() + "="
                + t.path("rows").asLong()).containsExactlyInAnyOrder("customers=300", "orders=5000");
    }

    @Test
    void aVerificationResultWhoseBytesAreNotVerifysFailsPublishAndReportsNothing() throws Exception {
        // GIVEN a state that names no version (an unversioned bucket) and a result changed after Verify wrote it
        String event = Events.with(uploadVerification(Events.read("publish.json")), "progress.verification.versionId", null);
        JsonNode ref = Json.mapper().readTree(event).at("/progress/verification");
        s3().putObject(r -> r.bucket(BUCKET).key(ref.get("key").asText()), RequestBody.fromString(forgedVerification()));

        // WHEN / THEN Publish refuses it, naming the object, and stores no report
        assertThatThrownBy(() -> step(PUBLISHED).publish(state(event)))
                .isInstanceOf(PublishFailedException.class)
                .hasMessageContaining("s3://" + BUCKET + "/" + ref.get("key").asText())
                .hasMessageContaining("is not the one Verify wrote");
        assertThat(s3().listObjectsV2(r -> r.bucket(BUCKET).prefix("reports/")).contents()).isEmpty();
    }

    @Test
    void aPassedDrillIsStoredChainedNotifiedAndCounted() throws Exception {
        // GIVEN the state after Cleanup of a drill that passed, and the result Verify stored
        String event = uploadVerification(Events.read("publish.json"));

        // WHEN the Publish handler runs on it
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PublishHandler(step(PUBLISHED)).handleRequest(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
        DrillState published = state(out.toString(StandardCharsets.UTF_8));

        // THEN the report is in the evidence bucket, the first of its chain, and the state points at it
        byte[] stored = object(KEY);
        String sha256 = Sha256.hex(stored);
        assertThat(published.progress().report())
                .isEqualTo(new ReportRef(BUCKET, KEY, sha256, Verdict.PASSED, null, List.of()));
        PhaseMark publish = published.progress().mark(Phase.PUBLISH).orElseThrow();
        assertThat(publish.status()).isEqualTo(PhaseStatus.PASSED);
        assertThat(publish.detail()).isEqualTo("Report s3://" + BUCKET + "/" + KEY
                + " (PASSED) starts the chain of shop-prod; " + topicArn + " notified.");

        JsonNode document = Json.mapper().readTree(stored);
        assertThat(document.has("previousReport")).isTrue();
        assertThat(document.get("previousReport").isNull()).isTrue();
        List<String> fields = new ArrayList<>();
        document.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("schemaVersion", "drillId", "engine", "verdict", "failureReason", "source",
                "operator", "startedAt", "finishedAt", "snapshot", "restorePoint", "budgets", "rtoSeconds", "rpoSeconds",
                "phases", "verification", "previousReport");
        assertThat(document.get("rtoSeconds").decimalValue()).isEqualByComparingTo("1390.000");

        DrillReport report = ReportJson.read(new String(stored, StandardCharsets.UTF_8));
        assertThat(report.engine()).isEqualTo("aws");
        assertThat(report.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(report.startedAt()).isEqualTo(Instant.parse("2026-11-22T04:00:00Z"));
        assertThat(report.finishedAt()).isEqualTo(PUBLISHED);
        assertThat(report.source().name()).isEqualTo("shop-prod");
        assertThat(report.source().kind()).isEqualTo("rds-instance");
        assertThat(report.source().location()).isEqualTo("arn:aws:rds:eu-central-1:123456789012:db:shop-prod");
        assertThat(report.source().serverVersion()).isEqualTo("16.4");
        assertThat(report.snapshot().id())
                .isEqualTo("arn:aws:rds:eu-central-1:123456789012:snapshot:drill-shop-prod-" + DRILL);
        assertThat(report.snapshot().recoveryLocation())
                .isEqualTo("arn:aws:rds:eu-west-1:123456789012:snapshot:drill-shop-prod-" + DRILL + "-copy");
        assertThat(report.snapshot().takenAt()).isEqualTo(Instant.parse("2026-11-22T04:00:07Z"));
        assertThat(report.snapshot().encrypted()).isTrue();
        assertThat(report.rto()).isEqualTo(Duration.parse("PT23M10S"));
        assertThat(report.rpo()).as("the snapshot was taken after the drill started").isEqualTo(Duration.ZERO);
        assertThat(report.phases()).extracting(PhaseResult::phase).containsExactly(Phase.SNAPSHOT, Phase.COPY,
                Phase.RESTORE, Phase.CREDENTIALS, Phase.VERIFY, Phase.CLEANUP);
        assertThat(report.phases()).extracting(PhaseResult::status).containsOnly(PhaseStatus.PASSED);
        assertThat(report.phases().get(2).budget()).isEqualTo(Duration.ofMinutes(45));
        assertThat(report.phases().get(2).duration()).isEqualTo(Duration.parse("PT18M31S"));
        assertThat(report.verification()).isEqualTo(Json.mapper().readValue(verificationJson, VerificationResult.class));
        assertThat(report.rowsVerified()).isEqualTo(5300);

        String text = new String(stored, StandardCharsets.UTF_8);
        assertThat(text).doesNotContain(postgresPassword).doesNotContainIgnoringCase("password\"");

        // AND it was written once, conditionally, with S3 checking its SHA-256
        PutObjectRequest put = recorder.sent(PutObjectRequest.class).stream().filter(p -> p.key().equals(KEY))
                .findFirst().orElseThrow();
        assertThat(put.bucket()).isEqualTo(BUCKET);
        assertThat(put.ifNoneMatch()).isEqualTo("*");
        assertThat(put.checksumAlgorithm()).isEqualTo(ChecksumAlgorithm.SHA256);
        assertThat(put.contentType()).isEqualTo("application/json");

        // AND the Markdown form is next to it, ending with the evidence chain
        String markdown = new String(object("reports/shop-prod/2026/" + DRILL + ".md"), StandardCharsets.UTF_8);
        assertThat(markdown).startsWith("# Restore drill " + DRILL + ": ✅ PASSED")
                .contains("| RTO | 23m 10s of 1h 00m budget (39%) |")
                .endsWith("## Evidence\n\nThis report is `s3://" + BUCKET + "/" + KEY + "`; the SHA-256 of its bytes is `"
                        + sha256 + "`.\n\nIt is the first report of shop-prod in this bucket.\n");

        // AND the topic got exactly this summary, which moto accepted
        String body = """
                Restore drill PASSED: shop-prod

                Drill:         20261122-040000-3fa9c2 (engine aws)
                Started:       2026-11-22T04:00:00Z
                Finished:      2026-11-22T04:43:00Z (43m 00s)
                RTO:           23m 10s of 1h 00m budget
                RPO:           0ms (snapshot taken 2026-11-22T04:00:07Z)
                Rows verified: 5,300

                Phases:
                  Snapshot     passed      6m 39s
                  Copy         passed     12m 45s
                  Restore      passed     18m 31s  budget 45m 00s
                  Credentials  passed        2.0s
                  Verify       passed      4m 31s  budget 10m 00s
                  Cleanup      passed        5.0s

                Report:   s3://%s/%s
                SHA-256:  %s
                Markdown: s3://%s/reports/shop-prod/2026/20261122-040000-3fa9c2.md
                """.formatted(BUCKET, KEY, sha256, BUCKET);
        assertThat(recorder.sent(PublishRequest.class)).containsExactly(PublishRequest.builder()
                .topicArn(topicArn)
                .subject("Restore drill PASSED: shop-prod (RTO 23m 10s of 1h 00m)")
                .message(body)
                .messageAttributes(Map.of(
                        "verdict", MessageAttributeValue.builder().dataType("String").stringValue("PASSED").build(),
                        "source", MessageAttributeValue.builder().dataType("String").stringValue("shop-prod").build()))
                .build());
        assertThat(responses.of(PublishResponse.class)).singleElement()
                .satisfies(response -> assertThat(response.messageId()).isNotBlank());

        // AND the metrics are one EMF document for the drill and one per phase, exactly
        List<JsonNode> expected = new ArrayList<>();
        expected.add(emfDocument(List.of("Source"), Map.of("Source", "shop-prod"), List.of(
                new Object[] {"RestoreTimeSeconds", 1390, "Seconds"},
                new Object[] {"DrillDurationSeconds", 2580, "Seconds"},
                new Object[] {"DrillPassed", 1, "Count"},
                new Object[] {"SnapshotAgeSeconds", 0, "Seconds"},
                new Object[] {"RowsVerified", 5300, "Count"})));
        for (Object[] phase : List.of(new Object[] {"Snapshot", 399}, new Object[] {"Copy", 765},
                new Object[] {"Restore", 1111}, new Object[] {"Credentials", 2}, new Object[] {"Verify", 271},
                new Object[] {"Cleanup", 5})) {
            expected.add(emfDocument(List.of("Source", "Phase"),
                    Map.of("Source", "shop-prod", "Phase", (String) phase[0]),
                    List.<Object[]>of(new Object[] {"PhaseDurationSeconds", phase[1], "Seconds"})));
        }
        assertThat(emfDocuments()).containsExactlyElementsOf(expected);
    }

    /** The sample state of a drill whose restored instance failed: CheckRestore threw, the Catch ran Cleanup. */
    private static String failedDrill() {
        String event = Events.read("publish.json");
        event = Events.with(event, "snapshotMode", "LATEST_AUTOMATED");
        event = Events.with(event, "progress.snapshotArn", "arn:aws:rds:eu-central-1:123456789012:snapshot:rds:shop-prod-2026-11-22-03-12");
        event = Events.with(event, "progress.snapshotTime", "2026-11-22T03:12:00Z");
        event = Events.with(event, "progress.endpoint", null);
        event = Events.with(event, "progress.secretArn", null);
        event = Events.with(event, "progress.verification", null);
        event = Events.with(event, "progress.phases", List.of(
                Map.of("phase", "Snapshot", "start", "2026-11-22T04:00:01Z", "end", "2026-11-22T04:00:02Z",
                        "status", "PASSED", "detail", "became available"),
                Map.of("phase", "Copy", "start", "2026-11-22T04:00:03Z", "end", "2026-11-22T04:19:30Z",
                        "status", "PASSED", "detail", "became available"),
                Map.of("phase", "Restore", "start", "2026-11-22T04:19:31Z"),
                Map.of("phase", "Cleanup", "start", "2026-11-22T04:51:02Z", "end", "2026-11-22T04:51:09Z",
                        "status", "PASSED", "detail", "Deleted instance drill-shop-prod-20261122-040000-3fa9c2.")));
        return Events.with(event, "failure", Map.of("Error", "io.restoredrill.core.error.RestoreFailedException",
                "Cause", "{\"errorMessage\":\"" + RESTORE_FAILED + "\",\"errorType\":\"io.restoredrill.core.error."
                        + "RestoreFailedException\",\"stackTrace\":[\"io.restoredrill.aws.check.CheckStep.decide(CheckStep.java:"
                        + "118)\",\"io.restoredrill.aws.check.CheckStep.checkRestore(CheckStep.java:96)\",\"io.restoredrill."
                        + "aws.handler.StateHandler.lambda$handleRequest$0(StateHandler.java:27)\"]}"));
    }

    private static final String RESTORE_FAILED = "The restored database drill-shop-prod-20261122-040000-3fa9c2 in"
            + " eu-west-1 is 'incompatible-parameters' and will not become available.";

    @Test
    void aFailedDrillIsPublishedAsFailedNamingTheFailure() throws Exception {
        // GIVEN a drill that failed in Restore (the Catch recorded the Java runtime's error) and was cleaned up
        Instant now = Instant.parse("2026-11-22T04:51:30Z");

        // WHEN Publish runs
        DrillState published = step(now).publish(state(failedDrill()));

        // THEN the report says FAILED, why, and in which phase; the phases after it did not run
        String reason = "Restore failed with RestoreFailedException: " + RESTORE_FAILED;
        byte[] stored = object(KEY);
        assertThat(published.progress().report())
                .isEqualTo(new ReportRef(BUCKET, KEY, Sha256.hex(stored), Verdict.FAILED, reason, List.of()));
        DrillReport report = ReportJson.read(new String(stored, StandardCharsets.UTF_8));
        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.failureReason()).isEqualTo(reason);
        assertThat(report.phases()).containsExactly(
                PhaseResult.of(Phase.SNAPSHOT, Instant.parse("2026-11-22T04:00:01Z"), Instant.parse("2026-11-22T04:00:02Z"),
                        null, PhaseStatus.PASSED, "became available"),
                PhaseResult.of(Phase.COPY, Instant.parse("2026-11-22T04:00:03Z"), Instant.parse("2026-11-22T04:19:30Z"),
                        null, PhaseStatus.PASSED, "became available"),
                PhaseResult.of(Phase.RESTORE, Instant.parse("2026-11-22T04:19:31Z"), Instant.parse("2026-11-22T04:51:02Z"),
                        Duration.ofMinutes(45), PhaseStatus.FAILED, RESTORE_FAILED),
                new PhaseResult(Phase.CREDENTIALS, null, null, null, null, PhaseStatus.NOT_RUN,
                        "Not run: an earlier phase failed."),
                new PhaseResult(Phase.VERIFY, null, null, null, Duration.ofMinutes(10), PhaseStatus.NOT_RUN,
                        "Not run: an earlier phase failed."),
                PhaseResult.of(Phase.CLEANUP, Instant.parse("2026-11-22T04:51:02Z"), Instant.parse("2026-11-22T04:51:09Z"),
                        null, PhaseStatus.PASSED, "Deleted instance drill-shop-prod-20261122-040000-3fa9c2."));
        assertThat(report.rto()).isNull();
        assertThat(report.verification()).isNull();
        assertThat(report.rpo()).isEqualTo(Duration.ofMinutes(48));
        assertThat(report.snapshot().id()).endsWith(":snapshot:rds:shop-prod-2026-11-22-03-12");
        assertThat(new String(object("reports/shop-prod/2026/" + DRILL + ".md"), StandardCharsets.UTF_8))
                .startsWith("# Restore drill " + DRILL + ": ❌ FAILED\n\n**Failure reason:** " + reason);

        // AND the summary says so in its subject and body
        PublishRequest sent = recorder.sent(PublishRequest.class).get(0);
        assertThat(sent.subject()).isEqualTo("Restore drill FAILED: shop-prod (failed in Restore)");
        assertThat(sent.message()).startsWith("Restore drill FAILED: shop-prod\nWhy: " + reason + "\n\n")
                .contains("RTO:           not measured (the drill did not finish Verify); budget 1h 00m\n")
                .contains("RPO:           48m 00s (snapshot taken 2026-11-22T03:12:00Z)\n")
                .contains("Rows verified: none (Verify did not run)\n")
                .contains("  Restore      FAILED     31m 31s  budget 45m 00s\n               " + RESTORE_FAILED + "\n")
                .contains("  Credentials  not run          -\n               Not run: an earlier phase failed.\n");
        assertThat(sent.messageAttributes().get("verdict").stringValue()).isEqualTo("FAILED");

        // AND DrillPassed is 0; no RTO and no rows are claimed; only the phases that ran have a duration
        List<JsonNode> expected = new ArrayList<>();
        expected.add(emfDocument(List.of("Source"), Map.of("Source", "shop-prod"), List.of(
                new Object[] {"DrillDurationSeconds", 3090, "Seconds"},
                new Object[] {"DrillPassed", 0, "Count"},
                new Object[] {"SnapshotAgeSeconds", 2880, "Seconds"})));
        for (Object[] phase : List.of(new Object[] {"Snapshot", 1}, new Object[] {"Copy", 1167},
                new Object[] {"Restore", 1891}, new Object[] {"Cleanup", 7})) {
            expected.add(emfDocument(List.of("Source", "Phase"), Map.of("Source", "shop-prod", "Phase", (String) phase[0]),
                    List.<Object[]>of(new Object[] {"PhaseDurationSeconds", phase[1], "Seconds"})));
        }
        assertThat(emfDocuments()).containsExactlyElementsOf(expected);
    }

    /** The sample state as another drill of the same source. */
    private static String drill(String sample, String drillId, String startedAt) throws Exception {
        return Events.with(Events.with(sample, "drillId", drillId), "startedAt", startedAt);
    }

    @Test
    void eachReportChainsToTheSourcesNewestEarlierReportAcrossYears() throws Exception {
        // GIVEN the verification result, and reports of other sources that must not be chained to
        String sample = uploadVerification(Events.read("publish.json"));
        for (String other : List.of("reports/billing-prod/2026/20261124-040000-ffffff.json",
                "reports/shop-prod-eu/2026/20261130-040000-eeeeee.json")) {
            s3().putObject(r -> r.bucket(BUCKET).key(other), RequestBody.fromString("{}"));
        }

        // WHEN three drills of shop-prod publish, the third in the next year
        ReportRef first = step(PUBLISHED).publish(state(sample)).progress().report();
        ReportRef second = step(PUBLISHED.plus(Duration.ofDays(1)))
                .publish(state(drill(sample, "20261123-040000-aa11bb", "2026-11-23T04:00:00Z"))).progress().report();
        ReportRef third = step(Instant.parse("2027-01-01T04:43:00Z"))
                .publish(state(drill(sample, "20270101-040000-cc22dd", "2027-01-01T04:00:00Z"))).progress().report();

        // THEN each stored report names the one before it and the SHA-256 of that object's bytes
        assertThat(Json.mapper().readTree(object(first.key())).get("previousReport").isNull()).isTrue();
        assertThat(second.key()).isEqualTo("reports/shop-prod/2026/20261123-040000-aa11bb.json");
        assertThat(Json.mapper().readTree(object(second.key())).get("previousReport")).isEqualTo(Json.mapper()
                .valueToTree(new PreviousReport(first.key(), Sha256.hex(object(first.key())))));
        assertThat(third.key()).isEqualTo("reports/shop-prod/2027/20270101-040000-cc22dd.json");
        assertThat(Json.mapper().readTree(object(third.key())).get("previousReport")).isEqualTo(Json.mapper()
                .valueToTree(new PreviousReport(second.key(), Sha256.hex(object(second.key())))));
        assertThat(List.of(first, second, third)).allSatisfy(ref ->
                assertThat(ref.sha256()).isEqualTo(Sha256.hex(object(ref.key()))));
        assertThat(recorder.sent(ListObjectsV2Request.class)).as("the listing took more than one page")
                .anySatisfy(list -> assertThat(list.continuationToken()).isNotNull());
        assertThat(new String(object("reports/shop-prod/2027/20270101-040000-cc22dd.md"), StandardCharsets.UTF_8))
                .endsWith("It follows `" + second.key() + "`, whose SHA-256 was `" + second.sha256() + "`.\n");
    }

    @Test
    void aRetriedPublishGoesOnWithTheStoredReportAndAddsNoSecondLink() throws Exception {
        // GIVEN two drills published, the second one's Lambda retried after it had stored the report
        String sample = uploadVerification(Events.read("publish.json"));
        step(PUBLISHED).publish(state(sample));
        DrillState second = state(drill(sample, "20261123-040000-aa11bb", "2026-11-23T04:00:00Z"));
        ReportRef stored = step(PUBLISHED.plus(Duration.ofDays(1))).publish(second).progress().report();
        byte[] before = object(stored.key());

        // WHEN the retry runs five minutes later
        ReportRef retried = step(PUBLISHED.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(5)))
                .publish(second).progress().report();

        // THEN it returns the stored report; nothing was replaced and there is still one link per drill
        assertThat(retried).isEqualTo(stored);
        assertThat(object(stored.key())).isEqualTo(before);
        assertThat(s3().listObjectsV2Paginator(r -> r.bucket(BUCKET).prefix("reports/")).contents().stream())
                .extracting(S3Object::key)
                .containsExactly("reports/shop-prod/2026/20261122-040000-3fa9c2.json",
                        "reports/shop-prod/2026/20261122-040000-3fa9c2.md",
                        "reports/shop-prod/2026/20261123-040000-aa11bb.json",
                        "reports/shop-prod/2026/20261123-040000-aa11bb.md",
                        "reports/shop-prod/chain/20261122-040000-3fa9c2.json",
                        "reports/shop-prod/chain/first.json",
                        "reports/shop-prod/chain/starts/20261122-040000-3fa9c2.json",
                        "reports/shop-prod/chain/starts/20261123-040000-aa11bb.json");
        assertThat(object("reports/shop-prod/chain/20261122-040000-3fa9c2.json")).as("the link holds the report's bytes")
                .isEqualTo(before);
        assertThat(recorder.sent(PutObjectRequest.class).stream().filter(p -> p.key().startsWith("reports/")))
                .as("every write of Publish is a create, never a replacement")
                .allSatisfy(p -> assertThat(p.ifNoneMatch()).isEqualTo("*"));
        assertThat(recorder.sent(PutObjectRequest.class).stream().filter(p -> p.key().equals(stored.key())))
                .as("the retry found the stored report and did not write it again").hasSize(1);
        assertThat(EvidenceChain.verify("shop-prod", EvidenceChain.load(s3(), BUCKET, "shop-prod")).problems()).isEmpty();

        // AND its summary and metrics are those of the stored report (finished at the first attempt)
        List<PublishRequest> sent = recorder.sent(PublishRequest.class);
        assertThat(sent).hasSize(3);
        assertThat(sent.get(2)).isEqualTo(sent.get(1));
        List<JsonNode> documents = emfDocuments();
        JsonNode drillDocument = documents.get(documents.size() - 1 - 6);
        assertThat(drillDocument.get("DrillDurationSeconds").asDouble()).as("finished at the first attempt").isEqualTo(2580.0);
    }

    @Test
    void twoDrillsThatSawTheSameNewestReportMakeALineNotAFork() throws Exception {
        // GIVEN the first report of shop-prod, and drill B's Publish held right after it listed the reports
        String sample = uploadVerification(Events.read("publish.json"));
        ReportRef first = step(PUBLISHED).publish(state(sample)).progress().report();
        CountDownLatch listed = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        try (MotoRds held = new MotoRds(MOTO, recorder, new HoldAfterListing(listed, goOn))) {
            PublishStep stepB = new PublishStep(held.s3(), aws.sns(), new DrillMetrics(new EmfLines(emf::add)),
                    new PublishSettings(BUCKET, topicArn, null), Clock.fixed(PUBLISHED.plus(Duration.ofDays(1)), ZoneOffset.UTC));
            DrillState drillB = state(drill(sample, "20261123-040000-bbbbbb", "2026-11-23T04:00:00Z"));
            CompletableFuture<ReportRef> publishedB = CompletableFuture.supplyAsync(
                    () -> stepB.publish(drillB).progress().report());
            assertThat(listed.await(30, TimeUnit.SECONDS)).as("B listed the reports").isTrue();

            // WHEN drill C, which saw the same newest report, publishes meanwhile, and then B goes on
            ReportRef publishedC = step(PUBLISHED.plus(Duration.ofDays(1)))
                    .publish(state(drill(sample, "20261123-040000-cccccc", "2026-11-23T04:00:00Z"))).progress().report();
            goOn.countDown();
            ReportRef reportB = publishedB.get(60, TimeUnit.SECONDS);

            // THEN C follows the first report and B follows C: one line, though both started from the first report
            assertThat(Json.mapper().readTree(object(publishedC.key())).get("previousReport")).isEqualTo(Json.mapper()
                    .valueToTree(new PreviousReport(first.key(), first.sha256())));
            assertThat(Json.mapper().readTree(object(reportB.key())).get("previousReport")).isEqualTo(Json.mapper()
                    .valueToTree(new PreviousReport(publishedC.key(), Sha256.hex(object(publishedC.key())))));
            EvidenceChain.Verification chain = EvidenceChain.verify("shop-prod", EvidenceChain.load(s3(), BUCKET, "shop-prod"));
            assertThat(chain.problems()).isEmpty();
            assertThat(chain.line()).containsExactly(first.key(), publishedC.key(), reportB.key());
            assertThat(Json.mapper().readTree(object("reports/shop-prod/chain/starts/20261123-040000-bbbbbb.json"))
                    .get("after").asText()).as("B noted where its walk started, before it claimed anything")
                    .isEqualTo(first.key());
        }
    }

    @Test
    void aPublishThatDiedAfterClaimingItsPlaceFindsItAgainWhenRetriedAfterLaterDrills() throws Exception {
        // GIVEN the first report, and drill B's Publish that dies right after it claimed its place in the chain
        String sample = uploadVerification(Events.read("publish.json"));
        ReportRef first = step(PUBLISHED).publish(state(sample)).progress().report();
        DrillState drillB = state(drill(sample, "20261123-040000-bbbbbb", "2026-11-23T04:00:00Z"));
        String keyB = "reports/shop-prod/2026/20261123-040000-bbbbbb.json";
        try (MotoRds dying = new MotoRds(MOTO, recorder, new DieBeforeWriting(keyB))) {
            PublishStep stepB = new PublishStep(dying.s3(), aws.sns(), new DrillMetrics(new EmfLines(emf::add)),
                    new PublishSettings(BUCKET, topicArn, null), Clock.fixed(PUBLISHED.plus(Duration.ofDays(1)), ZoneOffset.UTC));
            assertThatThrownBy(() -> stepB.publish(drillB)).hasStackTraceContaining("Lambda timed out");
        }
        byte[] claimedByB = object("reports/shop-prod/chain/20261122-040000-3fa9c2.json");

        // WHEN drill C (a later drill id, so the newest report when B is retried) publishes, then B is retried
        ReportRef reportC = step(PUBLISHED.plus(Duration.ofDays(2)))
                .publish(state(drill(sample, "20261124-040000-cccccc", "2026-11-24T04:00:00Z"))).progress().report();
        assertThat(object(keyB)).as("C's Publish, passing B's link, wrote B's report from it").isEqualTo(claimedByB);
        ReportRef reportB = step(PUBLISHED.plus(Duration.ofDays(2))).publish(drillB).progress().report();

        // THEN B is stored with the bytes it claimed its place with, once, and the chain is first → B → C
        assertThat(reportB.key()).isEqualTo(keyB);
        assertThat(object(keyB)).isEqualTo(claimedByB);
        assertThat(Json.mapper().readTree(object(reportC.key())).get("previousReport")).isEqualTo(Json.mapper()
                .valueToTree(new PreviousReport(keyB, Sha256.hex(claimedByB))));
        EvidenceChain.Verification chain = EvidenceChain.verify("shop-prod", EvidenceChain.load(s3(), BUCKET, "shop-prod"));
        assertThat(chain.problems()).isEmpty();
        assertThat(chain.line()).containsExactly(first.key(), keyB, reportC.key());
    }

    @Test
    void aConditionalWriteThatMeetsAnotherIsRetriedStandingInForS3s409WhichMotoNeverAnswers() throws Exception {
        // GIVEN S3 answering the first claim of a link 409 ConditionalRequestConflict, as it may when two conditional
        // writes of one key meet (moto never does, so the test stands in for exactly that answer)
        String sample = uploadVerification(Events.read("publish.json"));
        try (MotoRds conflicting = new MotoRds(MOTO, recorder, new ConflictOnce("reports/shop-prod/chain/first.json"))) {
            PublishStep publish = new PublishStep(conflicting.s3(), aws.sns(), new DrillMetrics(new EmfLines(emf::add)),
                    new PublishSettings(BUCKET, topicArn, null), Clock.fixed(PUBLISHED, ZoneOffset.UTC));

            // WHEN the drill publishes
            ReportRef stored = publish.publish(state(sample)).progress().report();

            // THEN the claim was sent again and won: the report is the first of the chain
            assertThat(recorder.sent(PutObjectRequest.class).stream()
                    .filter(p -> p.key().equals("reports/shop-prod/chain/first.json"))).hasSize(2);
            assertThat(EvidenceChain.verify("shop-prod", EvidenceChain.load(s3(), BUCKET, "shop-prod")).line())
                    .containsExactly(stored.key());
        }
    }

    @Test
    void aChangedRemovedOrForgedReportIsTheFirstBrokenLinkOfTheChain() throws Exception {
        // GIVEN four drills of shop-prod published one after another
        String sample = uploadVerification(Events.read("publish.json"));
        List<ReportRef> refs = new ArrayList<>();
        for (int day = 0; day < 4; day++) {
            refs.add(step(PUBLISHED.plus(Duration.ofDays(day))).publish(state(drill(sample,
                    "2026112" + (2 + day) + "-040000-0000a" + day, "2026-11-2" + (2 + day) + "T04:00:00Z"))).progress().report());
        }
        Map<String, byte[]> intact = EvidenceChain.load(s3(), BUCKET, "shop-prod");
        assertThat(EvidenceChain.verify("shop-prod", intact).line()).containsExactlyElementsOf(
                refs.stream().map(ReportRef::key).toList());

        // WHEN the second report is changed THEN its own link names it first, then the third report's link to it
        Map<String, byte[]> changed = new java.util.TreeMap<>(intact);
        changed.put(refs.get(1).key(), new String(intact.get(refs.get(1).key()), StandardCharsets.UTF_8)
                .replace("\"PASSED\"", "\"FAILED\"").getBytes(StandardCharsets.UTF_8));
        List<String> problems = EvidenceChain.verify("shop-prod", changed).problems();
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).isEqualTo("reports/shop-prod/chain/20261122-040000-0000a0.json holds other bytes"
                + " than " + refs.get(1).key() + ": one of them was changed after Publish wrote both.");
        assertThat(problems.get(1)).startsWith(refs.get(2).key() + " names SHA-256 " + refs.get(1).sha256() + " for "
                + refs.get(1).key()).endsWith(refs.get(1).key() + " was changed after " + refs.get(2).key() + " was written.");

        // WHEN the third report is missing but its link is there THEN that is a Publish that ended before writing it
        Map<String, byte[]> unwritten = new java.util.TreeMap<>(intact);
        unwritten.remove(refs.get(2).key());
        assertThat(EvidenceChain.verify("shop-prod", unwritten).problems().get(0)).isEqualTo(refs.get(3).key() + " follows "
                + refs.get(2).key() + ", whose link holds it but which is not in the bucket itself: its Publish ended"
                + " between claiming its place and writing it; the next Publish of this source writes it from the link.");

        // WHEN the third report and its link are removed THEN the fourth follows a report that is not there
        Map<String, byte[]> removed = new java.util.TreeMap<>(unwritten);
        removed.remove("reports/shop-prod/chain/20261123-040000-0000a1.json");
        assertThat(EvidenceChain.verify("shop-prod", removed).problems().get(0)).isEqualTo(refs.get(3).key()
                + " follows " + refs.get(2).key() + ", which is not in the bucket: it was removed, or " + refs.get(3).key()
                + " was not written by Publish.");

        // WHEN a forged report is made to follow the first one THEN the chain forks after it
        Map<String, byte[]> forked = new java.util.TreeMap<>(intact);
        String forgedKey = "reports/shop-prod/2026/20261122-050000-ffffff.json";
        forked.put(forgedKey, new String(intact.get(refs.get(1).key()), StandardCharsets.UTF_8)
                .replace("20261123-040000-0000a1", "20261122-050000-ffffff").getBytes(StandardCharsets.UTF_8));
        assertThat(EvidenceChain.verify("shop-prod", forked).problems()).containsExactly(
                "The chain forks after " + refs.get(0).key() + ": " + refs.get(1).key() + ", " + forgedKey + " all follow it.",
                forgedKey + " has no link in reports/shop-prod/chain/: no Publish claimed its place in the chain.");
    }

    @Test
    void aMissingEvidenceBucketIsAPublishFailureNamingIt() throws Exception {
        // GIVEN the function configured with a bucket that does not exist
        PublishStep step = step(PUBLISHED, "restore-drill-evidence-missing");

        // WHEN Publish runs THEN it fails with a named error naming the bucket, and tells nobody anything
        assertThatThrownBy(() -> step.publish(state(failedDrill())))
                .isInstanceOf(PublishFailedException.class)
                .hasMessage("The evidence bucket 'restore-drill-evidence-missing' does not exist in eu-west-1, so Publish"
                        + " cannot list the earlier reports of shop-prod; deploy the evidence stack or fix EVIDENCE_BUCKET.");
        assertThat(recorder.sent(PublishRequest.class)).isEmpty();
        assertThat(emf).isEmpty();
    }

    /** Holds the Publish after its listing of the reports, until the test lets it go on. */
    private static final class HoldAfterListing implements ExecutionInterceptor {
        private final CountDownLatch listed;
        private final CountDownLatch goOn;

        HoldAfterListing(CountDownLatch listed, CountDownLatch goOn) {
            this.listed = listed;
            this.goOn = goOn;
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof ListObjectsV2Request && listed.getCount() > 0) {
                listed.countDown();
                try {
                    goOn.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Answers the first PutObject of one key as S3 answers a conditional write that met another: 409. */
    private static final class ConflictOnce implements ExecutionInterceptor {
        private final String key;
        private final java.util.concurrent.atomic.AtomicBoolean answered = new java.util.concurrent.atomic.AtomicBoolean();

        ConflictOnce(String key) {
            this.key = key;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof PutObjectRequest put && put.key().equals(key) && answered.compareAndSet(false, true)) {
                throw software.amazon.awssdk.services.s3.model.S3Exception.builder().statusCode(409)
                        .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                                .errorCode("ConditionalRequestConflict")
                                .errorMessage("A conflicting conditional operation is currently in progress against this"
                                        + " resource. Please try again.").build())
                        .message("ConditionalRequestConflict").build();
            }
        }
    }

    /** The Lambda's end as a timeout would come: before the report's own key is written, after its link was. */
    private static final class DieBeforeWriting implements ExecutionInterceptor {
        private final String key;

        DieBeforeWriting(String key) {
            this.key = key;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof PutObjectRequest put && put.key().equals(key)) {
                throw new IllegalStateException("Lambda timed out (standing in for the end of the invocation)");
            }
        }
    }

    /** Two keys per ListObjectsV2 page, so the search for the previous report must follow continuation tokens. */
    private static final class SmallPages implements ExecutionInterceptor {
        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            return context.request() instanceof ListObjectsV2Request list ? list.toBuilder().maxKeys(2).build()
                    : context.request();
        }
    }

    /** The SDK responses the code under test received. */
    private static final class Responses implements ExecutionInterceptor {
        private final List<SdkResponse> received = new CopyOnWriteArrayList<>();

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            received.add(context.response());
        }

        <T extends SdkResponse> List<T> of(Class<T> type) {
            return received.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }
}
