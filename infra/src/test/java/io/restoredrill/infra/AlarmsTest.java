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
 * Every CloudTrail event of an attempt to delete, disable or rewrite a key that protects a locked
 * vault, in either region, reaches the topic (the source region's through the recovery region's
 * key-events bus), and no event of another key or another call does.
 */
class AlarmsTest {

    private static final Template RECOVERY = Synthesized.example().recovery();

    @Test
    void rtoOverBudgetPerSourceAtItsOwnBudget() {
        for (Map.Entry<String, Integer> source : Map.of("shop-prod", 3600, "billing-aurora", 5400).entrySet()) {
            assertThat(alarm("restore-drill-" + source.getKey() + "-rto-over-budget"))
                    .containsEntry("Namespace", "RestoreDrill")
                    .containsEntry("MetricName", "RestoreTimeSeconds")
                    .containsEntry("Dimensions", List.of(Map.of("Name", "Source", "Value", source.getKey())))
                    .containsEntry("Statistic", "Maximum")
                    .containsEntry("ComparisonOperator", "GreaterThanThreshold")
                    .containsEntry("Threshold", source.getValue())
                    .containsEntry("TreatMissingData", "notBreaching");
        }
    }

    @Test
    void rpoOverBudgetOnlyForASourceWithAnRpoBudget() {
        assertThat(alarm("restore-drill-shop-prod-rpo-over-budget"))
                .containsEntry("Namespace", "RestoreDrill")
                .containsEntry("MetricName", "SnapshotAgeSeconds")
                .containsEntry("Dimensions", List.of(Map.of("Name", "Source", "Value", "shop-prod")))
                .containsEntry("Statistic", "Maximum")
                .containsEntry("ComparisonOperator", "GreaterThanThreshold")
                .containsEntry("Threshold", 93600)
                .containsEntry("TreatMissingData", "notBreaching");
        assertThat(Cfn.properties(RECOVERY, "AWS::CloudWatch::Alarm").values().stream().map(a -> a.get("AlarmName")))
                .doesNotContain("restore-drill-billing-aurora-rpo-over-budget");
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
    void failedOrTimedOutExecutionsOfEveryStateMachine() {
        Map<String, Object> alarm = alarm("restore-drill-executions-failed");
        assertThat(alarm).containsEntry("ComparisonOperator", "GreaterThanOrEqualToThreshold").containsEntry("Threshold", 1)
                .containsEntry("TreatMissingData", "notBreaching");
        String metrics = String.valueOf(alarm.get("Metrics"));
        assertThat(metrics).contains("ExecutionsFailed", "ExecutionsTimedOut", "AWS/States");
        List<String> machines = List.copyOf(RECOVERY.findResources("AWS::StepFunctions::StateMachine").keySet());
        // the drill, the restore test and the fleet
        assertThat(machines).hasSize(3).allSatisfy(id -> assertThat(metrics).contains(id));
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
        assertThat(alarms).as("3 per source, an RPO alarm for the one with an RPO budget, 3 more").hasSize(10);
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

    @Test
    void attemptsOnTheBackupKeysOfEitherRegionReachTheTopic() {
        Template source = Synthesized.example().source();
        String topic = RECOVERY.findResources("AWS::SNS::Topic").keySet().iterator().next();
        String recoveryKey = Cfn.target(Cfn.only(RECOVERY, "AWS::Backup::BackupVault").get("EncryptionKeyArn"));
        String sourceKey = Cfn.target(Cfn.only(source, "AWS::Backup::BackupVault").get("EncryptionKeyArn"));
        Map<String, Object> here = rule(RECOVERY, "restore-drill-backup-key-tampering");
        Map<String, Object> there = rule(source, "restore-drill-backup-key-tampering");
        Map<String, Object> forwarded = rule(RECOVERY, "restore-drill-source-backup-key-tampering");

        // The recovery region: its snapshots key's events go to the topic.
        for (String call : List.of("ScheduleKeyDeletion", "DisableKey", "PutKeyPolicy", "DisableKeyRotation")) {
            for (Map<String, Object> event : List.of(kmsEvent("eu-west-1", call, "<Ref:" + recoveryKey + ">", null),
                    kmsEvent("eu-west-1", call, "<" + recoveryKey + ".Arn>", "AccessDenied"),
                    kmsEvent("eu-west-1", call, null, null))) {
                if (Cfn.map(event.get("detail")).get("requestParameters") == null) {
                    Cfn.map(event.get("detail")).put("resources", List.of(Map.of("ARN", "<" + recoveryKey + ".Arn>")));
                }
                assertThat(matches(Cfn.map(here.get("EventPattern")), event)).as("%s %s", call, event).isTrue();
            }
            assertThat(matches(Cfn.map(here.get("EventPattern")), kmsEvent("eu-west-1", call, "another-key", null))).isFalse();
        }
        assertThat(matches(Cfn.map(here.get("EventPattern")), kmsEvent("eu-west-1", "Decrypt", "<Ref:" + recoveryKey + ">", null)))
                .isFalse();
        assertThat(matches(Cfn.map(here.get("EventPattern")), kmsEvent("eu-west-1", "CancelKeyDeletion",
                "<Ref:" + recoveryKey + ">", null))).isFalse();
        assertThat(Cfn.target(target(here).get("Arn"))).isEqualTo(topic);

        // The source region: its vault key's events go to the recovery region's key-events bus, and from there to the topic.
        Map<String, Object> attempt = kmsEvent("eu-central-1", "ScheduleKeyDeletion", "<" + sourceKey + ".Arn>", null);
        assertThat(matches(Cfn.map(there.get("EventPattern")), attempt)).isTrue();
        assertThat(matches(Cfn.map(there.get("EventPattern")), kmsEvent("eu-central-1", "DisableKey", "another-key", null)))
                .isFalse();
        String bus = Cfn.render(target(there).get("Arn"));
        assertThat(bus).isEqualTo("arn:aws:events:eu-west-1:111111111111:event-bus/" + Names.KEY_EVENTS_BUS);
        assertThat(Cfn.properties(RECOVERY, "AWS::Events::EventBus").get(Cfn.target(forwarded.get("EventBusName"))))
                .containsEntry("Name", Names.KEY_EVENTS_BUS);
        assertThat(matches(Cfn.map(forwarded.get("EventPattern")), attempt)).isTrue();
        assertThat(Cfn.target(target(forwarded).get("Arn"))).isEqualTo(topic);
        // The source region's role may only put events into that bus.
        String forwarder = "<Ref:" + Cfn.target(target(there).get("RoleArn")) + ">";
        assertThat(Cfn.statements(source).stream().filter(s -> s.roles().contains(forwarder)))
                .singleElement().satisfies(s -> {
                    assertThat(s.actions()).containsExactly("events:PutEvents");
                    assertThat(s.resources()).containsExactly(bus);
                });
    }

    @Test
    void changesToTheEvidenceBucketsProtectionsReachTheTopicAllowedOrRefused() {
        String topic = RECOVERY.findResources("AWS::SNS::Topic").keySet().iterator().next();
        String evidence = Cfn.properties(RECOVERY, "AWS::S3::Bucket").entrySet().stream()
                .filter(e -> e.getValue().containsKey("ObjectLockConfiguration")).map(Map.Entry::getKey).findFirst().orElseThrow();
        Map<String, Object> rule = rule(RECOVERY, "restore-drill-evidence-bucket-tampering");
        Map<String, Object> pattern = Cfn.map(rule.get("EventPattern"));
        for (String call : List.of("PutBucketPolicy", "DeleteBucketPolicy", "PutBucketVersioning", "PutObjectLockConfiguration",
                "PutBucketLifecycle")) {
            for (String error : java.util.Arrays.asList(null, "AccessDenied")) {
                assertThat(matches(pattern, s3Event(call, "<Ref:" + evidence + ">", error))).as("%s %s", call, error).isTrue();
            }
            assertThat(matches(pattern, s3Event(call, "some-other-bucket", null))).as(call).isFalse();
        }
        assertThat(matches(pattern, s3Event("GetBucketPolicy", "<Ref:" + evidence + ">", null))).isFalse();
        assertThat(Cfn.target(target(rule).get("Arn"))).isEqualTo(topic);
    }

    /** The CloudTrail event EventBridge receives for an S3 bucket call. */
    private static Map<String, Object> s3Event(String call, String bucket, String errorCode) {
        Map<String, Object> detail = new java.util.HashMap<>();
        detail.put("eventSource", "s3.amazonaws.com");
        detail.put("eventName", call);
        detail.put("requestParameters", Map.of("bucketName", bucket));
        if (errorCode != null) {
            detail.put("errorCode", errorCode);
        }
        return Map.of("source", "aws.s3", "detail-type", "AWS API Call via CloudTrail", "region", "eu-west-1",
                "account", "111111111111", "detail", detail);
    }

    private static Map<String, Object> rule(Template template, String name) {
        return Cfn.properties(template, "AWS::Events::Rule").values().stream()
                .filter(r -> name.equals(r.get("Name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no rule " + name));
    }

    private static Map<String, Object> target(Map<String, Object> rule) {
        return Cfn.map(Cfn.list(rule.get("Targets")).stream().reduce((a, b) -> {
            throw new AssertionError("more than one target");
        }).orElseThrow());
    }

    /** The CloudTrail event EventBridge receives for a KMS call (key references written as Cfn.render writes them). */
    private static Map<String, Object> kmsEvent(String region, String call, String keyId, String errorCode) {
        Map<String, Object> detail = new java.util.HashMap<>();
        detail.put("eventSource", "kms.amazonaws.com");
        detail.put("eventName", call);
        detail.put("userIdentity", Map.of("arn", "arn:aws:sts::111111111111:assumed-role/Admin/someone"));
        if (keyId != null) {
            detail.put("requestParameters", Map.of("keyId", keyId));
        }
        if (errorCode != null) {
            detail.put("errorCode", errorCode);
        }
        return new java.util.HashMap<>(Map.of("source", "aws.kms", "detail-type", "AWS API Call via CloudTrail",
                "region", region, "account", "111111111111", "detail", detail));
    }

    /** EventBridge matching for what these patterns use: lists of exact values, nested objects, arrays of objects, $or. */
    @SuppressWarnings("unchecked")
    private static boolean matches(Map<String, Object> pattern, Object event) {
        for (Map.Entry<String, Object> field : pattern.entrySet()) {
            if (field.getKey().equals("$or")) {
                if (Cfn.list(field.getValue()).stream().noneMatch(p -> matches(Cfn.map(p), event))) {
                    return false;
                }
                continue;
            }
            List<Object> values = event instanceof List<?> list ? (List<Object>) list : List.of(event);
            List<Object> found = values.stream().filter(v -> v instanceof Map<?, ?>)
                    .map(v -> ((Map<String, Object>) v).get(field.getKey())).filter(java.util.Objects::nonNull).toList();
            if (found.isEmpty()) {
                return false;
            }
            if (field.getValue() instanceof Map<?, ?> nested) {
                if (found.stream().noneMatch(v -> matches((Map<String, Object>) nested, v))) {
                    return false;
                }
            } else {
                List<String> allowed = Cfn.strings(field.getValue());
                if (found.stream().flatMap(v -> Cfn.list(v).stream()).map(Cfn::render).noneMatch(allowed::contains)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Map<String, Object> alarm(String name) {
        return Cfn.properties(RECOVERY, "AWS::CloudWatch::Alarm").values().stream()
                .filter(a -> name.equals(a.get("AlarmName"))).findFirst()
                .orElseThrow(() -> new AssertionError("no alarm " + name));
    }
}
