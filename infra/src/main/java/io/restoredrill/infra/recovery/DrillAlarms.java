package io.restoredrill.infra.recovery;

import io.restoredrill.infra.Names;
import io.restoredrill.infra.config.DrillConfig;
import io.restoredrill.infra.config.DrillConfig.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The alarms, each notifying the topic; docs/alarms.md has a runbook per alarm. Per source: the
 * RTO over its budget, a failed drill, and no successful drill within N days (missing data counts
 * as breaching: no drill is no proof). For the whole: executions that failed or timed out, schedule
 * starts that ended in the dead-letter queue, and Janitor errors.
 */
public final class DrillAlarms extends Construct {

    static final Duration DRILL_PERIOD = Duration.hours(1);
    static final Duration DAY = Duration.days(1);
    static final Duration SHORT_PERIOD = Duration.minutes(5);

    private final List<Alarm> alarms = new ArrayList<>();

    DrillAlarms(Construct scope, String id, DrillConfig config, DrillStateMachines machines, IQueue deadLetters,
                IFunction janitor, ITopic topic) {
        super(scope, id);
        double rtoSeconds = config.rto().toSeconds();
        int days = config.alarms().noSuccessDays();
        for (Source source : config.sources()) {
            String name = source.identifier();
            add(Alarm.Builder.create(this, "RtoOverBudget-" + name)
                    .alarmName(Names.SERVICE + "-" + name + "-rto-over-budget")
                    .alarmDescription("The drill of " + name + " restored and verified in more than its RTO budget of "
                            + config.budgets().rto() + ". Runbook: docs/alarms.md#rto-over-budget")
                    .metric(DrillMetrics.ofSource("RestoreTimeSeconds", name, "Maximum", DRILL_PERIOD))
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .threshold(rtoSeconds)
                    .evaluationPeriods(1)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build(), topic);
            add(Alarm.Builder.create(this, "DrillFailed-" + name)
                    .alarmName(Names.SERVICE + "-" + name + "-drill-failed")
                    .alarmDescription("A drill of " + name + " failed (DrillPassed < 1). Runbook: docs/alarms.md#drill-failed")
                    .metric(DrillMetrics.ofSource("DrillPassed", name, "Minimum", DRILL_PERIOD))
                    .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                    .threshold(1)
                    .evaluationPeriods(1)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build(), topic);
            add(Alarm.Builder.create(this, "NoSuccessfulDrill-" + name)
                    .alarmName(Names.SERVICE + "-" + name + "-no-successful-drill")
                    .alarmDescription("No drill of " + name + " passed in the last " + days + " days; a day without a drill"
                            + " counts against it. Runbook: docs/alarms.md#no-successful-drill")
                    .metric(DrillMetrics.ofSource("DrillPassed", name, "Maximum", DAY))
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
                .alarmDescription("A drill or fleet execution failed or timed out (a failed drill is a failed execution)."
                        + " Runbook: docs/alarms.md#executions-failed")
                .metric(MathExpression.Builder.create()
                        .expression("FILL(drillFailed, 0) + FILL(drillTimedOut, 0) + FILL(fleetFailed, 0) + FILL(fleetTimedOut, 0)")
                        .usingMetrics(Map.<String, IMetric>of(
                                "drillFailed", machines.drill().metricFailed(sum),
                                "drillTimedOut", machines.drill().metricTimedOut(sum),
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
                .alarmDescription("The scheduler could not start a drill or the Janitor, or the Janitor kept failing; the"
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

    private void add(Alarm alarm, ITopic topic) {
        alarm.addAlarmAction(new SnsAction(topic));
        alarms.add(alarm);
    }

    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }
}
