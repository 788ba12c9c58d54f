package io.restoredrill.infra.recovery;

import io.restoredrill.infra.Names;
import io.restoredrill.infra.config.DrillConfig;
import io.restoredrill.infra.config.DrillConfig.CronSchedule;
import io.restoredrill.infra.config.DrillConfig.ScheduleTarget;
import io.restoredrill.infra.config.DrillConfig.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.TimeZone;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipalOpts;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.ScheduleTargetInput;
import software.amazon.awscdk.services.scheduler.targets.LambdaInvoke;
import software.amazon.awscdk.services.scheduler.targets.ScheduleTargetBaseProps;
import software.amazon.awscdk.services.scheduler.targets.StepFunctionsStartExecution;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * EventBridge Scheduler schedules: the drills (one schedule starting the fleet, or one per source
 * starting the drill machine) and the Janitor. A start that keeps failing is retried, then parked
 * in the dead-letter queue, which has its own alarm.
 */
public final class DrillSchedules extends Construct {

    static final int RETRY_ATTEMPTS = 3;
    /** The schedules' group: Scheduler's default one, where a Schedule without a group goes. */
    static final String SCHEDULE_GROUP = "default";
    static final Duration MAX_EVENT_AGE = Duration.hours(1);

    private final List<Schedule> drills = new ArrayList<>();
    private final Schedule janitor;
    private final Role role;

    DrillSchedules(Construct scope, String id, DrillConfig config, DrillStateMachines machines, IFunction janitorFunction,
                   IQueue deadLetters, IKey deadLetterKey) {
        super(scope, id);
        Stack stack = Stack.of(this);
        // One role for the schedules: each target adds what it starts; dead letters go to the encrypted queue. Only
        // EventBridge Scheduler may assume it, for this stack's schedules (all in the default group, all named
        // restore-drill-*) of this account: Scheduler names the schedule or its group as the source (confused deputy).
        String scheduler = "arn:" + stack.getPartition() + ":scheduler:" + stack.getRegion() + ":" + stack.getAccount() + ":";
        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("scheduler.amazonaws.com", ServicePrincipalOpts.builder()
                        .conditions(Map.of(
                                "StringEquals", Map.of("aws:SourceAccount", stack.getAccount()),
                                "ArnLike", Map.of("aws:SourceArn", List.of(
                                        scheduler + "schedule-group/" + SCHEDULE_GROUP,
                                        scheduler + "schedule/" + SCHEDULE_GROUP + "/" + Names.SERVICE + "-*"))))
                        .build()))
                .description("Restore Drill schedules: start the drill machines and the Janitor; park failures in the DLQ.")
                .build();
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("DeadLettersIntoEncryptedQueue")
                .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
                .resources(List.of(deadLetterKey.getKeyArn()))
                .conditions(Map.of("StringEquals", Map.of("kms:ViaService", "sqs." + stack.getRegion() + ".amazonaws.com")))
                .build());
        CronSchedule when = config.schedule().when();
        if (config.schedule().target() == ScheduleTarget.FLEET) {
            drills.add(schedule("Fleet", Names.SERVICE + "-fleet", when, "Restore Drill: drills every source (the fleet)",
                    new StepFunctionsStartExecution(machines.fleet(), target(DrillInputs.fleet(config), deadLetters, role))));
        } else {
            for (Source source : config.sources()) {
                IStateMachine drill = machines.drill();
                drills.add(schedule("Drill-" + source.identifier(), Names.SERVICE + "-" + source.identifier().toLowerCase(Locale.ROOT),
                        when, "Restore Drill: drills " + source.identifier(),
                        new StepFunctionsStartExecution(drill, target(DrillInputs.drill(config, source), deadLetters, role))));
            }
        }
        this.janitor = schedule("Janitor", Names.SERVICE + "-janitor", config.janitor(),
                "Restore Drill: removes drill resources past their TTL",
                new LambdaInvoke(janitorFunction, target(Map.of("regions",
                        List.of(config.sourceRegion(), config.recoveryRegion())), deadLetters, role)));
    }

    private Schedule schedule(String id, String name, CronSchedule when, String description,
                              software.amazon.awscdk.services.scheduler.IScheduleTarget target) {
        return Schedule.Builder.create(this, id)
                .scheduleName(name)
                .description(description)
                .schedule(ScheduleExpression.expression(when.cron(), TimeZone.of(when.timeZone())))
                .target(target)
                .build();
    }

    private static ScheduleTargetBaseProps target(Map<String, ?> input, IQueue deadLetters, IRole role) {
        return ScheduleTargetBaseProps.builder()
                .role(role)
                .input(ScheduleTargetInput.fromObject(input))
                .retryAttempts(RETRY_ATTEMPTS)
                .maxEventAge(MAX_EVENT_AGE)
                .deadLetterQueue(deadLetters)
                .build();
    }

    public List<Schedule> drills() {
        return List.copyOf(drills);
    }

    public Schedule janitor() {
        return janitor;
    }

    public Role role() {
        return role;
    }
}
