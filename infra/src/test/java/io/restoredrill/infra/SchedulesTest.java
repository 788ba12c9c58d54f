package io.restoredrill.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.restoredrill.infra.config.DrillConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * GIVEN the example (fleet target, Monday 04:00 Europe/Berlin), THEN one schedule starts the fleet
 * state machine with every source, the shared budgets and maxConcurrency 3, retrying 3 times within
 * an hour and then into the dead-letter queue; the Janitor's schedule invokes its alias with both
 * regions; and each drill input the fleet makes from it is accepted by the Plan function's own
 * input parser (loaded from the deployed jar) with the Plan function's environment. WITH target
 * PER_SOURCE, one schedule per source starts the drill machine with that source's input.
 */
class SchedulesTest {

    private static final Synthesized SYNTH = Synthesized.example();

    @Test
    void theFleetScheduleStartsTheFleetWithEverySource() throws JsonProcessingException {
        Map<String, Object> schedule = schedule(SYNTH.recovery(), "restore-drill-fleet");
        assertThat(schedule).containsEntry("ScheduleExpression", "cron(0 4 ? * MON *)")
                .containsEntry("ScheduleExpressionTimezone", "Europe/Berlin")
                .containsEntry("State", "ENABLED");
        Map<String, Object> target = Cfn.map(schedule.get("Target"));
        assertThat(Cfn.target(target.get("Arn"))).isEqualTo(StateMachinesTest.machineId(Names.FLEET_STATE_MACHINE));
        assertRetriesThenDeadLetters(target);
        Map<String, Object> input = Cfn.map(Configs.JSON.readValue((String) target.get("Input"), Map.class));
        assertThat(input).containsEntry("maxConcurrency", 3);
        Map<String, String> phases = Map.of("snapshot", "30m", "copy", "2h", "restore", "45m", "verify", "10m");
        List<Object> sources = Cfn.list(input.get("sources"));
        assertThat(sources).hasSize(2);
        assertThat(Cfn.map(sources.get(0))).containsEntry("source", "shop-prod").containsEntry("database", "shop")
                .as("its own budgets whole: the fleet merges one level deep")
                .containsEntry("budgets", Map.of("rto", "1h", "rpo", "26h", "phases", phases))
                .containsKey("suite")
                .as("its own instance class; the rest of restore from Plan's environment")
                .containsEntry("restore", Map.of("instanceClass", "db.r6g.xlarge"));
        assertThat(Cfn.map(Cfn.map(sources.get(0)).get("suite"))).containsEntry("rowCount",
                List.of(Map.of("table", "public.orders", "min", 1000)));
        assertThat(Cfn.map(sources.get(1))).isEqualTo(Map.of("source", "billing-aurora", "snapshotMode", "LATEST_AUTOMATED",
                "budgets", Map.of("rto", "90m", "phases", phases)));
        assertThat(Cfn.map(input.get("defaults"))).isEqualTo(Map.of("budgets", Map.of("rto", "1h",
                "phases", Map.of("snapshot", "30m", "copy", "2h", "restore", "45m", "verify", "10m"))));
        assertThat(SYNTH.recovery().findResources("AWS::Scheduler::Schedule")).hasSize(2);
    }

    @Test
    void planAcceptsEveryDrillTheFleetStartsWithThePlanFunctionsEnvironment() throws Exception {
        Map<String, Object> input = Cfn.map(Configs.JSON.readValue((String) Cfn.map(
                schedule(SYNTH.recovery(), "restore-drill-fleet").get("Target")).get("Input"), Map.class));
        Map<String, String> env = resolved(Functions.environment(SYNTH.recovery(), Task.PLAN));
        try (DeployedJar jar = DeployedJar.example()) {
            for (Object item : Cfn.list(input.get("sources"))) {
                // States.JsonMerge(defaults, item, false): the source's own fields over the shared ones.
                Map<String, Object> drill = new LinkedHashMap<>(Cfn.map(input.get("defaults")));
                drill.putAll(Cfn.map(item));
                Object request = jar.parseExecutionInput(env, Configs.JSON.writeValueAsString(drill));
                assertThat(DeployedJar.get(request, "source")).isEqualTo(Cfn.map(item).get("source"));
                assertThat(DeployedJar.get(request, "sourceRegion")).isEqualTo("eu-central-1");
                assertThat(DeployedJar.get(request, "recoveryRegion")).isEqualTo("eu-west-1");
                boolean shop = Cfn.map(item).get("source").equals("shop-prod");
                assertThat(String.valueOf(DeployedJar.get(request, "budgets"))).contains(shop ? "rto=PT1H" : "rto=PT1H30M",
                        "Verify=PT10M", "Restore=PT45M");
                assertThat(String.valueOf(DeployedJar.get(request, "budgets"))).contains(shop ? "rpo=PT26H" : "rpo=null");
                assertThat(DeployedJar.get(request, "suite") != null).as("a suite only for shop-prod").isEqualTo(shop);
                assertThat(DeployedJar.get(DeployedJar.get(request, "restore"), "subnetGroup")).isEqualTo(Names.SUBNET_GROUP);
                assertThat(DeployedJar.get(DeployedJar.get(request, "restore"), "instanceClass")).as("a class of its own")
                        .isEqualTo(shop ? "db.r6g.xlarge" : "db.t4g.medium");
                assertThat(DeployedJar.get(request, "recoveryVault")).isEqualTo(Names.RECOVERY_VAULT);
            }
        }
    }

    @Test
    void theJanitorScheduleSweepsBothRegions() throws JsonProcessingException {
        Map<String, Object> schedule = schedule(SYNTH.recovery(), "restore-drill-janitor");
        assertThat(schedule).containsEntry("ScheduleExpression", "cron(15 * * * ? *)").containsEntry("ScheduleExpressionTimezone", "UTC");
        Map<String, Object> target = Cfn.map(schedule.get("Target"));
        assertThat(Cfn.target(target.get("Arn"))).isEqualTo(Functions.aliasId(SYNTH.recovery(), Task.JANITOR));
        assertThat(Configs.JSON.readValue((String) target.get("Input"), Map.class))
                .isEqualTo(Map.of("regions", List.of("eu-central-1", "eu-west-1")));
        assertRetriesThenDeadLetters(target);
    }

    @Test
    void perSourceSchedulesStartTheDrillMachineOncePerSource() throws JsonProcessingException {
        DrillConfig config = Configs.parse(tree -> ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("schedule"))
                .put("target", "PER_SOURCE"));
        Template recovery = Synthesized.of(config, "per-source", false).recovery();
        Map<String, Map<String, Object>> schedules = Cfn.properties(recovery, "AWS::Scheduler::Schedule");
        assertThat(schedules.values().stream().map(s -> s.get("Name")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("restore-drill-shop-prod", "restore-drill-billing-aurora", "restore-drill-janitor");
        String drill = Cfn.properties(recovery, "AWS::StepFunctions::StateMachine").entrySet().stream()
                .filter(e -> Names.DRILL_STATE_MACHINE.equals(e.getValue().get("StateMachineName")))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        Map<String, Object> target = Cfn.map(schedule(recovery, "restore-drill-shop-prod").get("Target"));
        assertThat(Cfn.target(target.get("Arn"))).isEqualTo(drill);
        Map<String, Object> input = Cfn.map(Configs.JSON.readValue((String) target.get("Input"), Map.class));
        assertThat(input).containsEntry("source", "shop-prod").containsEntry("database", "shop")
                .as("the source's own budgets, not the shared ones").containsEntry("budgets", Map.of("rto", "1h", "rpo", "26h",
                        "phases", Map.of("snapshot", "30m", "copy", "2h", "restore", "45m", "verify", "10m")))
                .containsKey("suite");
        assertRetriesThenDeadLetters(target);
    }

    @Test
    void theSchedulesRoleStartsOnlyItsTargetsAndMayWriteTheEncryptedDeadLetterQueue() {
        String role = Cfn.target(Cfn.map(schedule(SYNTH.recovery(), "restore-drill-fleet").get("Target")).get("RoleArn"));
        assertThat(Cfn.target(Cfn.map(schedule(SYNTH.recovery(), "restore-drill-janitor").get("Target")).get("RoleArn")))
                .isEqualTo(role);
        List<Cfn.Statement> statements = Cfn.statements(SYNTH.recovery()).stream()
                .filter(s -> s.roles().contains("<Ref:" + role + ">")).toList();
        assertThat(statements.stream().flatMap(s -> s.actions().stream()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("states:StartExecution", "lambda:InvokeFunction", "sqs:SendMessage",
                        "kms:GenerateDataKey", "kms:Decrypt");
        assertThat(statements).filteredOn(s -> s.actions().contains("states:StartExecution")).singleElement()
                .satisfies(s -> assertThat(s.resources()).containsExactly(
                        "<Ref:" + StateMachinesTest.machineId(Names.FLEET_STATE_MACHINE) + ">"));
        assertThat(statements).filteredOn(s -> s.actions().contains("lambda:InvokeFunction")).singleElement()
                .satisfies(s -> assertThat(s.resources()).containsExactly(
                        "<Ref:" + Functions.aliasId(SYNTH.recovery(), Task.JANITOR) + ">"));
    }

    private static void assertRetriesThenDeadLetters(Map<String, Object> target) {
        assertThat(Cfn.map(target.get("RetryPolicy"))).isEqualTo(Map.of("MaximumRetryAttempts", 3,
                "MaximumEventAgeInSeconds", 3600));
        String queue = Cfn.target(Cfn.map(target.get("DeadLetterConfig")).get("Arn"));
        assertThat(queue).startsWith("ScheduleDeadLetters");
    }

    private static Map<String, Object> schedule(Template template, String name) {
        return Cfn.properties(template, "AWS::Scheduler::Schedule").values().stream()
                .filter(s -> name.equals(s.get("Name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no schedule " + name));
    }

    /** A function's environment with references to other resources replaced by stand-in values. */
    static Map<String, String> resolved(Map<String, Object> environment) {
        Map<String, String> env = new LinkedHashMap<>();
        environment.forEach((name, value) -> env.put(name, value instanceof String text ? text : "resolved-" + Cfn.render(value)));
        return env;
    }
}
