package io.restoredrill.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * GIVEN the example (two sources, RTO 1h, no successful drill within 7 days), THEN each source has
 * an RTO-over-budget alarm at 3600 s, a failed-drill alarm (DrillPassed < 1) and a
 * no-successful-drill alarm that counts missing data as breaching; executions that fail, schedule
 * dead letters and Janitor errors alarm too; every alarm notifies the KMS-encrypted topic, which
 * e-mails the configured address; the dashboard charts RTO against its budget, phases and pass/fail.
 */
class AlarmsTest {

    private static final Template RECOVERY = Synthesized.example().recovery();

    @Test
    void rtoOverBudgetPerSource() {
        for (String source : List.of("shop-prod", "billing-aurora")) {
            assertThat(alarm("restore-drill-" + source + "-rto-over-budget"))
                    .containsEntry("Namespace", "RestoreDrill")
                    .containsEntry("MetricName", "RestoreTimeSeconds")
                    .containsEntry("Dimensions", List.of(Map.of("Name", "Source", "Value", source)))
                    .containsEntry("Statistic", "Maximum")
                    .containsEntry("ComparisonOperator", "GreaterThanThreshold")
                    .containsEntry("Threshold", 3600)
                    .containsEntry("TreatMissingData", "notBreaching");
        }
    }

    @Test
    void failedDrillPerSource() {
        assertThat(alarm("restore-drill-shop-prod-drill-failed"))
                .containsEntry("MetricName", "DrillPassed")
                .containsEntry("Statistic", "Minimum")
                .containsEntry("ComparisonOperator", "LessThanThreshold")
                .containsEntry("Threshold", 1)
                .containsEntry("TreatMissingData", "notBreaching");
    }

    @Test
    void noSuccessfulDrillWithinNDaysCountsMissingDataAsBreaching() {
        assertThat(alarm("restore-drill-billing-aurora-no-successful-drill"))
                .containsEntry("MetricName", "DrillPassed")
                .containsEntry("Dimensions", List.of(Map.of("Name", "Source", "Value", "billing-aurora")))
                .containsEntry("Period", 86400)
                .containsEntry("EvaluationPeriods", 7)
                .containsEntry("DatapointsToAlarm", 7)
                .containsEntry("ComparisonOperator", "LessThanThreshold")
                .containsEntry("Threshold", 1)
                .containsEntry("TreatMissingData", "breaching");
    }

    @Test
    void failedOrTimedOutExecutionsOfEitherStateMachine() {
        Map<String, Object> alarm = alarm("restore-drill-executions-failed");
        assertThat(alarm).containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold").containsEntry("Threshold", 1)
                .containsEntry("TreatMissingData", "notBreaching");
        String metrics = String.valueOf(alarm.get("Metrics"));
        assertThat(metrics).contains("ExecutionsFailed", "ExecutionsTimedOut", "AWS/States");
        List<String> machines = List.copyOf(RECOVERY.findResources("AWS::StepFunctions::StateMachine").keySet());
        assertThat(machines).hasSize(2).allSatisfy(id -> assertThat(metrics).contains(id));
    }

    @Test
    void scheduleDeadLettersAndJanitorErrors() {
        assertThat(alarm("restore-drill-schedule-dead-letters"))
                .containsEntry("MetricName", "ApproximateNumberOfMessagesVisible").containsEntry("Threshold", 1);
        Map<String, Object> janitor = alarm("restore-drill-janitor-errors");
        assertThat(janitor).containsEntry("MetricName", "Errors").containsEntry("Threshold", 1);
        assertThat(String.valueOf(janitor.get("Dimensions"))).contains(Functions.logicalId(RECOVERY, Task.JANITOR));
    }

    @Test
    void everyAlarmNotifiesTheEncryptedTopicWhichMailsTheConfiguredAddress() {
        String topic = RECOVERY.findResources("AWS::SNS::Topic").keySet().iterator().next();
        Map<String, Map<String, Object>> alarms = Cfn.properties(RECOVERY, "AWS::CloudWatch::Alarm");
        assertThat(alarms).hasSize(9);
        assertThat(alarms.values()).allSatisfy(alarm -> assertThat(Cfn.list(alarm.get("AlarmActions")).stream().map(Cfn::target))
                .containsExactly(topic));
        assertThat(Cfn.only(RECOVERY, "AWS::SNS::Topic")).containsKey("KmsMasterKeyId");
        assertThat(Cfn.only(RECOVERY, "AWS::SNS::Subscription")).containsEntry("Protocol", "email")
                .containsEntry("Endpoint", "dba-oncall@example.com");
        assertThat(Cfn.target(Functions.environment(RECOVERY, Task.PUBLISH).get("TOPIC_ARN"))).isEqualTo(topic);
    }

    @Test
    void theDashboardChartsRtoAgainstItsBudgetPhasesAndPassFail() {
        String body = Cfn.render(Cfn.only(RECOVERY, "AWS::CloudWatch::Dashboard").get("DashboardBody"));
        assertThat(body).contains("\"RestoreTimeSeconds\"", "\"PhaseDurationSeconds\"", "\"DrillPassed\"",
                "\"SnapshotAgeSeconds\"", "\"RowsVerified\"", "\"label\":\"RTO budget\"", "\"value\":3600");
        for (String phase : List.of("Snapshot", "Copy", "Restore", "Verify", "Cleanup")) {
            assertThat(body).contains("\"Phase\",\"" + phase + "\"");
        }
    }

    private static Map<String, Object> alarm(String name) {
        return Cfn.properties(RECOVERY, "AWS::CloudWatch::Alarm").values().stream()
                .filter(a -> name.equals(a.get("AlarmName"))).findFirst()
                .orElseThrow(() -> new AssertionError("no alarm " + name));
    }
}
