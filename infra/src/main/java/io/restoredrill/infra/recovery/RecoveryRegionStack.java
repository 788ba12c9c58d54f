package io.restoredrill.infra.recovery;

import io.restoredrill.infra.AppInputs;
import io.restoredrill.infra.Names;
import io.restoredrill.infra.Task;
import io.restoredrill.infra.config.DrillConfig;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.restoredrill.infra.shared.Acknowledge;
import io.restoredrill.infra.shared.LockedVault;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.backup.BackupVault;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The recovery region, where the orchestration lives so a restore works while the source region
 * is down: the isolated network, the drill functions and state machines, their schedules, the
 * evidence bucket, the locked recovery vault, the keys, the topic, the alarms, the dashboard, and the
 * AWS Backup restore testing plans Restore Drill validates.
 */
public final class RecoveryRegionStack extends Stack {

    static final RetentionDays LOG_RETENTION = RetentionDays.ONE_YEAR;

    private final RecoveryKeys keys;
    private final IsolatedNetwork network;
    private final EvidenceBucket evidence;
    private final BackupVault vault;
    private final Topic topic;
    private final Queue deadLetters;
    private final DrillFunctions functions;
    private final DrillStateMachines stateMachines;
    private final RestoreTests restoreTests;
    private final DrillSchedules schedules;
    private final DrillAlarms alarms;

    public RecoveryRegionStack(Construct scope, String id, StackProps props, DrillConfig config, AppInputs inputs) {
        super(scope, id, props);
        this.keys = new RecoveryKeys(this, "Keys", config.breakGlassRoleName());
        this.evidence = new EvidenceBucket(this, "Evidence", keys.data(), config.evidenceRetentionDays());
        this.network = new IsolatedNetwork(this, "Network", keys.data(), evidence.bucket());
        this.vault = LockedVault.create(this, "RecoveryVault", Names.RECOVERY_VAULT, config.vaultLock(), keys.snapshots());
        this.topic = Topic.Builder.create(this, "Topic")
                .displayName("Restore Drill")
                .masterKey(keys.data())
                .enforceSsl(true)
                .build();
        restrictPublishers(topic);
        config.notificationEmails().forEach(email -> topic.addSubscription(new EmailSubscription(email)));
        this.deadLetters = Queue.Builder.create(this, "ScheduleDeadLetters")
                .encryption(QueueEncryption.KMS)
                .encryptionMasterKey(keys.data())
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        TaskPolicies policies = new TaskPolicies(ArnPatterns.of(this, config.sourceRegion()), keys.snapshots(), keys.data(),
                keys.secrets(), evidence.bucket(), topic);
        this.functions = new DrillFunctions(this, "Functions", new DrillFunctions.Wiring(config, inputs.functionsJar(),
                network, keys, evidence.bucket().getBucketName(), topic.getTopicArn(), keys.snapshots().getKeyArn(),
                deadLetters, policies));
        evidence.onlyWrittenBy(functions.function(Task.VERIFY).getRole(), functions.function(Task.PUBLISH).getRole());
        keys.secretsUsedOnlyBy(functions.function(Task.CREDENTIALS).getRole(), functions.function(Task.VERIFY).getRole());
        this.stateMachines = new DrillStateMachines(this, "StateMachines", inputs.drillDefinition(),
                inputs.restoreTestDefinition(), inputs.fleetDefinition(), functions, keys.data(), config.drillTtlDuration());
        // The restore-test machine and its two functions always exist; plans, their rule and role only when configured.
        this.restoreTests = config.sources().stream().anyMatch(source -> source.restoreTesting() != null)
                ? new RestoreTests(this, "RestoreTests", config, vault, network, keys.snapshots(),
                        functions.function(Task.RESTORE_TEST_VALIDATOR), functions.alias(Task.RESTORE_TEST_VALIDATOR),
                        List.of(functions.function(Task.PLAN), functions.function(Task.ANSWER_RESTORE_TEST)), deadLetters,
                        keys.data())
                : null;
        this.schedules = new DrillSchedules(this, "Schedules", config, stateMachines, functions.alias(Task.JANITOR),
                deadLetters, keys.data());
        this.alarms = new DrillAlarms(this, "Alarms", config, stateMachines, deadLetters, functions.function(Task.JANITOR),
                topic, keys.data(), keys.snapshots(), evidence.bucket());
        new DrillDashboard(this, "Dashboard", config, stateMachines, alarms.alarms());
        NagSuppressions.addStackSuppressions(this, List.of(Acknowledge.rule("NIST.800.53.R5-IAMNoInlinePolicy",
                "Each role here has one policy written for it alone (per-function least privilege, TaskPolicies); a managed"
                        + " policy would add reuse that is not wanted, and CloudFormation already versions and rolls back"
                        + " these policies with the stack.")));

        output("DrillStateMachineArn", stateMachines.drill().getStateMachineArn(), "start drills here (drill start)");
        output("FleetStateMachineArn", stateMachines.fleet().getStateMachineArn(), "drills every source");
        output("RestoreTestStateMachineArn", stateMachines.restoreTest().getStateMachineArn(),
                "verifies AWS Backup restore tests (started by the validator)");
        output("EvidenceBucketName", evidence.bucket().getBucketName(), "reports and verification results");
        output("TopicArn", topic.getTopicArn(), "alarms and drill summaries");
        output("RecoveryVaultName", Names.RECOVERY_VAULT, "the locked vault the source plan copies into");
    }

    /**
     * Who may publish, besides the TLS-only statement enforceSsl adds: principals of this account (the Publish
     * function's and the key-tampering rules' roles, by their IAM policies) and CloudWatch, for this account's alarms
     * in this region only (confused deputy). Any other account's principal is denied, whatever a later statement allows.
     */
    private void restrictPublishers(Topic topic) {
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsOfThisAccountPublish")
                .effect(Effect.ALLOW)
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", getAccount()),
                        "ArnLike", Map.of("aws:SourceArn", "arn:" + getPartition() + ":cloudwatch:" + getRegion() + ":"
                                + getAccount() + ":alarm:*")))
                .build());
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("NoPrincipalOfAnotherAccountPublishes")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(Map.of(
                        "StringNotEqualsIfExists", Map.of("aws:PrincipalAccount", getAccount()),
                        "BoolIfExists", Map.of("aws:PrincipalIsAWSService", "false")))
                .build());
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    public RecoveryKeys keys() {
        return keys;
    }

    public IsolatedNetwork network() {
        return network;
    }

    public EvidenceBucket evidence() {
        return evidence;
    }

    public BackupVault vault() {
        return vault;
    }

    public Topic topic() {
        return topic;
    }

    public DrillFunctions functions() {
        return functions;
    }

    public DrillStateMachines stateMachines() {
        return stateMachines;
    }

    /** The restore testing plans, their rule and restore role; empty when no source has {@code restoreTesting}. */
    public java.util.Optional<RestoreTests> restoreTests() {
        return java.util.Optional.ofNullable(restoreTests);
    }

    public DrillSchedules schedules() {
        return schedules;
    }

    public DrillAlarms alarms() {
        return alarms;
    }

    List<Queue> queues() {
        return List.of(deadLetters);
    }
}
