package io.restoredrill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.aws.evidence.Sha256;
import io.restoredrill.core.json.Json;
import io.restoredrill.core.model.DrillReport;
import io.restoredrill.core.report.ReportJson;
import io.restoredrill.core.report.SampleReports;
import io.restoredrill.remote.AwsAccess;
import io.restoredrill.testing.MotoServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * {@code drill start|status|report} against Step Functions and S3 on moto, whose state-machine
 * interpreter runs the executions. The drill's Lambdas cannot run on moto (no Docker), so these
 * state machines stand in for the drill with Pass states that return what the real one returns: the
 * drill state after Publish (events/publish.json plus its report reference), or a Fail state with
 * the Java error name.
 */
class AwsDrillCommandsTest {

    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static final String REGION = "eu-west-1";
    private static final String BUCKET = "restore-drill-evidence";
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(MotoServer.ACCESS_KEY_ID, MotoServer.SECRET_ACCESS_KEY));

    @TempDir
    Path tmp;

    private SfnClient sfn;
    private S3Client s3;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void moto() throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(MOTO.endpoint().resolve("/moto-api/config"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"stepfunctions\": {\"execute_state_machine\": true}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        sfn = SfnClient.builder().region(Region.of(REGION)).endpointOverride(MOTO.endpoint()).credentialsProvider(CREDENTIALS).build();
        s3 = S3Client.builder().region(Region.of(REGION)).endpointOverride(MOTO.endpoint()).credentialsProvider(CREDENTIALS)
                .forcePathStyle(true).build();
        s3.createBucket(r -> r.bucket(BUCKET).createBucketConfiguration(c -> c.locationConstraint(REGION)));
    }

    @AfterEach
    void close() {
        sfn.close();
        s3.close();
    }

    private int drill(String... args) {
        return DrillCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true),
                new AwsAccess(region -> sfn, region -> s3), duration -> Thread.sleep(50));
    }

    /** A state machine whose one Pass state returns the sample drill state after Publish, with its report stored. */
    private String passingMachine(DrillReport report) throws Exception {
        String key = "reports/shop-prod/2026/" + report.drillId() + ".json";
        s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString(ReportJson.write(report)));
        ObjectNode state = (ObjectNode) Json.mapper().readTree(Files.readString(Path.of("..", "events", "publish.json")));
        ObjectNode ref = ((ObjectNode) state.get("progress")).putObject("report");
        ref.put("bucket", BUCKET).put("key", key).put("sha256", "0".repeat(64)).put("verdict", report.verdict().name());
        ref.put("failureReason", report.failureReason());
        String definition = "{\"StartAt\": \"Publish\", \"States\": {\"Publish\": {\"Type\": \"Pass\", \"Result\": "
                + state + ", \"End\": true}}}";
        return machine("restore-drill", definition);
    }

    private String machine(String name, String definition) {
        return sfn.createStateMachine(r -> r.name(name).definition(definition)
                .roleArn("arn:aws:iam::123456789012:role/restore-drill")).stateMachineArn();
    }

    @Test
    void startWaitsForThePassingDrillThenStatusAndReportShowIt() throws Exception {
        // GIVEN the drill state machine (standing in), and the report its Publish stored
        DrillReport report = SampleReports.passed();
        String machine = passingMachine(report);

        // WHEN a drill of shop-prod is started and followed
        int code = drill("start", "--source", "shop-prod", "--state-machine", machine, "--wait", "--poll", "1s");

        // THEN it passed, and the output names the execution, the phases, the verdict and the report
        assertThat(code).as(out + "" + err).isZero();
        String executionArn = out.toString().lines().filter(l -> l.startsWith("Started drill ")).findFirst().orElseThrow()
                .replaceFirst(".*: ", "");
        assertThat(out.toString()).contains("Execution ").contains(": SUCCEEDED").contains("Verdict: PASSED")
                .contains("s3://" + BUCKET + "/reports/shop-prod/2026/" + report.drillId() + ".json")
                .contains("Snapshot").contains("Verify");
        // AND the execution got the scheduled input's shape, named by its drill id
        JsonNode input = Json.mapper().readTree(sfn.describeExecution(r -> r.executionArn(executionArn)).input());
        assertThat(input.get("source").asText()).isEqualTo("shop-prod");
        assertThat(executionArn).endsWith(":" + input.get("drillId").asText());

        // WHEN status and report are asked for that execution
        out.getBuffer().setLength(0);
        assertThat(drill("status", executionArn)).isZero();
        String status = out.toString();
        out.getBuffer().setLength(0);
        assertThat(drill("report", executionArn)).isZero();

        // THEN status shows the phases and verdict, and report prints the stored report
        assertThat(status).contains("SUCCEEDED").contains("Verdict: PASSED");
        assertThat(out.toString()).contains(report.drillId()).contains("PASSED");

        // WHEN the newest report of the source is written to a folder THEN JSON, Markdown and HTML are there
        out.getBuffer().setLength(0);
        assertThat(drill("report", "latest", "--source", "shop-prod", "--bucket", BUCKET, "--region", REGION,
                "--out", tmp.toString())).isZero();
        assertThat(tmp.resolve(report.source().name()).resolve(report.drillId() + ".html")).exists();
        assertThat(ReportJson.read(tmp.resolve(report.source().name()).resolve(report.drillId() + ".json")).drillId())
                .isEqualTo(report.drillId());
    }

    @Test
    void aFailedDrillEndsStartWaitWithExitCodeOneAndTheErrorName() {
        String machine = machine("restore-drill-failing", "{\"StartAt\": \"Restore\", \"States\": {\"Restore\": {\"Type\": \"Fail\","
                + " \"Error\": \"io.restoredrill.core.error.RestoreFailedException\", \"Cause\": \"DB subnet group missing\"}}}");

        int code = drill("start", "--source", "shop-prod", "--state-machine", machine, "--wait", "--poll", "1s");

        assertThat(code).isEqualTo(DrillCommand.FAILED);
        assertThat(out.toString()).contains(": FAILED")
                .contains("Error: io.restoredrill.core.error.RestoreFailedException — DB subnet group missing");
    }

    @Test
    void startWithoutAStateMachineOrSourceAndUnknownExecutionsAreExplainedWithExitCodeTwo() {
        assertThat(drill("start", "--source", "shop-prod")).isEqualTo(DrillCommand.CONFIGURATION);
        assertThat(err.toString()).contains("Which state machine? Pass --state-machine ARN or set RESTORE_DRILL_STATE_MACHINE_ARN");

        err.getBuffer().setLength(0);
        assertThat(drill("start", "--state-machine", "arn:aws:states:eu-west-1:123456789012:stateMachine:restore-drill"))
                .isEqualTo(DrillCommand.CONFIGURATION);
        assertThat(err.toString()).contains("Which database? Pass --source ID");

        err.getBuffer().setLength(0);
        assertThat(drill("start", "--source", "shop-prod", "--state-machine",
                "arn:aws:states:eu-west-1:123456789012:stateMachine:nothing-here")).isEqualTo(DrillCommand.CONFIGURATION);
        assertThat(err.toString()).contains("No state machine arn:aws:states:eu-west-1:123456789012:stateMachine:nothing-here");

        err.getBuffer().setLength(0);
        assertThat(drill("status", "arn:aws:states:eu-west-1:123456789012:execution:restore-drill:nope"))
                .isEqualTo(DrillCommand.CONFIGURATION);
        assertThat(err.toString()).contains("No execution arn:aws:states:eu-west-1:123456789012:execution:restore-drill:nope");

        err.getBuffer().setLength(0);
        assertThat(drill("report", "not-an-arn")).isEqualTo(DrillCommand.CONFIGURATION);
        assertThat(err.toString()).contains("is not a Step Functions ARN");
    }

    @Test
    void startSendsASuiteFileInlineAndKeepAndRefusesASuiteAnAwsDrillCannotRunBeforeStartingAnything() throws Exception {
        // GIVEN the drill state machine (standing in), a YAML suite as drill local takes it, and one with a program
        String machine = passingMachine(SampleReports.passed());
        Path suite = Files.writeString(tmp.resolve("suite.yaml"), "rowCount:\n  - {table: public.orders, min: 1000}\n");
        Path withProgram = Files.writeString(tmp.resolve("programs.yaml"),
                "programs:\n  - {name: audit chain, command: ./verify-audit-chain}\n");

        // WHEN a drill is started with the first
        assertThat(drill("start", "--source", "shop-prod", "--state-machine", machine, "--suite", suite.toString(), "--keep"))
                .as(out + "" + err).isZero();

        // THEN the execution's input carries the suite as JSON, and keep
        String executionArn = out.toString().lines().filter(l -> l.startsWith("Started drill ")).findFirst().orElseThrow()
                .replaceFirst(".*: ", "");
        JsonNode input = Json.mapper().readTree(sfn.describeExecution(r -> r.executionArn(executionArn)).input());
        assertThat(input.get("suite")).isEqualTo(Json.mapper().readTree(
                "{\"rowCount\": [{\"table\": \"public.orders\", \"min\": 1000}]}"));
        assertThat(input.get("keep").asBoolean()).isTrue();

        // WHEN one is started with the suite that names a program THEN nothing starts, and exit 2 says why
        int executions = sfn.listExecutions(r -> r.stateMachineArn(machine)).executions().size();
        assertThat(drill("start", "--source", "shop-prod", "--state-machine", machine, "--suite", withProgram.toString()))
                .isEqualTo(DrillCommand.CONFIGURATION);
        assertThat(err.toString()).contains("Field 'suite.programs' names programs");
        assertThat(sfn.listExecutions(r -> r.stateMachineArn(machine)).executions()).hasSize(executions);
    }

    @Test
    void startNamesASuiteKeptInTheBucketByKeyAndRefusesASuiteGivenBothWays() throws Exception {
        // GIVEN the drill state machine (standing in) and a suite file
        String machine = passingMachine(SampleReports.passed());
        Path suite = Files.writeString(tmp.resolve("suite.yaml"), "rowCount:\n  - {table: public.orders, min: 1000}\n");

        // WHEN a drill is started with a suite kept under suites/ in the evidence bucket
        assertThat(drill("start", "--source", "shop-prod", "--state-machine", machine, "--suite-key", "shop-prod/checks.yaml"))
                .as(out + "" + err).isZero();

        // THEN the input names its key, for Plan to read, and carries no inline suite
        String executionArn = out.toString().lines().filter(l -> l.startsWith("Started drill ")).findFirst().orElseThrow()
                .replaceFirst(".*: ", "");
        JsonNode input = Json.mapper().readTree(sfn.describeExecution(r -> r.executionArn(executionArn)).input());
        assertThat(input.get("suiteKey").asText()).isEqualTo("shop-prod/checks.yaml");
        assertThat(input.has("suite")).isFalse();

        // WHEN one is started with a suite given both ways THEN nothing starts, and exit 2 says why
        assertThat(drill("start", "--source", "shop-prod", "--state-machine", machine, "--suite", suite.toString(),
                "--suite-key", "shop-prod/checks.yaml")).isEqualTo(DrillCommand.CONFIGURATION);
        assertThat(err.toString()).contains("--suite and --suite-key both give a suite");
        assertThat(sfn.listExecutions(r -> r.stateMachineArn(machine)).executions()).hasSize(1);
    }

    @Test
    void reportVerifyChecksASourcesChainEndToEndAndNamesTheFirstBrokenLink() throws Exception {
        // GIVEN three reports of shop, each naming the SHA-256 of the one before it, as Publish writes them
        List<String> keys = new ArrayList<>();
        String previousKey = null;
        byte[] previousBytes = null;
        for (String drillId : List.of("20261120-040000-aaaaaa", "20261121-040000-bbbbbb", "20261122-040000-cccccc")) {
            ObjectNode report = (ObjectNode) Json.mapper().readTree(ReportJson.write(SampleReports.passed()));
            report.put("drillId", drillId).put("startedAt", drillId.substring(0, 4) + "-11-" + drillId.substring(6, 8)
                    + "T04:00:00Z");
            if (previousKey == null) {
                report.putNull("previousReport");
            } else {
                report.putObject("previousReport").put("key", previousKey).put("sha256", Sha256.hex(previousBytes));
            }
            String key = "reports/shop/2026/" + drillId + ".json";
            byte[] bytes = (Json.mapper().writeValueAsString(report) + "\n").getBytes(StandardCharsets.UTF_8);
            s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
            keys.add(key);
            previousKey = key;
            previousBytes = bytes;
        }

        // WHEN the chain is verified THEN it holds, from the first report to the last
        assertThat(drill("report", "verify", "--source", "shop", "--bucket", BUCKET, "--region", REGION))
                .isEqualTo(DrillCommand.PASSED);
        assertThat(out.toString()).isEqualTo("Evidence chain of shop in s3://" + BUCKET + "/reports/shop/: 3 reports in one"
                + " line, every link holds.\nFirst: " + keys.get(0) + "\nLast:  " + keys.get(2) + "\n");

        // WHEN the second report is rewritten THEN the chain is broken at the third, which names the second's old hash
        out.getBuffer().setLength(0);
        s3.putObject(r -> r.bucket(BUCKET).key(keys.get(1)), RequestBody.fromString("{\"drillId\":\"20261121-040000-bbbbbb\","
                + "\"startedAt\":\"2026-11-21T04:00:00Z\",\"source\":{\"name\":\"shop\"},\"verdict\":\"PASSED\","
                + "\"previousReport\":{\"key\":\"" + keys.get(0) + "\",\"sha256\":\"" + "0".repeat(64) + "\"}}"));
        assertThat(drill("report", "verify", "--source", "shop", "--bucket", BUCKET, "--region", REGION))
                .isEqualTo(DrillCommand.FAILED);
        assertThat(out.toString()).startsWith("Evidence chain of shop in s3://" + BUCKET + "/reports/shop/ is BROKEN (3 reports,"
                + " 3 on the line from the first).\nFirst broken link: " + keys.get(1) + " names SHA-256 " + "0".repeat(64)
                + " for " + keys.get(0)).contains("\nAlso: " + keys.get(2) + " names SHA-256 ");

        // WHEN a source has no report THEN that is said, with exit code 2
        err.getBuffer().setLength(0);
        assertThat(drill("report", "verify", "--source", "billing", "--bucket", BUCKET, "--region", REGION))
                .isEqualTo(DrillCommand.CONFIGURATION);
        assertThat(err.toString()).contains("s3://" + BUCKET + "/reports/billing/ holds no report");
    }
}
