package io.restoredrill.infra.recovery;

import io.restoredrill.core.error.EnvironmentException;
import io.restoredrill.infra.Names;
import io.restoredrill.infra.Task;
import io.restoredrill.infra.shared.Acknowledge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipalOpts;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * The drill state machine (statemachine/restore-drill.asl.json), the restore-test state machine
 * (restore-test.asl.json) and the fleet state machine (restore-drill-fleet.asl.json), their {@code ${…}}
 * placeholders substituted by CloudFormation ({@code DefinitionSubstitutions}) with the functions'
 * {@value DrillFunctions#ALIAS} alias ARNs (each machine exactly its states') and the drill machine's ARN.
 * Logging ALL with execution data (the state never holds a secret), X-Ray tracing.
 */
public final class DrillStateMachines extends Construct {

    /** The fleet's one placeholder. */
    public static final String DRILL_STATE_MACHINE_ARN = "DrillStateMachineArn";

    private final StateMachine drill;
    private final StateMachine restoreTest;
    private final StateMachine fleet;

    DrillStateMachines(Construct scope, String id, Path drillDefinition, Path restoreTestDefinition, Path fleetDefinition,
                       DrillFunctions functions, IKey logKey, Duration drillTtl) {
        super(scope, id);
        this.drill = StateMachine.Builder.create(this, "Drill")
                .stateMachineName(Names.DRILL_STATE_MACHINE)
                .role(role("DrillRole", Names.DRILL_STATE_MACHINE, "drill"))
                .comment("Restore Drill: one drill of one source database")
                .definitionBody(DefinitionBody.fromString(read(drillDefinition)))
                .definitionSubstitutions(substitutions(Task.DRILL_STATES, functions))
                .logs(logs("DrillLogs", logKey))
                .tracingEnabled(true)
                // A backstop only: every phase has its own budget. What an execution stopped here leaves behind
                // is past its TTL, so the Janitor removes it.
                .timeout(software.amazon.awscdk.Duration.seconds(drillTtl.toSeconds()))
                .build();
        Task.DRILL_STATES.forEach(task -> functions.alias(task).grantInvoke(drill));
        this.restoreTest = StateMachine.Builder.create(this, "RestoreTest")
                .stateMachineName(Names.RESTORE_TEST_STATE_MACHINE)
                .role(role("RestoreTestRole", Names.RESTORE_TEST_STATE_MACHINE, "restore-test"))
                .comment("Restore Drill: verifies the database an AWS Backup restore test restored, and answers AWS Backup")
                .definitionBody(DefinitionBody.fromString(read(restoreTestDefinition)))
                .definitionSubstitutions(substitutions(Task.RESTORE_TEST_STATES, functions))
                .logs(logs("RestoreTestLogs", logKey))
                .tracingEnabled(true)
                // As the drill's: what the drill added (an Aurora instance, a secret) is the Janitor's past its TTL.
                .timeout(software.amazon.awscdk.Duration.seconds(drillTtl.toSeconds()))
                .build();
        Task.RESTORE_TEST_STATES.forEach(task -> functions.alias(task).grantInvoke(restoreTest));
        this.fleet = StateMachine.Builder.create(this, "Fleet")
                .stateMachineName(Names.FLEET_STATE_MACHINE)
                .role(role("FleetRole", Names.FLEET_STATE_MACHINE, "fleet"))
                .comment("Restore Drill: drills several sources, a few at a time")
                .definitionBody(DefinitionBody.fromString(read(fleetDefinition)))
                .definitionSubstitutions(Map.of(DRILL_STATE_MACHINE_ARN, drill.getStateMachineArn()))
                .logs(logs("FleetLogs", logKey))
                .tracingEnabled(true)
                .build();
        drill.grantStartExecution(fleet);
        drill.grantExecution(fleet, "states:DescribeExecution", "states:StopExecution");
        // startExecution.sync waits for the child through this EventBridge rule, which Step Functions manages.
        Stack stack = Stack.of(this);
        fleet.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("SyncWaitsForDrillExecutions")
                .actions(List.of("events:PutTargets", "events:PutRule", "events:DescribeRule"))
                .resources(List.of("arn:" + stack.getPartition() + ":events:" + stack.getRegion() + ":" + stack.getAccount()
                        + ":rule/StepFunctionsGetEventsForStepFunctionsExecutionRule"))
                .build());
        String noResourceLevel = "Resource::* only for actions without resource-level permissions: X-Ray's"
                + " PutTraceSegments, PutTelemetryRecords and sampling calls (tracing), and the CloudWatch Logs delivery calls"
                + " (CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries,"
                + " PutResourcePolicy, DescribeResourcePolicies, DescribeLogGroups) that logging to the log group needs.";
        Acknowledge.on(drill.getRole(), Acknowledge.findings("AwsSolutions-IAM5", noResourceLevel, "Resource::*"));
        Acknowledge.on(restoreTest.getRole(), Acknowledge.findings("AwsSolutions-IAM5", noResourceLevel, "Resource::*"));
        Acknowledge.on(fleet.getRole(), Acknowledge.findings("AwsSolutions-IAM5", noResourceLevel
                        + " The drill machine's executions (execution:restore-drill:*) are named at run time; the fleet may"
                        + " describe and stop only those.", "Resource::*",
                "/^Resource::arn:aws[a-z-]*:states:[a-z0-9-]+:\\d{12}:execution:.*:\\*$/g"));
    }

    /** Each of these states' placeholder, {@code ${<Name>FunctionArn}}, is its function's alias: exactly the definition's. */
    private static Map<String, String> substitutions(List<Task> states, DrillFunctions functions) {
        Map<String, String> substitutions = new TreeMap<>();
        states.forEach(task -> substitutions.put(task.placeholder(), functions.alias(task).getFunctionArn()));
        return substitutions;
    }

    /**
     * The machine's role, which only Step Functions may assume, only for this machine of this account (confused
     * deputy): its ARN is known from its name, so the trust policy names it without referencing the machine.
     */
    private Role role(String id, String machineName, String what) {
        Stack stack = Stack.of(this);
        String machineArn = stateMachineArn(stack, machineName);
        return Role.Builder.create(this, id)
                .assumedBy(new ServicePrincipal("states.amazonaws.com", ServicePrincipalOpts.builder()
                        .conditions(Map.of(
                                "StringEquals", Map.of("aws:SourceAccount", stack.getAccount()),
                                // the machine, or a version or alias of it
                                "ArnLike", Map.of("aws:SourceArn", List.of(machineArn, machineArn + ":*"))))
                        .build()))
                .description("Restore Drill " + what + " state machine: only what its definition calls.")
                .build();
    }

    static String stateMachineArn(Stack stack, String name) {
        return "arn:" + stack.getPartition() + ":states:" + stack.getRegion() + ":" + stack.getAccount() + ":stateMachine:"
                + name;
    }

    private LogOptions logs(String id, IKey key) {
        LogGroup group = LogGroup.Builder.create(this, id)
                .encryptionKey(key)
                .retention(RecoveryRegionStack.LOG_RETENTION)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        return LogOptions.builder().destination(group).level(LogLevel.ALL).includeExecutionData(true).build();
    }

    private static String read(Path definition) {
        try {
            return Files.readString(definition);
        } catch (IOException e) {
            throw new EnvironmentException("The state machine definition " + definition + " cannot be read: "
                    + e.getMessage() + ".", e);
        }
    }

    public StateMachine drill() {
        return drill;
    }

    public StateMachine restoreTest() {
        return restoreTest;
    }

    public StateMachine fleet() {
        return fleet;
    }
}
