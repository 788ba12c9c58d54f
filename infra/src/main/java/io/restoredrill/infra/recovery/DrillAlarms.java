package io.restoredrill.infra.recovery;

import io.restoredrill.core.deployment.MetricNames;
import io.restoredrill.infra.Names;
import io.restoredrill.infra.config.DrillBudgets;
import io.restoredrill.infra.config.DrillConfig.Source;
import io.restoredrill.infra.config.DrillConfig;
import io.restoredrill.infra.shared.KeyTampering;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.events.CfnRule;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The alarms, each notifying the topic; docs/alarms.md has a runbook per alarm. Per source: the
 * RTO over its budget, a failed drill, and no successful drill within N days (missing data counts
 * as breaching: no drill is no proof). For the whole: executions that failed or timed out, schedule
 * starts that ended in the dead-letter queue, and Janitor errors. And, as EventBridge rules rather
 * than metric alarms (a CloudTrail event is the evidence, and no metric of this stack carries it):
 * every attempt to delete, disable or rewrite a key that protects locked backups, in either region
 * ({@link KeyTampering}), goes to the topic as the CloudTrail event itself.
 */
public final class DrillAlarms extends Construct {

    static final Duration DRILL_PERIOD = Duration.hours(1);
    static final Duration DAY = Duration.days(1);
    static final Duration SHORT_PERIOD = Duration.minutes(5);

    /** The evidence bucket's own protections (its policy, versioning, Object Lock, lifecycle) changing, or an attempt. */
    static final String EVIDENCE_RULE_NAME = Names.SERVICE + "-evidence-bucket-tampering";
    static final List<String> EVIDENCE_EVENT_NAMES = List.of("PutBucketPolicy", "DeleteBucketPolicy", "PutBucketVersioning",
            "PutObjectLockConfiguration", "PutBucketLifecycle", "PutBucketOwnershipControls", "PutBucketPublicAccessBlock",
            "DeleteBucketPublicAccessBlock");

    private final List<Alarm> alarms = new ArrayList<>();
    private List<CfnRule> keyTamperingRules = List.of();
    private Role notifierRole;

    DrillAlarms(Construct scope, String id, DrillConfig config, DrillStateMachines machines, IQueue deadLetters,
                IFunction janitor, ITopic topic, IKey topicKey, IKey backupKey, IBucket evidence) {
        super(scope, id);
        CfnRule.TargetProperty toTheTopic = notifier(topic, topicKey);
        keyTampering(config, backupKey, toTheTopic);
        evidenceTampering(evidence, toTheTopic);
        int days = config.alarms().noSuccessDays();
        for (Source source : config.sources()) {
            String name = source.identifier();
            DrillBudgets budgets = config.budgetsOf(source);
            add(Alarm.Builder.create(this, "RtoOverBudget-" + name)
                    .alarmName(Names.SERVICE + "-" + name + "-rto-over-budget")
                    .alarmDescription("The drill of " + name + " restored and verified in more than its RTO budget of "
                            + budgets.rto() + ". Runbook: docs/alarms.md#rto-over-budget")
                    .metric(DrillMetrics.ofSource(MetricNames.RESTORE_TIME_SECONDS, name, "Maximum", DRILL_PERIOD))
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .threshold(budgets.parsed().rto().toSeconds())
                    .evaluationPeriods(1)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build(), topic);
            if (budgets.parsed().rpo() != null) {
                add(Alarm.Builder.create(this, "RpoOverBudget-" + name)
                        .alarmName(Names.SERVICE + "-" + name + "-rpo-over-budget")
                        .alarmDescription("The data a drill of " + name + " restored was older than its RPO budget of "
                                + budgets.rpo() + " (the newest row a freshness check saw, else the snapshot's time)."
                                + " Runbook: docs/alarms.md#rpo-over-budget")
                        .metric(DrillMetrics.ofSource(MetricNames.SNAPSHOT_AGE_SECONDS, name, "Maximum", DRILL_PERIOD))
                        .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                        .threshold(budgets.parsed().rpo().toSeconds())
                        .evaluationPeriods(1)
                        .treatMissingData(TreatMissingData.NOT_BREACHING)
                        .build(), topic);
            }
            add(Alarm.Builder.create(this, "DrillFailed-" + name)
                    .alarmName(Names.SERVICE + "-" + name + "-drill-failed")
                    .alarmDescription("A drill of " + name + " failed (DrillPassed < 1). Runbook: docs/alarms.md#drill-failed")
                    .metric(DrillMetrics.ofSource(MetricNames.DRILL_PASSED, name, "Minimum", DRILL_PERIOD))
                    .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                    .threshold(1)
                    .evaluationPeriods(1)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build(), topic);
            add(Alarm.Builder.create(this, "NoSuccessfulDrill-" + name)
                    .alarmName(Names.SERVICE + "-" + name + "-no-successful-drill")
                    .alarmDescription("No drill of " + name + " passed in the last " + days + " days; a day without a drill"
                            + " counts against it. Runbook: docs/alarms.md#no-successful-drill")
                    .metric(DrillMetrics.ofSource(MetricNames.DRILL_PASSED, name, "Maximum", DAY))
                    .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                    .threshold(1)
                    .evaluationPeriods(days)
                    .datapointsToAlarm(days)
                    .treatMissingData(TreatMissingData.BREACHING)
                    .build(), topic);
        }
        MetricOptions sum = MetricOptions.builder().statistic("Sum").period(SHORT_PERIOD).build();
        add(Alarm.Builder.create(this, "ExecutionsFailed")
                .alarmName(Names.SERVICE + "-executions-failed")
                .alarmDescription("A drill, restore-test or fleet execution failed or timed out (a failed drill is a failed"
                        + " execution)."
                        + " Runbook: docs/alarms.md#executions-failed")
                .metric(MathExpression.Builder.create()
                        .expression("FILL(drillFailed, 0) + FILL(drillTimedOut, 0) + FILL(restoreTestFailed, 0)"
                                + " + FILL(restoreTestTimedOut, 0) + FILL(fleetFailed, 0) + FILL(fleetTimedOut, 0)")
                        .usingMetrics(Map.<String, IMetric>of(
                                "drillFailed", machines.drill().metricFailed(sum),
                                "drillTimedOut", machines.drill().metricTimedOut(sum),
                                "restoreTestFailed", machines.restoreTest().metricFailed(sum),
                                "restoreTestTimedOut", machines.restoreTest().metricTimedOut(sum),
                                "fleetFailed", machines.fleet().metricFailed(sum),
                                "fleetTimedOut", machines.fleet().metricTimedOut(sum)))
                        .label("failed or timed-out executions")
                        .period(SHORT_PERIOD)
                        .build())
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .threshold(1)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build(), topic);
        add(Alarm.Builder.create(this, "ScheduleDeadLetters")
                .alarmName(Names.SERVICE + "-schedule-dead-letters")
                .alarmDescription("The scheduler could not start a drill or the Janitor, the Janitor or the restore-test"
                        + " validator kept failing, or a completed restore test did not reach the validator; the"
                        + " event is in the dead-letter queue. Runbook: docs/alarms.md#schedule-dead-letters")
                .metric(deadLetters.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .statistic("Maximum").period(SHORT_PERIOD).build()))
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .threshold(1)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build(), topic);
        add(Alarm.Builder.create(this, "JanitorErrors")
                .alarmName(Names.SERVICE + "-janitor-errors")
                .alarmDescription("The Janitor failed; drill resources past their TTL may be left. Runbook:"
                        + " docs/alarms.md#janitor-errors")
                .metric(janitor.metricErrors(MetricOptions.builder().statistic("Sum").period(DRILL_PERIOD).build()))
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .threshold(1)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build(), topic);
    }

    /**
     * The rules below hand a CloudTrail event to the topic. EventBridge publishes with one role of this account, which
     * only these rules may have it assume (no service principal in the topic's or the key's policy).
     */
    private CfnRule.TargetProperty notifier(ITopic topic, IKey topicKey) {
        Stack stack = Stack.of(this);
        String region = stack.getRegion();
        notifierRole = KeyTampering.eventsRole(this, "KeyTamperingNotifierRole", List.of(
                        KeyTampering.ruleArn(stack, region, null, KeyTampering.RULE_NAME),
                        KeyTampering.ruleArn(stack, region, Names.KEY_EVENTS_BUS, KeyTampering.FORWARDED_RULE_NAME),
                        KeyTampering.ruleArn(stack, region, null, EVIDENCE_RULE_NAME)),
                "Restore Drill: publishes attempts on the backup keys and the evidence bucket's protections to the topic.");
        notifierRole.addToPrincipalPolicy(PolicyStatement.Builder.create().sid("NotifyTheTopic")
                .actions(List.of("sns:Publish")).resources(List.of(topic.getTopicArn())).build());
        notifierRole.addToPrincipalPolicy(PolicyStatement.Builder.create().sid("EncryptTheNotification")
                .actions(List.of("kms:GenerateDataKey", "kms:Decrypt")).resources(List.of(topicKey.getKeyArn()))
                .conditions(Map.of("StringEquals", Map.of("kms:ViaService", "sns." + region + ".amazonaws.com"))).build());
        return CfnRule.TargetProperty.builder().id("Topic").arn(topic.getTopicArn()).roleArn(notifierRole.getRoleArn()).build();
    }

    /**
     * This region's rule, on the recovery snapshots key, and the one on the key-events bus, which receives what the
     * source region's rule matched on its vault key.
     */
    private void keyTampering(DrillConfig config, IKey backupKey, CfnRule.TargetProperty target) {
        EventBus bus = EventBus.Builder.create(this, "KeyEventsBus").eventBusName(Names.KEY_EVENTS_BUS).build();
        CfnRule here = CfnRule.Builder.create(this, "KeyTampering")
                .name(KeyTampering.RULE_NAME)
                .description("Restore Drill: attempts to delete, disable or rewrite the recovery snapshots key (it protects"
                        + " the locked recovery vault). Runbook: docs/alarms.md#backup-key-tampering")
                .eventPattern(KeyTampering.pattern(backupKey))
                .state("ENABLED")
                .targets(List.of(target))
                .build();
        CfnRule forwarded = CfnRule.Builder.create(this, "ForwardedKeyTampering")
                .name(KeyTampering.FORWARDED_RULE_NAME)
                .description("Restore Drill: attempts on the source vault key, forwarded by the source region. Runbook:"
                        + " docs/alarms.md#backup-key-tampering")
                .eventBusName(bus.getEventBusName())
                .eventPattern(KeyTampering.forwardedPattern(config.sourceRegion()))
                .state("ENABLED")
                .targets(List.of(target))
                .build();
        here.getNode().addDependency(notifierRole);
        forwarded.getNode().addDependency(notifierRole);
        this.keyTamperingRules = List.of(here, forwarded);
    }

    /**
     * Whoever may change the evidence bucket's policy (administrators, CloudFormation's role) could lift its denials;
     * a deny on that would stop the stack from managing it. So every attempt, allowed or refused, reaches the topic.
     */
    private void evidenceTampering(IBucket evidence, CfnRule.TargetProperty target) {
        CfnRule rule = CfnRule.Builder.create(this, "EvidenceBucketTampering")
                .name(EVIDENCE_RULE_NAME)
                .description("Restore Drill: a change (or an attempt) to the evidence bucket's policy, versioning, Object Lock,"
                        + " lifecycle or public access block. Runbook: docs/alarms.md#evidence-bucket-tampering")
                .eventPattern(Map.of(
                        "source", List.of("aws.s3"),
                        "detail-type", List.of("AWS API Call via CloudTrail"),
                        "detail", Map.of(
                                "eventSource", List.of("s3.amazonaws.com"),
                                "eventName", EVIDENCE_EVENT_NAMES,
                                "requestParameters", Map.of("bucketName", List.of(evidence.getBucketName())))))
                .state("ENABLED")
                .targets(List.of(target))
                .build();
        rule.getNode().addDependency(notifierRole);
    }

    private void add(Alarm alarm, ITopic topic) {
        alarm.addAlarmAction(new SnsAction(topic));
        alarms.add(alarm);
    }

    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    public List<CfnRule> keyTamperingRules() {
        return keyTamperingRules;
    }
}
