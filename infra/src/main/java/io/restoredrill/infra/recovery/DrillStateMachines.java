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
 * The drill state machine (statemachine/restore-drill.asl.json) and the fleet state machine
 * (restore-drill-fleet.asl.json), their {@code ${…}} placeholders substituted by CloudFormation
 * ({@code DefinitionSubstitutions}) with the functions' {@value DrillFunctions#ALIAS} alias ARNs and the
 * drill machine's ARN. Logging ALL with execution data (the state never holds a secret), X-Ray tracing.
 */
public final class DrillStateMachines extends Construct {

    /** The fleet's one placeholder. */
    public static final String DRILL_STATE_MACHINE_ARN = "DrillStateMachineArn";

    private final StateMachine drill;
    private final StateMachine fleet;

    DrillStateMachines(Construct scope, String id, Path drillDefinition, Path fleetDefinition, DrillFunctions functions,
                       IKey logKey, Duration drillTtl) {
        super(scope, id);
        Map<String, String> drillSubstitutions = new TreeMap<>();
        for (Task task : Task.values()) {
            if (task.placeholder() != null) {
                drillSubstitutions.put(task.placeholder(), functions.alias(task).getFunctionArn());
            }
        }
        this.drill = StateMachine.Builder.create(this, "Drill")
                .stateMachineName(Names.DRILL_STATE_MACHINE)
                .role(role("DrillRole", Names.DRILL_STATE_MACHINE, "drill"))
                .comment("Restore Drill: one drill of one source database")
                .definitionBody(DefinitionBody.fromString(read(drillDefinition)))
                .definitionSubstitutions(drillSubstitutions)
                .logs(logs("DrillLogs", logKey))
                .tracingEnabled(true)
                // A backstop only: every phase has its own budget. What an execution stopped here leaves behind
                // is past its TTL, so the Janitor removes it.
                .timeout(software.amazon.awscdk.Duration.seconds(drillTtl.toSeconds()))
                .build();
        for (Task task : Task.values()) {
            if (task.placeholder() != null) {
                functions.alias(task).grantInvoke(drill);
            }
        }
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
        Acknowledge.on(fleet.getRole(), Acknowledge.findings("AwsSolutions-IAM5", noResourceLevel
                        + " The drill machine's executions (execution:restore-drill:*) are named at run time; the fleet may"
                        + " describe and stop only those.", "Resource::*",
                "/^Resource::arn:aws[a-z-]*:states:[a-z0-9-]+:\\d{12}:execution:.*:\\*$/g"));
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

    public StateMachine fleet() {
        return fleet;
    }
}
