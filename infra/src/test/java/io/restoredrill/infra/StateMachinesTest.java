package io.restoredrill.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * GIVEN statemachine/*.asl.json and the example's recovery stack, THEN the synthesized state
 * machines carry those definitions with CloudFormation substitutions for exactly their
 * placeholders (the drill's eleven function ARNs and the restore test's eight, each the {@code live}
 * alias of the function running that task's handler; the fleet's drill machine ARN), nothing
 * {@code ${…}} is left once substituted, and all three log ALL with execution data and trace with X-Ray.
 */
class StateMachinesTest {

    private static final Template RECOVERY = Synthesized.example().recovery();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Set<String> DRILL_PLACEHOLDERS = Set.of("PlanFunctionArn", "SnapshotFunctionArn",
            "CheckSnapshotFunctionArn", "CopyFunctionArn", "CheckCopyFunctionArn", "RestoreFunctionArn",
            "CheckRestoreFunctionArn", "CredentialsFunctionArn", "VerifyFunctionArn", "CleanupFunctionArn",
            "PublishFunctionArn");
    private static final Set<String> RESTORE_TEST_PLACEHOLDERS = Set.of("PlanFunctionArn", "RestoreFunctionArn",
            "CheckRestoreFunctionArn", "CredentialsFunctionArn", "VerifyFunctionArn", "CleanupFunctionArn",
            "PublishFunctionArn", "AnswerRestoreTestFunctionArn");

    @Test
    void theDrillDefinitionIsTheFileWithItsElevenFunctionPlaceholdersSubstituted() {
        Map<String, Object> drill = machine(Names.DRILL_STATE_MACHINE);
        String file = Synthesized.read(Synthesized.INFRA.resolve("../statemachine/restore-drill.asl.json"));
        assertThat(drill.get("DefinitionString")).isEqualTo(file);
        assertThat(placeholders(file)).isEqualTo(DRILL_PLACEHOLDERS);
        Map<String, Object> substitutions = Cfn.map(drill.get("DefinitionSubstitutions"));
        assertThat(substitutions.keySet()).isEqualTo(DRILL_PLACEHOLDERS);
        assertThat(substitutions.keySet()).doesNotContain("AnswerRestoreTestFunctionArn");
        eachIsItsTasksAlias(substitutions, Task.DRILL_STATES);
        assertThat(substituted(file, substitutions)).doesNotContain("${");
    }

    @Test
    void theRestoreTestDefinitionIsTheFileWithItsEightFunctionPlaceholdersSubstituted() {
        Map<String, Object> restoreTest = machine(Names.RESTORE_TEST_STATE_MACHINE);
        String file = Synthesized.read(Synthesized.INFRA.resolve("../statemachine/restore-test.asl.json"));
        assertThat(restoreTest.get("DefinitionString")).isEqualTo(file);
        assertThat(placeholders(file)).isEqualTo(RESTORE_TEST_PLACEHOLDERS);
        Map<String, Object> substitutions = Cfn.map(restoreTest.get("DefinitionSubstitutions"));
        assertThat(substitutions.keySet()).isEqualTo(RESTORE_TEST_PLACEHOLDERS);
        eachIsItsTasksAlias(substitutions, Task.RESTORE_TEST_STATES);
        assertThat(substituted(file, substitutions)).doesNotContain("${");
    }

    @Test
    void everyStateOfADefinitionIsATaskAndEveryTaskNotAStateIsInvokedOtherwise() {
        assertThat(Task.DRILL_STATES).allMatch(Task::isState);
        assertThat(Task.RESTORE_TEST_STATES).allMatch(Task::isState);
        assertThat(List.of(Task.values())).filteredOn(task -> !task.isState())
                .containsExactlyInAnyOrder(Task.JANITOR, Task.RESTORE_TEST_VALIDATOR);
    }

    private static void eachIsItsTasksAlias(Map<String, Object> substitutions, List<Task> states) {
        for (Task task : states) {
            String alias = Cfn.target(substitutions.get(task.placeholder()));
            assertThat(alias).as(task.placeholder()).isEqualTo(Functions.aliasId(RECOVERY, task));
            assertThat(Cfn.properties(RECOVERY, "AWS::Lambda::Alias").get(alias)).containsEntry("Name", "live");
        }
    }

    @Test
    void theFleetDefinitionStartsTheDrillStateMachine() {
        Map<String, Object> fleet = machine(Names.FLEET_STATE_MACHINE);
        String file = Synthesized.read(Synthesized.INFRA.resolve("../statemachine/restore-drill-fleet.asl.json"));
        assertThat(fleet.get("DefinitionString")).isEqualTo(file);
        assertThat(placeholders(file)).containsExactly("DrillStateMachineArn");
        Map<String, Object> substitutions = Cfn.map(fleet.get("DefinitionSubstitutions"));
        assertThat(substitutions).containsOnlyKeys("DrillStateMachineArn");
        assertThat(Cfn.target(substitutions.get("DrillStateMachineArn"))).isEqualTo(machineId(Names.DRILL_STATE_MACHINE));
        assertThat(substituted(file, substitutions)).doesNotContain("${");
    }

    @Test
    void allLogEverythingAndTrace() {
        for (String name : List.of(Names.DRILL_STATE_MACHINE, Names.RESTORE_TEST_STATE_MACHINE, Names.FLEET_STATE_MACHINE)) {
            Map<String, Object> machine = machine(name);
            Map<String, Object> logging = Cfn.map(machine.get("LoggingConfiguration"));
            assertThat(logging).containsEntry("Level", "ALL").containsEntry("IncludeExecutionData", true);
            String group = Cfn.target(Cfn.map(Cfn.map(Cfn.list(logging.get("Destinations")).get(0))
                    .get("CloudWatchLogsLogGroup")).get("LogGroupArn"));
            assertThat(Cfn.properties(RECOVERY, "AWS::Logs::LogGroup").get(group)).containsKey("KmsKeyId");
            assertThat(Cfn.map(machine.get("TracingConfiguration"))).containsEntry("Enabled", true);
        }
    }

    @Test
    void theFleetMayStartAndWatchOnlyDrillExecutions() {
        String fleetRole = Cfn.target(machine(Names.FLEET_STATE_MACHINE).get("RoleArn"));
        List<Cfn.Statement> statements = Cfn.statements(RECOVERY).stream()
                .filter(s -> s.roles().contains("<Ref:" + fleetRole + ">")).toList();
        assertThat(statements).anySatisfy(s -> {
            assertThat(s.actions()).containsExactly("states:StartExecution");
            assertThat(s.resources()).containsExactly("<Ref:" + machineId(Names.DRILL_STATE_MACHINE) + ">");
        });
    }

    private static Set<String> placeholders(String definition) {
        Set<String> found = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(definition);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    /** What CloudFormation does with DefinitionSubstitutions. */
    private static String substituted(String definition, Map<String, Object> substitutions) {
        String result = definition;
        for (Map.Entry<String, Object> entry : substitutions.entrySet()) {
            result = result.replace("${" + entry.getKey() + "}", Cfn.render(entry.getValue()));
        }
        return result;
    }

    static String machineId(String name) {
        return Cfn.properties(RECOVERY, "AWS::StepFunctions::StateMachine").entrySet().stream()
                .filter(e -> name.equals(e.getValue().get("StateMachineName"))).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new AssertionError("no state machine " + name));
    }

    static Map<String, Object> machine(String name) {
        return Cfn.properties(RECOVERY, "AWS::StepFunctions::StateMachine").get(machineId(name));
    }
}
